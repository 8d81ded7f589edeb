"""Measured energy per clock hour from a unit's power or energy sensor, for the calibration.

A companion may be given a power sensor (W) or an energy sensor (a running kWh total) of its
unit: a smart plug, a clamp meter, or what its integration offers. The calibration compares the
estimate with measured energy hour by hour, as it does with a Daikin head's own hourly counters;
this turns the sensor's readings into those hours. An hour counts only when readings cover
nearly all of it (a gap leaves it unmeasured, never guessed).

Pure Python: (time, value) in, kWh per hour out. Times are Home Assistant's local wall clock.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

# Two readings further apart than this leave the time between them unmeasured.
MAX_READING_GAP = timedelta(minutes=15)
# An hour is measured when readings cover at least this share of it.
MIN_COVERAGE = 0.9
# Hours kept (two days: today and yesterday, as the calibration reads them).
KEEP = timedelta(days=2)


def _hour_start(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


@dataclass(slots=True)
class HourlyMeter:
    """kWh and covered seconds per clock hour, from power readings or an energy total."""

    kwh: dict[datetime, float] = field(default_factory=dict)
    covered_s: dict[datetime, float] = field(default_factory=dict)
    _last_at: datetime | None = None
    _last_power_w: float | None = None
    _last_total_kwh: float | None = None

    def add_power(self, at: datetime, power_w: float | None) -> None:
        """A power reading: the last one held until now (W)."""
        if self._last_at is not None and (power := self._last_power_w) is not None:
            self._spread(self._last_at, at, lambda seconds: power * seconds / 3.6e6)
        usable = power_w is not None and math.isfinite(power_w) and power_w >= 0
        self._last_power_w = power_w if usable else None
        self._last_at = at
        self._forget(at)

    def add_total(self, at: datetime, total_kwh: float | None) -> None:
        """An energy total: what it grew by since the last one, spread over the time between."""
        total = total_kwh if total_kwh is not None and math.isfinite(total_kwh) else None
        if total is not None and self._last_at is not None and self._last_total_kwh is not None:
            grown = total - self._last_total_kwh
            span = (at - self._last_at).total_seconds()
            if grown >= 0 and span == 0:
                # Read again at the same instant (another source changed): the step is now's.
                hour = _hour_start(at)
                self.kwh[hour] = self.kwh.get(hour, 0.0) + grown
            elif grown >= 0 and span > 0:  # a total that went down was reset: unmeasured
                self._spread(self._last_at, at, lambda seconds: grown * seconds / span)
        self._last_total_kwh = total
        self._last_at = at
        self._forget(at)

    def _spread(self, start: datetime, end: datetime, share: Callable[[float], float]) -> None:
        """Book the interval's energy (share(seconds) kWh per part) to the hours it covers."""
        if end <= start or end - start > MAX_READING_GAP:
            return
        moment = start
        while moment < end:
            hour = _hour_start(moment)
            part_end = min(end, hour + timedelta(hours=1))
            seconds = (part_end - moment).total_seconds()
            self.kwh[hour] = self.kwh.get(hour, 0.0) + share(seconds)
            self.covered_s[hour] = self.covered_s.get(hour, 0.0) + seconds
            moment = part_end

    def _forget(self, now: datetime) -> None:
        oldest = _hour_start(now) - KEEP
        for hour in [hour for hour in self.kwh if hour < oldest]:
            del self.kwh[hour]
            self.covered_s.pop(hour, None)

    def day(self, day: date, zone: tzinfo | None = None) -> list[float | None]:
        """The 24 hours of a day: kWh where measured, None where not (or not over yet)."""
        hours: list[float | None] = []
        for hour in range(24):
            start = datetime(day.year, day.month, day.day, hour, tzinfo=zone)
            covered = self.covered_s.get(start, 0.0)
            hours.append(self.kwh.get(start) if covered >= MIN_COVERAGE * 3600 else None)
        return hours
