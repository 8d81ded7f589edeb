"""The oracle's fit of a fortnight of home-meter days."""

from __future__ import annotations

import pytest

from .signature_bound import least_squares_slope


def test_a_steady_base_leaves_the_slope_exact() -> None:
    assert least_squares_slope([(10.0, 22.0), (14.0, 26.0), (20.0, 32.0)]) == pytest.approx(1.0)


def test_a_busy_day_of_the_home_on_a_cold_day_reads_as_the_unit() -> None:
    # The base 12 kWh, one kWh more on the day the unit used most: the slope takes it as the unit's.
    slope = least_squares_slope([(10.0, 22.0), (14.0, 26.0), (20.0, 33.0)])
    assert slope > 1.05
