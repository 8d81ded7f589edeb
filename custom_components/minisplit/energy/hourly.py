"""A head's measured energy, keyed by the head's own date and hour: never lost, never twice.

Pure Python. A head publishes, per mode, 24 hourly values for its today and its yesterday, each
hour once completed; it tells its clock (`HourlyEnergy.head_time`), so every value has a slot:
(the head's date, hour). The ledger keeps per slot and mode the largest value seen and the
baseline, and counts the difference. Rules (docs/energy-ledger.md gives the reasons):

- A slot counts its largest value seen less its baseline. A value that goes down (an adapter
  reboot zeroes what it published) changes nothing; one that grows counts the growth. So a
  reading fed twice, late, or after a restart from an older state counts nothing twice.
- The first reading is the baseline: what it showed for every hour is not ours. An hour that had
  started by then and could not be read takes the first value seen later as its baseline; later
  hours start from 0.
- A reading within `MIDNIGHT_MARGIN` of the head's midnight is not used: its arrays could belong
  to either day. A reading whose date is before the newest day seen is not used either.
- Slots before the head's yesterday leave the window; their counts move to the closed totals.
- Values that are unknown (None: what the driver could not read), no number, not finite,
  negative or above the per-hour bound, and series that are not 24 long, are rejected by kind
  and never counted. Nothing raises.
- Without the head's clock (`head_time` None) the head is taken to run on Home Assistant's local
  time within `FALLBACK_OFFSET`: readings are used only where no such offset changes the date,
  and a baseline takes `FALLBACK_OFFSET` more hours as started. Nothing is counted twice;
  energy can be lost only when no reading falls inside that window for a whole day.

Each slot also keeps when its hour started on Home Assistant's clock (UTC, to the hour), placed
by the head's offset when the hour ends, so the hours can be charted where they were used.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..heads.model import HourlyEnergy
from .values import (
    GLITCH_TIME,
    HOUR_SECONDS,
    checked_kwh,
    checked_series,
    stored_int,
    stored_kwh,
)

HOURS_PER_DAY = 24
DEFAULT_MAX_KWH_PER_HOUR = 6.0
# The head's clock, as the driver reports it, is right to well within this.
MIDNIGHT_MARGIN = timedelta(minutes=5)
# How far off Home Assistant's local time a head that will not tell its clock may run.
FALLBACK_OFFSET = timedelta(hours=3)
MODES = ("heat", "cool")

GLITCH_LENGTH = "not 24 hourly values"
GLITCH_TOO_LARGE = "more than the head can draw in an hour"
GLITCH_CLOCK_BEHIND = "a date before the newest day seen"

_STATE_VERSION = 3
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HOUR = timedelta(hours=1)

type Slot = tuple[date, int]


@dataclass(frozen=True, slots=True)
class LedgerUpdate:
    """What one reading added, whole days that could not be read, and what was rejected.

    `closed` holds the hours that left the window with it: (start, kWh counted).
    """

    added_kwh: float
    lost_days: int = 0
    rejected: frozenset[str] = frozenset()
    closed: tuple[tuple[datetime, float], ...] = ()


@dataclass(slots=True)
class HourRecord:
    """One slot: per mode the baseline (None: the first value seen) and the largest value seen."""

    start: int  # seconds since 1970 (UTC) at which the hour began on Home Assistant's clock
    base: list[float | None]
    seen: list[float | None]

    def counted(self, mode: int) -> float:
        """What this slot counts for a mode."""
        base, seen = self.base[mode], self.seen[mode]
        return 0.0 if base is None or seen is None else max(seen - base, 0.0)

    def see(self, mode: int, value: float) -> float:
        """Take a value read; return what it adds."""
        if self.base[mode] is None:
            self.base[mode] = self.seen[mode] = value
            return 0.0
        before = self.counted(mode)
        seen = self.seen[mode]
        self.seen[mode] = value if seen is None else max(seen, value)
        return self.counted(mode) - before


@dataclass(slots=True)
class EnergyLedger:
    """Ever-growing heating and cooling totals from a head's hourly arrays."""

    closed: list[float] = field(default_factory=lambda: [0.0, 0.0])
    newest: date | None = None
    slots: dict[Slot, HourRecord] = field(default_factory=dict)
    # The head's time at the latest reading: the hours before it are complete.
    latest: datetime | None = None

    @property
    def started(self) -> bool:
        """Whether the baseline has been read."""
        return self.newest is not None

    def _complete(self) -> list[tuple[Slot, HourRecord]]:
        """The slots whose hour had ended on the head's clock at the latest reading, by start."""
        latest = self.latest
        if latest is None:
            return []
        return sorted(
            (
                (key, record)
                for key, record in self.slots.items()
                if datetime(key[0].year, key[0].month, key[0].day, key[1]) + _HOUR <= latest
            ),
            key=lambda item: (item[1].start, item[0]),
        )

    def mode_kwh(self, mode: str) -> float:
        """The total for one mode ("heat" or "cool")."""
        index = MODES.index(mode)
        return self.closed[index] + sum(slot.counted(index) for slot in self.slots.values())

    @property
    def total_kwh(self) -> float:
        """Both modes together."""
        return self.mode_kwh("heat") + self.mode_kwh("cool")

    def hours(self) -> list[tuple[datetime, float]]:
        """The complete hours still held: (start on Home Assistant's clock, kWh counted).

        Oldest first; slots that started in the same hour (a daylight-saving repeat) are one.
        """
        per_start: dict[int, float] = {}
        for _, record in self._complete():
            per_start[record.start] = per_start.get(record.start, 0.0) + _counted(record)
        return [(_moment(start), kwh) for start, kwh in per_start.items()]

    def measured_hours(self) -> list[tuple[datetime, float]]:
        """What the head measured in each complete hour it still holds: (start, kWh).

        The baseline's hours too, though not counted; oldest first.
        """
        per_start: dict[int, float] = {}
        for _, record in self._complete():
            if None in record.seen:
                continue
            measured = sum(value or 0.0 for value in record.seen)
            per_start[record.start] = per_start.get(record.start, 0.0) + measured
        return [(_moment(start), kwh) for start, kwh in per_start.items()]

    @property
    def closed_kwh(self) -> float:
        """What the hours no longer held counted, both modes."""
        return sum(self.closed)

    def update(
        self,
        energy: HourlyEnergy,
        now: datetime,
        *,
        max_kwh_per_hour: float = DEFAULT_MAX_KWH_PER_HOUR,
    ) -> LedgerUpdate:
        """Count a reading; `now` is Home Assistant's time (aware) when it arrived."""
        glitches: set[str] = set()
        bound = max_kwh_per_hour
        if not isinstance(bound, (int, float)) or not math.isfinite(bound) or bound <= 0:
            bound = DEFAULT_MAX_KWH_PER_HOUR
        when = _placed(energy, now)
        if when is None:
            glitches.add(GLITCH_TIME)
            return LedgerUpdate(0.0, 0, frozenset(glitches))
        head_time, read_at, last_started = when
        if _near_midnight(head_time, margin=_margin(energy)):
            return LedgerUpdate(0.0)
        day = head_time.date()
        if self.newest is not None and day < self.newest:
            return LedgerUpdate(0.0, 0, frozenset({GLITCH_CLOCK_BEHIND}))
        series = [
            [_clean(values, bound, glitches) for values in pair]
            for pair in (
                (energy.yesterday_heat, energy.yesterday_cool),
                (energy.today_heat, energy.today_cool),
            )
        ]
        baseline = self.newest is None
        lost = 0 if self.newest is None else max((day - self.newest).days - 2, 0)
        added = 0.0
        for offset, pair in zip((1, 0), series, strict=True):
            slot_day = day - timedelta(days=offset)
            for hour in range(HOURS_PER_DAY):
                started = offset == 1 or hour <= last_started
                record = self.slots.get((slot_day, hour))
                if record is None:
                    start = _start_of(slot_day, hour, head_time, read_at)
                    record = self.slots[(slot_day, hour)] = HourRecord(
                        start, [0.0, 0.0], [0.0, 0.0]
                    )
                    if baseline:
                        record.base = [
                            _baseline(values[hour] if values else None, started) for values in pair
                        ]
                        record.seen = list(record.base)
                        continue
                elif not self._was_complete(slot_day, hour):
                    # Placed by the offset known when the hour ends: a head's clock set right
                    # in the meantime places the hours still to come right.
                    record.start = _start_of(slot_day, hour, head_time, read_at)
                for mode, values in enumerate(pair):
                    value = values[hour] if values else None
                    if value is not None:
                        added += record.see(mode, value)
        self.newest = day if self.newest is None else max(self.newest, day)
        self.latest = head_time if self.latest is None else max(self.latest, head_time)
        closed = self._close(self.newest - timedelta(days=1))
        return LedgerUpdate(added, lost, frozenset(glitches), closed)

    def _was_complete(self, day: date, hour: int) -> bool:
        """Whether a slot had ended by the head's time at the latest reading."""
        end = datetime(day.year, day.month, day.day, hour) + _HOUR
        return self.latest is not None and end <= self.latest

    def _close(self, first_held: date) -> tuple[tuple[datetime, float], ...]:
        """Move the slots the head no longer holds to the closed totals; return them."""
        closed = []
        for key in sorted(key for key in self.slots if key[0] < first_held):
            record = self.slots.pop(key)
            for mode in range(len(MODES)):
                self.closed[mode] += record.counted(mode)
            closed.append((_moment(record.start), _counted(record)))
        return tuple(closed)

    def as_dict(self) -> dict[str, Any]:
        """Serialise (JSON-safe)."""
        return {
            "version": _STATE_VERSION,
            "closed": list(self.closed),
            "newest": self.newest.isoformat() if self.newest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "slots": [
                [key[0].isoformat(), key[1], record.start, list(record.base), list(record.seen)]
                for key, record in sorted(self.slots.items())
            ],
        }

    @staticmethod
    def held_readings(data: object) -> bool:
        """Whether stored data is anything but a ledger that had read nothing yet.

        Data that holds readings rebuilds a started ledger; if it does not, it was unreadable.
        """
        if data is None:
            return False
        return not isinstance(data, Mapping) or data.get("newest") is not None

    @classmethod
    def from_dict(cls, data: object) -> EnergyLedger:
        """Rebuild from `as_dict` output; never raises.

        What cannot be read starts again from the next reading as a baseline, keeping the closed
        totals when they are readable: a total never goes backwards for a state it can read.
        """
        ledger = cls()
        if not isinstance(data, Mapping) or data.get("version") != _STATE_VERSION:
            return ledger
        try:
            closed = [stored_kwh(value) for value in data["closed"]]
            if len(closed) != len(MODES):
                return ledger
            ledger.closed = closed
            newest = data["newest"]
            slots: dict[Slot, HourRecord] = {}
            for day, hour, start, base, seen in data["slots"]:
                slots[(date.fromisoformat(day), _stored_hour(hour))] = HourRecord(
                    stored_int(start), _stored_pair(base), _stored_pair(seen)
                )
            ledger.newest = None if newest is None else date.fromisoformat(newest)
            ledger.latest = _stored_head_time(data["latest"])
            ledger.slots = slots if ledger.newest is not None else {}
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
            return cls(closed=ledger.closed)
        return ledger


