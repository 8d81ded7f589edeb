"""The Daikin client's error tree."""

from __future__ import annotations


class DaikinError(Exception):
    """Base of every error the Daikin client raises."""


class DaikinConnectionError(DaikinError):
    """The head could not be reached, or dropped the connection twice."""


class DaikinTimeoutError(DaikinConnectionError):
    """The head did not answer within the request timeout."""


class DaikinResponseError(DaikinError):
    """The head answered with something that is not its key=value text, or with unusable values."""


class DaikinResponseTooLargeError(DaikinResponseError):
    """The head's answer grew past the size limit (counted after decompression) while reading."""


class DaikinUnsupportedDeviceError(DaikinError):
    """The device answers, but not with an API this client speaks."""


class DaikinInvalidKeyError(DaikinError):
    """A BRP072C adapter refused the key (or needs one and none was given)."""


class DaikinCommandRejectedError(DaikinError):
    """The head answered `ret=PARAM NG` or `ret=NG` to a command."""
