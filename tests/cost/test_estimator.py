"""The estimate now as the cost coordinator asks for it: a reading, or none and why."""

from __future__ import annotations

import pytest

from custom_components.minisplit.cost import estimate as estimate_module
from custom_components.minisplit.cost.estimate import Estimator, Limits, Operation
from custom_components.minisplit.cost.settings import CostSettings
from custom_components.minisplit.costcore import Mode

HEATING = Operation(True, Mode.HEAT, 5.0, 20.0, 40.0)


def test_a_plausible_estimate_is_the_reading() -> None:
    estimator = Estimator(CostSettings())
    limits = Limits.for_head(estimator.heat_pump)
    estimate = estimator.checked(HEATING, None, 1.0, limits)
    assert estimate.problem is None
    assert estimate.reading == estimator.reading(HEATING, 1.0)
    assert estimator.estimates == 1  # the second ask was the cached one


def test_an_impossible_estimate_is_no_reading_and_is_computed_again() -> None:
    estimator = Estimator(CostSettings())
    tiny = Limits(max_input_w=1.0, max_delivered_w=1.0)
    estimate = estimator.checked(HEATING, None, 1.0, tiny)
    assert (estimate.reading, estimate.problem) == (None, "implausible")
    assert "beyond what the head can draw (1 W)" in estimate.text
    estimator.checked(HEATING, None, 1.0, tiny)
    assert estimator.estimates == 2


def test_a_failing_estimate_says_what_it_was_for(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise ZeroDivisionError("no capacity")

    monkeypatch.setattr(estimate_module, "estimate_now", broken)
    estimator = Estimator(CostSettings())
    estimate = estimator.checked(HEATING, None, 1.0, Limits.for_head(estimator.heat_pump))
    assert (estimate.reading, estimate.problem) == (None, "failed")
    assert estimate.text == f"no estimate for {HEATING}: no capacity"
