"""The heating design temperature of a place, from the weather stations nearest to it.

The companion's building model is sized so that the unit just covers the heat loss at the design
outdoor temperature: the climate's 99 % heating design dry bulb (88 hours of a year are colder).
Users rarely know theirs, and a wrong one moves every estimate, so the flow suggests it from
the stations of design_climate.json (built by scripts/build_design_climate.py; data/README.md
says where the numbers come from):

- the stations within MAX_DISTANCE_KM of the home by great-circle distance (haversine on a
  sphere of the Earth's mean radius), at most NEAREST of them;
- each station's design temperature moved to the home's elevation with the lapse rate of the
  standard atmosphere, 6.5 K per km up (ICAO Standard Atmosphere, ISO 2533:1975, troposphere);
  cold nights with an inversion break that rule in valleys, so the result is a first guess the
  user can change. Without the home's elevation nothing is moved;
- averaged with weights of one over the squared distance (a station within 1 km counts alone),
  so that the nearest station decides and the others only temper it;
- None when no station is that near: the caller keeps its default.

Reading the table is file I/O (about 30 ms): inside Home Assistant, call `suggest_for` in the
executor. It is read again at each call rather than kept: a form shown once in a while is not
worth holding 3.6 MB of stations in every home's memory.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

DESIGN_CLIMATE_PATH = Path(__file__).with_name("design_climate.json")
MAX_DISTANCE_KM = 150.0
NEAREST = 3
LAPSE_RATE_K_PER_M = 0.0065  # ISO 2533:1975 standard atmosphere, below 11 km
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
_ALONE_WITHIN_KM = 1.0
_KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180.0


class DesignStation(NamedTuple):
    """One weather station's design conditions."""

    latitude: float
    longitude: float
    elevation_m: float
    heating_99_c: float
    cooling_1_c: float | None


@dataclass(frozen=True, slots=True)
class DesignSuggestion:
    """A suggested heating design temperature and the station nearest to the home."""

    heating_99_c: float
    nearest: DesignStation
    distance_km: float
    stations: int  # how many stations the suggestion averages


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The distance between two points in km (haversine on a sphere of the mean radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2.0
    half_dlambda = math.radians(lon2 - lon1) / 2.0
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def at_elevation(station: DesignStation, elevation_m: float | None) -> float:
    """The station's heating design temperature moved to `elevation_m` (unmoved when None)."""
    if elevation_m is None:
        return station.heating_99_c
    return station.heating_99_c - LAPSE_RATE_K_PER_M * (elevation_m - station.elevation_m)


def suggest_design_temperature(
    latitude: float,
    longitude: float,
    elevation_m: float | None,
    stations: tuple[DesignStation, ...],
    max_distance_km: float = MAX_DISTANCE_KM,
) -> DesignSuggestion | None:
    """The heating design temperature suggested for a place (degC), None with no station near."""
    band = max_distance_km / _KM_PER_DEGREE_LATITUDE  # no station outside it can be near
    near: list[tuple[float, DesignStation]] = []
    for station in stations:
        if abs(station.latitude - latitude) > band:
            continue
        distance = great_circle_km(latitude, longitude, station.latitude, station.longitude)
        if distance <= max_distance_km:
            near.append((distance, station))
    if not near:
        return None
    near.sort(key=lambda item: item[0])
    near = near[:NEAREST]
    distance, nearest = near[0]
    if distance < _ALONE_WITHIN_KM:
        near = near[:1]
    weights = [1.0 / max(d, _ALONE_WITHIN_KM) ** 2 for d, _ in near]
    total = sum(w * at_elevation(s, elevation_m) for w, (_, s) in zip(weights, near, strict=True))
    return DesignSuggestion(total / sum(weights), nearest, distance, len(near))


def read_design_stations(path: Path) -> tuple[DesignStation, ...]:
    """Read a station table (blocking I/O; see load_design_stations for the package's table)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        DesignStation(float(lat), float(lon), float(elev), float(heating), cooling)
        for lat, lon, elev, heating, cooling in data["stations"]
    )


def load_design_stations() -> tuple[DesignStation, ...]:
    """The package's stations (blocking file I/O: call it in an executor)."""
    return read_design_stations(DESIGN_CLIMATE_PATH)


def suggest_for(
    latitude: float, longitude: float, elevation_m: float | None
) -> DesignSuggestion | None:
    """The suggestion from the package's stations (blocking: it reads them)."""
    return suggest_design_temperature(latitude, longitude, elevation_m, load_design_stations())
