"""The climate entity: every command reaches the emulated head and shows at once."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_FAN_MODE,
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODE,
    ATTR_PRESET_MODE,
    ATTR_SWING_MODE,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_PRESET_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
    HVACAction,
    HVACMode,
)
from homeassistant.components.climate import (
    DOMAIN as CLIMATE_DOMAIN,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    Platform,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import async_get_platforms
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.minisplit.climate import MiniSplitClimate
from custom_components.minisplit.const import DOMAIN
from custom_components.minisplit.drivers.daikin_classic import DaikinClient, DaikinConnectionError
from emulators.daikin import DaikinEmulator, EmulatorModel

from .common import next_poll, setup_platform

ENTITY_ID = "climate.living"

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")


async def call(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Call a climate service on the head and wait for it."""
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY_ID, **data}, blocking=True
    )


def set_requests(emulator: DaikinEmulator) -> list[dict[str, str]]:
    """The queries of every set_control_info the head received."""
    return [query for path, query in emulator.requests if path == "/aircon/set_control_info"]


async def test_entities(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    await setup_platform(hass, mock_config_entry, Platform.CLIMATE)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


@pytest.mark.usefixtures("init_integration")
async def test_temperatures_under_the_names_every_release_reads(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    """2026.11 reads native_*, and reports a class that provides only the old names; before, the
    old names are read. Every class of ours that provides an old name provides the native one."""
    names = ("temperature_unit", "current_temperature", "target_temperature")
    ours = [
        klass
        for klass in MiniSplitClimate.__mro__
        if klass.__module__.startswith("custom_components.minisplit")
    ]
    for klass in ours:
        for name in names:
            assert f"_attr_{name}" not in vars(klass), (klass, name)
            assert name not in vars(klass) or f"native_{name}" in vars(klass), (klass, name)
    platform = next(
        platform
        for platform in async_get_platforms(hass, DOMAIN)
        if platform.domain == CLIMATE_DOMAIN
    )
    entity = platform.entities[ENTITY_ID]
    assert isinstance(entity, MiniSplitClimate)
    assert entity.native_temperature_unit == entity.temperature_unit == UnitOfTemperature.CELSIUS
    room = entity.native_current_temperature
    assert room == entity.current_temperature == emulator.state.room_temp
    target = entity.native_target_temperature
    assert target == entity.target_temperature == float(emulator.state.stemp)
    # Dry mode has no setpoint, under either name.
    await call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.DRY})
    assert entity.native_target_temperature is entity.target_temperature is None


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize(
    ("hvac_mode", "device_mode"),
    [
        (HVACMode.HEAT, "4"),
        (HVACMode.COOL, "3"),
        (HVACMode.HEAT_COOL, "0"),
        (HVACMode.DRY, "2"),
        (HVACMode.FAN_ONLY, "6"),
    ],
)
async def test_set_hvac_mode(
    hass: HomeAssistant, emulator: DaikinEmulator, hvac_mode: HVACMode, device_mode: str
) -> None:
    emulator.requests.clear()
    await call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: hvac_mode})
    assert hass.states.get(ENTITY_ID).state == hvac_mode
    assert emulator.state.power is True
    assert (
        str(emulator.state.mode) in {device_mode, "1", "7"}
        if device_mode == "0"
        else (str(emulator.state.mode) == device_mode)
    )
    # Every write carries exactly the six writable fields.
    for query in set_requests(emulator):
        assert set(query) == {"pow", "mode", "stemp", "shum", "f_rate", "f_dir"}


@pytest.mark.usefixtures("init_integration")
async def test_off_and_on(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    await call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.OFF})
    state = hass.states.get(ENTITY_ID)
    assert state.state == HVACMode.OFF
    assert state.attributes[ATTR_HVAC_ACTION] == HVACAction.OFF
    assert emulator.state.power is False

    await call(hass, SERVICE_TURN_ON)
    assert hass.states.get(ENTITY_ID).state == HVACMode.HEAT
    assert emulator.state.power is True

    await call(hass, SERVICE_TURN_OFF)
    assert hass.states.get(ENTITY_ID).state == HVACMode.OFF
    assert emulator.state.power is False


@pytest.mark.usefixtures("init_integration")
async def test_set_temperature_rounds_to_half_degrees(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 22.3})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_TEMPERATURE] == 22.5
    assert float(emulator.state.stemp) == 22.5

    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 23, ATTR_HVAC_MODE: "cool"})
    state = hass.states.get(ENTITY_ID)
    assert state.state == HVACMode.COOL
    assert state.attributes[ATTR_TEMPERATURE] == 23
    assert (emulator.state.mode, float(emulator.state.stemp)) == (3, 23.0)


@pytest.mark.usefixtures("init_integration")
async def test_set_temperature_in_fahrenheit(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    hass.config.units = US_CUSTOMARY_SYSTEM
    # 71 degF is 21.67 degC: the head gets the nearest half degree.
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 71})
    assert float(emulator.state.stemp) == 21.5
    assert hass.states.get(ENTITY_ID).attributes[ATTR_TEMPERATURE] == 71  # 21.5 degC shown in degF


@pytest.mark.usefixtures("init_integration")
async def test_no_target_in_fan_mode(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    await call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.FAN_ONLY})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_TEMPERATURE] is None
    with pytest.raises(ServiceValidationError):
        await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 22})


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize("target", ["nan", float("nan"), "inf", float("-inf")])
async def test_target_that_is_not_a_number_is_refused(
    hass: HomeAssistant, emulator: DaikinEmulator, target: str | float
) -> None:
    # Home Assistant's schema takes "nan" as a float and its range check lets NaN through (it
    # used to fail in rounding with a bare ValueError); its range check refuses infinity itself.
    before = emulator.state.stemp
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: target})
    assert err.value.translation_key in ("invalid_target_temperature", "temp_out_of_range")
    if str(target) == "nan":
        assert err.value.translation_domain == "minisplit"
        assert str(err.value) == "The target temperature must be a number, not nan"
    assert emulator.state.stemp == before


