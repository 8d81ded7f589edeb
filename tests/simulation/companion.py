"""The companion replayed outside Home Assistant: the integration's own pure modules, called as
`cost_coordinator.CostCoordinator` and `sources.CompanionSource` call them.

At start the coordinator samples once and compares measured hours; then, on every change of
what the estimate reads from its source entities and every COMPANION_TICK, the source feeds its
measuring sensor to the hourly meter, judges the climate entity (`ActionTrust`, `unit_activity`,
`Operation`), the coordinator samples (`RunningCost.sample`, its pure arithmetic) and compares the
measured hours (`RunningCost.observe_measured`). A whole-home meter's readings are booked as the
source books them (`HourlyMeter`), without a sample, and the recorder's past days of it
(`history`) are fed to the signature as `home_history.py` feeds them: after the first sample at
set-up, then every HISTORY_INTERVAL after the minute's notifications. A change and a tick at the
same instant sample twice in Home Assistant; the second counts nothing (no time passed) and is
left out here.

The comparison is made at the first notification of each clock hour only: an hour is compared
once it is over, and at the first notification after its end both its estimate (the sample
closes the interval running over its end) and its measurement (the meter spreads the readings
up to now) are complete; the calibration forgets by the hour. Calling it at every notification,
as the coordinator does, gives the same scale and costs most of the replay's time.
`tests/simulation/test_replay.py` holds this against the real companion to the Wh.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from custom_components.minisplit.const import COMPANION_TICK
from custom_components.minisplit.cost.activity import (
    ActionTrust,
    ClimateView,
    compressor_shown,
    thermostat_mode,
    unit_activity,
)
from custom_components.minisplit.cost.base_load import HistoryDay
from custom_components.minisplit.cost.calibration import Calibration, Measured
from custom_components.minisplit.cost.estimate import Estimator, Limits, Operation
from custom_components.minisplit.cost.meter import CostMeter, MeasuredInput
from custom_components.minisplit.cost.readings import compressor_hz
from custom_components.minisplit.cost.running import RunningCost
from custom_components.minisplit.cost.settings import CostSettings
from custom_components.minisplit.energy.meter import HourlyMeter

PRICE_PER_KWH = 0.2
TICK_MINUTES = int(COMPANION_TICK.total_seconds() // 60)
HISTORY_MINUTES = 24 * 60  # home_history.HISTORY_INTERVAL


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the companion's source entities show at one minute (None: not configured/unknown)."""

    hvac_mode: str
    hvac_action: str | None
    room_c: float | None
    target_c: float | None
    outdoor_c: float | None
    hz: float | None = None
    power_w: float | None = None
    energy_kwh: float | None = None
    home_kwh: float | None = None  # the whole-home meter's total


