"""A garbled energy answer skips that poll's energy; the head stays available, totals stay."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import DEVICE_SCAN_INTERVAL
from custom_components.minisplit.drivers.daikin_classic import (
    DaikinClient,
)
from custom_components.minisplit.drivers.daikin_classic.protocol import parse_day_energy
from custom_components.minisplit.heads import (
    HourlyEnergy,
)

from .common import next_poll

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")

HEATING = "sensor.living_heating_energy"
PARSE_DAY_ENERGY = "custom_components.minisplit.drivers.daikin_classic.client.parse_day_energy"


def parse_23_hours(raw: Mapping[str, str]) -> HourlyEnergy:
    """The real parser, on an answer whose today-heating series lost an hour."""
    hours = raw["curr_day_heat"].split("/")
    return parse_day_energy({**raw, "curr_day_heat": "/".join(hours[:23])})


async def test_a_series_of_the_wrong_length_skips_energy_for_that_poll(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    adapter = init_integration.runtime_data.energy
    assert adapter.data is not None
    before = hass.states.get(HEATING).state
    caplog.set_level(logging.INFO)
    with patch(PARSE_DAY_ENERGY, parse_23_hours):
        for _ in range(3):
            await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
            assert adapter.last_update_success
            assert adapter.data is None
            assert adapter.energy_supported
            assert hass.states.get(HEATING).state not in (STATE_UNAVAILABLE, "unknown")
            assert float(hass.states.get(HEATING).state) >= float(before)
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE
    warnings = [r for r in caplog.records if "hourly energy that cannot be used" in r.message]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "curr_day_heat holds 23 hourly values instead of 24" in warnings[0].message

    await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
    assert adapter.data is not None
    assert [r.levelno for r in caplog.records if "valid hourly energy again" in r.message] == [
        logging.INFO
    ]


async def test_a_head_without_energy_endpoint_is_told_apart(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    adapter = init_integration.runtime_data.energy
    assert adapter.energy_supported
    with patch.object(DaikinClient, "get_day_energy", return_value=None):
        await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
    assert adapter.data is None
    assert not adapter.energy_supported


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_a_garbled_first_answer_still_creates_the_energy_sensors(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    mock_config_entry.add_to_hass(hass)
    with patch(PARSE_DAY_ENERGY, parse_23_hours):
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
        assert mock_config_entry.runtime_data.energy.data is None
        assert hass.states.get(HEATING) is not None
        assert hass.states.get("sensor.living_estimate_calibration") is not None
    await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
    assert float(hass.states.get(HEATING).state) == 0.0
