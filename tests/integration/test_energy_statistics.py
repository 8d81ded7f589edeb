"""The head's measured hours in the recorder's long-term statistics, at their real start."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.components.climate import (
    DOMAIN as CLIMATE_DOMAIN,
)
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.minisplit.const import DEVICE_SCAN_INTERVAL
from custom_components.minisplit.costcore.options import PRICE_PER_KWH
from custom_components.minisplit.statistics import cost_statistic_id, energy_statistic_id
from emulators.daikin import DaikinEmulator

from .common import next_poll
from .test_energy import head_energy

# 05:20 in Home Assistant's test time zone (US/Pacific): no midnight in the next hours.
pytestmark = pytest.mark.freeze_time("2026-01-16 13:20:00+00:00")
MEASURED = "sensor.living_measured_energy"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder first: it must exist before Home Assistant is created."""


async def heat_for(hass: HomeAssistant, freezer: FrozenDateTimeFactory, polls: int) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: "climate.living", ATTR_TEMPERATURE: 30, ATTR_HVAC_MODE: "heat"},
        blocking=True,
    )
    for _ in range(polls):
        await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)


async def hourly_rows(hass: HomeAssistant, statistic_id: str) -> list[dict[str, object]]:
    await async_wait_recording_done(hass)
    stats = await hass.async_add_executor_job(
        statistics_during_period,
        hass,
        dt_util.utcnow() - timedelta(days=3),
        None,
        {statistic_id},
        "hour",
        None,
        {"state", "sum"},
    )
    return list(stats.get(statistic_id, []))


async def test_each_hour_is_charted_at_its_start_with_what_the_head_measured(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await heat_for(hass, freezer, 15)  # 05:20 -> 07:50 local
    rows = await hourly_rows(hass, energy_statistic_id(init_integration))
    published = (await head_energy(emulator))["curr_day_heat"]
    local = {
        dt_util.as_local(datetime.fromtimestamp(row["start"], dt_util.UTC)).hour: row  # type: ignore[arg-type]  # a float
        for row in rows
    }
    # The hours after set-up, each where the head used it: 06:00-07:00 under 06:00.
    for hour in (6,):
        assert published[hour] > 0
        assert local[hour]["state"] == pytest.approx(published[hour])
    assert 7 not in local or local[7]["state"] == 0, "the hour under way is not charted yet"
    # The sums run on from the closed total, and end at the sensor's total.
    last = max(rows, key=lambda row: row["start"])  # type: ignore[arg-type, return-value]  # floats
    assert last["sum"] == pytest.approx(float(hass.states.get(MEASURED).state), abs=1e-3)


async def test_the_measured_cost_is_each_hour_at_its_own_price(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    hass.config_entries.async_update_entry(
        init_integration, options={**init_integration.options, PRICE_PER_KWH.key: 0.30}
    )
    await hass.async_block_till_done()
    await heat_for(hass, freezer, 15)
    energy = await hourly_rows(hass, energy_statistic_id(init_integration))
    cost = await hourly_rows(hass, cost_statistic_id(init_integration))
    assert energy
    assert cost
    by_start = {row["start"]: row for row in cost}
    for row in energy:
        assert by_start[row["start"]]["state"] == pytest.approx(row["state"] * 0.30)  # type: ignore[operator]  # a float
    assert float(hass.states.get("sensor.living_measured_cost").state) == pytest.approx(
        sum(row["state"] for row in cost),
        abs=1e-3,  # type: ignore[misc]  # floats
    )


@pytest.mark.parametrize("clock_offset", [timedelta(hours=8), timedelta(hours=-5, minutes=-7)])
async def test_an_adapter_clock_hours_off_is_charted_where_the_energy_was_used(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
    freezer: FrozenDateTimeFactory,
    clock_offset: timedelta,
) -> None:
    """An adapter on UTC (8 hours ahead of US/Pacific), or one set wrong by hours and minutes."""
    emulator.device.clock_offset = clock_offset
    entry = await setup_entry()
    await heat_for(hass, freezer, 15)  # 05:20 -> 07:50 local
    rows = await hourly_rows(hass, energy_statistic_id(entry))
    published = (await head_energy(emulator))["curr_day_heat"]
    head_hour = (dt_util.now() + clock_offset).replace(tzinfo=None)
    # The adapter's hour that was 06:00-07:00 here, to the nearest hour of its clock.
    used = round(
        (
            datetime(2026, 1, 16, 6)
            + clock_offset
            - head_hour.replace(hour=0, minute=0, second=0, microsecond=0)
        ).total_seconds()
        / 3600
    )
    local = {dt_util.as_local(dt_util.utc_from_timestamp(row["start"])).hour: row for row in rows}  # type: ignore[arg-type]  # a float
    assert published[used] > 0
    assert local[6]["state"] == pytest.approx(published[used])


async def test_republished_energy_is_not_counted_again(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The away preset re-publishes the adapter's data; a reading is counted once, when read."""
    await heat_for(hass, freezer, 9)
    before = hass.states.get(MEASURED).state
    data = init_integration.runtime_data
    for _ in range(5):
        data.energy.async_set_updated_data(data.energy.data)
        await hass.services.async_call(
            CLIMATE_DOMAIN,
            "set_preset_mode",
            {ATTR_ENTITY_ID: "climate.living", "preset_mode": "away"},
            blocking=True,
        )
        freezer.tick(timedelta(minutes=1))
    await hass.async_block_till_done()
    assert hass.states.get(MEASURED).state == before
