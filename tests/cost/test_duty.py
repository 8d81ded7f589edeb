"""The building model's load scale learned from the compressor cycles an hvac_action shows."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from custom_components.minisplit.cost.activity import (
    ActionTrust,
    ClimateView,
    compressor_shown,
)
from custom_components.minisplit.cost.base_load import SCALE_LIMITS
from custom_components.minisplit.cost.cycling import LONGEST_STOP
from custom_components.minisplit.cost.duty import MAX_RUN, MIN_HOURS, DutyScale
from custom_components.minisplit.cost.estimate import DEFAULT_LIMITS, Estimator, Operation
from custom_components.minisplit.cost.running import RunningCost
from custom_components.minisplit.cost.settings import CostSettings
from custom_components.minisplit.costcore import Mode
from custom_components.minisplit.costcore.catalog import catalog_unit

T0 = datetime(2026, 1, 15, 0, tzinfo=UTC)
MINIMUM_W = 1000.0


def _cycles(
    duty: DutyScale,
    *,
    load_w: float,
    model_w: float,
    hours: float,
    start: datetime = T0,
    mode: Mode = Mode.HEAT,
) -> datetime:
    """A compressor cycling at MINIMUM_W against a true load, a sample a minute; the model says
    `model_w`. Runs and stops follow the true load: run share = load / minimum."""
    share = load_w / MINIMUM_W
    run = round(20 * share / (1 - share)) if share < 1 else 0
    at = start
    end = start + timedelta(hours=hours)
    while at < end:
        for running, minutes in ((True, run), (False, 20)):
            for _ in range(minutes):
                duty.observe(at, mode, running, 21.0, MINIMUM_W, model_w)
                at += timedelta(minutes=1)
    return at


def test_cycles_teach_how_far_the_model_is_off() -> None:
    """Over a cycle the unit moves what the house needs: minimum capacity x run share."""
    duty = DutyScale()
    _cycles(duty, load_w=400.0, model_w=800.0, hours=200)
    assert duty.hours > 190
    assert duty.load_scale == pytest.approx(0.5, rel=0.05)  # nearly all the way from 1


def test_the_model_keeps_its_scale_until_enough_cycles_are_in() -> None:
    duty = DutyScale()
    _cycles(duty, load_w=400.0, model_w=800.0, hours=MIN_HOURS - 1)
    assert duty.load_scale == 1.0
    _cycles(duty, load_w=400.0, model_w=800.0, hours=2, start=T0 + timedelta(hours=MIN_HOURS))
    # A few hours of cycles move the scale part of the way: their scatter weighed against
    # the model's own guess.
    assert 0.5 < duty.load_scale < 0.9


def test_a_right_model_stays_right() -> None:
    duty = DutyScale()
    _cycles(duty, load_w=500.0, model_w=500.0, hours=48)
    assert duty.load_scale == pytest.approx(1.0, abs=0.03)


def test_the_scale_is_bounded() -> None:
    duty = DutyScale()
    _cycles(duty, load_w=100.0, model_w=900.0, hours=300)
    assert duty.load_scale == SCALE_LIMITS[0]


def _pattern(duty: DutyScale, spans: list[tuple[bool, int]], at: datetime = T0) -> datetime:
    """Runs and stops of so many minutes, a sample a minute; the time after the last."""
    for running, minutes in spans:
        for _ in range(minutes):
            duty.observe(at, Mode.HEAT, running, 21.0, MINIMUM_W, 500.0)
            at += timedelta(minutes=1)
    return at


def test_a_run_after_a_long_stop_or_the_first_run_is_no_cycle() -> None:
    """A setback's recovery, or the first run seen, may run above minimum speed."""
    long_stop = int(LONGEST_STOP.total_seconds() // 60)
    duty = DutyScale()
    at = _pattern(duty, [(True, 30), (False, 30), (True, 1)])
    assert duty.days == {}  # the first run began from nothing seen
    at = _pattern(duty, [(False, long_stop), (True, 30), (False, 30), (True, 1)], at)
    assert duty.days == {}  # that run began from a setback
    # That run's stop was short: the run after it and the next are cycles.
    _pattern(duty, [(True, 29), (False, 30), (True, 30), (False, 30), (True, 1)], at)
    assert list(duty.days.values()) == [
        pytest.approx([2 * MINIMUM_W * 30 * 60, 2 * 500.0 * 60 * 60, 2 * 3600.0])
    ]


def test_a_long_run_modulated_and_a_long_stop_is_no_cycle() -> None:
    run = int(MAX_RUN.total_seconds() // 60) + 1
    long_stop = int(LONGEST_STOP.total_seconds() // 60)
    duty = DutyScale()
    _pattern(duty, [(True, 10), (False, 10), (True, run), (False, 10), (True, 1)])
    assert duty.days == {}
    duty = DutyScale()
    _pattern(duty, [(True, 10), (False, 10), (True, 10), (False, long_stop), (True, 1)])
    assert duty.days == {}


def test_a_change_of_mode_target_or_an_unknown_ends_the_cycle() -> None:
    for change in (
        (Mode.COOL, True, 21.0, MINIMUM_W, 500.0),
        (Mode.HEAT, True, 19.0, MINIMUM_W, 500.0),
        (Mode.HEAT, True, 21.0, None, 500.0),
        (None, True, 21.0, MINIMUM_W, 500.0),
    ):
        duty = DutyScale()
        _pattern(duty, [(True, 10), (False, 10), (True, 10), (False, 10)])
        duty.observe(T0 + timedelta(minutes=40), *change)
        duty.observe(T0 + timedelta(minutes=41), Mode.HEAT, True, 21.0, MINIMUM_W, 500.0)
        assert duty.days == {}, change


def test_cycles_are_kept_across_a_restart() -> None:
    duty = DutyScale()
    _cycles(duty, load_w=400.0, model_w=800.0, hours=48)
    restored = DutyScale.restore(json.loads(json.dumps(duty.as_dict())))
    assert restored.days == duty.days
    assert restored.load_scale == duty.load_scale
    assert DutyScale.restore({"days": {"2026-01-01": [1, "x", 3], "x": 5}}).days == {}
    assert DutyScale.restore(None).days == {}


def test_only_an_hvac_action_seen_to_follow_the_compressor_shows_its_stops() -> None:
    now = T0
    heating = ClimateView("heat", "heating", 20.5, 21.0)
    idle = ClimateView("heat", "idle", 21.5, 21.0)
    trust = ActionTrust()
    trust.observe(now, heating)
    assert compressor_shown(heating, trust) is None  # not yet seen to stop
    trust.observe(now, idle)
    assert compressor_shown(idle, trust) is False
    assert compressor_shown(heating, trust) is True
    assert compressor_shown(heating, trust, "kumo") is None  # copies the mode, per its docs
    copier = ActionTrust(copies_mode=True)
    assert compressor_shown(heating, copier) is None


def test_the_units_own_meter_or_the_homes_outranks_the_cycles() -> None:
    """The cycles' scale applies until a meter teaches one."""
    running = RunningCost()
    running.duty.days = {"2026-01-14": [0.5 * 3.6e9, 3.6e9, 200 * 3600.0]}
    assert running.load_scale == pytest.approx(running.duty.load_scale)
    assert running.load_scale < 0.6
    running.calibration.days = {"2026-01-14": [4.0, 4.0]}
    running.calibration.load_scale = 1.1
    assert running.load_scale == 1.1
    running.calibration.days = {}  # forgotten after the sensor went: the scale stays
    assert running.load_scale == 1.1
    home = RunningCost(home_hours=lambda day: [None] * 24)
    home.duty.days = dict(running.duty.days)
    assert home.load_scale == pytest.approx(running.duty.load_scale)  # the home meter knows none
    for day in range(14):  # a fortnight the home drew 70 % of the estimate over its base
        home.signature.add_day(date(2026, 1, 1 + day), 20.0 + day, 12.0 + 0.7 * (20.0 + day))
    home.signature.base.add_off_day(date(2025, 12, 1), 12.0, 0.0)
    assert home.signature.informed
    assert home.load_scale == home.signature.load_scale
    assert home.load_scale != pytest.approx(running.duty.load_scale)


def _shown_cycles(running: RunningCost) -> None:
    """Four days of 5-minute runs and 10-minute stops, as an hvac_action shows them."""
    at = T0
    for _ in range(24 * 4):
        for shown, minutes in ((True, 5), (False, 10)):
            for _ in range(minutes):
                operation = Operation(
                    running=True,  # a short stop still counts as running (unit_activity)
                    mode=Mode.HEAT,
                    outdoor_c=10.0,
                    indoor_c=21.0,
                    compressor_hz=None,
                    idle_mode=Mode.HEAT,
                    target_c=21.0,
                    compressor_shown=shown,
                )
                running.sample(at, operation, design_outdoor_c=-10.0, limits=DEFAULT_LIMITS)
                at += timedelta(minutes=1)


def test_a_companion_learns_from_cycles_it_is_shown() -> None:
    """Through RunningCost.sample, as the coordinator calls it: the model's load, the unit's
    published minimum capacity, and the stops the hvac_action shows."""
    listed = catalog_unit("7002444")  # Mitsubishi MUZ-FH15NA: NEEP points at minimum speed
    assert listed is not None
    running = RunningCost(estimator=Estimator(CostSettings.from_options(listed.options())))
    _shown_cycles(running)
    minimum = running.estimator.minimum_capacity_w(Mode.HEAT, 10.0, 21.0)
    model = running.estimator.building_load_w
    assert minimum is not None
    assert model is not None
    assert running.duty.hours > 20
    days = running.duty.days.values()
    booked_minimum, booked_model, _ = (sum(column) for column in zip(*days, strict=True))
    assert booked_minimum / booked_model == pytest.approx(minimum / 3 / model, rel=0.05)
    assert running.duty.load_scale < 0.6
    assert running.load_scale == running.duty.load_scale
    assert running.cycles_shown  # the estimate uncertainty narrows to the cycles' range


def test_a_unit_without_a_published_minimum_is_not_taught() -> None:
    """A nameplate tells no minimum capacity, and a fixed-speed unit cycles at full capacity:
    its cycles would read the house's load low."""
    running = RunningCost(estimator=Estimator(CostSettings.from_options({"hspf": 10, "seer": 20})))
    _shown_cycles(running)
    assert running.duty.days == {}
    assert running.load_scale == 1.0
    assert not running.cycles_shown
