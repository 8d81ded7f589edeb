"""One unit's running cost: what it keeps, and how one sample moves it.

The cost coordinator's arithmetic, in one place, so that the accuracy bench replays exactly what
Home Assistant runs (tests/simulation): at every sample the compressor's frequency range learns,
the estimate is made at the load scale in force (the unit's own meter's calibration, else the
home meter's signature), a measured power replaces the estimate's input, the meter counts the
interval since the last sample, and the calibration and the signature book what was counted.

Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from ..costcore import Mode
from .calibration import Calibration, Measured
from .clock import elapsed
from .cycling import Cycling
from .duty import DutyScale
from .estimate import Estimate, Estimator, Limits, Operation, Reading
from .frequency import FrequencyRange
from .meter import CostMeter, MeasuredInput, measured_reading
from .plausibility import MeterCheck
from .settings import CostSettings
from .signature import Signature
from .stored import Unrestored, restore_cost, restore_learned, stored_cost

# An hour whose heating samples cover at least this much tells the house's load (`heat_load_w`).
LOAD_MIN_COVERAGE_S = 1800.0

# A local day's home-meter hours (kWh each, None where unmeasured).
HomeHours = Callable[[date], Sequence[float | None]]


@dataclass(slots=True)
class RunningCost:
    """A unit's totals, calibration, learned frequency range and energy signature."""

    estimator: Estimator = field(default_factory=lambda: Estimator(CostSettings()))
    meter: CostMeter = field(default_factory=CostMeter)
    calibration: Calibration = field(default_factory=Calibration)
    frequency: FrequencyRange = field(default_factory=FrequencyRange)
    cycling: Cycling = field(default_factory=Cycling)
    signature: Signature = field(default_factory=Signature)
    duty: DutyScale = field(default_factory=DutyScale)
    # Whether the compressor's cycles teach the model: an hvac_action seen to follow the
    # compressor, on a unit whose minimum capacity is published in the mode it was last in.
    cycles_shown: bool = False
    home_hours: HomeHours | None = None  # None: no home meter (or one is not needed)
    check: MeterCheck = field(default_factory=MeterCheck)
    estimate: Estimate = field(default_factory=lambda: Estimate(None))
    reading: Reading | None = None  # what is counted now: the estimate, or a measured power
    # The mode the unit heats or cools in and the COP it last ran at there (see `cop`).
    _running_cop: tuple[Mode, float] | None = field(default=None, repr=False)
    # While heating: the last sample and the heat delivered since (W); the clock hour it is in,
    # the heat delivered in it (J) and the seconds counted; the last complete hour's load (W).
    _load_sample: tuple[datetime, float] | None = field(default=None, repr=False)
    _load_hour: tuple[datetime, float, float] | None = field(default=None, repr=False)
    _load_w: float | None = field(default=None, repr=False)
    # What the unit's sensor measured, counted whether believed or not (for the check).
    _measured: CostMeter = field(default_factory=CostMeter, repr=False)
    _last_estimate: Reading | None = field(default=None, repr=False)

    @property
    def load_scale(self) -> float:
        """The building model's correction: the unit's meter's, the home's, or the cycles'.

        The compressor's cycles (cost/duty.py) teach it until either meter has taught one.
        """
        if self.home_hours is not None:
            if self.signature.informed:
                return self.signature.load_scale
        elif self.calibration.informed:
            return self.calibration.load_scale
        return self.duty.load_scale

    @property
    def heat_load_w(self) -> float | None:
        """The house's heating load: the heat delivered over the last clock hour of heating.

        Stops and defrosts included, that is what the house needs in this weather: the load at
        which a heat pump and a furnace are compared. What the unit delivers this minute swings
        with every stop, and the comparison would swing with it. None until an hour was heated
        (for LOAD_MIN_COVERAGE_S of it), and once the unit stops heating.
        """
        return self._load_w

    @property
    def cop(self) -> float | None:
        """The COP the unit runs at: now while its compressor runs, the last one while it idles.

        An inverter stops several times an hour at low load and starts again at the same load:
        through its stops the COP it runs at is the one it last ran at in its mode. It is unknown
        once the unit is off, changes mode, or its state is unknown. Each stop would otherwise be
        two rows in the history.
        """
        return None if self._running_cop is None else self._running_cop[1]

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
        operation = self._cycled(at, operation)
        scale = self.load_scale
        self.meter.limits = limits
        self.estimate = self.estimator.checked(operation, design_outdoor_c, scale, limits, at)
        self._learn_duty(at, operation)
        estimated = self.estimate.reading
        if measured.power_w is not None or measured.total_kwh is not None:
            self._check(at, measured, estimated, limits)
        believed = MeasuredInput() if self.check.implausible else measured
        self.reading = measured_reading(estimated, believed.power_w, limits)
        self._hold_cop(operation, self.reading)
        self._average_load(at, operation, self.reading)
        counted = self.meter.sample(
            at,
            self.reading,
            price_per_kwh,
            gas_heat_price_per_kwh,
            believed.total_kwh,
            estimated,
        )
        if counted is not None:
            self.calibration.add_estimate(counted, scale)
            if self.home_hours is not None:
                self.signature.book(counted, scale)
        if self.home_hours is not None:
            self.signature.close(at, self.home_hours)
        return self.reading

    def _learn_duty(self, at: datetime, operation: Operation) -> None:
        """Show the cycles' learner the thermostat's mode, the stops and the model's load."""
        mode, running = operation.idle_mode, operation.compressor_shown
        if running is None or operation.compressor_hz is not None or mode is None:
            self.duty.observe(at, None, False, None, None, None)
            if mode is not None or operation.compressor_hz is not None:
                self.cycles_shown = False
            return
        minimum = self.estimator.minimum_capacity_w(mode, operation.outdoor_c, operation.indoor_c)
        if operation.outdoor_c is not None and operation.indoor_c is not None:
            self.cycles_shown = minimum is not None
        load = self.estimator.building_load_w
        self.duty.observe(at, mode, running, operation.target_c, minimum, load)

    def _hold_cop(self, operation: Operation, reading: Reading | None) -> None:
        """Keep the COP the unit last ran at in the mode it holds now (see `cop`)."""
        mode = operation.mode if operation.running else operation.idle_mode
        if reading is None or mode is None:
            self._running_cop = None
        elif reading.cop is not None:
            self._running_cop = (mode, reading.cop)
        elif self._running_cop is not None and self._running_cop[0] is not mode:
            self._running_cop = None

    def _average_load(self, at: datetime, operation: Operation, reading: Reading | None) -> None:
        """Count the interval that ended now into its clock hour (see `heat_load_w`)."""
        mode = operation.mode if operation.running else operation.idle_mode
        if reading is None or mode is not Mode.HEAT:
            self._forget_load()
            return
        if (last := self._load_sample) is not None:
            started, delivered = last
            hour = started.replace(minute=0, second=0, microsecond=0)
            seconds = max(elapsed(started, at).total_seconds(), 0.0)
            if self._load_hour is not None and self._load_hour[0] == hour:
                _, joules, counted = self._load_hour
                self._load_hour = (hour, joules + delivered * seconds, counted + seconds)
            else:
                self._close_load_hour()
                self._load_hour = (hour, delivered * seconds, seconds)
        if self._load_hour is not None and at >= self._load_hour[0] + timedelta(hours=1):
            self._close_load_hour()
            self._load_hour = None
        heating = reading.mode is Mode.HEAT
        self._load_sample = (at, max(reading.delivered_w, 0.0) if heating else 0.0)

    def _close_load_hour(self) -> None:
        if self._load_hour is not None and self._load_hour[2] >= LOAD_MIN_COVERAGE_S:
            self._load_w = self._load_hour[1] / self._load_hour[2]

    def _forget_load(self) -> None:
        self._load_sample = self._load_hour = self._load_w = None

    def _cycled(self, at: datetime, operation: Operation) -> Operation:
        """The operation with its part-load ratio while its compressor cycles (cost/cycling.py)."""
        hz = operation.compressor_hz
        compressing = operation.running and operation.mode is not None
        holding = compressing or operation.idle_mode is not None
        self.cycling.observe(at, (hz or 0.0) if compressing else 0.0, holding and hz is not None)
        ratio = self.cycling.part_load_ratio
        return operation if ratio is None else replace(operation, part_load_ratio=ratio)

    def _check(
        self, at: datetime, measured: MeasuredInput, estimated: Reading | None, limits: Limits
    ) -> None:
        """Count what the sensor measured and the model's heat meanwhile; judge finished days."""
        last = self._last_estimate
        self._measured.limits = limits
        power = measured.power_w
        believable = power is not None and 0.0 <= power <= limits.max_input_w  # also not NaN
        counted = self._measured.sample(
            at,
            Reading(power, 0.0, None) if believable and power is not None else None,
            None,
            None,
            measured.total_kwh,
            estimated,
        )
        self._last_estimate = estimated
        if counted is not None and last is not None and last.mode is Mode.HEAT and last.cop:
            self.check.book(counted.start, counted.estimated_kwh * last.cop, counted.energy_kwh)
        self.check.close(at)

    def gap(self) -> None:
        """The unit's state is unknown: nothing counts until the next sample."""
        self.meter.gap()
        self.reading = None
        self._running_cop = None
        self._forget_load()

    def observe_measured(self, measured: Measured, at: datetime, max_hour_kwh: float) -> bool:
        """The unit's meter has news: fit the calibration again; return whether it moved."""
        return self.calibration.observe_measured(measured, at, max_hour_kwh)

    def as_dict(self) -> dict[str, Any]:
        """What is kept across restarts."""
        return {
            **stored_cost(self.meter, self.calibration, self.frequency, self.signature, self.duty),
            "check": self.check.as_dict(),
        }

    def restore(self, data: object) -> list[Unrestored]:
        """Take back what was kept; each part on its own (see cost/stored.py)."""
        self.meter, self.calibration, unrestored = restore_cost(data)
        self.frequency, self.signature, self.duty = restore_learned(data)
        self.check = MeterCheck.restore(data.get("check") if isinstance(data, Mapping) else None)
        return unrestored
