"""The classic driver stamps energy with the head's own clock, read over real HTTP.

The emulated head and the driver's monotonic clock run on one simulated time; Home Assistant's
wall clock (the driver's `utcnow`) is held apart, so that a test can move it alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

from custom_components.minisplit.drivers.daikin_classic import DaikinClient
from custom_components.minisplit.drivers.daikin_classic.driver import (
    CLOCK_CHECK_INTERVAL,
    MAX_TIMED_REQUEST_S,
    MIDNIGHT_MARGIN,
    DaikinClassicDriver,
    near_midnight,
)
from custom_components.minisplit.heads import HeadResponseError, HourlyEnergy
from emulators.daikin import DaikinEmulator

from .fake_head import FakeHead

START = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)
CLOCK = "/common/get_datetime"
ENERGY = "/aircon/get_day_power_ex"
SECOND = dt.timedelta(seconds=1)


class Sim:
    """Simulated time: the head's true time and the driver's monotonic clock move together."""

    def __init__(self, start: dt.datetime = START) -> None:
        """Start all clocks at `start`; the monotonic clock at 1000 s."""
        self.true = start
        self.mono = 1000.0
        # Home Assistant's wall clock: moves with the others unless a test moves it alone.
        self.wall = start

    def now(self) -> dt.datetime:
        """The emulated head's time source."""
        return self.true

    def monotonic(self) -> float:
        """The driver's monotonic clock."""
        return self.mono

    def utcnow(self) -> dt.datetime:
        """Home Assistant's wall clock, as the driver sees it."""
        return self.wall

    def tick(self, **delta: float) -> None:
        """Move every clock on by a timedelta given as keywords."""
        step = dt.timedelta(**delta)
        self.true += step
        self.wall += step
        self.mono += step.total_seconds()


MakeEmulator = Callable[..., Awaitable[DaikinEmulator]]


@pytest.fixture
def sim() -> Sim:
    """Simulated time at 2026-01-15 10:00 UTC."""
    return Sim()


@pytest.fixture
async def make_emulator(sim: Sim) -> AsyncGenerator[MakeEmulator]:
    """Start emulated heads on 127.0.0.1, on the simulated time, their adapters on UTC."""
    started: list[DaikinEmulator] = []

    async def _make(**kwargs: object) -> DaikinEmulator:
        kwargs.setdefault("now", sim.now)
        kwargs.setdefault("tz", "UTC")
        emulator = DaikinEmulator(**kwargs)  # type: ignore[arg-type]
        await emulator.start(host="127.0.0.1", port=0)
        started.append(emulator)
        return emulator

    yield _make
    for emulator in started:
        await emulator.stop()


def driver_on(host: str, session: aiohttp.ClientSession, sim: Sim) -> DaikinClassicDriver:
    """A driver on the simulated clocks."""
    client = DaikinClient(host, session, request_timeout=5.0)
    return DaikinClassicDriver(client, utcnow=sim.utcnow, monotonic=sim.monotonic)


def shown_by(emulator: DaikinEmulator) -> dt.datetime:
    """What the emulated adapter's clock shows now, naive, as get_datetime tells it."""
    shown = emulator.device.adapter_time()
    assert shown is not None
    return shown.replace(tzinfo=None)


def count(emulator: DaikinEmulator, path: str) -> int:
    """How often the emulated head was asked for path."""
    return sum(1 for asked, _ in emulator.requests if asked == path)


async def read(driver: DaikinClassicDriver) -> HourlyEnergy:
    """Read energy that must be there."""
    energy = await driver.async_read_energy()
    assert isinstance(energy, HourlyEnergy)
    return energy


def slow(
    emulator: DaikinEmulator, monkeypatch: pytest.MonkeyPatch, sim: Sim, name: str, seconds: float
) -> None:
    """Make an emulator answer take `seconds` of simulated time (the answer at its end)."""
    answer = getattr(emulator, name)

    def slow_answer() -> list[tuple[str, str]]:
        sim.tick(seconds=seconds)
        emulator.device.evaluate()
        result: list[tuple[str, str]] = answer()
        return result

    monkeypatch.setattr(emulator, name, slow_answer)


# -- the head's time -------------------------------------------------------------------------


