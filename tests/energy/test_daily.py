"""The daily energy ledger: one rule per test, and the failures the property test found."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from custom_components.minisplit.energy.daily import (
    GLITCH_LENGTH,
    GLITCH_PAST_CHANGED,
    GLITCH_TOO_LARGE,
    DailyEnergyLedger,
    _Branch,
    _merge,
    _normalise,
)
from custom_components.minisplit.energy.values import (
    GLITCH_NEGATIVE,
    GLITCH_NOT_FINITE,
    GLITCH_TIME,
    GLITCH_UNREADABLE,
)

ZONE = timezone(timedelta(hours=1))
PAST = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
BOUND = 100.0


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Home Assistant's local time on a day of March 2026."""
    return datetime(2026, 3, day, hour, minute, tzinfo=ZONE)


def update(ledger: DailyEnergyLedger, days: Any, now: Any) -> tuple[float, frozenset[str], int]:
    """One reading; (added, rejected, lost days)."""
    result = ledger.update(days, now, max_kwh_per_day=BOUND)
    return result.added_kwh, result.rejected, result.lost_days


def restarted(ledger: DailyEnergyLedger) -> DailyEnergyLedger:
    """Home Assistant's restart: the state through JSON and back."""
    return DailyEnergyLedger.from_dict(json.loads(json.dumps(ledger.as_dict(), allow_nan=False)))


def test_first_reading_is_the_baseline() -> None:
    ledger = DailyEnergyLedger()
    assert update(ledger, [*PAST, 2.0], at(10, 12)) == (0.0, frozenset(), 0)
    assert ledger.total_kwh == 0


def test_today_counts_what_it_grew() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    assert update(ledger, [*PAST, 2.25], at(10, 12, 10))[0] == pytest.approx(0.25)
    assert update(ledger, [*PAST, 2.25], at(10, 12, 20))[0] == 0
    assert ledger.total_kwh == pytest.approx(0.25)


def test_midnight_counts_the_rest_of_the_day_and_the_new_one() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 7.0], at(10, 23, 50))
    added, rejected, lost = update(ledger, [*PAST[1:], 7.3, 0.1], at(11, 0, 10))
    assert added == pytest.approx(0.4)
    assert (rejected, lost) == (frozenset(), 0)
    # The offset is now known: midnight fell between the two readings.
    assert ledger.offsets == ((-600, 599),)


@pytest.mark.parametrize("skew_hours", [3, -3, 2.5, -1])
def test_a_head_clock_up_to_3_hours_off(skew_hours: float) -> None:
    # The head's midnight comes `skew_hours` before Home Assistant's.
    midnight = at(11, 0) - timedelta(hours=skew_hours)
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 7.0], midnight - timedelta(minutes=10))
    added = update(ledger, [*PAST[1:], 7.3, 0.1], midnight + timedelta(minutes=10))[0]
    assert added == pytest.approx(0.4)
    update(ledger, [*PAST[1:], 7.3, 0.5], midnight + timedelta(hours=5))
    assert ledger.total_kwh == pytest.approx(0.8)
    low, high = ledger.offsets[0]
    assert low <= skew_hours * 3_600 <= high
    assert high - low < 1_200


def test_a_head_clock_beyond_3_hours_counts_nothing_twice() -> None:
    # Head 4 h ahead: its midnight at 20:00 is out of reach; the shift reads as changed days.
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 7.0], at(10, 19, 50))
    added, rejected, _ = update(ledger, [*PAST[1:], 7.3, 0.1], at(10, 20, 10))
    assert rejected == {GLITCH_PAST_CHANGED}
    assert added <= 0.4


def test_restart_behaves_as_if_there_was_none() -> None:
    readings = [
        ([*PAST, 1.0], at(10, 23)),
        ([*PAST, 1.5], at(10, 23, 50)),
        ([*PAST[1:], 1.6, 0.2], at(11, 0, 10)),
        ([*PAST[1:], 1.6, 0.9], at(11, 9)),
    ]
    plain, stored = DailyEnergyLedger(), DailyEnergyLedger()
    for days, now in readings:
        stored = restarted(stored)
        assert update(stored, days, now) == update(plain, days, now)
        assert stored.as_dict() == plain.as_dict()
    assert stored.total_kwh == pytest.approx(1.5)


