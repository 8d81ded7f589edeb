"""Performance map: capacity and COP at minimum, rated and maximum compressor speed.

The map is a set of anchors (outdoor temperature, capacity, COP) per compressor speed. Between and
beyond the anchors the map follows physics rather than straight lines:

- COP is a second-law efficiency times the Carnot COP between the refrigerant temperatures, which
  sit an approach temperature away from the air temperatures. The efficiency is what gets
  interpolated (linearly in outdoor temperature, held constant beyond the outermost anchors), so
  extrapolation and indoor-temperature changes follow the Carnot shape.
- Capacity is interpolated linearly in outdoor temperature and extrapolated with the end slope,
  within limits.

Anchors come from the nameplate (priors anchored to HSPF, SEER, EER and the rated capacities, using
published statistics of the NEEP cold-climate listing) or, taking precedence, from published
performance points of the actual unit.
"""

from __future__ import annotations

import math
from enum import StrEnum

from .record import Record
from .units import btu_per_wh_to_cop, c_to_k, f_to_c, w_to_btuh

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from .ratings import Ratings

#: No estimate may exceed this fraction of the air-temperature Carnot COP (doc: minimum-speed
#: points reach up to ~0.5 x air-Carnot; real units reach 13-28 % of it at rated conditions).
CARNOT_FRACTION_MAX = 0.5
#: Below this COP a heat pump would be better off as a resistance heater; estimates never go lower.
MIN_COP = 1.0

#: Indoor dry bulb of the heating ratings and of the NEEP points (70 degF).
HEAT_RATING_INDOOR_C = f_to_c(70.0)
#: Indoor dry bulb of the cooling ratings (AHRI 210/240: 80 degF dry bulb, 67 degF wet bulb).
COOL_RATING_INDOOR_C = f_to_c(80.0)


class Mode(StrEnum):
    """Operating mode of the heat pump."""

    HEAT = "heat"
    COOL = "cool"


class Speed(StrEnum):
    """Compressor speeds a published performance point can describe."""

    MIN = "min"
    RATED = "rated"
    MAX = "max"


SPEEDS: tuple[Speed, Speed, Speed] = (Speed.MIN, Speed.RATED, Speed.MAX)


class Approach(Record):
    """Refrigerant-to-air approach temperatures (K) of the indoor and the outdoor coil."""

    _fields = ("indoor_k", "outdoor_k")
    __slots__ = _fields
    indoor_k: float
    outdoor_k: float

    def __init__(self, indoor_k: float, outdoor_k: float) -> None:
        """Set the fields."""
        self._assign(indoor_k, outdoor_k)


#: Heating: condensing ~28 K above indoor air, evaporating ~12 K below outdoor air. With these, a
#: constant second-law efficiency near 0.50 reproduces the NEEP max-speed temperature trend
#: (heat-pump-performance.md).
HEAT_APPROACH = Approach(indoor_k=28.0, outdoor_k=12.0)
#: Cooling: evaporating ~20 K below indoor air (40-45 degF at an 80 degF return), condensing ~12 K
#: above outdoor air. A constant efficiency then gives COP(95 degF) / COP(82 degF) = 0.82, the
#: documented 15-19 % drop between the two rating temperatures.
COOL_APPROACH = Approach(indoor_k=20.0, outdoor_k=12.0)

#: Defrost (AHRI 210/240 and Title 24 default at 35 degF): capacity x0.90, power x0.985. Frost
#: forms roughly between 17 and 45 degF; the penalty grows linearly from those edges to 35 degF.
DEFROST_BAND_LOW_C = f_to_c(17.0)
DEFROST_PEAK_C = f_to_c(35.0)
DEFROST_BAND_HIGH_C = f_to_c(45.0)
DEFROST_CAPACITY_FACTOR = 0.90
DEFROST_POWER_FACTOR = 0.985

#: Capacity extrapolation beyond the outermost anchors changes capacity by at most this fraction.
CAPACITY_EXTRAPOLATION_LIMIT = 0.35


def carnot_cop(mode: Mode, indoor_c: float, outdoor_c: float) -> float:
    """Carnot COP between the indoor and outdoor air temperatures (inf when there is no lift)."""
    t_in = c_to_k(indoor_c)
    t_out = c_to_k(outdoor_c)
    # The useful end is indoors either way: the heat delivered, or the heat removed.
    lift = t_in - t_out if mode is Mode.HEAT else t_out - t_in
    return math.inf if lift <= 0.0 else t_in / lift


