"""The gas price from the options, and what the log says of a price that cannot be used."""

from __future__ import annotations

import pytest

from custom_components.minisplit.cost.price import (
    Price,
    PriceProblem,
    gas_price,
    problem_text,
)
from custom_components.minisplit.cost.settings import CostSettings


def test_gas_price_from_the_options() -> None:
    assert gas_price(CostSettings(), 100.0) is None
    found = gas_price(CostSettings.from_options({"gas_price_per_kwh": 0.1}), 100.0)
    assert found is not None
    price, source = found
    assert price.per_kwh == pytest.approx(0.1 / CostSettings().afue)
    assert source.startswith("gas price per kWh of heat 0.1")
    assert gas_price(CostSettings.from_options({"gas_price_per_kwh": 0.1}), 0.01) == (
        Price(None, PriceProblem.TOO_HIGH),
        source,
    )


def test_a_gas_price_that_cannot_be_computed_is_not_a_number() -> None:
    settings = CostSettings(gas_price_per_kwh=0.1, afue=0.0)
    assert gas_price(settings, 100.0) == (
        Price(None, PriceProblem.NOT_A_NUMBER),
        "gas price per kWh of heat nan",
    )


def test_problem_text_names_the_source_and_the_bound() -> None:
    assert problem_text("fixed electricity price 500", PriceProblem.TOO_HIGH, 100.0) == (
        "the fixed electricity price 500 is above 100 per kWh, which no tariff is;"
        " nothing is charged meanwhile"
    )
