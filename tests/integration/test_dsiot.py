"""Adapters on firmware 2.8 and newer (/dsiot): added through the flow, controlled, energy kept."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from ipaddress import ip_address

import aiohttp
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_FAN_MODE,
    ATTR_FAN_MODES,
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODE,
    ATTR_HVAC_MODES,
    ATTR_PRESET_MODE,
    ATTR_PRESET_MODES,
    ATTR_SWING_MODE,
    ATTR_SWING_MODES,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_PRESET_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
    SERVICE_TURN_OFF,
    HVACAction,
)
from homeassistant.components.climate import (
    DOMAIN as CLIMATE_DOMAIN,
)
from homeassistant.components.sensor import ATTR_STATE_CLASS, SensorStateClass
from homeassistant.config_entries import SOURCE_ZEROCONF, ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    ATTR_UNIT_OF_MEASUREMENT,
    CONF_HOST,
    STATE_UNAVAILABLE,
    UnitOfEnergy,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.minisplit.const import (
    CONF_PROTOCOL,
    DEVICE_SCAN_INTERVAL,
    DOMAIN,
    STATE_SCAN_INTERVAL,
)
from custom_components.minisplit.cost.calibration import fitted_scale
from custom_components.minisplit.cost.meter import CountedInterval
from custom_components.minisplit.heads import DailyEnergy
from emulators.daikin import DaikinEmulator, EmulatorModel

from ..conftest import EMULATED_MAC
from .common import next_poll, skip_price_step, start_local_head_flow

CLIMATE = "climate.living"
ENERGY = "sensor.living_measured_energy"

# 21:20 in Home Assistant's test time zone (US/Pacific): the head's midnight comes soon.
pytestmark = pytest.mark.freeze_time("2026-01-16 05:20:00+00:00")


@pytest.fixture
def emulator_model() -> EmulatorModel:
    """A BRP084 on firmware 3.12.3 unless a test picks another kind."""
    return EmulatorModel.DSIOT


async def call(hass: HomeAssistant, service: str, **data: object) -> None:
    """Call a climate service on the head and wait for it."""
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: CLIMATE, **data}, blocking=True
    )


async def week_kwh(emulator: DaikinEmulator) -> list[float]:
    """The adapter's 7 daily totals in kWh, read over HTTP like any client."""
    request = {
        "requests": [{"op": 2, "to": "/dsiot/edge/adr_0100.i_power.week_power?filter=pv,pt"}]
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emulator.url}/dsiot/multireq", json=request) as response,
    ):
        answer = await response.json()
    node = answer["responses"][0]["pc"]
    datas = next(child for child in node["pch"] if child.get("pn") == "datas")
    return [int(value) / 1000 for value in datas["pv"]]


async def test_the_flow_detects_the_dsiot_api_and_stores_it(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_HOST: emulator.host, CONF_PROTOCOL: "daikin_dsiot"}
    assert result["result"].unique_id == EMULATED_MAC
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED
    assert hass.states.get(CLIMATE) is not None


