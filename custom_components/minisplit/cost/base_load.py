"""The home's other load, known from days the unit does not run, and the unit's scale from it.

A day's home energy is the unit's plus everything else (`signature.py`). Fitting both from the
days the unit heats or cools cannot tell them apart when those days differ little in weather:
base and slope are confounded. Days on which the unit does not run measure the base alone:

- days of the recorder's long-term statistics (months of them) whose outdoor daily mean lies in
  BASE_BAND_C, where a house needs neither heating nor cooling and the home meter measured every
  hour (`add_history`);
- days the companion itself counted the unit's estimate at or below OFF_DAY_KWH (`add_off_day`:
  the home's energy less that estimate).

The base is robust: the median of the base days, the days beyond OUTLIER_MADS median absolute
deviations of it (an EV charge, a week away) left out, and the mean of the rest, once MIN_BASE_DAYS
days are in. Then each recent day the unit ran measures it: unit kWh = home kWh - base, and the
estimate's energy scale is their robust ratio over the last SCALE_DAYS such days (`anchored_fit`),
weighed against the estimate's own scale by how well it is known (base and scatter both), as
`signature.Fit` weighs its slope.

Pure Python.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from .calibration import PART_LOAD_EXPONENT
from .meter import valid_total

# Daily mean outdoor temperature (degC) at which a day is taken to need neither heating nor
# cooling. Heating degree-days are counted from 15.5 degC (Europe) or 18.3 degC (65 degF, US):
# below it a house's gains no longer cover its loss. Cooling degree-days are counted from 18.3 to
# 22 degC, and a day whose mean is below 20 degC rarely needs cooling.
BASE_BAND_C = (15.0, 20.0)
# At most a unit standing still all day (fan and controls: 30 W x 24 h = 0.72 kWh) and a little
# more: an estimate this small is a day without heating or cooling.
OFF_DAY_KWH = 1.0
# Base days needed before the base is trusted (a week's worth: weekdays and a weekend), and the
# most recent ones kept (two months: the base drifts with the season).
MIN_BASE_DAYS = 7
MAX_BASE_DAYS = 60
# The days the unit ran that set its scale: the last two weeks.
SCALE_DAYS = 14
# A day's home energy this many median absolute deviations from the others' is left out.
OUTLIER_MADS = 3.0
# A day whose unit kWh lies this many of its spreads above the line is left out (one side: the
# extras only ever add). Its spread: the base days' day-to-day scatter (at least MIN_DAY_SPREAD of
# the base, when few base days tell it), and DAY_SPREAD of its estimate for the model's own
# day-to-day error.
OUTLIER_SPREADS = 3.0
MIN_DAY_SPREAD = 0.05
DAY_SPREAD = 0.1
# The first line: this low share of the days' ratios weighted by their estimates (below the
# extras even when most days have one); then fitted again at most MAX_ROUNDS times.
START_QUANTILE = 0.25
MAX_ROUNDS = 20
# How far the heating or cooling season's other load may lie from the base days' (a share of
# it): more lighting in winter, a dehumidifier in summer. Not measurable from the meter, so
# assumed; it bounds how well the base, and so the scale, can be known.
SEASONAL_SPREAD = 0.1
# How far the estimate's energy is off without a meter, as a relative spread (the bench's median
# absolute weekly error without sensors is about this); the scale a home meter may set.
PRIOR_SPREAD = 0.4
SCALE_LIMITS = (0.3, 3.0)


@dataclass(frozen=True, slots=True)
class HistoryDay:
    """A past local day of the recorder's statistics: home energy and mean outdoor temperature."""

    day: date
    home_kwh: float
    outdoor_mean_c: float


def robust_level(values: Sequence[float]) -> tuple[float, int, float]:
    """(level, days kept, their standard deviation) of a set of days' energy.

    The level is the mean of the values left after those beyond OUTLIER_MADS median absolute
    deviations of the median are left out.
    """
    middle = statistics.median(values)
    mad = statistics.median(abs(value - middle) for value in values)
    kept = [value for value in values if abs(value - middle) <= OUTLIER_MADS * mad] or [middle]
    deviation = statistics.stdev(kept) if len(kept) > 1 else 0.0
    return statistics.fmean(kept), len(kept), deviation


@dataclass(frozen=True, slots=True)
class Base:
    """The home's other load a day, and how well it is known."""

    kwh: float
    # Its standard error: the base days' scatter over their number, and SEASONAL_SPREAD (the
    # base of the days the unit runs is not measured, only that of the days it does not).
    error_kwh: float
    # How much one day's other load scatters about it (the base days' standard deviation).
    day_spread_kwh: float


@dataclass(slots=True)
class BaseLoad:
    """The home's energy on days the unit did not run: "YYYY-MM-DD" -> kWh."""

    days: dict[str, float] = field(default_factory=dict)

    def add_history(self, day: HistoryDay) -> bool:
        """A recorder day: a base day when its outdoor mean lies in BASE_BAND_C; whether it is.

        A day already known (the companion saw it) keeps its value.
        """
        low, high = BASE_BAND_C
        if not (low <= day.outdoor_mean_c <= high and valid_total(day.home_kwh)):
            return False
        if (key := day.day.isoformat()) not in self.days:
            self.days[key] = float(day.home_kwh)
            self._prune()
        return True

    def add_off_day(self, day: date, home_kwh: float, estimated_kwh: float) -> bool:
        """A complete day the companion counted; a base day when its estimate was near zero."""
        if estimated_kwh > OFF_DAY_KWH or not valid_total(other := home_kwh - estimated_kwh):
            return False
        self.days[day.isoformat()] = other
        self._prune()
        return True

    def _prune(self) -> None:
        for old in sorted(self.days)[:-MAX_BASE_DAYS]:
            del self.days[old]

    @property
    def known(self) -> bool:
        """Enough base days for a base."""
        return len(self.days) >= MIN_BASE_DAYS

    def level(self) -> Base | None:
        """The base once known, else None."""
        if not self.known:
            return None
        base, kept, deviation = robust_level(list(self.days.values()))
        return Base(
            base,
            math.hypot(deviation / math.sqrt(kept), SEASONAL_SPREAD * base),
            max(deviation, MIN_DAY_SPREAD * base),
        )

    def as_dict(self) -> dict[str, Any]:
        """For storage."""
        return {"days": dict(self.days)}

    @classmethod
    def restore(cls, data: object) -> BaseLoad:
        """From storage; unreadable days are left out."""
        stored = data.get("days") if isinstance(data, Mapping) else None
        days: dict[str, float] = {}
        if isinstance(stored, Mapping):
            for day, kwh in stored.items():
                if valid_total(kwh):
                    days[str(day)] = float(kwh)
        return cls(days)