def refrigerant_carnot_cop(
    mode: Mode, indoor_c: float, outdoor_c: float, approach: Approach | None = None
) -> float:
    """Carnot COP between the refrigerant temperatures implied by the coil approaches."""
    if mode is Mode.HEAT:
        app = approach or HEAT_APPROACH
        condensing = c_to_k(indoor_c) + app.indoor_k
        evaporating = c_to_k(outdoor_c) - app.outdoor_k
        return condensing / max(condensing - evaporating, 1.0)
    app = approach or COOL_APPROACH
    evaporating = c_to_k(indoor_c) - app.indoor_k
    condensing = c_to_k(outdoor_c) + app.outdoor_k
    return evaporating / max(condensing - evaporating, 1.0)


def cop_bound(mode: Mode, indoor_c: float, outdoor_c: float) -> float:
    """The highest COP any estimate may report: CARNOT_FRACTION_MAX of the air Carnot COP."""
    return CARNOT_FRACTION_MAX * carnot_cop(mode, indoor_c, outdoor_c)


def defrost_weight(outdoor_c: float) -> float:
    """How much of the full defrost penalty applies at this outdoor temperature (0..1)."""
    if outdoor_c <= DEFROST_BAND_LOW_C or outdoor_c >= DEFROST_BAND_HIGH_C:
        return 0.0
    if outdoor_c <= DEFROST_PEAK_C:
        return (outdoor_c - DEFROST_BAND_LOW_C) / (DEFROST_PEAK_C - DEFROST_BAND_LOW_C)
    return (DEFROST_BAND_HIGH_C - outdoor_c) / (DEFROST_BAND_HIGH_C - DEFROST_PEAK_C)


def defrost_factors(outdoor_c: float) -> tuple[float, float]:
    """Integrated (capacity, power) multipliers for defrost at this outdoor temperature."""
    weight = defrost_weight(outdoor_c)
    return (
        1.0 - weight * (1.0 - DEFROST_CAPACITY_FACTOR),
        1.0 - weight * (1.0 - DEFROST_POWER_FACTOR),
    )


class Anchor(Record):
    """Steady-state capacity and COP at one outdoor temperature and the map's reference indoor."""

    _fields = ("outdoor_c", "capacity_w", "cop")
    __slots__ = _fields
    outdoor_c: float
    capacity_w: float
    cop: float

    def __init__(self, outdoor_c: float, capacity_w: float, cop: float) -> None:
        """Set the fields."""
        self._assign(outdoor_c, capacity_w, cop)


class PublishedPoint(Record):
    """A published performance point of the actual unit (e.g. a NEEP 47/17/5 degF min/max entry)."""

    _fields = ("mode", "outdoor_c", "speed", "capacity_w", "input_w", "indoor_c")
    __slots__ = _fields
    mode: Mode
    outdoor_c: float
    speed: Speed
    capacity_w: float
    input_w: float
    indoor_c: float | None

    def __init__(
        self,
        mode: Mode,
        outdoor_c: float,
        speed: Speed,
        capacity_w: float,
        input_w: float,
        indoor_c: float | None = None,
    ) -> None:
        """Set the fields."""
        self._assign(mode, outdoor_c, speed, capacity_w, input_w, indoor_c)

    @property
    def cop(self) -> float:
        """The COP of the point."""
        return self.capacity_w / self.input_w


class OperatingPoint(Record):
    """Delivered capacity and electrical input at one compressor speed and condition."""

    _fields = ("speed", "capacity_w", "input_w")
    __slots__ = _fields
    speed: Speed
    capacity_w: float
    input_w: float

    def __init__(self, speed: Speed, capacity_w: float, input_w: float) -> None:
        """Set the fields."""
        self._assign(speed, capacity_w, input_w)

    @property
    def cop(self) -> float:
        """The COP at this point."""
        return self.capacity_w / self.input_w


def _interp(x: float, xs: Sequence[float], ys: Sequence[float]) -> float:
    """Piecewise-linear interpolation, holding the end values beyond the range."""
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    for i in range(1, len(xs)):
        if x <= xs[i]:
            frac = (x - xs[i - 1]) / (xs[i] - xs[i - 1])
            return ys[i - 1] + frac * (ys[i] - ys[i - 1])
    return ys[-1]  # pragma: no cover - unreachable, loop always returns


