"""Electrical input for a delivered capacity; capacity from compressor frequency; building load.

Where the delivered capacity sits between minimum and maximum capacity at the current temperatures
tells where the compressor runs; the input follows the map between its speed points as a power law,
P ~ Q ** n (n from the neighbouring points, 1.2-1.6 for typical units, so input rises faster than
output). Below minimum capacity the compressor cycles, with the part-load factor
PLF = 1 - C_D (1 - PLR). Above the map's maximum capacity the unit must be bigger than
typical; the maximum-speed COP is held and the estimate is flagged. In heating, defrost in the frost
band and a pan heater below ~35 degF add to the input.
"""

from __future__ import annotations

import math
from enum import StrEnum

from .performance import MIN_COP, Mode, carnot_cop, cop_bound, defrost_weight
from .record import Record
from .units import f_to_c

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .performance import OperatingPoint, PerformanceMap

#: Cycling degradation coefficient C_D (AHRI 210/240 default 0.25; field values reach 0.40).
DEFAULT_CYCLING_CD = 0.25
#: Pan heaters run below about 32-37 degF (heat-pump-performance.md).
PAN_HEATER_BELOW_C = f_to_c(35.0)
#: Power-law exponent used where the map gives none (doc: n ~ 1.3-1.6 between min and max speed).
DEFAULT_PART_LOAD_EXPONENT = 1.4
#: The power law is never steeper or flatter than this when extended beyond maximum capacity.
EXPONENT_LIMITS = (1.5, 1.5)


class Regime(StrEnum):
    """Where the compressor runs for the requested capacity."""

    OFF = "off"
    CYCLING = "cycling"
    MODULATING = "modulating"
    ABOVE_MAX = "above_max"


class Estimate(Record):
    """Estimated electrical input for a delivered capacity at given temperatures."""

    _fields = (
        "mode",
        "outdoor_c",
        "indoor_c",
        "delivered_w",
        "input_w",
        "regime",
        "speed_fraction",
        "min_capacity_w",
        "max_capacity_w",
        "pan_heater_w",
        "defrost_weight",
        "carnot_cop",
        "assumed_rated_capacity_w",
    )
    __slots__ = _fields
    mode: Mode
    outdoor_c: float
    indoor_c: float
    delivered_w: float
    input_w: float
    regime: Regime
    speed_fraction: float
    min_capacity_w: float
    max_capacity_w: float
    pan_heater_w: float
    defrost_weight: float
    carnot_cop: float
    assumed_rated_capacity_w: float | None

    def __init__(
        self,
        mode: Mode,
        outdoor_c: float,
        indoor_c: float,
        delivered_w: float,
        input_w: float,
        regime: Regime,
        speed_fraction: float,
        min_capacity_w: float,
        max_capacity_w: float,
        pan_heater_w: float,
        defrost_weight: float,
        carnot_cop: float,
        assumed_rated_capacity_w: float | None = None,
    ) -> None:
        """Set the fields."""
        self._assign(
            mode,
            outdoor_c,
            indoor_c,
            delivered_w,
            input_w,
            regime,
            speed_fraction,
            min_capacity_w,
            max_capacity_w,
            pan_heater_w,
            defrost_weight,
            carnot_cop,
            assumed_rated_capacity_w,
        )

    @property
    def cop(self) -> float:
        """Delivered capacity over electrical input (0 when off)."""
        return self.delivered_w / self.input_w if self.input_w > 0.0 else 0.0

    @property
    def load_fraction(self) -> float:
        """Delivered capacity over the maximum capacity at these temperatures."""
        return self.delivered_w / self.max_capacity_w if self.max_capacity_w > 0.0 else 0.0


def _exponent(a: OperatingPoint, b: OperatingPoint) -> float:
    """Power-law exponent n of P ~ Q ** n through two operating points."""
    if a.capacity_w <= 0.0 or b.capacity_w <= 0.0 or a.capacity_w == b.capacity_w:
        return DEFAULT_PART_LOAD_EXPONENT
    return math.log(b.input_w / a.input_w) / math.log(b.capacity_w / a.capacity_w)


def part_load_factor(part_load_ratio: float, cd: float = DEFAULT_CYCLING_CD) -> float:
    """Part-load factor PLF = 1 - C_D (1 - PLR) of a cycling compressor."""
    plr = min(max(part_load_ratio, 0.0), 1.0)
    return 1.0 - cd * (1.0 - plr)


def compressor_input_w(
    points: tuple[OperatingPoint, OperatingPoint, OperatingPoint],
    delivered_w: float,
    cd: float = DEFAULT_CYCLING_CD,
) -> tuple[float, Regime, float]:
    """Compressor-side input for a delivered capacity, the regime, and the speed fraction."""
    low, mid, high = points
    if delivered_w <= 0.0:
        return 0.0, Regime.OFF, 0.0
    if delivered_w < low.capacity_w:
        plr = delivered_w / low.capacity_w
        return low.input_w * plr / part_load_factor(plr, cd), Regime.CYCLING, 0.0
    span = high.capacity_w - low.capacity_w
    fraction = (delivered_w - low.capacity_w) / span if span > 0.0 else 1.0
    if delivered_w <= mid.capacity_w:
        n = _exponent(low, mid)
        return low.input_w * (delivered_w / low.capacity_w) ** n, Regime.MODULATING, fraction
    if delivered_w <= high.capacity_w:
        n = _exponent(mid, high)
        return mid.input_w * (delivered_w / mid.capacity_w) ** n, Regime.MODULATING, fraction
    # Beyond the map's maximum the unit is bigger than typical: hold the maximum-speed COP.
    return delivered_w / high.cop, Regime.ABOVE_MAX, 1.0


