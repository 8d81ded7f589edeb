"""Samples what a unit does and keeps its estimated energy and cost totals.

The unit is a head of ours (sampled after every poll) or a companion's source entities.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .companion import Building
from .const import CONF_PRICE_ENTITY, CONF_PRICE_PER_KWH, DOMAIN, LOGGER
from .coordinator import MiniSplitAdapterCoordinator, MiniSplitStateCoordinator
from .costcore import HeatPump, Mode, break_even_outdoor_c
from .heads import DailyEnergy, HourlyEnergy, OperationMode
from .running_cost import (
    Calibration,
    CostMeter,
    CostSettings,
    HeatSource,
    Limits,
    Operation,
    Price,
    PriceProblem,
    Reading,
    checked_price,
    estimate_now,
    price_from_state,
    typical_heating_cop,
)
from .runtime import MiniSplitConfigEntry

STORAGE_VERSION = 1
SAVE_DELAY_SECONDS = 60
# Daily totals are compared with the estimate only between these hours, when the head's date is
# Home Assistant's whatever its clock offset (up to 3 hours either way).
SAFE_DAY_START = 3
SAFE_DAY_END = 21
COMPRESSOR_MODES = {
    OperationMode.HEAT: Mode.HEAT,
    OperationMode.COOL: Mode.COOL,
    OperationMode.DRY: Mode.COOL,
}
PRICE_PROBLEMS = {
    PriceProblem.UNAVAILABLE: "is unavailable",
    PriceProblem.NOT_A_NUMBER: "is not a number",
    PriceProblem.NEGATIVE: "is negative, which no gas tariff is",
    PriceProblem.TOO_HIGH: "is above %s per kWh, which no tariff is",
    PriceProblem.TOO_LOW: "is below -%s per kWh, which no tariff is",
    PriceProblem.UNKNOWN_UNIT: "is not per unit of energy (kWh, MWh, Wh...)",
}


class CostSource(Protocol):
    """Where the running cost learns what the unit does, and when that changed."""

    # Outdoor design temperature of the building model for a unit that reports no compressor
    # speed (degC); None: the unit reports it, no model.
    design_outdoor_c: float | None
    # True when its updates come in a loop callback of their own (state change events), so the
    # sensors can write at once; else they write in the next callback (see _notify_soon).
    own_callback: bool

    @property
    def available(self) -> bool:
        """Whether the unit's state is known now (else nothing is counted)."""

    def operation(self) -> Operation:
        """What the unit does now."""

    def room_c(self) -> float | None:
        """The room temperature, if known."""

    def async_add_listener(self, update_callback: CALLBACK_TYPE) -> Callable[[], None]:
        """Call update_callback when the unit's state may have changed."""

    def measured_days(self, now: datetime) -> Sequence[tuple[date, Sequence[float | None]]]:
        """Measured kWh per hour of today and yesterday from the unit's own sensors, if any."""


class HeadCostSource:
    """A head of ours: its state coordinator's data after every poll and command."""

    design_outdoor_c: float | None = None
    own_callback = False

    def __init__(self, coordinator: MiniSplitStateCoordinator) -> None:
        """Follow the head's state coordinator."""
        self.coordinator = coordinator
        self._outdoor_c: float | None = None

    @property
    def available(self) -> bool:
        """While the head answers its polls."""
        return self.coordinator.last_update_success

    def room_c(self) -> float | None:
        """The head's room temperature."""
        return self.coordinator.data.room_temperature

    def async_add_listener(self, update_callback: CALLBACK_TYPE) -> Callable[[], None]:
        """After every poll and command."""
        return self.coordinator.async_add_listener(update_callback)

    def measured_days(self, now: datetime) -> Sequence[tuple[date, Sequence[float | None]]]:
        """None here: a head's measured energy comes from its adapter's hourly counters."""
        return ()

    def operation(self) -> Operation:
        """What the head does now, from the coordinator's data."""
        state = self.coordinator.data
        if state.outdoor_temperature is not None:
            self._outdoor_c = state.outdoor_temperature  # heads report `-` now and then
        mode = COMPRESSOR_MODES.get(state.mode)
        if state.mode is OperationMode.AUTO:
            room, target = state.room_temperature, state.target_temperature
            mode = (
                Mode.COOL
                if room is not None and target is not None and room > target
                else Mode.HEAT
            )
        return Operation(
            running=state.power,
            mode=mode,
            outdoor_c=self._outdoor_c,
            indoor_c=state.room_temperature,
            compressor_hz=state.compressor_frequency,
        )


