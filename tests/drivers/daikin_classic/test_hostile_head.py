"""A head that answers too much, compresses a bomb, or sends what no head sends: bounded reads."""

from __future__ import annotations

import time
import tracemalloc
import zlib

import aiohttp
import pytest

from custom_components.minisplit.drivers.daikin_classic import DaikinClient, DaikinResponseError
from custom_components.minisplit.drivers.daikin_classic.client import MAX_RESPONSE_BYTES
from custom_components.minisplit.drivers.daikin_classic.errors import DaikinResponseTooLargeError

from .fake_head import FIXTURES, FakeHead, gzip_bomb, load_fixture

HUNDRED_MB = 100 * 1024 * 1024


def client_for(head: FakeHead, session: aiohttp.ClientSession) -> DaikinClient:
    """Return a client for the fake head, with a short timeout."""
    return DaikinClient(head.host, session, request_timeout=5.0)


def test_the_limit_is_far_above_every_real_answer() -> None:
    names = [path.stem for path in FIXTURES.glob("*.txt")]
    assert len(names) >= 10
    longest = max(len(load_fixture(name).encode()) for name in names)
    assert longest < 400
    assert MAX_RESPONSE_BYTES == 64 * 1024 > 100 * longest


@pytest.mark.parametrize("announce", [False, True], ids=["streamed", "content-length"])
async def test_a_100_mb_answer_fails_fast_without_being_read(
    head: FakeHead, session: aiohttp.ClientSession, announce: bool
) -> None:
    head.handlers["/aircon/get_sensor_info"] = head.streamer(HUNDRED_MB, announce=announce)
    client = client_for(head, session)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DaikinResponseTooLargeError, match="larger than the 64 KiB limit"):
            await client.get_sensor_info()
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # What the fake head got onto the wire before the client hung up: the client's 64 KiB and
    # what the socket buffers took, never the 100 MB.
    print(
        f"\n100 MB ({'announced' if announce else 'streamed'}): "
        f"failed after {elapsed * 1000:.0f} ms, "
        f"head sent {head.bytes_streamed} bytes, peak traced memory {peak / 1024:.0f} KiB"
    )
    assert head.bytes_streamed < HUNDRED_MB // 10
    assert peak < 4 * 1024 * 1024
    assert elapsed < 1.0
    # The connection was dropped, not drained; the next request works.
    del head.handlers["/aircon/get_sensor_info"]
    assert (await client.get_sensor_info()).indoor_temperature == 22.5


@pytest.mark.parametrize("size", [10 * 1024 * 1024, 300 * 1024 * 1024], ids=["10MB", "300MB"])
async def test_a_gzip_bomb_fails_without_being_inflated(
    head: FakeHead, session: aiohttp.ClientSession, size: int
) -> None:
    bomb = gzip_bomb(size)
    head.handlers["/aircon/get_sensor_info"] = head.encoded(bomb, "gzip")
    client = client_for(head, session)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DaikinResponseTooLargeError, match="64 KiB limit"):
            await client.get_sensor_info()
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(
        f"\ngzip bomb {size >> 20} MB in {len(bomb)} bytes: failed after "
        f"{elapsed * 1000:.0f} ms, peak traced memory {peak / 1024:.0f} KiB"
    )
    assert peak < 4 * 1024 * 1024 + len(bomb)
    assert elapsed < 1.0


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", lambda data: gzip_body(data)),
        ("deflate", zlib.compress),
        ("identity", lambda data: data),
    ],
)
async def test_a_compressed_answer_of_plausible_size_is_read(
    head: FakeHead, session: aiohttp.ClientSession, encoding: str, compress: object
) -> None:
    body = load_fixture("sensor_info").encode()
    head.handlers["/aircon/get_sensor_info"] = head.encoded(compress(body), encoding)  # type: ignore[operator]
    sensors = await client_for(head, session).get_sensor_info()
    assert sensors.indoor_temperature == 22.5


async def test_an_answer_just_at_the_limit_is_read(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    body = load_fixture("sensor_info").encode()
    body += b",pad=" + b"x" * (MAX_RESPONSE_BYTES - len(body) - 5)
    assert len(body) == MAX_RESPONSE_BYTES
    head.handlers["/aircon/get_sensor_info"] = head.encoded(gzip_body(body), "gzip")
    assert (await client_for(head, session).get_sensor_info()).outdoor_temperature == 8.5
    head.handlers["/aircon/get_sensor_info"] = head.encoded(gzip_body(body + b"x"), "gzip")
    with pytest.raises(DaikinResponseTooLargeError):
        await client_for(head, session).get_sensor_info()


@pytest.mark.parametrize(
    ("body", "encoding", "message"),
    [
        (b"ret=OK but not gzip", "gzip", "could not be decompressed"),
        (gzip_bomb(1000)[:-12], "gzip", "cut short"),
        (b"ret=OK", "br", "encoding this client does not read"),
    ],
)
async def test_an_undecodable_answer_is_a_response_error(
    head: FakeHead, session: aiohttp.ClientSession, body: bytes, encoding: str, message: str
) -> None:
    head.handlers["/aircon/get_sensor_info"] = head.encoded(body, encoding)
    with pytest.raises(DaikinResponseError, match=message):
        await client_for(head, session).get_sensor_info()


async def test_the_client_asks_for_an_uncompressed_answer(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    await client_for(head, session).get_sensor_info()
    assert head.requests[0].headers["Accept-Encoding"] == "identity"


def gzip_body(data: bytes) -> bytes:
    """Gzip a body."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return compressor.compress(data) + compressor.flush()
