"""Options flow: pick the unit from the catalogue (or not), then check ratings and prices."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.config_flow import NOT_LISTED, OPTIONS_SCHEMA
from custom_components.minisplit.const import CONF_CATALOG_UNIT, CONF_PRICE_PER_KWH, DOMAIN
from custom_components.minisplit.costcore.catalog import catalog_unit, load_catalog
from custom_components.minisplit.running_cost import CostSettings

from ..conftest import EMULATED_MAC

VISTA_12 = "9966684"  # Daikin Vista RX12QMVJU / FFQ12Q2VJU
QUATERNITY_9 = "3208521"  # Daikin Quaternity RXG09HVJU / FTXG09HVJU
STORED = {
    "hspf2": 9.0,
    "seer": 19.0,
    "eer": 11.0,
    "heating_capacity_btuh": 9000,
    "published_points": "heat 47 max 16000 1100",
    "min_compressor_hz": 20,
    CONF_PRICE_PER_KWH: 0.15,
    "gas_price_per_therm": 1.5,
}


def entry_with(hass: HomeAssistant, options: dict[str, Any]) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Living",
        unique_id=EMULATED_MAC,
        data={"host": "127.0.0.1"},
        options=options,
    )
    entry.add_to_hass(hass)
    return entry


def suggested(result: FlowResult) -> dict[str, Any]:
    """The values the form shows filled in."""
    return {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and "suggested_value" in key.description
    }


def choices(result: FlowResult) -> list[dict[str, str]]:
    selector = result["data_schema"].schema[CONF_CATALOG_UNIT]
    return list(selector.config["options"])


async def pick(hass: HomeAssistant, entry: MockConfigEntry, choice: str) -> FlowResult:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_CATALOG_UNIT: choice}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "ratings"
    assert result["errors"] == {}
    return result


async def test_unit_picker_lists_the_catalogue_daikin_first(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["step_id"] == "init"
    assert result["errors"] == {}
    assert suggested(result) == {CONF_CATALOG_UNIT: NOT_LISTED}
    options = choices(result)
    assert options[0]["value"] == NOT_LISTED
    assert len(options) == len(load_catalog()) + 1
    units = [catalog_unit(option["value"]) for option in options[1:]]
    brands = [unit.brand for unit in units if unit is not None]
    assert brands[:20] == ["Daikin"] * 20
    assert "Daikin" not in brands[20:]
    vista = catalog_unit(VISTA_12)
    assert vista is not None
    assert {"value": VISTA_12, "label": vista.label} in options


async def test_picked_unit_fills_the_ratings(hass: HomeAssistant) -> None:
    entry = entry_with(hass, STORED)
    unit = catalog_unit(VISTA_12)
    assert unit is not None
    result = await pick(hass, entry, VISTA_12)
    shown = suggested(result)
    # Ratings, capacities and points come from the catalogue; the stored HSPF2 would clash with
    # the listed HSPF and goes; prices and the compressor range stay.
    assert shown == {
        "hspf": 11.2,
        "seer": 20.2,
        "eer": 12.5,
        "ducted": False,
        "heating_capacity_btuh": 13500.0,
        "cooling_capacity_btuh": 10800.0,
        "published_points": unit.published_points,
        "pan_heater_w": 140.0,
        "min_compressor_hz": 20,
        CONF_PRICE_PER_KWH: 0.15,
        "gas_price_per_therm": 1.5,
    }

    # The user accepts the form as filled in.
    result = await hass.config_entries.options.async_configure(result["flow_id"], shown)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {**shown, CONF_CATALOG_UNIT: VISTA_12}
    settings = CostSettings.from_options(entry.options)
    assert settings.hspf == 11.2
    assert len(settings.points) == len(unit.points) == 8


async def test_picked_unit_fills_its_pan_heater(hass: HomeAssistant) -> None:
    unit = next(u for u in load_catalog() if u.pan_heater_w)
    entry = entry_with(hass, {"pan_heater_w": 999})
    result = await pick(hass, entry, unit.id)
    assert suggested(result)["pan_heater_w"] == unit.pan_heater_w
    result = await hass.config_entries.options.async_configure(result["flow_id"], suggested(result))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert CostSettings.from_options(entry.options).heat_pump().pan_heater_w == unit.pan_heater_w
    # A unit listed without one clears a stored pan heater.
    other = next(u for u in load_catalog() if u.pan_heater_w is None)
    result = await pick(hass, entry, other.id)
    assert "pan_heater_w" not in suggested(result)


async def test_unit_without_eer_clears_the_stored_one(hass: HomeAssistant) -> None:
    entry = entry_with(hass, STORED)
    result = await pick(hass, entry, QUATERNITY_9)
    unit = catalog_unit(QUATERNITY_9)
    assert unit is not None
    assert suggested(result)["heating_capacity_btuh"] == unit.heating_capacity_btuh
    sparse = {"hspf": 9.0, "seer": 20.0}
    result = await hass.config_entries.options.async_configure(result["flow_id"], sparse)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {"hspf": 9.0, "seer": 20.0, "ducted": False, "catalog_unit": "3208521"}


async def test_not_listed_keeps_the_stored_ratings(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {**STORED, CONF_CATALOG_UNIT: VISTA_12})
    result = await pick(hass, entry, NOT_LISTED)
    assert suggested(result) == STORED
    typed = {"hspf": 12.5, "seer": 22.0, CONF_PRICE_PER_KWH: 0.2}
    result = await hass.config_entries.options.async_configure(result["flow_id"], typed)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # No unit stored any more: the ratings are the user's own.
    assert entry.options == {**typed, "ducted": False}


async def test_ratings_errors_then_recovery(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {CONF_PRICE_PER_KWH: 0.15})
    result = await pick(hass, entry, VISTA_12)
    filled = suggested(result)
    for bad, error in (
        ({**filled, "hspf2": 10.0}, {"base": "hspf_and_hspf2"}),
        ({**filled, "seer2": 19.0}, {"base": "seer_and_seer2"}),
        ({**filled, "published_points": "heat 47 min"}, {"published_points": "invalid_points"}),
    ):
        result = await hass.config_entries.options.async_configure(result["flow_id"], bad)
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "ratings"
        assert result["errors"] == error
        assert suggested(result)["hspf"] == 11.2  # what the user sent stays in the form
    assert "line 1" in result["description_placeholders"]["details"]

    result = await hass.config_entries.options.async_configure(result["flow_id"], filled)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_CATALOG_UNIT] == VISTA_12
    assert entry.options["hspf"] == 11.2


async def test_reopening_shows_the_stored_unit_and_edits(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {})
    result = await pick(hass, entry, VISTA_12)
    edited = {**suggested(result), "hspf": 11.0}  # the user corrected the listed HSPF
    result = await hass.config_entries.options.async_configure(result["flow_id"], edited)
    assert result["type"] is FlowResultType.CREATE_ENTRY

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert suggested(result) == {CONF_CATALOG_UNIT: VISTA_12}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_CATALOG_UNIT: VISTA_12}
    )
    # The same unit again: the stored values, with the user's correction, not the catalogue's.
    assert suggested(result) == edited
    assert suggested(result)["hspf"] == 11.0


async def test_stored_unit_missing_from_the_catalogue(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {**STORED, CONF_CATALOG_UNIT: "1"})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert suggested(result) == {CONF_CATALOG_UNIT: NOT_LISTED}


@pytest.mark.parametrize(
    ("typed", "unit_id"),
    [
        ("RX12QMVJU / FFQ12", VISTA_12),  # a unique part of a label
        (f" {QUATERNITY_9} ", QUATERNITY_9),  # an AHRI number
    ],
)
async def test_typed_unit_is_found_or_rejected(
    hass: HomeAssistant, typed: str, unit_id: str
) -> None:
    entry = entry_with(hass, {})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    for unknown in ("Vista", "no such unit"):
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_CATALOG_UNIT: unknown}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "init"
        assert result["errors"] == {CONF_CATALOG_UNIT: "unknown_unit"}
        assert suggested(result) == {CONF_CATALOG_UNIT: unknown}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_CATALOG_UNIT: typed}
    )
    assert result["step_id"] == "ratings"
    unit = catalog_unit(unit_id)
    assert unit is not None
    assert suggested(result)["heating_capacity_btuh"] == unit.heating_capacity_btuh
    result = await hass.config_entries.options.async_configure(result["flow_id"], suggested(result))
    assert entry.options[CONF_CATALOG_UNIT] == unit_id


async def test_every_unit_fits_the_form(hass: HomeAssistant) -> None:
    # The form's ranges accept every listed value, so a filled-in form can always be sent.
    for unit in load_catalog():
        assert OPTIONS_SCHEMA(unit.options())["hspf"] == unit.hspf, unit.id
