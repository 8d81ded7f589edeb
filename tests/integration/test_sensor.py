"""Live sensors of the head."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.minisplit.sensor import COST_SENSORS
from emulators.daikin import DaikinEmulator, EmulatorModel

from .common import next_poll, setup_platform

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_entities(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    await setup_platform(hass, mock_config_entry, Platform.SENSOR)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "init_integration")
async def test_readings_follow_the_head(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    await next_poll(hass, freezer)
    assert float(hass.states.get("sensor.living_indoor_temperature").state) == pytest.approx(
        emulator.state.room_temp, abs=0.5
    )
    assert float(hass.states.get("sensor.living_indoor_humidity").state) == pytest.approx(
        emulator.state.humidity, abs=1
    )
    assert float(hass.states.get("sensor.living_compressor_frequency").state) == (
        emulator.state.compressor_hz
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "init_integration")
async def test_dash_values_are_unknown_not_errors(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    emulator.faults.dash_values = True
    await next_poll(hass, freezer)
    assert hass.states.get("sensor.living_outdoor_temperature").state == STATE_UNKNOWN
    assert hass.states.get("sensor.living_compressor_frequency").state == STATE_UNKNOWN
    # The rest of the head is still there.
    assert hass.states.get("sensor.living_indoor_temperature").state != STATE_UNKNOWN
    emulator.faults.dash_values = False
    await next_poll(hass, freezer)
    assert hass.states.get("sensor.living_compressor_frequency").state != STATE_UNKNOWN


@pytest.mark.usefixtures("init_integration")
async def test_diagnostics_nobody_needs_on_day_one_are_disabled(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    """The compressor frequency and the estimate's calibration wait until a user enables them."""
    disabled = {
        entry.entity_id
        for entry in entity_registry.entities.values()
        if entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    }
    assert disabled == {
        "sensor.living_compressor_frequency",
        "sensor.living_estimate_calibration",
    }
    assert hass.states.get("sensor.living_compressor_frequency") is None
    assert hass.states.get("sensor.living_indoor_temperature") is not None


@pytest.mark.parametrize("emulator_model", [EmulatorModel.CLASSIC_NOHUMIDITY])
@pytest.mark.usefixtures("init_integration")
async def test_no_humidity_sensor_where_none_is_reported(hass: HomeAssistant) -> None:
    assert hass.states.get("sensor.living_indoor_humidity") is None
    assert hass.states.get("sensor.living_indoor_temperature") is not None


@pytest.mark.parametrize(
    ("saved", "shown"),
    [(-0.0, "0.0"), (-0.0004, "0.0"), (-0.0049, "0.0"), (-0.005, "-0.005"), (0.0004, "0.0004")],
)
def test_money_never_shows_a_negative_zero(saved: float, shown: str) -> None:
    """A saving of a fraction of a cent below zero is written 0, not "-EUR 0.00"; others stay."""
    savings = next(d for d in COST_SENSORS if d.key == "savings_vs_gas")
    cost = SimpleNamespace(
        price_configured=True,
        settings=SimpleNamespace(gas_heat_price_per_kwh=0.1),
        meter=SimpleNamespace(savings_vs_gas=saved),
    )
    assert str(savings.value_fn(cost)) == shown  # type: ignore[arg-type]  # what it reads
