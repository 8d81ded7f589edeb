"""The shipped automation blueprints, loaded and run by Home Assistant's own blueprint machinery.

Each blueprint under blueprints/automation/minisplit is loaded as Home Assistant loads one a user
imported (its YAML loader with `!input`, the automation blueprint schema, the version check),
an automation is made from it with inputs as a user picks them and validated by the automation
integration's config validation, and then it runs: the states of the entities it was given
change, time passes, and the services it calls are what a user expects.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.config import (
    ValidationStatus,
    async_validate_config_item,
)
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "blueprints" / "automation" / "minisplit"
SOURCE_URL = "https://github.com/minisplit/minisplit/blob/main/blueprints/automation/minisplit/"

CHEAPEST = "minisplit/cheapest_heat_source.yaml"
PREHEAT = "minisplit/preheat_before_price_peak.yaml"
MODE = "minisplit/mode_by_outdoor_temperature.yaml"
# What a user picks for each blueprint's inputs without a default.
INPUTS: dict[str, dict[str, Any]] = {
    CHEAPEST: {
        "cheapest_source": "sensor.living_cheapest_heat_source_now",
        "heat_pump": "climate.living",
        "furnace": "climate.furnace",
    },
    PREHEAT: {"heat_pump": "climate.living", "price": "sensor.electricity_price"},
    MODE: {"heat_pump": "climate.living", "outdoor": "sensor.living_outdoor_temperature"},
}


@pytest.fixture(autouse=True)
async def blueprint_folder(hass: HomeAssistant, tmp_path: Path) -> AsyncGenerator[None]:
    """The shipped blueprints where a manual copy puts them: config/blueprints/automation/.

    Afterwards every automation is turned off: a template trigger reading `now()` keeps a
    minute timer, which the test harness of the newest release reports as lingering.
    """
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(SHIPPED, tmp_path / "blueprints" / "automation" / "minisplit")
    yield
    if hass.services.has_service("automation", "turn_off"):
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": "all"}, blocking=True
        )


async def _automation(hass: HomeAssistant, path: str, **inputs: Any) -> None:
    """Set up one automation from the blueprint at `path` with the default inputs and `inputs`."""
    name = path.split("/")[1].removesuffix(".yaml")
    config = {"alias": name, "use_blueprint": {"path": path, "input": INPUTS[path] | inputs}}
    assert await async_setup_component(hass, "automation", {"automation": [config]})
    await hass.async_block_till_done()
    state = hass.states.get(f"automation.{name}")
    assert state is not None
    assert state.state == "on"


@pytest.fixture
def wait(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> Callable[[float], Awaitable[None]]:
    """Let minutes pass on Home Assistant's clock, firing what was due in them."""

    async def _wait(minutes: float) -> None:
        await hass.async_block_till_done()  # what the last state change started starts now
        freezer.tick(timedelta(minutes=minutes))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()

    return _wait


def _calls(calls: list[ServiceCall]) -> list[tuple[str, str, dict[str, Any]]]:
    """(service, entity, other data) of each call, in order."""
    return [
        (
            call.service,
            call.data["entity_id"][0],
            {key: value for key, value in call.data.items() if key != "entity_id"},
        )
        for call in calls
    ]


async def test_shipped_blueprints_are_the_three() -> None:
    """A blueprint added or renamed is tested here, with inputs a user would pick."""
    assert {f"minisplit/{path.name}" for path in SHIPPED.glob("*.yaml")} == set(INPUTS)


@pytest.mark.parametrize("path", sorted(INPUTS))
async def test_blueprint_loads_and_makes_a_valid_automation(hass: HomeAssistant, path: str) -> None:
    """Home Assistant loads it, this release passes its version check, its automation validates."""
    blueprint = await async_get_blueprints(hass).async_get_blueprint(path)
    assert blueprint.domain == "automation"
    assert blueprint.validate() is None
    assert blueprint.metadata["source_url"] == SOURCE_URL + path.split("/")[1]
    assert all(
        value.get("name") and value.get("description") for value in blueprint.inputs.values()
    )
    config = await async_validate_config_item(
        hass, path, {"use_blueprint": {"path": path, "input": INPUTS[path]}}
    )
    assert config is not None
    assert config.validation_status is ValidationStatus.OK