class SpeedCurve(Record):
    """Capacity and COP against outdoor temperature at one compressor speed."""

    _fields = ("mode", "anchors", "reference_indoor_c", "approach")
    __slots__ = _fields
    mode: Mode
    anchors: tuple[Anchor, ...]
    reference_indoor_c: float
    approach: Approach

    def __init__(
        self,
        mode: Mode,
        anchors: tuple[Anchor, ...],
        reference_indoor_c: float,
        approach: Approach,
    ) -> None:
        """Check the anchors and set the fields."""
        if not anchors:
            msg = "a speed curve needs at least one anchor"
            raise ValueError(msg)
        temps = [a.outdoor_c for a in anchors]
        if temps != sorted(temps) or len(set(temps)) != len(temps):
            msg = "anchors must be sorted by distinct outdoor temperature"
            raise ValueError(msg)
        if any(a.capacity_w <= 0.0 or a.cop <= 0.0 for a in anchors):
            msg = "anchor capacity and COP must be positive"
            raise ValueError(msg)
        self._assign(mode, anchors, reference_indoor_c, approach)

    @property
    def _temps(self) -> list[float]:
        return [a.outdoor_c for a in self.anchors]

    def capacity_w(self, outdoor_c: float) -> float:
        """Steady-state capacity at this outdoor temperature (no defrost)."""
        anchors = self.anchors
        if len(anchors) == 1:
            return anchors[0].capacity_w
        if anchors[0].outdoor_c <= outdoor_c <= anchors[-1].outdoor_c:
            return _interp(outdoor_c, self._temps, [a.capacity_w for a in anchors])
        lo, hi = (anchors[0], anchors[1]) if outdoor_c < anchors[0].outdoor_c else anchors[-2:]
        end = anchors[0] if outdoor_c < anchors[0].outdoor_c else anchors[-1]
        slope = (hi.capacity_w - lo.capacity_w) / (hi.outdoor_c - lo.outdoor_c)
        value = end.capacity_w + slope * (outdoor_c - end.outdoor_c)
        low = end.capacity_w * (1.0 - CAPACITY_EXTRAPOLATION_LIMIT)
        high = end.capacity_w * (1.0 + CAPACITY_EXTRAPOLATION_LIMIT)
        return min(max(value, low), high)

    def efficiency(self, outdoor_c: float) -> float:
        """Second-law efficiency against the refrigerant Carnot COP at this outdoor temperature."""
        etas = [
            a.cop
            / refrigerant_carnot_cop(self.mode, self.reference_indoor_c, a.outdoor_c, self.approach)
            for a in self.anchors
        ]
        return _interp(outdoor_c, self._temps, etas)

    def cop(self, outdoor_c: float, indoor_c: float | None = None) -> float:
        """Steady-state COP at this outdoor and indoor temperature (no defrost, no bound)."""
        indoor = self.reference_indoor_c if indoor_c is None else indoor_c
        return self.efficiency(outdoor_c) * refrigerant_carnot_cop(
            self.mode, indoor, outdoor_c, self.approach
        )

    def scaled(self, capacity_factor: float, cop_factor: float) -> SpeedCurve:
        """The same curve with capacity and COP multiplied by constant factors."""
        return SpeedCurve(
            self.mode,
            tuple(
                Anchor(a.outdoor_c, a.capacity_w * capacity_factor, a.cop * cop_factor)
                for a in self.anchors
            ),
            self.reference_indoor_c,
            self.approach,
        )


