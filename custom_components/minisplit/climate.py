"""The head as a climate entity: mode, target, fan, swing and presets."""

from __future__ import annotations

import math
from typing import Any

import voluptuous as vol
from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    DEFAULT_MAX_TEMP,
    DEFAULT_MIN_TEMP,
    PRESET_AWAY,
    PRESET_BOOST,
    PRESET_ECO,
    PRESET_NONE,
    SWING_BOTH,
    SWING_HORIZONTAL,
    SWING_OFF,
    SWING_VERTICAL,
    ClimateEntity,
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.const import (
    ATTR_TEMPERATURE,
    PRECISION_WHOLE,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_platform
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import MiniSplitConfigEntry, MiniSplitStateCoordinator
from .cost.activity import head_action
from .entity import MiniSplitEntity, WritesOnChange
from .errors import invalid_target_temperature, no_target_in_mode
from .heads import (
    Command,
    DemandControl,
    DemandControlMode,
    FanSpeed,
    OperationMode,
    SpecialMode,
    Swing,
)

PARALLEL_UPDATES = 1  # one command at a time: the adapter handles one request at a time

HVAC_MODE_TO_OPERATION: dict[HVACMode, OperationMode] = {
    HVACMode.HEAT: OperationMode.HEAT,
    HVACMode.COOL: OperationMode.COOL,
    HVACMode.HEAT_COOL: OperationMode.AUTO,
    HVACMode.DRY: OperationMode.DRY,
    HVACMode.FAN_ONLY: OperationMode.FAN,
}
OPERATION_TO_HVAC_MODE = {operation: mode for mode, operation in HVAC_MODE_TO_OPERATION.items()}

FAN_MODES: dict[str, FanSpeed] = {
    "auto": FanSpeed.AUTO,
    "quiet": FanSpeed.QUIET,
    "1": FanSpeed.LEVEL_1,
    "2": FanSpeed.LEVEL_2,
    "3": FanSpeed.LEVEL_3,
    "4": FanSpeed.LEVEL_4,
    "5": FanSpeed.LEVEL_5,
}
SWING_MODES: dict[str, Swing] = {
    SWING_OFF: Swing.OFF,
    SWING_VERTICAL: Swing.VERTICAL,
    SWING_HORIZONTAL: Swing.HORIZONTAL,
    SWING_BOTH: Swing.BOTH,
}
PRESET_SPECIAL_MODES: dict[str, SpecialMode] = {
    PRESET_ECO: SpecialMode.ECO,
    PRESET_BOOST: SpecialMode.BOOST,
}


# Cap the unit's power, as core daikin's action of the same name (its field names, so that an
# automation moves over); on the climate entity, for heads that offer it.
SERVICE_SET_DEMAND_CONTROL = "set_demand_control"
ATTR_EN_DEMAND = "en_demand"
ATTR_MAX_POW = "max_pow"
ATTR_MODE = "mode"
# The caps adapters take: 40-100 % in steps of 5 (drivers/daikin_classic/demand.py).
DEMAND_MAX_POW = (40, 100, 5)


def _max_pow(value: Any) -> int:
    """A percentage adapters take as a cap."""
    low, high, step = DEMAND_MAX_POW
    percent = vol.All(vol.Coerce(int), vol.Range(min=low, max=high))(value)
    if percent % step:
        raise vol.Invalid(f"the maximum power must be a step of {step} %")
    return int(percent)


DEMAND_CONTROL_SCHEMA: cv.VolDictType = {
    vol.Required(ATTR_EN_DEMAND): cv.boolean,
    vol.Optional(ATTR_MAX_POW, default=DEMAND_MAX_POW[1]): _max_pow,
    vol.Optional(ATTR_MODE, default=DemandControlMode.MANUAL.value): vol.In(
        [DemandControlMode.MANUAL.value, DemandControlMode.AUTO.value]
    ),
}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MiniSplitConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the head's climate entity and its demand control action."""
    async_add_entities([MiniSplitClimate(entry)])
    entity_platform.async_get_current_platform().async_register_entity_service(
        SERVICE_SET_DEMAND_CONTROL, DEMAND_CONTROL_SCHEMA, "async_set_demand_control"
    )


def round_to_step(value: float, step: float) -> float:
    """Round a target to the steps the head accepts (0.5 degC on most)."""
    return round(value / step) * step


class MiniSplitClimate(WritesOnChange, MiniSplitEntity[MiniSplitStateCoordinator], ClimateEntity):
    """A mini-split head."""

    _attr_name = None
    _attr_translation_key = "head"

    def __init__(self, entry: MiniSplitConfigEntry) -> None:
        """Describe what this head supports."""
        super().__init__(entry.runtime_data, entry.runtime_data.state, "climate")
        self._adapter = entry.runtime_data.adapter
        capabilities = entry.runtime_data.capabilities
        self._ranges = capabilities.target_ranges
        self._step = capabilities.target_step
        self._widest = (
            min((limits.low for limits in self._ranges.values()), default=DEFAULT_MIN_TEMP),
            max((limits.high for limits in self._ranges.values()), default=DEFAULT_MAX_TEMP),
        )
        self._attr_hvac_modes = [
            HVACMode.OFF,
            *(
                mode
                for mode, operation in HVAC_MODE_TO_OPERATION.items()
                if operation in capabilities.modes
            ),
        ]
        features = (
            ClimateEntityFeature.TARGET_TEMPERATURE
            | ClimateEntityFeature.PRESET_MODE
            | ClimateEntityFeature.TURN_ON
            | ClimateEntityFeature.TURN_OFF
        )
        self._attr_fan_modes = [
            name for name, speed in FAN_MODES.items() if speed in capabilities.fan_speeds
        ]
        if self._attr_fan_modes:
            features |= ClimateEntityFeature.FAN_MODE
        self._attr_swing_modes = [
            name for name, swing in SWING_MODES.items() if swing in capabilities.swing_modes
        ]
        if self._attr_swing_modes:
            features |= ClimateEntityFeature.SWING_MODE
        self._attr_preset_modes = [PRESET_NONE]
        if capabilities.away:
            self._attr_preset_modes.append(PRESET_AWAY)
        self._attr_preset_modes += [
            preset
            for preset, mode in PRESET_SPECIAL_MODES.items()
            if mode in capabilities.special_modes
        ]
        self._attr_supported_features = features
        self._has_humidity = capabilities.room_humidity
        self._demand_control = capabilities.demand_control
        self._special_modes = capabilities.special_modes

    async def async_added_to_hass(self) -> None:
        """Also follow the adapter coordinator, which knows the away (holiday) switch."""
        await super().async_added_to_hass()
        self.async_on_remove(self._adapter.async_add_listener(self._handle_coordinator_update))

    @callback
    def async_entity_id_changed(self, old_entity_id: str) -> None:  # pragma: no cover - 2026.11+
        """Nothing here is keyed on the entity id: a rename changes it in place (see entity.py)."""
        super().async_entity_id_changed(old_entity_id)

    @property
    def target_temperature_step(self) -> float:
        """The head's step in degrees Celsius; whole degrees for Fahrenheit users."""
        if self.hass.config.units.temperature_unit is UnitOfTemperature.FAHRENHEIT:
            return PRECISION_WHOLE
        return self._step

    @property
    def _operation(self) -> OperationMode:
        return self.coordinator.data.mode

    @property
    def hvac_mode(self) -> HVACMode:
        """Off when powered down, else the head's mode."""
        if not self.coordinator.data.power:
            return HVACMode.OFF
        return OPERATION_TO_HVAC_MODE[self._operation]

    @property
    def hvac_action(self) -> HVACAction | None:
        """What the head is doing (see cost.activity.head_action)."""
        action = head_action(self.coordinator.data)
        return None if action is None else HVACAction(action)

    # Temperatures in degrees Celsius, under the names each supported release reads: 2026.11 reads
    # native_temperature_unit, native_current_temperature and native_target_temperature, and logs
    # a deprecation for a class that provides only the old names (they stop working in 2027.11);
    # the releases before it read temperature_unit, current_temperature and target_temperature.
    # A class that provides the native name is not warned about, so both are here, the old names
    # only following the native ones.

    @property
    def native_temperature_unit(self) -> str:
        """The head reports and takes degrees Celsius."""
        return UnitOfTemperature.CELSIUS

    @property
    def temperature_unit(self) -> str:
        """The unit under its name before Home Assistant 2026.11."""
        return self.native_temperature_unit

    @property
    def native_current_temperature(self) -> float | None:
        """Room temperature at the head."""
        return self.coordinator.data.room_temperature

    @property
    def current_temperature(self) -> float | None:
        """The room temperature under its name before Home Assistant 2026.11."""
        return self.native_current_temperature

    @property
    def current_humidity(self) -> float | None:
        """Room humidity, on heads with a humidity sensor."""
        if not self._has_humidity:
            return None
        return self.coordinator.data.room_humidity

    @property
    def native_target_temperature(self) -> float | None:
        """The setpoint; none in dry and fan modes."""
        if self._operation not in self._ranges:
            return None
        return self.coordinator.data.target_temperature

    @property
    def target_temperature(self) -> float | None:
        """The setpoint under its name before Home Assistant 2026.11."""
        return self.native_target_temperature

    @property
    def min_temp(self) -> float:
        """Lowest setpoint of the current mode."""
        limits = self._ranges.get(self._operation)
        return self._widest[0] if limits is None else limits.low

    @property
    def max_temp(self) -> float:
        """Highest setpoint of the current mode."""
        limits = self._ranges.get(self._operation)
        return self._widest[1] if limits is None else limits.high

    @property
    def fan_mode(self) -> str | None:
        """Fan speed."""
        speed = self.coordinator.data.fan_speed
        return None if speed is None else next(k for k, v in FAN_MODES.items() if v is speed)

    @property
    def swing_mode(self) -> str | None:
        """Louvre swing."""
        swing = self.coordinator.data.swing
        return None if swing is None else next(k for k, v in SWING_MODES.items() if v is swing)

    @property
    def preset_mode(self) -> str:
        """Away (holiday) first, then boost (powerful) or eco (econo)."""
        if self._adapter.data.away:
            return PRESET_AWAY
        special = self.coordinator.data.special_modes
        for preset, mode in PRESET_SPECIAL_MODES.items():
            if mode in special and preset in self.preset_modes:
                return preset
        return PRESET_NONE

    def _shown(self) -> object:
        """What the state is made of: settings, room, action, away, answering.

        Not the whole head state: the compressor's speed and the outdoor temperature change at
        most polls, and the entity shows neither (their sensors do), only what the head does
        (heating or idle).
        """
        state = self.coordinator.data
        return (
            self.available,
            state.power,
            state.mode,
            state.target_temperature,
            state.room_temperature,
            state.room_humidity,
            state.fan_speed,
            state.swing,
            state.special_modes,
            head_action(state),
            self._adapter.data,
        )

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch off, or on in the given mode."""
        if hvac_mode is HVACMode.OFF:
            await self.coordinator.async_send(Command(power=False))
        else:
            await self.coordinator.async_send(
                Command(power=True, mode=HVAC_MODE_TO_OPERATION[hvac_mode])
            )

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Set the target (and optionally the mode) in one command."""
        hvac_mode: HVACMode | None = kwargs.get(ATTR_HVAC_MODE)
        operation = self._operation
        changes: dict[str, Any] = {}
        if hvac_mode is not None and hvac_mode is not HVACMode.OFF:
            operation = HVAC_MODE_TO_OPERATION[hvac_mode]
            changes.update(power=True, mode=operation)
        elif hvac_mode is HVACMode.OFF:
            changes["power"] = False
        if (target := kwargs.get(ATTR_TEMPERATURE)) is not None:
            if (limits := self._ranges.get(operation)) is None:
                raise no_target_in_mode(operation)
            # Home Assistant's schema takes "nan" as a float and its range check lets NaN through.
            if not math.isfinite(target := float(target)):
                raise invalid_target_temperature(target)
            target = round_to_step(target, self._step)
            changes["target_temperature"] = min(max(target, limits.low), limits.high)
        await self.coordinator.async_send(Command(**changes))

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Set the fan speed."""
        await self.coordinator.async_send(Command(fan_speed=FAN_MODES[fan_mode]))

    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Set the louvre swing."""
        await self.coordinator.async_send(Command(swing=SWING_MODES[swing_mode]))

    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Away is the holiday switch; eco and boost are the econo and powerful modes."""
        if preset_mode == PRESET_AWAY:
            await self._adapter.async_set_away(True)
            return
        if self._adapter.data.away:
            await self._adapter.async_set_away(False)
        if self._special_modes:
            await self.coordinator.async_set_special_mode(PRESET_SPECIAL_MODES.get(preset_mode))

    async def async_set_demand_control(self, en_demand: bool, max_pow: int, mode: str) -> None:
        """Cap the unit's power at max_pow % of its rated power (or lift the cap)."""
        if not self._demand_control:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="demand_control_unsupported",
                translation_placeholders={"entity_id": self.entity_id},
            )
        await self.coordinator.async_set_demand_control(
            DemandControl(
                enabled=en_demand, max_power_percent=max_pow, mode=DemandControlMode(mode)
            )
        )

    async def async_turn_on(self) -> None:
        """Power on in the last mode."""
        await self.coordinator.async_send(Command(power=True))

    async def async_turn_off(self) -> None:
        """Power off."""
        await self.coordinator.async_send(Command(power=False))
