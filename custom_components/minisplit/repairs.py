"""Repairs: an entry without an electricity price (fixable), a companion whose climate is gone."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN
from .cost.price import price_configured
from .costcore.options import PRICE_ENTITY, PRICE_PER_KWH
from .errors import async_set_issue
from .forms import PRICE_SCHEMA

NO_PRICE = "no_price"


def no_price_issue_id(entry_id: str) -> str:
    """The repair issue of one entry without a price."""
    return f"{NO_PRICE}_{entry_id}"


def source_missing_issue_id(entry_id: str) -> str:
    """The repair issue raised when a companion's climate entity is gone."""
    return f"companion_source_missing_{entry_id}"


def async_delete_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Forget a removed entry's repair issues."""
    for issue_id in (no_price_issue_id(entry_id), source_missing_issue_id(entry_id)):
        ir.async_delete_issue(hass, DOMAIN, issue_id)


def async_check_price(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """Raise the 'no price' repair while the entry has neither a price nor a price sensor."""
    async_set_issue(
        hass,
        no_price_issue_id(entry.entry_id),
        not price_configured(entry.options),
        NO_PRICE,
        {"title": entry.title},
        fix_data={"entry_id": entry.entry_id},
    )


class NoPriceRepairFlow(RepairsFlow):
    """Ask for the electricity price (a number, or a sensor that follows the tariff)."""

    def __init__(self, entry_id: str) -> None:
        """Fix the price of this entry."""
        self._entry_id = entry_id

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """Open the price form.

        Home Assistant starts a repair flow with the issue's id as the first step's input
        ({"issue_id": ...}): that is no answer to the form, which has not been shown yet.
        """
        return await self.async_step_price()

    async def async_step_price(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """Ask for the price; save it in the entry's options."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:
            return self.async_abort(reason="entry_removed")
        errors: dict[str, str] = {}
        if user_input is not None:
            price = user_input.get(PRICE_PER_KWH.key)
            price_entity = user_input.get(PRICE_ENTITY.key)
            if (price is None) == (not price_entity):
                errors["base"] = "price_or_entity"
            else:
                options = {**entry.options}
                options.pop(PRICE_PER_KWH.key, None)
                options.pop(PRICE_ENTITY.key, None)
                options |= {PRICE_PER_KWH.key: price} if price is not None else {}
                options |= {PRICE_ENTITY.key: price_entity} if price_entity else {}
                self.hass.config_entries.async_update_entry(entry, options=options)
                return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="price",
            data_schema=PRICE_SCHEMA,
            description_placeholders={
                "title": entry.title,
                "currency": self.hass.config.currency,
            },
            errors=errors,
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """The fix flow of a minisplit repair issue."""
    assert data is not None
    return NoPriceRepairFlow(str(data["entry_id"]))
