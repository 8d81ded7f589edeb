"""The ratings form in the user's unit system; the options keep Btu/h and degF either way.

Metric users see capacities in kW and published points as `heat 8.3 min 2.34 540` (degC, kW,
W). A value the user left as shown goes back to the stored value unchanged, so opening and
saving the form never drifts by rounding; an edited value is converted.

The gas price is one field with a unit beside it, in the units of the user's system: per kWh or
per m3 for metric users, per therm or per kWh for US customary ones. It is stored per therm or
per kWh (a price per m3 as per kWh, with the unit it was given in, to show it back).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from .options import (
    COST_OPTIONS,
    GAS_PRICE_PER_KWH,
    GAS_PRICE_PER_THERM,
    PUBLISHED_POINTS,
    OptionKind,
    point_words,
)
from .units import BTU_PER_WH, KWH_PER_M3_NATURAL_GAS, c_to_f, f_to_c

# Stored (canonical) option -> the metric form's field (capacities in kW).
METRIC_CAPACITIES = {
    option.key: option.form_key(metric=True)
    for option in COST_OPTIONS
    if option.kind is OptionKind.NUMBER and option.metric_key
}
POINTS = PUBLISHED_POINTS.key
METRIC_POINTS = PUBLISHED_POINTS.form_key(metric=True)
_KW_DIGITS = 2
_C_DIGITS = 1


def _text(value: float, digits: int) -> str:
    """A number with at most `digits` decimals, without trailing zeros (`8.3`, `540`)."""
    text = f"{round(value, digits) + 0.0:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def btuh_to_kw(btuh: float) -> float:
    """Btu/h as the metric form shows it: kW to 10 W."""
    return round(btuh / BTU_PER_WH / 1000.0, _KW_DIGITS)


def kw_to_btuh(kilowatts: float) -> float:
    """Kilowatts typed into the metric form, as stored: whole Btu/h."""
    return float(round(kilowatts * 1000.0 * BTU_PER_WH))


def _metric_line(line: str) -> str:
    """`heat 47 min 8000 540` as `heat 8.3 min 2.34 540`; a line it cannot read stays as it is."""
    words = point_words(line)
    if words is None or len(words) != 5:
        return line
    mode, outdoor_f, speed, capacity_btuh, input_w = words
    try:
        t_c = _text(f_to_c(float(outdoor_f)), _C_DIGITS)
        kw = _text(btuh_to_kw(float(capacity_btuh)), _KW_DIGITS)
    except ValueError:
        return line
    return f"{mode} {t_c} {speed} {kw} {input_w}"


def metric_points(text: str) -> str:
    """Published points (degF, Btu/h) as the metric form shows them (degC, kW)."""
    return "\n".join(_metric_line(line) for line in text.splitlines())


def points_from_metric(text: str, shown_from: str = "") -> str:
    """Metric points back in the stored format; lines left as shown give back `shown_from`'s."""
    unchanged = {
        _metric_line(line).strip(): line.strip() for line in shown_from.splitlines() if line.strip()
    }
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if (words := point_words(line)) is None:
            lines.append(line)
            continue
        if line.strip() in unchanged:
            lines.append(unchanged[line.strip()])
            continue
        if len(words) != 5:
            msg = f"line {number}: expected 'mode outdoor_c speed capacity_kw input_w'"
            raise ValueError(msg)
        mode, outdoor_c, speed, capacity_kw, input_w = words
        try:
            t_c, kw = float(outdoor_c), float(capacity_kw)
        except ValueError as err:
            msg = f"line {number}: {err}"
            raise ValueError(msg) from err
        if not (math.isfinite(t_c) and math.isfinite(kw)):
            msg = f"line {number}: temperature and capacity must be numbers"
            raise ValueError(msg)
        lines.append(f"{mode} {_text(c_to_f(t_c), 1)} {speed} {_text(kw_to_btuh(kw), 0)} {input_w}")
    return "\n".join(lines)


def to_form(options: Mapping[str, Any], metric: bool) -> dict[str, Any]:
    """Stored options as the form shows them."""
    shown = dict(options)
    if not metric:
        return shown
    for stored, field in METRIC_CAPACITIES.items():
        value = shown.pop(stored, None)
        if isinstance(value, (int, float)) and math.isfinite(value):
            shown[field] = btuh_to_kw(value)
    if isinstance(points := shown.pop(POINTS, None), str):
        shown[METRIC_POINTS] = metric_points(points)
    return shown


