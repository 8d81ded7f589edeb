"""The adapter key and the terminal uuid never show in logs, errors or the client's repr."""

from __future__ import annotations

import asyncio
import logging
import traceback

import aiohttp
import pytest
from aiohttp import web

from custom_components.minisplit.drivers.daikin_classic import (
    DaikinBusyError,
    DaikinClient,
    DaikinConnectionError,
    DaikinError,
    DaikinInvalidKeyError,
    DaikinResponseError,
    DaikinTimeoutError,
)
from custom_components.minisplit.drivers.daikin_classic.protocol import parse_basic_info

from .fake_head import BRP072C_KEY, FakeHead

UUID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
REGISTER = "/common/register_terminal"


def secrets_in(text: str) -> list[str]:
    """Return the secrets found in text."""
    return [secret for secret in (BRP072C_KEY, UUID) if secret in text]


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    """Everything logged, with the tracebacks, as a handler would write it."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def error_text(err: BaseException) -> str:
    """Everything an error shows: its text, its repr and its whole chain with tracebacks."""
    return "\n".join((str(err), repr(err), "".join(traceback.format_exception(err))))


async def _slow(request: web.Request) -> web.StreamResponse:
    await asyncio.sleep(1)
    return web.Response(text="ret=OK")


async def _drop(request: web.Request) -> web.StreamResponse:
    assert request.transport is not None
    request.transport.abort()
    raise web.HTTPInternalServerError


async def _server_error(request: web.Request) -> web.StreamResponse:
    return web.Response(status=500, text=f"error for {request.query_string}")


async def _echo(request: web.Request) -> web.StreamResponse:
    # A hostile head repeats what it was sent, in a rejection and in the key=value text.
    terminal = request.headers.get("X-Daikin-uuid", "")
    return web.Response(text=f"ret=NG,msg=key {request.query.get('key')} uuid {terminal}")


async def _not_key_value(request: web.Request) -> web.StreamResponse:
    return web.Response(text=f"<html>{request.query_string} {request.headers}</html>")


def _broken(head: FakeHead) -> object:
    return head.broken_http


FAILURES = {
    "broken answer": (lambda head: head.broken_http, DaikinConnectionError),
    "not key=value": (lambda head: _not_key_value, DaikinResponseError),
    "HTTP 500": (lambda head: _server_error, DaikinResponseError),
    "timeout": (lambda head: _slow, DaikinTimeoutError),
    "connection drop": (lambda head: _drop, DaikinBusyError),
    "echoed rejection": (lambda head: _echo, DaikinInvalidKeyError),
    "wrong key (403)": (None, DaikinInvalidKeyError),
}


@pytest.mark.parametrize("failure", list(FAILURES))
async def test_a_failed_registration_shows_neither_key_nor_uuid(
    brp072c_head: FakeHead,
    session: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    failure: str,
) -> None:
    handler, error_type = FAILURES[failure]
    if handler is not None:
        brp072c_head.handlers[REGISTER] = handler(brp072c_head)
        key = BRP072C_KEY
    else:
        key = "9999999999999"
    caplog.set_level(logging.DEBUG)
    client = DaikinClient(brp072c_head.host, session, key=key, uuid=UUID, request_timeout=0.3)
    with pytest.raises(DaikinError) as caught:
        await client.get_basic_info()
    assert type(caught.value) is error_type
    assert REGISTER in brp072c_head.paths()  # the secrets did go out: to the head only
    assert secrets_in(error_text(caught.value)) == []
    assert secrets_in(logged_text(caplog)) == []
    assert secrets_in(repr(client)) == []
    if key != BRP072C_KEY:
        assert "9999999999999" not in error_text(caught.value) + logged_text(caplog)


async def test_a_successful_registration_logs_no_uuid(
    brp072c_head: FakeHead, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = DaikinClient(brp072c_head.host, session, key=BRP072C_KEY, uuid=UUID)
    await client.get_basic_info()
    assert "Registered" in caplog.text
    assert secrets_in(logged_text(caplog)) == []


async def test_a_head_echoing_the_secrets_in_a_reading_cannot_leak_them(
    brp072c_head: FakeHead, session: aiohttp.ClientSession
) -> None:
    brp072c_head.registered.add(UUID)
    brp072c_head.answers["/common/basic_info"] = f"ret=OK,mac={BRP072C_KEY}{UUID}"
    client = DaikinClient(brp072c_head.host, session, key=BRP072C_KEY, uuid=UUID)
    with pytest.raises(DaikinResponseError, match="no valid mac") as caught:
        await client.get_basic_info()
    assert secrets_in(error_text(caught.value)) == []
    assert "**REDACTED**" in str(caught.value)


def test_redact_covers_the_key_the_uuid_and_any_key_parameter(
    session: aiohttp.ClientSession,
) -> None:
    client = DaikinClient("192.0.2.1", session, key=BRP072C_KEY, uuid=UUID)
    text = client.redact(f"https://h/r?key={BRP072C_KEY}&x=1 'X-Daikin-uuid': '{UUID}' ?key=42")
    assert (
        text == "https://h/r?key=**REDACTED**&x=1 'X-Daikin-uuid': '**REDACTED**' ?key=**REDACTED**"
    )
    for message in ("nothing secret", "the head answered something that is not key=value text"):
        untouched = DaikinResponseError(message)
        assert client.scrub_error(untouched) is untouched
    with pytest.raises(DaikinResponseError) as caught:
        parse_basic_info({"mac": UUID})
    scrubbed = client.scrub_error(caught.value)
    assert type(scrubbed) is DaikinResponseError
    assert secrets_in(error_text(scrubbed)) == []
