"""The home's other load, known from days the unit did not run, sets the unit's scale."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.minisplit.cost.base_load import (
    BASE_BAND_C,
    MAX_BASE_DAYS,
    MIN_BASE_DAYS,
    OFF_DAY_KWH,
    SCALE_DAYS,
    SEASONAL_SPREAD,
    Base,
    BaseLoad,
    HistoryDay,
    anchored_fit,
    daily_history,
)
from custom_components.minisplit.cost.calibration import PART_LOAD_EXPONENT
from custom_components.minisplit.cost.signature import MIN_DAYS, Signature

DAY0 = date(2025, 10, 1)
BASE_KWH = 12.0


def other_load(rng: random.Random, ev_share: float = 0.3) -> float:
    """A day's other load: 12 kWh +-20 %, and on some days an EV charge of 10-40 kWh."""
    kwh = BASE_KWH * rng.uniform(0.8, 1.2)
    if rng.random() < ev_share:
        kwh += rng.uniform(10.0, 40.0)
    return kwh


def shoulder(seed: int, count: int, outdoor_c: float = 17.0) -> list[HistoryDay]:
    rng = random.Random(seed)
    return [
        HistoryDay(DAY0 + timedelta(days=day), other_load(rng), outdoor_c) for day in range(count)
    ]


def test_mild_days_of_the_recorder_are_the_base_and_ev_charges_are_left_out() -> None:
    base = BaseLoad()
    assert base.level() is None
    found = sum(base.add_history(day) for day in shoulder(1, 40))
    assert found == 40
    level = base.level()
    assert level is not None
    assert level.kwh == pytest.approx(BASE_KWH, rel=0.05)  # the EV days would add 30-50 %
    # Its error holds the seasonal spread: the heating season's base is not measured.
    assert level.error_kwh >= SEASONAL_SPREAD * level.kwh
    assert 1.0 < level.day_spread_kwh < 2.0  # 12 kWh +-20 %: about 1.4


@pytest.mark.parametrize("outdoor_c", [BASE_BAND_C[0] - 0.5, BASE_BAND_C[1] + 0.5])
def test_days_that_need_heating_or_cooling_are_no_base(outdoor_c: float) -> None:
    base = BaseLoad()
    assert not any(base.add_history(day) for day in shoulder(2, 20, outdoor_c))
    assert not base.add_history(HistoryDay(DAY0, float("nan"), 17.0))
    assert base.days == {}


def test_a_day_the_companion_saw_the_unit_off_is_a_base_day_and_wins_over_the_recorder() -> None:
    base = BaseLoad()
    assert base.add_off_day(DAY0, 13.0, 0.5)
    assert not base.add_off_day(DAY0 + timedelta(days=1), 20.0, OFF_DAY_KWH + 0.1)  # it ran
    assert base.add_history(HistoryDay(DAY0, 13.5, 17.0))  # a base day, known already
    assert base.days == {DAY0.isoformat(): 12.5}
    assert not base.known
    for day in range(1, MAX_BASE_DAYS + 5):
        base.add_history(HistoryDay(DAY0 + timedelta(days=day), 12.0, 17.0))
    assert len(base.days) == MAX_BASE_DAYS  # the most recent
    assert min(base.days) == (DAY0 + timedelta(days=5)).isoformat()
    assert BaseLoad.restore(base.as_dict()) == base
    assert BaseLoad.restore({"days": {"x": "y", "2025-01-01": 3}}).days == {"2025-01-01": 3.0}
    assert BaseLoad.restore(None) == BaseLoad()


def heating_days(
    seed: int, ratio: float, count: int, ev_share: float = 0.3
) -> list[tuple[float, float]]:
    """(estimated, home) kWh: the unit draws `ratio` x the estimate, the home its other load."""
    rng = random.Random(seed)
    days = []
    for _ in range(count):
        estimated = 15 * rng.uniform(0.6, 1.4)
        days.append((estimated, ratio * estimated + other_load(rng, ev_share)))
    return days


KNOWN = Base(BASE_KWH, 0.5, 1.4)


