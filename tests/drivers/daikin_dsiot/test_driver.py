"""The /dsiot driver behind the contract, over real HTTP against the emulator's dsiot kinds."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.minisplit.drivers import DAIKIN_DSIOT, create_driver
from custom_components.minisplit.drivers.daikin_dsiot import DaikinDsiotDriver
from custom_components.minisplit.drivers.daikin_dsiot import driver as driver_module
from custom_components.minisplit.drivers.daikin_dsiot import protocol as p
from custom_components.minisplit.heads import (
    Command,
    FanSpeed,
    HeadCommandRejectedError,
    HeadDriver,
    HeadResponseError,
    HeadUnsupportedError,
    OperationMode,
    SpecialMode,
    Swing,
    TemperatureRange,
)
from custom_components.minisplit.heads.model import DailyEnergy, DemandControl
from emulators.daikin import DaikinEmulator, EmulatorModel

from .conftest import FakeAdapter, MakeEmulator, load_json


def driver_for(emulator: DaikinEmulator, session: aiohttp.ClientSession) -> DaikinDsiotDriver:
    driver = create_driver(session, emulator.host, protocol=DAIKIN_DSIOT, request_timeout=2.0)
    assert isinstance(driver, DaikinDsiotDriver)
    return driver


def posts(emulator: DaikinEmulator) -> int:
    return sum(path == "/dsiot/multireq" for path, _ in emulator.requests)


def written(emulator: DaikinEmulator) -> dict[str, str]:
    """The leaves of the last write, by path below dgc_status."""
    body = next(b for b in reversed(emulator.dsiot.bodies) if b["requests"][0]["op"] == 3)
    leaves: dict[str, str] = {}

    def walk(node: dict[str, object], path: str) -> None:
        children = node.get("pch")
        if isinstance(children, list):
            for child in children:
                walk(child, f"{path}/{child['pn']}" if path else str(child["pn"]))
        else:
            leaves[path] = str(node["pv"])

    for request in body["requests"]:
        walk(request["pc"], "")
    return leaves


def test_the_factory_makes_a_dsiot_driver(session: aiohttp.ClientSession) -> None:
    driver: HeadDriver = create_driver(
        session, " 192.0.2.1:8080 ", protocol=DAIKIN_DSIOT, key="x", request_timeout=1.0
    )
    assert driver.host == "192.0.2.1:8080"
    assert driver.client_id is None
    assert driver.manufacturer == "Daikin"
    assert driver.product_name == "Daikin Wi-Fi adapter (firmware 2.8+)"
    assert driver.configuration_url is None
    assert driver.redact("nothing secret") == "nothing secret"
    assert driver.requests_sent == 0
    with pytest.raises(HeadUnsupportedError, match="no driver for the protocol"):
        create_driver(session, "192.0.2.1", protocol="gree", request_timeout=1.0)


async def test_reads_map_to_the_contract(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    emulator.state.room_temp = 19.6
    emulator.state.humidity = 41.2
    driver = driver_for(emulator, session)
    info = await driver.async_read_info()
    assert (info.mac, info.name, info.firmware, info.away) == (
        "A4B1C2D3E4F5",
        "Living",
        "3.12.3",
        False,
    )
    capabilities = await driver.async_read_capabilities()
    assert capabilities.model == "FTXM46WVMA / RXM46WVMA"
    assert capabilities.modes == tuple(OperationMode)
    assert capabilities.target_ranges == {
        OperationMode.AUTO: TemperatureRange(18.0, 30.0),
        OperationMode.COOL: TemperatureRange(18.0, 32.0),
        OperationMode.HEAT: TemperatureRange(10.0, 30.0),
    }
    assert capabilities.fan_speeds == tuple(FanSpeed)
    assert capabilities.swing_modes == tuple(Swing)
    assert capabilities.special_modes == (SpecialMode.ECO, SpecialMode.BOOST)
    assert capabilities.room_humidity
    assert capabilities.compressor_frequency
    assert not capabilities.away
    emulator.requests.clear()
    state = await driver.async_read_state()
    assert posts(emulator) == 1  # indoor and outdoor nodes in one POST
    assert state.power
    assert state.mode is OperationMode.HEAT
    assert state.target_temperature == 22.0
    assert state.fan_speed is FanSpeed.AUTO
    assert state.swing is Swing.OFF
    assert state.room_temperature == 20.0
    assert state.room_humidity == 41.0
    assert state.outdoor_temperature == pytest.approx(emulator.state.outdoor_temp, abs=0.25)
    assert state.compressor_frequency == emulator.state.compressor_hz > 0
    assert driver.requests_sent == 3


async def test_every_command_through_the_emulator(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    driver = driver_for(emulator, session)
    await driver.async_read_state()

    emulator.requests.clear()
    state = await driver.async_send(Command(power=False))
    assert posts(emulator) == 2  # the write, then the state read back
    assert written(emulator) == {"e_1002/e_A002/p_01": "00"}
    assert not state.power
    assert not emulator.state.power

    state = await driver.async_send(Command(power=True, mode=OperationMode.COOL))
    assert written(emulator) == {"e_1002/e_A002/p_01": "01", "e_1002/e_3001/p_01": "0200"}
    assert (state.power, state.mode, state.target_temperature) == (True, OperationMode.COOL, 25.0)
    assert emulator.state.mode == 3

    for mode, target, device_mode in (
        (OperationMode.COOL, 24.5, 3),
        (OperationMode.HEAT, 20.0, 4),
        (OperationMode.AUTO, 23.0, 1),
    ):
        state = await driver.async_send(Command(mode=mode, target_temperature=target))
        assert (state.mode, state.target_temperature) == (mode, target)
        assert emulator.state.mode == device_mode
        assert emulator.state.stemp == f"{target:.1f}"
    assert emulator.state.dt[3] == "24.5"  # cool's setpoint is remembered
    state = await driver.async_send(Command(mode=OperationMode.COOL))
    assert state.target_temperature == 24.5

    state = await driver.async_send(Command(fan_speed=FanSpeed.LEVEL_4))
    assert written(emulator) == {"e_1002/e_3001/p_09": "0600"}
    assert state.fan_speed is FanSpeed.LEVEL_4
    assert emulator.state.f_rate == "6"

    for swing, code in ((Swing.VERTICAL, "1"), (Swing.BOTH, "3"), (Swing.HORIZONTAL, "2")):
        state = await driver.async_send(Command(swing=swing))
        assert state.swing is swing
        assert emulator.state.f_dir == code
    assert written(emulator) == {"e_1002/e_3001/p_05": "00000000"}
    state = await driver.async_send(Command(swing=Swing.OFF))
    assert state.swing is Swing.OFF

    state = await driver.async_send(Command(mode=OperationMode.DRY))
    assert (state.mode, state.target_temperature, state.fan_speed) == (
        OperationMode.DRY,
        None,
        FanSpeed.AUTO,
    )
    state = await driver.async_send(Command(mode=OperationMode.FAN, fan_speed=FanSpeed.QUIET))
    assert (state.mode, state.fan_speed) == (OperationMode.FAN, FanSpeed.QUIET)
    assert emulator.state.mode == 6

    emulator.requests.clear()
    state = await driver.async_send(Command(mode=OperationMode.FAN))
    assert posts(emulator) == 1  # nothing changes: no write, one read


async def test_special_modes(make_emulator: MakeEmulator, session: aiohttp.ClientSession) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    driver = driver_for(emulator, session)
    assert await driver.async_set_special_mode(SpecialMode.ECO) == {SpecialMode.ECO}
    assert emulator.state.adv == "12"
    assert await driver.async_set_special_mode(SpecialMode.BOOST) == {SpecialMode.BOOST}
    assert emulator.state.adv == "2"
    # Econo off on the indoor node and powerful on on the outdoor node, in one POST.
    assert written(emulator) == {"e_1002/e_3003/p_24": "00", "e_1003/e_3002/p_44": "01"}
    emulator.advance(21 * 60)  # powerful ends by itself
    assert (await driver.async_read_state()).special_modes == frozenset()
    assert await driver.async_set_special_mode(None) == frozenset()
    with pytest.raises(HeadUnsupportedError, match="holiday"):
        await driver.async_set_away(True)


async def test_no_demand_control_over_dsiot(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    driver = driver_for(emulator, session)
    assert not (await driver.async_read_capabilities()).demand_control
    emulator.requests.clear()
    with pytest.raises(HeadUnsupportedError, match="demand control"):
        await driver.async_set_demand_control(DemandControl(enabled=True, max_power_percent=60))
    assert emulator.requests == []  # refused without asking the adapter


async def test_energy_is_daily_today_last(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    driver = driver_for(emulator, session)
    emulator.state.room_temp = 12.0
    emulator.advance(3 * 3600)
    emulator.requests.clear()
    energy = await driver.async_read_energy()
    assert posts(emulator) == 1
    assert isinstance(energy, DailyEnergy)
    assert len(energy.days) == 7
    today_heat, today_cool = emulator.device.day_total(emulator.device.today)
    assert energy.days[-1] == pytest.approx((today_heat + today_cool) / 10)
    assert energy.days[-1] > 0
    assert energy.days[:-1] == (0.0,) * 6


async def test_the_basic_kind_lacks_what_it_lacks(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT_BASIC)
    driver = driver_for(emulator, session)
    capabilities = await driver.async_read_capabilities()
    assert OperationMode.AUTO in capabilities.modes
    assert OperationMode.AUTO not in capabilities.target_ranges
    assert capabilities.special_modes == (SpecialMode.BOOST,)
    assert not capabilities.room_humidity
    assert not capabilities.compressor_frequency
    state = await driver.async_send(Command(mode=OperationMode.AUTO, target_temperature=23.0))
    assert (state.mode, state.target_temperature) == (OperationMode.AUTO, None)
    assert written(emulator) == {"e_1002/e_3001/p_01": "0300"}
    assert (state.room_humidity, state.compressor_frequency) == (None, None)
    with pytest.raises(HeadCommandRejectedError, match="no eco mode"):
        await driver.async_set_special_mode(SpecialMode.ECO)
    assert (await driver.async_read_info()).firmware == "2.8.0"


async def test_the_unnamed_kind_works_without_energy(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT_UNNAMED)
    driver = driver_for(emulator, session)
    capabilities = await driver.async_read_capabilities()
    assert capabilities.model == "C283ATCSV-W"
    assert OperationMode.AUTO not in capabilities.target_ranges
    state = await driver.async_send(Command(mode=OperationMode.COOL, target_temperature=26.0))
    assert (state.mode, state.target_temperature) == (OperationMode.COOL, 26.0)
    assert await driver.async_read_energy() is None
    assert (await driver.async_read_info()).firmware == "3.15.0"


async def test_a_refused_write_raises_and_changes_nothing(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    driver = driver_for(emulator, session)
    await driver.async_read_state()
    emulator.faults.param_ng = True
    with pytest.raises(HeadCommandRejectedError, match="rsc 4000"):
        await driver.async_send(Command(mode=OperationMode.COOL))
    assert emulator.state.mode == 4
    emulator.faults.param_ng = False
    with pytest.raises(HeadCommandRejectedError, match="outside the heat range"):
        await driver.async_send(Command(target_temperature=31.0))


async def test_a_failed_read_back_keeps_what_was_written(
    adapter: FakeAdapter, session: aiohttp.ClientSession
) -> None:
    status = load_json("status_named")
    adapter.answer_json(status, load_json("write_ok"), {"responses": []})
    driver = create_driver(session, adapter.host, protocol=DAIKIN_DSIOT, request_timeout=2.0)
    state = await driver.async_send(Command(power=False, fan_speed=FanSpeed.LEVEL_1))
    assert len(adapter.bodies) == 3  # read (no state yet), write, failed read back
    assert (state.power, state.fan_speed, state.room_temperature) == (False, FanSpeed.LEVEL_1, 23.0)
    both_ok = {"responses": [{"fr": p.INDOOR, "rsc": 2004}, {"fr": p.OUTDOOR, "rsc": 2004}]}
    adapter.answer_json(both_ok, {"responses": []})
    assert await driver.async_set_special_mode(SpecialMode.BOOST) == {SpecialMode.BOOST}
    adapter.answer_json({"responses": []})
    with pytest.raises(HeadResponseError, match="nothing for"):
        await driver.async_read_state()


async def test_an_unreadable_indoor_node_is_an_error(
    adapter: FakeAdapter, session: aiohttp.ClientSession
) -> None:
    adapter.answer_json({"responses": [{"fr": p.INDOOR, "rsc": 4004}]})
    driver = create_driver(session, adapter.host, protocol=DAIKIN_DSIOT, request_timeout=2.0)
    with pytest.raises(HeadResponseError, match="refused to read"):
        await driver.async_read_capabilities()


async def test_state_polls_leave_the_metadata_out_and_keep_its_ranges(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    # The metadata is most of a real answer (~14 KB) and never changes: read once.
    emulator = await make_emulator(EmulatorModel.DSIOT)
    driver = driver_for(emulator, session)
    capabilities = await driver.async_read_capabilities()
    for _ in range(3):
        await driver.async_read_state()
    targets = [item["to"] for body in emulator.dsiot.bodies for item in body["requests"]]
    status_reads = [target for target in targets if "dgc_status" in target]
    assert status_reads[:2] == [f"{p.INDOOR}?filter=pv,pt,md", f"{p.OUTDOOR}?filter=pv,pt,md"]
    assert all(target.endswith("?filter=pv,pt") for target in status_reads[2:])
    assert len(status_reads) == 8
    # The ranges still hold for commands: a target beyond the heat range is refused unsent.
    high = capabilities.target_ranges[OperationMode.HEAT].high
    sent = len(emulator.dsiot.bodies)
    with pytest.raises(HeadCommandRejectedError):
        await driver.async_send(
            Command(power=True, mode=OperationMode.HEAT, target_temperature=high + 1)
        )
    assert len(emulator.dsiot.bodies) == sent
    state = await driver.async_send(Command(mode=OperationMode.HEAT, target_temperature=high))
    assert state.target_temperature == high


async def test_the_running_flag_stands_in_for_a_missing_frequency(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT_BASIC)
    driver = driver_for(emulator, session)
    await driver.async_read_capabilities()
    # The room at 20 degC: a 10 degC target stops the compressor, a 30 degC one runs it.
    for target, running in ((10.0, False), (30.0, True)):
        await driver.async_send(
            Command(power=True, mode=OperationMode.HEAT, target_temperature=target)
        )
        state = await driver.async_read_state()
        assert state.compressor_frequency is None
        assert state.compressor_running is running
        assert state.compressor_running is (emulator.state.compressor_hz > 0)


async def test_a_state_poll_carries_the_energy_and_info_when_due(
    make_emulator: MakeEmulator,
    session: aiohttp.ClientSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Read every 10 minutes, energy and adapter info ride in the state poll before their read.

    The first reads ask for themselves; after CARRY_AFTER the next state poll carries both and
    the reads take them without a request. An answer left waiting past CARRIED_FOR is dropped:
    the read asks the head for a fresh one.
    """
    clock = [1000.0]
    monkeypatch.setattr(
        "custom_components.minisplit.drivers.daikin_dsiot.driver.time.monotonic",
        lambda: clock[0],
    )
    emulator = await make_emulator(EmulatorModel.DSIOT)
    driver = driver_for(emulator, session)
    info = await driver.async_read_info()
    energy = await driver.async_read_energy()
    await driver.async_read_state()
    assert posts(emulator) == 3  # nothing carried before each was read once
    emulator.requests.clear()

    clock[0] += driver_module.CARRY_AFTER - 1
    await driver.async_read_state()
    assert len(emulator.dsiot.bodies[-1]["requests"]) == 2  # not due yet: the state alone
    clock[0] += 1
    await driver.async_read_state()
    carried = {item["to"].partition("?")[0] for item in emulator.dsiot.bodies[-1]["requests"]}
    assert carried == {p.INDOOR, p.OUTDOOR, p.ADAPTER_INFO, p.ADAPTER_SETTINGS, p.WEEK_POWER}
    await driver.async_read_state()  # waiting answers are not asked for again
    assert len(emulator.dsiot.bodies[-1]["requests"]) == 2
    clock[0] += 60
    assert await driver.async_read_info() == info
    assert await driver.async_read_energy() == energy
    assert posts(emulator) == 3  # the three state polls, nothing else

    clock[0] += driver_module.CARRY_AFTER
    await driver.async_read_state()  # carries both again
    clock[0] += driver_module.CARRIED_FOR + 1
    emulator.requests.clear()
    assert await driver.async_read_energy() == energy
    assert posts(emulator) == 1  # too old: asked afresh
