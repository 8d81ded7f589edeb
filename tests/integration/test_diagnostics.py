"""Diagnostics: the head's answers, with MAC, network name and key removed."""

from __future__ import annotations

import json

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from emulators.daikin import EmulatorModel

from ..conftest import BRP072C_KEY

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    assert diagnostics == snapshot(exclude=props("host"))
    assert diagnostics["basic_info"]["mac"] == "**REDACTED**"
    assert diagnostics["basic_info"]["ssid1"] == "**REDACTED**"


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_diagnostics_never_show_the_key(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    text = json.dumps(diagnostics)
    assert BRP072C_KEY not in text
    assert "a4b1c2d3e4f5" not in text.lower().replace(":", "")


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_diagnostics_redact_secrets_a_head_echoes_anywhere(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
) -> None:
    uuid = init_integration.data["uuid"]
    echoed = f"key={BRP072C_KEY} uuid={uuid}"
    data = init_integration.runtime_data
    data.state.data.raw["sensor_info"]["echo"] = echoed  # type: ignore[index]
    data.state.data.raw["control_info"][echoed] = "1"  # type: ignore[index]
    data.capabilities.raw["model_info"]["msg"] = echoed  # type: ignore[index]
    data.adapter.data.raw["basic_info"]["name"] = echoed  # type: ignore[index]
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    text = json.dumps(diagnostics)
    assert BRP072C_KEY not in text
    assert uuid not in text
    assert diagnostics["sensor_info"]["echo"] == "key=**REDACTED** uuid=**REDACTED**"


async def test_diagnostics_show_the_cost_options_and_state(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
) -> None:
    options = {"price_per_kwh": 0.25, "hspf": 10.0}
    hass.config_entries.async_update_entry(init_integration, options=options)
    await hass.async_block_till_done()
    await init_integration.runtime_data.state.async_refresh()  # the next poll samples the price
    await hass.async_block_till_done()
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    assert diagnostics["options"] == options
    cost = diagnostics["cost"]
    assert cost["price_per_kwh"] == 0.25
    assert cost["reading"]["input_w"] > 0
    assert cost["problems"] == {}
    assert set(cost["meter"]) >= {"energy_kwh", "cost"}
