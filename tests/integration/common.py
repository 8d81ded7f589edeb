"""Helpers for the Home Assistant layer's tests."""

from __future__ import annotations

import logging
from datetime import timedelta
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.minisplit.const import DOMAIN, STATE_SCAN_INTERVAL


async def next_poll(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, interval: timedelta = STATE_SCAN_INTERVAL
) -> None:
    """Move time on by one poll interval and let the coordinators poll the head."""
    freezer.tick(interval)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def setup_platform(hass: HomeAssistant, entry: MockConfigEntry, platform: Platform) -> None:
    """Set up the entry with only one platform, for snapshot tests."""
    with patch("custom_components.minisplit.entry.PLATFORMS", [platform]):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()


async def start_local_head_flow(hass: HomeAssistant) -> ConfigFlowResult:
    """Add integration, then "A Daikin head on the network": the host form."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["local_head", "existing_climate"]
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "local_head"}
    )


async def skip_price_step(hass: HomeAssistant, result: ConfigFlowResult) -> ConfigFlowResult:
    """The set-up flow's last step, the prices, left empty: the entry is created without them."""
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "price"
    assert result["errors"] == {}
    return await hass.config_entries.flow.async_configure(result["flow_id"], {})


def minisplit_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What minisplit logged at WARNING or above: what a user would see in the log."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("custom_components.minisplit")
        and record.levelno >= logging.WARNING
    ]
