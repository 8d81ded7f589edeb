"""Where the frequency estimate's weekly error comes from: the error split by what the unit did.

Run `python -m tests.simulation.decompose [cold|mild|hot]` from the repository root. For a few
scenarios of each kind of week it replays the companion with the compressor frequency (the unit's
true range, hvac_action from the compressor) and splits (estimated - true) / true kWh of the
scored week, minute by minute against the simulator's truth, into:

- idle: minutes the compressor stood still (the truth draws the fan and controls);
- defrost: reverse-cycle minutes;
- cycling: the part-load factor of minutes cycling at minimum speed, the companion's less the
  truth's (the truth's PLR is its controller's demand over minimum capacity);
- fan: the companion's fan-only watts added to a running compressor's estimate;
- map at min / map modulating: the companion's steady input at the frequency shown, less the
  truth's steady input (its map against the published points, outdoor rounding and the rest);
- sampling: what the companion held between its samples, less the minutes' own estimates.

The parts add up to the error. A diagnostic, not a test: nothing asserts on its numbers.
"""

from __future__ import annotations

import sys
from typing import Any
from unittest import mock

from custom_components.minisplit.cost.activity import ClimateView, thermostat_mode, unit_activity
from custom_components.minisplit.cost.estimate import FAN_ONLY_W, Operation, estimate_now

from . import scenario as scenario_module
from .companion import CompanionReplay, Inputs, advance
from .grid import (
    COOLING_START,
    COOLING_UNITS,
    HEATING_START,
    HEATING_UNITS,
    inputs_of,
    unit_options,
)
from .scenario import Scenario, simulate
from .signals import ActionStyle, shown
from .unit import CYCLING_DEGRADATION, InverterUnit, Mode, Output
from .weather import W_MINUTES_PER_KWH, WeekKind

PARTS = ("idle", "defrost", "cycling", "fan", "map at min", "map modulating", "sampling")


class _Recording(InverterUnit):
    """The unit, noting each minute whether it cycled and its part-load factor."""

    factors: list[float | None]

    def step(self, outdoor_c: float, room_c: float, setpoint_c: float) -> Output:
        out = InverterUnit.step(self, outdoor_c, room_c, setpoint_c)
        cycling = self.cycling and out.compressor_on and not out.defrosting
        factor = 1.0 - CYCLING_DEGRADATION * (1.0 - self._part_load)
        self.factors.append(factor if cycling else None)
        return out


def _traced(scenario: Scenario) -> tuple[Any, list[float | None]]:
    """The fortnight and, each minute, the truth's part-load factor (None: not cycling)."""
    factors: list[float | None] = []

    def unit(*args: Any) -> _Recording:
        made = _Recording(*args)
        made.factors = factors
        return made

    with mock.patch.object(scenario_module, "InverterUnit", unit):
        return simulate(scenario), factors


def _steady_w(companion: CompanionReplay, inputs: Inputs) -> float:
    """The companion's estimate for one minute's states, with no part-load factor."""
    view = ClimateView(inputs.hvac_mode, inputs.hvac_action, inputs.room_c, inputs.target_c)
    activity = unit_activity(view, frequency_hz=inputs.hz, source_platform=companion.platform)
    operation = Operation(
        running=activity.running,
        mode=activity.mode,
        outdoor_c=inputs.outdoor_c,
        indoor_c=inputs.room_c,
        compressor_hz=inputs.hz,
        idle_mode=thermostat_mode(view),
    )
    estimator = companion.running.estimator
    reading = estimate_now(estimator.heat_pump, estimator.settings, operation)
    return 0.0 if reading is None else reading.input_w


