"""Whether a unit is running now, and in which mode: a head of ours, or another integration's.

The one place that says whether a unit runs. A head of ours reports its power, mode and (on
most) its compressor: `head_action` tells what it does for the climate entity, `head_operation`
what the estimate counts.

Home Assistant climate entities say what they do in `hvac_action` when their integration knows
it; many mini-split integrations leave it unset (docs/companion-sources.md lists which). Then the
companion judges from, in this order: a power sensor of the unit (running above a standby
threshold), or the HVAC mode and the room temperature against the target with a deadband, as an
inverter head behaves: it keeps running at low speed while the room is near the target, and
stops once the room overshoots it.

Pure Python: plain strings and numbers in, an `Activity` out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from ..costcore import Mode
from ..heads import HeadState, OperationMode
from .clock import elapsed
from .estimate import Operation

# Integrations whose hvac_action does not follow the compressor (docs/companion-sources.md):
# copied from the HVAC mode (mitsubishi_comfort, kumo), guessed from the target against the room
# (panasonic_cc), or "the AC is switched on" (tado). Their units are judged like those without.
ACTION_NOT_FROM_COMPRESSOR = frozenset({"mitsubishi_comfort", "kumo", "panasonic_cc", "tado"})
# A head's indoor fan and controls on standby draw a few watts; a running compressor hundreds.
DEFAULT_STANDBY_W = 40.0
# Inverter heads hold the target within about half a degree before they stop.
DEFAULT_DEADBAND_C = 0.5


class Basis(StrEnum):
    """What the judgement rests on (shown as an attribute, so a user can tell)."""

    HVAC_ACTION = "hvac_action"
    POWER = "power"
    THERMOSTAT = "thermostat"
    OFF = "off"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Activity:
    """Running or not; the mode the compressor runs in (None: fan only or idle)."""

    running: bool
    mode: Mode | None
    basis: Basis


@dataclass(frozen=True, slots=True)
class ClimateView:
    """What a climate entity shows: its state (the HVAC mode) and the attributes that matter."""

    hvac_mode: str | None
    hvac_action: str | None = None
    room_c: float | None = None
    target_c: float | None = None
    target_low_c: float | None = None
    target_high_c: float | None = None


# hvac_action values (Home Assistant's HVACAction) and what the compressor does in each.
_ACTIONS: dict[str, tuple[bool, Mode | None]] = {
    "heating": (True, Mode.HEAT),
    "preheating": (True, Mode.HEAT),
    "defrosting": (True, Mode.HEAT),  # the cycle reverses briefly; the energy is heating's
    "cooling": (True, Mode.COOL),
    "drying": (True, Mode.COOL),  # dehumidifying runs the refrigerant cycle as cooling
    "fan": (True, None),
    "idle": (False, None),
    "off": (False, None),
}
_HEAT_MODES = {"heat"}
_COOL_MODES = {"cool", "dry"}
_BOTH_MODES = {"heat_cool", "auto"}


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _thermostat_mode(view: ClimateView, deadband_c: float) -> tuple[bool, Mode | None] | None:
    """(running, mode) from the HVAC mode and room against target; None when unknown."""
    mode = view.hvac_mode
    room = _finite(view.room_c)
    if mode == "fan_only":
        return True, None
    if mode in _HEAT_MODES or mode in _COOL_MODES:
        target = _finite(view.target_c)
        if room is None or target is None:
            return None
        if mode in _HEAT_MODES:
            running = room <= target + deadband_c
            return running, Mode.HEAT if running else None
        running = room >= target - deadband_c
        return running, Mode.COOL if running else None
    if mode in _BOTH_MODES:
        low = _finite(view.target_low_c)
        high = _finite(view.target_high_c)
        single = _finite(view.target_c)
        if low is None or high is None:
            low = high = single
        if room is None or low is None or high is None:
            return None
        if room < low - deadband_c:
            return True, Mode.HEAT
        if room > high + deadband_c:
            return True, Mode.COOL
        return False, None
    return None


def _mode_for_power(view: ClimateView) -> Mode | None:
    """The compressor's mode when a power sensor says the unit runs."""
    if (mode := thermostat_mode(view)) is not None:
        return mode
    if view.hvac_mode in _BOTH_MODES:
        room = _finite(view.room_c)
        low, high = _finite(view.target_low_c), _finite(view.target_high_c)
        middle = (low + high) / 2 if low is not None and high is not None else None
        middle = middle if middle is not None else _finite(view.target_c)
        if room is not None and middle is not None:
            return Mode.HEAT if room < middle else Mode.COOL
    return None


