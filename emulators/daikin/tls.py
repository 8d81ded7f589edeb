"""A self-signed certificate and a TLS context like the BRP072C adapter's.

The adapter serves TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256 and a self-signed certificate whose
subject starts C=JP, ST=Osaka, O=DAIKIN (curl output in cbrandlehner/homebridge-daikin-local#273).
Real adapters also lack secure renegotiation, so clients need `OP_LEGACY_SERVER_CONNECT`
(home-assistant/core#123160, #123320); OpenSSL cannot be made to serve that, so the emulator
accepts both kinds of client: test the client's context against a real adapter too.

The adapter speaks HTTPS only and refuses plain HTTP ("refuse plain HTTP",
Apollon77/daikin-controller#321). `TlsOnlyServer` does the same: a connection whose first byte is
not a TLS handshake record is closed before any TLS engine sees it. Handing such bytes to OpenSSL
instead makes the emulator's own handshake fail (`SSLError: HTTP_REQUEST`), an error of the
emulated adapter that asyncio reports on the test's event loop in debug mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import socket
import ssl
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


@cache
def _certificate() -> tuple[bytes, bytes]:
    """Return a PEM certificate and key, made once per process (RSA key generation is slow)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Osaka"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DAIKIN INDUSTRIES,LTD."),
            x509.NameAttribute(NameOID.COMMON_NAME, "daikin-emulator"),
        ]
    )
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365 * 30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def server_context() -> ssl.SSLContext:
    """Return a server context with the adapter's certificate, TLS 1.2 only."""
    cert_pem, key_pem = _certificate()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0")
    with tempfile.TemporaryDirectory() as folder:
        cert_file, key_file = Path(folder) / "cert.pem", Path(folder) / "key.pem"
        cert_file.write_bytes(cert_pem)
        key_file.write_bytes(key_pem)
        context.load_cert_chain(cert_file, key_file)
    return context


def client_context() -> ssl.SSLContext:
    """Return a client context that talks to BRP072C adapters (no certificate check)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    context.options |= getattr(ssl, "OP_LEGACY_SERVER_CONNECT", 0)
    return context


#: The first byte of every TLS connection: a handshake record (RFC 8446, section 5.1).
TLS_HANDSHAKE_RECORD = 0x16
#: How long a connection may stay silent before it is closed unanswered.
FIRST_BYTE_TIMEOUT = 10.0


class TlsOnlyServer:
    """Serve a protocol over TLS on a listening socket; plain-text connections are closed."""

    def __init__(
        self,
        protocol_factory: Callable[[], asyncio.Protocol],
        context: ssl.SSLContext,
        host: str,
        port: int,
    ) -> None:
        """Bind `host:port` (0 picks a free port); `start` begins accepting."""
        self._protocol_factory = protocol_factory
        self._context = context
        self._sock = socket.create_server((host, port))
        self._sock.setblocking(False)
        self._tasks: set[asyncio.Task[None]] = set()
        self._accepting: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return int(self._sock.getsockname()[1])

    def start(self) -> None:
        """Accept connections on the running loop."""
        self._accepting = asyncio.get_running_loop().create_task(self._accept())

    async def close(self) -> None:
        """Stop accepting, close the socket and drop connections not yet handed over."""
        tasks = [task for task in (self._accepting, *self._tasks) if task is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._sock.close()

    async def _accept(self) -> None:
        """Accept connections for as long as the server runs."""
        loop = asyncio.get_running_loop()
        while True:
            conn, _ = await loop.sock_accept(self._sock)
            task = loop.create_task(self._serve(conn))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _serve(self, conn: socket.socket) -> None:
        """Hand a connection that starts a TLS handshake to TLS; close any other."""
        loop = asyncio.get_running_loop()
        handed_over = False
        try:
            conn.setblocking(False)
            readable: asyncio.Future[None] = loop.create_future()

            def _readable() -> None:
                if not readable.done():
                    readable.set_result(None)

            loop.add_reader(conn.fileno(), _readable)
            try:
                await asyncio.wait_for(readable, FIRST_BYTE_TIMEOUT)
            finally:
                loop.remove_reader(conn.fileno())
            first = conn.recv(1, socket.MSG_PEEK)
            if first and first[0] == TLS_HANDSHAKE_RECORD:
                await loop.connect_accepted_socket(self._protocol_factory, conn, ssl=self._context)
                handed_over = True
        except (OSError, ssl.SSLError, TimeoutError):
            pass
        finally:
            if not handed_over:
                conn.close()
