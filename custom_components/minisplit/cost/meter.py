"""Totals integrated from samples: energy, cost, heat, and what baseboard and gas would cost."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, TypeGuard

from ..costcore import Mode
from .clock import elapsed
from .estimate import DEFAULT_LIMITS, Limits, Reading
from .price import checked_price

# A sample further apart than this from the previous one is a gap (offline): not integrated.
# So is a sample dated before the previous one (the clock went back); sampling resumes from it.
MAX_SAMPLE_GAP = timedelta(minutes=5)
# A stored total above this is corrupt: 10 kW for a century is 8.8 million kWh, at the price bound
# 880 million.
MAX_STORED_TOTAL = 1e12


@dataclass(frozen=True, slots=True)
class CountedInterval:
    """An interval the meter counted: when it started, how long, how much energy."""

    start: datetime
    duration: timedelta
    energy_kwh: float
    # What the estimate alone gives for the interval (the calibration compares it with what the
    # unit measured): the energy, unless a sensor of the unit measured it.
    estimated_kwh: float


@dataclass(frozen=True, slots=True)
class MeasuredInput:
    """What a sensor of the unit measures now: its power (W) or its running energy total (kWh)."""

    power_w: float | None = None
    total_kwh: float | None = None


# An energy sensor counts in steps (0.01-0.1 kWh): a step may land in a short interval.
TOTAL_STEP_KWH = 0.1


def measured_reading(
    reading: Reading | None, power_w: float | None, limits: Limits
) -> Reading | None:
    """The reading with the unit's measured power as its input; the estimate's COP for its heat.

    A measured power that is not a finite number within what the unit can draw is not believed:
    the estimate stands.
    """
    if power_w is None or not math.isfinite(power_w) or not 0.0 <= power_w <= limits.max_input_w:
        return reading
    if reading is None:
        return Reading(power_w, 0.0, None)
    cop = reading.cop
    return replace(reading, input_w=power_w, delivered_w=power_w * cop if cop else 0.0)


TOTALS = ("energy_kwh", "cost", "heat_kwh", "baseboard_cost", "gas_cost", "cost_of_heating")
# Totals charged at the electricity price: below 0 after enough hours of negative prices.
SIGNED_TOTALS = frozenset({"cost", "baseboard_cost", "cost_of_heating"})


def valid_total(value: object, signed: bool = False) -> TypeGuard[float]:
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
    _last_total_kwh: float | None = field(default=None, repr=False)
    _last_estimate: Reading | None = field(default=None, repr=False)

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
        measured_total_kwh: float | None = None,
        estimate: Reading | None = None,
    ) -> CountedInterval | None:
        """Close the interval since the last sample, then start a new one from this sample.

        With the unit's energy total (`measured_total_kwh`), the interval counts what the total
        grew by, also across a gap (the energy was used; it lands when it is read); a total that
        went down (reset) or grew beyond what the unit can draw counts the estimate instead.
        """
        counted = None
        limits = self.limits
        total = measured_total_kwh
        if total is not None and not (math.isfinite(total) and total >= 0):
            total = None
        grown = None
        last_at = self._last_at
        span = None if last_at is None else elapsed(last_at, at)
        if span is not None and total is not None and self._last_total_kwh is not None:
            most = limits.max_input_w * max(span.total_seconds(), 0.0) / 3.6e6 + TOTAL_STEP_KWH
            if span > timedelta(0) and 0.0 <= total - self._last_total_kwh <= most:
                grown = total - self._last_total_kwh
        if (
            last_at is not None
            and span is not None
            and (self._last_reading is not None or grown is not None)
            and (grown is not None or timedelta(0) < span <= MAX_SAMPLE_GAP)
        ):
            counted = self._count(last_at, span, grown)
        if at != self._last_at or self._last_total_kwh is None or total is None:
            # Sampled again at the same instant (another source entity changed): what the
            # total grew by meanwhile counts with the next interval, not nowhere.
            self._last_total_kwh = total
        self._last_at = at
        self._last_reading = reading if reading is not None and limits.plausible(reading) else None
        estimate = reading if estimate is None else estimate
        self._last_estimate = (
            estimate if estimate is not None and limits.plausible(estimate) else None
        )
        self._last_price = checked_price(price_per_kwh, limits.max_price_per_kwh).per_kwh
        self._last_gas_heat_price = checked_price(
            gas_heat_price_per_kwh, limits.max_gas_heat_price_per_kwh, gas=True
        ).per_kwh
        return counted

    def gap(self) -> None:
        """The head stopped answering: nothing counts until the next sample."""
        self._last_reading = None

    def _count(
        self, start: datetime, elapsed: timedelta, measured_kwh: float | None
    ) -> CountedInterval | None:
        """Add the interval's energy, heat and money; nothing if any of it is not finite.

        Measured energy, where there is some, is the interval's energy; its heat follows the
        estimate's COP.
        """
        reading = self._last_reading or Reading(0.0, 0.0, None)
        hours = elapsed.total_seconds() / 3600.0
        price, gas_price = self._last_price, self._last_gas_heat_price
        energy = reading.input_w * hours / 1000.0 if measured_kwh is None else measured_kwh
        heating = reading.mode is Mode.HEAT and reading.delivered_w > 0
        cop = reading.cop if heating else None
        heat = energy * cop if cop else 0.0
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
        estimate = self._last_estimate
        estimated = energy if estimate is None else estimate.input_w * hours / 1000.0
        return CountedInterval(start, elapsed, energy, estimated)

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
            if valid_total(value := stored.get(name), signed=name in SIGNED_TOTALS):
                setattr(meter, name, float(value))
            else:
                dropped[name] = value
        return meter, dropped

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CostMeter:
        """Totals from storage; an unreadable total starts from 0 (see restore)."""
        return cls.restore(data)[0]
