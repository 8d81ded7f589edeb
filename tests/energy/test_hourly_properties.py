"""The energy ledger against a simulated head: never backwards, never twice, nothing lost.

The head here is written independently of the ledger: a clock offset from Home Assistant's
(whole minutes within +-3 h), energy per head day and hour, hours published once completed,
today rolling into yesterday at the head's midnight, counter resets that zero what today had
published, and glitched reads. The truth is, for every (head day, hour) seen in a valid reading
after the first, the largest value seen minus what the first reading showed for it.

`scripts/test --long` (MINISPLIT_LONG_PROPERTIES=1) runs 50,000 sequences instead of 300.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.minisplit.energy.hourly import EnergyLedger

LONG = os.environ.get("MINISPLIT_LONG_PROPERTIES") == "1"
EXAMPLES = int(os.environ.get("MINISPLIT_PROPERTY_EXAMPLES") or (50_000 if LONG else 200))
DAY = 86_400
HOUR = 3_600
START = datetime(2026, 3, 1)
BOUND = 6.0
TOLERANCE = 1e-6

Slot = tuple[int, int]  # (head day index, hour)


@dataclass
class Head:
    """A simulated head: its clock is Home Assistant's plus `offset` seconds."""

    offset: int
    energy: Callable[[int], tuple[float, ...]]
    zeroed: set[Slot] = field(default_factory=set)

    def day_and_time(self, at: int) -> tuple[int, int]:
        """Head day index and seconds into it, `at` seconds after START on our clock."""
        return divmod(at + self.offset, DAY)

    def value(self, day: int, hour: int) -> float:
        return 0.0 if (day, hour) in self.zeroed else self.energy(day)[hour]

    def read(self, at: int) -> tuple[list[float], list[float]]:
        """(today, yesterday) as the head publishes them."""
        day, seconds = self.day_and_time(at)
        yesterday = [self.value(day - 1, hour) for hour in range(24)]
        today = [
            self.value(day, hour) if (hour + 1) * HOUR <= seconds else 0.0 for hour in range(24)
        ]
        return today, yesterday

    def reset(self, at: int) -> None:
        """The adapter restarts its counter: today's published hours read 0 from now on."""
        day, seconds = self.day_and_time(at)
        self.zeroed |= {(day, hour) for hour in range(24) if (hour + 1) * HOUR <= seconds}


# One reading: seconds after START, what the head published, and which entries the glitch
# replaced ((array, hour); hour None = the whole array).
@dataclass
class Reading:
    at: int
    today: list[float]
    yesterday: list[float]
    glitched: set[tuple[int, int | None]]


def valid_slots(reading: Reading, day: int) -> dict[Slot, float]:
    """The (head day, hour) values of a reading whose head day is `day`, glitches left out."""
    slots: dict[Slot, float] = {}
    for index, (values, slot_day) in enumerate(
        ((reading.today, day), (reading.yesterday, day - 1))
    ):
        if (index, None) in reading.glitched:
            continue
        for hour in range(24):
            if (index, hour) not in reading.glitched:
                slots[(slot_day, hour)] = values[hour]
    return slots


