"""What a head draws and costs now, and the totals over time: the cost core applied to live data.

Pure Python, no Home Assistant imports: the sensors feed it samples (what the head does, at what
time, at what price) and read the results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from .costcore import HeatPump, Mode, PublishedPoint, Speed, btuh_to_w, f_to_c
from .costcore.money import gas_fuel_price_per_kwh

# Compressor frequency range of a typical Daikin inverter head (Hz), used unless the user sets it.
DEFAULT_MIN_COMPRESSOR_HZ = 15.0
DEFAULT_MAX_COMPRESSOR_HZ = 90.0
# A typical 3.5 kW (12,000 Btu/h) ductless head, assumed when the nameplate capacity is not given.
DEFAULT_RATED_CAPACITY_BTUH = 12000.0
# Ratings assumed until the user gives the nameplate (close to the NEEP 2017 ductless medians).
DEFAULT_HSPF = 10.0
DEFAULT_SEER = 20.0
# Indoor fan and controls while the head runs with the compressor stopped (fan mode, at setpoint).
FAN_ONLY_W = 30.0
# A sample further apart than this from the previous one is a gap (offline): not integrated.
MAX_SAMPLE_GAP = timedelta(minutes=5)


class HeatSource(StrEnum):
    """The cheaper way to heat right now."""

    HEAT_PUMP = "heat_pump"
    GAS = "gas"


@dataclass(frozen=True, slots=True)
class CostSettings:
    """The user's options: ratings, capacities, compressor range, prices."""

    hspf: float | None = None
    hspf2: float | None = None
    seer: float | None = None
    seer2: float | None = None
    eer: float | None = None
    ducted: bool = False
    heating_capacity_btuh: float | None = None
    cooling_capacity_btuh: float | None = None
    min_compressor_hz: float = DEFAULT_MIN_COMPRESSOR_HZ
    max_compressor_hz: float = DEFAULT_MAX_COMPRESSOR_HZ
    gas_price_per_therm: float | None = None
    gas_price_per_kwh: float | None = None
    afue: float = 0.95
    points: tuple[PublishedPoint, ...] = ()
    pan_heater_w: float = 0.0

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> CostSettings:
        """Read the options an entry stores (missing keys take the defaults)."""

        def number(key: str) -> float | None:
            value = options.get(key)
            if value is None or value == "":
                return None
            return float(value)

        return cls(
            hspf=number("hspf"),
            hspf2=number("hspf2"),
            seer=number("seer"),
            seer2=number("seer2"),
            eer=number("eer"),
            ducted=bool(options.get("ducted", False)),
            heating_capacity_btuh=number("heating_capacity_btuh"),
            cooling_capacity_btuh=number("cooling_capacity_btuh"),
            min_compressor_hz=number("min_compressor_hz") or DEFAULT_MIN_COMPRESSOR_HZ,
            max_compressor_hz=number("max_compressor_hz") or DEFAULT_MAX_COMPRESSOR_HZ,
            gas_price_per_therm=number("gas_price_per_therm"),
            gas_price_per_kwh=number("gas_price_per_kwh"),
            afue=(number("afue_percent") or 95.0) / 100.0,
            points=parse_points(str(options.get("published_points", ""))),
            pan_heater_w=number("pan_heater_w") or 0.0,
        )

    def heat_pump(self) -> HeatPump:
        """The cost core's model of this head."""
        heating = self.heating_capacity_btuh
        cooling = self.cooling_capacity_btuh
        if heating is None and cooling is None:
            heating = DEFAULT_RATED_CAPACITY_BTUH
        no_heating_rating = self.hspf is None and self.hspf2 is None
        no_cooling_rating = self.seer is None and self.seer2 is None
        return HeatPump.from_nameplate(
            hspf=DEFAULT_HSPF if no_heating_rating else self.hspf,
            hspf2=self.hspf2,
            seer=DEFAULT_SEER if no_cooling_rating else self.seer,
            seer2=self.seer2,
            eer=self.eer,
            ducted=self.ducted,
            heating_capacity_btuh=heating,
            cooling_capacity_btuh=cooling,
            points=self.points,
            pan_heater_w=self.pan_heater_w,
        )

    @property
    def gas_heat_price_per_kwh(self) -> float | None:
        """Gas cost of one kWh of heat delivered by the furnace, if a gas price is known."""
        if self.gas_price_per_therm is None and self.gas_price_per_kwh is None:
            return None
        if self.gas_price_per_therm is not None:
            fuel = gas_fuel_price_per_kwh(gas_price_per_therm=self.gas_price_per_therm)
        else:
            fuel = gas_fuel_price_per_kwh(gas_price_per_kwh=self.gas_price_per_kwh)
        return fuel / self.afue


