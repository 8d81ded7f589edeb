"""Base entities of a head (its device, by MAC) and of a companion (its source's device).

Also the two kinds of sensor with logic of their own: measured energy kept by a ledger, and a
number read from a cost coordinator.

Renames: from Home Assistant 2026.11 on, an entity of a custom integration whose class defines
an add or remove hook is removed and added again when the user changes its entity id, unless
that class (or a subclass) defines `async_entity_id_changed`. Ours define it beside each such
hook: none of them keys anything on the entity id (listeners are on coordinators, restore data
follows the entity in core), so the id changes in place. Releases before 2026.11 never call it.
"""

from __future__ import annotations

import logging
import math
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Protocol

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device import async_entity_id_to_device
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo, format_mac
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.restore_state import ExtraStoredData
from homeassistant.helpers.update_coordinator import CoordinatorEntity, DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .const import CONF_CLIMATE_ENTITY, DOMAIN, LOGGER
from .coordinator import CompanionData, MiniSplitData, MiniSplitEnergyCoordinator
from .cost_coordinator import CostCoordinator
from .energy.daily import DailyEnergyLedger
from .errors import ProblemLog
from .heads import MeasuredEnergy

# The symbols Home Assistant's frontend writes a monetary total with in English (CLDR's `en`
# symbols, which its Intl.NumberFormat uses); any other currency it writes as its code.
CURRENCY_SYMBOLS: Final = {
    "AUD": "A$",
    "BRL": "R$",
    "CAD": "CA$",
    "CNY": "CN¥",
    "EUR": "€",
    "GBP": "£",
    "HKD": "HK$",
    "ILS": "₪",
    "INR": "₹",
    "JPY": "¥",
    "KRW": "₩",
    "MXN": "MX$",
    "NZD": "NZ$",
    "PHP": "₱",
    "TWD": "NT$",
    "USD": "$",
    "VND": "₫",
}


def money_unit(currency: str, *, per_hour: bool = False) -> str:
    """The unit of a money sensor: the currency code of a total, the symbol per hour of a rate.

    A total has the monetary device class, and the frontend writes it with the currency's symbol
    ("€0.06"); a rate cannot have that class (it is no total), so its unit carries the same
    symbol ("0.06 €/h") for the two to read alike.
    """
    if per_hour:
        return f"{CURRENCY_SYMBOLS.get(currency, currency)}/h"
    return currency


# Money is shown to the cent (suggested_display_precision 2): a value between this and 0 would
# be written "-EUR 0.00".
NEGATIVE_ZERO_MONEY = -0.005


def money_value(value: float | None) -> float | None:
    """Money to 1/100 of a cent; 0 where the frontend would write a negative zero ("-EUR 0.00").

    A saving of -0.001 after a minute of running, or a rounded -0.0, is no loss a user can see.
    Other values stay as exact as the meter keeps them (the statistics follow the total).
    """
    if value is None:
        return None
    return 0.0 if NEGATIVE_ZERO_MONEY < value <= 0 else round(value, 4)


class MiniSplitEntity[CoordinatorT: DataUpdateCoordinator[Any]](CoordinatorEntity[CoordinatorT]):
    """An entity of one head."""

    _attr_has_entity_name = True

    def __init__(self, data: MiniSplitData, coordinator: CoordinatorT, key: str) -> None:
        """Set the unique id from the head's MAC, and the head's device (shared, not copied)."""
        super().__init__(coordinator)
        self._attr_unique_id = f"{format_mac(data.adapter.data.mac)}-{key}"
        self._attr_device_info = data.device_info


