"""Heat pump or gas: which is cheaper now, and the outdoor temperature where they break even."""

from __future__ import annotations

from typing import Any

from ..costcore import HeatPump, Mode, break_even_outdoor_c
from .estimate import HeatSource
from .settings import CostSettings

# The room temperature assumed when the unit reports none.
DEFAULT_INDOOR_C = 20.0
# The load compared at is rounded to this (W): 50 W moves the COP by a fraction of a percent,
# and the break-even search then runs again only when the house's load really moved.
LOAD_STEP_W = 50.0


def comparison_load_w(heat_pump: HeatPump, heat_load_w: float | None) -> float:
    """The heating load to compare at: the house's while the unit heats, else half its rating."""
    if heat_load_w:
        return max(round(heat_load_w / LOAD_STEP_W), 1) * LOAD_STEP_W
    return (heat_pump.rated_capacity_w(Mode.HEAT) or 0.0) / 2


def cheapest_heat_source(
    heat_pump: HeatPump,
    load_w: float,
    price_per_kwh: float | None,
    gas_heat_price_per_kwh: float | None,
    outdoor_c: float | None,
    indoor_c: float,
) -> HeatSource | None:
    """Heat pump or gas, whichever gives a kWh of heat for less now, at the load compared at.

    At the same load as the break-even temperature (`comparison_load_w`): the heat pump is
    cheaper exactly when it is warmer outside than that temperature.
    """
    if gas_heat_price_per_kwh is None or price_per_kwh is None or outdoor_c is None:
        return None
    cop = heat_pump.estimate(Mode.HEAT, outdoor_c, indoor_c, load_w).cop
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
