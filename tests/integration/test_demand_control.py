"""Capping a head's power from Home Assistant: the action, on the emulated head over HTTP."""

from __future__ import annotations

import pytest
import voluptuous as vol
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.service import _load_services_file
from homeassistant.loader import async_get_integration
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import DOMAIN
from emulators.daikin import DaikinEmulator, EmulatorModel

from .common import next_poll

CLIMATE = "climate.living"


async def set_demand_control(hass: HomeAssistant, **data: object) -> None:
    await hass.services.async_call(
        DOMAIN, "set_demand_control", {"entity_id": CLIMATE, **data}, blocking=True
    )


@pytest.mark.usefixtures("init_integration")
async def test_a_cap_reaches_the_head_and_holds_its_compressor(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    await hass.services.async_call(
        "climate", "set_temperature", {"entity_id": CLIMATE, "temperature": 30}, blocking=True
    )
    await next_poll(hass, freezer)
    assert emulator.state.compressor_hz == 90
    uncapped_w = float(hass.states.get("sensor.living_estimated_power").state)

    await set_demand_control(hass, en_demand=True, max_pow=50)
    assert (emulator.demand.enabled, emulator.demand.mode, emulator.demand.max_pow) == (
        True,
        "0",
        50,
    )
    await next_poll(hass, freezer)
    assert emulator.state.compressor_hz == 45
    # The estimate follows the compressor the head reports.
    assert float(hass.states.get("sensor.living_estimated_power").state) < uncapped_w

    await set_demand_control(hass, en_demand=True, max_pow=80, mode="auto")
    assert (emulator.demand.mode, emulator.demand.max_pow) == ("2", 80)
    await set_demand_control(hass, en_demand=False)
    assert emulator.demand.enabled is False
    assert emulator.state.demand_cap_percent is None


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize("max_pow", [35, 62, 101])
async def test_a_cap_the_adapter_does_not_take_is_refused_before_it_is_sent(
    hass: HomeAssistant, emulator: DaikinEmulator, max_pow: int
) -> None:
    with pytest.raises(vol.Invalid):
        await set_demand_control(hass, en_demand=True, max_pow=max_pow)
    assert not any("demand" in path for path, _ in emulator.requests)


@pytest.mark.usefixtures("init_integration")
async def test_a_refused_cap_says_so(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    emulator.faults.param_ng = True
    with pytest.raises(HomeAssistantError, match="rejected") as caught:
        await set_demand_control(hass, en_demand=True, max_pow=60)
    assert caught.value.translation_key == "command_rejected"


@pytest.mark.parametrize("emulator_model", [EmulatorModel.ALIRA_X, EmulatorModel.DSIOT])
@pytest.mark.usefixtures("init_integration")
async def test_a_head_without_demand_control_says_so_and_asks_nothing(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    emulator.requests.clear()
    with pytest.raises(ServiceValidationError) as caught:
        await set_demand_control(hass, en_demand=True, max_pow=60)
    assert caught.value.translation_key == "demand_control_unsupported"
    assert emulator.requests == []


@pytest.mark.usefixtures("init_integration")
async def test_the_action_is_described_with_its_fields(hass: HomeAssistant) -> None:
    """services.yaml as Home Assistant reads and validates it (an invalid one reads as empty).

    Read for our integration alone: describing every loaded action validates climate's too,
    whose feature filters import the conversation and camera components and their packages.
    """
    integration = await async_get_integration(hass, DOMAIN)
    services = await hass.async_add_executor_job(_load_services_file, integration)
    action = services["set_demand_control"]
    assert set(action["fields"]) == {"en_demand", "max_pow", "mode"}
    assert action["fields"]["max_pow"]["selector"]["number"]["step"] == 5
    assert action["target"]["entity"][0]["integration"] == DOMAIN


async def test_the_action_is_registered_with_a_head(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Registered by the climate platform, as core daikin's is by its integration."""
    assert hass.services.has_service(DOMAIN, "set_demand_control")
