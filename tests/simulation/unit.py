"""An inverter unit whose capacity and input come from its published points, and its controller.

Capacity and electrical input against outdoor temperature and compressor speed are read from
`data/neep_ccashp_2017_points.csv` (heating: minimum, rated and maximum speed at 47 and 17 degF,
minimum and maximum at 5 degF and, for cold-climate units, colder points) and
`data/cooling_points.csv` (cooling at 95 and 82 degF), never from the integration's cost core:

- Between published temperatures each speed's capacity and input are linear in temperature.
- Beyond the coldest or warmest point of a speed they follow the slope of its two nearest points
  for at most EXTRAPOLATE_F degF, and hold beyond; capacity never falls below a fifth of the last
  published value, and a heating input never exceeds the capacity (a COP of at least 1: below
  that, resistance heat would do).
- At one temperature, input against capacity is piecewise linear through the minimum, the rated
  point (only between the temperatures where a rated point is published) and the maximum, so a
  published point is reproduced exactly at steady state.
- The published points are AHRI 210/240 steady-state tests at 70 degF indoors (80 degF in
  cooling); the simulator's rooms are at about 21 degC and 24-28 degC and the indoor dependence
  is not modelled.

Below minimum capacity the unit cycles on and off with a deadband and the AHRI 210/240 cycling
degradation coefficient C_D = 0.25 (part-load factor 1 - C_D (1 - part-load ratio)). Between
-7 and +7 degC outdoors frost builds on the outdoor coil (AHRI's 17 and 47 degF tests are
frost-free, the 35 degF test is not): capacity falls by up to FROST_CAPACITY_LOSS until a
reverse-cycle defrost, which pulls heat from the room for DEFROST_MINUTES.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import pairwise
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
BTUH_TO_W = 0.29307107
EXTRAPOLATE_F = 20.0
CYCLING_DEGRADATION = 0.25  # AHRI 210/240 default C_D
FAN_W = 30.0  # indoor fan and controls while the unit is on with its compressor stopped
STANDBY_W = 4.0  # the unit switched off
DEFROST_BAND_C = (-7.0, 7.0)
DEFROST_MINUTES = 5
FROST_CAPACITY_LOSS = 0.10
# Compressor run time between defrosts: shortest near 0 degC (wettest frost), longest at the edges.
DEFROST_INTERVAL_MIN = (45.0, 90.0)
# Cycling deadband around the setpoint (K): off above +, on again below -.
CYCLE_OFF_K = 0.75
CYCLE_ON_K = 0.25


class Mode(StrEnum):
    """What the unit does."""

    HEAT = "heat"
    COOL = "cool"


def f_to_c(value: float) -> float:
    """Degrees Fahrenheit to Celsius."""
    return (value - 32.0) * 5.0 / 9.0


def c_to_f(value: float) -> float:
    """Degrees Celsius to Fahrenheit."""
    return value * 9.0 / 5.0 + 32.0


def _lerp(x: float, x0: float, y0: float, x1: float, y1: float) -> float:
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


@dataclass(frozen=True, slots=True)
class Published:
    """One published point: outdoor degF, capacity W, input W."""

    t_f: float
    capacity_w: float
    input_w: float


@dataclass(frozen=True, slots=True)
class Table:
    """One mode's published points by speed (`min`, `rated`, `max`), each sorted by temperature."""

    mode: Mode
    speeds: dict[str, tuple[Published, ...]]

    def _speed(self, speed: str, t_f: float) -> tuple[float, float]:
        points = self.speeds[speed]
        if len(points) == 1:
            return points[0].capacity_w, points[0].input_w
        if t_f <= points[0].t_f:
            a, b = points[0], points[1]
            t = max(t_f, a.t_f - EXTRAPOLATE_F)
            edge = a
        elif t_f >= points[-1].t_f:
            a, b = points[-2], points[-1]
            t = min(t_f, b.t_f + EXTRAPOLATE_F)
            edge = b
        else:
            for a, b in pairwise(points):
                if a.t_f <= t_f <= b.t_f:
                    break
            return (
                _lerp(t_f, a.t_f, a.capacity_w, b.t_f, b.capacity_w),
                _lerp(t_f, a.t_f, a.input_w, b.t_f, b.input_w),
            )
        capacity = max(_lerp(t, a.t_f, a.capacity_w, b.t_f, b.capacity_w), 0.2 * edge.capacity_w)
        power = max(_lerp(t, a.t_f, a.input_w, b.t_f, b.input_w), 0.2 * edge.input_w)
        if self.mode is Mode.HEAT:
            power = min(power, capacity)
        return capacity, power

    def curve(self, t_c: float) -> list[tuple[float, float]]:
        """(capacity, input) of the speeds at this outdoor temperature, by capacity."""
        t_f = c_to_f(t_c)
        low = self._speed("min", t_f)
        high = self._speed("max", t_f)
        if high[0] < low[0]:
            low, high = high, low
        curve = [low]
        rated = self.speeds.get("rated", ())
        if len(rated) >= 2 and rated[0].t_f <= t_f <= rated[-1].t_f:
            middle = self._speed("rated", t_f)
            if low[0] < middle[0] < high[0]:
                curve.append(middle)
        curve.append(high)
        return curve

    def min_capacity_w(self, t_c: float) -> float:
        """Capacity at minimum speed."""
        return self.curve(t_c)[0][0]

    def max_capacity_w(self, t_c: float) -> float:
        """Capacity at maximum speed."""
        return self.curve(t_c)[-1][0]

    def input_w(self, t_c: float, capacity_w: float) -> float:
        """Steady-state input delivering this capacity (between minimum and maximum)."""
        curve = self.curve(t_c)
        capacity_w = min(max(capacity_w, curve[0][0]), curve[-1][0])
        for (q0, p0), (q1, p1) in pairwise(curve):
            if capacity_w <= q1:
                return _lerp(capacity_w, q0, p0, q1, p1)
        return curve[-1][1]  # pragma: no cover - capacity is clamped to the curve


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """A listed unit: its tables, nameplate and compressor range."""

    key: str
    name: str
    heating: Table | None
    cooling: Table | None
    hspf: float
    seer: float
    eer: float | None
    heating_capacity_btuh: float | None  # rated, 47 degF
    cooling_capacity_btuh: float | None  # rated, 95 degF
    min_hz: float
    max_hz: float
    catalog_id: str | None  # the AHRI number, by which the config flow's picker may know it

    def table(self, mode: Mode) -> Table:
        """The published points of a mode."""
        table = self.heating if mode is Mode.HEAT else self.cooling
        if table is None:
            raise ValueError(f"{self.name} has no {mode} data")
        return table

    def rated_input_w(self, mode: Mode) -> float:
        """The rated speed's input at 47 degF (heating) or 95 degF (cooling)."""
        t_f = 47.0 if mode is Mode.HEAT else 95.0
        for point in self.table(mode).speeds.get("rated", ()):
            if point.t_f == t_f:
                return point.input_w
        raise ValueError(f"{self.name}: no rated {mode} point at {t_f} degF")


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _table(mode: Mode, rows: list[dict[str, str]]) -> Table:
    speeds: dict[str, list[Published]] = {}
    for row in rows:
        capacity, power = _number(row["capacity_btuh"]), _number(row["input_kw"])
        if capacity is None or power is None:
            continue
        speeds.setdefault(row["speed"], []).append(
            Published(float(row["t_out_f"]), capacity * BTUH_TO_W, power * 1000.0)
        )
    return Table(mode, {s: tuple(sorted(p, key=lambda x: x.t_f)) for s, p in speeds.items()})


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with (DATA / name).open(encoding="utf-8") as file:
        return tuple(csv.DictReader(file))


