"""A running energy total built from a head's hourly arrays: never backwards, never twice.

Daikin heads publish energy as 24 hourly values (kWh) for "today" and "yesterday" in the
adapter's local time, each hour once it has completed; at the adapter's midnight "today" becomes
"yesterday". The adapter's clock may be minutes or hours off Home Assistant's. The ledger turns
these readings into one ever-growing total (docs/energy-ledger.md has the full argument).

State: per hour of the head's last two days what was counted (`counted_*`, the maximum ever
seen) and what the head showed at the last reading (`shown_*`, None where unreadable); the time
of the last reading (Home Assistant's wall clock); what is known of the head's clock offset (head
minus Home Assistant, a set of whole seconds within +-3 h, learned from the readings); what
ambiguous readings still owe, per range of offsets; and which hours of the last reading's today
it could not read.

Each reading is aligned to the stored days by k, the number of head midnights since the last
reading. For every offset still possible the clock gives one k; a published hour h in "today"
proves the head is past h+1:00 (h:00 for hours 0-2 when only a daylight-saving repeat fits).
The arrays must fit k: with no counter reset, hours never go down and an hour published at the
last reading does not change, so k=0 needs yesterday as shown and today >= shown, k=1 needs
yesterday >= what today showed, and the earliest hour that grew must have been under way at the
last reading (a condition on the offset); k>=2 always fits (the days between are lost and
reported). Every fitting k leaves the stored days equal to what the head now holds, so the
ledger takes the k that counts least and owes the difference on the offsets of the others,
paying it once every offset still possible owes it. The offset set shrinks to the offsets
that fit, so after the first midnight the arrays show it is minutes wide.

A reading no k fits is a counter reset (an adapter reboot zeroes today; max-merge keeps per hour
the maximum ever seen) or a clock change (the offset is learned again); the one counting less
wins, unless only a clock beyond +-3 h explains it otherwise (then it is the reset). A reset
that looks like a midnight into an identical day counts the reset's share, keeps
the midnight's state (right under both) and owes the rest on the midnight's offsets.

Invariants: the total never decreases; nothing is counted twice; an hour the head still holds
is not lost; impossible values (None, NaN, inf, negative, above `max_kwh_per_hour`, arrays that
are not 24 long) are rejected, reported by kind and never counted; nothing raises; the first
reading is the baseline; the state survives JSON and garbage in it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from .values import (
    DAY_SECONDS,
    GLITCH_TIME,
    GLITCH_UNREADABLE,
    HOUR_SECONDS,
    Ranges,
    checked_kwh,
    checked_series,
    merged_ranges,
    stored_int,
    stored_kwh,
    stored_total,
    wall_seconds,
)

HOURS_PER_DAY = 24
# The adapter's clock is trusted to be within this of Home Assistant's (a whole time zone off,
# or an unset clock, is outside what the ledger can align).
MAX_OFFSET_SECONDS = 3 * HOUR_SECONDS
# Hours a daylight-saving change can repeat: their publication proves only that the hour began.
DST_HOURS = 3
# A generous bound when the caller has none: the largest residential heads draw under 6 kW.
DEFAULT_MAX_KWH_PER_HOUR = 6.0
# Values come in 0.1 kWh steps; compare with a tolerance well below one step.
_EPSILON = 1e-6
# Keep the stored state small: pieces of the offset set, and credits waiting for proof.
_MAX_PIECES = 8
_MAX_PENDING = 32
_MAX_PENDING_HOURS = 72
_MAX_RECENT_TODAY = 8
_STATE_VERSION = 2

# Kinds of rejected input, reported so the caller can log each kind once.
GLITCH_LENGTH = "not 24 hourly values"
GLITCH_TOO_LARGE = "more than the head can draw in an hour"

WIDE: Ranges = ((-MAX_OFFSET_SECONDS, MAX_OFFSET_SECONDS),)
Hours = tuple[float | None, ...]
_ZEROS: Hours = (0.0,) * HOURS_PER_DAY
_UNKNOWN: Hours = (None,) * HOURS_PER_DAY


@dataclass(frozen=True, slots=True)
class LedgerUpdate:
    """What one reading added, whole days that could not be recovered, and what was rejected."""

    added_kwh: float
    lost_days: int = 0
    rejected: frozenset[str] = frozenset()


# Energy owed if the head's offset is in a range: (first, last second, kWh), disjoint, sorted.
Owed = tuple[tuple[int, int, float], ...]


def _owe(owed: Owed, ranges: Ranges, kwh: float) -> Owed:
    """Add `kwh` owed on the offsets in `ranges`."""
    points = sorted(
        {low for low, _, _ in owed}
        | {high + 1 for _, high, _ in owed}
        | {low for low, _ in ranges}
        | {high + 1 for _, high in ranges}
    )
    pieces: list[tuple[int, int, float]] = []
    for start, stop in pairwise(points):
        amount = sum(k for low, high, k in owed if low <= start <= high)
        if any(low <= start <= high for low, high in ranges):
            amount += kwh
        if amount > _EPSILON:
            if pieces and pieces[-1][1] == start - 1 and abs(pieces[-1][2] - amount) <= _EPSILON:
                pieces[-1] = (pieces[-1][0], stop - 1, amount)
            else:
                pieces.append((start, stop - 1, amount))
    while len(pieces) > _MAX_PENDING:
        # Merge the two neighbours owing least alike, owing the smaller: never too much.
        index = min(range(len(pieces) - 1), key=lambda i: abs(pieces[i][2] - pieces[i + 1][2]))
        first, second = pieces[index], pieces[index + 1]
        pieces[index : index + 2] = [(first[0], second[1], min(first[2], second[2]))]
    return tuple(pieces)


def _settle(owed: Owed, offsets: Ranges) -> tuple[float, Owed]:
    """(what is owed whichever offset is true, what stays owed on the offsets still possible)."""
    inside = [
        (max(low, first), min(high, last), kwh)
        for low, high, kwh in owed
        for first, last in offsets
        if max(low, first) <= min(high, last)
    ]
    covered = sum(high - low + 1 for low, high, _ in inside)
    possible = sum(high - low + 1 for low, high in offsets)
    least = min((kwh for _, _, kwh in inside), default=0.0) if covered == possible else 0.0
    kept = tuple((low, high, kwh - least) for low, high, kwh in inside if kwh - least > _EPSILON)
    return least, kept


def _clean_value(value: object, bound: float, glitches: set[str]) -> float | None:
    """One hour's kWh, or None (with the kind of glitch noted) when it is impossible."""
    if value is None:  # an hour is always published, as 0 until it is over
        glitches.add(GLITCH_UNREADABLE)
        return None
    return checked_kwh(value, bound, glitches, GLITCH_TOO_LARGE)


