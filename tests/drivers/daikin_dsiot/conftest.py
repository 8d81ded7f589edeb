"""Fixtures for the /dsiot driver tests: real sockets on 127.0.0.1, a fake adapter, the emulator."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from emulators.daikin import DaikinEmulator, EmulatorModel

FIXTURES = Path(__file__).parent / "fixtures"

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def load_fixture(name: str) -> bytes:
    """A JSON fixture's bytes."""
    return (FIXTURES / f"{name}.json").read_bytes()


def load_json(name: str) -> Any:
    """A JSON fixture, parsed."""
    return json.loads(load_fixture(name))


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the root conftest's fixture: these tests need no Home Assistant instance."""


@pytest.fixture(autouse=True)
def _allow_sockets(socket_enabled: None) -> None:
    """These tests talk HTTP to servers on 127.0.0.1."""


@pytest.fixture
async def session() -> AsyncGenerator[aiohttp.ClientSession]:
    """A client session like the one Home Assistant injects."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@dataclass
class FakeAdapter:
    """An aiohttp server on 127.0.0.1 answering every request with a handler a test sets."""

    handler: Handler | None = None
    bodies: list[bytes] = field(default_factory=list)
    paths: list[tuple[str, str]] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def host(self) -> str:
        """What the driver is given."""
        return f"127.0.0.1:{self.port}"

    def answer_json(self, *bodies: object, status: int = 200) -> None:
        """Answer with these JSON bodies in turn (the last one repeated)."""
        queue = list(bodies)

        async def handler(request: web.Request) -> web.StreamResponse:
            body = queue.pop(0) if len(queue) > 1 else queue[0]
            text = body.decode() if isinstance(body, bytes) else json.dumps(body)
            return web.Response(status=status, text=text, content_type="application/json")

        self.handler = handler

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.paths.append((request.method, request.path))
        self.bodies.append(await request.read())
        assert self.handler is not None
        return await self.handler(request)

    async def start(self) -> None:
        """Listen on a free port."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def adapter() -> AsyncGenerator[FakeAdapter]:
    """A fake adapter; set its handler or answers per test."""
    fake = FakeAdapter()
    await fake.start()
    yield fake
    await fake.stop()


class Clock:
    """A settable clock for the emulator."""

    def __init__(self) -> None:
        """Start at 2026-01-15 10:00 UTC."""
        self.current = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        """The current time."""
        return self.current


MakeEmulator = Callable[..., Awaitable[DaikinEmulator]]


@pytest.fixture
async def make_emulator() -> AsyncGenerator[MakeEmulator]:
    """Start emulated heads on free ports, on a clock that stands still unless moved."""
    started: list[DaikinEmulator] = []

    async def _make(model: EmulatorModel = EmulatorModel.DSIOT, **kwargs: Any) -> DaikinEmulator:
        kwargs.setdefault("now", Clock())
        emulator = DaikinEmulator(model=model, **kwargs)
        await emulator.start(host="127.0.0.1", port=0)
        started.append(emulator)
        return emulator

    yield _make
    for emulator in started:
        await emulator.stop()
