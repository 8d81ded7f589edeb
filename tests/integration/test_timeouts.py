"""Slow heads and timeouts, on the real clock (a frozen clock never lets a timeout expire)."""

from __future__ import annotations

import asyncio

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from emulators.daikin import DaikinEmulator


async def test_slow_head_still_answers(
    hass: HomeAssistant, emulator: DaikinEmulator, init_integration: MockConfigEntry
) -> None:
    emulator.faults.latency = 0.3
    await init_integration.runtime_data.state.async_refresh()
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE


async def test_head_slower_than_the_timeout_is_unavailable(
    hass: HomeAssistant, emulator: DaikinEmulator, init_integration: MockConfigEntry
) -> None:
    client = init_integration.runtime_data.driver.client  # the Daikin driver's client
    client.request_timeout = 0.2
    emulator.faults.latency = 0.5
    await init_integration.runtime_data.state.async_refresh()
    assert hass.states.get("climate.living").state == STATE_UNAVAILABLE
    emulator.faults.latency = 0
    # The adapter is still busy with the request we gave up on (it serves one at a time).
    await asyncio.sleep(0.6)
    await init_integration.runtime_data.state.async_refresh()
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE
