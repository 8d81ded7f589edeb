"""A companion learns its unit's energy signature from the home's whole-house meter."""

from __future__ import annotations

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.energy.data import async_get_manager
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM

from custom_components.minisplit.const import (
    CONF_CLIMATE_ENTITY,
    CONF_ENERGY_ENTITY,
    CONF_HEAT_LOSS_W_PER_K,
    CONF_HOME_ENERGY_ENTITY,
    CONF_OUTDOOR_ENTITY,
    DOMAIN,
)
from custom_components.minisplit.cost.uncertainty import EXPECTED_ERROR, Signal
from custom_components.minisplit.costcore.catalog import catalog_unit

from .test_companion import (
    CLIMATE,
    HEATING,
    WEATHER,
    companion_entry,
    set_up,
    source_device,
    tick,
    value,
)

__all__ = ["source_device"]  # the fixture, used by name

HOME = "sensor.home_energy"
DAYS = "sensor.den_ac_home_meter_days_learned"
CALIBRATION = "sensor.den_ac_estimate_calibration"


async def energy_dashboard(hass: HomeAssistant, *sources: dict[str, object]) -> None:
    """The Energy dashboard configured with these sources (its preferences, without a recorder)."""
    hass.config.components.add("energy")
    manager = await async_get_manager(hass)
    manager.data = {"energy_sources": list(sources), "device_consumption": []}


