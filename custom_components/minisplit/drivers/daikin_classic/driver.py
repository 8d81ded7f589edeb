"""The Daikin classic driver: DaikinClient behind the brand-neutral contract of `heads`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final

from ...heads.model import (
    Capabilities,
    Command,
    FanSpeed,
    HeadInfo,
    HeadState,
    HourlyEnergy,
    OperationMode,
    SpecialMode,
    Swing,
    TemperatureRange,
)
from . import models as wire
from .client import DaikinClient
from .errors import DaikinError

MANUFACTURER: Final = "Daikin"
PRODUCT_NAME: Final = "Daikin Wi-Fi adapter"

# Setpoints the heads accept, in degrees Celsius, per mode; dry and fan modes take none.
TARGET_RANGES: Final = {
    OperationMode.HEAT: TemperatureRange(10.0, 31.0),
    OperationMode.COOL: TemperatureRange(18.0, 33.0),
    OperationMode.AUTO: TemperatureRange(18.0, 31.0),
}
TARGET_STEP: Final = 0.5

MODES: Final = {mode: OperationMode(mode.value) for mode in wire.OperationMode}
WIRE_MODES: Final = {mode: wire_mode for wire_mode, mode in MODES.items()}
FAN_SPEEDS: Final = {rate: FanSpeed(rate.value) for rate in wire.FanRate}
WIRE_FAN_RATES: Final = {speed: rate for rate, speed in FAN_SPEEDS.items()}
SWINGS: Final = {swing: Swing(swing.value) for swing in wire.Swing}
WIRE_SWINGS: Final = {swing: wire_swing for wire_swing, swing in SWINGS.items()}
# The streamer (air purification) is no special mode of the contract: it is left as it is.
SPECIAL_MODES: Final = {
    wire.SpecialMode.ECONO: SpecialMode.ECO,
    wire.SpecialMode.POWERFUL: SpecialMode.BOOST,
}
WIRE_SPECIAL_MODES: Final = {mode: wire_mode for wire_mode, mode in SPECIAL_MODES.items()}


def capabilities_of(model: wire.ModelInfo) -> Capabilities:
    """Map the head's model info to the contract's capabilities."""
    return Capabilities(
        model=model.model,
        modes=tuple(MODES.values()),
        fan_speeds=tuple(FAN_SPEEDS.values()) if model.supports_fan_rate else (),
        swing_modes=tuple(SWINGS[swing] for swing in model.swing_modes)
        if model.supports_swing
        else (),
        special_modes=tuple(SPECIAL_MODES.values()) if model.supports_special_modes else (),
        away=True,
        target_ranges=TARGET_RANGES,
        target_step=TARGET_STEP,
        room_humidity=model.has_humidity_sensor,
        compressor_frequency=True,
        raw={"model_info": model.raw},
    )


def info_of(basic: wire.BasicInfo) -> HeadInfo:
    """Map the adapter's basic info to the contract's head info."""
    return HeadInfo(
        mac=basic.mac,
        name=basic.name,
        firmware=basic.firmware,
        away=basic.holiday,
        raw={"basic_info": basic.raw},
    )


def special_modes_of(modes: frozenset[wire.SpecialMode]) -> frozenset[SpecialMode]:
    """The contract's special modes among the head's."""
    return frozenset(SPECIAL_MODES[mode] for mode in modes if mode in SPECIAL_MODES)


def state_of(control: wire.ControlInfo, sensors: wire.SensorInfo) -> HeadState:
    """Map the head's settings and sensors to the contract's state."""
    return HeadState(
        power=control.power,
        mode=MODES[control.mode],
        target_temperature=control.target_temperature,
        fan_speed=None if control.fan_rate is None else FAN_SPEEDS[control.fan_rate],
        swing=None if control.swing is None else SWINGS[control.swing],
        special_modes=special_modes_of(control.special_modes),
        room_temperature=sensors.indoor_temperature,
        room_humidity=sensors.indoor_humidity,
        outdoor_temperature=sensors.outdoor_temperature,
        compressor_frequency=sensors.compressor_frequency,
        raw={"sensor_info": sensors.raw, "control_info": control.raw},
    )


def hourly_energy_of(energy: wire.DayEnergy) -> HourlyEnergy:
    """Map the head's day energy to the contract's hourly energy."""
    return HourlyEnergy(
        today_heat=energy.today_heat,
        today_cool=energy.today_cool,
        yesterday_heat=energy.yesterday_heat,
        yesterday_cool=energy.yesterday_cool,
    )


@dataclass
class DaikinClassicDriver:
    """A Daikin head on the classic key=value HTTP API (BRP069, BRP072A, BRP072C).

    It keeps the last settings and sensors it read: a command is merged into the settings the
    head reported (with its per-mode memory), as the head wants the whole set back.
    """

    client: DaikinClient
    _control: wire.ControlInfo | None = field(default=None, init=False, repr=False)
    _sensors: wire.SensorInfo | None = field(default=None, init=False, repr=False)

    @property
    def host(self) -> str:
        """The validated host (and port) every request goes to."""
        return self.client.host

    @property
    def manufacturer(self) -> str:
        """Daikin."""
        return MANUFACTURER

    @property
    def product_name(self) -> str:
        """The Wi-Fi adapter, which is what answers."""
        return PRODUCT_NAME

    @property
    def configuration_url(self) -> str:
        """The adapter's base URL."""
        return self.client.base_url

    @property
    def client_id(self) -> str | None:
        """The terminal uuid registered with BRP072C adapters."""
        return self.client.uuid

    @property
    def requests_sent(self) -> int:
        """Requests the head answered."""
        return self.client.requests_sent

    def redact(self, text: str) -> str:
        """Remove the key and the uuid from text."""
        return self.client.redact(text)

    async def async_read_info(self) -> HeadInfo:
        """Read /common/basic_info."""
        return info_of(await self.client.get_basic_info())

    async def async_read_capabilities(self) -> Capabilities:
        """Read /aircon/get_model_info."""
        return capabilities_of(await self.client.get_model_info())

    async def async_read_state(self) -> HeadState:
        """Read the sensors, then the settings: two requests."""
        sensors = await self.client.get_sensor_info()
        control = await self.client.get_control_info()
        self._control, self._sensors = control, sensors
        return state_of(control, sensors)

    async def async_read_energy(self) -> HourlyEnergy | None:
        """Read /aircon/get_day_power_ex; None on heads without it."""
        energy = await self.client.get_day_energy()
        return None if energy is None else hourly_energy_of(energy)

    async def async_send(self, command: Command) -> HeadState:
        """Write the merged settings, read them back, then read the sensors (one write, two reads).

        The sensors are read too, since a new mode or target changes what the compressor does.
        """
        control = await self.client.set_control(
            power=command.power,
            mode=None if command.mode is None else WIRE_MODES[command.mode],
            target_temperature=command.target_temperature,
            fan_rate=None if command.fan_speed is None else WIRE_FAN_RATES[command.fan_speed],
            swing=None if command.swing is None else WIRE_SWINGS[command.swing],
            current=self._control,
        )
        self._control = control
        try:
            self._sensors = await self.client.get_sensor_info()
        except DaikinError:
            if self._sensors is None:
                raise
        return state_of(control, self._sensors)

    async def async_set_special_mode(self, mode: SpecialMode | None) -> frozenset[SpecialMode]:
        """Switch off the other special modes that are on, then switch mode on if it is off."""
        control = self._control or await self.client.get_control_info()
        enable = None if mode is None else WIRE_SPECIAL_MODES[mode]
        special = control.special_modes
        others = frozenset(wire_mode for wire_mode in SPECIAL_MODES if wire_mode is not enable)
        for other in others & special:
            special = await self.client.set_special_mode(other, enabled=False)
        if enable is not None and enable not in special:
            special = await self.client.set_special_mode(enable, enabled=True)
        self._control = replace(control, special_modes=special)
        return special_modes_of(special)

    async def async_set_away(self, away: bool) -> None:
        """Switch /common/set_holiday."""
        await self.client.set_holiday(away)
