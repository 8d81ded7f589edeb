"""The time between two instants, right across a change of the clocks.

Instants reach the cost code as Home Assistant's local time (aware): their dates and hours are
the home's, and that is how days and hours are keyed. The time between two of them is taken in
UTC: Python subtracts two times of one zone by their wall clocks, which is an hour off across a
change of the clocks (a 2-minute sample across it would read as 62 minutes, or as -58).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def elapsed(start: datetime, end: datetime) -> timedelta:
    """How long from start to end (both aware, or both naive: then as their wall clocks)."""
    if start.tzinfo is None or end.tzinfo is None:
        return end - start
    return end.astimezone(UTC) - start.astimezone(UTC)
