"""The running-cost estimate held against the simulator's ground truth, over the whole grid.

Run with `scripts/bench -k accuracy` (about 15 minutes on 2 cores). It prints a `BENCH accuracy`
line per row and the markdown table docs/accuracy.md quotes. Nothing here fails on a number.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from ..simulation.grid import Result, cases, run_case
from ..simulation.report import bench_line, markdown, rows

pytestmark = pytest.mark.benchmark
PROCESSES = 2


@pytest.mark.timeout(3600)
def test_accuracy_over_the_grid() -> None:
    """Every grid week, its estimates by signal set and the baselines, against the truth."""
    started = time.monotonic()
    grid = list(cases())
    results: list[Result] = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        for found in pool.map(run_case, grid, chunksize=4):
            results.extend(found)
    table = rows(results)
    for row in table:
        print(f"BENCH {bench_line(row)}", file=sys.stderr)
    print(
        f"BENCH accuracy grid: {len(grid)} weeks, {len(results)} estimates in "
        f"{time.monotonic() - started:.0f} s on {PROCESSES} processes",
        file=sys.stderr,
    )
    for line in markdown(table):
        print(line, file=sys.stderr)
    if (save := os.environ.get("MINISPLIT_ACCURACY_RESULTS")) is not None:
        with open(save, "wb") as handle:  # every estimate, for breakdowns beyond the table
            pickle.dump(results, handle)
    assert results
