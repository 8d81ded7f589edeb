"""The daily ledger against a simulated /dsiot head and the exact truth.

The head here is written independently of the ledger. It keeps true energy per hour of its own
days (Wh), publishes 7 daily totals in kWh (0.001 steps), its own today last and growing during
the day, has a clock of its own that it does not tell (whole minutes within 2 hours of Home
Assistant's local time when the sequence starts, so within 3 hours after a daylight-saving
change of Home Assistant's zone), counter resets that zero today, days from before the adapter
knew anything (unknown), and glitched reads. Polls come minutes to 8 days apart. Home Assistant
restarts from the state saved after any reading of the last 15 minutes, as if the readings since
had not been made (the truth rewinds to that state too).

A reading is used when Home Assistant's local time is between 03:05 and 20:55 (no head clock
within 3 hours of it can have another date then), its series is 7 long, and its date is not
before the newest used. The truth: every day a used reading showed counts the largest value a
used reading showed for it, less its baseline: what the first used reading showed, or, for a day
of that reading it could not read, the first value a later used reading showed; a day after the
first used reading's date has baseline 0.

`MINISPLIT_LONG_PROPERTIES=1` runs 200,000 seeded sequences instead of 300 over all cores; a
failure names its seed.
"""

from __future__ import annotations

import copy
import json
import math
import os
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.minisplit.energy.daily import DailyEnergyLedger
from tests.energy.long_run import failures_over_cores

LONG = os.environ.get("MINISPLIT_LONG_PROPERTIES") == "1"
EXAMPLES = int(os.environ.get("MINISPLIT_PROPERTY_EXAMPLES") or (200_000 if LONG else 300))
# The long form runs for many minutes: no per-test timeout then.
pytestmark = pytest.mark.timeout(0 if LONG else 60)
BOUND = 100.0
TOLERANCE = 1e-6
HELD = 7
# Home Assistant's local time at which a reading is used, inclusive.
FIRST_USED = timedelta(hours=3, minutes=5)
LAST_USED = timedelta(hours=20, minutes=55)
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC")
# Sequences start in a window around the spring or autumn changes of those zones.
STARTS = (datetime(2026, 2, 25, tzinfo=UTC), datetime(2026, 9, 25, tzinfo=UTC))
# Rejected by the ledger, never counted. None is the driver's "unknown", skipped silently.
GLITCHES: tuple[Any, ...] = (6553.5, -0.1, math.nan, math.inf, "twelve", 10**310, True)