class CostTracker(DataUpdateCoordinator[None]):
    """The running-cost state of one head: now, and totals kept across restarts.

    A push-only coordinator: it samples after every poll of the head (and every price change) and
    then tells its sensors, which read the numbers from it. The options reach it from the entry's
    update listener (async_set_options) and apply from the next sample.
    """

    config_entry: MiniSplitConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: MiniSplitConfigEntry,
        source: CostSource,
        adapter: MiniSplitAdapterCoordinator | None = None,
    ) -> None:
        """Start with empty totals; async_load brings the stored ones."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} cost {entry.title}",
            update_interval=None,
        )
        self.source = source
        self.adapter = adapter  # a head's measured energy, for the calibration
        self.meter = CostMeter()
        self.calibration = Calibration()
        self.reading: Reading | None = None
        self.price_per_kwh: float | None = None
        self.gas_heat_price_per_kwh: float | None = None
        self.break_even_outdoor_c: float | None = None
        self._options: dict[str, Any] | None = None
        self._settings = CostSettings()
        self._heat_pump: HeatPump = self._settings.heat_pump()
        self._building: Building | None = None
        # The last estimate and what it was computed from; how many were computed (benchmark).
        self._estimated: tuple[tuple[Any, ...], Reading | None] | None = None
        self.estimates = 0
        # The last break-even temperature and what it was searched from; searches (benchmark).
        self._break_even: tuple[tuple[Any, ...], float | None] | None = None
        self.break_even_searches = 0
        self.samples = 0  # how many times it sampled (benchmark: per poll figures)
        self._outdoor_c: float | None = None
        self._store = self._storage(hass, entry)
        # When the delayed save asked for last will run (the event loop's clock), if pending.
        self._save_due: float | None = None
        self._unsubscribe: list[CALLBACK_TYPE] = []
        self._started = False
        self._price_entity: str | None = None
        self._notify_handle: asyncio.Handle | None = None
        self._unsubscribe_price: CALLBACK_TYPE | None = None
        self._problems: dict[str, str] = {}  # what is wrong now, each logged once
        self._failing_listeners: set[CALLBACK_TYPE] = set()
        self.async_set_options(entry.options)

    @staticmethod
    def _storage(hass: HomeAssistant, entry: MiniSplitConfigEntry) -> Store[dict[str, Any]]:
        return Store(hass, STORAGE_VERSION, f"{DOMAIN}.cost.{entry.entry_id}")

    @classmethod
    async def async_remove_storage(cls, hass: HomeAssistant, entry: MiniSplitConfigEntry) -> None:
        """Delete the stored totals of a removed entry."""
        await cls._storage(hass, entry).async_remove()

    @property
    def settings(self) -> CostSettings:
        """The current options, parsed."""
        return self._settings

    @property
    def problems(self) -> Mapping[str, str]:
        """What is wrong now (a price, the estimate, sampling...), by topic."""
        return self._problems

    @property
    def options(self) -> Mapping[str, Any]:
        """The entry's options the tracker works with."""
        return self._options or {}

    @callback
    def async_set_options(self, options: Mapping[str, Any]) -> None:
        """Take the entry's options: at setup, and from its update listener when they change.

        The ratings apply from the next sample; a new price sensor is followed at once.
        """
        if (new := dict(options)) == self._options:
            return
        self._options = new
        try:
            self._settings = CostSettings.from_options(new)
            self._heat_pump = self._settings.heat_pump()
        except ValueError as err:
            LOGGER.warning("Ignoring invalid cost options for %s: %s", self.config_entry.title, err)
            self._settings = CostSettings()
            self._heat_pump = self._settings.heat_pump()
        self._building = None  # rebuilt from the new ratings when needed
        if self._started:
            self._follow_price_entity()

    async def async_load(self) -> None:
        """Restore the totals, each on its own: an unreadable one starts from 0."""
        if (stored := await self._store.async_load()) is None:
            return
        stored_meter = stored.get("meter") if isinstance(stored, dict) else None
        self.meter, dropped = CostMeter.restore(stored_meter)
        if dropped:
            LOGGER.warning(
                "Could not restore the cost totals %s of %s (stored: %s); they start from 0",
                ", ".join(dropped),
                self.config_entry.title,
                ", ".join(f"{name}={value!r}" for name, value in dropped.items()),
            )
        stored_calibration = stored.get("calibration") if isinstance(stored, dict) else None
        self.calibration, unreadable = Calibration.restore(stored_calibration)
        if unreadable:
            LOGGER.info(
                "Could not restore the calibration's %s of %s; those start again",
                ", ".join(unreadable),
                self.config_entry.title,
            )

    @callback
    def async_start(self) -> None:
        """Follow the unit (a head's polls, a companion's sources) and the price entity."""
        self._started = True
        self._follow_price_entity()
        self._unsubscribe.append(self.source.async_add_listener(self._on_head_update))
        if self.adapter is not None:
            self._unsubscribe.append(self.adapter.async_add_listener(self._on_measured_energy))
        self._on_head_update()
        self._on_measured_energy()

    @callback
    def _follow_price_entity(self) -> None:
        """Listen to the price entity the options name now (they can change at run time)."""
        price_entity = self.options.get(CONF_PRICE_ENTITY) or None
        if price_entity == self._price_entity:
            return
        if self._unsubscribe_price is not None:
            self._unsubscribe_price()
            self._unsubscribe_price = None
        self._price_entity = price_entity
        if price_entity is not None:
            self._unsubscribe_price = async_track_state_change_event(
                self.hass, price_entity, self._on_price_change
            )

    async def async_stop(self) -> None:
        """Stop following and save the totals now."""
        self._started = False
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        if self._unsubscribe_price is not None:
            self._unsubscribe_price()
            self._unsubscribe_price = None
        if self._notify_handle is not None:
            self._notify_handle.cancel()
            self._notify_handle = None
        await self._store.async_save(self._stored())

    @callback
    def async_add_listener(
        self, update_callback: CALLBACK_TYPE, context: Any = None
    ) -> Callable[[], None]:
        """Call update_callback whenever the numbers change.

        A sensor that fails to write is logged once and does not stop the others.
        """

        @callback
        def isolated() -> None:
            try:
                update_callback()
            except Exception:
                if update_callback not in self._failing_listeners:
                    self._failing_listeners.add(update_callback)
                    LOGGER.exception(
                        "A running-cost sensor of %s failed to update", self.config_entry.title
                    )
            else:
                self._failing_listeners.discard(update_callback)

        return super().async_add_listener(isolated, context)

    async def _async_update_data(self) -> None:
        """Push-only: a refresh asked for by hand shows the numbers as they are."""

    @callback
    def _notify_soon(self) -> None:
        """Let the sensors write their states in a loop callback of their own.

        A poll already writes the head's live entities in the coordinator's callback; writing the
        cost sensors there too made that one callback the longest on the loop.
        """
        if self.source.own_callback:
            self._notify()
        elif self._notify_handle is None:
            self._notify_handle = self.hass.loop.call_soon(self._notify)

    @callback
    def _notify(self) -> None:
        """Push the new numbers to the sensors."""
        self._notify_handle = None
        self.async_set_updated_data(None)

    def _problem(self, topic: str, problem: str | None, level: int, message: str) -> None:
        """Log a problem once when it starts or changes, and once when it is over."""
        if problem == self._problems.get(topic):
            return
        if problem is None:
            del self._problems[topic]
            LOGGER.info("%s: the %s is usable again", self.config_entry.title, topic)
            return
        self._problems[topic] = problem
        LOGGER.log(level, "%s: %s", self.config_entry.title, message)

    @callback
    def _save_soon(self) -> None:
        """Save within SAVE_DELAY_SECONDS of the first change since the last save.

        Home Assistant's delayed save starts its delay again at every call: called at every
        sample (each poll, or a companion's 2-minute tick), it never came, and a crash lost
        every total since start-up. A save already due is left to come.
        """
        now = self.hass.loop.time()
        if self._save_due is not None and now < self._save_due:
            return
        self._save_due = now + SAVE_DELAY_SECONDS
        self._store.async_delay_save(self._stored, SAVE_DELAY_SECONDS)

    def _stored(self) -> dict[str, Any]:
        return {"meter": self.meter.as_dict(), "calibration": self.calibration.as_dict()}

    def _current_price(self, limits: Limits) -> float | None:
        """Electricity price per kWh (the price entity's state, or the fixed price), if usable.

        A price that is not a finite number within the bound (either way: spot prices can be
        negative), or not per unit of energy, is no price: nothing is charged until it is usable
        again. Logged once.
        """
        bound = limits.max_price_per_kwh
        if price_entity := self.options.get(CONF_PRICE_ENTITY):
            source = f"electricity price from {price_entity}"
            if (state := self.hass.states.get(price_entity)) is None:
                price = Price(None, PriceProblem.UNAVAILABLE)
            else:
                unit = state.attributes.get("unit_of_measurement")
                price = price_from_state(state.state, None if unit is None else str(unit), bound)
                source += f" ({state.state!r} {unit or ''})".replace(" )", ")")
        elif (fixed := self.options.get(CONF_PRICE_PER_KWH)) is not None:
            source = f"fixed electricity price {fixed!r}"
            price = checked_price(fixed, bound)
        else:
            return None
        self._report_price("electricity price", source, price, bound)
        return price.per_kwh

    def _current_gas_price(self, settings: CostSettings, limits: Limits) -> float | None:
        """Gas price per kWh of heat from the options, if set and usable (logged once if not)."""
        try:
            value = settings.gas_heat_price_per_kwh
        except (ArithmeticError, ValueError):
            value = float("nan")
        if value is None:
            return None
        bound = limits.max_gas_heat_price_per_kwh
        price = checked_price(value, bound, gas=True)
        self._report_price("gas price", f"gas price per kWh of heat {value!r}", price, bound)
        return price.per_kwh

    def _report_price(self, topic: str, source: str, price: Price, bound: float) -> None:
        problem = price.problem
        text = "" if problem is None else PRICE_PROBLEMS[problem].replace("%s", f"{bound:g}")
        level = logging.INFO if problem is PriceProblem.UNAVAILABLE else logging.WARNING
        self._problem(topic, problem, level, f"the {source} {text}; nothing is charged meanwhile")

    def _operation(self) -> Operation:
        """What the unit does now; the building's load when it reports no compressor speed."""
        operation = self.source.operation()
        self._outdoor_c = operation.outdoor_c
        design = self.source.design_outdoor_c
        if (
            design is None
            or operation.compressor_hz is not None
            or not operation.running
            or operation.mode is None
            or operation.outdoor_c is None
            or operation.indoor_c is None
        ):
            return operation
        if self._building is None:
            self._building = Building.from_design_point(self._heat_pump, design_outdoor_c=design)
        load = self._building.load_w(operation.mode, operation.outdoor_c, operation.indoor_c)
        return replace(operation, load_w=load)

    def _estimate(self, settings: CostSettings, limits: Limits) -> Reading | None:
        """The estimate now; None (a gap, logged once) when it fails or is impossible."""
        operation = self._operation()
        key = (self._heat_pump, operation, settings, self.calibration.load_scale)
        cached = self._estimated
        if cached is not None and cached[0][0] is key[0] and cached[0][1:] == key[1:]:
            # Nothing it depends on changed (a companion's tick, a poll with the same readings):
            # the same estimate, without computing it again.
            reading = cached[1]
        else:
            try:
                reading = estimate_now(
                    self._heat_pump, settings, operation, self.calibration.load_scale
                )
            except (ArithmeticError, ValueError) as err:
                self._estimated = None
                self._problem(
                    "estimate", "failed", logging.WARNING, f"no estimate for {operation}: {err}"
                )
                return None
            self._estimated = (key, reading)
            self.estimates += 1
        if reading is not None and not limits.plausible(reading):
            self._estimated = None  # computed again next time: an impossible one is no answer
            self._problem(
                "estimate",
                "implausible",
                logging.WARNING,
                f"the estimate {reading} is beyond what the head can draw ({limits.max_input_w:.0f}"
                " W) or move; not counted",
            )
            return None
        self._problem("estimate", None, logging.INFO, "")
        return reading

    def _sample(self) -> None:
        self.samples += 1
        settings = self.settings
        limits = self.meter.limits = Limits.for_head(self._heat_pump, self.hass.config.currency)
        self.price_per_kwh = self._current_price(limits)
        self.gas_heat_price_per_kwh = self._current_gas_price(settings, limits)
        self.reading = self._estimate(settings, limits)
        counted = self.meter.sample(
            dt_util.now(), self.reading, self.price_per_kwh, self.gas_heat_price_per_kwh
        )
        if counted is not None:
            self.calibration.add_estimate(counted)
        try:
            self.break_even_outdoor_c = self._break_even_outdoor_c()
        except (ArithmeticError, ValueError):
            self.break_even_outdoor_c = None
        self._save_soon()
        self._notify_soon()

    @callback
    def _on_head_update(self) -> None:
        """A poll or a command: sample, or mark a gap if the head did not answer.

        This runs among the coordinator's listeners: a failure here must not keep the head's
        other entities from updating, so it is a gap, logged once.
        """
        if self.source.available:
            try:
                self._sample()
            except Exception:
                if "sampling" not in self._problems:
                    LOGGER.exception(
                        "%s: sampling the running cost failed", self.config_entry.title
                    )
                self._problems["sampling"] = "failed"
            else:
                self._problem("sampling", None, logging.INFO, "")
                self._calibrate_from_source()
                return
        self.meter.gap()
        self.reading = None
        self._notify_soon()

    @callback
    def _on_measured_energy(self) -> None:
        """The head published its hourly energy: compare it with the estimate (never raises)."""
        if self.adapter is None or not self.adapter.last_update_success:
            return
        if (energy := self.adapter.data.energy) is None:
            return
        try:
            if isinstance(energy, HourlyEnergy):
                self._calibrate(energy)
            else:
                self._calibrate_daily(energy)
        except Exception:
            if "calibration" not in self._problems:
                LOGGER.exception("%s: calibrating the estimate failed", self.config_entry.title)
            self._problems["calibration"] = "failed"
        else:
            self._problem("calibration", None, logging.INFO, "")

    def _calibrate(self, energy: HourlyEnergy) -> None:
        """Feed the head's measured hours of today and yesterday to the calibration."""
        now = dt_util.now()
        days = (
            (now.date(), energy.today_heat, energy.today_cool),
            (now.date() - timedelta(days=1), energy.yesterday_heat, energy.yesterday_cool),
        )
        self._observe(
            now,
            [
                (
                    day,
                    [
                        None if h is None or c is None else h + c
                        for h, c in zip(heat, cool, strict=False)
                    ],
                )
                for day, heat, cool in days
            ],
        )

    def _calibrate_daily(self, energy: DailyEnergy) -> None:
        """Feed the head's completed days (its today is last) to the calibration.

        The head's day is Home Assistant's give or take its clock offset (up to 3 hours): a
        completed day is labelled only between 03:00 and 21:00, when both clocks agree on the date.
        """
        now = dt_util.now()
        if not SAFE_DAY_START <= now.hour < SAFE_DAY_END:
            return
        max_day_kwh = self.meter.limits.max_input_w / 1000.0 * 24
        moved = False
        for back, measured in enumerate(reversed(energy.days[:-1]), start=1):
            day = now.date() - timedelta(days=back)
            moved = self.calibration.observe_day(day, measured, now, max_day_kwh) or moved
        self._calibration_moved(moved)

    def _calibrate_from_source(self) -> None:
        """Feed the hours a companion's power or energy sensor measured (never raises)."""
        now = dt_util.now()
        try:
            if days := self.source.measured_days(now):
                self._observe(now, days)
        except Exception:
            if "calibration" not in self._problems:
                LOGGER.exception("%s: calibrating the estimate failed", self.config_entry.title)
            self._problems["calibration"] = "failed"

    def _observe(self, now: datetime, days: Sequence[tuple[date, Sequence[float | None]]]) -> None:
        """Compare measured hours with the estimate; save and show a new scale."""
        moved = False
        max_hour_kwh = self.meter.limits.max_input_w / 1000.0
        for day, measured in days:
            moved = self.calibration.observe(day, measured, now, max_hour_kwh) or moved
        self._calibration_moved(moved)

    def _calibration_moved(self, moved: bool) -> None:
        """Save and show a new scale."""
        if moved:
            LOGGER.debug(
                "%s: estimate load scale now %.3f",
                self.config_entry.title,
                self.calibration.load_scale,
            )
            self._save_soon()
            self._notify_soon()

    @callback
    def _on_price_change(self, event: Event[EventStateChangedData]) -> None:
        """A new price applies from this moment: close the interval at the old price."""
        if self.source.available:
            self._sample()

    def _load_w(self) -> float:
        """The heating load to compare at: what the head delivers now, else half its rating."""
        if self.reading is not None and self.reading.mode is Mode.HEAT and self.reading.delivered_w:
            return self.reading.delivered_w
        return (self._heat_pump.rated_capacity_w(Mode.HEAT) or 0.0) / 2

    def _indoor_c(self) -> float:
        indoor = self.source.room_c()
        return 20.0 if indoor is None else indoor

    def _break_even_outdoor_c(self) -> float | None:
        """Outdoor temperature below which gas heat is cheaper at the current load.

        The search is the costliest step of a sample; while its inputs stay the same (the same
        ratings, room temperature, load and prices) the last result is reused.
        """
        settings = self.settings
        if self.price_per_kwh is None or self.gas_heat_price_per_kwh is None:
            return None
        heat_pump = self._heat_pump
        inputs = (
            self._indoor_c(),
            self._load_w(),
            self.price_per_kwh,
            settings.afue,
            settings.gas_price_per_therm,
            None if settings.gas_price_per_therm else settings.gas_price_per_kwh,
        )
        cached = self._break_even
        if cached is not None and cached[0][0] is heat_pump and cached[0][1:] == inputs:
            return cached[1]
        self._break_even = None  # a failing search is tried again next time
        self.break_even_searches += 1
        indoor_c, load_w, price, afue, per_therm, per_kwh = inputs
        result = break_even_outdoor_c(
            heat_pump,
            indoor_c,
            load_w,
            price,
            afue,
            gas_price_per_therm=per_therm,
            gas_price_per_kwh=per_kwh,
        )
        self._break_even = ((heat_pump, *inputs), result)
        return result

    @property
    def price_configured(self) -> bool:
        """Whether the user gave an electricity price (a number or a sensor) at all.

        Until then the money totals are unknown rather than a silent 0.00, and a repair asks for
        the price; a configured price sensor that is unavailable for a while keeps its totals.
        """
        options = self.options
        return options.get(CONF_PRICE_PER_KWH) is not None or bool(options.get(CONF_PRICE_ENTITY))

    @property
    def cost_per_hour(self) -> float | None:
        """Running cost now, in Home Assistant's currency per hour."""
        if self.reading is None or self.price_per_kwh is None:
            return None
        return self.reading.input_w / 1000.0 * self.price_per_kwh

    @property
    def cheapest_heat_source(self) -> HeatSource | None:
        """Heat pump or gas, whichever gives a kWh of heat for less right now."""
        gas_price = self.gas_heat_price_per_kwh
        price = self.price_per_kwh
        if gas_price is None or price is None or self._outdoor_c is None:
            return None
        cop = self.reading.cop if self.reading and self.reading.mode is Mode.HEAT else None
        if cop is None:
            cop = typical_heating_cop(self._heat_pump, self._outdoor_c, self._indoor_c())
        return HeatSource.HEAT_PUMP if price / cop <= gas_price else HeatSource.GAS
