"""Sensors of a head: temperatures, humidity, compressor, and its own measured energy."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

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
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import ExtraStoredData
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from homeassistant.util import dt as dt_util

from .const import LOGGER
from .coordinator import (
    AnyConfigEntry,
    CompanionData,
    MiniSplitData,
    MiniSplitEnergyCoordinator,
    MiniSplitStateCoordinator,
)
from .cost.estimate import HeatSource
from .cost_coordinator import CostCoordinator
from .energy.daily import DailyEnergyLedger
from .energy.hourly import EnergyLedger
from .entity import CompanionEntity, MiniSplitEntity
from .errors import ProblemLog
from .heads import Capabilities, DailyEnergy, HeadState, HourlyEnergy, MeasuredEnergy

PARALLEL_UPDATES = 0  # read-only: the coordinators do all the polling


@dataclass(frozen=True, kw_only=True)
class MiniSplitSensorDescription(SensorEntityDescription):
    """A live sensor read from the head's state, on heads that report it."""

    value_fn: Callable[[HeadState], float | int | None]
    exists_fn: Callable[[Capabilities], bool] = lambda _: True


@dataclass(frozen=True, kw_only=True)
class MiniSplitEnergyDescription(SensorEntityDescription):
    """A measured-energy sensor fed by one mode's hourly arrays."""

    hours_fn: Callable[[HourlyEnergy], tuple[Sequence[float | None], Sequence[float | None]]]


@dataclass(frozen=True, kw_only=True)
class MiniSplitCostDescription(SensorEntityDescription):
    """A running-cost sensor read from the cost tracker."""

    value_fn: Callable[[CostCoordinator], float | str | None]
    unit_is_currency: bool = False
    per_hour: bool = False


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


COST_SENSORS: tuple[MiniSplitCostDescription, ...] = (
    MiniSplitCostDescription(
        key="estimated_power",
        translation_key="estimated_power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=lambda cost: _rounded(cost.reading and cost.reading.input_w, 1),
    ),
    MiniSplitCostDescription(
        key="estimated_energy",
        translation_key="estimated_energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda cost: round(cost.meter.energy_kwh, 4),
    ),
    MiniSplitCostDescription(
        key="heat_delivered",
        translation_key="heat_delivered",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=lambda cost: _rounded(cost.reading and cost.reading.delivered_w, 1),
    ),
    MiniSplitCostDescription(
        key="cop",
        translation_key="cop",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda cost: _rounded(cost.reading and cost.reading.cop, 3),
    ),
    MiniSplitCostDescription(
        key="running_cost_rate",
        translation_key="running_cost_rate",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        unit_is_currency=True,
        per_hour=True,
        value_fn=lambda cost: _rounded(cost.cost_per_hour, 5),
    ),
    MiniSplitCostDescription(
        key="running_cost",
        translation_key="running_cost",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        unit_is_currency=True,
        value_fn=lambda cost: round(cost.meter.cost, 4) if cost.price_configured else None,
    ),
    MiniSplitCostDescription(
        key="savings_vs_baseboard",
        translation_key="savings_vs_baseboard",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        unit_is_currency=True,
        value_fn=lambda cost: (
            round(cost.meter.savings_vs_baseboard, 4) if cost.price_configured else None
        ),
    ),
    MiniSplitCostDescription(
        key="savings_vs_gas",
        translation_key="savings_vs_gas",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        unit_is_currency=True,
        value_fn=lambda cost: (
            round(cost.meter.savings_vs_gas, 4)
            if cost.price_configured and cost.settings.gas_heat_price_per_kwh is not None
            else None
        ),
    ),
    MiniSplitCostDescription(
        key="break_even_outdoor_temperature",
        translation_key="break_even_outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value_fn=lambda cost: _rounded(cost.break_even_outdoor_c, 2),
    ),
    MiniSplitCostDescription(
        key="cheapest_heat_source",
        translation_key="cheapest_heat_source",
        device_class=SensorDeviceClass.ENUM,
        options=[source.value for source in HeatSource],
        value_fn=lambda cost: cost.cheapest_heat_source,
    ),
)

