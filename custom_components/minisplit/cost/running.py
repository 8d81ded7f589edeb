"""One unit's running cost: what it keeps, and how one sample moves it.

The cost coordinator's arithmetic, in one place, so that the accuracy bench replays exactly what
Home Assistant runs (tests/simulation): at every sample the compressor's frequency range learns,
the estimate is made at the load scale in force (the unit's own meter's calibration, else the
home meter's signature), a measured power replaces the estimate's input, the meter counts the
interval since the last sample, and the calibration and the signature book what was counted.

Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from .calibration import Calibration, Measured
from .estimate import Estimate, Estimator, Limits, Operation, Reading
from .frequency import FrequencyRange
from .meter import CostMeter, MeasuredInput, measured_reading
from .settings import CostSettings
from .signature import Signature
from .stored import Unrestored, restore_cost, restore_learned, stored_cost

# A local day's home-meter hours (kWh each, None where unmeasured); None: no home meter.
HomeHours = Callable[[date], Sequence[float | None] | None]


def _no_home_meter(day: date) -> None:
    return None


@dataclass(slots=True)
class RunningCost:
    """A unit's totals, calibration, learned frequency range and energy signature."""

    estimator: Estimator = field(default_factory=lambda: Estimator(CostSettings()))
    meter: CostMeter = field(default_factory=CostMeter)
    calibration: Calibration = field(default_factory=Calibration)
    frequency: FrequencyRange = field(default_factory=FrequencyRange)
    signature: Signature = field(default_factory=Signature)
    home_hours: HomeHours = _no_home_meter
    estimate: Estimate = field(default_factory=lambda: Estimate(None))
    reading: Reading | None = None  # what is counted now: the estimate, or a measured power

    def load_scale(self, at: datetime) -> float:
        """The building model's correction: from the unit's own meter, else the home's."""
        if self.home_hours(at.date()) is not None:
            return self.signature.load_scale
        return self.calibration.load_scale

    def sample(
        self,
        at: datetime,
        operation: Operation,
        *,
        design_outdoor_c: float | None,
        limits: Limits,
        measured: MeasuredInput | None = None,
        price_per_kwh: float | None = None,
        gas_heat_price_per_kwh: float | None = None,
    ) -> Reading | None:
        """Close the interval since the last sample and start one from what the unit does now."""
        measured = measured or MeasuredInput()
        if operation.running and operation.mode is not None:
            self.frequency.observe(operation.compressor_hz)
        if (learned := self.frequency.learned()) is not None:
            operation = replace(operation, frequency_range=learned)
        scale = self.load_scale(at)
        self.meter.limits = limits
        self.estimate = self.estimator.checked(operation, design_outdoor_c, scale, limits, at)
        estimated = self.estimate.reading
        self.reading = measured_reading(estimated, measured.power_w, limits)
        counted = self.meter.sample(
            at,
            self.reading,
            price_per_kwh,
            gas_heat_price_per_kwh,
            measured.total_kwh,
            estimated,
        )
        if counted is not None:
            self.calibration.add_estimate(counted)
            if self.home_hours(counted.start.date()) is not None:
                self.signature.book(counted, scale)
        self.signature.close(at, self._home_hours)
        return self.reading

    def gap(self) -> None:
        """The unit's state is unknown: nothing counts until the next sample."""
        self.meter.gap()
        self.reading = None

    def observe_measured(self, measured: Measured, at: datetime, max_hour_kwh: float) -> bool:
        """The unit's meter has news: fit the calibration again; return whether it moved."""
        return self.calibration.observe_measured(measured, at, max_hour_kwh)

    def as_dict(self) -> dict[str, Any]:
        """What is kept across restarts."""
        return stored_cost(self.meter, self.calibration, self.frequency, self.signature)

    def restore(self, data: object) -> list[Unrestored]:
        """Take back what was kept; each part on its own (see cost/stored.py)."""
        self.meter, self.calibration, unrestored = restore_cost(data)
        self.frequency, self.signature = restore_learned(data)
        return unrestored

    def _home_hours(self, day: date) -> Sequence[float | None]:
        return self.home_hours(day) or ()
