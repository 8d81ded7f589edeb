"""Coordinators polling one Daikin head: its state every minute, its adapter and energy slowly."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DEVICE_SCAN_INTERVAL, DOMAIN, LOGGER, STATE_SCAN_INTERVAL
from .drivers.daikin_classic import (
    BasicInfo,
    ControlInfo,
    DaikinClient,
    DaikinCommandRejectedError,
    DaikinError,
    DaikinInvalidKeyError,
    DaikinResponseError,
    DayEnergy,
    FanRate,
    ModelInfo,
    OperationMode,
    SensorInfo,
    SpecialMode,
    Swing,
)

if TYPE_CHECKING:
    from .cost_tracker import CostTracker


@dataclass(frozen=True, slots=True)
class HeadState:
    """What the climate entity and the live sensors show."""

    control: ControlInfo
    sensors: SensorInfo


@dataclass(frozen=True, slots=True)
class AdapterState:
    """The slowly changing part: adapter info (name, firmware, away) and the energy arrays."""

    basic: BasicInfo
    energy: DayEnergy | None
    # Whether the head has an energy endpoint (energy is None for a poll whose answer was
    # unusable too, so entities that exist for energy heads should be created from this).
    energy_supported: bool = True


@dataclass(slots=True)
class MiniSplitData:
    """Everything an entry keeps at run time."""

    client: DaikinClient
    model: ModelInfo
    device_model: str
    state: MiniSplitStateCoordinator
    adapter: MiniSplitAdapterCoordinator
    cost: CostTracker


type MiniSplitConfigEntry = ConfigEntry[MiniSplitData]


def _error_text(err: DaikinError, client: DaikinClient) -> str:
    """What the user sees of a client error: its message, with the key and uuid redacted."""
    return client.redact(str(err)) or type(err).__name__


def _update_failed(err: DaikinError, client: DaikinClient) -> UpdateFailed | ConfigEntryAuthFailed:
    """Translate a client error into what the coordinator raises."""
    if isinstance(err, DaikinInvalidKeyError):
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="invalid_key", translation_placeholders={}
        )
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key="update_failed",
        translation_placeholders={"error": _error_text(err, client)},
    )


def command_error(err: DaikinError, client: DaikinClient) -> HomeAssistantError:
    """Translate a client error during a command into a user-facing error."""
    key = "command_rejected" if isinstance(err, DaikinCommandRejectedError) else "command_failed"
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"error": _error_text(err, client)},
    )


class MiniSplitCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Polls one head through its client; subclasses say what and how often."""

    config_entry: MiniSplitConfigEntry
    kind: str
    interval: timedelta

    def __init__(
        self, hass: HomeAssistant, config_entry: MiniSplitConfigEntry, client: DaikinClient
    ) -> None:
        """Set up polling of this head."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=config_entry,
            name=f"{DOMAIN} {self.kind} {client.host}",
            update_interval=self.interval,
        )
        self.client = client

    async def _async_update_data(self) -> DataT:
        """Read the head, translating client errors."""
        try:
            return await self._async_read()
        except DaikinError as err:
            raise _update_failed(err, self.client) from err

    async def _async_read(self) -> DataT:
        raise NotImplementedError


class MiniSplitStateCoordinator(MiniSplitCoordinator[HeadState]):
    """Polls settings and sensors; applies commands from the head's own answer."""

    kind = "state"
    interval = STATE_SCAN_INTERVAL

    async def _async_read(self) -> HeadState:
        """Read sensors and settings: two requests."""
        sensors = await self.client.get_sensor_info()
        control = await self.client.get_control_info()
        return HeadState(control=control, sensors=sensors)

    async def async_set_control(
        self,
        *,
        power: bool | None = None,
        mode: OperationMode | None = None,
        target_temperature: float | None = None,
        fan_rate: FanRate | None = None,
        swing: Swing | None = None,
    ) -> None:
        """Change settings and show the head's answer at once.

        The head's settings after the write come back with it; the sensors are read too, since a
        new mode or target changes what the compressor does (and so the hvac action).
        """
        try:
            control = await self.client.set_control(
                power=power,
                mode=mode,
                target_temperature=target_temperature,
                fan_rate=fan_rate,
                swing=swing,
                current=self.data.control,
            )
        except DaikinError as err:
            raise command_error(err, self.client) from err
        try:
            sensors = await self.client.get_sensor_info()
        except DaikinError:
            sensors = self.data.sensors  # the command took; the next poll brings the sensors
        self.async_set_updated_data(HeadState(control=control, sensors=sensors))

    async def async_set_special_modes(
        self, enable: SpecialMode | None, disable: frozenset[SpecialMode]
    ) -> None:
        """Switch special modes on or off and show the head's answer at once."""
        special = self.data.control.special_modes
        try:
            for mode in disable & special:
                special = await self.client.set_special_mode(mode, enabled=False)
            if enable is not None and enable not in special:
                special = await self.client.set_special_mode(enable, enabled=True)
        except DaikinError as err:
            raise command_error(err, self.client) from err
        control = replace(self.data.control, special_modes=special)
        self.async_set_updated_data(replace(self.data, control=control))


class MiniSplitAdapterCoordinator(MiniSplitCoordinator[AdapterState]):
    """Polls the adapter info and the hourly energy arrays every ten minutes."""

    kind = "adapter"
    interval = DEVICE_SCAN_INTERVAL
    # Whether the last energy read failed (its warning is logged once, not on every poll).
    _energy_failing = False

    async def _async_read(self) -> AdapterState:
        """Read basic info and energy: two requests."""
        basic = await self.client.get_basic_info()
        energy, supported = await self._read_energy()
        return AdapterState(basic=basic, energy=energy, energy_supported=supported)

    async def _read_energy(self) -> tuple[DayEnergy | None, bool]:
        """Read the hourly energy; None for this poll if the head's answer is unusable.

        A garbled energy answer says nothing about whether the head is reachable (its adapter
        info just came back), so it does not make the head unavailable; the energy sensors keep
        their totals and count the missed hours from the next good answer.
        """
        try:
            energy = await self.client.get_day_energy()
        except (DaikinResponseError, DaikinCommandRejectedError) as err:
            if not self._energy_failing:
                LOGGER.warning(
                    "%s sent hourly energy that cannot be used (%s); energy is not counted until "
                    "it sends a valid answer",
                    self.config_entry.title,
                    _error_text(err, self.client),
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
        """Switch the head's holiday (away) mode and show it at once."""
        try:
            await self.client.set_holiday(away)
        except DaikinError as err:
            raise command_error(err, self.client) from err
        basic = replace(self.data.basic, holiday=away)
        self.async_set_updated_data(replace(self.data, basic=basic))