def thermostat_mode(view: ClimateView) -> Mode | None:
    """The mode a climate entity's thermostat holds (heat or cool), whether it runs or not."""
    if view.hvac_mode in _HEAT_MODES:
        return Mode.HEAT
    if view.hvac_mode in _COOL_MODES:
        return Mode.COOL
    return None


def judge_activity(
    view: ClimateView,
    *,
    power_w: float | None = None,
    standby_w: float = DEFAULT_STANDBY_W,
    deadband_c: float = DEFAULT_DEADBAND_C,
    source_platform: str | None = None,
) -> Activity:
    """Whether the unit runs now, from the best evidence at hand.

    `source_platform`: the integration of the climate entity; its hvac_action is ignored when
    it is one of `ACTION_NOT_FROM_COMPRESSOR`.
    """
    if view.hvac_mode in (None, "off"):
        return Activity(False, None, Basis.OFF)
    action = view.hvac_action
    if source_platform in ACTION_NOT_FROM_COMPRESSOR:
        action = None
    if action is not None and action in _ACTIONS:
        running, mode = _ACTIONS[action]
        return Activity(running, mode, Basis.HVAC_ACTION)
    power = _finite(power_w)
    if power is not None and power >= 0:
        if power <= standby_w:
            return Activity(False, None, Basis.POWER)
        if view.hvac_mode == "fan_only":
            return Activity(True, None, Basis.POWER)
        return Activity(True, _mode_for_power(view), Basis.POWER)
    judged = _thermostat_mode(view, deadband_c)
    if judged is None:
        return Activity(False, None, Basis.UNKNOWN)
    return Activity(judged[0], judged[1], Basis.THERMOSTAT)


# An hvac_action of heating while the room stays this far above the target (cooling: below) for
# this long does not follow the compressor: an inverter head stops well before.
COPY_MARGIN_K = 1.0
COPY_EVIDENCE = timedelta(minutes=45)


@dataclass(slots=True)
class ActionTrust:
    """Whether a climate entity's hvac_action follows the compressor, judged by how it behaves.

    Some integrations copy the HVAC mode into hvac_action ("heating" whenever the mode is heat).
    Such an entity never says idle, even while the room stays well above its target; one that
    says idle while its thermostat is on follows the compressor. Either is decided once.
    """

    copies_mode: bool = False
    follows_compressor: bool = False
    _since: datetime | None = None

    def observe(self, at: datetime, view: ClimateView) -> None:
        """A sample of what the entity shows."""
        if self.copies_mode or self.follows_compressor:
            return
        action, room, target = view.hvac_action, _finite(view.room_c), _finite(view.target_c)
        on = view.hvac_mode in _HEAT_MODES or view.hvac_mode in _COOL_MODES
        if on and action == "idle":
            self.follows_compressor = True
            return
        beyond = (
            room is not None
            and target is not None
            and (
                (
                    view.hvac_mode in _HEAT_MODES
                    and action == "heating"
                    and room > target + COPY_MARGIN_K
                )
                or (
                    view.hvac_mode in _COOL_MODES
                    and action == "cooling"
                    and room < target - COPY_MARGIN_K
                )
            )
        )
        if not beyond:
            self._since = None
        elif self._since is None:
            self._since = at
        elif elapsed(self._since, at) >= COPY_EVIDENCE:
            self.copies_mode = True


def compressor_shown(
    view: ClimateView, trust: ActionTrust, source_platform: str | None = None
) -> bool | None:
    """Whether the compressor runs, as an hvac_action found to follow it shows (None: unknown).

    Only an entity seen to say idle while its thermostat holds a mode, and never found to copy
    the mode, shows the compressor's stops: what teaches the load from cycles (cost/duty.py).
    """
    if (
        not trust.follows_compressor
        or trust.copies_mode
        or source_platform in ACTION_NOT_FROM_COMPRESSOR
        or view.hvac_action not in _ACTIONS
    ):
        return None
    return _ACTIONS[view.hvac_action][0]