class PerformanceMap(Record):
    """Capacity and COP of one mode at minimum, rated and maximum compressor speed.

    sources tells per speed where its curve comes from: "nameplate" or "published" (empty: all
    from the nameplate).
    """

    _fields = ("mode", "curves", "defrost", "sources")
    __slots__ = _fields
    mode: Mode
    curves: Mapping[Speed, SpeedCurve]
    defrost: bool
    sources: Mapping[Speed, str]

    def __init__(
        self,
        mode: Mode,
        curves: Mapping[Speed, SpeedCurve],
        defrost: bool = True,
        sources: Mapping[Speed, str] | None = None,
    ) -> None:
        """Check that every speed has a curve of this mode and set the fields."""
        for speed in SPEEDS:
            curve = curves.get(speed)
            if curve is None or curve.mode is not mode:
                msg = f"the map needs a {mode} curve for {speed} speed"
                raise ValueError(msg)
        self._assign(mode, curves, defrost, {} if sources is None else sources)

    @property
    def reference_indoor_c(self) -> float:
        """Indoor temperature the anchors refer to."""
        return self.curves[Speed.RATED].reference_indoor_c

    def operating_points(
        self, outdoor_c: float, indoor_c: float | None = None
    ) -> tuple[OperatingPoint, OperatingPoint, OperatingPoint]:
        """Min, rated and max operating points (with defrost), sorted and consistent."""
        indoor = self.reference_indoor_c if indoor_c is None else indoor_c
        cap_factor, power_factor = (
            defrost_factors(outdoor_c) if self.mode is Mode.HEAT and self.defrost else (1.0, 1.0)
        )
        bound = cop_bound(self.mode, indoor, outdoor_c)
        raw: list[tuple[float, float]] = []
        for speed in SPEEDS:
            curve = self.curves[speed]
            capacity = curve.capacity_w(outdoor_c)
            cop = max(MIN_COP, min(curve.cop(outdoor_c, indoor), bound))
            raw.append((capacity, capacity / cop))
        # Capacity and input must rise from min to max speed. Crossings are repaired around the
        # rated point, unless published ends fence in a nameplate rated point: then it moves.
        (q_min, p_min), (q_rat, p_rat), (q_max, p_max) = raw
        published = {s for s, source in self.sources.items() if source == "published"}
        if Speed.RATED not in published and {Speed.MIN, Speed.MAX} <= published:
            q_rat = min(max(q_rat, q_min * 1.001), q_max * 0.999)
            p_rat = min(max(p_rat, p_min * 1.001), p_max * 0.999)
        q_min = min(q_min, q_rat * 0.999)
        p_min = min(p_min, p_rat * 0.999)
        q_max = max(q_max, q_rat * 1.001)
        p_max = max(p_max, p_rat * 1.001)
        return (
            OperatingPoint(Speed.MIN, q_min * cap_factor, p_min * power_factor),
            OperatingPoint(Speed.RATED, q_rat * cap_factor, p_rat * power_factor),
            OperatingPoint(Speed.MAX, q_max * cap_factor, p_max * power_factor),
        )

    def capacity_w(self, speed: Speed, outdoor_c: float, indoor_c: float | None = None) -> float:
        """Delivered capacity (with defrost) at one speed."""
        return self.operating_points(outdoor_c, indoor_c)[SPEEDS.index(speed)].capacity_w

    def cop(self, speed: Speed, outdoor_c: float, indoor_c: float | None = None) -> float:
        """COP (with defrost, bounded) at one speed."""
        return self.operating_points(outdoor_c, indoor_c)[SPEEDS.index(speed)].cop

    def with_points(self, points: Iterable[PublishedPoint]) -> PerformanceMap:
        """The map corrected so that it passes through the published points of its mode."""
        return apply_published_points(self, points)


# --------------------------------------------------------------------------------------------
# Priors: the nameplate-only map, anchored to the ratings with published NEEP statistics.
# --------------------------------------------------------------------------------------------


class HeatingPrior(Record):
    """Typical heating performance relative to the nameplate.

    capacity_ratio: capacity / rated 47 degF heating capacity, per speed and outdoor degF.
    cop_ratio: COP / (HSPF/3.412), per speed and outdoor degF, for a unit of HSPF reference_hspf.
    hspf_exponent: how COP scales with HSPF around reference_hspf (COP ~ HSPF ** exponent).
    min_size_exponent: how the minimum-speed COP falls with the rated capacity around
    reference_capacity_btuh (COP_min ~ capacity ** -exponent, the capacity ratio held within
    MIN_SIZE_RATIO_LIMITS).
    """

    _fields = (
        "capacity_ratio",
        "cop_ratio",
        "reference_hspf",
        "hspf_exponent",
        "reference_capacity_btuh",
        "min_size_exponent",
    )
    __slots__ = _fields
    capacity_ratio: Mapping[Speed, Mapping[float, float]]
    cop_ratio: Mapping[Speed, Mapping[float, float]]
    reference_hspf: float
    hspf_exponent: float
    reference_capacity_btuh: float
    min_size_exponent: float

    def __init__(
        self,
        capacity_ratio: Mapping[Speed, Mapping[float, float]],
        cop_ratio: Mapping[Speed, Mapping[float, float]],
        reference_hspf: float = 10.0,
        hspf_exponent: float = 1.0,
        reference_capacity_btuh: float = 18000.0,
        min_size_exponent: float = 0.0,
    ) -> None:
        """Set the fields."""
        self._assign(
            capacity_ratio,
            cop_ratio,
            reference_hspf,
            hspf_exponent,
            reference_capacity_btuh,
            min_size_exponent,
        )

    def min_size_factor(self, rated_capacity_w: float) -> float:
        """Minimum-speed COP multiplier of a unit of this rated 47 degF capacity."""
        ratio = w_to_btuh(rated_capacity_w) / self.reference_capacity_btuh
        low, high = MIN_SIZE_RATIO_LIMITS
        return float(min(max(ratio, low), high) ** -self.min_size_exponent)


