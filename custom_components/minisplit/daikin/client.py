"""Asynchronous client for the local HTTP API of Daikin Wi-Fi adapters (BRP069/BRP072A/BRP072C)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import uuid as uuid_lib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urlencode

import aiohttp
from yarl import URL

from .errors import (
    DaikinCommandRejectedError,
    DaikinConnectionError,
    DaikinInvalidKeyError,
    DaikinResponseError,
    DaikinTimeoutError,
    DaikinUnsupportedDeviceError,
)
from .models import (
    BasicInfo,
    ControlInfo,
    DayEnergy,
    FanRate,
    ModelInfo,
    OperationMode,
    SensorInfo,
    SpecialMode,
    Swing,
)
from .protocol import (
    CONSERVATIVE_MODEL_INFO,
    SPECIAL_MODE_KIND,
    build_control_query,
    check_ret,
    parse_basic_info,
    parse_control_info,
    parse_day_energy,
    parse_key_values,
    parse_model_info,
    parse_sensor_info,
    parse_special_modes,
)

LOGGER = logging.getLogger(__name__)

UNSUPPORTED_ADAPTER_MESSAGE: Final = (
    "This is a newer Daikin adapter (e.g. BRP069C4x/BRP069C8x) on firmware 2.0-2.6, whose local "
    "HTTP API is switched off: every local URL answers 404. minisplit cannot control it until the "
    "adapter's firmware offers a local API (firmware 2.8 and newer speak a different local "
    "protocol, which minisplit does not support yet)."
)
KEY_NEEDED_MESSAGE: Final = (
    "The adapter refuses requests without registration (HTTP 403): it is a BRP072C and needs "
    "its 13-digit key, printed on the adapter's label."
)


class _ConnectionDroppedError(aiohttp.ClientConnectionError):
    """The head dropped the connection before answering (hidden from aiohttp's own retry)."""


# A connection the head dropped mid-exchange: worth exactly one more try.
_DROPPED_CONNECTION_ERRORS: Final = (
    _ConnectionDroppedError,
    aiohttp.ServerDisconnectedError,
    aiohttp.ClientConnectionResetError,
    aiohttp.ClientPayloadError,
    aiohttp.ClientOSError,
    ConnectionResetError,
)


def _create_legacy_tls_context() -> ssl.SSLContext:
    """Build the TLS context BRP072C adapters need: legacy renegotiation, weak ciphers, no cert."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    except ssl.SSLError:  # pragma: no cover - TLS libraries without security levels
        context.set_ciphers("DEFAULT")
    context.options |= getattr(ssl, "OP_LEGACY_SERVER_CONNECT", 0x4)
    with warnings.catch_warnings(), contextlib.suppress(ValueError, ssl.SSLError):
        warnings.simplefilter("ignore", DeprecationWarning)  # old adapters may speak only TLS 1.0
        context.minimum_version = ssl.TLSVersion.TLSv1
    return context


# Built once at import: creating it at request time would do blocking work in the event loop.
LEGACY_TLS_CONTEXT: Final = _create_legacy_tls_context()


def _bracket_ipv6(host: str) -> str:
    """Put a bare IPv6 address in brackets so it can stand in a URL."""
    if host.count(":") > 1 and not host.startswith("["):
        return f"[{host}]"
    return host


@dataclass
class DaikinClient:
    """One Daikin head (indoor unit with its Wi-Fi adapter), reached over its local HTTP API."""

    host: str
    session: aiohttp.ClientSession
    key: str | None = None
    uuid: str | None = None
    request_timeout: float = 10.0
    requests_sent: int = field(default=0, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Generate the terminal uuid a BRP072C registers, unless one was persisted."""
        if self.uuid is None:
            self.uuid = uuid_lib.uuid4().hex

    async def get_basic_info(self) -> BasicInfo:
        """Read the adapter's identity, firmware, name, power and holiday (away) state."""
        try:
            values = await self._request("/common/basic_info")
        except DaikinTimeoutError:
            raise
        except DaikinConnectionError as err:
            # Without a key, one HTTPS probe tells a BRP072C (403) from a head that is simply
            # unreachable, so the user learns that the adapter needs its key.
            if self.key is None and await self._is_brp072c_over_https():
                raise DaikinInvalidKeyError(KEY_NEEDED_MESSAGE) from err
            raise
        return parse_basic_info(values)

    async def get_model_info(self) -> ModelInfo:
        """Read what the head can do; old firmware without this endpoint gets claims of nothing."""
        values = await self._request("/aircon/get_model_info", check=False)
        if values["ret"] == "PARAM NG":
            LOGGER.debug("%s has no model info; assuming the basic feature set", self.host)
            return CONSERVATIVE_MODEL_INFO
        return parse_model_info(check_ret(values))

    async def get_sensor_info(self) -> SensorInfo:
        """Read temperatures, humidity, compressor frequency and momentary power."""
        return parse_sensor_info(await self._request("/aircon/get_sensor_info"))

    async def get_control_info(self) -> ControlInfo:
        """Read the head's settings."""
        return parse_control_info(await self._request("/aircon/get_control_info"))

    async def set_control(
        self,
        *,
        power: bool | None = None,
        mode: OperationMode | None = None,
        target_temperature: float | None = None,
        fan_rate: FanRate | None = None,
        swing: Swing | None = None,
        current: ControlInfo | None = None,
    ) -> ControlInfo:
        """Change settings (merged into the current ones) and return what the head reports after."""
        if current is None:
            current = await self.get_control_info()
        query = build_control_query(
            current,
            power=power,
            mode=mode,
            target_temperature=target_temperature,
            fan_rate=fan_rate,
            swing=swing,
        )
        await self._request("/aircon/set_control_info", query)
        return await self.get_control_info()

    async def set_special_mode(self, mode: SpecialMode, enabled: bool) -> frozenset[SpecialMode]:
        """Switch powerful, econo or streamer on or off; return the special modes now active."""
        params: dict[str, str]
        if mode is SpecialMode.STREAMER:
            params = {"en_streamer": "1" if enabled else "0"}
        else:
            params = {"spmode_kind": SPECIAL_MODE_KIND[mode], "set_spmode": "1" if enabled else "0"}
        values = await self._request("/aircon/set_special_mode", params)
        if "adv" in values:
            return parse_special_modes(values["adv"])
        return (await self.get_control_info()).special_modes

    async def set_holiday(self, enabled: bool) -> None:
        """Switch the holiday (away) mode on or off."""
        await self._request("/common/set_holiday", {"en_hol": "1" if enabled else "0"})

    async def get_day_energy(self) -> DayEnergy | None:
        """Read today's and yesterday's hourly energy; None when the head has no energy endpoint."""
        values = await self._request("/aircon/get_day_power_ex", check=False)
        if values["ret"] == "PARAM NG":
            return None
        return parse_day_energy(check_ret(values))

    async def register(self) -> None:
        """Register this client's uuid with a BRP072C adapter using its key."""
        if self.key is None:
            raise DaikinInvalidKeyError(KEY_NEEDED_MESSAGE)
        status, text = await self._exchange("/common/register_terminal", {"key": self.key})
        if status == 403:
            raise DaikinInvalidKeyError(
                "the adapter refused the key (HTTP 403 on registration): check the 13-digit key"
            )
        try:
            self._parse(status, text, "/common/register_terminal")
        except DaikinCommandRejectedError as err:
            raise DaikinInvalidKeyError(
                f"the adapter refused the key ({err}): check the 13-digit key"
            ) from err
        LOGGER.debug("Registered terminal %s with %s", self.uuid, self.host)

    @property
    def base_url(self) -> str:
        """Return the scheme and authority every request goes to."""
        scheme = "https" if self.key is not None else "http"
        return f"{scheme}://{_bracket_ipv6(self.host)}"

    async def _is_brp072c_over_https(self) -> bool:
        """Return whether the head answers HTTPS with 403, as an unregistered BRP072C does."""
        url = URL(f"https://{_bracket_ipv6(self.host)}/common/basic_info", encoded=True)
        try:
            status, _ = await self._send(url)
        except (DaikinConnectionError, *_DROPPED_CONNECTION_ERRORS):
            return False
        return status == 403

    async def _request(
        self, path: str, params: Mapping[str, str] | None = None, *, check: bool = True
    ) -> dict[str, str]:
        """Send one request (registering once on HTTP 403 when a key is known); parse the answer."""
        status, text = await self._exchange(path, params)
        if status == 403:
            if self.key is None:
                raise DaikinInvalidKeyError(KEY_NEEDED_MESSAGE)
            LOGGER.debug("%s answered 403 to %s; registering", self.host, path)
            await self.register()
            status, text = await self._exchange(path, params)
            if status == 403:
                raise DaikinInvalidKeyError(
                    "the adapter refused the key: it still answers HTTP 403 after registration"
                )
        return self._parse(status, text, path, check=check)

    @staticmethod
    def _parse(status: int, text: str, path: str, *, check: bool = True) -> dict[str, str]:
        """Turn an HTTP status and body into key=value pairs, or the matching error."""
        if status == 404:
            raise DaikinUnsupportedDeviceError(UNSUPPORTED_ADAPTER_MESSAGE)
        if not 200 <= status < 300:
            raise DaikinResponseError(f"the head answered HTTP {status} to {path}")
        values = parse_key_values(text)
        return check_ret(values) if check else values

    async def _exchange(
        self, path: str, params: Mapping[str, str] | None = None
    ) -> tuple[int, str]:
        """Do one HTTP exchange, retried once if the head drops the connection."""
        url = URL(
            f"{self.base_url}{path}" + (f"?{urlencode(params)}" if params else ""), encoded=True
        )
        try:
            return await self._send(url)
        except _DROPPED_CONNECTION_ERRORS as err:
            LOGGER.debug("%s dropped the connection (%r); retrying once", self.host, err)
        try:
            return await self._send(url)
        except _DROPPED_CONNECTION_ERRORS as err:
            raise DaikinConnectionError(
                f"{self.host} dropped the connection twice: {err!r}"
            ) from err

    async def _send(self, url: URL) -> tuple[int, str]:
        """Send one HTTP request while holding the head's lock; dropped connections propagate."""
        secure = url.scheme == "https"
        headers = {"X-Daikin-uuid": self.uuid or ""} if secure else None
        ssl_context: ssl.SSLContext | bool = LEGACY_TLS_CONTEXT if secure else True
        # The session's own middlewares stay; ours goes closest to the wire.
        middlewares = (*getattr(self.session, "_middlewares", ()), self._count_and_surface_drops)
        async with self._lock:
            try:
                async with (
                    asyncio.timeout(self.request_timeout),
                    self.session.get(
                        url,
                        headers=headers,
                        ssl=ssl_context,
                        allow_redirects=False,
                        middlewares=middlewares,
                    ) as response,
                ):
                    body = await response.read()
                    return response.status, body.decode("utf-8", errors="replace")
            except TimeoutError as err:
                raise DaikinTimeoutError(
                    f"{self.host} did not answer within {self.request_timeout:g} s"
                ) from err
            except aiohttp.ClientConnectorError as err:
                raise DaikinConnectionError(f"cannot connect to {self.host}: {err}") from err
            except _DROPPED_CONNECTION_ERRORS:
                raise
            except (aiohttp.ClientError, OSError) as err:
                raise DaikinConnectionError(f"cannot talk to {self.host}: {err!r}") from err

    async def _count_and_surface_drops(
        self, request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        """Count each request put on the wire; stop aiohttp from silently resending dropped ones."""
        # aiohttp resends a GET once when the connection drops before the answer; the retry policy
        # (exactly one retry, then an error) is this client's, so a drop surfaces here instead.
        self.requests_sent += 1
        try:
            return await handler(request)
        except aiohttp.ClientConnectorError:
            raise
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as err:
            raise _ConnectionDroppedError(str(err) or type(err).__name__) from err
