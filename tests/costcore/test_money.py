"""Money formulas against the worked numbers of heat-pump-performance.md."""

from __future__ import annotations

import pytest

from custom_components.minisplit.costcore import (
    HeatPump,
    Mode,
    baseboard_cost_per_mmbtu,
    break_even_cop,
    break_even_outdoor_c,
    compare_fuels,
    cost_per_kwh_heat,
    cost_per_mmbtu,
    f_to_c,
    gas_cost_per_kwh_heat,
    gas_cost_per_mmbtu,
    running_cost_per_hour,
)


def test_break_even_cop_worked_numbers() -> None:
    assert break_even_cop(0.17, 0.80, gas_price_per_therm=1.50) == pytest.approx(2.66, abs=0.005)
    assert break_even_cop(0.17, 0.95, gas_price_per_therm=1.50) == pytest.approx(3.16, abs=0.005)
    per_kwh = 1.50 / 29.3071
    assert break_even_cop(0.17, 0.80, gas_price_per_kwh=per_kwh) == pytest.approx(2.657, abs=1e-3)


def test_baseboard_and_per_mmbtu() -> None:
    assert baseboard_cost_per_mmbtu(0.17) == pytest.approx(49.82, abs=0.005)
    assert cost_per_mmbtu(3.0, 0.17) == pytest.approx(0.17 * 293.071 / 3.0)
    assert cost_per_kwh_heat(4.0, 0.20) == pytest.approx(0.05)
    assert gas_cost_per_mmbtu(0.80, gas_price_per_therm=1.50) == pytest.approx(18.75)
    assert gas_cost_per_kwh_heat(0.80, gas_price_per_therm=1.50) == pytest.approx(
        1.50 / 29.3071 / 0.80
    )
    assert running_cost_per_hour(1500.0, 0.20) == pytest.approx(0.30)


def test_price_validation() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        break_even_cop(0.17, 0.8)
    with pytest.raises(ValueError, match="exactly one"):
        gas_cost_per_mmbtu(0.8, gas_price_per_therm=1.0, gas_price_per_kwh=0.05)
    with pytest.raises(ValueError, match="AFUE"):
        break_even_cop(0.17, 0.0, gas_price_per_therm=1.5)
    with pytest.raises(ValueError, match="gas price"):
        break_even_cop(0.17, 0.8, gas_price_per_therm=0.0)
    with pytest.raises(ValueError, match="COP"):
        cost_per_kwh_heat(0.0, 0.17)


def test_compare_fuels() -> None:
    cheap = compare_fuels(3.0, 0.17, 0.80, gas_price_per_therm=1.50, delivered_w=4000.0)
    assert cheap.heat_pump_cheaper
    assert cheap.break_even_cop == pytest.approx(2.657, abs=1e-3)
    assert cheap.baseboard_per_mmbtu == pytest.approx(49.82, abs=0.005)
    assert cheap.savings_per_mmbtu == pytest.approx(18.75 - 0.17 * 293.071 / 3.0, abs=1e-4)
    assert cheap.heat_pump_per_hour == pytest.approx(4.0 * 0.17 / 3.0)
    assert cheap.gas_per_hour == pytest.approx(4.0 * 1.50 / 29.3071 / 0.80)
    dear = compare_fuels(2.0, 0.17, 0.80, gas_price_per_therm=1.50)
    assert not dear.heat_pump_cheaper
    assert dear.savings_per_mmbtu < 0.0
    assert dear.heat_pump_per_hour is None


def test_break_even_outdoor_temperature_depends_on_load(ductless: HeatPump) -> None:
    indoor = f_to_c(70.0)
    prices = {"gas_price_per_therm": 1.50}
    light = break_even_outdoor_c(ductless, indoor, 1500.0, 0.17, 0.80, **prices)
    heavy = break_even_outdoor_c(ductless, indoor, 5500.0, 0.17, 0.80, **prices)
    assert light is not None
    assert heavy is not None
    # A unit can be cheaper at part load and dearer at full output at the same temperature.
    assert heavy > light
    target = break_even_cop(0.17, 0.80, **prices)
    assert ductless.estimate(Mode.HEAT, heavy, indoor, 5500.0).cop == pytest.approx(
        target, abs=0.02
    )
    # Very cheap gas: the heat pump is dearer over the whole range, so there is no crossing.
    assert (
        break_even_outdoor_c(ductless, indoor, 3000.0, 0.40, 0.95, gas_price_per_therm=0.3) is None
    )
