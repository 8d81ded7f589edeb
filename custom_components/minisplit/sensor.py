"""Sensors of a head: temperatures, humidity, compressor, and its own measured energy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import ExtraStoredData
from homeassistant.util import dt as dt_util

from .const import LOGGER
from .coordinator import (
    HeadState,
    MiniSplitAdapterCoordinator,
    MiniSplitConfigEntry,
    MiniSplitStateCoordinator,
)
from .daikin import DayEnergy
from .energy_ledger import EnergyLedger
from .entity import MiniSplitEntity

PARALLEL_UPDATES = 0  # read-only: the coordinators do all the polling


@dataclass(frozen=True, kw_only=True)
class MiniSplitSensorDescription(SensorEntityDescription):
    """A live sensor read from the head's state."""

    value_fn: Callable[[HeadState], float | int | None]


@dataclass(frozen=True, kw_only=True)
class MiniSplitEnergyDescription(SensorEntityDescription):
    """A measured-energy sensor fed by one mode's hourly arrays."""

    hours_fn: Callable[[DayEnergy], tuple[tuple[float, ...], tuple[float, ...]]]


TEMPERATURE_SENSORS: tuple[MiniSplitSensorDescription, ...] = (
    MiniSplitSensorDescription(
        key="indoor_temperature",
        translation_key="indoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        value_fn=lambda state: state.sensors.indoor_temperature,
    ),
    MiniSplitSensorDescription(
        key="outdoor_temperature",
        translation_key="outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        value_fn=lambda state: state.sensors.outdoor_temperature,
    ),
    MiniSplitSensorDescription(
        key="compressor_frequency",
        translation_key="compressor_frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.sensors.compressor_frequency,
    ),
)
HUMIDITY_SENSOR = MiniSplitSensorDescription(
    key="indoor_humidity",
    translation_key="indoor_humidity",
    device_class=SensorDeviceClass.HUMIDITY,
    state_class=SensorStateClass.MEASUREMENT,
    native_unit_of_measurement=PERCENTAGE,
    value_fn=lambda state: state.sensors.indoor_humidity,
)
ENERGY_SENSORS: tuple[MiniSplitEnergyDescription, ...] = (
    MiniSplitEnergyDescription(
        key="heating_energy",
        translation_key="heating_energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=1,
        hours_fn=lambda energy: (energy.today_heat, energy.yesterday_heat),
    ),
    MiniSplitEnergyDescription(
        key="cooling_energy",
        translation_key="cooling_energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=1,
        hours_fn=lambda energy: (energy.today_cool, energy.yesterday_cool),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MiniSplitConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors this head can feed."""
    data = entry.runtime_data
    descriptions = list(TEMPERATURE_SENSORS)
    if data.model.has_humidity_sensor:
        descriptions.append(HUMIDITY_SENSOR)
    entities: list[SensorEntity] = [
        MiniSplitSensor(entry, description) for description in descriptions
    ]
    if data.adapter.data.energy is not None:
        entities += [MiniSplitEnergySensor(entry, description) for description in ENERGY_SENSORS]
    async_add_entities(entities)


class MiniSplitSensor(MiniSplitEntity[MiniSplitStateCoordinator], SensorEntity):
    """A live reading of the head."""

    entity_description: MiniSplitSensorDescription

    def __init__(
        self, entry: MiniSplitConfigEntry, description: MiniSplitSensorDescription
    ) -> None:
        """Bind the description."""
        super().__init__(entry, entry.runtime_data.state, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> float | int | None:
        """The reading; unknown when the head reports `-`."""
        return self.entity_description.value_fn(self.coordinator.data)


@dataclass(slots=True)
class EnergyLedgerStoredData(ExtraStoredData):
    """The ledger, kept by Home Assistant across restarts."""

    ledger: EnergyLedger

    def as_dict(self) -> dict[str, Any]:
        """Serialise the ledger."""
        return {"ledger": self.ledger.as_dict()}


class MiniSplitEnergySensor(MiniSplitEntity[MiniSplitAdapterCoordinator], RestoreSensor):
    """The head's own measured energy for one mode, as an ever-growing total."""

    entity_description: MiniSplitEnergyDescription

    def __init__(
        self, entry: MiniSplitConfigEntry, description: MiniSplitEnergyDescription
    ) -> None:
        """Start with an empty ledger; a restored one replaces it."""
        super().__init__(entry, entry.runtime_data.adapter, description.key)
        self.entity_description = description
        self._ledger = EnergyLedger()

    async def async_added_to_hass(self) -> None:
        """Restore the ledger, then count what the head published meanwhile."""
        await super().async_added_to_hass()
        if (stored := await self.async_get_last_extra_data()) is not None:
            try:
                self._ledger = EnergyLedger.from_dict(stored.as_dict()["ledger"])
            except (KeyError, TypeError, ValueError):
                LOGGER.warning("Could not restore %s; counting starts again", self.entity_id)
        self._count()

    @property
    def extra_restore_state_data(self) -> EnergyLedgerStoredData:
        """Keep the whole ledger, not just the total."""
        return EnergyLedgerStoredData(self._ledger)

    @property
    def native_value(self) -> float:
        """The total in kWh, rounded to the head's 0.1 kWh resolution (and float noise)."""
        return round(self._ledger.total_kwh, 3)

    @callback
    def _handle_coordinator_update(self) -> None:
        """Count the new reading, then write the state."""
        self._count()
        super()._handle_coordinator_update()

    def _count(self) -> None:
        """Feed the latest arrays to the ledger."""
        if not self.coordinator.last_update_success or self.coordinator.data.energy is None:
            return
        today, yesterday = self.entity_description.hours_fn(self.coordinator.data.energy)
        update = self._ledger.update(today, yesterday, dt_util.now())
        if update.lost_days:
            LOGGER.warning(
                "%s was unreachable for %d day(s) the head no longer reports; that energy is not "
                "in the total",
                self.entity_id,
                update.lost_days,
            )
