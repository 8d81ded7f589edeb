"""Whether a unit's own power or energy sensor can be believed: physics against the reading.

Owners report their unit's power readings off by four to ten times (ESPHome CN105, midea_ac_lan).
A heat pump heating moves more heat than the electricity it draws (COP above 1; resistance heat is
COP 1), and the building model knows roughly how much heat the house needed. A day on which the
sensor measured more electricity than the model's heat (an implied COP below MIN_COP) over at least
MIN_DAY_KWH is not believed: from then on the estimate counts, and a repair says why, until a
day's reading is plausible again.

Pure Python: kWh per interval in, a verdict per day out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .meter import valid_total

# Below this implied COP while heating, a day's measurement is not believed.
MIN_COP = 1.0
# A day is judged only with at least this much measured heating energy.
MIN_DAY_KWH = 3.0


@dataclass(slots=True)
class MeterCheck:
    """Heat (the model's) and electricity (the sensor's) of each day spent heating."""

    implausible: bool = False
    implied_cop: float | None = None  # of the last day judged
    days: dict[str, list[float]] = field(default_factory=dict)

    def book(self, start: datetime, model_heat_kwh: float, measured_kwh: float) -> None:
        """An interval spent heating: the model's heat and what the sensor measured."""
        sums = self.days.setdefault(start.date().isoformat(), [0.0, 0.0])
        sums[0] += model_heat_kwh
        sums[1] += measured_kwh

    def close(self, now: datetime) -> bool:
        """Judge the days that are over; return whether the verdict changed."""
        today = now.date().isoformat()
        before = self.implausible
        for day in sorted(self.days):
            if day >= today:
                continue
            heat, measured = self.days.pop(day)
            if measured < MIN_DAY_KWH:
                continue
            self.implied_cop = heat / measured
            self.implausible = self.implied_cop < MIN_COP
        return self.implausible != before

    def as_dict(self) -> dict[str, Any]:
        """For storage."""
        return {"implausible": self.implausible, "implied_cop": self.implied_cop, "days": self.days}

    @classmethod
    def restore(cls, data: object) -> MeterCheck:
        """From storage (a fresh check where unreadable)."""
        stored: Mapping[Any, Any] = data if isinstance(data, Mapping) else {}
        days: dict[str, list[float]] = {}
        raw = stored.get("days")
        if isinstance(raw, Mapping):
            for day, pair in raw.items():
                if isinstance(pair, list) and len(pair) == 2 and all(map(valid_total, pair)):
                    days[str(day)] = [float(pair[0]), float(pair[1])]
        cop = stored.get("implied_cop")
        return cls(
            implausible=stored.get("implausible") is True,
            implied_cop=float(cop) if valid_total(cop) else None,
            days=days,
        )
