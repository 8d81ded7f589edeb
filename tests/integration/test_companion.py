"""A companion: running cost for a climate entity another integration provides.

The source here is a climate entity of a made-up integration ("other_ac") on its own device, as
Mitsubishi, LG, Gree or Midea integrations put theirs, with Home Assistant states set directly.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.minisplit.const import (
    CONF_CLIMATE_ENTITY,
    CONF_DESIGN_OUTDOOR_C,
    CONF_KIND,
    CONF_OUTDOOR_ENTITY,
    CONF_POWER_ENTITY,
    DOMAIN,
    KIND_COMPANION,
)

from .common import minisplit_warnings

pytestmark = [
    pytest.mark.freeze_time("2026-01-15 10:00:00+00:00"),
    pytest.mark.usefixtures("every_change_written"),
]

CLIMATE = "climate.den_ac"
WEATHER = "weather.home"
POWER_SENSOR = "sensor.den_ac_power"
POWER = "sensor.den_ac_estimated_power"
ENERGY = "sensor.den_ac_estimated_energy"
COST = "sensor.den_ac_running_cost"
HEAT = "sensor.den_ac_heat_moved"
OPTIONS = {"hspf": 10.0, "seer": 20.0, "heating_capacity_btuh": 12000, "price_per_kwh": 0.2}
HEATING = {"current_temperature": 20.0, "temperature": 21.0, "friendly_name": "Den AC"}


@pytest.fixture
def source_device(hass: HomeAssistant) -> dr.DeviceEntry:
    """The other integration's climate entity on its own device, and the home's weather."""
    other = MockConfigEntry(domain="other_ac", title="Other AC")
    other.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id,
        identifiers={("other_ac", "den")},
        manufacturer="Other",
        name="Den AC",
    )
    er.async_get(hass).async_get_or_create(
        "climate",
        "other_ac",
        "den",
        suggested_object_id="den_ac",
        device_id=device.id,
        config_entry=other,
    )
    hass.states.async_set(CLIMATE, "heat", {**HEATING, "hvac_action": "heating"})
    hass.states.async_set(WEATHER, "cloudy", {"temperature": 2.0, "temperature_unit": "°C"})
    return device


def companion_entry(hass: HomeAssistant, **data: Any) -> MockConfigEntry:
    """A companion entry for the den's climate entity, by its registry id."""
    climate_id = er.async_get(hass).async_get(CLIMATE).id
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Den AC",
        unique_id=f"{KIND_COMPANION}-{climate_id}",
        data={
            CONF_KIND: KIND_COMPANION,
            CONF_CLIMATE_ENTITY: climate_id,
            CONF_OUTDOOR_ENTITY: WEATHER,
            CONF_DESIGN_OUTDOOR_C: -10.0,
            **data,
        },
        options=OPTIONS,
    )
    entry.add_to_hass(hass)
    return entry


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def value(hass: HomeAssistant, entity_id: str) -> float:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return float(state.state)


