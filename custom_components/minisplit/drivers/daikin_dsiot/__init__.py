"""Driver for Daikin adapters on firmware 2.8 and newer (`POST /dsiot/multireq`, JSON node trees).

No Home Assistant imports. Facts: docs/daikin-dsiot-api.md; what the driver maps:
docs/daikin-dsiot-api.md, section "What the minisplit driver maps".
"""

from __future__ import annotations

from .client import MAX_RESPONSE_BYTES, DsiotClient
from .driver import DaikinDsiotDriver
from .errors import (
    DsiotBusyError,
    DsiotCommandRejectedError,
    DsiotConnectionError,
    DsiotError,
    DsiotReadRejectedError,
    DsiotResponseError,
    DsiotResponseTooLargeError,
    DsiotTimeoutError,
    DsiotUnsupportedError,
)

__all__ = [
    "MAX_RESPONSE_BYTES",
    "DaikinDsiotDriver",
    "DsiotBusyError",
    "DsiotClient",
    "DsiotCommandRejectedError",
    "DsiotConnectionError",
    "DsiotError",
    "DsiotReadRejectedError",
    "DsiotResponseError",
    "DsiotResponseTooLargeError",
    "DsiotTimeoutError",
    "DsiotUnsupportedError",
]
