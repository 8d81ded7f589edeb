"""The running-cost options, parsed: ratings, capacities, compressor range and prices."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..costcore import HeatPump, Mode, PublishedPoint, Speed, btuh_to_w, f_to_c
from ..costcore.money import gas_fuel_price_per_kwh
from ..costcore.options import (
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
    point_words,
)

# Compressor frequency range of a typical Daikin inverter head (Hz), used unless the user sets it.
DEFAULT_MIN_COMPRESSOR_HZ = 15.0
DEFAULT_MAX_COMPRESSOR_HZ = 90.0
# A typical 3.5 kW (12,000 Btu/h) ductless head, assumed when the nameplate capacity is not given.
DEFAULT_RATED_CAPACITY_BTUH = 12000.0
# Ratings assumed until the user gives the nameplate (close to the NEEP 2017 ductless medians).
DEFAULT_HSPF = 10.0
DEFAULT_SEER = 20.0


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
    # Whether the user gave the compressor's range (else it is learned: cost/frequency.py).
    frequency_range_set: bool = False

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
            frequency_range_set=(
                MIN_COMPRESSOR_HZ.number(options) is not None
                or MAX_COMPRESSOR_HZ.number(options) is not None
            ),
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
        if (words := point_words(line)) is None:
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
