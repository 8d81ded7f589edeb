"""Input power for a delivered capacity: part load, cycling, pan heater, frequency, UA load."""

from __future__ import annotations

import pytest

from custom_components.minisplit.costcore import (
    DEFAULT_CYCLING_CD,
    HeatPump,
    Mode,
    Regime,
    Speed,
    btuh_to_w,
    building_load_w,
    capacity_from_frequency,
    estimate_input,
    f_to_c,
    part_load_factor,
    ua_w_per_k,
)
from custom_components.minisplit.costcore.estimate import compressor_input_w
from custom_components.minisplit.costcore.performance import OperatingPoint

INDOOR = f_to_c(70.0)


def test_part_load_factor() -> None:
    assert part_load_factor(1.0) == 1.0
    assert part_load_factor(0.5) == pytest.approx(1.0 - DEFAULT_CYCLING_CD * 0.5)
    assert part_load_factor(0.2, cd=0.4) == pytest.approx(0.68)
    assert part_load_factor(-1.0) == pytest.approx(1.0 - DEFAULT_CYCLING_CD)


@pytest.mark.parametrize(
    ("mode", "outdoor_f"),
    [(Mode.HEAT, t) for t in (-10.0, 5.0, 17.0, 35.0, 47.0)]
    + [(Mode.COOL, t) for t in (82.0, 95.0)],
)
def test_input_rises_with_delivered_capacity(
    ductless: HeatPump, mode: Mode, outdoor_f: float
) -> None:
    indoor = INDOOR if mode is Mode.HEAT else f_to_c(78.0)
    previous = 0.0
    regimes = set()
    for step in range(1, 80):
        est = ductless.estimate(mode, f_to_c(outdoor_f), indoor, 100.0 * step)
        assert est.input_w > previous
        previous = est.input_w
        regimes.add(est.regime)
    assert {Regime.CYCLING, Regime.MODULATING, Regime.ABOVE_MAX} <= regimes


def test_cop_peaks_at_part_load_and_falls_towards_max(ductless: HeatPump) -> None:
    t17 = f_to_c(17.0)
    perf = ductless.performance_map(Mode.HEAT)
    low, mid, high = perf.operating_points(t17, INDOOR)
    assert low.cop > mid.cop > high.cop
    between = ductless.estimate(Mode.HEAT, t17, INDOOR, 0.5 * (mid.capacity_w + high.capacity_w))
    assert high.cop < between.cop < mid.cop
    assert 0.0 < between.speed_fraction < 1.0
    # Between speed points input follows P ~ Q**n with n > 1: input rises faster than output.
    assert between.input_w > mid.input_w * between.delivered_w / mid.capacity_w


def test_cycling_below_minimum_capacity(ductless: HeatPump) -> None:
    t47 = f_to_c(47.0)
    low = ductless.performance_map(Mode.HEAT).operating_points(t47, INDOOR)[0]
    est = ductless.estimate(Mode.HEAT, t47, INDOOR, 0.4 * low.capacity_w)
    assert est.regime is Regime.CYCLING
    assert est.speed_fraction == 0.0
    assert est.input_w == pytest.approx(low.input_w * 0.4 / part_load_factor(0.4))
    assert est.cop == pytest.approx(low.cop * part_load_factor(0.4))


def test_above_maximum_holds_the_max_speed_cop(ductless: HeatPump) -> None:
    t5 = f_to_c(5.0)
    high = ductless.performance_map(Mode.HEAT).operating_points(t5, INDOOR)[2]
    est = ductless.estimate(Mode.HEAT, t5, INDOOR, 1.3 * high.capacity_w)
    assert est.regime is Regime.ABOVE_MAX
    assert est.cop == pytest.approx(high.cop)
    assert est.load_fraction == pytest.approx(1.3)


def test_off_draws_nothing(ductless: HeatPump) -> None:
    est = ductless.estimate(Mode.HEAT, 0.0, INDOOR, 0.0)
    assert est.regime is Regime.OFF
    assert est.input_w == 0.0
    assert est.cop == 0.0
    with pytest.raises(ValueError, match="negative"):
        ductless.estimate(Mode.HEAT, 0.0, INDOOR, -1.0)


def test_compressor_input_with_degenerate_points() -> None:
    flat = (
        OperatingPoint(Speed.MIN, 1000.0, 300.0),
        OperatingPoint(Speed.RATED, 1000.0, 300.0),
        OperatingPoint(Speed.MAX, 1000.0, 300.0),
    )
    watts, regime, fraction = compressor_input_w(flat, 1000.0)
    assert regime is Regime.MODULATING
    assert fraction == 1.0
    assert watts == pytest.approx(300.0)


def test_pan_heater_below_35f_only_while_running() -> None:
    unit = HeatPump.from_nameplate(hspf=11.0, heating_capacity_btuh=18000.0, pan_heater_w=150.0)
    bare = HeatPump.from_nameplate(hspf=11.0, heating_capacity_btuh=18000.0)
    cold, mild = f_to_c(20.0), f_to_c(40.0)
    q = btuh_to_w(9000.0)
    assert unit.estimate(Mode.HEAT, cold, INDOOR, q).input_w == pytest.approx(
        bare.estimate(Mode.HEAT, cold, INDOOR, q).input_w + 150.0
    )
    assert unit.estimate(Mode.HEAT, mild, INDOOR, q).pan_heater_w == 0.0
    assert unit.estimate(Mode.HEAT, cold, INDOOR, 0.0).input_w == 0.0
    with pytest.raises(ValueError, match="pan heater"):
        HeatPump.from_nameplate(hspf=11.0, pan_heater_w=-1.0)