def load_unit(key: str, min_hz: float, max_hz: float) -> UnitSpec:
    """A unit by its AHRI number (heating listing) or model name (cooling listing)."""
    heating = [row for row in _rows("neep_ccashp_2017_points.csv") if row["ahri"] == key]
    cooling = [
        row
        for row in _rows("cooling_points.csv")
        if key in (row["ahri"], row["model_name"]) and row["input_kw"].strip()
    ]
    if not heating and not cooling:
        raise KeyError(key)
    first = (heating or cooling)[0]
    model = first["outdoor_model"] or first["model_name"]
    rated_heat = [float(r["capacity_btuh"]) for r in heating if r["speed"] == "rated"]
    rated_cool = first["cooling_capacity_btuh"]
    return UnitSpec(
        key=key,
        name=f"{first['manufacturer'].split(' ')[0]} {model}",
        heating=_table(Mode.HEAT, heating) if heating else None,
        cooling=_table(Mode.COOL, cooling) if cooling else None,
        hspf=float(first["hspf"]),
        seer=float(first["seer"]),
        eer=_number(first["eer"]),
        heating_capacity_btuh=rated_heat[0] if rated_heat else None,
        cooling_capacity_btuh=float(rated_cool) if rated_cool.strip() else None,
        min_hz=min_hz,
        max_hz=max_hz,
        catalog_id=first["ahri"] or None,
    )


