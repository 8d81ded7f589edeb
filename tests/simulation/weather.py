"""Seeded synthetic weather, one value a minute: outdoor temperature and sun on the windows.

Facts used (ASHRAE Handbook - Fundamentals, climatic design conditions and solar chapters; NOAA
climate normals):

- The heating design temperature is the 99 % dry-bulb value: 1 % of the year's hours (about 88)
  are colder. A cold week here reaches it once, at its coldest dawn, as a cold snap does.
- Diurnal swing: 8-12 K on clear days, 2-5 K under overcast; the minimum near sunrise, the
  maximum in mid-afternoon (about 15:00).
- Synoptic variation: weather systems pass every 3-7 days and move the daily mean by several K.
- Day length at 45 degN: about 9 h at the December solstice, 12 h at the equinoxes, 15.5 h in
  June. Clear-sky irradiance on a house's mixed window orientations peaks at about 400-500 W/m2
  in every season (low winter sun favours south glass, high summer sun east and west); an
  overcast sky lets through about a quarter of it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from enum import StrEnum

MINUTES_PER_DAY = 1440
W_MINUTES_PER_KWH = 60_000.0


class WeekKind(StrEnum):
    """The weeks of the grid."""

    COLD = "cold"  # heating, down to the design temperature
    MILD = "mild"  # heating, 0 to 15 degC
    HOT = "hot"  # cooling, 24 to 36 degC


# Clear-day swing (K), cloudy-day swing, synoptic amplitude (K), day length (h), solar peak (W/m2),
# probability of an overcast day.
_CLIMATE = {
    WeekKind.COLD: (10.0, 3.5, 4.0, 9.0, 450.0, 0.4),
    WeekKind.MILD: (9.0, 3.0, 3.0, 12.0, 450.0, 0.45),
    WeekKind.HOT: (10.0, 4.0, 1.5, 15.0, 500.0, 0.3),
}
_RANGES = {WeekKind.MILD: (0.0, 15.0), WeekKind.HOT: (24.0, 36.0)}


@dataclass(frozen=True, slots=True)
class Weather:
    """Outdoor temperature (degC) and irradiance on the windows (W/m2), each minute."""

    kind: WeekKind
    outdoor_c: tuple[float, ...]
    solar_w_m2: tuple[float, ...]
    overcast: tuple[bool, ...]  # per day


def _diurnal(hour: float) -> float:
    """-1 at 06:00, +1 at 15:00, a cosine between."""
    if 6.0 <= hour <= 15.0:
        return -math.cos(math.pi * (hour - 6.0) / 9.0)
    since = hour - 15.0 if hour > 15.0 else hour + 9.0
    return math.cos(math.pi * since / 15.0)


def make_weather(kind: WeekKind, design_c: float, seed: int, days: int, scored: int = 7) -> Weather:
    """`days` days of weather whose last `scored` days have the week's range.

    Cold: the last days' minimum is the design temperature. Mild and hot: the last days span
    the week's range exactly. The days before share the same transform (a run-up).
    """
    rng = random.Random(seed)
    clear_swing, cloudy_swing, synoptic, day_length, peak, p_overcast = _CLIMATE[kind]
    overcast = tuple(rng.random() < p_overcast for _ in range(days))
    periods = [rng.uniform(3.0, 7.0) for _ in range(2)]
    phases = [rng.uniform(0.0, 2 * math.pi) for _ in range(2)]
    raw: list[float] = []
    solar: list[float] = []
    sunrise = 12.0 - day_length / 2.0
    for minute in range(days * MINUTES_PER_DAY):
        day, hour = divmod(minute / 60.0, 24.0)
        swing = cloudy_swing if overcast[int(day)] else clear_swing
        slow = sum(
            synoptic / 2 * math.sin(2 * math.pi * (minute / MINUTES_PER_DAY) / period + phase)
            for period, phase in zip(periods, phases, strict=True)
        )
        raw.append(slow + swing / 2.0 * _diurnal(hour))
        sun = math.sin(math.pi * (hour - sunrise) / day_length)
        solar.append(max(sun, 0.0) * peak * (0.25 if overcast[int(day)] else 1.0))
    window = raw[(days - scored) * MINUTES_PER_DAY :]
    low, high = min(window), max(window)
    if kind is WeekKind.COLD:
        outdoor = [value - low + design_c for value in raw]
    else:
        lowest, highest = _RANGES[kind]
        scale = (highest - lowest) / (high - low)
        outdoor = [lowest + (value - low) * scale for value in raw]
    return Weather(kind, tuple(outdoor), tuple(solar), overcast)