def test_capacity_from_frequency(ductless: HeatPump) -> None:
    t17 = f_to_c(17.0)
    perf = ductless.performance_map(Mode.HEAT)
    low, _, high = perf.operating_points(t17, INDOOR)
    kwargs = {"min_frequency_hz": 20.0, "max_frequency_hz": 90.0}
    assert capacity_from_frequency(perf, t17, INDOOR, 0.0, **kwargs) == 0.0
    assert capacity_from_frequency(perf, t17, INDOOR, 20.0, **kwargs) == pytest.approx(
        low.capacity_w
    )
    assert capacity_from_frequency(perf, t17, INDOOR, 90.0, **kwargs) == pytest.approx(
        high.capacity_w
    )
    assert capacity_from_frequency(perf, t17, INDOOR, 120.0, **kwargs) == pytest.approx(
        high.capacity_w
    )
    assert capacity_from_frequency(perf, t17, INDOOR, 55.0, **kwargs) == pytest.approx(
        0.5 * (low.capacity_w + high.capacity_w)
    )
    assert capacity_from_frequency(perf, t17, INDOOR, 10.0, **kwargs) == pytest.approx(
        0.5 * low.capacity_w
    )
    with pytest.raises(ValueError, match="min_frequency_hz"):
        capacity_from_frequency(perf, t17, INDOOR, 50.0, min_frequency_hz=90, max_frequency_hz=20)
    est = ductless.estimate_from_frequency(Mode.HEAT, t17, INDOOR, 55.0, **kwargs)
    assert est.delivered_w == pytest.approx(0.5 * (low.capacity_w + high.capacity_w))
    assert est.regime is Regime.MODULATING


def test_building_load_from_design_point() -> None:
    ua = ua_w_per_k(6000.0, 21.0, -19.0)
    assert ua == pytest.approx(150.0)
    assert building_load_w(Mode.HEAT, -4.0, ua_w_per_k=ua, balance_c=16.0) == pytest.approx(3000.0)
    assert building_load_w(Mode.HEAT, 20.0, ua_w_per_k=ua, balance_c=16.0) == 0.0
    assert building_load_w(Mode.COOL, 30.0, ua_w_per_k=ua, balance_c=24.0) == pytest.approx(900.0)
    with pytest.raises(ValueError, match="design"):
        ua_w_per_k(6000.0, 21.0, 21.0)


def test_estimate_from_load(ductless: HeatPump) -> None:
    est = ductless.estimate_from_load(Mode.HEAT, -4.0, 21.0, ua_w_per_k=150.0, balance_c=16.0)
    assert est.delivered_w == pytest.approx(3000.0)
    huge = ductless.estimate_from_load(Mode.HEAT, -20.0, 21.0, ua_w_per_k=1000.0, balance_c=16.0)
    assert huge.delivered_w == pytest.approx(huge.max_capacity_w)
    idle = ductless.estimate_from_load(Mode.HEAT, 18.0, 21.0, ua_w_per_k=150.0, balance_c=16.0)
    assert idle.input_w == 0.0


def test_rated_capacity_from_the_other_mode() -> None:
    cool_only = HeatPump.from_nameplate(hspf=10.0, seer=20.0, cooling_capacity_btuh=12000.0)
    heat_w = cool_only.rated_capacity_w(Mode.HEAT)
    assert heat_w == pytest.approx(btuh_to_w(1.022 * 12000.0 + 607.0))
    heat_only = HeatPump.from_nameplate(hspf=10.0, seer=20.0, heating_capacity_w=heat_w)
    assert heat_only.rated_capacity_w(Mode.COOL) == pytest.approx(btuh_to_w(12000.0))


def test_unknown_size_is_inferred_from_the_delivered_capacity() -> None:
    unit = HeatPump.from_nameplate(hspf=10.0, seer=20.0)
    est = unit.estimate(Mode.HEAT, f_to_c(47.0), INDOOR, 3000.0)
    assert est.assumed_rated_capacity_w == pytest.approx(3000.0)
    assert est.regime is Regime.MODULATING
    assert unit.estimate(Mode.HEAT, 0.0, INDOOR, 0.0).regime is Regime.OFF
    with pytest.raises(ValueError, match="rated capacity"):
        unit.performance_map(Mode.HEAT)
    with pytest.raises(ValueError, match="nothing delivered"):
        unit._map_for(Mode.HEAT, 0.0, INDOOR, 0.0)


def test_nameplate_validation() -> None:
    with pytest.raises(ValueError, match="not both"):
        HeatPump.from_nameplate(hspf=10.0, heating_capacity_w=1.0, heating_capacity_btuh=1.0)
    with pytest.raises(ValueError, match="not both"):
        HeatPump.from_nameplate(seer=20.0, cooling_capacity_w=1.0, cooling_capacity_btuh=1.0)
    with pytest.raises(ValueError, match="positive"):
        HeatPump.from_nameplate(hspf=10.0, heating_capacity_w=0.0)


def test_maps_are_cached(ductless: HeatPump) -> None:
    assert ductless.performance_map(Mode.COOL) is ductless.performance_map(Mode.COOL)


def test_estimate_input_directly(ductless: HeatPump) -> None:
    perf = ductless.performance_map(Mode.COOL)
    est = estimate_input(perf, 35.0, 26.7, 3000.0)
    assert est.mode is Mode.COOL
    assert est.defrost_weight == 0.0
    assert est.pan_heater_w == 0.0
    assert est.carnot_cop == pytest.approx((26.7 + 273.15) / 8.3)
