"""The daily energy ledger: one rule per test."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.minisplit.energy.daily import (
    GLITCH_LENGTH,
    GLITCH_TOO_LARGE,
    DailyEnergyLedger,
)
from custom_components.minisplit.energy.hourly import GLITCH_CLOCK_BEHIND
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


def test_the_next_day_counts_the_rest_of_yesterday_and_all_of_today() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 7.0], at(10, 20, 50))
    added, rejected, lost = update(ledger, [*PAST[1:], 7.3, 0.1], at(11, 3, 10))
    assert added == pytest.approx(0.4)
    assert (rejected, lost) == (frozenset(), 0)


@pytest.mark.parametrize(
    "now",
    [at(10, 20, 56), at(10, 23, 50), at(11, 0, 10), at(11, 3, 4)],
)
def test_a_reading_an_offset_of_3_hours_could_date_otherwise_changes_nothing(
    now: datetime,
) -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 7.0], at(10, 20))
    before = ledger.as_dict()
    # Whatever it holds, garbage too: it is not read.
    assert update(ledger, [*PAST[1:], 7.3, 0.1], now) == (0.0, frozenset(), 0)
    assert update(ledger, [math.nan] * 3, now) == (0.0, frozenset(), 0)
    assert ledger.as_dict() == before


@pytest.mark.parametrize("first", [at(10, 3, 5), datetime(2026, 3, 10, 3, 5, 59, tzinfo=ZONE)])
def test_the_usable_window_is_03_05_to_20_55_inclusive(first: datetime) -> None:
    ledger = DailyEnergyLedger()
    assert update(ledger, [*PAST, 0.5], first) == (0.0, frozenset(), 0)
    assert update(ledger, [*PAST, 7.0], at(10, 20, 55))[0] == pytest.approx(6.5)


@pytest.mark.parametrize("skew_hours", [3, -3, 2.5, -1, 0])
def test_a_head_clock_up_to_3_hours_off_is_counted_exactly(skew_hours: float) -> None:
    # The head runs `skew_hours` ahead; day 10 ends at 7.3 kWh, day 11 uses 0.1 kWh an hour.
    skew = timedelta(hours=skew_hours)

    def shown(head: datetime) -> list[float]:
        hours = head.hour + head.minute / 60
        if head.day == 10:
            return [*PAST, round(7.3 * hours / 24, 3)]
        return [*PAST[1:], 7.3, round(0.1 * hours, 3)]

    ledger = DailyEnergyLedger()
    now = at(10, 12)
    while now <= at(11, 20):
        before = ledger.total_kwh
        update(ledger, shown(now + skew), now)
        assert ledger.total_kwh >= before
        now += timedelta(minutes=10)
    # Day 10 from what it showed at noon (the baseline) to its end, day 11 until 20:00.
    expected = 7.3 - shown(at(10, 12) + skew)[-1] + shown(at(11, 20) + skew)[-1]
    assert ledger.total_kwh == pytest.approx(expected)


def test_restart_behaves_as_if_there_was_none() -> None:
    readings = [
        ([*PAST, 1.0], at(10, 19)),
        ([*PAST, 1.5], at(10, 20, 50)),
        ([*PAST[1:], 1.6, 0.2], at(11, 3, 10)),
        ([*PAST[1:], 1.6, 0.9], at(11, 9)),
    ]
    plain, stored = DailyEnergyLedger(), DailyEnergyLedger()
    for days, now in readings:
        stored = restarted(stored)
        assert update(stored, days, now) == update(plain, days, now)
        assert stored.as_dict() == plain.as_dict()
    assert stored.total_kwh == pytest.approx(1.5)


def test_a_reading_fed_twice_late_or_after_an_older_state_counts_nothing_twice() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    older = ledger.as_dict()
    late = [*PAST, 2.5]
    assert update(ledger, late, at(10, 12, 10))[0] == pytest.approx(0.5)
    assert update(ledger, [*PAST, 2.7], at(10, 12, 20))[0] == pytest.approx(0.2)
    # The same arrays again, a minute or an hour later: nothing.
    assert update(ledger, late, at(10, 12, 21))[0] == 0
    assert update(ledger, late, at(10, 13, 30))[0] == 0
    # A restart from the state before those readings recounts them once.
    ledger = DailyEnergyLedger.from_dict(json.loads(json.dumps(older)))
    assert ledger.total_kwh == 0
    assert update(ledger, [*PAST, 2.7], at(10, 12, 40))[0] == pytest.approx(0.7)
    assert update(ledger, late, at(10, 12, 50))[0] == 0


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
    assert ledger.total_kwh == pytest.approx(9.5)


def test_outage_of_seven_days_loses_the_rest_of_the_last_day_read() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added, _, lost = update(ledger, [1.0, 0.0, 0.0, 3.0, 4.0, 1.0, 0.5], at(17, 12))
    assert added == pytest.approx(9.5)
    # Day 10 was read (what it used after noon is gone); no day went unseen.
    assert lost == 0


def test_outage_of_eight_days_reports_the_days_no_reading_showed() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added, _, lost = update(ledger, [1.0, 0.0, 0.0, 3.0, 4.0, 1.0, 0.5], at(18, 12))
    assert added == pytest.approx(9.5)
    assert lost == 1  # day 11
    assert update(ledger, [0.0] * 7, at(30, 12))[2] == 5  # days 19 to 23


def test_days_leaving_the_window_keep_their_count() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    update(ledger, [*PAST, 3.0], at(10, 13))
    update(ledger, [0.0] * 7, at(20, 12))
    assert ledger.total_kwh == pytest.approx(1.0)
    state = ledger.as_dict()
    assert state["closed"] == pytest.approx(1.0)
    assert [slot[0] for slot in state["slots"]] == [f"2026-03-{day}" for day in range(14, 21)]


def test_idle_days_count_nothing_and_raise_nothing() -> None:
    ledger = DailyEnergyLedger()
    idle = [0.0] * 7
    for now in (at(10, 20, 50), at(11, 3, 10), at(11, 12), at(12, 4, 5), at(14, 5)):
        assert update(ledger, idle, now) == (0.0, frozenset(), 0)
    assert update(ledger, [0.0] * 6 + [0.4], at(14, 20, 55))[0] == pytest.approx(0.4)
    assert update(ledger, [0.0] * 5 + [0.5, 0.1], at(15, 3, 15))[0] == pytest.approx(0.2)
    assert ledger.total_kwh == pytest.approx(0.6)


def test_a_counter_reset_counts_nothing_until_the_day_passes_its_largest_value() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    assert update(ledger, [*PAST, 2.4], at(10, 12, 10))[0] == pytest.approx(0.4)
    assert update(ledger, [*PAST, 0.1], at(10, 12, 20))[0] == 0
    assert update(ledger, [*PAST, 2.3], at(10, 15))[0] == 0
    assert update(ledger, [*PAST, 2.6], at(10, 16))[0] == pytest.approx(0.2)
    assert ledger.total_kwh == pytest.approx(0.6)


def test_a_reset_before_midnight_shows_in_yesterday() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 20))
    # Day 10 was reset in the evening and ended at 0.5; day 11 used 1.0 so far.
    assert update(ledger, [*PAST[1:], 0.5, 1.0], at(11, 8))[0] == pytest.approx(1.0)


def test_a_past_day_that_grows_counts_the_growth_and_one_that_drops_nothing() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    # The adapter added the last minutes to yesterday: growth is growth.
    assert update(ledger, [1.0, 2.0, 3.0, 4.0, 5.0, 6.2, 2.1], at(10, 12, 10))[0] == pytest.approx(
        0.3
    )
    assert update(ledger, [*PAST, 2.2], at(10, 12, 20))[0] == pytest.approx(0.1)
    assert ledger.total_kwh == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (-0.001, GLITCH_NEGATIVE),
        (math.nan, GLITCH_NOT_FINITE),
        (math.inf, GLITCH_NOT_FINITE),
        (500.0, GLITCH_TOO_LARGE),
        ("500", GLITCH_TOO_LARGE),
        ("2.5", None),
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
    if kind is None:  # a number as text reads as that number
        assert (added, rejected) == (0.5, frozenset())
        return
    assert rejected == {kind}
    assert added == 0
    # The next good reading counts from what was counted before.
    assert update(ledger, [*PAST, 2.5], at(10, 12, 20)) == (0.5, frozenset(), 0)


def test_an_unknown_day_is_skipped_silently() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 20, 50))
    assert update(ledger, [*PAST[1:], None, 0.1], at(11, 3, 10)) == (0.1, frozenset(), 0)
    assert update(ledger, [*PAST[1:], 2.2, 0.2], at(11, 3, 20))[0] == pytest.approx(0.3)


def test_days_unknown_at_the_baseline_are_not_counted() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [None] * 6 + [1.0], at(10, 12))
    # The adapter learns its past days: energy from before the ledger existed.
    assert update(ledger, [*PAST, 1.2], at(10, 12, 10))[0] == pytest.approx(0.2)
    assert update(ledger, [1.0, 2.0, 3.0, 4.0, 5.0, 6.5, 1.2], at(10, 12, 20))[0] == (
        pytest.approx(0.5)
    )


def test_a_baseline_with_nothing_readable_is_still_the_baseline() -> None:
    # All unknown, or all impossible: its days take the first value seen later; later days
    # were used after the ledger started and count all they show.
    for first in ([None] * 7, [-1.0] * 7):
        ledger = DailyEnergyLedger()
        update(ledger, first, at(10, 12))
        assert update(ledger, [*PAST, 2.0], at(10, 12, 10))[0] == 0
        assert update(ledger, [*PAST[1:], 2.5, 1.0], at(11, 12))[0] == pytest.approx(1.5)


@pytest.mark.parametrize("days", [[1.0] * 6, [1.0] * 8, [], "1,2,3,4,5,6,7", None, 7, {"a": 1}])
def test_a_series_that_is_not_seven_days_is_rejected_whole(days: object) -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    assert update(ledger, days, at(10, 12, 10)) == (0.0, frozenset({GLITCH_LENGTH}), 0)
    assert ledger.total_kwh == 0
    # Nor is it a baseline.
    fresh = DailyEnergyLedger()
    update(fresh, days, at(10, 12))
    assert update(fresh, [*PAST, 2.0], at(10, 12, 10)) == (0.0, frozenset(), 0)


@pytest.mark.parametrize(
    "now",
    ["2026-03-10T12:10", None, datetime(2026, 3, 10, 12, 10), 1_773_140_000],
)
def test_a_reading_without_an_aware_time_is_rejected(now: object) -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    assert update(ledger, [*PAST, 3.0], now) == (0.0, frozenset({GLITCH_TIME}), 0)
    assert update(ledger, [*PAST, 3.0], at(10, 12, 20))[0] == pytest.approx(1.0)


def test_a_broken_time_or_series_is_a_glitch_not_a_crash() -> None:
    class BrokenTime(datetime):
        def utcoffset(self) -> timedelta | None:
            raise OverflowError("broken")

    class Broken(list[float]):
        def __iter__(self) -> Any:
            raise RuntimeError("broken")

    ledger = DailyEnergyLedger()
    broken = BrokenTime(2026, 3, 10, 12, tzinfo=ZONE)
    assert update(ledger, [*PAST, 2.0], broken) == (0.0, frozenset({GLITCH_TIME}), 0)
    assert update(ledger, Broken([1.0] * 7), at(10, 12))[1] == {GLITCH_LENGTH}


def test_a_reading_dated_before_the_newest_day_is_not_used() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    update(ledger, [*PAST[1:], 2.5, 1.0], at(11, 12))
    # Home Assistant's clock went back a day: the head's arrays are not day 10's.
    assert update(ledger, [*PAST[1:], 2.5, 1.5], at(10, 13)) == (
        0.0,
        frozenset({GLITCH_CLOCK_BEHIND}),
        0,
    )
    # Back within the day counts as any reading of that day.
    assert update(ledger, [*PAST[1:], 2.5, 1.5], at(11, 11))[0] == pytest.approx(0.5)


def test_local_time_stands_for_the_head_across_a_daylight_saving_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], datetime(2026, 3, 28, 20, 55, tzinfo=berlin))
    # 03:05 on the day the clocks went forward: 2 h 05 min after midnight, still used.
    now = datetime(2026, 3, 29, 3, 5, tzinfo=berlin)
    assert update(ledger, [*PAST[1:], 2.5, 0.1], now)[0] == pytest.approx(0.6)


@pytest.mark.parametrize("bound", [0.0, -1.0, math.nan, math.inf, True, "50"])
def test_an_unusable_bound_falls_back_to_the_default(bound: Any) -> None:
    ledger = DailyEnergyLedger()
    ledger.update([*PAST, 2.0], at(10, 12), max_kwh_per_day=bound)
    result = ledger.update([*PAST, 150.0], at(10, 12, 10), max_kwh_per_day=bound)
    assert result.rejected == {GLITCH_TOO_LARGE}  # the default, 144 kWh a day
    result = ledger.update([*PAST, 100.0], at(10, 12, 20), max_kwh_per_day=bound)
    assert result.added_kwh == pytest.approx(98.0)


def test_a_new_day_unknown_when_it_first_shows_counts_when_it_can_be_read() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    added = update(ledger, [4.0, 5.0, 6.0, 2.5, None, 4.0, 1.0], at(13, 12))[0]
    assert added == pytest.approx(0.5 + 4.0 + 1.0)
    added = update(ledger, [4.0, 5.0, 6.0, 2.5, 3.0, 4.0, 1.1], at(13, 12, 10))[0]
    assert added == pytest.approx(3.0 + 0.1)


def test_a_day_unreadable_until_the_head_drops_it_counts_what_was_read() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    update(ledger, [4.0, 5.0, 6.0, None, 3.0, 4.0, 1.0], at(13, 12))
    added, rejected, lost = update(ledger, [3.0, 4.0, 1.5, 0.0, 0.0, 0.0, 0.5], at(17, 12))
    assert (added, rejected, lost) == (pytest.approx(1.0), frozenset(), 0)
    assert ledger.total_kwh == pytest.approx(3.0 + 4.0 + 1.5 + 0.5)


def test_the_stored_state_is_json_and_a_copy() -> None:
    ledger = DailyEnergyLedger()
    update(ledger, [*PAST, 2.0], at(10, 12))
    state = ledger.as_dict()
    saved = json.loads(json.dumps(state, allow_nan=False))
    update(ledger, [*PAST, 2.5], at(10, 12, 10))
    assert state == saved  # the saved state does not follow the live one
    assert state["total_kwh"] == 0
    assert ledger.as_dict()["total_kwh"] == pytest.approx(0.5)


def _state(**changes: Any) -> dict[str, Any]:
    """A valid stored state (closed 5.0, day 10 at 2.0 of baseline 1.0) with changes."""
    state: dict[str, Any] = {
        "version": 2,
        "total_kwh": 6.0,
        "closed": 5.0,
        "newest": "2026-03-10",
        "slots": [["2026-03-10", 1.0, 2.0]],
    }
    return {**state, **changes}


def test_a_stored_state_is_read_back() -> None:
    ledger = DailyEnergyLedger.from_dict(_state())
    assert ledger.total_kwh == pytest.approx(6.0)
    # Day 10 keeps its baseline; days 4-9, missing, take their first value seen, then grow.
    assert update(ledger, [*PAST, 2.5], at(10, 12))[0] == pytest.approx(0.5)
    assert update(ledger, [2.0, *PAST[1:], 2.5], at(10, 13))[0] == pytest.approx(1.0)


@pytest.mark.parametrize(
    "changes",
    [
        {"newest": "noon"},
        {"newest": 10},
        {"slots": "x"},
        {"slots": [None]},
        {"slots": [["2026-03-10", 1.0]]},
        {"slots": [["2026-03-10", -1.0, 2.0]]},
        {"slots": [["2026-03-10", 1.0, math.nan]]},
        {"slots": [["2026-03-10", 1.0, True]]},
        {"slots": [["2026-03-10", None, 2.0]]},
        {"slots": [["2026-03-03", 1.0, 2.0]]},
        {"slots": [["2026-03-11", 1.0, 2.0]]},
        {"slots": [[20260310, 1.0, 2.0]]},
        {"slots": None},
    ],
)
def test_garbage_in_the_stored_state_keeps_the_closed_total_and_starts_over(
    changes: dict[str, Any],
) -> None:
    ledger = DailyEnergyLedger.from_dict(_state(**changes))
    assert ledger.total_kwh == 5.0
    # The next reading is a new baseline, the one after counts.
    assert update(ledger, [*PAST, 2.0], at(10, 12)) == (0.0, frozenset(), 0)
    assert update(ledger, [*PAST, 2.5], at(10, 12, 10))[0] == pytest.approx(0.5)


@pytest.mark.parametrize("closed", [-1.0, math.nan, math.inf, True, "5", None, 10**400])
def test_an_unreadable_closed_total_is_zero(closed: object) -> None:
    ledger = DailyEnergyLedger.from_dict(_state(closed=closed))
    assert ledger.total_kwh == 0.0
    assert update(ledger, [*PAST, 2.0], at(10, 12)) == (0.0, frozenset(), 0)


@pytest.mark.parametrize(
    "data", [None, "garbage", [], {}, {"version": 3, "closed": 5.0}, {"version": 2}]
)
def test_unreadable_state_starts_from_zero(data: object) -> None:
    assert DailyEnergyLedger.from_dict(data).total_kwh == 0.0


def test_the_state_of_the_earlier_ledger_keeps_its_total() -> None:
    # The ledger that inferred the head's clock (version 1): its total is kept as closed.
    old = {
        "version": 1,
        "total_kwh": 5.0,
        "last_reading": 63_900_000_000,
        "branches": [{"offsets": [[-600, 599]], "days": [[1.0, True]] * 7, "extra": 0.0}],
    }
    ledger = DailyEnergyLedger.from_dict(old)
    assert ledger.total_kwh == 5.0
    assert update(ledger, [*PAST, 2.0], at(10, 12)) == (0.0, frozenset(), 0)
    assert update(ledger, [*PAST, 2.5], at(10, 12, 10))[0] == pytest.approx(0.5)
    assert DailyEnergyLedger.from_dict({**old, "total_kwh": math.nan}).total_kwh == 0.0
