"""The hourly ledger: one head hour is one slot, counted once, charted where it was used."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.minisplit.energy.hourly import (
    GLITCH_CLOCK_BEHIND,
    GLITCH_LENGTH,
    GLITCH_TOO_LARGE,
    EnergyLedger,
)
from custom_components.minisplit.energy.values import (
    GLITCH_NEGATIVE,
    GLITCH_NOT_FINITE,
    GLITCH_TIME,
    GLITCH_UNREADABLE,
)
from custom_components.minisplit.heads import HourlyEnergy

ZONE = ZoneInfo("Europe/Berlin")
ZEROS = [0.0] * 24


def hours(**values: float) -> list[Any]:
    """24 values, zero but for the hours named h0..h23."""
    series: list[Any] = list(ZEROS)
    for name, value in values.items():
        series[int(name[1:])] = value
    return series


def reading(
    today: list[Any],
    yesterday: list[Any],
    head: datetime | None,
    *,
    cool_today: list[Any] | None = None,
    cool_yesterday: list[Any] | None = None,
    read_at: datetime | None = None,
) -> HourlyEnergy:
    """A head's answer: heating arrays (cooling zero unless given) at the head's time `head`."""
    return HourlyEnergy(
        today,
        cool_today or ZEROS,
        yesterday,
        cool_yesterday or ZEROS,
        head_time=head,
        read_at=read_at,
    )


def at(text: str) -> datetime:
    """Home Assistant's local time."""
    return datetime.fromisoformat(text).replace(tzinfo=ZONE)


def feed(ledger: EnergyLedger, today: list[Any], yesterday: list[Any], when: str) -> float:
    """A reading from a head whose clock shows Home Assistant's local time."""
    now = at(when)
    return ledger.update(reading(today, yesterday, now.replace(tzinfo=None)), now).added_kwh


def test_first_reading_is_the_baseline() -> None:
    ledger = EnergyLedger()
    assert feed(ledger, hours(h0=0.4, h1=0.5), [1.0] * 24, "2026-12-07 02:10") == 0
    assert ledger.total_kwh == 0
    assert ledger.started


def test_same_day_counts_only_new_hours() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.4), ZEROS, "2026-12-07 01:10")
    assert feed(ledger, hours(h0=0.4, h1=0.3, h2=0.2), ZEROS, "2026-12-07 03:10") == 0.5
    assert feed(ledger, hours(h0=0.4, h1=0.3, h2=0.2), ZEROS, "2026-12-07 03:20") == 0


def test_midnight_keeps_the_last_hour_of_the_day() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 22:30")
    # 23:00-24:00 appears only in yesterday, after the head's midnight.
    assert feed(
        ledger, ZEROS, hours(h0=0.1, h22=0.2, h23=0.7), "2026-12-08 00:30"
    ) == pytest.approx(0.9)


def test_identical_days_are_told_apart_by_the_head_clock() -> None:
    ledger = EnergyLedger()
    day = [0.5] * 24
    feed(ledger, hours(h0=0.5), day, "2026-12-07 01:30")
    feed(ledger, day[:12] + [0.0] * 12, day, "2026-12-07 12:30")
    # The 7th's hours 12-23 from yesterday, and the 8th's hour 0.
    assert feed(ledger, hours(h0=0.5), day, "2026-12-08 01:30") == pytest.approx(13 * 0.5)
    assert ledger.total_kwh == pytest.approx(24 * 0.5)


def test_offline_for_days_counts_what_the_head_still_holds_and_reports_the_rest() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.2), ZEROS, "2026-12-07 01:30")
    now = at("2026-12-11 02:30")
    update = ledger.update(reading(hours(h1=1.0), [0.5] * 24, now.replace(tzinfo=None)), now)
    assert update.added_kwh == pytest.approx(13.0)
    assert update.lost_days == 2  # the 8th and the 9th: the head holds the 10th and 11th only


@pytest.mark.parametrize("offset", [timedelta(hours=-12), timedelta(hours=-1), timedelta(hours=9)])
def test_an_adapter_clock_hours_off_counts_its_own_days(offset: timedelta) -> None:
    """An adapter on UTC beside Home Assistant on local time: its days are its own."""
    ledger = EnergyLedger()
    now = at("2026-12-07 12:00")
    for step in range(72 * 6):  # three days, every ten minutes
        moment = now + timedelta(minutes=10 * step)
        head = moment.replace(tzinfo=None) + offset
        published = [0.1 if hour < head.hour else 0.0 for hour in range(24)]
        ledger.update(reading(published, [0.1] * 24, head), moment)
    # Every head hour after the baseline's, once: 72 hours less the part of the first.
    assert ledger.total_kwh == pytest.approx(0.1 * 72, abs=0.1 + 1e-9)


