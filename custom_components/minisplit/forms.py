"""Forms shared by the config flow, the options flow and repairs: selectors, schemas, steps.

The unit picker and the ratings form are the same steps when a companion is added and in the
options of any entry (`CostOptionSteps`); fields are in the user's unit system.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, cast

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowHandler
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntityFilterSelectorConfig,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    Selector,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
)
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM

from .const import (
    CONF_CATALOG_UNIT,
    CONF_CLIMATE_ENTITY,
    CONF_ENERGY_ENTITY,
    CONF_FREQUENCY_ENTITY,
    CONF_KEY,
    CONF_OUTDOOR_ENTITY,
    CONF_POWER_ENTITY,
    MANUFACTURER,
)
from .cost.settings import CostSettings
from .costcore.catalog import CatalogUnit, catalog_unit, load_catalog, search_units
from .costcore.form_units import (
    GAS_PRICE,
    GAS_PRICE_UNIT,
    GasUnit,
    default_gas_unit,
    from_form,
    gas_from_form,
    gas_to_form,
    gas_units,
    stored_gas_unit,
    to_form,
)
from .costcore.options import (
    COST_OPTIONS,
    GAS_PRICE_PER_KWH,
    GAS_PRICE_PER_THERM,
    HSPF,
    HSPF2,
    MAX_COMPRESSOR_HZ,
    MIN_COMPRESSOR_HZ,
    PRICE_ENTITY,
    PRICE_PER_KWH,
    PUBLISHED_POINTS,
    SEER,
    SEER2,
    CostOption,
    OptionKind,
    UnitFill,
)

HOST_SCHEMA = vol.Schema({vol.Required(CONF_HOST): str, vol.Optional(CONF_KEY): str})

# The companion form's field for the building model's design temperature (user's unit).
DESIGN_OUTDOOR = "design_outdoor_temperature"


def companion_schema(metric: bool, exclude: list[str]) -> vol.Schema:
    """Another integration's climate entity, its outdoor temperature, optional sensors.

    `exclude`: climate entities the picker leaves out (heads of ours, units with a companion).
    """
    unit = "°C" if metric else "°F"
    design = NumberSelectorConfig(
        min=-40,  # the same in degC and degF
        max=15 if metric else 59,
        step=0.5 if metric else 1,
        unit_of_measurement=unit,
        mode=NumberSelectorMode.BOX,
    )

    def sensors(device_class: str | None = None) -> EntitySelector:
        config = EntityFilterSelectorConfig(domain="sensor")
        if device_class is not None:
            config["device_class"] = device_class
        return EntitySelector(EntitySelectorConfig(filter=[config]))

    return vol.Schema(
        {
            vol.Required(CONF_CLIMATE_ENTITY): EntitySelector(
                EntitySelectorConfig(domain="climate", exclude_entities=exclude)
            ),
            vol.Required(CONF_OUTDOOR_ENTITY): EntitySelector(
                EntitySelectorConfig(
                    filter=[
                        EntityFilterSelectorConfig(domain="sensor", device_class="temperature"),
                        EntityFilterSelectorConfig(domain="weather"),
                    ]
                )
            ),
            vol.Optional(CONF_FREQUENCY_ENTITY): sensors(),
            vol.Optional(CONF_POWER_ENTITY): sensors("power"),
            vol.Optional(CONF_ENERGY_ENTITY): sensors("energy"),
            vol.Required(DESIGN_OUTDOOR): NumberSelector(design),
        }
    )


def option_selector(option: CostOption, metric: bool) -> Selector[Any]:
    """The form field of a running-cost option in the user's unit system."""
    match option.kind:
        case OptionKind.NUMBER:
            limits = option.form_range(metric)
            assert limits is not None
            return NumberSelector(
                NumberSelectorConfig(
                    min=limits.minimum,
                    max=limits.maximum,
                    step=limits.step,
                    mode=NumberSelectorMode.BOX,
                )
            )
        case OptionKind.FLAG:
            return BooleanSelector()
        case OptionKind.TEXT:
            return TextSelector(TextSelectorConfig(multiline=True))
        case OptionKind.SENSOR:
            return EntitySelector(EntitySelectorConfig(domain="sensor"))


# The prices: asked by the set-up flow's last step, and in the ratings form of the options.
PRICE_OPTIONS = (PRICE_PER_KWH, PRICE_ENTITY)
# Stored per therm or per kWh; the forms ask one price with its unit (GAS_PRICE, GAS_PRICE_UNIT).
GAS_OPTIONS = (GAS_PRICE_PER_THERM, GAS_PRICE_PER_KWH)
GAS_FIELDS = (GAS_PRICE, GAS_PRICE_UNIT)


def _gas_fields(units: list[GasUnit], default: GasUnit) -> dict[vol.Marker, Selector[Any]]:
    """The gas price (any amount: currencies differ by powers of ten) and its unit."""
    return {
        vol.Optional(GAS_PRICE): NumberSelector(
            NumberSelectorConfig(min=0, step="any", mode=NumberSelectorMode.BOX)
        ),
        vol.Required(GAS_PRICE_UNIT, default=default.value): SelectSelector(
            SelectSelectorConfig(
                options=[unit.value for unit in units],
                mode=SelectSelectorMode.DROPDOWN,
                translation_key=GAS_PRICE_UNIT,
            )
        ),
    }


