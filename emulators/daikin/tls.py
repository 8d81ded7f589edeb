"""A self-signed certificate and a TLS context like the BRP072C adapter's.

The adapter serves TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256 and a self-signed certificate whose
subject starts C=JP, ST=Osaka, O=DAIKIN (curl output in cbrandlehner/homebridge-daikin-local#273).
Real adapters also lack secure renegotiation, so clients need `OP_LEGACY_SERVER_CONNECT`
(home-assistant/core#123160, #123320); OpenSSL cannot be made to serve that, so the emulator
accepts both kinds of client: test the client's context against a real adapter too.
"""

from __future__ import annotations

import datetime as dt
import ssl
import tempfile
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
