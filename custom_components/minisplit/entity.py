"""Base entities: a head's (its device, by MAC) and a companion's (its source's device)."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.device import async_entity_id_to_device
from homeassistant.helpers.device_registry import (
    CONNECTION_NETWORK_MAC,
    DeviceEntryType,
    DeviceInfo,
    format_mac,
)
from homeassistant.helpers.update_coordinator import CoordinatorEntity, DataUpdateCoordinator

from .const import CONF_CLIMATE_ENTITY, DOMAIN
from .coordinator import CompanionData, MiniSplitData
from .cost_coordinator import CostCoordinator


class MiniSplitEntity[CoordinatorT: DataUpdateCoordinator[Any]](CoordinatorEntity[CoordinatorT]):
    """An entity of one head."""

    _attr_has_entity_name = True

    def __init__(self, data: MiniSplitData, coordinator: CoordinatorT, key: str) -> None:
        """Set the unique id and device info from the head's MAC and adapter info."""
        super().__init__(coordinator)
        info = data.adapter.data
        mac = format_mac(info.mac)
        self._attr_unique_id = f"{mac}-{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, mac)},
            connections={(CONNECTION_NETWORK_MAC, mac)},
            manufacturer=data.driver.manufacturer,
            model=data.device_model,
            name=info.name or f"{data.driver.manufacturer} {data.driver.host}",
            sw_version=info.firmware.replace("_", "."),
            configuration_url=data.driver.configuration_url,
        )


class CompanionEntity(CoordinatorEntity[CostCoordinator]):
    """An entity of a companion, shown on its climate entity's own device (a helper's pattern).

    A climate entity without a device gets a service device named after the companion.
    """

    _attr_has_entity_name = True

    def __init__(
        self, hass: HomeAssistant, entry_id: str, title: str, data: CompanionData, key: str
    ) -> None:
        """Set the unique id and the device from the climate entity."""
        super().__init__(data.cost)
        self._attr_unique_id = f"{entry_id}-{key}"
        climate = data.source.entity_id(CONF_CLIMATE_ENTITY)
        device = None if climate is None else async_entity_id_to_device(hass, climate)
        if device is not None:
            self.device_entry = device
        else:
            self._attr_device_info = DeviceInfo(
                identifiers={(DOMAIN, entry_id)},
                name=title,
                entry_type=DeviceEntryType.SERVICE,
            )
