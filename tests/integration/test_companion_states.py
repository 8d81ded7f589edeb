"""Reading another integration's climate entity and sensors in SI units."""

from __future__ import annotations

import pytest
from homeassistant.core import State

from custom_components.minisplit.states import (
    climate_view,
    energy_kwh,
    frequency_hz,
    outdoor_c,
    power_w,
)


def test_climate_view_in_celsius_from_a_fahrenheit_system() -> None:
    state = State(
        "climate.den",
        "heat",
        {"current_temperature": 68.0, "temperature": 71.6, "hvac_action": "heating"},
    )
    view = climate_view(state, "°F")
    assert view is not None
    assert view.hvac_mode == "heat"
    assert view.hvac_action == "heating"
    assert view.room_c == pytest.approx(20.0)
    assert view.target_c == pytest.approx(22.0)
    assert view.target_low_c is None


def test_climate_view_of_a_range_and_without_action() -> None:
    state = State(
        "climate.den",
        "heat_cool",
        {"current_temperature": 21.5, "target_temp_low": 20, "target_temp_high": 24},
    )
    view = climate_view(state, "°C")
    assert view is not None
    assert (view.hvac_action, view.target_low_c, view.target_high_c) == (None, 20.0, 24.0)


@pytest.mark.parametrize("value", ["unavailable", "unknown"])
def test_an_unavailable_climate_entity_shows_nothing(value: str) -> None:
    assert climate_view(State("climate.den", value), "°C") is None
    assert climate_view(None, "°C") is None


def test_garbage_temperatures_are_unknown() -> None:
    state = State("climate.den", "cool", {"current_temperature": "warm", "temperature": "nan"})
    view = climate_view(state, "°C")
    assert view is not None
    assert (view.room_c, view.target_c) == (None, None)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State("sensor.out", "41", {"unit_of_measurement": "°F"}), 5.0),
        (State("sensor.out", "-3.5", {"unit_of_measurement": "°C"}), -3.5),
        (State("weather.home", "sunny", {"temperature": 50, "temperature_unit": "°F"}), 10.0),
        (State("weather.home", "rainy", {"temperature": 7.0, "temperature_unit": "°C"}), 7.0),
        (State("sensor.out", "12", {"unit_of_measurement": "%"}), None),
        (State("sensor.out", "12", {}), None),
        (State("sensor.out", "inf", {"unit_of_measurement": "°C"}), None),
        (State("sensor.out", "unavailable", {"unit_of_measurement": "°C"}), None),
        (State("weather.home", "sunny", {"temperature": 7.0}), None),
        (None, None),
    ],
)
def test_outdoor_temperature_from_a_sensor_or_a_weather_entity(
    state: State | None, expected: float | None
) -> None:
    value = outdoor_c(state)
    assert value == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State("sensor.p", "850", {"unit_of_measurement": "W"}), 850.0),
        (State("sensor.p", "1.2", {"unit_of_measurement": "kW"}), 1200.0),
        (State("sensor.p", "850", {"unit_of_measurement": "A"}), None),
        (State("sensor.p", "n/a", {"unit_of_measurement": "W"}), None),
        (State("sensor.p", "unknown", {"unit_of_measurement": "W"}), None),
    ],
)
def test_power_in_watts(state: State, expected: float | None) -> None:
    assert power_w(state) == expected


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State("sensor.e", "1500", {"unit_of_measurement": "Wh"}), 1.5),
        (State("sensor.e", "12.5", {"unit_of_measurement": "kWh"}), 12.5),
        (State("sensor.e", "0.002", {"unit_of_measurement": "MWh"}), 2.0),
        (State("sensor.e", "3", {"unit_of_measurement": "m³"}), None),
    ],
)
def test_energy_in_kwh(state: State, expected: float | None) -> None:
    value = energy_kwh(state)
    assert value == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State("sensor.f", "42", {"unit_of_measurement": "Hz"}), 42.0),
        (State("sensor.f", "42", {}), 42.0),
        (State("sensor.f", "42", {"unit_of_measurement": "rpm"}), None),
        (State("sensor.f", "-1", {"unit_of_measurement": "Hz"}), None),
    ],
)
def test_compressor_frequency(state: State, expected: float | None) -> None:
    assert frequency_hz(state) == expected
