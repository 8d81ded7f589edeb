"""A unit's own meter that disagrees with physics is not believed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.minisplit.cost.estimate import DEFAULT_LIMITS, Operation
from custom_components.minisplit.cost.meter import MeasuredInput
from custom_components.minisplit.cost.plausibility import MeterCheck
from custom_components.minisplit.cost.running import RunningCost
from custom_components.minisplit.costcore import Mode

T0 = datetime(2026, 1, 15, tzinfo=UTC)
RUNNING = Operation(True, Mode.HEAT, 2.0, 20.0, 50.0)


def day_of(running: RunningCost, day: int, power_w: float) -> None:
    """A day of 2-minute samples with the unit's power sensor reading `power_w`."""
    for minute in range(0, 24 * 60, 2):
        at = T0 + timedelta(days=day, minutes=minute)
        running.sample(
            at,
            RUNNING,
            design_outdoor_c=None,
            limits=DEFAULT_LIMITS,
            measured=MeasuredInput(power_w=power_w),
        )


def test_a_sensor_reading_more_than_the_heat_is_not_believed_until_it_reads_right() -> None:
    running = RunningCost()
    estimate = running.estimator.checked(RUNNING, None, 1.0, DEFAULT_LIMITS).reading
    assert estimate is not None
    assert estimate.cop is not None
    believable = estimate.input_w * 1.3  # more than the estimate, still COP > 1
    day_of(running, 0, believable)
    day_of(running, 1, estimate.delivered_w * 4)  # a sensor off by a factor: COP 0.25
    assert not running.check.implausible  # day 1 is not over yet
    energy = running.meter.energy_kwh
    day_of(running, 2, estimate.delivered_w * 4)
    assert running.check.implausible
    assert running.check.implied_cop is not None
    assert running.check.implied_cop < 0.3
    # Day 2 counted the estimate, not the sensor (the first interval of the day still the sensor's).
    assert running.meter.energy_kwh - energy < 1.1 * estimate.input_w * 24 / 1000
    day_of(running, 3, believable)
    day_of(running, 4, believable)
    assert not running.check.implausible
    restored = RunningCost()
    restored.restore(running.as_dict())
    assert restored.check == running.check


def test_a_check_without_enough_heating_judges_nothing() -> None:
    check = MeterCheck()
    check.book(T0, 0.5, 2.0)
    assert not check.close(T0 + timedelta(days=1))
    assert check.implied_cop is None
    assert MeterCheck.restore({"days": {"x": [1, "y"]}, "implied_cop": "z"}) == MeterCheck()