def test_outage_of_one_day() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added, _, lost = update(ledger, [*PAST[1:], 2.5, 1.0], at(11, 12))
    assert added == pytest.approx(1.5)
    assert lost == 0


def test_outage_of_three_days() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added, _, lost = update(ledger, [4.0, 5.0, 6.0, 2.5, 3.0, 4.0, 1.0], at(13, 12))
    assert added == pytest.approx(0.5 + 3.0 + 4.0 + 1.0)
    assert lost == 0


def test_outage_of_six_days_keeps_everything_the_head_still_holds() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added, _, lost = update(ledger, [2.5, 1.0, 0.0, 0.0, 3.0, 4.0, 1.0], at(16, 12))
    assert added == pytest.approx(0.5 + 1.0 + 3.0 + 4.0 + 1.0)
    assert lost == 0


def test_outage_of_seven_days_loses_the_rest_of_the_last_day() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added, _, lost = update(ledger, [1.0, 0.0, 0.0, 3.0, 4.0, 1.0, 0.5], at(17, 12))
    assert added == pytest.approx(9.5)
    assert lost == 1


def test_outage_of_eight_days_reports_the_days_the_head_dropped() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added, _, lost = update(ledger, [1.0, 0.0, 0.0, 3.0, 4.0, 1.0, 0.5], at(18, 12))
    assert added == pytest.approx(9.5)
    # The rest of day 10 and all of day 11 are gone from the head.
    assert lost == 2


def test_outage_near_midnight_of_six_or_seven_days_counts_the_least_until_known() -> None:
    # Six days and 20 minutes around Home Assistant's midnight: 6 or 7 head midnights. Seven
    # would make the first day new (all of it counted); six, the last day read (0.5 more).
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 23, 50))
    added = update(ledger, [2.5, 1.0, 0.0, 0.0, 3.0, 4.0, 0.0], at(17, 0, 10))[0]
    assert added == pytest.approx(0.5 + 8.0)


def test_idle_days_count_nothing_and_raise_nothing() -> None:
    ledger = DailyEnergyLedger()
    idle = [0.0] * 7
    for now in (at(10, 23, 50), at(11, 0, 10), at(11, 12), at(12, 0, 5), at(14, 3)):
        assert update(ledger, idle, now) == (0.0, frozenset(), 0)
    # Consumption starts: an idle week shifted or not reads the same, and counts the same.
    assert update(ledger, [0.0] * 6 + [0.4], at(14, 23, 55))[0] == pytest.approx(0.4)
    assert update(ledger, [0.0] * 5 + [0.5, 0.1], at(15, 0, 15))[0] == pytest.approx(0.2)
    assert ledger.total_kwh == pytest.approx(0.6)


def test_an_ambiguous_midnight_is_paid_once_the_offset_is_known() -> None:
    # Head 55 min ahead. Equal days make the first midnight read also as a counter reset.
    ledger = DailyEnergyLedger()
    update(ledger, [0.5] * 6 + [0.45], at(10, 23))  # head 23:55
    # Head 00:05: day 10 ended at 0.5. Or no midnight and a reset to 0.02: that counts less.
    assert update(ledger, [0.5] * 6 + [0.02], at(10, 23, 10))[0] == pytest.approx(0.02)
    assert update(ledger, [0.5] * 6 + [1.0], at(11, 12))[0] == pytest.approx(0.98)
    # Offsets 1-3 h ahead read a midnight into a reset here, those below 50 min a midnight
    # an hour ago: every offset still possible has counted the 0.05 by now.
    assert update(ledger, [0.5] * 6 + [1.5], at(11, 23))[0] == pytest.approx(0.5 + 0.05)
    # The next midnight proves the offset: only 50-60 min ahead remains.
    assert update(ledger, [0.5] * 5 + [1.6, 0.03], at(11, 23, 10))[0] == pytest.approx(0.13)
    assert ledger.offsets == ((3_000, 3_599),)
    assert ledger.total_kwh == pytest.approx(0.05 + 1.6 + 0.03)
    assert len(ledger.as_dict()["branches"]) == 1


def test_an_ambiguous_midnight_that_was_a_reset_is_not_paid() -> None:
    # The same start with the head on Home Assistant's time: it was a reset.
    ledger = DailyEnergyLedger()
    update(ledger, [0.5] * 6 + [0.45], at(10, 23))
    update(ledger, [0.5] * 6 + [0.02], at(10, 23, 10))
    update(ledger, [0.5] * 6 + [0.3], at(10, 23, 50))
    added = update(ledger, [0.5] * 5 + [0.35, 0.01], at(11, 0, 10))[0]
    assert added == pytest.approx(0.05 + 0.01)
    assert ledger.total_kwh == pytest.approx(0.02 + 0.28 + 0.06)


def test_a_reset_counts_what_today_shows_as_new() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    assert update(ledger, [*PAST, 0.1], at(10, 12, 10))[0] == pytest.approx(0.1)
    assert update(ledger, [*PAST, 0.3], at(10, 12, 20))[0] == pytest.approx(0.2)


def test_a_reset_before_midnight_shows_in_yesterday() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 20))
    # Day 10 was reset in the evening and ended at 0.5; day 11 used 1.0 so far.
    added = update(ledger, [*PAST[1:], 0.5, 1.0], at(11, 8))[0]
    assert added == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (-0.001, GLITCH_NEGATIVE),
        (math.nan, GLITCH_NOT_FINITE),
        (math.inf, GLITCH_NOT_FINITE),
        (500.0, GLITCH_TOO_LARGE),
        ("500", GLITCH_TOO_LARGE),
        ("0.5", None),
        ("twelve", GLITCH_UNREADABLE),
        (True, GLITCH_UNREADABLE),
        (10**400, GLITCH_UNREADABLE),
        (object(), GLITCH_UNREADABLE),
    ],
)
def test_impossible_values_are_rejected_and_never_counted(value: object, kind: str | None) -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added, rejected, _ = update(ledger, [*PAST, value], at(10, 12, 10))
    if kind is None:  # a number as text reads as that number: a reset to 0.5
        assert (added, rejected) == (0.5, frozenset())
        return
    assert rejected == {kind}
    assert added == 0
    # The next good reading counts from what was counted before.
    assert update(ledger, [*PAST, 2.5], at(10, 12, 20)) == (0.5, frozenset(), 0)


def test_an_unknown_day_is_skipped_silently() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 23, 50))
    # Across midnight with the old day unknown: its rest is counted when it shows.
    assert update(ledger, [*PAST[1:], None, 0.1], at(11, 0, 10)) == (0.1, frozenset(), 0)
    assert update(ledger, [*PAST[1:], 2.2, 0.2], at(11, 0, 20))[0] == pytest.approx(0.3)


def test_days_unknown_at_the_baseline_are_not_counted() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [None] * 6 + [1.0], at(10, 12))
    # The adapter learns its past days: energy from before the ledger existed.
    assert update(ledger, [*PAST, 1.2], at(10, 12, 10))[0] == pytest.approx(0.2)


@pytest.mark.parametrize("days", [[1.0] * 6, [1.0] * 8, [], "1,2,3,4,5,6,7", None, 7, {"a": 1}])
def test_a_series_that_is_not_seven_days_is_rejected_whole(days: object) -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    assert update(ledger, days, at(10, 12, 10)) == (0.0, frozenset({GLITCH_LENGTH}), 0)
    assert ledger.total_kwh == 0


def test_a_reading_without_a_time_is_rejected() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    assert update(ledger, [*PAST, 3.0], "2026-03-10T12:10") == (0.0, frozenset({GLITCH_TIME}), 0)
    assert update(ledger, [*PAST, 3.0], None)[1] == {GLITCH_TIME}
    assert update(ledger, [*PAST, 3.0], at(10, 12, 20))[0] == pytest.approx(1.0)


def test_a_broken_series_is_a_glitch_not_a_crash() -> None:
    class Broken(list[float]):
        def __iter__(self) -> Any:
            raise RuntimeError("broken")

    ledger = DailyEnergyLedger()
    assert update(ledger, Broken([1.0] * 7), at(10, 12))[1] == {GLITCH_LENGTH}