async def test_cheapest_source_switches_after_the_hold_time(
    hass: HomeAssistant, wait: Callable[[float], Awaitable[None]]
) -> None:
    """Gas cheaper for 15 minutes: heat pump off, furnace on; heat pump cheaper again: back."""
    calls = async_mock_service(hass, "climate", "set_hvac_mode")
    hass.states.async_set("sensor.living_cheapest_heat_source_now", "heat_pump")
    hass.states.async_set("climate.living", "heat")
    hass.states.async_set("climate.furnace", "off")
    await _automation(hass, CHEAPEST)

    hass.states.async_set("sensor.living_cheapest_heat_source_now", "gas")
    await wait(14)
    assert calls == []
    await wait(2)
    assert _calls(calls) == [
        ("set_hvac_mode", "climate.living", {"hvac_mode": "off"}),
        ("set_hvac_mode", "climate.furnace", {"hvac_mode": "heat"}),
    ]

    calls.clear()
    hass.states.async_set("climate.living", "off")
    hass.states.async_set("climate.furnace", "heat")
    hass.states.async_set("sensor.living_cheapest_heat_source_now", "heat_pump")
    await wait(16)
    assert _calls(calls) == [
        ("set_hvac_mode", "climate.furnace", {"hvac_mode": "off"}),
        ("set_hvac_mode", "climate.living", {"hvac_mode": "heat"}),
    ]


async def test_cheapest_source_switches_a_furnace_switch(
    hass: HomeAssistant, wait: Callable[[float], Awaitable[None]]
) -> None:
    """A furnace run by a switch is turned on and off."""
    on = async_mock_service(hass, "homeassistant", "turn_on")
    off = async_mock_service(hass, "homeassistant", "turn_off")
    async_mock_service(hass, "climate", "set_hvac_mode")
    hass.states.async_set("sensor.living_cheapest_heat_source_now", "heat_pump")
    hass.states.async_set("climate.living", "heat")
    hass.states.async_set("switch.furnace", "off")
    await _automation(hass, CHEAPEST, furnace="switch.furnace", hold={"minutes": 1})

    hass.states.async_set("sensor.living_cheapest_heat_source_now", "gas")
    await wait(2)
    assert [call.data["entity_id"] for call in on] == [["switch.furnace"]]

    hass.states.async_set("switch.furnace", "on")
    hass.states.async_set("sensor.living_cheapest_heat_source_now", "heat_pump")
    await wait(2)
    assert [call.data["entity_id"] for call in off] == [["switch.furnace"]]


async def test_cheapest_source_leaves_a_unit_that_does_not_heat(
    hass: HomeAssistant, wait: Callable[[float], Awaitable[None]]
) -> None:
    """Gas cheaper while the heat pump cools or is off: nothing starts heating."""
    calls = async_mock_service(hass, "climate", "set_hvac_mode")
    hass.states.async_set("sensor.living_cheapest_heat_source_now", "heat_pump")
    hass.states.async_set("climate.living", "cool")
    hass.states.async_set("climate.furnace", "off")
    await _automation(hass, CHEAPEST)

    hass.states.async_set("sensor.living_cheapest_heat_source_now", "gas")
    await wait(16)
    hass.states.async_set("sensor.living_cheapest_heat_source_now", "heat_pump")
    await wait(16)
    assert calls == []


async def _settle() -> None:
    """Let what a state change started run as far as it goes.

    Not `async_block_till_done`: a pre-heat run waits for the peak, and that would wait with it.
    """
    for _ in range(50):
        await asyncio.sleep(0)


def _forecast(*prices: tuple[float, float]) -> list[dict[str, Any]]:
    """Forecast entries (hours from now, price) as a tariff integration lists them."""
    now = dt_util.now()
    return [
        {"start": (now + timedelta(hours=hours)).isoformat(), "value": price}
        for hours, price in prices
    ]