def idle_estimate(mode: Mode, outdoor_c: float, indoor_c: float) -> Estimate:
    """The estimate of a unit that delivers nothing (compressor off, no pan heater counted)."""
    return Estimate(
        mode=mode,
        outdoor_c=outdoor_c,
        indoor_c=indoor_c,
        delivered_w=0.0,
        input_w=0.0,
        regime=Regime.OFF,
        speed_fraction=0.0,
        min_capacity_w=0.0,
        max_capacity_w=0.0,
        pan_heater_w=0.0,
        defrost_weight=0.0,
        carnot_cop=carnot_cop(mode, indoor_c, outdoor_c),
    )


def estimate_input(
    perf: PerformanceMap,
    outdoor_c: float,
    indoor_c: float,
    delivered_w: float,
    *,
    pan_heater_w: float = 0.0,
    cd: float = DEFAULT_CYCLING_CD,
) -> Estimate:
    """Electrical input (W) of a unit delivering delivered_w at these temperatures."""
    if delivered_w < 0.0:
        msg = "delivered capacity cannot be negative"
        raise ValueError(msg)
    points = perf.operating_points(outdoor_c, indoor_c)
    compressor_w, regime, fraction = compressor_input_w(points, delivered_w, cd)
    # No estimate may beat the Carnot bound nor fall below resistance heating.
    if compressor_w > 0.0:
        bound = cop_bound(perf.mode, indoor_c, outdoor_c)
        compressor_w = min(max(compressor_w, delivered_w / bound), delivered_w / MIN_COP)
    pan = (
        pan_heater_w
        if perf.mode is Mode.HEAT and regime is not Regime.OFF and outdoor_c <= PAN_HEATER_BELOW_C
        else 0.0
    )
    return Estimate(
        mode=perf.mode,
        outdoor_c=outdoor_c,
        indoor_c=indoor_c,
        delivered_w=delivered_w,
        input_w=compressor_w + pan,
        regime=regime,
        speed_fraction=fraction,
        min_capacity_w=points[0].capacity_w,
        max_capacity_w=points[2].capacity_w,
        pan_heater_w=pan,
        defrost_weight=defrost_weight(outdoor_c)
        if perf.mode is Mode.HEAT and perf.defrost
        else 0.0,
        carnot_cop=carnot_cop(perf.mode, indoor_c, outdoor_c),
    )


def capacity_from_frequency(
    perf: PerformanceMap,
    outdoor_c: float,
    indoor_c: float,
    frequency_hz: float,
    *,
    min_frequency_hz: float,
    max_frequency_hz: float,
) -> float:
    """Delivered capacity (W) at a compressor frequency.

    A rotary or scroll compressor displaces a fixed volume per turn, so refrigerant flow, and with
    it capacity, is close to linear in speed: minimum capacity at the minimum frequency, maximum
    capacity at the maximum frequency. Zero frequency means the compressor is idle.
    """
    if frequency_hz <= 0.0:
        return 0.0
    if not 0.0 < min_frequency_hz < max_frequency_hz:
        msg = "need 0 < min_frequency_hz < max_frequency_hz"
        raise ValueError(msg)
    low, _, high = perf.operating_points(outdoor_c, indoor_c)
    if frequency_hz < min_frequency_hz:
        return low.capacity_w * frequency_hz / min_frequency_hz
    fraction = min((frequency_hz - min_frequency_hz) / (max_frequency_hz - min_frequency_hz), 1.0)
    return low.capacity_w + fraction * (high.capacity_w - low.capacity_w)


def ua_w_per_k(design_load_w: float, design_indoor_c: float, design_outdoor_c: float) -> float:
    """Building heat-loss coefficient UA = design load / (indoor - outdoor design temperature)."""
    delta = abs(design_indoor_c - design_outdoor_c)
    if delta <= 0.0 or design_load_w <= 0.0:
        msg = "design load and a design temperature difference are required"
        raise ValueError(msg)
    return design_load_w / delta


def building_load_w(
    mode: Mode,
    outdoor_c: float,
    *,
    ua_w_per_k: float,
    balance_c: float,
) -> float:
    """Building load (W): UA x (balance - outdoor) heating, UA x (outdoor - balance) cooling.

    The balance temperature is the outdoor temperature at which internal and solar gains cover the
    losses (heating) or the building needs no cooling; zero load beyond it.
    """
    diff = balance_c - outdoor_c if mode is Mode.HEAT else outdoor_c - balance_c
    return max(0.0, ua_w_per_k * diff)
