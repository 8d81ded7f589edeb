"""The adapter key and the terminal uuid never reach logs, the entry's reason, flows or repairs."""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncGenerator
from pathlib import Path
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import CONF_KEY, CONF_UUID, DOMAIN, STATE_SCAN_INTERVAL

from ..drivers.daikin_classic.fake_head import BRP072C_KEY, FakeHead, self_signed_server_context
from ..drivers.daikin_classic.test_secrets import FAILURES, REGISTER, UUID
from .common import next_poll, start_local_head_flow

WRONG_KEY = "9999999999999"


@pytest.fixture(scope="module")
def tls_context(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A self-signed TLS server context, built outside the event loop."""
    return self_signed_server_context(Path(tmp_path_factory.mktemp("tls")))


@pytest.fixture
async def head(socket_enabled: None, tls_context: ssl.SSLContext) -> AsyncGenerator[FakeHead]:
    """A BRP072C fake head on 127.0.0.1."""
    fake = FakeHead(key=BRP072C_KEY, tls=tls_context)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture(autouse=True)
def _short_timeouts() -> object:
    """Time out in 0.3 s instead of 15, so the timeout path is quick."""
    with (
        patch("custom_components.minisplit.entry.REQUEST_TIMEOUT", 0.3),
        patch("custom_components.minisplit.config_flow.REQUEST_TIMEOUT", 0.3),
    ):
        yield


def fail_registration(head: FakeHead, failure: str) -> None:
    """Make the head's register_terminal fail the given way."""
    handler, _ = FAILURES[failure]
    if handler is None:
        head.key = WRONG_KEY  # the adapter was reset: it answers 403 to our key
    else:
        head.handlers[REGISTER] = handler(head)


def everything_shown(hass: HomeAssistant, caplog: pytest.LogCaptureFixture) -> str:
    """What a user or an issue report could show: logs with tracebacks, entries, flows, issues."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    shown = [formatter.format(record) for record in caplog.records]
    for entry in hass.config_entries.async_entries(DOMAIN):
        shown += [str(entry.reason), str(entry.error_reason_translation_key)]
        shown.append(str(entry.error_reason_translation_placeholders))
    shown += [str(flow) for flow in hass.config_entries.flow.async_progress()]
    shown += [str(issue.to_json()) for issue in ir.async_get(hass).issues.values()]
    return "\n".join(shown)


def assert_no_secret(text: str, uuid: str) -> None:
    """Neither the key nor the uuid is in text."""
    assert BRP072C_KEY not in text
    assert uuid not in text


@pytest.mark.parametrize("failure", list(FAILURES))
async def test_setup_failures_show_neither_key_nor_uuid(
    hass: HomeAssistant, head: FakeHead, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    caplog.set_level(logging.DEBUG)
    fail_registration(head, failure)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Living",
        unique_id="a4:b1:c2:d3:e4:f5",
        data={CONF_HOST: head.host, CONF_KEY: BRP072C_KEY, CONF_UUID: UUID},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert REGISTER in head.paths()
    expected = ConfigEntryState.SETUP_RETRY
    if failure in ("wrong key (403)", "echoed rejection"):
        expected = ConfigEntryState.SETUP_ERROR  # and a re-authentication flow
    assert entry.state is expected
    if expected is ConfigEntryState.SETUP_RETRY:
        assert entry.reason  # the card says why, without the secrets
    assert_no_secret(everything_shown(hass, caplog), UUID)


@pytest.mark.parametrize("failure", list(FAILURES))
async def test_config_flow_failures_show_neither_key_nor_uuid(
    hass: HomeAssistant, head: FakeHead, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    caplog.set_level(logging.DEBUG)
    fail_registration(head, failure)
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: head.host, CONF_KEY: BRP072C_KEY}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] in ({"base": "cannot_connect"}, {"base": "invalid_key"})
    uuid = head.requests[-1].headers["X-Daikin-uuid"]  # the flow's own, fresh uuid
    assert len(uuid) == 32
    assert_no_secret(everything_shown(hass, caplog) + str(result), uuid)


@pytest.mark.parametrize(
    "failure", ["broken answer", "HTTP 500", "not key=value", "connection drop"]
)
async def test_polling_failures_show_neither_key_nor_uuid(
    hass: HomeAssistant,
    head: FakeHead,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    failure: str,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Living",
        unique_id="a4:b1:c2:d3:e4:f5",
        data={CONF_HOST: head.host, CONF_KEY: BRP072C_KEY, CONF_UUID: UUID},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    caplog.set_level(logging.DEBUG)
    head.registered.clear()  # the adapter forgot us: the next poll registers again, and fails
    fail_registration(head, failure)
    await next_poll(hass, freezer, STATE_SCAN_INTERVAL)
    assert hass.states.get("climate.living").state == STATE_UNAVAILABLE
    assert "Error fetching minisplit state" in caplog.text
    assert_no_secret(everything_shown(hass, caplog), UUID)
