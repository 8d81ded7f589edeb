"""The Daikin classic driver: DaikinClient behind the brand-neutral contract of `heads`."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
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
    TemperatureRange,
)
from ..client_driver import ClientDriver
from . import models as wire
from .client import DaikinClient
from .errors import DaikinCommandRejectedError, DaikinError, DaikinReadRefusedError

LOGGER = logging.getLogger(__name__)

MANUFACTURER: Final = "Daikin"
PRODUCT_NAME: Final = "Daikin Wi-Fi adapter"

# Setpoints the heads accept, in degrees Celsius, per mode; dry and fan modes take none.
TARGET_RANGES: Final = {
    OperationMode.HEAT: TemperatureRange(10.0, 31.0),
    OperationMode.COOL: TemperatureRange(18.0, 33.0),
    OperationMode.AUTO: TemperatureRange(18.0, 31.0),
}
TARGET_STEP: Final = 0.5

# The streamer (air purification) is no special mode of the contract: it is left as it is.
SPECIAL_MODES: Final = {
    wire.SpecialMode.ECONO: SpecialMode.ECO,
    wire.SpecialMode.POWERFUL: SpecialMode.BOOST,
}
WIRE_SPECIAL_MODES: Final = {mode: wire_mode for wire_mode, mode in SPECIAL_MODES.items()}
# How long after a clock check an energy read answering ret=NG is simply reported, instead of
# asking the adapter again whether it knows the time: an NG with another cause costs one extra
# request per hour, not one per poll.
CLOCK_CHECK_INTERVAL: Final = 3600.0


def _utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def capabilities_of(model: wire.ModelInfo) -> Capabilities:
    """Map the head's model info to the contract's capabilities."""
    return Capabilities(
        model=model.model,
        modes=tuple(OperationMode),
        fan_speeds=tuple(FanSpeed) if model.supports_fan_rate else (),
        swing_modes=model.swing_modes if model.supports_swing else (),
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
        mode=control.mode,
        target_temperature=control.target_temperature,
        fan_speed=control.fan_rate,
        swing=control.swing,
        special_modes=special_modes_of(control.special_modes),
        room_temperature=sensors.indoor_temperature,
        room_humidity=sensors.indoor_humidity,
        outdoor_temperature=sensors.outdoor_temperature,
        compressor_frequency=sensors.compressor_frequency,
        raw={"sensor_info": sensors.raw, "control_info": control.raw},
    )


@dataclass
class DaikinClassicDriver(ClientDriver[DaikinClient]):
    """A Daikin head on the classic key=value HTTP API (BRP069, BRP072A, BRP072C).

    It keeps the last settings and sensors it read: a command is merged into the settings the
    head reported (with its per-mode memory), as the head wants the whole set back.

    Adapters that never reached the Daikin cloud never learn the time and refuse energy reads
    with `ret=NG` until it is set; the driver sets it (see async_read_energy).
    """

    brand = MANUFACTURER
    product = PRODUCT_NAME

    # The clock the adapter is set from, and the one that spaces the clock checks.
    utcnow: Callable[[], dt.datetime] = field(default=_utcnow, repr=False)
    monotonic: Callable[[], float] = field(default=time.monotonic, repr=False)
    _clock_checked_at: float | None = field(default=None, init=False, repr=False)
    _control: wire.ControlInfo | None = field(default=None, init=False, repr=False)
    _sensors: wire.SensorInfo | None = field(default=None, init=False, repr=False)

    @property
    def configuration_url(self) -> str:
        """The adapter's base URL."""
        return self.client.base_url

    @property
    def client_id(self) -> str | None:
        """The terminal uuid registered with BRP072C adapters."""
        return self.client.uuid

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
        """Read /aircon/get_day_power_ex; None on heads without it.

        On `ret=NG` the adapter may never have learned the time (fredrike/pydaikin#161): if
        /common/get_datetime says `sta=0`, the driver sets the clock and reads once more. At
        most one check per CLOCK_CHECK_INTERVAL while the NGs go on, one set and one retry per
        read: never a loop. An NG it cannot cure propagates (a HeadCommandRejectedError).
        """
        try:
            energy = await self.client.get_day_energy()
        except DaikinReadRefusedError:
            if not await self._set_clock_if_unset():
                raise
            energy = await self.client.get_day_energy()
        self._clock_checked_at = None
        return energy

    async def _set_clock_if_unset(self) -> bool:
        """Set the adapter's clock if it says it has none; return whether it was set."""
        checked_at = self.monotonic()
        if (
            self._clock_checked_at is not None
            and checked_at - self._clock_checked_at < CLOCK_CHECK_INTERVAL
        ):
            return False
        self._clock_checked_at = checked_at
        try:
            clock = await self.client.get_clock()
        except DaikinCommandRejectedError as err:
            LOGGER.debug("%s refused the clock read (%s)", self.host, err)
            return False
        if not clock.is_unset:
            LOGGER.debug("%s refuses energy reads, but its clock is set", self.host)
            return False
        try:
            await self.client.set_clock(self.utcnow())
        except DaikinCommandRejectedError as err:
            LOGGER.debug("%s refused to have its clock set (%s)", self.host, err)
            return False
        LOGGER.info(
            "%s had never learned the time, so it kept its energy readings back; "
            "its clock is now set (UTC)",
            self.host,
        )
        return True

    async def async_send(self, command: Command) -> HeadState:
        """Write the merged settings, read them back, then read the sensors (one write, two reads).

        The sensors are read too, since a new mode or target changes what the compressor does.
        """
        control = await self.client.set_control(
            power=command.power,
            mode=command.mode,
            target_temperature=command.target_temperature,
            fan_rate=command.fan_speed,
            swing=command.swing,
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
