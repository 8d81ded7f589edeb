"""The ratings form in the user's unit system: what it shows, what goes back into the options."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.minisplit.costcore.catalog import load_catalog
from custom_components.minisplit.costcore.form_units import (
    GAS_PRICE,
    GAS_PRICE_UNIT,
    GasUnit,
    btuh_to_kw,
    default_gas_unit,
    from_form,
    gas_from_form,
    gas_to_form,
    gas_units,
    kw_to_btuh,
    metric_points,
    points_from_metric,
    stored_gas_unit,
    to_form,
)
from custom_components.minisplit.costcore.units import KWH_PER_M3_NATURAL_GAS


def test_kilowatts_to_10_watts_and_whole_btuh() -> None:
    assert btuh_to_kw(13500) == 3.96
    assert btuh_to_kw(12000) == 3.52
    assert kw_to_btuh(3.5) == 11942.0
    assert kw_to_btuh(btuh_to_kw(12000)) == 12011.0  # what rounding through kW alone would do


def test_metric_points_keep_what_cannot_be_read() -> None:
    text = (
        "# listed points\nheat 47 min 8000 540\nheat -13 max 18000 2100\n\nheat x min 1 2\nheat 5"
    )
    assert metric_points(text) == (
        "# listed points\nheat 8.3 min 2.34 540\nheat -25 max 5.28 2100\n\nheat x min 1 2\nheat 5"
    )


def test_points_back_from_metric() -> None:
    shown_from = "heat 47 min 8000 540\nheat 17 max 12000 1500"
    # Left as shown: the stored lines; edited: converted; comments and blank lines kept.
    sent = "heat 8.3 min 2.34 540\n# mine\n\nheat 0 max 4 1600"
    assert points_from_metric(sent, shown_from) == (
        "heat 47 min 8000 540\n# mine\n\nheat 32 max 13649 1600"
    )
    with pytest.raises(ValueError, match="line 2: expected 'mode outdoor_c speed capacity_kw"):
        points_from_metric("heat 8.3 min 2.34 540\nheat 8.3 min")
    with pytest.raises(ValueError, match="line 1: temperature and capacity must be numbers"):
        points_from_metric("heat 8 min inf 540")


def test_us_customary_form_is_the_options() -> None:
    options = {"heating_capacity_btuh": 9000, "published_points": "heat 47 max 16000 1100"}
    assert to_form(options, metric=False) == options
    assert from_form(options, options, metric=False) == options


def test_metric_form_empty_and_edited_capacities() -> None:
    stored = {"heating_capacity_btuh": 13500.0, "cooling_capacity_btuh": 10800.0}
    shown = to_form(stored, metric=True)
    assert shown == {"heating_capacity_kw": 3.96, "cooling_capacity_kw": 3.17}
    sent = {"heating_capacity_kw": 4.0, "cooling_capacity_kw": ""}
    assert from_form(sent, stored, metric=True) == {"heating_capacity_btuh": 13649.0}


def test_every_catalogue_unit_round_trips_through_the_metric_form() -> None:
    for unit in load_catalog():
        options = unit.options()
        assert from_form(to_form(options, True), options, True) == options, unit.id


@given(
    btuh=st.floats(3000, 80000, allow_nan=False),
    t_f=st.integers(-30, 70),
    capacity=st.integers(1000, 60000),
)
def test_stored_values_survive_an_unedited_metric_form(
    btuh: float, t_f: int, capacity: int
) -> None:
    options = {
        "heating_capacity_btuh": btuh,
        "published_points": f"heat {t_f} rated {capacity} 900",
    }
    assert from_form(to_form(options, True), options, True) == options


def test_gas_units_of_each_system_and_the_stored_one() -> None:
    assert gas_units(metric=True, stored=None) == [GasUnit.KWH, GasUnit.M3]
    assert gas_units(metric=False, stored=None) == [GasUnit.THERM, GasUnit.KWH]
    # A price stored in another system's unit stays offered, so the form can show it.
    assert gas_units(metric=True, stored=GasUnit.THERM)[-1] is GasUnit.THERM
    assert gas_units(metric=False, stored=GasUnit.M3)[-1] is GasUnit.M3
    assert default_gas_unit(metric=False, country="US") is GasUnit.THERM
    assert default_gas_unit(metric=True, country="IT") is GasUnit.M3
    assert default_gas_unit(metric=True, country=None) is GasUnit.KWH


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ({}, {GAS_PRICE_UNIT: "kwh"}),
        ({"gas_price_per_therm": 1.5}, {GAS_PRICE: 1.5, GAS_PRICE_UNIT: "therm"}),
        ({"gas_price_per_kwh": 0.1}, {GAS_PRICE: 0.1, GAS_PRICE_UNIT: "kwh"}),
        ({"gas_price_per_kwh": 0.1, GAS_PRICE_UNIT: "m3"}, {GAS_PRICE: 1.05, GAS_PRICE_UNIT: "m3"}),
        # Options stored before the gas unit existed: the price per kWh as it was.
        (
            {"gas_price_per_kwh": 0.1, GAS_PRICE_UNIT: "kwh"},
            {GAS_PRICE: 0.1, GAS_PRICE_UNIT: "kwh"},
        ),
    ],
)
def test_stored_gas_price_as_the_form_shows_it(stored: dict, shown: dict) -> None:
    assert gas_to_form(stored, GasUnit.KWH) == shown
    assert stored_gas_unit(stored) == (GasUnit(shown[GAS_PRICE_UNIT]) if stored else None)
    if GAS_PRICE in shown:  # sent back as shown: stored as it was, to the last digit
        back = gas_from_form(shown, stored)
        assert back == {k: v for k, v in stored.items() if k != GAS_PRICE_UNIT or v == "m3"}


def test_gas_price_from_the_form() -> None:
    assert gas_from_form({GAS_PRICE_UNIT: "m3"}, {}) == {}
    assert gas_from_form({GAS_PRICE: 2.0, GAS_PRICE_UNIT: "therm"}, {}) == {
        "gas_price_per_therm": 2.0
    }
    assert gas_from_form({GAS_PRICE: 2.1}, {}) == {"gas_price_per_kwh": 2.1}
    per_m3 = gas_from_form({GAS_PRICE: 2.1, GAS_PRICE_UNIT: "m3"}, {})
    assert per_m3 == {"gas_price_per_kwh": pytest.approx(0.2), GAS_PRICE_UNIT: "m3"}
    assert KWH_PER_M3_NATURAL_GAS == 10.5