def error_parts(scenario: Scenario) -> dict[str, float]:
    """The scored week's frequency-estimate error and its parts, as shares of the true kWh."""
    trace, factors = _traced(scenario)
    spec = scenario.unit.spec()
    inputs = inputs_of(shown(trace, ActionStyle.COMPRESSOR, room_step=0.1, outdoor_step=0.5))
    options = unit_options(spec) | {
        "min_compressor_hz": spec.min_hz,
        "max_compressor_hz": spec.max_hz,
    }
    clock = HEATING_START if scenario.mode is Mode.HEAT else COOLING_START
    start, end = scenario.scored_from, len(inputs) - 1
    companion = CompanionReplay(options, scenario.design_c, frequency=True)
    advance(companion, clock, inputs, start, start)
    parts = dict.fromkeys(PARTS, 0.0)
    for minute in range(start, end):
        if minute > start:
            advance(companion, clock, inputs, start, minute)
        reading = companion.running.reading
        held = 0.0 if reading is None else reading.input_w
        steady = _steady_w(companion, inputs[minute])
        truth = trace.input_w[minute]
        factor = factors[minute]
        if not trace.compressor_on[minute]:
            parts["idle"] += held - truth
            continue
        if trace.defrosting[minute]:
            parts["defrost"] += held - truth
            continue
        with_factor = steady
        truth_steady = truth * (factor or 1.0)
        if factor is not None:
            with_factor = _with_part_load(companion, inputs[minute], steady)
            parts["cycling"] += (with_factor - steady) - (truth - truth_steady)
        parts["fan"] += FAN_ONLY_W if steady > 0 else 0.0
        map_part = "map at min" if factor is not None else "map modulating"
        parts[map_part] += steady - (FAN_ONLY_W if steady > 0 else 0.0) - truth_steady
        parts["sampling"] += held - with_factor
    advance(companion, clock, inputs, start, end)
    true_w_min = trace.energy_kwh(start, end) * W_MINUTES_PER_KWH
    result = {"error": (companion.meter.energy_kwh * W_MINUTES_PER_KWH - true_w_min) / true_w_min}
    return result | {part: value / true_w_min for part, value in parts.items()}


def _with_part_load(companion: CompanionReplay, inputs: Inputs, steady: float) -> float:
    """The companion's estimate with the part-load ratio it holds now (steady when none)."""
    ratio = companion.running.cycling.part_load_ratio
    if ratio is None or inputs.hz is None or inputs.hz <= 0:
        return steady
    view = ClimateView(inputs.hvac_mode, inputs.hvac_action, inputs.room_c, inputs.target_c)
    activity = unit_activity(view, frequency_hz=inputs.hz, source_platform=companion.platform)
    operation = Operation(
        activity.running,
        activity.mode,
        inputs.outdoor_c,
        inputs.room_c,
        inputs.hz,
        part_load_ratio=ratio,
    )
    estimator = companion.running.estimator
    reading = estimate_now(estimator.heat_pump, estimator.settings, operation)
    return steady if reading is None else reading.input_w


def scenarios() -> list[Scenario]:
    """Each heating unit sized exactly and oversized in cold and mild weeks; each cooling unit."""
    found: list[Scenario] = []
    for choice in HEATING_UNITS:
        for week in (WeekKind.COLD, WeekKind.MILD):
            for ratio, design in ((1.0, -15.0), (0.75, -5.0)):
                found.append(Scenario(choice, Mode.HEAT, ratio, design, week, False, len(found)))
    for choice in COOLING_UNITS:
        for ratio in (1.0, 0.75):
            found.append(Scenario(choice, Mode.COOL, ratio, 5.0, WeekKind.HOT, False, len(found)))
    return found


def main(week: str | None = None) -> None:
    """Print the parts of each scenario's error, in % of its true kWh."""
    print(f"{'unit':24} {'week':4} ratio design {'error':>6} " + " ".join(f"{p:>9}" for p in PARTS))
    for scenario in scenarios():
        if week is not None and scenario.week.value != week:
            continue
        parts = error_parts(scenario)
        print(
            f"{scenario.unit.spec().name:24} {scenario.week.value:4} {scenario.ratio:5.2f} "
            f"{scenario.design_c:6.0f} {100 * parts.pop('error'):+6.1f} "
            + " ".join(f"{100 * parts[p]:+9.1f}" for p in PARTS),
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
