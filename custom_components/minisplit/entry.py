"""Setting up, unloading and removing a config entry (one head)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .companion_entry import (
    async_remove_companion_issues,
    async_setup_companion,
    async_unload_companion,
)
from .const import (
    CONF_KEY,
    CONF_KIND,
    CONF_PROTOCOL,
    CONF_UUID,
    DOMAIN,
    KIND_COMPANION,
    REQUEST_TIMEOUT,
)
from .coordinator import MiniSplitAdapterCoordinator, MiniSplitStateCoordinator
from .cost_tracker import CostTracker, HeadCostSource
from .device import (
    async_keep_device_current,
    async_picked_unit,
    async_update_device_model,
    device_model,
)
from .drivers import create_driver
from .errors import invalid_stored_host, setup_failed
from .heads import HeadError, InvalidHost
from .repairs import async_check_price, no_price_issue_id
from .runtime import MiniSplitConfigEntry, MiniSplitData

PLATFORMS: list[Platform] = [Platform.CLIMATE, Platform.SENSOR]


def is_companion(entry: ConfigEntry[Any]) -> bool:
    """Whether an entry is a companion (another integration's climate), not a head of ours."""
    return entry.data.get(CONF_KIND) == KIND_COMPANION


async def async_setup_entry(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> bool:
    """Connect to the head, read what it can do, and start polling (or start a companion)."""
    if is_companion(entry):
        return await async_setup_companion(hass, entry)  # type: ignore[arg-type]
    try:
        driver = create_driver(
            async_get_clientsession(hass),
            entry.data[CONF_HOST],
            protocol=entry.data.get(CONF_PROTOCOL),
            key=entry.data.get(CONF_KEY),
            client_id=entry.data.get(CONF_UUID),
            request_timeout=REQUEST_TIMEOUT,
        )
    except InvalidHost as err:
        # Stored by an older version that accepted it; retrying cannot help, reconfiguring does.
        raise invalid_stored_host(str(entry.data[CONF_HOST]), err) from err
    adapter = MiniSplitAdapterCoordinator(hass, entry, driver)
    await adapter.async_config_entry_first_refresh()
    try:
        capabilities = await driver.async_read_capabilities()
    except HeadError as err:
        raise setup_failed(err, driver) from err
    state = MiniSplitStateCoordinator(hass, entry, driver)
    await state.async_config_entry_first_refresh()
    cost = CostTracker(hass, entry, HeadCostSource(state), adapter)
    await cost.async_load()
    cost.async_start()

    entry.runtime_data = MiniSplitData(
        driver=driver,
        capabilities=capabilities,
        device_model=device_model(
            driver.product_name, capabilities.model, await async_picked_unit(hass, entry)
        ),
        state=state,
        adapter=adapter,
        cost=cost,
        setup_data=dict(entry.data),
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    async_keep_device_current(hass, entry)
    async_check_price(hass, entry)
    # The one reaction to a changed entry: the flows only store their changes (Home Assistant
    # 2026.12 refuses flow helpers that reload an entry with an update listener).
    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))
    return True


async def _async_entry_updated(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> None:
    """New data (address, key) reloads the head; new options need no reload.

    The cost tracker takes them (its ratings apply from the next sample); the picked unit becomes
    the model, and a price clears the repair.
    """
    if dict(entry.data) != entry.runtime_data.setup_data:
        hass.config_entries.async_schedule_reload(entry.entry_id)
        return
    entry.runtime_data.cost.async_set_options(entry.options)
    await async_update_device_model(hass, entry)
    async_check_price(hass, entry)


async def async_unload_entry(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> bool:
    """Stop polling the head; keep the cost totals."""
    if is_companion(entry):
        return await async_unload_companion(hass, entry)  # type: ignore[arg-type]
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.cost.async_stop()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> None:
    """Forget the head's stored cost totals and its repair issues."""
    ir.async_delete_issue(hass, DOMAIN, no_price_issue_id(entry.entry_id))
    async_remove_companion_issues(hass, entry.entry_id)
    await CostTracker.async_remove_storage(hass, entry)
