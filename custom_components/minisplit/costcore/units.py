"""Unit conversions at the edges of the cost core; everything inside is SI (W, degC, K)."""

from __future__ import annotations

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

#: Btu per watt-hour (1 Btu = 1055.05585 J, the International Table Btu).
BTU_PER_WH = 3.412141633
#: Watts in one Btu/h.
W_PER_BTUH = 1.0 / BTU_PER_WH
#: kWh in one therm (100,000 Btu).
KWH_PER_THERM = 29.3071070
#: kWh in one MMBtu (1,000,000 Btu).
KWH_PER_MMBTU = 10.0 * KWH_PER_THERM
#: kWh of heat in one cubic metre of natural gas, for a gas price per m3: a typical higher
#: (gross) heating value, about 38 MJ/m3. Pipeline gas ranges from about 35 MJ/m3 (9.8 kWh/m3,
#: low-calorific Groningen gas) to 40 MJ/m3 (11.1 kWh/m3, high-calorific gas); the US EIA's
#: average heat content of gas delivered to consumers, 1,037 Btu per cubic foot, is 10.7 kWh/m3.
#: A bill that states its own calorific value (kWh per m3) is exact: the price per kWh it gives
#: can be entered instead.
KWH_PER_M3_NATURAL_GAS = 10.5
#: Kelvin at 0 degC.
ZERO_C_IN_K = 273.15


def f_to_c(temp_f: float) -> float:
    """Convert degrees Fahrenheit to degrees Celsius."""
    return (temp_f - 32.0) / 1.8


def c_to_f(temp_c: float) -> float:
    """Convert degrees Celsius to degrees Fahrenheit."""
    return temp_c * 1.8 + 32.0


def c_to_k(temp_c: float) -> float:
    """Convert degrees Celsius to kelvin."""
    return temp_c + ZERO_C_IN_K


def k_to_c(temp_k: float) -> float:
    """Convert kelvin to degrees Celsius."""
    return temp_k - ZERO_C_IN_K


def f_to_k(temp_f: float) -> float:
    """Convert degrees Fahrenheit to kelvin."""
    return c_to_k(f_to_c(temp_f))


def delta_f_to_k(delta_f: float) -> float:
    """Convert a temperature difference in degF to kelvin."""
    return delta_f / 1.8


def btuh_to_w(btuh: float) -> float:
    """Convert Btu/h to watts."""
    return btuh * W_PER_BTUH


def w_to_btuh(watts: float) -> float:
    """Convert watts to Btu/h."""
    return watts * BTU_PER_WH


def therm_to_kwh(therms: float) -> float:
    """Convert therms to kWh."""
    return therms * KWH_PER_THERM


def kwh_to_therm(kwh: float) -> float:
    """Convert kWh to therms."""
    return kwh / KWH_PER_THERM


def btu_per_wh_to_cop(btu_per_wh: float) -> float:
    """Convert an efficiency in Btu/Wh (EER, SEER, HSPF) to a dimensionless COP."""
    return btu_per_wh / BTU_PER_WH


def cop_to_btu_per_wh(cop: float) -> float:
    """Convert a COP to Btu/Wh."""
    return cop * BTU_PER_WH


def either_unit(
    value: float | None, other: float | None, convert: Callable[[float], float], both: str
) -> float | None:
    """A quantity that may be given in either of two units, in the unit of `value`.

    `value` when given, else `other` converted by `convert`, else None. A quantity is stated
    once: giving both is a ValueError with the message `both`.
    """
    if value is not None and other is not None:
        raise ValueError(both)
    if value is not None:
        return value
    return None if other is None else convert(other)
