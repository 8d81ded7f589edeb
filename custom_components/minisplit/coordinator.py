"""Coordinators polling one head: its state every minute, its adapter and energy slowly."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .const import DEVICE_SCAN_INTERVAL, DOMAIN, LOGGER, STATE_SCAN_INTERVAL
from .errors import command_failed, error_text, update_failed
from .heads import (
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
from .runtime import MiniSplitConfigEntry


@dataclass(frozen=True, slots=True)
class AdapterState:
    """The slowly changing part: who the head is, its away setting, and the energy arrays."""

    info: HeadInfo
    energy: MeasuredEnergy | None
    # Whether the head has an energy endpoint (energy is None for a poll whose answer was
    # unusable too, so entities that exist for energy heads should be created from this).
    energy_supported: bool = True


class MiniSplitCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Polls one head through its driver; subclasses say what and how often."""

    config_entry: MiniSplitConfigEntry
    kind: str
    interval: timedelta

    def __init__(
        self, hass: HomeAssistant, config_entry: MiniSplitConfigEntry, driver: HeadDriver
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

    async def async_send(self, command: Command) -> None:
        """Change settings and show the head's answer at once (and what the compressor does)."""
        try:
            state = await self.driver.async_send(command)
        except HeadError as err:
            raise command_failed(err, self.driver) from err
        self.async_set_updated_data(state)

    async def async_set_special_mode(self, mode: SpecialMode | None) -> None:
        """Make mode the only special mode on (None: none) and show the head's answer at once."""
        try:
            special_modes = await self.driver.async_set_special_mode(mode)
        except HeadError as err:
            raise command_failed(err, self.driver) from err
        self.async_set_updated_data(replace(self.data, special_modes=special_modes))


class MiniSplitAdapterCoordinator(MiniSplitCoordinator[AdapterState]):
    """Polls the head's identity and away setting and the hourly energy every ten minutes."""

    kind = "adapter"
    interval = DEVICE_SCAN_INTERVAL
    # Whether the last energy read failed (its warning is logged once, not on every poll).
    _energy_failing = False

    async def _async_read(self) -> AdapterState:
        """Read the head's info and energy."""
        info = await self.driver.async_read_info()
        energy, supported = await self._read_energy()
        return AdapterState(info=info, energy=energy, energy_supported=supported)

    async def _read_energy(self) -> tuple[MeasuredEnergy | None, bool]:
        """Read the hourly energy; None for this poll if the head's answer is unusable.

        A garbled energy answer says nothing about whether the head is reachable (its adapter
        info just came back), so it does not make the head unavailable; the energy sensors keep
        their totals and count the missed hours from the next good answer.
        """
        try:
            energy = await self.driver.async_read_energy()
        except (HeadResponseError, HeadCommandRejectedError) as err:
            if not self._energy_failing:
                LOGGER.warning(
                    "%s sent hourly energy that cannot be used (%s); energy is not counted until "
                    "it sends a valid answer",
                    self.config_entry.title,
                    error_text(err, self.driver),
                )
            else:
                LOGGER.debug("%s: energy still unusable", self.config_entry.title)
            self._energy_failing = True
            return None, True
        if self._energy_failing:
            LOGGER.info("%s sends valid hourly energy again", self.config_entry.title)
            self._energy_failing = False
        return energy, energy is not None

    async def async_set_away(self, away: bool) -> None:
        """Switch the head's away (holiday) setting and show it at once."""
        try:
            await self.driver.async_set_away(away)
        except HeadError as err:
            raise command_failed(err, self.driver) from err
        info = replace(self.data.info, away=away)
        self.async_set_updated_data(replace(self.data, info=info))
