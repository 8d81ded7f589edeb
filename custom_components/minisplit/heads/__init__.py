"""The brand-neutral head contract: model, commands, errors and the driver protocol.

The Home Assistant layer talks to heads through this package only; drivers (in `drivers/`)
implement it for one protocol each. Nothing here imports Home Assistant.
"""

from __future__ import annotations

from .driver import HeadDriver
from .errors import (
    HeadAuthenticationError,
    HeadBusyError,
    HeadCommandRejectedError,
    HeadConnectionError,
    HeadError,
    HeadNoLocalApiError,
    HeadResponseError,
    HeadTimeoutError,
    HeadUnsupportedError,
    InvalidHost,
)
from .model import (
    Capabilities,
    Command,
    DailyEnergy,
    DemandControl,
    DemandControlMode,
    FanSpeed,
    HeadInfo,
    HeadState,
    HourlyEnergy,
    MeasuredEnergy,
    OperationMode,
    RawAnswers,
    SpecialMode,
    Swing,
    TemperatureRange,
)

__all__ = [
    "Capabilities",
    "Command",
    "DailyEnergy",
    "DemandControl",
    "DemandControlMode",
    "FanSpeed",
    "HeadAuthenticationError",
    "HeadBusyError",
    "HeadCommandRejectedError",
    "HeadConnectionError",
    "HeadDriver",
    "HeadError",
    "HeadInfo",
    "HeadNoLocalApiError",
    "HeadResponseError",
    "HeadState",
    "HeadTimeoutError",
    "HeadUnsupportedError",
    "HourlyEnergy",
    "InvalidHost",
    "MeasuredEnergy",
    "OperationMode",
    "RawAnswers",
    "SpecialMode",
    "Swing",
    "TemperatureRange",
]
