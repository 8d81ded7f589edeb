"""The head's measured energy as Energy-dashboard totals: across midnight, restarts and outages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from unittest.mock import patch

import aiohttp
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.components.climate import (
    DOMAIN as CLIMATE_DOMAIN,
)
from homeassistant.components.sensor import ATTR_STATE_CLASS, SensorStateClass
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_UNAVAILABLE,
    UnitOfEnergy,
)
from homeassistant.core import HomeAssistant, State
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache_with_extra_data,
)

from custom_components.minisplit.const import DEVICE_SCAN_INTERVAL
from custom_components.minisplit.cost.estimate import Limits
from custom_components.minisplit.energy.hourly import EnergyLedger
from emulators.daikin import DaikinEmulator

from .common import minisplit_warnings, next_poll

HEATING = "sensor.living_heating_energy"
COOLING = "sensor.living_cooling_energy"

# 21:20 in Home Assistant's test time zone (US/Pacific): midnight comes after 16 polls.
pytestmark = pytest.mark.freeze_time("2026-01-16 05:20:00+00:00")


async def head_energy(emulator: DaikinEmulator) -> dict[str, list[float]]:
    """The arrays the head publishes, read over HTTP like any client, in kWh."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{emulator.url}/aircon/get_day_power_ex") as response,
    ):
        text = await response.text()
    fields = dict(part.split("=", 1) for part in text.split(","))
    return {
        key: [int(value) / 10 for value in fields[key].split("/")]
        for key in ("curr_day_heat", "prev_1day_heat", "curr_day_cool", "prev_1day_cool")
    }


async def start_heating(hass: HomeAssistant) -> None:
    """Ask for far more heat than the room has, so the compressor runs for hours."""
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: "climate.living", ATTR_TEMPERATURE: 30, ATTR_HVAC_MODE: "heat"},
        blocking=True,
    )


async def run_for(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, polls: int, seen: list[float]
) -> None:
    """Poll every ten minutes, recording the heating total after each poll."""
    for _ in range(polls):
        await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
        state = hass.states.get(HEATING).state
        if state != STATE_UNAVAILABLE:
            seen.append(float(state))


def expected_since_setup(energy: dict[str, list[float]], setup_hour: int) -> float:
    """Hours the head published after set-up: yesterday's from the set-up hour on, all of today."""
    return sum(energy["prev_1day_heat"][setup_hour:]) + sum(energy["curr_day_heat"])


