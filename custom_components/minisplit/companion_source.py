"""A companion's view of its unit: another integration's climate entity and optional sensors.

It reads only Home Assistant's states: on every change of a source entity, and on a short tick
that closes the running interval (COMPANION_TICK) so energy lands in the hour it was used. The
entities are kept by their entity registry id, so a renamed entity is still followed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import (
    async_track_state_change_event,
    async_track_time_interval,
)
from homeassistant.util import dt as dt_util

from .companion import Activity, Basis, judge_activity
from .companion.load import DEFAULT_DESIGN_OUTDOOR_C
from .companion.meter import HourlyMeter
from .companion_states import (
    climate_view,
    energy_kwh,
    frequency_hz,
    is_available,
    outdoor_c,
    power_w,
)
from .const import (
    COMPANION_TICK,
    CONF_CLIMATE_ENTITY,
    CONF_DESIGN_OUTDOOR_C,
    CONF_ENERGY_ENTITY,
    CONF_FREQUENCY_ENTITY,
    CONF_OUTDOOR_ENTITY,
    CONF_POWER_ENTITY,
)
from .running_cost import Operation

# The attributes of the source entities the estimate reads (climate and weather ones).
_READ_ATTRIBUTES = (
    "hvac_action",
    "current_temperature",
    "temperature",
    "target_temp_low",
    "target_temp_high",
    "temperature_unit",
)
ROLES = (
    CONF_CLIMATE_ENTITY,
    CONF_OUTDOOR_ENTITY,
    CONF_FREQUENCY_ENTITY,
    CONF_POWER_ENTITY,
    CONF_ENERGY_ENTITY,
)


def resolve(hass: HomeAssistant, stored: str | None) -> str | None:
    """The entity id now of a stored registry id (or entity id); None when it is gone."""
    if not stored:
        return None
    registry = er.async_get(hass)
    if (entity_id := er.async_resolve_entity_id(registry, stored)) is not None:
        return entity_id
    return stored if "." in stored else None


def registry_id(hass: HomeAssistant, entity_id: str) -> str:
    """What a companion stores for an entity: its registry id when it has one, else its id."""
    entry = er.async_get(hass).async_get(entity_id)
    return entry.id if entry is not None else entity_id


class CompanionSource:
    """What the unit behind another integration's climate entity does now."""

    # State change events and ticks each run in a loop callback of their own.
    own_callback = True

    def __init__(self, hass: HomeAssistant, data: Mapping[str, Any]) -> None:
        """Take the source entities of a companion entry."""
        self.hass = hass
        self.stored = {role: data.get(role) for role in ROLES}
        design = data.get(CONF_DESIGN_OUTDOOR_C)
        self.design_outdoor_c: float | None = (
            float(design) if isinstance(design, (int, float)) else DEFAULT_DESIGN_OUTDOOR_C
        )
        self.activity: Activity = Activity(False, None, Basis.UNKNOWN)
        self._outdoor_c: float | None = None
        # Measured energy per hour from the unit's energy (preferred) or power sensor.
        self.measures = bool(data.get(CONF_ENERGY_ENTITY) or data.get(CONF_POWER_ENTITY))
        self.meter = HourlyMeter()
        self._last_inputs: tuple[Any, ...] | None = None
        self._listeners: list[CALLBACK_TYPE] = []
        self._unsubscribe: list[Callable[[], None]] = []

    def entity_id(self, role: str) -> str | None:
        """The entity id of a source role now (follows renames)."""
        return resolve(self.hass, self.stored.get(role))

    def _state(self, role: str) -> Any:
        entity_id = self.entity_id(role)
        return None if entity_id is None else self.hass.states.get(entity_id)

    @property
    def available(self) -> bool:
        """While the climate entity has a state to read."""
        return is_available(self._state(CONF_CLIMATE_ENTITY))

    def room_c(self) -> float | None:
        """The climate entity's room temperature."""
        view = climate_view(
            self._state(CONF_CLIMATE_ENTITY), self.hass.config.units.temperature_unit
        )
        return None if view is None else view.room_c

    def _platform(self) -> str | None:
        entity_id = self.entity_id(CONF_CLIMATE_ENTITY)
        entry = None if entity_id is None else er.async_get(self.hass).async_get(entity_id)
        return None if entry is None else entry.platform

    def operation(self) -> Operation:
        """Running or not, its mode, and the temperatures, from the source entities."""
        view = climate_view(
            self._state(CONF_CLIMATE_ENTITY), self.hass.config.units.temperature_unit
        )
        if (outdoor := outdoor_c(self._state(CONF_OUTDOOR_ENTITY))) is not None:
            self._outdoor_c = outdoor  # a weather entity or sensor that is briefly unavailable
        if view is None:
            self.activity = Activity(False, None, Basis.UNKNOWN)
            return Operation(False, None, self._outdoor_c, None, None)
        power = None
        if self.stored.get(CONF_POWER_ENTITY):
            power = power_w(self._state(CONF_POWER_ENTITY))
        self.activity = judge_activity(view, power_w=power, source_platform=self._platform())
        frequency = None
        if self.stored.get(CONF_FREQUENCY_ENTITY):
            frequency = frequency_hz(self._state(CONF_FREQUENCY_ENTITY))
        if (
            frequency is None
            and self.activity.basis is Basis.HVAC_ACTION
            and not (self.activity.running)
        ):
            # Idle while holding the room: the compressor cycles, and over its cycles it moves
            # what the building loses. The building model gives that average, not the bursts at
            # full speed in between, so it counts while the thermostat holds the room (counting
            # only the bursts at the average load measured 37 % low over a heating day).
            holding = judge_activity(replace(view, hvac_action=None))
            if holding.running:
                self.activity = Activity(True, holding.mode, Basis.THERMOSTAT)
        return Operation(
            running=self.activity.running,
            mode=self.activity.mode,
            outdoor_c=self._outdoor_c,
            indoor_c=view.room_c,
            compressor_hz=frequency,
        )

    def measured_days(self, now: datetime) -> list[tuple[date, list[float | None]]]:
        """Today's and yesterday's measured kWh per hour (empty without a measuring sensor)."""
        if not self.measures:
            return []
        today = now.date()
        return [
            (day, self.meter.day(day, now.tzinfo)) for day in (today, today - timedelta(days=1))
        ]

    def _measure(self) -> None:
        """Feed the measuring sensor's reading now to the hourly meter."""
        now = dt_util.now()
        if self.stored.get(CONF_ENERGY_ENTITY):
            self.meter.add_total(now, energy_kwh(self._state(CONF_ENERGY_ENTITY)))
        elif self.stored.get(CONF_POWER_ENTITY):
            self.meter.add_power(now, power_w(self._state(CONF_POWER_ENTITY)))

    @callback
    def async_add_listener(self, update_callback: CALLBACK_TYPE) -> Callable[[], None]:
        """Call update_callback when a source entity changes, and every COMPANION_TICK."""
        if not self._listeners:
            self._subscribe()
        self._listeners.append(update_callback)

        @callback
        def remove() -> None:
            self._listeners.remove(update_callback)
            if not self._listeners:
                self._unsubscribe_all()

        return remove

    def _subscribe(self) -> None:
        self._last_inputs = self._inputs()  # what the first estimate (at start) reads
        followed = [entity_id for role in ROLES if (entity_id := self.entity_id(role)) is not None]
        self._unsubscribe.append(
            async_track_state_change_event(self.hass, followed, self._on_change)
        )
        self._unsubscribe.append(
            async_track_time_interval(self.hass, self._on_tick, COMPANION_TICK)
        )

    def _unsubscribe_all(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()

    def _inputs(self) -> tuple[Any, ...]:
        """What the estimate reads from the source entities (a change elsewhere is ignored)."""
        inputs: list[Any] = []
        for role in ROLES:
            state = self._state(role)
            if state is None:
                inputs.append(None)
                continue
            attributes = state.attributes
            inputs.append(
                (
                    state.state,
                    attributes.get(ATTR_UNIT_OF_MEASUREMENT),
                    *(attributes.get(name) for name in _READ_ATTRIBUTES),
                )
            )
        return tuple(inputs)

    @callback
    def _on_change(self, event: Event[Any]) -> None:
        """A source entity changed: estimate again, unless nothing the estimate reads did."""
        inputs = self._inputs()
        if inputs == self._last_inputs:
            return
        self._last_inputs = inputs
        self._notify()

    @callback
    def _on_tick(self, now: Any) -> None:
        self._notify()

    @callback
    def _notify(self) -> None:
        if self.measures:
            self._measure()
        for update in list(self._listeners):
            update()
