"""One HTTP exchange with a head, as every driver's client does it.

The rules are the same for every protocol: a request has the client's timeout; the answer is
read within a size bound (bounded_body); a connection the head drops is retried exactly once;
and whatever goes wrong below HTTP becomes the protocol's own connection, timeout or response
error. Error messages never chain aiohttp's errors, which carry the request (a URL may hold a
key). What differs per protocol (its error classes, the words its messages use, the bound) is a
`Transport`; what every client holds is a `HeadClient`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import KW_ONLY, dataclass, field
from typing import Final

import aiohttp

from ..heads.errors import (
    HeadBusyError,
    HeadConnectionError,
    HeadResponseError,
    HeadTimeoutError,
)
from .bounded_body import BodyTooLargeError, BodyUnreadableError, read_bounded_body
from .host import HostPort, parse_host
from .values import excerpt

LOGGER = logging.getLogger(__name__)

# A connection the head dropped mid-exchange: worth exactly one more try.
DROPPED_CONNECTION_ERRORS: Final = (
    aiohttp.ServerDisconnectedError,
    aiohttp.ClientConnectionResetError,
    aiohttp.ClientPayloadError,
    aiohttp.ClientOSError,
    ConnectionResetError,
)
# How much of a low-level error's own text an error message keeps.
MAX_DETAIL_LENGTH: Final = 160


def describe(err: BaseException) -> str:
    """Say what a low-level error was without the request it carries (URL, query, headers)."""
    if isinstance(err, aiohttp.ClientResponseError):
        detail = f"HTTP {err.status} {err.message}"
    else:
        detail = str(err)
    detail = detail.strip()[:MAX_DETAIL_LENGTH]
    return f"{type(err).__name__}: {detail}" if detail else type(err).__name__


@dataclass(frozen=True, slots=True, kw_only=True)
class Transport:
    """One protocol's errors and words for what goes wrong on the wire."""

    # What messages call the device ("the head's answer") and its API ("no Daikin answer").
    device: str
    api: str
    # The longest answer read, after decompression.
    max_body: int
    connection_error: type[HeadConnectionError]
    # A second drop: the head is on, but busy with another client.
    busy_error: type[HeadBusyError]
    timeout_error: type[HeadTimeoutError]
    response_error: type[HeadResponseError]
    too_large_error: type[HeadResponseError]
    # What counts as a dropped connection (retried once; it propagates from `exchange`).
    dropped: tuple[type[BaseException], ...] = DROPPED_CONNECTION_ERRORS

    async def read_body(self, response: aiohttp.ClientResponse) -> bytes:
        """Read a body of at most max_body bytes, decompressing gzip or deflate with that bound."""
        try:
            return await read_bounded_body(response, self.max_body)
        except BodyTooLargeError as err:
            raise self.too_large_error(
                f"the {self.device}'s answer is larger than the {self.max_body // 1024} KiB "
                f"limit ({err}); no {self.api} answer is that long, so it was not read"
            ) from None
        except BodyUnreadableError as err:
            if err.problem.startswith("is in an encoding"):
                raise self.response_error(
                    f"the {self.device}'s answer {err.problem}: {excerpt(err.encoding)}"
                ) from None
            raise self.response_error(
                f"the {self.device}'s {err.encoding} answer {err.problem}"
            ) from None

    async def exchange(
        self,
        request: Callable[[], AbstractAsyncContextManager[aiohttp.ClientResponse]],
        *,
        host: str,
        request_timeout: float,
        detail: Callable[[BaseException], str] = describe,
    ) -> tuple[int, bytes]:
        """Make the request and read its answer: the status and the body.

        Dropped connections propagate (for `retried_once`); any other failure is this protocol's
        error, described by `detail` (which must leave no secret in the text).
        """
        try:
            async with asyncio.timeout(request_timeout), request() as response:
                try:
                    body = await self.read_body(response)
                except self.response_error:
                    response.close()  # drop the connection: the rest is never read
                    raise
                return response.status, body
        except TimeoutError:
            raise self.timeout_error(
                f"{host} did not answer within {request_timeout:g} s"
            ) from None
        except aiohttp.ClientConnectorError as err:
            raise self.connection_error(f"cannot connect to {host} ({detail(err)})") from None
        except self.dropped:
            raise
        except (aiohttp.ClientError, OSError) as err:
            raise self.connection_error(f"cannot talk to {host} ({detail(err)})") from None

    async def retried_once[T](
        self,
        send: Callable[[], Awaitable[T]],
        *,
        host: str,
        detail: Callable[[BaseException], str] = describe,
    ) -> T:
        """Await send(), once more if the head dropped the connection; a second drop raises."""
        try:
            return await send()
        except self.dropped as err:
            LOGGER.debug("%s dropped the connection (%s); retrying once", host, detail(err))
        try:
            return await send()
        except self.dropped as err:
            raise self.busy_error(f"{host} dropped the connection twice ({detail(err)})") from None


@dataclass
class HeadClient:
    """What every driver's client holds: the head's validated address, the session, the timeout.

    `host` is normalised on creation (InvalidHost if it is no address); requests are built from
    `_address`, never from the text. One lock makes the head see one request at a time.
    """

    host: str
    session: aiohttp.ClientSession
    _: KW_ONLY
    request_timeout: float = 10.0
    # Requests put on the wire (for diagnostics).
    requests_sent: int = field(default=0, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False, compare=False)
    # The validated host and port every URL is built from (never the text of `host`).
    _address: HostPort = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate the host (InvalidHost if it is none) and keep its normal form."""
        self._address = parse_host(self.host)
        self.host = str(self._address)