def test_a_reading_fed_again_counts_nothing() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.4), ZEROS, "2026-12-07 01:10")
    head = at("2026-12-07 03:10")
    energy = reading(hours(h0=0.4, h2=0.3), ZEROS, head.replace(tzinfo=None))
    assert ledger.update(energy, head).added_kwh == pytest.approx(0.3)
    assert ledger.update(energy, head + timedelta(minutes=10)).added_kwh == 0
    assert ledger.update(energy, head + timedelta(hours=30)).added_kwh == 0


@pytest.mark.parametrize("head", ["2026-12-07 23:56", "2026-12-08 00:04"])
def test_no_reading_is_used_within_minutes_of_the_head_midnight(head: str) -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 12:00")
    assert feed(ledger, [1.0] * 24, [1.0] * 24, head) == 0
    assert ledger.total_kwh == 0


def test_a_head_clock_gone_back_a_day_is_not_used() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 12:00")
    now = at("2026-12-07 13:00")
    update = ledger.update(reading([2.0] * 24, [2.0] * 24, datetime(2026, 12, 5, 13)), now)
    assert update.added_kwh == 0
    assert update.rejected == {GLITCH_CLOCK_BEHIND}


def test_repeated_hour_at_the_end_of_daylight_saving_time_counts_its_growth() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1, h1=0.2), ZEROS, "2026-10-25 02:05")
    assert feed(ledger, hours(h0=0.1, h1=0.2, h2=0.3), ZEROS, "2026-10-25 03:05") == 0.3
    # The head counted the repeated 02:00-03:00 onto the same index.
    assert feed(ledger, hours(h0=0.1, h1=0.2, h2=0.5), ZEROS, "2026-10-25 03:40") == (
        pytest.approx(0.2)
    )


def test_a_reboot_loses_nothing_and_counts_nothing_twice() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 01:10")
    feed(ledger, hours(h0=0.1, h1=0.2, h2=0.3), ZEROS, "2026-12-07 03:10")
    # The adapter restarted: today's hours read 0, then it counts on.
    assert feed(ledger, ZEROS, ZEROS, "2026-12-07 03:40") == 0
    assert feed(ledger, hours(h3=0.4), ZEROS, "2026-12-07 04:10") == pytest.approx(0.4)
    assert ledger.total_kwh == pytest.approx(0.9)


def test_heating_and_cooling_are_kept_apart_and_together() -> None:
    ledger = EnergyLedger()
    now = at("2026-12-07 01:10")
    ledger.update(reading(ZEROS, ZEROS, now.replace(tzinfo=None)), now)
    now = at("2026-12-07 05:10")
    ledger.update(
        reading(hours(h1=0.5), ZEROS, now.replace(tzinfo=None), cool_today=hours(h3=0.2)), now
    )
    assert ledger.mode_kwh("heat") == pytest.approx(0.5)
    assert ledger.mode_kwh("cool") == pytest.approx(0.2)
    assert ledger.total_kwh == pytest.approx(0.7)


def test_each_hour_is_charted_at_its_start_on_home_assistants_clock() -> None:
    """A head on UTC beside Home Assistant in Berlin: its hour 6 began at 07:00 local."""
    ledger = EnergyLedger()
    local = at("2026-12-07 06:30")
    head = local.astimezone(UTC).replace(tzinfo=None)  # 05:30 on the head
    ledger.update(reading(ZEROS, ZEROS, head), local, max_kwh_per_hour=6)
    later = local + timedelta(hours=2)
    ledger.update(reading(hours(h5=0.4, h6=0.3), ZEROS, head + timedelta(hours=2)), later)
    charted = dict(ledger.hours())
    assert charted[at("2026-12-07 06:00").astimezone(UTC)] == pytest.approx(0.4)
    assert charted[at("2026-12-07 07:00").astimezone(UTC)] == pytest.approx(0.3)
    assert sum(charted.values()) == pytest.approx(ledger.total_kwh)
    # The hour under way on the head (7:30) is not charted yet; the baseline's hours are, at 0.
    assert max(charted) == at("2026-12-07 07:00").astimezone(UTC)
    assert charted[at("2026-12-07 05:00").astimezone(UTC)] == 0


def test_measured_hours_are_what_the_head_measured_in_each_complete_hour() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.4, h1=0.2), ZEROS, "2026-12-07 02:10")
    feed(ledger, hours(h0=0.4, h1=0.2, h2=0.7), ZEROS, "2026-12-07 03:10")
    measured = dict(ledger.measured_hours())
    assert measured[at("2026-12-07 00:00").astimezone(UTC)] == pytest.approx(0.4)
    assert measured[at("2026-12-07 02:00").astimezone(UTC)] == pytest.approx(0.7)
    assert at("2026-12-07 03:00").astimezone(UTC) not in measured
    assert dict(ledger.hours())[at("2026-12-07 00:00").astimezone(UTC)] == 0


