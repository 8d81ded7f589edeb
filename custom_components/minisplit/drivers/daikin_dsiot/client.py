"""Asynchronous client for `POST /dsiot/multireq` of Daikin adapters on firmware 2.8 and newer."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from aiohttp import hdrs
from yarl import URL

from ..transport import HeadClient, Transport
from .errors import (
    DsiotBusyError,
    DsiotConnectionError,
    DsiotResponseError,
    DsiotResponseTooLargeError,
    DsiotTimeoutError,
    DsiotUnsupportedError,
)
from .models import Answer
from .protocol import Changes, check_write, parse_answer, read_request, write_request

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

# A dropped connection is retried once, writes too: every write sets absolute values, so
# sending it twice does no harm.
_TRANSPORT: Final = Transport(
    device="adapter",
    api="/dsiot",
    max_body=MAX_RESPONSE_BYTES,
    connection_error=DsiotConnectionError,
    busy_error=DsiotBusyError,
    timeout_error=DsiotTimeoutError,
    response_error=DsiotResponseError,
    too_large_error=DsiotResponseTooLargeError,
)


@dataclass
class DsiotClient(HeadClient):
    """One adapter's /dsiot/multireq endpoint: plain HTTP, JSON, no authentication."""

    @property
    def url(self) -> URL:
        """Where every request goes."""
        return URL.build(scheme="http", host=self._address.host, port=self._address.port, path=PATH)

    async def read(self, *targets: str, metadata: bool = True) -> dict[str, Answer]:
        """Read the targets in one multireq; the answers by target (checked by the caller)."""
        return await self._post(_read_payload(targets, metadata))

    async def write(self, changes: Changes) -> dict[str, Answer]:
        """Write the leaves in one multireq; raise unless every node answered rsc 2004."""
        answers = await self.multireq(write_request(changes))
        check_write(answers, changes)
        return answers

    async def multireq(self, body: Mapping[str, Any]) -> dict[str, Answer]:
        """Send one multireq; raise for HTTP errors and answers that are not multireq JSON."""
        return await self._post(_encoded(body))

    async def _post(self, payload: bytes) -> dict[str, Answer]:
        """Send an encoded multireq (see `multireq`)."""
        status, data = await self._exchange(payload)
        if status in (404, 405):
            raise DsiotUnsupportedError(NO_DSIOT_MESSAGE.format(status=status))
        if not 200 <= status < 300:
            raise DsiotResponseError(f"the adapter answered HTTP {status} to POST {PATH}")
        return parse_answer(data)

    async def _exchange(self, payload: bytes) -> tuple[int, bytes]:
        """One HTTP exchange, retried once if the adapter drops the connection."""
        return await _TRANSPORT.retried_once(lambda: self._send(payload), host=self.host)

    async def _send(self, payload: bytes) -> tuple[int, bytes]:
        """Send one POST while holding the adapter's lock; dropped connections propagate."""
        headers = {
            hdrs.CONTENT_TYPE: "application/json",
            # Adapters never compress; one that does anyway is decompressed, bounded (transport.py).
            hdrs.ACCEPT_ENCODING: "identity",
        }
        async with self._lock:
            self.requests_sent += 1
            return await _TRANSPORT.exchange(
                lambda: self.session.post(
                    self.url,
                    data=payload,
                    headers=headers,
                    allow_redirects=False,
                    auto_decompress=False,
                ),
                host=self.host,
                request_timeout=self.request_timeout,
            )


def _encoded(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


@lru_cache(maxsize=16)
def _read_payload(targets: tuple[str, ...], metadata: bool) -> bytes:
    """A read's body, encoded once: a poll sends the same few every minute."""
    return _encoded(read_request(*targets, metadata=metadata))
