"""A compressor's frequency range is learned from its reports unless the user set it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.minisplit.cost.estimate import Operation, estimate_now
from custom_components.minisplit.cost.frequency import MIN_SAMPLES, FrequencyRange, widened
from custom_components.minisplit.cost.settings import CostSettings
from custom_components.minisplit.costcore import Mode


def unit_reports(low: int, high: int, count: int = MIN_SAMPLES) -> FrequencyRange:
    """A unit that sits at its minimum most of the time and now and then runs faster."""
    learned = FrequencyRange()
    for sample in range(count):
        learned.observe(float(low if sample % 3 else low + sample % (high - low + 1)))
    return learned


def test_the_minimum_is_learned_after_enough_running_and_glitches_do_not_count() -> None:
    learned = unit_reports(18, 70, MIN_SAMPLES - 1)
    assert learned.learned() is None
    for value in (0.0, None, float("nan"), -5.0, 3000.0):  # not running, or not a frequency
        learned.observe(value)
    assert learned.learned() is None
    learned.observe(3.0)  # one transient below the minimum
    assert learned.learned() == (18.0, 71.0)


def test_the_range_is_only_widened() -> None:
    # Seen only at 20-51 Hz (a cold week that never reached the minimum): the default stands.
    assert widened((20.0, 51.0), 15.0, 90.0) == (15.0, 90.0)
    # Seen at 10 and at 118 Hz: the range reaches them.
    assert widened((10.0, 118.0), 15.0, 90.0) == (10.0, 118.0)


def test_a_learned_range_moves_the_estimate_unless_the_user_set_one() -> None:
    running = Operation(True, Mode.HEAT, 5.0, 20.0, 36.0)
    learned = replace(running, frequency_range=(10.0, 120.0))
    default = CostSettings()
    at_default = estimate_now(default.heat_pump(), default, running)
    with_learned = estimate_now(default.heat_pump(), default, learned)
    assert at_default is not None
    assert with_learned is not None
    assert with_learned.delivered_w < at_default.delivered_w  # 36 Hz is lower in 10-120 Hz
    chosen = CostSettings.from_options({"min_compressor_hz": 15, "max_compressor_hz": 90})
    assert chosen.frequency_range_set
    assert estimate_now(chosen.heat_pump(), chosen, learned) == estimate_now(
        chosen.heat_pump(), chosen, running
    )


def test_the_learned_counts_survive_a_restart_and_nonsense_is_left_out() -> None:
    learned = unit_reports(18, 70)
    assert FrequencyRange.restore(learned.as_dict()) == learned
    broken = {"counts": {"x": 3, "20": -1, "21": True, "22": 5, "0": 4}}
    assert FrequencyRange.restore(broken).counts == {22: 5}
    assert FrequencyRange.restore(None) == FrequencyRange()
    assert learned.samples == pytest.approx(MIN_SAMPLES)
