"""A unit's own power or energy sensor: energy and cost are what it measured, heat the model's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.minisplit.cost.estimate import DEFAULT_LIMITS, Reading
from custom_components.minisplit.cost.meter import CostMeter, measured_reading
from custom_components.minisplit.costcore import Mode

T0 = datetime(2026, 1, 15, 10, tzinfo=UTC)
ESTIMATE = Reading(500.0, 1500.0, Mode.HEAT)  # COP 3
MINUTE = timedelta(minutes=1)


def test_an_energy_total_is_counted_as_it_grew_with_the_estimates_cop_for_heat() -> None:
    meter = CostMeter()
    total = 100.0
    for minute in range(60):
        meter.sample(T0 + minute * MINUTE, ESTIMATE, 0.30, 0.10, total)
        total += 0.02 if minute % 2 else 0.0  # 0.6 kWh in the hour, in sensor steps
    meter.sample(T0 + 60 * MINUTE, ESTIMATE, 0.30, 0.10, total)
    assert meter.energy_kwh == pytest.approx(total - 100.0)
    assert meter.cost == pytest.approx((total - 100.0) * 0.30)
    assert meter.heat_kwh == pytest.approx((total - 100.0) * 3)


def test_energy_used_during_a_gap_is_counted_when_it_is_read() -> None:
    meter = CostMeter()
    meter.sample(T0, ESTIMATE, 0.30, None, 10.0)
    counted = meter.sample(T0 + timedelta(minutes=30), ESTIMATE, 0.30, None, 10.2)
    assert counted is not None
    assert meter.energy_kwh == pytest.approx(0.2)
    assert counted.estimated_kwh == pytest.approx(0.25)  # what the estimate alone gives


@pytest.mark.parametrize(("later_total", "why"), [(5.0, "reset"), (99.0, "beyond the unit")])
def test_a_total_that_cannot_be_believed_counts_the_estimate(later_total: float, why: str) -> None:
    meter = CostMeter()
    meter.sample(T0, ESTIMATE, 0.30, None, 10.0)
    meter.sample(T0 + MINUTE, ESTIMATE, 0.30, None, later_total)
    assert meter.energy_kwh == pytest.approx(500.0 / 60 / 1000), why


def test_a_measured_power_is_the_input_and_the_estimate_gives_the_cop() -> None:
    reading = measured_reading(ESTIMATE, 800.0, DEFAULT_LIMITS)
    assert reading == Reading(800.0, 2400.0, Mode.HEAT)
    assert measured_reading(ESTIMATE, float("nan"), DEFAULT_LIMITS) == ESTIMATE
    assert measured_reading(ESTIMATE, 1e9, DEFAULT_LIMITS) == ESTIMATE
    assert measured_reading(None, 12.0, DEFAULT_LIMITS) == Reading(12.0, 0.0, None)
    meter = CostMeter()
    meter.sample(T0, reading, 0.30, None, estimate=ESTIMATE)
    counted = meter.sample(T0 + timedelta(minutes=3), reading, 0.30, None, estimate=ESTIMATE)
    assert counted is not None
    assert counted.energy_kwh == pytest.approx(0.04)
    assert counted.estimated_kwh == pytest.approx(0.025)


def test_a_total_that_grew_between_two_samples_at_one_instant_is_not_lost() -> None:
    """A tick and the energy sensor's change at the same moment: two samples, no time between."""
    meter = CostMeter()
    meter.sample(T0, ESTIMATE, 0.30, None, 10.0)
    meter.sample(T0 + MINUTE, ESTIMATE, 0.30, None, 10.0)  # the tick
    meter.sample(T0 + MINUTE, ESTIMATE, 0.30, None, 10.02)  # the sensor, same instant
    meter.sample(T0 + 2 * MINUTE, ESTIMATE, 0.30, None, 10.02)
    assert meter.energy_kwh == pytest.approx(0.02)
