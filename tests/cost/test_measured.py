"""What measured hours cost: each hour at the price in force in it."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.minisplit.cost.measured import KEEP_HOURS, MeasuredCost

T0 = datetime(2026, 12, 7, 6, tzinfo=UTC)


def test_each_hour_is_charged_at_the_mean_of_its_own_prices() -> None:
    cost = MeasuredCost()
    cost.observe(T0 + timedelta(minutes=5), 0.20)
    cost.observe(T0 + timedelta(minutes=35), 0.30)
    cost.observe(T0 + timedelta(hours=1, minutes=5), 0.50)
    assert cost.price_of(T0) == pytest.approx(0.25)
    assert cost.total([(T0, 2.0), (T0 + timedelta(hours=1), 1.0)]) == pytest.approx(1.0)


def test_an_hour_without_a_sample_takes_the_nearest_hours_price() -> None:
    cost = MeasuredCost()
    cost.observe(T0, 0.20)
    cost.observe(T0 + timedelta(hours=5), 0.40)
    assert cost.price_of(T0 + timedelta(hours=1)) == 0.20
    assert cost.price_of(T0 + timedelta(hours=4)) == 0.40
    assert cost.price_of(T0 - timedelta(days=1)) == 0.20


def test_no_price_yet_is_no_cost_and_bad_prices_are_no_samples() -> None:
    cost = MeasuredCost()
    cost.observe(T0, None)
    cost.observe(T0, math.nan)
    assert cost.total([(T0, 1.0)]) is None
    cost.close([(T0, 1.0)])
    assert cost.closed == 0


def test_closed_hours_keep_their_own_price_and_negative_prices_count() -> None:
    cost = MeasuredCost()
    cost.observe(T0, -0.05)
    cost.observe(T0 + timedelta(hours=1), 0.30)
    cost.close([(T0, 2.0), (T0 + timedelta(hours=1), 1.0)])
    assert cost.closed == pytest.approx(0.2)
    assert cost.total([]) == pytest.approx(0.2)


def test_old_prices_are_forgotten_and_state_survives_json_and_garbage() -> None:
    cost = MeasuredCost()
    cost.observe(T0, 0.1)
    cost.observe(T0 + timedelta(hours=KEEP_HOURS + 2), 0.2)
    assert len(cost.samples) == 1
    cost.closed = 3.5
    restored = MeasuredCost.from_dict(json.loads(json.dumps(cost.as_dict())))
    assert restored == cost
    garbage = {"closed": "x", "samples": [[1, 2], [0, 0.1, 0], "x", [3600, math.inf, 1]]}
    assert MeasuredCost.from_dict(garbage) == MeasuredCost()
    assert MeasuredCost.from_dict(None) == MeasuredCost()