def test_a_past_day_that_changes_after_it_was_final_is_not_counted() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    changed = [1.0, 2.0, 9.0, 4.0, 5.0, 6.0]
    added, rejected, _ = update(ledger, [*changed, 2.1], at(10, 12, 10))
    assert added == pytest.approx(0.1)
    assert rejected == {GLITCH_PAST_CHANGED}
    # The head's new value is kept: it does not keep the ledger on the fallback.
    assert update(ledger, [*changed, 2.2], at(10, 12, 20)) == (pytest.approx(0.1), frozenset(), 0)
    # Back to the old value: rejected again, still not counted.
    added, rejected, _ = update(ledger, [*PAST, 2.2], at(10, 12, 30))
    assert (added, rejected) == (0.0, {GLITCH_PAST_CHANGED})
    assert ledger.total_kwh == pytest.approx(0.2)


def test_home_assistant_clock_going_back_counts_as_no_time_passed() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    assert update(ledger, [*PAST, 2.1], at(10, 11))[0] == pytest.approx(0.1)
    assert update(ledger, [*PAST, 2.2], at(10, 11, 10))[0] == pytest.approx(0.1)


def test_a_naive_time_is_read_as_a_wall_clock() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], datetime(2026, 3, 10, 12))
    assert update(ledger, [*PAST, 2.5], datetime(2026, 3, 10, 12, 10))[0] == pytest.approx(0.5)


@pytest.mark.parametrize("bound", [0.0, -1.0, math.nan, math.inf, True, "50"])
def test_an_unusable_bound_falls_back_to_the_default(bound: Any) -> None:
    ledger = DailyEnergyLedger()
    ledger.update([*PAST, 2.0], at(10, 12), max_kwh_per_day=bound)
    result = ledger.update([*PAST, 150.0], at(10, 12, 10), max_kwh_per_day=bound)
    assert result.rejected == {GLITCH_TOO_LARGE}  # the default, 144 kWh a day
    result = ledger.update([*PAST, 100.0], at(10, 12, 20), max_kwh_per_day=bound)
    assert result.added_kwh == pytest.approx(98.0)


def test_a_reading_with_nothing_usable_changes_nothing() -> None:
    ledger = DailyEnergyLedger()
    assert update(ledger, [None] * 7, at(10, 12)) == (0.0, frozenset(), 0)
    assert ledger.as_dict()["branches"] == []
    update(ledger, [*PAST, 2.0], at(10, 12, 10))
    before = ledger.as_dict()
    assert update(ledger, [None] * 6 + [-1.0], at(10, 12, 20))[1] == {GLITCH_NEGATIVE}
    assert ledger.as_dict() == before


@pytest.mark.parametrize(
    "data",
    [
        None,
        "garbage",
        [],
        {},
        {"version": 1},
        {"version": 2, "total_kwh": 5.0},
        {"version": 1, "total_kwh": 5.0, "last_reading": None, "branches": []},
        {"version": 1, "total_kwh": 5.0, "last_reading": "noon", "branches": [{}]},
        {"version": 1, "total_kwh": 5.0, "last_reading": 1, "branches": "x"},
        {"version": 1, "total_kwh": 5.0, "last_reading": 1, "branches": [{}]},
        {"version": 1, "total_kwh": 5.0, "last_reading": 1, "branches": [None]},
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": 1,
            "branches": [{"offsets": [[0, 1]], "days": [[1.0, True]] * 6, "extra": 0.0}],
        },
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": 1,
            "branches": [{"offsets": [[0, 1]], "days": [[-1.0, True]] * 7, "extra": 0.0}],
        },
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": 1,
            "branches": [{"offsets": [[0, 1]], "days": [[1.0, "yes"]] * 7, "extra": 0.0}],
        },
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": 1,
            "branches": [{"offsets": [[0, 1, 2]], "days": [[1.0, True]] * 7, "extra": 0.0}],
        },
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": 1,
            "branches": [{"offsets": [[99999, 99999]], "days": [[1.0, True]] * 7, "extra": 0}],
        },
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": 1,
            "branches": [{"offsets": "all", "days": [[1.0, True]] * 7, "extra": 0.0}],
        },
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": 1,
            "branches": [{"offsets": [[0, 1]], "days": [[1.0, True]] * 7, "extra": math.nan}],
        },
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": 1,
            "branches": [{"offsets": [[0, 1]], "days": [1.0] * 7, "extra": 0.0}],
        },
        {
            "version": 1,
            "total_kwh": 5.0,
            "last_reading": True,
            "branches": [{"offsets": [[0, 1]], "days": [[1.0, True]] * 7, "extra": 0.0}],
        },
    ],
)
def test_garbage_in_the_stored_state_keeps_the_total_and_starts_over(data: object) -> None:
    ledger = DailyEnergyLedger.from_dict(data)
    readable = isinstance(data, dict) and data.get("total_kwh") == 5.0
    assert ledger.total_kwh == (5.0 if readable else 0.0)
    # The next reading is a new baseline, the one after counts.
    assert update(ledger, [*PAST, 2.0], at(10, 12)) == (0.0, frozenset(), 0)
    assert update(ledger, [*PAST, 2.5], at(10, 12, 10))[0] == pytest.approx(0.5)