@dataclass(slots=True)
class CompanionReplay:
    """One companion entry: its options, its source roles, and its running state."""

    options: Mapping[str, Any]
    design_outdoor_c: float
    frequency: bool = False
    power: bool = False
    energy: bool = False
    home: bool = False  # a whole-home meter
    # The recorder's days of the home meter and the outdoor sensor (before and during the run).
    history: Sequence[HistoryDay] = ()
    heat_loss_w_per_k: float | None = None
    platform: str = "other_ac"
    # Compare measured hours at every notification, as the coordinator does (slow; for tests).
    every_notification: bool = False
    running: RunningCost = field(default_factory=RunningCost)
    hourly: HourlyMeter = field(default_factory=HourlyMeter)
    home_meter: HourlyMeter = field(default_factory=HourlyMeter)
    trust: ActionTrust = field(default_factory=ActionTrust)
    samples: int = 0
    _limits: Limits = field(init=False)
    _outdoor_c: float | None = None
    _last: Inputs | None = None
    _started_at: datetime | None = None
    _lost: bool = False
    _zone: Any = None  # the clock's time zone: the home meter's days are local
    _next: int | None = None
    _observed_hour: datetime | None = None

    def __post_init__(self) -> None:
        """The estimator for the options, as the coordinator builds it."""
        try:
            settings = CostSettings.from_options(self.options)
        except ValueError:
            settings = CostSettings()
        self.running.estimator = Estimator(settings)
        self.running.estimator.heat_loss_w_per_k = self.heat_loss_w_per_k
        if self.home and not self.measures:  # as CompanionSource.home_metered
            self.running.home_hours = self._home_hours
        self._limits = Limits.for_head(self.running.estimator.heat_pump, "EUR")

    @property
    def meter(self) -> CostMeter:
        """The totals."""
        return self.running.meter

    @property
    def calibration(self) -> Calibration:
        """The calibration against the unit's meter."""
        return self.running.calibration

    def _home_hours(self, day: Any) -> list[float | None]:
        """As `CompanionSource.home_hours`."""
        return self.home_meter.day(day, self._zone)

    @property
    def measures(self) -> bool:
        """Whether a power or energy sensor of the unit is configured."""
        return self.power or self.energy

    def _read(self, shown: Inputs) -> Inputs:
        """Only the roles the entry has (a sensor it does not follow reads as nothing)."""
        return Inputs(
            shown.hvac_mode,
            shown.hvac_action,
            shown.room_c,
            shown.target_c,
            shown.outdoor_c,
            shown.hz if self.frequency else None,
            shown.power_w if self.power and not self._lost else None,
            shown.energy_kwh if self.energy and not self._lost else None,
            shown.home_kwh if self.home else None,
        )

    def start(self, now: datetime, shown: Inputs) -> None:
        """Set-up: the first sample (nothing measured yet), then the measured comparison."""
        self._started_at = now
        self._zone = now.tzinfo
        self._last = self._read(shown)
        if self._last.home_kwh is not None:
            self.home_meter.add_total(now, self._last.home_kwh)
        self._sample(now, self._last)
        self._observe(now)  # nothing is measured yet: it cannot move
        self._read_history(now)

    def minute(self, now: datetime, shown: Inputs) -> None:
        """States set at `now` (the sensors', then the climate entity's), then the tick if due.

        Each changed entity the companion follows is a notification of its own, at the same
        instant. Only the first counts time and energy, and only the first can move the load
        scale (the calibration's, or the cycles' as the sample books one); when it does, the next
        one samples again with the new scale.
        """
        assert self._started_at is not None, "start first"
        inputs = self._read(shown)
        last_home = None if self._last is None else self._last.home_kwh
        if inputs.home_kwh is not None and inputs.home_kwh != last_home:
            self.home_meter.add_total(now, inputs.home_kwh)  # booked, no sample
        elapsed = int((now - self._started_at).total_seconds() // 60)
        notifications = self._changed(inputs) + (elapsed > 0 and elapsed % TICK_MINUTES == 0)
        if notifications:
            self._last = inputs
            scale = self.running.load_scale
            moved = self._notify(now, inputs) or self.running.load_scale != scale
            if moved and notifications > 1:
                self._sample(now, inputs)
        if elapsed > 0 and elapsed % HISTORY_MINUTES == 0:
            self._read_history(now)

    def _read_history(self, now: datetime) -> None:
        """The recorder's complete days before today, as `home_history.py` reads them."""
        if self.running.home_hours is not None and self.history:
            today = now.date()
            self.running.signature.add_history(day for day in self.history if day.day < today)

    def _changed(self, inputs: Inputs) -> int:
        """How many followed entities show something new (each is a state change event)."""
        last = self._last
        if last is None:
            return 1
        climate = (inputs.hvac_mode, inputs.hvac_action, inputs.room_c, inputs.target_c) != (
            last.hvac_mode,
            last.hvac_action,
            last.room_c,
            last.target_c,
        )
        if inputs.home_kwh != last.home_kwh:
            self._last = replace(last, home_kwh=inputs.home_kwh)
        return (
            climate
            + (inputs.outdoor_c != last.outdoor_c)
            + (inputs.hz != last.hz)
            + (inputs.power_w != last.power_w)
            + (inputs.energy_kwh != last.energy_kwh)
        )

    def lose_sensor(self) -> None:
        """The unit's power and energy sensors go unavailable from the next minute on."""
        self._lost = True

    def _notify(self, now: datetime, inputs: Inputs) -> bool:
        """Feed the meter, sample, compare; whether the calibration's scale moved."""
        if self.measures:
            if self.energy:
                self.hourly.add_total(now, inputs.energy_kwh)
            else:
                self.hourly.add_power(now, inputs.power_w)
        self._sample(now, inputs)
        return self._observe(now)

    def _sample(self, now: datetime, inputs: Inputs) -> None:
        self.samples += 1
        if inputs.outdoor_c is not None:
            self._outdoor_c = inputs.outdoor_c
        view = ClimateView(
            hvac_mode=inputs.hvac_mode,
            hvac_action=inputs.hvac_action,
            room_c=inputs.room_c,
            target_c=inputs.target_c,
        )
        power = inputs.power_w
        frequency = None if inputs.hz is None else compressor_hz(str(inputs.hz), "Hz")
        self.trust.observe(now, view)
        activity = unit_activity(
            view,
            power_w=power,
            frequency_hz=frequency,
            source_platform=self.platform,
            action_copies_mode=self.trust.copies_mode,
        )
        operation = Operation(
            running=activity.running,
            mode=activity.mode,
            outdoor_c=self._outdoor_c,
            indoor_c=view.room_c,
            compressor_hz=frequency,
            idle_mode=thermostat_mode(view),
            target_c=view.target_c,
            compressor_shown=compressor_shown(view, self.trust, self.platform),
        )
        measured = None
        if self.energy:
            measured = MeasuredInput(total_kwh=inputs.energy_kwh)
        elif self.power:
            measured = MeasuredInput(power_w=power)
        self.running.sample(
            now,
            operation,
            design_outdoor_c=self.design_outdoor_c,
            limits=self._limits,
            measured=measured,
            price_per_kwh=PRICE_PER_KWH,
        )

    def measured(self, now: datetime) -> Measured:
        """Today's and yesterday's measured hours, as `CompanionSource.measured` gives them."""
        today = now.date()
        return Measured(
            hours=[
                (day, self.hourly.day(day, now.tzinfo))
                for day in (today, today - timedelta(days=1))
            ]
        )

    def _observe(self, now: datetime) -> bool:
        hour = now.replace(minute=0, second=0, microsecond=0)
        if not self.measures or (hour == self._observed_hour and not self.every_notification):
            return False
        self._observed_hour = hour
        return self.running.observe_measured(
            self.measured(now), now, self.meter.limits.max_input_w / 1000.0
        )


def advance(
    companion: CompanionReplay, clock: datetime, inputs: Sequence[Inputs], first: int, until: int
) -> float:
    """Run a companion set up at minute `first` through minute `until`; the kWh it counted.

    `clock` is minute 0's local time. A companion already run goes on from where it stopped.
    Each tick (every COMPANION_TICK from set-up) closes the running interval, so the total is
    exact at a minute an even number of ticks after `first`.
    """
    minute = companion._next
    if minute is None:
        companion.start(clock + timedelta(minutes=first), inputs[first])
        minute = first + 1
    for now in range(minute, until + 1):
        companion.minute(clock + timedelta(minutes=now), inputs[now])
    companion._next = until + 1
    return companion.meter.energy_kwh