async def tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: int = 2) -> None:
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_add_a_companion_through_the_flow(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "existing_climate"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "existing_climate"
    # The home's weather entity is suggested for the outdoor temperature.
    schema = result["data_schema"].schema
    outdoor = next(key for key in schema if key == CONF_OUTDOOR_ENTITY)
    assert outdoor.description == {"suggested_value": WEATHER}
    # A climate entity that does not exist: an error, then the right one.
    fields = {
        CONF_CLIMATE_ENTITY: "climate.nowhere",
        CONF_OUTDOOR_ENTITY: WEATHER,
        "design_outdoor_temperature": -12,
    }
    result = await hass.config_entries.flow.async_configure(result["flow_id"], fields)
    assert result["errors"] == {CONF_CLIMATE_ENTITY: "entity_not_found"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], fields | {CONF_CLIMATE_ENTITY: CLIMATE}
    )
    assert result["step_id"] == "companion_unit"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "companion_ratings"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"hspf": 10.0, "heating_capacity_kw": 3.5}
    )
    # The prices come last, as for a head; the form is named after the unit, never a brand.
    assert result["step_id"] == "price"
    assert result["description_placeholders"]["title"] == "Den AC"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"price_per_kwh": 0.2}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Den AC"
    entry = result["result"]
    climate_id = er.async_get(hass).async_get(CLIMATE).id
    assert entry.data == {
        CONF_KIND: KIND_COMPANION,
        CONF_CLIMATE_ENTITY: climate_id,
        CONF_OUTDOOR_ENTITY: er.async_get(hass).async_get(WEATHER).id
        if er.async_get(hass).async_get(WEATHER)
        else WEATHER,
        CONF_DESIGN_OUTDOOR_C: -12.0,
    }
    assert entry.options["price_per_kwh"] == 0.2
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    # The cost sensors are on the climate entity's own device page.
    power = er.async_get(hass).async_get(POWER)
    assert power is not None
    assert power.device_id == source_device.id
    assert value(hass, POWER) > 100
    # The same climate entity a second time: the picker leaves it out, and refuses it if sent.
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "existing_climate"}
    )
    picker = result["data_schema"].schema[CONF_CLIMATE_ENTITY]
    assert picker.config["exclude_entities"] == [CLIMATE]
    with pytest.raises(InvalidData, match="climate_entity"):
        await hass.config_entries.flow.async_configure(
            result["flow_id"], fields | {CONF_CLIMATE_ENTITY: CLIMATE}
        )