def unit_activity(
    view: ClimateView,
    *,
    power_w: float | None = None,
    frequency_hz: float | None = None,
    source_platform: str | None = None,
    action_copies_mode: bool = False,
) -> Activity:
    """What another integration's unit does, for the estimate.

    An hvac_action of idle while the thermostat holds the room still counts as running (unless a
    compressor frequency says otherwise): the compressor cycles, and over its cycles it moves what
    the building loses, which is what the building model gives. Idle with a compressor frequency
    of 0 while the thermostat holds its mode is the unit on with its compressor stopped: fan and
    controls run on, as for a head of ours reporting 0 Hz. An hvac_action found to copy the
    mode (`ActionTrust`) is not read.
    """
    if action_copies_mode:
        view = replace(view, hvac_action=None)
    activity = judge_activity(view, power_w=power_w, source_platform=source_platform)
    idle = activity.basis is Basis.HVAC_ACTION and not activity.running
    if idle and frequency_hz == 0 and thermostat_mode(view) is not None:
        return Activity(True, None, Basis.HVAC_ACTION)
    if idle and frequency_hz is None:
        holding = judge_activity(replace(view, hvac_action=None))
        if holding.running:
            return Activity(True, holding.mode, Basis.THERMOSTAT)
    return activity


class HeadAction(StrEnum):
    """What a head of ours does now (the values of Home Assistant's hvac_action)."""

    OFF = "off"
    FAN = "fan"
    DRYING = "drying"
    IDLE = "idle"
    HEATING = "heating"
    COOLING = "cooling"


def head_action(state: HeadState) -> HeadAction | None:
    """What a head does: its compressor (frequency or running flag) tells idle from on.

    A head that reports neither is judged from the room against the target; in auto without an
    auto setpoint it picks heating or cooling itself and nothing tells which (None).
    """
    if not state.power:
        return HeadAction.OFF
    if state.mode is OperationMode.FAN:
        return HeadAction.FAN
    if state.mode is OperationMode.DRY:
        return HeadAction.DRYING
    room, target = state.room_temperature, state.target_temperature
    if state.compressor_frequency == 0 or state.compressor_running is False:
        return HeadAction.IDLE
    reported = state.compressor_frequency is not None or state.compressor_running is not None
    if not reported and room is not None and target is not None:
        if state.mode is OperationMode.HEAT and room >= target:
            return HeadAction.IDLE
        if state.mode is OperationMode.COOL and room <= target:
            return HeadAction.IDLE
        if state.mode is OperationMode.AUTO and abs(room - target) < 0.5:
            return HeadAction.IDLE
    if state.mode is OperationMode.HEAT:
        return HeadAction.HEATING
    if state.mode is OperationMode.COOL:
        return HeadAction.COOLING
    if room is None or target is None:
        return None
    return HeadAction.COOLING if room > target else HeadAction.HEATING


# The compressor's mode in each operation mode of a head (auto: by the room against the target).
_HEAD_MODES = {
    OperationMode.HEAT: Mode.HEAT,
    OperationMode.COOL: Mode.COOL,
    OperationMode.DRY: Mode.COOL,
}


def head_operation(state: HeadState, outdoor_c: float | None) -> Operation:
    """What a head does, for the estimate: powered, its compressor's mode, temperatures.

    `outdoor_c` is the last outdoor temperature the head reported (heads report `-` now and then).
    """
    mode = _HEAD_MODES.get(state.mode)
    if state.mode is OperationMode.AUTO:
        room, target = state.room_temperature, state.target_temperature
        mode = Mode.COOL if room is not None and target is not None and room > target else Mode.HEAT
    return Operation(
        running=state.power,
        mode=mode,
        outdoor_c=outdoor_c,
        indoor_c=state.room_temperature,
        compressor_hz=state.compressor_frequency,
    )