class WritesOnChange(Entity):
    """An entity that skips a coordinator update that changes nothing it shows.

    Home Assistant drops a write whose state and attributes are unchanged, but only after the
    entity computed them all: for a head polled every minute that is most polls of most
    entities. `_shown` says cheaply what the state is made of; the update writes only when it
    changed (HA core's own entities write "only on change" the same way).
    """

    _last_shown: object = None

    @abstractmethod
    def _shown(self) -> object:
        """What the entity's state is made of (cheap to compute, compared by equality)."""

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state if what it shows changed since the last write from an update."""
        shown, last = self._shown(), self._last_shown
        self._last_shown = shown  # the newest, equal or not: the older one can go
        if shown != last:
            self.async_write_ha_state()


class CompanionEntity(CoordinatorEntity[CostCoordinator]):
    """An entity of a companion, shown on its climate entity's own device (a helper's pattern).

    A climate entity without a device gets a service device named after the companion.
    """

    _attr_has_entity_name = True

    def __init__(
        self, hass: HomeAssistant, entry_id: str, title: str, data: CompanionData, key: str
    ) -> None:
        """Set the unique id and the device from the climate entity."""
        super().__init__(data.cost)
        self._attr_unique_id = f"{entry_id}-{key}"
        climate = data.source.entity_id(CONF_CLIMATE_ENTITY)
        device = None if climate is None else async_entity_id_to_device(hass, climate)
        if device is not None:
            self.device_entry = device
        else:
            self._attr_device_info = DeviceInfo(
                identifiers={(DOMAIN, entry_id)},
                name=title,
                entry_type=DeviceEntryType.SERVICE,
            )


@dataclass(frozen=True, kw_only=True)
class MiniSplitCostDescription(SensorEntityDescription):
    """A running-cost sensor read from the cost coordinator."""

    value_fn: Callable[[CostCoordinator], float | str | None]
    unit_is_currency: bool = False
    per_hour: bool = False
    # Attributes that change only with what the unit is given (never every sample).
    attributes_fn: Callable[[CostCoordinator], dict[str, str | int | None]] | None = None
    # A live value also waits for a move of this share of itself (an estimate good to about
    # 12 % moves by a few percent at every change of the compressor: no news to a user).
    write_share: float = 0.0


# A total that grew writes at most this often; its hourly statistics stay exact (see
# `CostValueSensor`).
TOTAL_WRITE_INTERVAL: Final = timedelta(minutes=15)
TOTALS: Final = (SensorStateClass.TOTAL, SensorStateClass.TOTAL_INCREASING)
# What a cost sensor last wrote: available, value, unit, attributes.
Written = tuple[bool, float | str | None, str | None, tuple[Any, ...]]


class LedgerUpdate(Protocol):
    """What either ledger reports of a reading: impossible values and days lost."""

    @property
    def rejected(self) -> frozenset[str]:
        """Kinds of impossible values in the reading."""

    @property
    def lost_days(self) -> int:
        """Days the head no longer holds that were not read."""


@dataclass(slots=True)
class LedgerStoredData(ExtraStoredData):
    """A ledger, kept by Home Assistant across restarts under its sensor's key."""

    key: str
    ledger: DailyEnergyLedger

    def as_dict(self) -> dict[str, Any]:
        """Serialise the ledger."""
        return {self.key: self.ledger.as_dict()}


