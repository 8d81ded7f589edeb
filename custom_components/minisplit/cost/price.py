"""Prices per kWh: from a number or a price entity's state and unit, checked against a bound."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..costcore.options import PRICE_ENTITY, PRICE_PER_KWH
from .settings import CostSettings

# The dearest price believed, per kWh of electricity and per kWh of heat from gas, in currency
# units worth about a euro or a dollar (the dearest retail tariffs and spot peaks stay below 10):
# a price above it is a broken price sensor, not a tariff, and counts as no price. Electricity
# spot prices (Nordpool, Tibber, Octopus Agile, aWATTar) go below zero for hours: an electricity
# price down to minus the bound counts, so heating then earns money. Gas is never paid for.
MAX_PRICE_PER_KWH = 100.0
MAX_GAS_HEAT_PRICE_PER_KWH = 100.0
# Currencies of 10 or more units to the euro: their bound is multiplied by their units per euro
# rounded up to a power of ten (coarse on purpose: the bound only has to catch nonsense).
CURRENCY_PRICE_SCALE: dict[str, float] = {
    **dict.fromkeys(
        ("CZK", "DOP", "EGP", "INR", "MDL", "MKD", "MUR", "MXN", "NOK", "PHP", "RUB", "SEK"), 1e2
    ),
    **dict.fromkeys(("THB", "TRY", "TWD", "UAH", "UYU", "ZAR"), 1e2),
    **dict.fromkeys(
        ("AMD", "BDT", "DZD", "HUF", "ISK", "JMD", "JPY", "KES", "KZT", "LKR", "NPR", "PKR"), 1e3
    ),
    "RSD": 1e3,
    **dict.fromkeys(
        ("ARS", "CLP", "COP", "GNF", "KHR", "KRW", "MMK", "MNT", "NGN", "PYG", "TZS", "UGX"), 1e4
    ),
    **dict.fromkeys(("IDR", "LAK", "LBP", "SLL", "UZS", "VND"), 1e5),
    "IRR": 1e6,
}


class PriceProblem(StrEnum):
    """Why there is no usable price for an interval."""

    UNAVAILABLE = "unavailable"  # no price entity state, or unavailable/unknown
    NOT_A_NUMBER = "not_a_number"  # not a number, NaN or infinite
    NEGATIVE = "negative"  # a gas price below 0 (electricity prices can be negative)
    TOO_HIGH = "too_high"  # above the bound: a broken sensor, not a tariff
    TOO_LOW = "too_low"  # below minus the bound: a broken sensor too
    UNKNOWN_UNIT = "unknown_unit"  # not per unit of energy


@dataclass(frozen=True, slots=True)
class Price:
    """A price per kWh that can be used, or the reason there is none."""

    per_kwh: float | None
    problem: PriceProblem | None = None


# kWh in one unit of energy a price can be quoted per (Home Assistant's energy units).
KWH_PER_ENERGY_UNIT: dict[str, float] = {
    "j": 1 / 3.6e6,
    "kj": 1 / 3600.0,
    "mj": 1 / 3.6,
    "gj": 1000 / 3.6,
    "wh": 1e-3,
    "kwh": 1.0,
    "mwh": 1e3,  # megawatt-hours: nobody prices per milliwatt-hour
    "gwh": 1e6,
    "twh": 1e9,
    "cal": 4.184 / 3.6e6,
    "kcal": 4.184 / 3600.0,
    "mcal": 4.184 / 3.6,
    "gcal": 4184 / 3.6,
}
# Prices quoted in the hundredth of the currency (ct/kWh, c/kWh, p/kWh, öre/kWh).
SUBUNITS = frozenset({"c", "ct", "cent", "cents", "¢", "p", "öre", "øre", "ore", "rp"})


def price_bound(currency: str | None, gas: bool = False) -> float:
    """The dearest believable price per kWh (of electricity, or of heat from gas) in a currency."""
    bound = MAX_GAS_HEAT_PRICE_PER_KWH if gas else MAX_PRICE_PER_KWH
    return bound * CURRENCY_PRICE_SCALE.get((currency or "").upper(), 1.0)


def checked_price(value: object, bound: float, *, gas: bool = False) -> Price:
    """The price if it is a finite number within the bound, else why not.

    An electricity price counts from -bound to bound (spot tariffs go negative); a gas price
    from 0 to bound.
    """
    if value is None:
        return Price(None, PriceProblem.UNAVAILABLE)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Price(None, PriceProblem.NOT_A_NUMBER)
    price = float(value)
    if not math.isfinite(price):
        return Price(None, PriceProblem.NOT_A_NUMBER)
    if gas and price < 0.0:
        return Price(None, PriceProblem.NEGATIVE)
    if price > bound:
        return Price(None, PriceProblem.TOO_HIGH)
    if price < -bound:
        return Price(None, PriceProblem.TOO_LOW)
    return Price(price)


def price_from_state(state: str | None, unit: str | None, bound: float) -> Price:
    """A price entity's state in its unit, as a price per kWh.

    No unit, or a currency alone, is taken as per kWh; a price per other energy unit (Wh, MWh,
    MJ...) is converted, and one in cents (ct/kWh, c/kWh, p/kWh) too. Per anything else (m³,
    therm, hour) it is no price.
    """
    if state is None or state in ("unavailable", "unknown", ""):
        return Price(None, PriceProblem.UNAVAILABLE)
    try:
        value = float(state)
    except ValueError:
        return Price(None, PriceProblem.NOT_A_NUMBER)
    if not math.isfinite(value):
        return Price(None, PriceProblem.NOT_A_NUMBER)
    money, slash, per = (unit or "").strip().partition("/")
    factor = 0.01 if money.strip().casefold() in SUBUNITS else 1.0
    if slash:
        kwh = KWH_PER_ENERGY_UNIT.get(per.strip().casefold())
        if kwh is None:
            return Price(None, PriceProblem.UNKNOWN_UNIT)
        factor /= kwh
    return checked_price(value * factor, bound)


# What the log says of a price with each problem (`%s`: the bound).
_PROBLEM_TEXT = {
    PriceProblem.UNAVAILABLE: "is unavailable",
    PriceProblem.NOT_A_NUMBER: "is not a number",
    PriceProblem.NEGATIVE: "is negative, which no gas tariff is",
    PriceProblem.TOO_HIGH: "is above %s per kWh, which no tariff is",
    PriceProblem.TOO_LOW: "is below -%s per kWh, which no tariff is",
    PriceProblem.UNKNOWN_UNIT: "is not per unit of energy (kWh, MWh, Wh...)",
}


def problem_text(source: str, problem: PriceProblem, bound: float) -> str:
    """What the log says of a price that cannot be used (`source`: what it came from)."""
    text = _PROBLEM_TEXT[problem].replace("%s", f"{bound:g}")
    return f"the {source} {text}; nothing is charged meanwhile"


def price_configured(options: Mapping[str, Any]) -> bool:
    """Whether the options give an electricity price at all: a number or a price entity."""
    return options.get(PRICE_PER_KWH.key) is not None or bool(options.get(PRICE_ENTITY.key))


def price_entity(options: Mapping[str, Any]) -> str | None:
    """The entity the options take the electricity price from, if any."""
    return options.get(PRICE_ENTITY.key) or None


def electricity_price(
    options: Mapping[str, Any],
    state_of: Callable[[str], tuple[str, str | None] | None],
    bound: float,
) -> tuple[Price, str] | None:
    """The electricity price the options name now, and what it came from (for the log).

    The price entity's state and unit (`state_of`: None when it has no state), else the fixed
    price; None when the options give neither.
    """
    if entity := price_entity(options):
        if (state := state_of(entity)) is None:
            return Price(None, PriceProblem.UNAVAILABLE), f"electricity price from {entity}"
        value, unit = state
        source = f"electricity price from {entity} ({value!r} {unit or ''})".replace(" )", ")")
        return price_from_state(value, unit, bound), source
    if (fixed := options.get(PRICE_PER_KWH.key)) is not None:
        return checked_price(fixed, bound), f"fixed electricity price {fixed!r}"
    return None


def gas_price(settings: CostSettings, bound: float) -> tuple[Price, str] | None:
    """The gas price per kWh of heat the options give, and what it came from (for the log).

    None when the options give no gas price; one they give that cannot be computed (a zero
    efficiency) is not a number.
    """
    try:
        value = settings.gas_heat_price_per_kwh
    except (ArithmeticError, ValueError):
        value = float("nan")
    if value is None:
        return None
    return checked_price(value, bound, gas=True), f"gas price per kWh of heat {value!r}"
