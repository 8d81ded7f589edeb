"""A start at an awkward moment is quiet: no warning in the first hours, totals only grow.

The moments: minutes either side of the head's midnight (where an energy reading could belong to
either day) and the two nights the clocks change, with a reload a minute after the start. The
emulated head runs on Home Assistant's time zone (US/Pacific in tests), so its midnight is ours.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from _pytest.mark import ParameterSet
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import ATTR_HVAC_MODE, SERVICE_SET_TEMPERATURE
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import DEVICE_SCAN_INTERVAL
from emulators.daikin import EmulatorModel

from .common import minisplit_warnings, next_poll

# Home Assistant's time zone in tests.
TEST_ZONE = ZoneInfo("US/Pacific")
# Each protocol's measured energy total.
ENERGY = {
    EmulatorModel.CLASSIC: "sensor.living_heating_energy",
    EmulatorModel.DSIOT: "sensor.living_measured_energy",
}


def at(local: str) -> ParameterSet:
    """A start at a local time, frozen before the emulated head is made (it starts then)."""
    moment = datetime.fromisoformat(local).replace(tzinfo=TEST_ZONE).astimezone(UTC)
    return pytest.param(local, marks=pytest.mark.freeze_time(moment), id=local)


@pytest.mark.parametrize("emulator_model", [EmulatorModel.CLASSIC, EmulatorModel.DSIOT])
@pytest.mark.parametrize(
    "local_start",
    [
        at("2026-01-15 23:55:30"),  # just outside the margin before midnight
        at("2026-01-15 23:57:00"),
        at("2026-01-15 23:59:59"),
        at("2026-01-16 00:00:00"),
        at("2026-01-16 00:04:00"),
        at("2026-03-08 01:58:00"),  # the clocks go forward at 02:00
        at("2026-11-01 01:30:00"),  # the first of the night's two 01:30s
    ],
)
async def test_a_start_at_an_awkward_moment_is_quiet(
    hass: HomeAssistant,
    emulator_model: EmulatorModel,
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    local_start: str,
) -> None:
    assert dt_util.now().strftime("%Y-%m-%d %H:%M:%S") == local_start
    entry = await setup_entry()
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: "climate.living", ATTR_TEMPERATURE: 30, ATTR_HVAC_MODE: "heat"},
        blocking=True,
    )
    # A minute on (what was read is stored by then), the user reloads the entry.
    await next_poll(hass, freezer)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    seen: list[float] = []
    # 4 h 20 min: past 03:05, from which a head without a clock has its readings used
    # (README: Measured energy), and a few completed hours.
    for _ in range(26):
        await next_poll(hass, freezer, DEVICE_SCAN_INTERVAL)
        assert hass.states.get("climate.living").state == "heat"
        seen.append(float(hass.states.get(ENERGY[emulator_model]).state))

    assert minisplit_warnings(caplog) == []
    assert seen == sorted(seen), "a total never goes backwards"
    assert seen[-1] > 0, "the heating since the first reading used is counted"
    assert hass.states.get(ENERGY[emulator_model]).state != STATE_UNAVAILABLE
