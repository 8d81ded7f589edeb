"""Heat owed after a setback: what the building's mass gave while the unit stood still.

While a unit heating a house stands still and the room drifts down (a night setback, the unit
switched off for a while), the building keeps losing heat; its walls, floors and furniture supply
it and cool down. When the unit starts again it must give that heat back on top of the load of
the moment, which is why a recovery runs at full speed for a while. A building model that counts
only the load of the moment counts nothing during the drift and the steady load at recovery, and
so under-reads every day with a setback.

The rule: the load the building model gives for the drift (integrated sample by sample, like the
meter) is owed, if the room really fell (at least `MIN_DRIFT_K`; a room above its target because
the sun warms it owes nothing) and the drift was not longer than `MAX_DRIFT` (a unit switched off
for days starts again from a cold house, which this does not try to count). The debt is paid back
when the unit heats the room back to where the drift began (its target is there again: a unit
holding the lowered night target owes nothing yet, the building's mass stays cool), as fast as
its capacity above the load allows; a debt not paid back within `DEBT_MEMORY` is forgotten (the
house has settled at the lower temperature). Cooling is the same with heat gained while the unit
stood still.

Pure Python: datetimes and watts in, watts out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..costcore import Mode
from .clock import elapsed

# The room must have fallen (heating) or risen (cooling) at least this much for a drift to count:
# rounded room temperatures (0.5 degC steps) and a thermostat's own swing are not a setback.
MIN_DRIFT_K = 1.0
# A drift longer than this is not a setback (the unit was off for days): nothing is owed.
MAX_DRIFT = timedelta(hours=18)
# A debt not paid back within this long is forgotten.
DEBT_MEMORY = timedelta(hours=24)
# Samples further apart than this are a gap: the interval counts nothing.
MAX_STEP = timedelta(minutes=5)


@dataclass(slots=True)
class HeatDebt:
    """The heat a unit owes its building after a drift, in kWh, and the drift under way."""

    owed_kwh: float = 0.0
    mode: Mode | None = None  # the mode the debt (and the drift under way) belongs to
    owed_from_c: float | None = None  # where the room was before it drifted (paid back there)
    owed_since: datetime | None = None
    drift_kwh: float = 0.0
    drift_from_c: float | None = None
    drift_since: datetime | None = None
    _last_at: datetime | None = None
    _last_rate_w: float = 0.0  # + drift accrual, - payback, over the interval since _last_at
    _recovering: bool = False  # running back towards where the drift began: paying back

    def update(
        self,
        at: datetime,
        *,
        running_mode: Mode | None,
        idle_mode: Mode | None,
        load_w: float | None,
        room_c: float | None,
        target_c: float | None,
    ) -> None:
        """Close the interval since the last update and start a new one.

        `running_mode`: the mode the compressor runs in now (None: not running).
        `idle_mode`: the mode the unit would run in, while it stands still (a heating thermostat
        above its target, or a unit switched off after heating); None when there is none.
        `load_w`: the building model's load now (heating or cooling, 0 or more).
        """
        self._close(at)
        if self.owed_since is not None and elapsed(self.owed_since, at) > DEBT_MEMORY:
            self._forget_debt()
        self._recovering = False
        if running_mode is not None:
            self._end_drift(at, room_c)
            if running_mode is not self.mode:
                self._forget_debt()
                self.mode = running_mode
            elif target_c is not None and self.owed_from_c is not None:
                back = target_c - self.owed_from_c
                self._recovering = (back if running_mode is Mode.HEAT else -back) > -MIN_DRIFT_K / 2
            return
        if idle_mode is None or load_w is None or room_c is None:
            self._reset_drift()
            return
        if idle_mode is not self.mode or self.drift_since is None:
            if idle_mode is not self.mode:
                self._forget_debt()
            self.mode = idle_mode
            self.drift_kwh, self.drift_from_c, self.drift_since = 0.0, room_c, at
        if elapsed(self.drift_since, at) > MAX_DRIFT:
            self._reset_drift()
            return
        self._last_rate_w = max(load_w, 0.0)

    def payback_w(self, headroom_w: float, interval: timedelta) -> float:
        """Heat to add to the load now: the debt, as fast as the headroom allows.

        No faster than would pay all of it back within `interval` (the next sample), so that
        nothing is paid twice. The interval that follows counts it off.
        """
        if self.owed_kwh <= 0 or headroom_w <= 0 or not self._recovering:
            return 0.0
        hours = max(interval.total_seconds(), 1.0) / 3600
        rate = min(headroom_w, self.owed_kwh * 1000 / hours)
        self._last_rate_w = -rate
        return rate

    def _close(self, at: datetime) -> None:
        last, rate = self._last_at, self._last_rate_w
        self._last_at, self._last_rate_w = at, 0.0
        step = None if last is None else elapsed(last, at)
        if step is None or not timedelta(0) < step <= MAX_STEP or rate == 0:
            return
        kwh = rate * step.total_seconds() / 3_600_000
        if rate > 0:
            self.drift_kwh += kwh
        else:
            self.owed_kwh = max(self.owed_kwh + kwh, 0.0)
            if self.owed_kwh == 0.0:
                self._forget_debt()

    def _end_drift(self, at: datetime, room_c: float | None) -> None:
        """The unit runs again: the drift is owed if the room really moved the mode's way."""
        start = self.drift_from_c
        if self.drift_since is not None and start is not None and room_c is not None:
            fell = start - room_c if self.mode is Mode.HEAT else room_c - start
            if fell >= MIN_DRIFT_K:
                self.owed_kwh += self.drift_kwh
                earlier = self.owed_from_c
                if earlier is None:
                    self.owed_from_c = start
                else:  # drifts in a row: paid back at the warmest (coolest) start
                    self.owed_from_c = (
                        max(earlier, start) if self.mode is Mode.HEAT else min(earlier, start)
                    )
                self.owed_since = self.owed_since or at
        self._reset_drift()

    def _forget_debt(self) -> None:
        self.owed_kwh, self.owed_from_c, self.owed_since = 0.0, None, None

    def _reset_drift(self) -> None:
        self.drift_kwh, self.drift_from_c, self.drift_since = 0.0, None, None
