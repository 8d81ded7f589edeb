"""The heat a unit moves when nothing reports its compressor speed: a building model.

Without a compressor frequency, the load follows the building: it loses UA watts per kelvin
between the room and outdoors, less the internal gains (people, appliances, sun) in heating and
plus them in cooling. UA comes from a design point, as installers size a head: at the design
outdoor temperature (the coldest days of the climate; the user may change it) the unit's maximum
heating capacity just covers the loss at the design room temperature. So the heating load grows
as the outdoor temperature falls, and the cost core's part-load model handles loads below the
unit's minimum speed (it cycles).

In cooling the sun matters more than the outdoor air: rooms gain through windows most in the
afternoon, and the unit also condenses water out of the air (the latent load), which the room's
thermometer never sees. Installers size the cooling capacity for the design afternoon (35 degC
outdoors, 24 degC in the room): the unit's rated cooling capacity covers the sensible load then at
a sensible heat ratio of COOLING_SHR, which gives the sun's peak. The sun's gain follows the hour
(zero at night, most at SOLAR_PEAK_HOUR) and the latent load is the sensible load's
(1 / SHR - 1) share while the unit cools.

Pure Python: the cost core's `HeatPump` and numbers in, watts out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..costcore import HeatPump, Mode, Speed, building_load_w, f_to_c

# The 99 % heating design temperature of a mild-to-cold climate (-10 degC, 14 degF); users in
# colder or milder places set their own.
DEFAULT_DESIGN_OUTDOOR_C = -10.0
# The room temperature the design point assumes.
DESIGN_INDOOR_C = 21.0
# People, appliances and sun in the rooms one head serves, averaged over a day.
DEFAULT_INTERNAL_GAINS_W = 300.0
# Below the coldest temperature with data, maximum capacity falls this share a kelvin: NEEP 2017
# cold-climate units with points below 5 degF keep 0.79 (median) of their 5 degF capacity at
# -13 degF (10 K colder), 0.90 at -5 degF, 0.80 at -22 degF.
COLD_DERATE_PER_K = 0.02
COLD_DERATE_FLOOR = 0.5
NAMEPLATE_COLDEST_C = f_to_c(5.0)
# The cooling design afternoon (ASHRAE 1 % cooling conditions of a warm climate, and the room).
COOLING_DESIGN_OUTDOOR_C = 35.0
COOLING_DESIGN_INDOOR_C = 24.0
# Share of a mini-split's cooling that is sensible (the rest condenses water): 0.7-0.8 at rating.
COOLING_SHR = 0.75
# The sun's gain through windows peaks mid-afternoon (local solar time) and is zero at night.
SOLAR_PEAK_HOUR = 15.0
SOLAR_DAY_HOURS = (6.0, 20.0)


def max_heating_capacity_w(heat_pump: HeatPump, outdoor_c: float) -> float:
    """The unit's maximum heating capacity at this outdoor temperature, for sizing.

    Below the coldest temperature the unit has data for (its published maximum-speed points, else
    the nameplate map's 5 degF anchor), capacity falls by COLD_DERATE_PER_K a kelvin (at most to
    COLD_DERATE_FLOOR): the map holds it nearly flat there, real units lose it.
    """
    performance = heat_pump.performance_map(Mode.HEAT)
    capacity = performance.capacity_w(Speed.MAX, outdoor_c, DESIGN_INDOOR_C)
    published = [
        point.outdoor_c
        for point in heat_pump.points
        if point.mode is Mode.HEAT and point.speed is Speed.MAX
    ]
    coldest = min(published, default=NAMEPLATE_COLDEST_C)
    if outdoor_c >= coldest:
        return capacity
    at_coldest = performance.capacity_w(Speed.MAX, coldest, DESIGN_INDOOR_C)
    derate = max(1 - COLD_DERATE_PER_K * (coldest - outdoor_c), COLD_DERATE_FLOOR)
    return min(capacity, at_coldest * derate)


@dataclass(frozen=True, slots=True)
class Building:
    """Heat loss per kelvin and the internal gains of the rooms a unit serves."""

    ua_w_per_k: float
    gains_w: float = DEFAULT_INTERNAL_GAINS_W
    solar_peak_w: float = 0.0  # the sun's gain at its daily peak, in cooling

    @classmethod
    def from_design_point(
        cls,
        heat_pump: HeatPump,
        *,
        design_outdoor_c: float = DEFAULT_DESIGN_OUTDOOR_C,
        gains_w: float = DEFAULT_INTERNAL_GAINS_W,
    ) -> Building:
        """The building whose design-day loss the unit's maximum heating capacity just covers."""
        if not math.isfinite(design_outdoor_c) or design_outdoor_c >= DESIGN_INDOOR_C - 1:
            msg = "the design outdoor temperature must be well below the room's"
            raise ValueError(msg)
        if not math.isfinite(gains_w) or gains_w < 0:
            msg = "internal gains are zero or more watts"
            raise ValueError(msg)
        capacity = max_heating_capacity_w(heat_pump, design_outdoor_c)
        ua = (capacity + gains_w) / (DESIGN_INDOOR_C - design_outdoor_c)
        cooling = heat_pump.rated_capacity_w(Mode.COOL)
        solar = 0.0
        if cooling is not None:
            sensible = COOLING_SHR * cooling
            solar = sensible - ua * (COOLING_DESIGN_OUTDOOR_C - COOLING_DESIGN_INDOOR_C) - gains_w
        return cls(ua, gains_w, max(solar, 0.0))

    @classmethod
    def from_heat_loss(
        cls, heat_pump: HeatPump, ua_w_per_k: float, *, gains_w: float = DEFAULT_INTERNAL_GAINS_W
    ) -> Building:
        """The building whose heat loss the user knows (W/K), as from an energy audit."""
        if not math.isfinite(ua_w_per_k) or ua_w_per_k <= 0:
            msg = "the heat loss is a positive number of W/K"
            raise ValueError(msg)
        cooling = heat_pump.rated_capacity_w(Mode.COOL)
        solar = 0.0
        if cooling is not None:
            rise = COOLING_DESIGN_OUTDOOR_C - COOLING_DESIGN_INDOOR_C
            solar = COOLING_SHR * cooling - ua_w_per_k * rise - gains_w
        return cls(ua_w_per_k, gains_w, max(solar, 0.0))

    def balance_c(self, room_c: float) -> float:
        """Outdoor temperature at which the gains just cover the loss, for this room."""
        return room_c - self.gains_w / self.ua_w_per_k

    def load_w(
        self, mode: Mode, outdoor_c: float, room_c: float, hour: float | None = None
    ) -> float:
        """Heat the unit must add (heating) or remove (cooling) to hold the room; 0 or more.

        `hour`: the local hour of day (cooling counts the sun's gain then, and the latent load).
        """
        balance = self.balance_c(room_c)
        if mode is Mode.COOL and hour is not None:
            balance -= self.solar_w(hour) / self.ua_w_per_k
        load = building_load_w(mode, outdoor_c, ua_w_per_k=self.ua_w_per_k, balance_c=balance)
        return load / COOLING_SHR if mode is Mode.COOL and hour is not None else load

    def solar_w(self, hour: float) -> float:
        """The sun's gain at this local hour: a half sine over the day, peaking at its peak."""
        start, end = SOLAR_DAY_HOURS
        if not start < hour < end:
            return 0.0
        if hour <= SOLAR_PEAK_HOUR:
            phase = (hour - start) / (SOLAR_PEAK_HOUR - start)
        else:
            phase = 1 + (hour - SOLAR_PEAK_HOUR) / (end - SOLAR_PEAK_HOUR)
        return self.solar_peak_w * math.sin(math.pi * phase / 2)
