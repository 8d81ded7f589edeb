"""Typed values read from and written to a Daikin head.

Modes, fan speeds and swings are the contract's own (heads.model): the device codes they stand
for are the protocol module's business. What the contract has no word for stays here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from ...heads.model import FanSpeed, OperationMode, Swing


class SpecialMode(StrEnum):
    """Special modes set through set_special_mode (the streamer is none of the contract's)."""

    POWERFUL = "powerful"
    ECONO = "econo"
    STREAMER = "streamer"


@dataclass(frozen=True, slots=True)
class BasicInfo:
    """What /common/basic_info says about the adapter."""

    mac: str
    name: str
    firmware: str
    device_type: str
    adapter_kind: str | None
    ssid: str | None
    power: bool
    holiday: bool
    raw: dict[str, str] = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Capabilities from /aircon/get_model_info."""

    model: str | None
    has_humidity_sensor: bool
    supports_fan_rate: bool
    supports_swing: bool
    swing_modes: tuple[Swing, ...]
    supports_special_modes: bool
    supports_power_reading: bool
    raw: dict[str, str] = field(repr=False, compare=False)
    # `dmnd=1`: the head takes /aircon/set_demand_control.
    supports_demand_control: bool = False


@dataclass(frozen=True, slots=True)
class SensorInfo:
    """Readings from /aircon/get_sensor_info; None where the head says `-` or `--`."""

    indoor_temperature: float | None
    indoor_humidity: float | None
    outdoor_temperature: float | None
    compressor_frequency: int | None
    power_w: float | None
    raw: dict[str, str] = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class ModeMemory:
    """What the head remembers for one mode (dt/dh/dfr/dfd fields)."""

    target_temperature: str | None
    target_humidity: str | None
    fan_rate: str | None
    fan_direction: str | None


@dataclass(frozen=True, slots=True)
class ControlInfo:
    """The head's settings from /aircon/get_control_info."""

    power: bool
    mode: OperationMode
    target_temperature: float | None
    fan_rate: FanSpeed | None
    swing: Swing | None
    special_modes: frozenset[SpecialMode]
    raw: dict[str, str] = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class AdapterClock:
    """The adapter's clock from /common/get_datetime.

    `sta` is 0 on an adapter that never learned the time (never connected to the Daikin cloud;
    its energy reads answer `ret=NG` until the time is set), 1 after a client set it, 2 when
    the cloud did (fredrike/pydaikin#161, pydaikin's brp069 capture). `shown` is `cur` read as
    the adapter's own wall clock (naive, its zone); None when it is `-` or cannot be read.
    """

    status: str | None
    current: str | None
    raw: dict[str, str] = field(repr=False, compare=False)
    shown: dt.datetime | None = None

    @property
    def is_unset(self) -> bool:
        """Whether the adapter says it never learned the time (`sta=0`)."""
        return self.status == "0"
