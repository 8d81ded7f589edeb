"""Where a head's memory goes: resident set, and Python's allocations by line and by type.

Run with `scripts/bench --memory`, each measurement in a process of its own (root: the emulated
heads listen on port 80 of their own loopback addresses, 127.0.23.x, not the side-by-side's, so
both can run at once). Each figure is per head, the growth from `HEADS` heads to `HEADS + MORE`
in one Home Assistant instance, each head polled since, after a garbage collection:

- resident set (as `test_side_by_side.py` measures it, without tracing);
- Python's allocations still alive (`tracemalloc`, traced from before the first head, so that a
  poll's new data replacing the old nets out), grouped by the innermost line of ours on the
  allocation's stack (else Home Assistant's, else the library's), with what only the test
  harness keeps (`HARNESS`) apart, and by the objects' types;
- the same for bare sensor entities of a test integration (a unique id, a device per twenty):
  the floor Home Assistant itself puts under every entity of any integration; and for sensors
  described as most of a head's are (device and state class, unit, display precision).
"""

from __future__ import annotations

import gc
import inspect
import sys
import tracemalloc
from collections import Counter
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from _pytest.logging import LogCaptureHandler
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.sensor import SensorDeviceClass, SensorEntity, SensorStateClass
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE, Platform, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    mock_config_flow,
    mock_integration,
    mock_platform,
    mock_storage,
)

from .side_by_side import Heads, emulated_heads
from .test_bench import report
from .test_side_by_side import HISTORY, KINDS, new_entry, poll_round, rss_kib

pytestmark = pytest.mark.benchmark

HEADS = 20
MORE = 30
PREFIX = "127.0.23."
TOP = 60
STACKS = 12
PACKAGE = str(Path(__file__).parents[2] / "custom_components" / "minisplit")
#: Bare sensors per device in the floor measurement (a head has about as many).
PER_DEVICE = 20


def _lines(function: Callable[..., object]) -> tuple[str, range]:
    lines, first = inspect.getsourcelines(function)
    return inspect.getsourcefile(function) or "", range(first, first + len(lines))


#: The test harness's own keeping, which a running Home Assistant has not: the mock storage's
#: copy of every store written, and pytest's captured log records (with their arguments).
HARNESS = (_lines(mock_storage.__wrapped__), _lines(LogCaptureHandler.emit))
#: The groups `where` puts an allocation in.
GROUPS = {
    "ours": "of ours (allocated in our code, or a library it called)",
    "HA for ours": "Home Assistant's, called by ours (entities added, listeners, stores)",
    "HA": "Home Assistant's on its own",
    "lib": "a library's on its own",
    "harness": "the test harness's keeping",
}


def short(frame: tracemalloc.Frame) -> str:
    """A frame as `package/module.py:line`."""
    name = frame.filename.replace(PACKAGE, "minisplit").rpartition("/site-packages/")[2]
    return f"{name.rpartition('/lib/python3')[2]}:{frame.lineno}"


def where(trace: tracemalloc.Traceback) -> tuple[str, str]:
    """Where an allocation belongs (a group of `GROUPS` and a line), and the allocating line.

    The harness's keeping first (the outermost frame of it); then the innermost line of ours on
    the stack ("HA for ours" when Home Assistant's code runs below it), else Home Assistant's,
    else the allocating line.
    """
    allocating = short(trace[-1])
    for frame in trace:
        if any(frame.filename == name and frame.lineno in lines for name, lines in HARNESS):
            place = f"harness {short(frame)}"
            return place, f"{place} > {allocating}"
    innermost_first = list(reversed(trace))
    for prefix, name in ((PACKAGE, "ours"), ("/homeassistant/", "HA")):
        for depth, frame in enumerate(innermost_first):
            if prefix in frame.filename:
                below = innermost_first[:depth]
                ha_below = any("/homeassistant/" in f.filename for f in below)
                group = "HA for ours" if name == "ours" and ha_below else name
                place = f"{group} {short(frame)}"
                return place, f"{place} > {allocating}"
    return f"lib {allocating}", f"lib {allocating}"


