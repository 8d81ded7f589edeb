"""The energy ledger: totals that never go backwards, never count twice, never lose an hour."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta

import pytest

from custom_components.minisplit.energy.hourly import (
    GLITCH_LENGTH,
    GLITCH_TOO_LARGE,
    EnergyLedger,
)
from custom_components.minisplit.energy.values import (
    GLITCH_NEGATIVE,
    GLITCH_NOT_FINITE,
    GLITCH_UNREADABLE,
)

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


def test_idle_day_roll_over_counts_the_last_hour_at_once() -> None:
    ledger = EnergyLedger()
    ledger.update(ZERO, ZERO, at(10, 22))  # idle all day: before and after midnight look alike
    final_day1 = hours(h23=0.4)
    # Whether or not the head has rolled over, hour 23 is new and counted once.
    assert ledger.update(ZERO, final_day1, at(11, 0, 10)).added_kwh == pytest.approx(0.4)
    assert ledger.update(hours(h0=0.3), final_day1, at(11, 1, 10)).added_kwh == pytest.approx(0.3)
    assert ledger.update(hours(h0=0.3, h1=0.2), final_day1, at(11, 2, 10)).added_kwh == (
        pytest.approx(0.2)
    )
    assert ledger.total_kwh == pytest.approx(0.9)


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
    restored = EnergyLedger.from_dict(json.loads(json.dumps(ledger.as_dict(), allow_nan=False)))
    assert restored == ledger
    assert restored.update(hours(h1=0.5, h2=0.25, h3=1.0), ZERO, at(10, 4)).added_kwh == 1.0


@pytest.mark.parametrize(
    ("data", "total"),
    [
        ({}, 0.0),
        (None, 0.0),
        ([1, 2], 0.0),
        ({"total_kwh": "x", "day": None, "counted": []}, 0.0),
        ({"total_kwh": 1, "day": None, "counted": [1]}, 1.0),
        ({"total_kwh": math.nan}, 0.0),
        ({"total_kwh": -3.0}, 0.0),
        ({"total_kwh": 7.5, "version": 2, "counted_today": "garbage"}, 7.5),
        ({"total_kwh": 7.5, "version": 2, "offsets": [[1, "a"]], "pending": 3}, 7.5),
    ],
)
def test_garbage_restore_data_keeps_what_it_can_and_never_raises(
    data: object, total: float
) -> None:
    ledger = EnergyLedger.from_dict(data)
    assert ledger.total_kwh == total
    # The next reading is a new baseline: nothing before it is counted, nothing goes back.
    assert ledger.update(hours(h1=0.5), ZERO, at(10, 2)).added_kwh == 0
    assert ledger.update(hours(h1=0.5, h2=0.5), ZERO, at(10, 3)).added_kwh == 0.5


def test_first_version_of_the_stored_ledger_still_counts_on() -> None:
    stored = {"total_kwh": 3.0, "day": "2026-01-10", "counted": hours(h1=0.5)}
    ledger = EnergyLedger.from_dict(stored)
    assert ledger.update(hours(h1=0.5, h2=0.2), ZERO, at(10, 3)).added_kwh == pytest.approx(0.2)
    assert ledger.total_kwh == pytest.approx(3.2)


def test_wrong_length_is_rejected_not_fatal() -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h1=0.5), ZERO, at(10, 2))
    update = ledger.update([0.0], ZERO, at(10, 3))
    assert update.added_kwh == 0
    assert update.rejected == {GLITCH_LENGTH}
    assert ledger.update(hours(h1=0.5, h2=0.4), ZERO, at(10, 4)).added_kwh == pytest.approx(0.4)


# -- the reproduced bugs ----------------------------------------------------------------------


def test_regression_a_day_seen_only_as_yesterday_is_counted() -> None:
    ledger = EnergyLedger()
    ledger.update(ZERO, ZERO, at(14, 8, 0))
    ledger.update(ZERO, [0.5] * 24, at(15, 10, 0))
    ledger.update(ZERO, ZERO, at(16, 10, 0))
    assert ledger.total_kwh == pytest.approx(12.0)


def test_regression_a_long_gap_with_an_identical_today_still_counts_yesterday() -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h8=0.5), ZERO, at(10, 9))
    update = ledger.update(hours(h8=0.5), hours(h5=1.0), at(13, 9))
    assert update.added_kwh == pytest.approx(1.5)
    assert update.lost_days == 2


@pytest.mark.parametrize("lag", [timedelta(minutes=5), timedelta(hours=2)])
def test_regression_a_head_clock_behind_ours_does_not_count_a_day_twice(lag: timedelta) -> None:
    def head_day(day: int, now: datetime) -> list[float]:
        head = now - lag
        if head.day > day:
            return [0.25] * 24
        return [0.25 if hour < head.hour else 0.0 for hour in range(24)]

    ledger = EnergyLedger()
    first = at(10, 23, 0)
    ledger.update(head_day(10, first), head_day(9, first), first)
    # Home Assistant was down; it reads again between its midnight and the head's.
    second = datetime(2026, 1, 12, 0, 2) if lag < timedelta(hours=1) else at(12, 1, 30)
    ledger.update(head_day(11, second), head_day(10, second), second)
    after = datetime(2026, 1, 12, 2, 10) + lag
    ledger.update(head_day(12, after), head_day(11, after), after)
    counted_before = sum(head_day(10, first))
    published = 6.0 - counted_before + 6.0 + sum(head_day(12, after))
    assert ledger.total_kwh == pytest.approx(published)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (6553.5, GLITCH_TOO_LARGE),
        (-0.1, GLITCH_NEGATIVE),
        (10**310, GLITCH_UNREADABLE),
        (None, GLITCH_UNREADABLE),
        ("0.5", None),
        (math.nan, GLITCH_NOT_FINITE),
        (math.inf, GLITCH_NOT_FINITE),
    ],
)
def test_regression_an_impossible_hour_is_rejected(value: object, kind: str | None) -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h1=0.5), ZERO, at(10, 2))
    glitched: list[object] = hours(h1=0.5)
    glitched[2] = value
    update = ledger.update(glitched, ZERO, at(10, 3), max_kwh_per_hour=6.0)  # type: ignore[arg-type]
    if kind is None:  # a number the parser left as text is still a number
        assert update.added_kwh == pytest.approx(0.5)
        return
    assert update.rejected == {kind}
    assert update.added_kwh == 0
    assert ledger.total_kwh == 0
    # The real value, once read, counts once.
    assert ledger.update(hours(h1=0.5, h2=0.3), ZERO, at(10, 4)).added_kwh == pytest.approx(0.3)


def test_regression_a_counter_reset_loses_nothing_and_counts_nothing_twice() -> None:
    ledger = EnergyLedger()
    previous = [0.3] * 24
    ledger.update([0.5 if hour < 10 else 0.0 for hour in range(24)], previous, at(10, 10, 5))
    ledger.update([0.5 if hour < 11 else 0.0 for hour in range(24)], previous, at(10, 11, 5))
    # The adapter restarted at 11:30: the hours it had published read 0 from now on.
    ledger.update(ZERO, previous, at(10, 11, 35))
    for hour in range(12, 24):
        today = [0.5 if 11 <= h < hour else 0.0 for h in range(24)]
        ledger.update(today, previous, at(10, hour, 5))
    final = [0.5 if hour >= 11 else 0.0 for hour in range(24)]
    ledger.update(ZERO, final, at(11, 0, 5))
    ledger.update(hours(h0=0.1), final, at(11, 1, 5))
    ledger.update(hours(h0=0.1, h1=0.2), final, at(11, 2, 5))
    assert ledger.total_kwh == pytest.approx(0.5 + 13 * 0.5 + 0.1 + 0.2)


def test_repeated_hour_at_the_end_of_daylight_saving_time_counts_its_growth() -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h1=0.2, h2=0.3), ZERO, datetime(2026, 10, 25, 3, 5))
    # Clocks went back: 02:00-03:00 runs again and lands on the same index.
    ledger.update(hours(h1=0.2, h2=0.3), ZERO, datetime(2026, 10, 25, 2, 30))
    ledger.update(hours(h1=0.2, h2=0.5), ZERO, datetime(2026, 10, 25, 3, 5))
    ledger.update(hours(h1=0.2, h2=0.5, h3=0.1), ZERO, datetime(2026, 10, 25, 4, 5))
    assert ledger.total_kwh == pytest.approx(0.3)


def test_home_assistant_on_local_time_and_the_adapter_on_utc() -> None:
    """Adapter two hours ahead: its midnight is 22:00 here."""
    ledger = EnergyLedger()
    day1 = [0.1] * 24
    ledger.update(day1[:18] + [0.0] * 6, ZERO, at(10, 16, 5))  # head 18:05
    totals = []
    for hour in range(17, 24):
        head_hour = hour + 2
        if head_hour < 24:
            today, yesterday = [0.1 if h < head_hour else 0.0 for h in range(24)], ZERO
        else:
            today, yesterday = [0.1 if h < head_hour - 24 else 0.0 for h in range(24)], day1
        ledger.update(today, yesterday, at(10, hour, 5))
        totals.append(ledger.total_kwh)
    assert totals == sorted(totals)
    # Head hours 18:00-24:00 of the first day and 00:00-01:00 of the next.
    assert ledger.total_kwh == pytest.approx(0.6 + 0.1)


def test_a_midnight_that_looks_like_a_counter_reset_is_paid_once_the_clock_proves_it() -> None:
    ledger = EnergyLedger()
    full_day = [0.1] * 24
    ledger.update([0.1 if hour < 19 else 0.0 for hour in range(24)], full_day, at(10, 19, 50))
    # Just after our midnight: a new day like the last, or today's counter reset. Count the least.
    assert ledger.update(ZERO, full_day, at(11, 0, 30)).added_kwh == 0
    # Hour 3 published proves the head is past 04:00: it was a midnight, and the rest is paid.
    update = ledger.update([0.1 if hour < 4 else 0.0 for hour in range(24)], full_day, at(11, 4, 5))
    assert update.added_kwh == pytest.approx(0.5 + 0.4)
    assert ledger.total_kwh == pytest.approx(0.9)


def test_a_yesterday_with_an_unreadable_hour_after_days_away_is_counted_at_once() -> None:
    # Long run failure (lost 16.1 of 19.7 kWh): the ledger waited for a readable yesterday,
    # though after two or more head midnights every k stores yesterday the same; the next
    # reading came after the head's next midnight and the whole day was gone.
    ledger = EnergyLedger()
    ledger.update(ZERO, ZERO, at(10, 12))
    yesterday: list[float | None] = hours(h5=1.2, h9=0.8)
    yesterday[0] = None
    # Two or three head midnights later (the offset is not learned yet): both count the same.
    update = ledger.update(ZERO, yesterday, at(12, 22))
    assert update.added_kwh == pytest.approx(2.0)
    ledger.update(ZERO, ZERO, at(14, 12))
    assert ledger.total_kwh == pytest.approx(2.0)


def test_an_hour_published_beside_a_garbled_yesterday_survives_a_counter_reset() -> None:
    # Long run failure (lost 0.1 of 0.1): just after midnight the offset allows 0 or 1 head
    # midnights, yesterday is garbled; waiting for a readable yesterday lost today's hour 0
    # when the adapter rebooted before the next reading.
    ledger = EnergyLedger()
    ledger.update(ZERO, ZERO, at(10, 0, 30))
    garbled = hours(h0=6553.5)
    assert ledger.update(hours(h0=0.1), garbled, at(10, 1, 0)).added_kwh == pytest.approx(0.1)
    ledger.update(ZERO, ZERO, at(10, 1, 1))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_a_counter_reset_beside_a_first_readable_yesterday_counts_that_day() -> None:
    # Long run failure (lost 0.9 of 1.8): yesterday was garbled at the last reading; at the next
    # the counter had been reset and yesterday, readable at last, equalled the day counted as
    # today. "A clock change past midnight" counted less, but no offset within +-3 h allows it:
    # it is a counter reset, and yesterday's hours are new.
    ledger = EnergyLedger()
    ledger.update(ZERO, ZERO, at(10, 0, 1))
    ledger.update(hours(h0=6553.5), ZERO, at(10, 1, 0))
    day = hours(h0=0.4, h1=0.4, h2=0.1)
    assert ledger.update(day, [], at(11, 10, 39)).added_kwh == pytest.approx(0.9)
    assert ledger.update(ZERO, day, at(11, 17, 59)).added_kwh == pytest.approx(0.9)
    assert ledger.total_kwh == pytest.approx(1.8)


def test_an_hour_zero_published_just_after_midnight_is_not_read_as_a_daylight_saving_repeat() -> (
    None
):
    # Long run failure (lost 0.1 of 0.1): hour 0 published at 01:02 was taken to prove only that
    # the head is past 00:00 (the daylight-saving repeat), which left open an offset of -61 min
    # under which the next day's hour 0 was the same day's again; that credit was never paid.
    ledger = EnergyLedger()
    ledger.update(hours(h0=0.1, h1=6553.5), ZERO, at(10, 1, 2))
    garbled: list[float | None] = [6553.5, *ZERO[1:]]
    update = ledger.update(hours(h0=0.1), garbled, at(11, 1, 0))
    assert update.added_kwh == pytest.approx(0.1)


def test_an_hour_that_grew_after_an_ambiguous_reading_still_dates_that_reading() -> None:
    # Long run failure (lost 0.1 of 0.3): the head is 112 min behind. After two days away the
    # reading at 11:50 (head 09:58) could be the head's day before or after its midnight, so the
    # ledger counted the smaller and owed the midnight's 0.1. At 12:20 hour 9 was published: it
    # was under way at 11:50, which rules out the offsets without that midnight; the ledger used
    # that only after a certain day, and the 0.1 was never paid.
    ledger = EnergyLedger()
    ledger.update(ZERO, ZERO, at(10, 23, 39))
    ledger.update(hours(h0=6553.5), hours(h0=0.1), at(12, 21, 9))
    ledger.update(ZERO, hours(h0=0.1), at(13, 11, 50))
    ledger.update(hours(h9=0.1), hours(h0=0.1), at(13, 12, 20))
    assert ledger.total_kwh == pytest.approx(0.3)


def test_an_hour_stored_as_the_most_any_k_counted_is_paid_once_readable() -> None:
    # Long run failure (lost 0.1 of 0.1): at the head's midnight yesterday came garbled, and
    # either the day before (0.1 at hour 0, counted) or the new yesterday (nothing counted yet)
    # could be meant; the ledger stored the most (0.1) to count nothing twice. Once yesterday
    # read 0.1 at hour 0 and the offsets of the new day were all that was left, that hour was
    # owed, and is paid.
    ledger = EnergyLedger()
    ledger.update(ZERO, hours(h0=0.1), at(10, 0, 1))
    ledger.update(ZERO, hours(h0=0.1), at(10, 0, 2))
    ledger.update(ZERO, [], datetime(2026, 1, 11))
    assert ledger.pending
    ledger = EnergyLedger.from_dict(json.loads(json.dumps(ledger.as_dict())))  # a restart
    ledger.update(ZERO, hours(h0=0.1), at(11, 0, 1))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_an_hour_read_whole_dates_the_reading_though_another_hour_was_garbled() -> None:
    # Long run failure (lost 0.1 of 0.2): at 01:30 hour 0 of today was garbled and hour 1 read 0;
    # at 02:00 hour 1 read 0.1, which dates 01:30 before the end of hour 1 and rules out the
    # offsets (-3 h to -2 h) under which that reading was still the day before. The ledger used
    # growth only after a today read whole, so the day before's credit was never paid.
    ledger = EnergyLedger()
    for minute in (5584, 5613, 5643):
        ledger.update(hours(h1=0.1), ZERO, datetime(2026, 1, 1) + timedelta(minutes=minute))
    garbled: list[float | None] = [6553.5, *ZERO[1:]]
    ledger.update(garbled, hours(h1=0.1), datetime(2026, 1, 1) + timedelta(minutes=7290))
    ledger.update(hours(h1=0.1), hours(h1=0.1), datetime(2026, 1, 1) + timedelta(minutes=7320))
    assert ledger.total_kwh == pytest.approx(0.2)


def test_a_yesterday_hour_down_to_zero_proves_a_midnight() -> None:
    # Long run failure (lost 0.1 of 0.1): the head is 122 min behind and its counter was reset.
    # A yesterday hour that read 0.1 and now 0 is another day's (a reset zeroes today only): the
    # offsets without a midnight since are ruled out, and the hour owed under the others is paid.
    ledger = EnergyLedger()
    ledger.update(ZERO, hours(h20=0.1, h21=0.1), at(10, 0, 1))
    ledger.update(ZERO, [], at(10, 3, 2))
    ledger.update(ZERO, hours(h21=0.1), at(10, 3, 3))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_an_hour_read_as_today_before_a_glitch_dates_the_midnight_after_it() -> None:
    # Long run failure (lost 0.1 of 0.5; the head 105 min behind). At 23:50 on the 17th today's
    # hour 22 read 0; at 02:51 yesterday was garbled; at 04:53 yesterday's hour 22 read 0.1. Under
    # the offsets that made 23:50 already past 23:00 of that day, hour 22 would have been final
    # at 0: the ledger compared yesterday only with the last reading's today (the garbled one's)
    # and kept them, and a credit owed under the others was never paid.
    ledger = EnergyLedger()
    readings = [
        (datetime(2026, 3, 4, 18, 43), ZERO, ZERO),
        (datetime(2026, 3, 9, 17, 19), ZERO, ZERO),
        (datetime(2026, 3, 13, 0, 0), ZERO, ZERO),
        (datetime(2026, 3, 13, 18, 27), ZERO, ZERO),
        (datetime(2026, 3, 15, 16, 0), ZERO, ZERO),
        (datetime(2026, 3, 15, 22, 51), ZERO, ZERO),
        (datetime(2026, 3, 17, 23, 50), ZERO, hours(h22=0.1)),
        (datetime(2026, 3, 18, 2, 51), ZERO, []),
        (datetime(2026, 3, 18, 4, 53), ZERO, hours(h22=0.1)),
        (datetime(2026, 3, 20, 6, 35), ZERO, ZERO),
        (datetime(2026, 3, 21, 2, 23), ZERO, ZERO),
        (datetime(2026, 3, 21, 18, 20), ZERO, ZERO),
        (datetime(2026, 3, 26, 0, 35), hours(h0=6553.5), hours(h23=0.1)),
        (datetime(2026, 3, 26, 0, 36), ZERO, hours(h23=0.1)),
        (datetime(2026, 3, 26, 3, 7), ZERO, hours(h23=0.1)),
        (datetime(2026, 3, 26, 3, 8), ZERO, hours(h23=0.1)),
        (datetime(2026, 3, 26, 3, 9), ZERO, hours(h23=0.1)),
        (datetime(2026, 3, 26, 4, 51), ZERO, hours(h23=0.1)),
        (datetime(2026, 3, 26, 4, 52), ZERO, hours(h23=0.1)),
        (datetime(2026, 3, 26, 4, 53), ZERO, hours(h23=0.1)),
        (datetime(2026, 3, 26, 7, 14), hours(h4=0.1), hours(h23=0.1)),
        (datetime(2026, 3, 26, 7, 15), hours(h4=0.1), hours(h23=0.1)),
        (datetime(2026, 3, 26, 7, 16), hours(h4=0.1), hours(h23=0.1)),
        (datetime(2026, 3, 26, 7, 17), hours(h4=0.1), hours(h23=0.1)),
        (datetime(2026, 3, 26, 7, 18), hours(h4=0.1), hours(h23=0.1)),
    ]
    for when, today, yesterday in readings:
        ledger.update(today, yesterday, when)
    assert ledger.total_kwh == pytest.approx(0.5)


def test_a_second_garbled_yesterday_keeps_what_the_first_left_owed() -> None:
    # Long run failure (lost 0.1 of 0.1): yesterday came garbled twice in a row across the
    # head's midnight; the second ambiguous reading replaced what the first had left pending (the
    # offset +3 h), so that offset stayed possible with nothing owed under it.
    ledger = EnergyLedger()
    for when in (at(1, 6, 0), at(1, 10, 41), at(1, 16, 16)):
        ledger.update(ZERO, hours(h20=0.1), when)
    ledger.update(ZERO, [], at(1, 21, 0))
    ledger.update(ZERO, [], at(2, 3, 0))
    ledger.update(ZERO, hours(h20=0.1), at(2, 3, 1))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_the_interpretation_counting_least_is_taken_even_when_it_is_not_the_smallest_k() -> None:
    # Long run failure (counted 0.1 twice): hour 0 of today (0.1) was the baseline and yesterday's
    # hour 0 was garbled. At midnight yesterday read 0.1 at hour 0: as the same day (k=0, the
    # head a minute behind) that is yesterday's unread hour, new; as a new day (k=1) it is the
    # baseline's hour again. Taking the smallest k counted it twice; the least count is 0.
    ledger = EnergyLedger()
    ledger.update(hours(h0=0.1), hours(h0=6553.5), at(1, 1, 1))
    update = ledger.update(hours(h0=6553.5), hours(h0=0.1), datetime(2026, 1, 2))
    assert update.added_kwh == 0
    ledger.update(ZERO, hours(h0=0.1), at(2, 0, 1))
    assert ledger.total_kwh == 0


def test_an_hour_of_today_that_grew_since_an_earlier_reading_dates_that_reading() -> None:
    # Long run failure (lost 0.1 of 0.2; the head 67 min behind): at 01:52 today's hour 0 read 0,
    # at 02:06 it was garbled, at 02:07 it read 0.1. Compared with the garbled reading only, the
    # growth said nothing; compared with 01:52 it rules out the offsets (+2 h 22 min and more)
    # under which hour 0 was already final then, and the credit owed under the others is paid.
    ledger = EnergyLedger()
    readings = [
        (datetime(2026, 3, 1, 21, 38), hours(h0=6553.5), hours(h20=0.1)),
        (datetime(2026, 3, 2, 2, 14), ZERO, hours(h20=0.1)),
        (datetime(2026, 3, 2, 19, 43), ZERO, hours(h20=0.1)),
        (datetime(2026, 3, 2, 19, 52), ZERO, hours(h20=0.1)),
        (datetime(2026, 3, 4, 1, 52), ZERO, ZERO),
        (datetime(2026, 3, 4, 2, 6), hours(h0=6553.5), ZERO),
        (datetime(2026, 3, 4, 2, 7), hours(h0=0.1), ZERO),
    ]
    for when, today, yesterday in readings:
        ledger.update(today, yesterday, when)
    assert ledger.total_kwh == pytest.approx(0.2)


def test_a_later_hour_at_zero_beside_an_earlier_one_is_no_counter_reset() -> None:
    # Long run failure (lost 0.1 of 0.1): at 01:00 today read hour 0 at 0.1 and hour 1 at 0,
    # where hour 1 had read 0.1. A reboot zeroes every hour published by then, so this is a new
    # day, not the same day reset; read as a possible reset it kept the offsets of the old day
    # open and the new hour 0 was never paid.
    ledger = EnergyLedger()
    ledger.update(hours(h0=0.1, h1=0.1), hours(h0=0.1, h1=0.1), at(1, 4, 44))
    ledger.update(hours(h0=6553.5, h1=0.1), hours(h0=0.1, h1=0.1), at(1, 19, 0))
    ledger.update(hours(h0=0.1), hours(h0=0.1, h1=0.1), at(2, 1, 0))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_an_hour_zeroed_by_a_reset_that_shows_later_belongs_to_another_day() -> None:
    # Long run failure (lost 0.1 of 0.2): a reset at 01:02 zeroed hour 0; two days later
    # yesterday's hour 0 read 0.1. Under an offset of a minute behind, that yesterday would be
    # the reset day, whose hour 0 stays 0: only the daylight-saving allowance (hour 0 could still
    # be under way at 01:02) kept that offset, with nothing owed under it.
    ledger = EnergyLedger()
    ledger.update(hours(h0=6553.5), ZERO, at(1, 1, 0))
    ledger.update(hours(h0=0.1, h1=6553.5), ZERO, at(1, 1, 1))
    ledger.update(ZERO, ZERO, at(1, 1, 2))
    ledger.update(ZERO, hours(h0=0.1), datetime(2026, 1, 3))
    assert ledger.total_kwh == pytest.approx(0.2)


def test_a_reset_that_counts_as_much_as_a_midnight_keeps_both_offsets() -> None:
    # Long run failure (counted 0.1 twice; the head 3 min behind, its counter reset at 23:59).
    # The reset and a midnight counted the same (nothing), so the midnight alone was kept: the
    # true offset was dropped, and the next day's hour 0 was later counted as yesterday again.
    ledger = EnergyLedger()
    ledger.update(hours(h0=0.1), hours(h0=0.1), datetime(2026, 3, 1, 0, 1))
    ledger.update(ZERO, hours(h0=0.1), datetime(2026, 3, 1, 0, 2))
    ledger.update(ZERO, ZERO, datetime(2026, 3, 1, 0, 3))
    ledger.update(ZERO, ZERO, datetime(2026, 3, 1, 0, 33))
    ledger.update(hours(h0=0.1), ZERO, datetime(2026, 3, 1, 1, 3))
    ledger.update(ZERO, hours(h0=0.1), datetime(2026, 3, 3, 0, 2))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_an_unreadable_hour_of_today_kept_as_counted_is_owed_once_read() -> None:
    # Long run failure (lost 0.1 of 0.1; the head 2 min behind): at 01:02 today's hour 0 was
    # garbled; as the same day it had been counted, as the new day it had not. Kept as counted,
    # under the new day's offsets it is owed what it shows once readable.
    ledger = EnergyLedger()
    ledger.update(hours(h0=0.1), hours(h0=0.1), datetime(2026, 3, 1, 0, 1))
    ledger.update(hours(h0=6553.5), hours(h0=0.1), datetime(2026, 3, 1, 1, 2))
    assert ledger.pending_today
    ledger = EnergyLedger.from_dict(json.loads(json.dumps(ledger.as_dict())))  # a restart
    ledger.update(hours(h0=0.1), hours(h0=0.1), datetime(2026, 3, 1, 1, 3))
    ledger.update(ZERO, hours(h0=0.1), datetime(2026, 3, 2, 23, 1))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_a_new_day_with_a_garbled_yesterday_after_a_reset_counts_its_hours_again() -> None:
    # Long run failure (lost 0.1 of 0.3): after a counter reset zeroed hour 1 (counted 0.1),
    # a reading at the head's possible midnight came with yesterday garbled. Kept as the same
    # day, hour 1 stayed counted; on the new day it published 0.1 again and was not counted.
    ledger = EnergyLedger()
    for when, today, yesterday in [
        (datetime(2026, 3, 3, 21, 38), ZERO, ZERO),
        (datetime(2026, 3, 5, 3, 38), hours(h0=6553.5, h1=0.1), ZERO),
        (datetime(2026, 3, 5, 9, 38), ZERO, ZERO),
        (datetime(2026, 3, 5, 21, 0), ZERO, hours(h0=6553.5)),
        (datetime(2026, 3, 6, 2, 34), hours(h0=0.1, h1=0.1), ZERO),
    ]:
        ledger.update(today, yesterday, when)
    assert ledger.total_kwh == pytest.approx(0.3)


def test_hours_a_garbled_today_left_over_from_the_day_before_do_not_exclude_its_midnight() -> None:
    # Long run failure (lost 0.1 of 0.1; the head 112 min ahead): at 22:46 today was garbled
    # and the day kept as the same, though the head was past its midnight. At 01:23 hour 2 was
    # published and hours 4, 5 and 11 were 0: "gone down" only against the old day's values,
    # which the garbled reading could not have refreshed.
    day = hours(h2=0.1, h4=0.1, h5=0.1, h11=0.1)
    ledger = EnergyLedger()
    ledger.update(day, day, datetime(2026, 3, 8, 18, 6))
    ledger.update([], day, datetime(2026, 3, 8, 22, 46))
    ledger.update(hours(h2=0.1), day, datetime(2026, 3, 9, 1, 23))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_an_hour_owed_after_a_garbled_today_is_owed_until_it_is_published() -> None:
    # Long run failure (lost 0.1 of 0.1), as above but hour 4 of the new day was still 0 at
    # 01:23 (not yet published) and 0.1 at 03:30: what the garbled reading left owed on it
    # must wait for its publication, not end at the first 0 seen.
    day = hours(h2=0.1, h4=0.1, h5=0.1, h11=0.1)
    ledger = EnergyLedger()
    ledger.update(day, day, datetime(2026, 3, 8, 18, 6))
    ledger.update([], day, datetime(2026, 3, 8, 22, 46))
    ledger.update(ZERO, day, datetime(2026, 3, 9, 1, 23))
    ledger = EnergyLedger.from_dict(json.loads(json.dumps(ledger.as_dict())))  # a restart
    ledger.update(hours(h4=0.1), day, datetime(2026, 3, 9, 3, 30))
    assert ledger.total_kwh == pytest.approx(0.1)


def test_a_reset_after_a_garbled_today_is_still_a_reset_where_no_midnight_passed() -> None:
    # Long run failure ("counted 0.1 of 0.0: twice"; head on time): at 22:01 today was garbled
    # and a midnight possible only under offsets near +2 h; at 22:02 a counter reset zeroed
    # today. Under those offsets the zeros fit a new day, but elsewhere they are the reset: the
    # reset's offsets must stay, or the midnight's credit (yesterday's hour 23) is paid.
    ledger = EnergyLedger()
    yesterday = hours(h20=0.1, h21=0.1, h23=0.1)
    ledger.update(hours(h20=0.1, h21=0.1), yesterday, datetime(2026, 3, 1, 22, 0))
    ledger.update([], yesterday, datetime(2026, 3, 1, 22, 1))
    ledger.update(ZERO, yesterday, datetime(2026, 3, 1, 22, 2))
    assert ledger.total_kwh == 0


def test_an_adapter_clock_that_jumps_is_learned_again_without_counting_twice() -> None:
    ledger = EnergyLedger()
    day1 = [0.2] * 24
    ledger.update([0.2 if hour < 23 else 0.0 for hour in range(24)], ZERO, at(10, 23, 50))
    ledger.update(ZERO, day1, at(11, 0, 10))  # the midnight teaches the offset: about 0
    ledger.update([0.3 if hour < 20 else 0.0 for hour in range(24)], day1, at(11, 20, 10))
    # The adapter's clock jumps two hours ahead: it rolls over at 22:00 by ours.
    day2 = [0.3 if hour < 22 else 0.4 for hour in range(24)]
    update = ledger.update(ZERO, day2, at(11, 22, 10))
    assert update.added_kwh == pytest.approx(0.3 * 2 + 0.4 * 2)
    ledger.update([0.1, 0.1, 0.0, 0.0, *ZERO[4:]], day2, at(11, 23, 10))
    assert ledger.total_kwh == pytest.approx(0.2 + 0.3 * 22 + 0.4 * 2 + 0.2)


@pytest.mark.parametrize(
    ("today", "when", "kind"),
    [
        (None, at(10, 3), GLITCH_LENGTH),
        ("0.1/0.2", at(10, 3), GLITCH_LENGTH),
        (ZERO, "10:00", "reading without a time"),
    ],
)
def test_unusable_readings_change_nothing(today: object, when: object, kind: str) -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h1=0.5), ZERO, at(10, 2))
    before = ledger.as_dict()
    update = ledger.update(today, [None] * 24, when, max_kwh_per_hour=math.nan)  # type: ignore[arg-type]
    assert kind in update.rejected
    assert update.added_kwh == 0
    assert ledger.as_dict() == before


def test_a_broken_series_is_a_glitch() -> None:
    class Broken(list[float]):
        def __iter__(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("unreadable")

    ledger = EnergyLedger()
    update = ledger.update(Broken(ZERO), ZERO, at(10, 2))
    assert update.rejected == {GLITCH_LENGTH}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("offsets", [[1, "a"]]),
        ("offsets", "all"),
        ("offsets", [[1]]),
        ("counted_today", ["x"] * 24),
        ("counted_today", [-1.0] * 24),
        ("owed", [[0, 10, "x"]]),
    ],
)
def test_one_garbage_field_restarts_the_count_but_keeps_the_total(
    field: str, value: object
) -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h1=0.5), ZERO, at(10, 2))
    ledger.update(hours(h1=0.5, h2=0.5), ZERO, at(10, 3))
    stored = ledger.as_dict() | {field: value}
    restored = EnergyLedger.from_dict(stored)
    assert restored.total_kwh == pytest.approx(0.5)
    assert restored.update(hours(h1=0.5, h2=0.5, h3=0.1), ZERO, at(10, 4)).added_kwh == 0


def test_owed_energy_survives_a_restart_and_a_garbage_amount_owes_nothing() -> None:
    ledger = EnergyLedger()
    full_day = [0.1] * 24
    ledger.update([0.1 if hour < 19 else 0.0 for hour in range(24)], full_day, at(10, 19, 50))
    ledger.update(ZERO, full_day, at(11, 0, 30))
    stored = json.loads(json.dumps(ledger.as_dict()))
    assert stored["owed"]
    assert EnergyLedger.from_dict(stored) == ledger
    assert EnergyLedger.from_dict(stored | {"owed": [[0, 10, math.inf]]}).owed == ()


@pytest.mark.parametrize(
    "value",
    [
        None,
        "x",
        [None] * 23,
        [["x", 1]] * 24,
        [[0.1, 1.5]] * 24,
        [[-0.1, 1]] * 24,
        [[1, 2, 3]] * 24,
    ],
)
def test_remembered_yesterday_hours_survive_a_restart_and_garbage_forgets_them(
    value: object,
) -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h1=0.5), hours(h3=0.2), at(10, 2))
    stored = json.loads(json.dumps(ledger.as_dict()))
    assert EnergyLedger.from_dict(stored) == ledger
    garbage = {
        "yesterday_seen": value,
        "pending": value,
        "pending_today": value,
        "recent_today": value,
    }
    restored = EnergyLedger.from_dict(stored | garbage)
    assert restored.yesterday_seen == ()
    assert restored.pending == ()
    assert restored.pending_today == ()
    assert restored.recent_today == ()
    assert restored.counted_today == ledger.counted_today  # the rest is kept


@pytest.mark.parametrize(("settled", "stale"), [(True, frozenset()), (False, frozenset(range(24)))])
def test_a_ledger_stored_before_stale_hours_restores_what_settled_said(
    settled: bool, stale: frozenset[int]
) -> None:
    ledger = EnergyLedger()
    ledger.update(hours(h1=0.5), ZERO, at(10, 2))
    stored = ledger.as_dict()
    del stored["stale_today"]
    assert EnergyLedger.from_dict(stored | {"settled": settled}).stale_today == stale
    assert EnergyLedger.from_dict(stored | {"stale_today": ["x"]}).stale_today == frozenset(
        range(24)
    )
