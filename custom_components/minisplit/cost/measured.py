"""What a head's measured energy cost: each hour's kWh at the price in force in that hour.

Pure Python. The price is sampled while the hours run (every energy poll, and whenever it
changes); an hour is charged at the mean of the prices sampled in it. An hour no sample fell in
(Home Assistant was down, or no price was set yet) is charged at the nearest hour's price, so the
money always follows the kWh. Hours the ledger closes are added to a closed total.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HOUR = 3_600
# Hours of prices kept: the ledger's window (the head's today and yesterday) and a margin.
KEEP_HOURS = 72


def _hour(moment: datetime) -> int:
    seconds = (moment.astimezone(UTC) - _EPOCH).total_seconds()
    return int(seconds // _HOUR) * _HOUR


@dataclass(slots=True)
class MeasuredCost:
    """Money for measured hours: a closed total, and the prices of the hours still open."""

    closed: float = 0.0
    # Hour start (seconds since 1970, UTC) -> (sum of samples, number of samples).
    samples: dict[int, tuple[float, int]] = field(default_factory=dict)

    def observe(self, moment: datetime, price: float | None) -> None:
        """Sample the price in force at `moment` (aware); None or not finite is no sample."""
        if price is None or not math.isfinite(price):
            return
        hour = _hour(moment)
        total, count = self.samples.get(hour, (0.0, 0))
        self.samples[hour] = (total + price, count + 1)
        for old in [start for start in self.samples if start < hour - KEEP_HOURS * _HOUR]:
            del self.samples[old]

    def price_of(self, start: datetime) -> float | None:
        """The price of the hour beginning at `start`: its samples' mean, else the nearest's."""
        if not self.samples:
            return None
        hour = _hour(start)
        nearest = min(self.samples, key=lambda sampled: (abs(sampled - hour), sampled))
        total, count = self.samples[nearest]
        return total / count

    def per_hour(self, hours: Iterable[tuple[datetime, float]]) -> list[tuple[datetime, float]]:
        """What each hour cost at its own price (0 before any price is known)."""
        return [(start, kwh * (self.price_of(start) or 0.0)) for start, kwh in hours]

    def cost_of(self, hours: Iterable[tuple[datetime, float]]) -> float | None:
        """What the given hours cost, each at its own price; None before any price is known."""
        if not self.samples:
            return None
        return sum(cost for _, cost in self.per_hour(hours))

    def total(self, open_hours: Iterable[tuple[datetime, float]]) -> float | None:
        """The closed total and the hours still open; None before any price is known."""
        cost = self.cost_of(open_hours)
        return None if cost is None else self.closed + cost

    def close(self, hours: Iterable[tuple[datetime, float]]) -> None:
        """Add hours that left the ledger to the closed total (at their own prices)."""
        cost = self.cost_of(hours)
        if cost is not None:
            self.closed += cost

    def as_dict(self) -> dict[str, Any]:
        """Serialise (JSON-safe)."""
        return {
            "closed": self.closed,
            "samples": [[start, total, count] for start, (total, count) in self.samples.items()],
        }

    @classmethod
    def from_dict(cls, data: object) -> MeasuredCost:
        """Rebuild from `as_dict` output; what cannot be read is left out, never raises."""
        cost = cls()
        if not isinstance(data, Mapping):
            return cost
        closed = data.get("closed")
        if isinstance(closed, (int, float)) and math.isfinite(closed):
            cost.closed = float(closed)
        samples = data.get("samples")
        for item in samples if isinstance(samples, list) else ():
            if (
                isinstance(item, list)
                and len(item) == 3
                and all(isinstance(v, (int, float)) and math.isfinite(v) for v in item)
                and isinstance(item[2], int)
                and item[2] > 0
            ):
                cost.samples[int(item[0])] = (float(item[1]), item[2])
        return cost


def hour_start(moment: datetime) -> datetime:
    """The start of the clock hour holding `moment`, in UTC."""
    return _EPOCH + timedelta(seconds=_hour(moment))