def census() -> tuple[Counter[str], Counter[str]]:
    """Live objects tracked by the collector, by type: shallow size in bytes, and count."""
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for obj in gc.get_objects():
        kind = type(obj)
        name = f"{kind.__module__}.{kind.__qualname__}"
        sizes[name] += sys.getsizeof(obj)
        counts[name] += 1
    return sizes, counts


class Growth:
    """What a process holds more after than before: resident set, and traced when tracing.

    The type census is taken before each snapshot, and the first snapshot waits in a file: the
    snapshots' own objects are in neither census.
    """

    def __init__(self, trace: bool, dump: Path) -> None:
        """Measure from now; with `trace`, Python's allocations too (tracemalloc runs)."""
        self.trace = trace
        self.dump = dump
        self.rss = rss_kib()
        if trace:
            self.sizes, self.counts = census()
            tracemalloc.take_snapshot().dump(str(dump))

    def rss_each(self, per: int) -> float:
        """Resident set growth since the start, in KiB per head (or entity)."""
        return (rss_kib() - self.rss) / per

    def report(self, what: str, per: int) -> None:
        """Report the traced growth per head (or entity), by line of ours and by type."""
        if not self.trace:
            return
        sizes, counts = census()
        after = tracemalloc.take_snapshot()
        before = tracemalloc.Snapshot.load(str(self.dump))
        by_where: Counter[str] = Counter()
        by_line: Counter[str] = Counter()
        largest: dict[str, tracemalloc.StatisticDiff] = {}
        for stat in after.compare_to(before, "traceback"):
            place, line = where(stat.traceback)
            by_where[place] += stat.size_diff
            by_line[line] += stat.size_diff
            if line not in largest or stat.size_diff > largest[line].size_diff:
                largest[line] = stat
        del after, before
        total = sum(by_where.values())
        report(f"memory {what}: traced growth {total / per / 1024:.1f} KiB each")
        for group, meaning in GROUPS.items():
            share = sum(v for k, v in by_where.items() if k.rpartition(" ")[0] == group)
            report(f"memory {what}:   {group}: {share / per / 1024:.1f} KiB each: {meaning}")
        by_file: Counter[str] = Counter()
        for place, size in by_where.items():
            if place.startswith("ours "):
                by_file[place.removeprefix("ours ").rpartition(":")[0]] += size
        report(f"memory {what}: of ours, by file:")
        for name, size in by_file.most_common(TOP):
            report(f"memory {what}:   {size / per / 1024:7.2f} KiB  {name}")
        for place, size in by_where.most_common(TOP):
            report(f"memory {what}:   {size / per / 1024:7.2f} KiB  {place}")
        report(f"memory {what}: by the same and the allocating line:")
        for place, size in by_line.most_common(TOP):
            report(f"memory {what}:   {size / per / 1024:7.2f} KiB  {place}")
        report(f"memory {what}: the stack of the largest of the first {STACKS}:")
        for line, _ in by_line.most_common(STACKS):
            frames = " < ".join(short(frame) for frame in reversed(largest[line].traceback))
            report(f"memory {what}:   {line}: {frames}")
        report(f"memory {what}: by type (shallow size, count) each:")
        for kind, size in (sizes - self.sizes).most_common(TOP):
            count = (counts[kind] - self.counts[kind]) / per
            report(f"memory {what}:   {size / per / 1024:7.2f} KiB {count:7.1f}  {kind}")


@asynccontextmanager
async def heads_of(hass: HomeAssistant, kind: str, count: int) -> AsyncGenerator[Heads]:
    """`count` emulated heads of `kind` in another process, on this benchmark's addresses."""
    zone = str(hass.config.time_zone)
    async with emulated_heads(
        KINDS[kind].value, count, dt_util.utcnow(), zone, HISTORY, prefix=PREFIX
    ) as heads:
        yield heads


