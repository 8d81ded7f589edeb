"""Asynchronous client for the local HTTP API of Daikin Wi-Fi adapters (BRP069/BRP072A/BRP072C)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import re
import ssl
import traceback
import uuid as uuid_lib
import warnings
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any, Concatenate, Final

import aiohttp
from aiohttp import hdrs
from yarl import URL

from ...heads.model import DemandControl, FanSpeed, HourlyEnergy, OperationMode, Swing
from ..transport import DROPPED_CONNECTION_ERRORS, HeadClient, Transport, describe
from .demand import build_demand_control_query, parse_demand_control
from .errors import (
    DaikinBusyError,
    DaikinCommandRejectedError,
    DaikinConnectionError,
    DaikinError,
    DaikinInvalidKeyError,
    DaikinReadRefusedError,
    DaikinResponseError,
    DaikinResponseTooLargeError,
    DaikinTimeoutError,
    DaikinUnsupportedDeviceError,
)
from .models import (
    AdapterClock,
    BasicInfo,
    ControlInfo,
    ModelInfo,
    SensorInfo,
    SpecialMode,
)
from .protocol import (
    CONSERVATIVE_MODEL_INFO,
    SPECIAL_MODE_KIND,
    build_clock_query,
    build_control_query,
    check_ret,
    parse_basic_info,
    parse_control_info,
    parse_datetime,
    parse_day_energy,
    parse_key_values,
    parse_model_info,
    parse_sensor_info,
    parse_special_modes,
)

LOGGER = logging.getLogger(__name__)

UNSUPPORTED_ADAPTER_MESSAGE: Final = (
    "The adapter answers 404 to Daikin's classic local API. Adapters on firmware 2.8 and newer "
    "speak the /dsiot API instead (reconfigure the head, and minisplit detects it); BRP069C4x/C8x "
    "adapters on firmware 2.0-2.6 have no local API at all."
)
KEY_NEEDED_MESSAGE: Final = (
    "The adapter refuses requests without registration (HTTP 403): it is a BRP072C and needs "
    "its 13-digit key, printed on the adapter's label."
)


# The longest answer read (after decompression). Real answers are under 1 KiB (control info, the
# longest, is about 340 bytes); a head sending more is broken or hostile, and is cut off while
# reading instead of filling memory and blocking the event loop.
MAX_RESPONSE_BYTES: Final = 64 * 1024
REDACTED: Final = "**REDACTED**"
# A `key` parameter in a URL's query, whatever its value.
_KEY_IN_QUERY = re.compile(r"([?&]key=)[^&\s'\",]+", re.IGNORECASE)


class _ConnectionDroppedError(aiohttp.ClientConnectionError):
    """The head dropped the connection before answering (hidden from aiohttp's own retry)."""


# A connection the head dropped mid-exchange, also before answering: retried once.
_DROPPED_CONNECTION_ERRORS: Final = (_ConnectionDroppedError, *DROPPED_CONNECTION_ERRORS)
_TRANSPORT: Final = Transport(
    device="head",
    api="Daikin",
    max_body=MAX_RESPONSE_BYTES,
    connection_error=DaikinConnectionError,
    busy_error=DaikinBusyError,
    timeout_error=DaikinTimeoutError,
    response_error=DaikinResponseError,
    too_large_error=DaikinResponseTooLargeError,
    dropped=_DROPPED_CONNECTION_ERRORS,
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


def _without_secrets[**P, T](
    method: Callable[Concatenate[DaikinClient, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[DaikinClient, P], Coroutine[Any, Any, T]]:
    """Make sure no error leaving a client method carries the adapter key or the uuid."""

    @functools.wraps(method)
    async def wrapper(self: DaikinClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(self, *args, **kwargs)
        except DaikinError as err:
            clean = self.scrub_error(err)
            if clean is err:
                raise
            raise clean from None

    return wrapper


@dataclass
class DaikinClient(HeadClient):
    """One Daikin head (indoor unit with its Wi-Fi adapter), reached over its local HTTP API."""

    key: str | None = field(default=None, repr=False)
    uuid: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        """Validate the host (InvalidHost if it is none); make the terminal uuid a BRP072C needs."""
        super().__post_init__()
        if self.uuid is None:
            self.uuid = uuid_lib.uuid4().hex

    def redact(self, text: str) -> str:
        """Replace the key and the uuid (and any `key=` query value) in text."""
        for secret in (self.key, self.uuid):
            if secret:
                text = text.replace(secret, REDACTED)
        return _KEY_IN_QUERY.sub(rf"\g<1>{REDACTED}", text)

    def scrub_error(self, err: DaikinError) -> DaikinError:
        """Return err if neither it nor its chain shows a secret, else a redacted unchained copy."""
        text = "".join(traceback.format_exception(err))
        if self.redact(text) == text:
            return err
        return type(err)(self.redact(str(err)))

    @_without_secrets
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

    @_without_secrets
    async def get_model_info(self) -> ModelInfo:
        """Read what the head can do; old firmware without this endpoint gets claims of nothing."""
        values = await self._request("/aircon/get_model_info", check=False)
        if values["ret"] == "PARAM NG":
            LOGGER.debug("%s has no model info; assuming the basic feature set", self.host)
            return CONSERVATIVE_MODEL_INFO
        return parse_model_info(check_ret(values))

    @_without_secrets
    async def get_sensor_info(self) -> SensorInfo:
        """Read temperatures, humidity, compressor frequency and momentary power."""
        return parse_sensor_info(await self._request("/aircon/get_sensor_info"))

    @_without_secrets
    async def get_control_info(self) -> ControlInfo:
        """Read the head's settings."""
        return parse_control_info(await self._request("/aircon/get_control_info"))

    @_without_secrets
    async def set_control(
        self,
        *,
        power: bool | None = None,
        mode: OperationMode | None = None,
        target_temperature: float | None = None,
        fan_rate: FanSpeed | None = None,
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

    @_without_secrets
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

    @_without_secrets
    async def set_holiday(self, enabled: bool) -> None:
        """Switch the holiday (away) mode on or off."""
        await self._request("/common/set_holiday", {"en_hol": "1" if enabled else "0"})

    @_without_secrets
    async def get_demand_control(self) -> DemandControl:
        """Read /aircon/get_demand_control: whether the power is capped, to what, by whom."""
        return parse_demand_control(await self._request("/aircon/get_demand_control"))

    @_without_secrets
    async def set_demand_control(self, demand: DemandControl) -> DemandControl:
        """Cap the power (or lift the cap); return the cap the head reports after."""
        await self._request("/aircon/set_demand_control", build_demand_control_query(demand))
        return await self.get_demand_control()

    @_without_secrets
    async def get_day_energy(self) -> HourlyEnergy | None:
        """Read today's and yesterday's hourly energy; None when the head has no energy endpoint."""
        values = await self._request("/aircon/get_day_power_ex", check=False)
        if values["ret"] == "PARAM NG":
            return None
        if values["ret"] == "NG":
            # An adapter whose clock was never set answers so (see get_clock).
            raise DaikinReadRefusedError("the head answered ret=NG to the energy read")
        return parse_day_energy(check_ret(values))

    @_without_secrets
    async def get_clock(self) -> AdapterClock:
        """Read /common/get_datetime: whether the adapter knows the time, and what it shows."""
        return parse_datetime(await self._request("/common/get_datetime"))

    @_without_secrets
    async def set_clock(self, moment: dt.datetime) -> None:
        """Set the adapter's clock with /common/notify_date_time, in UTC (`zone=GMT`)."""
        await self._request("/common/notify_date_time", build_clock_query(moment))

    @_without_secrets
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
        LOGGER.debug("Registered this client with the adapter at %s", self.host)

    @property
    def base_url(self) -> str:
        """Return the scheme and authority every request goes to."""
        return str(self._url(""))

    def _url(
        self, path: str, params: Mapping[str, str] | None = None, *, scheme: str | None = None
    ) -> URL:
        """Build a request URL from the validated host and port; HTTPS when a key is known."""
        if scheme is None:
            scheme = "https" if self.key is not None else "http"
        return URL.build(
            scheme=scheme,
            host=self._address.host,
            port=self._address.port,
            path=path,
            query=params or None,
        )

    async def _is_brp072c_over_https(self) -> bool:
        """Return whether the head answers HTTPS with 403, as an unregistered BRP072C does."""
        url = self._url("/common/basic_info", scheme="https")
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
        url = self._url(path, params)
        return await _TRANSPORT.retried_once(
            lambda: self._send(url), host=self.host, detail=self._detail
        )

    def _detail(self, err: BaseException) -> str:
        """Describe a low-level error for a message or a log line, with no secret in it."""
        return self.redact(describe(err))

    async def _send(self, url: URL) -> tuple[int, str]:
        """Send one HTTP request while holding the head's lock; dropped connections propagate."""
        secure = url.scheme == "https"
        # Real heads never compress; one that does anyway is decompressed, bounded (transport.py).
        headers: dict[str, str] = {hdrs.ACCEPT_ENCODING: "identity"}
        if secure:
            headers["X-Daikin-uuid"] = self.uuid or ""
        ssl_context: ssl.SSLContext | bool = LEGACY_TLS_CONTEXT if secure else True
        # The session's own middlewares stay; ours goes closest to the wire.
        middlewares = (*getattr(self.session, "_middlewares", ()), self._count_and_surface_drops)
        async with self._lock:
            status, body = await _TRANSPORT.exchange(
                lambda: self.session.get(
                    url,
                    headers=headers,
                    ssl=ssl_context,
                    allow_redirects=False,
                    middlewares=middlewares,
                    auto_decompress=False,
                ),
                host=self.host,
                request_timeout=self.request_timeout,
                detail=self._detail,
            )
        return status, body.decode("utf-8", errors="replace")

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