#: The size dependence of the minimum-speed COP is not extrapolated beyond half and twice the
#: reference capacity (9000-36000 Btu/h for ductless heads, the span of the NEEP listing's bulk).
MIN_SIZE_RATIO_LIMITS = (0.5, 2.0)


#: Heating priors, set by `scripts/validate_costcore.py --calibrate` from the units of the NEEP
#: ccASHP 2017 listing with an EVEN AHRI number only (after the script's data filters); the odd half
#: is never used to set them and is scored separately as held-out units. Capacity ratios are medians
#: of capacity / rated 47 degF capacity (for ductless units within 0.08 of the published medians of
#: heat-pump-performance.md); COP ratios are the anchors that minimise the mean absolute percentage
#: error of input power (weighted medians of 1/COP), which sit a little above plain medians. COP
#: scales with HSPF to the chosen exponent (0.2 ductless, 0.5 ducted: HSPF mostly reflects part-load
#: and defrost behaviour, less the steady-state COP at a given speed). The minimum-speed COP falls
#: with rated capacity (exponent 0.4 ductless, 0.1 ducted, chosen the same way): product lines share
#: coils and fans across sizes, so a smaller unit has more coil area per watt at minimum speed,
#: smaller approach temperatures and a higher COP; rated and maximum speed show no such trend.
#: Ductless units. Rated speed has no 5 degF point; the map places it between min and max speed.
DUCTLESS_HEATING_PRIOR = HeatingPrior(
    capacity_ratio={
        Speed.MIN: {5.0: 0.198, 17.0: 0.223, 47.0: 0.265},
        Speed.RATED: {17.0: 0.633, 47.0: 1.0},
        Speed.MAX: {5.0: 0.994, 17.0: 1.0, 47.0: 1.293},
    },
    cop_ratio={
        Speed.MIN: {5.0: 0.964, 17.0: 1.181, 47.0: 1.6},
        Speed.RATED: {17.0: 0.921, 47.0: 1.286},
        Speed.MAX: {5.0: 0.696, 17.0: 0.829, 47.0: 1.059},
    },
    reference_hspf=10.0,
    hspf_exponent=0.2,
    min_size_exponent=0.4,
)

#: Ducted units (their NEEP "min" points at 17 and 5 degF sit near half of rated capacity).
DUCTED_HEATING_PRIOR = HeatingPrior(
    capacity_ratio={
        Speed.MIN: {5.0: 0.528, 17.0: 0.501, 47.0: 0.264},
        Speed.RATED: {17.0: 0.81, 47.0: 1.0},
        Speed.MAX: {5.0: 0.637, 17.0: 0.816, 47.0: 1.008},
    },
    cop_ratio={
        Speed.MIN: {5.0: 0.678, 17.0: 0.918, 47.0: 1.687},
        Speed.RATED: {17.0: 1.067, 47.0: 1.372},
        Speed.MAX: {5.0: 0.652, 17.0: 0.816, 47.0: 1.305},
    },
    reference_hspf=10.0,
    hspf_exponent=0.5,
    min_size_exponent=0.1,
)