async def test_hvac_action_decides_running_where_the_source_sets_it(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    await set_up(hass, companion_entry(hass))
    heating = value(hass, POWER)
    assert heating > 100
    # Idle above the target (after the night setback, say): the unit stands still.
    warm = {**HEATING, "current_temperature": 23.0, "hvac_action": "idle"}
    hass.states.async_set(CLIMATE, "heat", warm)
    await hass.async_block_till_done()
    assert value(hass, POWER) == 0
    # Heating although the room is above the target (it knows better): it runs.
    hass.states.async_set(CLIMATE, "heat", warm | {"hvac_action": "heating"})
    await hass.async_block_till_done()
    assert value(hass, POWER) > 0


async def test_idle_while_holding_the_room_counts_the_buildings_load(
    hass: HomeAssistant, source_device: dr.DeviceEntry, freezer: FrozenDateTimeFactory
) -> None:
    # Without a compressor speed the estimate is the building's load, which an inverter moves
    # on average over its on and off cycles at the target: idle between cycles still counts.
    await set_up(hass, companion_entry(hass))
    heating = value(hass, POWER)
    hass.states.async_set(CLIMATE, "heat", {**HEATING, "hvac_action": "idle"})
    await hass.async_block_till_done()
    assert value(hass, POWER) == pytest.approx(heating)


async def test_without_hvac_action_room_against_target_decides(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    hass.states.async_set(CLIMATE, "heat", HEATING)  # no hvac_action, as gree or melcloud
    await set_up(hass, companion_entry(hass))
    assert value(hass, POWER) > 100
    # The room overshoots the target by more than the deadband: the head stops.
    hass.states.async_set(CLIMATE, "heat", {**HEATING, "current_temperature": 22.0})
    await hass.async_block_till_done()
    assert value(hass, POWER) == 0
    # Colder outside: more heat is needed, so more power.
    hass.states.async_set(CLIMATE, "heat", HEATING)
    await hass.async_block_till_done()
    mild = value(hass, POWER)
    hass.states.async_set(WEATHER, "snowy", {"temperature": -8.0, "temperature_unit": "°C"})
    await hass.async_block_till_done()
    assert value(hass, POWER) > mild


async def test_a_power_sensor_says_running_when_the_source_does_not(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    hass.states.async_set(CLIMATE, "heat", {**HEATING, "current_temperature": 23.0})
    hass.states.async_set(POWER_SENSOR, "12", {"unit_of_measurement": "W"})
    await set_up(hass, companion_entry(hass, **{CONF_POWER_ENTITY: POWER_SENSOR}))
    assert value(hass, POWER) == 12  # standby: what the sensor measures
    assert hass.states.get(HEAT).state == "0.0"  # not heating
    hass.states.async_set(POWER_SENSOR, "0.8", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()
    assert value(hass, POWER) == 800
    assert value(hass, HEAT) > 800  # the estimate's COP for the heat


async def test_energy_counts_while_the_source_is_there_and_not_while_unavailable(
    hass: HomeAssistant, source_device: dr.DeviceEntry, freezer: FrozenDateTimeFactory
) -> None:
    await set_up(hass, companion_entry(hass))
    power = value(hass, POWER)
    for _ in range(15):  # half an hour of ticks: no device is polled, the state holds
        await tick(hass, freezer)
    assert value(hass, ENERGY) == pytest.approx(power * 0.5 / 1000, rel=1e-3)
    assert value(hass, COST) == pytest.approx(power * 0.5 / 1000 * 0.2, rel=1e-3)
    counted = value(hass, ENERGY)
    hass.states.async_set(CLIMATE, STATE_UNAVAILABLE)
    await hass.async_block_till_done()
    for _ in range(15):
        await tick(hass, freezer)
    assert hass.states.get(POWER).state == STATE_UNAVAILABLE
    hass.states.async_set(CLIMATE, "heat", {**HEATING, "hvac_action": "heating"})
    await hass.async_block_till_done()
    # The half hour unavailable is a gap, not a guess.
    assert value(hass, ENERGY) == pytest.approx(counted, rel=1e-6)
    await tick(hass, freezer)
    assert value(hass, ENERGY) == pytest.approx(counted + power * 2 / 60 / 1000, rel=1e-3)


@pytest.mark.parametrize(
    "moment",
    [
        # Local times in Home Assistant's test zone (US/Pacific), frozen as UTC.
        pytest.param(m, marks=pytest.mark.freeze_time(m), id=name)
        for name, m in (
            ("a minute to midnight", "2026-01-16 07:59:00+00:00"),
            ("before the clocks go forward", "2026-03-08 09:30:00+00:00"),
            ("before the clocks go back", "2026-11-01 07:59:00+00:00"),
        )
    ],
)
async def test_two_hours_across_midnight_or_a_clock_change_count_two_hours(
    hass: HomeAssistant,
    source_device: dr.DeviceEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    moment: str,
) -> None:
    await set_up(hass, companion_entry(hass))
    power = value(hass, POWER)
    for _ in range(60):
        await tick(hass, freezer)
    assert value(hass, ENERGY) == pytest.approx(power * 2 / 1000, rel=1e-3)
    assert value(hass, COST) == pytest.approx(power * 2 / 1000 * 0.2, rel=1e-3)
    assert minisplit_warnings(caplog) == []


async def test_totals_survive_a_restart(
    hass: HomeAssistant, source_device: dr.DeviceEntry, freezer: FrozenDateTimeFactory
) -> None:
    entry = companion_entry(hass)
    await set_up(hass, entry)
    for _ in range(5):
        await tick(hass, freezer)
    before = value(hass, ENERGY)
    assert before > 0
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert value(hass, ENERGY) == pytest.approx(before)


async def test_fahrenheit_users_get_the_same_estimate(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    await set_up(hass, companion_entry(hass))
    metric = value(hass, POWER)
    await hass.config_entries.async_unload(
        next(iter(hass.config_entries.async_entries(DOMAIN))).entry_id
    )
    hass.config.units = US_CUSTOMARY_SYSTEM
    hass.states.async_set(
        CLIMATE,
        "heat",
        {**HEATING, "current_temperature": 68.0, "temperature": 69.8, "hvac_action": "heating"},
    )
    hass.states.async_set(WEATHER, "cloudy", {"temperature": 35.6, "temperature_unit": "°F"})
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    await set_up(hass, entry)
    assert value(hass, POWER) == pytest.approx(metric, rel=1e-6)


async def test_a_renamed_climate_entity_is_followed(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    await set_up(hass, companion_entry(hass))
    registry = er.async_get(hass)
    registry.async_update_entity(CLIMATE, new_entity_id="climate.study_ac")
    hass.states.async_remove(CLIMATE)
    hass.states.async_set("climate.study_ac", "heat", {**HEATING, "hvac_action": "heating"})
    await hass.async_block_till_done()
    assert value(hass, POWER) > 100
    hass.states.async_set("climate.study_ac", "off", {**HEATING})
    await hass.async_block_till_done()
    assert value(hass, POWER) == 0


async def test_a_climate_entity_moved_to_another_device_takes_the_cost_sensors_along(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    entry = companion_entry(hass)
    await set_up(hass, entry)
    registry = er.async_get(hass)
    assert registry.async_get(POWER).device_id == source_device.id
    other = hass.config_entries.async_entries("other_ac")[0]
    new_device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other_ac", "study")}, name="Study AC"
    )
    registry.async_update_entity(CLIMATE, device_id=new_device.id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert registry.async_get(POWER).device_id == new_device.id
    assert registry.async_get(COST).device_id == new_device.id
    assert value(hass, POWER) > 100  # still estimating, from the same climate entity


async def test_a_removed_climate_entity_raises_a_repair(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    entry = companion_entry(hass)
    await set_up(hass, entry)
    er.async_get(hass).async_remove(CLIMATE)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"companion_source_missing_{entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders == {"title": "Den AC"}


async def test_a_companion_set_up_left_open_does_not_block_the_next_one(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    fields = {
        CONF_CLIMATE_ENTITY: CLIMATE,
        CONF_OUTDOOR_ENTITY: WEATHER,
        "design_outdoor_temperature": -12,
    }
    flows = []
    for _ in range(2):
        result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "existing_climate"}
        )
        result = await hass.config_entries.flow.async_configure(result["flow_id"], fields)
        assert result["step_id"] == "companion_unit"
        flows.append(result["flow_id"])
    # The second goes on to the end; the first, left open in a closed tab, is aborted.
    result = await hass.config_entries.flow.async_configure(flows[1], {})
    result = await hass.config_entries.flow.async_configure(
        flows[1], {"hspf": 10.0, "heating_capacity_kw": 3.5}
    )
    result = await hass.config_entries.flow.async_configure(flows[1], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert hass.config_entries.flow.async_progress() == []


async def test_diagnostics_show_what_the_companion_judged_from_which_states(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, source_device: dr.DeviceEntry
) -> None:
    assert await async_setup_component(hass, "diagnostics", {})
    entry = companion_entry(hass)
    await set_up(hass, entry)
    data = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert data["activity"] == {"running": True, "mode": "heat", "basis": "hvac_action"}
    assert data["sources"][CONF_CLIMATE_ENTITY]["attributes"]["hvac_action"] == "heating"
    assert data["sources"][CONF_OUTDOOR_ENTITY]["entity_id"] == WEATHER
    assert data["options"]["price_per_kwh"] == 0.2


async def test_new_options_apply_without_a_reload(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    entry = companion_entry(hass)
    await set_up(hass, entry)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    # The companion's own picker: its text speaks of the unit, not of a head's model.
    assert result["step_id"] == "companion_unit"
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"hspf": 10.0, "heating_capacity_kw": 3.5, "price_per_kwh": 0.3}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.cost.options["price_per_kwh"] == 0.3


async def test_a_compressor_frequency_sensor_gives_the_load(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    hass.states.async_set("sensor.den_ac_compressor", "20", {"unit_of_measurement": "Hz"})
    entry = companion_entry(hass, frequency_entity="sensor.den_ac_compressor")
    await set_up(hass, entry)
    slow = value(hass, POWER)
    hass.states.async_set("sensor.den_ac_compressor", "70", {"unit_of_measurement": "Hz"})
    await hass.async_block_till_done()
    fast = value(hass, POWER)
    assert fast > 2 * slow > 0
    # The compressor stopped though the thermostat still says heating: fan only.
    hass.states.async_set("sensor.den_ac_compressor", "0", {"unit_of_measurement": "Hz"})
    await hass.async_block_till_done()
    assert value(hass, POWER) == 30  # the indoor fan and controls


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_an_energy_sensor_calibrates_the_estimate(
    hass: HomeAssistant, source_device: dr.DeviceEntry, freezer: FrozenDateTimeFactory
) -> None:
    meter = "sensor.den_ac_energy"
    hass.states.async_set(meter, "100.0", {"unit_of_measurement": "kWh"})
    entry = companion_entry(hass, energy_entity=meter)
    await set_up(hass, entry)
    calibration = "sensor.den_ac_estimate_calibration"
    assert value(hass, calibration) == 1.0
    estimated_w = value(hass, POWER)
    total = 100.0
    # The unit really draws twice the estimate, for a day of 2-minute ticks.
    start = total
    for _ in range(24 * 30):
        total += 2 * estimated_w * 2 / 60 / 1000
        hass.states.async_set(meter, f"{total:.4f}", {"unit_of_measurement": "kWh"})
        await tick(hass, freezer)
    # The scale has moved most of the way to 2 ** (1 / 1.4) = 1.64 within the day...
    assert 1.4 < value(hass, calibration) < 2 ** (1 / 1.4)
    assert value(hass, POWER) > 1.4 * estimated_w
    # ...and the energy is what the unit's meter counted.
    assert value(hass, ENERGY) == pytest.approx(total - start, abs=0.01)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_no_calibration_without_a_measuring_sensor(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    await set_up(hass, companion_entry(hass))
    assert hass.states.get("sensor.den_ac_estimate_calibration") is None


async def test_a_change_the_estimate_does_not_read_costs_no_estimate(
    hass: HomeAssistant, source_device: dr.DeviceEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = companion_entry(hass)
    await set_up(hass, entry)
    tracker = entry.runtime_data.cost
    samples = 0
    real = tracker._sample

    def counted() -> None:
        nonlocal samples
        samples += 1
        real()

    monkeypatch.setattr(tracker, "_sample", counted)
    attributes = {**HEATING, "hvac_action": "heating"}
    hass.states.async_set(CLIMATE, "heat", attributes | {"fan_mode": "high"})
    hass.states.async_set(CLIMATE, "heat", attributes | {"fan_mode": "low"})
    await hass.async_block_till_done()
    assert samples == 0  # the fan mode is not read
    hass.states.async_set(CLIMATE, "heat", attributes | {"current_temperature": 20.5})
    await hass.async_block_till_done()
    assert samples == 1


async def test_a_tick_with_nothing_changed_reuses_the_estimate(
    hass: HomeAssistant, source_device: dr.DeviceEntry, freezer: FrozenDateTimeFactory
) -> None:
    entry = companion_entry(hass)
    await set_up(hass, entry)
    tracker = entry.runtime_data.cost
    computed = tracker.estimates
    for _ in range(5):
        await tick(hass, freezer)
    assert tracker.estimates == computed  # the interval closes, no estimate is computed
    assert value(hass, ENERGY) > 0
    # A new target alone changes nothing the estimate reads (the room's temperature does).
    hass.states.async_set(CLIMATE, "heat", {**HEATING, "hvac_action": "heating", "temperature": 22})
    await hass.async_block_till_done()
    assert tracker.estimates == computed
    hass.states.async_set(
        CLIMATE, "heat", {**HEATING, "hvac_action": "heating", "current_temperature": 19.5}
    )
    await hass.async_block_till_done()
    assert tracker.estimates == computed + 1
