"""The head as a climate entity: mode, target, fan, swing and presets."""

from __future__ import annotations

import math
from typing import Any

from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
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
    PRECISION_HALVES,
    PRECISION_WHOLE,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import MiniSplitConfigEntry, MiniSplitStateCoordinator
from .drivers.daikin_classic import FanRate, OperationMode, SpecialMode, Swing
from .entity import MiniSplitEntity

PARALLEL_UPDATES = 1  # one command at a time: the adapter handles one request at a time

HVAC_MODE_TO_OPERATION: dict[HVACMode, OperationMode] = {
    HVACMode.HEAT: OperationMode.HEAT,
    HVACMode.COOL: OperationMode.COOL,
    HVACMode.HEAT_COOL: OperationMode.AUTO,
    HVACMode.DRY: OperationMode.DRY,
    HVACMode.FAN_ONLY: OperationMode.FAN,
}
OPERATION_TO_HVAC_MODE = {operation: mode for mode, operation in HVAC_MODE_TO_OPERATION.items()}

FAN_MODES: dict[str, FanRate] = {
    "auto": FanRate.AUTO,
    "quiet": FanRate.QUIET,
    "1": FanRate.LEVEL_1,
    "2": FanRate.LEVEL_2,
    "3": FanRate.LEVEL_3,
    "4": FanRate.LEVEL_4,
    "5": FanRate.LEVEL_5,
}
SWING_MODES: dict[str, Swing] = {
    SWING_OFF: Swing.OFF,
    SWING_VERTICAL: Swing.VERTICAL,
    SWING_HORIZONTAL: Swing.HORIZONTAL,
    SWING_BOTH: Swing.BOTH,
}
PRESET_SPECIAL_MODES: dict[str, SpecialMode] = {
    PRESET_ECO: SpecialMode.ECONO,
    PRESET_BOOST: SpecialMode.POWERFUL,
}
# Setpoint ranges the heads accept, in degrees Celsius, per mode.
TARGET_RANGES: dict[OperationMode, tuple[float, float]] = {
    OperationMode.HEAT: (10.0, 31.0),
    OperationMode.COOL: (18.0, 33.0),
    OperationMode.AUTO: (18.0, 31.0),
}
WIDEST_RANGE = (10.0, 33.0)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MiniSplitConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the head's climate entity."""
    async_add_entities([MiniSplitClimate(entry)])


def round_to_half(value: float) -> float:
    """Round a target to the 0.5 degree steps the head accepts."""
    return round(value * 2) / 2


