"""The emulated indoor unit: settings, a small room-and-heat-pump model, and the energy meter.

Nothing here knows about HTTP. Time comes from an injected clock (plus an offset moved by
`advance`); the model is evaluated lazily: each request integrates from the last evaluated instant
to now in steps of at most a minute, never across an hour boundary, catching up at most
`MAX_CATCH_UP` (a longer gap restarts the model at now minus that, with empty energy arrays).

Behaviour and where it comes from:
- `otemp` is `-` while the unit is off: the outdoor sensor is read by the outdoor unit only while
  it runs (home-assistant/core#37076, cbrandlehner/homebridge-daikin-local#83).
- `cmpfreq` is 0 while on in heat/cool once the setpoint is reached (API notes, field encodings).
  The compressor is an inverter's: it runs at the speed that holds the room against the outdoors,
  plus 25 Hz per degC the room is off the target, between HZ_MIN and HZ_MAX. It starts when the
  room is 0.5 degC or more on the wrong side of the target and stops once the target is reached,
  which at a load above its minimum speed it only approaches: an inverter runs on at part load
  and cycles only when the load is below its minimum capacity (docs/cost-estimate.md; AHRI
  210/240 rates cycling below minimum capacity with its part-load factor).
- Energy arrays are published after each hour completes, and `curr_day_*` rolls into
  `prev_1day_*` at the adapter's local midnight, which is why clients reading just before midnight
  lose the last hour (home-assistant/core#107536, fredrike/pydaikin#2). Values are integers in
  0.1 kWh; the fraction left over is carried into the next hour. Cooling includes fan and dry.
- A new unit reports all-zero energy until it has run (API notes).
- Powerful mode ends by itself after 20 minutes on real units (esphome/feature-requests#1247) and
  when the unit is switched off; powerful and econo exclude each other.
- An adapter that never reached the Daikin cloud (`method=home only`) never learns the time
  (fredrike/pydaikin#161: `get_datetime` answers `sta=0,cur=-` for years; after
  `/common/notify_date_time` it answers `sta=1`). Without a clock it cannot file energy by hour:
  the meter keeps counting, and "on the first sync the adapter dumps all the energy accumulated
  while unsynced into the current hour bucket" (same PR). `clock_set` False plays such an adapter.
- The adapter's clock (`adapter_time`, what `get_datetime` shows) is the simulated time in the
  adapter's zone `tz`, plus `clock_offset`; the meter files hours and rolls days on that clock,
  since the arrays are in the adapter's local time (API notes: "at the adapter's local midnight").
  A clock hours off Home Assistant's, as the project's issue 17 describes (an adapter on UTC,
  `tz="UTC"`, beside a Home Assistant on local time; or a clock set wrong, `clock_offset`), is
  played so. `notify_date_time` sets `clock_offset` to what it was told. What a real adapter does
  with the hour under way when its clock changes is not on record: the emulator files it under
  the hour its new clock shows (so the energy of an unset clock lands in the hour of the sync).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from .const import (
    ADV_ECONO,
    ADV_POWERFUL,
    MODE_AUTO,
    MODE_DRY,
    MODE_FAN,
    MODE_HEAT,
    STEMP_RANGE,
    VALID_F_DIR,
    VALID_F_RATE,
    VALID_MODES,
)

STEP = dt.timedelta(seconds=60)
MAX_CATCH_UP = dt.timedelta(days=3)
POWERFUL_FOR = dt.timedelta(minutes=20)

# Room model: the room exchanges heat with outdoors with this time constant (hours); the heat pump
# moves the room by HEAT_PER_HZ degC per hour per Hz of compressor frequency.
ROOM_TAU_H = 8.0
HEAT_PER_HZ = 0.1
HZ_MIN, HZ_MAX, HZ_ECONO_MAX = 15, 90, 54
HZ_DRY = 20
DEAD_BAND = 0.5
# Electrical power: ~12 W per compressor Hz plus the indoor fan.
WATT_PER_HZ = 12.0
FAN_WATT = {"A": 25.0, "B": 12.0, "3": 15.0, "4": 20.0, "5": 25.0, "6": 32.0, "7": 40.0}
HUMIDITY_TAU_H = 1.5

WRITE_FIELDS = frozenset({"pow", "mode", "stemp", "shum", "f_rate", "f_dir"})


def _fresh_day() -> list[int]:
    """Return 24 empty hourly values."""
    return [0] * 24


@dataclass
class DeviceState:
    """Everything the unit reports; tests read and may change it directly."""

    power: bool = True
    mode: int = MODE_HEAT
    stemp: str = "22.0"
    shum: str = "0"
    f_rate: str = "A"
    f_dir: str = "0"
    adv: str = ""
    holiday: bool = False
    error: int = 0
    room_temp: float = 20.0
    outdoor_temp: float = 8.0
    humidity: float = 45.0
    compressor_hz: int = 0
    power_w: float = 0.0
    # Demand control's cap on the compressor, percent of HZ_MAX (demand.py); None: no cap.
    demand_cap_percent: int | None = None
    # What the unit is doing: "off", "heat", "cool", "dry", "fan" (compressor may still be idle).
    action: str = "heat"
    # Per-mode memory, keyed by device mode (no dt6/dh6 on real units; fan has no target).
    dt: dict[int, str] = field(
        default_factory=lambda: {1: "22.0", 2: "M", 3: "25.0", 4: "22.0", 5: "25.0", 7: "22.0"}
    )
    dh: dict[int, str] = field(
        default_factory=lambda: {1: "0", 2: "50", 3: "0", 4: "0", 5: "0", 7: "0"}
    )
    dfr: dict[int, str] = field(default_factory=lambda: dict.fromkeys(range(1, 8), "A"))
    dfd: dict[int, str] = field(default_factory=lambda: dict.fromkeys(range(1, 8), "0"))
    # Published energy, 0.1 kWh per local hour.
    curr_day_heat: list[int] = field(default_factory=_fresh_day)
    curr_day_cool: list[int] = field(default_factory=_fresh_day)
    prev_1day_heat: list[int] = field(default_factory=_fresh_day)
    prev_1day_cool: list[int] = field(default_factory=_fresh_day)
    today_runtime_min: float = 0.0


def format_temp(value: float) -> str:
    """Format a temperature the way the adapter does: one decimal."""
    return f"{value:.1f}"


def half_degrees(value: float) -> float:
    """Round to the 0.5 degC resolution the unit reports."""
    return round(value * 2) / 2


class Device:
    """The indoor unit and its outdoor unit, evaluated on demand from a clock."""

    def __init__(
        self,
        *,
        tz: str,
        now: Callable[[], dt.datetime] | None = None,
        outdoor_mean: float = 8.0,
        outdoor_swing: float = 4.0,
        clock_offset: dt.timedelta = dt.timedelta(),
    ) -> None:
        """Start a brand-new unit at the clock's current time, its adapter's clock that far off."""
        self.state = DeviceState()
        self.tz = ZoneInfo(tz)
        self.outdoor_mean = outdoor_mean
        self.outdoor_swing = outdoor_swing
        self.offset = dt.timedelta()
        self._clock = now
        self._running = False
        self._auto_heating = True
        self._powerful_until: dt.datetime | None = None
        # Energy meter: Wh of the hour under way, and what was left below 0.1 kWh.
        self._hour_wh = {"heat": 0.0, "cool": 0.0}
        self._carry_wh = {"heat": 0.0, "cool": 0.0}
        # Published 0.1 kWh per local date: [heat, cool].
        self.daily: dict[dt.date, list[int]] = {}
        # The adapter's own clock: unset (never synced) or the true time plus an offset; the
        # 0.1 kWh counted while it was unset wait for the first sync.
        self.clock_set = True
        self._clock_offset = clock_offset
        self._unsynced = {"heat": 0, "cool": 0}
        start = self.now()
        self._last = start
        self._restart_meter(start)
        self._control(start)

    # -- time --------------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        """Return the simulated time: the clock plus the `advance` offset, aware, in UTC."""
        current = self._clock() if self._clock is not None else dt.datetime.now(dt.UTC)
        if current.tzinfo is None:
            current = current.replace(tzinfo=dt.UTC)
        return (current + self.offset).astimezone(dt.UTC)

    def local(self, moment: dt.datetime) -> dt.datetime:
        """Return `moment` in the adapter's time zone (true time: the weather follows it)."""
        return moment.astimezone(self.tz)

    def on_adapter_clock(self, moment: dt.datetime) -> dt.datetime:
        """Return what the adapter's clock shows at the true `moment` (its zone, offset added)."""
        return self.local(moment + self._clock_offset)

    @property
    def clock_offset(self) -> dt.timedelta:
        """How far the adapter's clock is off the simulated time."""
        return self._clock_offset

    @clock_offset.setter
    def clock_offset(self, value: dt.timedelta) -> None:
        """Move the adapter's clock: the meter goes on under the hour and day it now shows."""
        self.evaluate()
        self._clock_offset = value
        local = self.on_adapter_clock(self._last)
        self._hour_date, self._hour_index = local.date(), local.hour
        self._boundary = self._next_hour_boundary(self._last)
        if local.date() != self._curr_date:
            self._roll_day(local.date())

    def advance(self, seconds: float) -> None:
        """Move simulated time on by `seconds` and evaluate up to it."""
        self.offset += dt.timedelta(seconds=seconds)
        self.evaluate()

    def adapter_time(self) -> dt.datetime | None:
        """Return what the adapter's clock shows, in its time zone; None while it is unset."""
        if not self.clock_set:
            return None
        return self.on_adapter_clock(self.now())

    def unset_clock(self) -> None:
        """Forget the time, as an adapter that never reached the cloud has never known it."""
        self.clock_set = False
        self.clock_offset = dt.timedelta()

    def set_clock(self, moment: dt.datetime) -> None:
        """Learn the time (`notify_date_time`); energy counted meanwhile lands in this hour."""
        self.evaluate()
        self.clock_offset = moment.astimezone(dt.UTC) - self.now()
        if not self.clock_set:
            self.clock_set = True
            for bucket, units in self._unsynced.items():
                self._hour_wh[bucket] += units * 100
            self._unsynced = {"heat": 0, "cool": 0}

    def _next_hour_boundary(self, moment: dt.datetime) -> dt.datetime:
        """Return the first instant after `moment` where the adapter's clock shows a full hour."""
        # Every zone's offset is a multiple of 15 minutes: walk a 15-minute UTC grid of the
        # adapter's clock, then take the offset back off.
        shifted = moment + self._clock_offset
        base = shifted.replace(minute=shifted.minute - shifted.minute % 15, second=0, microsecond=0)
        candidate = base + dt.timedelta(minutes=15)
        while self.local(candidate).minute != 0:
            candidate += dt.timedelta(minutes=15)
        return candidate - self._clock_offset

    # -- evaluation --------------------------------------------------------------------------

    def evaluate(self) -> None:
        """Integrate the model from the last evaluated instant up to now."""
        target = self.now()
        if target <= self._last:
            # No time passed, or the clock went back (a test moved it): only re-decide the
            # compressor for settings or a room temperature a test may have changed.
            self._control(self._last)
            return
        if target - self._last > MAX_CATCH_UP:
            self._last = target - MAX_CATCH_UP
            self._restart_meter(self._last)
        current = self._last
        while current < target:
            end = min(target, current + STEP, self._boundary)
            self._step(current, end)
            current = end
            if current >= self._boundary:
                self._close_hour(current)
        self._last = target
        self._control(target)

    def _step(self, start: dt.datetime, end: dt.datetime) -> None:
        """Advance the room, the humidity and the energy meter from `start` to `end`."""
        state = self.state
        hours = (end - start).total_seconds() / 3600
        self._control(start)
        gain = 0.0
        if state.action == "heat":
            gain = state.compressor_hz * HEAT_PER_HZ
        elif state.action == "cool":
            gain = -state.compressor_hz * HEAT_PER_HZ
        elif state.action == "dry":
            gain = -state.compressor_hz * HEAT_PER_HZ * 0.5
        loss = (state.room_temp - state.outdoor_temp) / ROOM_TAU_H
        state.room_temp += (gain - loss) * hours
        humidity_target = {"heat": 38.0, "cool": 45.0, "dry": 35.0}.get(state.action, 50.0)
        if state.action in {"cool", "dry"} and state.compressor_hz == 0:
            humidity_target = 50.0
        state.humidity += (humidity_target - state.humidity) * min(1.0, hours / HUMIDITY_TAU_H)
        if state.power:
            state.today_runtime_min += hours * 60
            bucket = "heat" if state.action == "heat" else "cool"
            self._hour_wh[bucket] += state.power_w * hours

    def _outdoor_at(self, moment: dt.datetime) -> float:
        """Return the outdoor temperature: a daily sine, coldest at 03:00, warmest at 15:00."""
        local = self.local(moment)
        hour = local.hour + local.minute / 60 + local.second / 3600
        return self.outdoor_mean + self.outdoor_swing * math.sin(2 * math.pi * (hour - 9) / 24)

    def _control(self, moment: dt.datetime) -> None:
        """Decide compressor frequency, action and electrical power for the state at `moment`."""
        state = self.state
        state.outdoor_temp = self._outdoor_at(moment)
        if self._powerful_until is not None and (moment >= self._powerful_until or not state.power):
            self._powerful_until = None
            if state.adv == ADV_POWERFUL:
                state.adv = ""
        if not state.power:
            self._running = False
            state.action, state.compressor_hz, state.power_w = "off", 0, 0.0
            return
        fan_w = FAN_WATT.get(state.f_rate, 25.0)
        if state.mode == MODE_FAN:
            self._running = False
            state.action, state.compressor_hz, state.power_w = "fan", 0, fan_w
            return
        if state.mode == MODE_DRY:
            self._running = state.humidity > 40.0 and state.room_temp > 16.0
            state.action = "dry"
            state.compressor_hz = HZ_DRY if self._running else 0
            state.power_w = state.compressor_hz * WATT_PER_HZ + fan_w
            return
        target = _as_float(state.stemp, state.room_temp)
        if state.mode in MODE_AUTO:
            if state.room_temp <= target - DEAD_BAND:
                self._auto_heating = True
            elif state.room_temp >= target + DEAD_BAND:
                self._auto_heating = False
            heating = self._auto_heating
        else:
            heating = state.mode == MODE_HEAT
        demand = target - state.room_temp if heating else state.room_temp - target
        self._running = demand > 0 if self._running else demand >= DEAD_BAND
        state.action = "heat" if heating else "cool"
        if not self._running:
            state.compressor_hz = 0
        else:
            # Enough to hold the room against the outdoors, plus more the further it is off;
            # below HZ_MIN it runs at HZ_MIN and overshoots: it cycles.
            leak = (state.room_temp - state.outdoor_temp) / ROOM_TAU_H
            hold = max(0.0, leak if heating else -leak) / HEAT_PER_HZ
            hz = hold + 25 * demand
            ceiling = HZ_ECONO_MAX if state.adv == ADV_ECONO else HZ_MAX
            if state.adv == ADV_POWERFUL:
                hz = HZ_MAX
            if state.demand_cap_percent is not None:
                ceiling = min(ceiling, HZ_MAX * state.demand_cap_percent // 100)
            state.compressor_hz = round(min(max(hz, HZ_MIN), ceiling))
        state.power_w = state.compressor_hz * WATT_PER_HZ + fan_w

    # -- energy ------------------------------------------------------------------------------

    def _restart_meter(self, moment: dt.datetime) -> None:
        """Start the meter afresh at `moment` (new unit, or after a gap too long to replay)."""
        state = self.state
        local = self.on_adapter_clock(moment)
        self._curr_date = local.date()
        self._hour_date = self._curr_date
        self._hour_index = local.hour
        self._boundary = self._next_hour_boundary(moment)
        self._hour_wh = {"heat": 0.0, "cool": 0.0}
        state.curr_day_heat, state.curr_day_cool = _fresh_day(), _fresh_day()
        state.prev_1day_heat, state.prev_1day_cool = _fresh_day(), _fresh_day()
        state.today_runtime_min = 0.0

    def _close_hour(self, boundary: dt.datetime) -> None:
        """Publish the hour that ends at `boundary`; roll the day over at local midnight."""
        state = self.state
        if self._hour_date != self._curr_date:
            self._roll_day(self._hour_date)
        for bucket, published in (("heat", state.curr_day_heat), ("cool", state.curr_day_cool)):
            total = self._hour_wh[bucket] + self._carry_wh[bucket]
            units = int(total // 100)
            self._carry_wh[bucket] = total - units * 100
            self._hour_wh[bucket] = 0.0
            if not self.clock_set:
                # No clock, no hour to file it under: kept until the first sync.
                self._unsynced[bucket] += units
                continue
            # `+=`: the hour repeated when daylight saving time ends lands on the same index.
            published[self._hour_index] += units
            day = self.daily.setdefault(self._hour_date, [0, 0])
            day[0 if bucket == "heat" else 1] += units
        local = self.on_adapter_clock(boundary)
        self._hour_date, self._hour_index = local.date(), local.hour
        self._boundary = self._next_hour_boundary(boundary)
        if local.date() != self._curr_date:
            self._roll_day(local.date())

    def _roll_day(self, new_date: dt.date) -> None:
        """Move today's arrays to yesterday's and start `new_date` empty."""
        state = self.state
        if new_date - self._curr_date == dt.timedelta(days=1):
            state.prev_1day_heat, state.prev_1day_cool = state.curr_day_heat, state.curr_day_cool
        else:
            state.prev_1day_heat, state.prev_1day_cool = _fresh_day(), _fresh_day()
        state.curr_day_heat, state.curr_day_cool = _fresh_day(), _fresh_day()
        state.today_runtime_min = 0.0
        self._curr_date = new_date

    @property
    def today(self) -> dt.date:
        """Return the adapter's current local date (as far as the meter has got)."""
        return self._curr_date

    def day_total(self, day: dt.date) -> tuple[int, int]:
        """Return published (heat, cool) in 0.1 kWh for a local date."""
        heat, cool = self.daily.get(day, (0, 0))
        return heat, cool

    # -- commands ----------------------------------------------------------------------------

    def set_control(self, query: dict[str, str]) -> bool:
        """Apply `set_control_info`; return False (PARAM NG) when the request is not acceptable."""
        if set(query) != WRITE_FIELDS:
            return False
        parsed = _parse_control(query)
        if parsed is None:
            return False
        power, mode, stemp, shum, f_rate, f_dir = parsed
        state = self.state
        now = self.now()
        state.power, state.mode, state.stemp, state.shum = power, mode, stemp, shum
        state.f_rate, state.f_dir = f_rate, f_dir
        slot = 1 if mode == 0 else mode
        if mode != MODE_FAN:
            state.dt[slot] = stemp
            state.dh[slot] = shum
        state.dfr[slot] = f_rate
        state.dfd[slot] = f_dir
        self._control(now)
        return True

    def set_special_mode(self, query: dict[str, str]) -> bool:
        """Apply `set_special_mode`: kind 1 powerful, kind 2 econo; False means PARAM NG."""
        kind, switch = query.get("spmode_kind"), query.get("set_spmode")
        # Without spmode_kind real adapters answer PARAM NG (openhab/openhab-addons#13198); kind 3
        # is refused by units without a streamer (revk/xESP32-Faikout#348).
        if kind not in {"1", "2"} or switch not in {"0", "1"}:
            return False
        state = self.state
        wanted = ADV_POWERFUL if kind == "1" else ADV_ECONO
        if switch == "1":
            state.adv = wanted
            self._powerful_until = self.now() + POWERFUL_FOR if kind == "1" else None
        elif state.adv == wanted:
            state.adv = ""
            self._powerful_until = None
        self._control(self.now())
        return True

    def set_demand_cap(self, percent: int | None) -> None:
        """Cap the compressor at percent of its maximum (demand control); None lifts the cap."""
        self.state.demand_cap_percent = percent
        self._control(self.now())

    def set_holiday(self, query: dict[str, str]) -> bool:
        """Apply `set_holiday?en_hol=0|1`; False means PARAM NG."""
        value = query.get("en_hol")
        if value not in {"0", "1"}:
            return False
        self.state.holiday = value == "1"
        return True


def _as_float(text: str, default: float) -> float:
    """Return `text` as a number, or `default` for `M`, `--` and the like."""
    try:
        return float(text)
    except ValueError:
        return default


def _parse_stemp(mode: int, text: str) -> str | None:
    """Validate a target for `mode`; return the value the unit stores, or None."""
    if mode == MODE_DRY and text in {"M", "--"}:
        return "M"
    if mode == MODE_FAN and text in {"M", "--"}:
        return "--"
    try:
        value = float(text)
    except ValueError:
        return None
    low, high = STEMP_RANGE[mode]
    if not low <= value <= high or value * 2 != int(value * 2):
        return None
    if mode == MODE_DRY:
        return "M"
    if mode == MODE_FAN:
        return "--"
    return format_temp(value)


def _parse_shum(text: str) -> str | None:
    """Validate a humidity target: a percentage, `AUTO`, `--` or empty."""
    if text in {"AUTO", "--", ""}:
        return text or "0"
    if text.isdigit() and 0 <= int(text) <= 100:
        return str(int(text))
    return None


def _parse_control(query: dict[str, str]) -> tuple[bool, int, str, str, str, str] | None:
    """Validate the six writable fields; return them as the unit stores them, or None."""
    if query["pow"] not in {"0", "1"} or not query["mode"].isdigit():
        return None
    mode = int(query["mode"])
    if mode not in VALID_MODES:
        return None
    stemp = _parse_stemp(mode, query["stemp"])
    shum = _parse_shum(query["shum"])
    if stemp is None or shum is None:
        return None
    if mode == MODE_FAN:
        shum = "--"
    if query["f_rate"] not in VALID_F_RATE or query["f_dir"] not in VALID_F_DIR:
        return None
    return query["pow"] == "1", mode, stemp, shum, query["f_rate"], query["f_dir"]
