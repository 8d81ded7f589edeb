"""Errors as Home Assistant shows them, problems logged once, and repair issues.

The one place driver errors and bad input become Home Assistant's exceptions (with translation
keys), the one rule for logging a problem that persists: once when it starts or changes, once
when it is over, never at every poll, and the one way a problem becomes a repair issue.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from functools import wraps
from typing import Concatenate, Protocol

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryError,
    ConfigEntryNotReady,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.update_coordinator import UpdateFailed

from .const import DOMAIN, LOGGER
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


class ProblemLog:
    """What is wrong now, by topic: each problem logged when it starts or changes, and its end.

    A topic is a thing that can go wrong (a price, sampling, a kind of bad value); its problem
    a short word kept for diagnostics. A topic never cleared is logged once for good.
    """

    def __init__(self, logger: logging.Logger = LOGGER) -> None:
        """Nothing wrong yet."""
        self._logger = logger
        self._problems: dict[str, str] = {}

    @property
    def problems(self) -> Mapping[str, str]:
        """What is wrong now, by topic."""
        return self._problems

    def __contains__(self, topic: object) -> bool:
        """Whether the topic has a problem now."""
        return topic in self._problems

    def report(
        self,
        topic: str,
        problem: str,
        message: str,
        *args: object,
        level: int = logging.WARNING,
        exc_info: bool = False,
    ) -> bool:
        """Log `message` if the topic had no problem or another one; return whether it logged."""
        if self._problems.get(topic) == problem:
            return False
        self._problems[topic] = problem
        self._logger.log(level, message, *args, exc_info=exc_info)
        return True

    def failed(self, topic: str, message: str, *args: object) -> bool:
        """Log a failure with its traceback (inside `except`) once, until the topic is cleared."""
        return self.report(topic, "failed", message, *args, level=logging.ERROR, exc_info=True)

    def clear(self, topic: str, message: str | None = None, *args: object) -> bool:
        """End the topic's problem, logging `message` (info) if it had one; return whether."""
        if self._problems.pop(topic, None) is None:
            return False
        if message is not None:
            self._logger.info(message, *args)
        return True


def error_text(err: HeadError, driver: HeadDriver) -> str:
    """What the user sees of a driver error: its message, with any secret redacted."""
    return driver.redact(str(err)) or type(err).__name__


def _head_failed[FailedT: HomeAssistantError](
    failed: type[FailedT], err: HeadError, driver: HeadDriver
) -> FailedT | ConfigEntryAuthFailed:
    """A driver error as `failed`, with its text; a refused key asks the user for it instead."""
    if isinstance(err, HeadAuthenticationError):
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="invalid_key", translation_placeholders={}
        )
    return failed(
        translation_domain=DOMAIN,
        translation_key="update_failed",
        translation_placeholders={"error": error_text(err, driver)},
    )


def update_failed(err: HeadError, driver: HeadDriver) -> UpdateFailed | ConfigEntryAuthFailed:
    """A poll failed: the head's entities become unavailable, or the key is asked for."""
    return _head_failed(UpdateFailed, err, driver)


def setup_failed(err: HeadError, driver: HeadDriver) -> ConfigEntryNotReady | ConfigEntryAuthFailed:
    """Setting up failed: Home Assistant retries later, or asks for the key."""
    return _head_failed(ConfigEntryNotReady, err, driver)


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


class _HasDriver(Protocol):
    driver: HeadDriver


def command_errors[S: _HasDriver, **P, R](
    func: Callable[Concatenate[S, P], Awaitable[R]],
) -> Callable[Concatenate[S, P], Awaitable[R]]:
    """Decorate a command method: a driver error becomes the service call's translated error."""

    @wraps(func)
    async def handler(self: S, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await func(self, *args, **kwargs)
        except HeadError as err:
            raise command_failed(err, self.driver) from err

    return handler


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


def async_set_issue(
    hass: HomeAssistant,
    issue_id: str,
    raised: bool,
    translation_key: str,
    placeholders: dict[str, str],
    severity: ir.IssueSeverity = ir.IssueSeverity.WARNING,
    fix_data: dict[str, str] | None = None,
) -> None:
    """Raise a repair issue, or withdraw it.

    With `fix_data` the user fixes it in a repair flow (repairs.py), which gets the data; without,
    it is only read.
    """
    if not raised:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=fix_data is not None,
        is_persistent=False,
        severity=severity,
        translation_key=translation_key,
        translation_placeholders=placeholders,
        data=fix_data,
    )
