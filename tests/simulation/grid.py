"""The grid of simulated weeks, and each week's estimates by signal set beside the truth.

Heating: three units of different kinds (a cold-climate unit with data to -13 degF, an ordinary
one with data to 5 degF only, a larger multi-zone unit), sizing ratio 0.5-1.5, design
temperature -25 to +5 degC, cold and mild weeks, with a night setback or none. Cooling: two
units with published cooling points in hot weeks. Each week is shown in one hvac_action style
(in turn); the companion without sensors is run in all three.

Units are picked from the catalogue as a user picks them in the flow. Few catalogue units carry
cooling points (a unit without them gets the map from its SEER, EER and rated cooling capacity),
so hot weeks also run the companion with the nameplate typed in: the figure for a unit the
catalogue lacks, or lists without cooling points.

MINISPLIT_ACCURACY_WEEKS (e.g. `hot`, or `cold,mild`) runs only those kinds of week; each week
keeps the seed it has in the whole grid, so its figures are the whole grid's.
"""

from __future__ import annotations

import copy
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from custom_components.minisplit.cost.base_load import HistoryDay
from custom_components.minisplit.costcore.catalog import catalog_unit

from .baselines import degree_hour_kwh, fixed_wattage_kwh
from .companion import CompanionReplay, Inputs, advance
from .scenario import RUN_UP_DAYS, Scenario, Trace, UnitChoice, simulate
from .signals import ActionStyle, Shown, history, shown
from .unit import Mode, UnitSpec
from .weather import MINUTES_PER_DAY, WeekKind

ZONE = ZoneInfo("US/Pacific")
HEATING_START = datetime(2026, 1, 5, tzinfo=ZONE)
COOLING_START = datetime(2026, 7, 6, tzinfo=ZONE)
DEFAULT_DESIGN_C = -10.0

HEATING_UNITS = (
    UnitChoice("7002444", 10.0, 100.0),  # Mitsubishi MUZ-FH15NA: cold climate, data to -13 degF
    UnitChoice("9966684", 18.0, 120.0),  # Daikin Vista RX12QMVJU: data to 5 degF only
    UnitChoice("7434482", 20.0, 110.0),  # Mitsubishi MXZ-4C36NAHZ: 36,000 Btu/h multi-zone
)
COOLING_UNITS = (
    UnitChoice("202680596", 10.0, 100.0),  # Mitsubishi MUZ-GL15NAH2 / MSZ-GL15NA
    UnitChoice("201754303", 14.0, 110.0),  # Mitsubishi MUZ-FH18NAH2 / MSZ-FH18NA
)
RATIOS = (0.5, 0.75, 1.0, 1.25, 1.5)
DESIGNS = (-25.0, -15.0, -5.0, 5.0)
STYLES = tuple(ActionStyle)


class Signals(StrEnum):
    """What the companion is given, besides the climate entity and an outdoor temperature."""

    NONE = "none"
    NONE_DEFAULT_DESIGN = "none, design left at -10 degC"
    FREQ_DEFAULT = "frequency, default range"
    FREQ_TRUE = "frequency, true range"
    NONE_NAMEPLATE = "none, nameplate typed in"
    FREQ_NAMEPLATE = "frequency, nameplate typed in"
    ENERGY = "unit energy sensor"
    POWER = "unit power sensor"
    CALIB_1 = "calibrated 1 day, then lost"
    CALIB_3 = "calibrated 3 days, then lost"
    CALIB_7 = "calibrated 7 days, then lost"
    WHOLE_HOME = "whole-home meter, no history"
    WHOLE_HOME_HISTORY = "whole-home meter, with history"
    FIXED = "baseline: fixed wattage"
    DEGREE_HOURS = "baseline: degree-hours"


@dataclass(frozen=True, slots=True)
class Case:
    """One grid week; every signal set is run in its main style, the companion alone in all."""

    scenario: Scenario
    style: ActionStyle


@dataclass(frozen=True, slots=True)
class Result:
    """One estimate of one week."""

    signals: str
    style: str
    mode: str
    week: str
    unit: str
    ratio: float
    design_c: float
    setback: bool
    estimated_kwh: float | None  # None: no estimate for this signal set yet
    true_kwh: float

    @property
    def error(self) -> float | None:
        """(estimated - true) / true."""
        if self.estimated_kwh is None:
            return None
        return (self.estimated_kwh - self.true_kwh) / self.true_kwh