class MeasuredEnergySensor(MiniSplitEntity[MiniSplitEnergyCoordinator], RestoreSensor):
    """The head's own measured energy as an ever-growing total, kept by a ledger.

    Subclasses restore their ledger and feed it the head's energy of their kind (`_restore`,
    `_feed`); restoring, counting on each poll and logging each kind of trouble once are here.
    """

    _ledger: DailyEnergyLedger
    # The key of the ledger in the restore data, and what the log calls its values.
    _stored_key: str
    _values: str

    def __init__(self, data: MiniSplitData, description: SensorEntityDescription) -> None:
        """Bind the description; the subclass starts its empty ledger."""
        super().__init__(data, data.energy, description.key)
        self.entity_description = description
        self._cost = data.cost
        self._problems = ProblemLog()  # each kind of trouble logged once

    async def async_added_to_hass(self) -> None:
        """Restore the ledger, then count what the head published while we were down."""
        await super().async_added_to_hass()
        if (stored := await self.async_get_last_extra_data()) is not None:
            self._restore(stored.as_dict().get(self._stored_key))
        self._count()

    @callback
    def async_entity_id_changed(self, old_entity_id: str) -> None:  # pragma: no cover - 2026.11+
        """Nothing here is keyed on the entity id: a rename changes it in place (see entity.py)."""
        super().async_entity_id_changed(old_entity_id)

    def _restore(self, data: object) -> None:
        raise NotImplementedError

    def _feed(self, energy: MeasuredEnergy, max_kwh_per_hour: float) -> LedgerUpdate | None:
        """Count a reading of this sensor's kind; None for another kind."""
        raise NotImplementedError

    @property
    def extra_restore_state_data(self) -> LedgerStoredData:
        """Keep the whole ledger, not just the total."""
        return LedgerStoredData(self._stored_key, self._ledger)

    @property
    def native_value(self) -> float:
        """The total in kWh, rounded to 1 Wh (the heads' finest resolution; and float noise)."""
        return round(self._ledger.total_kwh, 3)

    @callback
    def _handle_coordinator_update(self) -> None:
        """Count the new reading, then write the state."""
        self._count()
        super()._handle_coordinator_update()

    def _count(self) -> None:
        """Feed the latest reading to the ledger; whatever happens, the callback goes on."""
        energy = self.coordinator.data
        if not self.coordinator.last_update_success or energy is None:
            return
        try:
            update = self._feed(energy, self._cost.max_kwh_per_hour)
        except Exception:  # the ledger never raises; this keeps a surprise from stopping updates
            self._problems.report(
                "error",
                "failed",
                "Could not count the energy of %s",
                self.entity_id,
                level=logging.ERROR,
                exc_info=True,
            )
            return
        if update is None:
            return
        for kind in sorted(update.rejected):
            self._problems.report(
                kind,
                "rejected",
                "%s: the head reported an impossible %s energy (%s); it is ignored, and "
                "this is logged once",
                self.entity_id,
                self._values,
                kind,
            )
        if update.lost_days:
            LOGGER.warning(
                "%s was unreachable for %d day(s) the head no longer reports; that energy is not "
                "in the total",
                self.entity_id,
                update.lost_days,
            )


