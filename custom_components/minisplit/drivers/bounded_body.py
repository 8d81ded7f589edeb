"""Reading a head's HTTP answer within a size bound, compressed or not (every driver's guard).

Real heads answer in a few KB and never compress; a hostile or broken one must not make the
client hold megabytes (a 100 MB body, or 299 KB of gzip that inflates to 300 MB). The bound holds
while reading: an announced length above it is refused unread, the stream stops once it passes
it, and decompression never produces more than one byte beyond it.
"""

from __future__ import annotations

import zlib
from typing import Final

import aiohttp
from aiohttp import hdrs

# Compressed input may run this far past the limit before it is refused (framing overhead).
_COMPRESSED_SLACK: Final = 1024
_READ_CHUNK: Final = 16 * 1024
_ZLIB_ENCODINGS: Final = frozenset({"gzip", "x-gzip", "deflate"})


class BodyTooLargeError(Exception):
    """The answer is larger than the bound; the message says how that showed."""


class BodyUnreadableError(Exception):
    """The answer cannot be decoded (its encoding, or broken compression)."""

    def __init__(self, problem: str, encoding: str) -> None:
        """`problem` completes "the answer ..."; `encoding` is the one the head named."""
        super().__init__(problem)
        self.problem = problem
        self.encoding = encoding


async def read_bounded_body(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """The body of at most `limit` bytes, gzip or deflate decompressed within that bound."""
    declared = response.content_length
    if declared is not None and declared > limit + _COMPRESSED_SLACK:
        raise BodyTooLargeError(f"it announces {declared} bytes")
    encoding = response.headers.get(hdrs.CONTENT_ENCODING, "").strip().lower()
    decompressor = None
    if encoding in _ZLIB_ENCODINGS:
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib framing
    elif encoding not in ("", "identity"):
        raise BodyUnreadableError("is in an encoding this client does not read", encoding)
    body = bytearray()
    received = 0
    async for chunk in response.content.iter_chunked(_READ_CHUNK):
        received += len(chunk)
        if received > limit + _COMPRESSED_SLACK:
            raise BodyTooLargeError(f"more than {received} bytes arrived")
        data = chunk
        if decompressor is not None:
            try:
                # Never more than one byte over the limit, however well the input compresses.
                data = decompressor.decompress(chunk, limit + 1 - len(body))
            except zlib.error:
                raise BodyUnreadableError("could not be decompressed", encoding) from None
        body += data
        if len(body) > limit:
            detail = f"{received} bytes of {encoding} grew past it" if decompressor else "streamed"
            raise BodyTooLargeError(detail)
    if decompressor is not None and not decompressor.eof:
        raise BodyUnreadableError("was cut short", encoding)
    return bytes(body)
