"""Setting up and unloading a companion entry: running cost for another integration's climate."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir

from .companion_source import ROLES, CompanionSource, resolve
from .const import CONF_CLIMATE_ENTITY, DOMAIN
from .cost_tracker import CostTracker
from .repairs import async_check_price
from .runtime import CompanionConfigEntry, CompanionData

COMPANION_PLATFORMS: list[Platform] = [Platform.SENSOR]


def source_missing_issue_id(entry_id: str) -> str:
    """The repair issue raised when the companion's climate entity is gone."""
    return f"companion_source_missing_{entry_id}"


async def async_setup_companion(hass: HomeAssistant, entry: CompanionConfigEntry) -> bool:
    """Follow the climate entity and start the running-cost estimate."""
    issue_id = source_missing_issue_id(entry.entry_id)
    if resolve(hass, entry.data.get(CONF_CLIMATE_ENTITY)) is None:
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="companion_source_missing",
            translation_placeholders={"title": entry.title},
        )
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="companion_source_missing",
            translation_placeholders={"title": entry.title},
        )
    ir.async_delete_issue(hass, DOMAIN, issue_id)
    source = CompanionSource(hass, entry.data)
    cost = CostTracker(hass, entry, source)  # type: ignore[arg-type]
    await cost.async_load()
    cost.async_start()
    entry.runtime_data = CompanionData(source=source, cost=cost, setup_data=dict(entry.data))
    await hass.config_entries.async_forward_entry_setups(entry, COMPANION_PLATFORMS)
    async_check_price(hass, entry)  # type: ignore[arg-type]
    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))
    followed = {stored for role in ROLES if (stored := entry.data.get(role))}

    @callback
    def _registry_changed(event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        """A source entity renamed or the climate entity removed: set up again.

        Set up again, a renamed entity is followed under its new id; a removed climate entity
        raises the repair issue.
        """
        data = event.data
        if data["action"] == "remove":
            if resolve(hass, entry.data.get(CONF_CLIMATE_ENTITY)) is None:
                hass.config_entries.async_schedule_reload(entry.entry_id)
            return
        if data["action"] != "update" or "old_entity_id" not in data:
            return
        renamed = er.async_get(hass).async_get(data["entity_id"])
        if data["old_entity_id"] in followed or (renamed is not None and renamed.id in followed):
            hass.config_entries.async_schedule_reload(entry.entry_id)

    entry.async_on_unload(
        hass.bus.async_listen(er.EVENT_ENTITY_REGISTRY_UPDATED, _registry_changed)
    )
    return True


async def _async_entry_updated(hass: HomeAssistant, entry: CompanionConfigEntry) -> None:
    """New sources reload the companion; new options apply from the next sample."""
    if dict(entry.data) != entry.runtime_data.setup_data:
        hass.config_entries.async_schedule_reload(entry.entry_id)
        return
    entry.runtime_data.cost.async_set_options(entry.options)
    async_check_price(hass, entry)  # type: ignore[arg-type]


async def async_unload_companion(hass: HomeAssistant, entry: CompanionConfigEntry) -> bool:
    """Stop following; keep the totals."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, COMPANION_PLATFORMS)
    if unloaded:
        await entry.runtime_data.cost.async_stop()
    return unloaded


def async_remove_companion_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Forget the companion's repair issues."""
    ir.async_delete_issue(hass, DOMAIN, source_missing_issue_id(entry_id))
