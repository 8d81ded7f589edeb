"""How close any estimate can come that does not know how the unit is sized for its house.

Run `python -m tests.simulation.sizing_bound [cold|mild|hot ...]` from the repository root (all
three when none is given). Without a meter, a frequency or cycles, nothing the companion sees
tells the sizing ratio: the thermostat holds the room at its target whatever the ratio. For
each of the grid's houses but the ratio (unit, design temperature, setback; the weather of the
grid's ratio-1 week), it simulates the week at every sizing ratio of the grid and prints:

- the true kWh at each ratio;
- the **bound**: the one estimate that brings the group's median absolute error lowest,
  chosen knowing every true kWh. No estimate blind to the ratio does better on these weeks,
  and to reach it an estimate must know exactly where the group's optimum lies;
- the error of taking the house as sized exactly: the truth at ratio 1 as the estimate (a
  perfect model of the building the estimate assumes).

Then the median absolute error of each over all the weeks of a kind. A diagnostic, not a test:
nothing asserts on its numbers.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from itertools import combinations

from .grid import RATIOS, cases
from .scenario import Scenario, simulate
from .weather import WeekKind


def median_abs_error(estimate: float, truths: Sequence[float]) -> float:
    """The median of |estimate / truth - 1| over the truths."""
    return statistics.median(abs(estimate / truth - 1) for truth in truths)


def best_blind_estimate(truths: Sequence[float]) -> tuple[float, float]:
    """(estimate, its median absolute error): the one estimate best for all these truths.

    The median of the relative errors |c / t - 1| is piecewise monotonic in c between the
    truths themselves and the points where two errors of opposite sign are equal
    (c / a - 1 = 1 - c / b, so c = 2ab / (a + b)); its minimum is at one of them.
    """
    candidates = [*truths, *(2 * a * b / (a + b) for a, b in combinations(truths, 2))]
    return min(((c, median_abs_error(c, truths)) for c in candidates), key=lambda pair: pair[1])


def _true_kwh(scenario: Scenario) -> float:
    trace = simulate(scenario)
    return trace.energy_kwh(scenario.scored_from, len(trace.input_w) - 1)


def main(words: Sequence[str]) -> None:
    """Print the bound for each kind of week asked for."""
    kinds = [WeekKind(word) for word in words] or list(WeekKind)
    for kind in kinds:
        houses = [
            case.scenario
            for case in cases()
            if case.scenario.week is kind and case.scenario.ratio == 1.0
        ]
        weeks = [replace(house, ratio=ratio) for house in houses for ratio in RATIOS]
        with ProcessPoolExecutor(2) as pool:
            truths = list(pool.map(_true_kwh, weeks))
        bound_errors: list[float] = []
        exact_errors: list[float] = []
        for index, house in enumerate(houses):
            group = truths[index * len(RATIOS) : (index + 1) * len(RATIOS)]
            estimate, error = best_blind_estimate(group)
            exact = group[RATIOS.index(1.0)]
            bound_errors += [abs(estimate / truth - 1) for truth in group]
            exact_errors += [abs(exact / truth - 1) for truth in group]
            print(
                f"{kind.value} {house.unit.spec().name} design {house.design_c:+.0f} degC"
                f" setback {house.setback}: true kWh by ratio "
                + " ".join(f"{truth:.1f}" for truth in group)
                + f" | bound {error * 100:.0f} %,"
                f" sized exactly {median_abs_error(exact, group) * 100:.0f} %"
            )
        print(
            f"{kind.value}: {len(bound_errors)} weeks, median absolute error: bound"
            f" {statistics.median(bound_errors) * 100:.1f} %, taken as sized exactly"
            f" {statistics.median(exact_errors) * 100:.1f} %"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