class MiniSplitClimate(MiniSplitEntity[MiniSplitStateCoordinator], ClimateEntity):
    """A mini-split head."""

    _attr_name = None
    _attr_translation_key = "head"
    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_hvac_modes = [HVACMode.OFF, *HVAC_MODE_TO_OPERATION]
    _attr_fan_modes = list(FAN_MODES)

    def __init__(self, entry: MiniSplitConfigEntry) -> None:
        """Describe what this head supports."""
        super().__init__(entry, entry.runtime_data.state, "climate")
        self._adapter = entry.runtime_data.adapter
        model = entry.runtime_data.model
        features = (
            ClimateEntityFeature.TARGET_TEMPERATURE
            | ClimateEntityFeature.PRESET_MODE
            | ClimateEntityFeature.TURN_ON
            | ClimateEntityFeature.TURN_OFF
        )
        if model.supports_fan_rate:
            features |= ClimateEntityFeature.FAN_MODE
        if model.supports_swing and model.swing_modes:
            features |= ClimateEntityFeature.SWING_MODE
            self._attr_swing_modes = [
                name for name, swing in SWING_MODES.items() if swing in model.swing_modes
            ]
        self._attr_preset_modes = [PRESET_NONE, PRESET_AWAY]
        if model.supports_special_modes:
            self._attr_preset_modes += [PRESET_ECO, PRESET_BOOST]
        self._attr_supported_features = features
        self._has_humidity = model.has_humidity_sensor

    async def async_added_to_hass(self) -> None:
        """Also follow the adapter coordinator, which knows the away (holiday) switch."""
        await super().async_added_to_hass()
        self.async_on_remove(self._adapter.async_add_listener(self._handle_coordinator_update))

    @property
    def target_temperature_step(self) -> float:
        """Half degrees Celsius, the head's step; whole degrees for Fahrenheit users."""
        if self.hass.config.units.temperature_unit is UnitOfTemperature.FAHRENHEIT:
            return PRECISION_WHOLE
        return PRECISION_HALVES

    @property
    def _operation(self) -> OperationMode:
        return self.coordinator.data.control.mode

    @property
    def hvac_mode(self) -> HVACMode:
        """Off when powered down, else the head's mode."""
        if not self.coordinator.data.control.power:
            return HVACMode.OFF
        return OPERATION_TO_HVAC_MODE[self._operation]

    @property
    def hvac_action(self) -> HVACAction:
        """What the head is doing: the compressor frequency tells idle from running."""
        control = self.coordinator.data.control
        sensors = self.coordinator.data.sensors
        if not control.power:
            return HVACAction.OFF
        if control.mode is OperationMode.FAN:
            return HVACAction.FAN
        if control.mode is OperationMode.DRY:
            return HVACAction.DRYING
        room, target = sensors.indoor_temperature, control.target_temperature
        if sensors.compressor_frequency == 0:
            return HVACAction.IDLE
        if sensors.compressor_frequency is None and room is not None and target is not None:
            # Heads that do not report the compressor: judge by the room against the target.
            if control.mode is OperationMode.HEAT and room >= target:
                return HVACAction.IDLE
            if control.mode is OperationMode.COOL and room <= target:
                return HVACAction.IDLE
            if control.mode is OperationMode.AUTO and abs(room - target) < 0.5:
                return HVACAction.IDLE
        if control.mode is OperationMode.HEAT:
            return HVACAction.HEATING
        if control.mode is OperationMode.COOL:
            return HVACAction.COOLING
        if room is not None and target is not None and room > target:
            return HVACAction.COOLING
        return HVACAction.HEATING

    @property
    def current_temperature(self) -> float | None:
        """Room temperature at the head."""
        return self.coordinator.data.sensors.indoor_temperature

    @property
    def current_humidity(self) -> float | None:
        """Room humidity, on heads with a humidity sensor."""
        if not self._has_humidity:
            return None
        return self.coordinator.data.sensors.indoor_humidity

    @property
    def target_temperature(self) -> float | None:
        """The setpoint; none in dry and fan modes."""
        if self._operation not in TARGET_RANGES:
            return None
        return self.coordinator.data.control.target_temperature

    @property
    def min_temp(self) -> float:
        """Lowest setpoint of the current mode."""
        return TARGET_RANGES.get(self._operation, WIDEST_RANGE)[0]

    @property
    def max_temp(self) -> float:
        """Highest setpoint of the current mode."""
        return TARGET_RANGES.get(self._operation, WIDEST_RANGE)[1]

    @property
    def fan_mode(self) -> str | None:
        """Fan speed."""
        rate = self.coordinator.data.control.fan_rate
        return None if rate is None else next(k for k, v in FAN_MODES.items() if v is rate)

    @property
    def swing_mode(self) -> str | None:
        """Louvre swing."""
        swing = self.coordinator.data.control.swing
        return None if swing is None else next(k for k, v in SWING_MODES.items() if v is swing)

    @property
    def preset_mode(self) -> str:
        """Away (holiday) first, then boost (powerful) or eco (econo)."""
        if self._adapter.data.basic.holiday:
            return PRESET_AWAY
        special = self.coordinator.data.control.special_modes
        for preset, mode in PRESET_SPECIAL_MODES.items():
            if mode in special and preset in self.preset_modes:
                return preset
        return PRESET_NONE

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write state whenever either coordinator has news."""
        self.async_write_ha_state()

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch off, or on in the given mode."""
        if hvac_mode is HVACMode.OFF:
            await self.coordinator.async_set_control(power=False)
        else:
            await self.coordinator.async_set_control(
                power=True, mode=HVAC_MODE_TO_OPERATION[hvac_mode]
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
            if operation not in TARGET_RANGES:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="no_target_in_mode",
                    translation_placeholders={"mode": operation.value},
                )
            # Home Assistant's schema takes "nan" as a float and its range check lets NaN through.
            if not math.isfinite(target := float(target)):
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="invalid_target_temperature",
                    translation_placeholders={"temperature": str(target)},
                )
            low, high = TARGET_RANGES[operation]
            changes["target_temperature"] = min(max(round_to_half(target), low), high)
        await self.coordinator.async_set_control(**changes)

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Set the fan speed."""
        await self.coordinator.async_set_control(fan_rate=FAN_MODES[fan_mode])

    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Set the louvre swing."""
        await self.coordinator.async_set_control(swing=SWING_MODES[swing_mode])

    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Away is the holiday switch; eco and boost are the econo and powerful modes."""
        if preset_mode == PRESET_AWAY:
            await self._adapter.async_set_away(True)
            return
        if self._adapter.data.basic.holiday:
            await self._adapter.async_set_away(False)
        if PRESET_ECO in self.preset_modes:
            enable = PRESET_SPECIAL_MODES.get(preset_mode)
            disable = frozenset(PRESET_SPECIAL_MODES.values()) - {enable}
            await self.coordinator.async_set_special_modes(enable, frozenset(disable))

    async def async_turn_on(self) -> None:
        """Power on in the last mode."""
        await self.coordinator.async_set_control(power=True)

    async def async_turn_off(self) -> None:
        """Power off."""
        await self.coordinator.async_set_control(power=False)
