"""Time between instants across the nights the clocks change: what the cost code counts with.

Home Assistant hands the cost code its local time; the two nights a year the clocks change, a
2-minute interval must count 2 minutes, not 62 or none.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.minisplit.cost.clock import elapsed
from custom_components.minisplit.cost.cycling import Cycling
from custom_components.minisplit.cost.estimate import Reading
from custom_components.minisplit.cost.meter import CostMeter
from custom_components.minisplit.costcore import Mode

ZONE = ZoneInfo("Europe/Berlin")
# UTC instants a little before each of 2026's changes in Berlin (01:00 UTC both times).
SPRING = datetime(2026, 3, 29, 0, 50, tzinfo=UTC)
AUTUMN = datetime(2026, 10, 25, 0, 50, tzinfo=UTC)


def local_every(start: datetime, step: timedelta, count: int) -> Iterator[datetime]:
    """Home Assistant's local time at each of `count` steps from a UTC instant."""
    for index in range(count):
        yield (start + index * step).astimezone(ZONE)


@pytest.mark.parametrize("start", [SPRING, AUTUMN], ids=["spring", "autumn"])
def test_two_minutes_are_two_minutes_across_the_change(start: datetime) -> None:
    before, after = (
        (start + timedelta(minutes=9)).astimezone(ZONE),
        (start + timedelta(minutes=11)).astimezone(ZONE),
    )
    assert before.tzinfo is after.tzinfo
    assert abs(after - before) != timedelta(minutes=2)  # Python's wall-clock subtraction
    assert elapsed(before, after) == timedelta(minutes=2)


def test_naive_times_are_taken_as_wall_clocks() -> None:
    assert elapsed(datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 11)) == timedelta(hours=1)


@pytest.mark.parametrize("start", [SPRING, AUTUMN], ids=["spring", "autumn"])
def test_the_meter_counts_every_interval_across_the_change(start: datetime) -> None:
    meter = CostMeter()
    heating = Reading(1200.0, 3000.0, Mode.HEAT)
    for at in local_every(start, timedelta(minutes=2), 31):  # an hour, over the change
        meter.sample(at, heating, 0.30, None)
    assert meter.energy_kwh == pytest.approx(1.2)
    assert meter.cost == pytest.approx(1.2 * 0.30)


@pytest.mark.parametrize("start", [SPRING, AUTUMN], ids=["spring", "autumn"])
def test_a_run_across_the_change_lasts_what_it_lasted(start: datetime) -> None:
    cycling = Cycling()
    times = list(local_every(start, timedelta(minutes=5), 5))
    for at, hz in zip(times, (25.0, 25.0, 25.0, 0.0, 0.0), strict=True):
        cycling.observe(at, hz, holding=True)
    assert cycling.run == timedelta(minutes=15)
