"""The head's device: its model in the registry, kept current, and back as one when it answers.

The device page names the unit (`model`), the code the head reports for it (`model_id`), the
Wi-Fi adapter (`hw_version`) and its firmware (`sw_version`), each in its own field.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo

from .const import CONF_CATALOG_UNIT, DOMAIN, LOGGER
from .coordinator import MiniSplitConfigEntry
from .costcore.catalog import CatalogUnit, catalog_unit
from .heads import Capabilities, HeadDriver, HeadInfo


def head_device_info(
    driver: HeadDriver, capabilities: Capabilities, info: HeadInfo, model: str | None
) -> DeviceInfo:
    """The head's device, by MAC, as every entity of the head names it (one object for all).

    The unit is the model, the code it reports the model id, the adapter the hardware and its
    firmware the software (the fields Home Assistant shows for each).
    """
    mac = dr.format_mac(info.mac)
    return DeviceInfo(
        identifiers={(DOMAIN, mac)},
        connections={(CONNECTION_NETWORK_MAC, mac)},
        manufacturer=driver.manufacturer,
        model=model,
        model_id=capabilities.model_code,
        hw_version=driver.product_name,
        name=info.name or f"{driver.manufacturer} {driver.host}",
        sw_version=info.firmware.replace("_", "."),
        configuration_url=driver.configuration_url,
    )


def device_model(head_model: str | None, unit: CatalogUnit | None) -> str | None:
    """The model shown on the device page: the unit's, never the adapter's.

    The model names the head reports (indoor / outdoor, on /dsiot adapters) come first: they are
    the unit on the wall, while a picked catalogue unit may be the nearest listed one. Then the
    unit picked in the options; None when neither is known (classic adapters report only a code,
    shown as the model id; the adapter and its firmware have fields of their own).
    """
    if head_model:
        return head_model
    if unit is not None:
        series = (
            unit.series
            if unit.series.casefold().startswith(unit.brand.casefold())
            else (f"{unit.brand} {unit.series}".strip())
        )
        return f"{series} {unit.outdoor_model} / {unit.indoor_model}"
    return None


async def async_picked_unit(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> CatalogUnit | None:
    """The catalogue unit picked in the options, read in the executor (first read is file I/O)."""
    if not (unit_id := entry.options.get(CONF_CATALOG_UNIT)):
        return None
    return await hass.async_add_executor_job(catalog_unit, str(unit_id))


def _device(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> dr.DeviceEntry | None:
    """The registry entry of this head, once its entities have created it."""
    mac = dr.format_mac(entry.runtime_data.adapter.data.mac)
    # Among this entry's devices: a look-up by identifier alone (`async_get_device`) is deprecated
    # from Home Assistant 2026.10 on, as identifiers are unique only within a config entry.
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return next((device for device in devices if (DOMAIN, mac) in device.identifiers), None)


@callback
def async_keep_device_current(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> None:
    """Follow firmware updates in the registry; bring the adapter back with the head."""
    data = entry.runtime_data

    @callback
    def _firmware_changed() -> None:
        if not data.adapter.last_update_success or (device := _device(hass, entry)) is None:
            return
        firmware = data.adapter.data.firmware
        if firmware and device.sw_version != firmware:
            LOGGER.info("%s: adapter firmware now %s", entry.title, firmware)
            dr.async_get(hass).async_update_device(device.id, sw_version=firmware)

    head_was_answering = data.state.last_update_success

    @callback
    def _head_answered() -> None:
        # The adapter poll runs every ten minutes; when the head comes back, read its energy and
        # adapter info at once so those sensors return with the others. Only on that transition:
        # an adapter that keeps failing on its own must not be asked once a minute.
        nonlocal head_was_answering
        came_back = data.state.last_update_success and not head_was_answering
        head_was_answering = data.state.last_update_success
        if not came_back:
            return
        for coordinator in (data.adapter, data.energy):
            if not coordinator.last_update_success:
                entry.async_create_background_task(
                    hass,
                    coordinator.async_request_refresh(),
                    f"minisplit {coordinator.kind} refresh",
                )

    entry.async_on_unload(data.adapter.async_add_listener(_firmware_changed))
    entry.async_on_unload(data.state.async_add_listener(_head_answered))


async def async_update_device_model(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> None:
    """Show the unit picked in the options as the device's model."""
    data = entry.runtime_data
    model = device_model(data.capabilities.model, await async_picked_unit(hass, entry))
    data.device_info = DeviceInfo(**{**data.device_info, "model": model})
    if (device := _device(hass, entry)) is not None and device.model != model:
        dr.async_get(hass).async_update_device(device.id, model=model)
