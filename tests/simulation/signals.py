"""What Home Assistant shows each minute: the climate entity, the unit's sensors, the home's meter.

A climate entity's `hvac_action` comes in three integration styles (docs/companion-sources.md):
from the compressor (heating, idle, defrosting: ESPHome CN105, Daikin), absent (most
integrations), or copying the mode (always heating in heat mode: Mitsubishi Comfort, Kumo).
Temperatures are rounded as integrations show them (room 0.5 or 0.1 degC, outdoor 0.5 or 1 degC).

The whole-home meter adds the home's other load to the unit: a base load with a daily pattern
and day-to-day noise, an electric car charging 10-40 kWh on some evenings (at 7.2 kW, a common
level-2 charger) and, on some heating days, a 1.5 kW electric heater in another room.

The recorder holds months of that meter before the simulated weeks (`history`): days of the
shoulder season with the unit off, whose outdoor mean lies at 12-20 degC, as its long-term
statistics give them (a day's energy and the outdoor sensor's mean). Their base load is the
weeks' own shifted by a seeded share within +-SEASON_SHIFT: a home's other load is not the same
in October as in January (lighting hours, cooking, a dehumidifier), and which way it moves
differs from home to home.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import accumulate

from custom_components.minisplit.cost.base_load import HistoryDay

from .scenario import Trace
from .unit import Mode
from .weather import MINUTES_PER_DAY, W_MINUTES_PER_KWH

EV_KW = 7.2
HEATER_KW = 1.5
EV_SHARE = 0.3  # of days with an EV charge
SEASON_SHIFT = 0.1
# Each day's other load is its hourly pattern times a level drawn from this range.
DAY_LEVEL = (0.8, 1.2)
# Shoulder-season days the recorder holds, their outdoor means, and the days between them and the
# simulated weeks (the late autumn or spring, with some heating or cooling: not base days).
HISTORY_DAYS = (30, 60)
HISTORY_OUTDOOR_C = (12.0, 20.0)
HISTORY_GAP_DAYS = 30
# The home's other load by hour (kW): night, morning, day, evening peak.
BASE_KW = (
    *(0.25,) * 6,
    *(0.6,) * 3,
    *(0.4,) * 8,
    *(0.9,) * 5,
    *(0.4,) * 2,
)


class ActionStyle(StrEnum):
    """How an integration sets hvac_action."""

    COMPRESSOR = "compressor"  # heating / idle / defrosting, from the unit
    ABSENT = "absent"  # not set
    MODE = "mode"  # heating whenever the mode is heat


def _round(value: float, step: float) -> float:
    return round(round(value / step) * step, 3)


@dataclass(frozen=True, slots=True)
class Shown:
    """How the entities look, each minute, for one integration style."""

    hvac_mode: str
    hvac_action: tuple[str | None, ...]
    room_c: tuple[float, ...]
    target_c: tuple[float, ...]
    outdoor_c: tuple[float, ...]
    hz: tuple[float, ...]
    power_w: tuple[float, ...]
    energy_kwh: tuple[float, ...]  # the unit's meter, at the start of each minute
    home_kwh: tuple[float, ...]  # the whole-home meter, at the start of each minute
    home_other_kwh_by_day: tuple[float, ...]  # the truth of the other load, per day


def _action(trace: Trace, minute: int, style: ActionStyle) -> str | None:
    running = "heating" if trace.scenario.mode is Mode.HEAT else "cooling"
    if style is ActionStyle.ABSENT:
        return None
    if style is ActionStyle.MODE:
        return running
    if trace.defrosting[minute]:
        return "defrosting"
    return running if trace.compressor_on[minute] else "idle"


def other_load_w(trace: Trace, seed: int) -> list[float]:
    """The home's other load each minute (W)."""
    rng = random.Random(seed ^ 0x5EED)
    loads: list[float] = []
    for _day in range(trace.scenario.days):
        level = rng.uniform(*DAY_LEVEL)
        day = [BASE_KW[minute // 60] * level * 1000.0 for minute in range(MINUTES_PER_DAY)]
        if rng.random() < EV_SHARE:  # an EV charge, starting in the evening
            kwh = rng.uniform(10.0, 40.0)
            start = rng.randrange(18 * 60, 21 * 60)
            for minute in range(start, min(start + round(kwh / EV_KW * 60), MINUTES_PER_DAY)):
                day[minute] += EV_KW * 1000.0
        if trace.scenario.mode is Mode.HEAT and rng.random() < 0.15:  # a heater in another room
            start = rng.randrange(17 * 60, 19 * 60)
            for minute in range(start, start + rng.randrange(180, 300)):
                day[minute] += HEATER_KW * 1000.0
        loads.extend(day)
    return loads


def shown(
    trace: Trace, style: ActionStyle, room_step: float = 0.1, outdoor_step: float = 0.5
) -> Shown:
    """What the entities show each minute."""
    minutes = range(len(trace.input_w))
    energy = [0.0, *accumulate(trace.input_w)]
    other = other_load_w(trace, trace.scenario.seed)
    home = [0.0, *accumulate(a + b for a, b in zip(trace.input_w, other, strict=True))]
    return Shown(
        hvac_mode=trace.scenario.mode.value,
        hvac_action=tuple(_action(trace, minute, style) for minute in minutes),
        room_c=tuple(_round(value, room_step) for value in trace.room_c),
        target_c=tuple(trace.setpoint_c),
        outdoor_c=tuple(_round(value, outdoor_step) for value in trace.weather.outdoor_c),
        hz=tuple(trace.hz),
        power_w=tuple(float(round(value)) for value in trace.input_w),
        energy_kwh=tuple(round(value / W_MINUTES_PER_KWH, 3) for value in energy[:-1]),
        home_kwh=tuple(round(value / W_MINUTES_PER_KWH, 3) for value in home[:-1]),
        home_other_kwh_by_day=tuple(
            sum(other[day * MINUTES_PER_DAY : (day + 1) * MINUTES_PER_DAY]) / W_MINUTES_PER_KWH
            for day in range(trace.scenario.days)
        ),
    )


def history(seed: int, first_day: date) -> tuple[HistoryDay, ...]:
    """The shoulder-season days before the simulated weeks that start on `first_day`, unit off.

    Each day's other load is drawn as the weeks' is (`other_load_w`, without heaters: nothing
    heats), times the seeded seasonal shift.
    """
    rng = random.Random(seed ^ 0xBA5E)
    shift = 1.0 + rng.uniform(-SEASON_SHIFT, SEASON_SHIFT)
    count = rng.randint(*HISTORY_DAYS)
    last = first_day - timedelta(days=HISTORY_GAP_DAYS + 1)
    daily = sum(BASE_KW)
    days: list[HistoryDay] = []
    for back in range(count):
        kwh = daily * rng.uniform(*DAY_LEVEL) * shift
        if rng.random() < EV_SHARE:
            start = rng.randrange(18 * 60, 21 * 60)
            kwh += min(rng.uniform(10.0, 40.0), EV_KW * (MINUTES_PER_DAY - start) / 60)
        days.append(HistoryDay(last - timedelta(days=back), kwh, rng.uniform(*HISTORY_OUTDOOR_C)))
    return tuple(reversed(days))
