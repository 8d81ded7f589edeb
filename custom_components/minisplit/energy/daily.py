"""A running energy total built from a head's daily totals: never backwards, never twice.

Daikin /dsiot adapters publish 7 daily totals (kWh), the head's own today last; at the head's
midnight the array shifts by one and today starts again from 0. The head's clock may be up to
3 hours off Home Assistant's. `now` is Home Assistant's local time: its wall clock is what is
compared with the head's (docs/daily-energy-ledger.md has the full argument).

Rules, exactly:

1. Values. A day that is not a finite number, is negative or is above `max_kwh_per_day` is
   rejected (reported by kind, never counted); None is the head's "unknown" and is skipped
   silently. A series that is not 7 long, or a reading without a time, is rejected whole.
   A reading with no usable day changes nothing. `update` and `from_dict` never raise.
2. Baseline. The first usable reading is the baseline: nothing the head showed then is counted,
   and a day of its window the head could not show then is taken at its first readable value
   (energy from before the ledger existed is not counted).
3. Alignment. For an offset o (head minus Home Assistant, whole seconds within +-3 h) the head
   passed k(o) midnights between the last reading and this one. Under k, position i of this
   reading is the day at position i + k of the last one; positions past 6 are days after it.
4. Counting under k. A day after the last reading's today counts all it shows. A day read
   before counts what it grew since the value last read; if it shows less and was last read as
   today, its counter was reset and what it shows counts as new. A day once read as a past day
   (position 0-5) is final: it must show the same value again.
5. Fit. A k under which a final day shows a different value does not fit: the offsets that
   give it are impossible. The ledger keeps, for every offset still possible, what that offset's
   interpretation stored and counted (branches of offsets sharing both). The total is the least
   any possible offset counted: never more than the truth; what the others counted more is kept
   and paid once the offsets that disagree are ruled out. After the first midnight the
   arrays show, the offset is known to the poll interval and one branch remains.
6. No fit. When no possible offset fits, the offset is learned again (+-3 h) from the branch that
   counted least; when no offset within +-3 h fits either, a final day changed: the offsets
   with the fewest changed days are kept, changed days are rejected ("a past day changed
   after it was final", never counted, the head's new value kept), the rest counts as in 4.
7. Lost days. Days the head dropped before their final value was read (a gap of more than
   6 days, or a day unreadable whenever it was read) are reported as `lost_days` (the fewest
   any possible offset implies).
8. Home Assistant's clock going back counts as no time passed. The state is JSON; garbage in a
   stored state keeps a readable total and takes the next reading as a new baseline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .values import (
    DAY_SECONDS,
    GLITCH_TIME,
    Ranges,
    checked_kwh,
    checked_series,
    merged_ranges,
    stored_int,
    stored_kwh,
    stored_total,
    wall_seconds,
)

DAYS_HELD = 7
TODAY = DAYS_HELD - 1
# The head's clock is trusted to be within this of Home Assistant's.
MAX_OFFSET_SECONDS = 3 * 3_600
# A generous bound when the caller has none: a large residential head drawing 6 kW all day.
DEFAULT_MAX_KWH_PER_DAY = 144.0
# Values come in 0.001 kWh steps; equal values read twice compare equal far below that.
_EPSILON = 1e-9
# Keep the stored state small (in practice one to three branches exist).
_MAX_BRANCHES = 32
_MAX_RANGES = 16
_STATE_VERSION = 1

# Kinds of rejected input, reported so the caller can log each kind once.
GLITCH_LENGTH = "not 7 daily values"
GLITCH_TOO_LARGE = "more than the head can use in a day"
GLITCH_PAST_CHANGED = "a past day changed after it was final"

WIDE: Ranges = ((-MAX_OFFSET_SECONDS, MAX_OFFSET_SECONDS),)
Values = tuple[float | None, ...]
# A stored day: the value last read (None: a baseline day never read, not ours) and whether it
# was read as a past day (final).
Day = tuple[float | None, bool]
Days = tuple[Day, ...]


@dataclass(frozen=True, slots=True)
class DailyLedgerUpdate:
    """What one reading added, the kinds of input rejected, and days known lost."""

    added_kwh: float = 0.0
    rejected: frozenset[str] = frozenset()
    lost_days: int = 0


@dataclass(frozen=True, slots=True)
class _Branch:
    """Offsets sharing one interpretation: stored days and what they counted above the total."""

    offsets: Ranges
    days: Days
    extra: float


@dataclass(frozen=True, slots=True)
class _Outcome:
    """One reading under one k: the new stored days, what it adds, changed final days, lost."""

    days: Days
    added: float
    changed: int
    lost: int


def _clean_value(value: object, bound: float, glitches: set[str]) -> float | None:
    """One day's kWh, or None (with the kind of glitch noted) when unknown or impossible."""
    if value is None:  # the driver's "unknown": not reported
        return None
    return checked_kwh(value, bound, glitches, GLITCH_TOO_LARGE)


def _clean(values: object, bound: float, glitches: set[str]) -> Values | None:
    """7 days of kWh with impossible values as None; None when the series is unusable."""
    return checked_series(
        values,
        DAYS_HELD,
        glitches,
        GLITCH_LENGTH,
        lambda value: _clean_value(value, bound, glitches),
    )