async def test_energy_sensors_fit_the_energy_dashboard(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    for entity_id in (HEATING, COOLING):
        state = hass.states.get(entity_id)
        assert state.attributes[ATTR_STATE_CLASS] == SensorStateClass.TOTAL_INCREASING
        assert state.attributes[ATTR_DEVICE_CLASS] == "energy"
        assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == UnitOfEnergy.KILO_WATT_HOUR
        assert float(state.state) == 0


async def test_midnight_roll_over_keeps_the_last_hour(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await start_heating(hass)
    seen: list[float] = []
    await run_for(hass, freezer, 30, seen)  # 21:20 -> 02:20
    energy = await head_energy(emulator)
    assert energy["prev_1day_heat"][23] > 0, "the head heated through the day's last hour"
    assert seen == sorted(seen), "the total never goes backwards"
    assert float(hass.states.get(HEATING).state) == pytest.approx(
        expected_since_setup(energy, 21), abs=1e-6
    )


async def test_restart_neither_loses_nor_repeats_energy(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await start_heating(hass)
    seen: list[float] = []
    await run_for(hass, freezer, 12, seen)  # 21:20 -> 23:20
    before = float(hass.states.get(HEATING).state)
    assert before > 0

    await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    freezer.tick(timedelta(hours=3))  # Home Assistant is down over midnight; the head heats on
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()

    after = float(hass.states.get(HEATING).state)
    energy = await head_energy(emulator)
    assert after >= before
    assert after == pytest.approx(expected_since_setup(energy, 21), abs=1e-6)


@pytest.mark.parametrize(
    ("skew", "setup_hour", "polls_before", "down_for", "polls_after"),
    [
        # The adapter 35 minutes ahead: Home Assistant is down over the head's midnight and
        # comes back before its own.
        (timedelta(minutes=35), 21, 9, timedelta(hours=1), 6),
        # The adapter on a clock 2 h ahead (its midnight is 22:00 here): down over the head's
        # midnight, back before ours, which then passes while polled.
        (timedelta(hours=2), 23, 3, timedelta(hours=2), 6),
        # The adapter 1 h 50 min behind: down over our midnight, back before the head's.
        (timedelta(minutes=-110), 21, 6, timedelta(hours=1), 12),
    ],
)
async def test_restart_between_the_two_midnights_with_a_skewed_adapter_clock(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
    freezer: FrozenDateTimeFactory,
    skew: timedelta,
    setup_hour: int,
    polls_before: int,
    down_for: timedelta,
    polls_after: int,
) -> None:
    # The emulator's clock runs on from its 21:20, `skew` off Home Assistant's.
    emulator.device.offset = skew
    if skew < timedelta():
        freezer.tick(-skew)
    entry = await setup_entry()
    await start_heating(hass)
    seen: list[float] = []
    await run_for(hass, freezer, polls_before, seen)

    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    freezer.tick(down_for)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    seen.append(float(hass.states.get(HEATING).state))
    await run_for(hass, freezer, polls_after, seen)

    energy = await head_energy(emulator)
    assert energy["prev_1day_heat"][23] > 0, "the head heated through its midnight"
    assert seen == sorted(seen), "the total never goes backwards"
    assert float(hass.states.get(HEATING).state) == pytest.approx(
        expected_since_setup(energy, setup_hour), abs=1e-6
    )


async def test_a_start_minutes_before_the_heads_midnight_is_no_fault(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The adapter's clock shows 23:57 at set-up: its first reading could belong to either day,
    # so it is not used, and nothing is wrong with the head or the stored ledger either.
    emulator.device.offset = timedelta(hours=2, minutes=37)
    entry = await setup_entry()
    await start_heating(hass)
    # Reloaded (or Home Assistant restarted) before the margin ends: the ledger stored then has
    # read nothing yet, which is no loss to report.
    freezer.tick(timedelta(seconds=5))  # the ledger's delayed save is written
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    seen: list[float] = []
    await run_for(hass, freezer, 14, seen)  # the head's 02:17

    assert minisplit_warnings(caplog) == []
    energy = await head_energy(emulator)
    assert energy["curr_day_heat"][1] > 0, "the head heated through its first hours"
    # The first reading used is the head's 00:07: yesterday's hours are its baseline, and
    # every hour of the head's new day is counted.
    assert seen == sorted(seen)
    assert float(hass.states.get(HEATING).state) == pytest.approx(
        sum(energy["curr_day_heat"]), abs=1e-6
    )


async def test_an_unreadable_stored_ledger_is_logged_and_counting_starts_again(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
    hass_storage: dict[str, object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    key = f"minisplit.energy.{mock_config_entry.entry_id}"
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {"ledger": {"version": 2, "closed": [0, 0], "newest": "someday", "slots": []}},
    }
    await setup_entry()
    assert minisplit_warnings(caplog) == [
        "Could not read the stored measured energy of Living; it counts on from the next reading"
    ]
    assert float(hass.states.get(HEATING).state) == 0


async def test_an_impossible_hour_is_ignored_and_logged_once(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await start_heating(hass)
    seen: list[float] = []
    await run_for(hass, freezer, 6, seen)  # 22:20
    emulator.state.curr_day_heat[3] = 65535  # a glitched read of an hour long published
    await run_for(hass, freezer, 6, seen)
    emulator.state.curr_day_heat[3] = 0
    await run_for(hass, freezer, 3, seen)

    assert seen == sorted(seen)
    assert max(seen) < 100
    assert caplog.text.count("impossible hourly energy") == 1
    energy = await head_energy(emulator)
    assert float(hass.states.get(HEATING).state) == pytest.approx(
        expected_since_setup(energy, 21), abs=1e-6
    )


async def test_a_failing_count_is_logged_once_and_never_stops_the_sensors(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        patch.object(EnergyLedger, "update", side_effect=RuntimeError("surprise")),
        patch.object(Limits, "for_head", side_effect=ValueError("bad rating")),
    ):
        await run_for(hass, freezer, 3, [])
    # Counting is the energy coordinator's, once per reading, for all of the head's sensors.
    assert caplog.text.count("Could not count the energy of Living") == 1
    assert hass.states.get(HEATING).state == "0.0"
    await start_heating(hass)
    await run_for(hass, freezer, 9, [])  # the ledger counts on once it works again
    assert float(hass.states.get(HEATING).state) > 0


async def test_outage_over_midnight_loses_nothing(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await start_heating(hass)
    seen: list[float] = []
    await run_for(hass, freezer, 9, seen)  # until 22:50
    emulator.faults.drop_all = True
    await run_for(hass, freezer, 15, seen)  # offline until 01:20
    assert hass.states.get(HEATING).state == STATE_UNAVAILABLE
    emulator.faults.drop_all = False
    await run_for(hass, freezer, 6, seen)  # 02:20

    energy = await head_energy(emulator)
    assert seen == sorted(seen)
    assert float(hass.states.get(HEATING).state) == pytest.approx(
        expected_since_setup(energy, 21), abs=1e-6
    )


async def test_restored_after_a_real_restart(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    energy = await head_energy(emulator)
    ledger = {
        "total_kwh": 123.4,
        "day": "2026-01-15",
        "counted": energy["curr_day_heat"],
    }
    mock_restore_cache_with_extra_data(hass, [(State(HEATING, "123.4"), {"ledger": ledger})])
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert float(hass.states.get(HEATING).state) == pytest.approx(123.4)

    await start_heating(hass)
    await run_for(hass, freezer, 6, [])
    assert float(hass.states.get(HEATING).state) > 123.4


async def test_unreadable_restore_data_starts_a_new_ledger(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    mock_restore_cache_with_extra_data(hass, [(State(HEATING, "5"), {"ledger": {"oops": 1}})])
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert float(hass.states.get(HEATING).state) == 0
    assert "Could not restore sensor.living_heating_energy" in caplog.text
