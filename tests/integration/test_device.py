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
from custom_components.minisplit.costcore.catalog import catalog_unit
from custom_components.minisplit.device import device_model
from custom_components.minisplit.drivers.daikin_classic import DaikinConnectionError
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


async def test_unit_adapter_and_firmware_each_in_their_own_field(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A classic adapter reports a code, not the unit's model: the model waits for a pick."""
    device = head_device(hass)
    assert device.model is None
    assert device.model_id == "0AB9"
    assert device.hw_version == "Daikin Wi-Fi adapter"
    assert device.sw_version == "1.14.68"
    assert device.manufacturer == "Daikin"

    hass.config_entries.async_update_entry(
        init_integration, options={**init_integration.options, CONF_CATALOG_UNIT: VISTA_12}
    )
    await hass.async_block_till_done()
    device = head_device(hass)
    assert device.model == "Daikin Vista RX12QMVJU / FFQ12Q2VJU"
    assert (device.model_id, device.hw_version) == ("0AB9", "Daikin Wi-Fi adapter")

    hass.config_entries.async_update_entry(init_integration, options={CONF_CATALOG_UNIT: "0"})
    await hass.async_block_till_done()
    assert head_device(hass).model is None


async def test_model_of_an_earlier_version_is_replaced(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Devices registered with the adapter and code in the model field lose them at set-up."""
    mock_config_entry.add_to_hass(hass)
    dr.async_get(hass).async_get_or_create(
        config_entry_id=mock_config_entry.entry_id,
        identifiers={(DOMAIN, EMULATED_MAC)},
        manufacturer="Daikin",
        model="Daikin Wi-Fi adapter (model 0AB9)",
        sw_version="1.14.68",
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    device = head_device(hass)
    assert device.model is None
    assert device.model_id == "0AB9"
    assert device.hw_version == "Daikin Wi-Fi adapter"


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


def test_the_head_names_its_unit_before_a_picked_one() -> None:
    """A /dsiot head's own model names stand; a picked unit may be only the nearest listed."""
    vista = catalog_unit(VISTA_12)
    assert device_model("FTXM46WVMA / RXM46WVMA", vista) == "FTXM46WVMA / RXM46WVMA"
    assert device_model(None, vista) == "Daikin Vista RX12QMVJU / FFQ12Q2VJU"
    assert device_model(None, None) is None


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
