"""The Daikin classic driver: DaikinClient behind the brand-neutral contract of `heads`."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Final

from ...heads.model import (
    Capabilities,
    Command,
    DemandControl,
    FanSpeed,
    HeadInfo,
    HeadState,
    HourlyEnergy,
    OperationMode,
    SpecialMode,
    TemperatureRange,
)
from ..client_driver import ClientDriver
from . import models as wire
from .client import DaikinClient
from .errors import (
    DaikinCommandRejectedError,
    DaikinError,
    DaikinReadRefusedError,
    DaikinResponseError,
    DaikinUnsupportedDeviceError,
)
from .models import AdapterClock

LOGGER = logging.getLogger(__name__)

MANUFACTURER: Final = "Daikin"
PRODUCT_NAME: Final = "Daikin Wi-Fi adapter"

# Setpoints the heads accept, in degrees Celsius, per mode; dry and fan modes take none.
TARGET_RANGES: Final = {
    OperationMode.HEAT: TemperatureRange(10.0, 31.0),
    OperationMode.COOL: TemperatureRange(18.0, 33.0),
    OperationMode.AUTO: TemperatureRange(18.0, 31.0),
}
TARGET_STEP: Final = 0.5

# The streamer (air purification) is no special mode of the contract: it is left as it is.
SPECIAL_MODES: Final = {
    wire.SpecialMode.ECONO: SpecialMode.ECO,
    wire.SpecialMode.POWERFUL: SpecialMode.BOOST,
}
WIRE_SPECIAL_MODES: Final = {mode: wire_mode for wire_mode, mode in SPECIAL_MODES.items()}
# How often the head's clock is read (/common/get_datetime): one request per head per hour. Between
# reads its time is estimated on the monotonic clock, which drifts from the head's by seconds a
# day at most, so an hour is enough to follow a clock that is reset or jumps. Also how long after
# a clock check an energy read answering ret=NG is simply reported, instead of asking the adapter
# again whether it knows the time: an NG with another cause costs one extra request per hour, not
# one per poll.
CLOCK_CHECK_INTERVAL: Final = 3600.0
# The longest a clock or energy request may take for the moment of its answer to be placed. That
# moment is taken as the middle of the request, so its error is at most half the duration: within
# 30 s, well inside MIDNIGHT_MARGIN. Adapters answer within a second or two, but sometimes only
# after 1-2 minutes when overloaded (API notes); such an answer is too uncertain: a slow clock read
# is discarded (read again at the next energy read), a slow energy answer is an unusable one.
MAX_TIMED_REQUEST_S: Final = 60.0
# Once there is a reading, no energy is read while the head's estimated time is within this of
# its midnight, either side: an answer there could belong to either day, and the estimate's error
# is bounded by the request latency (MAX_TIMED_REQUEST_S). Nothing is lost by waiting: the head
# keeps yesterday's hours for a whole day, so the first read after the margin still has them.
MIDNIGHT_MARGIN: Final = dt.timedelta(minutes=5)
_DAY: Final = dt.timedelta(days=1)
# How an adapter says it will not tell its clock: NG or PARAM NG, HTTP 404, or not key=value text.
_CLOCK_REFUSALS: Final = (
    DaikinCommandRejectedError,
    DaikinResponseError,
    DaikinUnsupportedDeviceError,
)


def _utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def _monotonic() -> float:
    """The monotonic clock, looked up at each call (so that a test's frozen clock applies)."""
    return time.monotonic()


@dataclass(frozen=True, slots=True)
class HeadClock:
    """What the head's clock showed (naive, its own zone) at a moment of the monotonic clock."""

    shown: dt.datetime
    at: float

    def time_at(self, moment: float) -> dt.datetime:
        """The head's time at another moment of the monotonic clock."""
        return self.shown + dt.timedelta(seconds=moment - self.at)


def near_midnight(head_time: dt.datetime) -> bool:
    """Whether a head time is within MIDNIGHT_MARGIN of a midnight, before or after."""
    since = head_time - head_time.replace(hour=0, minute=0, second=0, microsecond=0)
    return min(since, _DAY - since) <= MIDNIGHT_MARGIN


def capabilities_of(model: wire.ModelInfo) -> Capabilities:
    """Map the head's model info to the contract's capabilities."""
    return Capabilities(
        # The adapter reports a code (0AB9, A941), not the unit's model name.
        model=None,
        model_code=model.model,
        modes=tuple(OperationMode),
        fan_speeds=tuple(FanSpeed) if model.supports_fan_rate else (),
        swing_modes=model.swing_modes if model.supports_swing else (),
        special_modes=tuple(SPECIAL_MODES.values()) if model.supports_special_modes else (),
        away=True,
        target_ranges=TARGET_RANGES,
        target_step=TARGET_STEP,
        room_humidity=model.has_humidity_sensor,
        compressor_frequency=True,
        demand_control=model.supports_demand_control,
        raw={"model_info": model.raw},
    )


def info_of(basic: wire.BasicInfo) -> HeadInfo:
    """Map the adapter's basic info to the contract's head info."""
    return HeadInfo(
        mac=basic.mac,
        name=basic.name,
        firmware=basic.firmware,
        away=basic.holiday,
        raw={"basic_info": basic.raw},
    )


def special_modes_of(modes: frozenset[wire.SpecialMode]) -> frozenset[SpecialMode]:
    """The contract's special modes among the head's."""
    return frozenset(SPECIAL_MODES[mode] for mode in modes if mode in SPECIAL_MODES)


def state_of(control: wire.ControlInfo, sensors: wire.SensorInfo) -> HeadState:
    """Map the head's settings and sensors to the contract's state."""
    return HeadState(
        power=control.power,
        mode=control.mode,
        target_temperature=control.target_temperature,
        fan_speed=control.fan_rate,
        swing=control.swing,
        special_modes=special_modes_of(control.special_modes),
        room_temperature=sensors.indoor_temperature,
        room_humidity=sensors.indoor_humidity,
        outdoor_temperature=sensors.outdoor_temperature,
        compressor_frequency=sensors.compressor_frequency,
        raw={"sensor_info": sensors.raw, "control_info": control.raw},
    )


@dataclass
class DaikinClassicDriver(ClientDriver[DaikinClient]):
    """A Daikin head on the classic key=value HTTP API (BRP069, BRP072A, BRP072C).

    It keeps the last settings and sensors it read: a command is merged into the settings the
    head reported (with its per-mode memory), as the head wants the whole set back.

    Each energy reading carries the head's own time at its answer (`head_time`), estimated from
    the head's clock read at most once an hour, and Home Assistant's (`read_at`); see
    async_read_energy. Adapters that never reached the Daikin cloud never learn the time and
    refuse energy reads with `ret=NG` until it is set; the driver sets it.
    """

    brand = MANUFACTURER
    product = PRODUCT_NAME

    # Home Assistant's clock (the adapter is set from it; `read_at`), and the monotonic clock that
    # times the requests, spaces the clock reads and carries the head's time between them.
    utcnow: Callable[[], dt.datetime] = field(default=_utcnow, repr=False)
    monotonic: Callable[[], float] = field(default=_monotonic, repr=False)
    # The head's clock as last read; None before the first read, or when the last read gave no
    # usable time (refused, garbled, too slow).
    _head_clock: HeadClock | None = field(default=None, init=False, repr=False)
    # When the clock was last read (an answer of any kind but a slow one): the next is an hour on.
    _clock_read_at: float | None = field(default=None, init=False, repr=False)
    # When the clock was last looked at, for the NG rule; None again after a good energy read.
    _clock_checked_at: float | None = field(default=None, init=False, repr=False)
    # The last energy answer (None: the head has no energy endpoint), repeated near midnight.
    _last_energy: HourlyEnergy | None = field(default=None, init=False, repr=False)
    _energy_answered: bool = field(default=False, init=False, repr=False)
    _control: wire.ControlInfo | None = field(default=None, init=False, repr=False)
    _sensors: wire.SensorInfo | None = field(default=None, init=False, repr=False)

    @property
    def configuration_url(self) -> str:
        """The adapter's base URL."""
        return self.client.base_url

    @property
    def client_id(self) -> str | None:
        """The terminal uuid registered with BRP072C adapters."""
        return self.client.uuid

    def redact(self, text: str) -> str:
        """Remove the key and the uuid from text."""
        return self.client.redact(text)

    async def async_read_info(self) -> HeadInfo:
        """Read /common/basic_info."""
        return info_of(await self.client.get_basic_info())

    async def async_read_capabilities(self) -> Capabilities:
        """Read /aircon/get_model_info."""
        return capabilities_of(await self.client.get_model_info())

    async def async_read_state(self) -> HeadState:
        """Read the sensors, then the settings: two requests."""
        sensors = await self.client.get_sensor_info()
        control = await self.client.get_control_info()
        self._control, self._sensors = control, sensors
        return state_of(control, sensors)

    async def async_read_energy(self) -> HourlyEnergy | None:
        """Read /aircon/get_day_power_ex with the head's time; None on heads without it.

        The head's clock (/common/get_datetime) is read at the first energy read and then once
        an hour; between reads, `head_time` is the time it showed plus the monotonic time since
        (each answer's moment being the middle of its request), so Home Assistant's wall clock
        moving does not move it. `read_at` is the same moment on Home Assistant's clock. A clock
        the head will not tell (refused, garbled) leaves `head_time` None until the next hourly
        read. An energy answer that took longer than MAX_TIMED_REQUEST_S raises
        DaikinResponseError (a HeadResponseError).

        Within MIDNIGHT_MARGIN of the head's midnight no energy is read: the last reading is
        returned as it was. Without one yet, the energy is read and stamped as usual: it tells
        whether the head has energy at all, and the ledger uses no reading that near midnight.

        On `ret=NG` the adapter may never have learned the time (fredrike/pydaikin#161): if
        /common/get_datetime says `sta=0`, the driver sets the clock and reads once more. At
        most one check per CLOCK_CHECK_INTERVAL while the NGs go on, one set and one retry per
        read: never a loop. An NG it cannot cure propagates (a HeadCommandRejectedError).
        """
        if self._clock_read_at is None or (
            self.monotonic() - self._clock_read_at >= CLOCK_CHECK_INTERVAL
        ):
            await self._read_clock()
        try:
            energy = await self._read_energy_now()
        except DaikinReadRefusedError:
            if not self._clock_check_due() or not await self._read_clock():
                raise
            energy = await self._read_energy_now()
        self._clock_checked_at = None
        self._last_energy, self._energy_answered = energy, True
        return energy

    def _clock_check_due(self) -> bool:
        """Whether an energy NG may make the driver look at the clock (once an hour at most)."""
        return (
            self._clock_checked_at is None
            or self.monotonic() - self._clock_checked_at >= CLOCK_CHECK_INTERVAL
        )

    async def _read_energy_now(self) -> HourlyEnergy | None:
        """One energy read stamped with both clocks, or the last one near the head's midnight."""
        if (
            self._energy_answered
            and self._head_clock is not None
            and near_midnight(self._head_clock.time_at(self.monotonic()))
        ):
            LOGGER.debug("%s: near the head's midnight; the last energy reading stands", self.host)
            return self._last_energy
        started = self.monotonic()
        energy = await self.client.get_day_energy()
        finished = self.monotonic()
        answered_at = self.utcnow()
        if energy is None:
            return None
        took = finished - started
        if took > MAX_TIMED_REQUEST_S:
            raise DaikinResponseError(
                f"the energy answer took {took:.0f} s (more than {MAX_TIMED_REQUEST_S:.0f} s): "
                "its moment on the head's clock is too uncertain"
            )
        middle = (started + finished) / 2
        return replace(
            energy,
            head_time=None if self._head_clock is None else self._head_clock.time_at(middle),
            read_at=(answered_at - dt.timedelta(seconds=finished - middle)).astimezone(dt.UTC),
        )

    async def _read_clock(self) -> bool:
        """Read the head's clock into the estimate, setting it first if unset.

        Return whether the clock was set (an energy NG may then be cured). Errors reaching the
        head propagate with nothing recorded; any answer counts as this hour's read, except one
        too slow to place (then the next energy read tries again).
        """
        reading = await self._timed_clock_read()
        self._clock_read_at = self._clock_checked_at = self.monotonic()
        self._head_clock = None
        if reading is None:
            return False
        was_set = False
        if reading[0].is_unset:
            if not await self._set_clock():
                return False
            was_set = True
            reading = await self._timed_clock_read()
            if reading is None:
                return True
        clock, middle, took = reading
        if took > MAX_TIMED_REQUEST_S:
            LOGGER.debug("%s took %.0f s to tell its clock; reading it again", self.host, took)
            self._clock_read_at = None
        elif clock.shown is None:
            LOGGER.debug("%s tells no readable time (%s)", self.host, clock.raw)
        else:
            self._head_clock = HeadClock(clock.shown, middle)
        return was_set

    async def _timed_clock_read(self) -> tuple[AdapterClock, float, float] | None:
        """Read /common/get_datetime: the clock, the middle of the request and its duration.

        None when the adapter refuses it (NG, PARAM NG, HTTP 404) or answers something that is
        not key=value text.
        """
        started = self.monotonic()
        try:
            clock = await self.client.get_clock()
        except _CLOCK_REFUSALS as err:
            LOGGER.debug("%s refused the clock read (%s)", self.host, err)
            return None
        finished = self.monotonic()
        return clock, (started + finished) / 2, finished - started

    async def _set_clock(self) -> bool:
        """Set the adapter's clock to Home Assistant's time in UTC; return whether it took."""
        try:
            await self.client.set_clock(self.utcnow())
        except DaikinCommandRejectedError as err:
            LOGGER.debug("%s refused to have its clock set (%s)", self.host, err)
            return False
        LOGGER.info(
            "%s had never learned the time, so it kept its energy readings back; "
            "its clock is now set (UTC)",
            self.host,
        )
        return True

    async def async_send(self, command: Command) -> HeadState:
        """Write the merged settings, read them back, then read the sensors (one write, two reads).

        The sensors are read too, since a new mode or target changes what the compressor does.
        """
        control = await self.client.set_control(
            power=command.power,
            mode=command.mode,
            target_temperature=command.target_temperature,
            fan_rate=command.fan_speed,
            swing=command.swing,
            current=self._control,
        )
        self._control = control
        try:
            self._sensors = await self.client.get_sensor_info()
        except DaikinError:
            if self._sensors is None:
                raise
        return state_of(control, self._sensors)

    async def async_set_special_mode(self, mode: SpecialMode | None) -> frozenset[SpecialMode]:
        """Switch off the other special modes that are on, then switch mode on if it is off."""
        control = self._control or await self.client.get_control_info()
        enable = None if mode is None else WIRE_SPECIAL_MODES[mode]
        special = control.special_modes
        others = frozenset(wire_mode for wire_mode in SPECIAL_MODES if wire_mode is not enable)
        for other in others & special:
            special = await self.client.set_special_mode(other, enabled=False)
        if enable is not None and enable not in special:
            special = await self.client.set_special_mode(enable, enabled=True)
        self._control = replace(control, special_modes=special)
        return special_modes_of(special)

    async def async_set_away(self, away: bool) -> None:
        """Switch /common/set_holiday."""
        await self.client.set_holiday(away)

    async def async_set_demand_control(self, demand: DemandControl) -> DemandControl:
        """Write /aircon/set_demand_control, then read the cap back (two requests)."""
        return await self.client.set_demand_control(demand)