async def test_reconfigure_finds_an_adapter_updated_to_dsiot(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    # Added while it spoke the classic API; since updated to firmware 2.8.
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=EMULATED_MAC, data={CONF_HOST: "192.0.2.10"}, title="Living"
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {CONF_HOST: emulator.host, CONF_PROTOCOL: "daikin_dsiot"}


@pytest.mark.usefixtures("init_integration")
async def test_every_climate_command_reaches_the_head(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    attributes = hass.states.get(CLIMATE).attributes
    modes = {"off", "heat_cool", "dry", "cool", "heat", "fan_only"}
    assert set(attributes[ATTR_HVAC_MODES]) == modes
    assert "eco" in attributes[ATTR_PRESET_MODES]
    assert "boost" in attributes[ATTR_PRESET_MODES]

    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_HVAC_MODE: "heat", ATTR_TEMPERATURE: 23.5})
    assert emulator.state.power
    assert emulator.state.mode == 4  # heat
    assert float(emulator.state.stemp) == 23.5
    state = hass.states.get(CLIMATE)
    assert state.state == "heat"
    assert state.attributes[ATTR_TEMPERATURE] == 23.5

    await call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: "cool"})
    assert emulator.state.mode == 3
    assert hass.states.get(CLIMATE).state == "cool"

    fan_modes = hass.states.get(CLIMATE).attributes[ATTR_FAN_MODES]
    for fan_mode in (fan_modes[-1], fan_modes[0]):
        await call(hass, SERVICE_SET_FAN_MODE, **{ATTR_FAN_MODE: fan_mode})
        assert hass.states.get(CLIMATE).attributes[ATTR_FAN_MODE] == fan_mode

    swing_modes = hass.states.get(CLIMATE).attributes[ATTR_SWING_MODES]
    assert swing_modes == ["off", "vertical", "horizontal", "both"]
    for swing_mode in ("both", "vertical", "off"):
        await call(hass, SERVICE_SET_SWING_MODE, **{ATTR_SWING_MODE: swing_mode})
        assert hass.states.get(CLIMATE).attributes[ATTR_SWING_MODE] == swing_mode

    for preset in ("eco", "boost", "none"):
        await call(hass, SERVICE_SET_PRESET_MODE, **{ATTR_PRESET_MODE: preset})
        assert hass.states.get(CLIMATE).attributes[ATTR_PRESET_MODE] == preset

    await call(hass, SERVICE_TURN_OFF)
    assert not emulator.state.power
    assert hass.states.get(CLIMATE).state == "off"
    # Every write was op 3 with the leaves that change, and the state read back after it.
    writes = [
        item for body in emulator.dsiot.bodies for item in body["requests"] if item.get("op") == 3
    ]
    assert writes


@pytest.mark.usefixtures("init_integration")
async def test_one_request_per_state_poll(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    before = len(emulator.dsiot.bodies)
    for _ in range(3):
        await next_poll(hass, freezer, STATE_SCAN_INTERVAL)
    assert len(emulator.dsiot.bodies) - before == 3


async def test_unavailable_while_unreachable_and_back_after(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    emulator.faults.drop_all = True
    await next_poll(hass, freezer)
    assert hass.states.get(CLIMATE).state == STATE_UNAVAILABLE
    emulator.faults.drop_all = False
    await next_poll(hass, freezer)
    assert hass.states.get(CLIMATE).state != STATE_UNAVAILABLE


async def test_device_shows_the_decoded_models_and_firmware(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    registry = dr.async_get(hass)
    (device,) = dr.async_entries_for_config_entry(registry, init_integration.entry_id)
    assert device.model == "FTXM46WVMA / RXM46WVMA"  # the unit, as the head names it
    assert device.model_id is None  # no code beside the names
    assert device.hw_version == "Daikin Wi-Fi adapter (firmware 2.8+)"
    assert device.sw_version == "3.12.3"


async def test_daily_energy_across_midnight_and_a_restart(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    state = hass.states.get(ENERGY)
    assert state.attributes[ATTR_STATE_CLASS] == SensorStateClass.TOTAL_INCREASING
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == UnitOfEnergy.KILO_WATT_HOUR
    assert float(state.state) == 0
    assert hass.states.get("sensor.living_heating_energy") is None  # no split on /dsiot
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_HVAC_MODE: "heat", ATTR_TEMPERATURE: 30})
    for _ in range(12):  # 21:20 -> 23:20: a head within 3 h could be on either date
        await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
        assert float(hass.states.get(ENERGY).state) == 0
    freezer.tick(timedelta(hours=19, minutes=30))  # 19:00 the next day: the baseline
    await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
    baseline = await week_kwh(emulator)
    seen: list[float] = []
    for _ in range(12):  # 19:10 -> 21:00: the hour to 20:00 counts; 21:00 is not used
        await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
        seen.append(float(hass.states.get(ENERGY).state))
    assert seen[-1] > 0

    await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    freezer.tick(timedelta(hours=7))  # down over midnight; the head heats on
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    for _ in range(3):
        await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
        seen.append(float(hass.states.get(ENERGY).state))

    assert seen == sorted(seen), "the total never goes backwards"
    week = await week_kwh(emulator)
    # Yesterday (the baseline's day) grew from its baseline value; today is all new.
    expected = (week[-2] - baseline[-1]) + week[-1]
    assert seen[-1] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("emulator_model", [EmulatorModel.DSIOT_BASIC])
@pytest.mark.usefixtures("entity_registry_enabled_by_default", "init_integration")
async def test_a_head_without_compressor_frequency_follows_its_running_flag(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    assert hass.states.get("sensor.living_compressor_frequency") is None
    assert hass.states.get("sensor.living_indoor_humidity") is None
    room = float(hass.states.get(CLIMATE).attributes["current_temperature"])
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_HVAC_MODE: "heat", ATTR_TEMPERATURE: 10})
    assert room > 10
    assert hass.states.get(CLIMATE).attributes[ATTR_HVAC_ACTION] == HVACAction.IDLE
    await call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 30})
    assert hass.states.get(CLIMATE).attributes[ATTR_HVAC_ACTION] == HVACAction.HEATING
    # Auto without an auto setpoint: the head picks heating or cooling; nothing says which.
    await call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: "heat_cool"})
    state = hass.states.get(CLIMATE)
    assert state.state == "heat_cool"
    assert state.attributes[ATTR_TEMPERATURE] is None
    assert state.attributes.get(ATTR_HVAC_ACTION) is None


