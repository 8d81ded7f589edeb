"""Money: running cost, cost per delivered heat, and the comparison with gas and baseboard heat.

Prices are per kWh of electricity and per therm (or per kWh) of gas. A furnace delivers AFUE of the
gas energy as heat; baseboard resistance heat is COP 1.
Heat pump $/MMBtu delivered = p_el x 293.071 / COP; gas $/MMBtu = p_therm x 10 / AFUE;
break-even COP = p_el x 29.3071 x AFUE / p_therm (heat-pump-performance.md).
"""

from __future__ import annotations

from .performance import Mode
from .record import Record
from .units import KWH_PER_MMBTU, KWH_PER_THERM, either_unit

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .heatpump import HeatPump


def _positive(value: float, name: str) -> None:
    if not value > 0.0:
        msg = f"{name} must be positive"
        raise ValueError(msg)


def running_cost_per_hour(input_w: float, price_per_kwh: float) -> float:
    """Cost per hour of drawing input_w at this electricity price."""
    return input_w / 1000.0 * price_per_kwh


def cost_per_kwh_heat(cop: float, price_per_kwh: float) -> float:
    """Cost of one kWh of heat (or cooling) delivered at this COP."""
    _positive(cop, "COP")
    return price_per_kwh / cop


def cost_per_mmbtu(cop: float, price_per_kwh: float) -> float:
    """Cost of one MMBtu delivered at this COP: p_el x 293.071 / COP."""
    return cost_per_kwh_heat(cop, price_per_kwh) * KWH_PER_MMBTU


def baseboard_cost_per_mmbtu(price_per_kwh: float) -> float:
    """Cost of one MMBtu of baseboard resistance heat (COP 1)."""
    return cost_per_mmbtu(1.0, price_per_kwh)


def gas_fuel_price_per_kwh(
    *, gas_price_per_therm: float | None = None, gas_price_per_kwh: float | None = None
) -> float:
    """Gas price per kWh of fuel, from a price per therm or per kWh (exactly one)."""
    msg = "give the gas price per therm or per kWh (exactly one)"
    price = either_unit(
        gas_price_per_kwh, gas_price_per_therm, lambda per_therm: per_therm / KWH_PER_THERM, msg
    )
    if price is None:
        raise ValueError(msg)
    return price


def gas_cost_per_kwh_heat(
    afue: float, *, gas_price_per_therm: float | None = None, gas_price_per_kwh: float | None = None
) -> float:
    """Cost of one kWh of heat from a gas furnace of this AFUE (0-1)."""
    _positive(afue, "AFUE")
    price = gas_fuel_price_per_kwh(
        gas_price_per_therm=gas_price_per_therm, gas_price_per_kwh=gas_price_per_kwh
    )
    return price / afue


def gas_cost_per_mmbtu(
    afue: float, *, gas_price_per_therm: float | None = None, gas_price_per_kwh: float | None = None
) -> float:
    """Cost of one MMBtu of heat from a gas furnace: p_therm x 10 / AFUE."""
    return (
        gas_cost_per_kwh_heat(
            afue, gas_price_per_therm=gas_price_per_therm, gas_price_per_kwh=gas_price_per_kwh
        )
        * KWH_PER_MMBTU
    )


def break_even_cop(
    price_per_kwh: float,
    afue: float,
    *,
    gas_price_per_therm: float | None = None,
    gas_price_per_kwh: float | None = None,
) -> float:
    """COP above which the heat pump is cheaper than the furnace: p_el x AFUE / p_gas per kWh."""
    _positive(afue, "AFUE")
    price = gas_fuel_price_per_kwh(
        gas_price_per_therm=gas_price_per_therm, gas_price_per_kwh=gas_price_per_kwh
    )
    _positive(price, "gas price")
    return price_per_kwh * afue / price


