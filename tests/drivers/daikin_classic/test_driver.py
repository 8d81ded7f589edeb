"""The Daikin classic driver behind the contract, over real HTTP against a fake head."""

from __future__ import annotations

from ipaddress import ip_address

import aiohttp
import pytest

from custom_components.minisplit.drivers import create_driver, host_from_address, normalize_host
from custom_components.minisplit.drivers.daikin_classic.driver import (
    TARGET_RANGES,
    DaikinClassicDriver,
)
from custom_components.minisplit.heads import (
    Command,
    FanSpeed,
    HeadDriver,
    HeadResponseError,
    InvalidHost,
    OperationMode,
    SpecialMode,
    Swing,
)

from .fake_head import BRP072C_KEY, FakeHead


def driver_for(head: FakeHead, session: aiohttp.ClientSession) -> DaikinClassicDriver:
    """The driver the factory makes for the fake head."""
    driver = create_driver(session, head.host, request_timeout=2.0)
    assert isinstance(driver, DaikinClassicDriver)
    return driver


def test_the_factory_makes_a_daikin_classic_driver(session: aiohttp.ClientSession) -> None:
    driver: HeadDriver = create_driver(
        session, " 192.0.2.1:8080 ", key=BRP072C_KEY, client_id="abc", request_timeout=1.0
    )
    assert driver.host == "192.0.2.1:8080"
    assert driver.client_id == "abc"
    assert driver.manufacturer == "Daikin"
    assert driver.product_name == "Daikin Wi-Fi adapter"
    assert driver.configuration_url == "https://192.0.2.1:8080"
    assert driver.redact(f"key={BRP072C_KEY} abc") == "key=**REDACTED** **REDACTED**"
    with pytest.raises(InvalidHost):
        create_driver(session, "http://192.0.2.1", request_timeout=1.0)


def test_addresses_through_the_factory() -> None:
    assert normalize_host(" [FD00::40]:8080 ") == "[fd00::40]:8080"
    with pytest.raises(InvalidHost):
        normalize_host("bad host!")
    assert host_from_address(ip_address("192.0.2.7"), 81) == "192.0.2.7:81"
    assert host_from_address(ip_address("fd00::40")) == "fd00::40"


async def test_reads_map_to_the_contract(head: FakeHead, session: aiohttp.ClientSession) -> None:
    driver = driver_for(head, session)
    info = await driver.async_read_info()
    assert (info.mac, info.name, info.away) == ("A4B1C2D3E4F5", "Living", False)
    assert info.raw["basic_info"]["mac"]
    capabilities = await driver.async_read_capabilities()
    assert (capabilities.model, capabilities.model_code) == (None, "0AB9")  # a code, no name
    assert capabilities.modes == tuple(OperationMode)
    assert capabilities.fan_speeds == tuple(FanSpeed)
    assert capabilities.swing_modes == tuple(Swing)
    assert capabilities.special_modes == ()
    assert capabilities.target_ranges == TARGET_RANGES
    assert capabilities.target_step == 0.5
    assert capabilities.away
    assert capabilities.compressor_frequency
    assert not capabilities.room_humidity
    state = await driver.async_read_state()
    assert state.power
    assert state.mode is OperationMode.HEAT
    assert state.target_temperature == 21.5
    assert state.fan_speed is FanSpeed.AUTO
    assert state.swing is Swing.VERTICAL
    assert state.special_modes == frozenset()
    assert (state.room_temperature, state.room_humidity, state.outdoor_temperature) == (
        22.5,
        47.0,
        8.5,
    )
    assert state.compressor_frequency == 34
    assert set(state.raw) == {"sensor_info", "control_info"}
    energy = await driver.async_read_energy()
    assert energy is not None
    assert len(energy.today_heat) == 24
    assert driver.requests_sent == len(head.requests)


async def test_no_energy_endpoint_is_none(head: FakeHead, session: aiohttp.ClientSession) -> None:
    del head.answers["/aircon/get_day_power_ex"]
    assert await driver_for(head, session).async_read_energy() is None


async def test_a_command_keeps_the_mode_memory_and_reads_back(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    driver = driver_for(head, session)
    await driver.async_read_state()
    head.requests.clear()
    state = await driver.async_send(Command(mode=OperationMode.COOL, fan_speed=FanSpeed.QUIET))
    assert head.paths() == [
        "/aircon/set_control_info",
        "/aircon/get_control_info",
        "/aircon/get_sensor_info",
    ]
    written = head.requests[0].query
    assert written["mode"] == "3"
    assert written["stemp"] == "26.0"  # the head's memory of cool (dt3)
    assert written["f_rate"] == "B"
    assert written["f_dir"] == "3"  # the head's memory of cool (dfd3), kept inside the driver
    assert state.mode is OperationMode.COOL
    assert state.fan_speed is FanSpeed.QUIET
    assert state.swing is Swing.BOTH


async def test_a_command_shows_the_last_readings_when_the_sensors_fail(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    driver = driver_for(head, session)
    before = await driver.async_read_state()

    head.answers["/aircon/get_sensor_info"] = "not key=value"
    state = await driver.async_send(Command(target_temperature=23.3))
    assert state.target_temperature == 23.5
    assert state.room_temperature == before.room_temperature


async def test_a_command_before_any_reading_needs_the_sensors(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    driver = driver_for(head, session)
    head.answers["/aircon/get_sensor_info"] = "not key=value"
    with pytest.raises(HeadResponseError):
        await driver.async_send(Command(power=False))
    assert head.control["pow"] == "0"  # the write itself went through


async def test_one_special_mode_at_a_time(head: FakeHead, session: aiohttp.ClientSession) -> None:
    driver = driver_for(head, session)
    head.control["adv"] = "13"  # the streamer, which is no special mode of the contract
    assert await driver.async_set_special_mode(SpecialMode.BOOST) == {SpecialMode.BOOST}
    assert await driver.async_set_special_mode(SpecialMode.ECO) == {SpecialMode.ECO}
    assert await driver.async_set_special_mode(None) == frozenset()
    assert head.control["adv"] == "13"
    state = await driver.async_read_state()
    assert state.special_modes == frozenset()


async def test_away(head: FakeHead, session: aiohttp.ClientSession) -> None:
    driver = driver_for(head, session)
    await driver.async_set_away(True)
    assert head.holiday == "1"