class CostValueSensor(CoordinatorEntity[CostCoordinator], SensorEntity):
    """A number read from a cost coordinator: its unit, and its value or unknown (logged once).

    The coordinator tells its sensors after every sample (every poll of a head, every change of
    a companion's sources). Each state written is a row in the user's history database, so a
    sensor writes only what a user can see (HA core's rule is "write when the state changes";
    an estimate changes at every sample):

    - its availability, unit, attributes, or a value that was or becomes unknown (or a word): at
      once;
    - a live value (power, COP, heat moved, the cost rate, the break-even temperature): when it
      moved by at least its display step (`suggested_display_precision`; a count such as the
      days learned moves by 1), and by more than `write_share` of itself where set. The
      recorder's mean, min and max are then as exact as the display; no write repeats an
      unchanged value (nor does core);
    - a total (energy, money): when it moved by its display step and TOTAL_WRITE_INTERVAL has
      passed since its last write, and at the last sample of each clock hour (the next one is
      due after the hour ends) whenever it moved at all. The recorder compiles an hour's
      statistics from the last state written before the hour ends, so the hourly statistics and
      the Energy dashboard get the same total as if every sample were written. A
      `total_increasing` total that fell (a reset) writes at once; a `total` may fall (a saving
      while gas is cheaper, money at a negative price) and writes by the same rule either way.
    """

    entity_description: MiniSplitCostDescription
    # What the last write from a coordinator update wrote; None: write.
    _written: Written | None = None
    _written_at: datetime | None = None
    # How long until the coordinator samples again (a head's poll, a companion's tick).
    _sample_interval: timedelta

    _problems: ProblemLog | None = None  # the value's failure, logged once until it computes

    async def async_added_to_hass(self) -> None:
        """Write from the first coordinator update on (the platform wrote the first state)."""
        await super().async_added_to_hass()
        self._written = None

    @callback
    def async_entity_id_changed(self, old_entity_id: str) -> None:  # pragma: no cover - 2026.11+
        """Nothing here is keyed on the entity id: a rename changes it in place (see entity.py)."""
        super().async_entity_id_changed(old_entity_id)

    @property
    def extra_state_attributes(self) -> dict[str, str | int | None] | None:
        """The description's attributes, if it has any."""
        attributes_fn = self.entity_description.attributes_fn
        return None if attributes_fn is None else attributes_fn(self.coordinator)

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state if the value, availability or unit changed since the last write."""
        available = self.available
        written = (
            available,
            self.native_value if available else None,
            self.native_unit_of_measurement,
            tuple((self.extra_state_attributes or {}).items()),
        )
        if written == self._written:
            return
        # The clock is read only where a rule needs it, a total's: a live value changes at most
        # samples, and most of its changes are no news.
        now = dt_util.utcnow() if self.entity_description.state_class in TOTALS else None
        if self._written is not None and not self._news(self._written, written, now):
            return
        self._written = written
        self._written_at = now or dt_util.utcnow()
        self.async_write_ha_state()
        if now is not None:
            self.coordinator.async_total_written()

    def _news(self, before: Written, after: Written, now: datetime | None) -> bool:
        """Whether a changed value is worth a row in the history (rules in the class docstring).

        `now` is given for a total (None for a live value, whose rules need no clock).
        """
        old, new = before[1], after[1]
        if (
            before[0] != after[0]
            or before[2] != after[2]
            or before[3] != after[3]
            or not isinstance(old, float | int)
            or not isinstance(new, float | int)
        ):
            return True
        description = self.entity_description
        precision = description.suggested_display_precision
        moved = new - old
        if description.state_class not in TOTALS:
            step = 10.0 ** -(precision or 0)
            return abs(moved) >= max(step, description.write_share * abs(old))
        if moved < 0 and description.state_class is SensorStateClass.TOTAL_INCREASING:
            return True  # a reset: the recorder starts a new cycle from it
        assert now is not None
        if now + self._sample_interval >= _next_hour(now):
            return True
        assert self._written_at is not None
        shown = round(new, precision or 0) != round(old, precision or 0)
        return shown and now - self._written_at >= TOTAL_WRITE_INTERVAL

    @property
    def available(self) -> bool:
        """Available while the unit's state is known (a head answering, a source entity)."""
        return super().available and self.coordinator.source.available

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Money in Home Assistant's currency (per hour for the rate)."""
        if self.entity_description.unit_is_currency:
            return money_unit(self.hass.config.currency, per_hour=self.entity_description.per_hour)
        return self.entity_description.native_unit_of_measurement

    @property
    def native_value(self) -> float | str | None:
        """The coordinator's value; unknown (logged once) when not computable or not finite.

        One sensor's failure must not stop the others: the coordinator writes them in turn.
        """
        try:
            value = self.entity_description.value_fn(self.coordinator)
        except Exception:
            self._problem_log().failed(
                "value", "%s could not be computed; it is unknown", self.entity_id
            )
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self._problem_log().report(
                "value", "not finite", "%s computed %s; it is unknown", self.entity_id, value
            )
            return None
        if self._problems is not None:
            self._problems.clear("value", "%s is computed again", self.entity_id)
        return value

    def _problem_log(self) -> ProblemLog:
        """The log of this sensor's problems, made at the first (most sensors never have one)."""
        if self._problems is None:
            self._problems = ProblemLog()
        return self._problems


def _next_hour(now: datetime) -> datetime:
    """The start of the next clock hour (UTC: the recorder's statistics periods)."""
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