def _counted(record: HourRecord) -> float:
    """What a slot counts, both modes."""
    return sum(record.counted(mode) for mode in range(len(MODES)))


def _moment(start: int) -> datetime:
    """A stored start (seconds since 1970) as an aware UTC time."""
    return _EPOCH + timedelta(seconds=start)


def _placed(energy: object, now: object) -> tuple[datetime, datetime, int] | None:
    """(the head's time, Home Assistant's UTC time, the last hour of today started) of a reading.

    Without the head's clock, Home Assistant's local time stands for it, and the hours that
    may have started under any offset within FALLBACK_OFFSET count as started.
    """
    if not isinstance(energy, HourlyEnergy) or not isinstance(now, datetime):
        return None
    if now.tzinfo is None:
        return None
    read_at = energy.read_at if isinstance(energy.read_at, datetime) else now
    if read_at.tzinfo is None:
        return None
    head_time: object = energy.head_time  # callers outside the type checker may pass anything
    if head_time is None:
        local = now.replace(tzinfo=None)
        extra = int(FALLBACK_OFFSET / timedelta(hours=1))
        return local, read_at.astimezone(UTC), min(local.hour + extra, HOURS_PER_DAY - 1)
    if not isinstance(head_time, datetime):
        return None
    return head_time.replace(tzinfo=None), read_at.astimezone(UTC), head_time.hour