@pytest.mark.parametrize("emulator_model", [EmulatorModel.DSIOT_UNNAMED])
async def test_firmware_with_unnamed_nodes_sets_up_without_energy(
    hass: HomeAssistant, setup_entry: Callable[[], Awaitable[MockConfigEntry]]
) -> None:
    entry = await setup_entry()
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get(CLIMATE).state != STATE_UNAVAILABLE
    assert hass.states.get(ENERGY) is None


async def test_zeroconf_finds_a_dsiot_adapter(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    address = ip_address("127.0.0.1")
    info = ZeroconfServiceInfo(
        ip_address=address,
        ip_addresses=[address],
        hostname="daikin.local.",
        name="daikin._dkapi._tcp.local.",
        port=emulator.port,
        type="_dkapi._tcp.local.",
        properties={},
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=info
    )
    assert result["step_id"] == "zeroconf_confirm"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_HOST: emulator.host, CONF_PROTOCOL: "daikin_dsiot"}


async def test_diagnostics_hold_the_node_trees_and_the_daily_energy(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, init_integration: MockConfigEntry
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    assert any(path.startswith("e_1002/") for path in diagnostics["adr_0100"])
    assert any(path.startswith("e_1003/") for path in diagnostics["adr_0200"])
    assert len(diagnostics["energy"]["days"]) == 7
    text = json.dumps(diagnostics).upper()
    assert EMULATED_MAC.replace(":", "").upper() not in text.replace(":", "")


@pytest.mark.freeze_time("2026-01-16 20:00:00+00:00")  # noon in the test time zone
async def test_the_estimate_is_calibrated_against_completed_days(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    tracker = init_integration.runtime_data.cost
    now = dt_util.now()
    yesterday = (now - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    for hour in range(24):  # the estimate covered yesterday: 0.5 kWh an hour, 12 kWh
        start = yesterday + timedelta(hours=hour)
        tracker.calibration.add_estimate(CountedInterval(start, timedelta(hours=1), 0.5, 0.5))
    # The head measured 6 kWh yesterday: the load comes down.
    energy = init_integration.runtime_data.energy
    energy.async_set_updated_data(DailyEnergy(days=(0.0, 0.0, 0.0, 0.0, 0.0, 6.0, 1.0)))
    assert tracker.calibration.load_scale == pytest.approx(fitted_scale([(6.0, 12.0)]))
    assert tracker.calibration.load_scale < 0.8
    # Between 21:00 and 03:00 the head's date may not be ours: no day is labelled then.
    freezer.move_to("2026-01-17 06:30:00+00:00")  # 22:30 here
    scale = tracker.calibration.load_scale
    tracker.calibration.compared.clear()
    energy.async_set_updated_data(DailyEnergy(days=(0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.0)))
    assert tracker.calibration.load_scale == scale
