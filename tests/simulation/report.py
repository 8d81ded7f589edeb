"""The grid's statistics: weekly error by signal set and week type, as a markdown table.

Weekly error = (estimated kWh - true kWh) / true kWh over the scored week. For each row: how
many weeks, the median error, the median and 90th percentile of the absolute error, the range,
and the share of weeks within +-STATED_RANGE (what a stated "within about 35 %" would cover).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .grid import Result, Signals

STATED_RANGE = 0.35
WEEKS = ("cold", "mild", "hot")


@dataclass(frozen=True, slots=True)
class Row:
    """The statistics of one signal set in one week type."""

    signals: str
    week: str
    n: int
    median: float | None = None
    median_abs: float | None = None
    p80_abs: float | None = None  # what a stated range covering 80 % of weeks must be
    p90_abs: float | None = None
    low: float | None = None
    high: float | None = None
    within: float | None = None

    @classmethod
    def of(cls, signals: str, week: str, errors: Sequence[float | None]) -> Row:
        """The statistics of these errors (None: no estimate yet)."""
        known = [error for error in errors if error is not None]
        if not known:
            return cls(signals, week, len(errors))
        absolute = sorted(abs(error) for error in known)
        deciles = (
            statistics.quantiles(absolute, n=10, method="inclusive")
            if len(known) > 1
            else [absolute[0]] * 9
        )
        return cls(
            signals,
            week,
            len(known),
            statistics.median(known),
            statistics.median(absolute),
            deciles[7],
            deciles[8],
            min(known),
            max(known),
            sum(1 for error in known if abs(error) <= STATED_RANGE) / len(known),
        )

    def cells(self) -> list[str]:
        """The row's table cells."""
        if self.median is None:
            return [self.signals, self.week, str(self.n), "pending", "", "", "", "", ""]

        def pct(value: float | None) -> str:
            if value is None:
                return ""
            return "0 %" if round(value * 100) == 0 else f"{value * 100:+.0f} %"

        def plain(value: float | None) -> str:
            return "" if value is None else f"{value * 100:.0f} %"

        return [
            self.signals,
            self.week,
            str(self.n),
            pct(self.median),
            plain(self.median_abs),
            plain(self.p80_abs),
            plain(self.p90_abs),
            f"{pct(self.low)} .. {pct(self.high)}",
            plain(self.within),
        ]


def _label(result: Result) -> str:
    if result.signals == Signals.NONE.value:
        return f"{result.signals} (hvac_action {result.style})"
    return result.signals


def rows(results: Iterable[Result]) -> list[Row]:
    """One row per signal set (the companion without sensors once per style) and week type."""
    errors: dict[tuple[str, str], list[float | None]] = {}
    for result in results:
        errors.setdefault((_label(result), result.week), []).append(result.error)
        if result.signals == Signals.NONE.value:
            errors.setdefault((f"{result.signals} (all styles)", result.week), []).append(
                result.error
            )
    order = [f"{Signals.NONE.value} (all styles)"]
    order += [
        f"{Signals.NONE.value} (hvac_action {style})" for style in ("compressor", "absent", "mode")
    ]
    order += [signals.value for signals in Signals if signals is not Signals.NONE]
    return [
        Row.of(label, week, errors[label, week])
        for label in order
        for week in WEEKS
        if (label, week) in errors
    ]


HEADER = [
    "signals",
    "week",
    "n",
    "median",
    "median abs",
    "p80 abs",
    "p90 abs",
    "range",
    "within 35 %",
]


def markdown(table: Sequence[Row]) -> list[str]:
    """The table's lines."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in table]
    return lines


def bench_line(row: Row) -> str:
    """A `BENCH accuracy ...` line of one row."""
    cells = row.cells()
    return (
        f"accuracy {cells[0]} / {cells[1]} week: n={cells[2]} median={cells[3]} "
        f"median_abs={cells[4]} p80_abs={cells[5]} p90_abs={cells[6]} range={cells[7]} "
        f"within35={cells[8]}"
    )
