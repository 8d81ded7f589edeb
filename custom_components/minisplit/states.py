"""Another integration's states read as plain values in SI units (degC, W, kWh, Hz).

States come in any unit Home Assistant converts; None where a state is missing, unavailable, not
a number or in a unit that does not fit.
"""

from __future__ import annotations

import math

from homeassistant.components.climate.const import (
    ATTR_CURRENT_TEMPERATURE,
    ATTR_HVAC_ACTION,
    ATTR_TARGET_TEMP_HIGH,
    ATTR_TARGET_TEMP_LOW,
)
from homeassistant.components.weather.const import (
    ATTR_WEATHER_TEMPERATURE,
    ATTR_WEATHER_TEMPERATURE_UNIT,
)
from homeassistant.const import (
    ATTR_TEMPERATURE,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util.unit_conversion import (
    BaseUnitConverter,
    EnergyConverter,
    PowerConverter,
    TemperatureConverter,
)

from .cost.activity import ClimateView
from .cost.readings import compressor_hz, finite_number

_MISSING = (None, STATE_UNAVAILABLE, STATE_UNKNOWN)


def is_available(state: State | None) -> bool:
    """Whether a state is there and usable at all."""
    return state is not None and state.state not in _MISSING


def _celsius(value: object, unit: str | None) -> float | None:
    number = finite_number(value)
    if number is None or unit not in TemperatureConverter.VALID_UNITS:
        return None
    return TemperatureConverter.convert(number, unit, UnitOfTemperature.CELSIUS)


def climate_view(state: State | None, system_unit: str) -> ClimateView | None:
    """What a climate entity shows, temperatures in degC; None when it is unavailable.

    Climate entities give their temperatures in Home Assistant's unit system (`system_unit`).
    """
    if state is None or not is_available(state):
        return None
    attributes = state.attributes
    action = attributes.get(ATTR_HVAC_ACTION)
    return ClimateView(
        hvac_mode=state.state,
        hvac_action=str(action) if action is not None else None,
        room_c=_celsius(attributes.get(ATTR_CURRENT_TEMPERATURE), system_unit),
        target_c=_celsius(attributes.get(ATTR_TEMPERATURE), system_unit),
        target_low_c=_celsius(attributes.get(ATTR_TARGET_TEMP_LOW), system_unit),
        target_high_c=_celsius(attributes.get(ATTR_TARGET_TEMP_HIGH), system_unit),
    )


def outdoor_c(state: State | None) -> float | None:
    """The temperature of a sensor (its unit) or a weather entity (its temperature unit)."""
    if state is None or not is_available(state):
        return None
    if state.domain == "weather":
        unit = state.attributes.get(ATTR_WEATHER_TEMPERATURE_UNIT)
        return _celsius(state.attributes.get(ATTR_WEATHER_TEMPERATURE), unit)
    return _celsius(state.state, state.attributes.get(ATTR_UNIT_OF_MEASUREMENT))


def _converted(
    state: State | None, converter: type[BaseUnitConverter], to_unit: str
) -> float | None:
    if state is None or not is_available(state):
        return None
    number = finite_number(state.state)
    unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    if number is None or unit not in converter.VALID_UNITS:
        return None
    try:
        value = converter.convert(number, unit, to_unit)
    except HomeAssistantError:
        return None
    return value if math.isfinite(value) else None


def power_w(state: State | None) -> float | None:
    """A power sensor's reading in W."""
    return _converted(state, PowerConverter, UnitOfPower.WATT)


def energy_kwh(state: State | None) -> float | None:
    """An energy sensor's reading in kWh."""
    return _converted(state, EnergyConverter, UnitOfEnergy.KILO_WATT_HOUR)


def frequency_hz(state: State | None) -> float | None:
    """A compressor-frequency sensor's reading in Hz (plain number or Hz)."""
    if state is None or not is_available(state):
        return None
    return compressor_hz(state.state, state.attributes.get(ATTR_UNIT_OF_MEASUREMENT))
