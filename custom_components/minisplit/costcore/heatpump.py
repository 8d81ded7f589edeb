"""A heat pump described by its nameplate and, when known, its published points."""

from __future__ import annotations

from .estimate import (
    DEFAULT_CYCLING_CD,
    Estimate,
    building_load_w,
    capacity_from_frequency,
    estimate_input,
    idle_estimate,
)
from .performance import (
    Mode,
    PerformanceMap,
    PublishedPoint,
    Speed,
    cooling_prior_map,
    heating_prior_map,
)
from .ratings import Ratings
from .record import Record
from .units import btuh_to_w, either_unit, w_to_btuh

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

#: Rated 47 degF heating capacity against rated 95 degF cooling capacity of inverter units:
#: Q47 = 1.022 x Q95 + 607 Btu/h (NEEP statistics "Q47RatedvQ95Rated", bigladder/resdx).
HEAT_PER_COOL_SLOPE = 1.022
HEAT_PER_COOL_OFFSET_BTUH = 607.0
#: Ratings assumed only to shape a map that published points then correct, when the nameplate
#: gives no rating for that mode (NEEP 2017 ductless medians are close to these).
FALLBACK_HSPF = 10.0
FALLBACK_SEER = 20.0


class HeatPump(Record):
    """One outdoor unit with its head(s): nameplate ratings, rated capacities, published points.

    The performance maps it builds are cached on it, outside its fields (not compared, hashed,
    shown nor copied).
    """

    _fields = (
        "ratings",
        "heating_capacity_w",
        "cooling_capacity_w",
        "points",
        "pan_heater_w",
        "cycling_cd",
    )
    __slots__ = (*_fields, "_maps")
    ratings: Ratings
    heating_capacity_w: float | None
    cooling_capacity_w: float | None
    points: tuple[PublishedPoint, ...]
    pan_heater_w: float
    cycling_cd: float
    _maps: dict[tuple[Mode, float], PerformanceMap]

    def __init__(
        self,
        ratings: Ratings,
        heating_capacity_w: float | None = None,
        cooling_capacity_w: float | None = None,
        points: tuple[PublishedPoint, ...] = (),
        pan_heater_w: float = 0.0,
        cycling_cd: float = DEFAULT_CYCLING_CD,
    ) -> None:
        """Set the fields; the map cache starts empty."""
        self._assign(
            ratings, heating_capacity_w, cooling_capacity_w, points, pan_heater_w, cycling_cd
        )
        object.__setattr__(self, "_maps", {})

    @classmethod
    def from_nameplate(
        cls,
        *,
        hspf: float | None = None,
        hspf2: float | None = None,
        seer: float | None = None,
        seer2: float | None = None,
        eer: float | None = None,
        eer2: float | None = None,
        ducted: bool = False,
        heating_capacity_w: float | None = None,
        cooling_capacity_w: float | None = None,
        heating_capacity_btuh: float | None = None,
        cooling_capacity_btuh: float | None = None,
        points: Iterable[PublishedPoint] = (),
        pan_heater_w: float = 0.0,
        cycling_cd: float = DEFAULT_CYCLING_CD,
    ) -> HeatPump:
        """Build a heat pump from nameplate values (old or 2023 metrics, W or Btu/h)."""
        heat_w = either_unit(
            heating_capacity_w,
            heating_capacity_btuh,
            btuh_to_w,
            "give the heating capacity in W or in Btu/h, not both",
        )
        cool_w = either_unit(
            cooling_capacity_w,
            cooling_capacity_btuh,
            btuh_to_w,
            "give the cooling capacity in W or in Btu/h, not both",
        )
        for value, name in ((heat_w, "heating capacity"), (cool_w, "cooling capacity")):
            if value is not None and not value > 0.0:
                msg = f"{name} must be positive"
                raise ValueError(msg)
        if pan_heater_w < 0.0:
            msg = "pan heater power cannot be negative"
            raise ValueError(msg)
        ratings = Ratings.from_nameplate(
            hspf=hspf, hspf2=hspf2, seer=seer, seer2=seer2, eer=eer, eer2=eer2, ducted=ducted
        )
        return cls(ratings, heat_w, cool_w, tuple(points), pan_heater_w, cycling_cd)

    def rated_capacity_w(self, mode: Mode) -> float | None:
        """Rated capacity of the mode, or one derived from the other mode's, or None."""
        heat, cool = self.heating_capacity_w, self.cooling_capacity_w
        if mode is Mode.HEAT:
            if heat is None and cool is not None:
                heat = btuh_to_w(HEAT_PER_COOL_SLOPE * w_to_btuh(cool) + HEAT_PER_COOL_OFFSET_BTUH)
            return heat
        if cool is None and heat is not None:
            cool = btuh_to_w((w_to_btuh(heat) - HEAT_PER_COOL_OFFSET_BTUH) / HEAT_PER_COOL_SLOPE)
        return cool

    def performance_map(self, mode: Mode, rated_capacity_w: float | None = None) -> PerformanceMap:
        """The map of this mode: nameplate priors corrected by the published points."""
        capacity = rated_capacity_w or self.rated_capacity_w(mode)
        if capacity is None:
            msg = f"no rated capacity for {mode}; give one or a delivered capacity"
            raise ValueError(msg)
        key = (mode, capacity)
        cached = self._maps.get(key)
        if cached is not None:
            return cached
        ratings = self.ratings
        has_points = any(p.mode is mode for p in self.points)
        if mode is Mode.HEAT:
            if ratings.hspf is None and has_points:
                ratings = ratings.replace(hspf=FALLBACK_HSPF)
            base = heating_prior_map(ratings, capacity)
        else:
            if ratings.seer is None and has_points:
                ratings = ratings.replace(seer=FALLBACK_SEER)
            base = cooling_prior_map(ratings, capacity)
        perf = base.with_points(self.points)
        self._maps[key] = perf
        return perf

    def _map_for(
        self, mode: Mode, outdoor_c: float, indoor_c: float, delivered_w: float
    ) -> tuple[PerformanceMap, float | None]:
        """The map, sizing the unit from the delivered capacity when no capacity is known."""
        if self.rated_capacity_w(mode) is not None:
            return self.performance_map(mode), None
        if delivered_w <= 0.0:
            msg = f"no rated capacity for {mode} and nothing delivered to size the unit from"
            raise ValueError(msg)
        # Unknown size: assume the head runs at its rated compressor speed right now.
        unit = self.performance_map(mode, 1.0)
        per_watt = unit.capacity_w(Speed.RATED, outdoor_c, indoor_c)
        assumed = delivered_w / per_watt
        return self.performance_map(mode, assumed), assumed

    def estimate(
        self, mode: Mode, outdoor_c: float, indoor_c: float, delivered_w: float
    ) -> Estimate:
        """Electrical input and COP while delivering delivered_w (W) at these temperatures."""
        if delivered_w <= 0.0 and self.rated_capacity_w(mode) is None:
            return idle_estimate(mode, outdoor_c, indoor_c)
        perf, assumed = self._map_for(mode, outdoor_c, indoor_c, delivered_w)
        est = estimate_input(
            perf,
            outdoor_c,
            indoor_c,
            delivered_w,
            pan_heater_w=self.pan_heater_w,
            cd=self.cycling_cd,
        )
        return est if assumed is None else est.replace(assumed_rated_capacity_w=assumed)

    def delivered_from_frequency(
        self,
        mode: Mode,
        outdoor_c: float,
        indoor_c: float,
        frequency_hz: float,
        *,
        min_frequency_hz: float,
        max_frequency_hz: float,
    ) -> float:
        """Delivered capacity (W) at a compressor frequency."""
        return capacity_from_frequency(
            self.performance_map(mode),
            outdoor_c,
            indoor_c,
            frequency_hz,
            min_frequency_hz=min_frequency_hz,
            max_frequency_hz=max_frequency_hz,
        )

    def estimate_from_frequency(
        self,
        mode: Mode,
        outdoor_c: float,
        indoor_c: float,
        frequency_hz: float,
        *,
        min_frequency_hz: float,
        max_frequency_hz: float,
    ) -> Estimate:
        """Electrical input and COP at a compressor frequency (needs a rated capacity)."""
        delivered = self.delivered_from_frequency(
            mode,
            outdoor_c,
            indoor_c,
            frequency_hz,
            min_frequency_hz=min_frequency_hz,
            max_frequency_hz=max_frequency_hz,
        )
        return self.estimate(mode, outdoor_c, indoor_c, delivered)

    def estimate_from_load(
        self,
        mode: Mode,
        outdoor_c: float,
        indoor_c: float,
        *,
        ua_w_per_k: float,
        balance_c: float,
    ) -> Estimate:
        """Electrical input and COP meeting the building load UA x dT, up to maximum capacity."""
        load = building_load_w(mode, outdoor_c, ua_w_per_k=ua_w_per_k, balance_c=balance_c)
        if load > 0.0 and self.rated_capacity_w(mode) is not None:
            load = min(load, self.performance_map(mode).capacity_w(Speed.MAX, outdoor_c, indoor_c))
        return self.estimate(mode, outdoor_c, indoor_c, load)