class CoolingPrior(Record):
    """Typical cooling performance relative to the nameplate.

    The defaults are the means bigladder/resdx derives from NEEP-listed units
    (`resdx/models/statistical_set.py`, "original_statistics"). The NEEP 2017 files in data/ hold
    heating points only (and each unit's rated cooling capacity, SEER and EER); the published
    cooling points in data/cooling_points.csv (7 units, 95 and 82 degF) agree with these means
    within their spread, so none is refitted to them:

    - max / rated capacity at 95 degF: median 1.08 (1.00-1.30) against 1.07; ductless units 1.01,
      1.13, 1.22 and 1.30, the ducted or unstated ones 1.00-1.08;
    - min / max capacity at 95 degF: the five units with an EER lie -0.14 to +0.15 off the
      regression, two below, two above, one on it;
    - capacity at 82 / 95 degF: median 1.10 at maximum and 1.09 at minimum speed (0.94-1.19)
      against 1.06;
    - max / rated-speed COP at 95 degF: 0.70 and 0.76 where the two speeds differ, against 0.73;
    - minimum-speed COP at 82 degF / (SEER/3.412): median 0.94 (0.84-1.34) against 1.0.

    A unit's own published points replace these (the catalogue carries them where data/ has
    them): the spread above is what a unit typed in by its nameplate may be off by.
    """

    _fields = (
        "max_capacity_ratio",
        "min_capacity_intercept",
        "min_capacity_slope",
        "capacity_82_per_95",
        "max_cop_ratio",
        "min_cop_seer_ratio",
    )
    __slots__ = _fields
    #: Max / rated capacity at 95 degF: 1 / 0.934 (NEEP statistics "Qr95Rated", bigladder/resdx).
    max_capacity_ratio: float
    #: Min / max capacity at 95 degF = intercept + slope x SEER/EER ("Qr95Min", same source).
    min_capacity_intercept: float
    min_capacity_slope: float
    #: Capacity at 82 degF / capacity at 95 degF: 1 / 0.94 ("Qm95Max", "Qm95Min", same source).
    capacity_82_per_95: float
    #: Max-speed / rated-speed COP at 95 degF: 0.70-0.76 (heat-pump-performance.md).
    max_cop_ratio: float
    #: Min-speed COP at 82 degF / (SEER/3.412). SEER (AHRI 210/240) is a bin average dominated by
    #: minimum-speed operation near 82 degF, so the minimum-speed COP there is about SEER/3.412.
    min_cop_seer_ratio: float

    def __init__(
        self,
        max_capacity_ratio: float = 1.0 / 0.934,
        min_capacity_intercept: float = 0.510,
        min_capacity_slope: float = -0.119,
        capacity_82_per_95: float = 1.0 / 0.94,
        max_cop_ratio: float = 0.73,
        min_cop_seer_ratio: float = 1.0,
    ) -> None:
        """Set the fields (the defaults are the published statistics above)."""
        self._assign(
            max_capacity_ratio,
            min_capacity_intercept,
            min_capacity_slope,
            capacity_82_per_95,
            max_cop_ratio,
            min_cop_seer_ratio,
        )


DEFAULT_COOLING_PRIOR = CoolingPrior()


def _curve_from_table(
    mode: Mode,
    capacity: Mapping[float, float],
    cop: Mapping[float, float],
    capacity_scale: float,
    cop_scale: float,
    reference_indoor_c: float,
    approach: Approach,
) -> SpeedCurve:
    """A speed curve from per-degF tables of capacity and COP ratios."""
    temps = sorted(set(capacity) & set(cop))
    anchors = tuple(
        Anchor(f_to_c(t), capacity[t] * capacity_scale, cop[t] * cop_scale) for t in temps
    )
    return SpeedCurve(mode, anchors, reference_indoor_c, approach)


