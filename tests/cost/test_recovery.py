"""The heat a setback owes is counted at recovery, once, and only when the room really drifted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.minisplit.cost.estimate import Estimator, Operation
from custom_components.minisplit.cost.recovery import DEBT_MEMORY, HeatDebt
from custom_components.minisplit.cost.settings import CostSettings
from custom_components.minisplit.costcore import Mode

START = datetime(2026, 1, 15, 22, tzinfo=UTC)
STEP = timedelta(minutes=2)


def drift(debt: HeatDebt, at: datetime, minutes: int, room_from: float, room_to: float) -> datetime:
    """The unit stands still while a heating room drifts from room_from to room_to at 500 W."""
    steps = minutes // 2
    for step in range(steps + 1):
        room = room_from + (room_to - room_from) * step / steps
        debt.update(
            at, running_mode=None, idle_mode=Mode.HEAT, load_w=500.0, room_c=room, target_c=17.0
        )
        at += STEP
    return at


def test_a_night_setback_is_owed_and_paid_back_at_recovery_only() -> None:
    debt = HeatDebt()
    # Four hours and the interval until the unit starts (2 min) at 500 W, from the mass.
    at = drift(debt, START, 240, 21.0, 17.0)
    owed = 500.0 * 242 / 60 / 1000
    # Holding the lowered target pays nothing back: the house stays cool.
    for _ in range(30):
        debt.update(
            at, running_mode=Mode.HEAT, idle_mode=None, load_w=400.0, room_c=17.0, target_c=17.0
        )
        assert debt.payback_w(3000.0, STEP) == 0.0
        at += STEP
    assert abs(debt.owed_kwh - owed) < 1e-9
    # Back to 21: paid as fast as the headroom allows, and never more than owed.
    paid = 0.0
    for _ in range(120):
        debt.update(
            at, running_mode=Mode.HEAT, idle_mode=None, load_w=400.0, room_c=18.0, target_c=21.0
        )
        rate = debt.payback_w(2000.0, STEP)
        assert rate <= 2000.0
        paid += rate * STEP.total_seconds() / 3_600_000
        at += STEP
    assert abs(paid - owed) < 1e-9
    assert debt.owed_kwh == 0.0


def test_a_room_warmed_by_the_sun_owes_nothing() -> None:
    debt = HeatDebt()
    at = drift(debt, START, 120, 21.5, 22.5)
    debt.update(
        at, running_mode=Mode.HEAT, idle_mode=None, load_w=400.0, room_c=21.0, target_c=21.0
    )
    assert debt.owed_kwh == 0.0
    assert debt.payback_w(2000.0, STEP) == 0.0


def test_a_unit_off_for_days_owes_nothing() -> None:
    debt = HeatDebt()
    at = drift(debt, START, 20 * 60, 21.0, 12.0)
    debt.update(
        at, running_mode=Mode.HEAT, idle_mode=None, load_w=400.0, room_c=12.0, target_c=21.0
    )
    assert debt.owed_kwh == 0.0


def test_a_debt_not_paid_back_is_forgotten_and_a_new_mode_starts_clean() -> None:
    debt = HeatDebt()
    at = drift(debt, START, 240, 21.0, 17.0)
    debt.update(
        at, running_mode=Mode.HEAT, idle_mode=None, load_w=400.0, room_c=17.0, target_c=17.0
    )
    assert debt.owed_kwh > 1.9
    debt.update(
        at + DEBT_MEMORY + STEP,
        running_mode=Mode.HEAT,
        idle_mode=None,
        load_w=400.0,
        room_c=17.0,
        target_c=21.0,
    )
    assert debt.owed_kwh == 0.0
    at = drift(debt, at + DEBT_MEMORY * 2, 240, 21.0, 17.0)
    debt.update(
        at, running_mode=Mode.COOL, idle_mode=None, load_w=400.0, room_c=17.0, target_c=21.0
    )
    assert debt.owed_kwh == 0.0


def test_a_gap_in_samples_counts_nothing() -> None:
    debt = HeatDebt()
    debt.update(
        START, running_mode=None, idle_mode=Mode.HEAT, load_w=500.0, room_c=21.0, target_c=17.0
    )
    later = START + timedelta(hours=1)  # no sample for an hour: nothing known about it
    debt.update(
        later, running_mode=None, idle_mode=Mode.HEAT, load_w=500.0, room_c=18.0, target_c=17.0
    )
    debt.update(
        later + STEP,
        running_mode=Mode.HEAT,
        idle_mode=None,
        load_w=500.0,
        room_c=17.0,
        target_c=21.0,
    )
    assert abs(debt.owed_kwh - 500.0 * 2 / 60 / 1000) < 1e-12  # the sampled 2 minutes only


def test_the_companion_estimate_pays_a_setback_back_at_recovery() -> None:
    """Through the estimator: no setback, the same recovery reads less than after a drift."""
    estimator = Estimator(CostSettings())
    at = START
    for minute in range(0, 240, 2):
        room = 21.0 - 4.0 * minute / 240
        idle = Operation(False, None, 0.0, room, None, idle_mode=Mode.HEAT, target_c=17.0)
        estimator.with_load(idle, -10.0, at)
        at += STEP
    recovering = Operation(True, Mode.HEAT, 0.0, 17.0, None, idle_mode=Mode.HEAT, target_c=21.0)
    after_setback = estimator.with_load(recovering, -10.0, at).load_w
    steady = Estimator(CostSettings()).with_load(recovering, -10.0, at).load_w
    assert after_setback is not None
    assert steady is not None
    assert after_setback > steady + 1000
