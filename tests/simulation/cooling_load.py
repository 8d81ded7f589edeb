"""Where the no-sensor estimate's cooling error comes from: the week's heat, part by part.

Run `python -m tests.simulation.cooling_load [ratio ...]` from the repository root (ratio 1 when
none is given; `nameplate` as a word types the nameplate in instead of picking the catalogue
unit). For the grid's hot weeks of those sizing ratios it replays the companion without sensors
(hvac_action from the compressor) and sets the scored week's heat against the truth's:

- truth: the heat the unit removed, sensible and latent (its sensible heat ratio, SHR); of the
  sensible part, the internal gains and the sun through the windows as the house received them,
  and the rest (the envelope and infiltration, less what the mass stored);
- the building model (cost/building.py) at the same outdoor temperature, setpoint and hour,
  wherever it asks for cooling: UA x (outdoor - setpoint), the fixed gains, the sun's gain by
  hour, and the latent share 1 / COOLING_SHR - 1 on top;
- the companion's weekly error = (its heat / the true heat) x (the true COP / its COP) - 1.

A diagnostic, not a test: nothing asserts on its numbers.
"""

from __future__ import annotations

import os
import statistics
import sys
from dataclasses import dataclass

from custom_components.minisplit.cost.building import COOLING_SHR, Building
from custom_components.minisplit.costcore import Mode as CoreMode

from .companion import CompanionReplay, advance
from .grid import COOLING_START, cases, inputs_of, unit_options
from .scenario import Scenario, simulate
from .signals import ActionStyle, shown
from .weather import MINUTES_PER_DAY, W_MINUTES_PER_KWH, WeekKind


@dataclass(frozen=True, slots=True)
class Split:
    """One week's heat in kWh, the truth's and the model's, and the companion's error."""

    scenario: Scenario
    true_internal: float
    true_sun: float
    true_rest: float
    true_latent: float
    true_cop: float
    model_conduction: float
    model_gains: float
    model_sun: float
    model_latent: float
    companion_heat: float
    companion_cop: float
    error: float

    @property
    def true_heat(self) -> float:
        """Heat the unit removed."""
        return self.true_internal + self.true_sun + self.true_rest + self.true_latent

    @property
    def model_heat(self) -> float:
        """Heat the building model asks for."""
        return self.model_conduction + self.model_gains + self.model_sun + self.model_latent


def split(scenario: Scenario, nameplate: bool = False) -> Split:
    """Simulate the week, replay the companion, and split both weeks' heat."""
    trace = simulate(scenario)
    spec = scenario.unit.spec()
    options = unit_options(spec, nameplate=nameplate)
    inputs = inputs_of(shown(trace, ActionStyle.COMPRESSOR, room_step=0.1, outdoor_step=0.5))
    start, end = scenario.scored_from, len(inputs) - 1
    companion = CompanionReplay(options, scenario.design_c)
    advance(companion, COOLING_START, inputs, 0, start)
    before_kwh = companion.meter.energy_kwh
    heat = 0.0  # the meter counts heat in heating only: the readings' heat, minute by minute
    for minute in range(start, end):
        if minute > start:
            advance(companion, COOLING_START, inputs, 0, minute)
        reading = companion.running.reading
        heat += 0.0 if reading is None else reading.delivered_w / W_MINUTES_PER_KWH
    advance(companion, COOLING_START, inputs, 0, end)
    energy = companion.meter.energy_kwh - before_kwh
    building = Building.from_design_point(
        companion.running.estimator.heat_pump, design_outdoor_c=scenario.design_c
    )
    house, weather = trace.house, trace.weather
    internal = sun = removed = latent = 0.0
    conduction = gains = model_sun = model_latent = 0.0
    for minute in range(start, end):
        hour = (minute // 60) % 24
        internal += house.internal_w(hour)
        sun += house.solar_w(weather.solar_w_m2[minute])
        removed += trace.delivered_w[minute]
        latent += trace.latent_w[minute]
        outdoor, setpoint = weather.outdoor_c[minute], trace.setpoint_c[minute]
        clock_hour = minute % MINUTES_PER_DAY / 60.0
        if building.load_w(CoreMode.COOL, outdoor, setpoint, clock_hour) > 0.0:
            sensible = (
                building.ua_w_per_k * (outdoor - setpoint)
                + building.gains_w
                + building.solar_w(clock_hour)
            )
            conduction += building.ua_w_per_k * (outdoor - setpoint)
            gains += building.gains_w
            model_sun += building.solar_w(clock_hour)
            model_latent += sensible * (1.0 / COOLING_SHR - 1.0)
    true_kwh = trace.energy_kwh(start, end)
    return Split(
        scenario,
        internal / W_MINUTES_PER_KWH,
        sun / W_MINUTES_PER_KWH,
        (removed - latent - internal - sun) / W_MINUTES_PER_KWH,
        latent / W_MINUTES_PER_KWH,
        removed / W_MINUTES_PER_KWH / true_kwh,
        conduction / W_MINUTES_PER_KWH,
        gains / W_MINUTES_PER_KWH,
        model_sun / W_MINUTES_PER_KWH,
        model_latent / W_MINUTES_PER_KWH,
        heat,
        heat / energy if energy > 0 else 0.0,
        (energy - true_kwh) / true_kwh,
    )


def main(words: list[str]) -> None:
    """Print each week's split, and the medians of the heat and energy errors."""
    nameplate = "nameplate" in words
    ratios = {float(word) for word in words if word != "nameplate"} or {1.0}
    os.environ["MINISPLIT_ACCURACY_WEEKS"] = WeekKind.HOT.value
    print(
        "unit       ratio design setback | truth kWh: internal sun rest latent (SHR) COP "
        "| model kWh: UAxdT gains sun latent | heat counted/true, COP true/counted, error"
    )
    heat_errors, errors = [], []
    for case in cases():
        scenario = case.scenario
        if scenario.ratio not in ratios:
            continue
        week = split(scenario, nameplate)
        shr = 1.0 - week.true_latent / week.true_heat
        heat_errors.append(week.companion_heat / week.true_heat - 1.0)
        errors.append(week.error)
        print(
            f"{scenario.unit.key:10} {scenario.ratio:5.2f} {scenario.design_c:6.0f} "
            f"{scenario.setback!s:7} | {week.true_internal:6.0f} {week.true_sun:5.0f} "
            f"{week.true_rest:5.0f} {week.true_latent:5.0f} ({shr:.2f}) {week.true_cop:.2f} "
            f"| {week.model_conduction:6.0f} {week.model_gains:5.0f} {week.model_sun:5.0f} "
            f"{week.model_latent:5.0f} | {week.companion_heat / week.true_heat:5.2f} "
            f"{week.true_cop / week.companion_cop:5.2f} {100 * week.error:+5.0f} %",
            flush=True,
        )
    print(
        f"median heat error {100 * statistics.median(heat_errors):+.0f} %, "
        f"median error {100 * statistics.median(errors):+.0f} %, "
        f"median absolute {100 * statistics.median(abs(e) for e in errors):.0f} %"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