def weeks_wanted() -> frozenset[WeekKind]:
    """The kinds of week MINISPLIT_ACCURACY_WEEKS names (comma-separated), or all of them."""
    text = os.environ.get("MINISPLIT_ACCURACY_WEEKS", "").strip()
    if not text:
        return frozenset(WeekKind)
    return frozenset(WeekKind(word.strip().lower()) for word in text.split(","))


def cases() -> Iterator[Case]:
    """The grid, heating then cooling; styles in turn, the no-sensor set in every style."""
    wanted = weeks_wanted()
    index = 0
    heating = itertools.product(
        HEATING_UNITS, RATIOS, DESIGNS, (WeekKind.COLD, WeekKind.MILD), (False, True)
    )
    cooling = itertools.product(COOLING_UNITS, RATIOS, DESIGNS, (WeekKind.HOT,), (False, True))
    for mode, product in ((Mode.HEAT, heating), (Mode.COOL, cooling)):
        for unit, ratio, design, week, setback in product:
            scenario = Scenario(unit, mode, ratio, design, week, setback, seed=index)
            if week in wanted:
                yield Case(scenario, STYLES[index % len(STYLES)])
            index += 1


def unit_options(spec: UnitSpec, nameplate: bool = False) -> dict[str, Any]:
    """What the config flow fills in: the picked catalogue unit, or (when it is not listed, or
    `nameplate`) the nameplate typed in."""
    options: dict[str, Any] = {"price_per_kwh": 0.2}
    listed = catalog_unit(spec.catalog_id) if spec.catalog_id and not nameplate else None
    if listed is not None:
        return options | listed.options()
    options |= {"hspf": spec.hspf, "seer": spec.seer}
    if spec.eer is not None:
        options["eer"] = spec.eer
    if spec.cooling_capacity_btuh is not None:
        options["cooling_capacity_btuh"] = spec.cooling_capacity_btuh
    if spec.heating_capacity_btuh is not None:
        options["heating_capacity_btuh"] = spec.heating_capacity_btuh
    return options


def inputs_of(signals: Shown) -> list[Inputs]:
    """The source entities' values each minute."""
    return [
        Inputs(
            signals.hvac_mode,
            signals.hvac_action[m],
            signals.room_c[m],
            signals.target_c[m],
            signals.outdoor_c[m],
            signals.hz[m],
            signals.power_w[m],
            signals.energy_kwh[m],
            signals.home_kwh[m],
        )
        for m in range(len(signals.room_c))
    ]


# Days of the whole-home meter before the scored week: the learner's 14 and a day to spare.
WHOLE_HOME_RUN_UP_DAYS = 15


