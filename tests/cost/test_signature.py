"""The home's whole-house meter teaches the companion its unit's energy signature."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from custom_components.minisplit.cost.calibration import PART_LOAD_EXPONENT
from custom_components.minisplit.cost.meter import CountedInterval
from custom_components.minisplit.cost.signature import MIN_DAYS, Signature, fit

DAY0 = date(2026, 1, 1)


def home_days(seed: int, ratio: float, count: int) -> list[tuple[float, float]]:
    """(estimated, home) kWh a day: the unit draws `ratio` x the estimate, the home 10 kWh more,
    and on some days an EV charge or another heater adds to it."""
    rng = random.Random(seed)
    days = []
    for _ in range(count):
        estimated = max(1.0, 15 * (1 + rng.gauss(0, 0.35)))
        home = 10 + rng.gauss(0, 1.0) + ratio * estimated
        if rng.random() < 0.2:
            home += rng.uniform(10, 40)  # an EV charge
        days.append((estimated, home))
    return days


@pytest.mark.parametrize("ratio", [0.5, 0.8, 1.0, 1.6])
def test_two_weeks_find_how_far_the_estimate_is_off_despite_ev_charges(ratio: float) -> None:
    errors = []
    for seed in range(30):
        fitted = fit(home_days(seed, ratio, MIN_DAYS))
        assert fitted is not None
        if fitted.usable:
            errors.append(abs(fitted.slope / ratio - 1))
    assert len(errors) >= 20
    assert sorted(errors)[len(errors) // 2] < 0.1


def test_nothing_applies_before_two_weeks_or_on_days_alike() -> None:
    signature = Signature()
    for day, (estimated, home) in enumerate(home_days(1, 0.6, MIN_DAYS - 1)):
        signature.add_day(DAY0 + timedelta(days=day), estimated, home)
    assert signature.progress == (MIN_DAYS - 1, MIN_DAYS)
    assert signature.load_scale == 1.0
    alike = fit([(10.0, 20.0 + (day % 2)) for day in range(MIN_DAYS)])  # no spread to tell by
    assert alike is None or not alike.usable


def test_a_well_determined_fit_moves_the_scale_and_a_loose_one_little() -> None:
    signature = Signature()
    for day, (estimated, home) in enumerate(home_days(3, 0.6, 28)):
        signature.add_day(DAY0 + timedelta(days=day), estimated, home)
    fitted = signature.fitted
    assert fitted is not None
    assert fitted.usable
    assert signature.load_scale == pytest.approx(fitted.energy_scale ** (1 / PART_LOAD_EXPONENT))
    assert 0.6 * 0.85 < fitted.energy_scale < 0.6 * 1.15


def test_days_are_booked_closed_with_the_home_meter_and_restored() -> None:
    signature = Signature()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for minute in range(0, 24 * 60, 10):
        interval = CountedInterval(
            start + timedelta(minutes=minute), timedelta(minutes=10), 0.1, 0.1 * 1.5**1.4
        )
        signature.book(interval, 1.5)  # estimated at scale 1.5: booked at scale 1
    hours: list[float | None] = [1.0] * 24
    assert not signature.close(start + timedelta(hours=23), lambda day: hours)  # not over
    assert signature.close(start + timedelta(days=1, minutes=5), lambda day: hours)
    assert signature.days == {"2026-01-01": [pytest.approx(14.4), 24.0]}
    # A day the home meter missed an hour of is not a point.
    signature.book(CountedInterval(start + timedelta(days=1), timedelta(days=1), 5.0, 5.0), 1.0)
    assert not signature.close(start + timedelta(days=2, minutes=5), lambda day: [None, *hours[1:]])
    assert Signature.restore(signature.as_dict()) == signature
    assert Signature.restore({"days": {"x": [1, "y"]}, "booked": None}) == Signature()
