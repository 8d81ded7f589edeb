"""Client for the local HTTP API of Daikin Wi-Fi adapters; no Home Assistant imports."""

from __future__ import annotations

from .client import (
    KEY_NEEDED_MESSAGE,
    LEGACY_TLS_CONTEXT,
    UNSUPPORTED_ADAPTER_MESSAGE,
    DaikinClient,
)
from .errors import (
    DaikinCommandRejectedError,
    DaikinConnectionError,
    DaikinError,
    DaikinInvalidKeyError,
    DaikinReadRefusedError,
    DaikinResponseError,
    DaikinTimeoutError,
    DaikinUnsupportedDeviceError,
)
from .models import (
    AdapterClock,
    BasicInfo,
    ControlInfo,
    DayEnergy,
    FanRate,
    ModelInfo,
    ModeMemory,
    OperationMode,
    SensorInfo,
    SpecialMode,
    Swing,
)
from .protocol import CONSERVATIVE_MODEL_INFO, mode_memory

__all__ = [
    "CONSERVATIVE_MODEL_INFO",
    "KEY_NEEDED_MESSAGE",
    "LEGACY_TLS_CONTEXT",
    "UNSUPPORTED_ADAPTER_MESSAGE",
    "AdapterClock",
    "BasicInfo",
    "ControlInfo",
    "DaikinClient",
    "DaikinCommandRejectedError",
    "DaikinConnectionError",
    "DaikinError",
    "DaikinInvalidKeyError",
    "DaikinReadRefusedError",
    "DaikinResponseError",
    "DaikinTimeoutError",
    "DaikinUnsupportedDeviceError",
    "DayEnergy",
    "FanRate",
    "ModeMemory",
    "ModelInfo",
    "OperationMode",
    "SensorInfo",
    "SpecialMode",
    "Swing",
    "mode_memory",
]
