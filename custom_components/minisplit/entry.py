"""Setting up, unloading and removing an entry: a head of ours, or a companion."""

from __future__ import annotations

import inspect

from homeassistant.const import CONF_HOST, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device import async_entity_id_to_device_id
from homeassistant.helpers.helper_integration import async_handle_source_entity_changes

from .companion import ROLES, CompanionSource, async_home_meter, resolve
from .const import CONF_CLIMATE_ENTITY, CONF_KEY, CONF_PROTOCOL, CONF_UUID, DOMAIN, REQUEST_TIMEOUT
from .coordinator import (
    AnyConfigEntry,
    CompanionConfigEntry,
    CompanionData,
    MiniSplitAdapterCoordinator,
    MiniSplitConfigEntry,
    MiniSplitData,
    MiniSplitEnergyCoordinator,
    MiniSplitStateCoordinator,
    is_companion,
    retry_busy_later,
)
from .cost_coordinator import CostCoordinator
from .device import (
    async_keep_device_current,
    async_picked_unit,
    async_update_device_model,
    device_model,
    head_device_info,
)
from .drivers import create_driver
from .errors import async_set_issue, invalid_stored_host, setup_failed
from .heads import HeadError, InvalidHost
from .repairs import async_check_price, async_delete_issues, source_missing_issue_id
from .sources import HeadCostSource

PLATFORMS: list[Platform] = [Platform.CLIMATE, Platform.SENSOR]
COMPANION_PLATFORMS: list[Platform] = [Platform.SENSOR]

# Releases whose helper takes add_helper_config_entry_to_device (2026.2.3) add the companion's entry
# to the climate's device unless told not to; later ones (2026.10.4, 2026.11) never do, and report
# the keyword as a deprecation ("no longer has any effect"): it is passed only where it is taken.
_NOT_ON_SOURCE_DEVICE: dict[str, bool] = (
    {"add_helper_config_entry_to_device": False}
    if "add_helper_config_entry_to_device"
    in inspect.signature(async_handle_source_entity_changes).parameters
    else {}
)


async def async_setup_entry(hass: HomeAssistant, entry: AnyConfigEntry) -> bool:
    """Set up a head or a companion."""
    if is_companion(entry):
        return await _async_setup_companion(hass, entry)  # type: ignore[arg-type]  # told apart
    return await _async_setup_head(hass, entry)  # type: ignore[arg-type]  # by is_companion


async def _async_setup_head(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> bool:
    """Connect to the head, read what it can do, and start polling."""
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
        # An entry keeps the address it was made with, which the parser may reject: retrying
        # cannot help, reconfiguring does.
        raise invalid_stored_host(str(entry.data[CONF_HOST]), err) from err
    adapter = MiniSplitAdapterCoordinator(hass, entry, driver)
    await adapter.async_config_entry_first_refresh()
    energy = MiniSplitEnergyCoordinator(hass, entry, driver)
    await energy.async_config_entry_first_refresh()
    try:
        capabilities = await driver.async_read_capabilities()
    except HeadError as err:
        failed = setup_failed(err, driver)
        if isinstance(failed, ConfigEntryNotReady):
            failed = retry_busy_later(failed, err)
        raise failed from err
    state = MiniSplitStateCoordinator(hass, entry, driver)
    await state.async_config_entry_first_refresh()
    cost = CostCoordinator(
        hass, entry, HeadCostSource(state, energy, lambda: energy.ledger.measured_hours())
    )
    await cost.async_load()
    cost.async_start()
    energy.price = lambda: cost.price_per_kwh
    energy.max_kwh_per_hour = lambda: cost.max_kwh_per_hour

    entry.runtime_data = MiniSplitData(
        driver=driver,
        capabilities=capabilities,
        device_info=head_device_info(
            driver,
            capabilities,
            adapter.data,
            device_model(capabilities.model, await async_picked_unit(hass, entry)),
        ),
        state=state,
        adapter=adapter,
        energy=energy,
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


async def _async_setup_companion(hass: HomeAssistant, entry: CompanionConfigEntry) -> bool:
    """Follow the climate entity and start the running-cost estimate."""
    climate = resolve(hass, entry.data.get(CONF_CLIMATE_ENTITY))
    issue_id = source_missing_issue_id(entry.entry_id)
    if climate is None:
        async_set_issue(
            hass,
            issue_id,
            True,
            "companion_source_missing",
            {"title": entry.title},
            ir.IssueSeverity.ERROR,
        )
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="companion_source_missing",
            translation_placeholders={"title": entry.title},
        )
    ir.async_delete_issue(hass, DOMAIN, issue_id)
    source = CompanionSource(hass, entry.data, await async_home_meter(hass))
    cost = CostCoordinator(hass, entry, source)
    await cost.async_load()
    cost.async_start()
    entry.runtime_data = CompanionData(source=source, cost=cost, setup_data=dict(entry.data))
    await hass.config_entries.async_forward_entry_setups(entry, COMPANION_PLATFORMS)
    async_check_price(hass, entry)
    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))
    _async_follow_sources(hass, entry, climate)
    return True


