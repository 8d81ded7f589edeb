"""Helpers for the Home Assistant layer's tests."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.minisplit.const import STATE_SCAN_INTERVAL


async def next_poll(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, interval: timedelta = STATE_SCAN_INTERVAL
) -> None:
    """Move time on by one poll interval and let the coordinators poll the head."""
    freezer.tick(interval)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
