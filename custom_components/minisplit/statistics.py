"""A head's measured hours as long-term statistics, each charted at the hour it was used.

The live sensors change when the head publishes an hour, which is after it ended, so the
recorder would file that energy under the next hour. These statistics carry each hour's real
start instead: one for the energy (kWh), one for what it cost (the user's currency). Each import
rewrites the hours the head still holds, so a late or corrected hour lands where it belongs and
the sums stay continuous with the hours imported before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import async_add_external_statistics
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import UnitOfEnergy
from homeassistant.core import HomeAssistant
from homeassistant.util.unit_conversion import EnergyConverter

from .const import DOMAIN


def energy_statistic_id(entry: ConfigEntry) -> str:
    """The id of a head's hourly energy statistic (one per entry: a new entry starts anew)."""
    return f"{DOMAIN}:energy_{entry.entry_id.lower()}"


def cost_statistic_id(entry: ConfigEntry) -> str:
    """The id of a head's hourly measured-cost statistic."""
    return f"{DOMAIN}:cost_{entry.entry_id.lower()}"


def async_import_hours(
    hass: HomeAssistant,
    entry: ConfigEntry,
    energy: tuple[float, Iterable[tuple[datetime, float]]],
    cost: tuple[float, Iterable[tuple[datetime, float]]] | None,
) -> None:
    """Write the hours still held: (closed total, (start, amount) per hour) of each statistic.

    Does nothing without the recorder (the sensors still count).
    """
    if "recorder" not in hass.config.components:
        return
    _import(
        hass,
        energy_statistic_id(entry),
        f"{entry.title} measured energy",
        UnitOfEnergy.KILO_WATT_HOUR,
        EnergyConverter.UNIT_CLASS,
        *energy,
    )
    if cost is not None:
        _import(
            hass,
            cost_statistic_id(entry),
            f"{entry.title} measured cost",
            hass.config.currency,
            None,
            *cost,
        )


def _import(
    hass: HomeAssistant,
    statistic_id: str,
    name: str,
    unit: str,
    unit_class: str | None,
    closed: float,
    hours: Iterable[tuple[datetime, float]],
) -> None:
    rows: list[StatisticData] = []
    running = closed
    for start, amount in hours:
        running += amount
        rows.append(StatisticData(start=start, state=amount, sum=running))
    if not rows:
        return
    metadata = StatisticMetaData(
        mean_type=StatisticMeanType.NONE,
        has_sum=True,
        name=name,
        source=DOMAIN,
        statistic_id=statistic_id,
        unit_class=unit_class,
        unit_of_measurement=unit,
    )
    async_add_external_statistics(hass, metadata, rows)
