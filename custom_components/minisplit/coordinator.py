"""The coordinators of a head, one per kind of data and poll rate, and what an entry keeps.

A head has three: its state (settings and readings) every minute, its adapter (identity and the
away switch) and its measured energy every ten minutes. The running cost has its own push-only
coordinator (`cost_coordinator.py`), fed by a source (`sources.py`). Driver errors become Home
Assistant's here, once: polls through `update_failed`, commands through `command_errors`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .const import (
    CONF_KIND,
    DEVICE_SCAN_INTERVAL,
    DOMAIN,
    KIND_COMPANION,
    LOGGER,
    STATE_SCAN_INTERVAL,
)
from .cost_coordinator import CostCoordinator
from .errors import ProblemLog, command_errors, error_text, update_failed
from .heads import (
    Capabilities,
    Command,
    HeadCommandRejectedError,
    HeadDriver,
    HeadError,
    HeadInfo,
    HeadResponseError,
    HeadState,
    MeasuredEnergy,
    SpecialMode,
)
from .sources import CompanionSource


@dataclass(slots=True)
class MiniSplitData:
    """Everything a head's entry keeps at run time."""

    driver: HeadDriver
    capabilities: Capabilities
    device_model: str
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
            raise update_failed(err, self.driver) from err

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
        return energy
