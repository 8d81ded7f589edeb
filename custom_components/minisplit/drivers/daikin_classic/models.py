"""Typed values read from and written to a Daikin head."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class OperationMode(StrEnum):
    """Operating modes of the head (device codes 0/1/7 auto, 2 dry, 3 cool, 4 heat, 6 fan)."""

    AUTO = "auto"
    DRY = "dry"
    COOL = "cool"
    HEAT = "heat"
    FAN = "fan"


class FanRate(StrEnum):
    """Fan speeds (device codes A, B, 3..7)."""

    AUTO = "auto"
    QUIET = "quiet"
    LEVEL_1 = "1"
    LEVEL_2 = "2"
    LEVEL_3 = "3"
    LEVEL_4 = "4"
    LEVEL_5 = "5"


class Swing(StrEnum):
    """Louvre swing (device codes 0..3)."""

    OFF = "off"
    VERTICAL = "vertical"
    HORIZONTAL = "horizontal"
    BOTH = "both"


class SpecialMode(StrEnum):
    """Special modes set through set_special_mode."""

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
    fan_rate: FanRate | None
    swing: Swing | None
    special_modes: frozenset[SpecialMode]
    raw: dict[str, str] = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class AdapterClock:
    """The adapter's clock from /common/get_datetime.

    `sta` is 0 on an adapter that never learned the time (never connected to the Daikin cloud;
    its energy reads answer `ret=NG` until the time is set), 1 after a client set it, 2 when
    the cloud did (fredrike/pydaikin#161, pydaikin's brp069 capture).
    """

    status: str | None
    current: str | None
    raw: dict[str, str] = field(repr=False, compare=False)

    @property
    def is_unset(self) -> bool:
        """Whether the adapter says it never learned the time (`sta=0`)."""
        return self.status == "0"


@dataclass(frozen=True, slots=True)
class DayEnergy:
    """Hourly energy per mode from /aircon/get_day_power_ex, in kWh, index 0 = 00:00-01:00.

    Each series holds exactly 24 values; an hour the head reported as unknown or implausible
    (not a whole number of 0.1 kWh, negative, above the protocol bound) is None.
    """

    today_heat: tuple[float | None, ...]
    today_cool: tuple[float | None, ...]
    yesterday_heat: tuple[float | None, ...]
    yesterday_cool: tuple[float | None, ...]
