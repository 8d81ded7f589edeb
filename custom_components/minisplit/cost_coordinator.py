"""The running cost of one unit: its estimate now and its totals, kept across restarts.

A push-only coordinator: it samples what its source (a head of ours, `sources.py`, or a
companion's entities, `companion.py`) does after every change and every price change, then tells
its sensors, which read the numbers from it. The arithmetic is the pure `cost` folder's; this is
the glue: options, price entity, storage, scheduling, and problems logged once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER
from .cost.base_load import HistoryDay
from .cost.calibration import Calibration
from .cost.estimate import Estimator, HeatSource, Limits, Reading
from .cost.heat_source import (
    DEFAULT_INDOOR_C,
    BreakEven,
    cheapest_heat_source,
    comparison_load_w,
)
from .cost.meter import CostMeter
from .cost.price import (
    Price,
    PriceProblem,
    electricity_price,
    gas_price,
    price_configured,
    price_entity,
    problem_text,
)
from .cost.running import RunningCost
from .cost.settings import CostSettings
from .cost.signature import Signature
from .cost.uncertainty import Signal, best_signal
from .costcore import HeatPump
from .energy.hourly import DEFAULT_MAX_KWH_PER_HOUR
from .errors import ProblemLog, async_set_issue
from .home_history import async_follow_home_history
from .sources import CostSource, PriceSource

STORAGE_VERSION = 1
# A crash loses at most this much of what the store keeps (a stop, a reload or an unload saves
# at once, and so does a total's write: async_total_written). Home Assistant keeps its entities'
# restore states (every `integration` or `utility_meter` total) to the same 15 minutes: saved
# every minute, each head would cost a timer, a serialisation and a file write at every poll.
SAVE_DELAY_SECONDS = 15 * 60


def entry_store(
    hass: HomeAssistant, entry: ConfigEntry[Any], topic: str, version: int
) -> Store[dict[str, Any]]:
    """An entry's own file of one topic (`.storage/minisplit.<topic>.<entry id>`)."""
    return Store(hass, version, f"{DOMAIN}.{topic}.{entry.entry_id}")


