"""Errors as Home Assistant shows them: the one place driver errors and bad input are translated."""

from __future__ import annotations

from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryError,
    ConfigEntryNotReady,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers.update_coordinator import UpdateFailed

from .const import DOMAIN
from .heads import (
    HeadAuthenticationError,
    HeadCommandRejectedError,
    HeadConnectionError,
    HeadDriver,
    HeadError,
    HeadNoLocalApiError,
    HeadUnsupportedError,
    InvalidHost,
    OperationMode,
)


def error_text(err: HeadError, driver: HeadDriver) -> str:
    """What the user sees of a driver error: its message, with any secret redacted."""
    return driver.redact(str(err)) or type(err).__name__


def _auth_failed() -> ConfigEntryAuthFailed:
    """The head refused its key: Home Assistant asks the user for it (reauthentication)."""
    return ConfigEntryAuthFailed(
        translation_domain=DOMAIN, translation_key="invalid_key", translation_placeholders={}
    )


def update_failed(err: HeadError, driver: HeadDriver) -> UpdateFailed | ConfigEntryAuthFailed:
    """A poll failed: the head's entities become unavailable, or the key is asked for."""
    if isinstance(err, HeadAuthenticationError):
        return _auth_failed()
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key="update_failed",
        translation_placeholders={"error": error_text(err, driver)},
    )


def setup_failed(err: HeadError, driver: HeadDriver) -> ConfigEntryNotReady | ConfigEntryAuthFailed:
    """Setting up failed: Home Assistant retries later, or asks for the key."""
    if isinstance(err, HeadAuthenticationError):
        return _auth_failed()
    return ConfigEntryNotReady(
        translation_domain=DOMAIN,
        translation_key="update_failed",
        translation_placeholders={"error": error_text(err, driver)},
    )


def invalid_stored_host(host: str, err: InvalidHost) -> ConfigEntryError:
    """The stored address is no address: retrying cannot help, reconfiguring does."""
    return ConfigEntryError(
        translation_domain=DOMAIN,
        translation_key="invalid_host",
        translation_placeholders={"host": host, "error": str(err)},
    )


def command_failed(err: HeadError, driver: HeadDriver) -> HomeAssistantError:
    """A command failed: the service call says why."""
    key = "command_rejected" if isinstance(err, HeadCommandRejectedError) else "command_failed"
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"error": error_text(err, driver)},
    )


# The config flow's error keys for the failures a user can act on, first match wins.
FLOW_ERRORS: tuple[tuple[type[HeadError], str], ...] = (
    (HeadAuthenticationError, "invalid_key"),
    (HeadNoLocalApiError, "no_local_api"),
    (HeadUnsupportedError, "unsupported_device"),
    (HeadConnectionError, "cannot_connect"),
)


def flow_error(err: HeadError) -> str | None:
    """The config flow's error key for a head that could not be added; None if unexpected."""
    return next((key for kind, key in FLOW_ERRORS if isinstance(err, kind)), None)


def no_target_in_mode(mode: OperationMode) -> ServiceValidationError:
    """A target temperature was given for a mode that takes none (dry, fan)."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="no_target_in_mode",
        translation_placeholders={"mode": mode.value},
    )


def invalid_target_temperature(temperature: float) -> ServiceValidationError:
    """A target temperature that is no number (Home Assistant's schema lets NaN through)."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="invalid_target_temperature",
        translation_placeholders={"temperature": str(temperature)},
    )
