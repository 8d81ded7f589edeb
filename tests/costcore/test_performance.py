"""Performance map: Carnot bound, monotonic behaviour, defrost, published points."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from custom_components.minisplit.costcore import (
    CARNOT_FRACTION_MAX,
    HeatPump,
    Mode,
    PublishedPoint,
    Ratings,
    Speed,
    btuh_to_w,
    carnot_cop,
    cooling_prior_map,
    cop_bound,
    defrost_factors,
    f_to_c,
    heating_prior_map,
)
from custom_components.minisplit.costcore.performance import (
    HEAT_APPROACH,
    Anchor,
    Approach,
    PerformanceMap,
    SpeedCurve,
    defrost_weight,
    refrigerant_carnot_cop,
)

from .conftest import neep_points

HEAT_TEMPS_C = [f_to_c(t) for t in range(-25, 66, 5)]
COOL_TEMPS_C = [f_to_c(t) for t in range(65, 116, 5)]


def test_carnot_cop_values_from_the_doc() -> None:
    indoor = f_to_c(70.0)
    assert carnot_cop(Mode.HEAT, indoor, f_to_c(47.0)) == pytest.approx(23.0, abs=0.05)
    assert carnot_cop(Mode.HEAT, indoor, f_to_c(17.0)) == pytest.approx(10.0, abs=0.05)
    assert carnot_cop(Mode.HEAT, indoor, f_to_c(5.0)) == pytest.approx(8.15, abs=0.05)
    assert carnot_cop(Mode.HEAT, indoor, f_to_c(-13.0)) == pytest.approx(6.38, abs=0.05)
    assert math.isinf(carnot_cop(Mode.HEAT, 20.0, 25.0))
    assert math.isinf(carnot_cop(Mode.COOL, 26.0, 20.0))
    assert cop_bound(Mode.HEAT, indoor, f_to_c(17.0)) == pytest.approx(5.0, abs=0.03)


def test_refrigerant_carnot_is_below_air_carnot() -> None:
    for mode, temps in ((Mode.HEAT, HEAT_TEMPS_C), (Mode.COOL, COOL_TEMPS_C)):
        indoor = 21.0 if mode is Mode.HEAT else 26.7
        for outdoor in temps:
            assert refrigerant_carnot_cop(mode, indoor, outdoor) < carnot_cop(mode, indoor, outdoor)


@pytest.mark.parametrize("mode", [Mode.HEAT, Mode.COOL])
def test_no_estimate_exceeds_the_carnot_bound(ductless: HeatPump, mode: Mode) -> None:
    temps = HEAT_TEMPS_C if mode is Mode.HEAT else COOL_TEMPS_C
    # A published point far beyond physics must not lift any estimate above the bound either.
    absurd = HeatPump(
        ductless.ratings,
        ductless.heating_capacity_w,
        ductless.cooling_capacity_w,
        (PublishedPoint(mode, temps[len(temps) // 2], Speed.MIN, 2000.0, 50.0),),
    )
    for unit in (ductless, absurd):
        for indoor in (18.0, 21.0, 24.0, 27.0):
            for outdoor in temps:
                for delivered in (100.0, 500.0, 1500.0, 3000.0, 5000.0, 9000.0):
                    est = unit.estimate(mode, outdoor, indoor, delivered)
                    air = carnot_cop(mode, indoor, outdoor)
                    assert est.cop <= CARNOT_FRACTION_MAX * air + 1e-9
                    assert est.cop <= air
                    assert est.cop >= 1.0 - 1e-9


def test_max_speed_cop_and_capacity_fall_as_it_gets_colder() -> None:
    perf = heating_prior_map(Ratings(hspf=11.0), btuh_to_w(18000.0))
    for speed in (Speed.MIN, Speed.RATED, Speed.MAX):
        curve = perf.curves[speed]
        cops = [curve.cop(t) for t in HEAT_TEMPS_C]
        assert all(a < b for a, b in pairwise(cops)), speed
    caps = [perf.curves[Speed.MAX].capacity_w(t) for t in HEAT_TEMPS_C]
    assert all(a <= b for a, b in pairwise(caps))


def test_cooling_cop_falls_as_it_gets_hotter() -> None:
    perf = cooling_prior_map(Ratings(seer=20.0, eer=12.5), btuh_to_w(12000.0))
    cops = [perf.cop(Speed.MAX, t) for t in COOL_TEMPS_C]
    assert all(a > b for a, b in pairwise(cops))
    # The documented 82 -> 95 degF drop of 15-19 %.
    drop = 1.0 - perf.cop(Speed.MAX, f_to_c(95.0)) / perf.cop(Speed.MAX, f_to_c(82.0))
    assert 0.14 <= drop <= 0.20


def test_warmer_room_lowers_heating_cop(ductless: HeatPump) -> None:
    perf = ductless.performance_map(Mode.HEAT)
    assert perf.cop(Speed.RATED, 0.0, 18.0) > perf.cop(Speed.RATED, 0.0, 24.0)


def test_nameplate_anchors() -> None:
    ratings = Ratings(hspf=10.0, seer=20.0, eer=12.0)
    heat = heating_prior_map(ratings, 5000.0)
    assert heat.capacity_w(Speed.RATED, f_to_c(47.0)) == pytest.approx(5000.0)
    # rated COP at 47 degF sits 10-30 % above HSPF/3.412 (NEEP: median 1.16 for ductless units).
    assert 1.1 < heat.cop(Speed.RATED, f_to_c(47.0)) / (10.0 / 3.412) < 1.35
    cool = cooling_prior_map(ratings, 3500.0)
    assert cool.capacity_w(Speed.RATED, f_to_c(95.0)) == pytest.approx(3500.0)
    assert cool.cop(Speed.RATED, f_to_c(95.0)) == pytest.approx(12.0 / 3.412141633)
    assert cool.cop(Speed.MAX, f_to_c(95.0)) == pytest.approx(0.73 * 12.0 / 3.412141633)
    assert cool.cop(Speed.MIN, f_to_c(82.0)) == pytest.approx(20.0 / 3.412141633, rel=1e-3)


def test_minimum_speed_cop_falls_with_size_within_limits() -> None:
    ratings = Ratings(hspf=10.0)
    t47 = f_to_c(47.0)
    small, mid, big, huge, tiny, tinier = (
        heating_prior_map(ratings, btuh_to_w(q)).cop(Speed.MIN, t47)
        for q in (9000.0, 18000.0, 36000.0, 60000.0, 4500.0, 3000.0)
    )
    assert small > mid > big
    assert huge == pytest.approx(big)  # not extrapolated beyond twice the reference size
    assert tinier == pytest.approx(tiny)  # nor below half of it
    # Only the minimum speed depends on size: rated and maximum speed COPs do not.
    for speed in (Speed.RATED, Speed.MAX):
        cops = [heating_prior_map(ratings, btuh_to_w(q)).cop(speed, t47) for q in (9000.0, 36000.0)]
        assert cops[0] == pytest.approx(cops[1])


def test_ducted_units_use_their_own_prior() -> None:
    ductless = heating_prior_map(Ratings(hspf=10.0), 5000.0)
    ducted = heating_prior_map(Ratings(hspf=10.0, ducted=True), 5000.0)
    t47 = f_to_c(47.0)
    assert ducted.capacity_w(Speed.MAX, t47) < ductless.capacity_w(Speed.MAX, t47)


def test_defrost_band() -> None:
    assert defrost_weight(f_to_c(17.0)) == 0.0
    assert defrost_weight(f_to_c(45.0)) == 0.0
    assert defrost_weight(f_to_c(50.0)) == 0.0
    assert defrost_weight(f_to_c(35.0)) == pytest.approx(1.0)
    assert 0.0 < defrost_weight(f_to_c(26.0)) < 1.0
    assert 0.0 < defrost_weight(f_to_c(40.0)) < 1.0
    assert defrost_factors(f_to_c(35.0)) == pytest.approx((0.90, 0.985))
    assert defrost_factors(f_to_c(10.0)) == (1.0, 1.0)


def test_defrost_costs_about_nine_percent_cop_at_35f(ductless: HeatPump) -> None:
    perf = ductless.performance_map(Mode.HEAT)
    no_frost = PerformanceMap(Mode.HEAT, perf.curves, defrost=False)
    t35 = f_to_c(35.0)
    ratio = perf.cop(Speed.RATED, t35) / no_frost.cop(Speed.RATED, t35)
    assert ratio == pytest.approx(0.90 / 0.985)  # COP -8.6 % (AHRI / Title 24 default)
    assert perf.cop(Speed.RATED, f_to_c(55.0)) == no_frost.cop(Speed.RATED, f_to_c(55.0))


def test_published_points_take_precedence() -> None:
    points = neep_points()
    unit = HeatPump.from_nameplate(
        hspf=11.0, seer=21.0, eer=12.5, heating_capacity_btuh=20300.0, points=points
    )
    perf = unit.performance_map(Mode.HEAT)
    assert perf.sources[Speed.MIN] == "published"
    for point in points:
        curve = perf.curves[point.speed]
        assert curve.capacity_w(point.outdoor_c) == pytest.approx(point.capacity_w, rel=1e-9)
        assert curve.cop(point.outdoor_c) == pytest.approx(point.cop, rel=1e-9)
        # Given the published capacity, the estimate returns the published input.
        est = unit.estimate(Mode.HEAT, point.outdoor_c, f_to_c(70.0), point.capacity_w)
        assert est.input_w == pytest.approx(point.input_w, rel=0.02)
    nameplate_only = HeatPump(unit.ratings, unit.heating_capacity_w)
    t17 = f_to_c(17.0)
    assert nameplate_only.performance_map(Mode.HEAT).cop(Speed.MIN, t17) != pytest.approx(
        perf.cop(Speed.MIN, t17)
    )


def test_partial_points_correct_the_other_speeds_and_temperatures(ductless: HeatPump) -> None:
    base = ductless.performance_map(Mode.HEAT)
    t47, t17 = f_to_c(47.0), f_to_c(17.0)
    published_cop = 1.2 * base.curves[Speed.MAX].cop(t47)
    point = PublishedPoint(Mode.HEAT, t47, Speed.MAX, base.curves[Speed.MAX].capacity_w(t47), 1.0)
    point = PublishedPoint(
        Mode.HEAT, t47, Speed.MAX, point.capacity_w, point.capacity_w / published_cop
    )
    corrected = base.with_points([point])
    assert corrected.curves[Speed.MAX].cop(t47) == pytest.approx(published_cop)
    # One point at 47 degF lifts the curve at 17 degF by the same factor (held beyond the point)...
    assert corrected.curves[Speed.MAX].cop(t17) == pytest.approx(
        1.2 * base.curves[Speed.MAX].cop(t17)
    )
    # ...and the speeds without points keep their nameplate curves (measured better than moving
    # them by the other speeds' corrections: see apply_published_points).
    assert corrected.curves[Speed.RATED].cop(t47) == pytest.approx(
        base.curves[Speed.RATED].cop(t47)
    )
    assert corrected.curves[Speed.MIN].capacity_w(t17) == base.curves[Speed.MIN].capacity_w(t17)
    assert corrected.sources[Speed.RATED] == "nameplate"
    assert corrected.sources[Speed.MAX] == "published"


def test_published_ends_fence_in_the_nameplate_rated_point(ductless: HeatPump) -> None:
    base = ductless.performance_map(Mode.HEAT)
    t47 = f_to_c(47.0)
    rated = base.curves[Speed.RATED]
    # A unit whose published maximum is below the typical rated capacity: the nameplate rated
    # point must move inside the published range, not push the published maximum up.
    q_max = 0.9 * rated.capacity_w(t47)
    q_min = 0.2 * rated.capacity_w(t47)
    points = [
        PublishedPoint(Mode.HEAT, t47, Speed.MIN, q_min, q_min / 5.0),
        PublishedPoint(Mode.HEAT, t47, Speed.MAX, q_max, q_max / 3.0),
    ]
    low, mid, high = base.with_points(points).operating_points(t47)
    assert high.capacity_w == pytest.approx(q_max)
    assert low.capacity_w == pytest.approx(q_min)
    assert low.capacity_w < mid.capacity_w < high.capacity_w
    assert low.input_w < mid.input_w < high.input_w
    # Points of the other mode change nothing.
    assert base.with_points([PublishedPoint(Mode.COOL, 35.0, Speed.MAX, 1.0, 1.0)]) is base


def test_points_without_ratings_still_build_a_map() -> None:
    unit = HeatPump.from_nameplate(heating_capacity_btuh=20300.0, points=neep_points())
    est = unit.estimate(Mode.HEAT, f_to_c(17.0), f_to_c(70.0), btuh_to_w(12480.0))
    assert est.input_w == pytest.approx(1250.0, rel=0.02)
    cool_point = PublishedPoint(Mode.COOL, f_to_c(95.0), Speed.RATED, btuh_to_w(17200.0), 1380.0)
    cooler = HeatPump.from_nameplate(cooling_capacity_btuh=17200.0, points=[cool_point])
    est = cooler.estimate(Mode.COOL, f_to_c(95.0), f_to_c(80.0), btuh_to_w(17200.0))
    assert est.input_w == pytest.approx(1380.0, rel=0.01)


def test_map_validation() -> None:
    with pytest.raises(ValueError, match="HSPF"):
        heating_prior_map(Ratings(seer=20.0), 5000.0)
    with pytest.raises(ValueError, match="positive"):
        heating_prior_map(Ratings(hspf=10.0), 0.0)
    with pytest.raises(ValueError, match="SEER"):
        cooling_prior_map(Ratings(hspf=10.0), 5000.0)
    with pytest.raises(ValueError, match="positive"):
        cooling_prior_map(Ratings(seer=20.0), -1.0)
    with pytest.raises(ValueError, match="at least one"):
        SpeedCurve(Mode.HEAT, (), 21.0, refrigerant_approach())
    with pytest.raises(ValueError, match="sorted"):
        SpeedCurve(
            Mode.HEAT, (Anchor(5.0, 1.0, 3.0), Anchor(-5.0, 1.0, 3.0)), 21.0, refrigerant_approach()
        )
    with pytest.raises(ValueError, match="positive"):
        SpeedCurve(Mode.HEAT, (Anchor(5.0, 0.0, 3.0),), 21.0, refrigerant_approach())
    heat = heating_prior_map(Ratings(hspf=10.0), 5000.0)
    with pytest.raises(ValueError, match="needs a cool curve"):
        PerformanceMap(Mode.COOL, heat.curves)
    with pytest.raises(ValueError, match="positive capacity"):
        heat.with_points([PublishedPoint(Mode.HEAT, 5.0, Speed.MAX, 0.0, 1.0)])


def test_single_anchor_curve_is_flat_in_capacity() -> None:
    curve = SpeedCurve(Mode.HEAT, (Anchor(8.0, 3000.0, 3.5),), 21.0, refrigerant_approach())
    assert curve.capacity_w(-20.0) == 3000.0
    assert curve.cop(8.0) == pytest.approx(3.5)
    assert curve.scaled(2.0, 0.5).cop(8.0) == pytest.approx(1.75)


def test_capacity_extrapolation_is_limited() -> None:
    curve = heating_prior_map(Ratings(hspf=10.0), 5000.0).curves[Speed.MAX]
    assert curve.capacity_w(-60.0) >= 0.65 * curve.capacity_w(f_to_c(5.0)) - 1e-9
    assert curve.capacity_w(40.0) <= 1.35 * curve.capacity_w(f_to_c(47.0)) + 1e-9


def refrigerant_approach() -> Approach:
    return HEAT_APPROACH
