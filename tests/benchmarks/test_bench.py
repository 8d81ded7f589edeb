"""Measure polling cost, set-up time and event-loop blocking against emulated heads.

Run with `scripts/bench`; the figures go into the README. Nothing here fails on a number: the
assertions only check that the measurement itself happened.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import itertools
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.storage import Store
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.minisplit.companion import CompanionSource
from custom_components.minisplit.const import CONF_PROTOCOL, DOMAIN
from custom_components.minisplit.sensor import CostValueSensor
from emulators.daikin import DaikinEmulator, EmulatorModel, dsiot
from emulators.daikin.const import DSIOT_MODELS

from ..integration.common import next_poll

pytestmark = pytest.mark.benchmark
HEADS = 20
POLL_SECONDS = 20
STATE_SECONDS = 2


def report(line: str) -> None:
    """Print a result line the README quotes."""
    print(f"BENCH {line}", file=sys.stderr)


#: The kinds measured side by side: a classic adapter (two GETs per state poll) and one on
#: firmware 2.8+ speaking /dsiot (one POST carrying both status nodes).
KINDS = (EmulatorModel.CLASSIC, EmulatorModel.DSIOT)

STATE = "state"
INFO = "adapter info"
ENERGY = "energy"
CLOCK = "clock"
CLASSIC_READS = {
    "/aircon/get_sensor_info": STATE,
    "/aircon/get_control_info": STATE,
    "/common/basic_info": INFO,
    "/aircon/get_day_power_ex": ENERGY,
    "/common/get_datetime": CLOCK,
}
DSIOT_STATE = frozenset({dsiot.INDOOR, dsiot.OUTDOOR})
DSIOT_READS = {
    DSIOT_STATE: STATE,
    frozenset({dsiot.ADAPTER_INFO, dsiot.ADAPTER_SETTINGS}): INFO,
    frozenset({dsiot.WEEK_POWER}): ENERGY,
}


def requests_each(count: float) -> str:
    """'1 request each', '2 requests each'."""
    return f"{count:g} request{'' if count == 1 else 's'} each"


def entry_data(model: EmulatorModel, host: str) -> dict[str, str]:
    """What the config flow stores for a head of this kind."""
    data = {CONF_HOST: host}
    if model in DSIOT_MODELS:
        data[CONF_PROTOCOL] = "daikin_dsiot"
    return data


def what_was_read(emulator: DaikinEmulator, since: int, bodies_since: int) -> list[str]:
    """What each HTTP request the head received since then read, in order.

    Classic: by path. /dsiot: every request is the same POST; what it read is the set of targets
    in its JSON body (a body reading anything else, or writing, is named by its targets).
    """
    requests = emulator.requests[since:]
    if emulator.model not in DSIOT_MODELS:
        return [CLASSIC_READS.get(path, path) for path, _ in requests]
    bodies = emulator.dsiot.bodies[bodies_since:]
    assert len(bodies) == len(requests), "every /dsiot request carries one JSON body"
    kinds = []
    for body in bodies:
        items = body["requests"]
        targets = frozenset(item["to"].partition("?")[0] for item in items)
        reads = all(item.get("op") == 2 for item in items)
        if reads and targets >= DSIOT_STATE:
            targets = DSIOT_STATE  # what it carried besides: `carried`
        name = DSIOT_READS.get(targets) if reads else None
        kinds.append(name or ("read " if reads else "write ") + ",".join(sorted(targets)))
    return kinds


def carried(emulator: DaikinEmulator, bodies_since: int) -> list[str]:
    """What the /dsiot state polls since then carried besides the state (adapter info, energy)."""
    kinds = []
    for body in emulator.dsiot.bodies[bodies_since:]:
        targets = frozenset(item["to"].partition("?")[0] for item in body["requests"])
        if targets > DSIOT_STATE:
            kinds += [kind for nodes, kind in DSIOT_READS.items() if nodes <= targets - DSIOT_STATE]
    return kinds


def count_state_reads(driver: Any) -> list[int]:
    """Count the driver's state reads (one per state poll) in a one-element list."""
    reads = [0]
    original = driver.async_read_state

    async def counted() -> Any:
        reads[0] += 1
        return await original()

    driver.async_read_state = counted
    return reads


