"""The brand-neutral model of a head: what it is, what it can do, its state and its commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

# What a head sent, by the name of its answer, kept only for diagnostics.
type RawAnswers = Mapping[str, Mapping[str, str]]


class OperationMode(StrEnum):
    """What the head does while powered on (auto chooses heating or cooling itself)."""

    AUTO = "auto"
    DRY = "dry"
    COOL = "cool"
    HEAT = "heat"
    FAN = "fan"


class FanSpeed(StrEnum):
    """Fan speeds: automatic, quiet, and five levels."""

    AUTO = "auto"
    QUIET = "quiet"
    LEVEL_1 = "1"
    LEVEL_2 = "2"
    LEVEL_3 = "3"
    LEVEL_4 = "4"
    LEVEL_5 = "5"


class Swing(StrEnum):
    """Louvre swing."""

    OFF = "off"
    VERTICAL = "vertical"
    HORIZONTAL = "horizontal"
    BOTH = "both"


class SpecialMode(StrEnum):
    """Modes on top of the operation mode; at most one is chosen at a time."""

    ECO = "eco"
    BOOST = "boost"


class DemandControlMode(StrEnum):
    """Who sets the power cap: the user's percentage (manual) or the unit itself (auto)."""

    MANUAL = "manual"
    AUTO = "auto"
    # A weekly schedule set in the vendor's app: reported, never written by minisplit.
    SCHEDULED = "scheduled"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemandControl:
    """A cap on the unit's power, in percent of its rated power (peak prices, a weak supply).

    A cap that is off keeps the last percentage and mode the head reported.
    """

    enabled: bool
    max_power_percent: int
    mode: DemandControlMode = DemandControlMode.MANUAL


@dataclass(frozen=True, slots=True)
class TemperatureRange:
    """The setpoints a head accepts in one mode, in degrees Celsius."""

    low: float
    high: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Capabilities:
    """What a head can do and report; a feature a head lacks is empty or False."""

    # The unit's model names as the head reports them ("FTXM46WVMA / RXM46WVMA"); None when it
    # reports none. Heads that report only a code for their model ("0AB9") give it as model_code.
    model: str | None
    modes: tuple[OperationMode, ...]
    fan_speeds: tuple[FanSpeed, ...]
    swing_modes: tuple[Swing, ...]
    special_modes: tuple[SpecialMode, ...]
    away: bool
    # Modes without an entry (dry, fan on most heads) take no target temperature.
    target_ranges: Mapping[OperationMode, TemperatureRange]
    target_step: float
    room_humidity: bool
    compressor_frequency: bool
    # The head measures energy per day only (no hours, no heating/cooling split).
    energy_by_day: bool = False
    model_code: str | None = None
    # The head caps its power on request (DemandControl).
    demand_control: bool = False
    raw: RawAnswers = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadInfo:
    """Who the head is, and its slowly changing settings."""

    mac: str
    name: str
    firmware: str
    away: bool
    raw: RawAnswers = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadState:
    """The head's settings and readings; None where the head reports nothing usable."""

    power: bool
    mode: OperationMode
    target_temperature: float | None
    fan_speed: FanSpeed | None
    swing: Swing | None
    special_modes: frozenset[SpecialMode]
    room_temperature: float | None
    room_humidity: float | None
    outdoor_temperature: float | None
    compressor_frequency: int | None
    # Whether the compressor runs, on heads that say so without (or beside) its frequency.
    compressor_running: bool | None = None
    raw: RawAnswers = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class HourlyEnergy:
    """Measured energy per hour in kWh for today and yesterday, index 0 = 00:00-01:00.

    Each series holds 24 values in the head's own day; an hour that is unknown or implausible is
    None, an hour still to come is 0.

    `head_time` is the head's own wall clock (its zone, naive) when it answered, so `today` is
    `head_time.date()` and the hours before `head_time.hour` are complete; None when the head
    will not tell its clock. `read_at` is the same moment on Home Assistant's clock (aware).
    """

    today_heat: tuple[float | None, ...]
    today_cool: tuple[float | None, ...]
    yesterday_heat: tuple[float | None, ...]
    yesterday_cool: tuple[float | None, ...]
    head_time: dt.datetime | None = None
    read_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class DailyEnergy:
    """Measured energy per day in kWh for the days the head still holds, its own today last.

    Heads that give daily totals only (no hours, no heating/cooling split) report this; a day
    that is unknown or implausible is None.
    """

    days: tuple[float | None, ...]


type MeasuredEnergy = HourlyEnergy | DailyEnergy


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """Settings to change; None leaves a setting as it is."""

    power: bool | None = None
    mode: OperationMode | None = None
    target_temperature: float | None = None
    fan_speed: FanSpeed | None = None
    swing: Swing | None = None
