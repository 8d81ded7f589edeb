"""A companion's source: another integration's climate entity and the sensors the user chose.

Read from Home Assistant's states only (on every change of a source entity, and on a short tick
that closes the running interval, COMPANION_TICK, so energy lands in the hour it was used). Its
entities are kept by their entity registry id, so a renamed entity is still followed. Its states
are read in SI units by `states.py`. It is a `sources.CostSource`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from homeassistant.components.energy.data import async_get_manager
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import (
    async_track_state_change_event,
    async_track_time_interval,
)
from homeassistant.util import dt as dt_util

from .const import (
    COMPANION_TICK,
    CONF_CLIMATE_ENTITY,
    CONF_DESIGN_OUTDOOR_C,
    CONF_ENERGY_ENTITY,
    CONF_FREQUENCY_ENTITY,
    CONF_HEAT_LOSS_W_PER_K,
    CONF_HOME_ENERGY_ENTITY,
    CONF_OUTDOOR_ENTITY,
    CONF_POWER_ENTITY,
)
from .cost.activity import (
    ActionTrust,
    Activity,
    Basis,
    compressor_shown,
    thermostat_mode,
    unit_activity,
)
from .cost.building import DEFAULT_DESIGN_OUTDOOR_C
from .cost.calibration import Measured
from .cost.estimate import Operation
from .cost.meter import MeasuredInput
from .energy.meter import HourlyMeter
from .states import climate_view, energy_kwh, frequency_hz, is_available, outdoor_c, power_w

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


async def async_home_meter(hass: HomeAssistant) -> str | None:
    """The Energy dashboard's grid consumption sensor, when it is the home's whole use.

    Only a single grid import meter that is an entity, in a home without solar or a battery (whose
    energy the grid meter does not see); else None: the user may choose a meter instead.
    """
    if "energy" not in hass.config.components:
        return None
    prefs = (await async_get_manager(hass)).data or {}
    sources: list[Any] = list(prefs.get("energy_sources", []))
    if any(source.get("type") in ("solar", "battery") for source in sources):
        return None
    meters: list[str] = []
    for source in sources:
        if source.get("type") != "grid":
            continue
        if source.get("stat_energy_from"):  # 2026.11: one import meter per grid connection
            meters.append(source["stat_energy_from"])
        meters.extend(flow["stat_energy_from"] for flow in source.get("flow_from", ()))
    if len(meters) != 1 or not meters[0].startswith("sensor."):
        return None
    return meters[0]


def registry_id(hass: HomeAssistant, entity_id: str) -> str:
    """What a companion stores for an entity: its registry id when it has one, else its id."""
    entry = er.async_get(hass).async_get(entity_id)
    return entry.id if entry is not None else entity_id


class CompanionSource:
    """What the unit behind another integration's climate entity does now."""

    # State change events and ticks each run in a loop callback of their own.
    own_callback = True

    def __init__(
        self, hass: HomeAssistant, data: Mapping[str, Any], home_meter: str | None = None
    ) -> None:
        """Take the source entities of a companion entry, and the home's meter (if any)."""
        self.hass = hass
        self.stored = {role: data.get(role) for role in ROLES}
        # The whole-house meter: the one the user chose, else the Energy dashboard's grid import.
        self.home_entity: str | None = data.get(CONF_HOME_ENERGY_ENTITY) or home_meter
        self.home_meter = HourlyMeter()
        heat_loss = data.get(CONF_HEAT_LOSS_W_PER_K)
        self.heat_loss_w_per_k: float | None = (
            float(heat_loss) if isinstance(heat_loss, int | float) and heat_loss > 0 else None
        )
        design = data.get(CONF_DESIGN_OUTDOOR_C)
        self.design_outdoor_c: float | None = (
            float(design) if isinstance(design, (int, float)) else DEFAULT_DESIGN_OUTDOOR_C
        )
        self.activity: Activity = Activity(False, None, Basis.UNKNOWN)
        self.action_trust = ActionTrust()
        self._outdoor_c: float | None = None
        # Measured energy per hour from the unit's energy (preferred) or power sensor.
        self.measures = bool(data.get(CONF_ENERGY_ENTITY) or data.get(CONF_POWER_ENTITY))
        self.meter = HourlyMeter()
        self._last_inputs: tuple[Any, ...] | None = None
        self._listeners: list[CALLBACK_TYPE] = []
        self._measured_listeners: list[CALLBACK_TYPE] = []
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
        frequency = None
        if self.stored.get(CONF_FREQUENCY_ENTITY):
            frequency = frequency_hz(self._state(CONF_FREQUENCY_ENTITY))
        self.action_trust.observe(dt_util.now(), view)
        platform = self._platform()
        self.activity = unit_activity(
            view,
            power_w=power,
            frequency_hz=frequency,
            source_platform=platform,
            action_copies_mode=self.action_trust.copies_mode,
        )
        return Operation(
            running=self.activity.running,
            mode=self.activity.mode,
            outdoor_c=self._outdoor_c,
            indoor_c=view.room_c,
            compressor_hz=frequency,
            idle_mode=thermostat_mode(view),
            target_c=view.target_c,
            compressor_shown=compressor_shown(view, self.action_trust, platform),
        )

    def measured(self, now: datetime) -> Measured:
        """Today's and yesterday's measured kWh per hour (empty without a measuring sensor)."""
        if not self.measures:
            return Measured()
        today = now.date()
        return Measured(
            hours=[
                (day, self.meter.day(day, now.tzinfo)) for day in (today, today - timedelta(days=1))
            ]
        )

    def measured_input(self) -> MeasuredInput | None:
        """The unit's energy total (preferred) or power now, from its sensor."""
        if self.stored.get(CONF_ENERGY_ENTITY):
            return MeasuredInput(total_kwh=energy_kwh(self._state(CONF_ENERGY_ENTITY)))
        if self.stored.get(CONF_POWER_ENTITY):
            return MeasuredInput(power_w=power_w(self._state(CONF_POWER_ENTITY)))
        return None

    @property
    def home_metered(self) -> bool:
        """A home meter and no meter of the unit's own (which is better)."""
        return self.home_entity is not None and not self.measures

    def home_hours(self, day: date) -> list[float | None]:
        """The home meter's kWh per hour of a local day (None where unmeasured)."""
        return self.home_meter.day(day, dt_util.get_default_time_zone())

    def home_statistics(self) -> tuple[str, str | None]:
        """The home meter's entity id, and the outdoor sensor's (a weather entity has none).

        A sensor's long-term statistics are kept under its entity id.
        """
        home = resolve(self.hass, self.home_entity) or self.home_entity or ""
        outdoor = self.entity_id(CONF_OUTDOOR_ENTITY)
        return home, outdoor if outdoor is not None and outdoor.startswith("sensor.") else None

    @callback
    def _on_home_meter(self, event: Event[EventStateChangedData]) -> None:
        """The home meter's total changed: book it (it does not change the estimate)."""
        self.home_meter.add_total(dt_util.now(), energy_kwh(event.data["new_state"]))

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

    @callback
    def async_add_measured_listener(self, update_callback: CALLBACK_TYPE) -> Callable[[], None]:
        """Call update_callback after the others, while the unit is available and measured."""
        self._measured_listeners.append(update_callback)
        return lambda: self._measured_listeners.remove(update_callback)

    def _subscribe(self) -> None:
        self._last_inputs = self._inputs()  # what the first estimate (at start) reads
        if self.home_metered:
            home = resolve(self.hass, self.home_entity) or self.home_entity
            self.home_meter.add_total(dt_util.now(), energy_kwh(self.hass.states.get(home)))
            self._unsubscribe.append(
                async_track_state_change_event(self.hass, home, self._on_home_meter)
            )
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
        if self.measures and self.available:
            for update in list(self._measured_listeners):
                update()