def from_form(
    form: Mapping[str, Any], shown_from: Mapping[str, Any], metric: bool
) -> dict[str, Any]:
    """What the user sent, as options; `shown_from`: the stored values the form was filled from.

    Raises ValueError (with the line) for published points that cannot be read.
    """
    options = dict(form)
    if not metric:
        return options
    for stored, field in METRIC_CAPACITIES.items():
        value = options.pop(field, None)
        if value is None or value == "":
            continue
        before = shown_from.get(stored)
        unchanged = isinstance(before, (int, float)) and btuh_to_kw(before) == value
        options[stored] = before if unchanged else kw_to_btuh(float(value))
    if (points := options.pop(METRIC_POINTS, None)) is not None:
        options[POINTS] = points_from_metric(str(points), str(shown_from.get(POINTS) or ""))
    return options


# The form's gas price and its unit; the unit is also stored beside a price given per m3.
GAS_PRICE = "gas_price"
GAS_PRICE_UNIT = "gas_price_unit"
_GAS_DIGITS = 6


class GasUnit(StrEnum):
    """What a gas price is quoted per."""

    KWH = "kwh"
    M3 = "m3"
    THERM = "therm"


# Countries whose gas utilities bill per cubic metre (Italy: per standard m3, Smc); elsewhere
# metric tariffs quote gas per kWh.
M3_COUNTRIES = frozenset({"CA", "IT", "NL"})


def _given(value: Any) -> bool:
    return value is not None and value != ""


def stored_gas_unit(options: Mapping[str, Any]) -> GasUnit | None:
    """The unit the stored gas price was given in; None without a gas price."""
    if _given(options.get(GAS_PRICE_PER_THERM.key)):
        return GasUnit.THERM
    if _given(options.get(GAS_PRICE_PER_KWH.key)):
        return GasUnit.M3 if options.get(GAS_PRICE_UNIT) == GasUnit.M3 else GasUnit.KWH
    return None


def default_gas_unit(metric: bool, country: str | None) -> GasUnit:
    """The unit a new gas price is asked in: per therm (US customary), per m3 or per kWh."""
    if not metric:
        return GasUnit.THERM
    return GasUnit.M3 if country in M3_COUNTRIES else GasUnit.KWH


def gas_units(metric: bool, stored: GasUnit | None) -> list[GasUnit]:
    """The units offered: the user's system's, and the stored price's unit if another."""
    units = [GasUnit.KWH, GasUnit.M3] if metric else [GasUnit.THERM, GasUnit.KWH]
    if stored is not None and stored not in units:
        units.append(stored)
    return units


def gas_to_form(options: Mapping[str, Any], default: GasUnit) -> dict[str, Any]:
    """The stored gas price as the form shows it: a price and its unit (`default` without one)."""
    unit = stored_gas_unit(options)
    if unit is None:
        return {GAS_PRICE_UNIT: default.value}
    if unit is GasUnit.THERM:
        price = float(options[GAS_PRICE_PER_THERM.key])
    else:
        price = float(options[GAS_PRICE_PER_KWH.key])
        if unit is GasUnit.M3:
            price = round(price * KWH_PER_M3_NATURAL_GAS, _GAS_DIGITS)
    return {GAS_PRICE: price, GAS_PRICE_UNIT: unit.value}


def gas_from_form(form: Mapping[str, Any], shown_from: Mapping[str, Any]) -> dict[str, Any]:
    """The form's gas price as options (none when empty); a price left as shown stays as stored."""
    price = form.get(GAS_PRICE)
    if price is None or price == "":
        return {}
    unit = GasUnit(form.get(GAS_PRICE_UNIT) or GasUnit.KWH)
    if unit is GasUnit.THERM:
        return {GAS_PRICE_PER_THERM.key: price}
    if unit is GasUnit.KWH:
        return {GAS_PRICE_PER_KWH.key: price}
    shown = gas_to_form(shown_from, unit)
    unchanged = shown.get(GAS_PRICE_UNIT) == unit and shown.get(GAS_PRICE) == price
    per_kwh = (
        shown_from[GAS_PRICE_PER_KWH.key] if unchanged else float(price) / KWH_PER_M3_NATURAL_GAS
    )
    return {GAS_PRICE_PER_KWH.key: per_kwh, GAS_PRICE_UNIT: unit.value}
