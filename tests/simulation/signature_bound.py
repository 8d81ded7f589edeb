"""How close a fortnight of a home meter's days can bring the estimate, without the recorder's.

Run `python -m tests.simulation.signature_bound` from the repository root. Without days on which
the unit stood still, the home meter's learner (cost/signature.py) must tell the unit from the
rest of the home by how the days differ: home kWh = base + slope x unit kWh. This measures the
best that can be done so, for every week of the grid, with an oracle's help:

- the unit's true kWh of each day, as a model exact but for its scale would have them;
- the days with an EV charge or another heater known and left out;
- the ordinary least-squares slope of the other days' home kWh on their unit kWh.

The slope is what the estimate's scale would be set to; its error is the estimate's. What is
left is the home's own day-to-day scatter (`signals.DAY_LEVEL`) against how much the unit's days
differ. The learner has neither the true days nor the extras marked, so it does no better.

A diagnostic, not a test: nothing asserts on its numbers.
"""

from __future__ import annotations

import statistics
import sys
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from .grid import WHOLE_HOME_RUN_UP_DAYS, cases
from .scenario import Scenario, simulate
from .signals import BASE_KW, DAY_LEVEL, other_load_w
from .weather import MINUTES_PER_DAY, W_MINUTES_PER_KWH


def least_squares_slope(days: Sequence[tuple[float, float]]) -> float:
    """The slope of y on x over (x, y) days."""
    mean_x = statistics.fmean(x for x, _ in days)
    mean_y = statistics.fmean(y for _, y in days)
    spread = sum((x - mean_x) ** 2 for x, _ in days)
    return sum((x - mean_x) * (y - mean_y) for x, y in days) / spread


def oracle_error(scenario: Scenario) -> tuple[str, float]:
    """(week kind, the oracle's slope - 1) over the learner's 14 days before the scored week."""
    longer = replace(scenario, run_up_days=WHOLE_HOME_RUN_UP_DAYS)
    trace = simulate(longer)
    other = other_load_w(trace, longer.seed)
    ordinary_most = DAY_LEVEL[1] * sum(BASE_KW)  # kWh: more than this had an extra
    days = []
    for day in range(1, WHOLE_HOME_RUN_UP_DAYS):
        first, last = day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY
        unit = trace.energy_kwh(first, last)
        rest = sum(other[first:last]) / W_MINUTES_PER_KWH
        if rest <= ordinary_most + 1e-9:
            days.append((unit, unit + rest))
    return scenario.week.value, least_squares_slope(days) - 1


def main() -> None:
    """Print the oracle's median and 80th-percentile absolute error by kind of week."""
    errors: dict[str, list[float]] = defaultdict(list)
    with ProcessPoolExecutor(2) as pool:
        for week, error in pool.map(oracle_error, [case.scenario for case in cases()], chunksize=4):
            errors[week].append(abs(error))
    for week, found in errors.items():
        found.sort()
        print(
            f"{week}: {len(found)} weeks, the oracle's slope off by median"
            f" {statistics.median(found) * 100:.1f} %, 80th percentile"
            f" {found[int(0.8 * len(found))] * 100:.1f} %"
        )


if __name__ == "__main__":
    if sys.argv[1:]:
        sys.exit(__doc__)
    main()
