"""Fixtures for the Daikin client tests: real sockets on 127.0.0.1 and a fake head."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import AsyncGenerator

import aiohttp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .fake_head import BRP072C_KEY, FakeHead


@pytest.fixture(autouse=True)
def _allow_sockets(socket_enabled: None) -> None:
    """These tests talk HTTP to servers on 127.0.0.1."""


@pytest.fixture(scope="session")
def server_tls_context(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A self-signed TLS server context, built outside the event loop."""
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
    directory = tmp_path_factory.mktemp("tls")
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
