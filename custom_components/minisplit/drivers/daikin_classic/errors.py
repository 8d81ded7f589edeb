"""The Daikin client's error tree, each a case of the contract's (heads.errors)."""

from __future__ import annotations

from ...heads.errors import (
    HeadAuthenticationError,
    HeadBusyError,
    HeadCommandRejectedError,
    HeadConnectionError,
    HeadError,
    HeadResponseError,
    HeadTimeoutError,
    HeadUnsupportedError,
)


class DaikinError(HeadError):
    """Base of every error the Daikin client raises."""


class DaikinConnectionError(DaikinError, HeadConnectionError):
    """The head could not be reached, or dropped the connection twice."""


class DaikinBusyError(DaikinConnectionError, HeadBusyError):
    """The head dropped the connection twice: it is busy with another client."""


class DaikinTimeoutError(DaikinConnectionError, HeadTimeoutError):
    """The head did not answer within the request timeout."""


class DaikinResponseError(DaikinError, HeadResponseError):
    """The head answered with something that is not its key=value text, or with unusable values."""


class DaikinResponseTooLargeError(DaikinResponseError):
    """The head's answer grew past the size limit (counted after decompression) while reading."""


class DaikinUnsupportedDeviceError(DaikinError, HeadUnsupportedError):
    """The device answers, but not with an API this client speaks."""


class DaikinInvalidKeyError(DaikinError, HeadAuthenticationError):
    """A BRP072C adapter refused the key (or needs one and none was given)."""


class DaikinCommandRejectedError(DaikinError, HeadCommandRejectedError):
    """The head answered `ret=PARAM NG` or `ret=NG` to a command."""


class DaikinReadRefusedError(DaikinCommandRejectedError):
    """The head answered a read with a bare `ret=NG`.

    Energy reads do that on an adapter whose clock was never set ("time is not sync",
    fredrike/pydaikin#161), which the driver cures by setting it.
    """
