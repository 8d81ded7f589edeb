"""Fixtures for the Home Assistant integration tests."""

from __future__ import annotations

from collections.abc import Generator
from enum import Enum
from typing import Any
from unittest.mock import PropertyMock, patch

import pytest
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
    HomeAssistantSnapshotSerializer,
)
from syrupy.assertion import SnapshotAssertion


def _plain_key(key: object) -> object:
    """Return a string enum member as its plain value."""
    if isinstance(key, Enum) and isinstance(key.value, str):
        return key.value
    return key


class PortableSnapshotSerializer(HomeAssistantSnapshotSerializer):
    """Home Assistant's serializer, writing the same text on every release the tests run on.

    Newer releases key capabilities and state attributes with string enums and give every
    entity a computed-name alias; both are representation, not behaviour of this integration.
    """

    @classmethod
    def _serialize(cls, data: Any, **kwargs: Any) -> str:
        """Write mappings keyed by string enums as plain strings."""
        if isinstance(data, dict) and any(isinstance(key, Enum) for key in data):
            plain = {_plain_key(key): value for key, value in data.items()}
            try:
                data = type(data)(plain)
            except TypeError:
                data = plain
        return super()._serialize(data, **kwargs)

    @classmethod
    def _serializable_entity_registry_entry(cls, data: er.RegistryEntry) -> Any:
        """Keep only the aliases a user typed (sorted), not the computed-name placeholder."""
        serialized = super()._serializable_entity_registry_entry(data)
        serialized["aliases"] = sorted(
            alias for alias in serialized["aliases"] if isinstance(alias, str)
        )
        return serialized


class PortableSnapshotExtension(HomeAssistantSnapshotExtension):
    """Home Assistant's snapshot folder and format, written by the portable serializer."""

    serializer_class = PortableSnapshotSerializer


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in tests/integration/snapshots, the same on the oldest and newest release.

    pytest-homeassistant-custom-component sets its extension up in its plugin, but from 0.13.37x
    on that fixture no longer takes the place of syrupy's own of the same name (the tests then
    read syrupy's default `__snapshots__` folder and find nothing); a conftest fixture always does.
    """
    return snapshot.use_extension(PortableSnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Every entity enabled, also those disabled by default (as Home Assistant core's fixture)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


@pytest.fixture
def every_change_written() -> Generator[None]:
    """Cost sensors write every value that changed, at every sample.

    For tests of the numbers (integration, prices, restarts, gaps): they read each total and
    power from its state after a few polls. How often the states are written, and that the
    hourly statistics stay exact, is tested on its own (test_state_writes.py).
    """
    with patch("custom_components.minisplit.entity.CostValueSensor._news", return_value=True):
        yield
