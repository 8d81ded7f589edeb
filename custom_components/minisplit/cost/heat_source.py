"""Heat pump or gas: which is cheaper now, and the outdoor temperature where they break even."""

from __future__ import annotations

from typing import Any

from ..costcore import HeatPump, Mode, break_even_outdoor_c
from .estimate import HeatSource, Reading, typical_heating_cop
from .settings import CostSettings

# The room temperature assumed when the unit reports none.
DEFAULT_INDOOR_C = 20.0


def comparison_load_w(heat_pump: HeatPump, reading: Reading | None) -> float:
    """The heating load to compare at: what the unit delivers now, else half its rating."""
    if reading is not None and reading.mode is Mode.HEAT and reading.delivered_w:
        return reading.delivered_w
    return (heat_pump.rated_capacity_w(Mode.HEAT) or 0.0) / 2


def cheapest_heat_source(
    heat_pump: HeatPump,
    reading: Reading | None,
    price_per_kwh: float | None,
    gas_heat_price_per_kwh: float | None,
    outdoor_c: float | None,
    indoor_c: float,
) -> HeatSource | None:
    """Heat pump or gas, whichever gives a kWh of heat for less right now."""
    if gas_heat_price_per_kwh is None or price_per_kwh is None or outdoor_c is None:
        return None
    cop = reading.cop if reading and reading.mode is Mode.HEAT else None
    if cop is None:
        cop = typical_heating_cop(heat_pump, outdoor_c, indoor_c)
    return HeatSource.HEAT_PUMP if price_per_kwh / cop <= gas_heat_price_per_kwh else HeatSource.GAS


class BreakEven:
    """The break-even outdoor temperature, searched again only when its inputs change.

    The search is the costliest step of a sample; while the ratings, room temperature, load and
    prices stay the same, the last result is reused.
    """

    def __init__(self) -> None:
        """Nothing searched yet."""
        self._last: tuple[tuple[Any, ...], float | None] | None = None
        self.searches = 0  # how many searches ran (the benchmark counts them)

    def outdoor_c(
        self,
        heat_pump: HeatPump,
        settings: CostSettings,
        indoor_c: float,
        load_w: float,
        price_per_kwh: float | None,
        gas_heat_price_per_kwh: float | None,
    ) -> float | None:
        """Outdoor temperature below which gas heat is cheaper at this load.

        None without both prices, or when the search fails (tried again next time).
        """
        if price_per_kwh is None or gas_heat_price_per_kwh is None:
            return None
        inputs = (
            indoor_c,
            load_w,
            price_per_kwh,
            settings.afue,
            settings.gas_price_per_therm,
            None if settings.gas_price_per_therm else settings.gas_price_per_kwh,
        )
        last = self._last
        if last is not None and last[0][0] is heat_pump and last[0][1:] == inputs:
            return last[1]
        self._last = None  # a failing search is tried again next time
        self.searches += 1
        indoor_c, load_w, price, afue, per_therm, per_kwh = inputs
        try:
            result = break_even_outdoor_c(
                heat_pump,
                indoor_c,
                load_w,
                price,
                afue,
                gas_price_per_therm=per_therm,
                gas_price_per_kwh=per_kwh,
            )
        except (ArithmeticError, ValueError):
            return None
        self._last = ((heat_pump, *inputs), result)
        return result