def _fill_rated(
    capacity: Mapping[Speed, Mapping[float, float]], cop: Mapping[Speed, Mapping[float, float]]
) -> tuple[dict[float, float], dict[float, float]]:
    """Rated-speed capacity and COP ratios, with anchors added where only min and max have one.

    Rated speed is an intermediate compressor speed: where it has no anchor of its own (NEEP lists
    no rated point at 5 degF) it keeps the relative position between minimum and maximum speed it
    has at the nearest temperature with all three (capacity linearly, COP logarithmically).
    Extrapolating its capacity along its own 47-17 degF slope instead can run past the maximum
    (ducted units: 0.73 x rated at 5 degF against a maximum of 0.64), which lets the rated-speed
    COP stand for a maximum-speed point.
    """
    cap_r = dict(capacity[Speed.RATED])
    cop_r = dict(cop[Speed.RATED])
    full = [
        t
        for t in cap_r
        if t in cop_r and all(t in capacity[s] and t in cop[s] for s in (Speed.MIN, Speed.MAX))
    ]
    if not full:
        return cap_r, cop_r
    for temp in set(capacity[Speed.MIN]) & set(capacity[Speed.MAX]):
        if temp in cap_r or temp not in cop[Speed.MIN] or temp not in cop[Speed.MAX]:
            continue
        near = min(full, key=lambda t: abs(t - temp))
        lo_c, hi_c = capacity[Speed.MIN][near], capacity[Speed.MAX][near]
        lo_p, hi_p = math.log(cop[Speed.MIN][near]), math.log(cop[Speed.MAX][near])
        w_c = (cap_r[near] - lo_c) / (hi_c - lo_c) if hi_c != lo_c else 0.5
        w_p = (math.log(cop_r[near]) - lo_p) / (hi_p - lo_p) if hi_p != lo_p else 0.5
        cap_r[temp] = capacity[Speed.MIN][temp] + w_c * (
            capacity[Speed.MAX][temp] - capacity[Speed.MIN][temp]
        )
        cop_r[temp] = math.exp(
            math.log(cop[Speed.MIN][temp])
            + w_p * (math.log(cop[Speed.MAX][temp]) - math.log(cop[Speed.MIN][temp]))
        )
    return cap_r, cop_r


def heating_prior_map(
    ratings: Ratings, rated_capacity_w: float, prior: HeatingPrior | None = None
) -> PerformanceMap:
    """The nameplate-only heating map for a unit of this HSPF and rated 47 degF capacity."""
    if ratings.hspf is None:
        msg = "heating needs an HSPF or HSPF2 rating"
        raise ValueError(msg)
    if rated_capacity_w <= 0.0:
        msg = "rated heating capacity must be positive"
        raise ValueError(msg)
    if prior is None:
        prior = DUCTED_HEATING_PRIOR if ratings.ducted else DUCTLESS_HEATING_PRIOR
    cop_scale = (
        btu_per_wh_to_cop(prior.reference_hspf)
        * (ratings.hspf / prior.reference_hspf) ** prior.hspf_exponent
    )
    rated_capacity, rated_cop = _fill_rated(prior.capacity_ratio, prior.cop_ratio)
    tables = {
        Speed.MIN: (prior.capacity_ratio[Speed.MIN], prior.cop_ratio[Speed.MIN]),
        Speed.RATED: (rated_capacity, rated_cop),
        Speed.MAX: (prior.capacity_ratio[Speed.MAX], prior.cop_ratio[Speed.MAX]),
    }
    curves = {
        speed: _curve_from_table(
            Mode.HEAT,
            tables[speed][0],
            tables[speed][1],
            rated_capacity_w,
            cop_scale * (prior.min_size_factor(rated_capacity_w) if speed is Speed.MIN else 1.0),
            HEAT_RATING_INDOOR_C,
            HEAT_APPROACH,
        )
        for speed in SPEEDS
    }
    return PerformanceMap(Mode.HEAT, curves, sources=dict.fromkeys(SPEEDS, "nameplate"))


def cooling_prior_map(
    ratings: Ratings, rated_capacity_w: float, prior: CoolingPrior | None = None
) -> PerformanceMap:
    """The nameplate-only cooling map for a unit of this SEER/EER and rated 95 degF capacity."""
    eer = ratings.eer_or_estimate
    if ratings.seer is None or eer is None:
        msg = "cooling needs a SEER or SEER2 rating"
        raise ValueError(msg)
    if rated_capacity_w <= 0.0:
        msg = "rated cooling capacity must be positive"
        raise ValueError(msg)
    prior = prior or DEFAULT_COOLING_PRIOR
    seer_per_eer = ratings.seer / eer
    t95 = f_to_c(95.0)
    t82 = f_to_c(82.0)
    indoor = COOL_RATING_INDOOR_C
    shape = refrigerant_carnot_cop(Mode.COOL, indoor, t82) / refrigerant_carnot_cop(
        Mode.COOL, indoor, t95
    )
    q_rated = rated_capacity_w
    q_max = rated_capacity_w * prior.max_capacity_ratio
    min_ratio = prior.min_capacity_intercept + prior.min_capacity_slope * seer_per_eer
    q_min = q_max * min(max(min_ratio, 0.10), 0.60)
    cop_rated_95 = btu_per_wh_to_cop(eer)
    cop_max_95 = cop_rated_95 * prior.max_cop_ratio
    cop_min_82 = btu_per_wh_to_cop(ratings.seer) * prior.min_cop_seer_ratio
    k82 = prior.capacity_82_per_95

    def curve(q95: float, cop95: float) -> SpeedCurve:
        anchors = (Anchor(t82, q95 * k82, cop95 * shape), Anchor(t95, q95, cop95))
        return SpeedCurve(Mode.COOL, anchors, indoor, COOL_APPROACH)

    curves = {
        Speed.MIN: curve(q_min, max(cop_min_82 / shape, cop_rated_95 * 1.001)),
        Speed.RATED: curve(q_rated, cop_rated_95),
        Speed.MAX: curve(q_max, cop_max_95),
    }
    return PerformanceMap(
        Mode.COOL, curves, defrost=False, sources=dict.fromkeys(SPEEDS, "nameplate")
    )


