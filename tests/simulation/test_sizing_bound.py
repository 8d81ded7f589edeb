"""The best estimate blind to the sizing ratio."""

from __future__ import annotations

import pytest

from .sizing_bound import best_blind_estimate, median_abs_error


def test_energy_proportional_to_the_ratio_is_best_guessed_high() -> None:
    # Ratios 0.5-1.5 of a house whose energy follows its size. Three errors must be within the
    # median: 1, 1.25 and 1.5 within e need 1.5 (1 - e) <= 1 + e, so e >= 0.2 at an estimate of
    # 1.2; any three lower ones need more (0.75-1.25: e >= 0.25).
    estimate, error = best_blind_estimate([0.5, 0.75, 1.0, 1.25, 1.5])
    assert estimate == pytest.approx(1.2)
    assert error == pytest.approx(0.2)


def test_no_estimate_does_better_than_the_best() -> None:
    truths = [63.0, 99.6, 141.6, 185.4, 228.7]
    _, error = best_blind_estimate(truths)
    assert all(median_abs_error(guess / 10, truths) >= error - 1e-12 for guess in range(300, 3000))
    assert error < median_abs_error(141.6, truths)  # the ratio-1 truth is not the best guess
