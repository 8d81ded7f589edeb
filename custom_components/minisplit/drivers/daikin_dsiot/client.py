"""Asynchronous client for `POST /dsiot/multireq` of Daikin adapters on firmware 2.8 and newer."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import aiohttp
from aiohttp import hdrs
from yarl import URL

from ..bounded_body import BodyTooLargeError, BodyUnreadableError, read_bounded_body
from ..host import HostPort, parse_host
from ..values import excerpt
from .errors import (
    DsiotConnectionError,
    DsiotResponseError,
    DsiotResponseTooLargeError,
    DsiotTimeoutError,
    DsiotUnsupportedError,
)
from .models import Answer
from .protocol import Changes, check_write, parse_answer, read_request, write_request

LOGGER = logging.getLogger(__name__)

PATH: Final = "/dsiot/multireq"
NO_DSIOT_MESSAGE: Final = (
    "The device does not speak the /dsiot API of Daikin adapters on firmware 2.8 and newer "
    "(POST /dsiot/multireq answered HTTP {status})."
)

# The longest answer read (after decompression). A real poll (both status nodes with their
# metadata, compact JSON as adapters send it) is about 14 KB, pydaikin's whole first-discovery
# capture of a BRP084 16 KB; 128 KiB leaves room for heads with more entities while a broken or
# hostile head is cut off while reading instead of filling memory (drivers/bounded_body.py, as
# for the classic client), with a limit sized for JSON node trees.
MAX_RESPONSE_BYTES: Final = 128 * 1024
_MAX_DETAIL_LENGTH: Final = 160

# A connection the adapter dropped mid-exchange: worth exactly one more try (every write sets
# absolute values, so sending it twice does no harm).
_DROPPED_CONNECTION_ERRORS: Final = (
    aiohttp.ServerDisconnectedError,
    aiohttp.ClientConnectionResetError,
    aiohttp.ClientPayloadError,
    aiohttp.ClientOSError,
    ConnectionResetError,
)


def _too_large(detail: str) -> DsiotResponseTooLargeError:
    return DsiotResponseTooLargeError(
        f"the adapter's answer is larger than the {MAX_RESPONSE_BYTES // 1024} KiB limit "
        f"({detail}); no /dsiot answer is that long, so it was not read"
    )


async def read_body(response: aiohttp.ClientResponse) -> bytes:
    """Read a body of at most MAX_RESPONSE_BYTES, decompressing gzip or deflate with that bound."""
    try:
        return await read_bounded_body(response, MAX_RESPONSE_BYTES)
    except BodyTooLargeError as err:
        raise _too_large(str(err)) from None
    except BodyUnreadableError as err:
        if err.problem.startswith("is in an encoding"):
            raise DsiotResponseError(
                f"the adapter's answer {err.problem}: {excerpt(err.encoding)}"
            ) from None
        raise DsiotResponseError(f"the adapter's {err.encoding} answer {err.problem}") from None


def _describe(err: BaseException) -> str:
    """Say what a low-level error was, briefly."""
    detail = str(err).strip()[:_MAX_DETAIL_LENGTH]
    return f"{type(err).__name__}: {detail}" if detail else type(err).__name__


@dataclass
class DsiotClient:
    """One adapter's /dsiot/multireq endpoint: plain HTTP, JSON, no authentication."""

    host: str
    session: aiohttp.ClientSession
    request_timeout: float = 10.0
    requests_sent: int = field(default=0, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False, compare=False)
    # The validated host and port every URL is built from (never the text of `host`).
    _address: HostPort = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate the host (InvalidHost if it is none)."""
        self._address = parse_host(self.host)
        self.host = str(self._address)

    @property
    def url(self) -> URL:
        """Where every request goes."""
        return URL.build(scheme="http", host=self._address.host, port=self._address.port, path=PATH)

    async def read(self, *targets: str, metadata: bool = True) -> dict[str, Answer]:
        """Read the targets in one multireq; the answers by target (checked by the caller)."""
        return await self.multireq(read_request(*targets, metadata=metadata))

    async def write(self, changes: Changes) -> dict[str, Answer]:
        """Write the leaves in one multireq; raise unless every node answered rsc 2004."""
        answers = await self.multireq(write_request(changes))
        check_write(answers, changes)
        return answers

    async def multireq(self, body: Mapping[str, Any]) -> dict[str, Answer]:
        """Send one multireq; raise for HTTP errors and answers that are not multireq JSON."""
        status, data = await self._exchange(json.dumps(body, separators=(",", ":")).encode())
        if status in (404, 405):
            raise DsiotUnsupportedError(NO_DSIOT_MESSAGE.format(status=status))
        if not 200 <= status < 300:
            raise DsiotResponseError(f"the adapter answered HTTP {status} to POST {PATH}")
        return parse_answer(data)

    async def _exchange(self, payload: bytes) -> tuple[int, bytes]:
        """One HTTP exchange, retried once if the adapter drops the connection."""
        try:
            return await self._send(payload)
        except _DROPPED_CONNECTION_ERRORS as err:
            LOGGER.debug("%s dropped the connection (%s); retrying once", self.host, _describe(err))
        try:
            return await self._send(payload)
        except _DROPPED_CONNECTION_ERRORS as err:
            raise DsiotConnectionError(
                f"{self.host} dropped the connection twice ({_describe(err)})"
            ) from None

    async def _send(self, payload: bytes) -> tuple[int, bytes]:
        """Send one POST while holding the adapter's lock; dropped connections propagate."""
        headers = {
            hdrs.CONTENT_TYPE: "application/json",
            # Adapters never compress; one that does anyway is decompressed by read_body, bounded.
            hdrs.ACCEPT_ENCODING: "identity",
        }
        async with self._lock:
            self.requests_sent += 1
            try:
                async with (
                    asyncio.timeout(self.request_timeout),
                    self.session.post(
                        self.url,
                        data=payload,
                        headers=headers,
                        allow_redirects=False,
                        auto_decompress=False,
                    ) as response,
                ):
                    try:
                        body = await read_body(response)
                    except DsiotResponseError:
                        response.close()  # drop the connection: the rest is never read
                        raise
                    return response.status, body
            except TimeoutError:
                raise DsiotTimeoutError(
                    f"{self.host} did not answer within {self.request_timeout:g} s"
                ) from None
            except aiohttp.ClientConnectorError as err:
                raise DsiotConnectionError(
                    f"cannot connect to {self.host} ({_describe(err)})"
                ) from None
            except _DROPPED_CONNECTION_ERRORS:
                raise
            except (aiohttp.ClientError, OSError) as err:
                raise DsiotConnectionError(
                    f"cannot talk to {self.host} ({_describe(err)})"
                ) from None
