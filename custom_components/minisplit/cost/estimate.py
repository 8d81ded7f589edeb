"""What a unit draws and moves now, from what it does: the cost core applied to one moment."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from enum import StrEnum
from operator import attrgetter
from typing import Any, Final

from ..costcore import HeatPump, Mode, Regime, Speed, btuh_to_w, part_load_factor
from .building import Building
from .frequency import widened
from .price import MAX_GAS_HEAT_PRICE_PER_KWH, MAX_PRICE_PER_KWH, price_bound
from .recovery import HeatDebt
from .settings import DEFAULT_RATED_CAPACITY_BTUH, CostSettings

# Indoor fan and controls while the head runs with the compressor stopped (fan mode, at setpoint).
FAN_ONLY_W = 30.0
# Electrical input never exceeds this many W per W of the head's largest rated (or published)
# capacity; the estimate's worst case over the 2017 listing's 411 units, outdoor -40 to 55 degC, any
# compressor frequency and the calibration's largest load scale, is 2.5.
MAX_INPUT_PER_CAPACITY = 4.0
# Heat moved never exceeds this many W per W of capacity (the worst case above is 5.1, heating
# with 35 degC outdoors at the largest load scale).
MAX_DELIVERED_PER_CAPACITY = 8.0
# The longest a unit's state is held before it is sampled again (a companion's tick).
SAMPLE_INTERVAL = timedelta(minutes=2)


class HeatSource(StrEnum):
    """The cheaper way to heat right now."""

    HEAT_PUMP = "heat_pump"
    GAS = "gas"


@dataclass(frozen=True, slots=True)
class Operation:
    """What the head does now, from its sensors and settings."""

    running: bool
    mode: Mode | None  # None: running without the compressor's help (fan only)
    outdoor_c: float | None
    indoor_c: float | None
    compressor_hz: float | None
    # The heat the unit moves now (W) when no compressor frequency tells it: from a building
    # model (cost/building.py) for units that report no speed.
    load_w: float | None = None
    # The mode a thermostat holds while its unit stands still (heating above its target), and
    # its target: what tells a setback's drift and its recovery (cost/recovery.py).
    idle_mode: Mode | None = None
    target_c: float | None = None
    # The compressor's (minimum, highest seen) frequency learned from its reports
    # (cost/frequency.py); used unless the user set the range.
    frequency_range: tuple[float, float] | None = None
    # The run-time share of the compressor's recent cycles while it cycles at its minimum speed
    # (cost/cycling.py), else None.
    part_load_ratio: float | None = None
    # Whether the compressor runs, as an hvac_action that follows it shows (None: not shown;
    # `running` counts its short stops as running): what teaches the load from cycles
    # (cost/duty.py).
    compressor_shown: bool | None = None


# What of an operation the reading depends on: all but what the thermostat holds and what the
# stops teach (compared by value, as the operations themselves would be).
_READ_FIELDS: Final = attrgetter(
    *(
        f.name
        for f in fields(Operation)
        if f.name not in {"idle_mode", "target_c", "compressor_shown"}
    )
)


@dataclass(frozen=True, slots=True)
class Reading:
    """Electrical input and heat moved right now."""

    input_w: float
    delivered_w: float
    mode: Mode | None

    @property
    def cop(self) -> float | None:
        """Heat moved per unit of electricity, while the compressor runs."""
        return self.delivered_w / self.input_w if self.delivered_w > 0 and self.input_w else None


def estimate_now(
    heat_pump: HeatPump, settings: CostSettings, operation: Operation, load_scale: float = 1.0
) -> Reading | None:
    """Estimate input and delivered heat; None when the head gives too little to tell.

    `load_scale` corrects the load read from the compressor frequency or the building model
    (see Calibration).
    """
    if not operation.running:
        return Reading(0.0, 0.0, None)
    if operation.mode is None or operation.compressor_hz == 0:
        return Reading(FAN_ONLY_W, 0.0, None)
    if operation.outdoor_c is None or operation.indoor_c is None:
        return None
    if operation.compressor_hz is not None:
        lowest, highest = settings.min_compressor_hz, settings.max_compressor_hz
        if operation.frequency_range is not None and not settings.frequency_range_set:
            lowest, highest = widened(operation.frequency_range, lowest, highest)
        delivered = heat_pump.delivered_from_frequency(
            operation.mode,
            operation.outdoor_c,
            operation.indoor_c,
            operation.compressor_hz,
            min_frequency_hz=lowest,
            max_frequency_hz=highest,
        )
        delivered *= load_scale
    elif operation.load_w is not None and math.isfinite(operation.load_w):
        # What the building needs, up to what the unit can give at this outdoor temperature.
        delivered = max(operation.load_w, 0.0) * load_scale
        if heat_pump.rated_capacity_w(operation.mode) is not None:
            delivered = min(
                delivered,
                heat_pump.performance_map(operation.mode).capacity_w(
                    Speed.MAX, operation.outdoor_c, operation.indoor_c
                ),
            )
    else:
        return None
    estimate = heat_pump.estimate(
        operation.mode, operation.outdoor_c, operation.indoor_c, delivered
    )
    input_w = estimate.input_w
    if operation.part_load_ratio is not None and estimate.regime is Regime.MODULATING:
        # Each running minute of a cycle costs 1 / PLF of the steady input (cost/cycling.py);
        # below the map's minimum capacity (Regime.CYCLING) the cost core counts it already.
        factor = part_load_factor(operation.part_load_ratio, heat_pump.cycling_cd)
        input_w = (input_w - estimate.pan_heater_w) / factor + estimate.pan_heater_w
    return Reading(input_w + FAN_ONLY_W, estimate.delivered_w, operation.mode)


def typical_heating_cop(heat_pump: HeatPump, outdoor_c: float, indoor_c: float) -> float:
    """COP the head would heat with now at half its rated capacity (for a heat-source choice)."""
    capacity = heat_pump.rated_capacity_w(Mode.HEAT) or btuh_to_w(DEFAULT_RATED_CAPACITY_BTUH)
    return heat_pump.estimate(Mode.HEAT, outdoor_c, indoor_c, capacity / 2).cop


@dataclass(frozen=True, slots=True)
class Limits:
    """What one head can draw and move at most, and the dearest prices believed."""

    max_input_w: float
    max_delivered_w: float
    max_price_per_kwh: float = MAX_PRICE_PER_KWH
    max_gas_heat_price_per_kwh: float = MAX_GAS_HEAT_PRICE_PER_KWH

    @classmethod
    def for_head(cls, heat_pump: HeatPump, currency: str | None = None) -> Limits:
        """Generous physical bounds from the head's rated capacities and published points."""
        capacity = max(
            heat_pump.rated_capacity_w(Mode.HEAT) or 0.0,
            heat_pump.rated_capacity_w(Mode.COOL) or 0.0,
            *(point.capacity_w for point in heat_pump.points),
            *(point.input_w for point in heat_pump.points),
            btuh_to_w(DEFAULT_RATED_CAPACITY_BTUH),
        )
        return cls(
            max_input_w=MAX_INPUT_PER_CAPACITY * capacity + heat_pump.pan_heater_w + FAN_ONLY_W,
            max_delivered_w=MAX_DELIVERED_PER_CAPACITY * capacity,
            max_price_per_kwh=price_bound(currency),
            max_gas_heat_price_per_kwh=price_bound(currency, gas=True),
        )

    def plausible(self, reading: Reading) -> bool:
        """Whether a reading is finite and within what the head can draw and move."""
        return (
            0.0 <= reading.input_w <= self.max_input_w
            and 0.0 <= reading.delivered_w <= self.max_delivered_w
        )


