"""One simulated fortnight: weather, house and unit stepped together a minute at a time.

The first RUN_UP_DAYS days bring the house's mass into equilibrium (and give a calibration
something to learn from); the last SCORED_DAYS days are the week that is scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .house import House, HouseSpec, Schedule
from .unit import (
    STANDBY_W,
    InverterUnit,
    Mode,
    UnitSpec,
    load_unit,
)
from .weather import MINUTES_PER_DAY, W_MINUTES_PER_KWH, Weather, WeekKind, make_weather

RUN_UP_DAYS = 7
SCORED_DAYS = 7
# Sensible heat ratio of the coil: highest at minimum speed (a warmer coil), lowest at maximum.
SHR_AT_MIN = 0.9
SHR_AT_MAX = 0.72


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """A listed unit and its compressor's frequency range (Hz)."""

    key: str
    min_hz: float
    max_hz: float

    def spec(self) -> UnitSpec:
        """The unit's published data."""
        return _spec(self.key, self.min_hz, self.max_hz)


@cache
def _spec(key: str, min_hz: float, max_hz: float) -> UnitSpec:
    return load_unit(key, min_hz, max_hz)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A unit in a house in a climate for a fortnight."""

    unit: UnitChoice
    mode: Mode
    ratio: float
    design_c: float
    week: WeekKind
    setback: bool
    seed: int
    # A whole-home meter's learner needs two weeks of days before the scored week.
    run_up_days: int = RUN_UP_DAYS

    @property
    def days(self) -> int:
        """Days simulated."""
        return self.run_up_days + SCORED_DAYS

    @property
    def scored_from(self) -> int:
        """The first scored minute."""
        return self.run_up_days * MINUTES_PER_DAY


@dataclass(slots=True)
class Trace:
    """What happened each minute: the truth."""

    scenario: Scenario
    weather: Weather
    house: HouseSpec
    room_c: list[float]
    setpoint_c: list[float]
    input_w: list[float]
    compressor_on: list[bool]
    defrosting: list[bool]
    hz: list[float]
    delivered_w: list[float]  # heat moved, sensible and latent
    latent_w: list[float]  # of which latent (moisture condensed; 0 in heating)

    def energy_kwh(self, start: int, end: int) -> float:
        """The unit's true energy between two minutes."""
        return sum(self.input_w[start:end]) / W_MINUTES_PER_KWH


def simulate(scenario: Scenario) -> Trace:
    """Run the fortnight."""
    spec = scenario.unit.spec()
    weather = make_weather(
        scenario.week, scenario.design_c, scenario.seed, scenario.days, SCORED_DAYS
    )
    house_spec = HouseSpec.sized(spec, scenario.mode, scenario.ratio, scenario.design_c)
    schedule = Schedule.for_mode(scenario.mode, scenario.setback)
    start_c = schedule.setpoint_c(0)
    house = House(house_spec, start_c, start_c)
    unit = InverterUnit(spec, scenario.mode)
    table = spec.table(scenario.mode)
    trace = Trace(scenario, weather, house_spec, [], [], [], [], [], [], [], [])
    for minute in range(scenario.days * MINUTES_PER_DAY):
        hour = (minute // 60) % 24
        outdoor = weather.outdoor_c[minute]
        setpoint = schedule.setpoint_c(hour)
        room = house.air_c
        out = unit.step(outdoor, room, setpoint)
        latent = 0.0
        if scenario.mode is Mode.HEAT:
            sensible = out.total_w
        else:
            house.moisture_j += house_spec.latent_w(hour, outdoor) * 60.0
            q_min, q_max = table.min_capacity_w(outdoor), table.max_capacity_w(outdoor)
            share = min(max((out.total_w - q_min) / max(q_max - q_min, 1e-9), 0.0), 1.0)
            shr = SHR_AT_MIN + (SHR_AT_MAX - SHR_AT_MIN) * share
            latent = min((1.0 - shr) * out.total_w, house.moisture_j / 60.0)
            house.moisture_j -= latent * 60.0
            sensible = -(out.total_w - latent)
        house.step(outdoor, hour, weather.solar_w_m2[minute], sensible)
        trace.room_c.append(room)
        trace.setpoint_c.append(setpoint)
        trace.input_w.append(out.input_w if out.input_w > 0 else STANDBY_W)
        trace.compressor_on.append(out.compressor_on)
        trace.defrosting.append(out.defrosting)
        trace.hz.append(out.hz)
        trace.delivered_w.append(out.total_w)
        trace.latent_w.append(latent)
    return trace