def test_hours_the_head_no_longer_holds_move_to_the_closed_total() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 01:10")
    feed(ledger, hours(h0=0.1, h5=1.0), ZEROS, "2026-12-07 06:10")
    update = ledger.update(
        reading(ZEROS, hours(h0=0.1, h5=1.0), datetime(2026, 12, 9, 6, 10)), at("2026-12-09 06:10")
    )
    assert ledger.closed_kwh == pytest.approx(1.0)
    assert len(update.closed) == 48  # the 6th and the 7th
    assert dict(update.closed)[at("2026-12-07 05:00").astimezone(UTC)] == pytest.approx(1.0)
    assert len(ledger.hours()) == 30  # the 8th, and the 9th up to 06:00
    assert ledger.total_kwh == pytest.approx(2.1)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (6553.5, GLITCH_TOO_LARGE),
        (-0.1, GLITCH_NEGATIVE),
        (math.nan, GLITCH_NOT_FINITE),
        (math.inf, GLITCH_NOT_FINITE),
        ("x", GLITCH_UNREADABLE),
        (True, GLITCH_UNREADABLE),
        (None, GLITCH_UNREADABLE),
    ],
)
def test_an_impossible_hour_is_rejected_by_kind(value: object, kind: str | None) -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 01:10")
    now = at("2026-12-07 03:10")
    update = ledger.update(
        reading(hours(h0=0.1, h1=value, h2=0.3), ZEROS, now.replace(tzinfo=None)), now
    )
    assert update.added_kwh == pytest.approx(0.3)
    assert update.rejected == (set() if kind is None else {kind})


@pytest.mark.parametrize("series", [[0.1] * 23, "0.1" * 24, None, 5])
def test_a_series_that_is_not_24_values_is_rejected(series: Any) -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 01:10")
    now = at("2026-12-07 03:10")
    update = ledger.update(reading(series, ZEROS, now.replace(tzinfo=None)), now)
    assert update.added_kwh == 0
    assert update.rejected == {GLITCH_LENGTH}


@pytest.mark.parametrize(
    ("energy", "now"),
    [
        ("not energy", at("2026-12-07 03:10")),
        (reading(ZEROS, ZEROS, datetime(2026, 12, 7, 3)), "yesterday"),
        (reading(ZEROS, ZEROS, datetime(2026, 12, 7, 3)), datetime(2026, 12, 7, 3)),
        (reading(ZEROS, ZEROS, "03:00"), at("2026-12-07 03:10")),  # type: ignore[arg-type]  # garbage on purpose
    ],
)
def test_a_reading_without_a_time_changes_nothing(energy: Any, now: Any) -> None:
    ledger = EnergyLedger()
    update = ledger.update(energy, now)
    assert update.rejected == {GLITCH_TIME}
    assert not ledger.started


def test_a_restart_is_as_if_there_were_none() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 01:10")
    feed(ledger, hours(h0=0.1, h3=0.5), [0.2] * 24, "2026-12-07 04:10")
    restored = EnergyLedger.from_dict(json.loads(json.dumps(ledger.as_dict())))
    assert restored == ledger
    assert feed(restored, hours(h0=0.1, h3=0.5, h4=0.3), [0.2] * 24, "2026-12-07 05:10") == 0.3


def test_a_restart_from_an_older_state_counts_the_difference_once() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 01:10")
    older = ledger.as_dict()
    feed(ledger, hours(h0=0.1, h1=0.5), ZEROS, "2026-12-07 02:10")
    restored = EnergyLedger.from_dict(older)
    feed(restored, hours(h0=0.1, h1=0.5), ZEROS, "2026-12-07 02:20")
    assert restored.total_kwh == ledger.total_kwh == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("change", "closed"),
    [
        ({"version": 2}, 0.0),
        ({"closed": [1.0]}, 0.0),
        ({"closed": [-1.0, 0.0]}, 0.0),
        ({"newest": "soon"}, 3.0),
        ({"slots": [["2026-12-07", 25, 0, [0, 0], [0, 0]]]}, 3.0),
        ({"slots": [["2026-12-07", 1, 0, [0, "x"], [0, 0]]]}, 3.0),
        ({"slots": "none"}, 3.0),
        ({"latest": 5}, 3.0),
        ({"latest": "2026-12-07T01:00:00+00:00"}, 3.0),
    ],
)
def test_garbage_in_the_stored_state_keeps_what_it_can_and_never_raises(
    change: dict[str, Any], closed: float
) -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 01:10")
    ledger.closed = [1.0, 2.0]
    restored = EnergyLedger.from_dict(ledger.as_dict() | change)
    assert restored.closed_kwh == pytest.approx(closed)
    assert not restored.started
    assert EnergyLedger.held_readings(ledger.as_dict() | change)  # the loss is logged
    for garbage in ([], "x", {"version": 3, "newest": "2026-12-07"}):
        assert EnergyLedger.from_dict(garbage).total_kwh == 0
        assert EnergyLedger.held_readings(garbage)