@dataclass
class Head:
    """A simulated /dsiot head: its clock runs `offset` from UTC."""

    rng: random.Random
    offset: timedelta
    known_from: date  # the adapter has no total for days before this one
    wh: dict[date, tuple[int, ...]] = field(default_factory=dict)  # true Wh per hour
    resets: dict[date, list[int]] = field(default_factory=dict)  # seconds into the day

    def clock(self, utc: datetime) -> datetime:
        return (utc + self.offset).replace(tzinfo=None)

    def hours(self, day: date) -> tuple[int, ...]:
        if day not in self.wh:
            before = self.wh.get(day - timedelta(days=1))
            kind = self.rng.choice(["idle", "same", "same", "sparse", "busy"])
            if kind == "same" and before is not None:
                self.wh[day] = before
            elif kind == "idle":
                self.wh[day] = (0,) * 24
            else:
                values = [0] * 24
                for hour in self.rng.sample(range(24), 3 if kind == "sparse" else 18):
                    values[hour] = self.rng.randint(1, 3000)
                self.wh[day] = tuple(values)
        return self.wh[day]

    def used(self, day: date, seconds: int) -> int:
        """Wh used on `day` by `seconds` into it."""
        hours = self.hours(day)
        whole, rest = divmod(seconds, 3600)
        return sum(hours[:whole]) + (hours[whole] * rest // 3600 if whole < 24 else 0)

    def counter(self, day: date, seconds: int) -> int:
        """The day's Wh counter `seconds` into it, since its last reset."""
        since = [moment for moment in self.resets.get(day, []) if moment <= seconds]
        return self.used(day, seconds) - (self.used(day, since[-1]) if since else 0)

    def read(self, utc: datetime) -> dict[date, float | None]:
        """The 7 days the head holds and what it publishes for each (kWh; None: unknown)."""
        now = self.clock(utc)
        today = now.date()
        into = int((now - datetime(today.year, today.month, today.day)).total_seconds())
        shown: dict[date, float | None] = {}
        for back in range(HELD - 1, -1, -1):
            day = today - timedelta(days=back)
            seconds = into if back == 0 else 86_400
            shown[day] = None if day < self.known_from else self.counter(day, seconds) / 1000
        return shown

    def reset(self, utc: datetime) -> None:
        """The adapter restarts: today's counter starts again from 0."""
        now = self.clock(utc)
        seconds = now.hour * 3600 + now.minute * 60 + now.second
        self.resets.setdefault(now.date(), []).append(seconds)


class Truth:
    """The exact truth over the used readings."""

    def __init__(self) -> None:
        self.newest: date | None = None
        self.baseline: dict[date, float] = {}
        self.unread: set[date] = set()
        self.largest: dict[date, float] = {}

    def add(self, today: date, valid: dict[date, float]) -> None:
        """A used reading dated `today`: the values it showed correctly."""
        first = self.newest is None
        for back in range(HELD):
            day = today - timedelta(days=back)
            if day in valid:
                if first or day in self.unread:
                    self.baseline[day] = valid[day]
                    self.unread.discard(day)
                elif day not in self.baseline:
                    self.baseline[day] = 0.0  # a day after the first reading's
                self.largest[day] = max(self.largest.get(day, 0.0), valid[day])
            elif first:
                self.unread.add(day)
            elif day not in self.baseline and day not in self.unread:
                self.baseline[day] = 0.0
        self.newest = today

    @property
    def kwh(self) -> float:
        return sum(
            max(value - self.baseline[day], 0.0)
            for day, value in self.largest.items()
            if day in self.baseline
        )


def stored(state: dict[str, Any]) -> DailyEnergyLedger:
    """Home Assistant's restart: a saved state through JSON and back."""
    return DailyEnergyLedger.from_dict(json.loads(json.dumps(state, allow_nan=False)))


def gap(rng: random.Random) -> timedelta:
    kind = rng.random()
    if kind < 0.55:
        return timedelta(minutes=rng.randint(1, 20))
    if kind < 0.85:
        return timedelta(minutes=rng.randint(20, 6 * 60))
    if kind < 0.97:
        return timedelta(minutes=rng.randint(6 * 60, 30 * 60))
    return timedelta(minutes=rng.randint(30 * 60, 8 * 24 * 60))


def into_day(moment: datetime) -> timedelta:
    """How far a time is into its own wall-clock day."""
    return moment.replace(tzinfo=None) - datetime(moment.year, moment.month, moment.day)


def run_sequence(rng: random.Random) -> tuple[float, float]:
    """One sequence of readings; returns (counted, truth) after asserting the invariants."""
    zone = ZoneInfo(rng.choice(ZONES))
    utc = rng.choice(STARTS) + timedelta(minutes=rng.randint(0, 60 * 24 * 45))
    local = utc.astimezone(zone).utcoffset() or timedelta()
    offset = local + timedelta(minutes=rng.randint(-120, 120))
    known_from = (utc + offset).date() - timedelta(days=rng.choice([30, 30, 3, 0]))
    head = Head(rng, offset, known_from)
    ledger = DailyEnergyLedger()
    truth = Truth()
    saved = [(utc, (ledger.as_dict(), copy.deepcopy(truth)))]
    total = 0.0
    for _ in range(rng.randint(1, 40)):
        utc += gap(rng)
        action = rng.choices(["read", "restart", "reset", "glitch"], [10, 2, 1, 3])[0]
        if action == "reset":
            head.reset(utc)
        elif action == "restart":
            recent = [kept for when, kept in saved if utc - when <= timedelta(minutes=15)]
            state, truth = rng.choice(recent) if recent else saved[-1][1]
            ledger, truth = stored(state), copy.deepcopy(truth)
            total = ledger.total_kwh  # an older state's total, until readings recount
        shown = head.read(utc)
        days: list[Any] = list(shown.values())
        glitched: set[int] = set()
        whole = False  # the series is unusable
        if action == "glitch":
            if rng.random() < 0.2:
                days, whole = days[: rng.choice([0, 1, 6])] + [0.0] * rng.choice([0, 2]), True
            else:
                glitched = set(rng.sample(range(HELD), rng.randint(1, 3)))
                for index in glitched:
                    days[index] = rng.choice(GLITCHES)
        ha_now = utc.astimezone(zone)
        today = ha_now.date()
        used = not whole and FIRST_USED <= into_day(ha_now) <= LAST_USED
        lost = 0
        if used:
            # The premise: within 3 hours, no head clock has another date then.
            assert head.clock(utc).date() == today
            assert truth.newest is None or today >= truth.newest
            if truth.newest is not None:
                lost = max((today - truth.newest).days - HELD, 0)
            valid = {
                day: value
                for index, (day, value) in enumerate(shown.items())
                if index not in glitched and value is not None
            }
            truth.add(today, valid)
        update = ledger.update(days, ha_now, max_kwh_per_day=BOUND)
        assert update.added_kwh >= 0
        assert update.lost_days == lost
        inside = FIRST_USED <= into_day(ha_now) <= LAST_USED
        assert bool(update.rejected) == (inside and (whole or bool(glitched))), update.rejected
        assert ledger.total_kwh >= total - 1e-9, "the total went backwards"
        total = ledger.total_kwh
        assert total <= truth.kwh + TOLERANCE, f"counted {total} of {truth.kwh}: too much"
        state = ledger.as_dict()
        assert stored(state).as_dict() == state, "a restart is not as if there was none"
        saved.append((utc, (state, copy.deepcopy(truth))))
        saved = [(when, kept) for when, kept in saved if utc - when <= timedelta(minutes=15)]
    # A last clean reading in the usable window: everything the head still holds is counted.
    utc += timedelta(minutes=20)
    while not FIRST_USED < into_day(utc.astimezone(zone)) < LAST_USED:
        utc += timedelta(minutes=20)
    shown = head.read(utc)
    ha_now = utc.astimezone(zone)
    truth.add(ha_now.date(), {day: value for day, value in shown.items() if value is not None})
    ledger.update(list(shown.values()), ha_now, max_kwh_per_day=BOUND)
    assert abs(ledger.total_kwh - truth.kwh) <= TOLERANCE, (
        f"lost energy: counted {ledger.total_kwh} of {truth.kwh}"
    )
    return ledger.total_kwh, truth.kwh


@settings(max_examples=300 if not LONG else 1, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1))
def test_ledger_counts_every_day_once(seed: int) -> None:
    run_sequence(random.Random(seed))


def _seeds(first: int, count: int) -> list[str]:
    """Failures among `count` seeded sequences, as text."""
    failures = []
    for seed in range(first, first + count):
        try:
            run_sequence(random.Random(seed))
        except AssertionError as err:
            failures.append(f"seed {seed}: {err}")
    return failures


def test_ledger_long_run() -> None:
    """EXAMPLES seeded sequences when asked for (`MINISPLIT_LONG_PROPERTIES=1`)."""
    if not LONG:
        return
    failures = failures_over_cores(_seeds, EXAMPLES)
    assert not failures, f"{len(failures)} failing: {failures[:5]}"
