"""Forms shared by the config flow, the options flow and repairs: selectors and schemas.

Fields are in the user's unit system; the steps that show them are in the flows and in
`cost_steps.py` (the unit picker and the ratings form).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
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

from .const import (
    CONF_CATALOG_UNIT,
    CONF_CLIMATE_ENTITY,
    CONF_ENERGY_ENTITY,
    CONF_FREQUENCY_ENTITY,
    CONF_HOME_ENERGY_ENTITY,
    CONF_KEY,
    CONF_KIND,
    CONF_OUTDOOR_ENTITY,
    CONF_POWER_ENTITY,
    DOMAIN,
    KIND_COMPANION,
)
from .costcore.catalog import (
    CatalogUnit,
)
from .costcore.form_units import (
    GAS_PRICE,
    GAS_PRICE_UNIT,
    GasUnit,
    default_gas_unit,
    gas_from_form,
    gas_units,
)
from .costcore.options import (
    COST_OPTIONS,
    GAS_PRICE_PER_KWH,
    GAS_PRICE_PER_THERM,
    PRICE_ENTITY,
    PRICE_PER_KWH,
    CostOption,
    OptionKind,
)

HOST_SCHEMA = vol.Schema({vol.Required(CONF_HOST): str, vol.Optional(CONF_KEY): str})

# The companion form's field for the building model's design temperature (user's unit).
DESIGN_OUTDOOR = "design_outdoor_temperature"
# ...and for the heat loss the user may know: W/K (metric) or Btu/h per degF (US customary).
HEAT_LOSS = "heat_loss"
BTUH_PER_F_IN_W_PER_K = 0.527527  # 1 Btu/h per degF = 0.293071 W / (5/9 K)


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
            vol.Optional(CONF_HOME_ENERGY_ENTITY): sensors("energy"),
            vol.Required(DESIGN_OUTDOOR): NumberSelector(design),
            vol.Optional(HEAT_LOSS): NumberSelector(
                NumberSelectorConfig(
                    min=1,
                    max=5000,
                    step=1,
                    unit_of_measurement="W/K" if metric else "Btu/h/°F",
                    mode=NumberSelectorMode.BOX,
                )
            ),
        }
    )


def climates_taken(hass: HomeAssistant, entries: Iterable[ConfigEntry[Any]]) -> list[str]:
    """Climate entities the companion picker leaves out: our heads', and those with a companion.

    `entries`: this integration's entries. The entity selector rejects them too, should one be
    sent all the same.
    """
    registry = er.async_get(hass)
    taken = {
        entity.entity_id
        for entity in registry.entities.values()
        if entity.platform == DOMAIN and entity.domain == "climate"
    }
    for entry in entries:
        if entry.data.get(CONF_KIND) == KIND_COMPANION:
            stored = entry.data[CONF_CLIMATE_ENTITY]
            taken.add(er.async_resolve_entity_id(registry, stored) or stored)
    return sorted(taken)


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
    errors = not_finite(user_input)
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


def unit_schema(units: list[CatalogUnit], metric: bool) -> vol.Schema:
    """The unit picker: one searchable list of `units`; left empty, the unit is not listed.

    The browser shows a picked value as it is, not its label (the select selector gives its
    picker no value renderer): so each value is the unit's label, with its heating capacity in
    kW for metric users, in Btu/h for US customary ones. A typed text the list does not hold
    comes back as it is (custom_value), and is taken as a search.
    """
    labels = [unit.label_in(metric) for unit in units]
    return vol.Schema(
        {
            vol.Optional(CONF_CATALOG_UNIT): SelectSelector(
                SelectSelectorConfig(
                    options=[SelectOptionDict(value=label, label=label) for label in labels],
                    custom_value=True,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            ),
        }
    )


def not_finite(user_input: Mapping[str, Any]) -> dict[str, str]:
    """A field error for each number that is NaN or infinite."""
    return {
        key: "not_finite"
        for key, value in user_input.items()
        if isinstance(value, float) and not math.isfinite(value)
    }


# The repair's form: an electricity price, or a sensor that follows the tariff.
PRICE_SCHEMA = vol.Schema(price_fields())
