"""Options flow: search and pick the unit (or not), then ratings and prices in the user's units."""

from __future__ import annotations

import math
from typing import Any
from unittest.mock import ANY

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType, InvalidData
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import CONF_CATALOG_UNIT, DOMAIN
from custom_components.minisplit.cost.settings import CostSettings
from custom_components.minisplit.costcore.catalog import catalog_unit, load_catalog
from custom_components.minisplit.costcore.form_units import GAS_PRICE, GAS_PRICE_UNIT, to_form
from custom_components.minisplit.costcore.options import PRICE_PER_KWH
from custom_components.minisplit.forms import METRIC_SCHEMA, OPTIONS_SCHEMA

from ..conftest import EMULATED_MAC

NOT_LISTED = "not listed"  # pick(): the picker left empty
VISTA_12 = "9966684"  # Daikin Vista RX12QMVJU / FFQ12Q2VJU
QUATERNITY_9 = "3208521"  # Daikin Quaternity RXG09HVJU / FTXG09HVJU
STORED = {
    "hspf2": 9.0,
    "seer": 19.0,
    "eer": 11.0,
    "heating_capacity_btuh": 9000,
    "published_points": "heat 47 max 16000 1100",
    "min_compressor_hz": 20,
    PRICE_PER_KWH.key: 0.15,
    "gas_price_per_therm": 1.5,
}
# The form asks one gas price and its unit; a price stored per therm is shown per therm, also to
# a metric user, whose system offers per kWh and per m3.
FORM_GAS = {GAS_PRICE: 1.5, GAS_PRICE_UNIT: "therm"}
STORED_FORM = {
    key: value for key, value in STORED.items() if key != "gas_price_per_therm"
} | FORM_GAS


def form_of(stored: dict[str, Any], metric: bool) -> dict[str, Any]:
    """Stored options as the ratings form shows them."""
    shown = to_form(stored, metric)
    shown.pop("gas_price_per_therm", None)
    return shown | FORM_GAS


@pytest.fixture
def us_customary(hass: HomeAssistant) -> None:
    """A user with US customary units: the ratings form in Btu/h and degF."""
    hass.config.units = US_CUSTOMARY_SYSTEM


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


def fields(result: FlowResult) -> set[str]:
    return {str(key) for key in result["data_schema"].schema}


def listed(result: FlowResult) -> list[str]:
    """The values of the unit picker's entries: the units' labels."""
    return [option["value"] for option in choices(result)]


def label(hass: HomeAssistant, unit_id: str) -> str:
    """What the picker sends for a listed unit: its label in the user's unit system."""
    unit = catalog_unit(unit_id)
    assert unit is not None
    return unit.label_in(hass.config.units is not US_CUSTOMARY_SYSTEM)


async def pick(hass: HomeAssistant, entry: MockConfigEntry, choice: str) -> FlowResult:
    """Open Configure and pick the unit `choice` (an AHRI number) or none (NOT_LISTED)."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    sent = {} if choice == NOT_LISTED else {CONF_CATALOG_UNIT: label(hass, choice)}
    result = await hass.config_entries.options.async_configure(result["flow_id"], sent)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "ratings"
    assert result["errors"] == {}
    return result


async def type_in(hass: HomeAssistant, result: FlowResult, text: str) -> FlowResult:
    """Type `text` into the picker without choosing from the list, and submit."""
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_CATALOG_UNIT: text}
    )


async def test_unit_picker_is_one_searchable_list_daikin_first(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["step_id"] == "init"
    assert result["errors"] == {}
    assert suggested(result) == {}  # empty: not listed
    # A list the browser searches as the user types (custom_value; it lists the labels in
    # alphabetical order); each value is its label, which is what the browser shows of a pick.
    config = result["data_schema"].schema[CONF_CATALOG_UNIT].config
    assert config["custom_value"]
    assert not config.get("sort")
    options = choices(result)
    assert all(option["value"] == option["label"] for option in options)
    assert len(options) == len(load_catalog())
    assert result["description_placeholders"] == {"count": str(len(load_catalog()))}
    by_label = {unit.label_in(metric=True): unit for unit in load_catalog()}
    brands = [by_label[option["value"]].brand for option in options]
    daikin = sum(unit.brand == "Daikin" for unit in load_catalog())
    assert daikin > 10
    assert brands[:daikin] == ["Daikin"] * daikin
    assert "Daikin" not in brands[daikin:]
    # This user is metric: the capacity in kW.
    assert "Daikin Vista RX12QMVJU / FFQ12Q2VJU, 3.96 kW heating (AHRI 9966684)" in listed(result)


async def test_unit_picker_in_btuh_for_us_customary(
    hass: HomeAssistant, us_customary: None
) -> None:
    entry = entry_with(hass, {})
    vista = catalog_unit(VISTA_12)
    assert vista is not None
    assert vista.label == "Daikin Vista RX12QMVJU / FFQ12Q2VJU, 13,500 Btu/h heating (AHRI 9966684)"
    # Typed rather than picked, either capacity finds the one unit, and it is taken.
    for text in ("13,500 Btu/h vista", "3.96 kW vista"):
        result = await hass.config_entries.options.async_init(entry.entry_id)
        assert vista.label in listed(result)
        result = await type_in(hass, result, text)
        assert result["step_id"] == "ratings"
        assert suggested(result)["heating_capacity_btuh"] == 13500.0


async def test_picked_unit_fills_the_ratings(hass: HomeAssistant, us_customary: None) -> None:
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
        PRICE_PER_KWH.key: 0.15,
        **FORM_GAS,
    }

    # The user accepts the form as filled in.
    result = await hass.config_entries.options.async_configure(result["flow_id"], shown)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    ratings = {key: value for key, value in shown.items() if key not in FORM_GAS}
    assert entry.options == {**ratings, "gas_price_per_therm": 1.5, CONF_CATALOG_UNIT: VISTA_12}
    settings = CostSettings.from_options(entry.options)
    assert settings.hspf == 11.2
    assert len(settings.points) == len(unit.points) == 8


async def test_picked_unit_fills_its_pan_heater(hass: HomeAssistant, us_customary: None) -> None:
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


async def test_unit_without_eer_clears_the_stored_one(
    hass: HomeAssistant, us_customary: None
) -> None:
    entry = entry_with(hass, STORED)
    result = await pick(hass, entry, QUATERNITY_9)
    unit = catalog_unit(QUATERNITY_9)
    assert unit is not None
    assert suggested(result)["heating_capacity_btuh"] == unit.heating_capacity_btuh
    sparse = {"hspf": 9.0, "seer": 20.0}
    result = await hass.config_entries.options.async_configure(result["flow_id"], sparse)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {"hspf": 9.0, "seer": 20.0, "ducted": False, "catalog_unit": "3208521"}


async def test_not_listed_keeps_the_stored_ratings(hass: HomeAssistant, us_customary: None) -> None:
    entry = entry_with(hass, {**STORED, CONF_CATALOG_UNIT: VISTA_12})
    result = await pick(hass, entry, NOT_LISTED)
    assert suggested(result) == STORED_FORM
    typed = {"hspf": 12.5, "seer": 22.0, PRICE_PER_KWH.key: 0.2}
    result = await hass.config_entries.options.async_configure(result["flow_id"], typed)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # No unit stored any more: the ratings are the user's own.
    assert entry.options == {**typed, "ducted": False}


async def test_ratings_errors_then_recovery(hass: HomeAssistant, us_customary: None) -> None:
    entry = entry_with(hass, {PRICE_PER_KWH.key: 0.15})
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


async def test_reopening_shows_the_stored_unit_and_edits(
    hass: HomeAssistant, us_customary: None
) -> None:
    entry = entry_with(hass, {})
    result = await pick(hass, entry, VISTA_12)
    edited = {**suggested(result), "hspf": 11.0}  # the user corrected the listed HSPF
    result = await hass.config_entries.options.async_configure(result["flow_id"], edited)
    assert result["type"] is FlowResultType.CREATE_ENTRY

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert suggested(result) == {CONF_CATALOG_UNIT: label(hass, VISTA_12)}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_CATALOG_UNIT: label(hass, VISTA_12)}
    )
    # The same unit again: the stored values, with the user's correction, not the catalogue's.
    assert suggested(result) == edited
    assert suggested(result)["hspf"] == 11.0


async def test_stored_unit_missing_from_the_catalogue(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {**STORED, CONF_CATALOG_UNIT: "1"})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert suggested(result) == {}


@pytest.mark.parametrize("typed", [" RX12QMVJU ", VISTA_12, "rx12qmvju / ffq12q2vju"])
async def test_a_typed_model_or_ahri_number_is_taken(
    hass: HomeAssistant, us_customary: None, typed: str
) -> None:
    entry = entry_with(hass, {})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await type_in(hass, result, typed)
    assert result["step_id"] == "ratings"
    assert result["errors"] == {}
    assert suggested(result)["heating_capacity_btuh"] == 13500.0
    result = await hass.config_entries.options.async_configure(result["flow_id"], suggested(result))
    assert entry.options[CONF_CATALOG_UNIT] == VISTA_12


async def test_typed_words_narrow_the_list_to_pick_from(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await type_in(hass, result, "daikin vista")
    vistas = [u.label_in(metric=True) for u in load_catalog() if u.series == "Vista"]
    assert len(vistas) == 4
    assert result["step_id"] == "init"
    assert result["errors"] == {CONF_CATALOG_UNIT: "pick_a_match"}
    assert result["description_placeholders"] == {"count": "4"}
    assert sorted(listed(result)) == sorted(vistas)
    assert suggested(result) == {CONF_CATALOG_UNIT: "daikin vista"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_CATALOG_UNIT: label(hass, VISTA_12)}
    )
    assert result["step_id"] == "ratings"
    assert result["errors"] == {}


async def test_exact_model_ranks_first(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    # LAU120HYV is also part of LAU120HYV1, which the list would give first without the ranking
    # (the order a client without a search of its own sees).
    result = await type_in(hass, result, "lau120hyv")
    assert result["errors"] == {CONF_CATALOG_UNIT: "pick_a_match"}
    assert len(listed(result)) == 2
    assert "LAU120HYV /" in listed(result)[0]


async def test_no_match_then_empty_means_not_listed(hass: HomeAssistant) -> None:
    entry = entry_with(hass, {"hspf": 9.5})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await type_in(hass, result, "MUZ-XY99NA")
    assert result["step_id"] == "init"
    assert result["errors"] == {CONF_CATALOG_UNIT: "no_match"}
    assert len(listed(result)) == len(load_catalog())  # the whole list to pick from
    assert suggested(result) == {CONF_CATALOG_UNIT: "MUZ-XY99NA"}
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["step_id"] == "ratings"
    assert result["errors"] == {}
    assert suggested(result)["hspf"] == 9.5


async def test_a_common_unit_is_found_by_its_model(hass: HomeAssistant) -> None:
    """MUZ-FH12NA, and its cold-climate twin, are in the catalogue."""
    entry = entry_with(hass, {"hspf": 9.5})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await type_in(hass, result, "MUZ-FH12NA")
    assert result["errors"] == {CONF_CATALOG_UNIT: "pick_a_match"}
    assert listed(result)
    assert all("MUZ-FH12NA" in label for label in listed(result))


async def test_metric_user_sees_kw_and_degc(hass: HomeAssistant) -> None:
    hass.config.units = METRIC_SYSTEM
    hass.config.currency = "EUR"
    entry = entry_with(hass, {PRICE_PER_KWH.key: 0.3})
    result = await pick(hass, entry, VISTA_12)
    assert "heating_capacity_kw" in fields(result)
    shown = suggested(result)
    assert "heating_capacity_btuh" not in shown
    assert "published_points" not in shown
    assert shown["heating_capacity_kw"] == 3.96  # 13,500 Btu/h
    assert shown["cooling_capacity_kw"] == 3.17  # 10,800 Btu/h
    assert shown["published_points_metric"].splitlines()[0] == "heat 8.3 min 1.35 250"
    assert result["description_placeholders"]["currency"] == "EUR"
    assert result["description_placeholders"]["typical_capacity"] == "3.5 kW"

    # Sent as shown: the stored options are the catalogue's, to the Btu/h and degF.
    result = await hass.config_entries.options.async_configure(result["flow_id"], shown)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    unit = catalog_unit(VISTA_12)
    assert unit is not None
    assert entry.options == {
        PRICE_PER_KWH.key: 0.3,
        **unit.options(),
        CONF_CATALOG_UNIT: VISTA_12,
    }

    # Edited in kW and degC: converted to the stored units.
    result = await pick(hass, entry, VISTA_12)
    edited = {
        **suggested(result),
        "heating_capacity_kw": 3.5,
        "published_points_metric": "heat -15 max 3.2 1400\nheat 8.3 min 1.35 250",
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], edited)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["heating_capacity_btuh"] == 11942.0
    assert entry.options["cooling_capacity_btuh"] == 10800.0
    assert entry.options["published_points"] == (
        f"heat 5 max 10919 1400\n{unit.published_points.splitlines()[0]}"
    )
    assert CostSettings.from_options(entry.options).heat_pump()


async def test_us_customary_user_sees_btuh_and_degf(
    hass: HomeAssistant, us_customary: None
) -> None:
    hass.config.currency = "USD"
    entry = entry_with(hass, STORED)
    result = await pick(hass, entry, NOT_LISTED)
    assert "heating_capacity_btuh" in fields(result)
    assert "heating_capacity_kw" not in fields(result)
    assert suggested(result) == STORED_FORM
    assert result["description_placeholders"]["currency"] == "USD"
    assert result["description_placeholders"]["typical_capacity"] == "12,000 Btu/h"
    result = await hass.config_entries.options.async_configure(result["flow_id"], STORED_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {**STORED, "ducted": False}


@pytest.mark.parametrize("metric", [True, False])
async def test_stored_options_round_trip_in_both_unit_systems(
    hass: HomeAssistant, metric: bool
) -> None:
    hass.config.units = METRIC_SYSTEM if metric else US_CUSTOMARY_SYSTEM
    stored = {**STORED, "cooling_capacity_btuh": 12345.6, "ducted": False}
    entry = entry_with(hass, stored)
    result = await pick(hass, entry, NOT_LISTED)
    assert suggested(result) == form_of(stored, metric)
    result = await hass.config_entries.options.async_configure(result["flow_id"], suggested(result))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == stored


@pytest.mark.parametrize(
    ("field", "good"), [("hspf", 9.0), (PRICE_PER_KWH.key, 0.2), ("heating_capacity_kw", 3.5)]
)
async def test_not_a_number_is_rejected_then_recovery(
    hass: HomeAssistant, field: str, good: float
) -> None:
    entry = entry_with(hass, {})
    result = await pick(hass, entry, NOT_LISTED)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"seer": 20.0, field: math.nan}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: "not_finite"}
    # Infinity is outside every field's range: the schema refuses it for that field.
    for infinite in (math.inf, -math.inf):
        with pytest.raises(InvalidData) as refused:
            await hass.config_entries.options.async_configure(
                result["flow_id"], {"seer": 20.0, field: infinite}
            )
        assert refused.value.schema_errors == {field: ANY}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"seer": 20.0, field: good}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    stored = {"heating_capacity_kw": "heating_capacity_btuh"}.get(field, field)
    assert set(entry.options) == {"seer", "ducted", stored}


@pytest.mark.parametrize(
    ("points", "details"),
    [
        ("heat 8.3 min", "line 1: expected 'mode outdoor_c speed capacity_kw input_w'"),
        ("heat warm min 2 500", "line 1: could not convert string to float: 'warm'"),
        ("heat nan min 2 500", "line 1: temperature and capacity must be numbers"),
        ("fan 8.3 min 2 500", "line 1: 'fan' is not a valid Mode"),
    ],
)
async def test_metric_points_errors_then_recovery(
    hass: HomeAssistant, points: str, details: str
) -> None:
    entry = entry_with(hass, {})
    result = await pick(hass, entry, NOT_LISTED)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"published_points_metric": points}
    )
    assert result["errors"] == {"published_points_metric": "invalid_points"}
    assert result["description_placeholders"]["details"] == details
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"published_points_metric": "heat 8.3 min 2 500"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["published_points"] == "heat 46.9 min 6824 500"


async def test_every_unit_fits_the_form(hass: HomeAssistant) -> None:
    # The form's ranges accept every listed value in both unit systems, so a filled-in form
    # can always be sent.
    for unit in load_catalog():
        assert OPTIONS_SCHEMA(unit.options())["hspf"] == unit.hspf, unit.id
        assert METRIC_SCHEMA(to_form(unit.options(), metric=True))["hspf"] == unit.hspf, unit.id


async def test_gas_price_per_m3_round_trips(hass: HomeAssistant) -> None:
    hass.config.country = "NL"
    entry = entry_with(hass, {})
    result = await pick(hass, entry, NOT_LISTED)
    assert result["data_schema"].schema[GAS_PRICE_UNIT].config["options"] == ["kwh", "m3"]
    assert suggested(result) == {GAS_PRICE_UNIT: "m3"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {GAS_PRICE: 1.3, GAS_PRICE_UNIT: "m3"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    stored = dict(entry.options)
    assert stored == {
        "gas_price_per_kwh": pytest.approx(1.3 / 10.5),
        GAS_PRICE_UNIT: "m3",
        "ducted": False,
    }
    # Shown back per m3 as typed; saved unchanged, the stored price does not drift.
    result = await pick(hass, entry, NOT_LISTED)
    assert suggested(result) == {GAS_PRICE: 1.3, GAS_PRICE_UNIT: "m3", "ducted": False}
    result = await hass.config_entries.options.async_configure(result["flow_id"], suggested(result))
    assert entry.options == stored
    # Switched to per kWh: the m3 unit goes.
    result = await pick(hass, entry, NOT_LISTED)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {GAS_PRICE: 0.11, GAS_PRICE_UNIT: "kwh"}
    )
    assert entry.options == {"gas_price_per_kwh": 0.11, "ducted": False}
    # Emptied: no gas price at all.
    result = await pick(hass, entry, NOT_LISTED)
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert entry.options == {"ducted": False}


async def test_a_stored_price_per_therm_keeps_its_unit_for_a_metric_user(
    hass: HomeAssistant,
) -> None:
    entry = entry_with(hass, {"gas_price_per_therm": 1.5})
    result = await pick(hass, entry, NOT_LISTED)
    offered = result["data_schema"].schema[GAS_PRICE_UNIT].config["options"]
    assert offered == ["kwh", "m3", "therm"]
    assert suggested(result) == FORM_GAS