async def test_head_time_is_the_adapters_clock_five_hours_off(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession, sim: Sim
) -> None:
    emulator = await make_emulator(clock_offset=dt.timedelta(hours=5))
    driver = driver_on(emulator.host, session, sim)
    energy = await read(driver)
    assert energy.head_time is not None
    assert abs(energy.head_time - dt.datetime(2026, 1, 15, 15, 0)) < SECOND
    assert energy.head_time.tzinfo is None
    assert energy.read_at == START
    for _ in range(9):  # 90 minutes of polls: the estimate follows the adapter's clock
        sim.tick(minutes=10)
        energy = await read(driver)
        assert energy.head_time is not None
        assert abs(energy.head_time - shown_by(emulator)) < SECOND
        assert energy.read_at == sim.wall
    assert energy.head_time.hour == 16
    assert energy.today_heat == tuple(value / 10 for value in emulator.state.curr_day_heat)


async def test_head_time_on_real_clocks_within_a_second(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    # Real time everywhere, answers 0.3 s late: the middle of each request is the moment. The
    # adapter's clock is hours off, put at noon so that its midnight is never near.
    now = dt.datetime.now(dt.UTC)
    offset = now.replace(hour=12, minute=0, second=0, microsecond=0) - now
    emulator = await make_emulator(now=None, clock_offset=offset)
    emulator.faults.latency = 0.3
    driver = DaikinClassicDriver(DaikinClient(emulator.host, session, request_timeout=5.0))
    energy = await read(driver)
    after = shown_by(emulator)
    now = dt.datetime.now(dt.UTC)
    assert energy.head_time is not None
    assert energy.read_at is not None
    assert energy.read_at.tzinfo is dt.UTC
    assert dt.timedelta() <= after - energy.head_time < 2 * SECOND
    assert dt.timedelta() <= now - energy.read_at < 2 * SECOND
    # Head time and read_at are one moment on the two clocks: as far apart as the adapter's clock
    # is off, within a second (the adapter shows whole seconds).
    apart = energy.head_time - energy.read_at.replace(tzinfo=None)
    assert abs(apart - offset) < SECOND


async def test_slow_answers_are_placed_at_the_middle_of_their_requests(
    make_emulator: MakeEmulator,
    session: aiohttp.ClientSession,
    sim: Sim,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emulator = await make_emulator()
    slow(emulator, monkeypatch, sim, "_datetime", 20)
    slow(emulator, monkeypatch, sim, "_day_power_ex", 30)
    driver = driver_on(emulator.host, session, sim)
    wall_before = sim.wall
    energy = await read(driver)
    # The adapter told its clock at the end of a 20 s request, taken as its middle (10 s off),
    # and its energy at the end of a 30 s one (15 s): the head time is within 25 s of the truth.
    assert energy.head_time is not None
    error = shown_by(emulator) - energy.head_time
    assert abs(error) <= dt.timedelta(seconds=10 + 15)
    assert error == dt.timedelta(seconds=15 - 10)
    # read_at is the middle of the energy request on Home Assistant's clock.
    assert energy.read_at == wall_before + dt.timedelta(seconds=20 + 15)


async def test_home_assistants_clock_going_back_does_not_move_head_time(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession, sim: Sim
) -> None:
    emulator = await make_emulator(clock_offset=dt.timedelta(hours=-3))
    driver = driver_on(emulator.host, session, sim)
    first = await read(driver)
    sim.tick(minutes=10)
    sim.wall -= dt.timedelta(hours=1)  # Home Assistant's clock is put back an hour
    second = await read(driver)
    assert first.head_time is not None
    assert second.head_time is not None
    assert second.head_time - first.head_time == dt.timedelta(minutes=10)
    assert abs(second.head_time - shown_by(emulator)) < SECOND
    assert second.read_at == START - dt.timedelta(minutes=50)


# -- how often the clock is read -------------------------------------------------------------


async def test_the_clock_is_read_once_an_hour_not_at_every_read(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession, sim: Sim
) -> None:
    emulator = await make_emulator(clock_offset=dt.timedelta(hours=2))
    driver = driver_on(emulator.host, session, sim)
    for _ in range(18):  # three hours of ten-minute polls
        await read(driver)
        sim.tick(minutes=10)
    assert count(emulator, ENERGY) == 18
    assert count(emulator, CLOCK) == 3  # at 0, 60 and 120 minutes: one extra request an hour
    clock_reads = [index for index, (path, _) in enumerate(emulator.requests) if path == CLOCK]
    assert clock_reads == [0, 7, 14]


async def test_a_clock_read_follows_an_adapter_whose_clock_changed(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession, sim: Sim
) -> None:
    emulator = await make_emulator()
    driver = driver_on(emulator.host, session, sim)
    await read(driver)
    emulator.device.clock_offset = dt.timedelta(minutes=7)  # the cloud corrects the clock
    sim.tick(minutes=30)
    energy = await read(driver)
    assert energy.head_time is not None
    assert shown_by(emulator) - energy.head_time == dt.timedelta(minutes=7)  # not read yet
    sim.tick(minutes=30)
    energy = await read(driver)
    assert energy.head_time is not None
    assert abs(energy.head_time - shown_by(emulator)) < SECOND


# -- the head's midnight ---------------------------------------------------------------------


async def test_no_energy_is_read_within_five_minutes_of_the_heads_midnight(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    # Home Assistant's 18:50 UTC is the adapter's 23:50: only the head's midnight counts.
    sim = Sim(dt.datetime(2026, 1, 15, 18, 50, tzinfo=dt.UTC))
    emulator = await make_emulator(now=sim.now, clock_offset=dt.timedelta(hours=5))
    driver = driver_on(emulator.host, session, sim)
    before = await read(driver)
    assert before.head_time is not None
    assert before.head_time.date() == dt.date(2026, 1, 15)
    for minutes in (6, 6):  # the head's 23:56 and 00:02: the last reading stands
        sim.tick(minutes=minutes)
        assert await driver.async_read_energy() is before
    assert count(emulator, ENERGY) == 1
    sim.tick(minutes=4)  # the head's 00:06
    after = await read(driver)
    assert count(emulator, ENERGY) == 2
    assert after.head_time is not None
    assert after.head_time.date() == dt.date(2026, 1, 16)
    assert (after.head_time.hour, after.head_time.minute) == (0, 6)
    assert after.today_heat == (0.0,) * 24
    assert after.yesterday_heat == tuple(value / 10 for value in emulator.state.prev_1day_heat)


@pytest.mark.parametrize("minutes", [-5, -1, 0, 1, 5])
async def test_a_first_read_near_the_heads_midnight_is_read_and_stamped(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession, minutes: int
) -> None:
    # A start within the margin is no fault: the reading says the head has energy, and its
    # head_time lets the ledger leave it unused (an error here was logged as a warning).
    start = dt.datetime(2026, 1, 16, 0, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    sim = Sim(start)
    emulator = await make_emulator(now=sim.now)
    driver = driver_on(emulator.host, session, sim)
    energy = await read(driver)
    assert energy.head_time is not None
    assert near_midnight(energy.head_time)
    assert abs(energy.head_time - start.replace(tzinfo=None)) < dt.timedelta(seconds=2)
    assert [path for path, _ in emulator.requests] == [CLOCK, ENERGY]


def test_the_margin_is_five_minutes_either_side() -> None:
    midnight = dt.datetime(2026, 1, 16)
    assert dt.timedelta(minutes=5) == MIDNIGHT_MARGIN
    for offset in (-300, -1, 0, 1, 300):
        assert near_midnight(midnight + dt.timedelta(seconds=offset))
    for offset in (-301, 301, 3600, 12 * 3600):
        assert not near_midnight(midnight + dt.timedelta(seconds=offset))


async def test_a_head_without_energy_stays_without_energy_near_midnight(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    sim = Sim(dt.datetime(2026, 1, 15, 23, 50, tzinfo=dt.UTC))
    head.answers[CLOCK] = "ret=OK,sta=2,cur=2026/1/15 23:50:0,reg=eu,dst=1,zone=313"
    head.answers[ENERGY] = "ret=PARAM NG"
    driver = driver_on(head.host, session, sim)
    assert await driver.async_read_energy() is None
    sim.tick(minutes=8)
    assert await driver.async_read_energy() is None
    assert head.paths().count(ENERGY) == 1


# -- clocks that cannot be used --------------------------------------------------------------


async def test_an_unset_clock_is_set_and_read_again(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession, sim: Sim
) -> None:
    emulator = await make_emulator(clock_unset=True)
    # Home Assistant's clock is 90 s ahead of the head's true time: the head is set from it.
    sim.wall += dt.timedelta(seconds=90)
    driver = driver_on(emulator.host, session, sim)
    energy = await read(driver)
    assert [path for path, _ in emulator.requests] == [
        CLOCK,
        "/common/notify_date_time",
        CLOCK,
        ENERGY,
    ]
    assert emulator.requests[1][1] == {"date": "2026/01/15", "zone": "GMT", "time": "10:01:30"}
    assert energy.head_time == dt.datetime(2026, 1, 15, 10, 1, 30)
    assert energy.head_time == shown_by(emulator)
    sim.tick(minutes=10)
    assert (await read(driver)).head_time == dt.datetime(2026, 1, 15, 10, 11, 30)
    assert count(emulator, CLOCK) == 2


@pytest.mark.parametrize(
    "answer",
    [
        "ret=NG",
        "ret=PARAM NG,msg=404 Not Found",
        "ret=OK,sta=2,cur=2026/13/7 7:25:50,reg=eu,dst=1,zone=313",
        "ret=OK,sta=2,cur=-",
        "ret=OK,sta=2",
        "<html>not an adapter</html>",
        "404",
        "500",
    ],
)
async def test_a_clock_the_head_will_not_tell_gives_no_head_time(
    head: FakeHead, session: aiohttp.ClientSession, sim: Sim, answer: str
) -> None:
    if answer.isdigit():
        status = int(answer)

        async def refuse(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, text="Not Found")

        head.handlers[CLOCK] = refuse
    else:
        head.answers[CLOCK] = answer
    driver = driver_on(head.host, session, sim)
    for _ in range(12):  # two hours of polls: the energy is read, the clock tried once an hour
        energy = await read(driver)
        assert energy.head_time is None
        assert energy.read_at == sim.wall
        sim.tick(minutes=10)
    assert head.paths().count(ENERGY) == 12
    assert head.paths().count(CLOCK) == 2
    # Once the adapter tells its clock, the next hourly read picks it up.
    head.handlers.pop(CLOCK, None)
    head.answers[CLOCK] = "ret=OK,sta=2,cur=2026/1/15 12:0:0,reg=eu,dst=1,zone=313"
    assert (await read(driver)).head_time == dt.datetime(2026, 1, 15, 12, 0, 0)


async def test_a_slow_clock_read_is_discarded_and_tried_again(
    make_emulator: MakeEmulator,
    session: aiohttp.ClientSession,
    sim: Sim,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emulator = await make_emulator()
    slow(emulator, monkeypatch, sim, "_datetime", MAX_TIMED_REQUEST_S + 1)
    driver = driver_on(emulator.host, session, sim)
    assert (await read(driver)).head_time is None
    sim.tick(minutes=10)
    assert (await read(driver)).head_time is None
    assert count(emulator, CLOCK) == 2  # tried again at the next read, not an hour later
    monkeypatch.undo()
    sim.tick(minutes=10)
    energy = await read(driver)
    assert energy.head_time is not None
    assert abs(energy.head_time - shown_by(emulator)) < SECOND
    assert count(emulator, CLOCK) == 3


async def test_a_slow_energy_answer_is_unusable(
    make_emulator: MakeEmulator,
    session: aiohttp.ClientSession,
    sim: Sim,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emulator = await make_emulator()
    driver = driver_on(emulator.host, session, sim)
    await read(driver)
    slow(emulator, monkeypatch, sim, "_day_power_ex", MAX_TIMED_REQUEST_S + 1)
    sim.tick(minutes=10)
    with pytest.raises(HeadResponseError, match="61 s"):
        await driver.async_read_energy()
    monkeypatch.undo()
    sim.tick(minutes=10)
    energy = await read(driver)
    assert energy.head_time is not None
    assert abs(energy.head_time - shown_by(emulator)) < SECOND


async def test_an_answer_just_within_the_limit_is_used(
    make_emulator: MakeEmulator,
    session: aiohttp.ClientSession,
    sim: Sim,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emulator = await make_emulator()
    slow(emulator, monkeypatch, sim, "_datetime", MAX_TIMED_REQUEST_S)
    slow(emulator, monkeypatch, sim, "_day_power_ex", MAX_TIMED_REQUEST_S)
    driver = driver_on(emulator.host, session, sim)
    energy = await read(driver)
    assert energy.head_time is not None
    assert abs(shown_by(emulator) - energy.head_time) <= dt.timedelta(seconds=60)
    assert count(emulator, CLOCK) == 1
    monkeypatch.undo()
    # The next clock read is an hour after the end of this one (60 s before the energy's end).
    sim.tick(seconds=CLOCK_CHECK_INTERVAL - MAX_TIMED_REQUEST_S - 1)
    await read(driver)
    assert count(emulator, CLOCK) == 1
    sim.tick(seconds=1)
    await read(driver)
    assert count(emulator, CLOCK) == 2


async def test_a_clock_set_but_not_told_afterwards_gives_no_head_time(
    head: FakeHead, session: aiohttp.ClientSession, sim: Sim
) -> None:
    answers = iter(["ret=OK,sta=0,cur=-", "ret=NG"])

    async def clock(request: web.Request) -> web.StreamResponse:
        return web.Response(text=next(answers))

    head.handlers[CLOCK] = clock
    head.answers["/common/notify_date_time"] = "ret=OK"
    driver = driver_on(head.host, session, sim)
    energy = await read(driver)
    assert energy.head_time is None
    assert head.paths() == [CLOCK, "/common/notify_date_time", CLOCK, ENERGY]
