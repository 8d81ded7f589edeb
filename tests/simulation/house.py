"""A house of two thermal nodes, its gains, its thermostat schedule and, in cooling, its moisture.

The rooms a unit serves are an RC network (as ISO 13790's simple hourly method, with two nodes):

- the air and furnishings (C_air), losing through windows and infiltration (UA_air) and
  coupled to the structure (H_mass);
- the structure's mass (C_mass), losing through walls, roof and floor (UA_mass).

Sizing: the steady-state heat loss per kelvin, UA_air + UA_mass H / (UA_mass + H), is chosen so
that the design heat loss (21 degC indoors, the design temperature outdoors, no gains, as Manual
J sizes) is `ratio` times the unit's maximum capacity at the design temperature. In cooling the
design load at 35 degC (95 degF) outdoors and 24 degC indoors with the peak sun, gains and
latent load is `ratio` times the unit's maximum capacity at 95 degF.

Gains scale with the house: internal gains average about 2 W per W/K (300 W in a 150 W/K zone:
two people and their appliances, ASHRAE's 75 W sensible a person at rest plus lights and
plug loads), with a morning and an evening peak; sun comes in through window area UA / 30 m2 at
a solar heat gain coefficient of 0.5. Convective gains reach the air; sun and radiant gains
mostly the structure. In cooling, moisture from people (ASHRAE: about 45 W latent a person at
rest) and infiltration of humid air (latent heat of the humidity difference) must be removed by
the coil on top of the sensible load; the thermostat sees only the sensible part.
"""

from __future__ import annotations

from dataclasses import dataclass

from .unit import Mode, UnitSpec

DESIGN_ROOM_C = 21.0
COOLING_DESIGN_OUTDOOR_C = 35.0
COOLING_ROOM_C = 24.0
STEP_S = 60.0
AIR_SHARE = 0.4  # of the loss path scale: windows and infiltration
COUPLING_PER_UA = 8.0  # H_mass per W/K of UA scale
C_AIR_PER_UA = 10_000.0  # J/K of air and furnishings per W/K (about 2.8 h on its own)
C_MASS_PER_UA = 150_000.0  # J/K of structure per W/K (a time constant of about 40 h)
GAINS_PER_UA = 2.0  # average internal gains, W per W/K
WINDOW_M2_PER_UA = 1.0 / 30.0
SHGC = 0.5
CONVECTIVE_GAINS = 0.6  # of internal gains to the air node
SOLAR_TO_AIR = 0.2
LATENT_PEOPLE_PER_UA = 0.6  # W of latent load from people per W/K (two people, 150 W/K)
LATENT_INFILTRATION_PER_UA = 1.5  # W per W/K with humid outdoor air (0.3 ACH, 6 g/kg difference)
# Hourly shape of internal gains (mean 1): asleep, morning, day, evening.
_GAINS_SHAPE = (
    *(0.6,) * 6,  # 00-06
    *(1.3,) * 3,  # 06-09
    *(0.8,) * 8,  # 09-17
    *(1.6,) * 5,  # 17-22
    *(0.9,) * 2,  # 22-24
)
_GAINS_MEAN = sum(_GAINS_SHAPE) / 24.0


def gains_shape(hour: int) -> float:
    """Internal gains at this hour relative to their daily mean."""
    return _GAINS_SHAPE[hour] / _GAINS_MEAN


@dataclass(frozen=True, slots=True)
class Schedule:
    """The thermostat's setpoint by hour: a base value and an optional changed window."""

    base_c: float
    changed_c: float | None = None
    start_hour: int = 0
    end_hour: int = 0

    def setpoint_c(self, hour: int) -> float:
        """The setpoint at this hour."""
        if self.changed_c is None:
            return self.base_c
        inside = self.start_hour <= hour < self.end_hour
        return self.changed_c if inside else self.base_c

    @classmethod
    def for_mode(cls, mode: Mode, setback: bool) -> Schedule:
        """Heating: 21 degC, setback 17 degC 22-06 h. Cooling: 24 degC, setup 28 degC 08-17 h."""
        if mode is Mode.HEAT:
            return cls(17.0, 21.0, 6, 22) if setback else cls(21.0)
        return cls(24.0, 28.0, 8, 17) if setback else cls(24.0)


