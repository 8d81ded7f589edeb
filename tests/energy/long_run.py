"""The long form of the ledgers' property tests: seeded sequences over every core."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor


def failures_over_cores(seeds: Callable[[int, int], list[str]], examples: int) -> list[str]:
    """Run `seeds(first, count)` (a module-level function: it goes to other processes) over
    `examples` seeds split between the cores; the failures it reports, as text.
    """
    workers = os.cpu_count() or 1
    share = -(-examples // workers)
    with ProcessPoolExecutor(workers) as pool:
        results = pool.map(seeds, range(0, examples, share), [share] * workers)
        return [failure for result in results for failure in result]
