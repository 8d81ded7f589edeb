"""What the cost coordinator reads: a head of ours (or a companion, `companion.py`), and prices.

A source says whether the unit's state is known, what it does now (an `Operation`), its room
temperature, what it measured, and when any of that may have changed. A head is read from its
state and energy coordinators.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Protocol

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import (
    async_track_state_change_event,
)
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .cost.activity import (
    head_operation,
)
from .cost.calibration import Measured
from .cost.estimate import Operation
from .cost.meter import MeasuredInput
from .heads import HeadState, MeasuredEnergy


class CostSource(Protocol):
    """Where the running cost learns what the unit does, and when that changed."""

    # Outdoor design temperature of the building model for a unit that reports no compressor
    # speed (degC); None: the unit reports it, no model.
    design_outdoor_c: float | None
    # True when its updates come in a loop callback of their own (state change events), so the
    # sensors can write at once; else they write in the next callback.
    own_callback: bool
    # Whether a sensor of the unit measures its energy or power (the totals are measured).
    measures: bool
    # The heat loss of the rooms it serves (W/K) when the user gave it; else None.
    heat_loss_w_per_k: float | None

    @property
    def available(self) -> bool:
        """Whether the unit's state is known now (else nothing is counted)."""

    def operation(self) -> Operation:
        """What the unit does now."""

    def room_c(self) -> float | None:
        """The room temperature, if known."""

    def measured(self, now: datetime) -> Measured:
        """What the unit's own meter measured (empty without one)."""

    def measured_input(self) -> MeasuredInput | None:
        """What a power or energy sensor of the unit reads now (None: it has none)."""

    @property
    def home_metered(self) -> bool:
        """Whether a whole-home meter is to teach the estimate (fixed for an entry)."""

    def home_hours(self, day: date) -> list[float | None]:
        """The home meter's kWh in each hour of a local day (when home_metered)."""

    def home_statistics(self) -> tuple[str, str | None]:
        """The statistic ids of the home meter and of the outdoor sensor (when home_metered)."""

    def async_add_listener(self, update_callback: CALLBACK_TYPE) -> Callable[[], None]:
        """Call update_callback when the unit's state may have changed."""

    def async_add_measured_listener(self, update_callback: CALLBACK_TYPE) -> Callable[[], None]:
        """Call update_callback when the unit's meter has news."""


class PriceSource:
    """The price entity the options name: its state and unit, and a call at each change.

    The options can name another one at run time: `follow` moves the listener to it.
    """

    def __init__(
        self, hass: HomeAssistant, on_change: Callable[[Event[EventStateChangedData]], None]
    ) -> None:
        """Follow nothing until told to."""
        self.hass = hass
        self._on_change = on_change
        self.entity_id: str | None = None
        self._unsubscribe: CALLBACK_TYPE | None = None

    @callback
    def follow(self, entity_id: str | None) -> None:
        """Listen to this entity's changes from now on (None: to none)."""
        if entity_id == self.entity_id:
            return
        self.stop()
        self.entity_id = entity_id
        if entity_id is not None:
            self._unsubscribe = async_track_state_change_event(
                self.hass, entity_id, self._on_change
            )

    @callback
    def stop(self) -> None:
        """Listen to no entity."""
        self.entity_id = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def state(self, entity_id: str) -> tuple[str, str | None] | None:
        """A price entity's state and unit, if it has a state."""
        if (state := self.hass.states.get(entity_id)) is None:
            return None
        unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
        return state.state, None if unit is None else str(unit)


class HeadCostSource:
    """A head of ours: its state after every poll and command, its energy when read."""

    design_outdoor_c: float | None = None
    own_callback = False
    measures = False  # its estimate is calibrated against its counters, not replaced by them
    heat_loss_w_per_k = None

    def __init__(
        self,
        state: DataUpdateCoordinator[HeadState],
        energy: DataUpdateCoordinator[MeasuredEnergy | None],
        measured_hours: Callable[[], Sequence[tuple[datetime, float]]],
    ) -> None:
        """Follow the head's state and energy coordinators, and its ledger's measured hours."""
        self.state = state
        self.energy = energy
        self._measured_hours = measured_hours
        self._outdoor_c: float | None = None

    @property
    def available(self) -> bool:
        """While the head answers its polls."""
        return self.state.last_update_success

    def room_c(self) -> float | None:
        """The head's room temperature."""
        return self.state.data.room_temperature

    def operation(self) -> Operation:
        """What the head does now."""
        state = self.state.data
        if state.outdoor_temperature is not None:
            self._outdoor_c = state.outdoor_temperature
        return head_operation(state, self._outdoor_c)

    def measured(self, now: datetime) -> Measured:
        """The head's complete hours it still holds (all modes), or its daily totals."""
        if not self.energy.last_update_success:
            return Measured()
        return Measured.from_head(self.energy.data, self._measured_hours(), now)

    def measured_input(self) -> MeasuredInput | None:
        """A head's counters are its energy sensors' (energy/); its running cost is estimated."""
        return None

    home_metered = False  # a head measures its own energy: the home meter is not needed

    def home_hours(self, day: date) -> list[float | None]:
        """Never asked for (not home_metered)."""
        return [None] * 24  # pragma: no cover

    def home_statistics(self) -> tuple[str, str | None]:
        """Never asked for (not home_metered)."""
        return "", None  # pragma: no cover

    def async_add_listener(self, update_callback: CALLBACK_TYPE) -> Callable[[], None]:
        """After every poll and command."""
        return self.state.async_add_listener(update_callback)

    def async_add_measured_listener(self, update_callback: CALLBACK_TYPE) -> Callable[[], None]:
        """After every energy poll."""
        return self.energy.async_add_listener(update_callback)