def ratings_schema(
    metric: bool,
    gas: list[GasUnit] | None = None,
    default_gas: GasUnit | None = None,
    *,
    prices: bool = True,
) -> vol.Schema:
    """The ratings form: capacities in kW and points in degC for metric users, else Btu/h, degF.

    `gas`: the gas price units offered (the user's system's by default); `prices`: False leaves
    the prices out (the set-up flow asks them in a step of their own).
    """
    default_gas = default_gas or default_gas_unit(metric, None)
    fields: dict[vol.Marker, Selector[Any]] = {}
    for option in COST_OPTIONS:
        if option in GAS_OPTIONS or option in PRICE_OPTIONS:
            if prices and option is PRICE_PER_KWH:
                fields |= price_fields()
            if prices and option is GAS_PRICE_PER_THERM:
                fields |= _gas_fields(gas or gas_units(metric, None), default_gas)
            continue
        key = option.form_key(metric)
        marker = (
            vol.Optional(key, default=False)
            if option.kind is OptionKind.FLAG
            else vol.Optional(key)
        )
        fields[marker] = option_selector(option, metric)
    return vol.Schema(fields)


def price_fields() -> dict[vol.Marker, Selector[Any]]:
    """The electricity price: a number in the user's currency per kWh, or a price sensor."""
    return {vol.Optional(option.key): option_selector(option, False) for option in PRICE_OPTIONS}


def price_schema(metric: bool, default_gas: GasUnit) -> vol.Schema:
    """The set-up flow's price step: electricity (a price or a sensor), and optionally gas."""
    return vol.Schema(price_fields() | _gas_fields(gas_units(metric, None), default_gas))


