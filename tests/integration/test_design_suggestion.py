"""The companion flow suggests the design temperature of the home's location.

The expected values come from the station table itself (costcore.design_climate), so that these
tests say what the flow does with a suggestion; tests/costcore/test_design_climate.py says what
the table holds for known cities.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM, UnitSystem

from custom_components.minisplit.const import (
    CONF_CLIMATE_ENTITY,
    CONF_DESIGN_OUTDOOR_C,
    CONF_OUTDOOR_ENTITY,
    DOMAIN,
)
from custom_components.minisplit.costcore.design_climate import suggest_for
from custom_components.minisplit.forms import DESIGN_OUTDOOR

CLIMATE = "climate.den_ac"
OUTDOOR = "sensor.outdoor_temperature"


@pytest.fixture(autouse=True)
def climate_and_outdoor(hass: HomeAssistant) -> None:
    """Another integration's climate entity and an outdoor temperature sensor."""
    hass.states.async_set(CLIMATE, "heat", {"current_temperature": 20.0, "temperature": 21.0})
    hass.states.async_set(
        OUTDOOR, "-3.0", {"device_class": "temperature", "unit_of_measurement": "°C"}
    )


async def companion_form(
    hass: HomeAssistant, units: UnitSystem, latitude: float, longitude: float, elevation: int
) -> FlowResult:
    hass.config.units = units
    hass.config.latitude, hass.config.longitude = latitude, longitude
    hass.config.elevation = elevation
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "existing_climate"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "existing_climate"
    return result


def suggested_design(result: FlowResult) -> Any:
    field = next(key for key in result["data_schema"].schema if key == DESIGN_OUTDOOR)
    return field.description["suggested_value"]


async def test_a_home_in_minneapolis_is_offered_its_cold_design_temperature(
    hass: HomeAssistant,
) -> None:
    result = await companion_form(hass, METRIC_SYSTEM, 44.98, -93.27, 260)
    expected = suggest_for(44.98, -93.27, 260.0)
    assert expected is not None
    shown = suggested_design(result)
    # Rounded to the field's 0.5 degC step, and far colder than the -10 degC default.
    assert shown == round(expected.heating_99_c * 2) / 2
    assert shown <= -20.0
    # What the user keeps is stored in degC, as any value typed there.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_CLIMATE_ENTITY: CLIMATE, CONF_OUTDOOR_ENTITY: OUTDOOR, DESIGN_OUTDOOR: shown},
    )
    assert result["step_id"] == "companion_unit"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"hspf": 10.0, "heating_capacity_kw": 3.5}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"price_per_kwh": 0.2}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_DESIGN_OUTDOOR_C] == shown
    await hass.async_block_till_done()


async def test_a_us_home_is_offered_whole_degrees_fahrenheit(hass: HomeAssistant) -> None:
    result = await companion_form(hass, US_CUSTOMARY_SYSTEM, 33.75, -84.39, 320)
    expected = suggest_for(33.75, -84.39, 320.0)
    assert expected is not None
    shown = suggested_design(result)
    assert shown == round(expected.heating_99_c * 1.8 + 32)
    assert 20 <= shown <= 32  # Atlanta: a few degrees below freezing


@pytest.mark.parametrize(
    ("units", "default"), [(METRIC_SYSTEM, -10.0), (US_CUSTOMARY_SYSTEM, 14.0)]
)
async def test_a_home_with_no_station_near_keeps_the_default(
    hass: HomeAssistant, units: UnitSystem, default: float
) -> None:
    # The middle of the North Atlantic: no station within 150 km.
    assert suggest_for(40.0, -40.0, None) is None
    result = await companion_form(hass, units, 40.0, -40.0, 0)
    assert suggested_design(result) == default


async def test_an_unset_location_keeps_the_default(hass: HomeAssistant) -> None:
    # Home Assistant's location before one is set is latitude 0, longitude 0: the station index
    # has placeholder rows there (one in Mongolia at 19.9 degC), which offered 15 degC.
    assert suggest_for(0.0, 0.0, None) is None
    result = await companion_form(hass, METRIC_SYSTEM, 0.0, 0.0, 0)
    assert suggested_design(result) == -10.0


async def test_an_unset_elevation_is_not_corrected_for(hass: HomeAssistant) -> None:
    # Denver, 1,609 m: Home Assistant's default elevation of 0 would read 10 K too warm.
    set_elevation = await companion_form(hass, METRIC_SYSTEM, 39.74, -104.99, 1609)
    at_1609 = suggest_for(39.74, -104.99, 1609.0)
    assert at_1609 is not None
    assert suggested_design(set_elevation) == round(at_1609.heating_99_c * 2) / 2
    unset = await companion_form(hass, METRIC_SYSTEM, 39.74, -104.99, 0)
    stations = suggest_for(39.74, -104.99, None)
    assert stations is not None
    assert suggested_design(unset) == round(stations.heating_99_c * 2) / 2
    assert abs(suggested_design(unset) - suggested_design(set_elevation)) < 2.0


async def test_a_suggestion_colder_than_the_field_allows_is_held_at_its_limit(
    hass: HomeAssistant,
) -> None:
    # Yakutsk's stations read below -40 degC, the field's lowest value.
    yakutsk = suggest_for(62.03, 129.73, None)
    assert yakutsk is not None
    assert yakutsk.heating_99_c < -40.0
    result = await companion_form(hass, METRIC_SYSTEM, 62.03, 129.73, 0)
    assert suggested_design(result) == -40.0
    result = await companion_form(hass, US_CUSTOMARY_SYSTEM, 62.03, 129.73, 0)
    assert suggested_design(result) == -40.0
