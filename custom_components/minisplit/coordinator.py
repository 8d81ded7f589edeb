"""The coordinators of a head, one per kind of data and poll rate, and what an entry keeps.

A head has three: its state (settings and readings) every minute, its adapter (identity and the
away switch) and its measured energy every ten minutes. The energy coordinator counts each
reading once, when it is read, in a ledger it stores, and charts the hours as statistics. The
running cost has its own push-only coordinator (`cost_coordinator.py`), fed by a source
(`sources.py`). Driver errors become Home
Assistant's here, once: polls through `update_failed`, commands through `command_errors`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .companion import CompanionSource
from .const import (
    CONF_KIND,
    DEVICE_SCAN_INTERVAL,
    DOMAIN,
    KIND_COMPANION,
    LOGGER,
    STATE_SCAN_INTERVAL,
)
from .cost.measured import MeasuredCost
from .cost_coordinator import CostCoordinator, entry_store
from .energy.hourly import DEFAULT_MAX_KWH_PER_HOUR, MODES, EnergyLedger
from .energy.values import stored_kwh
from .errors import ProblemLog, command_errors, error_text, update_failed
from .heads import (
    Capabilities,
    Command,
    DemandControl,
    HeadBusyError,
    HeadCommandRejectedError,
    HeadDriver,
    HeadError,
    HeadInfo,
    HeadResponseError,
    HeadState,
    HourlyEnergy,
    MeasuredEnergy,
    SpecialMode,
)
from .statistics import async_import_hours

# How long set-up leaves a busy head alone before it tries again (seconds). Home Assistant's own
# back-off starts at 5 s, and an adapter busy with another client is still busy then; from
# 2026.11 on it waits this long instead when set-up is not ready (`retry_after`).
BUSY_RETRY_AFTER = 60.0
ENERGY_STORAGE_VERSION = 1
# A crash loses at most this much of the ledger (an older ledger shows a lower total until the
# next reading recounts it); a clean stop writes it out at once. A change comes every 10 minutes.
ENERGY_SAVE_DELAY = 1


@dataclass(slots=True)
class MiniSplitData:
    """Everything a head's entry keeps at run time."""

    driver: HeadDriver
    capabilities: Capabilities
    # The head's device (device.head_device_info), one for all its entities: its model is the
    # unit's (device.device_model).
    device_info: DeviceInfo
    state: MiniSplitStateCoordinator
    adapter: MiniSplitAdapterCoordinator
    energy: MiniSplitEnergyCoordinator
    cost: CostCoordinator
    # The entry's data the head was set up with: new data (address, key) needs a reload.
    setup_data: Mapping[str, Any]


@dataclass(slots=True)
class CompanionData:
    """What a companion entry (running cost of another integration's climate) keeps."""

    source: CompanionSource
    cost: CostCoordinator
    # The entry's data the companion was set up with: new sources need a reload.
    setup_data: Mapping[str, Any]


type MiniSplitConfigEntry = ConfigEntry[MiniSplitData]
type CompanionConfigEntry = ConfigEntry[CompanionData]
# Either kind, as Home Assistant hands it to the shared entry points and platforms.
type AnyConfigEntry = ConfigEntry[MiniSplitData | CompanionData]


def retry_busy_later[FailedT: UpdateFailed | ConfigEntryNotReady](
    failed: FailedT, err: HeadError
) -> FailedT:
    """Ask set-up to wait BUSY_RETRY_AFTER before trying a busy head again.

    Home Assistant 2026.11 honours `retry_after` on ConfigEntryNotReady, and passes it on from
    the UpdateFailed of a coordinator's first refresh; 2026.2.3's ConfigEntryNotReady takes no
    such argument, so it is set as the attribute 2026.11 reads, which earlier releases ignore.
    """
    if isinstance(err, HeadBusyError):
        failed.retry_after = BUSY_RETRY_AFTER
    return failed


def is_companion(entry: ConfigEntry[Any]) -> bool:
    """Whether an entry is a companion (another integration's climate), not a head of ours."""
    return entry.data.get(CONF_KIND) == KIND_COMPANION


class MiniSplitCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Polls one head through its driver; subclasses say what and how often."""

    config_entry: MiniSplitConfigEntry
    kind: str
    interval: timedelta

    def __init__(
        self, hass: HomeAssistant, config_entry: ConfigEntry[Any], driver: HeadDriver
    ) -> None:
        """Set up polling of this head."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=config_entry,
            name=f"{DOMAIN} {self.kind} {driver.host}",
            update_interval=self.interval,
        )
        self.driver = driver

    async def _async_update_data(self) -> DataT:
        """Read the head, translating driver errors."""
        try:
            return await self._async_read()
        except HeadError as err:
            failed = update_failed(err, self.driver)
            # Only while setting up: later, a retry_after would replace the poll interval (ten
            # minutes for the adapter and energy), asking a busy head more often, not less.
            if (
                isinstance(failed, UpdateFailed)
                and self.config_entry.state is ConfigEntryState.SETUP_IN_PROGRESS
            ):
                failed = retry_busy_later(failed, err)
            raise failed from err

    async def _async_read(self) -> DataT:
        raise NotImplementedError


class MiniSplitStateCoordinator(MiniSplitCoordinator[HeadState]):
    """Polls settings and readings; applies commands from the head's own answer."""

    kind = "state"
    interval = STATE_SCAN_INTERVAL

    async def _async_read(self) -> HeadState:
        """Read the head's settings and readings."""
        return await self.driver.async_read_state()

    @command_errors
    async def async_send(self, command: Command) -> None:
        """Change settings and show the head's answer at once (and what the compressor does)."""
        self.async_set_updated_data(await self.driver.async_send(command))

    @command_errors
    async def async_set_special_mode(self, mode: SpecialMode | None) -> None:
        """Make mode the only special mode on (None: none) and show the head's answer at once."""
        special_modes = await self.driver.async_set_special_mode(mode)
        self.async_set_updated_data(replace(self.data, special_modes=special_modes))

    @command_errors
    async def async_set_demand_control(self, demand: DemandControl) -> DemandControl:
        """Cap the unit's power (or lift the cap); the cap as the head reports it after.

        The compressor follows within the head's own control loop: the next poll shows it.
        """
        return await self.driver.async_set_demand_control(demand)


class MiniSplitAdapterCoordinator(MiniSplitCoordinator[HeadInfo]):
    """Polls the head's identity (name, firmware) and away setting every ten minutes."""

    kind = "adapter"
    interval = DEVICE_SCAN_INTERVAL

    async def _async_read(self) -> HeadInfo:
        """Read the head's adapter info."""
        return await self.driver.async_read_info()

    @command_errors
    async def async_set_away(self, away: bool) -> None:
        """Switch the head's away (holiday) setting and show it at once."""
        await self.driver.async_set_away(away)
        self.async_set_updated_data(replace(self.data, away=away))