GRID = {"type": "grid", "flow_from": [{"stat_energy_from": HOME}], "flow_to": []}


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_the_energy_dashboards_grid_meter_is_the_home_meter(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    hass.states.async_set(HOME, "1000.0", {"unit_of_measurement": "kWh"})
    await energy_dashboard(hass, GRID)
    entry = companion_entry(hass)
    await set_up(hass, entry)
    assert entry.runtime_data.source.home_entity == HOME
    assert value(hass, DAYS) == 0
    assert value(hass, CALIBRATION) == 1.0
    # The home meter's news is booked; it does not make the companion estimate again.
    samples = entry.runtime_data.cost.samples
    hass.states.async_set(HOME, "1000.5", {"unit_of_measurement": "kWh"})
    await hass.async_block_till_done()
    assert entry.runtime_data.cost.samples == samples


@pytest.mark.parametrize(
    "sources",
    [
        [GRID, {"type": "solar", "stat_energy_from": "sensor.solar"}],  # grid import misses it
        [
            {
                "type": "grid",
                "flow_from": [{"stat_energy_from": HOME}, {"stat_energy_from": "sensor.b"}],
                "flow_to": [],
            }
        ],
        [{"type": "grid", "flow_from": [{"stat_energy_from": "external:home"}], "flow_to": []}],
    ],
)
async def test_no_home_meter_where_the_grid_meter_is_not_the_homes_use(
    hass: HomeAssistant, source_device: dr.DeviceEntry, sources: list[dict[str, object]]
) -> None:
    await energy_dashboard(hass, *sources)
    entry = companion_entry(hass)
    await set_up(hass, entry)
    assert entry.runtime_data.source.home_entity is None
    assert hass.states.get(DAYS) is None


async def test_a_chosen_meter_wins_and_a_unit_meter_makes_it_unneeded(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    await energy_dashboard(hass, GRID)
    entry = companion_entry(hass, **{CONF_HOME_ENERGY_ENTITY: "sensor.house"})
    await set_up(hass, entry)
    assert entry.runtime_data.source.home_entity == "sensor.house"
    assert hass.states.get(DAYS) is not None
    await hass.config_entries.async_unload(entry.entry_id)
    measured = companion_entry(hass, **{CONF_ENERGY_ENTITY: "sensor.den_ac_energy"})
    await hass.config_entries.async_remove(entry.entry_id)
    await set_up(hass, measured)
    assert hass.states.get(DAYS) is None
    assert not measured.runtime_data.source.home_metered
    assert measured.runtime_data.cost.running.home_hours is None


@pytest.mark.freeze_time("2026-01-15 00:02:00+00:00")
async def test_a_day_measured_by_the_home_meter_is_learned(
    hass: HomeAssistant, source_device: dr.DeviceEntry, freezer: FrozenDateTimeFactory
) -> None:
    await hass.config.async_set_time_zone("UTC")
    total = 1000.0
    hass.states.async_set(HOME, f"{total}", {"unit_of_measurement": "kWh"})
    await energy_dashboard(hass, GRID)
    entry = companion_entry(hass)
    await set_up(hass, entry)
    for _ in range(24 * 30 + 2):  # a day of 2-minute ticks, and the next day begun
        total += 0.05
        hass.states.async_set(HOME, f"{total:.3f}", {"unit_of_measurement": "kWh"})
        await tick(hass, freezer)
    assert value(hass, DAYS) == 1
    signature = entry.runtime_data.cost.signature
    ((estimated, home),) = signature.days.values()
    assert home == pytest.approx(0.05 * 24 * 30, rel=0.01)
    assert estimated > 0


async def test_the_flow_takes_a_home_meter_and_a_known_heat_loss(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    """A US customary user gives the heat loss in Btu/h per degF; it is kept in W/K."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    hass.states.async_set("sensor.house", "10.0", {"unit_of_measurement": "kWh"})
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "existing_climate"}
    )
    fields = {
        CONF_CLIMATE_ENTITY: CLIMATE,
        CONF_OUTDOOR_ENTITY: WEATHER,
        "design_outdoor_temperature": 10,
        CONF_HOME_ENERGY_ENTITY: "sensor.house",
        "heat_loss": 100,
    }
    result = await hass.config_entries.flow.async_configure(result["flow_id"], fields)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"hspf": 10.0, "heating_capacity_btuh": 12000}
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    entry = result["result"]
    assert entry.data[CONF_HEAT_LOSS_W_PER_K] == pytest.approx(52.8)
    assert entry.data[CONF_HOME_ENERGY_ENTITY] == "sensor.house"
    await hass.async_block_till_done()
    assert entry.runtime_data.source.home_entity == "sensor.house"
    assert entry.runtime_data.cost.running.estimator.heat_loss_w_per_k == pytest.approx(52.8)


async def test_the_uncertainty_says_what_the_estimate_rests_on_and_what_would_narrow_it(
    hass: HomeAssistant, source_device: dr.DeviceEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The compressor's stops narrow it once seen, on a unit whose minimum capacity is
    published (its cycles teach the model); a meter of the unit narrows it most."""
    entry = companion_entry(hass)
    await set_up(hass, entry)
    state = hass.states.get("sensor.den_ac_estimate_uncertainty")
    assert state is not None
    assert float(state.state) == round(EXPECTED_ERROR[Signal.THERMOSTAT] * 100)
    assert state.attributes["based_on"] == "thermostat"  # no stop seen yet
    assert state.attributes["narrowed_by"] == "unit_meter"
    idle = {**HEATING, "current_temperature": 21.5, "hvac_action": "idle"}
    hass.states.async_set(CLIMATE, "heat", idle)
    await tick(hass, freezer)
    state = hass.states.get("sensor.den_ac_estimate_uncertainty")
    assert state is not None
    assert state.attributes["based_on"] == "thermostat"  # a nameplate tells no minimum
    listed = catalog_unit("7002444")  # Mitsubishi MUZ-FH15NA, with NEEP's minimum-speed points
    assert listed is not None
    hass.config_entries.async_update_entry(entry, options=listed.options() | {"price_per_kwh": 0.2})
    await hass.async_block_till_done()
    hass.states.async_set(CLIMATE, "heat", {**HEATING, "hvac_action": "heating"})
    await tick(hass, freezer)
    hass.states.async_set(CLIMATE, "heat", idle)
    await tick(hass, freezer)
    state = hass.states.get("sensor.den_ac_estimate_uncertainty")
    assert state is not None
    assert float(state.state) == round(EXPECTED_ERROR[Signal.COMPRESSOR_ACTION] * 100)
    assert state.attributes["based_on"] == "compressor_action"
    assert state.attributes["narrowed_by"] == "unit_meter"
    measured = companion_entry(hass, **{CONF_ENERGY_ENTITY: "sensor.den_ac_energy"})
    await hass.config_entries.async_remove(entry.entry_id)
    hass.states.async_set("sensor.den_ac_energy", "5.0", {"unit_of_measurement": "kWh"})
    await set_up(hass, measured)
    state = hass.states.get("sensor.den_ac_estimate_uncertainty")
    assert state is not None
    assert float(state.state) == round(EXPECTED_ERROR[Signal.UNIT_METER] * 100)
    assert state.attributes["narrowed_by"] is None
