"""The unit picker and the ratings form: in the options flow, and when adding a companion.

The same two steps serve both (`CostOptionSteps`); their forms are in `forms.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowHandler
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM

from .const import CONF_CATALOG_UNIT, MANUFACTURER
from .cost.settings import CostSettings
from .costcore.catalog import (
    CatalogUnit,
    catalog_unit,
    display_order,
    load_catalog,
    match_unit,
    search_units,
)
from .costcore.form_units import (
    GAS_PRICE_UNIT,
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
    HSPF,
    HSPF2,
    MAX_COMPRESSOR_HZ,
    MIN_COMPRESSOR_HZ,
    PRICE_ENTITY,
    PRICE_PER_KWH,
    PUBLISHED_POINTS,
    SEER,
    SEER2,
    UnitFill,
)
from .forms import (
    GAS_FIELDS,
    not_finite,
    price_schema,
    prices_from_form,
    ratings_schema,
    unit_schema,
)

# Options a catalogue unit fills in; picking a unit replaces them all (the prices stay).
CATALOG_OPTIONS = tuple(option.key for option in COST_OPTIONS if option.unit is not UnitFill.KEPT)


def picked_unit(
    units: tuple[CatalogUnit, ...], text: str, first_brand: str
) -> tuple[CatalogUnit | None, list[CatalogUnit]]:
    """The unit a picker's answer names (a label, an AHRI number or a unique part of a label).

    Without one, the units a typed text matches (none: nothing listed holds it).
    """
    by_label = {unit.label_in(metric): unit for unit in units for metric in (True, False)}
    unit = by_label.get(text) or match_unit(units, text)
    if unit is not None:
        return unit, []
    return None, search_units(units, text, first_brand)


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
        """No unit picked yet."""
        self._unit: CatalogUnit | None = None
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
        """Pick the unit from the searchable list, or leave it empty: it is not listed."""
        # The first load reads the catalogue file: in the executor, never in the event loop.
        # load_catalog caches it, so later flows get it at once.
        units = await self.hass.async_add_executor_job(load_catalog)
        metric = self._metric
        errors: dict[str, str] = {}
        listed = display_order(units, self._brand or "")
        stored = catalog_unit(str(self._stored_options().get(CONF_CATALOG_UNIT) or ""))
        suggested = {CONF_CATALOG_UNIT: stored.label_in(metric)} if stored is not None else {}
        if user_input is not None:
            text = str(user_input.get(CONF_CATALOG_UNIT) or "").strip()
            if not text:
                self._unit = None
                return await self._async_ratings_step()
            unit, matches = picked_unit(units, text, self._brand or "")
            if unit is not None or len(matches) == 1:
                unit = unit or matches[0]
                self._unit = unit
                return await self._async_ratings_step()
            # Typed, not picked: the list narrows to what matches, to pick from.
            errors[CONF_CATALOG_UNIT] = "pick_a_match" if matches else "no_match"
            listed = matches or listed
            suggested = {CONF_CATALOG_UNIT: text}
        flow = self._flow()
        return flow.async_show_form(
            step_id=self._unit_step,
            data_schema=flow.add_suggested_values_to_schema(unit_schema(listed, metric), suggested),
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
            errors = not_finite(user_input)
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


class PriceStep:
    """The set-up flow's last step, for heads and companions alike: the prices, skippable.

    Without an electricity price the "no electricity price yet" repair asks later.
    """

    hass: HomeAssistant

    def __init__(self) -> None:
        """The entry to create once the prices are answered or skipped."""
        super().__init__()
        self._title = ""
        self._data: dict[str, Any] = {}
        self._options: dict[str, Any] = {}

    async def async_step_price(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask the electricity and gas prices, then add the entry."""
        flow = cast("ConfigFlow", self)
        metric = self.hass.config.units is not US_CUSTOMARY_SYSTEM
        errors: dict[str, str] = {}
        if user_input is not None:
            prices, errors = prices_from_form(user_input, {})
            if not errors:
                return flow.async_create_entry(
                    title=self._title, data=self._data, options=self._options | prices
                )
        default_gas = default_gas_unit(metric, self.hass.config.country)
        return flow.async_show_form(
            step_id="price",
            data_schema=flow.add_suggested_values_to_schema(
                price_schema(metric, default_gas),
                user_input or {GAS_PRICE_UNIT: default_gas.value},
            ),
            errors=errors,
            description_placeholders={"title": self._title, "currency": self.hass.config.currency},
        )
