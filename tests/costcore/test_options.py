"""The table of running-cost options: one spelling of each key, read the same way everywhere."""

from __future__ import annotations

import dataclasses

import pytest

from custom_components.minisplit.costcore.catalog import CatalogUnit
from custom_components.minisplit.costcore.options import (
    COST_OPTIONS,
    DUCTED,
    HSPF,
    PUBLISHED_POINTS,
    OptionKind,
    UnitFill,
)


def test_keys_and_form_fields_are_unique() -> None:
    for metric in (False, True):
        fields = [option.form_key(metric) for option in COST_OPTIONS]
        assert len(set(fields)) == len(fields)
    assert len({option.key for option in COST_OPTIONS}) == len(COST_OPTIONS)


def test_every_number_has_a_range_in_both_unit_systems() -> None:
    for option in COST_OPTIONS:
        has_range = option.kind is OptionKind.NUMBER
        assert (option.form_range(metric=False) is not None) is has_range, option.key
        assert (option.form_range(metric=True) is not None) is has_range, option.key


def test_a_unit_fills_in_only_what_it_has() -> None:
    fields = {field.name for field in dataclasses.fields(CatalogUnit)} | {"published_points"}
    for option in COST_OPTIONS:
        if option.unit is UnitFill.FILLED:
            assert option.key in fields, option.key


def test_parsers() -> None:
    assert HSPF.number({}) is None
    assert HSPF.number({"hspf": ""}) is None
    assert HSPF.number({"hspf": "10.5"}) == 10.5
    with pytest.raises(ValueError, match="hspf is not a finite number"):
        HSPF.number({"hspf": float("nan")})
    assert DUCTED.flag({}) is False
    assert DUCTED.flag({"ducted": True}) is True
    assert PUBLISHED_POINTS.text({}) == ""
    assert PUBLISHED_POINTS.form_key(metric=True) == "published_points_metric"
    assert HSPF.form_key(metric=True) == "hspf"