class CostCoordinator(DataUpdateCoordinator[None]):
    """The running cost of one unit (a head, or a companion's climate entity).

    The options reach it from the entry's update listener (async_set_options) and apply from the
    next sample.
    """

    config_entry: ConfigEntry[Any]

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any], source: CostSource) -> None:
        """Start with empty totals; async_load brings the stored ones."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} cost {entry.title}",
            update_interval=None,
        )
        self.source = source
        self.running = RunningCost(home_hours=source.home_hours if source.home_metered else None)
        self._meter_doubted = False
        self._frequency_seen = False
        self.price_per_kwh: float | None = None
        self.gas_heat_price_per_kwh: float | None = None
        self.break_even_outdoor_c: float | None = None
        self._options: dict[str, Any] | None = None
        self.estimates = 0  # how many estimates were computed (the benchmark counts them)
        self._break_even = BreakEven()
        self.samples = 0  # how many times it sampled (benchmark: per poll figures)
        self._outdoor_c: float | None = None
        self._store = self._storage(hass, entry)
        # Whether a delayed save was asked for and the store has not taken the totals yet.
        self._save_pending = False
        self._unsubscribe: list[CALLBACK_TYPE] = []
        self._started = False
        self._price_source = PriceSource(hass, self._on_price_change)
        self._notify_handle: asyncio.Handle | None = None
        self._made_limits: tuple[HeatPump, str, Limits] | None = None
        self._problems = ProblemLog()  # what is wrong now, each logged once
        self._failing_listeners = ProblemLog()
        self.async_set_options(entry.options)

    @staticmethod
    def _storage(hass: HomeAssistant, entry: ConfigEntry[Any]) -> Store[dict[str, Any]]:
        return entry_store(hass, entry, "cost", STORAGE_VERSION)

    @classmethod
    async def async_remove_storage(cls, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Delete the stored totals of a removed entry."""
        await cls._storage(hass, entry).async_remove()

    @property
    def settings(self) -> CostSettings:
        """The current options, parsed."""
        return self.running.estimator.settings

    @property
    def problems(self) -> Mapping[str, str]:
        """What is wrong now (a price, the estimate, sampling...), by topic."""
        return self._problems.problems

    @property
    def options(self) -> Mapping[str, Any]:
        """The entry's options the coordinator works with."""
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
            self.running.estimator = Estimator(CostSettings.from_options(new))
        except ValueError as err:
            LOGGER.warning("Ignoring invalid cost options for %s: %s", self.config_entry.title, err)
            self.running.estimator = Estimator(CostSettings())
        self.running.estimator.heat_loss_w_per_k = self.source.heat_loss_w_per_k
        if self._started:
            self._price_source.follow(price_entity(self.options))

    async def async_load(self) -> None:
        """Restore the totals, each on its own: an unreadable one starts from 0."""
        if (stored := await self._store.async_load()) is None:
            return
        for part in self.running.restore(stored):
            LOGGER.log(
                part.level,
                "Could not restore %s of %s%s",
                part.what,
                self.config_entry.title,
                part.then,
            )

    @callback
    def async_start(self) -> None:
        """Follow the unit (a head's polls, a companion's sources) and the price entity."""
        self._started = True
        self._price_source.follow(price_entity(self.options))
        self._unsubscribe.append(self.source.async_add_listener(self._on_head_update))
        self._unsubscribe.append(self.source.async_add_measured_listener(self._on_measured))
        self._on_head_update()
        self._on_measured()
        if self.source.home_metered:
            self._unsubscribe.append(
                async_follow_home_history(
                    self.hass, self.config_entry, self.source.home_statistics, self._on_history
                )
            )

    @callback
    def _on_history(self, days: list[HistoryDay]) -> None:
        """The recorder's past days of the home meter: the base load, from the next sample."""
        self.signature.add_history(days)
        self._save_soon()
        self._notify_soon()

    async def async_stop(self) -> None:
        """Stop following and save the totals now."""
        self._started = False
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self._price_source.stop()
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
        topic = repr(update_callback)  # once: it formats the entity, at every call too dear

        @callback
        def isolated() -> None:
            try:
                update_callback()
            except Exception:
                self._failing_listeners.failed(
                    topic, "A running-cost sensor of %s failed to update", self.config_entry.title
                )
            else:
                self._failing_listeners.clear(topic)

        return super().async_add_listener(isolated, context)

    async def _async_update_data(self) -> None:
        """Push-only: a refresh asked for by hand shows the numbers as they are."""

    @callback
    def _notify_soon(self) -> None:
        """Let the sensors write their states in a loop callback of their own.

        A poll already writes the head's live entities in the coordinator's callback; writing the
        cost sensors in that callback too would make it the longest on the loop.
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
        title = self.config_entry.title
        if problem is None:
            self._problems.clear(topic, "%s: the %s is usable again", title, topic)
        else:
            self._problems.report(topic, problem, "%s: %s", title, message, level=level)

    @callback
    def _save_soon(self) -> None:
        """Save within SAVE_DELAY_SECONDS of the first change since the last save.

        Home Assistant's delayed save starts its delay again at every call: asked for at every
        sample (each poll, or a companion's 2-minute tick), it would never come, and a crash would
        lose every total since start-up. So it is asked for only when none is pending: until the
        store takes the totals to write them (`_stored`), the save asked for is left to come.
        """
        if self._save_pending:
            return
        self._save_pending = True
        self._store.async_delay_save(self._stored, SAVE_DELAY_SECONDS)

    @callback
    def async_total_written(self) -> None:
        """A total's sensor wrote its state: save the totals now, not within the delay.

        After a crash the totals come back from the store. Saved with each total's write, they
        never come back below a state the recorder holds: a `total_increasing` that fell would
        chart a negative hour and make Home Assistant log it as not strictly increasing. The
        totals write a few times an hour (cost sensors' rules in entity.py), so this adds a few
        saves an hour; the sensors writing in one sample share one save.
        """
        self._save_pending = True
        self._store.async_delay_save(self._stored, 0)

    def _stored(self) -> dict[str, Any]:
        """The totals as stored; the store takes them when it writes, so no save is pending."""
        self._save_pending = False
        return self.running.as_dict()

    def _price(self, topic: str, found: tuple[Price, str] | None, bound: float) -> float | None:
        """The price per kWh if usable; its problem (or its end) logged once.

        A price that is not a finite number within the bound (either way for electricity: spot
        prices can be negative), or not per unit of energy, is no price: nothing is charged until
        it is usable again.
        """
        if found is None:
            return None
        price, source = found
        problem = price.problem
        level = logging.INFO if problem is PriceProblem.UNAVAILABLE else logging.WARNING
        text = "" if problem is None else problem_text(source, problem, bound)
        self._problem(topic, problem, level, text)
        return price.per_kwh

    @property
    def heat_pump(self) -> HeatPump:
        """The cost core's model of the unit, from the current options."""
        return self.running.estimator.heat_pump

    @property
    def max_kwh_per_hour(self) -> float:
        """The most the unit can draw in an hour: the bound of the estimate from its ratings."""
        try:
            return Limits.for_head(self.heat_pump).max_input_w / 1000
        except Exception:  # a bad rating must not stop the energy count
            return DEFAULT_MAX_KWH_PER_HOUR

    def _limits(self) -> Limits:
        """A sample's limits (in Home Assistant's currency), made again when either changes.

        They follow only the options (a new heat pump) and the currency: the same at nearly
        every sample.
        """
        heat_pump, currency = self.heat_pump, self.hass.config.currency
        made = self._made_limits
        if made is None or made[0] is not heat_pump or made[1] != currency:
            made = self._made_limits = (heat_pump, currency, Limits.for_head(heat_pump, currency))
        return made[2]

    @property
    def break_even_searches(self) -> int:
        """How many break-even searches ran (the benchmark counts them)."""
        return self._break_even.searches

    def _sample(self) -> None:
        self.samples += 1
        settings = self.settings
        limits = self._limits()
        bound = limits.max_price_per_kwh
        found = electricity_price(self.options, self._price_source.state, bound)
        self.price_per_kwh = self._price("electricity price", found, bound)
        bound = limits.max_gas_heat_price_per_kwh
        found = gas_price(settings, bound)
        self.gas_heat_price_per_kwh = self._price("gas price", found, bound)
        operation = self.source.operation()
        self._outdoor_c = operation.outdoor_c
        self._frequency_seen = operation.compressor_hz is not None
        computed = self.running.estimator.estimates
        try:
            self.running.sample(
                dt_util.now(),
                operation,
                design_outdoor_c=self.source.design_outdoor_c,
                limits=limits,
                measured=self.source.measured_input(),
                price_per_kwh=self.price_per_kwh,
                gas_heat_price_per_kwh=self.gas_heat_price_per_kwh,
            )
        finally:
            self.estimates += self.running.estimator.estimates - computed
        estimate = self.running.estimate
        self._problem("estimate", estimate.problem, logging.WARNING, estimate.text)
        self._raise_meter_check()
        self.break_even_outdoor_c = self._break_even.outdoor_c(
            self.heat_pump,
            settings,
            self._indoor_c(),
            comparison_load_w(self.heat_pump, self.running.heat_load_w),
            self.price_per_kwh,
            self.gas_heat_price_per_kwh,
        )
        self._save_soon()
        self._notify_soon()

    def _raise_meter_check(self) -> None:
        """A repair while the unit's own sensor is not believed (cost/plausibility.py)."""
        check = self.running.check
        if check.implausible != self._meter_doubted:
            self._meter_doubted = check.implausible
            async_set_issue(
                self.hass,
                f"unit_meter_implausible_{self.config_entry.entry_id}",
                check.implausible,
                "unit_meter_implausible",
                {"title": self.config_entry.title, "cop": f"{check.implied_cop or 0:.2f}"},
            )

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
                self._problems.failed(
                    "sampling", "%s: sampling the running cost failed", self.config_entry.title
                )
            else:
                self._problem("sampling", None, logging.INFO, "")
                return
        self.running.gap()
        self._notify_soon()

    @callback
    def _on_measured(self) -> None:
        """The unit's meter has news: compare it with the estimate (never raises)."""
        now = dt_util.now()
        try:
            moved = self.running.observe_measured(
                self.source.measured(now), now, self.meter.limits.max_input_w / 1000.0
            )
        except Exception:
            self._problems.failed(
                "calibration", "%s: calibrating the estimate failed", self.config_entry.title
            )
        else:
            self._problem("calibration", None, logging.INFO, "")
            if moved:  # save and show the new scale
                LOGGER.debug(
                    "%s: estimate load scale now %.3f",
                    self.config_entry.title,
                    self.load_scale,
                )
                self._save_soon()
                self._notify_soon()

    @callback
    def _on_price_change(self, event: Event[EventStateChangedData]) -> None:
        """A new price applies from this moment: close the interval at the old price."""
        if self.source.available:
            self._sample()

    @property
    def load_scale(self) -> float:
        """The building model's correction in force (see RunningCost.load_scale)."""
        return self.running.load_scale

    @property
    def signal(self) -> Signal:
        """The best signal the estimate rests on now (cost/uncertainty.py)."""
        return best_signal(
            unit_meter=self.source.measures and not self.running.check.implausible,
            home_meter_learned=self.signature.learned,
            frequency=self._frequency_seen,
            cycles_shown=self.running.cycles_shown,
        )

    @property
    def meter(self) -> CostMeter:
        """The totals."""
        return self.running.meter

    @property
    def calibration(self) -> Calibration:
        """The calibration against the unit's own meter."""
        return self.running.calibration

    @property
    def signature(self) -> Signature:
        """The energy signature learned from the home's meter."""
        return self.running.signature

    @property
    def reading(self) -> Reading | None:
        """What the unit draws and moves now (None: unknown)."""
        return self.running.reading

    def _indoor_c(self) -> float:
        indoor = self.source.room_c()
        return DEFAULT_INDOOR_C if indoor is None else indoor

    @property
    def price_configured(self) -> bool:
        """Whether the user gave an electricity price (a number or a sensor) at all.

        Until then the money totals are unknown rather than a silent 0.00, and a repair asks for
        the price; a configured price sensor that is unavailable for a while keeps its totals.
        """
        return price_configured(self.options)

    @property
    def cost_per_hour(self) -> float | None:
        """Running cost now, in Home Assistant's currency per hour."""
        if self.reading is None or self.price_per_kwh is None:
            return None
        return self.reading.input_w / 1000.0 * self.price_per_kwh

    @property
    def cheapest_heat_source(self) -> HeatSource | None:
        """Heat pump or gas, whichever gives a kWh of heat for less right now."""
        return cheapest_heat_source(
            self.heat_pump,
            comparison_load_w(self.heat_pump, self.running.heat_load_w),
            self.price_per_kwh,
            self.gas_heat_price_per_kwh,
            self._outdoor_c,
            self._indoor_c(),
        )
