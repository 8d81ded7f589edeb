"""async_detect: which protocol a device speaks, against emulated heads and tiny fake adapters."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import pytest
from aiohttp import web

from custom_components.minisplit.drivers import (
    DAIKIN_CLASSIC,
    DAIKIN_DSIOT,
    async_detect,
    create_driver,
)
from custom_components.minisplit.heads import (
    HeadAuthenticationError,
    HeadConnectionError,
    HeadNoLocalApiError,
    HeadResponseError,
    HeadTimeoutError,
    InvalidHost,
)
from emulators.daikin import EmulatorModel

from .conftest import FakeAdapter, MakeEmulator, load_fixture

# What a BRP069C8x on firmware 2.3.0 answers (docs/daikin-dsiot-api.md, "Who speaks it").
C8X_BASIC_INFO = (
    "ret=OK,type=aircon,reg=eu,dst=1,ver=2_3_0,rev=0,pow=0,err=0,location=0,name=%4c%69,"
    "icon=0,method=home only,port=30050,id=,pw=,lpw_flag=0,adp_kind=3,pv=3.20,cpv=3,"
    "cpv_minor=20,led=1,en_setzone=1,mac=A4B1C2D3E4F5,adp_mode=run,en_hol=0"
)


@pytest.mark.parametrize(
    ("model", "protocol"),
    [
        (EmulatorModel.CLASSIC, DAIKIN_CLASSIC),
        (EmulatorModel.CLASSIC_NOHUMIDITY, DAIKIN_CLASSIC),
        (EmulatorModel.DSIOT, DAIKIN_DSIOT),
        (EmulatorModel.DSIOT_BASIC, DAIKIN_DSIOT),
        (EmulatorModel.DSIOT_UNNAMED, DAIKIN_DSIOT),
    ],
)
async def test_detects_the_emulated_kinds(
    make_emulator: MakeEmulator,
    session: aiohttp.ClientSession,
    model: EmulatorModel,
    protocol: str,
) -> None:
    emulator = await make_emulator(model)
    assert await async_detect(session, emulator.host, request_timeout=2.0) == protocol
    paths = [path for path, _ in emulator.requests]
    if protocol == DAIKIN_CLASSIC:
        # Classic adapters are spared the /dsiot probe.
        assert paths == ["/common/basic_info", "/aircon/get_control_info"]
    else:
        assert paths == ["/common/basic_info", "/dsiot/multireq"]
    driver = create_driver(session, emulator.host, protocol=protocol, request_timeout=2.0)
    assert (await driver.async_read_info()).mac == "A4B1C2D3E4F5"


async def test_a_brp072c_needs_its_key(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.BRP072C)
    with pytest.raises(HeadAuthenticationError, match="13-digit key"):
        await async_detect(session, emulator.host, request_timeout=2.0)


async def test_an_adapter_without_local_api(
    make_emulator: MakeEmulator, session: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(EmulatorModel.UNSUPPORTED_404)
    with pytest.raises(HeadNoLocalApiError, match=r"firmware 2\.8 or newer"):
        await async_detect(session, emulator.host, request_timeout=2.0)


async def test_404_everywhere(adapter: FakeAdapter, session: aiohttp.ClientSession) -> None:
    async def not_found(request: web.Request) -> web.StreamResponse:
        return web.Response(status=404, text="404 Not Found")

    adapter.handler = not_found
    with pytest.raises(HeadNoLocalApiError):
        await async_detect(session, adapter.host, request_timeout=2.0)
    assert adapter.paths == [("GET", "/common/basic_info"), ("POST", "/dsiot/multireq")]


async def test_basic_info_but_no_aircon_paths(
    adapter: FakeAdapter, session: aiohttp.ClientSession
) -> None:
    async def c8x(request: web.Request) -> web.StreamResponse:
        if request.path == "/common/basic_info":
            return web.Response(text=C8X_BASIC_INFO)
        return web.Response(status=404, text="404 Not Found")

    adapter.handler = c8x
    with pytest.raises(HeadNoLocalApiError, match="BRP069C4x/C8x"):
        await async_detect(session, adapter.host, request_timeout=2.0)
    assert adapter.paths == [
        ("GET", "/common/basic_info"),
        ("GET", "/aircon/get_control_info"),
        ("POST", "/dsiot/multireq"),
    ]


async def test_basic_info_and_dsiot(adapter: FakeAdapter, session: aiohttp.ClientSession) -> None:
    """A BRP084 just updated to 2.8 may still answer basic_info: /aircon 404 sends it to /dsiot."""

    async def brp084(request: web.Request) -> web.StreamResponse:
        if request.path == "/common/basic_info":
            return web.Response(text=C8X_BASIC_INFO.replace("2_3_0", "2_8_0"))
        if request.path == "/dsiot/multireq" and request.method == "POST":
            return web.Response(body=load_fixture("adapter"), content_type="application/json")
        return web.Response(status=404, text="Page Not Found")

    adapter.handler = brp084
    assert await async_detect(session, adapter.host, request_timeout=2.0) == DAIKIN_DSIOT


async def test_an_html_page_and_a_broken_dsiot_answer(
    adapter: FakeAdapter, session: aiohttp.ClientSession
) -> None:
    async def portal(request: web.Request) -> web.StreamResponse:
        return web.Response(text="<html>router login</html>", content_type="text/html")

    adapter.handler = portal
    # Not a 404: whatever answers is no Daikin adapter without a local API (a router's page, or
    # a classic adapter answering garbage); the classic probe's error says what came back.
    with pytest.raises(HeadResponseError, match="not key=value text"):
        await async_detect(session, adapter.host, request_timeout=2.0)


async def test_nothing_answers(session: aiohttp.ClientSession) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(HeadConnectionError):
        await async_detect(session, f"127.0.0.1:{port}", request_timeout=2.0)


async def test_a_silent_device_times_out(
    adapter: FakeAdapter, session: aiohttp.ClientSession
) -> None:
    async def silent(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(5)
        return web.Response()

    adapter.handler = silent
    with pytest.raises(HeadTimeoutError):
        await async_detect(session, adapter.host, request_timeout=0.2)
    assert len(adapter.paths) == 1


async def test_a_dsiot_device_that_stops_answering(
    adapter: FakeAdapter, session: aiohttp.ClientSession
) -> None:
    async def half(request: web.Request) -> web.StreamResponse:
        if request.method == "POST":
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        return web.Response(status=404)

    adapter.handler = half
    with pytest.raises(HeadConnectionError, match="dropped the connection twice"):
        await async_detect(session, adapter.host, request_timeout=2.0)


async def test_no_address(session: aiohttp.ClientSession) -> None:
    with pytest.raises(InvalidHost):
        await async_detect(session, "http://x/y", request_timeout=1.0)
