"""Setting up, unloading, and availability of a head."""

from __future__ import annotations

import importlib.abc
import logging
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Generator
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_HOST, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ConfigEntryNotReady
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit import entry as entry_module
from custom_components.minisplit.const import DOMAIN
from custom_components.minisplit.coordinator import BUSY_RETRY_AFTER
from custom_components.minisplit.drivers.daikin_classic import (
    DaikinBusyError,
    DaikinClient,
    DaikinConnectionError,
    DaikinInvalidKeyError,
)
from emulators.daikin import DaikinEmulator, EmulatorModel

from .common import next_poll

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")


async def test_setup_and_unload(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
) -> None:
    started = time.perf_counter()
    entry = await setup_entry()
    elapsed = time.perf_counter() - started
    assert entry.state is ConfigEntryState.LOADED
    # Set-up reads adapter, the head's clock and energy, capabilities, sensors and settings:
    # nothing more.
    assert len(emulator.requests) == 6
    assert [path for path, _ in emulator.requests].count("/common/get_datetime") == 1
    assert elapsed < 5  # the figure that matters (< 1 s) is measured by scripts/bench

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED


async def test_head_offline_at_start_retries(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    emulator.faults.drop_all = True
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_a_busy_head_is_left_alone_a_minute_before_set_up_tries_again(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A head that drops every connection is busy with another client: asked again in 5 s, it
    still would be. Home Assistant 2026.11 takes the wait from the first refresh's failure."""
    emulator.faults.drop_all = True
    mock_config_entry.add_to_hass(hass)
    mock_config_entry.mock_state(hass, ConfigEntryState.SETUP_IN_PROGRESS)
    with pytest.raises(ConfigEntryNotReady) as caught:
        await entry_module.async_setup_entry(hass, mock_config_entry)
    assert caught.value.__cause__.retry_after == BUSY_RETRY_AFTER  # type: ignore[union-attr]

    # Once set up, a busy head keeps each coordinator's own interval (ten minutes for the
    # adapter): a retry_after there would ask it more often, not less.
    emulator.faults.drop_all = False
    mock_config_entry.mock_state(hass, ConfigEntryState.NOT_LOADED)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    emulator.faults.drop_all = True
    await next_poll(hass, freezer)
    state = mock_config_entry.runtime_data.state
    assert not state.last_update_success
    assert state.last_exception.retry_after is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("error", "retry_after"),
    [(DaikinBusyError("dropped twice"), BUSY_RETRY_AFTER), (DaikinConnectionError("no"), None)],
)
async def test_capabilities_of_a_busy_head_are_asked_for_a_minute_later(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    error: Exception,
    retry_after: float | None,
) -> None:
    mock_config_entry.add_to_hass(hass)
    mock_config_entry.mock_state(hass, ConfigEntryState.SETUP_IN_PROGRESS)
    with (
        patch.object(DaikinClient, "get_model_info", side_effect=error),
        pytest.raises(ConfigEntryNotReady) as caught,
    ):
        await entry_module.async_setup_entry(hass, mock_config_entry)
    assert getattr(caught.value, "retry_after", None) == retry_after


@pytest.mark.parametrize(
    ("error", "state"),
    [
        (DaikinConnectionError("dropped"), ConfigEntryState.SETUP_RETRY),
        (DaikinInvalidKeyError("refused"), ConfigEntryState.SETUP_ERROR),
    ],
)
async def test_capabilities_unreadable_at_start(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    error: Exception,
    state: ConfigEntryState,
) -> None:
    mock_config_entry.add_to_hass(hass)
    with patch.object(DaikinClient, "get_model_info", side_effect=error):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    assert mock_config_entry.state is state


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_brp072c_registers_and_works(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
) -> None:
    entry = await setup_entry()
    assert entry.state is ConfigEntryState.LOADED
    assert "0f1e2d3c4b5a69788796a5b4c3d2e1f0" in emulator.registered_uuids
    assert hass.states.get("climate.living") is not None


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_brp072c_refused_key_starts_reauth(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    emulator.key = "9999999999999"  # the adapter was reset to another key
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


@pytest.mark.usefixtures("init_integration")
async def test_unavailable_and_back_logged_once_each_way(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE
    caplog.set_level(logging.INFO)
    emulator.faults.drop_all = True
    for _ in range(3):
        await next_poll(hass, freezer)
    assert hass.states.get("climate.living").state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.living_indoor_temperature").state == STATE_UNAVAILABLE
    went_away = [r for r in caplog.records if "Error fetching minisplit state" in r.getMessage()]
    assert len(went_away) == 1

    emulator.faults.drop_all = False
    for _ in range(2):
        await next_poll(hass, freezer)
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE
    came_back = [
        r
        for r in caplog.records
        if "minisplit state" in r.getMessage() and "recovered" in r.getMessage()
    ]
    assert len(came_back) == 1


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize("fault", ["malformed", "http_error"])
async def test_garbage_answers_make_the_head_unavailable_not_crash(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory, fault: str
) -> None:
    setattr(emulator.faults, fault, 500 if fault == "http_error" else True)
    await next_poll(hass, freezer)
    assert hass.states.get("climate.living").state == STATE_UNAVAILABLE
    setattr(emulator.faults, fault, None if fault == "http_error" else False)
    await next_poll(hass, freezer)
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE


@pytest.mark.usefixtures("init_integration")
async def test_one_dropped_connection_is_retried_unnoticed(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    emulator.faults.drop_connections = 1
    await next_poll(hass, freezer)
    assert hass.states.get("climate.living").state != STATE_UNAVAILABLE


@pytest.mark.usefixtures("init_integration")
async def test_steady_state_polling_makes_two_requests(
    hass: HomeAssistant, emulator: DaikinEmulator, freezer: FrozenDateTimeFactory
) -> None:
    emulator.requests.clear()
    await next_poll(hass, freezer)
    assert sorted(path for path, _ in emulator.requests) == [
        "/aircon/get_control_info",
        "/aircon/get_sensor_info",
    ]


PACKAGE = "custom_components.minisplit"


def _ours(name: str) -> bool:
    return name == PACKAGE or name.startswith(f"{PACKAGE}.")


class _LoopImportRecorder(importlib.abc.MetaPathFinder):
    """Records every module of ours imported (for the first time) on the event loop's thread."""

    def __init__(self, loop_thread_id: int) -> None:
        self.loop_thread_id = loop_thread_id
        self.on_loop: list[str] = []
        self.elsewhere: list[str] = []

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if _ours(fullname):
            on_loop = threading.get_ident() == self.loop_thread_id
            (self.on_loop if on_loop else self.elsewhere).append(fullname)
        return None  # noqa: RET501 (only watching: the next finder imports it)


@pytest.fixture
def loop_imports(hass: HomeAssistant) -> Generator[_LoopImportRecorder]:
    """Our modules out of sys.modules, as in a Home Assistant just started; imports recorded.

    Home Assistant's own loop protection skips import_module in tests (`skip_for_tests`) and never
    sees an `import` statement, so this watches the import system itself. The modules are put back
    afterwards, for the tests that follow.
    """
    saved = {name: module for name, module in sys.modules.items() if _ours(name)}
    for name in saved:
        del sys.modules[name]
    recorder = _LoopImportRecorder(hass.loop_thread_id)
    sys.meta_path.insert(0, recorder)
    try:
        yield recorder
    finally:
        sys.meta_path.remove(recorder)
        for name in [name for name in sys.modules if _ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
        sys.modules["custom_components"].minisplit = saved[PACKAGE]  # type: ignore[attr-defined]


async def test_no_module_of_ours_is_imported_on_the_event_loop(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    loop_imports: _LoopImportRecorder,
) -> None:
    """Set-up, unload and a config flow import the integration in the import executor only.

    `__init__.py` imports nothing of Home Assistant (so the cost command line does not); its
    entry points import the Home Assistant layer in the import executor instead.
    """
    entry = MockConfigEntry(domain=DOMAIN, unique_id="fresh", data={CONF_HOST: emulator.host})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert loop_imports.on_loop == []
    assert f"{PACKAGE}.entry" in loop_imports.elsewhere  # it was imported, in the executor
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "local_head"}
    )
    assert result["type"] is FlowResultType.FORM
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] in (FlowResultType.FORM, FlowResultType.MENU)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert loop_imports.on_loop == []