@dataclass(frozen=True, slots=True)
class Output:
    """What the unit does over one step."""

    total_w: float  # heat moved (heating: added to the room; cooling: removed), sensible+latent
    input_w: float
    compressor_on: bool
    defrosting: bool
    hz: float


@dataclass(slots=True)
class InverterUnit:
    """A unit under its own controller: a PI loop on the room temperature, cycling below minimum.

    The PI loop asks for a capacity; at or above the minimum the compressor modulates to it; below,
    it runs at minimum until the room is CYCLE_OFF_K past the setpoint and stays off until it is
    back within CYCLE_ON_K of it.
    """

    spec: UnitSpec
    mode: Mode
    integral_w: float = 0.0
    on: bool = False
    cycling: bool = False
    run_min: float = 0.0  # compressor minutes since the last defrost
    defrost_left: int = 0
    demand_w: float = 0.0
    _part_load: float = 1.0

    def step(self, outdoor_c: float, room_c: float, setpoint_c: float) -> Output:
        """Run one minute; the room temperature is the one at its start."""
        minutes = 1.0
        table = self.spec.table(self.mode)
        q_min, q_max = table.min_capacity_w(outdoor_c), table.max_capacity_w(outdoor_c)
        error = setpoint_c - room_c if self.mode is Mode.HEAT else room_c - setpoint_c
        gain = q_max / 2.0  # W per K
        self.integral_w = min(max(self.integral_w + gain * error * minutes / 30.0, 0.0), q_max)
        demand = min(max(gain * error + self.integral_w, 0.0), q_max)
        self.demand_w = demand
        if self.defrost_left > 0:
            return self._defrost(table, outdoor_c)
        if demand >= q_min:
            self.on, self.cycling = True, False
            capacity, factor = demand, 1.0
        else:
            if not self.cycling:
                self.cycling = True
            if self.on and error < -CYCLE_OFF_K:
                self.on = False
            elif not self.on and error > CYCLE_ON_K:
                self.on = True
            capacity = q_min
            # Part-load ratio over the cycle: the load the loop sees, against minimum capacity.
            self._part_load += (min(demand / q_min, 1.0) - self._part_load) * 0.05 * minutes
            factor = 1.0 - CYCLING_DEGRADATION * (1.0 - self._part_load)
        if not self.on:
            return Output(0.0, FAN_W, False, False, 0.0)
        power = table.input_w(outdoor_c, capacity) / factor
        # The compressor's speed is set for the frost-free capacity: frost on the outdoor coil
        # lowers the heat that speed moves, not the speed.
        span = max(q_max - q_min, 1e-9)
        hz = self.spec.min_hz + (self.spec.max_hz - self.spec.min_hz) * min(
            max((min(capacity, q_max) - q_min) / span, 0.0), 1.0
        )
        capacity *= self._frost(outdoor_c, minutes)
        return Output(capacity, power, True, False, round(hz))

    def _frost(self, outdoor_c: float, minutes: float) -> float:
        """Capacity left under the frost on the coil; starts a defrost when it is due."""
        low, high = DEFROST_BAND_C
        if self.mode is not Mode.HEAT or not low <= outdoor_c <= high:
            self.run_min = 0.0
            return 1.0
        self.run_min += minutes
        shortest, longest = DEFROST_INTERVAL_MIN
        interval = shortest + (longest - shortest) * abs(outdoor_c) / high
        if self.run_min >= interval:
            self.run_min = 0.0
            self.defrost_left = DEFROST_MINUTES
        return 1.0 - FROST_CAPACITY_LOSS * min(self.run_min / interval, 1.0)

    def _defrost(self, table: Table, outdoor_c: float) -> Output:
        """Reverse cycle: heat taken from the room at minimum capacity, input at minimum speed's."""
        self.defrost_left -= 1
        self.on = True
        q_min = table.min_capacity_w(outdoor_c)
        return Output(-q_min, table.input_w(outdoor_c, q_min), True, True, self.spec.min_hz)
