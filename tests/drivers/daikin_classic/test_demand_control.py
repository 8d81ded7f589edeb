"""Demand control through the classic driver: against the emulated head, and on the wire."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import aiohttp
import pytest

from custom_components.minisplit.drivers.daikin_classic import (
    DaikinClient,
    DaikinCommandRejectedError,
    DaikinResponseError,
)
from custom_components.minisplit.drivers.daikin_classic.demand import (
    build_demand_control_query,
    parse_demand_control,
)
from custom_components.minisplit.drivers.daikin_classic.driver import DaikinClassicDriver
from custom_components.minisplit.heads import DemandControl, DemandControlMode
from emulators.daikin import DaikinEmulator, EmulatorModel

CAP_60 = DemandControl(enabled=True, max_power_percent=60)


@pytest.fixture
async def emu(request: pytest.FixtureRequest) -> AsyncGenerator[DaikinEmulator]:
    """A running emulated head (classic unless the test is parametrized with a model)."""
    emulator = DaikinEmulator(model=getattr(request, "param", EmulatorModel.CLASSIC), tz="UTC")
    await emulator.start(host="127.0.0.1", port=0)
    yield emulator
    await emulator.stop()


def driver_for(emu: DaikinEmulator, session: aiohttp.ClientSession) -> DaikinClassicDriver:
    return DaikinClassicDriver(DaikinClient(emu.host, session, request_timeout=2.0))


async def test_a_head_that_offers_it_caps_and_lifts_its_power(
    emu: DaikinEmulator, session: aiohttp.ClientSession
) -> None:
    driver = driver_for(emu, session)
    assert (await driver.async_read_capabilities()).demand_control
    assert await driver.async_set_demand_control(CAP_60) == CAP_60
    assert (emu.demand.enabled, emu.demand.max_pow) == (True, 60)
    auto = DemandControl(enabled=True, max_power_percent=80, mode=DemandControlMode.AUTO)
    assert await driver.async_set_demand_control(auto) == auto
    off = await driver.async_set_demand_control(DemandControl(enabled=False, max_power_percent=80))
    assert off == DemandControl(enabled=False, max_power_percent=80, mode=DemandControlMode.AUTO)
    assert emu.state.demand_cap_percent is None
    paths = [path for path, _ in emu.requests if "demand" in path]
    assert paths == ["/aircon/set_demand_control", "/aircon/get_demand_control"] * 3


@pytest.mark.parametrize("emu", [EmulatorModel.ALIRA_X], indirect=True)
async def test_a_head_that_does_not_offer_it_says_so(
    emu: DaikinEmulator, session: aiohttp.ClientSession
) -> None:
    driver = driver_for(emu, session)
    assert not (await driver.async_read_capabilities()).demand_control
    with pytest.raises(DaikinCommandRejectedError):
        await driver.async_set_demand_control(CAP_60)


def test_the_query_lifts_a_cap_with_en_demand_alone() -> None:
    assert build_demand_control_query(DemandControl(enabled=False, max_power_percent=60)) == {
        "en_demand": "0"
    }
    assert build_demand_control_query(CAP_60) == {
        "en_demand": "1",
        "mode": "0",
        "type": "1",
        "max_pow": "60",
    }


@pytest.mark.parametrize(
    "demand",
    [
        DemandControl(enabled=True, max_power_percent=35),
        DemandControl(enabled=True, max_power_percent=62),
        DemandControl(enabled=True, max_power_percent=60, mode=DemandControlMode.SCHEDULED),
    ],
)
def test_a_cap_adapters_do_not_take_is_never_sent(demand: DemandControl) -> None:
    with pytest.raises(ValueError, match="demand"):
        build_demand_control_query(demand)


def test_the_app_schedule_reads_as_scheduled() -> None:
    fields = {"ret": "OK", "type": "1", "en_demand": "1", "mode": "1", "max_pow": "55"}
    assert parse_demand_control(fields) == DemandControl(
        enabled=True, max_power_percent=55, mode=DemandControlMode.SCHEDULED
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"en_demand": "1", "mode": "0"},  # no max_pow
        {"en_demand": "1", "mode": "0", "max_pow": "-"},
        {"en_demand": "1", "mode": "7", "max_pow": "60"},
        {"en_demand": "on", "mode": "0", "max_pow": "60"},
        {"en_demand": "1", "mode": "0", "max_pow": "250"},
    ],
)
def test_an_unusable_answer_is_a_response_error(fields: dict[str, str]) -> None:
    with pytest.raises(DaikinResponseError, match="no usable demand control"):
        parse_demand_control(fields)