CALIBRATION_SENSOR = MiniSplitCostDescription(
    key="estimate_calibration",
    translation_key="estimate_calibration",
    entity_category=EntityCategory.DIAGNOSTIC,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=2,
    value_fn=lambda cost: round(cost.calibration.load_scale, 4),
)

LIVE_SENSORS: tuple[MiniSplitSensorDescription, ...] = (
    MiniSplitSensorDescription(
        key="indoor_temperature",
        translation_key="indoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        value_fn=lambda state: state.room_temperature,
    ),
    MiniSplitSensorDescription(
        key="outdoor_temperature",
        translation_key="outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        value_fn=lambda state: state.outdoor_temperature,
    ),
    MiniSplitSensorDescription(
        key="compressor_frequency",
        translation_key="compressor_frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.compressor_frequency,
        exists_fn=lambda capabilities: capabilities.compressor_frequency,
    ),
    MiniSplitSensorDescription(
        key="indoor_humidity",
        translation_key="indoor_humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value_fn=lambda state: state.room_humidity,
        exists_fn=lambda capabilities: capabilities.room_humidity,
    ),
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

# Heads that measure per day only (no heating/cooling split): one total.
DAILY_ENERGY_SENSOR = SensorEntityDescription(
    key="measured_energy",
    translation_key="measured_energy",
    device_class=SensorDeviceClass.ENERGY,
    state_class=SensorStateClass.TOTAL_INCREASING,
    native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
    suggested_display_precision=2,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AnyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors this head can feed (or a companion's running-cost sensors)."""
    data = entry.runtime_data
    if isinstance(data, CompanionData):
        descriptions = list(COST_SENSORS)
        if data.source.measures:
            descriptions.append(CALIBRATION_SENSOR)  # against its power or energy sensor
        async_add_entities(
            CompanionCostSensor(hass, entry.entry_id, entry.title, data, description)
            for description in descriptions
        )
        return
    entities: list[SensorEntity] = [
        MiniSplitSensor(data, description)
        for description in LIVE_SENSORS
        if description.exists_fn(data.capabilities)
    ]
    if data.energy.energy_supported and data.capabilities.energy_by_day:
        entities.append(MiniSplitDailyEnergySensor(data, DAILY_ENERGY_SENSOR))
    elif data.energy.energy_supported:
        entities += [MiniSplitEnergySensor(data, description) for description in ENERGY_SENSORS]
    entities += [MiniSplitCostSensor(data, description) for description in COST_SENSORS]
    if data.energy.energy_supported:
        entities.append(MiniSplitCostSensor(data, CALIBRATION_SENSOR))
    async_add_entities(entities)


class MiniSplitSensor(MiniSplitEntity[MiniSplitStateCoordinator], SensorEntity):
    """A live reading of the head."""

    entity_description: MiniSplitSensorDescription

    def __init__(self, data: MiniSplitData, description: MiniSplitSensorDescription) -> None:
        """Bind the description."""
        super().__init__(data, data.state, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> float | int | None:
        """The reading; unknown when the head reports `-`."""
        return self.entity_description.value_fn(self.coordinator.data)


class LedgerUpdate(Protocol):
    """What either ledger reports of a reading: impossible values and days lost."""

    @property
    def rejected(self) -> frozenset[str]:
        """Kinds of impossible values in the reading."""

    @property
    def lost_days(self) -> int:
        """Days the head no longer holds that were not read."""


@dataclass(slots=True)
class LedgerStoredData(ExtraStoredData):
    """A ledger, kept by Home Assistant across restarts under its sensor's key."""

    key: str
    ledger: EnergyLedger | DailyEnergyLedger

    def as_dict(self) -> dict[str, Any]:
        """Serialise the ledger."""
        return {self.key: self.ledger.as_dict()}


class MeasuredEnergySensor(MiniSplitEntity[MiniSplitEnergyCoordinator], RestoreSensor):
    """The head's own measured energy as an ever-growing total, kept by a ledger.

    Subclasses restore their ledger and feed it the head's energy of their kind (`_restore`,
    `_feed`); restoring, counting on each poll and logging each kind of trouble once are here.
    """

    _ledger: EnergyLedger | DailyEnergyLedger
    # The key of the ledger in the restore data, and what the log calls its values.
    _stored_key: str
    _values: str

    def __init__(self, data: MiniSplitData, description: SensorEntityDescription) -> None:
        """Bind the description; the subclass starts its empty ledger."""
        super().__init__(data, data.energy, description.key)
        self.entity_description = description
        self._cost = data.cost
        self._problems = ProblemLog()  # each kind of trouble logged once

    async def async_added_to_hass(self) -> None:
        """Restore the ledger, then count what the head published while we were down."""
        await super().async_added_to_hass()
        if (stored := await self.async_get_last_extra_data()) is not None:
            self._restore(stored.as_dict().get(self._stored_key))
        self._count()

    def _restore(self, data: object) -> None:
        raise NotImplementedError

    def _feed(self, energy: MeasuredEnergy, max_kwh_per_hour: float) -> LedgerUpdate | None:
        """Count a reading of this sensor's kind; None for another kind."""
        raise NotImplementedError

    @property
    def extra_restore_state_data(self) -> LedgerStoredData:
        """Keep the whole ledger, not just the total."""
        return LedgerStoredData(self._stored_key, self._ledger)

    @property
    def native_value(self) -> float:
        """The total in kWh, rounded to 1 Wh (the heads' finest resolution; and float noise)."""
        return round(self._ledger.total_kwh, 3)

    @callback
    def _handle_coordinator_update(self) -> None:
        """Count the new reading, then write the state."""
        self._count()
        super()._handle_coordinator_update()

    def _count(self) -> None:
        """Feed the latest reading to the ledger; whatever happens, the callback goes on."""
        energy = self.coordinator.data
        if not self.coordinator.last_update_success or energy is None:
            return
        try:
            update = self._feed(energy, self._cost.max_kwh_per_hour)
        except Exception:  # the ledger never raises; this keeps a surprise from stopping updates
            self._problems.report(
                "error",
                "failed",
                "Could not count the energy of %s",
                self.entity_id,
                level=logging.ERROR,
                exc_info=True,
            )
            return
        if update is None:
            return
        for kind in sorted(update.rejected):
            self._problems.report(
                kind,
                "rejected",
                "%s: the head reported an impossible %s energy (%s); it is ignored, and "
                "this is logged once",
                self.entity_id,
                self._values,
                kind,
            )
        if update.lost_days:
            LOGGER.warning(
                "%s was unreachable for %d day(s) the head no longer reports; that energy is not "
                "in the total",
                self.entity_id,
                update.lost_days,
            )


class MiniSplitEnergySensor(MeasuredEnergySensor):
    """The head's measured energy for one mode, from its hourly arrays."""

    entity_description: MiniSplitEnergyDescription
    _ledger: EnergyLedger
    _stored_key = "ledger"
    _values = "hourly"

    def __init__(self, data: MiniSplitData, description: MiniSplitEnergyDescription) -> None:
        """Start with an empty ledger; a restored one replaces it."""
        super().__init__(data, description)
        self._ledger = EnergyLedger()

    def _restore(self, data: object) -> None:
        """The stored ledger; a warning when it was stored but could not be read back."""
        self._ledger = EnergyLedger.from_dict(data)
        never_read = isinstance(data, dict) and data.get("counted_today") == []
        if not self._ledger.counted_today and not never_read:
            LOGGER.warning(
                "Could not restore %s fully; it keeps %.3f kWh and counts on from the next reading",
                self.entity_id,
                self._ledger.total_kwh,
            )

    def _feed(self, energy: MeasuredEnergy, max_kwh_per_hour: float) -> LedgerUpdate | None:
        """Count this mode's hours of today and yesterday."""
        if not isinstance(energy, HourlyEnergy):
            return None
        today, yesterday = self.entity_description.hours_fn(energy)
        return self._ledger.update(
            today, yesterday, dt_util.now(), max_kwh_per_hour=max_kwh_per_hour
        )


class MiniSplitDailyEnergySensor(MeasuredEnergySensor):
    """The head's measured energy, all modes, from its daily totals (/dsiot heads)."""

    _ledger: DailyEnergyLedger
    _stored_key = "daily_ledger"
    _values = "daily"

    def __init__(self, data: MiniSplitData, description: SensorEntityDescription) -> None:
        """Start with an empty ledger; a restored one replaces it."""
        super().__init__(data, description)
        self._ledger = DailyEnergyLedger()

    def _restore(self, data: object) -> None:
        """The stored ledger (garbage keeps what total it can read)."""
        self._ledger = DailyEnergyLedger.from_dict(data)

    def _feed(self, energy: MeasuredEnergy, max_kwh_per_hour: float) -> LedgerUpdate | None:
        """Count the days the head holds."""
        if not isinstance(energy, DailyEnergy):
            return None
        return self._ledger.update(
            energy.days, dt_util.now(), max_kwh_per_day=max_kwh_per_hour * 24
        )


class CostValueSensor(CoordinatorEntity[CostCoordinator], SensorEntity):
    """A number read from a cost tracker: its unit, and its value or unknown (logged once).

    The tracker tells its sensors after every sample (every poll of a head, every change of a
    companion's sources), but most of them rarely change: without prices the money sensors stay
    unknown, the break-even temperature and cheapest source too, and a head standing still draws
    the same power poll after poll. A sensor writes its state only when what it would write
    changed: its value, availability or unit (the currency). An energy or cost total that did not
    move needs no new state either: the recorder compiles statistics from the last state before
    each period, so the Energy dashboard sees the same totals.
    """

    entity_description: MiniSplitCostDescription
    # What the last write from a tracker update wrote (available, value, unit); None: write.
    _written: tuple[bool, float | str | None, str | None] | None = None

    _problems: ProblemLog | None = None  # the value's failure, logged once until it computes

    async def async_added_to_hass(self) -> None:
        """Write from the first tracker update on (the platform wrote the first state)."""
        await super().async_added_to_hass()
        self._written = None

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state if the value, availability or unit changed since the last write."""
        available = self.available
        written = (
            available,
            self.native_value if available else None,
            self.native_unit_of_measurement,
        )
        if written == self._written:
            return
        self._written = written
        self.async_write_ha_state()

    @property
    def available(self) -> bool:
        """Available while the unit's state is known (a head answering, a source entity)."""
        return super().available and self.coordinator.source.available

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Money in Home Assistant's currency (per hour for the rate)."""
        if self.entity_description.unit_is_currency:
            currency = self.hass.config.currency
            return f"{currency}/h" if self.entity_description.per_hour else currency
        return self.entity_description.native_unit_of_measurement

    @property
    def native_value(self) -> float | str | None:
        """The tracker's value; unknown (logged once) when it cannot be computed or is not finite.

        One sensor's failure must not stop the others: the tracker writes them one after another.
        """
        if self._problems is None:
            self._problems = ProblemLog()
        try:
            value = self.entity_description.value_fn(self.coordinator)
        except Exception:
            self._problems.report(
                "value",
                "failed",
                "%s could not be computed; it is unknown",
                self.entity_id,
                level=logging.ERROR,
                exc_info=True,
            )
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self._problems.report(
                "value", "not finite", "%s computed %s; it is unknown", self.entity_id, value
            )
            return None
        self._problems.clear("value", "%s is computed again", self.entity_id)
        return value


class MiniSplitCostSensor(MiniSplitEntity[CostCoordinator], CostValueSensor):
    """An estimate of what the head draws and costs, now or in total.

    It follows the cost coordinator, which has new numbers after each poll and price change.
    """

    def __init__(self, data: MiniSplitData, description: MiniSplitCostDescription) -> None:
        """Bind the description and the head's cost coordinator."""
        super().__init__(data, data.cost, description.key)
        self.entity_description = description


class CompanionCostSensor(CompanionEntity, CostValueSensor):
    """An estimate for another integration's climate entity, on that entity's device.

    It follows the cost coordinator, which samples on every change of the source entities.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        title: str,
        data: CompanionData,
        description: MiniSplitCostDescription,
    ) -> None:
        """Bind the description, the companion's cost coordinator and the climate's device."""
        super().__init__(hass, entry_id, title, data, description.key)
        self.entity_description = description
