"""A head's measured energy from its daily totals, keyed by date: never lost, never twice.

Pure Python. A /dsiot adapter publishes 7 daily totals (kWh), the head's own today last, and does
not tell its clock. The rules are the hourly ledger's for a head without a clock
(docs/daily-energy-ledger.md gives them with their reasons):

- Every value has a slot: the head's date, for which Home Assistant's local date stands. A reading
  is used only when no head clock within `FALLBACK_OFFSET` of local time changes its date (03:05
  to 20:55 local), and not when dated before the newest day seen.
- A slot counts its largest value seen less its baseline: what the first used reading showed
  (a day it could not read: the first value seen later; a later day: 0). A drop counts nothing.
- Slots before the head's 7 days move their counts to the closed total.
- Impossible values and series not 7 long are rejected by kind, never counted; None (the
  driver's "unknown") is skipped silently. Nothing raises.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .hourly import FALLBACK_OFFSET, GLITCH_CLOCK_BEHIND, MIDNIGHT_MARGIN
from .values import GLITCH_TIME, checked_kwh, checked_series, stored_kwh, stored_total

DAYS_HELD = 7
# A generous bound when the caller has none: a large residential head drawing 6 kW all day.
DEFAULT_MAX_KWH_PER_DAY = 144.0
# How far from Home Assistant's local midnight a reading must be to have the head's date.
MARGIN = FALLBACK_OFFSET + MIDNIGHT_MARGIN

GLITCH_LENGTH = "not 7 daily values"
GLITCH_TOO_LARGE = "more than the head can use in a day"

_STATE_VERSION = 2
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DailyLedgerUpdate:
    """What one reading added, whole days that could not be read, and what was rejected."""

    added_kwh: float = 0.0
    lost_days: int = 0
    rejected: frozenset[str] = frozenset()


class DailyEnergyLedger:
    """An ever-growing kWh total fed with a head's 7 daily totals."""

    __slots__ = ("_closed", "_newest", "_slots")

    def __init__(self, closed_kwh: float = 0.0) -> None:
        """Start empty: the next used reading is the baseline."""
        self._closed = closed_kwh
        self._newest: date | None = None
        # Per day: [baseline, largest value seen]; None until a value was read.
        self._slots: dict[date, list[float | None]] = {}

    @property
    def total_kwh(self) -> float:
        """The total counted so far."""
        return self._closed + sum(_counted(slot) for slot in self._slots.values())

    def update(
        self,
        days: Sequence[float | None],
        now: datetime,
        *,
        max_kwh_per_day: float = DEFAULT_MAX_KWH_PER_DAY,
    ) -> DailyLedgerUpdate:
        """Count a reading that arrived at Home Assistant's local time `now`; never raises."""
        local = _wall_clock(now)
        if local is None:
            return DailyLedgerUpdate(rejected=frozenset({GLITCH_TIME}))
        into_day = local - datetime(local.year, local.month, local.day)
        if not MARGIN <= into_day <= _DAY - MARGIN:
            return DailyLedgerUpdate()  # an offset within range could change its date
        day = local.date()
        if self._newest is not None and day < self._newest:
            return DailyLedgerUpdate(rejected=frozenset({GLITCH_CLOCK_BEHIND}))
        glitches: set[str] = set()
        values = _clean(days, _bound(max_kwh_per_day), glitches)
        if values is None:
            return DailyLedgerUpdate(rejected=frozenset(glitches))
        newest, added = self._newest, 0.0
        lost = 0 if newest is None else max((day - newest).days - DAYS_HELD, 0)
        for index, value in enumerate(values):
            slot_day = day - (DAYS_HELD - 1 - index) * _DAY
            slot = self._slots.get(slot_day)
            if slot is None:
                # The baseline shows what is not ours; a day after the newest seen starts at 0.
                fresh = newest is not None and slot_day > newest
                slot = self._slots[slot_day] = [0.0, 0.0] if fresh else [None, None]
            if value is not None:
                added += _see(slot, value)
        self._newest = day
        for old in [slot_day for slot_day in self._slots if slot_day <= day - DAYS_HELD * _DAY]:
            self._closed += _counted(self._slots.pop(old))
        return DailyLedgerUpdate(added, lost, frozenset(glitches))

    def as_dict(self) -> dict[str, Any]:
        """Serialise for Home Assistant's restore state (JSON-safe, copied)."""
        return {
            "version": _STATE_VERSION,
            "total_kwh": self.total_kwh,  # what an earlier version reads back
            "closed": self._closed,
            "newest": None if self._newest is None else self._newest.isoformat(),
            "slots": [[day.isoformat(), *slot] for day, slot in sorted(self._slots.items())],
        }

    @classmethod
    def from_dict(cls, data: object) -> DailyEnergyLedger:
        """Rebuild from `as_dict` output; never raises.

        What cannot be read starts again from the next reading as a baseline, keeping the closed
        total when it is readable; the state of an earlier version keeps its total so.
        """
        if not isinstance(data, Mapping) or data.get("version") != _STATE_VERSION:
            return cls(stored_total(data))
        try:
            ledger = cls(stored_kwh(data["closed"]))
        except (KeyError, TypeError, ValueError, OverflowError):
            return cls()
        try:
            newest, slots = data["newest"], data["slots"]
            if newest is None:
                return ledger
            ledger._newest = date.fromisoformat(newest)
            ledger._slots = dict(_stored_slot(ledger._newest, item) for item in slots)
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
            return cls(ledger._closed)
        return ledger


def _wall_clock(now: object) -> datetime | None:
    """An aware time's own wall clock (naive); None for anything else."""
    try:
        if not isinstance(now, datetime) or now.utcoffset() is None:
            return None
        return datetime(now.year, now.month, now.day, now.hour, now.minute, now.second)
    except Exception:  # a broken datetime subclass is a glitch, never fatal
        return None


def _bound(value: object) -> float:
    """The per-day bound, or the default when it is no positive finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return DEFAULT_MAX_KWH_PER_DAY
    bound = float(value)
    return bound if math.isfinite(bound) and bound > 0 else DEFAULT_MAX_KWH_PER_DAY


def _clean(values: object, bound: float, glitches: set[str]) -> tuple[float | None, ...] | None:
    """7 days of kWh, impossible ones None (noted); None when the series is unusable."""

    def check(value: object) -> float | None:
        return None if value is None else checked_kwh(value, bound, glitches, GLITCH_TOO_LARGE)

    return checked_series(values, DAYS_HELD, glitches, GLITCH_LENGTH, check)


def _counted(slot: list[float | None]) -> float:
    """What a slot counts: its largest value seen less its baseline."""
    base, seen = slot
    return 0.0 if base is None or seen is None else max(seen - base, 0.0)


def _see(slot: list[float | None], value: float) -> float:
    """Take a value read for a slot; return what it adds."""
    before = _counted(slot)
    base, seen = slot
    slot[:] = [value, value] if base is None or seen is None else [base, max(seen, value)]
    return _counted(slot) - before


def _stored_slot(newest: date, data: object) -> tuple[date, list[float | None]]:
    """A stored slot of the window ending `newest`, else TypeError or ValueError."""
    if not isinstance(data, list) or len(data) != 3:
        raise TypeError("a slot is [day, baseline, largest]")
    day, base, seen = data
    slot_day = date.fromisoformat(day)
    if not newest - DAYS_HELD * _DAY < slot_day <= newest:
        raise ValueError("a day outside the window")
    if (base is None) != (seen is None):
        raise ValueError("a baseline without a value seen")
    return slot_day, [None if value is None else stored_kwh(value) for value in (base, seen)]