def recorded_days(signals: Shown, clock: datetime) -> list[HistoryDay]:
    """The run's complete days as the recorder's statistics hold them: the home meter's energy
    and the outdoor sensor's mean (of the states it showed)."""
    days: list[HistoryDay] = []
    for day in range(len(signals.home_kwh) // MINUTES_PER_DAY - 1):
        first, last = day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY
        outdoor = signals.outdoor_c[first:last]
        days.append(
            HistoryDay(
                (clock + timedelta(days=day)).date(),
                signals.home_kwh[last] - signals.home_kwh[first],
                sum(outdoor) / len(outdoor),
            )
        )
    return days


def whole_home_errors(
    scenario: Scenario, style: ActionStyle, options: dict[str, Any]
) -> tuple[float, float]:
    """The companion with the home's meter (no sensor of the unit), after two weeks of it:
    without the recorder's history of that meter, and with it.

    Its own, longer run of the scenario (the same house and climate; the scored week is the
    last): the errors of the scored week.
    """
    longer = replace(scenario, run_up_days=WHOLE_HOME_RUN_UP_DAYS)
    trace = simulate(longer)
    signals = shown(trace, style, room_step=0.5, outdoor_step=0.5)
    inputs = inputs_of(signals)
    clock = HEATING_START if scenario.mode is Mode.HEAT else COOLING_START
    past = history(scenario.seed, clock.date())
    start, end = longer.scored_from, len(inputs) - 1
    truth = trace.energy_kwh(start, end)
    errors = []
    for days in ((), (*past, *recorded_days(signals, clock))):
        companion = CompanionReplay(options, scenario.design_c, home=True, history=days)
        before = advance(companion, clock, inputs, 0, start)
        estimated = advance(companion, clock, inputs, 0, end) - before
        errors.append((estimated - truth) / truth)
    return errors[0], errors[1]


def run_case(case: Case) -> list[Result]:
    """Simulate a week and every estimate of it."""
    trace = simulate(case.scenario)
    results: list[Result] = []
    for style in STYLES:
        results.extend(_estimates(trace, style, every=style is case.style))
    return results


def _estimates(trace: Trace, style: ActionStyle, every: bool) -> list[Result]:
    """The week's estimates as shown in one style: every signal set, or without sensors only."""
    scenario = trace.scenario
    spec = scenario.unit.spec()
    signals = shown(
        trace,
        style,
        room_step=0.1 if scenario.seed % 2 else 0.5,
        outdoor_step=1.0 if scenario.seed // 2 % 2 else 0.5,
    )
    inputs = inputs_of(signals)
    clock = HEATING_START if scenario.mode is Mode.HEAT else COOLING_START
    start, end = scenario.scored_from, len(inputs) - 1
    truth = trace.energy_kwh(start, end)
    options = unit_options(spec)
    true_range = options | {"min_compressor_hz": spec.min_hz, "max_compressor_hz": spec.max_hz}
    design = scenario.design_c
    estimates: dict[Signals, float | None] = {}

    def week(companion: CompanionReplay, first: int = start) -> float:
        before = advance(companion, clock, inputs, first, start)
        return advance(companion, clock, inputs, first, end) - before

    none = CompanionReplay(options, design)
    estimates[Signals.NONE] = week(none)
    if every:
        estimates[Signals.NONE_DEFAULT_DESIGN] = week(CompanionReplay(options, DEFAULT_DESIGN_C))
        estimates[Signals.FREQ_DEFAULT] = week(CompanionReplay(options, design, frequency=True))
        estimates[Signals.FREQ_TRUE] = week(CompanionReplay(true_range, design, frequency=True))
        typed = unit_options(spec, nameplate=True)
        if scenario.mode is Mode.COOL and typed != options:
            estimates[Signals.NONE_NAMEPLATE] = week(CompanionReplay(typed, design))
            estimates[Signals.FREQ_NAMEPLATE] = week(CompanionReplay(typed, design, frequency=True))
        energy = CompanionReplay(options, design, energy=True)
        advance(energy, clock, inputs, 0, start)
        lost7 = copy.deepcopy(energy)
        lost7.lose_sensor()
        estimates[Signals.ENERGY] = week(energy, 0)
        estimates[Signals.CALIB_7] = week(lost7, 0)
        for days, key in ((1, Signals.CALIB_1), (3, Signals.CALIB_3)):
            first = (RUN_UP_DAYS - days) * MINUTES_PER_DAY
            companion = CompanionReplay(options, design, energy=True)
            advance(companion, clock, inputs, first, start)
            companion.lose_sensor()
            estimates[key] = week(companion, first)
        estimates[Signals.POWER] = week(CompanionReplay(options, design, power=True))
        # Scored as their own week's errors.
        without, with_history = whole_home_errors(scenario, style, options)
        estimates[Signals.WHOLE_HOME] = truth * (1 + without)
        estimates[Signals.WHOLE_HOME_HISTORY] = truth * (1 + with_history)
        scored = slice(start, end)
        estimates[Signals.FIXED] = fixed_wattage_kwh(
            spec, scenario.mode, signals.hvac_action[scored]
        )
        estimates[Signals.DEGREE_HOURS] = degree_hour_kwh(
            spec, scenario.mode, design, signals.outdoor_c[scored]
        )
    return [
        Result(
            signals=key.value,
            style=style.value,
            mode=scenario.mode.value,
            week=scenario.week.value,
            unit=spec.name,
            ratio=scenario.ratio,
            design_c=design,
            setback=scenario.setback,
            estimated_kwh=value,
            true_kwh=truth,
        )
        for key, value in estimates.items()
    ]