@pytest.mark.usefixtures("init_integration")
async def test_mode_change_restores_the_heads_memory(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 21, ATTR_HVAC_MODE: "heat"})
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 25, ATTR_HVAC_MODE: "cool"})
    await call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.HEAT})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_TEMPERATURE] == 21
    await call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.COOL})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_TEMPERATURE] == 25


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize(
    ("fan_mode", "f_rate"),
    [("auto", "A"), ("quiet", "B"), ("1", "3"), ("3", "5"), ("5", "7")],
)
async def test_set_fan_mode(
    hass: HomeAssistant, emulator: DaikinEmulator, fan_mode: str, f_rate: str
) -> None:
    await call(hass, SERVICE_SET_FAN_MODE, **{ATTR_FAN_MODE: fan_mode})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_FAN_MODE] == fan_mode
    assert emulator.state.f_rate == f_rate


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize(
    ("swing_mode", "f_dir"),
    [("off", "0"), ("vertical", "1"), ("horizontal", "2"), ("both", "3")],
)
async def test_set_swing_mode(
    hass: HomeAssistant, emulator: DaikinEmulator, swing_mode: str, f_dir: str
) -> None:
    await call(hass, SERVICE_SET_SWING_MODE, **{ATTR_SWING_MODE: swing_mode})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_SWING_MODE] == swing_mode
    assert emulator.state.f_dir == f_dir


@pytest.mark.usefixtures("init_integration")
async def test_presets(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    await call(hass, SERVICE_SET_PRESET_MODE, **{ATTR_PRESET_MODE: "boost"})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_PRESET_MODE] == "boost"
    assert emulator.state.adv == "2"

    await call(hass, SERVICE_SET_PRESET_MODE, **{ATTR_PRESET_MODE: "eco"})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_PRESET_MODE] == "eco"
    assert emulator.state.adv == "12"

    await call(hass, SERVICE_SET_PRESET_MODE, **{ATTR_PRESET_MODE: "away"})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_PRESET_MODE] == "away"
    assert emulator.state.holiday is True

    await call(hass, SERVICE_SET_PRESET_MODE, **{ATTR_PRESET_MODE: "none"})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_PRESET_MODE] == "none"
    assert emulator.state.holiday is False
    assert emulator.state.adv == ""


@pytest.mark.usefixtures("init_integration")
async def test_rejected_command_is_a_clear_error(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    emulator.faults.param_ng = True
    with pytest.raises(HomeAssistantError, match="PARAM NG"):
        await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 24})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_TEMPERATURE] != 24
    emulator.faults.param_ng = False
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 24})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_TEMPERATURE] == 24


@pytest.mark.usefixtures("init_integration")
async def test_command_to_unreachable_head_is_a_clear_error(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    emulator.faults.drop_all = True
    with pytest.raises(HomeAssistantError, match="did not take the command"):
        await call(hass, SERVICE_SET_FAN_MODE, **{ATTR_FAN_MODE: "quiet"})


@pytest.mark.usefixtures("init_integration")
async def test_hvac_action_follows_the_compressor(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    room = emulator.state.room_temp
    await call(
        hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: room + 4, ATTR_HVAC_MODE: "heat"}
    )
    await next_poll(hass, freezer)
    assert emulator.state.compressor_hz > 0
    assert hass.states.get(ENTITY_ID).attributes[ATTR_HVAC_ACTION] == HVACAction.HEATING
    # Above the setpoint the compressor stops and the head is idle, not heating.
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 10})
    await next_poll(hass, freezer)
    assert emulator.state.compressor_hz == 0
    assert hass.states.get(ENTITY_ID).attributes[ATTR_HVAC_ACTION] == HVACAction.IDLE


@pytest.mark.parametrize("emulator_model", [EmulatorModel.CLASSIC_NOHUMIDITY])
@pytest.mark.usefixtures("init_integration")
async def test_head_without_humidity_sensor(hass: HomeAssistant) -> None:
    assert "current_humidity" not in hass.states.get(ENTITY_ID).attributes


@pytest.mark.usefixtures("init_integration")
async def test_hvac_action_is_right_straight_after_a_command(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    assert hass.states.get(ENTITY_ID).attributes[ATTR_HVAC_ACTION] == HVACAction.HEATING
    room = emulator.state.room_temp
    # Cooling to above the room temperature: the compressor stops; no poll needed to see it.
    await call(
        hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: room + 3, ATTR_HVAC_MODE: "cool"}
    )
    assert emulator.state.compressor_hz == 0
    assert hass.states.get(ENTITY_ID).attributes[ATTR_HVAC_ACTION] == HVACAction.IDLE


@pytest.mark.usefixtures("init_integration")
async def test_command_shows_even_if_the_sensor_read_after_it_fails(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    with patch.object(DaikinClient, "get_sensor_info", side_effect=DaikinConnectionError("drop")):
        await call(hass, SERVICE_SET_FAN_MODE, **{ATTR_FAN_MODE: "quiet"})
    assert hass.states.get(ENTITY_ID).attributes[ATTR_FAN_MODE] == "quiet"
    assert emulator.state.f_rate == "B"