# Bounds of a typical ductless head (the default options) in euro-like currencies.
DEFAULT_LIMITS = Limits.for_head(CostSettings().heat_pump())


@dataclass(frozen=True, slots=True)
class Estimate:
    """The estimate now, or no reading and why (for the log)."""

    reading: Reading | None
    problem: str | None = None  # "failed" or "implausible"
    text: str = ""


class Estimator:
    """The estimate for one unit's options, computed again only when what it reads changed.

    A unit that reports no compressor speed gets its load from a building model sized from its
    ratings at the design outdoor temperature.
    """

    def __init__(self, settings: CostSettings) -> None:
        """The unit these options describe."""
        self.settings = settings
        self.heat_pump = settings.heat_pump()
        self._building: Building | None = None
        # The building's heat loss (W/K) when the user knows it; else sized from the design point.
        self.heat_loss_w_per_k: float | None = None
        self.debt = HeatDebt()
        # The building's load (W, at scale 1, before a setback's payback) at the last sample
        # that had one; None when the last had none.
        self.building_load_w: float | None = None
        self._published_minimum: dict[Mode, bool] = {}
        self._last: tuple[tuple[Any, ...], Reading | None] | None = None
        self.estimates = 0  # how many were computed (the benchmark counts them)

    def with_load(
        self,
        operation: Operation,
        design_outdoor_c: float | None,
        at: datetime | None = None,
        interval: timedelta = SAMPLE_INTERVAL,
    ) -> Operation:
        """The operation with the building's load, for a unit that reports no compressor speed.

        With the moment of the sample (`at`), the heat a setback owes is paid back at recovery
        (cost/recovery.py); `interval` is how soon the next sample comes at the latest.
        """
        self.building_load_w = None
        if (
            design_outdoor_c is None
            or operation.compressor_hz is not None
            or operation.outdoor_c is None
            or operation.indoor_c is None
        ):
            return operation
        mode = operation.mode if operation.running else None
        if mode is None and (at is None or operation.running):
            return operation
        if self._building is None:
            self._building = (
                Building.from_design_point(self.heat_pump, design_outdoor_c=design_outdoor_c)
                if self.heat_loss_w_per_k is None
                else Building.from_heat_loss(self.heat_pump, self.heat_loss_w_per_k)
            )
        outdoor, room = operation.outdoor_c, operation.indoor_c
        load_mode = mode or operation.idle_mode
        hour = None if at is None else at.hour + at.minute / 60
        load = None
        if load_mode is not None:
            load = self._building.load_w(load_mode, outdoor, room, hour)
            self.building_load_w = load
        if at is not None:
            self.debt.update(
                at,
                running_mode=mode,
                idle_mode=None if mode else operation.idle_mode,
                load_w=load,
                room_c=room,
                target_c=operation.target_c,
            )
        if mode is None or load is None:
            return operation
        if at is not None and self.debt.owed_kwh > 0:
            capacity = self.heat_pump.performance_map(mode).capacity_w(Speed.MAX, outdoor, room)
            load += self.debt.payback_w(capacity - load, interval)
        return replace(operation, load_w=load)

    def minimum_capacity_w(
        self, mode: Mode, outdoor_c: float | None, indoor_c: float | None
    ) -> float | None:
        """What the unit moves at its minimum speed now, where its data publish that speed.

        None when a temperature is unknown, or the unit has no published minimum-speed point in
        this mode: a nameplate does not tell a minimum, and a fixed-speed unit has none (its
        cycles run at full capacity).
        """
        if outdoor_c is None or indoor_c is None:
            return None
        if mode not in self._published_minimum:
            self._published_minimum[mode] = any(
                point.mode is mode and point.speed is Speed.MIN for point in self.heat_pump.points
            )
        if not self._published_minimum[mode]:
            return None
        return self.heat_pump.performance_map(mode).capacity_w(Speed.MIN, outdoor_c, indoor_c)

    def reading(self, operation: Operation, load_scale: float) -> Reading | None:
        """The estimate for this operation (see estimate_now); raises as it does."""
        # What the thermostat holds matters to the load (with_load), not to the reading.
        key = (_READ_FIELDS(operation), load_scale)
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        self._last = None
        reading = estimate_now(self.heat_pump, self.settings, operation, load_scale)
        self._last = (key, reading)
        self.estimates += 1
        return reading

    def forget(self) -> None:
        """Compute the next estimate again (the last one was no answer)."""
        self._last = None

    def checked(
        self,
        operation: Operation,
        design_outdoor_c: float | None,
        load_scale: float,
        limits: Limits,
        at: datetime | None = None,
    ) -> Estimate:
        """The estimate for this operation, with the building's load where it needs one.

        No reading when the estimate fails, or when it is beyond what the head can draw or move
        (the limits): an impossible reading is no answer, and is computed again next time.
        """
        try:
            operation = self.with_load(operation, design_outdoor_c, at)
            reading = self.reading(operation, load_scale)
        except (ArithmeticError, ValueError) as err:
            return Estimate(None, "failed", f"no estimate for {operation}: {err}")
        if reading is not None and not limits.plausible(reading):
            self.forget()
            return Estimate(
                None,
                "implausible",
                f"the estimate {reading} is beyond what the head can draw"
                f" ({limits.max_input_w:.0f} W) or move; not counted",
            )
        return Estimate(reading)
