"""The /dsiot driver's error tree, each a case of the contract's (heads.errors)."""

from __future__ import annotations

from ...heads.errors import (
    HeadBusyError,
    HeadCommandRejectedError,
    HeadConnectionError,
    HeadError,
    HeadResponseError,
    HeadTimeoutError,
    HeadUnsupportedError,
)


class DsiotError(HeadError):
    """Base of every error the /dsiot client and driver raise."""


class DsiotConnectionError(DsiotError, HeadConnectionError):
    """The adapter could not be reached, or dropped the connection twice."""


class DsiotBusyError(DsiotConnectionError, HeadBusyError):
    """The adapter dropped the connection twice: it is busy with another client."""


class DsiotTimeoutError(DsiotConnectionError, HeadTimeoutError):
    """The adapter did not answer within the request timeout."""


class DsiotResponseError(DsiotError, HeadResponseError):
    """The adapter answered with something that is not a usable multireq answer."""


class DsiotResponseTooLargeError(DsiotResponseError):
    """The answer grew past the size limit (counted after decompression) while reading."""


class DsiotReadRejectedError(DsiotResponseError):
    """The adapter answered a read of a node the driver needs with an `rsc` other than 2000."""

    def __init__(self, message: str, rsc: int | None = None) -> None:
        """Keep the result code the adapter sent (None when it sent none)."""
        super().__init__(message)
        self.rsc = rsc


class DsiotUnsupportedError(DsiotError, HeadUnsupportedError):
    """The device does not speak /dsiot (HTTP 404 or 405 on POST /dsiot/multireq)."""


class DsiotCommandRejectedError(DsiotError, HeadCommandRejectedError):
    """The adapter answered a write with an `rsc` other than 2004, or the head lacks the setting."""

    def __init__(self, message: str, rsc: int | None = None) -> None:
        """Keep the result code the adapter sent (None when the driver refused before sending)."""
        super().__init__(message)
        self.rsc = rsc
