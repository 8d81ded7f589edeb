"""Fixtures shared by every test: an emulated Daikin head over real HTTP, and an entry for it."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable

import pytest
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import CONF_KEY, CONF_PROTOCOL, CONF_UUID, DOMAIN
from emulators.daikin import DaikinEmulator, EmulatorModel
from emulators.daikin.const import DSIOT_MODELS

EMULATED_MAC = "a4:b1:c2:d3:e4:f5"
BRP072C_KEY = "0123456789012"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/minisplit."""


@pytest.fixture
def emulator_model() -> EmulatorModel:
    """The adapter the emulated head plays; override per test module or with parametrize."""
    return EmulatorModel.CLASSIC


@pytest.fixture
async def emulator(
    hass: HomeAssistant, socket_enabled: None, emulator_model: EmulatorModel
) -> AsyncGenerator[DaikinEmulator]:
    """An emulated head on 127.0.0.1, whose clock is Home Assistant's (so the freezer drives it)."""
    emu = DaikinEmulator(
        model=emulator_model,
        key=BRP072C_KEY if emulator_model is EmulatorModel.BRP072C else None,
        tz=str(hass.config.time_zone),
    )
    await emu.start(host="127.0.0.1", port=0)
    yield emu
    await emu.stop()


@pytest.fixture
def mock_config_entry(emulator: DaikinEmulator) -> MockConfigEntry:
    """A config entry for the emulated head."""
    data: dict[str, str] = {CONF_HOST: emulator.host}
    if emulator.model is EmulatorModel.BRP072C:
        data |= {CONF_KEY: BRP072C_KEY, CONF_UUID: "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}
    if emulator.model in DSIOT_MODELS:
        data[CONF_PROTOCOL] = "daikin_dsiot"
    return MockConfigEntry(
        domain=DOMAIN,
        title="Living",
        unique_id=EMULATED_MAC,
        data=data,
    )


@pytest.fixture
def setup_entry(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> Callable[[], Awaitable[MockConfigEntry]]:
    """Set up the entry on demand (after a test has shaped the emulator)."""

    async def _setup() -> MockConfigEntry:
        mock_config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
        return mock_config_entry

    return _setup


@pytest.fixture
async def init_integration(
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
) -> MockConfigEntry:
    """The integration set up against a running emulated head."""
    return await setup_entry()