def parse_points(text: str) -> tuple[PublishedPoint, ...]:
    """Parse published points, one a line: `heat 47 min 8000 540` (mode, degF, speed, Btu/h, W)."""
    points = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.replace(",", " ").split()
        if not words or words[0].startswith("#"):
            continue
        if len(words) != 5:
            msg = f"line {number}: expected 'mode outdoor_f speed capacity_btuh input_w'"
            raise ValueError(msg)
        mode, outdoor_f, speed, capacity_btuh, input_w = words
        try:
            points.append(
                PublishedPoint(
                    Mode(mode.lower()),
                    f_to_c(float(outdoor_f)),
                    Speed(speed.lower()),
                    btuh_to_w(float(capacity_btuh)),
                    float(input_w),
                )
            )
        except ValueError as err:
            msg = f"line {number}: {err}"
            raise ValueError(msg) from err
    return tuple(points)


@dataclass(frozen=True, slots=True)
class Operation:
    """What the head does now, from its sensors and settings."""

    running: bool
    mode: Mode | None  # None: running without the compressor's help (fan only)
    outdoor_c: float | None
    indoor_c: float | None
    compressor_hz: float | None


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

    `load_scale` corrects the load read from the compressor frequency (see Calibration).
    """
    if not operation.running:
        return Reading(0.0, 0.0, None)
    if operation.mode is None or operation.compressor_hz == 0:
        return Reading(FAN_ONLY_W, 0.0, None)
    if operation.outdoor_c is None or operation.indoor_c is None:
        return None
    if operation.compressor_hz is None:
        return None
    delivered = heat_pump.delivered_from_frequency(
        operation.mode,
        operation.outdoor_c,
        operation.indoor_c,
        operation.compressor_hz,
        min_frequency_hz=settings.min_compressor_hz,
        max_frequency_hz=settings.max_compressor_hz,
    )
    estimate = heat_pump.estimate(
        operation.mode, operation.outdoor_c, operation.indoor_c, delivered * load_scale
    )
    return Reading(estimate.input_w + FAN_ONLY_W, estimate.delivered_w, operation.mode)


def typical_heating_cop(heat_pump: HeatPump, outdoor_c: float, indoor_c: float) -> float:
    """COP the head would heat with now at half its rated capacity (for a heat-source choice)."""
    capacity = heat_pump.rated_capacity_w(Mode.HEAT) or btuh_to_w(DEFAULT_RATED_CAPACITY_BTUH)
    return heat_pump.estimate(Mode.HEAT, outdoor_c, indoor_c, capacity / 2).cop


@dataclass(frozen=True, slots=True)
class CountedInterval:
    """An interval the meter counted: when it started, how long, how much energy."""

    start: datetime
    duration: timedelta
    energy_kwh: float


@dataclass(slots=True)
class CostMeter:
    """Totals integrated from samples: energy, cost, heat, and what baseboard and gas would cost.

    Each sample's power and price hold until the next sample; a next sample more than
    MAX_SAMPLE_GAP later (the head was unreachable) or a missing sample ends the interval
    without counting it, so an offline gap adds nothing.
    """

    energy_kwh: float = 0.0
    cost: float = 0.0
    heat_kwh: float = 0.0
    baseboard_cost: float = 0.0
    gas_cost: float = 0.0
    cost_of_heating: float = 0.0
    _last_at: datetime | None = field(default=None, repr=False)
    _last_reading: Reading | None = field(default=None, repr=False)
    _last_price: float | None = field(default=None, repr=False)
    _last_gas_heat_price: float | None = field(default=None, repr=False)

    @property
    def savings_vs_baseboard(self) -> float:
        """What baseboard heat of the same heat would have cost more."""
        return self.baseboard_cost - self.cost_of_heating

    @property
    def savings_vs_gas(self) -> float:
        """What a gas furnace of the same heat would have cost more."""
        return self.gas_cost - self.cost_of_heating

    def sample(
        self,
        at: datetime,
        reading: Reading | None,
        price_per_kwh: float | None,
        gas_heat_price_per_kwh: float | None,
    ) -> CountedInterval | None:
        """Close the interval since the last sample, then start a new one from this sample."""
        counted = None
        if self._last_at is not None and self._last_reading is not None:
            elapsed = at - self._last_at
            if timedelta(0) < elapsed <= MAX_SAMPLE_GAP:
                hours = elapsed.total_seconds() / 3600.0
                self._count(hours)
                counted = CountedInterval(
                    self._last_at, elapsed, self._last_reading.input_w * hours / 1000.0
                )
        if at >= (self._last_at or at):
            self._last_at = at
        self._last_reading = reading
        self._last_price = price_per_kwh
        self._last_gas_heat_price = gas_heat_price_per_kwh
        return counted

    def gap(self) -> None:
        """The head stopped answering: nothing counts until the next sample."""
        self._last_reading = None

    def _count(self, hours: float) -> None:
        reading = self._last_reading
        assert reading is not None
        energy = reading.input_w * hours / 1000.0
        self.energy_kwh += energy
        if self._last_price is not None:
            self.cost += energy * self._last_price
        if reading.mode is Mode.HEAT and reading.delivered_w > 0:
            heat = reading.delivered_w * hours / 1000.0
            self.heat_kwh += heat
            if self._last_price is not None:
                self.cost_of_heating += energy * self._last_price
                self.baseboard_cost += heat * self._last_price
            if self._last_gas_heat_price is not None:
                self.gas_cost += heat * self._last_gas_heat_price

    def as_dict(self) -> dict[str, float]:
        """The totals, for storage."""
        return {
            "energy_kwh": self.energy_kwh,
            "cost": self.cost,
            "heat_kwh": self.heat_kwh,
            "baseboard_cost": self.baseboard_cost,
            "gas_cost": self.gas_cost,
            "cost_of_heating": self.cost_of_heating,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CostMeter:
        """Totals from storage; the interval in progress is not restored (a restart is a gap)."""
        return cls(
            energy_kwh=float(data["energy_kwh"]),
            cost=float(data["cost"]),
            heat_kwh=float(data["heat_kwh"]),
            baseboard_cost=float(data["baseboard_cost"]),
            gas_cost=float(data["gas_cost"]),
            cost_of_heating=float(data["cost_of_heating"]),
        )


# Calibration against the head's own hourly energy (Daikin heads measure it per indoor unit).
CALIBRATION_BATCH_KWH = 2.0  # compare at least this much measured energy at a time (0.1 kWh steps)
CALIBRATION_LIMITS = (0.5, 2.0)  # a wider error means wrong options, not something to learn
CALIBRATION_MIN_COVERAGE = 0.9  # an hour counts only if the estimate covered most of it
# Input grows faster than output between minimum and maximum speed (P ~ Q^n, n ~ 1.3-1.6,
# heat-pump-performance.md): a load scale s changes the input by about s^n.
PART_LOAD_EXPONENT = 1.4
CALIBRATION_MEMORY = timedelta(days=3)


def _hour_key(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H")


@dataclass(slots=True)
class Calibration:
    """Scales the estimate's load so that estimated energy follows what the head measures.

    Every counted interval adds its estimated energy to its (local) clock hour. When the head
    publishes its measured energy for a completed hour that the estimate covered, both go into a
    batch; once the batch holds CALIBRATION_BATCH_KWH of measured energy, the load scale moves by
    (measured / estimated) ** (1 / PART_LOAD_EXPONENT) and the batch starts again.
    """

    load_scale: float = 1.0
    batch_measured_kwh: float = 0.0
    batch_estimated_kwh: float = 0.0
    estimated: dict[str, float] = field(default_factory=dict)
    covered_s: dict[str, float] = field(default_factory=dict)
    compared: set[str] = field(default_factory=set)

    def add_estimate(self, interval: CountedInterval) -> None:
        """Book an interval's estimated energy to the local hour it started in."""
        key = _hour_key(interval.start)
        self.estimated[key] = self.estimated.get(key, 0.0) + interval.energy_kwh
        self.covered_s[key] = self.covered_s.get(key, 0.0) + interval.duration.total_seconds()

    def observe(self, day: date, measured_kwh: Sequence[float], now: datetime) -> bool:
        """Compare a day's measured hours with the estimate; return whether the scale moved."""
        moved = False
        for hour, measured in enumerate(measured_kwh):
            start = datetime(day.year, day.month, day.day, hour, tzinfo=now.tzinfo)
            key = _hour_key(start)
            if key in self.compared or start + timedelta(hours=1) > now:
                continue
            if self.covered_s.get(key, 0.0) < CALIBRATION_MIN_COVERAGE * 3600:
                continue
            self.compared.add(key)
            self.batch_measured_kwh += measured
            self.batch_estimated_kwh += self.estimated[key]
            if self.batch_measured_kwh >= CALIBRATION_BATCH_KWH and self.batch_estimated_kwh > 0:
                ratio = self.batch_measured_kwh / self.batch_estimated_kwh
                low, high = CALIBRATION_LIMITS
                scale = self.load_scale * ratio ** (1 / PART_LOAD_EXPONENT)
                self.load_scale = min(max(scale, low), high)
                self.batch_measured_kwh = self.batch_estimated_kwh = 0.0
                moved = True
        self._forget_before(now - CALIBRATION_MEMORY)
        return moved

    def _forget_before(self, moment: datetime) -> None:
        oldest = _hour_key(moment)
        for book in (self.estimated, self.covered_s):
            for key in [key for key in book if key < oldest]:
                del book[key]
        self.compared = {key for key in self.compared if key >= oldest}

    def as_dict(self) -> dict[str, Any]:
        """The calibration, for storage."""
        return {
            "load_scale": self.load_scale,
            "batch_measured_kwh": self.batch_measured_kwh,
            "batch_estimated_kwh": self.batch_estimated_kwh,
            "estimated": self.estimated,
            "covered_s": self.covered_s,
            "compared": sorted(self.compared),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        """The calibration from storage."""
        return cls(
            load_scale=float(data["load_scale"]),
            batch_measured_kwh=float(data["batch_measured_kwh"]),
            batch_estimated_kwh=float(data["batch_estimated_kwh"]),
            estimated={str(k): float(v) for k, v in data["estimated"].items()},
            covered_s={str(k): float(v) for k, v in data["covered_s"].items()},
            compared={str(key) for key in data["compared"]},
        )