def _normalise(ranges: Sequence[tuple[int, int]]) -> Ranges:
    """Sorted, merged, non-empty inclusive ranges, at most `_MAX_RANGES` (small gaps filled)."""
    merged = merged_ranges(ranges)
    while len(merged) > _MAX_RANGES:
        # Filling a gap keeps offsets possible that were ruled out: that can only count less.
        index = min(range(len(merged) - 1), key=lambda i: merged[i + 1][0] - merged[i][1])
        merged[index : index + 2] = [(merged[index][0], merged[index + 1][1])]
    return tuple(merged)


def _pieces(offsets: Ranges, last: int, now: int) -> dict[int, Ranges]:
    """The offsets split by k, the number of head midnights in (last + o, now + o]."""
    pieces: dict[int, list[tuple[int, int]]] = {}
    for low, high in offsets:
        cuts = sorted(
            {
                cut
                for moment in (last, now)
                # The first offset above `low` that puts `moment` at a head midnight.
                if low < (cut := ((low + moment) // DAY_SECONDS + 1) * DAY_SECONDS - moment) <= high
            }
        )
        for start, stop in zip([low, *cuts], [*(c - 1 for c in cuts), high], strict=True):
            k = (now + start) // DAY_SECONDS - (last + start) // DAY_SECONDS
            pieces.setdefault(k, []).append((start, stop))
    return {k: _normalise(ranges) for k, ranges in pieces.items()}


def _apply(stored: Days, values: Values, k: int) -> _Outcome:
    """The reading read with k head midnights since the last one (rule 4)."""
    days: list[Day] = []
    added = 0.0
    changed = 0
    for index, value in enumerate(values):
        past = index < TODAY
        before = index + k
        if before > TODAY:
            # A day that began after the last reading: all it shows is new.
            if value is None:
                days.append((0.0, False))
            else:
                added += value
                days.append((value, past))
            continue
        old, final = stored[before]
        if value is None:
            days.append((old, final))
        elif old is None:
            days.append((value, past))
        elif final:
            if abs(value - old) > _EPSILON:
                changed += 1
            days.append((value, True))
        else:
            # Grown since, or reset (what it shows is then new).
            added += value - old if value >= old else value
            days.append((value, past))
    gone = stored[: min(k, DAYS_HELD)]
    lost = sum(1 for old, final in gone if old is not None and not final)
    lost += max(k - DAYS_HELD, 0)
    return _Outcome(tuple(days), added, changed, lost)


def _branch_from(data: object) -> _Branch:
    """One stored branch, else an exception."""
    if not isinstance(data, Mapping):
        raise TypeError("a branch is a mapping")
    offsets = data["offsets"]
    if not isinstance(offsets, list):
        raise TypeError("offsets are a list")
    ranges: list[tuple[int, int]] = []
    for item in offsets:
        if not isinstance(item, list) or len(item) != 2:
            raise TypeError("a range is [low, high]")
        low = max(stored_int(item[0]), -MAX_OFFSET_SECONDS)
        high = min(stored_int(item[1]), MAX_OFFSET_SECONDS)
        ranges.append((low, high))
    stored = data["days"]
    if not isinstance(stored, list) or len(stored) != DAYS_HELD:
        raise ValueError("7 days")
    days: list[Day] = []
    for item in stored:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[1], bool):
            raise TypeError("a day is [value, final]")
        days.append((None if item[0] is None else stored_kwh(item[0]), item[1]))
    normalised = _normalise(ranges)
    if not normalised:
        raise ValueError("no offsets")
    return _Branch(normalised, tuple(days), stored_kwh(data["extra"]))


class DailyEnergyLedger:
    """An ever-growing kWh total fed with a head's 7 daily totals."""

    __slots__ = ("_branches", "_last", "_total")

    def __init__(self, total_kwh: float = 0.0) -> None:
        """Start empty: the next usable reading is the baseline."""
        self._total = total_kwh
        self._last: int | None = None
        self._branches: tuple[_Branch, ...] = ()

    @property
    def total_kwh(self) -> float:
        """The total counted so far."""
        return self._total

    @property
    def offsets(self) -> Ranges:
        """The head's clock offsets (head minus Home Assistant, seconds) still possible."""
        return _normalise([r for branch in self._branches for r in branch.offsets])

    def update(
        self,
        days: Sequence[float | None],
        now: datetime,
        *,
        max_kwh_per_day: float = DEFAULT_MAX_KWH_PER_DAY,
    ) -> DailyLedgerUpdate:
        """Count a reading taken at Home Assistant's local time `now`; never raises."""
        glitches: set[str] = set()
        bound: object = max_kwh_per_day
        if isinstance(bound, bool) or not isinstance(bound, (int, float)):
            bound = DEFAULT_MAX_KWH_PER_DAY
        limit = float(bound)
        if not math.isfinite(limit) or limit <= 0:
            limit = DEFAULT_MAX_KWH_PER_DAY
        values = _clean(days, limit, glitches)
        when: object = now  # callers outside the type checker may pass anything
        moment: int | None = None
        if isinstance(when, datetime):
            try:
                moment = wall_seconds(when)
            except Exception:  # a broken datetime subclass is a glitch, never fatal
                moment = None
        if moment is None:
            glitches.add(GLITCH_TIME)
            return DailyLedgerUpdate(0.0, frozenset(glitches))
        if values is None or all(value is None for value in values):
            return DailyLedgerUpdate(0.0, frozenset(glitches))
        if self._last is None or not self._branches:
            self._start(values, moment)
            return DailyLedgerUpdate(0.0, frozenset(glitches))
        added, lost = self._count(values, moment, glitches)
        return DailyLedgerUpdate(added, frozenset(glitches), lost)

    def _start(self, values: Values, moment: int) -> None:
        """Take the first reading as the baseline: nothing before it is ours to count."""
        days = tuple((value, index < TODAY) for index, value in enumerate(values))
        self._branches = (_Branch(WIDE, days, 0.0),)
        self._last = moment

    def _count(self, values: Values, moment: int, glitches: set[str]) -> tuple[float, int]:
        """Follow every possible offset through the reading; pay what all of them counted."""
        assert self._last is not None
        last = self._last
        # Home Assistant's clock going back: as if no time passed.
        now = max(moment, last)
        outcomes = [
            (branch, ranges, _apply(branch.days, values, k))
            for branch in self._branches
            for k, ranges in _pieces(branch.offsets, last, now).items()
        ]
        chosen = [item for item in outcomes if item[2].changed == 0]
        if not chosen:
            # No possible offset fits: the head's clock may have changed, learn it again.
            best = min(self._branches, key=lambda branch: branch.extra)
            chosen = [
                (best, ranges, outcome)
                for k, ranges in _pieces(WIDE, last, now).items()
                if (outcome := _apply(best.days, values, k)).changed == 0
            ]
        if not chosen:
            # Not even then: a final day changed. Keep the offsets that explain most.
            fewest = min(item[2].changed for item in outcomes)
            chosen = [item for item in outcomes if item[2].changed == fewest]
            glitches.add(GLITCH_PAST_CHANGED)
        branches = [
            _Branch(ranges, outcome.days, branch.extra + outcome.added)
            for branch, ranges, outcome in chosen
        ]
        self._branches = _merge(branches)
        paid = min(branch.extra for branch in self._branches)
        self._branches = tuple(
            _Branch(branch.offsets, branch.days, max(branch.extra - paid, 0.0))
            for branch in self._branches
        )
        self._total += paid
        self._last = moment
        return paid, min(outcome.lost for _, _, outcome in chosen)

    def as_dict(self) -> dict[str, Any]:
        """Serialise for Home Assistant's restore state (JSON-safe)."""
        return {
            "version": _STATE_VERSION,
            "total_kwh": self._total,
            "last_reading": self._last,
            "branches": [
                {
                    "offsets": [list(r) for r in branch.offsets],
                    "days": [list(day) for day in branch.days],
                    "extra": branch.extra,
                }
                for branch in self._branches
            ],
        }

    @classmethod
    def from_dict(cls, data: object) -> DailyEnergyLedger:
        """Rebuild from `as_dict` output; never raises (garbage: keep the total, start over)."""
        ledger = cls(stored_total(data))
        if not isinstance(data, Mapping):
            return ledger
        try:
            if data.get("version") != _STATE_VERSION:
                return ledger
            last = data["last_reading"]
            stored = data["branches"]
            if last is None or not isinstance(stored, list) or not stored:
                return ledger
            if len(stored) > _MAX_BRANCHES:
                return ledger
            ledger._last = stored_int(last)
            ledger._branches = _merge([_branch_from(item) for item in stored])
            least = min(branch.extra for branch in ledger._branches)
            ledger._branches = tuple(
                _Branch(branch.offsets, branch.days, branch.extra - least)
                for branch in ledger._branches
            )
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
            return cls(ledger.total_kwh)
        return ledger


def _merge(branches: Sequence[_Branch]) -> tuple[_Branch, ...]:
    """Join branches with the same days and count; keep at most `_MAX_BRANCHES`."""
    merged: list[_Branch] = []
    for branch in sorted(branches, key=lambda b: b.extra):
        for index, other in enumerate(merged):
            if other.days == branch.days and abs(other.extra - branch.extra) <= _EPSILON:
                offsets = _normalise([*other.offsets, *branch.offsets])
                merged[index] = _Branch(offsets, other.days, other.extra)
                break
        else:
            merged.append(branch)
    if len(merged) > _MAX_BRANCHES:
        # Rare beyond measure; join equal days at the smaller count (never too much), then
        # keep the branches that counted least.
        joined: dict[Days, _Branch] = {}
        for branch in merged:
            kept = joined.get(branch.days)
            if kept is None:
                joined[branch.days] = branch
            else:
                offsets = _normalise([*kept.offsets, *branch.offsets])
                joined[branch.days] = _Branch(offsets, kept.days, kept.extra)
        merged = sorted(joined.values(), key=lambda b: b.extra)[:_MAX_BRANCHES]
    return tuple(merged)
