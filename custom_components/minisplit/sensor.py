"""Sensors of a head: temperatures, humidity, compressor, and its own measured energy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    UnitOfTime,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .const import COMPANION_TICK, LOGGER
from .coordinator import (
    AnyConfigEntry,
    CompanionData,
    MiniSplitData,
    MiniSplitEnergyCoordinator,
    MiniSplitStateCoordinator,
)
from .cost.estimate import HeatSource, Reading
from .cost.meter import CostMeter
from .cost.uncertainty import EXPECTED_ERROR, NARROWED_BY
from .cost_coordinator import CostCoordinator
from .energy.daily import DailyEnergyLedger
from .energy.values import stored_total
from .entity import (
    CompanionEntity,
    CostValueSensor,
    LedgerUpdate,
    MeasuredEnergySensor,
    MiniSplitCostDescription,
    MiniSplitEntity,
    WritesOnChange,
    money_unit,
    money_value,
)
from .heads import Capabilities, DailyEnergy, HeadState, MeasuredEnergy

PARALLEL_UPDATES = 0  # read-only: the coordinators do all the polling

# Every energy total, measured or estimated, is shown to 10 Wh: side by side they compare.
ENERGY_PRECISION = 2
# Estimated power, heat moved and the cost rate write when they moved by more than this share.
LIVE_SHARE = 0.05


@dataclass(frozen=True, kw_only=True)
class MiniSplitSensorDescription(SensorEntityDescription):
    """A live sensor read from the head's state, on heads that report it."""

    value_fn: Callable[[HeadState], float | int | None]
    exists_fn: Callable[[Capabilities], bool] = lambda _: True


@dataclass(frozen=True, kw_only=True)
class MiniSplitEnergyDescription(SensorEntityDescription):
    """A total the energy coordinator keeps from the head's hourly arrays."""

    value_fn: Callable[[MiniSplitEnergyCoordinator], float | None]
    unit_is_currency: bool = False
    # The mode whose total an earlier version kept in this sensor's restore data.
    adopts: str | None = None


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _temperature(
    key: str, value_fn: Callable[[HeadState], float | None]
) -> MiniSplitSensorDescription:
    """A temperature the head reports (degC)."""
    return MiniSplitSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        value_fn=value_fn,
    )


def _power_now(key: str, watts: Callable[[Reading], float]) -> MiniSplitCostDescription:
    """A power of the estimate now (W); unknown while there is no estimate."""
    return MiniSplitCostDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        write_share=LIVE_SHARE,
        value_fn=lambda cost: None if cost.reading is None else round(watts(cost.reading), 1),
    )


def _money_total(
    key: str, total: Callable[[CostMeter], float], *, needs_gas_price: bool = False
) -> MiniSplitCostDescription:
    """A money total of the meter, in Home Assistant's currency.

    Unknown until the user gives an electricity price (and a gas price, for what gas would have
    cost), rather than a silent 0.00.
    """

    def value(cost: CostCoordinator) -> float | None:
        if not cost.price_configured:
            return None
        if needs_gas_price and cost.settings.gas_heat_price_per_kwh is None:
            return None
        return money_value(total(cost.meter))

    return MiniSplitCostDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        unit_is_currency=True,
        value_fn=value,
    )


