"""The unit's energy signature, learned from the home's whole-house meter.

Most owners have no meter on the unit, but many have one on the house (the grid consumption of
Home Assistant's Energy dashboard). A day's home energy is the unit's plus everything else:
  home_kWh(day) = base + slope x estimated_kWh(day) + extra(day)
where `estimated_kWh` is the companion's own estimate of the unit at scale 1, `base` the home's
usual other load, `slope` how far the estimate is off (1: right), and `extra` what else came on
(an EV charge, another electric heater: only ever more, on some days).

The fit is robust, because extras are large and one-sided: the Theil-Sen slope (the median of the
slopes between every pair of days), then the days whose residual is beyond `OUTLIER_MADS` median
absolute deviations above the line left out and the line fitted again by least squares on the
rest. It is used once `MIN_DAYS` days are in and the slope is determined well enough (its
standard error within `MAX_SLOPE_SPREAD` of the slope; days of similar weather cannot tell the
unit from the base load), and its load scale (slope ** (1 / n), as for the calibration)
is bounded by `SCALE_LIMITS`; the slope is weighed against the estimate's own (1) by how well
each is known (`Fit.energy_scale`), so a loose fit cannot make the estimate worse by much. Days
whose estimate or meter did not cover most of the day are not used.

When the home's other load is known from days the unit did not run (`base_load.py`: the
recorder's mild days, and days the companion saw the unit off), it is no longer fitted: the scale
comes from the home energy less that base (`base_load.anchored_fit`), and this fit is the fallback
while the base is unknown.

Pure Python: days and kWh in, a load scale out.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from typing import Any

from .base_load import (
    PRIOR_SPREAD,
    SCALE_DAYS,
    SCALE_LIMITS,
    AnchoredFit,
    BaseLoad,
    HistoryDay,
    anchored_fit,
)
from .calibration import CALIBRATION_MIN_COVERAGE as MIN_COVERAGE
from .calibration import PART_LOAD_EXPONENT
from .meter import CountedInterval, valid_total

MIN_DAYS = 14
# Days the fit remembers (a season's change of weather, not last winter's house).
MAX_DAYS = 42
# Two days whose estimates differ by less than this (kWh) tell no slope.
MIN_ESTIMATE_SPREAD_KWH = 0.5
# The slope must be known to within this share (its standard error / the slope).
MAX_SLOPE_SPREAD = 0.15
OUTLIER_MADS = 3.0


@dataclass(frozen=True, slots=True)
class Fit:
    """The energy signature: home kWh = base + slope x estimated kWh, from `days` days."""

    base_kwh: float
    slope: float
    days: int
    spread: float  # the slope's standard error / slope

    @property
    def usable(self) -> bool:
        """Enough days, and a slope they determine."""
        return self.days >= MIN_DAYS and self.slope > 0 and self.spread <= MAX_SLOPE_SPREAD

    @property
    def energy_scale(self) -> float:
        """How far the estimate's energy is off, the fit weighed against the estimate itself.

        In logarithms, the fitted slope (weight 1 / its relative standard error squared) and the
        estimate's own slope 1 (weight 1 / PRIOR_SPREAD squared): a slope the days determine
        well moves the estimate nearly all the way, a loose one little.
        """
        if not self.usable:
            return 1.0
        weight = 1 / self.spread**2 if self.spread > 0 else 1e12
        prior = 1 / PRIOR_SPREAD**2
        return math.exp(math.log(self.slope) * weight / (weight + prior))

    @property
    def load_scale(self) -> float:
        """The building model's load scale this fit asks for (1 when not usable)."""
        low, high = SCALE_LIMITS
        scale: float = self.energy_scale ** (1 / PART_LOAD_EXPONENT)
        return min(max(scale, low), high)


def fit(days: Sequence[tuple[float, float]]) -> Fit | None:
    """The robust fit of (estimated kWh, home kWh) days; None with fewer than 3 days."""
    if len(days) < 3:
        return None
    slopes = sorted(
        (h2 - h1) / (e2 - e1)
        for (e1, h1), (e2, h2) in combinations(days, 2)
        if abs(e2 - e1) >= MIN_ESTIMATE_SPREAD_KWH
    )
    if len(slopes) < 3:
        return None
    slope = statistics.median(slopes)
    residuals = [h - slope * e for e, h in days]
    base = statistics.median(residuals)
    mad = statistics.median(abs(r - base) for r in residuals) or 1e-9
    kept = [
        (e, h) for (e, h), r in zip(days, residuals, strict=True) if r - base <= OUTLIER_MADS * mad
    ]
    spread = float("inf")
    if len(kept) >= 3:
        mean_e = statistics.fmean(e for e, _ in kept)
        mean_h = statistics.fmean(h for _, h in kept)
        var_e = sum((e - mean_e) ** 2 for e, _ in kept)
        if var_e > 0:
            slope = sum((e - mean_e) * (h - mean_h) for e, h in kept) / var_e
            base = mean_h - slope * mean_e
            scatter = sum((h - base - slope * e) ** 2 for e, h in kept) / max(len(kept) - 2, 1)
            if slope > 0:
                spread = (scatter / var_e) ** 0.5 / slope
    return Fit(base, slope, len(days), spread)


