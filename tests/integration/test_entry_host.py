"""Stored addresses: older entries still load; one the host parser rejects fails clearly, unsent."""

from __future__ import annotations

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import CONF_PROTOCOL, DOMAIN
from emulators.daikin import DaikinEmulator

from ..conftest import EMULATED_MAC


def _entry(host: str) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN, title="Living", unique_id=EMULATED_MAC, data={CONF_HOST: host}
    )


@pytest.mark.parametrize("template", ["{host}", " {host}\n"])
async def test_stored_host_loads(
    hass: HomeAssistant, emulator: DaikinEmulator, template: str
) -> None:
    entry = _entry(template.format(host=emulator.host))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.driver.host == emulator.host
    assert emulator.requests


@pytest.mark.parametrize(
    "template",
    [
        # What the old parser stored for these: requests went to {host} instead.
        "fe80::1%x]@{host}#",
        "fe80::1%a?b",
    ],
)
async def test_stored_host_the_parser_rejects(
    hass: HomeAssistant, emulator: DaikinEmulator, template: str
) -> None:
    stored = template.format(host=emulator.host)
    entry = _entry(stored)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # A permanent error, not a retry loop: the user has to reconfigure the address.
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.reason is not None
    assert stored in entry.reason
    assert "Reconfigure" in entry.reason
    assert emulator.requests == []


async def test_reconfigure_repairs_a_rejected_stored_host(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    entry = _entry(f"fe80::1%x]@{emulator.host}#")
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR

    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: entry.data[CONF_HOST]}
    )
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert emulator.requests == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data == {CONF_HOST: emulator.host, CONF_PROTOCOL: "daikin_classic"}
    assert entry.state is ConfigEntryState.LOADED
