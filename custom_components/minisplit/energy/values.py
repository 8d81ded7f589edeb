"""The value rules both energy ledgers share: what a head reports, and what they stored.

Pure Python. A reported value is a kWh figure only when it is a finite number from 0 to the
head's bound; anything else is a glitch of a named kind, which the caller logs once and never
counts. A stored value is read back only when it is what the ledger would have written.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

DAY_SECONDS = 86_400
HOUR_SECONDS = 3_600

# Kinds of rejected input that both ledgers report.
GLITCH_UNREADABLE = "unreadable value"
GLITCH_NOT_FINITE = "not a finite number"
GLITCH_NEGATIVE = "negative value"
GLITCH_TIME = "reading without a time"

Ranges = tuple[tuple[int, int], ...]


def checked_kwh(value: object, bound: float, glitches: set[str], too_large: str) -> float | None:
    """A reading's kWh, or None with the kind of glitch noted.

    Rejected: what is no number (booleans too), not finite, negative or above `bound`
    (`too_large` names that kind). A missing value (None) is each ledger's own matter.
    """
    if isinstance(value, bool):
        glitches.add(GLITCH_UNREADABLE)
        return None
    try:
        number = float(value)  # type: ignore[arg-type]  # any object: float() is the test
    except (TypeError, ValueError, OverflowError):
        glitches.add(GLITCH_UNREADABLE)
        return None
    if not math.isfinite(number):
        glitches.add(GLITCH_NOT_FINITE)
        return None
    if number < 0:
        glitches.add(GLITCH_NEGATIVE)
        return None
    if number > bound:
        glitches.add(too_large)
        return None
    return number


def checked_series(
    values: object,
    length: int,
    glitches: set[str],
    wrong_length: str,
    check: Callable[[object], float | None],
) -> tuple[float | None, ...] | None:
    """A series of `length` values, each passed through `check`; None when it is unusable.

    Unusable: not a sequence (a string is none), one that fails to iterate, or of another length;
    `wrong_length` is noted then.
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        glitches.add(wrong_length)
        return None
    try:
        items = list(values)
    except Exception:  # a broken sequence is a glitch, never fatal
        glitches.add(wrong_length)
        return None
    if len(items) != length:
        glitches.add(wrong_length)
        return None
    return tuple(check(value) for value in items)


def wall_seconds(moment: datetime) -> int:
    """Whole seconds of a wall-clock time (its own zone's), counted from 0001-01-01."""
    return (
        moment.toordinal() * DAY_SECONDS
        + moment.hour * HOUR_SECONDS
        + moment.minute * 60
        + moment.second
    )


def merged_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged, non-empty inclusive ranges."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(r for r in ranges if r[0] <= r[1]):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def stored_int(value: object) -> int:
    """A stored whole number, else TypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value


def stored_kwh(value: object) -> float:
    """A stored finite, non-negative number, else TypeError or ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("not a number")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError("not a finite, non-negative number")
    return number


def stored_total(data: object) -> float:
    """The stored `total_kwh` when it is a finite, non-negative number; else 0."""
    if not isinstance(data, Mapping):
        return 0.0
    try:
        return stored_kwh(data.get("total_kwh"))
    except (TypeError, ValueError, OverflowError):
        return 0.0
