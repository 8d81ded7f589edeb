"""The /dsiot client over real HTTP against a fake adapter: bodies, limits, statuses, failures."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import time
import zlib

import aiohttp
import pytest
from aiohttp import web

from custom_components.minisplit.drivers.daikin_dsiot import (
    MAX_RESPONSE_BYTES,
    DsiotBusyError,
    DsiotClient,
    DsiotCommandRejectedError,
    DsiotConnectionError,
    DsiotResponseError,
    DsiotResponseTooLargeError,
    DsiotTimeoutError,
    DsiotUnsupportedError,
)
from custom_components.minisplit.drivers.daikin_dsiot import protocol as p
from custom_components.minisplit.heads import (
    HeadCommandRejectedError,
    HeadResponseError,
    HeadTimeoutError,
    HeadUnsupportedError,
    InvalidHost,
)

from .conftest import FIXTURES, FakeAdapter, load_fixture, load_json


def client_for(adapter: FakeAdapter, session: aiohttp.ClientSession, timeout: float = 2.0):
    return DsiotClient(adapter.host, session, request_timeout=timeout)


async def test_a_read_is_one_json_post(adapter: FakeAdapter, session: aiohttp.ClientSession):
    adapter.answer_json(load_json("status_named"))
    client = client_for(adapter, session)
    answers = await client.read(p.INDOOR, p.OUTDOOR)
    assert set(answers) == {p.INDOOR, p.OUTDOOR}
    assert adapter.paths == [("POST", "/dsiot/multireq")]
    assert json.loads(adapter.bodies[0]) == {
        "requests": [
            {"op": 2, "to": f"{p.INDOOR}?filter=pv,pt,md"},
            {"op": 2, "to": f"{p.OUTDOOR}?filter=pv,pt,md"},
        ]
    }
    assert client.requests_sent == 1
    assert str(client.url) == f"http://{adapter.host}/dsiot/multireq"


async def test_writes_check_the_result_code(adapter: FakeAdapter, session: aiohttp.ClientSession):
    client = client_for(adapter, session)
    plan = {p.INDOOR: {p.POWER: "00"}}
    adapter.answer_json(load_json("write_ok"))
    await client.write(plan)
    assert json.loads(adapter.bodies[0])["requests"][0]["op"] == 3
    adapter.answer_json(load_json("write_refused"))
    with pytest.raises(DsiotCommandRejectedError, match="rsc 4000") as caught:
        await client.write(plan)
    assert isinstance(caught.value, HeadCommandRejectedError)


@pytest.mark.parametrize("status", [404, 405])
async def test_no_dsiot_api(adapter: FakeAdapter, session: aiohttp.ClientSession, status: int):
    adapter.answer_json({}, status=status)
    with pytest.raises(DsiotUnsupportedError, match=f"HTTP {status}") as caught:
        await client_for(adapter, session).read(p.ADAPTER_INFO)
    assert isinstance(caught.value, HeadUnsupportedError)


async def test_other_http_errors(adapter: FakeAdapter, session: aiohttp.ClientSession):
    adapter.answer_json({}, status=500)
    with pytest.raises(DsiotResponseError, match="HTTP 500") as caught:
        await client_for(adapter, session).read(p.ADAPTER_INFO)
    assert isinstance(caught.value, HeadResponseError)


async def test_not_json(adapter: FakeAdapter, session: aiohttp.ClientSession):
    async def html(request: web.Request) -> web.StreamResponse:
        return web.Response(text="<html>Page Not Found</html>")

    adapter.handler = html
    with pytest.raises(DsiotResponseError, match="not JSON"):
        await client_for(adapter, session).read(p.ADAPTER_INFO)


def test_the_limit_is_far_above_every_real_answer() -> None:
    longest = max(
        len(json.dumps(json.loads(path.read_bytes()), separators=(",", ":")))
        for path in FIXTURES.glob("*.json")
    )
    # A real BRP084 poll with metadata is about 14 KB; the fixtures are smaller.
    assert longest < 8 * 1024
    assert MAX_RESPONSE_BYTES == 128 * 1024 > 8 * 14_000


def _streamer(size: int, *, announce: bool):
    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        if announce:
            response.content_length = size
        await response.prepare(request)
        chunk = b" " * 65536
        sent = 0
        try:
            while sent < size:
                await response.write(chunk)
                sent += len(chunk)
        except (ConnectionError, RuntimeError):
            pass
        return response

    return handler


@pytest.mark.parametrize("announce", [False, True], ids=["streamed", "content-length"])
async def test_a_huge_answer_fails_fast(
    adapter: FakeAdapter, session: aiohttp.ClientSession, announce: bool
) -> None:
    adapter.handler = _streamer(100 * 1024 * 1024, announce=announce)
    client = client_for(adapter, session)
    started = time.perf_counter()
    with pytest.raises(DsiotResponseTooLargeError, match="larger than the 128 KiB limit"):
        await client.read(p.INDOOR)
    assert time.perf_counter() - started < 2.0
    adapter.answer_json(load_json("adapter"))
    assert p.ADAPTER_INFO in await client.read(p.ADAPTER_INFO)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_compressed_answers_are_read_and_bounded(
    adapter: FakeAdapter, session: aiohttp.ClientSession, encoding: str
) -> None:
    real = load_fixture("adapter")
    payload = {"body": real}

    async def compressed(request: web.Request) -> web.StreamResponse:
        data = payload["body"]
        packed = gzip.compress(data) if encoding == "gzip" else zlib.compress(data)
        return web.Response(body=packed, headers={"Content-Encoding": encoding})

    adapter.handler = compressed
    client = client_for(adapter, session)
    assert p.ADAPTER_INFO in await client.read(p.ADAPTER_INFO)
    payload["body"] = b" " * (50 * 1024 * 1024)  # a bomb: 50 MB of spaces in about 50 KB
    with pytest.raises(DsiotResponseTooLargeError, match="grew past it"):
        await client.read(p.ADAPTER_INFO)


@pytest.mark.parametrize(
    ("headers", "body", "message"),
    [
        ({"Content-Encoding": "br"}, b"x", "encoding this client does not read"),
        ({"Content-Encoding": "gzip"}, b"not gzip at all", "could not be decompressed"),
        ({"Content-Encoding": "gzip"}, gzip.compress(b"{}" * 100, mtime=0)[:20], "cut short"),
    ],
)
async def test_bad_encodings(
    adapter: FakeAdapter,
    session: aiohttp.ClientSession,
    headers: dict[str, str],
    body: bytes,
    message: str,
) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, headers=headers)

    adapter.handler = handler
    with pytest.raises(DsiotResponseError, match=message):
        await client_for(adapter, session).read(p.ADAPTER_INFO)


async def test_timeout(adapter: FakeAdapter, session: aiohttp.ClientSession) -> None:
    async def slow(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(5)
        return web.Response()

    adapter.handler = slow
    with pytest.raises(DsiotTimeoutError, match=r"within 0\.2 s") as caught:
        await client_for(adapter, session, timeout=0.2).read(p.ADAPTER_INFO)
    assert isinstance(caught.value, HeadTimeoutError)


async def test_nothing_listening(session: aiohttp.ClientSession) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = DsiotClient(f"127.0.0.1:{port}", session, request_timeout=2.0)
    with pytest.raises(DsiotConnectionError, match="cannot connect"):
        await client.read(p.ADAPTER_INFO)


async def test_a_dropped_connection_is_retried_once(
    adapter: FakeAdapter, session: aiohttp.ClientSession
) -> None:
    drops = {"left": 1}

    async def flaky(request: web.Request) -> web.StreamResponse:
        if drops["left"] > 0:
            drops["left"] -= 1
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        return web.Response(body=load_fixture("adapter"))

    adapter.handler = flaky
    client = client_for(adapter, session)
    assert p.ADAPTER_INFO in await client.read(p.ADAPTER_INFO)
    assert client.requests_sent == 2
    drops["left"] = 2
    with pytest.raises(DsiotBusyError, match="dropped the connection twice"):
        await client.read(p.ADAPTER_INFO)


def test_the_host_is_validated(session: aiohttp.ClientSession) -> None:
    with pytest.raises(InvalidHost):
        DsiotClient("http://192.0.2.1/x", session)
    assert DsiotClient(" [FD00::40]:8080 ", session).host == "[fd00::40]:8080"
