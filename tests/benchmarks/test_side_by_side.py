"""Home Assistant's core `daikin` integration and minisplit, measured against the same heads.

Run by `scripts/bench --core`, in `.venv-bench` (the test stack plus pydaikin, which is never a
dependency of minisplit or of the test legs): each integration and kind in its own process, so
that one's memory is not the other's. Each cell writes a JSON line to the file named by
`MINISPLIT_BENCH_RESULTS`, from which `side_by_side.py` prints the table.

What each figure is:
- state_changed per head per hour: `EVENT_STATE_CHANGED` over a simulated hour (the freezer, one
  minute at a time) after set-up, at each integration's default intervals;
- requests per head per hour: counted at the emulators, by what they read; again with core's
  state poll at minisplit's 60 s;
- CPU per state poll per head: process time of the simulated hour over the state polls in it
  (other polls included; the emulators run in another process);
- memory per head: resident set growth from 20 heads to 50, after a garbage collection;
- set-up per entry: the 20 entries set up one after the other; longest loop callback: of the
  set-up, in wall time (core daikin's waits without using CPU), named with what it waited in;
- requests per command: a target temperature, then an HVAC mode, on one head.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
    HVACMode,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    CONF_HOST,
    EVENT_STATE_CHANGED,
    Platform,
)
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.minisplit.const import CONF_PROTOCOL, DOMAIN
from emulators.daikin import EmulatorModel

from .side_by_side import Heads, core_sees_only_loopback, emulated_heads
from .test_bench import callback_name, report

pytestmark = pytest.mark.benchmark

HEADS = 20
MORE_HEADS = 50
#: The energy the heads have measured before the benchmark: pydaikin reads energy only from a
#: head whose last seven days (or two years) show some.
HISTORY = timedelta(days=1)
# The emulated heads' weather: a daily mean of 8 degC (they modulate), then 16 degC (below their
# minimum speed they stop and start).
MILD_OUTDOOR_C = 16.0
KINDS = {"classic": EmulatorModel.CLASSIC, "dsiot": EmulatorModel.DSIOT}


def wall_clock() -> float:
    """Seconds on the monotonic clock, which the freezer leaves alone (unlike `perf_counter`)."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def rss_kib() -> int:
    """This process's resident set now, in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


async def poll_round(hass: HomeAssistant, freezer: FrozenDateTimeFactory, heads: Heads) -> None:
    """Two minutes on (each integration's state poll is due), then a garbage collection."""
    for _ in range(2):
        await heads.advance(60)
        freezer.tick(timedelta(minutes=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
    gc.collect()


class LongestCallback:
    """The longest loop callback in wall time (a blocking wait uses no CPU), and what it ran.

    A thread looks at the loop's stack while a callback runs for over 0.1 s, and names the
    innermost function of ours or of a library it finds there: what the loop waits in.
    """

    def __init__(self) -> None:
        self.longest: tuple[float, str] = (0.0, "")
        self._original_run = asyncio.events.Handle._run
        self._started: float | None = None
        self._blocked_in: set[str] = set()
        self._stop = threading.Event()
        self._loop_thread = threading.get_ident()
        self._watcher = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            started = self._started
            if started is None or wall_clock() - started < 0.1:
                continue
            frame = sys._current_frames().get(self._loop_thread)
            while frame is not None:
                name = frame.f_globals.get("__name__", "")
                if name.split(".")[0] in {"pydaikin", "custom_components", "homeassistant"}:
                    self._blocked_in.add(f"{name}.{frame.f_code.co_qualname}")
                    break
                frame = frame.f_back

    def __enter__(self) -> LongestCallback:
        original_run = self._original_run

        def timed_run(handle: asyncio.Handle) -> None:
            callback = handle._callback  # type: ignore[attr-defined]  # a timer may clear it
            self._blocked_in = set()
            self._started = started = wall_clock()
            original_run(handle)
            self._started = None
            elapsed = wall_clock() - started
            if elapsed > self.longest[0]:
                blocked = f", blocked in {', '.join(sorted(self._blocked_in))}"
                name = callback_name(callback) + (blocked if self._blocked_in else "")
                self.longest = (elapsed, name)

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]
        self._watcher.start()
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.events.Handle._run = self._original_run  # type: ignore[method-assign]
        self._stop.set()
        self._watcher.join()


def save(result: dict[str, Any]) -> None:
    """Add a cell's figures to the results file `scripts/bench` names, if it names one."""
    if path := os.environ.get("MINISPLIT_BENCH_RESULTS"):
        with open(path, "a", encoding="utf-8") as results:
            results.write(json.dumps(result) + "\n")


def state_coordinator(integration: str, entry: MockConfigEntry) -> DataUpdateCoordinator[Any]:
    """The coordinator that reads a head's state: core's only one, minisplit's `state`."""
    runtime = entry.runtime_data
    return runtime if integration == "core" else runtime.state  # type: ignore[no-any-return]


def count_polls(coordinators: list[DataUpdateCoordinator[Any]]) -> list[int]:
    """Count the state polls of these coordinators in a one-element list."""
    polls = [0]
    for coordinator in coordinators:
        original = coordinator._async_update_data

        async def counted(original: Callable[[], Any] = original) -> Any:
            polls[0] += 1
            return await original()

        coordinator._async_update_data = counted  # type: ignore[method-assign]
    return polls


def new_entry(integration: str, kind: str, host: str, index: int) -> MockConfigEntry:
    """The entry each integration's config flow makes for the head at `host`."""
    mac = f"a4b1c2d3{index:04x}"
    if integration == "core":
        return MockConfigEntry(domain="daikin", unique_id=mac, data={CONF_HOST: host, "mac": mac})
    data = {CONF_HOST: host} | ({CONF_PROTOCOL: "daikin_dsiot"} if kind == "dsiot" else {})
    return MockConfigEntry(domain=DOMAIN, unique_id=mac, data=data)


async def simulated_hour(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, heads: Heads, polls: list[int]
) -> tuple[Counter[str], Counter[str], int, float]:
    """One simulated hour, a minute at a time: state changes, requests by what they read, state
    polls and process time."""
    changes: Counter[str] = Counter()

    def changed(event: Event[Any]) -> None:
        # By what the entity is, not which head: "sensor.head_3_inside_temperature" counts as
        # "sensor.head_#_inside_temperature".
        changes[re.sub(r"\d+", "#", event.data["entity_id"])] += 1

    await heads.count()
    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, changed)
    polls_before = polls[0]
    cpu_started = time.process_time()
    for _ in range(60):
        await heads.advance(60)
        freezer.tick(timedelta(minutes=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
    cpu = time.process_time() - cpu_started
    unsubscribe()
    reads: Counter[str] = Counter()
    for head in await heads.count():
        reads.update(head)
    return changes, reads, polls[0] - polls_before, cpu


async def requests_per_command(hass: HomeAssistant, heads: Heads, entity_id: str) -> list[int]:
    """Requests the head got for a target temperature, then for an HVAC mode."""
    counts = []
    for service, data in (
        (SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 23.5}),
        (SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: HVACMode.COOL}),
    ):
        await heads.count()
        await hass.services.async_call(
            Platform.CLIMATE, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
        )
        await hass.async_block_till_done()
        counts.append(sum(sum(head.values()) for head in await heads.count()))
    return counts


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("integration", ["core", "minisplit"])
@pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")
@pytest.mark.timeout(900)
async def test_side_by_side(
    hass: HomeAssistant,
    socket_enabled: None,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    integration: str,
    kind: str,
) -> None:
    """One integration against 20 (then 50) emulated heads of one kind: the issue's figures."""
    if integration == "core":
        core_sees_only_loopback(monkeypatch)
    asyncio.get_running_loop().set_debug(False)  # measure the real thing, not debug mode
    heads_now = dt_util.utcnow()
    zone = str(hass.config.time_zone)
    async with emulated_heads(KINDS[kind].value, MORE_HEADS, heads_now, zone, HISTORY) as heads:
        entries = [
            new_entry(integration, kind, host, index) for index, host in enumerate(heads.hosts)
        ]
        first, more = entries[:HEADS], entries[HEADS:]
        setup_times = []
        with LongestCallback() as longest:
            for entry in first:
                entry.add_to_hass(hass)
                started = wall_clock()
                assert await hass.config_entries.async_setup(entry.entry_id)
                setup_times.append(wall_clock() - started)
            await hass.async_block_till_done()

        # Memory: 20 heads, then 50, each polled once since, after a garbage collection.
        await poll_round(hass, freezer, heads)
        rss_before = rss_kib()
        for entry in more:
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
        await poll_round(hass, freezer, heads)
        rss_per_head = (rss_kib() - rss_before) / len(more)
        for entry in more:
            await hass.config_entries.async_unload(entry.entry_id)

        coordinators = [state_coordinator(integration, entry) for entry in first]
        polls = count_polls(coordinators)
        await simulated_hour(hass, freezer, heads, polls)  # settle: delayed saves, first energy
        changes, reads, state_polls, cpu = await simulated_hour(hass, freezer, heads, polls)
        # A mild hour: below its minimum speed the compressor stops and starts.
        await heads.outdoor(MILD_OUTDOOR_C)
        await simulated_hour(hass, freezer, heads, polls)  # settle into the milder weather
        changes_mild, _, _, _ = await simulated_hour(hass, freezer, heads, polls)
        for coordinator in coordinators:
            coordinator.update_interval = timedelta(seconds=60)
        await poll_round(hass, freezer, heads)
        _, reads_60s, _, _ = await simulated_hour(hass, freezer, heads, polls)
        registered = er.async_entries_for_config_entry(er.async_get(hass), first[0].entry_id)
        climate = next(e.entity_id for e in registered if e.domain == Platform.CLIMATE)
        enabled = sum(not e.disabled for e in registered)
        per_target, per_mode = await requests_per_command(hass, heads, climate)
        assert all(c.last_update_success for c in coordinators)
        for entry in first:
            await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()

    longest_ms, longest_name = longest.longest[0] * 1000, longest.longest[1]
    result = {
        "integration": integration,
        "kind": kind,
        "state_changed_per_head_hour": changes.total() / HEADS,
        "state_changed_per_head_hour_mild": changes_mild.total() / HEADS,
        "requests_per_head_hour": reads.total() / HEADS,
        "requests_per_head_hour_60s": reads_60s.total() / HEADS,
        "cpu_ms_per_poll": cpu / state_polls * 1000,
        "rss_kib_per_head": rss_per_head,
        "setup_ms_per_entry": sum(setup_times) / len(setup_times) * 1000,
        "longest_callback_ms": longest_ms,
        "requests_per_target": per_target,
        "requests_per_mode": per_mode,
        "entities_per_head": [enabled, len(registered)],
    }
    by_read = ", ".join(f"{what} {n / HEADS:g}" for what, n in reads.most_common())
    by_entity = ", ".join(f"{what} {n / HEADS:g}" for what, n in changes.most_common())
    by_entity_mild = ", ".join(f"{what} {n / HEADS:g}" for what, n in changes_mild.most_common())
    report(
        f"side by side, {integration}, {kind}: {HEADS} heads, a simulated hour at default "
        f"intervals: {changes.total() / HEADS:.1f} state changes per head ({by_entity}), in a "
        f"mild hour {changes_mild.total() / HEADS:.1f} ({by_entity_mild}), "
        f"{state_polls / HEADS:g} state "
        f"polls per head, {reads.total() / HEADS:g} requests per head ({by_read}); state every "
        f"60 s: {reads_60s.total() / HEADS:g}; entities per head {enabled} enabled of "
        f"{len(registered)}; CPU per state poll per head "
        f"{result['cpu_ms_per_poll']:.2f} ms; memory per head {rss_per_head:.0f} KiB (RSS "
        f"{HEADS} -> {MORE_HEADS} heads); set-up {result['setup_ms_per_entry']:.0f} ms per "
        f"entry, longest callback {longest_ms:.0f} ms ({longest_name}); requests per command: "
        f"target {per_target}, mode {per_mode}"
    )
    save(result)
    assert state_polls
