"""The home meter's past days, read from the recorder's long-term statistics.

A companion learning from the home's meter needs the home's other load (`cost/base_load.py`):
the recorder already holds months of that meter's hourly statistics (a `change` per hour; its
statistic id is its entity id) and, for an outdoor sensor with a state class, of the outdoor
temperature (a `mean` per hour). At set-up the last HISTORY_DAYS complete local days of both
are read, in the recorder's own executor (never on the loop), and handed to the companion; every
HISTORY_INTERVAL after, only the days completed since (all of them again when either entity was
renamed: its statistics are under its new id). A weather entity keeps no statistics, and a home
without the recorder has none: then there are no past days, and the base comes from the days the
companion itself sees the unit off.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import UnitOfEnergy, UnitOfTemperature
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from .const import LOGGER
from .cost.base_load import HistoryDay, daily_history

# Half a year: the last shoulder season is within it, whenever the heating or cooling one is.
HISTORY_DAYS = 180
HISTORY_INTERVAL = timedelta(days=1)


def _hours(rows: list[Any], field: str) -> list[tuple[datetime, float]]:
    """(hour start, value) of the statistics rows that have the field."""
    return [
        (dt_util.utc_from_timestamp(row["start"]), float(value))
        for row in rows
        if (value := row.get(field)) is not None
    ]


async def async_history_days(
    hass: HomeAssistant, home: str, outdoor: str | None, now: datetime, since: datetime | None
) -> list[HistoryDay]:
    """The complete local days of the home meter and the outdoor sensor before today.

    Days from `since` (a local midnight) when given, else the last HISTORY_DAYS.
    """
    if outdoor is None or "recorder" not in hass.config.components:
        return []
    today = dt_util.start_of_local_day(now)
    start = today - timedelta(days=HISTORY_DAYS)
    if since is not None:
        start = max(start, since)
    if start >= today:
        return []
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        dt_util.as_utc(start),
        dt_util.as_utc(today),
        {home, outdoor},
        "hour",
        {"energy": UnitOfEnergy.KILO_WATT_HOUR, "temperature": UnitOfTemperature.CELSIUS},
        {"change", "mean"},
    )
    return daily_history(
        _hours(rows.get(home, []), "change"),
        _hours(rows.get(outdoor, []), "mean"),
        dt_util.get_default_time_zone(),
    )


@callback
def async_follow_home_history(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    entities: Callable[[], tuple[str, str | None]],
    feed: Callable[[list[HistoryDay]], None],
) -> CALLBACK_TYPE:
    """Read the past days now and every HISTORY_INTERVAL, and feed them; returns the stop.

    `entities` gives the home meter's and the outdoor sensor's entity ids at the time of reading
    (they follow renames).
    """
    # The entities last read, and the local midnight up to which their days were read.
    read_to: dict[tuple[str, str | None], datetime] = {}

    async def read(now: datetime) -> None:
        home, outdoor = ids = entities()
        try:
            days = await async_history_days(hass, home, outdoor, now, read_to.get(ids))
        except Exception as err:  # a database error must not stop the companion
            LOGGER.warning("%s: could not read the home meter's statistics: %s", entry.title, err)
            return
        read_to.clear()
        read_to[ids] = dt_util.start_of_local_day(now)
        feed(days)

    @callback
    def start(now: datetime) -> None:
        entry.async_create_task(hass, read(now), f"{entry.title} home meter history")

    start(dt_util.now())
    return async_track_time_interval(hass, start, HISTORY_INTERVAL)