@pytest.mark.parametrize("ratio", [0.4, 0.8, 1.0, 1.6])
def test_a_known_base_finds_how_far_the_estimate_is_off_in_two_weeks(ratio: float) -> None:
    """The other load's +-20 % a day (1.4 kWh) over 14 days of 15 kWh estimates leaves the scale
    a standard error of 2.5 % / ratio (6 % at 0.4): the median of 30 homes is within 1.2 of it,
    the worst within 4."""
    errors = []
    for seed in range(30):
        fitted = anchored_fit(heating_days(seed, ratio, SCALE_DAYS), KNOWN)
        assert fitted is not None
        errors.append(abs(fitted.scale / ratio - 1))
    assert sorted(errors)[len(errors) // 2] < 1.2 * 0.025 / ratio
    assert max(errors) < 4 * 0.025 / ratio


def test_most_days_with_an_ev_charge_do_not_throw_it() -> None:
    """A median would take the charges for the unit; clipping from the line of all days does not."""
    for seed in range(20):
        fitted = anchored_fit(heating_days(seed, 0.8, SCALE_DAYS, ev_share=0.6), KNOWN)
        assert fitted is not None
        assert fitted.scale == pytest.approx(0.8, rel=0.15)


def test_the_scale_is_weighed_by_how_well_it_is_known() -> None:
    one = anchored_fit([(15.0, 12.0 + 7.5)], KNOWN)
    many = anchored_fit(heating_days(3, 0.5, SCALE_DAYS), KNOWN)
    assert one is not None
    assert many is not None
    assert one.days == 1
    assert one.scale == pytest.approx(0.5)
    # One day moves the estimate less than two weeks do, each toward 0.5.
    assert 0.5 < many.energy_scale < one.energy_scale < 1.0
    assert many.load_scale == pytest.approx(many.energy_scale ** (1 / PART_LOAD_EXPONENT))
    exact = anchored_fit([(10.0, 12.0 + 5.0)] * 3, Base(BASE_KWH, 0.0, 1.0))
    assert exact is not None
    assert exact.spread == 0.0
    assert exact.energy_scale == pytest.approx(0.5)


def test_no_scale_without_days_the_unit_ran_or_with_a_base_above_them() -> None:
    assert anchored_fit([(0.5, 12.0), (0.2, 11.0)], KNOWN) is None
    assert anchored_fit([(5.0, 10.0), (6.0, 11.0)], KNOWN) is None


def test_the_signature_takes_the_base_over_its_fit_once_it_is_known() -> None:
    signature = Signature()
    for day, (estimated, home) in enumerate(heating_days(5, 0.6, MIN_DAYS - 1)):
        signature.add_day(DAY0 + timedelta(days=60 + day), estimated, home)
    assert signature.anchored is None
    assert not signature.learned
    assert signature.add_history(shoulder(5, MIN_BASE_DAYS - 1)) == MIN_BASE_DAYS - 1
    assert signature.anchored is None  # too few base days
    assert signature.add_history(shoulder(6, 30)) > 0
    anchored = signature.anchored
    assert anchored is not None
    assert anchored.scale == pytest.approx(0.6, rel=0.1)
    assert signature.load_scale == anchored.load_scale < 1.0
    assert not signature.learned  # not two weeks of days yet
    signature.add_day(DAY0 + timedelta(days=80), 0.4, 12.4)  # the unit off: a base day too
    assert signature.base.days[(DAY0 + timedelta(days=80)).isoformat()] == pytest.approx(12.0)
    assert signature.learned
    restored = Signature.restore(signature.as_dict())
    assert restored == signature
    assert restored.load_scale == signature.load_scale


def test_a_signature_without_base_keeps_its_fit() -> None:
    signature = Signature()
    signature.add_history(shoulder(7, 3))
    assert signature.anchored is None
    assert signature.load_scale == 1.0


PACIFIC = ZoneInfo("US/Pacific")


def hours(first: datetime, count: int, value: float) -> list[tuple[datetime, float]]:
    return [(first + timedelta(hours=hour), value) for hour in range(count)]


def test_days_of_hourly_statistics_are_local_days_the_meter_measured_whole() -> None:
    start = datetime(2025, 10, 1, tzinfo=PACIFIC).astimezone(UTC)
    home = hours(start, 24 * 3, 0.5)
    del home[30]  # the second day misses an hour of the home meter
    outdoor = hours(start, 24 * 3, 17.0)
    del outdoor[50:54]  # the third misses four hours of the outdoor sensor: still a mean
    days = daily_history(home, outdoor, PACIFIC)
    assert days == [
        HistoryDay(date(2025, 10, 1), 12.0, 17.0),
        HistoryDay(date(2025, 10, 3), 12.0, 17.0),
    ]
    del outdoor[48:58]  # the third day: too few hours for a mean
    assert [day.day for day in daily_history(home, outdoor, PACIFIC)] == [date(2025, 10, 1)]


def test_a_day_with_a_change_of_clock_has_its_own_number_of_hours() -> None:
    start = datetime(2026, 3, 8, tzinfo=PACIFIC).astimezone(UTC)  # 23 hours long
    days = daily_history(hours(start, 23, 0.5), hours(start, 23, 16.0), PACIFIC)
    assert days == [HistoryDay(date(2026, 3, 8), 11.5, 16.0)]
