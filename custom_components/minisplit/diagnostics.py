"""Diagnostics: what the head reported, with its MAC, network name and key removed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import CONF_KEY, CONF_UUID
from .runtime import MiniSplitConfigEntry

TO_REDACT = {CONF_KEY, CONF_UUID, "mac", "ssid", "ssid1", "ssid2", "id", "pw", "lpw_flag"}


def _scrub(data: Any, redact: Callable[[str], str]) -> Any:
    """Redact the key and uuid wherever they appear (a head may echo them in any field)."""
    if isinstance(data, str):
        return redact(data)
    if isinstance(data, Mapping):
        return {_scrub(key, redact): _scrub(value, redact) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_scrub(value, redact) for value in data]
    return data


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: MiniSplitConfigEntry
) -> dict[str, Any]:
    """Return the entry and the head's latest answers."""
    data = entry.runtime_data
    adapter = data.adapter.data
    answers = {**adapter.info.raw, **data.capabilities.raw, **data.state.data.raw}
    diagnostics = {
        "entry": async_redact_data(dict(entry.data), TO_REDACT),
        **{name: async_redact_data(dict(raw), TO_REDACT) for name, raw in answers.items()},
        "energy": None if adapter.energy is None else asdict(adapter.energy),
        "requests_sent": data.driver.requests_sent,
        "last_update_success": {
            "state": data.state.last_update_success,
            "adapter": data.adapter.last_update_success,
        },
    }
    return _scrub(diagnostics, data.driver.redact)  # type: ignore[no-any-return]
