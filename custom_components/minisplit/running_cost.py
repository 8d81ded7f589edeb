"""What a head draws and costs now, and the totals over time: the cost core applied to live data.

Pure Python, no Home Assistant imports: the sensors feed it samples (what the head does, at what
time, at what price) and read the results.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeGuard

from .costcore import HeatPump, Mode, PublishedPoint, Speed, btuh_to_w, f_to_c
from .costcore.money import gas_fuel_price_per_kwh
from .costcore.options import (
    AFUE_PERCENT,
    COOLING_CAPACITY,
    DUCTED,
    EER,
    GAS_PRICE_PER_KWH,
    GAS_PRICE_PER_THERM,
    HEATING_CAPACITY,
    HSPF,
    HSPF2,
    MAX_COMPRESSOR_HZ,
    MIN_COMPRESSOR_HZ,
    PAN_HEATER_W,
    PUBLISHED_POINTS,
    SEER,
    SEER2,
)

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
# So is a sample dated before the previous one (the clock went back); sampling resumes from it.
MAX_SAMPLE_GAP = timedelta(minutes=5)
# The dearest price believed, per kWh of electricity and per kWh of heat from gas, in currency
# units worth about a euro or a dollar (the dearest retail tariffs and spot peaks stay below 10):
# a price above it is a broken price sensor, not a tariff, and counts as no price. Electricity
# spot prices (Nordpool, Tibber, Octopus Agile, aWATTar) go below zero for hours: an electricity
# price down to minus the bound counts, so heating then earns money. Gas is never paid for.
MAX_PRICE_PER_KWH = 100.0
MAX_GAS_HEAT_PRICE_PER_KWH = 100.0
# Currencies of 10 or more units to the euro: their bound is multiplied by their units per euro
# rounded up to a power of ten (coarse on purpose: the bound only has to catch nonsense).
CURRENCY_PRICE_SCALE: dict[str, float] = {
    **dict.fromkeys(
        ("CZK", "DOP", "EGP", "INR", "MDL", "MKD", "MUR", "MXN", "NOK", "PHP", "RUB", "SEK"), 1e2
    ),
    **dict.fromkeys(("THB", "TRY", "TWD", "UAH", "UYU", "ZAR"), 1e2),
    **dict.fromkeys(
        ("AMD", "BDT", "DZD", "HUF", "ISK", "JMD", "JPY", "KES", "KZT", "LKR", "NPR", "PKR"), 1e3
    ),
    "RSD": 1e3,
    **dict.fromkeys(
        ("ARS", "CLP", "COP", "GNF", "KHR", "KRW", "MMK", "MNT", "NGN", "PYG", "TZS", "UGX"), 1e4
    ),
    **dict.fromkeys(("IDR", "LAK", "LBP", "SLL", "UZS", "VND"), 1e5),
    "IRR": 1e6,
}
# Electrical input never exceeds this many W per W of the head's largest rated (or published)
# capacity; the estimate's worst case over the 411 catalogue units, outdoor -40 to 55 degC, any
# compressor frequency and the calibration's largest load scale, is 2.5.
MAX_INPUT_PER_CAPACITY = 4.0
# Heat moved never exceeds this many W per W of capacity (the worst case above is 5.1, heating
# with 35 degC outdoors at the largest load scale).
MAX_DELIVERED_PER_CAPACITY = 8.0
# A stored total above this is corrupt: 10 kW for a century is 8.8 million kWh, at the price bound
# 880 million.
MAX_STORED_TOTAL = 1e12


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
        return cls(
            hspf=HSPF.number(options),
            hspf2=HSPF2.number(options),
            seer=SEER.number(options),
            seer2=SEER2.number(options),
            eer=EER.number(options),
            ducted=DUCTED.flag(options),
            heating_capacity_btuh=HEATING_CAPACITY.number(options),
            cooling_capacity_btuh=COOLING_CAPACITY.number(options),
            min_compressor_hz=MIN_COMPRESSOR_HZ.number(options) or DEFAULT_MIN_COMPRESSOR_HZ,
            max_compressor_hz=MAX_COMPRESSOR_HZ.number(options) or DEFAULT_MAX_COMPRESSOR_HZ,
            gas_price_per_therm=GAS_PRICE_PER_THERM.number(options),
            gas_price_per_kwh=GAS_PRICE_PER_KWH.number(options),
            afue=(AFUE_PERCENT.number(options) or 95.0) / 100.0,
            points=parse_points(PUBLISHED_POINTS.text(options)),
            pan_heater_w=PAN_HEATER_W.number(options) or 0.0,
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
            numbers = (float(outdoor_f), float(capacity_btuh), float(input_w))
            point = PublishedPoint(
                Mode(mode.lower()),
                f_to_c(numbers[0]),
                Speed(speed.lower()),
                btuh_to_w(numbers[1]),
                numbers[2],
            )
        except ValueError as err:
            msg = f"line {number}: {err}"
            raise ValueError(msg) from err
        if not all(math.isfinite(x) for x in numbers) or min(numbers[1:]) <= 0:
            msg = f"line {number}: capacity and input must be positive numbers"
            raise ValueError(msg)
        points.append(point)
    return tuple(points)


@dataclass(frozen=True, slots=True)
class Operation:
    """What the head does now, from its sensors and settings."""

    running: bool
    mode: Mode | None  # None: running without the compressor's help (fan only)
    outdoor_c: float | None
    indoor_c: float | None
    compressor_hz: float | None
    # The heat the unit moves now (W) when no compressor frequency tells it: from a building
    # model (companion.load) for units that report no speed.
    load_w: float | None = None


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
        delivered = heat_pump.delivered_from_frequency(
            operation.mode,
            operation.outdoor_c,
            operation.indoor_c,
            operation.compressor_hz,
            min_frequency_hz=settings.min_compressor_hz,
            max_frequency_hz=settings.max_compressor_hz,
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
    return Reading(estimate.input_w + FAN_ONLY_W, estimate.delivered_w, operation.mode)


def typical_heating_cop(heat_pump: HeatPump, outdoor_c: float, indoor_c: float) -> float:
    """COP the head would heat with now at half its rated capacity (for a heat-source choice)."""
    capacity = heat_pump.rated_capacity_w(Mode.HEAT) or btuh_to_w(DEFAULT_RATED_CAPACITY_BTUH)
    return heat_pump.estimate(Mode.HEAT, outdoor_c, indoor_c, capacity / 2).cop


class PriceProblem(StrEnum):
    """Why there is no usable price for an interval."""

    UNAVAILABLE = "unavailable"  # no price entity state, or unavailable/unknown
    NOT_A_NUMBER = "not_a_number"  # not a number, NaN or infinite
    NEGATIVE = "negative"  # a gas price below 0 (electricity prices can be negative)
    TOO_HIGH = "too_high"  # above the bound: a broken sensor, not a tariff
    TOO_LOW = "too_low"  # below minus the bound: a broken sensor too
    UNKNOWN_UNIT = "unknown_unit"  # not per unit of energy


@dataclass(frozen=True, slots=True)
class Price:
    """A price per kWh that can be used, or the reason there is none."""

    per_kwh: float | None
    problem: PriceProblem | None = None


# kWh in one unit of energy a price can be quoted per (Home Assistant's energy units).
KWH_PER_ENERGY_UNIT: dict[str, float] = {
    "j": 1 / 3.6e6,
    "kj": 1 / 3600.0,
    "mj": 1 / 3.6,
    "gj": 1000 / 3.6,
    "wh": 1e-3,
    "kwh": 1.0,
    "mwh": 1e3,  # megawatt-hours: nobody prices per milliwatt-hour
    "gwh": 1e6,
    "twh": 1e9,
    "cal": 4.184 / 3.6e6,
    "kcal": 4.184 / 3600.0,
    "mcal": 4.184 / 3.6,
    "gcal": 4184 / 3.6,
}
# Prices quoted in the hundredth of the currency (ct/kWh, c/kWh, p/kWh, öre/kWh).
SUBUNITS = frozenset({"c", "ct", "cent", "cents", "¢", "p", "öre", "øre", "ore", "rp"})


def price_bound(currency: str | None, gas: bool = False) -> float:
    """The dearest believable price per kWh (of electricity, or of heat from gas) in a currency."""
    bound = MAX_GAS_HEAT_PRICE_PER_KWH if gas else MAX_PRICE_PER_KWH
    return bound * CURRENCY_PRICE_SCALE.get((currency or "").upper(), 1.0)


def checked_price(value: object, bound: float, *, gas: bool = False) -> Price:
    """The price if it is a finite number within the bound, else why not.

    An electricity price counts from -bound to bound (spot tariffs go negative); a gas price
    from 0 to bound.
    """
    if value is None:
        return Price(None, PriceProblem.UNAVAILABLE)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Price(None, PriceProblem.NOT_A_NUMBER)
    price = float(value)
    if not math.isfinite(price):
        return Price(None, PriceProblem.NOT_A_NUMBER)
    if gas and price < 0.0:
        return Price(None, PriceProblem.NEGATIVE)
    if price > bound:
        return Price(None, PriceProblem.TOO_HIGH)
    if price < -bound:
        return Price(None, PriceProblem.TOO_LOW)
    return Price(price)


def price_from_state(state: str | None, unit: str | None, bound: float) -> Price:
    """A price entity's state in its unit, as a price per kWh.

    No unit, or a currency alone, is taken as per kWh; a price per other energy unit (Wh, MWh,
    MJ...) is converted, and one in cents (ct/kWh, c/kWh, p/kWh) too. Per anything else (m³,
    therm, hour) it is no price.
    """
    if state is None or state in ("unavailable", "unknown", ""):
        return Price(None, PriceProblem.UNAVAILABLE)
    try:
        value = float(state)
    except ValueError:
        return Price(None, PriceProblem.NOT_A_NUMBER)
    if not math.isfinite(value):
        return Price(None, PriceProblem.NOT_A_NUMBER)
    money, slash, per = (unit or "").strip().partition("/")
    factor = 0.01 if money.strip().casefold() in SUBUNITS else 1.0
    if slash:
        kwh = KWH_PER_ENERGY_UNIT.get(per.strip().casefold())
        if kwh is None:
            return Price(None, PriceProblem.UNKNOWN_UNIT)
        factor /= kwh
    return checked_price(value * factor, bound)


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
class CountedInterval:
    """An interval the meter counted: when it started, how long, how much energy."""

    start: datetime
    duration: timedelta
    energy_kwh: float


TOTALS = ("energy_kwh", "cost", "heat_kwh", "baseboard_cost", "gas_cost", "cost_of_heating")
# Totals charged at the electricity price: below 0 after enough hours of negative prices.
SIGNED_TOTALS = frozenset({"cost", "baseboard_cost", "cost_of_heating"})


def _valid_total(value: object, signed: bool = False) -> TypeGuard[float]:
    lowest = -MAX_STORED_TOTAL if signed else 0.0
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and lowest <= value <= MAX_STORED_TOTAL  # also false for NaN
    )


@dataclass(slots=True)
class CostMeter:
    """Totals integrated from samples: energy, cost, heat, and what baseboard and gas would cost.

    Each sample's power and price hold until the next sample. A next sample more than
    MAX_SAMPLE_GAP later (the head was unreachable), dated before the last one (the clock went
    back) or a missing sample ends the interval without counting it, so an offline gap or a clock
    jump adds nothing and counting resumes from the next sample. A price that is not a finite
    number within the limits' bound (or a negative gas price) is no price: the money totals stand
    still meanwhile. A negative electricity price counts: the money totals charged at it (cost,
    cost of heating, baseboard cost) go down. Energy, heat and gas cost never go down. A reading
    beyond what the head can draw or move (the limits) counts as no reading.
    """

    energy_kwh: float = 0.0
    cost: float = 0.0
    heat_kwh: float = 0.0
    baseboard_cost: float = 0.0
    gas_cost: float = 0.0
    cost_of_heating: float = 0.0
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS, repr=False, compare=False)
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
                counted = self._count(self._last_at, elapsed)
        limits = self.limits
        self._last_at = at
        self._last_reading = reading if reading is not None and limits.plausible(reading) else None
        self._last_price = checked_price(price_per_kwh, limits.max_price_per_kwh).per_kwh
        self._last_gas_heat_price = checked_price(
            gas_heat_price_per_kwh, limits.max_gas_heat_price_per_kwh, gas=True
        ).per_kwh
        return counted

    def gap(self) -> None:
        """The head stopped answering: nothing counts until the next sample."""
        self._last_reading = None

    def _count(self, start: datetime, elapsed: timedelta) -> CountedInterval | None:
        """Add the interval's energy, heat and money; nothing if any of it is not finite."""
        reading = self._last_reading
        assert reading is not None
        hours = elapsed.total_seconds() / 3600.0
        price, gas_price = self._last_price, self._last_gas_heat_price
        energy = reading.input_w * hours / 1000.0
        heating = reading.mode is Mode.HEAT and reading.delivered_w > 0
        heat = reading.delivered_w * hours / 1000.0 if heating else 0.0
        added = {
            "energy_kwh": energy,
            "cost": 0.0 if price is None else energy * price,
            "heat_kwh": heat,
            "cost_of_heating": 0.0 if price is None or not heating else energy * price,
            "baseboard_cost": 0.0 if price is None else heat * price,
            "gas_cost": 0.0 if gas_price is None else heat * gas_price,
        }
        totals = {name: getattr(self, name) + added[name] for name in TOTALS}
        if not all(math.isfinite(total) for total in totals.values()):
            return None
        for name, total in totals.items():
            setattr(self, name, total)
        return CountedInterval(start, elapsed, energy)

    def as_dict(self) -> dict[str, float]:
        """The totals, for storage (always finite numbers)."""
        return {name: getattr(self, name) for name in TOTALS}

    @classmethod
    def restore(cls, data: object) -> tuple[CostMeter, dict[str, object]]:
        """Totals from storage, each on its own, and what was dropped (unreadable: from 0).

        A money total charged at the electricity price may be negative; energy, heat and gas cost
        may not. The interval in progress is not restored (a restart is a gap).
        """
        stored: Mapping[Any, Any] = data if isinstance(data, Mapping) else {}
        meter = cls()
        dropped: dict[str, object] = {}
        for name in TOTALS:
            if _valid_total(value := stored.get(name), signed=name in SIGNED_TOTALS):
                setattr(meter, name, float(value))
            else:
                dropped[name] = value
        return meter, dropped

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CostMeter:
        """Totals from storage; an unreadable total starts from 0 (see restore)."""
        return cls.restore(data)[0]


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
            moved = self._add_to_batch(measured, estimated) or moved
        self._forget_before(now - CALIBRATION_MEMORY)
        self._forget_after(now + timedelta(days=1))
        return moved

    def observe_day(
        self, day: date, measured_kwh: float | None, now: datetime, max_day_kwh: float = math.inf
    ) -> bool:
        """Compare a completed day's measured total with the estimate; return whether it moved.

        For heads that publish daily totals only. The day counts once, when it is over and the
        estimate covered CALIBRATION_MIN_COVERAGE of it; an unreadable or impossible total is
        skipped.
        """
        moved = False
        start = datetime(day.year, day.month, day.day, tzinfo=now.tzinfo)
        key = start.strftime("%Y-%m-%d")
        if (
            measured_kwh is not None
            and 0.0 <= measured_kwh <= max_day_kwh
            and key not in self.compared
            and start + timedelta(days=1) <= now
        ):
            hours = [_hour_key(start + timedelta(hours=hour)) for hour in range(24)]
            covered = sum(self.covered_s.get(hour, 0.0) for hour in hours)
            if covered >= CALIBRATION_MIN_COVERAGE * 86_400:
                self.compared.add(key)
                estimated = sum(self.estimated.get(hour, 0.0) for hour in hours)
                moved = self._add_to_batch(measured_kwh, estimated)
        self._forget_before(now - CALIBRATION_MEMORY)
        self._forget_after(now + timedelta(days=1))
        return moved

    def _add_to_batch(self, measured: float, estimated: float) -> bool:
        """Add a compared period; once the batch is big enough, move the scale (return True)."""
        self.batch_measured_kwh += measured
        self.batch_estimated_kwh += estimated
        if self.batch_measured_kwh < CALIBRATION_BATCH_KWH or self.batch_estimated_kwh <= 0:
            return False
        ratio = self.batch_measured_kwh / self.batch_estimated_kwh
        low, high = CALIBRATION_LIMITS
        scale = self.load_scale * ratio ** (1 / PART_LOAD_EXPONENT)
        self.load_scale = min(max(scale, low), high)
        self.batch_measured_kwh = self.batch_estimated_kwh = 0.0
        return True

    def _forget_before(self, moment: datetime) -> None:
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
            "batch_measured_kwh": self.batch_measured_kwh,
            "batch_estimated_kwh": self.batch_estimated_kwh,
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
            if _valid_total(value) and lowest <= value <= highest:
                return float(value)
            dropped.append(name)
            return default

        def hours(name: str) -> dict[str, float]:
            book = stored.get(name)
            book = book if isinstance(book, Mapping) else {}
            return {str(k): float(v) for k, v in book.items() if _valid_total(v)}

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
            batch_measured_kwh=number("batch_measured_kwh", 0.0, MAX_STORED_TOTAL, 0.0),
            batch_estimated_kwh=number("batch_estimated_kwh", 0.0, MAX_STORED_TOTAL, 0.0),
            estimated={k: v for k, v in estimated.items() if k in both},
            covered_s={k: v for k, v in covered_s.items() if k in both},
            compared={str(key) for key in compared},
        )
        return calibration, dropped

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        """The calibration from storage (see restore)."""
        return cls.restore(data)[0]
