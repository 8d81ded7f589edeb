"""The driver on the classic-API quirks: an adapter without a clock, and Alira X class heads."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable

import aiohttp
import pytest

from custom_components.minisplit.drivers.daikin_classic import (
    DaikinClient,
    DaikinCommandRejectedError,
    DaikinReadRefusedError,
)
from custom_components.minisplit.drivers.daikin_classic.driver import (
    CLOCK_CHECK_INTERVAL,
    DaikinClassicDriver,
)
from custom_components.minisplit.heads import (
    Command,
    HeadCommandRejectedError,
    HourlyEnergy,
    OperationMode,
    Swing,
)
from emulators.daikin import DaikinEmulator, EmulatorModel

from .fake_head import BRP072C_KEY, FakeHead, load_fixture

# The time the driver sets (its own clock is injected); the emulated unit runs on real time.
SET_AT = dt.datetime(2026, 1, 15, 12, 34, 56, tzinfo=dt.UTC)
# The first energy read reads the clock; an unset one is set, then read again.
CLOCK_PATHS = ["/common/get_datetime", "/common/notify_date_time", "/common/get_datetime"]


class Ticker:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        """Start at 1000 s."""
        self.now = 1000.0

    def __call__(self) -> float:
        """Return the current reading."""
        return self.now


MakeEmulator = Callable[..., Awaitable[DaikinEmulator]]


@pytest.fixture
async def make_emulator() -> AsyncGenerator[MakeEmulator]:
    """Start emulated heads on 127.0.0.1."""
    started: list[DaikinEmulator] = []

    async def _make(
        model: EmulatorModel = EmulatorModel.CLASSIC, **kwargs: object
    ) -> DaikinEmulator:
        emulator = DaikinEmulator(model=model, tz="UTC", **kwargs)  # type: ignore[arg-type]
        await emulator.start(host="127.0.0.1", port=0)
        started.append(emulator)
        return emulator

    yield _make
    for emulator in started:
        await emulator.stop()


def driver_on(
    host: str, session: aiohttp.ClientSession, ticker: Ticker | None = None, key: str | None = None
) -> DaikinClassicDriver:
    """A driver whose clocks the test holds."""
    client = DaikinClient(host, session, key=key, request_timeout=2.0)
    return DaikinClassicDriver(client, utcnow=lambda: SET_AT, monotonic=ticker or Ticker())


def paths_of(emulator: DaikinEmulator) -> list[str]:
    """The API paths the emulated head was asked, in order."""
    return [path for path, _ in emulator.requests]


# -- the unset clock -------------------------------------------------------------------------


async def test_the_driver_sets_an_unset_clock_and_gets_the_energy(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(clock_unset=True)
    driver = driver_on(emulator.host, session)
    energy = await driver.async_read_energy()
    assert isinstance(energy, HourlyEnergy)
    assert len(energy.today_heat) == 24
    assert paths_of(emulator) == [*CLOCK_PATHS, "/aircon/get_day_power_ex"]
    assert emulator.requests[1][1] == {"date": "2026/01/15", "zone": "GMT", "time": "12:34:56"}
    assert emulator.device.clock_set
    # The head's time is the time it was set to (the test's monotonic clock stands still).
    assert energy.head_time is not None
    assert abs(energy.head_time - SET_AT.replace(tzinfo=None)) < dt.timedelta(seconds=1)
    # From now on one request per read (within the hour).
    emulator.requests.clear()
    assert await driver.async_read_energy() is not None
    assert paths_of(emulator) == ["/aircon/get_day_power_ex"]


async def test_an_ng_with_a_set_clock_is_reported_without_hammering(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.answers["/aircon/get_day_power_ex"] = "ret=NG"
    head.answers["/common/get_datetime"] = load_fixture("datetime_synced")
    ticker = Ticker()
    driver = driver_on(head.host, session, ticker)
    with pytest.raises(HeadCommandRejectedError, match="ret=NG"):
        await driver.async_read_energy()
    # The clock read before the energy read was the check: it is set, so the NG stands.
    assert head.paths() == ["/common/get_datetime", "/aircon/get_day_power_ex"]
    # The next polls within the hour ask for energy only.
    for _ in range(3):
        ticker.now += CLOCK_CHECK_INTERVAL / 4
        with pytest.raises(DaikinReadRefusedError):
            await driver.async_read_energy()
    assert head.paths()[2:] == ["/aircon/get_day_power_ex"] * 3
    # An hour after the check the clock is looked at once more (it may have been lost since).
    ticker.now += CLOCK_CHECK_INTERVAL / 4
    with pytest.raises(DaikinReadRefusedError):
        await driver.async_read_energy()
    assert head.paths()[5:] == ["/common/get_datetime", "/aircon/get_day_power_ex"]


async def test_a_clock_that_does_not_cure_the_ng_is_set_once(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = await make_emulator(clock_unset=True)
    # An adapter that says OK to the time but does not keep it.
    monkeypatch.setattr(emulator.device, "set_clock", lambda moment: None)
    driver = driver_on(emulator.host, session)
    with pytest.raises(DaikinReadRefusedError):
        await driver.async_read_energy()
    assert paths_of(emulator) == [*CLOCK_PATHS, "/aircon/get_day_power_ex"]
    emulator.requests.clear()
    with pytest.raises(DaikinReadRefusedError):
        await driver.async_read_energy()
    assert paths_of(emulator) == ["/aircon/get_day_power_ex"]


async def test_a_lost_clock_is_set_again_after_good_reads(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(clock_unset=True)
    ticker = Ticker()
    driver = driver_on(emulator.host, session, ticker)
    assert await driver.async_read_energy() is not None
    # The adapter restarts and forgets the time a minute later: set again at once.
    emulator.device.unset_clock()
    ticker.now += 60
    emulator.requests.clear()
    assert await driver.async_read_energy() is not None
    assert paths_of(emulator) == [
        "/aircon/get_day_power_ex",
        *CLOCK_PATHS,
        "/aircon/get_day_power_ex",
    ]


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/common/get_datetime", "ret=PARAM NG,msg=404 Not Found"),  # no clock endpoint
        ("/common/notify_date_time", "ret=PARAM NG"),  # the time refused
    ],
)
async def test_a_refused_clock_step_reports_the_first_ng(
    head: FakeHead, session: aiohttp.ClientSession, path: str, answer: str
) -> None:
    head.answers["/aircon/get_day_power_ex"] = "ret=NG"
    head.answers["/common/get_datetime"] = load_fixture("datetime_unset")
    head.answers[path] = answer
    driver = driver_on(head.host, session)
    with pytest.raises(DaikinReadRefusedError, match="ret=NG to the energy read"):
        await driver.async_read_energy()
    # The clock is read first; the step it refused ends the clock's part, the NG is reported.
    assert head.paths()[-2:] == [path, "/aircon/get_day_power_ex"]
    assert head.paths().count("/aircon/get_day_power_ex") == 1


async def test_param_ng_energy_is_no_energy_and_no_clock_check(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.answers["/aircon/get_day_power_ex"] = "ret=PARAM NG"
    driver = driver_on(head.host, session)
    assert await driver.async_read_energy() is None
    # The hourly clock read (this fake head has none), then no check after the PARAM NG.
    assert head.paths() == ["/common/get_datetime", "/aircon/get_day_power_ex"]


async def test_other_refusals_stay_rejections(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.answers["/aircon/get_day_power_ex"] = "ret=ERROR"
    driver = driver_on(head.host, session)
    with pytest.raises(DaikinCommandRejectedError) as caught:
        await driver.async_read_energy()
    assert not isinstance(caught.value, DaikinReadRefusedError)
    assert head.paths() == ["/common/get_datetime", "/aircon/get_day_power_ex"]


async def test_setting_the_clock_logs_no_secret(
    make_emulator: MakeEmulator,
    session: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emulator = await make_emulator(EmulatorModel.BRP072C, key=BRP072C_KEY, clock_unset=True)
    driver = driver_on(emulator.host, session, key=BRP072C_KEY)
    with caplog.at_level(logging.DEBUG):
        assert await driver.async_read_energy() is not None
    assert "clock is now set" in caplog.text
    assert BRP072C_KEY not in caplog.text
    assert driver.client_id
    assert driver.client_id not in caplog.text


# -- Alira X class heads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("swing", "pair", "f_dir"),
    [
        (Swing.OFF, ("0", "0"), "0"),
        (Swing.VERTICAL, ("S", "0"), "1"),
        (Swing.HORIZONTAL, ("0", "S"), "2"),
        (Swing.BOTH, ("S", "S"), "3"),
    ],
)
async def test_alira_x_swing(
    make_emulator: MakeEmulator,
    session: aiohttp.ClientSession,
    swing: Swing,
    pair: tuple[str, str],
    f_dir: str,
) -> None:
    emulator = await make_emulator(EmulatorModel.ALIRA_X)
    driver = driver_on(emulator.host, session)
    capabilities = await driver.async_read_capabilities()
    assert capabilities.swing_modes == tuple(Swing)
    await driver.async_read_state()
    state = await driver.async_send(Command(swing=swing))
    assert state.swing is swing
    assert emulator.state.f_dir == f_dir
    writes = [query for path, query in emulator.requests if path == "/aircon/set_control_info"]
    assert len(writes) == 1
    assert "f_dir" not in writes[0]
    assert (writes[0]["f_dir_ud"], writes[0]["f_dir_lr"]) == pair
    assert (await driver.async_read_state()).swing is swing


async def test_alira_x_mode_change_restores_the_louvres_of_the_mode(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.ALIRA_X)
    driver = driver_on(emulator.host, session)
    await driver.async_read_state()
    await driver.async_send(Command(mode=OperationMode.COOL, swing=Swing.VERTICAL))
    await driver.async_send(Command(mode=OperationMode.HEAT, swing=Swing.BOTH))
    state = await driver.async_send(Command(mode=OperationMode.COOL))
    assert state.swing is Swing.VERTICAL
    assert emulator.state.f_dir == "1"


async def test_alira_x_off_shows_no_power(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.ALIRA_X)
    driver = driver_on(emulator.host, session)
    await driver.async_read_state()
    state = await driver.async_send(Command(power=False))
    assert state.power is False
    assert emulator.state.power_w == 0
    # The head still says mompow=1 (100 W); the driver shows nothing made of it.
    assert state.raw["sensor_info"]["mompow"] == "1"
    assert state.compressor_frequency == 0
    assert state.outdoor_temperature is None
    shown = {name: getattr(state, name) for name in state.__slots__ if name != "raw"}
    assert 100 not in shown.values()
