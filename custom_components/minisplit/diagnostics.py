"""Diagnostics: what the head reported and the running-cost options and state, without secrets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .companion import ROLES
from .const import CONF_KEY, CONF_UUID
from .coordinator import AnyConfigEntry, CompanionData
from .cost_coordinator import CostCoordinator

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


def _cost_state(cost: CostCoordinator) -> dict[str, Any]:
    """The running-cost estimate now, its prices, totals, calibration and current problems."""
    reading = cost.reading
    return {
        "reading": None
        if reading is None
        else {
            "input_w": reading.input_w,
            "delivered_w": reading.delivered_w,
            "mode": None if reading.mode is None else str(reading.mode),
        },
        "price_per_kwh": cost.price_per_kwh,
        "gas_heat_price_per_kwh": cost.gas_heat_price_per_kwh,
        "break_even_outdoor_c": cost.break_even_outdoor_c,
        "meter": cost.meter.as_dict(),
        "calibration": cost.calibration.as_dict(),
        "load_scale": cost.load_scale,
        "cycles": cost.running.duty.as_dict(),
        "problems": dict(cost.problems),
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: AnyConfigEntry
) -> dict[str, Any]:
    """Return the entry and the head's latest answers (a companion: its sources' states)."""
    data = entry.runtime_data
    if isinstance(data, CompanionData):
        return _companion_diagnostics(hass, entry, data)
    answers = {**data.adapter.data.raw, **data.capabilities.raw, **data.state.data.raw}
    energy = data.energy.data
    diagnostics = {
        "entry": async_redact_data(dict(entry.data), TO_REDACT),
        "options": async_redact_data(dict(entry.options), TO_REDACT),
        "cost": async_redact_data(_cost_state(data.cost), TO_REDACT),
        **{name: async_redact_data(dict(raw), TO_REDACT) for name, raw in answers.items()},
        "energy": None if energy is None else asdict(energy),
        "requests_sent": data.driver.requests_sent,
        "last_update_success": {
            "state": data.state.last_update_success,
            "adapter": data.adapter.last_update_success,
        },
    }
    scrubbed: dict[str, Any] = _scrub(diagnostics, data.driver.redact)
    return scrubbed


def _companion_diagnostics(
    hass: HomeAssistant, entry: AnyConfigEntry, data: CompanionData
) -> dict[str, Any]:
    """The companion's options, cost state, what it judged, and its source entities' states."""
    source = data.source
    states = {}
    for role in ROLES:
        entity_id = source.entity_id(role)
        state = None if entity_id is None else hass.states.get(entity_id)
        states[role] = (
            None
            if state is None
            else {
                "entity_id": state.entity_id,
                "state": state.state,
                "attributes": dict(state.attributes),
            }
        )
    return {
        "entry": dict(entry.data),
        "options": async_redact_data(dict(entry.options), TO_REDACT),
        "cost": async_redact_data(_cost_state(data.cost), TO_REDACT),
        "activity": {
            "running": source.activity.running,
            "mode": source.activity.mode,
            "basis": source.activity.basis,
        },
        "sources": states,
    }
