"""The daily energy ledger against a simulated head: never backwards, never twice, nothing lost.

The head here is written independently of the ledger: a clock offset from Home Assistant's
(whole minutes within +-3 h), energy per head day and hour in Wh (published in kWh, 0.001 steps,
growing through the day), 7 days held, today last, days before the adapter knew anything
unknown (None), counter resets that zero today, and glitched reads.

The reference reads every reading by absolute head day (no alignment, no branches): for an
offset it walks the readings in order and, per head day, counts what the day's readable value
grew since it was last read (what it shows, when it shows less than when last read as today: a
reset). The first usable reading is the baseline: it counts nothing, and a day of its window it
could not read is taken at its first readable value. An offset *explains* the readings when no
day read as a past day ever shows another value later. The truth is this count under the head's
true offset; data is *recoverable* when no other offset within +-3 h explains the readings
with a smaller count. At the end the ledger must equal the least count over every offset that
explains the readings (whole minutes suffice: readings come at whole minutes), which is the
truth whenever the data is recoverable.

`MINISPLIT_LONG_PROPERTIES=1` runs 50,000 sequences instead of 200
(`MINISPLIT_PROPERTY_EXAMPLES=N` sets any number).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from custom_components.minisplit.energy.daily import DailyEnergyLedger

LONG = os.environ.get("MINISPLIT_LONG_PROPERTIES") == "1"
EXAMPLES = int(os.environ.get("MINISPLIT_PROPERTY_EXAMPLES") or (50_000 if LONG else 200))
# The long form runs for many minutes: no per-test timeout then.
pytestmark = pytest.mark.timeout(0 if LONG else 60)
DAY = 86_400
HOUR = 3_600
# Home Assistant's local time (aware); its wall clock starts at a midnight.
START = datetime(2026, 3, 1, tzinfo=timezone(timedelta(hours=1)))
BOUND = 100.0
TOLERANCE = 1e-6


@dataclass
class Head:
    """A simulated /dsiot head: its clock is Home Assistant's plus `offset` seconds."""

    offset: int
    profile: Callable[[int], tuple[int, ...]]  # Wh per hour of a head day
    known_from: int  # the first head day the adapter has a total for
    resets: dict[int, list[int]] = field(default_factory=dict)

    def day_and_time(self, at: int) -> tuple[int, int]:
        """Head day index and seconds into it, `at` seconds after START on our clock."""
        return divmod(at + self.offset, DAY)

    def used(self, day: int, seconds: int) -> int:
        """Wh the head used on `day` by `seconds` into it."""
        hours = self.profile(day)
        whole, rest = divmod(seconds, HOUR)
        partial = hours[whole] * rest // HOUR if whole < 24 else 0
        return sum(hours[:whole]) + partial

    def counter(self, day: int, seconds: int) -> int:
        """The head's Wh counter for `day` at `seconds` into it (since its last reset)."""
        since = [moment for moment in self.resets.get(day, []) if moment <= seconds]
        return self.used(day, seconds) - (self.used(day, since[-1]) if since else 0)

    def read(self, at: int) -> list[float | None]:
        """The 7 daily totals in kWh as the head publishes them, today last."""
        today, seconds = self.day_and_time(at)
        published: list[float | None] = []
        for index in range(7):
            day = today - 6 + index
            if day < self.known_from:
                published.append(None)
            else:
                published.append(self.counter(day, seconds if day == today else DAY) / 1000)
        return published

    def reset(self, at: int) -> None:
        """The adapter restarts its counter: today reads 0 and grows again."""
        day, seconds = self.day_and_time(at)
        self.resets.setdefault(day, []).append(seconds)


@dataclass
class Reading:
    """One reading: seconds after START, what the head published, positions a glitch replaced."""

    at: int
    days: list[float | None]
    glitched: set[int]


def readable(reading: Reading) -> dict[int, float]:
    """Position -> value of what the ledger could read (glitches and unknown days left out)."""
    return {
        index: value
        for index, value in enumerate(reading.days)
        if index not in reading.glitched and value is not None
    }


def truth(readings: list[Reading], offset: int) -> tuple[float, bool]:
    """(kWh counted per head day under `offset`, whether the offset explains the readings)."""
    last: dict[int, tuple[float | None, bool]] = {}  # head day -> (value last read, as past)
    baseline_read = False
    total = 0.0
    explained = True
    for reading in readings:
        values = readable(reading)
        if not values:
            continue
        today = (reading.at + offset) // DAY
        if not baseline_read:
            baseline_read = True
            for index in range(7):
                value = values.get(index)
                last[today - 6 + index] = (value, value is not None and index < 6)
            continue
        for index, value in values.items():
            day = today - 6 + index
            past = index < 6
            before, final = last.get(day, (0.0, False))
            if before is None:
                last[day] = (value, past)
            elif final:
                explained = explained and abs(value - before) <= 1e-9
            else:
                total += value - before if value >= before else value
                last[day] = (value, past)
    return total, explained


GLITCHES: tuple[Any, ...] = (-0.001, math.nan, math.inf, -math.inf, 10**310, "x", True, 1000.0)


def glitch(draw: st.DrawFn, days: list[float | None]) -> tuple[Any, set[int], bool]:
    """A read gone wrong: (what is sent, positions unreadable, whether it must be reported)."""
    kind = draw(st.sampled_from(["value", "value", "unknown", "length"]))
    if kind == "length":
        sent: Any = draw(st.sampled_from([days[:6], [*days, 0.0], [], "1,2,3", None]))
        return sent, set(range(7)), True
    index = draw(st.integers(0, 6))
    replaced: list[Any] = list(days)
    replaced[index] = None if kind == "unknown" else draw(st.sampled_from(GLITCHES))
    return replaced, {index}, kind == "value"


