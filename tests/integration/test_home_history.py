"""A companion knows the home's other load from the recorder's statistics of its meter."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import (
    async_import_statistics,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.minisplit.const import CONF_HOME_ENERGY_ENTITY, CONF_OUTDOOR_ENTITY
from custom_components.minisplit.cost.base_load import MIN_BASE_DAYS

from .test_companion import companion_entry, set_up, source_device

__all__ = ["source_device"]  # the fixture, used by name

# 04:00 in Home Assistant's test time zone (US/Pacific).
pytestmark = pytest.mark.freeze_time("2026-01-15 12:00:00+00:00")
HOME = "sensor.home_energy"
OUTDOOR = "sensor.outdoor_temperature"
DAYS = "sensor.den_ac_home_meter_days_learned"
FIRST = date(2025, 10, 1)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder first: it must exist before Home Assistant is created."""


async def record_days(hass: HomeAssistant, first: date, days: list[tuple[float, float]]) -> None:
    """Hourly statistics of the home meter (kWh a day, spread evenly) and the outdoor sensor
    (its daily mean), local day by local day from `first`, as the recorder compiles them."""
    midnight = datetime.combine(first, time(), dt_util.get_default_time_zone()).astimezone(UTC)
    total = 1000.0
    home = [{"start": midnight - timedelta(hours=1), "state": total, "sum": total}]
    outdoor = []
    for day, (kwh, outdoor_c) in enumerate(days):
        for hour in range(24):
            start = midnight + timedelta(days=day, hours=hour)
            total += kwh / 24
            home.append({"start": start, "state": total, "sum": total})
            outdoor.append({"start": start, "mean": outdoor_c, "min": outdoor_c, "max": outdoor_c})
    async_import_statistics(
        hass,
        {
            "mean_type": StatisticMeanType.NONE,
            "has_sum": True,
            "name": None,
            "source": "recorder",
            "statistic_id": HOME,
            "unit_class": "energy",
            "unit_of_measurement": "kWh",
        },
        home,
    )
    async_import_statistics(
        hass,
        {
            "mean_type": StatisticMeanType.ARITHMETIC,
            "has_sum": False,
            "name": None,
            "source": "recorder",
            "statistic_id": OUTDOOR,
            "unit_class": "temperature",
            "unit_of_measurement": "°C",
        },
        outdoor,
    )
    await async_wait_recording_done(hass)


# Ten mild days (two with an EV charge), then three that needed heating.
AUTUMN = (
    [(12.0, 17.0)] * 4 + [(44.0, 16.0)] + [(12.0, 18.0)] * 4 + [(40.0, 19.0)] + [(30.0, 5.0)] * 3
)


def home_companion(hass: HomeAssistant, outdoor: str = OUTDOOR) -> MockConfigEntry:
    hass.states.async_set(HOME, "2000.0", {"unit_of_measurement": "kWh"})
    hass.states.async_set(outdoor, "5.0", {"unit_of_measurement": "°C"})
    return companion_entry(hass, **{CONF_HOME_ENERGY_ENTITY: HOME, CONF_OUTDOOR_ENTITY: outdoor})


async def test_the_mild_days_of_the_recorder_are_the_homes_other_load(
    hass: HomeAssistant, source_device: dr.DeviceEntry, freezer: FrozenDateTimeFactory
) -> None:
    await record_days(hass, FIRST, AUTUMN)
    entry = home_companion(hass)
    await set_up(hass, entry)
    signature = entry.runtime_data.cost.signature
    assert sorted(signature.base.days) == [
        (FIRST + timedelta(days=day)).isoformat() for day in range(10)
    ]
    level = signature.base.level()
    assert level is not None
    assert level.kwh == pytest.approx(12.0)  # the EV charges left out
    state = hass.states.get(DAYS)
    assert state is not None
    assert state.attributes["base_days"] == 10
    # Each day after it reads again: only the day completed since, which it finds.
    await record_days(hass, dt_util.now().date(), [(11.0, 15.5)] * 2)
    with patch(
        "custom_components.minisplit.home_history.statistics_during_period",
        wraps=statistics_during_period,
    ) as read:
        for _ in range(2):
            freezer.tick(timedelta(days=1))
            async_fire_time_changed(hass)
            await hass.async_block_till_done()
    assert [call.args[2] - call.args[1] for call in read.call_args_list] == [timedelta(days=1)] * 2
    assert len(signature.base.days) == 12
    state = hass.states.get(DAYS)
    assert state is not None
    assert state.attributes["base_days"] == 12


async def test_a_weather_entity_keeps_no_statistics_and_a_failed_read_is_logged(
    hass: HomeAssistant,
    source_device: dr.DeviceEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await record_days(hass, FIRST, AUTUMN)
    entry = home_companion(hass, "weather.home")
    await set_up(hass, entry)
    assert entry.runtime_data.cost.signature.base.days == {}
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.config_entries.async_remove(entry.entry_id)
    with patch(
        "custom_components.minisplit.home_history.statistics_during_period",
        side_effect=RuntimeError("database is locked"),
    ):
        entry = home_companion(hass)
        await set_up(hass, entry)
    assert "could not read the home meter's statistics: database is locked" in caplog.text
    assert entry.runtime_data.cost.signature.base.days == {}
    assert hass.states.get(DAYS) is not None  # it still learns from the meter's news


async def test_with_a_base_known_the_scale_comes_from_the_home_less_the_base(
    hass: HomeAssistant, source_device: dr.DeviceEntry
) -> None:
    """Days stored from before a restart, and the base from the recorder: the scale applies."""
    await record_days(hass, FIRST, AUTUMN)
    entry = home_companion(hass)
    await set_up(hass, entry)
    cost = entry.runtime_data.cost
    assert len(cost.signature.base.days) >= MIN_BASE_DAYS
    for day in range(5):  # the unit drew half its estimate
        cost.signature.add_day(date(2026, 1, 5 + day), 20.0, 12.0 + 10.0)
    assert cost.signature.anchored is not None
    assert cost.signature.anchored.scale == pytest.approx(0.5)
    assert cost.load_scale == cost.signature.anchored.load_scale < 1.0
