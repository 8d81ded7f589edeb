"""A source entity's state as a plain number: finite, and in the unit the estimate reads.

The conversions between units of one kind (degF to degC, kW to W) are Home Assistant's own
(`states.py`); what needs none of it is here.
"""

from __future__ import annotations

import math


def finite_number(value: object) -> float | None:
    """A finite float from a state or an attribute (a number or its text), or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]  # any object: float() is the test
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def compressor_hz(value: object, unit: str | None) -> float | None:
    """A compressor frequency in Hz from a state in Hz or without a unit; None below 0."""
    if unit not in (None, "Hz"):
        return None
    number = finite_number(value)
    return number if number is not None and number >= 0 else None
