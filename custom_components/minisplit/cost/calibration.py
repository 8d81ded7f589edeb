"""Scaling the estimate's load so that estimated energy follows what the unit measures."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ..heads import DailyEnergy, MeasuredEnergy
from .meter import CountedInterval, valid_total

# Calibration against the head's own hourly energy (Daikin heads measure it per indoor unit).
CALIBRATION_LIMITS = (0.5, 2.0)  # a wider error means wrong options, not something to learn
# The estimate's own weight in the fit: as if this much measured energy had agreed with it. A
# day or two of measurements moves the scale part of the way; a week nearly all of it.
CALIBRATION_PRIOR_KWH = 10.0
# A day whose measured/estimated ratio is this many times off the median day's is not fitted.
OUTLIER_RATIO = 1.5
# Measured days the fit remembers: two weeks of weather, not one afternoon.
CALIBRATION_WINDOW = timedelta(days=14)
CALIBRATION_MIN_COVERAGE = 0.9  # an hour counts only if the estimate covered most of it
# Input grows faster than output between minimum and maximum speed (P ~ Q^n, n ~ 1.3-1.6,
# heat-pump-performance.md): a load scale s changes the input by about s^n.
PART_LOAD_EXPONENT = 1.4
CALIBRATION_MEMORY = timedelta(days=3)
# Daily totals are compared with the estimate only between these hours, when the unit's date is
# Home Assistant's whatever its clock offset (up to 3 hours either way).
SAFE_DAY_START = 3
SAFE_DAY_END = 21


@dataclass(frozen=True, slots=True)
class Measured:
    """Energy a unit measured: kWh per hour of local days, or its daily totals."""

    hours: Sequence[tuple[date, Sequence[float | None]]] = ()
    # Daily totals, oldest first, the unit's today last (not compared: it is not over).
    days: Sequence[float | None] = ()

    @classmethod
    def from_head(
        cls, energy: MeasuredEnergy | None, hours: Sequence[tuple[datetime, float]], now: datetime
    ) -> Measured:
        """A head's complete hours (all modes) placed on `now`'s clock, or its daily totals.

        `hours` are the ledger's (start, kWh) per head hour, already on Home Assistant's clock:
        the head's hour h is compared with the hour it really was, whatever the head's clock.
        """
        if isinstance(energy, DailyEnergy):
            return cls(days=energy.days)
        days: dict[date, list[float | None]] = {}
        for start, kwh in hours:
            local = start.astimezone(now.tzinfo)
            days.setdefault(local.date(), [None] * 24)[local.hour] = kwh
        return cls(hours=sorted(days.items()))


def fitted_scale(days: Iterable[Sequence[float]]) -> float:
    """The load scale that fits measured against estimated (at scale 1) kWh of days.

    A day whose ratio is more than OUTLIER_RATIO away from the median day's (weighted by
    energy) is left out: an electric heater on the same plug, a meter's glitch. The rest are fitted
    as one ratio of sums, with the estimate's own weight (CALIBRATION_PRIOR_KWH) as a prior.
    """
    usable = [(m / e, m, e) for m, e in days if e > 0]
    kept_measured = kept_estimated = 0.0
    if usable:
        usable.sort()
        half, seen = sum(e for _, _, e in usable) / 2, 0.0
        median = usable[-1][0]
        for ratio, _, e in usable:
            seen += e
            if seen >= half:
                median = ratio
                break
        for ratio, m, e in usable:
            if median / OUTLIER_RATIO <= ratio <= median * OUTLIER_RATIO:
                kept_measured += m
                kept_estimated += e
    prior = CALIBRATION_PRIOR_KWH
    scale: float = ((kept_measured + prior) / (kept_estimated + prior)) ** (1 / PART_LOAD_EXPONENT)
    low, high = CALIBRATION_LIMITS
    return min(max(scale, low), high)


def _hour_key(moment: datetime) -> str:
    # Every sample books to its hour: formatted once per clock hour, not at every sample.
    return _hour_key_of(moment.year, moment.month, moment.day, moment.hour)


@lru_cache(maxsize=64)
def _hour_key_of(year: int, month: int, day: int, hour: int) -> str:
    return datetime(year, month, day, hour).strftime("%Y-%m-%dT%H")


@dataclass(slots=True)
class Calibration:
    """Scales the estimate's load so that estimated energy follows what the unit measures.

    Every counted interval adds its estimated energy to its (local) clock hour. When the unit
    publishes its measured energy for a completed hour that the estimate covered, both are added
    to that day's sums, the estimate as booked: taken back to scale 1 (divided by the scale of its
    moment ** PART_LOAD_EXPONENT).
    The scale is the fit over the last CALIBRATION_WINDOW of days (`fitted_scale`): odd days left
    out, the estimate's own weight as a prior, scale ** n = (measured + prior) / (estimated at
    scale 1 + prior), n = PART_LOAD_EXPONENT, within CALIBRATION_LIMITS. One odd day moves it
    little, two weeks of weather decide it, and it stays where the fit put it when the
    measurement goes away.
    """

    load_scale: float = 1.0
    # Measured and estimated (at scale 1) kWh of each day compared ("YYYY-MM-DD": [m, e]).
    days: dict[str, list[float]] = field(default_factory=dict)
    estimated: dict[str, float] = field(default_factory=dict)
    covered_s: dict[str, float] = field(default_factory=dict)
    compared: set[str] = field(default_factory=set)

    @property
    def informed(self) -> bool:
        """Whether the unit's meter has taught a scale.

        Days compared, or the scale they left after they were forgotten (the sensor gone).
        """
        return bool(self.days) or self.load_scale != 1.0

    def add_estimate(self, interval: CountedInterval, load_scale: float | None = None) -> None:
        """Book an interval's estimated energy, taken back to scale 1, to the hour it started in.

        The interval was estimated at `load_scale` (default: this calibration's) now: the
        booking does not change when the scale moves later.
        """
        key = _hour_key(interval.start)
        scale = self.load_scale if load_scale is None else load_scale
        at_scale_1 = interval.estimated_kwh / scale**PART_LOAD_EXPONENT
        self.estimated[key] = self.estimated.get(key, 0.0) + at_scale_1
        self.covered_s[key] = self.covered_s.get(key, 0.0) + interval.duration.total_seconds()

    def observe(
        self,
        day: date,
        measured_kwh: Sequence[float | None],
        now: datetime,
        max_hour_kwh: float = math.inf,
    ) -> bool:
        """Compare a day's measured hours with the estimate; return whether the scale moved.

        An hour the head could not report (None), or reported as not a finite number, negative or
        above what the head can draw in an hour (max_hour_kwh), is skipped.
        """
        moved = self._compare_hours(day, measured_kwh, now, max_hour_kwh)
        self._forget(now)
        return moved

    def _compare_hours(
        self, day: date, measured_kwh: Sequence[float | None], now: datetime, max_hour_kwh: float
    ) -> bool:
        moved = False
        for hour, measured in enumerate(measured_kwh[:24]):
            if measured is None or not 0.0 <= measured <= max_hour_kwh:
                continue
            start = datetime(day.year, day.month, day.day, hour, tzinfo=now.tzinfo)
            key = _hour_key(start)
            if key in self.compared or start + timedelta(hours=1) > now:
                continue
            estimated = self.estimated.get(key)
            if self.covered_s.get(key, 0.0) < CALIBRATION_MIN_COVERAGE * 3600 or estimated is None:
                continue
            self.compared.add(key)
            moved = self._learn(start.date(), measured, estimated) or moved
        return moved

    def observe_day(
        self, day: date, measured_kwh: float | None, now: datetime, max_day_kwh: float = math.inf
    ) -> bool:
        """Compare a completed day's measured total with the estimate; return whether it moved.

        For heads that publish daily totals only. The day counts once, when it is over and the
        estimate covered CALIBRATION_MIN_COVERAGE of it; an unreadable or impossible total is
        skipped.
        """
        moved = self._compare_day(day, measured_kwh, now, max_day_kwh)
        self._forget(now)
        return moved

    def _compare_day(
        self, day: date, measured_kwh: float | None, now: datetime, max_day_kwh: float
    ) -> bool:
        moved = False
        start = datetime(day.year, day.month, day.day, tzinfo=now.tzinfo)
        key = start.strftime("%Y-%m-%d")
        if (
            measured_kwh is not None
            and 0.0 <= measured_kwh <= max_day_kwh
            and key not in self.compared
            and start + timedelta(days=1) <= now
        ):
            # The day's clock hours, as _hour_key names them (an aware datetime plus a timedelta
            # moves on the wall clock: the same 24 names on a day of a clock change).
            hours = [f"{key}T{hour:02d}" for hour in range(24)]
            covered = sum(self.covered_s.get(hour, 0.0) for hour in hours)
            if covered >= CALIBRATION_MIN_COVERAGE * 86_400:
                self.compared.add(key)
                estimated = sum(self.estimated.get(hour, 0.0) for hour in hours)
                moved = self._learn(day, measured_kwh, estimated)
        return moved

    def observe_measured(self, measured: Measured, now: datetime, max_hour_kwh: float) -> bool:
        """Compare what a unit measured with the estimate; return whether the scale moved.

        A completed day is labelled only between SAFE_DAY_START and SAFE_DAY_END, when the
        unit's date is Home Assistant's.
        """
        moved = False
        for day, hours in measured.hours:
            moved = self._compare_hours(day, hours, now, max_hour_kwh) or moved
        if measured.days and SAFE_DAY_START <= now.hour < SAFE_DAY_END:
            for back, kwh in enumerate(reversed(measured.days[:-1]), start=1):
                day = now.date() - timedelta(days=back)
                moved = self._compare_day(day, kwh, now, max_hour_kwh * 24) or moved
        self._forget(now)
        return moved

    def _learn(self, day: date, measured: float, estimated: float) -> bool:
        """Add a compared period to its day and fit the scale again; return whether it moved."""
        sums = self.days.setdefault(day.isoformat(), [0.0, 0.0])
        sums[0] += measured
        sums[1] += estimated
        scale = fitted_scale(self.days.values())
        if abs(scale - self.load_scale) <= 1e-9:  # rounding, not news
            return False
        self.load_scale = scale
        return True

    def _forget(self, now: datetime) -> None:
        """Drop what is too old to compare, and hours booked in the future."""
        self._forget_before(now - CALIBRATION_MEMORY)
        self._forget_after(now + timedelta(days=1))

    def _forget_before(self, moment: datetime) -> None:
        first_day = (moment - CALIBRATION_WINDOW + CALIBRATION_MEMORY).date().isoformat()
        self.days = {day: sums for day, sums in self.days.items() if day >= first_day}
        oldest = _hour_key(moment)
        for book in (self.estimated, self.covered_s):
            for key in [key for key in book if key < oldest]:
                del book[key]
        self.compared = {key for key in self.compared if key >= oldest}

    def _forget_after(self, moment: datetime) -> None:
        """Drop hours booked in the future (before the clock was set back)."""
        latest = _hour_key(moment)
        for book in (self.estimated, self.covered_s):
            for key in [key for key in book if key > latest]:
                del book[key]

    def as_dict(self) -> dict[str, Any]:
        """The calibration, for storage."""
        return {
            "load_scale": self.load_scale,
            "days": self.days,
            "estimated": self.estimated,
            "covered_s": self.covered_s,
            "compared": sorted(self.compared),
        }

    @classmethod
    def restore(cls, data: object) -> tuple[Calibration, list[str]]:
        """The calibration from storage, and the names of what was unreadable and dropped."""
        stored: Mapping[Any, Any] = data if isinstance(data, Mapping) else {}
        dropped: list[str] = []
        low, high = CALIBRATION_LIMITS

        def number(name: str, lowest: float, highest: float, default: float) -> float:
            value = stored.get(name)
            if valid_total(value) and lowest <= value <= highest:
                return float(value)
            dropped.append(name)
            return default

        def hours(name: str) -> dict[str, float]:
            book = stored.get(name)
            book = book if isinstance(book, Mapping) else {}
            return {str(k): float(v) for k, v in book.items() if valid_total(v)}

        stored_days = stored.get("days")
        days: dict[str, list[float]] = {}
        if isinstance(stored_days, Mapping):
            for day, sums in stored_days.items():
                if (
                    isinstance(sums, list | tuple)
                    and len(sums) == 2
                    and all(map(valid_total, sums))
                ):
                    days[str(day)] = [float(sums[0]), float(sums[1])]
        if not isinstance(stored_days, Mapping) or len(days) != len(stored_days):
            dropped.append("days")
        estimated, covered_s = hours("estimated"), hours("covered_s")
        both = estimated.keys() & covered_s.keys()  # an hour is usable only with both
        for name in ("estimated", "covered_s"):
            book = stored.get(name)
            if not isinstance(book, Mapping) or len(book) != len(both):
                dropped.append(name)
        compared = stored.get("compared")
        if not isinstance(compared, list | tuple | set):
            dropped.append("compared")
            compared = []
        calibration = cls(
            load_scale=number("load_scale", low, high, 1.0),
            days=days,
            estimated={k: v for k, v in estimated.items() if k in both},
            covered_s={k: v for k, v in covered_s.items() if k in both},
            compared={str(key) for key in compared},
        )
        return calibration, dropped

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        """The calibration from storage (see restore)."""
        return cls.restore(data)[0]