@pytest.mark.parametrize("total", [-1.0, math.nan, math.inf, True, "5", None, 10**400])
def test_an_unreadable_stored_total_is_zero(total: object) -> None:
    state = DailyEnergyLedger().as_dict()
    state["total_kwh"] = total
    assert DailyEnergyLedger.from_dict(state).total_kwh == 0.0


def test_the_stored_state_keeps_open_offsets_and_what_they_counted() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [0.5] * 6 + [0.45], at(10, 23))
    update(ledger, [0.5] * 6 + [0.02], at(10, 23, 10))
    state = ledger.as_dict()
    assert len(state["branches"]) == 2
    assert sorted(branch["extra"] for branch in state["branches"]) == [0.0, pytest.approx(0.05)]
    assert restarted(ledger).as_dict() == state


def test_a_new_day_unknown_when_it_first_shows_counts_when_it_can_be_read() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added = update(ledger, [4.0, 5.0, 6.0, 2.5, None, 4.0, 1.0], at(13, 12))[0]
    assert added == pytest.approx(0.5 + 4.0 + 1.0)
    added = update(ledger, [4.0, 5.0, 6.0, 2.5, 3.0, 4.0, 1.1], at(13, 12, 10))[0]
    assert added == pytest.approx(3.0 + 0.1)


def test_a_day_unreadable_until_the_head_drops_it_is_reported_lost() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    update(ledger, [4.0, 5.0, 6.0, None, 3.0, 4.0, 1.0], at(13, 12))
    # Day 10 was last read as today (2.0); its final value is gone from the head.
    added, rejected, lost = update(ledger, [3.0, 4.0, 1.5, 0.0, 0.0, 0.0, 0.5], at(17, 12))
    assert (added, rejected, lost) == (pytest.approx(1.0), frozenset(), 1)


def test_a_broken_time_is_a_glitch_not_a_crash() -> None:
    class BrokenTime(datetime):
        def toordinal(self) -> int:
            raise OverflowError("broken")

    ledger = DailyEnergyLedger()
    broken = BrokenTime(2026, 3, 10, 12, tzinfo=ZONE)
    assert update(ledger, [*PAST, 2.0], broken) == (0.0, frozenset({GLITCH_TIME}), 0)


def test_offsets_stay_a_few_ranges_covering_every_possible_one() -> None:
    ranges = [(start, start + 10) for start in range(-10_000, 10_000, 1_000)]
    kept = _normalise(ranges)
    assert len(kept) == 16
    assert all(any(low <= start and end <= high for low, high in kept) for start, end in ranges)


def test_branches_beyond_the_limit_keep_those_that_counted_least() -> None:
    days = tuple((float(day), True) for day in range(7))
    branches = [
        _Branch(((second, second),), (*days[:6], (float(second), False)), float(second))
        for second in range(40)
    ]
    # Same days as the first: joined at the smaller count.
    branches.append(_Branch(((100, 100),), branches[0].days, 0.5))
    kept = _merge(branches)
    assert len(kept) == 32
    assert [branch.extra for branch in kept] == [float(n) for n in range(32)]
    assert kept[0].offsets == ((0, 0), (100, 100))


def test_too_many_stored_branches_start_over() -> None:
    branch = {"offsets": [[0, 1]], "days": [[1.0, True]] * 7, "extra": 0.0}
    state = {"version": 1, "total_kwh": 5.0, "last_reading": 1, "branches": [branch] * 33}
    ledger = DailyEnergyLedger.from_dict(state)
    assert ledger.total_kwh == 5.0
    assert ledger.as_dict()["branches"] == []
