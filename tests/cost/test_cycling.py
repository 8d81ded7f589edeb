"""A compressor cycling at its minimum speed: seen in its frequency, and what each minute costs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.minisplit.cost.cycling import LONGEST_STOP, Cycling
from custom_components.minisplit.cost.estimate import (
    DEFAULT_LIMITS,
    FAN_ONLY_W,
    Estimator,
    Operation,
    estimate_now,
)
from custom_components.minisplit.cost.running import RunningCost
from custom_components.minisplit.cost.settings import CostSettings
from custom_components.minisplit.costcore import Mode, part_load_factor

T0 = datetime(2026, 1, 15, 10, tzinfo=UTC)
SETTINGS = CostSettings.from_options(
    {"hspf": 10, "heating_capacity_btuh": 12000, "min_compressor_hz": 20, "max_compressor_hz": 90}
)


def _run(cycling: Cycling, pattern: list[tuple[int, float]], start: datetime = T0) -> datetime:
    """Report (minutes, Hz) spans in turn, a sample a minute; the time after the last."""
    at = start
    for minutes, hz in pattern:
        for _ in range(minutes):
            cycling.observe(at, hz, holding=True)
            at += timedelta(minutes=1)
    return at


def test_a_run_stop_run_at_minimum_speed_is_a_cycle_with_its_run_time_share() -> None:
    cycling = Cycling()
    at = _run(cycling, [(10, 20.0), (30, 0.0)])
    assert cycling.part_load_ratio is None  # stopped: nothing runs to be degraded
    _run(cycling, [(1, 20.0)], at)
    assert cycling.part_load_ratio == pytest.approx(10 / 40)


def test_a_compressor_faster_than_where_it_stopped_from_modulates() -> None:
    cycling = Cycling()
    at = _run(cycling, [(10, 20.0), (5, 0.0), (3, 20.0)])
    assert cycling.part_load_ratio == pytest.approx(10 / 15)
    _run(cycling, [(1, 35.0)], at)
    assert cycling.part_load_ratio is None


def test_a_long_stop_or_the_first_start_is_no_cycle() -> None:
    cycling = Cycling()
    _run(cycling, [(5, 0.0), (3, 20.0)])
    assert cycling.part_load_ratio is None  # no run before the stop
    setback = Cycling()
    minutes = int(LONGEST_STOP.total_seconds() // 60)
    _run(setback, [(30, 20.0), (minutes, 0.0), (3, 20.0)])
    assert setback.part_load_ratio is None  # a setback's recovery runs steadily


def test_the_unit_off_or_no_frequency_forgets_the_cycle() -> None:
    cycling = Cycling()
    at = _run(cycling, [(10, 20.0), (10, 0.0)])
    cycling.observe(at, 0.0, holding=False)
    _run(cycling, [(2, 20.0)], at + timedelta(minutes=1))
    assert cycling.part_load_ratio is None
    at = _run(cycling, [(10, 0.0), (2, 20.0)], at + timedelta(minutes=5))
    cycling.observe(at, None, holding=True)
    assert cycling.part_load_ratio is None


def test_each_minute_of_a_cycle_costs_the_ahri_part_load_factor_more() -> None:
    heat_pump = SETTINGS.heat_pump()
    steady = estimate_now(heat_pump, SETTINGS, Operation(True, Mode.HEAT, 5.0, 21.0, 20))
    cycling = estimate_now(
        heat_pump, SETTINGS, Operation(True, Mode.HEAT, 5.0, 21.0, 20, part_load_ratio=0.25)
    )
    assert steady is not None
    assert cycling is not None
    compressor = steady.input_w - FAN_ONLY_W
    factor = part_load_factor(0.25, heat_pump.cycling_cd)
    assert cycling.input_w - FAN_ONLY_W == pytest.approx(compressor / factor)
    assert cycling.delivered_w == steady.delivered_w


def test_below_the_ranges_minimum_the_cost_core_counts_the_cycling_once() -> None:
    heat_pump = SETTINGS.heat_pump()
    below = Operation(True, Mode.HEAT, 5.0, 21.0, 10)
    assert estimate_now(heat_pump, SETTINGS, below) == estimate_now(
        heat_pump, SETTINGS, Operation(True, Mode.HEAT, 5.0, 21.0, 10, part_load_ratio=0.25)
    )


def test_the_running_cost_counts_a_cycling_compressor_dearer() -> None:
    def counted(pattern: list[tuple[int, float]], cycles: int) -> float:
        running = RunningCost()
        running.estimator = Estimator(SETTINGS)
        at = T0
        for _ in range(cycles):
            for minutes, hz in pattern:
                for _ in range(minutes):
                    operation = Operation(
                        hz > 0, Mode.HEAT if hz > 0 else None, 5.0, 21.0, hz, idle_mode=Mode.HEAT
                    )
                    running.sample(at, operation, design_outdoor_c=-10.0, limits=DEFAULT_LIMITS)
                    at += timedelta(minutes=1)
        running.sample(
            at, Operation(False, None, 5.0, 21.0, 0), design_outdoor_c=-10.0, limits=DEFAULT_LIMITS
        )
        return running.meter.energy_kwh

    steady = counted([(200, 20.0)], 1) / 200  # kWh a running minute, fan included
    fan = FAN_ONLY_W / 60_000
    # 20 cycles of 10 minutes on and 10 off: the first run is no cycle yet; every later one is
    # at a part-load ratio of 0.5, and only the compressor's share is degraded.
    factor = part_load_factor(0.5, SETTINGS.heat_pump().cycling_cd)
    cycles = counted([(10, 20.0), (10, 0.0)], 20)
    assert cycles == pytest.approx(10 * steady + 190 * ((steady - fan) / factor + fan))