# --------------------------------------------------------------------------------------------
# Published points take precedence.
# --------------------------------------------------------------------------------------------


def _corrections(
    curve: SpeedCurve, points: Sequence[PublishedPoint]
) -> list[tuple[float, float, float]]:
    """(outdoor degC, capacity factor, COP factor) that move the curve onto each point."""
    out: dict[float, list[tuple[float, float]]] = {}
    for point in points:
        indoor = curve.reference_indoor_c if point.indoor_c is None else point.indoor_c
        model_cop = curve.cop(point.outdoor_c, indoor)
        model_cap = curve.capacity_w(point.outdoor_c)
        out.setdefault(point.outdoor_c, []).append(
            (point.capacity_w / model_cap, point.cop / model_cop)
        )
    result = []
    for temp in sorted(out):
        facs = out[temp]
        result.append(
            (temp, _geometric_mean(f[0] for f in facs), _geometric_mean(f[1] for f in facs))
        )
    return result


def _geometric_mean(values: Iterable[float]) -> float:
    """The geometric mean: how factors of several points at one temperature combine."""
    logs = [math.log(value) for value in values]
    return math.exp(sum(logs) / len(logs))


def _corrected_curve(
    curve: SpeedCurve, corrections: Sequence[tuple[float, float, float]]
) -> SpeedCurve:
    """The curve multiplied by corrections interpolated in outdoor temperature."""
    temps = sorted({a.outdoor_c for a in curve.anchors} | {c[0] for c in corrections})
    xs = [c[0] for c in corrections]
    caps = [c[1] for c in corrections]
    cops = [c[2] for c in corrections]
    anchors = []
    for temp in temps:
        cap_f = _interp(temp, xs, caps)
        cop_f = _interp(temp, xs, cops)
        anchors.append(Anchor(temp, curve.capacity_w(temp) * cap_f, curve.cop(temp) * cop_f))
    return SpeedCurve(curve.mode, tuple(anchors), curve.reference_indoor_c, curve.approach)


def apply_published_points(
    base: PerformanceMap, points: Iterable[PublishedPoint]
) -> PerformanceMap:
    """Correct a map so it passes through published points; speeds without points keep theirs.

    At each published temperature a speed's curve is multiplied by the factor that moves it onto
    the point; between published temperatures the factors are interpolated, beyond them held, so
    the physics of the base map shapes the interpolation and extrapolation.

    A speed with no published point of its own keeps its nameplate curve. Moving it by the other
    speeds' corrections looks natural but is measurably worse on the NEEP listing (each speed of
    every unit left out in turn, estimated from the unit's other points; MAPE of input): minimum
    speed 16.6 % kept against 18.4 % moved, rated 8.6 % against 13.6 %, maximum 10.4 % against
    14.9 %. The rated point is what HSPF and the rated capacity measure; how far a unit turns
    down or up says little about it.
    """
    mine = [p for p in points if p.mode is base.mode]
    if not mine:
        return base
    for point in mine:
        if point.capacity_w <= 0.0 or point.input_w <= 0.0:
            msg = "published points need positive capacity and input"
            raise ValueError(msg)
    curves = dict(base.curves)
    sources = {s: base.sources.get(s, "nameplate") for s in SPEEDS}
    for speed in SPEEDS:
        own = [p for p in mine if p.speed is speed]
        if own:
            curves[speed] = _corrected_curve(base.curves[speed], _corrections(curves[speed], own))
            sources[speed] = "published"
    return PerformanceMap(base.mode, curves, defrost=base.defrost, sources=sources)
