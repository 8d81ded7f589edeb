"""The heat a unit moves when nothing reports its compressor speed: a building model.

Without a compressor frequency, the load follows the building: it loses UA watts per kelvin
between the room and outdoors, less the internal gains (people, appliances, sun) in heating and
plus them in cooling. UA comes from a design point, as installers size a head: at the design
outdoor temperature (the coldest days of the climate; the user may change it) the unit's maximum
heating capacity just covers the loss at the design room temperature. So the heating load grows
as the outdoor temperature falls, and the cost core's part-load model handles loads below the
unit's minimum speed (it cycles).

Pure Python: the cost core's `HeatPump` and numbers in, watts out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..costcore import HeatPump, Mode, Speed, building_load_w

# The 99 % heating design temperature of a mild-to-cold climate (-10 degC, 14 degF); users in
# colder or milder places set their own.
DEFAULT_DESIGN_OUTDOOR_C = -10.0
# The room temperature the design point assumes.
DESIGN_INDOOR_C = 21.0
# People, appliances and sun in the rooms one head serves, averaged over a day.
DEFAULT_INTERNAL_GAINS_W = 300.0


@dataclass(frozen=True, slots=True)
class Building:
    """Heat loss per kelvin and the internal gains of the rooms a unit serves."""

    ua_w_per_k: float
    gains_w: float = DEFAULT_INTERNAL_GAINS_W

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
        capacity = heat_pump.performance_map(Mode.HEAT).capacity_w(
            Speed.MAX, design_outdoor_c, DESIGN_INDOOR_C
        )
        return cls((capacity + gains_w) / (DESIGN_INDOOR_C - design_outdoor_c), gains_w)

    def balance_c(self, room_c: float) -> float:
        """Outdoor temperature at which the gains just cover the loss, for this room."""
        return room_c - self.gains_w / self.ua_w_per_k

    def load_w(self, mode: Mode, outdoor_c: float, room_c: float) -> float:
        """Heat the unit must add (heating) or remove (cooling) to hold the room; 0 or more."""
        return building_load_w(
            mode, outdoor_c, ua_w_per_k=self.ua_w_per_k, balance_c=self.balance_c(room_c)
        )
