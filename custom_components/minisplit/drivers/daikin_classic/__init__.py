"""Client for the local HTTP API of Daikin Wi-Fi adapters; no Home Assistant imports."""

from __future__ import annotations

from .client import (
    KEY_NEEDED_MESSAGE,
    LEGACY_TLS_CONTEXT,
    UNSUPPORTED_ADAPTER_MESSAGE,
    DaikinClient,
)
from .errors import (
    DaikinBusyError,
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
    ModelInfo,
    ModeMemory,
    SensorInfo,
    SpecialMode,
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
    "DaikinBusyError",
    "DaikinClient",
    "DaikinCommandRejectedError",
    "DaikinConnectionError",
    "DaikinError",
    "DaikinInvalidKeyError",
    "DaikinReadRefusedError",
    "DaikinResponseError",
    "DaikinTimeoutError",
    "DaikinUnsupportedDeviceError",
    "ModeMemory",
    "ModelInfo",
    "SensorInfo",
    "SpecialMode",
    "mode_memory",
]