class MiniSplitEnergyCoordinator(MiniSplitCoordinator[MeasuredEnergy | None]):
    """Polls the head's measured energy (hourly or daily counters) every ten minutes.

    A garbled energy answer says nothing about whether the head is reachable, so it is no failed
    poll: the energy is None for that poll (the sensors keep their totals and count the missed
    hours from the next good answer), and the problem is logged once.

    Hourly heads: each reading is counted here, once, when it is read (nothing that re-publishes
    the data counts it again), into a ledger keyed by the head's own date and hour, stored with
    the prices in force per hour; then the hours are written as statistics at their real start.
    """

    kind = "energy"
    interval = DEVICE_SCAN_INTERVAL

    def __init__(
        self, hass: HomeAssistant, config_entry: ConfigEntry[Any], driver: HeadDriver
    ) -> None:
        """Set up polling of this head's energy."""
        super().__init__(hass, config_entry, driver)
        self._problems = ProblemLog()
        # False for a head without an energy endpoint; True while its answers are unusable too,
        # so that entities that exist for energy heads are created from this.
        self.energy_supported = True
        self.ledger = EnergyLedger()
        self.measured_cost = MeasuredCost()
        # Totals an earlier version kept in the mode sensors, taken over once (kWh per mode).
        self.adopted = [0.0, 0.0]
        self.adoptable = False
        self._charted = False  # whether the hours were written as statistics since the start
        # The electricity price now, and the per-hour bound of a head's energy (set by the entry
        # once its cost coordinator exists).
        self.price: Callable[[], float | None] = lambda: None
        self.max_kwh_per_hour: Callable[[], float] = lambda: DEFAULT_MAX_KWH_PER_HOUR
        self._store = entry_store(hass, config_entry, "energy", ENERGY_STORAGE_VERSION)

    async def _async_setup(self) -> None:
        """Load the stored ledger before the first reading."""
        stored = await self._store.async_load() or {}
        self.ledger = EnergyLedger.from_dict(stored.get("ledger"))
        self.measured_cost = MeasuredCost.from_dict(stored.get("cost"))
        self.adopted = _stored_adopted(stored.get("adopted"))
        self.adoptable = not stored
        if not self.ledger.started and EnergyLedger.held_readings(stored.get("ledger")):
            LOGGER.warning(
                "Could not read the stored measured energy of %s; it counts on from the next "
                "reading",
                self.config_entry.title,
            )

    def mode_kwh(self, mode: str) -> float:
        """A mode's measured total ("heat" or "cool")."""
        return self.adopted[MODES.index(mode)] + self.ledger.mode_kwh(mode)

    @property
    def total_kwh(self) -> float:
        """All modes' measured total."""
        return sum(self.adopted) + self.ledger.total_kwh

    @callback
    def async_adopt(self, mode: str, kwh: float) -> None:
        """Take over a mode's total an earlier version kept in its sensor (once per mode).

        It shows in the totals, not in the statistics: their hours start with this ledger.
        """
        if not self.adoptable or not math.isfinite(kwh) or kwh <= 0:
            return
        self.adopted[MODES.index(mode)] = kwh
        self._store.async_delay_save(self._stored, ENERGY_SAVE_DELAY)

    @property
    def measured_cost_total(self) -> float | None:
        """What the measured hours cost at the prices in force then; None before any price."""
        return self.measured_cost.total(self.ledger.hours())

    async def _async_read(self) -> MeasuredEnergy | None:
        """Read the energy; None for this poll if the head's answer is unusable."""
        title = self.config_entry.title
        try:
            energy = await self.driver.async_read_energy()
        except (HeadResponseError, HeadCommandRejectedError) as err:
            if not self._problems.report(
                "energy",
                "unusable",
                "%s sent hourly energy that cannot be used (%s); energy is not counted until "
                "it sends a valid answer",
                title,
                error_text(err, self.driver),
            ):
                LOGGER.debug("%s: energy still unusable", title)
            self.energy_supported = True
            return None
        self._problems.clear("energy", "%s sends valid hourly energy again", title)
        self.energy_supported = energy is not None
        if isinstance(energy, HourlyEnergy):
            try:
                self._count(energy)
            except Exception:  # never raised by design; a surprise must not stop the polls
                self._problems.report(
                    "count",
                    "failed",
                    "Could not count the energy of %s",
                    title,
                    level=logging.ERROR,
                    exc_info=True,
                )
            else:
                self._problems.clear("count")
        return energy

    def _count(self, energy: HourlyEnergy) -> None:
        """Count a reading, keep the price of this hour, store, and chart the hours."""
        title = self.config_entry.title
        now = dt_util.now()
        self.measured_cost.observe(now, self.price())
        update = self.ledger.update(energy, now, max_kwh_per_hour=self.max_kwh_per_hour())
        self.measured_cost.close(update.closed)
        for kind in sorted(update.rejected):
            self._problems.report(
                kind,
                "rejected",
                "%s: the head reported an impossible hourly energy (%s); it is ignored, and "
                "this is logged once",
                title,
                kind,
            )
        if update.lost_days:
            LOGGER.warning(
                "%s: %d day(s) of measured energy were not read while the head still held them",
                title,
                update.lost_days,
            )
        self._store.async_delay_save(self._stored, ENERGY_SAVE_DELAY)
        # The rows change only when an hour grew or left the ledger (once after a start too:
        # hours counted before a stop may not have been written).
        if self._charted and not update.added_kwh and not update.closed:
            return
        self._charted = True
        hours = self.ledger.hours()
        cost = self.measured_cost
        async_import_hours(
            self.hass,
            self.config_entry,
            (self.ledger.closed_kwh, hours),
            None if not cost.samples else (cost.closed, cost.per_hour(hours)),
        )

    async def async_shutdown(self) -> None:
        """Stop polling and write the ledger out now (an unload, a reload, a stop)."""
        await super().async_shutdown()
        if self.ledger.started or any(self.adopted):
            await self._store.async_save(self._stored())

    def _stored(self) -> dict[str, Any]:
        return {
            "ledger": self.ledger.as_dict(),
            "cost": self.measured_cost.as_dict(),
            "adopted": self.adopted,
        }

    @staticmethod
    async def async_remove_storage(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Forget a removed entry's stored ledger."""
        await entry_store(hass, entry, "energy", ENERGY_STORAGE_VERSION).async_remove()


def _stored_adopted(data: object) -> list[float]:
    """Stored adopted totals per mode; none when unreadable."""
    try:
        if isinstance(data, list) and len(data) == len(MODES):
            return [stored_kwh(value) for value in data]
    except (TypeError, ValueError):
        pass
    return [0.0] * len(MODES)