@pytest.mark.parametrize("trace", [False, True], ids=["rss", "traced"])
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")
@pytest.mark.timeout(900)
async def test_memory_per_head(
    hass: HomeAssistant,
    socket_enabled: None,
    freezer: FrozenDateTimeFactory,
    kind: str,
    trace: bool,
    tmp_path: Path,
) -> None:
    """Heads of one kind, `HEADS` then `HEADS + MORE`: what each added head keeps."""
    if trace:
        tracemalloc.start(30)
    try:
        async with heads_of(hass, kind, HEADS + MORE) as heads:
            entries = [
                new_entry("minisplit", kind, host, index) for index, host in enumerate(heads.hosts)
            ]
            for entry in entries[:HEADS]:
                entry.add_to_hass(hass)
                assert await hass.config_entries.async_setup(entry.entry_id)
            await poll_round(hass, freezer, heads)
            await poll_round(hass, freezer, heads)
            growth = Growth(trace, tmp_path / "before")
            for entry in entries[HEADS:]:
                entry.add_to_hass(hass)
                assert await hass.config_entries.async_setup(entry.entry_id)
            await poll_round(hass, freezer, heads)
            await poll_round(hass, freezer, heads)
            rss = growth.rss_each(MORE)
            registered = er.async_entries_for_config_entry(er.async_get(hass), entries[0].entry_id)
            enabled = sum(not e.disabled for e in registered)
            report(
                f"memory minisplit {kind}{' (traced)' if trace else ''}: RSS growth {HEADS} -> "
                f"{HEADS + MORE} heads {rss:.0f} KiB per head; entities {enabled} enabled of "
                f"{len(registered)}"
            )
            growth.report(f"minisplit {kind}", MORE)
            for entry in entries:
                await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    finally:
        tracemalloc.stop()
    assert rss > 0


class BareSensor(SensorEntity):
    """A sensor with nothing of its own: a unique id, a name, a device, a number."""

    _attr_has_entity_name = True
    _attr_native_value = 21.5

    def __init__(self, index: int) -> None:
        """Name it and put it on a device of `PER_DEVICE` sensors."""
        self._attr_unique_id = f"bare-{index}"
        self._attr_name = f"Reading {index % PER_DEVICE}"
        device = index // PER_DEVICE
        self._attr_device_info = DeviceInfo(identifiers={("test", f"d{device}")}, name=f"D{device}")


class DescribedSensor(BareSensor):
    """A bare sensor with what most of a head's have: a device and state class, a unit, and a
    display precision (which the entity registry keeps as an option)."""

    _attr_device_class = SensorDeviceClass.TEMPERATURE
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_native_unit_of_measurement = UnitOfTemperature.CELSIUS
    _attr_suggested_display_precision = 1


@pytest.mark.parametrize("trace", [False, True], ids=["rss", "traced"])
@pytest.mark.parametrize("described", [False, True], ids=["bare", "described"])
@pytest.mark.timeout(900)
async def test_memory_per_sensor(
    hass: HomeAssistant, described: bool, trace: bool, tmp_path: Path
) -> None:
    """The floor: what Home Assistant keeps per entity of any integration."""
    count = [0]
    sensor = DescribedSensor if described else BareSensor
    what = f"{'described' if described else 'bare'} sensor"

    async def setup_entry(
        hass: HomeAssistant, entry: ConfigEntry, add: AddConfigEntryEntitiesCallback
    ) -> None:
        start = count[0]
        count[0] += entry.data["n"]
        add([sensor(index) for index in range(start, count[0])])

    async def setup_module(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [Platform.SENSOR])
        return True

    mock_integration(hass, MockModule("test", async_setup_entry=setup_module))
    mock_platform(hass, "test.sensor", MockPlatform(async_setup_entry=setup_entry))
    mock_platform(hass, "test.config_flow", None)

    async def add(n: int) -> None:
        entry = MockConfigEntry(domain="test", data={"n": n})
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        # As after the heads' polls: the registries' delayed saves done (an entry saved keeps
        # its stored form), then a garbage collection.
        hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
        await hass.async_block_till_done(wait_background_tasks=True)
        gc.collect()

    if trace:
        tracemalloc.start(30)
    try:
        with mock_config_flow("test", ConfigFlow):
            await add(HEADS * PER_DEVICE)
            growth = Growth(trace, tmp_path / "before")
            sensors = MORE * PER_DEVICE
            await add(sensors)
            rss = growth.rss_each(sensors)
            report(f"memory {what}{' (traced)' if trace else ''}: RSS growth {rss:.1f} KiB each")
            growth.report(what, sensors)
    finally:
        tracemalloc.stop()
    assert count[0] == (HEADS + MORE) * PER_DEVICE
