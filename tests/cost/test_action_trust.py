"""An hvac_action that copies the mode is found by how it behaves, not only by a list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.minisplit.cost.activity import (
    COPY_EVIDENCE,
    ActionTrust,
    Basis,
    ClimateView,
    unit_activity,
)
from custom_components.minisplit.costcore import Mode

T0 = datetime(2026, 1, 15, 12, tzinfo=UTC)
WARM = ClimateView("heat", "heating", room_c=23.0, target_c=21.0)


def test_heating_while_the_room_stays_well_above_its_target_copies_the_mode() -> None:
    trust = ActionTrust()
    trust.observe(T0, WARM)
    trust.observe(T0 + COPY_EVIDENCE / 2, WARM)
    trust.observe(
        T0 + COPY_EVIDENCE / 2 + timedelta(minutes=1), ClimateView("heat", "heating", 21.0, 21.0)
    )
    trust.observe(T0 + COPY_EVIDENCE, WARM)  # the evidence starts again
    assert not trust.copies_mode
    trust.observe(T0 + COPY_EVIDENCE * 2 + timedelta(minutes=1), WARM)
    assert trust.copies_mode
    # Then its hvac_action is not read: the thermostat judges (the room is above: not running).
    judged = unit_activity(WARM, action_copies_mode=trust.copies_mode)
    assert (judged.running, judged.basis) == (False, Basis.THERMOSTAT)
    assert unit_activity(WARM).mode is Mode.HEAT  # trusted, it would have counted heating


def test_an_entity_that_says_idle_follows_the_compressor_for_good() -> None:
    trust = ActionTrust()
    trust.observe(T0, ClimateView("heat", "idle", room_c=21.5, target_c=21.0))
    for minutes in range(0, 300, 5):
        trust.observe(T0 + timedelta(minutes=minutes), WARM)
    assert trust.follows_compressor
    assert not trust.copies_mode


def test_cooling_below_the_target_copies_the_mode_too() -> None:
    trust = ActionTrust()
    cold = ClimateView("cool", "cooling", room_c=22.0, target_c=24.0)
    trust.observe(T0, cold)
    trust.observe(T0 + COPY_EVIDENCE, cold)
    assert trust.copies_mode
