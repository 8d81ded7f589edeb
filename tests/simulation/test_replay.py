"""The replay is the product: the real companion in Home Assistant counts what it counts, to the Wh.

A simulated morning (setback recovery included) is shown to Home Assistant as another
integration's climate entity and sensors would show it, a minute at a time, and replayed
outside it from the same values.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.minisplit.const import (
    CONF_CLIMATE_ENTITY,
    CONF_DESIGN_OUTDOOR_C,
    CONF_ENERGY_ENTITY,
    CONF_FREQUENCY_ENTITY,
    CONF_HOME_ENERGY_ENTITY,
    CONF_KIND,
    CONF_OUTDOOR_ENTITY,
    CONF_POWER_ENTITY,
    DOMAIN,
    KIND_COMPANION,
)
from custom_components.minisplit.cost.duty import DutyScale
from custom_components.minisplit.cost.signature import Signature

from .companion import CompanionReplay, Inputs, advance
from .grid import HEATING_START, HEATING_UNITS, inputs_of, unit_options
from .scenario import Scenario, simulate
from .signals import ActionStyle, history, shown
from .unit import Mode
from .weather import MINUTES_PER_DAY, WeekKind

# 04:00 in Home Assistant's test time zone (US/Pacific): the night setback ends at 06:00.
pytestmark = pytest.mark.freeze_time("2026-01-12 12:00:00+00:00")

CLIMATE = "climate.den_ac"
OUTDOOR = "sensor.outdoor_temperature"
FREQUENCY = "sensor.den_ac_compressor_frequency"
POWER = "sensor.den_ac_power"
ENERGY = "sensor.den_ac_energy"
HOME = "sensor.home_energy"
FIRST = 8 * MINUTES_PER_DAY + 4 * 60
MINUTES = 3 * 60
DESIGN_C = -15.0


def _set_states(hass: HomeAssistant, shown_now: Inputs) -> None:
    """The sensors first, then the climate entity, as the other integration writes them."""
    hass.states.async_set(ENERGY, str(shown_now.energy_kwh), {"unit_of_measurement": "kWh"})
    hass.states.async_set(POWER, str(shown_now.power_w), {"unit_of_measurement": "W"})
    hass.states.async_set(FREQUENCY, str(shown_now.hz), {"unit_of_measurement": "Hz"})
    hass.states.async_set(OUTDOOR, str(shown_now.outdoor_c), {"unit_of_measurement": "°C"})
    hass.states.async_set(HOME, str(shown_now.home_kwh), {"unit_of_measurement": "kWh"})
    attributes: dict[str, Any] = {
        "current_temperature": shown_now.room_c,
        "temperature": shown_now.target_c,
        "friendly_name": "Den AC",
    }
    if shown_now.hvac_action is not None:
        attributes["hvac_action"] = shown_now.hvac_action
    hass.states.async_set(CLIMATE, shown_now.hvac_mode, attributes)


COLD = Scenario(HEATING_UNITS[2], Mode.HEAT, 1.25, DESIGN_C, WeekKind.COLD, True, seed=11)
# An oversized unit in a mild week: it cycles at minimum speed all night.
CYCLING = Scenario(HEATING_UNITS[0], Mode.HEAT, 0.5, DESIGN_C, WeekKind.MILD, False, seed=11)
FIRST_OF = {COLD: FIRST, CYCLING: FIRST - MINUTES_PER_DAY}  # both at 04:00


@pytest.mark.parametrize(
    ("style", "roles", "true_range", "scenario"),
    [
        (ActionStyle.ABSENT, {}, False, COLD),
        (ActionStyle.MODE, {}, False, COLD),
        (ActionStyle.COMPRESSOR, {}, False, CYCLING),
        (ActionStyle.COMPRESSOR, {CONF_ENERGY_ENTITY: ENERGY}, False, COLD),
        (ActionStyle.ABSENT, {CONF_POWER_ENTITY: POWER}, False, COLD),
        (ActionStyle.COMPRESSOR, {CONF_FREQUENCY_ENTITY: FREQUENCY}, True, COLD),
        (ActionStyle.ABSENT, {CONF_HOME_ENERGY_ENTITY: HOME}, False, COLD),
    ],
    ids=["absent", "mode", "cycles", "energy", "power", "frequency", "home"],
)
async def test_the_replay_counts_what_the_companion_counts(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    style: ActionStyle,
    roles: dict[str, str],
    true_range: bool,
    scenario: Scenario,
) -> None:
    """With a home meter: the days learned before a restart and the recorder's past days. With
    an hvac_action from the compressor: the cycles learned before a restart, and new ones."""
    trace = simulate(scenario)
    inputs = inputs_of(shown(trace, style))
    spec = scenario.unit.spec()
    options = unit_options(spec)
    if true_range:
        options |= {"min_compressor_hz": spec.min_hz, "max_compressor_hz": spec.max_hz}
    # The other integration's climate entity, on its own device.
    other = MockConfigEntry(domain="other_ac", title="Other AC")
    other.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other_ac", "den")}, name="Den AC"
    )
    climate = er.async_get(hass).async_get_or_create(
        "climate",
        "other_ac",
        "den",
        suggested_object_id="den_ac",
        device_id=device.id,
        config_entry=other,
    )
    first = FIRST_OF[scenario]
    _set_states(hass, inputs[first])
    home = CONF_HOME_ENERGY_ENTITY in roles
    past = history(scenario.seed, HEATING_START.date())
    # The last two weeks the unit drew about 70 % of its estimate, as the store keeps them.
    learned = Signature()
    for day in range(14):
        learned.add_day(dt_util.now().date() - timedelta(days=14 - day), 20.0, 12.0 + 14.0)
    # Cycles of the last days: the house needed about 60 % of the model's load.
    cycles = DutyScale({"2026-01-10": [0.6 * 3.6e9, 3.6e9, 20 * 3600.0]})
    hass_storage[f"{DOMAIN}.cost.den"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"{DOMAIN}.cost.den",
        "data": {"signature": learned.as_dict(), "duty": cycles.as_dict()},
    }
    entry = MockConfigEntry(
        domain=DOMAIN,
        entry_id="den",
        title="Den AC",
        unique_id=f"{KIND_COMPANION}-{climate.id}",
        data={
            CONF_KIND: KIND_COMPANION,
            CONF_CLIMATE_ENTITY: climate.id,
            CONF_OUTDOOR_ENTITY: OUTDOOR,
            CONF_DESIGN_OUTDOOR_C: DESIGN_C,
            **roles,
        },
        options=options,
    )
    entry.add_to_hass(hass)
    clock = dt_util.now() - timedelta(minutes=first)
    with patch(
        "custom_components.minisplit.home_history.async_history_days", return_value=list(past)
    ):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    for minute in range(first + 1, first + MINUTES + 1):
        freezer.tick(timedelta(minutes=1))
        _set_states(hass, inputs[minute])
        await hass.async_block_till_done()
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    cost = entry.runtime_data.cost

    replay = CompanionReplay(
        options,
        DESIGN_C,
        frequency=CONF_FREQUENCY_ENTITY in roles,
        power=CONF_POWER_ENTITY in roles,
        energy=CONF_ENERGY_ENTITY in roles,
        home=home,
        history=past,
    )
    replay.running.signature = Signature.restore(learned.as_dict())
    replay.running.duty = DutyScale.restore(cycles.as_dict())
    counted = advance(replay, clock, inputs, first, first + MINUTES)

    assert counted > 1.0
    assert round(counted * 1000) == round(cost.meter.energy_kwh * 1000)
    assert counted == pytest.approx(cost.meter.energy_kwh, rel=1e-9)
    assert replay.calibration.load_scale == cost.calibration.load_scale
    assert replay.running.load_scale == cost.load_scale
    if home:
        assert replay.running.signature.anchored is not None  # it learned from the base
        assert replay.running.signature.base == cost.signature.base
        assert cost.load_scale < 0.9
    assert replay.running.duty.days == cost.running.duty.days
    if scenario is CYCLING:
        assert cost.running.duty.hours > cycles.hours  # it learned from the cycles it saw
        assert cost.load_scale < 0.8
    if roles.get(CONF_ENERGY_ENTITY) or roles.get(CONF_POWER_ENTITY):
        assert replay.calibration.load_scale != 1.0  # it did calibrate
