"""Until a price is set, a repair says so, and fixing it sets the price the cost sensors use."""

from __future__ import annotations

import pytest
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.minisplit.const import DOMAIN
from custom_components.minisplit.costcore.options import PRICE_ENTITY, PRICE_PER_KWH
from custom_components.minisplit.repairs import no_price_issue_id


def no_price_issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, no_price_issue_id(entry.entry_id))


async def start_fix(hass: HomeAssistant, entry: MockConfigEntry) -> dict:
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    # As Home Assistant starts a fix flow: the issue's id as the first step's input.
    result = await manager.async_init(DOMAIN, data={"issue_id": no_price_issue_id(entry.entry_id)})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "price"
    assert result["errors"] == {}  # nothing was entered yet: nothing to complain about
    assert result["description_placeholders"] == {"title": "Living", "currency": "EUR"}
    return result


async def test_the_fix_opens_without_an_error_as_the_frontend_starts_it(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """Through Home Assistant's own repairs API, as the Repairs page opens and submits it."""
    hass.config.currency = "EUR"
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    issue_id = no_price_issue_id(init_integration.entry_id)
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert response.status == 200
    form = await response.json()
    assert (form["type"], form["step_id"]) == ("form", "price")
    assert not form["errors"]  # the first form shows no "Enter either a price or a sensor"
    assert [field["name"] for field in form["data_schema"]] == [
        PRICE_PER_KWH.key,
        PRICE_ENTITY.key,
    ]
    # Submitting nothing: now the form says one of the two is needed.
    response = await client.post(f"/api/repairs/issues/fix/{form['flow_id']}", json={})
    form = await response.json()
    assert (form["type"], form["step_id"]) == ("form", "price")
    assert form["errors"] == {"base": "price_or_entity"}
    # A valid price fixes the issue.
    response = await client.post(
        f"/api/repairs/issues/fix/{form['flow_id']}", json={PRICE_PER_KWH.key: 0.25}
    )
    assert (await response.json())["type"] == "create_entry"
    await hass.async_block_till_done()
    assert init_integration.options[PRICE_PER_KWH.key] == 0.25
    assert no_price_issue(hass, init_integration) is None


async def test_no_price_raises_a_fixable_repair(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    issue = no_price_issue(hass, init_integration)
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_key == "no_price"
    assert issue.translation_placeholders == {"title": "Living"}


async def test_fixing_sets_the_price_and_clears_the_repair(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    # Without a price the money totals say unknown, not a silent 0.00.
    for sensor in ("running_cost", "savings_vs_baseboard", "running_cost_rate"):
        assert hass.states.get(f"sensor.living_{sensor}").state == STATE_UNKNOWN
    hass.config.currency = "EUR"
    result = await start_fix(hass, init_integration)
    manager = repairs_flow_manager(hass)
    # Neither, then both: one of the two is needed; the form stays and can be corrected.
    result = await manager.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "price_or_entity"}
    result = await manager.async_configure(
        result["flow_id"], {PRICE_PER_KWH.key: 0.3, PRICE_ENTITY.key: "sensor.tariff"}
    )
    assert result["errors"] == {"base": "price_or_entity"}
    result = await manager.async_configure(result["flow_id"], {PRICE_PER_KWH.key: 0.3})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.options[PRICE_PER_KWH.key] == 0.3
    assert no_price_issue(hass, init_integration) is None
    await init_integration.runtime_data.state.async_refresh()  # the next poll samples the price
    await hass.async_block_till_done()
    assert float(hass.states.get("sensor.living_running_cost").state) >= 0


async def test_a_price_sensor_also_fixes_it(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.config.currency = "EUR"
    result = await start_fix(hass, init_integration)
    result = await repairs_flow_manager(hass).async_configure(
        result["flow_id"], {PRICE_ENTITY.key: "sensor.tariff"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.options[PRICE_ENTITY.key] == "sensor.tariff"
    assert PRICE_PER_KWH.key not in init_integration.options
    assert no_price_issue(hass, init_integration) is None


@pytest.mark.parametrize("options", [{PRICE_PER_KWH.key: 0.0}, {PRICE_ENTITY.key: "sensor.x"}])
async def test_a_head_with_a_price_has_no_repair(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, options: dict
) -> None:
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, options=options)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert no_price_issue(hass, mock_config_entry) is None


async def test_options_with_a_price_clear_it_and_removal_forgets_it(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    assert no_price_issue(hass, init_integration) is not None
    hass.config_entries.async_update_entry(init_integration, options={PRICE_PER_KWH.key: 0.2})
    await hass.async_block_till_done()
    assert no_price_issue(hass, init_integration) is None
    hass.config_entries.async_update_entry(init_integration, options={})
    await hass.async_block_till_done()
    assert no_price_issue(hass, init_integration) is not None
    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert no_price_issue(hass, init_integration) is None


async def test_a_fix_open_while_its_head_is_removed_ends_with_a_reason(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await start_fix(hass, init_integration)
    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    result = await repairs_flow_manager(hass).async_configure(
        result["flow_id"], {PRICE_PER_KWH.key: 0.3}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_removed"