class FuelComparison(Record):
    """The heat pump at one COP against baseboard heat and a gas furnace."""

    _fields = (
        "cop",
        "price_per_kwh",
        "afue",
        "heat_pump_per_mmbtu",
        "heat_pump_per_kwh_heat",
        "baseboard_per_mmbtu",
        "gas_per_mmbtu",
        "gas_per_kwh_heat",
        "break_even_cop",
        "delivered_w",
        "heat_pump_per_hour",
        "gas_per_hour",
    )
    __slots__ = _fields
    cop: float
    price_per_kwh: float
    afue: float
    heat_pump_per_mmbtu: float
    heat_pump_per_kwh_heat: float
    baseboard_per_mmbtu: float
    gas_per_mmbtu: float
    gas_per_kwh_heat: float
    break_even_cop: float
    delivered_w: float | None
    heat_pump_per_hour: float | None
    gas_per_hour: float | None

    def __init__(
        self,
        cop: float,
        price_per_kwh: float,
        afue: float,
        heat_pump_per_mmbtu: float,
        heat_pump_per_kwh_heat: float,
        baseboard_per_mmbtu: float,
        gas_per_mmbtu: float,
        gas_per_kwh_heat: float,
        break_even_cop: float,
        delivered_w: float | None = None,
        heat_pump_per_hour: float | None = None,
        gas_per_hour: float | None = None,
    ) -> None:
        """Set the fields."""
        self._assign(
            cop,
            price_per_kwh,
            afue,
            heat_pump_per_mmbtu,
            heat_pump_per_kwh_heat,
            baseboard_per_mmbtu,
            gas_per_mmbtu,
            gas_per_kwh_heat,
            break_even_cop,
            delivered_w,
            heat_pump_per_hour,
            gas_per_hour,
        )

    @property
    def heat_pump_cheaper(self) -> bool:
        """True when the heat pump's heat costs less than the furnace's."""
        return self.cop > self.break_even_cop

    @property
    def savings_per_mmbtu(self) -> float:
        """What the heat pump saves per MMBtu against gas (negative when dearer)."""
        return self.gas_per_mmbtu - self.heat_pump_per_mmbtu


def compare_fuels(
    cop: float,
    price_per_kwh: float,
    afue: float,
    *,
    gas_price_per_therm: float | None = None,
    gas_price_per_kwh: float | None = None,
    delivered_w: float | None = None,
) -> FuelComparison:
    """Compare heat from the heat pump at this COP with baseboard and a gas furnace."""
    gas_kwh = gas_cost_per_kwh_heat(
        afue, gas_price_per_therm=gas_price_per_therm, gas_price_per_kwh=gas_price_per_kwh
    )
    hp_kwh = cost_per_kwh_heat(cop, price_per_kwh)
    per_hour = None if delivered_w is None else delivered_w / 1000.0
    return FuelComparison(
        cop=cop,
        price_per_kwh=price_per_kwh,
        afue=afue,
        heat_pump_per_mmbtu=hp_kwh * KWH_PER_MMBTU,
        heat_pump_per_kwh_heat=hp_kwh,
        baseboard_per_mmbtu=baseboard_cost_per_mmbtu(price_per_kwh),
        gas_per_mmbtu=gas_kwh * KWH_PER_MMBTU,
        gas_per_kwh_heat=gas_kwh,
        break_even_cop=break_even_cop(
            price_per_kwh,
            afue,
            gas_price_per_therm=gas_price_per_therm,
            gas_price_per_kwh=gas_price_per_kwh,
        ),
        delivered_w=delivered_w,
        heat_pump_per_hour=None if per_hour is None else per_hour * hp_kwh,
        gas_per_hour=None if per_hour is None else per_hour * gas_kwh,
    )


def break_even_outdoor_c(
    heat_pump: HeatPump,
    indoor_c: float,
    delivered_w: float,
    price_per_kwh: float,
    afue: float,
    *,
    gas_price_per_therm: float | None = None,
    gas_price_per_kwh: float | None = None,
    low_c: float = -30.0,
    high_c: float = 20.0,
) -> float | None:
    """Outdoor temperature below which the heat pump, at this load, costs more than gas.

    Returns None when there is no crossing between low_c and high_c: the heat pump is then cheaper
    (or dearer) over the whole range; compare_fuels at one end tells which.
    """
    target = break_even_cop(
        price_per_kwh,
        afue,
        gas_price_per_therm=gas_price_per_therm,
        gas_price_per_kwh=gas_price_per_kwh,
    )

    def margin(outdoor_c: float) -> float:
        return heat_pump.estimate(Mode.HEAT, outdoor_c, indoor_c, delivered_w).cop - target

    lo, hi = low_c, high_c
    m_lo, m_hi = margin(lo), margin(hi)
    if (m_lo > 0.0) == (m_hi > 0.0):
        return None
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        m_mid = margin(mid)
        if (m_mid > 0.0) == (m_lo > 0.0):
            lo, m_lo = mid, m_mid
        else:
            hi = mid
        if hi - lo < 0.01:
            break
    return 0.5 * (lo + hi)
