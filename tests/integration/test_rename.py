"""Renaming an entity changes its id in place, on Home Assistant 2026.11 as on earlier releases."""

from __future__ import annotations

import inspect

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import Entity

from custom_components.minisplit import climate, entity, sensor

# Home Assistant 2026.11 removes and re-adds an entity of a custom integration on a rename when a
# class of ours in its MRO defines one of these and neither it nor a subclass of it in the MRO
# defines async_entity_id_changed (helpers/entity.py, _entity_class_requires_readd).
ADD_REMOVE_HOOKS = (
    "async_prepare_to_add_to_hass",
    "async_added_to_hass",
    "async_will_remove_from_hass",
)


def _our_entity_classes() -> list[type[Entity]]:
    return [
        member
        for module in (climate, entity, sensor)
        for _, member in inspect.getmembers(module, inspect.isclass)
        if issubclass(member, Entity) and member.__module__.startswith("custom_components.")
    ]


def _requires_readd(entity_class: type[Entity]) -> bool:
    ours = [cls for cls in entity_class.__mro__ if not cls.__module__.startswith("homeassistant.")]
    owners = [cls for cls in ours if "async_entity_id_changed" in cls.__dict__]
    return any(
        any(hook in cls.__dict__ for hook in ADD_REMOVE_HOOKS)
        and not any(issubclass(owner, cls) for owner in owners)
        for cls in ours
    )


@pytest.mark.parametrize("entity_class", _our_entity_classes(), ids=lambda cls: cls.__name__)
def test_no_entity_of_ours_is_re_added_on_a_rename(entity_class: type[Entity]) -> None:
    assert not _requires_readd(entity_class)


def test_the_rule_finds_a_class_that_would_be_re_added() -> None:
    class Hooked(sensor.SensorEntity):
        async def async_added_to_hass(self) -> None:
            """A hook without async_entity_id_changed."""

    Hooked.__module__ = "custom_components.example"
    assert _requires_readd(Hooked)


@pytest.mark.usefixtures("init_integration")
async def test_a_renamed_sensor_keeps_its_total_and_follows_the_head(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    before = hass.states.get("sensor.living_measured_energy").state
    entity_registry.async_update_entity(
        "sensor.living_measured_energy", new_entity_id="sensor.living_room_energy"
    )
    entity_registry.async_update_entity("climate.living", new_entity_id="climate.living_room")
    await hass.async_block_till_done()
    assert hass.states.get("sensor.living_measured_energy") is None
    assert hass.states.get("sensor.living_room_energy").state == before
    # The renamed climate entity still commands the head and shows its answer.
    await hass.services.async_call(
        "climate",
        "set_hvac_mode",
        {"entity_id": "climate.living_room", "hvac_mode": "cool"},
        blocking=True,
    )
    assert hass.states.get("climate.living_room").state == "cool"
