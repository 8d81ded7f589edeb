"""The building model that stands in for a compressor speed nobody reports."""

from __future__ import annotations

import math

import pytest

from custom_components.minisplit.cost.building import (
    COOLING_DESIGN_INDOOR_C,
    COOLING_DESIGN_OUTDOOR_C,
    COOLING_SHR,
    DESIGN_INDOOR_C,
    Building,
    max_heating_capacity_w,
)
from custom_components.minisplit.costcore import HeatPump, Mode, PublishedPoint, Speed


@pytest.fixture
def heat_pump() -> HeatPump:
    """A 3.5 kW (12,000 Btu/h) head with typical ratings."""
    return HeatPump.from_nameplate(hspf=10.0, seer=20.0, heating_capacity_btuh=12000)


def test_the_design_day_load_is_the_units_maximum_capacity(heat_pump: HeatPump) -> None:
    building = Building.from_design_point(heat_pump, design_outdoor_c=-15.0, gains_w=300.0)
    capacity = heat_pump.performance_map(Mode.HEAT).capacity_w(Speed.MAX, -15.0, DESIGN_INDOOR_C)
    assert building.load_w(Mode.HEAT, -15.0, DESIGN_INDOOR_C) == pytest.approx(capacity)


def test_heating_load_grows_as_it_gets_colder_and_with_the_setpoint(heat_pump: HeatPump) -> None:
    building = Building.from_design_point(heat_pump)
    loads = [building.load_w(Mode.HEAT, outdoor, 21.0) for outdoor in (15.0, 8.0, 0.0, -10.0)]
    assert loads == sorted(loads)
    assert loads[0] < loads[-1]
    assert building.load_w(Mode.HEAT, 0.0, 23.0) > building.load_w(Mode.HEAT, 0.0, 20.0)


def test_gains_cover_mild_days_and_add_to_cooling(heat_pump: HeatPump) -> None:
    building = Building.from_design_point(heat_pump, gains_w=400.0)
    balance = building.balance_c(21.0)
    assert balance < 21.0
    assert building.load_w(Mode.HEAT, balance + 0.5, 21.0) == 0.0
    # Cooling at the room's own temperature still removes the gains.
    assert building.load_w(Mode.COOL, 24.0, 24.0) == pytest.approx(400.0)
    assert building.load_w(Mode.COOL, 32.0, 24.0) > 400.0


@pytest.mark.parametrize(
    ("design", "gains"), [(21.0, 300.0), (math.nan, 300.0), (-10.0, -1.0), (-10.0, math.inf)]
)
def test_impossible_design_points_are_refused(
    heat_pump: HeatPump, design: float, gains: float
) -> None:
    with pytest.raises(ValueError, match=r"design|gains"):
        Building.from_design_point(heat_pump, design_outdoor_c=design, gains_w=gains)


def test_the_design_afternoon_cooling_load_is_the_units_rated_cooling_capacity(
    heat_pump: HeatPump,
) -> None:
    """Installers size cooling for the design afternoon, sun and latent load included."""
    building = Building.from_design_point(heat_pump)
    rated = heat_pump.rated_capacity_w(Mode.COOL)
    assert rated is not None
    assert building.solar_peak_w > 0
    afternoon = building.load_w(Mode.COOL, COOLING_DESIGN_OUTDOOR_C, COOLING_DESIGN_INDOOR_C, 15.0)
    assert afternoon == pytest.approx(rated)
    night = building.load_w(Mode.COOL, COOLING_DESIGN_OUTDOOR_C, COOLING_DESIGN_INDOOR_C, 2.0)
    no_sun = building.ua_w_per_k * (COOLING_DESIGN_OUTDOOR_C - COOLING_DESIGN_INDOOR_C)
    assert night == pytest.approx((no_sun + building.gains_w) / COOLING_SHR)  # no sun at night
    assert building.solar_w(2.0) == 0.0
    assert building.solar_w(10.0) < building.solar_w(15.0) > building.solar_w(18.0)
    # The latent load: more than the room's thermometer sees.
    sensible = building.load_w(Mode.COOL, 30.0, 24.0)
    assert building.load_w(Mode.COOL, 30.0, 24.0, 2.0) == pytest.approx(sensible / COOLING_SHR)


def test_below_its_coldest_data_a_units_capacity_is_derated_for_sizing(
    heat_pump: HeatPump,
) -> None:
    """A unit without cold-climate data loses capacity below 5 degF; one with points keeps them."""
    at_5f = max_heating_capacity_w(heat_pump, -15.0)
    assert max_heating_capacity_w(heat_pump, -25.0) == pytest.approx(at_5f * 0.8, rel=1e-3)
    assert max_heating_capacity_w(heat_pump, -60.0) == pytest.approx(at_5f * 0.5, rel=1e-3)
    cold_climate = HeatPump.from_nameplate(
        hspf=10.0,
        seer=20.0,
        heating_capacity_btuh=12000,
        points=(PublishedPoint(Mode.HEAT, -25.0, Speed.MAX, 3000.0, 1500.0),),
    )
    published = cold_climate.performance_map(Mode.HEAT).capacity_w(Speed.MAX, -25.0, 21.0)
    assert max_heating_capacity_w(cold_climate, -25.0) == pytest.approx(published)
    # So an ordinary unit in a -25 degC climate is taken to serve a smaller building.
    assert Building.from_design_point(heat_pump, design_outdoor_c=-25.0).ua_w_per_k < (
        Building.from_design_point(heat_pump, design_outdoor_c=-15.0).ua_w_per_k
    )


def test_a_known_heat_loss_replaces_the_sizing(heat_pump: HeatPump) -> None:
    building = Building.from_heat_loss(heat_pump, 80.0)
    assert building.ua_w_per_k == 80.0
    assert building.load_w(Mode.HEAT, 1.0, 21.0) == pytest.approx(80.0 * 20 - building.gains_w)
    with pytest.raises(ValueError, match="positive"):
        Building.from_heat_loss(heat_pump, 0.0)