def _async_follow_sources(hass: HomeAssistant, entry: CompanionConfigEntry, climate: str) -> None:
    """Follow the source entities with Home Assistant's helper for entities over another.

    A renamed source reloads the companion (it keeps registry ids, so it finds the new name);
    a climate entity moved to another device takes the cost sensors along; a removed climate
    entity reloads it, which raises the repair. Other sources removed are simply read as gone.
    """

    async def _climate_removed() -> None:
        hass.config_entries.async_schedule_reload(entry.entry_id)

    async def _other_removed() -> None:
        return

    for role in ROLES:
        if not (stored := entry.data.get(role)) or (entity_id := resolve(hass, stored)) is None:
            continue
        is_climate = role == CONF_CLIMATE_ENTITY
        entry.async_on_unload(
            async_handle_source_entity_changes(
                hass,
                **_NOT_ON_SOURCE_DEVICE,
                helper_config_entry_id=entry.entry_id,
                # Registry ids are stored: a rename reloads the entry instead of calling this.
                set_source_entity_id_or_uuid=lambda _new: None,
                source_device_id=(
                    async_entity_id_to_device_id(hass, climate) if is_climate else None
                ),
                source_entity_id_or_uuid=stored if "." not in stored else entity_id,
                source_entity_removed=_climate_removed if is_climate else _other_removed,
            )
        )


async def _async_entry_updated(hass: HomeAssistant, entry: AnyConfigEntry) -> None:
    """New data (address, key, sources) reloads the entry; new options need no reload.

    The cost coordinator takes them (its ratings apply from the next sample); a head's picked
    unit becomes its model, and a price clears the repair.
    """
    data = entry.runtime_data
    if dict(entry.data) != data.setup_data:
        hass.config_entries.async_schedule_reload(entry.entry_id)
        return
    data.cost.async_set_options(entry.options)
    if isinstance(data, MiniSplitData):
        await async_update_device_model(hass, entry)  # type: ignore[arg-type]  # a head's
    async_check_price(hass, entry)


async def async_unload_entry(hass: HomeAssistant, entry: AnyConfigEntry) -> bool:
    """Stop polling or following; keep the cost totals."""
    platforms = COMPANION_PLATFORMS if is_companion(entry) else PLATFORMS
    unloaded = await hass.config_entries.async_unload_platforms(entry, platforms)
    if unloaded:
        await entry.runtime_data.cost.async_stop()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: AnyConfigEntry) -> None:
    """Forget the entry's stored cost totals and its repair issues."""
    async_delete_issues(hass, entry.entry_id)
    await CostCoordinator.async_remove_storage(hass, entry)
    if not is_companion(entry):
        await MiniSplitEnergyCoordinator.async_remove_storage(hass, entry)
