"""What a user would pick instead of the companion, from the same nameplate and signals.

- Fixed wattage while the entity shows heating (or cooling): PowerCalc's fixed mode. The wattage
  is the rated input at the rated speed at 47 degF (95 degF in cooling): the "rated power input"
  of the spec sheet and AHRI certificate, the figure a user finds next to the rated capacity.
  (Rated capacity / (HSPF / 3.412) would be a seasonal average instead; a spec sheet's input is
  what PowerCalc's users type in.) An entity without hvac_action shows its mode: heat all day.
- Degree-hours: kWh = sum over hours of max(0, 18 degC - T_out) x UA / seasonal COP, with UA from
  the design point (the rated capacity just covers the loss at the design temperature, on the
  same 18 degC base) and the seasonal COP HSPF / 3.412; in cooling max(0, T_out - 24 degC), UA
  from the rated cooling capacity at 35 degC, and SEER / 3.412.
"""

from __future__ import annotations

from collections.abc import Sequence

from .unit import BTUH_TO_W, Mode, UnitSpec
from .weather import W_MINUTES_PER_KWH

HEATING_BASE_C = 18.0
COOLING_BASE_C = 24.0
COOLING_DESIGN_C = 35.0
WH_PER_BTU = 3.412


def fixed_wattage_kwh(unit: UnitSpec, mode: Mode, actions: Sequence[str | None]) -> float:
    """kWh of a fixed wattage over the minutes the entity shows running (mode when no action)."""
    running = "heating" if mode is Mode.HEAT else "cooling"
    minutes = sum(1 for action in actions if action in (None, running))
    return unit.rated_input_w(mode) * minutes / W_MINUTES_PER_KWH


def degree_hour_kwh(
    unit: UnitSpec, mode: Mode, design_c: float, outdoor_c: Sequence[float]
) -> float:
    """kWh by degree-hours of the outdoor sensor's hourly means."""
    hours = [outdoor_c[h : h + 60] for h in range(0, len(outdoor_c) - 59, 60)]
    means = [sum(hour) / len(hour) for hour in hours]
    if mode is Mode.HEAT:
        capacity = (unit.heating_capacity_btuh or 0.0) * BTUH_TO_W
        ua = capacity / (HEATING_BASE_C - design_c)
        cop = unit.hspf / WH_PER_BTU
        degree_hours = sum(max(0.0, HEATING_BASE_C - t) for t in means)
    else:
        capacity = (unit.cooling_capacity_btuh or 0.0) * BTUH_TO_W
        ua = capacity / (COOLING_DESIGN_C - COOLING_BASE_C)
        cop = unit.seer / WH_PER_BTU
        degree_hours = sum(max(0.0, t - COOLING_BASE_C) for t in means)
    return degree_hours * ua / cop / 1000.0
