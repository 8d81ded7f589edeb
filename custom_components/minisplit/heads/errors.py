"""The error tree every driver raises (its own errors subclass these)."""

from __future__ import annotations


class HeadError(Exception):
    """Base of every error a driver raises while talking to a head."""


class HeadConnectionError(HeadError):
    """The head could not be reached, or dropped the connection."""


class HeadBusyError(HeadConnectionError):
    """The head is on but busy: it dropped the connection, and again when asked once more.

    Adapters serve one request at a time and drop connections while another client (the vendor
    app, a second integration) talks to them; asked again within seconds they are still busy.
    """


class HeadTimeoutError(HeadConnectionError):
    """The head did not answer in time."""


class HeadResponseError(HeadError):
    """The head answered with something unusable."""


class HeadUnsupportedError(HeadError):
    """The device answers, but not with an API the driver speaks."""


class HeadNoLocalApiError(HeadUnsupportedError):
    """The device is a head whose firmware offers no local API (it must be updated or cloud-run)."""


class HeadAuthenticationError(HeadError):
    """The head refused the key (or needs one and none was given)."""


class HeadCommandRejectedError(HeadError):
    """The head refused a command."""


class InvalidHost(ValueError):
    """The text is not a host name or IP address with an optional port."""