@dataclass(frozen=True, slots=True)
class HouseSpec:
    """The RC network and gains of the rooms a unit serves."""

    ua_w_per_k: float  # steady-state loss per K

    @property
    def _scale(self) -> float:
        a, h = AIR_SHARE, COUPLING_PER_UA
        m = 1.0 - AIR_SHARE
        return self.ua_w_per_k / (a + m * h / (m + h))

    @property
    def ua_air(self) -> float:
        """Loss of the air node to outdoors (W/K)."""
        return AIR_SHARE * self._scale

    @property
    def ua_mass(self) -> float:
        """Loss of the structure to outdoors (W/K)."""
        return (1.0 - AIR_SHARE) * self._scale

    @property
    def coupling(self) -> float:
        """Air to structure (W/K)."""
        return COUPLING_PER_UA * self._scale

    @property
    def c_air(self) -> float:
        """Heat capacity of air and furnishings (J/K)."""
        return C_AIR_PER_UA * self.ua_w_per_k

    @property
    def c_mass(self) -> float:
        """Heat capacity of the structure (J/K)."""
        return C_MASS_PER_UA * self.ua_w_per_k

    def internal_w(self, hour: int) -> float:
        """Sensible internal gains now (W)."""
        return GAINS_PER_UA * self.ua_w_per_k * gains_shape(hour)

    def solar_w(self, irradiance_w_m2: float) -> float:
        """Solar gains through the windows now (W)."""
        return irradiance_w_m2 * WINDOW_M2_PER_UA * self.ua_w_per_k * SHGC

    def latent_w(self, hour: int, outdoor_c: float) -> float:
        """Moisture to remove now, as latent heat (W): people, and humid air infiltrating."""
        people = LATENT_PEOPLE_PER_UA * self.ua_w_per_k * gains_shape(hour)
        humid = min(max((outdoor_c - 22.0) / 10.0, 0.0), 1.2)
        return people + LATENT_INFILTRATION_PER_UA * self.ua_w_per_k * humid

    @classmethod
    def sized(cls, unit: UnitSpec, mode: Mode, ratio: float, design_c: float) -> HouseSpec:
        """The house whose design load is `ratio` times the unit's maximum capacity there."""
        if mode is Mode.HEAT:
            capacity = unit.table(Mode.HEAT).max_capacity_w(design_c)
            return cls(ratio * capacity / (DESIGN_ROOM_C - design_c))
        capacity = unit.table(Mode.COOL).max_capacity_w(COOLING_DESIGN_OUTDOOR_C)
        per_ua = (
            (COOLING_DESIGN_OUTDOOR_C - COOLING_ROOM_C)
            + GAINS_PER_UA * max(_GAINS_SHAPE) / _GAINS_MEAN
            + 500.0 * WINDOW_M2_PER_UA * SHGC
            + LATENT_PEOPLE_PER_UA
            + LATENT_INFILTRATION_PER_UA
        )
        return cls(ratio * capacity / per_ua)


@dataclass(frozen=True, slots=True)
class Flows:
    """The heat flows of one step (W), for the energy balance."""

    into_w: float  # unit (sensible), gains and sun
    lost_w: float  # to outdoors
    stored_j: float  # change of heat stored in both nodes over the step


@dataclass(slots=True)
class House:
    """The two temperatures of a house and its moisture, stepped a minute at a time."""

    spec: HouseSpec
    air_c: float
    mass_c: float
    moisture_j: float = 0.0  # latent heat of moisture waiting for the coil

    def step(self, outdoor_c: float, hour: int, irradiance: float, unit_sensible_w: float) -> Flows:
        """Advance one step (explicit: every flow from the temperatures at the step's start)."""
        spec = self.spec
        internal = spec.internal_w(hour)
        solar = spec.solar_w(irradiance)
        to_air = unit_sensible_w + CONVECTIVE_GAINS * internal + SOLAR_TO_AIR * solar
        to_mass = (1.0 - CONVECTIVE_GAINS) * internal + (1.0 - SOLAR_TO_AIR) * solar
        air_loss = spec.ua_air * (self.air_c - outdoor_c)
        mass_loss = spec.ua_mass * (self.mass_c - outdoor_c)
        exchange = spec.coupling * (self.air_c - self.mass_c)
        d_air = (to_air - air_loss - exchange) * STEP_S
        d_mass = (to_mass - mass_loss + exchange) * STEP_S
        self.air_c += d_air / spec.c_air
        self.mass_c += d_mass / spec.c_mass
        return Flows(to_air + to_mass, air_loss + mass_loss, d_air + d_mass)

    def stored_j(self) -> float:
        """Heat stored above 0 degC (J)."""
        return self.spec.c_air * self.air_c + self.spec.c_mass * self.mass_c