@dataclass(frozen=True, slots=True)
class AnchoredFit:
    """The estimate's energy scale from days the unit ran, their home energy less the base."""

    scale: float  # measured unit kWh / estimated kWh at scale 1
    days: int  # days the scale rests on (outliers left out)
    spread: float  # its standard error / scale

    @property
    def energy_scale(self) -> float:
        """The scale weighed against the estimate's own (1), in logarithms, by how well known."""
        weight = 1 / self.spread**2 if self.spread > 0 else 1e12
        prior = 1 / PRIOR_SPREAD**2
        return math.exp(math.log(self.scale) * weight / (weight + prior))

    @property
    def load_scale(self) -> float:
        """The building model's load scale this fit asks for."""
        low, high = SCALE_LIMITS
        scale: float = self.energy_scale ** (1 / PART_LOAD_EXPONENT)
        return min(max(scale, low), high)


def anchored_fit(days: Iterable[tuple[float, float]], base: Base) -> AnchoredFit | None:
    """The scale of (estimated kWh, home kWh) days the unit ran, given the base; None without.

    The ratio of the sums of the days' unit kWh (home less base) and estimates, over the days
    whose unit kWh lies at most OUTLIER_SPREADS of a day's spread above the line (an EV charge,
    another heater: only ever more), the line fitted again on them until the days kept stay the
    same. A day's spread is the base days' scatter and DAY_SPREAD of its estimate. The first line
    is the low START_QUANTILE of the days' ratios: below the extras even when most days have one,
    where a median would not be. The scale's standard error holds the kept days' scatter and the
    base's.
    """
    ran = [(e, h - base.kwh) for e, h in days if e > OFF_DAY_KWH]
    if not ran:
        return None
    scale = _weighted_quantile([(unit / e, e) for e, unit in ran], START_QUANTILE)
    kept: list[tuple[float, float]] = []
    for _ in range(MAX_ROUNDS):
        keep = [
            (e, unit)
            for e, unit in ran
            if unit - scale * e
            <= OUTLIER_SPREADS * math.hypot(base.day_spread_kwh, DAY_SPREAD * scale * e)
        ]
        if keep == kept:
            break
        kept = keep
        scale = sum(unit for _, unit in kept) / sum(e for e, _ in kept)
    estimated = sum(e for e, _ in kept)
    measured = sum(unit for _, unit in kept)
    if measured <= 0:
        return None  # the base is above these days' home energy: it is no base of them
    count = len(kept)
    scatter = sum((unit - scale * e) ** 2 for e, unit in kept) / max(count - 1, 1)
    if count == 1:
        scatter = (PRIOR_SPREAD * measured) ** 2  # one day tells nothing of its own scatter
    error = math.sqrt(count * scatter + (count * base.error_kwh) ** 2) / estimated
    return AnchoredFit(scale, count, error / scale)


def _weighted_quantile(pairs: Sequence[tuple[float, float]], share: float) -> float:
    """The value at this share of the total weight of (value, weight) pairs."""
    ordered = sorted(pairs)
    target = share * sum(weight for _, weight in ordered)
    running = 0.0
    for value, weight in ordered:
        running += weight
        if running >= target:
            return value
    return ordered[-1][0]  # pragma: no cover - rounding only


# An outdoor mean needs this share of a day's hours (a sensor briefly unavailable still tells it).
MIN_OUTDOOR_HOURS_SHARE = 0.8


def daily_history(
    home_hours: Iterable[tuple[datetime, float]],
    outdoor_hours: Iterable[tuple[datetime, float]],
    zone: tzinfo,
) -> list[HistoryDay]:
    """Local days of hourly statistics: (hour start, home kWh used) and (hour start, mean degC).

    A day counts when the home meter has every hour of it (23 or 25 on a change of clock) and
    the outdoor sensor MIN_OUTDOOR_HOURS_SHARE of them.
    """
    home: dict[date, list[float]] = {}
    for start, kwh in home_hours:
        home.setdefault(start.astimezone(zone).date(), []).append(kwh)
    outdoor: dict[date, list[float]] = {}
    for start, mean in outdoor_hours:
        outdoor.setdefault(start.astimezone(zone).date(), []).append(mean)
    days: list[HistoryDay] = []
    for day in sorted(home.keys() & outdoor.keys()):
        midnight = datetime.combine(day, time(), zone).astimezone(UTC)
        following = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
        hours = round((following - midnight).total_seconds() / 3600)
        means = outdoor[day]
        if len(home[day]) == hours and len(means) >= MIN_OUTDOOR_HOURS_SHARE * hours:
            days.append(HistoryDay(day, sum(home[day]), statistics.fmean(means)))
    return days
