"""A small aiohttp server speaking the Daikin key=value API, with faults a test can switch on."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

FIXTURES = Path(__file__).parent / "fixtures"
BRP072C_KEY = "0123456789012"
WRITABLE_FIELDS = ("pow", "mode", "stemp", "shum", "f_rate", "f_dir")


type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def self_signed_server_context(directory: Path) -> ssl.SSLContext:
    """A TLS server context for 127.0.0.1 with a fresh self-signed certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "daikin-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file = directory / "cert.pem"
    key_file = directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context


def gzip_bomb(size: int) -> bytes:
    """Gzip `size` zero bytes: about a thousandth of that on the wire."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(size >> 20)]
    parts.append(compressor.compress(bytes(size & ((1 << 20) - 1))))
    parts.append(compressor.flush())
    return b"".join(parts)


def load_fixture(name: str) -> str:
    """Return a hand-written answer from tests/drivers/daikin_classic/fixtures."""
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
        # Per path, an answer that replaces the head's own (a broken, huge or compressed one).
        self.handlers: dict[str, Handler] = {}
        self.bytes_streamed = 0
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
            if request.path in self.handlers:
                return await self.handlers[request.path](request)
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

    async def broken_http(self, request: web.Request) -> web.StreamResponse:
        """Answer with bytes that are not HTTP at all, then hang up."""
        assert request.transport is not None
        request.transport.write(b"HTTP/1.1 2x0 OK\r\nContent-Length: nope\r\n\r\nret=OK")
        request.transport.close()
        return web.Response()  # never sent: the transport is closed

    def streamer(self, total: int, *, announce: bool) -> Handler:
        """Answer with `total` bytes of key=value-looking text, counting what got sent."""

        async def stream(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse()
            if announce:
                response.content_length = total
            await response.prepare(request)
            chunk = b"ret=OK," + b"x" * (64 * 1024 - 7)
            try:
                while self.bytes_streamed < total:
                    await response.write(chunk)
                    self.bytes_streamed += len(chunk)
            except (ConnectionError, RuntimeError):
                pass  # the client hung up
            return response

        return stream

    @staticmethod
    def encoded(body: bytes, encoding: str) -> Handler:
        """Answer with a body already in a Content-Encoding (gzip, deflate, br...)."""

        async def answer(request: web.Request) -> web.StreamResponse:
            return web.Response(body=body, headers={"Content-Encoding": encoding})

        return answer

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