def _clean(values: object, bound: float, glitches: set[str]) -> Hours:
    """24 hours of kWh with impossible values as None; all None when the series is unusable."""
    hours = checked_series(
        values,
        HOURS_PER_DAY,
        glitches,
        GLITCH_LENGTH,
        lambda value: _clean_value(value, bound, glitches),
    )
    return _UNKNOWN if hours is None else hours


def _from_seconds(seconds: int) -> datetime:
    """The naive wall-clock time of `_seconds`."""
    day, rest = divmod(seconds, DAY_SECONDS)
    return datetime.combine(date.fromordinal(day), time()) + timedelta(seconds=rest)


def _normalise(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, merged, non-empty inclusive ranges."""
    return tuple(merged_ranges(ranges))


def _intersect(first: Ranges, second: Ranges) -> Ranges:
    """Offsets in both sets."""
    return _normalise(
        (max(a, c), min(b, d)) for a, b in first for c, d in second if max(a, c) <= min(b, d)
    )


def _subtract(ranges: Ranges, removed: Ranges) -> Ranges:
    """Offsets in `ranges` but not in `removed`."""
    pieces = list(ranges)
    for first, last in removed:
        kept: list[tuple[int, int]] = []
        for low, high in pieces:
            if last < low or first > high:
                kept.append((low, high))
                continue
            if low < first:
                kept.append((low, first - 1))
            if last < high:
                kept.append((last + 1, high))
        pieces = kept
    return _normalise(pieces)


def _changed(old: float, new: float) -> bool:
    """Whether a final hour reads differently now (a counter reset zeroes today, not yesterday)."""
    return abs(new - old) > _EPSILON


def _coarsen(ranges: Ranges) -> Ranges:
    """At most `_MAX_PIECES` pieces, closing the smallest gaps (a superset: nothing excluded)."""
    pieces = list(ranges)
    while len(pieces) > _MAX_PIECES:
        gap = min(range(len(pieces) - 1), key=lambda i: pieces[i + 1][0] - pieces[i][1])
        pieces[gap : gap + 2] = [(pieces[gap][0], pieces[gap + 1][1])]
    return tuple(pieces)


def _day_of(seconds: int) -> int:
    return seconds // DAY_SECONDS


def _classify(
    offsets: Ranges,
    last: int,
    now: int,
    earliest_tod: int,
    limits: Mapping[int, int | None] | None = None,
) -> dict[int, Ranges]:
    """For each k, the offsets giving k head midnights in (last, now] that fit what was seen.

    `earliest_tod`: the head's time of day now is at least this. `limits[k]`: with k midnights,
    the head's time of day at the last reading was below this (0: k does not fit at all).
    """
    limits = limits or {}
    shifts = [(now, 0), (last, 0), (now, earliest_tod)]
    shifts += [(last, limit) for limit in limits.values() if limit]
    pieces: dict[int, list[tuple[int, int]]] = {}
    for low, high in offsets:
        cuts = {low}
        for anchor, shift in shifts:
            first = -((-(low + anchor - shift)) // DAY_SECONDS)  # ceil
            for day in range(first, (high + anchor - shift) // DAY_SECONDS + 1):
                cut = day * DAY_SECONDS + shift - anchor
                if low < cut <= high:
                    cuts.add(cut)
        ordered = sorted(cuts)
        for index, start in enumerate(ordered):
            end = ordered[index + 1] - 1 if index + 1 < len(ordered) else high
            if (now + start) % DAY_SECONDS < earliest_tod:
                continue
            k = _day_of(now + start) - _day_of(last + start)
            limit = limits.get(k)
            if limit is not None and (last + start) % DAY_SECONDS >= limit:
                continue
            pieces.setdefault(k, []).append((start, end))
    return {k: _normalise(ranges) for k, ranges in pieces.items()}


def _earliest_tod(today: Hours, repeat: bool = False) -> int:
    """The earliest head time of day that today's published (non-zero) hours allow.

    Hour h is published at h+1:00; `repeat` allows the daylight-saving repeat of hours 0-2,
    during which an hour is already published from its first run (h:00).
    """
    latest = max((hour for hour, value in enumerate(today) if value), default=None)
    if latest is None:
        return 0
    return (latest if repeat and latest < DST_HOURS else latest + 1) * HOUR_SECONDS


def _limits(
    today: Hours,
    yesterday: Hours,
    shown: Hours,
    previous: Hours,
    stale: frozenset[int],
    stale_from_another_day: bool = False,
) -> dict[int, int | None]:
    """What the arrays allow for k=0 and k=1, as `_classify` limits (k>=2 always fits).

    With no counter reset, a head day's published hours never go down, and an hour that was
    already published at the last reading does not change (but for the hour a daylight-saving
    change repeats, which grows within the hour after). So the reading fits k=0 when today has
    nothing below what today showed and yesterday is what yesterday showed, and k=1 when
    yesterday has nothing below what today showed; and the earliest hour that grew must still
    have been under way at the last reading. Only hours the last reading read count for that
    (`stale`: the hours of its today it could not read hold older values), whichever k it had:
    the limit holds per offset, for the offsets that give this k. `stale_from_another_day`: under
    the offsets at hand a head midnight passed after the stale hours were read, so they belong to
    an older day and say nothing about the days now shown.
    """
    if stale_from_another_day:
        shown = tuple(None if hour in stale else value for hour, value in enumerate(shown))
    limits: dict[int, int | None] = {}
    same_yesterday = _same(yesterday, previous)
    limits[0] = _growth_limit(today, shown, stale) if same_yesterday else 0
    limits[1] = _growth_limit(yesterday, shown, stale)
    return limits


def _same(later: Hours, earlier: Hours) -> bool:
    """Whether two views of a day agree wherever both were readable."""
    pairs = zip(later, earlier, strict=True)
    return all(new is None or old is None or abs(new - old) <= _EPSILON for new, old in pairs)


def _looks_reset(today: Hours, yesterday: Hours, shown: Hours, previous: Hours) -> bool:
    """Whether the reading is the same head day with today's counter zeroed (an adapter reboot).

    A reboot zeroes every hour published by then: the hours that went down are zero, and so is
    every readable hour before the last of them.
    """
    if not _same(yesterday, previous):
        return False
    dropped = [
        hour
        for hour, (new, old) in enumerate(zip(today, shown, strict=True))
        if new is not None and old is not None and new < old - _EPSILON
    ]
    if not dropped:
        return False
    return all(value is None or value <= _EPSILON for value in today[: max(dropped) + 1])


def _growth_limit(later: Hours, earlier: Hours, stale: frozenset[int]) -> int | None:
    """0 if an hour went down; else the time of day before which the first grown hour ended.

    An hour in `stale` was not read at the last reading: it may have grown before it.
    """
    grown = None
    for hour, (new, old) in enumerate(zip(later, earlier, strict=True)):
        if new is None or old is None:
            continue
        if new < old - _EPSILON:
            return 0
        if new > old + _EPSILON and grown is None and hour not in stale:
            grown = hour
    if grown is None:
        return None
    return (grown + 1 + (1 if grown < DST_HOURS else 0)) * HOUR_SECONDS


def _least(fitting: Mapping[int, Ranges], added: Callable[[int], float]) -> int:
    """The fitting k that counts least (the smallest such k): nothing counts twice.

    Usually the smallest k, as a later midnight adds a day; not always: a yesterday the last
    reading could not read may hold new hours under k=0 that k=1 counted already as today.
    """
    return min(fitting, key=lambda j: (round(added(j) / _EPSILON), j))


def _apply(
    k: int, today: Hours, yesterday: Hours, counted: Hours, previous: Hours
) -> tuple[float, Hours, Hours]:
    """(kWh added, new counted yesterday, new counted today) for k head midnights."""
    if k == 0:
        new_previous, added_previous = _merge(previous, yesterday)
        new_counted, added_today = _merge(counted, today)
        return added_previous + added_today, new_previous, new_counted
    new_previous, added_previous = _merge(counted if k == 1 else _ZEROS, yesterday)
    new_counted, added_today = _merge(_ZEROS, today)
    return added_previous + added_today, new_previous, new_counted


def _shown(
    k: int, today: Hours, yesterday: Hours, shown: Hours, previous: Hours
) -> tuple[Hours, Hours]:
    """What the head holds after the reading: (yesterday, today), unreadable hours as before."""
    if k == 0:
        return _overlay(previous, yesterday), _overlay(shown, today)
    # A day that became yesterday is final only as read now: what could not be read is unknown.
    return _overlay(_UNKNOWN, yesterday), _overlay(_UNKNOWN, today)


def _overlay(base: Hours, seen: Hours) -> Hours:
    return tuple(old if new is None else new for old, new in zip(base, seen, strict=True))


def _merge(counted: Hours, seen: Hours) -> tuple[Hours, float]:
    """Per hour the maximum of counted and seen, and how much that adds."""
    merged: list[float | None] = []
    added = 0.0
    for old, new in zip(counted, seen, strict=True):
        base = old or 0.0
        if new is not None and new > base:
            added += new - base
            base = new
        merged.append(base)
    return tuple(merged), added


def _ranges_from(data: object) -> Ranges:
    """Offsets read back from storage, kept within +-3 h."""
    if not isinstance(data, list):
        raise TypeError("ranges must be a list")
    ranges: list[tuple[int, int]] = []
    for item in data:
        if not isinstance(item, list) or len(item) != 2:
            raise TypeError("a range is [low, high]")
        ranges.append((stored_int(item[0]), stored_int(item[1])))
    return _intersect(_normalise(ranges), WIDE)


def _hours_from(data: object, unknown: bool = False) -> Hours:
    """A stored day: 24 finite, non-negative kWh (or None for an unknown hour, if allowed)."""
    if not isinstance(data, list) or len(data) != HOURS_PER_DAY:
        raise ValueError("a day holds 24 hourly values")
    hours: list[float | None] = []
    for value in data:
        if value is None and unknown:
            hours.append(None)
            continue
        hours.append(stored_kwh(value))
    return tuple(hours)


@dataclass(slots=True)
class EnergyLedger:
    """An ever-growing kWh total fed with (today, yesterday) hourly arrays."""

    total_kwh: float = 0.0
    day: date | None = None
    counted_yesterday: Hours = ()
    counted_today: Hours = ()
    shown_yesterday: Hours = ()
    shown_today: Hours = ()
    last_reading: datetime | None = None
    offsets: Ranges = WIDE
    owed: Owed = ()
    # The last readings' today (when, and the hours read; None where unreadable), newest last.
    recent_today: tuple[tuple[int, Hours], ...] = ()
    # Hours of `shown_today` the last reading could not read (they hold older values).
    stale_today: frozenset[int] = frozenset()
    # Per hour of yesterday: the value last read and when (seconds of `_seconds`), or None.
    yesterday_seen: tuple[tuple[float, int] | None, ...] = ()
    # Unreadable hours of yesterday an ambiguous reading stored as the most any k counted:
    # (hour, offsets, counted under them, stored). Paid when the hour can be read again.
    pending: tuple[tuple[int, Ranges, float, float], ...] = ()
    # The same for unreadable hours of today, whose day may become yesterday before they are read.
    pending_today: tuple[tuple[int, Ranges, float, float], ...] = ()

    def update(
        self,
        today: Sequence[float | None],
        yesterday: Sequence[float | None],
        now: datetime,
        *,
        max_kwh_per_hour: float = DEFAULT_MAX_KWH_PER_HOUR,
    ) -> LedgerUpdate:
        """Count a reading taken at Home Assistant's wall-clock time `now`; never raises."""
        glitches: set[str] = set()
        bound = max_kwh_per_hour
        if not isinstance(bound, (int, float)) or not math.isfinite(bound) or bound <= 0:
            bound = DEFAULT_MAX_KWH_PER_HOUR
        clean_today = _clean(today, bound, glitches)
        clean_yesterday = _clean(yesterday, bound, glitches)
        when: object = now  # callers outside the type checker may pass anything
        if not isinstance(when, datetime):
            glitches.add(GLITCH_TIME)
            return LedgerUpdate(0.0, 0, frozenset(glitches))
        if all(value is None for value in clean_today + clean_yesterday):
            return LedgerUpdate(0.0, 0, frozenset(glitches))
        moment = wall_seconds(when)
        if len(self.shown_today) != HOURS_PER_DAY:
            self._start(clean_today, clean_yesterday, moment)
            return LedgerUpdate(0.0, 0, frozenset(glitches))
        k, added = self._count(clean_today, clean_yesterday, moment)
        if k < 0:
            return LedgerUpdate(0.0, 0, frozenset(glitches))
        # Hours of today not seen now: what shown_today holds for them is older.
        self.stale_today = frozenset(
            hour for hour, value in enumerate(clean_today) if value is None
        )
        if self.day is not None:
            self.day += timedelta(days=k)
        self.last_reading = _from_seconds(moment)
        self._see_yesterday(clean_yesterday, moment)
        self._remember_today(clean_today, moment)
        added += self._settle()
        self.total_kwh += added
        return LedgerUpdate(added, max(k - 1, 0), frozenset(glitches))

    def _start(self, today: Hours, yesterday: Hours, moment: int) -> None:
        """Take the first reading as the baseline: nothing before it is ours to count."""
        self.counted_today = _overlay(_ZEROS, today)
        self.counted_yesterday = _overlay(_ZEROS, yesterday)
        self.shown_today, self.shown_yesterday = today, yesterday
        evidence = _classify(WIDE, moment, moment, _earliest_tod(today)) or _classify(
            WIDE, moment, moment, _earliest_tod(today, repeat=True)
        )
        self.offsets = _coarsen(_normalise(r for ranges in evidence.values() for r in ranges))
        if not self.offsets:
            self.offsets = WIDE
        self.owed = ()
        self.yesterday_seen = ()
        self._see_yesterday(yesterday, moment)
        self.recent_today = ()
        self._remember_today(today, moment)
        self.stale_today = frozenset(hour for hour, value in enumerate(today) if value is None)
        middle = (self.offsets[0][0] + self.offsets[-1][1]) // 2
        self.day = date.fromordinal(_day_of(moment + middle))
        self.last_reading = _from_seconds(moment)

    def _see_yesterday(self, yesterday: Hours, moment: int) -> None:
        """Remember each readable hour of yesterday and when it was read."""
        seen = self.yesterday_seen
        if len(seen) != HOURS_PER_DAY:
            seen = (None,) * HOURS_PER_DAY
        self.yesterday_seen = tuple(
            old if new is None else (new, moment) for new, old in zip(yesterday, seen, strict=True)
        )

    def _remember_today(self, today: Hours, moment: int) -> None:
        """Keep this reading's today among the recent ones (a bounded number, two days back)."""
        if all(value is None for value in today):
            return
        kept = [
            (then, hours) for then, hours in self.recent_today if moment - then < 2 * DAY_SECONDS
        ]
        self.recent_today = (*kept, (moment, today))[-_MAX_RECENT_TODAY:]

    def _narrow_by_earlier_today(self, today: Hours, yesterday: Hours, moment: int) -> None:
        """Drop the offsets under which an hour read earlier as today grew after it was final.

        Under the offsets that put no head midnight between an earlier reading and now, that
        reading's today is now's today; under those with one, it is now's yesterday. Either way
        an hour of it that grew since was still under way then (hours never change once final; a
        counter reset only lowers them, and the hours it zeroed stay 0). The last reading's today
        alone is not enough: a glitch in between hides the day.
        """
        remaining = self.offsets
        for then, hours in self.recent_today:
            if then > moment:
                continue
            for k, now_day in ((0, today), (1, yesterday)):
                grown = [
                    hour
                    for hour, (new, old) in enumerate(zip(now_day, hours, strict=True))
                    if new is not None and old is not None and new > old + _EPSILON
                ]
                if not grown:
                    continue
                # Published at the end of its hour (a daylight-saving repeat aside: as for the
                # published hours, the learned offset is contradicted then and learned again).
                end = (min(grown) + 1) * HOUR_SECONDS
                with_k = _classify(remaining, then, moment, 0).get(k, ())
                allowed = _classify(remaining, then, moment, 0, {k: end}).get(k, ())
                remaining = _subtract(remaining, _subtract(with_k, allowed))
        if remaining:  # else the clock changed: the offset is learned again below
            self.offsets = remaining

    def _narrow_by_yesterday(self, yesterday: Hours, moment: int) -> None:
        """Drop the offsets under which yesterday would still be the day an hour was read from.

        An hour of yesterday that reads differently now proves a head midnight since it was read:
        a day's hours are final once it is yesterday. The stored days forget what an ambiguous
        reading's other k would have kept; this remembers it per hour (a garbled yesterday once
        left an offset open under which a credit was never paid).
        """
        if len(self.yesterday_seen) != HOURS_PER_DAY:
            return
        since = {
            seen[1]
            for new, seen in zip(yesterday, self.yesterday_seen, strict=True)
            if new is not None and seen is not None and seen[1] <= moment and _changed(seen[0], new)
        }
        remaining = self.offsets
        for then in sorted(since):
            remaining = _subtract(remaining, _classify(remaining, then, moment, 0).get(0, ()))
        if remaining:  # else the clock changed: the offset is learned again below
            self.offsets = remaining

    def _remember_unread_today(
        self,
        fitting: Mapping[int, Ranges],
        k: int,
        today: Hours,
        yesterday: Hours,
        counted: Hours,
        previous: Hours,
    ) -> None:
        """Unreadable hours of today that k counts as more than another fitting k: pending.

        Under k=0 an unreadable hour keeps what was counted; under a midnight it starts from 0.
        Storing k's value counts nothing twice; under the other k's offsets the hour is owed
        what it shows once readable, up to that value.
        """
        unread = [hour for hour, value in enumerate(today) if value is None]
        if not unread or len(fitting) < 2:
            return
        stored = _apply(k, today, yesterday, counted, previous)[2]
        entries = list(self.pending_today)
        for j, ranges in fitting.items():
            if j == k:
                continue
            other = _apply(j, today, yesterday, counted, previous)[2]
            for hour in unread:
                high, low = stored[hour] or 0.0, other[hour] or 0.0
                if high - low > _EPSILON:
                    entries.append((hour, ranges, low, high))
        self.pending_today = tuple(entries[:_MAX_PENDING_HOURS])

    def _resolve_pending_today(
        self, today: Hours, yesterday: Hours, last: int, moment: int
    ) -> None:
        """Owe what pending hours of today show now: as today (same day) or yesterday (next).

        Under the offsets with no midnight since, the hour is today's (an entry stays while the
        hour reads 0: not yet published there, it still may be); with one, yesterday's (an entry
        for it joins `pending` while it is unreadable there); with more, it is gone.
        """
        kept: list[tuple[int, Ranges, float, float]] = []
        moved: list[tuple[int, Ranges, float, float]] = []
        for hour, ranges, counted, stored in self.pending_today:
            split = _classify(ranges, last, moment, 0)
            for k, day, keep in ((0, today, kept), (1, yesterday, moved)):
                part = split.get(k, ())
                if not part:
                    continue
                value = day[hour]
                if value is None or (k == 0 and value <= _EPSILON):
                    keep.append((hour, part, counted, stored))
                elif min(value, stored) - counted > _EPSILON:
                    self.owed = _owe(self.owed, part, min(value, stored) - counted)
        self.pending_today = tuple(kept)
        self.pending = (*self.pending, *moved)[:_MAX_PENDING_HOURS]

    def _resolve_pending(self, yesterday: Hours, last: int, moment: int) -> None:
        """Owe what the hours an ambiguous reading could not read show now, under its offsets.

        An entry stays for the offsets under which no head midnight passed since (the same day
        is still yesterday) while its hour is still unreadable; under the others that day is
        gone from the head.
        """
        kept: list[tuple[int, Ranges, float, float]] = []
        for hour, ranges, counted, stored in self.pending:
            same_day = _classify(ranges, last, moment, 0).get(0, ())
            if not same_day:
                continue
            value = yesterday[hour]
            if value is None:
                kept.append((hour, same_day, counted, stored))
            elif min(value, stored) - counted > _EPSILON:
                self.owed = _owe(self.owed, same_day, min(value, stored) - counted)
        self.pending = tuple(kept)

    def _count(self, today: Hours, yesterday: Hours, moment: int) -> tuple[int, float]:
        """Choose k for the reading, store what the head holds now, and return (k, kWh added)."""
        counted, previous = self.counted_today, self.counted_yesterday
        shown, shown_previous = self.shown_today, self.shown_yesterday
        last = wall_seconds(self.last_reading) if self.last_reading is not None else None
        # The daylight-saving repeat only when no offset allows the hours as published normally:
        # allowed always, it would keep offsets open that only a repeat explains.
        readings = (_earliest_tod(today), _earliest_tod(today, repeat=True))
        earliest = readings[0]

        limits = _limits(today, yesterday, shown, shown_previous, self.stale_today)

        def added(k: int) -> float:
            return _apply(k, today, yesterday, counted, previous)[0]

        candidates: dict[int, Ranges] = {}
        if last is not None and moment >= last:
            self._narrow_by_yesterday(yesterday, moment)
            self._narrow_by_earlier_today(today, yesterday, moment)
            self._resolve_pending_today(today, yesterday, last, moment)
            self._resolve_pending(yesterday, last, moment)
            for earliest in readings:
                candidates = _classify(self.offsets, last, moment, earliest)
                if candidates:
                    break
            if not candidates:
                # The learned offset is contradicted (a clock change): learn it again.
                self.offsets, self.owed = WIDE, ()
                for earliest in readings:
                    candidates = _classify(WIDE, last, moment, earliest)
                    if candidates:
                        break
        else:
            # The clock went back: the offsets they are owed on mean nothing.
            self.pending = self.pending_today = ()
        if last is None or not candidates:
            # Home Assistant's clock went back, or the head is beyond +-3 h: the arrays alone.
            k = next(k for k in (0, 1, 2) if limits.get(k, None) != 0)
            return k, self._store(k, today, yesterday)

        fitting = self._fitting(today, yesterday, last, moment, earliest, limits)
        if (
            fitting
            and 0 in candidates
            # k=0 fits nowhere, or only where hours a glitch left unread are from an older day:
            # on the rest of k=0's offsets the reading is a reset or nothing.
            and _subtract(candidates[0], fitting.get(0, ()))
            and _looks_reset(today, yesterday, shown, shown_previous)
        ):
            # A counter reset today, or a midnight into a day like the last one: the arrays
            # cannot tell and the clock allows both. Count the least of the two; keep what the
            # head holds as the midnight would, which counts later hours right either way; owe
            # each the rest on its own offsets, and keep the offsets of both (dropping the
            # reset's when both counted the same lost the true offset and counted a day twice).
            k = _least(fitting, added)
            least = min(added(0), added(k))
            for j, ranges in fitting.items():
                if added(j) - least > _EPSILON:
                    self.owed = _owe(self.owed, ranges, added(j) - least)
            if added(0) - least > _EPSILON:
                self.owed = _owe(self.owed, candidates[0], added(0) - least)
            learned = _normalise(r for ranges in (*fitting.values(), candidates[0]) for r in ranges)
            self.offsets = _coarsen(learned)
            self._store(k, today, yesterday)
            return k, least
        unreadable = [hour for hour, value in enumerate(yesterday) if value is None]
        if len(fitting) > 1 and unreadable:
            # Ambiguous, and an unreadable hour of yesterday is stored differently per k (as
            # shown, as counted today, or from nothing). Waiting for a readable yesterday loses
            # today's hours if the next reading comes after a reset or a midnight; instead count
            # as the smallest k and keep per unreadable hour the most any k counted: later
            # readings never count it twice.
            most = {
                hour: max(
                    _apply(j, today, yesterday, counted, previous)[1][hour] or 0.0 for j in fitting
                )
                for hour in unreadable
            }
            k = _least(fitting, added)
            self._owe_the_rest(fitting, k, added)
            self.offsets = _coarsen(_normalise(r for ranges in fitting.values() for r in ranges))
            added_now = self._store(k, today, yesterday)
            if k == 0:
                # Maybe a new day, as below: hours a counter reset zeroed count again if they come.
                self.counted_today = _merge(_overlay(_ZEROS, shown), today)[0]
            self.counted_yesterday = tuple(
                most.get(hour, value) for hour, value in enumerate(self.counted_yesterday)
            )
            self.shown_yesterday = tuple(
                None if hour in most else value for hour, value in enumerate(self.shown_yesterday)
            )
            # Under the offsets of a k that counted an hour for less than the most, that hour
            # is owed what it shows later, up to the most (when it can be read again).
            pending = []
            for hour in unreadable:
                for j in sorted(fitting):
                    counted_j = _apply(j, today, yesterday, counted, previous)[1][hour] or 0.0
                    if most[hour] - counted_j > _EPSILON:
                        pending.append((hour, fitting[j], counted_j, most[hour]))
            self.pending = (*self.pending, *pending)[:_MAX_PENDING_HOURS]
            return k, added_now
        if fitting:
            k = _least(fitting, added)
            learned = _normalise(r for ranges in fitting.values() for r in ranges)
            self._owe_the_rest(fitting, k, added)
            self._remember_unread_today(fitting, k, today, yesterday, counted, previous)
            if k == 0 and len(fitting) > 1:
                # Maybe a new day: hours a counter reset zeroed must count again if they come,
                # as they would on a new day (on the reset day they do not come back).
                added_now = self._store(k, today, yesterday)
                self.counted_today = _merge(_overlay(_ZEROS, shown), today)[0]
                self.offsets = _coarsen(learned)
                return k, added_now
        else:
            # Nothing fits the clock: a counter reset, or the learned offset is wrong (the
            # adapter's clock changed). Count the least of: max-merge at the smallest k the clock
            # allows, the smallest k that fits with the offset forgotten, or (when none does)
            # the arrays alone.
            k = min(candidates)
            learned = candidates[k]  # the stored days follow k: later readings must too
            wide = _classify(WIDE, last, moment, earliest, limits)
            relearn = min(wide) if wide else (1 if limits[1] != 0 else 2)
            # With no offset within +-3 h fitting, a clock change is outside what the ledger
            # trusts: a reading that a counter reset explains at the clock's k is that reset.
            reset = not wide and k == 0 and _looks_reset(today, yesterday, shown, shown_previous)
            if added(relearn) < added(k) - _EPSILON and not reset:
                k, self.owed = relearn, ()
                if not wide:
                    self.offsets = WIDE
                    return k, self._store(k, today, yesterday)
                learned = _normalise(r for ranges in wide.values() for r in ranges)
        self.offsets = _coarsen(learned)
        return k, self._store(k, today, yesterday)

    def _fitting(
        self,
        today: Hours,
        yesterday: Hours,
        last: int,
        moment: int,
        earliest: int,
        limits: Mapping[int, int | None],
    ) -> dict[int, Ranges]:
        """For each k, the offsets under which the reading fits the stored days with k midnights.

        Hours the last reading could not read hold what an earlier reading showed; under the
        offsets that put a head midnight between that reading and the last one (an ambiguous
        reading kept as the same day), those values belong to an older day and do not count
        against the reading (a glitch then a reading after the true midnight lost an hour).
        """
        read_at = [
            then
            for then, hours in self.recent_today
            if then < last and any(hours[hour] is not None for hour in self.stale_today)
        ]
        if not self.stale_today or not read_at:
            return _classify(self.offsets, last, moment, earliest, limits)
        split = _classify(self.offsets, max(read_at), last, 0)
        same_day = split.get(0, ())
        other_day = _subtract(self.offsets, same_day)
        lenient = _limits(
            today,
            yesterday,
            self.shown_today,
            self.shown_yesterday,
            self.stale_today,
            stale_from_another_day=True,
        )
        fitting: dict[int, list[tuple[int, int]]] = {}
        for ranges, chosen in ((same_day, limits), (other_day, lenient)):
            if ranges:
                for k, part in _classify(ranges, last, moment, earliest, chosen).items():
                    fitting.setdefault(k, []).extend(part)
        return {k: _normalise(parts) for k, parts in fitting.items()}

    def _owe_the_rest(
        self, fitting: Mapping[int, Ranges], k: int, added: Callable[[int], float]
    ) -> None:
        """Owe, on the offsets of every other fitting k, what it would add beyond k."""
        for j, ranges in fitting.items():
            if j != k and added(j) - added(k) > _EPSILON:
                self.owed = _owe(self.owed, ranges, added(j) - added(k))

    def _store(self, k: int, today: Hours, yesterday: Hours) -> float:
        self.shown_yesterday, self.shown_today = _shown(
            k, today, yesterday, self.shown_today, self.shown_yesterday
        )
        added, self.counted_yesterday, self.counted_today = _apply(
            k, today, yesterday, self.counted_today, self.counted_yesterday
        )
        return added

    def _settle(self) -> float:
        """Pay what is owed under every offset still possible; forget what none of them owes."""
        paid, self.owed = _settle(self.owed, self.offsets)
        return paid

    def as_dict(self) -> dict[str, Any]:
        """Serialise for Home Assistant's restore state (JSON-safe)."""
        return {
            "version": _STATE_VERSION,
            "total_kwh": self.total_kwh,
            "day": self.day.isoformat() if self.day else None,
            "counted_yesterday": list(self.counted_yesterday),
            "counted_today": list(self.counted_today),
            "shown_yesterday": list(self.shown_yesterday),
            "shown_today": list(self.shown_today),
            "last_reading": self.last_reading.isoformat() if self.last_reading else None,
            "offsets": [list(r) for r in self.offsets],
            "owed": [list(piece) for piece in self.owed],
            "stale_today": sorted(self.stale_today),
            "yesterday_seen": [
                None if seen is None else list(seen) for seen in self.yesterday_seen
            ],
            "recent_today": [[then, list(hours)] for then, hours in self.recent_today],
            "pending": [
                [hour, [list(r) for r in ranges], counted, stored]
                for hour, ranges, counted, stored in self.pending
            ],
            "pending_today": [
                [hour, [list(r) for r in ranges], counted, stored]
                for hour, ranges, counted, stored in self.pending_today
            ],
        }

    @classmethod
    def from_dict(cls, data: object) -> EnergyLedger:
        """Rebuild from `as_dict` output (or the first version's); never raises.

        What cannot be read starts again from the next reading, keeping the total when that is
        readable: the total never goes backwards.
        """
        ledger = cls(total_kwh=stored_total(data))
        if not isinstance(data, Mapping):
            return ledger
        try:
            if "counted" in data and "version" not in data:
                # The first version: today's counted hours and Home Assistant's date for them.
                day = date.fromisoformat(str(data["day"]))
                ledger.counted_today = ledger.shown_today = _hours_from(data["counted"])
                ledger.counted_yesterday, ledger.shown_yesterday = _ZEROS, _UNKNOWN
                ledger.day = day
                ledger.last_reading = datetime.combine(day, time(12))
                return ledger
            ledger.counted_yesterday = _hours_from(data["counted_yesterday"])
            ledger.counted_today = _hours_from(data["counted_today"])
            ledger.shown_yesterday = _hours_from(data["shown_yesterday"], unknown=True)
            ledger.shown_today = _hours_from(data["shown_today"], unknown=True)
            ledger.day = date.fromisoformat(str(data["day"])) if data["day"] else None
            last = data["last_reading"]
            ledger.last_reading = (
                datetime.fromisoformat(str(last)).replace(tzinfo=None) if last else None
            )
            ledger.offsets = _coarsen(_ranges_from(data["offsets"])) or WIDE
            for low, high, kwh in data["owed"]:
                amount = float(kwh)
                if math.isfinite(amount) and amount > 0:  # else owed nothing: never too much
                    piece = _intersect(((stored_int(low), stored_int(high)),), WIDE)
                    ledger.owed = _owe(ledger.owed, piece, amount)
            ledger.stale_today = _stale_from(data)
            ledger.yesterday_seen = _seen_from(data.get("yesterday_seen"))
            ledger.pending = _pending_from(data.get("pending"))
            ledger.pending_today = _pending_from(data.get("pending_today"))
            ledger.recent_today = _recent_from(data.get("recent_today"))
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
            return cls(total_kwh=ledger.total_kwh)
        return ledger


def _recent_from(data: object) -> tuple[tuple[int, Hours], ...]:
    """Stored `recent_today`; nothing remembered when it is missing or unreadable."""
    if not isinstance(data, list):
        return ()
    recent: list[tuple[int, Hours]] = []
    try:
        for then, hours in data[-_MAX_RECENT_TODAY:]:
            recent.append((stored_int(then), _hours_from(hours, unknown=True)))
    except (TypeError, ValueError, OverflowError):
        return ()
    return tuple(recent)


def _stale_from(data: Mapping[str, Any]) -> frozenset[int]:
    """Stored `stale_today` (or the earlier `settled`); unsure: every hour (trust less)."""
    every = frozenset(range(HOURS_PER_DAY))
    if "stale_today" not in data:
        return frozenset() if data.get("settled") is True else every
    stored = data["stale_today"]
    if not isinstance(stored, list) or not all(
        isinstance(hour, int) and not isinstance(hour, bool) and 0 <= hour < HOURS_PER_DAY
        for hour in stored
    ):
        return every
    return frozenset(stored)


def _pending_from(data: object) -> tuple[tuple[int, Ranges, float, float], ...]:
    """Stored `pending`; nothing pending when it is missing or unreadable (never too much)."""
    if not isinstance(data, list):
        return ()
    pending: list[tuple[int, Ranges, float, float]] = []
    try:
        for hour, ranges, counted, stored in data[:_MAX_PENDING_HOURS]:
            numbers = (float(counted), float(stored))
            if not all(math.isfinite(n) and n >= 0 for n in numbers):
                return ()
            index = stored_int(hour)
            if not 0 <= index < HOURS_PER_DAY:
                return ()
            pending.append((index, _ranges_from(ranges), *numbers))
    except (TypeError, ValueError, OverflowError):
        return ()
    return tuple(pending)


def _seen_from(data: object) -> tuple[tuple[float, int] | None, ...]:
    """Stored `yesterday_seen`; nothing remembered when it is missing or unreadable."""
    if not isinstance(data, list) or len(data) != HOURS_PER_DAY:
        return ()
    seen: list[tuple[float, int] | None] = []
    for item in data:
        if item is None:
            seen.append(None)
            continue
        if not isinstance(item, list) or len(item) != 2:
            return ()
        value, moment = item
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return ()
        if isinstance(moment, bool) or not isinstance(moment, int):
            return ()
        if not math.isfinite(value) or value < 0:
            return ()
        seen.append((float(value), moment))
    return tuple(seen)