def _margin(energy: HourlyEnergy) -> timedelta:
    """How far from midnight a reading must be: wider without the head's clock."""
    return MIDNIGHT_MARGIN + (FALLBACK_OFFSET if energy.head_time is None else timedelta())


def _near_midnight(head_time: datetime, margin: timedelta) -> bool:
    """Whether the reading could belong to the day before or after its date."""
    into_day = head_time - head_time.replace(hour=0, minute=0, second=0, microsecond=0)
    return into_day < margin or timedelta(days=1) - into_day < margin


def _start_of(day: date, hour: int, head_time: datetime, read_at: datetime) -> int:
    """When a head hour began on Home Assistant's clock, in whole hours since 1970 (UTC)."""
    slot_start = datetime(day.year, day.month, day.day, hour)
    moment = read_at + (slot_start - head_time)
    seconds = (moment - _EPOCH).total_seconds()
    return round(seconds / HOUR_SECONDS) * HOUR_SECONDS


def _baseline(value: float | None, started: bool) -> float | None:
    """A slot's baseline at the first reading: what it showed; unknown if started and unread."""
    if value is not None:
        return value
    return None if started else 0.0


def _clean(values: Sequence[float | None], bound: float, glitches: set[str]) -> list[float | None]:
    """A series' usable values; an unusable series is all unknown."""
    checked = checked_series(
        values,
        HOURS_PER_DAY,
        glitches,
        GLITCH_LENGTH,
        lambda value: checked_kwh(value, bound, glitches, GLITCH_TOO_LARGE),
    )
    return list(checked) if checked is not None else []


def _stored_hour(data: object) -> int:
    """A stored hour of the day, else TypeError or ValueError."""
    hour = stored_int(data)
    if not 0 <= hour < HOURS_PER_DAY:
        raise ValueError("not an hour")
    return hour


def _stored_head_time(data: object) -> datetime | None:
    """A stored head time (naive: the head's own wall clock), else TypeError or ValueError."""
    if data is None:
        return None
    moment = datetime.fromisoformat(data)  # type: ignore[arg-type]  # not a str: TypeError
    if moment.tzinfo is not None:
        raise ValueError("the head's time has no zone")
    return moment


def _stored_pair(data: object) -> list[float | None]:
    """A stored per-mode pair of values, each None or a finite, non-negative number."""
    if not isinstance(data, list) or len(data) != len(MODES):
        raise TypeError("not a pair")
    return [None if value is None else stored_kwh(value) for value in data]
