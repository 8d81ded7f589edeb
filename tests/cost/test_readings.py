"""A source entity's state as a plain number, before any unit conversion."""

from __future__ import annotations

import pytest

from custom_components.minisplit.cost.readings import compressor_hz, finite_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [("21.5", 21.5), (3, 3.0), ("nan", None), ("inf", None), ("n/a", None), (None, None)],
)
def test_finite_number(value: object, expected: float | None) -> None:
    assert finite_number(value) == expected


def test_true_is_no_number() -> None:
    assert finite_number(True) is None
    assert finite_number(object()) is None


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [("42", "Hz", 42.0), ("42", None, 42.0), ("42", "rpm", None), ("-1", "Hz", None)],
)
def test_compressor_hz(value: str, unit: str | None, expected: float | None) -> None:
    assert compressor_hz(value, unit) == expected
