"""What the running cost keeps across restarts: its totals, calibration and what it learned.

Each part, and each number in it, is restored on its own: an unreadable value starts again from
its default and never takes the others with it. What could not be read is said for the log, with
how much it matters: lost totals are a warning, a calibration that starts again is news.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .calibration import Calibration
from .duty import DutyScale
from .frequency import FrequencyRange
from .meter import CostMeter
from .signature import Signature


@dataclass(frozen=True, slots=True)
class Unrestored:
    """A part of the stored state that could not be read back; it starts again.

    The log says "Could not restore {what} of {the entry}{then}".
    """

    level: int  # a logging level
    what: str
    then: str


def stored_cost(
    meter: CostMeter,
    calibration: Calibration,
    frequency: FrequencyRange | None = None,
    signature: Signature | None = None,
    duty: DutyScale | None = None,
) -> dict[str, Any]:
    """The totals, the calibration and what was learned of the unit, for storage."""
    stored = {"meter": meter.as_dict(), "calibration": calibration.as_dict()}
    if frequency is not None:
        stored["frequency"] = frequency.as_dict()
    if signature is not None:
        stored["signature"] = signature.as_dict()
    if duty is not None:
        stored["duty"] = duty.as_dict()
    return stored


def restore_learned(data: object) -> tuple[FrequencyRange, Signature, DutyScale]:
    """The learned frequency range, energy signature and cycles' load scale.

    Each is learned again where unreadable.
    """
    stored: Mapping[Any, Any] = data if isinstance(data, Mapping) else {}
    return (
        FrequencyRange.restore(stored.get("frequency")),
        Signature.restore(stored.get("signature")),
        DutyScale.restore(stored.get("duty")),
    )


def restore_cost(data: object) -> tuple[CostMeter, Calibration, list[Unrestored]]:
    """The totals and the calibration from storage, and what of them could not be read."""
    stored: Mapping[Any, Any] = data if isinstance(data, Mapping) else {}
    meter, dropped = CostMeter.restore(stored.get("meter"))
    calibration, unreadable = Calibration.restore(stored.get("calibration"))
    unrestored: list[Unrestored] = []
    if dropped:
        values = ", ".join(f"{name}={value!r}" for name, value in dropped.items())
        unrestored.append(
            Unrestored(
                logging.WARNING,
                f"the cost totals {', '.join(dropped)}",
                f" (stored: {values}); they start from 0",
            )
        )
    if unreadable:
        unrestored.append(
            Unrestored(
                logging.INFO, f"the calibration's {', '.join(unreadable)}", "; those start again"
            )
        )
    return meter, calibration, unrestored