def truth(readings: list[Reading], offset: int) -> float:
    """kWh the ledger must count: per slot the largest value seen after the baseline, less it."""
    usable = [r for r in readings if valid_slots(r, 0)]
    if not usable:
        return 0.0
    days = [(r.at + offset) // DAY for r in usable]
    baseline = valid_slots(usable[0], days[0])
    largest: dict[Slot, float] = {}
    for reading, day in zip(usable[1:], days[1:], strict=True):
        for slot, value in valid_slots(reading, day).items():
            largest[slot] = max(largest.get(slot, 0.0), value)
    return sum(max(value - baseline.get(slot, 0.0), 0.0) for slot, value in largest.items())


def explains(readings: list[Reading], offset: int) -> bool:
    """Whether a head with this offset, and counter resets where needed, shows these readings."""
    seen: dict[Slot, float] = {}
    for reading in readings:
        for slot, value in valid_slots(reading, (reading.at + offset) // DAY).items():
            seen[slot] = max(seen.get(slot, 0.0), value)
    head = Head(offset, lambda day: tuple(seen.get((day, hour), 0.0) for hour in range(24)))
    for reading in readings:
        day, seconds = head.day_and_time(reading.at)
        if matches(head, reading, day):
            continue
        # A counter reset since the last reading zeroed the hours it had published then.
        before = set(head.zeroed)
        for published in range(1, seconds // HOUR + 1):
            head.zeroed = before | {(day, hour) for hour in range(published)}
            if matches(head, reading, day):
                break
        else:
            return False
    return True


def matches(head: Head, reading: Reading, day: int) -> bool:
    """Whether the head shows what the reading saw (glitched entries aside)."""
    today, yesterday = head.read(reading.at)
    expected = valid_slots(Reading(reading.at, today, yesterday, set()), day)
    return all(
        abs(expected[slot] - value) <= 1e-9 for slot, value in valid_slots(reading, day).items()
    )


class Truth:
    """The truth of `truth`, kept up to date reading by reading."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.baseline: dict[Slot, float] | None = None
        self.largest: dict[Slot, float] = {}
        self.kwh = 0.0

    def add(self, reading: Reading) -> None:
        slots = valid_slots(reading, (reading.at + self.offset) // DAY)
        if self.baseline is None:
            if slots:
                self.baseline = slots
            return
        for slot, value in slots.items():
            old = self.largest.get(slot, 0.0)
            if value > old:
                base = self.baseline.get(slot, 0.0)
                self.kwh += max(value - base, 0.0) - max(old - base, 0.0)
                self.largest[slot] = value


GLITCHES: tuple[Any, ...] = (6553.5, -0.1, None, math.nan, math.inf, -math.inf, 10**310)


def glitch(
    draw: st.DrawFn, today: list[float], yesterday: list[float]
) -> tuple[list[Any], list[Any], set[tuple[int, int | None]]]:
    """A read gone wrong: one impossible hour, or a series of the wrong length."""
    arrays: list[list[Any]] = [list(today), list(yesterday)]
    index = draw(st.integers(0, 1))
    if draw(st.booleans()):
        arrays[index] = arrays[index][: draw(st.sampled_from([0, 1, 23]))] + (
            [0.0] * draw(st.sampled_from([0, 2]))
        )
        return arrays[0], arrays[1], {(index, None)}
    hour = draw(st.integers(0, 23))
    arrays[index][hour] = draw(st.sampled_from(GLITCHES))
    return arrays[0], arrays[1], {(index, hour)}


tenths = st.integers(1, 30).map(lambda tenth: tenth / 10)


@st.composite
def day_energy(draw: st.DrawFn, previous: tuple[float, ...] | None) -> tuple[float, ...]:
    """One head day: idle days and hours are common, and a day may repeat the one before."""
    kind = draw(st.sampled_from(["idle", "idle", "same", "same", "sparse", "late", "busy"]))
    if kind == "idle" or (kind == "same" and previous is None):
        return (0.0,) * 24
    if kind == "same":
        assert previous is not None
        return previous
    hours = {
        "sparse": st.dictionaries(st.integers(0, 23), tenths, max_size=4),
        "late": st.dictionaries(st.integers(20, 23), tenths, min_size=1, max_size=4),
        "busy": st.dictionaries(st.integers(0, 23), tenths, min_size=8, max_size=24),
    }[kind]
    chosen = draw(hours)
    return tuple(chosen.get(hour, 0.0) for hour in range(24))


gaps = st.one_of(
    st.integers(1, 30),
    st.integers(30, 6 * 60),
    st.integers(6 * 60, 30 * 60),
    st.integers(30 * 60, 5 * 24 * 60),
)
actions = st.sampled_from(["read", "read", "read", "restart", "reset", "glitch"])


def stored(ledger: EnergyLedger) -> EnergyLedger:
    """Home Assistant's restart: the state through JSON and back."""
    text = json.dumps(ledger.as_dict(), allow_nan=False)
    return EnergyLedger.from_dict(json.loads(text))


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
    steps=st.lists(st.tuples(gaps, actions), min_size=1, max_size=25),
)
def test_ledger_counts_every_published_hour_once(
    data: st.DataObject,
    offset_minutes: int,
    start_minutes: int,
    steps: list[tuple[int, str]],
) -> None:
    days: dict[int, tuple[float, ...]] = {}

    def energy(day: int) -> tuple[float, ...]:
        """The head's energy for a day, drawn in order the first time a reading shows it."""
        if not days:
            days[day] = data.draw(day_energy(None), label=f"day {day}")
        while max(days) < day:
            new = max(days) + 1
            days[new] = data.draw(day_energy(days[new - 1]), label=f"day {new}")
        return days.get(day, (0.0,) * 24)

    head = Head(offset_minutes * 60, energy)
    ledger = EnergyLedger()
    readings: list[Reading] = []
    reference = Truth(head.offset)
    at = start_minutes * 60
    total = 0.0
    if steps[-1][1] == "glitch":
        # The ledger may leave a glitched reading for the next one (the head still holds its
        # hours): a sequence ends with a reading that arrived whole.
        steps = [*steps, (1, "read")]
    for gap, action in steps:
        at += gap * 60
        if action == "reset":
            head.reset(at)
        if action == "restart":
            ledger = stored(ledger)
        today, yesterday = head.read(at)
        glitched: set[tuple[int, int | None]] = set()
        sent_today: list[Any] = today
        sent_yesterday: list[Any] = yesterday
        if action == "glitch":
            sent_today, sent_yesterday, glitched = glitch(data.draw, today, yesterday)
        readings.append(Reading(at, today, yesterday, glitched))
        reference.add(readings[-1])
        update = ledger.update(
            sent_today, sent_yesterday, START + timedelta(seconds=at), max_kwh_per_hour=BOUND
        )
        assert update.added_kwh >= 0
        assert (action == "glitch") == bool(update.rejected)
        assert ledger.total_kwh >= total - 1e-9, "the total went backwards"
        total = ledger.total_kwh
        assert total <= reference.kwh + TOLERANCE, f"counted {total} of {reference.kwh}: twice"
        json.dumps(ledger.as_dict(), allow_nan=False)

    expected = truth(readings, head.offset)
    assert abs(expected - reference.kwh) <= TOLERANCE
    if abs(total - expected) <= TOLERANCE:
        return
    # Only a true ambiguity excuses a shortfall: another offset explaining every reading exactly
    # as well, under which less was published after the baseline.
    alternatives = [
        truth(readings, minutes * 60)
        for minutes in range(-180, 181)
        if explains(readings, minutes * 60)
    ]
    assert explains(readings, head.offset), "the reference cannot explain the truth"
    assert total >= min(alternatives) - TOLERANCE, (
        f"lost energy: counted {total} of {expected} (least any explanation allows: "
        f"{min(alternatives)})"
    )
