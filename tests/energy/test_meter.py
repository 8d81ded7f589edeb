"""Measured energy per clock hour from a power or an energy sensor."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest

from custom_components.minisplit.energy.meter import HourlyMeter

START = datetime(2026, 1, 15, 9, 50)


def test_power_held_between_readings_is_booked_to_the_hours_it_covers() -> None:
    meter = HourlyMeter()
    for minute in range(0, 80, 2):  # 09:50 to 11:08, 1 kW
        meter.add_power(START + timedelta(minutes=minute), 1000.0)
    hours = meter.day(date(2026, 1, 15))
    assert hours[10] == pytest.approx(1.0)
    assert hours[9] is None  # only 10 minutes of it covered
    assert hours[11] is None  # not over


def test_an_energy_total_is_spread_over_the_time_between_readings() -> None:
    meter = HourlyMeter()
    total = 100.0
    for minute in range(0, 80, 10):
        meter.add_total(START + timedelta(minutes=minute), total)
        total += 0.3  # 1.8 kWh per hour
    assert meter.day(date(2026, 1, 15))[10] == pytest.approx(1.8)


@pytest.mark.parametrize("gap_minutes", [16, 60])
def test_a_gap_leaves_the_hour_unmeasured(gap_minutes: int) -> None:
    meter = HourlyMeter()
    meter.add_power(START, 1000.0)
    meter.add_power(START + timedelta(minutes=12), 1000.0)
    meter.add_power(START + timedelta(minutes=12 + gap_minutes), 1000.0)
    for minute in range(12 + gap_minutes, 90, 2):
        meter.add_power(START + timedelta(minutes=minute), 1000.0)
    assert meter.day(date(2026, 1, 15))[10] is None


@pytest.mark.parametrize("bad", [None, math.nan, -5.0])
def test_an_unreadable_power_leaves_its_interval_unmeasured(bad: float | None) -> None:
    meter = HourlyMeter()
    for minute in range(10, 72, 2):  # 10:00 to 11:10
        power = bad if minute == 30 else 600.0
        meter.add_power(START + timedelta(minutes=minute), power)
    # 10:20-10:22 unmeasured: the hour still counts (over 90 % covered), without those minutes.
    assert meter.day(date(2026, 1, 15))[10] == pytest.approx(0.6 * 58 / 60)
    for minute in range(72, 80, 2):
        meter.add_power(START + timedelta(minutes=minute), bad)
    for minute in range(80, 132, 2):
        meter.add_power(START + timedelta(minutes=minute), 600.0)
    assert meter.day(date(2026, 1, 15))[11] is None  # 11:02-11:10 missing: under 90 %


def test_a_total_that_went_down_was_reset_and_old_hours_are_forgotten() -> None:
    meter = HourlyMeter()
    meter.add_total(START, 50.0)
    meter.add_total(START + timedelta(minutes=10), 0.2)  # reset: not minus 49.8
    for minute in range(20, 90, 10):
        meter.add_total(START + timedelta(minutes=minute), 0.2 + (minute - 10) / 100)
    assert meter.day(date(2026, 1, 15))[10] == pytest.approx(0.6)
    meter.add_power(START + timedelta(days=3), 100.0)
    assert meter.day(date(2026, 1, 15)) == [None] * 24


def test_a_total_read_twice_at_the_same_instant_keeps_its_step() -> None:
    meter = HourlyMeter()
    for minute in range(10, 72, 2):
        at = START + timedelta(minutes=minute)
        # Another source's change first, then the energy sensor's step, at the same instant.
        meter.add_total(at, 5.0 + (0.5 if minute > 40 else 0.0))
        meter.add_total(at, 5.0 + (0.5 if minute >= 40 else 0.0))
    assert meter.day(date(2026, 1, 15))[10] == pytest.approx(0.5)
