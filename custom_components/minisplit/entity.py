"""Base entity: one device per head, identified by its MAC address."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo, format_mac
from homeassistant.helpers.update_coordinator import CoordinatorEntity, DataUpdateCoordinator

from .const import DOMAIN
from .runtime import MiniSplitConfigEntry


class MiniSplitEntity[CoordinatorT: DataUpdateCoordinator[Any]](CoordinatorEntity[CoordinatorT]):
    """An entity of one head."""

    _attr_has_entity_name = True

    def __init__(self, entry: MiniSplitConfigEntry, coordinator: CoordinatorT, key: str) -> None:
        """Set the unique id and device info from the head's MAC and adapter info."""
        super().__init__(coordinator)
        data = entry.runtime_data
        info = data.adapter.data.info
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