@dataclass(slots=True)
class Signature:
    """Days of (estimated kWh at scale 1, home kWh), the home's base load, and the scale.

    The estimate is booked interval by interval to its local day (`book`); when a day is over
    and both the estimate and the home meter covered most of it, it becomes a point (`close`),
    and a base day too when the unit did not run. Past days come from the recorder
    (`add_history`).
    """

    days: dict[str, list[float]] = field(default_factory=dict)
    # Days under way: "YYYY-MM-DD": [estimated kWh at scale 1, seconds the estimate covered].
    booked: dict[str, list[float]] = field(default_factory=dict)
    base: BaseLoad = field(default_factory=BaseLoad)
    _fit: Fit | None = field(default=None, repr=False, compare=False)
    _anchored: AnchoredFit | None = field(default=None, repr=False, compare=False)
    _stale: bool = field(default=True, repr=False, compare=False)

    def book(self, interval: CountedInterval, load_scale: float) -> None:
        """An interval the meter counted at this load scale, booked at scale 1 to its day."""
        day = interval.start.date().isoformat()
        sums = self.booked.setdefault(day, [0.0, 0.0])
        sums[0] += interval.estimated_kwh / load_scale**PART_LOAD_EXPONENT
        sums[1] += interval.duration.total_seconds()

    def close(self, now: datetime, home_hours: Callable[[date], Sequence[float | None]]) -> bool:
        """Make points of the days that are over; return whether one was added.

        A day counts when the estimate covered MIN_COVERAGE of it and the home meter measured
        every hour of it (`home_hours`: its 24 hours, None where unmeasured).
        """
        today = now.date().isoformat()
        added = False
        for day in sorted(self.booked):
            if day >= today:
                continue
            estimated, covered = self.booked.pop(day)
            hours = home_hours(date.fromisoformat(day))
            if covered < MIN_COVERAGE * 86_400 or len(hours) != 24 or None in hours:
                continue
            self.add_day(date.fromisoformat(day), estimated, sum(h for h in hours if h is not None))
            added = True
        return added

    @property
    def progress(self) -> tuple[int, int]:
        """(days in, days needed) for the fit to apply."""
        return len(self.days), MIN_DAYS

    def add_day(self, day: date, estimated_kwh: float, home_kwh: float) -> None:
        """A complete day: the estimate at scale 1 and what the home meter counted."""
        if not (valid_total(estimated_kwh) and valid_total(home_kwh)):
            return
        self.days[day.isoformat()] = [estimated_kwh, home_kwh]
        for old in sorted(self.days)[:-MAX_DAYS]:
            del self.days[old]
        self.base.add_off_day(day, home_kwh, estimated_kwh)
        self._fit = fit([(e, h) for e, h in self.days.values()])
        self._stale = True

    def add_history(self, days: Iterable[HistoryDay]) -> int:
        """Past days of the recorder's statistics; how many of them are base days."""
        found = sum(self.base.add_history(day) for day in days)
        self._stale = True
        return found

    @property
    def anchored(self) -> AnchoredFit | None:
        """The scale from the last SCALE_DAYS days the unit ran, less the base (None: no base)."""
        if self._stale:
            self._stale = False
            level = self.base.level()
            recent = [
                (e, h) for e, h in (self.days[day] for day in sorted(self.days)[-SCALE_DAYS:])
            ]
            self._anchored = None if level is None else anchored_fit(recent, level)
        return self._anchored

    @property
    def learned(self) -> bool:
        """Whether the home meter has taught the estimate what the bench's figure holds for.

        MIN_DAYS days on a known base, or a fit the days determine.
        """
        if self.anchored is not None:
            return len(self.days) >= MIN_DAYS
        fitted = self.fitted
        return fitted is not None and fitted.usable

    @property
    def fitted(self) -> Fit | None:
        """The fit of the days in (None before three days with different estimates)."""
        if self._fit is None and len(self.days) >= 3:
            self._fit = fit([(e, h) for e, h in self.days.values()])
        return self._fit

    @property
    def informed(self) -> bool:
        """Whether the home meter tells a scale yet: a base load, or a fit the days determine."""
        if self.anchored is not None:
            return True
        fitted = self.fitted
        return fitted is not None and fitted.usable

    @property
    def load_scale(self) -> float:
        """The load scale to apply: from the base when known, else the fit (1 until usable)."""
        if (anchored := self.anchored) is not None:
            return anchored.load_scale
        fitted = self.fitted
        return 1.0 if fitted is None else fitted.load_scale

    def as_dict(self) -> dict[str, Any]:
        """For storage."""
        return {"days": self.days, "booked": self.booked, "base": self.base.as_dict()}

    @classmethod
    def restore(cls, data: object) -> Signature:
        """From storage; unreadable days are left out."""
        stored: Mapping[Any, Any] = data if isinstance(data, Mapping) else {}
        return cls(
            _pairs(stored.get("days")),
            _pairs(stored.get("booked")),
            BaseLoad.restore(stored.get("base")),
        )


def _pairs(stored: object) -> dict[str, list[float]]:
    """Day -> [number, number] from storage, unreadable days left out."""
    pairs: dict[str, list[float]] = {}
    if isinstance(stored, Mapping):
        for day, pair in stored.items():
            if isinstance(pair, list | tuple) and len(pair) == 2 and all(map(valid_total, pair)):
                pairs[str(day)] = [float(pair[0]), float(pair[1])]
    return pairs