watt_hours = st.integers(1, 3_000)


@st.composite
def day_profile(draw: st.DrawFn, previous: tuple[int, ...] | None) -> tuple[int, ...]:
    """One head day's Wh per hour: idle days are common, and a day may repeat the one before."""
    kind = draw(st.sampled_from(["idle", "idle", "same", "same", "tiny", "sparse", "busy"]))
    if kind == "idle" or (kind == "same" and previous is None):
        return (0,) * 24
    if kind == "same":
        assert previous is not None
        return previous
    hours = {
        "tiny": st.dictionaries(st.integers(0, 23), st.integers(1, 3), min_size=1, max_size=2),
        "sparse": st.dictionaries(st.integers(0, 23), watt_hours, max_size=4),
        "busy": st.dictionaries(st.integers(0, 23), watt_hours, min_size=8, max_size=24),
    }[kind]
    chosen = draw(hours)
    return tuple(chosen.get(hour, 0) for hour in range(24))


gaps = st.one_of(
    st.integers(1, 30),
    st.integers(1, 30),
    st.integers(30, 6 * 60),
    st.integers(6 * 60, 30 * 60),
    st.integers(30 * 60, 5 * 24 * 60),
    st.integers(5 * 24 * 60, 10 * 24 * 60),
)
actions = st.sampled_from(["read", "read", "read", "restart", "reset", "glitch"])


def stored(ledger: DailyEnergyLedger) -> DailyEnergyLedger:
    """Home Assistant's restart: the state through JSON and back."""
    text = json.dumps(ledger.as_dict(), allow_nan=False)
    return DailyEnergyLedger.from_dict(json.loads(text))


@settings(
    max_examples=EXAMPLES,
    # The default run is the same fixed set of sequences every time; the long run explores.
    derandomize=not LONG,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=st.data(),
    offset_minutes=st.integers(-180, 180),
    start_minutes=st.integers(0, 2 * 24 * 60),
    history=st.integers(0, 8),
    steps=st.lists(st.tuples(gaps, actions), min_size=1, max_size=25),
)
def test_ledger_counts_every_published_day_once(
    data: st.DataObject,
    offset_minutes: int,
    start_minutes: int,
    history: int,
    steps: list[tuple[int, str]],
) -> None:
    profiles: dict[int, tuple[int, ...]] = {}

    def profile(day: int) -> tuple[int, ...]:
        """The head's Wh per hour for a day, drawn in order the first time it is needed."""
        if not profiles:
            profiles[day] = data.draw(day_profile(None), label=f"day {day}")
        while max(profiles) < day:
            new = max(profiles) + 1
            profiles[new] = data.draw(day_profile(profiles[new - 1]), label=f"day {new}")
        return profiles.get(day, (0,) * 24)

    offset = offset_minutes * 60
    at = start_minutes * 60
    head = Head(offset, profile, known_from=(at + offset) // DAY - history)
    ledger = DailyEnergyLedger()
    readings: list[Reading] = []
    total = 0.0
    glitched_ever = False
    for gap, action in steps:
        at += gap * 60
        if action == "reset":
            # Some time since the last reading (the counter may grow again before this one).
            head.reset(at - data.draw(st.integers(0, gap * 60 - 1), label="reset before"))
        if action == "restart":
            ledger = stored(ledger)
        days = head.read(at)
        sent: Any = days
        glitched: set[int] = set()
        reported = False
        if action == "glitch":
            sent, glitched, reported = glitch(data.draw, days)
            glitched_ever = True
        readings.append(Reading(at, days, glitched))
        update = ledger.update(sent, START + timedelta(seconds=at), max_kwh_per_day=BOUND)
        assert update.added_kwh >= 0
        assert bool(update.rejected) == reported, update.rejected
        assert ledger.total_kwh >= total - 1e-9, "the total went backwards"
        total = ledger.total_kwh
        expected, explained = truth(readings, offset)
        assert explained, "the reference cannot explain the truth"
        assert total <= expected + TOLERANCE, f"counted {total} of {expected}: twice"
        usable_before = any(readable(reading) for reading in readings[:-1])
        if gap * 60 >= 8 * DAY + 3 * HOUR and readable(readings[-1]) and usable_before:
            assert update.lost_days >= (gap * 60 - 3 * HOUR) // DAY - 7
        if gap * 60 <= 6 * DAY and not glitched_ever:
            assert update.lost_days == 0
        state = ledger.as_dict()
        json.dumps(state, allow_nan=False)
        # The limits on the state are never reached (the doc says so).
        assert len(state["branches"]) < 32
        if len(state["branches"]) > 1:
            event("offsets disagree on what a reading counts")
        assert all(len(branch["offsets"]) < 16 for branch in state["branches"])

    expected, _ = truth(readings, offset)
    if abs(total - expected) <= TOLERANCE:
        return
    # Only a true ambiguity excuses a shortfall: another offset explaining every reading,
    # under which less was counted. The ledger must count exactly the least of them.
    event("the least explanation counts less than the truth")
    counts = [truth(readings, minutes * 60) for minutes in range(-180, 181)]
    least = min(count for count, explained in counts if explained)
    assert abs(total - least) <= TOLERANCE, (
        f"lost energy: counted {total} of {expected} (least any explanation allows: {least})"
    )
