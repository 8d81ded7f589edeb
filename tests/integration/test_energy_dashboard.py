"""The energy sensors pass Home Assistant's own Energy-dashboard validation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.energy.data import async_get_manager
from homeassistant.components.energy.validate import async_validate
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
    do_adhoc_statistics,
)

from .common import next_poll

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder (which the validation needs) must start before Home Assistant does."""


@pytest.mark.parametrize(
    "entity_id", ["sensor.living_estimated_energy", "sensor.living_heating_energy"]
)
async def test_energy_sensor_is_a_valid_individual_device(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    entity_id: str,
) -> None:
    assert await async_setup_component(hass, "energy", {})
    for _ in range(6):
        await next_poll(hass, freezer)
    await async_wait_recording_done(hass)
    # Compile the 5-minute statistics the recorder makes of every state-class sensor.
    do_adhoc_statistics(hass, start=datetime(2026, 1, 15, 10, 0, tzinfo=UTC))
    await async_wait_recording_done(hass)
    manager = await async_get_manager(hass)
    await manager.async_update({"device_consumption": [{"stat_consumption": entity_id}]})
    validation = await async_validate(hass)
    assert validation.as_dict()["device_consumption"] == [[]]
