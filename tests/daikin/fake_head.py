"""A small aiohttp server speaking the Daikin key=value API, with faults a test can switch on."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

FIXTURES = Path(__file__).parent / "fixtures"
BRP072C_KEY = "0123456789012"
WRITABLE_FIELDS = ("pow", "mode", "stemp", "shum", "f_rate", "f_dir")


def load_fixture(name: str) -> str:
    """Return a hand-written answer from tests/daikin/fixtures."""
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").strip()


def parse_fixture(name: str) -> dict[str, str]:
    """Return a fixture's key=value pairs, in order."""
    return dict(token.partition("=")[::2] for token in load_fixture(name).split(","))


@dataclass(frozen=True)
class ReceivedRequest:
    """One request the fake head saw."""

    path: str
    query: dict[str, str]
    query_string: str
    headers: dict[str, str]


class FakeHead:
    """An indoor unit's Wi-Fi adapter on 127.0.0.1."""

    def __init__(self, *, key: str | None = None, tls: ssl.SSLContext | None = None) -> None:
        """Start from the classic fixtures; with a key, behave like a BRP072C."""
        self.key = key
        self.tls = tls
        self.answers: dict[str, str] = {
            "/common/basic_info": load_fixture("basic_info_classic"),
            "/aircon/get_model_info": load_fixture("model_info"),
            "/aircon/get_sensor_info": load_fixture("sensor_info"),
            "/aircon/get_day_power_ex": load_fixture("day_power_ex"),
        }
        self.control = parse_fixture("control_info_heat")
        self.holiday = "0"
        self.latency = 0.0
        self.drops = 0
        self.truncations = 0
        self.status_everywhere: int | None = None
        self.wrong_key_answer = "403"
        self.reject_writes = False
        self.special_mode_answer_has_adv = True
        self.registered: set[str] = set()
        self.requests: list[ReceivedRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.host = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self.tls)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server)
        self.host = f"127.0.0.1:{server.sockets[0].getsockname()[1]}"

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    def paths(self) -> list[str]:
        """Return the paths requested so far, in order."""
        return [request.path for request in self.requests]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        """Answer like an adapter, after the configured latency and faults."""
        self.requests.append(
            ReceivedRequest(
                path=request.path,
                query=dict(request.query),
                query_string=request.query_string,
                headers=dict(request.headers),
            )
        )
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            if self.drops:
                self.drops -= 1
                assert request.transport is not None
                request.transport.abort()
                raise web.HTTPInternalServerError
            if self.truncations:
                self.truncations -= 1
                return await self._truncated_answer(request)
            return self._answer(request)
        finally:
            self.in_flight -= 1

    async def _truncated_answer(self, request: web.Request) -> web.StreamResponse:
        """Promise a long body, send a little of it, and drop the connection."""
        response = web.StreamResponse()
        response.content_length = 500
        await response.prepare(request)
        await response.write(b"ret=OK,htemp=2")
        assert request.transport is not None
        request.transport.abort()
        return response

    def _answer(self, request: web.Request) -> web.Response:
        """Build the answer to one request."""
        if self.status_everywhere is not None:
            return web.Response(status=self.status_everywhere, text="error")
        if self.key is not None:
            terminal = request.headers.get("X-Daikin-uuid", "")
            if request.path == "/common/register_terminal":
                if request.query.get("key") == self.key and terminal:
                    self.registered.add(terminal)
                    return web.Response(text="ret=OK")
                if self.wrong_key_answer == "403":
                    return web.Response(status=403, text="Forbidden")
                return web.Response(text=f"ret={self.wrong_key_answer}")
            if terminal not in self.registered:
                return web.Response(status=403, text="Forbidden")
        return web.Response(text=self._body(request))

    def _body(self, request: web.Request) -> str:
        """Return the key=value text for a path."""
        query = request.query
        match request.path:
            case "/aircon/get_control_info":
                return ",".join(f"{key}={value}" for key, value in self.control.items())
            case "/aircon/set_control_info":
                if self.reject_writes or set(query) != set(WRITABLE_FIELDS):
                    return "ret=PARAM NG"
                self.control.update({name: query[name] for name in WRITABLE_FIELDS})
                return "ret=OK"
            case "/aircon/set_special_mode":
                return self._set_special_mode(dict(query))
            case "/common/set_holiday":
                if query.get("en_hol") not in ("0", "1"):
                    return "ret=PARAM NG"
                self.holiday = query["en_hol"]
                return "ret=OK"
        return self.answers.get(request.path, "ret=PARAM NG,msg=404 Not Found")

    def _set_special_mode(self, query: dict[str, str]) -> str:
        """Switch a special mode in `adv` and answer with the new `adv`."""
        codes = [code for code in self.control.get("adv", "").split("/") if code]
        if "en_streamer" in query:
            code, enabled = "13", query["en_streamer"] == "1"
        elif query.get("spmode_kind") in ("1", "2") and query.get("set_spmode") in ("0", "1"):
            code = "2" if query["spmode_kind"] == "1" else "12"
            enabled = query["set_spmode"] == "1"
        else:
            return "ret=PARAM NG"
        if code != "13" and enabled:  # powerful and econo exclude each other
            codes = [other for other in codes if other == "13"]
        codes = [other for other in codes if other != code] + ([code] if enabled else [])
        self.control["adv"] = "/".join(codes)
        if not self.special_mode_answer_has_adv:
            return "ret=OK"
        return f"ret=OK,adv={self.control['adv']}"
