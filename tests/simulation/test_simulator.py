"""The simulator is a ground truth only if it keeps its physics and its published data."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest

from . import grid as grid_module
from . import scenario as scenario_module
from .baselines import degree_hour_kwh, fixed_wattage_kwh
from .companion import CompanionReplay, advance
from .grid import (
    COOLING_START,
    COOLING_UNITS,
    HEATING_START,
    HEATING_UNITS,
    Case,
    Result,
    Signals,
    cases,
    inputs_of,
    recorded_days,
    run_case,
    unit_options,
)
from .house import House, HouseSpec, Schedule
from .report import bench_line, markdown, rows
from .scenario import Scenario, UnitChoice, simulate
from .signals import (
    BASE_KW,
    EV_KW,
    HISTORY_GAP_DAYS,
    HISTORY_OUTDOOR_C,
    SEASON_SHIFT,
    ActionStyle,
    history,
    shown,
)
from .unit import (
    CYCLING_DEGRADATION,
    InverterUnit,
    Mode,
    Output,
    f_to_c,
)
from .weather import MINUTES_PER_DAY, WeekKind, make_weather

UNITS = (*HEATING_UNITS, *COOLING_UNITS)


def test_the_house_conserves_energy() -> None:
    """Heat in = heat stored + heat lost, over two days of sun, gains and a unit switching."""
    spec = HouseSpec(150.0)
    house = House(spec, 21.0, 20.0)
    weather = make_weather(WeekKind.COLD, -15.0, seed=3, days=2, scored=2)
    stored_before = house.stored_j()
    into = lost = 0.0
    for minute in range(2 * MINUTES_PER_DAY):
        unit_w = 4000.0 if house.air_c < 21.0 else 0.0
        flows = house.step(
            weather.outdoor_c[minute], (minute // 60) % 24, weather.solar_w_m2[minute], unit_w
        )
        into += flows.into_w * 60.0
        lost += flows.lost_w * 60.0
    stored = house.stored_j() - stored_before
    assert into == pytest.approx(stored + lost, rel=1e-3)
    assert lost > 0
    assert abs(stored) > 0


@pytest.mark.parametrize("choice", UNITS, ids=lambda choice: choice.key)
def test_the_unit_reproduces_its_published_points(choice: UnitChoice) -> None:
    spec = choice.spec()
    for table in (spec.heating, spec.cooling):
        if table is None:
            continue
        for speed, points in table.speeds.items():
            for point in points:
                t_c = f_to_c(point.t_f)
                curve = table.curve(t_c)
                if speed == "rated" and (point.capacity_w, point.input_w) not in curve:
                    continue  # a rated point outside min..max is not a speed of its own
                assert table.input_w(t_c, point.capacity_w) == pytest.approx(point.input_w)
                if speed == "max":
                    assert table.max_capacity_w(t_c) == pytest.approx(point.capacity_w)
                if speed == "min":
                    assert table.min_capacity_w(t_c) == pytest.approx(point.capacity_w)


def test_beyond_its_data_the_unit_follows_the_last_slope_then_holds() -> None:
    table = HEATING_UNITS[1].spec().table(Mode.HEAT)  # data to 5 degF only
    at_5f, at_minus_5f = table.max_capacity_w(f_to_c(5)), table.max_capacity_w(f_to_c(-5))
    assert at_minus_5f < at_5f
    assert table.max_capacity_w(f_to_c(-40)) == table.max_capacity_w(f_to_c(-15))
    high = table.curve(f_to_c(-40))[-1]
    assert high[1] <= high[0]  # a COP of at least 1


def _steady(unit: InverterUnit, outdoor_c: float, minutes: int, room_c: float) -> list[Output]:
    return [unit.step(outdoor_c, room_c, 21.0) for _ in range(minutes)]


def test_below_minimum_capacity_the_unit_cycles_with_the_ahri_loss() -> None:
    """A load a third of minimum capacity: on and off, and each on-minute costs more input."""
    choice = HEATING_UNITS[2]  # a large multi-zone unit with a high minimum
    spec = choice.spec()
    table = spec.table(Mode.HEAT)
    house = House(HouseSpec(table.min_capacity_w(10.0) / 3 / 11.0), 21.0, 21.0)
    unit = InverterUnit(spec, Mode.HEAT)
    outputs = []
    for minute in range(2 * MINUTES_PER_DAY):
        out = unit.step(10.0, house.air_c, 21.0)
        house.step(10.0, (minute // 60) % 24, 0.0, out.total_w)
        outputs.append(out)
    starts = sum(1 for a, b in pairwise(outputs) if b.compressor_on and not a.compressor_on)
    assert starts > 10
    on = [out for out in outputs[MINUTES_PER_DAY:] if out.compressor_on]
    steady_w = table.input_w(10.0, table.min_capacity_w(10.0))
    assert all(out.input_w > steady_w for out in on)
    assert max(out.input_w for out in on) <= steady_w / (1 - CYCLING_DEGRADATION) + 1e-6
    assert all(out.hz == spec.min_hz for out in on)
    assert 0.2 < len(on) / MINUTES_PER_DAY < 0.6


def test_defrost_takes_heat_from_the_room_near_freezing_only() -> None:
    spec = HEATING_UNITS[0].spec()
    cold_room = 15.0  # far below the setpoint: the unit runs flat out
    near_freezing = _steady(InverterUnit(spec, Mode.HEAT), 0.0, 240, cold_room)
    frosty = [out for out in near_freezing if out.defrosting]
    assert len(frosty) >= 10  # a 5-minute defrost about every 45 minutes of running
    assert all(out.total_w < 0 for out in frosty)
    table = spec.table(Mode.HEAT)
    delivered = sum(out.total_w for out in near_freezing) / len(near_freezing)
    assert delivered < 0.9 * table.max_capacity_w(0.0)  # AHRI's 35 degF dip: 10-20 %
    dry = _steady(InverterUnit(spec, Mode.HEAT), 10.0, 240, cold_room)
    assert not any(out.defrosting for out in dry)
    assert sum(out.total_w for out in dry) / len(dry) == pytest.approx(table.max_capacity_w(10.0))


def test_frost_lowers_the_heat_a_speed_moves_not_the_speed_shown() -> None:
    """Flat out near freezing: the frequency stays at the maximum while the frost takes heat."""
    spec = HEATING_UNITS[0].spec()
    table = spec.table(Mode.HEAT)
    running = [
        out
        for out in _steady(InverterUnit(spec, Mode.HEAT), 0.0, 240, 15.0)
        if out.compressor_on and not out.defrosting
    ]
    frosted = [out for out in running if out.total_w < 0.99 * table.max_capacity_w(0.0)]
    assert frosted
    assert all(out.hz == spec.max_hz for out in frosted)
    assert all(out.input_w == pytest.approx(table.input_w(0.0, 1e9)) for out in frosted)


def test_the_latent_load_costs_energy_the_thermostat_does_not_see(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario = Scenario(COOLING_UNITS[0], Mode.COOL, 1.0, -5.0, WeekKind.HOT, False, seed=1)
    humid = simulate(scenario)
    monkeypatch.setattr(HouseSpec, "latent_w", lambda self, hour, outdoor_c: 0.0)
    dry = simulate(scenario)
    week = slice(scenario.scored_from, None)
    assert humid.energy_kwh(scenario.scored_from, len(humid.input_w)) > 1.05 * dry.energy_kwh(
        scenario.scored_from, len(dry.input_w)
    )
    # The room is held the same: the thermostat sees only the sensible load.
    for trace in (humid, dry):
        errors = [room - 24.0 for room in trace.room_c[week]]
        assert sum(errors) / len(errors) == pytest.approx(0.0, abs=0.3)


@pytest.mark.parametrize(
    ("kind", "low", "high"), [(WeekKind.MILD, 0.0, 15.0), (WeekKind.HOT, 24.0, 36.0)]
)
def test_weeks_span_their_range(kind: WeekKind, low: float, high: float) -> None:
    weather = make_weather(kind, -15.0, seed=7, days=14)
    week = weather.outdoor_c[7 * MINUTES_PER_DAY :]
    assert min(week) == pytest.approx(low)
    assert max(week) == pytest.approx(high)
    assert max(weather.solar_w_m2) > 300
    assert min(weather.solar_w_m2) == 0.0


def test_a_cold_week_reaches_the_design_temperature() -> None:
    weather = make_weather(WeekKind.COLD, -25.0, seed=2, days=14)
    assert min(weather.outdoor_c[7 * MINUTES_PER_DAY :]) == pytest.approx(-25.0)
    assert max(weather.outdoor_c) < -5.0


def test_a_setback_schedule() -> None:
    heating = Schedule.for_mode(Mode.HEAT, setback=True)
    assert [heating.setpoint_c(hour) for hour in (3, 6, 21, 22)] == [17.0, 21.0, 21.0, 17.0]
    assert Schedule.for_mode(Mode.COOL, setback=False).setpoint_c(12) == 24.0


def test_the_entities_show_the_unit_in_each_style() -> None:
    scenario = Scenario(HEATING_UNITS[2], Mode.HEAT, 0.5, 5.0, WeekKind.MILD, True, seed=4)
    trace = simulate(scenario)
    by_style = {style: shown(trace, style) for style in ActionStyle}
    assert set(by_style[ActionStyle.COMPRESSOR].hvac_action) >= {"heating", "idle"}
    assert set(by_style[ActionStyle.ABSENT].hvac_action) == {None}
    assert set(by_style[ActionStyle.MODE].hvac_action) == {"heating"}
    signals = by_style[ActionStyle.COMPRESSOR]
    metered = trace.energy_kwh(0, len(trace.input_w) - 1)
    assert signals.energy_kwh[-1] == pytest.approx(metered, abs=1e-3)
    # The whole-home meter holds the unit and more.
    assert signals.home_kwh[-1] > signals.energy_kwh[-1] + sum(signals.home_other_kwh_by_day) - 1
    assert all(abs(a - round(a * 2) / 2) < 1e-9 for a in signals.outdoor_c)


def test_the_replay_compares_hours_once_as_often_as_at_every_notification() -> None:
    scenario = Scenario(HEATING_UNITS[0], Mode.HEAT, 1.0, -15.0, WeekKind.COLD, True, seed=5)
    trace = simulate(scenario)
    inputs = inputs_of(shown(trace, ActionStyle.COMPRESSOR))
    options = unit_options(scenario.unit.spec())
    fast = CompanionReplay(options, -15.0, energy=True)
    slow = CompanionReplay(options, -15.0, energy=True, every_notification=True)
    for companion in (fast, slow):
        advance(companion, HEATING_START, inputs, 0, 10 * 60)
    assert fast.calibration == slow.calibration
    assert fast.meter.energy_kwh == slow.meter.energy_kwh
    assert fast.calibration.load_scale != 1.0


def test_a_lost_sensor_leaves_the_calibration_where_it_was() -> None:
    scenario = Scenario(HEATING_UNITS[0], Mode.HEAT, 1.0, -15.0, WeekKind.COLD, False, seed=6)
    inputs = inputs_of(shown(simulate(scenario), ActionStyle.COMPRESSOR))
    companion = CompanionReplay(unit_options(scenario.unit.spec()), -15.0, power=True)
    advance(companion, HEATING_START, inputs, 0, 8 * 60)
    scale = companion.calibration.load_scale
    assert scale != 1.0
    lost = copy.deepcopy(companion)
    lost.lose_sensor()
    advance(lost, HEATING_START, inputs, 0, 16 * 60)
    assert lost.calibration.load_scale == scale


def test_baselines() -> None:
    spec = COOLING_UNITS[0].spec()
    assert fixed_wattage_kwh(spec, Mode.COOL, ["cooling", "idle"] * 30) == pytest.approx(
        1080 * 30 / 60_000
    )
    assert degree_hour_kwh(spec, Mode.COOL, -5.0, [25.0] * 60) > 0
    heating = HEATING_UNITS[0].spec()
    assert degree_hour_kwh(heating, Mode.HEAT, -10.0, [18.0] * 120) == 0.0
    assert fixed_wattage_kwh(heating, Mode.HEAT, [None] * 60) == pytest.approx(1.3)


def test_the_grid_and_its_table() -> None:
    grid = list(cases())
    assert len(grid) == 320
    assert {case.scenario.week for case in grid} == set(WeekKind)
    assert {case.style for case in grid} == set(ActionStyle)
    assert COOLING_START.month == 7
    week = ("absent", "heat", "cold", "u", 1.0, -5.0, False)
    results = [
        Result(Signals.NONE.value, *week, 12.0, 10.0),
        Result(Signals.WHOLE_HOME.value, *week, None, 10.0),
    ]
    table = rows(results)
    assert table[0].median == pytest.approx(0.2)
    assert table[0].within == 1.0
    lines = markdown(table)
    assert any("pending" in line for line in lines)
    assert bench_line(table[0]).startswith("accuracy none (all styles) / cold week: n=1")


def test_a_grid_week_is_estimated_by_every_signal_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """A short grid "week" (3 days' run-up, 1 scored) through every signal set."""
    for module in (scenario_module, grid_module):
        monkeypatch.setattr(module, "RUN_UP_DAYS", 3)
    monkeypatch.setattr(scenario_module, "SCORED_DAYS", 1)
    case = Case(
        replace(next(iter(cases())).scenario, ratio=1.0, design_c=5.0, week=WeekKind.MILD),
        ActionStyle.COMPRESSOR,
    )
    results = run_case(case)
    found = {(result.signals, result.style) for result in results}
    typed = {Signals.NONE_NAMEPLATE, Signals.FREQ_NAMEPLATE}
    expected = {(signals.value, "compressor") for signals in Signals if signals not in typed}
    # Heating units are picked with their points; no nameplate rows.
    assert {signals for signals, _ in found} == {signals for signals, _ in expected}
    assert expected <= found
    assert ("none", "mode") in found
    energy = next(r for r in results if r.signals == Signals.ENERGY.value)
    error = energy.error
    assert error is not None
    assert abs(error) < 0.1


def test_a_cooling_unit_is_picked_with_its_points_and_typed_in_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The catalogue carries the cooling units' published points; the nameplate rows remain."""
    for spec in (unit.spec() for unit in COOLING_UNITS):
        picked, typed = unit_options(spec), unit_options(spec, nameplate=True)
        assert any(
            line.startswith("cool 95 max") for line in picked["published_points"].split("\n")
        )
        assert "published_points" not in typed
        assert typed["cooling_capacity_btuh"] == spec.cooling_capacity_btuh
    for module in (scenario_module, grid_module):
        monkeypatch.setattr(module, "RUN_UP_DAYS", 2)
    monkeypatch.setattr(scenario_module, "SCORED_DAYS", 1)
    monkeypatch.setenv("MINISPLIT_ACCURACY_WEEKS", "hot")
    hot = list(cases())
    assert len(hot) == 80
    assert {case.scenario.week for case in hot} == {WeekKind.HOT}
    # Each week keeps its seed in the whole grid: heating's 240 come first.
    assert hot[0].scenario.seed == 240
    results = run_case(replace(hot[0], style=ActionStyle.COMPRESSOR))
    found = {result.signals for result in results}
    assert {Signals.NONE_NAMEPLATE.value, Signals.FREQ_NAMEPLATE.value} <= found


def test_the_recorder_holds_a_shoulder_season_before_the_weeks() -> None:
    """Unit off, 12-20 degC, the weeks' base load shifted by the season, and EV charges."""
    first = date(2026, 1, 5)
    daily = sum(BASE_KW)
    for seed in range(5):
        days = history(seed, first)
        assert 30 <= len(days) <= 60
        assert days[-1].day == first - timedelta(days=HISTORY_GAP_DAYS + 1)
        assert [day.day for day in days] == sorted({day.day for day in days})
        assert all(
            HISTORY_OUTDOOR_C[0] <= day.outdoor_mean_c <= HISTORY_OUTDOOR_C[1] for day in days
        )
        low = 0.8 * daily * (1 - SEASON_SHIFT)
        assert all(day.home_kwh >= low for day in days)
        charged = [day for day in days if day.home_kwh > 1.2 * daily * (1 + SEASON_SHIFT)]
        assert 0 < len(charged) < len(days) / 2
        assert all(day.home_kwh <= 1.2 * daily * (1 + SEASON_SHIFT) + 6 * EV_KW for day in days)
    assert history(1, first) == history(1, first)  # seeded
    assert history(1, first) != history(2, first)


def test_the_recorder_days_of_a_run_are_its_meter_and_outdoor_mean() -> None:
    scenario = Scenario(HEATING_UNITS[0], Mode.HEAT, 1.0, -5.0, WeekKind.MILD, False, seed=4)
    trace = simulate(replace(scenario, run_up_days=1))
    signals = shown(trace, ActionStyle.ABSENT)
    days = recorded_days(signals, HEATING_START)
    # Eight days simulated; the last one's end is not shown (its statistics are not compiled).
    assert [day.day for day in days] == [HEATING_START.date() + timedelta(days=d) for d in range(7)]
    other = signals.home_other_kwh_by_day[0]
    assert days[0].home_kwh == pytest.approx(other + trace.energy_kwh(0, MINUTES_PER_DAY), abs=0.01)
    outdoor = signals.outdoor_c[:MINUTES_PER_DAY]
    assert days[0].outdoor_mean_c == pytest.approx(sum(outdoor) / len(outdoor))