def prices_from_form(
    user_input: Mapping[str, Any], shown_from: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The prices of a form as options, or the errors to show."""
    errors = _not_finite(user_input)
    given = {
        option.key: user_input[option.key]
        for option in PRICE_OPTIONS
        if user_input.get(option.key) not in (None, "")
    }
    if len(given) == len(PRICE_OPTIONS):
        errors["base"] = "price_twice"
    if errors:
        return {}, errors
    return given | gas_from_form(user_input, shown_from), {}


# The ratings form of US customary users, in the stored units; METRIC_SCHEMA for metric users.
OPTIONS_SCHEMA = ratings_schema(metric=False)
METRIC_SCHEMA = ratings_schema(metric=True)


# The choice "my unit is not in the catalogue" of the unit picker.
NOT_LISTED = "not_listed"
# The unit picker's search field: words of the label, a model or an AHRI number.
SEARCH = "search"
# Options a catalogue unit fills in; picking a unit replaces them all (the prices stay).
CATALOG_OPTIONS = tuple(option.key for option in COST_OPTIONS if option.unit is not UnitFill.KEPT)


def _unit_schema(units: list[CatalogUnit], metric: bool) -> vol.Schema:
    """The unit picker: a search field, and a dropdown of `units` with "not listed" first.

    The labels give the heating capacity in kW for metric users, in Btu/h for US customary.

    A dropdown without custom_value keeps this order in the browser and shows the label of the
    chosen unit (a combo box with custom_value sorts the labels and shows the raw value).
    """
    choices = [SelectOptionDict(value=NOT_LISTED, label="Not listed: enter the ratings myself")]
    choices += [SelectOptionDict(value=unit.id, label=unit.label_in(metric)) for unit in units]
    return vol.Schema(
        {
            vol.Optional(SEARCH): TextSelector(),
            vol.Required(CONF_CATALOG_UNIT, default=NOT_LISTED): SelectSelector(
                SelectSelectorConfig(
                    options=choices,
                    mode=SelectSelectorMode.DROPDOWN,
                    translation_key=CONF_CATALOG_UNIT,
                )
            ),
        }
    )


def _not_finite(user_input: Mapping[str, Any]) -> dict[str, str]:
    """A field error for each number that is NaN or infinite."""
    return {
        key: "not_finite"
        for key, value in user_input.items()
        if isinstance(value, float) and not math.isfinite(value)
    }


class CostOptionSteps:
    """The unit picker and the ratings form: in the options flow, and when adding a companion.

    The flow using it names the two steps (`_unit_step`, `_ratings_step`), gives the stored
    options (`_stored_options`) and finishes with the checked options (`_async_finish`).
    """

    hass: HomeAssistant
    _unit_step = "init"
    _ratings_step = "ratings"
    # False: the ratings form leaves the prices out (the set-up flow asks them in their own step).
    _ratings_with_prices = True
    # The brand ranked first in the unit picker (None: no brand first).
    _brand: str | None = MANUFACTURER

    def __init__(self) -> None:
        """No unit picked, nothing searched yet."""
        self._unit: CatalogUnit | None = None
        self._search = ""
        # The stored values the ratings form was filled from (in the stored units).
        self._shown_from: dict[str, Any] = {}

    def _flow(self) -> FlowHandler[Any, ConfigFlowResult]:
        """The config or options flow these steps are mixed into."""
        return cast("FlowHandler[Any, ConfigFlowResult]", self)

    def _stored_options(self) -> Mapping[str, Any]:
        raise NotImplementedError

    async def _async_finish(self, data: dict[str, Any]) -> ConfigFlowResult:
        raise NotImplementedError

    async def _async_unit_step(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Search the catalogue and pick the unit, or say it is not listed."""
        # The first load reads the catalogue file: in the executor, never in the event loop.
        # load_catalog caches it, so later flows get it at once.
        units = await self.hass.async_add_executor_job(load_catalog)
        errors: dict[str, str] = {}
        stored = str(self._stored_options().get(CONF_CATALOG_UNIT) or "")
        choice = stored if catalog_unit(stored) is not None else NOT_LISTED
        if user_input is not None:
            search = str(user_input.get(SEARCH) or "").strip()
            choice = str(user_input.get(CONF_CATALOG_UNIT) or NOT_LISTED)
            if search == self._search:
                # The choice is from the list shown (the schema accepts no other): take it.
                self._unit = None if choice == NOT_LISTED else catalog_unit(choice)
                return await self._async_ratings_step()
            self._search = search
        listed = search_units(units, self._search, self._brand or "")
        if self._search and user_input is not None:
            # A new search: its best match is chosen, or "not listed" when nothing matches.
            if listed:
                choice = listed[0].id
            else:
                errors[SEARCH] = "no_match"
                choice = NOT_LISTED
        suggested = {CONF_CATALOG_UNIT: choice} | ({SEARCH: self._search} if self._search else {})
        flow = self._flow()
        return flow.async_show_form(
            step_id=self._unit_step,
            data_schema=flow.add_suggested_values_to_schema(
                _unit_schema(listed, self._metric), suggested
            ),
            errors=errors,
            description_placeholders={"count": str(len(listed))},
        )

    def _suggested_ratings(self) -> dict[str, Any]:
        """The stored options; with the ratings of a newly picked unit in place of the stored."""
        stored = dict(self._stored_options())
        picked_before = stored.pop(CONF_CATALOG_UNIT, None)
        if self._unit is None or self._unit.id == picked_before:
            return stored
        kept = {key: value for key, value in stored.items() if key not in CATALOG_OPTIONS}
        return kept | self._unit.options()

    @property
    def _metric(self) -> bool:
        """True when the user's unit system is metric (kW and degC in the form)."""
        return self.hass.config.units is not US_CUSTOMARY_SYSTEM

    async def _async_ratings_step(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form; checked, then stored (the sensors pick it up from the next sample)."""
        metric = self._metric
        errors: dict[str, str] = {}
        placeholders = {
            "details": "",
            "currency": self.hass.config.currency,
            "typical_capacity": "3.5 kW" if metric else "12,000 Btu/h",
        }
        points_field = PUBLISHED_POINTS.form_key(metric)
        if user_input is None:
            self._shown_from = self._suggested_ratings()
        else:
            errors = _not_finite(user_input)
            data: dict[str, Any] = {}
            if not errors:
                ratings = {k: v for k, v in user_input.items() if k not in GAS_FIELDS}
                try:
                    data = from_form(ratings, self._shown_from, metric)
                except ValueError as err:
                    errors[points_field] = "invalid_points"
                    placeholders["details"] = str(err)
                data |= gas_from_form(user_input, self._shown_from)
            pairs = (
                (HSPF, HSPF2, "hspf_and_hspf2"),
                (SEER, SEER2, "seer_and_seer2"),
                (PRICE_PER_KWH, PRICE_ENTITY, "price_twice"),
            )
            for first, second, error in pairs:
                if data.get(first.key) not in (None, "") and data.get(second.key) not in (None, ""):
                    errors["base"] = error
            low = data.get(MIN_COMPRESSOR_HZ.key)
            high = data.get(MAX_COMPRESSOR_HZ.key)
            if low is not None and high is not None and low >= high:
                errors["base"] = "compressor_range"
            if not errors:
                try:
                    CostSettings.from_options(data).heat_pump()
                except ValueError as err:
                    key = points_field if "line" in str(err) else "base"
                    errors[key] = "invalid_points" if key == points_field else "invalid_ratings"
                    placeholders["details"] = str(err)
            if not errors:
                if self._unit is not None:
                    data[CONF_CATALOG_UNIT] = self._unit.id
                return await self._async_finish(data)
        default_gas = default_gas_unit(metric, self.hass.config.country)
        schema = ratings_schema(
            metric,
            gas_units(metric, stored_gas_unit(self._shown_from)),
            default_gas,
            prices=self._ratings_with_prices,
        )
        flow = self._flow()
        return flow.async_show_form(
            step_id=self._ratings_step,
            data_schema=flow.add_suggested_values_to_schema(
                schema,
                user_input
                or to_form(self._shown_from, metric) | gas_to_form(self._shown_from, default_gas),
            ),
            errors=errors,
            description_placeholders=placeholders,
        )


# The repair's form: an electricity price, or a sensor that follows the tariff.
PRICE_SCHEMA = vol.Schema(price_fields())