COST_SENSORS: tuple[MiniSplitCostDescription, ...] = (
    _power_now("estimated_power", lambda reading: reading.input_w),
    MiniSplitCostDescription(
        key="estimated_energy",
        translation_key="estimated_energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=ENERGY_PRECISION,
        value_fn=lambda cost: round(cost.meter.energy_kwh, 4),
    ),
    _power_now("heat_delivered", lambda reading: reading.delivered_w),
    MiniSplitCostDescription(
        key="cop",
        translation_key="cop",
        state_class=SensorStateClass.MEASUREMENT,
        # To 0.1: the estimate is good to about 12 %, a COP of 3.47 says no more than 3.5.
        suggested_display_precision=1,
        value_fn=lambda cost: _rounded(cost.running.cop, 3),
    ),
    MiniSplitCostDescription(
        key="running_cost_rate",
        translation_key="running_cost_rate",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        unit_is_currency=True,
        per_hour=True,
        write_share=LIVE_SHARE,
        value_fn=lambda cost: money_value(cost.cost_per_hour),
    ),
    _money_total("running_cost", lambda meter: meter.cost),
    _money_total("savings_vs_baseboard", lambda meter: meter.savings_vs_baseboard),
    _money_total("savings_vs_gas", lambda meter: meter.savings_vs_gas, needs_gas_price=True),
    MiniSplitCostDescription(
        key="break_even_outdoor_temperature",
        translation_key="break_even_outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        # To the degree: the outdoor temperature it is compared with is read to the degree, and
        # the search moves by tenths with every change of the load.
        suggested_display_precision=0,
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

# Diagnostics for a question about the estimate or the compressor, not for day one: disabled
# until a user enables them (core daikin's compressor frequency is too).
CALIBRATION_SENSOR = MiniSplitCostDescription(
    key="estimate_calibration",
    translation_key="estimate_calibration",
    entity_category=EntityCategory.DIAGNOSTIC,
    entity_registry_enabled_default=False,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=2,
    value_fn=lambda cost: round(cost.load_scale, 4),
    # Hours of compressor cycles at minimum speed the scale rests on without a meter.
    attributes_fn=lambda cost: {"cycle_hours": round(cost.running.duty.hours, 1)},
)

UNCERTAINTY_SENSOR = MiniSplitCostDescription(
    key="estimate_uncertainty",
    translation_key="estimate_uncertainty",
    entity_category=EntityCategory.DIAGNOSTIC,
    native_unit_of_measurement=PERCENTAGE,
    value_fn=lambda cost: round(EXPECTED_ERROR[cost.signal] * 100),
    attributes_fn=lambda cost: {
        "based_on": cost.signal.value,
        "narrowed_by": None if (better := NARROWED_BY[cost.signal]) is None else better.value,
    },
)

HOME_METER_SENSOR = MiniSplitCostDescription(
    key="home_meter_days",
    translation_key="home_meter_days",
    entity_category=EntityCategory.DIAGNOSTIC,
    state_class=SensorStateClass.MEASUREMENT,
    native_unit_of_measurement=UnitOfTime.DAYS,
    value_fn=lambda cost: cost.signature.progress[0],
    # Days without heating or cooling: the recorder's mild ones, and days the unit was off.
    attributes_fn=lambda cost: {"base_days": len(cost.signature.base.days)},
)

LIVE_SENSORS: tuple[MiniSplitSensorDescription, ...] = (
    _temperature("indoor_temperature", lambda state: state.room_temperature),
    _temperature("outdoor_temperature", lambda state: state.outdoor_temperature),
    MiniSplitSensorDescription(
        key="compressor_frequency",
        translation_key="compressor_frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
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


def _energy_total(
    key: str,
    value_fn: Callable[[MiniSplitEnergyCoordinator], float | None],
    adopts: str | None = None,
) -> MiniSplitEnergyDescription:
    """A measured-energy total in kWh for the Energy dashboard, shown as the estimate is."""
    return MiniSplitEnergyDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=ENERGY_PRECISION,
        value_fn=value_fn,
        adopts=adopts,
    )


# Heads that measure per hour: all modes together (what the Energy dashboard wants), each mode
# as an extra, and what the measured hours cost at the price in force in each.
ENERGY_SENSORS: tuple[MiniSplitEnergyDescription, ...] = (
    # Rounded to 1 Wh: the heads' finest resolution, and no float noise.
    _energy_total("measured_energy", lambda energy: round(energy.total_kwh, 3)),
    _energy_total("heating_energy", lambda energy: round(energy.mode_kwh("heat"), 3), "heat"),
    _energy_total("cooling_energy", lambda energy: round(energy.mode_kwh("cool"), 3), "cool"),
    MiniSplitEnergyDescription(
        key="measured_cost",
        translation_key="measured_cost",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=lambda energy: money_value(energy.measured_cost_total),
        unit_is_currency=True,
    ),
)

# Heads that measure per day only (no heating/cooling split): one total.
DAILY_ENERGY_SENSOR = SensorEntityDescription(
    key="measured_energy",
    translation_key="measured_energy",
    device_class=SensorDeviceClass.ENERGY,
    state_class=SensorStateClass.TOTAL_INCREASING,
    native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
    suggested_display_precision=ENERGY_PRECISION,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AnyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors this head can feed (or a companion's running-cost sensors)."""
    data = entry.runtime_data
    if isinstance(data, CompanionData):
        descriptions = [*COST_SENSORS, UNCERTAINTY_SENSOR]
        if data.source.measures:
            descriptions.append(CALIBRATION_SENSOR)  # against its power or energy sensor
        elif data.source.home_entity is not None:  # against the home's meter
            descriptions += [CALIBRATION_SENSOR, HOME_METER_SENSOR]
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


class MiniSplitSensor(WritesOnChange, MiniSplitEntity[MiniSplitStateCoordinator], SensorEntity):
    """A live reading of the head; written when its value or availability changed."""

    entity_description: MiniSplitSensorDescription

    def __init__(self, data: MiniSplitData, description: MiniSplitSensorDescription) -> None:
        """Bind the description."""
        super().__init__(data, data.state, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> float | int | None:
        """The reading; unknown when the head reports `-`."""
        return self.entity_description.value_fn(self.coordinator.data)

    def _shown(self) -> object:
        return (self.available, self.native_value if self.available else None)


class MiniSplitEnergySensor(MiniSplitEntity[MiniSplitEnergyCoordinator], RestoreSensor):
    """A total the energy coordinator counts from the head's hourly arrays."""

    entity_description: MiniSplitEnergyDescription

    def __init__(self, data: MiniSplitData, description: MiniSplitEnergyDescription) -> None:
        """Bind the description."""
        super().__init__(data, data.energy, description.key)
        self.entity_description = description

    async def async_added_to_hass(self) -> None:
        """Hand a total an earlier version kept here to the coordinator, once."""
        await super().async_added_to_hass()
        mode = self.entity_description.adopts
        if mode is None or not self.coordinator.adoptable:
            return
        stored = await self.async_get_last_extra_data()
        ledger = None if stored is None else stored.as_dict().get("ledger")
        if ledger is None:
            return
        total = stored_total(ledger)
        if not total:
            LOGGER.warning(
                "Could not restore %s from an earlier version; it counts on from 0",
                self.entity_id,
            )
        self.coordinator.async_adopt(mode, total)

    @callback
    def async_entity_id_changed(self, old_entity_id: str) -> None:  # pragma: no cover - 2026.11+
        """Nothing here is keyed on the entity id: a rename changes it in place (see entity.py)."""
        super().async_entity_id_changed(old_entity_id)

    @property
    def native_value(self) -> float | None:
        """The total; the ledger's, never the reading's (a reading is counted once)."""
        return self.entity_description.value_fn(self.coordinator)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """kWh, or Home Assistant's currency."""
        if self.entity_description.unit_is_currency:
            return money_unit(self.hass.config.currency)
        return super().native_unit_of_measurement


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


class MiniSplitCostSensor(MiniSplitEntity[CostCoordinator], CostValueSensor):
    """An estimate of what the head draws and costs, now or in total.

    It follows the cost coordinator, which has new numbers after each poll and price change.
    """

    def __init__(self, data: MiniSplitData, description: MiniSplitCostDescription) -> None:
        """Bind the description and the head's cost coordinator."""
        super().__init__(data, data.cost, description.key)
        self.entity_description = description
        self._sample_interval = data.state.interval


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
        self._sample_interval = COMPANION_TICK
