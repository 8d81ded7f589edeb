"""Running or not, for climate entities that do and do not report hvac_action."""

from __future__ import annotations

import math

import pytest

from custom_components.minisplit.cost.activity import (
    Basis,
    ClimateView,
    judge_activity,
    unit_activity,
)
from custom_components.minisplit.costcore import Mode


@pytest.mark.parametrize(
    ("action", "running", "mode"),
    [
        ("heating", True, Mode.HEAT),
        ("defrosting", True, Mode.HEAT),
        ("preheating", True, Mode.HEAT),
        ("cooling", True, Mode.COOL),
        ("drying", True, Mode.COOL),
        ("fan", True, None),
        ("idle", False, None),
    ],
)
def test_hvac_action_decides_when_the_source_sets_it(
    action: str, running: bool, mode: Mode | None
) -> None:
    # The room is far below the target: the action, not the thermostat, decides.
    view = ClimateView("heat", action, room_c=15.0, target_c=22.0)
    activity = judge_activity(view, power_w=900.0)
    assert (activity.running, activity.mode, activity.basis) == (running, mode, Basis.HVAC_ACTION)


@pytest.mark.parametrize("mode", [None, "off"])
def test_off_or_unknown_mode_is_not_running(mode: str | None) -> None:
    activity = judge_activity(ClimateView(mode, "heating", 15.0, 22.0), power_w=900.0)
    assert (activity.running, activity.basis) == (False, Basis.OFF)


def test_power_sensor_decides_without_hvac_action() -> None:
    heating = ClimateView("heat", None, room_c=23.0, target_c=21.0)  # thermostat would say idle
    running = judge_activity(heating, power_w=650.0)
    assert (running.running, running.mode, running.basis) == (True, Mode.HEAT, Basis.POWER)
    standby = judge_activity(heating, power_w=12.0)
    assert (standby.running, standby.basis) == (False, Basis.POWER)


@pytest.mark.parametrize(
    ("room", "low", "high", "mode"), [(19.0, 20.0, 24.0, Mode.HEAT), (25.0, 20.0, 24.0, Mode.COOL)]
)
def test_power_in_auto_mode_takes_the_side_of_the_room(
    room: float, low: float, high: float, mode: Mode
) -> None:
    view = ClimateView("heat_cool", None, room, target_low_c=low, target_high_c=high)
    assert judge_activity(view, power_w=500.0).mode is mode


def test_unreadable_power_falls_back_to_the_thermostat() -> None:
    view = ClimateView("heat", None, room_c=19.0, target_c=21.0)
    for power in (math.nan, -5.0, None):
        assert judge_activity(view, power_w=power).basis is Basis.THERMOSTAT


@pytest.mark.parametrize(
    ("mode", "room", "running", "compressor"),
    [
        ("heat", 19.0, True, Mode.HEAT),
        ("heat", 21.4, True, Mode.HEAT),  # within the deadband: an inverter keeps running
        ("heat", 21.6, False, None),  # overshoot: it stops
        ("cool", 26.0, True, Mode.COOL),
        ("cool", 23.6, True, Mode.COOL),
        ("cool", 23.4, False, None),
        ("dry", 25.0, True, Mode.COOL),
        ("fan_only", 25.0, True, None),
    ],
)
def test_thermostat_judgement_with_a_deadband(
    mode: str, room: float, running: bool, compressor: Mode | None
) -> None:
    target = 21.0 if mode == "heat" else 24.0
    activity = judge_activity(ClimateView(mode, None, room, target))
    assert (activity.running, activity.mode, activity.basis) == (
        running,
        compressor,
        Basis.THERMOSTAT,
    )


@pytest.mark.parametrize(
    ("room", "running", "mode"),
    [(18.0, True, Mode.HEAT), (22.0, False, None), (26.0, True, Mode.COOL)],
)
def test_auto_mode_heats_below_and_cools_above_its_range(
    room: float, running: bool, mode: Mode | None
) -> None:
    ranged = ClimateView("heat_cool", None, room, target_low_c=20.0, target_high_c=24.0)
    single = ClimateView("auto", None, room, target_c=22.0)
    assert (judge_activity(ranged).running, judge_activity(ranged).mode) == (running, mode)
    if room != 22.0:
        assert (judge_activity(single).running, judge_activity(single).mode) == (running, mode)


@pytest.mark.parametrize(
    "view",
    [
        ClimateView("heat", None, room_c=None, target_c=21.0),
        ClimateView("cool", None, room_c=22.0, target_c=math.nan),
        ClimateView("auto", None, room_c=22.0),
        ClimateView("some_vendor_mode", None, room_c=22.0, target_c=21.0),
    ],
)
def test_without_evidence_the_unit_is_not_counted(view: ClimateView) -> None:
    activity = judge_activity(view)
    assert (activity.running, activity.basis) == (False, Basis.UNKNOWN)


def test_an_unknown_action_is_ignored() -> None:
    activity = judge_activity(ClimateView("heat", "vendor_boost", room_c=19.0, target_c=21.0))
    assert activity.basis is Basis.THERMOSTAT


@pytest.mark.parametrize("platform", ["mitsubishi_comfort", "kumo", "panasonic_cc", "tado"])
def test_an_hvac_action_copied_from_the_mode_is_not_taken_for_the_compressor(
    platform: str,
) -> None:
    # Overshoot in heat mode: these integrations still say "heating".
    view = ClimateView("heat", "heating", room_c=23.0, target_c=21.0)
    activity = judge_activity(view, source_platform=platform)
    assert (activity.running, activity.basis) == (False, Basis.THERMOSTAT)
    assert judge_activity(view, source_platform="esphome").basis is Basis.HVAC_ACTION


def test_idle_at_zero_hz_with_the_thermostat_on_is_fan_and_controls() -> None:
    idle = ClimateView("heat", "idle", room_c=21.5, target_c=21.0)
    activity = unit_activity(idle, frequency_hz=0.0)
    assert (activity.running, activity.mode) == (True, None)
    off = ClimateView("off", "off", room_c=21.5, target_c=21.0)
    assert not unit_activity(off, frequency_hz=0.0).running
    # Without a frequency, idle at the target is the thermostat's cycling (the building model).
    assert unit_activity(idle).mode is Mode.HEAT
