"""The head's device page: a model a person understands, and firmware that stays current."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import CONF_CATALOG_UNIT, DEVICE_SCAN_INTERVAL, DOMAIN
from custom_components.minisplit.device import device_model
from custom_components.minisplit.drivers.daikin_classic import DaikinConnectionError
from custom_components.minisplit.drivers.daikin_classic.driver import PRODUCT_NAME
from emulators.daikin import DaikinEmulator

from ..conftest import EMULATED_MAC
from .common import next_poll

VISTA_12 = "9966684"  # Daikin Vista RX12QMVJU / FFQ12Q2VJU


def head_device(hass: HomeAssistant) -> dr.DeviceEntry:
    registry = dr.async_get(hass)
    devices = [
        device
        for entry in hass.config_entries.async_entries(DOMAIN)
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if (DOMAIN, EMULATED_MAC) in device.identifiers
    ]
    assert len(devices) == 1
    return devices[0]


async def test_model_names_the_adapter_until_a_unit_is_picked(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    assert head_device(hass).model == "Daikin Wi-Fi adapter (model 0AB9)"

    hass.config_entries.async_update_entry(
        init_integration, options={**init_integration.options, CONF_CATALOG_UNIT: VISTA_12}
    )
    await hass.async_block_till_done()
    assert head_device(hass).model == "Daikin Vista RX12QMVJU / FFQ12Q2VJU"

    hass.config_entries.async_update_entry(init_integration, options={CONF_CATALOG_UNIT: "0"})
    await hass.async_block_till_done()
    assert head_device(hass).model == "Daikin Wi-Fi adapter (model 0AB9)"


async def test_picked_unit_is_the_model_after_a_restart(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, options={CONF_CATALOG_UNIT: VISTA_12})
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert head_device(hass).model == "Daikin Vista RX12QMVJU / FFQ12Q2VJU"


async def test_firmware_update_reaches_the_device_page(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: DaikinEmulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert head_device(hass).sw_version == "1.14.68"
    original = emulator._basic_info

    def updated() -> list[tuple[str, str]]:
        return [(key, "1_14_88" if key == "ver" else value) for key, value in original()]

    emulator._basic_info = updated  # type: ignore[method-assign]
    await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
    assert head_device(hass).sw_version == "1.14.88"


def test_model_without_a_model_code() -> None:
    assert device_model(PRODUCT_NAME, None, None) == "Daikin Wi-Fi adapter"


@pytest.mark.usefixtures("init_integration")
async def test_energy_comes_back_with_the_head_not_ten_minutes_later(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    energy = "sensor.living_heating_energy"
    assert hass.states.get(energy).state != STATE_UNAVAILABLE
    emulator.faults.drop_all = True
    await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)  # both polls fail
    assert hass.states.get(energy).state == STATE_UNAVAILABLE
    assert hass.states.get("climate.living").state == STATE_UNAVAILABLE

    emulator.faults.drop_all = False
    await next_poll(hass, freezer)  # one state poll, one minute later
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE
    assert hass.states.get(energy).state != STATE_UNAVAILABLE


@pytest.mark.usefixtures("init_integration")
async def test_a_failing_adapter_is_not_asked_every_minute(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    adapter = hass.config_entries.async_entries("minisplit")[0].runtime_data.adapter
    down = DaikinConnectionError("down")
    with patch.object(adapter.driver.client, "get_basic_info", side_effect=down) as basic_info:
        await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
        assert not adapter.last_update_success
        assert basic_info.call_count == 1
        for _ in range(3):  # the head answers its state polls; the adapter waits its turn
            await next_poll(hass, freezer)
        assert basic_info.call_count == 1
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE
