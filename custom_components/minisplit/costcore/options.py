"""The running-cost options: one table of their keys, form fields, parsers and catalogue fields.

The options form, the parsed settings (cost.settings.CostSettings), the metric form
(form_units) and a catalogue unit's fill-in (catalog.CatalogUnit.options) all read their keys
here. Options keep US customary units (Btu/h, degF); the metric form shows some in kW and degC.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal


class UnitFill(StrEnum):
    """What picking a catalogue unit does to an option."""

    KEPT = "kept"  # the user's value stays (prices, compressor range)
    CLEARED = "cleared"  # removed: the unit has no value for it (HSPF2, SEER2)
    FILLED = "filled"  # the unit's attribute of the same name (catalog.CatalogUnit), if it has one


class OptionKind(StrEnum):
    """What an option holds, and so how the form asks for it and how it is read."""

    NUMBER = "number"  # a finite number; empty or missing is unset
    FLAG = "flag"  # yes or no; missing is no
    TEXT = "text"  # free text over several lines (the published points)
    SENSOR = "sensor"  # the entity id of a sensor


@dataclass(frozen=True, slots=True)
class NumberRange:
    """The numbers a form field accepts, and its step ("any": no step)."""

    step: float | Literal["any"]
    minimum: float
    maximum: float


@dataclass(frozen=True, slots=True, kw_only=True)
class CostOption:
    """One running-cost option."""

    key: str
    kind: OptionKind
    range: NumberRange | None = None
    # The metric form's field when it differs (kW for Btu/h, degC for degF), and its range.
    metric_key: str | None = None
    metric_range: NumberRange | None = None
    unit: UnitFill = UnitFill.KEPT

    def form_key(self, metric: bool) -> str:
        """The field of the form in the user's unit system."""
        return self.metric_key if metric and self.metric_key else self.key

    def form_range(self, metric: bool) -> NumberRange | None:
        """The numbers the form field accepts in the user's unit system."""
        return self.metric_range if metric and self.metric_range else self.range

    def number(self, options: Mapping[str, Any]) -> float | None:
        """The option as a finite number; None when unset; ValueError when not a finite number."""
        value = options.get(self.key)
        if value is None or value == "":
            return None
        number = float(value)
        if not math.isfinite(number):
            msg = f"{self.key} is not a finite number"
            raise ValueError(msg)
        return number

    def flag(self, options: Mapping[str, Any]) -> bool:
        """The option as yes or no (no when missing)."""
        return bool(options.get(self.key, False))

    def text(self, options: Mapping[str, Any]) -> str:
        """The option as text ('' when missing)."""
        return str(options.get(self.key, ""))


NUMBER, FLAG, TEXT, SENSOR = OptionKind.NUMBER, OptionKind.FLAG, OptionKind.TEXT, OptionKind.SENSOR
CLEARED, FILLED = UnitFill.CLEARED, UnitFill.FILLED


def _capacity(key: str, metric_key: str) -> CostOption:
    """A rated capacity: stored in Btu/h, shown in kW on the metric form, filled from the unit."""
    return CostOption(
        key=key,
        kind=NUMBER,
        range=NumberRange(100, 3000, 80000),
        metric_key=metric_key,
        metric_range=NumberRange(0.01, 0.8, 24),
        unit=FILLED,
    )


HSPF = CostOption(key="hspf", kind=NUMBER, range=NumberRange(0.1, 5, 20), unit=FILLED)
HSPF2 = CostOption(key="hspf2", kind=NUMBER, range=NumberRange(0.1, 5, 20), unit=CLEARED)
SEER = CostOption(key="seer", kind=NUMBER, range=NumberRange(0.1, 10, 45), unit=FILLED)
SEER2 = CostOption(key="seer2", kind=NUMBER, range=NumberRange(0.1, 10, 45), unit=CLEARED)
EER = CostOption(key="eer", kind=NUMBER, range=NumberRange(0.1, 5, 25), unit=FILLED)
DUCTED = CostOption(key="ducted", kind=FLAG, unit=FILLED)
HEATING_CAPACITY = _capacity("heating_capacity_btuh", "heating_capacity_kw")
COOLING_CAPACITY = _capacity("cooling_capacity_btuh", "cooling_capacity_kw")
MIN_COMPRESSOR_HZ = CostOption(key="min_compressor_hz", kind=NUMBER, range=NumberRange(1, 1, 200))
MAX_COMPRESSOR_HZ = CostOption(key="max_compressor_hz", kind=NUMBER, range=NumberRange(1, 1, 200))
PAN_HEATER_W = CostOption(
    key="pan_heater_w", kind=NUMBER, range=NumberRange(1, 0, 1000), unit=FILLED
)
PRICE_PER_KWH = CostOption(key="price_per_kwh", kind=NUMBER, range=NumberRange("any", 0, 10))
PRICE_ENTITY = CostOption(key="price_entity", kind=SENSOR)
GAS_PRICE_PER_THERM = CostOption(
    key="gas_price_per_therm", kind=NUMBER, range=NumberRange(0.01, 0, 100)
)
GAS_PRICE_PER_KWH = CostOption(
    key="gas_price_per_kwh", kind=NUMBER, range=NumberRange("any", 0, 10)
)
AFUE_PERCENT = CostOption(key="afue_percent", kind=NUMBER, range=NumberRange(1, 50, 100))
PUBLISHED_POINTS = CostOption(
    key="published_points", kind=TEXT, metric_key="published_points_metric", unit=FILLED
)


def point_words(line: str) -> list[str] | None:
    """The words of one line of published points, apart by spaces or commas.

    None for a blank line or a comment (`#`). A point has five: mode, outdoor temperature, speed,
    capacity, electrical input (`heat 47 min 8000 540`).
    """
    words = line.replace(",", " ").split()
    return None if not words or words[0].startswith("#") else words


# In the order the options form shows them.
COST_OPTIONS: tuple[CostOption, ...] = (
    HSPF,
    HSPF2,
    SEER,
    SEER2,
    EER,
    DUCTED,
    HEATING_CAPACITY,
    COOLING_CAPACITY,
    MIN_COMPRESSOR_HZ,
    MAX_COMPRESSOR_HZ,
    PAN_HEATER_W,
    PRICE_PER_KWH,
    PRICE_ENTITY,
    GAS_PRICE_PER_THERM,
    GAS_PRICE_PER_KWH,
    AFUE_PERCENT,
    PUBLISHED_POINTS,
)
