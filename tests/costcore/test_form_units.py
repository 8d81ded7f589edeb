"""The ratings form in the user's unit system: what it shows, what goes back into the options."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.minisplit.costcore.catalog import load_catalog
from custom_components.minisplit.costcore.form_units import (
    btuh_to_kw,
    from_form,
    kw_to_btuh,
    metric_points,
    points_from_metric,
    to_form,
)


def test_kilowatts_to_10_watts_and_whole_btuh() -> None:
    assert btuh_to_kw(13500) == 3.96
    assert btuh_to_kw(12000) == 3.52
    assert kw_to_btuh(3.5) == 11942.0
    assert kw_to_btuh(btuh_to_kw(12000)) == 12011.0  # what rounding through kW alone would do


def test_metric_points_keep_what_cannot_be_read() -> None:
    text = (
        "# listed points\nheat 47 min 8000 540\nheat -13 max 18000 2100\n\nheat x min 1 2\nheat 5"
    )
    assert metric_points(text) == (
        "# listed points\nheat 8.3 min 2.34 540\nheat -25 max 5.28 2100\n\nheat x min 1 2\nheat 5"
    )


def test_points_back_from_metric() -> None:
    shown_from = "heat 47 min 8000 540\nheat 17 max 12000 1500"
    # Left as shown: the stored lines; edited: converted; comments and blank lines kept.
    sent = "heat 8.3 min 2.34 540\n# mine\n\nheat 0 max 4 1600"
    assert points_from_metric(sent, shown_from) == (
        "heat 47 min 8000 540\n# mine\n\nheat 32 max 13649 1600"
    )
    with pytest.raises(ValueError, match="line 2: expected 'mode outdoor_c speed capacity_kw"):
        points_from_metric("heat 8.3 min 2.34 540\nheat 8.3 min")
    with pytest.raises(ValueError, match="line 1: temperature and capacity must be numbers"):
        points_from_metric("heat 8 min inf 540")


def test_us_customary_form_is_the_options() -> None:
    options = {"heating_capacity_btuh": 9000, "published_points": "heat 47 max 16000 1100"}
    assert to_form(options, metric=False) == options
    assert from_form(options, options, metric=False) == options


def test_metric_form_empty_and_edited_capacities() -> None:
    stored = {"heating_capacity_btuh": 13500.0, "cooling_capacity_btuh": 10800.0}
    shown = to_form(stored, metric=True)
    assert shown == {"heating_capacity_kw": 3.96, "cooling_capacity_kw": 3.17}
    sent = {"heating_capacity_kw": 4.0, "cooling_capacity_kw": ""}
    assert from_form(sent, stored, metric=True) == {"heating_capacity_btuh": 13649.0}


def test_every_catalogue_unit_round_trips_through_the_metric_form() -> None:
    for unit in load_catalog():
        options = unit.options()
        assert from_form(to_form(options, True), options, True) == options, unit.id


@given(
    btuh=st.floats(3000, 80000, allow_nan=False),
    t_f=st.integers(-30, 70),
    capacity=st.integers(1000, 60000),
)
def test_stored_values_survive_an_unedited_metric_form(
    btuh: float, t_f: int, capacity: int
) -> None:
    options = {
        "heating_capacity_btuh": btuh,
        "published_points": f"heat {t_f} rated {capacity} 900",
    }
    assert from_form(to_form(options, True), options, True) == options
