"""Live sensors of the head."""

from __future__ import annotations

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from emulators.daikin import DaikinEmulator, EmulatorModel

from .common import next_poll, setup_platform

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")


async def test_entities(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    await setup_platform(hass, mock_config_entry, Platform.SENSOR)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


@pytest.mark.usefixtures("init_integration")
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


@pytest.mark.usefixtures("init_integration")
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


@pytest.mark.parametrize("emulator_model", [EmulatorModel.CLASSIC_NOHUMIDITY])
@pytest.mark.usefixtures("init_integration")
async def test_no_humidity_sensor_where_none_is_reported(hass: HomeAssistant) -> None:
    assert hass.states.get("sensor.living_indoor_humidity") is None
    assert hass.states.get("sensor.living_indoor_temperature") is not None
