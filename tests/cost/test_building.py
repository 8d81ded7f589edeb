"""The building model that stands in for a compressor speed nobody reports."""

from __future__ import annotations

import math

import pytest

from custom_components.minisplit.cost.building import DESIGN_INDOOR_C, Building
from custom_components.minisplit.costcore import HeatPump, Mode, Speed


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
