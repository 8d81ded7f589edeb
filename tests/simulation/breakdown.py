"""The accuracy grid's weekly errors split by one scenario setting: where a figure comes from.

Run the grid with its results kept, then split them:

    MINISPLIT_ACCURACY_RESULTS=/tmp/accuracy.pkl scripts/bench -k accuracy
    python -m tests.simulation.breakdown /tmp/accuracy.pkl [signals] [setting]

`signals` is a row's signal set as the table names it (default `none`), `setting` one of
ratio, design_c, unit, style, setback (default: each in turn). Each line gives a week type and
a value of the setting: how many weeks, the median error and the median absolute error.

A diagnostic, not a test: nothing asserts on its numbers.
"""

from __future__ import annotations

import pickle
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .grid import Result
from .report import WEEKS

SETTINGS = ("ratio", "design_c", "unit", "style", "setback")


def lines(results: Iterable[Result], signals: str, setting: str) -> list[str]:
    """One line per week type and value of the setting."""
    errors: dict[tuple[str, object], list[float]] = defaultdict(list)
    for result in results:
        if result.signals == signals and (error := result.error) is not None:
            errors[result.week, getattr(result, setting)].append(error)
    out = []
    for week in WEEKS:
        for value in sorted(value for kind, value in errors if kind == week):
            found = errors[week, value]
            out.append(
                f"{signals} / {week} / {setting}={value}: n={len(found)}"
                f" median={statistics.median(found) * 100:+.0f} %"
                f" median_abs={statistics.median(map(abs, found)) * 100:.0f} %"
            )
    return out


def main(argv: Sequence[str]) -> None:
    """Print the split the arguments ask for."""
    if not argv:
        sys.exit(__doc__)
    with open(argv[0], "rb") as handle:  # written by tests/benchmarks/test_accuracy.py
        results: list[Result] = pickle.load(handle)  # our own bench's file
    signals = argv[1] if len(argv) > 1 else "none"
    for setting in argv[2:] or SETTINGS:
        print("\n".join(lines(results, signals, setting)))


if __name__ == "__main__":
    main(sys.argv[1:])
