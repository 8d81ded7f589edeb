"""The energy ledger: totals that never go backwards and never lose the day's last hour."""

from __future__ import annotations

from datetime import datetime

import pytest

from custom_components.minisplit.energy_ledger import EnergyLedger

ZERO = [0.0] * 24


def hours(**by_hour: float) -> list[float]:
    """A 24-hour array with the given hours set, e.g. hours(h0=0.3, h5=1.2)."""
    values = list(ZERO)
    for name, value in by_hour.items():
        values[int(name[1:])] = value
    return values


def at(day: int, hour: int, minute: int = 5) -> datetime:
    return datetime(2026, 1, day, hour, minute)


def test_first_reading_is_the_baseline() -> None:
    ledger = EnergyLedger()
    update = ledger.update(hours(h0=0.5, h1=0.4), ZERO, at(10, 2))
    assert update.added_kwh == 0
    assert ledger.total_kwh == 0


def test_same_day_counts_only_new_hours() -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h0=0.5), ZERO, at(10, 1))
    assert ledger.update(hours(h0=0.5, h1=0.4), ZERO, at(10, 2)).added_kwh == pytest.approx(0.4)
    assert ledger.update(hours(h0=0.5, h1=0.4), ZERO, at(10, 2, 30)).added_kwh == 0
    assert ledger.total_kwh == pytest.approx(0.4)


def test_midnight_keeps_the_last_hour_of_the_day() -> None:
    ledger = EnergyLedger()
    day1 = hours(h21=0.3, h22=0.6)
    ledger.update(day1, ZERO, at(10, 23, 50))
    # At midnight hour 23 is published straight into "yesterday"; "today" starts from zeros.
    final_day1 = hours(h21=0.3, h22=0.6, h23=0.7)
    update = ledger.update(ZERO, final_day1, at(11, 0, 5))
    assert update.added_kwh == pytest.approx(0.7)
    ledger.update(hours(h0=0.2), final_day1, at(11, 1, 5))
    assert ledger.total_kwh == pytest.approx(0.9)


def test_roll_over_detected_by_date_when_arrays_cannot_tell() -> None:
    ledger = EnergyLedger()
    ledger.update(ZERO, ZERO, at(10, 22))  # idle all day: before and after midnight look alike
    final_day1 = hours(h23=0.4)
    # Shortly after midnight nothing tells the days apart yet: nothing is counted twice.
    assert ledger.update(ZERO, final_day1, at(11, 0, 10)).added_kwh == 0
    # Once the new day has an hour, yesterday's leftovers and today's hour are both counted.
    assert ledger.update(hours(h0=0.3), final_day1, at(11, 1, 10)).added_kwh == pytest.approx(0.7)
    assert ledger.update(hours(h0=0.3, h1=0.2), final_day1, at(11, 2, 10)).added_kwh == (
        pytest.approx(0.2)
    )


def test_adapter_clock_ahead_of_ours_does_not_count_a_day_twice() -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h10=1.0), ZERO, at(10, 23, 40))
    final_day1 = hours(h10=1.0, h23=0.5)
    # The adapter rolled at 23:55 by our clock.
    assert ledger.update(ZERO, final_day1, at(10, 23, 58)).added_kwh == pytest.approx(0.5)
    # After our midnight, the same arrays add nothing.
    assert ledger.update(hours(h0=0.2), final_day1, at(11, 1, 5)).added_kwh == pytest.approx(0.2)
    assert ledger.total_kwh == pytest.approx(0.7)


def test_adapter_clock_behind_ours_waits_for_its_roll_over() -> None:
    ledger = EnergyLedger()
    previous_day = hours(h3=2.0)
    ledger.update(hours(h20=0.1), previous_day, at(10, 21))
    # Our midnight has passed, the adapter's has not: hour 22 still lands in "today".
    assert ledger.update(hours(h20=0.1, h22=0.3), previous_day, at(11, 0, 2)).added_kwh == (
        pytest.approx(0.3)
    )
    final_day1 = hours(h20=0.1, h22=0.3, h23=0.4)
    assert ledger.update(ZERO, final_day1, at(11, 0, 8)).added_kwh == pytest.approx(0.4)
    assert ledger.total_kwh == pytest.approx(0.7)


def test_offline_over_midnight_recovers_both_days() -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h8=0.5), ZERO, at(10, 9))
    final_day1 = hours(h8=0.5, h9=0.6, h20=0.2)
    update = ledger.update(hours(h0=0.1, h1=0.1), final_day1, at(11, 2, 30))
    assert update.added_kwh == pytest.approx(0.8 + 0.2)
    assert update.lost_days == 0


def test_offline_for_days_counts_what_the_head_still_has_and_reports_the_rest() -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h8=0.5), ZERO, at(10, 9))
    update = ledger.update(hours(h0=0.1), hours(h5=1.0), at(13, 3))
    assert update.added_kwh == pytest.approx(1.1)
    assert update.lost_days == 2


def test_never_decreases_over_a_week_of_readings() -> None:
    ledger = EnergyLedger()
    totals = []
    yesterday = list(ZERO)
    for day in range(1, 8):
        today = list(ZERO)
        for hour in range(24):
            ledger.update(today, yesterday, datetime(2026, 1, day, hour, 30))
            totals.append(ledger.total_kwh)
            today[hour] = 0.1 * ((day + hour) % 5)
        yesterday = today
    assert totals == sorted(totals)
    expected = sum(0.1 * ((day + hour) % 5) for day in range(1, 7) for hour in range(24))
    expected += sum(0.1 * ((7 + hour) % 5) for hour in range(23))
    assert ledger.total_kwh == pytest.approx(expected)


def test_round_trip_through_restore_data() -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h1=0.5), ZERO, at(10, 2))
    ledger.update(hours(h1=0.5, h2=0.25), ZERO, at(10, 3))
    restored = EnergyLedger.from_dict(ledger.as_dict())
    assert restored == ledger
    assert restored.update(hours(h1=0.5, h2=0.25, h3=1.0), ZERO, at(10, 4)).added_kwh == 1.0


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"total_kwh": "x", "day": None, "counted": []},
        {"total_kwh": 1, "day": None, "counted": [1]},
    ],
)
def test_bad_restore_data_is_refused(data: dict[str, object]) -> None:
    with pytest.raises((KeyError, ValueError, TypeError)):
        EnergyLedger.from_dict(data)


def test_arrays_must_have_24_hours() -> None:
    with pytest.raises(ValueError, match="24"):
        EnergyLedger().update([0.0], ZERO, at(10, 2))
