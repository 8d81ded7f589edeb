"""A running energy total built from a head's hourly arrays, never going backwards.

Daikin heads publish energy as 24 hourly values for "today" and "yesterday" (adapter local time),
each hour appearing once it has completed. At the adapter's midnight "today" becomes "yesterday"
and "today" starts again from zeros. The Energy dashboard wants one ever-growing total instead.

The ledger remembers how much of the adapter's current day it has already counted (`counted`,
hour by hour) and which day that was. Each reading adds only what is new:

- same day: the hours that grew since the last reading;
- after the adapter's midnight: the old day's hours that were published after the last reading
  (found in "yesterday": this is the day's last hour, which a naive reader loses), then the new day;
- after a gap of two days or more: "yesterday" is a day never counted at all, so all of it counts;
  days further back are gone from the head and are reported as lost.

A roll-over is recognised when a published hour went down, or, when the arrays alone cannot tell
(a day with no energy looks the same before and after midnight), when the calendar day has changed,
"yesterday" is consistent with what was counted and the new day already has a completed hour. The
ledger's `day` follows the adapter's day (it advances by one per roll-over), not the reading's, so
an adapter clock a few minutes off Home Assistant's cannot make a day count twice.

The state is a small dict, so Home Assistant restores it across restarts and nothing is counted
twice or lost while it was down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

HOURS_PER_DAY = 24
# Values come in 0.1 kWh steps; compare with a tolerance well below one step.
_EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class LedgerUpdate:
    """What one reading added: kWh counted, and whole days that could not be recovered."""

    added_kwh: float
    lost_days: int = 0


def _consistent(later: Sequence[float], earlier: Sequence[float]) -> bool:
    """Whether `later` can be the same day as `earlier` read later (no published hour went down)."""
    return all(new >= old - _EPSILON for new, old in zip(later, earlier, strict=True))


def _growth(later: Sequence[float], earlier: Sequence[float]) -> float:
    """Energy in `later` that `earlier` had not counted yet."""
    return sum(max(new - old, 0.0) for new, old in zip(later, earlier, strict=True))


@dataclass(slots=True)
class EnergyLedger:
    """An ever-growing kWh total fed with (today, yesterday) hourly arrays."""

    total_kwh: float = 0.0
    day: date | None = None
    counted: tuple[float, ...] = field(default_factory=tuple)

    def update(
        self, today: Sequence[float], yesterday: Sequence[float], now: datetime
    ) -> LedgerUpdate:
        """Count a reading taken at local time `now`; return what it added."""
        if len(today) != HOURS_PER_DAY or len(yesterday) != HOURS_PER_DAY:
            raise ValueError("hourly energy arrays must have 24 values")
        if self.day is None or len(self.counted) != HOURS_PER_DAY:
            # First reading: start from here; what the head did before is not ours to count.
            self.day, self.counted = now.date(), tuple(today)
            return LedgerUpdate(0.0)

        days_passed = (now.date() - self.day).days
        went_down = not _consistent(today, self.counted)
        # In the first hour of a day the new day has no completed hour yet, so waiting for 01:00
        # loses nothing and keeps an adapter whose midnight lags ours from being rolled too early.
        ambiguous_new_day = (
            days_passed >= 1
            and now.hour >= 1
            and tuple(today) != self.counted
            and _consistent(yesterday, self.counted)
        )
        if not went_down and not ambiguous_new_day:
            added = _growth(today, self.counted)
            self.counted = tuple(
                max(new, old) for new, old in zip(today, self.counted, strict=True)
            )
            self.total_kwh += added
            return LedgerUpdate(added)

        lost_days = 0
        if days_passed >= 2:
            # "Yesterday" is a day the ledger never saw; the counted day and any between are gone.
            lost_days = days_passed - 1
            added = sum(yesterday) + sum(today)
            self.day = now.date()
        else:
            added = _growth(yesterday, self.counted) + sum(today)
            self.day += timedelta(days=1)
        self.counted = tuple(today)
        self.total_kwh += added
        return LedgerUpdate(added, lost_days)

    def as_dict(self) -> dict[str, Any]:
        """Serialise for Home Assistant's restore state."""
        return {
            "total_kwh": self.total_kwh,
            "day": self.day.isoformat() if self.day else None,
            "counted": list(self.counted),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EnergyLedger:
        """Rebuild from `as_dict` output; raise ValueError/TypeError/KeyError if it is not one."""
        day = data["day"]
        counted = tuple(float(value) for value in data["counted"])
        if counted and len(counted) != HOURS_PER_DAY:
            raise ValueError("counted must hold 24 hourly values")
        return cls(
            total_kwh=float(data["total_kwh"]),
            day=date.fromisoformat(day) if day else None,
            counted=counted,
        )
