"""Diagnostics: what the head reported, with its MAC, network name and key removed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import CONF_KEY, CONF_UUID
from .coordinator import MiniSplitConfigEntry

TO_REDACT = {CONF_KEY, CONF_UUID, "mac", "ssid", "ssid1", "ssid2", "id", "pw", "lpw_flag"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: MiniSplitConfigEntry
) -> dict[str, Any]:
    """Return the entry and the head's latest answers."""
    data = entry.runtime_data
    state = data.state.data
    adapter = data.adapter.data
    return {
        "entry": async_redact_data(dict(entry.data), TO_REDACT),
        "basic_info": async_redact_data(dict(adapter.basic.raw), TO_REDACT),
        "model_info": dict(data.model.raw),
        "sensor_info": dict(state.sensors.raw),
        "control_info": dict(state.control.raw),
        "energy": None if adapter.energy is None else asdict(adapter.energy),
        "requests_sent": data.client.requests_sent,
        "last_update_success": {
            "state": data.state.last_update_success,
            "adapter": data.adapter.last_update_success,
        },
    }
