"""The building model's load scale, learned from the compressor's cycles an hvac_action shows.

Without a meter the building model's heat loss is a guess from the unit's ratings: a unit is
sized somewhere between half and one and a half times the house's design loss, and the estimate
is off by as much. An integration whose hvac_action follows the compressor (idle while it
stands still) shows one more thing: below its minimum capacity an inverter compressor runs at
minimum speed and stops, again and again, and over one such cycle the heat it moved is what the
house needed:
  load x (run + stop) = capacity at minimum speed x run
(the room is back where it was at each start, so nothing is left stored in it). Set against
the building model's load over the same cycle, that is how far the model is off.

A cycle is a run between two stops, each shorter than `cycling.LONGEST_STOP` (a longer stop is
a setback, or the sun or other heat holding the room: not a cycle), with the run no longer than
`MAX_RUN` (a longer one modulated above minimum speed) and the mode and target unchanged. Only
a unit whose minimum-speed capacity is published (a catalogue unit) is taught: a nameplate
does not tell it, and a fixed-speed unit (many window units) cycles at full capacity. Each
cycle books (capacity at minimum speed x run, model load x (run + stop)) to its local day; the
scale is the ratio of their sums over the last `DAYS` days, once cycles covering `MIN_HOURS`
hours are in, weighed against the model's own 1 as the home meter's fit is (`PRIOR_SPREAD`), and
bounded by `SCALE_LIMITS`.

Pure Python: samples in, a load scale out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..costcore import Mode
from .base_load import PRIOR_SPREAD, SCALE_LIMITS
from .clock import elapsed
from .cycling import LONGEST_STOP
from .meter import valid_total

# A run longer than this modulated above minimum speed. Runs at minimum speed last from minutes
# (AHRI's cyclic test runs 6 of 30) to over an hour in a room with much mass and a wide deadband.
MAX_RUN = timedelta(hours=2)
# Days of cycles the scale rests on (a season's change of weather, not last winter's house).
DAYS = 14
# The scale applies once cycles covering this many hours are in.
MIN_HOURS = 6.0
# Hours of cycles that weigh as much as the model's own guess (their scatter, against its).
HOURS_PER_PRIOR = 2.0


@dataclass(slots=True)
class _Phase:
    """The run or stop under way: since when, and what it has moved (J) so far."""

    since: datetime
    running: bool
    mode: Mode
    target_c: float | None
    after_short_stop: bool = False  # a run that began from a cycle's stop
    minimum_j: float = 0.0  # capacity at minimum speed x running time
    model_j: float = 0.0  # the building model's load x time


@dataclass(slots=True)
class DutyScale:
    """Cycles booked by day: "YYYY-MM-DD": [minimum-speed heat J, model heat J, seconds]."""

    days: dict[str, list[float]] = field(default_factory=dict)
    _phase: _Phase | None = field(default=None, repr=False)
    _run: _Phase | None = field(default=None, repr=False)  # a cycle's run, awaiting its stop's end
    _last: tuple[datetime, float, float] | None = field(default=None, repr=False)

    def observe(
        self,
        at: datetime,
        mode: Mode | None,
        running: bool,
        target_c: float | None,
        minimum_w: float | None,
        model_w: float | None,
    ) -> None:
        """A sample: the thermostat's mode, the compressor's run, minimum capacity and model load.

        The mode is the one the thermostat holds (None: none); whether the compressor runs is as
        the hvac_action shows it; capacity at minimum speed and the model's load are W now.
        Anything unknown, or a change of mode or target, ends the cycle under way.
        """
        last, self._last = self._last, None
        phase = self._phase
        if phase is not None and last is not None:
            seconds = max(elapsed(last[0], at).total_seconds(), 0.0)
            phase.model_j += last[2] * seconds
            if phase.running:
                phase.minimum_j += last[1] * seconds
        if mode is None or minimum_w is None or model_w is None:
            self._phase = self._run = None
            return
        self._last = (at, minimum_w, max(model_w, 0.0))
        if phase is None or phase.mode is not mode or phase.target_c != target_c:
            self._run = None
            self._phase = _Phase(at, running, mode, target_c)
            return
        if running == phase.running:
            return
        length = elapsed(phase.since, at)
        if running:  # a stop ended: with the run before it, a cycle
            short = length < LONGEST_STOP
            if short and (run := self._run) is not None:
                self._book(run, phase, at)
            self._run = None
            self._phase = _Phase(at, True, mode, target_c, after_short_stop=short)
        else:  # a run ended: a cycle's if it began from one and stayed at minimum speed
            self._run = phase if phase.after_short_stop and length <= MAX_RUN else None
            self._phase = _Phase(at, False, mode, target_c)

    def _book(self, run: _Phase, stop: _Phase, end: datetime) -> None:
        """Book a cycle to the day it began on; forget days beyond DAYS."""
        sums = self.days.setdefault(run.since.date().isoformat(), [0.0, 0.0, 0.0])
        sums[0] += run.minimum_j
        sums[1] += run.model_j + stop.model_j
        sums[2] += elapsed(run.since, end).total_seconds()
        for old in sorted(self.days)[:-DAYS]:
            del self.days[old]

    @property
    def hours(self) -> float:
        """Hours of cycles the scale rests on."""
        return sum(sums[2] for sums in self.days.values()) / 3600

    @property
    def load_scale(self) -> float:
        """The model's load scale the cycles ask for (1 before `MIN_HOURS`).

        In logarithms, the cycles' ratio weighs hours / HOURS_PER_PRIOR against the model's
        own 1 at 1 / PRIOR_SPREAD squared.
        """
        hours = self.hours
        minimum = sum(sums[0] for sums in self.days.values())
        model = sum(sums[1] for sums in self.days.values())
        if hours < MIN_HOURS or minimum <= 0 or model <= 0:
            return 1.0
        weight = hours / HOURS_PER_PRIOR
        prior = 1 / PRIOR_SPREAD**2
        scale = math.exp(math.log(minimum / model) * weight / (weight + prior))
        low, high = SCALE_LIMITS
        return min(max(scale, low), high)

    def as_dict(self) -> dict[str, Any]:
        """For storage: the booked days (a cycle under way is learned again)."""
        return {"days": self.days}

    @classmethod
    def restore(cls, data: object) -> DutyScale:
        """From storage; unreadable days are left out."""
        stored = data.get("days") if isinstance(data, Mapping) else None
        days: dict[str, list[float]] = {}
        if isinstance(stored, Mapping):
            for day, sums in stored.items():
                readable = isinstance(sums, list | tuple) and len(sums) == 3
                if readable and all(map(valid_total, sums)):
                    days[str(day)] = [float(value) for value in sums]
        return cls(days)
