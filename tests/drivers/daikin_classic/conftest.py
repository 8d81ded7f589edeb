"""Fixtures for the Daikin client tests: real sockets on 127.0.0.1 and a fake head."""

from __future__ import annotations

import ssl
from collections.abc import AsyncGenerator

import aiohttp
import pytest

from .fake_head import BRP072C_KEY, FakeHead, self_signed_server_context


@pytest.fixture(autouse=True)
def _allow_sockets(socket_enabled: None) -> None:
    """These tests talk HTTP to servers on 127.0.0.1."""


@pytest.fixture(scope="session")
def server_tls_context(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A self-signed TLS server context, built outside the event loop."""
    return self_signed_server_context(tmp_path_factory.mktemp("tls"))


@pytest.fixture
async def session() -> AsyncGenerator[aiohttp.ClientSession]:
    """A client session like the one Home Assistant injects."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def head() -> AsyncGenerator[FakeHead]:
    """A classic (plain HTTP) fake head."""
    fake = FakeHead()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def brp072c_head(server_tls_context: ssl.SSLContext) -> AsyncGenerator[FakeHead]:
    """A BRP072C fake head: HTTPS, 403 until the uuid is registered with the key."""
    fake = FakeHead(key=BRP072C_KEY, tls=server_tls_context)
    await fake.start()
    yield fake
    await fake.stop()