@pytest.mark.parametrize("emulator_model", [*KINDS, *sorted(DSIOT_MODELS - set(KINDS))])
@pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")
async def test_requests_per_hour(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """One simulated hour of steady polling: every request the head got, by what it read.

    Counts are exact (no timing in them), so the promises of the issue are asserted: energy at
    most once per 10 minutes for every kind, and on /dsiot one request per state poll and no
    other: the adapter info and energy ride in it when due. Cheap, so
    every /dsiot kind is counted (the other measurements take the full `dsiot` kind).
    """
    kind = emulator.model.value
    polls = count_state_reads(init_integration.runtime_data.driver)
    emulator.requests.clear()
    emulator.dsiot.bodies.clear()
    per_minute: list[list[str]] = []
    carried_per_minute: list[list[str]] = []
    polls_per_minute: list[int] = []
    for _ in range(60):
        requests, bodies, before = len(emulator.requests), len(emulator.dsiot.bodies), polls[0]
        await next_poll(hass, freezer, timedelta(minutes=1))
        per_minute.append(what_was_read(emulator, requests, bodies))
        carried_per_minute.append(carried(emulator, bodies))
        polls_per_minute.append(polls[0] - before)
    reads = [read for minute in per_minute for read in minute]
    by_kind = {name: reads.count(name) for name in (STATE, INFO, ENERGY, CLOCK)}
    carried_reads = [read for minute in carried_per_minute for read in minute]
    carried_by_kind = {name: carried_reads.count(name) for name in (INFO, ENERGY)}
    others = sorted(set(reads) - set(by_kind))
    per_path: dict[str, int] = {}
    for path, _ in emulator.requests:
        per_path[path] = per_path.get(path, 0) + 1
    energy_minutes = [
        minute
        for minute, (reads, carried_reads) in enumerate(
            zip(per_minute, carried_per_minute, strict=True)
        )
        if ENERGY in reads or ENERGY in carried_reads
    ]
    state_polls = sum(polls_per_minute)
    report(
        f"{kind}: requests per hour per head: {len(reads)} = state polls {by_kind[STATE]} "
        f"({state_polls} polls, {requests_each(by_kind[STATE] / state_polls)}) + adapter info "
        f"{by_kind[INFO]} + energy {by_kind[ENERGY]}"
        f"{f' + head clock {by_kind[CLOCK]}' if by_kind[CLOCK] else ''}"
        f"{f' + other {others}' if others else ''}; "
        f"carried in state polls: adapter info {carried_by_kind[INFO]}, energy "
        f"{carried_by_kind[ENERGY]}; HTTP paths {per_path}; energy read at minutes "
        f"{energy_minutes}"
    )
    assert state_polls == 60
    assert not others
    energy_reads = by_kind[ENERGY] + carried_by_kind[ENERGY]
    assert len(energy_minutes) == energy_reads, "at most one energy read a minute"
    gaps = [later - earlier for earlier, later in itertools.pairwise(energy_minutes)]
    assert all(gap >= 10 for gap in gaps), f"energy read more often than every 10 min: {gaps}"
    assert energy_reads <= 6
    assert by_kind[CLOCK] <= 1, "the head's clock is read at most once an hour"
    if emulator.model in DSIOT_MODELS:
        # Minute by minute: every state poll was exactly one request, and nothing else was
        # asked: the adapter info and the energy rode in state polls, each every 10 minutes.
        assert [len(m) for m in per_minute] == polls_per_minute
        assert by_kind[STATE] == state_polls
        assert by_kind[INFO] == by_kind[ENERGY] == 0
        assert 5 <= carried_by_kind[INFO] <= 6
        assert 5 <= carried_by_kind[ENERGY] <= 6


@pytest.mark.parametrize("emulator_model", KINDS)
async def test_poll_latency_and_setup_time(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    kind = emulator.model.value
    coordinator = init_integration.runtime_data.state
    latencies = []
    requests_before = len(emulator.requests)
    for _ in range(50):
        started = time.perf_counter()
        await coordinator.async_refresh()
        latencies.append(time.perf_counter() - started)
    per_poll = (len(emulator.requests) - requests_before) / len(latencies)
    report(
        f"{kind}: poll latency against the emulator: mean {statistics.mean(latencies) * 1000:.1f} "
        f"ms, max {max(latencies) * 1000:.1f} ms over {len(latencies)} polls "
        f"({requests_each(per_poll)})"
    )
    if emulator.model in DSIOT_MODELS:
        assert per_poll == 1

    # Each set-up is a new head (its own MAC): with the MAC of the head already set up, every
    # entity's unique ID is taken, Home Assistant refuses them all and the set-up adds none.
    setups = []
    requests_before = len(emulator.requests)
    for index in range(10):
        emulator.mac = f"A4B1C2D3{index:04X}"
        entry = MockConfigEntry(
            domain=DOMAIN,
            unique_id=f"bench-{index}",
            data=entry_data(emulator.model, emulator.host),
        )
        entry.add_to_hass(hass)
        started = time.perf_counter()
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        setups.append(time.perf_counter() - started)
        await hass.config_entries.async_unload(entry.entry_id)
    assert not any("does not generate unique IDs" in record.message for record in caplog.records), (
        "a set-up measured added no entities"
    )
    per_setup = (len(emulator.requests) - requests_before) / len(setups)
    report(
        f"{kind}: entry set-up: mean {statistics.mean(setups) * 1000:.0f} ms, "
        f"max {max(setups) * 1000:.0f} ms over {len(setups)} set-ups ({requests_each(per_setup)})"
    )


CLI_RUNS = 30
CLI_ARGS = (
    "estimate",
    "--mode",
    "heat",
    "--outdoor-f",
    "17",
    "--delivered-btuh",
    "9000",
    "--hspf",
    "10",
)


def test_cost_command_line_against_a_bare_interpreter(tmp_path: Path) -> None:
    """One `estimate` call against a bare interpreter printing a number, in this .venv.

    As installed: with bytecode caches (kept in a temporary prefix, not in the tree; this
    machine's PYTHONDONTWRITEBYTECODE would otherwise compile every module on every call).
    The two commands alternate, so the load of the shared machine falls on both alike; CPU time
    (user + system of the child) is steadier than wall time on it, both are reported.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    root = Path(__file__).parent.parent.parent
    commands = {
        "bare": [sys.executable, "-c", "print(1)"],
        "cli": [sys.executable, "-m", "custom_components.minisplit.costcore", *CLI_ARGS],
    }
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in commands}
    for _ in range(CLI_RUNS + 1):
        for name, command in commands.items():
            started = time.perf_counter()
            process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE)
            assert process.stdout is not None
            out = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            assert process.returncode == 0, out
            wall = time.perf_counter() - started
            times[name][0].append(usage.ru_utime + usage.ru_stime)
            times[name][1].append(wall)
    medians = {
        name: (statistics.median(cpu[1:]), statistics.median(wall[1:]))  # the first warms up
        for name, (cpu, wall) in times.items()
    }
    (bare_cpu, bare_wall), (cli_cpu, cli_wall) = medians["bare"], medians["cli"]
    report(
        f"cost command line (`estimate`), median of {CLI_RUNS} alternating runs in .venv: "
        f"{cli_cpu * 1000:.1f} ms CPU ({cli_wall * 1000:.1f} ms wall) against a bare interpreter "
        f"printing a number {bare_cpu * 1000:.1f} ms CPU ({bare_wall * 1000:.1f} ms wall): "
        f"{cli_cpu / bare_cpu:.2f}x CPU, {cli_wall / bare_wall:.2f}x wall (target 2x)"
    )
    assert cli_cpu > 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVE_HEADS = """
import asyncio, signal, sys
from emulators.daikin import DaikinEmulator, Faults

async def main() -> None:
    heads = []
    model = sys.argv[1]
    for index, port in enumerate(sys.argv[2:]):
        emulator = DaikinEmulator(model, mac=f"A4B1C2D3{index:04X}", name=f"Head {index}")
        emulator.faults.latency = 0.05
        await emulator.start(host="127.0.0.1", port=int(port))
        heads.append(emulator)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    for emulator in heads:
        await emulator.stop()

asyncio.run(main())
"""


@pytest.fixture
async def emulator_processes(
    socket_enabled: None, emulator_model: EmulatorModel
) -> AsyncGenerator[list[str]]:
    """HEADS emulated heads of a kind in one other process: only Home Assistant on our loop."""
    ports = [free_port() for _ in range(HEADS)]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SERVE_HEADS,
        emulator_model.value,
        *map(str, ports),
        stdout=asyncio.subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    for port in ports:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.05)
    yield [f"127.0.0.1:{port}" for port in ports]
    process.terminate()
    await process.wait()


def callback_name(callback: Any) -> str:
    """Name what a loop callback runs: a task's coroutine (outermost and innermost), or a function.

    A task's step is an opaque wrapper in C; the task is among what it references.
    """
    task = getattr(callback, "__self__", None)
    if not isinstance(task, asyncio.Task):
        referents = gc.get_referents(callback)
        task = next((ref for ref in referents if isinstance(ref, asyncio.Task)), None)
    if isinstance(task, asyncio.Task):
        coro: Any = task.get_coro()
        names = [_qualified(coro)]
        while (inner := getattr(coro, "cr_await", None)) is not None and hasattr(inner, "cr_code"):
            coro = inner
        if (innermost := _qualified(coro)) != names[0]:
            names.append(innermost)
        return "task " + " > ".join(names)
    while isinstance(callback, functools.partial):
        callback = callback.func
    target = getattr(callback, "target", None)  # a HassJob
    return _qualified(target if target is not None else callback)


def _qualified(thing: Any) -> str:
    """module.qualname of a function, bound method or coroutine; repr() of anything else."""
    frame = getattr(thing, "cr_frame", None)
    code = getattr(thing, "cr_code", None) or getattr(thing, "__code__", None)
    function = getattr(thing, "__func__", thing)
    module = getattr(function, "__module__", None) or (
        frame.f_globals.get("__name__")
        if frame is not None
        else code.co_filename.rpartition("site-packages/")[2].removesuffix(".py").replace("/", ".")
        if code is not None
        else None
    )
    name = getattr(thing, "__qualname__", None) or (code.co_qualname if code else None)
    if module is None or name is None:
        return repr(thing)[:120]
    return f"{module}.{name}"


#: Callbacks that belong to polling: our code, the coordinators, and the HTTP client that talks to
#: the heads (the emulators run in another process, so all client traffic here is polling).
POLL_MARKERS = ("custom_components.minisplit", "update_coordinator", "aiohttp")


class LoopRecorder:
    """Times every loop callback (thread CPU), names the longest, and times garbage collection."""

    def __init__(self) -> None:
        self.longest: tuple[float, str] = (0.0, "")
        self.longest_poll: tuple[float, str] = (0.0, "")
        self.callbacks = 0
        self.gc_pauses: list[float] = []
        self.gc_in_longest = 0.0
        self._gc_started = 0.0
        self._gc_in_callback = 0.0
        self._original_run = asyncio.events.Handle._run

    def _gc(self, stage: str, info: dict[str, int]) -> None:
        if stage == "start":
            self._gc_started = time.perf_counter()
        else:
            pause = time.perf_counter() - self._gc_started
            self.gc_pauses.append(pause)
            self._gc_in_callback += pause

    def __enter__(self) -> LoopRecorder:
        original_run = self._original_run
        recorder = self

        def timed_run(handle: asyncio.Handle) -> None:
            recorder._gc_in_callback = 0.0
            callback = handle._callback  # type: ignore[attr-defined]  # a timer may clear it
            started = time.thread_time()
            original_run(handle)
            elapsed = time.thread_time() - started
            recorder.callbacks += 1
            if elapsed > recorder.longest_poll[0] or elapsed > recorder.longest[0]:
                name = callback_name(callback)
                if elapsed > recorder.longest[0]:
                    recorder.longest = (elapsed, name)
                    recorder.gc_in_longest = recorder._gc_in_callback
                if elapsed > recorder.longest_poll[0] and any(m in name for m in POLL_MARKERS):
                    recorder.longest_poll = (elapsed, name)

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]
        gc.callbacks.append(self._gc)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.events.Handle._run = self._original_run  # type: ignore[method-assign]
        gc.callbacks.remove(self._gc)

    def summary(self) -> str:
        if not self.callbacks:
            return "nothing pending, nothing ran"
        cpu, name = self.longest
        poll_cpu, poll_name = self.longest_poll
        gc_max = max(self.gc_pauses, default=0.0)
        return (
            f"longest poll callback {poll_cpu * 1000:.2f} ms ({poll_name or 'none'}); "
            f"longest callback of any kind {cpu * 1000:.2f} ms ({name}, of which garbage "
            f"collection {self.gc_in_longest * 1000:.2f} ms); garbage collection: "
            f"{len(self.gc_pauses)} pauses, longest {gc_max * 1000:.2f} ms, "
            f"total {sum(self.gc_pauses) * 1000:.1f} ms; {self.callbacks} callbacks"
        )


class WriteCounter:
    """Counts entity state writes (`_async_write_ha_state` calls) and the changes they made."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.hass = hass
        self.writes: dict[str, int] = {}
        self.changes = 0
        self._original = Entity._async_write_ha_state
        self._unsubscribe: Callable[[], None] | None = None

    def __enter__(self) -> WriteCounter:
        original = self._original
        writes = self.writes

        def counted(entity: Entity) -> None:
            kind = (
                "cost sensors"
                if isinstance(entity, CostValueSensor)
                else entity.entity_id.partition(".")[0]
            )
            writes[kind] = writes.get(kind, 0) + 1
            original(entity)

        def changed(event: object) -> None:
            self.changes += 1

        Entity._async_write_ha_state = counted  # type: ignore[method-assign]
        self._unsubscribe = self.hass.bus.async_listen("state_changed", changed)  # type: ignore[arg-type]
        return self

    def __exit__(self, *exc: object) -> None:
        Entity._async_write_ha_state = self._original  # type: ignore[method-assign]
        if self._unsubscribe is not None:
            self._unsubscribe()


class PendingSaves:
    """The stores with a delayed save pending (Home Assistant's registries save 10 s later)."""

    def __init__(self) -> None:
        self.stores: dict[int, Store[Any]] = {}
        self._original = Store.async_delay_save

    def __enter__(self) -> PendingSaves:
        original = self._original
        stores = self.stores

        def delay_save(store: Store[Any], *args: Any, **kwargs: Any) -> None:
            stores[id(store)] = store
            original(store, *args, **kwargs)

        Store.async_delay_save = delay_save  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Store.async_delay_save = self._original  # type: ignore[method-assign]

    def pending(self) -> list[str]:
        """Stores still to write, except the cost trackers' (each sample postpones theirs 60 s)."""
        return sorted(
            store.key
            for store in self.stores.values()
            if (store._data is not None or store._write_lock.locked())
            and not store.key.startswith(f"{DOMAIN}.cost.")
        )


@pytest.mark.parametrize("emulator_model", KINDS)
async def test_twenty_heads_do_not_block_the_event_loop(
    hass: HomeAssistant, emulator_processes: list[str], emulator_model: EmulatorModel
) -> None:
    """Set-up, its delayed saves and steady polling, measured apart, with callbacks named.

    Lateness: a task sleeps 1 ms at a time and records how late it wakes. It includes the time
    the operating system gave the other process (the emulators) on this 2-core machine. The CPU
    time of each callback (thread time) is what a callback really held the loop for.
    """
    loop = asyncio.get_running_loop()
    loop.set_debug(False)  # debug mode (on in tests) slows every callback; measure the real thing
    kind = emulator_model.value
    entries = []
    for index, host in enumerate(emulator_processes):
        data = entry_data(emulator_model, host)
        entry = MockConfigEntry(domain=DOMAIN, unique_id=f"head-{index}", data=data)
        entry.add_to_hass(hass)
        entries.append(entry)
    saves = PendingSaves()
    saves.__enter__()

    async def measure(phase: Callable[[], Awaitable[object]]) -> tuple[list[float], LoopRecorder]:
        lags: list[float] = []
        done = asyncio.Event()

        async def watch() -> None:
            while not done.is_set():
                started = time.perf_counter()
                await asyncio.sleep(0.001)
                lags.append(time.perf_counter() - started - 0.001)

        watcher = asyncio.create_task(watch())
        with LoopRecorder() as recorder:
            await phase()
        done.set()
        await watcher
        return sorted(lags), recorder

    async def set_up() -> None:
        await asyncio.gather(*(hass.config_entries.async_setup(e.entry_id) for e in entries))
        await hass.async_block_till_done()

    async def delayed_saves() -> None:
        deadline = time.monotonic() + 30
        while saves.pending() and time.monotonic() < deadline:  # noqa: ASYNC110 (a poll)
            await asyncio.sleep(0.1)

    def speed_up() -> None:
        # Production polling, sped up: every coordinator on its own timer (Home Assistant spreads
        # them over the second), state every 2 s instead of 60, adapter and energy every 4 s.
        for entry in entries:
            entry.runtime_data.state.update_interval = timedelta(seconds=STATE_SECONDS)
            entry.runtime_data.adapter.update_interval = timedelta(seconds=2 * STATE_SECONDS)

    async def poll() -> None:
        speed_up()
        for entry in entries:
            await entry.runtime_data.state.async_refresh()
            await entry.runtime_data.adapter.async_refresh()
        await asyncio.sleep(POLL_SECONDS)

    async def set_up_again() -> None:
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)
        await set_up()

    phases = (
        ("first set-up of all heads (cold: imports, translations)", set_up),
        ("their delayed saves (registries, 10 s after set-up)", delayed_saves),
        ("set-up of all heads again (warm)", set_up_again),
        ("its delayed saves", delayed_saves),
        (f"{POLL_SECONDS} s of steady polling", poll),
    )
    for name, phase in phases:
        lags, recorder = await measure(phase)
        lags = lags or [0.0]  # nothing was pending: the phase ended at once
        report(
            f"{kind}: {HEADS} heads, {name}: {recorder.summary()}; loop lateness max "
            f"{lags[-1] * 1000:.1f} ms, 99th percentile {lags[int(len(lags) * 0.99)] * 1000:.2f} "
            f"ms over {len(lags)} samples"
        )
    saves.__exit__()
    assert not saves.pending()

    # CPU per poll and entity writes per poll: steady polling again, without the lateness
    # watcher or the callback timing, so the process's CPU time is polling's own.
    requests_before = sum(e.runtime_data.driver.requests_sent for e in entries)
    polls_before = sum(e.runtime_data.cost.samples for e in entries)
    with WriteCounter(hass) as counter:
        cpu_started = time.process_time()
        await asyncio.sleep(POLL_SECONDS)
        cpu = time.process_time() - cpu_started
    polls = sum(e.runtime_data.cost.samples for e in entries) - polls_before
    requests = sum(e.runtime_data.driver.requests_sent for e in entries) - requests_before
    writes = sum(counter.writes.values())
    kinds = ", ".join(f"{what} {n / polls:.1f}" for what, n in sorted(counter.writes.items()))
    report(
        f"{kind}: {HEADS} heads, {POLL_SECONDS} s of steady polling (state every "
        f"{STATE_SECONDS} s, adapter every {2 * STATE_SECONDS} s): {polls} state polls, "
        f"{requests} requests; CPU per state poll per head {cpu / polls * 1000:.2f} ms (process "
        f"time, adapter polls included); entity state writes per poll {writes / polls:.1f} "
        f"({kinds}), of which changed a state {counter.changes / polls:.1f}"
    )
    sent = sum(e.runtime_data.driver.requests_sent for e in entries)
    report(f"{kind}: {HEADS} heads: {sent} requests answered, all heads available")
    assert all(e.runtime_data.state.last_update_success for e in entries)
    assert polls
    for entry in entries:
        await hass.config_entries.async_unload(entry.entry_id)


COMPANIONS = 20
SOURCE_CHANGE_SECONDS = 10


@pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")
async def test_twenty_companions_on_sources_changing_every_10_s(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """20 companions whose climate entities change every 10 s: the callbacks, per change."""
    hass.states.async_set("weather.home", "cloudy", {"temperature": 2.0, "temperature_unit": "°C"})
    for index in range(COMPANIONS):
        climate = f"climate.unit_{index}"
        er.async_get(hass).async_get_or_create(
            "climate", "other_ac", f"u{index}", suggested_object_id=f"unit_{index}"
        )
        hass.states.async_set(climate, "heat", {"current_temperature": 20.0, "temperature": 21.0})
        entry = MockConfigEntry(
            domain=DOMAIN,
            unique_id=f"companion-{climate}",
            title=f"Unit {index}",
            data={"kind": "companion", "climate_entity": climate, "outdoor_entity": "weather.home"},
            options={"hspf": 10.0, "heating_capacity_btuh": 12000, "price_per_kwh": 0.2},
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    durations: list[float] = []
    real_notify = CompanionSource._notify

    def timed(self: CompanionSource) -> None:
        # CPU time: the frozen clock stops perf_counter.
        started = time.thread_time()
        real_notify(self)
        durations.append(time.thread_time() - started)

    writes = 0

    def count(event: object) -> None:
        nonlocal writes
        writes += 1

    unsubscribe = hass.bus.async_listen("state_changed", count)  # type: ignore[arg-type]
    CompanionSource._notify = timed  # type: ignore[method-assign]
    changes = 0
    try:
        for step in range(60):  # ten simulated minutes
            for index in range(COMPANIONS):
                room = 20.0 + (step % 4) * 0.5
                hass.states.async_set(
                    f"climate.unit_{index}",
                    "heat",
                    {"current_temperature": room, "temperature": 21.0},
                )
                changes += 1
            freezer.tick(timedelta(seconds=SOURCE_CHANGE_SECONDS))
            async_fire_time_changed(hass)
            await hass.async_block_till_done()
        relevant = len(durations)
        # Changes the estimate does not read (a fan mode): the cheap path, no estimate.
        for step in range(10):
            for index in range(COMPANIONS):
                hass.states.async_set(
                    f"climate.unit_{index}",
                    "heat",
                    {"current_temperature": 21.5, "temperature": 21.0, "fan_mode": str(step)},
                )
            await hass.async_block_till_done()
        irrelevant = len(durations) - relevant  # the room stays as the last step left it
    finally:
        CompanionSource._notify = real_notify  # type: ignore[method-assign]
        unsubscribe()
    computed = sum(
        entry.runtime_data.cost.estimates for entry in hass.config_entries.async_entries(DOMAIN)
    )
    report(
        f"{COMPANIONS * 10} changes of an attribute the estimate does not read: "
        f"{irrelevant} estimates; estimates computed in all: {computed} for {changes} relevant "
        f"source changes (ticks with nothing changed reuse the last one)"
    )
    durations = durations[:relevant]
    source_writes = writes - changes
    report(
        f"{COMPANIONS} companions, sources changing every {SOURCE_CHANGE_SECONDS} s: "
        f"{len(durations)} estimates for {changes} source changes (ticks included), longest "
        f"callback {max(durations) * 1000:.2f} ms, mean {statistics.mean(durations) * 1000:.3f} "
        f"ms; {source_writes / changes:.1f} sensor writes per source change"
    )
    assert durations