async def test_preheat_raises_the_target_before_a_peak(hass: HomeAssistant) -> None:
    """A peak within two hours: target +2 degrees; the peak starts: the target it had."""
    calls = async_mock_service(hass, "climate", "set_temperature")
    hass.states.async_set("climate.living", "heat", {"temperature": 21})
    price = "sensor.electricity_price"
    hass.states.async_set(price, "0.2", {"forecast": _forecast((1, 0.25), (3, 0.5))})
    await _automation(hass, PREHEAT)
    assert calls == []

    # An hour later the peak is two hours away.
    hass.states.async_set(price, "0.25", {"forecast": _forecast((0, 0.25), (1.5, 0.5))})
    await _settle()
    assert _calls(calls) == [("set_temperature", "climate.living", {"temperature": 23.0})]

    hass.states.async_set(price, "0.5", {"forecast": _forecast((0, 0.5))})
    await _settle()
    assert _calls(calls)[1:] == [("set_temperature", "climate.living", {"temperature": 21})]


async def test_preheat_gives_the_target_back_when_no_peak_comes(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A forecast peak that does not come: the target is restored after the pre-heat time + 1 h."""
    calls = async_mock_service(hass, "climate", "set_temperature")
    hass.states.async_set("climate.living", "heat", {"temperature": 20.5})
    price = "sensor.tariff"
    hass.states.async_set(price, "0.2", {"prices": []})
    await _automation(hass, PREHEAT, price=price, forecast_attribute="prices", boost=1)

    hass.states.async_set(price, "0.2", {"prices": [{"startsAt": "x"}, *_forecast((1, 0.6))]})
    await _settle()
    assert _calls(calls) == [("set_temperature", "climate.living", {"temperature": 21.5})]
    freezer.tick(timedelta(hours=3, minutes=1))
    async_fire_time_changed(hass)
    await _settle()
    assert _calls(calls)[1:] == [("set_temperature", "climate.living", {"temperature": 20.5})]


async def test_preheat_leaves_a_unit_that_does_not_heat(hass: HomeAssistant) -> None:
    """A peak ahead while the heat pump is off: its target stays."""
    calls = async_mock_service(hass, "climate", "set_temperature")
    hass.states.async_set("climate.living", "off", {"temperature": 21})
    price = "sensor.electricity_price"
    hass.states.async_set(price, "0.2", {"forecast": []})
    await _automation(hass, PREHEAT)

    hass.states.async_set(price, "0.2", {"forecast": _forecast((1, 0.5))})
    await _settle()
    assert calls == []


async def test_mode_follows_the_outdoor_temperature_with_hysteresis(
    hass: HomeAssistant, wait: Callable[[float], Awaitable[None]]
) -> None:
    """Below 15: heat; within 1 degree above it: stays; above 16: off; above 24: cool."""
    calls = async_mock_service(hass, "climate", "set_hvac_mode")
    outdoor = "sensor.living_outdoor_temperature"
    hass.states.async_set(outdoor, "18")
    hass.states.async_set("climate.living", "off")
    await _automation(hass, MODE)

    async def outdoor_for(temperature: str, minutes: float) -> list[Any]:
        calls.clear()
        hass.states.async_set(outdoor, temperature)
        await wait(minutes)
        return [call.data["hvac_mode"] for call in calls]

    assert await outdoor_for("12", 9) == []
    assert await outdoor_for("12", 11) == ["heat"]
    hass.states.async_set("climate.living", "heat")
    assert await outdoor_for("15.5", 11) == []
    assert await outdoor_for("16.5", 11) == ["off"]
    hass.states.async_set("climate.living", "off")
    assert await outdoor_for("26", 11) == ["cool"]
    hass.states.async_set("climate.living", "cool")
    assert await outdoor_for("23.5", 11) == []
    assert await outdoor_for("unavailable", 11) == []
    assert await outdoor_for("22", 11) == ["off"]