def test_a_ledger_that_read_nothing_yet_is_stored_and_restored_as_such() -> None:
    # A reading within the margin of the head's midnight is not used: nothing has been read.
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.1), ZEROS, "2026-12-07 00:02")
    assert not ledger.started
    stored = ledger.as_dict()
    assert not EnergyLedger.held_readings(stored)
    assert not EnergyLedger.held_readings(None)
    assert not EnergyLedger.from_dict(stored).started


def test_without_the_head_clock_only_readings_no_offset_can_misdate_are_used() -> None:
    """A head that will not tell its clock runs within 3 hours of Home Assistant's local time."""
    ledger = EnergyLedger()
    now = at("2026-12-07 10:00")
    ledger.update(reading(hours(h0=0.1), [0.3] * 24, None), now)
    # Up to 13:00 the hours may have started: one unread then is not ours.
    late = at("2026-12-07 22:00")
    assert ledger.update(reading([1.0] * 24, [1.0] * 24, None), late).added_kwh == 0
    now = at("2026-12-08 09:00")
    assert ledger.update(reading(ZEROS, hours(h13=0.4, h20=0.6), None), now).added_kwh == (
        pytest.approx(1.0)
    )


# The five reproductions of issue 17, with the head's clock equal to Home Assistant's.


def test_regression_a_whole_yesterday_is_not_counted_twice_after_a_reboot() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.4), [1.0] * 24, "2026-12-07 01:30")
    # The adapter reboots at 02:17; a garbled yesterday, then the head as before.
    feed(ledger, ZEROS, [0.0] * 12, "2026-12-07 04:50")
    feed(ledger, ZEROS, [1.0] * 24, "2026-12-07 05:50")
    assert ledger.total_kwh == 0


def test_regression_an_all_zero_answer_after_adding_a_head_counts_nothing_twice() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.4), [1.0] * 24, "2026-12-07 01:30")
    feed(ledger, ZEROS, ZEROS, "2026-12-07 02:00")
    feed(ledger, hours(h0=0.4, h1=1.0), [1.0] * 24, "2026-12-07 02:30")
    assert ledger.total_kwh == pytest.approx(1.0)


def test_regression_an_unreadable_today_near_midnight_between_identical_days_loses_nothing() -> (
    None
):
    ledger = EnergyLedger()
    day = [0.5] * 24
    feed(ledger, hours(h0=0.5), day, "2026-12-07 01:10")
    feed(ledger, [None] * 24, day, "2026-12-07 23:50")
    feed(ledger, hours(h0=0.5), day, "2026-12-08 01:10")
    assert ledger.total_kwh == pytest.approx(23 * 0.5 + 0.5)


def test_regression_the_first_reading_with_unreadable_hours_is_still_the_baseline() -> None:
    ledger = EnergyLedger()
    feed(ledger, [None] * 24, [None] * 24, "2026-12-07 12:30")
    feed(ledger, [1.0] * 12 + [0.0] * 12, [1.0] * 24, "2026-12-07 12:40")
    assert ledger.total_kwh == 0


def test_regression_an_unseen_reboot_then_an_identical_day_read_a_day_later() -> None:
    ledger = EnergyLedger()
    feed(ledger, hours(h0=0.4, h1=0.4), ZEROS, "2026-12-07 02:30")
    # A reboot no reading saw zeroed the 7th; the 8th is identical; read exactly a day later.
    feed(ledger, hours(h0=0.4, h1=0.4), ZEROS, "2026-12-08 02:30")
    assert ledger.total_kwh == pytest.approx(0.8)


def test_an_hour_is_placed_by_the_head_offset_when_it_ends() -> None:
    """A head's clock set right by an hour: hours still to come move, hours complete stay."""
    ledger = EnergyLedger()
    now = at("2026-12-07 08:30")
    ledger.update(reading(ZEROS, ZEROS, datetime(2026, 12, 7, 9, 30)), now)  # an hour ahead
    now = at("2026-12-07 09:30")
    ledger.update(reading(hours(h9=0.2), ZEROS, datetime(2026, 12, 7, 9, 30)), now)  # set right
    now = at("2026-12-07 11:30")
    ledger.update(reading(hours(h9=0.2, h10=0.5), ZEROS, datetime(2026, 12, 7, 11, 30)), now)
    charted = dict(ledger.hours())
    assert charted[at("2026-12-07 07:00").astimezone(UTC)] == 0  # head hour 8: placed at once
    assert charted[at("2026-12-07 09:00").astimezone(UTC)] == pytest.approx(0.2)
    assert charted[at("2026-12-07 10:00").astimezone(UTC)] == pytest.approx(0.5)
