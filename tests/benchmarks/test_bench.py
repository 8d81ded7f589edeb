"""Measure polling cost, set-up time and event-loop blocking against emulated heads.

Run with `scripts/bench`; the figures go into the README. Nothing here fails on a number: the
assertions only check that the measurement itself happened.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import statistics
import sys
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.minisplit.companion_source import CompanionSource
from custom_components.minisplit.const import DOMAIN
from emulators.daikin import DaikinEmulator

from ..integration.common import next_poll

pytestmark = pytest.mark.benchmark
HEADS = 20
POLL_SECONDS = 20


def report(line: str) -> None:
    """Print a result line the README quotes."""
    print(f"BENCH {line}", file=sys.stderr)


@pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")
async def test_requests_per_hour(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    emulator.requests.clear()
    for _ in range(60):
        await next_poll(hass, freezer, timedelta(minutes=1))
    per_path: dict[str, int] = {}
    for path, _ in emulator.requests:
        per_path[path] = per_path.get(path, 0) + 1
    report(f"requests per hour per head: {len(emulator.requests)} {per_path}")
    assert emulator.requests


async def test_poll_latency_and_setup_time(
    hass: HomeAssistant, emulator: DaikinEmulator, init_integration: MockConfigEntry
) -> None:
    coordinator = init_integration.runtime_data.state
    latencies = []
    for _ in range(50):
        started = time.perf_counter()
        await coordinator.async_refresh()
        latencies.append(time.perf_counter() - started)
    report(
        f"poll latency against the emulator: mean {statistics.mean(latencies) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms over {len(latencies)} polls (2 requests each)"
    )

    setups = []
    for index in range(10):
        entry = MockConfigEntry(
            domain=DOMAIN, unique_id=f"bench-{index}", data={CONF_HOST: emulator.host}
        )
        entry.add_to_hass(hass)
        started = time.perf_counter()
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        setups.append(time.perf_counter() - started)
        await hass.config_entries.async_unload(entry.entry_id)
    report(
        f"entry set-up: mean {statistics.mean(setups) * 1000:.0f} ms, "
        f"max {max(setups) * 1000:.0f} ms over {len(setups)} set-ups"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVE_HEADS = """
import asyncio, signal, sys
from emulators.daikin import DaikinEmulator, Faults

async def main() -> None:
    heads = []
    for index, port in enumerate(sys.argv[1:]):
        emulator = DaikinEmulator(mac=f"A4B1C2D3{index:04X}", name=f"Head {index}")
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
async def emulator_processes(socket_enabled: None) -> AsyncGenerator[list[str]]:
    """HEADS emulated heads in one other process, so only Home Assistant runs on our loop."""
    ports = [free_port() for _ in range(HEADS)]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SERVE_HEADS,
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


async def test_twenty_heads_do_not_block_the_event_loop(
    hass: HomeAssistant, emulator_processes: list[str]
) -> None:
    loop = asyncio.get_running_loop()
    loop.set_debug(False)  # debug mode (on in tests) slows every callback; measure the real thing
    entries = []
    for index, host in enumerate(emulator_processes):
        entry = MockConfigEntry(domain=DOMAIN, unique_id=f"head-{index}", data={CONF_HOST: host})
        entry.add_to_hass(hass)
        entries.append(entry)

    async def measure(
        phase: Callable[[], Awaitable[object]],
    ) -> tuple[list[float], float, float]:
        """Run `phase`; return the loop's lateness samples and the longest callback's CPU time.

        Lateness: a task sleeps 1 ms at a time and records how late it wakes. It includes the
        time the operating system gave the other process (the emulators) on this 2-core machine.
        The CPU time of each callback (thread time) is what a callback really held the loop for.
        """
        lags: list[float] = []
        longest_cpu = 0.0
        longest_gc = 0.0
        gc_started = 0.0
        done = asyncio.Event()

        def gc_pause(stage: str, info: dict[str, int]) -> None:
            nonlocal gc_started, longest_gc
            if stage == "start":
                gc_started = time.perf_counter()
            else:
                longest_gc = max(longest_gc, time.perf_counter() - gc_started)

        original_run = asyncio.events.Handle._run

        def timed_run(handle: asyncio.Handle) -> None:
            nonlocal longest_cpu
            started = time.thread_time()
            original_run(handle)
            longest_cpu = max(longest_cpu, time.thread_time() - started)

        async def watch() -> None:
            while not done.is_set():
                started = time.perf_counter()
                await asyncio.sleep(0.001)
                lags.append(time.perf_counter() - started - 0.001)

        watcher = asyncio.create_task(watch())
        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]
        gc.callbacks.append(gc_pause)
        try:
            await phase()
        finally:
            asyncio.events.Handle._run = original_run  # type: ignore[method-assign]
            gc.callbacks.remove(gc_pause)
        done.set()
        await watcher
        return sorted(lags), longest_cpu, longest_gc

    async def set_up() -> None:
        await asyncio.gather(*(hass.config_entries.async_setup(e.entry_id) for e in entries))
        await hass.async_block_till_done()

    async def poll() -> None:
        # Production polling, sped up: every coordinator on its own timer (Home Assistant spreads
        # them over the second), state every 2 s instead of 60, adapter and energy every 4 s.
        for entry in entries:
            entry.runtime_data.state.update_interval = timedelta(seconds=2)
            entry.runtime_data.adapter.update_interval = timedelta(seconds=4)
            await entry.runtime_data.state.async_refresh()
            await entry.runtime_data.adapter.async_refresh()
        await asyncio.sleep(POLL_SECONDS)

    async def set_up_again() -> None:
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)
        await set_up()

    phases = (
        ("first set-up of all heads (cold: imports, translations)", set_up),
        ("set-up of all heads again (warm)", set_up_again),
        (f"{POLL_SECONDS} s of polling", poll),
    )
    for name, phase in phases:
        lags, longest_cpu, longest_gc = await measure(phase)
        report(
            f"{HEADS} heads, {name}: longest callback {longest_cpu * 1000:.1f} ms of CPU "
            f"(longest garbage collection inside it or elsewhere {longest_gc * 1000:.1f} ms); "
            f"loop lateness max {lags[-1] * 1000:.1f} ms, "
            f"99th percentile {lags[int(len(lags) * 0.99)] * 1000:.2f} ms "
            f"over {len(lags)} samples"
        )
    sent = sum(e.runtime_data.driver.requests_sent for e in entries)
    report(f"{HEADS} heads: {sent} requests answered, all heads available")
    assert all(e.runtime_data.state.last_update_success for e in entries)
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


# A heating day: 21 degC from 06:00 to 22:00, 17 degC at night (the head's own schedule).
SCHEDULE = {6: 21.0, 22: 17.0}
RATINGS = {"hspf": 10.0, "seer": 20.0, "heating_capacity_btuh": 12000}


@pytest.mark.freeze_time("2026-01-15 12:00:00+00:00")
async def test_companion_accuracy_over_a_heating_day(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A companion on the emulated head's own climate entity, without its compressor frequency.

    Over a simulated day: the companion's estimated energy (hvac_action and the building model),
    the native estimate (from the compressor frequency), and what the emulator metered.
    """
    emulator.device.state.stemp = "21.0"
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, options=RATINGS)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    climate_id = er.async_get(hass).async_get("climate.living").id
    companion = MockConfigEntry(
        domain=DOMAIN,
        unique_id=f"companion-{climate_id}",
        title="Living companion",
        data={
            "kind": "companion",
            "climate_entity": climate_id,
            "outdoor_entity": "sensor.living_outdoor_temperature",
            "design_outdoor_c": -10.0,
        },
        options=RATINGS,
    )
    companion.add_to_hass(hass)
    assert await hass.config_entries.async_setup(companion.entry_id)
    # The same with an energy sensor of the unit to calibrate against (here the head's own).
    measured = MockConfigEntry(
        domain=DOMAIN,
        unique_id=f"companion-measured-{climate_id}",
        title="Living companion with a meter",
        data={**companion.data, "energy_entity": "sensor.living_heating_energy"},
        options=RATINGS,
    )
    measured.add_to_hass(hass)
    assert await hass.config_entries.async_setup(measured.entry_id)
    await hass.async_block_till_done()
    companion_energy = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{companion.entry_id}-estimated_energy"
    )
    assert companion_energy is not None  # on the head's own device, beside the native one
    measured_energy = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{measured.entry_id}-estimated_energy"
    )
    assert measured_energy is not None
    # From the next local midnight, one whole day.
    while dt_util.now().hour != 0:
        await next_poll(hass, freezer, timedelta(minutes=1))
    emulator.device.evaluate()
    day = emulator.device.today
    native_start = float(hass.states.get("sensor.living_estimated_energy").state)
    companion_start = float(hass.states.get(companion_energy).state)
    measured_start = float(hass.states.get(measured_energy).state)
    for minute in range(24 * 60):
        if minute % 60 == 0 and (target := SCHEDULE.get(minute // 60)) is not None:
            await hass.services.async_call(
                "climate",
                "set_temperature",
                {"entity_id": "climate.living", "temperature": target},
                blocking=True,
            )
        await next_poll(hass, freezer, timedelta(minutes=1))
    await next_poll(hass, freezer, timedelta(seconds=1))  # the day's last hour published

    def energy(entity_id: str) -> float:
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        return float(state.state)

    metered = sum(emulator.device.day_total(day)) / 10
    native = energy("sensor.living_estimated_energy") - native_start
    companion_kwh = energy(companion_energy) - companion_start
    calibrated_kwh = energy(measured_energy) - measured_start

    def error(kwh: float) -> str:
        return f"{kwh:.2f} kWh ({(kwh / metered - 1) * 100:+.0f} %)"

    report(
        f"one heating day of the emulated head (21 degC 06-22, 17 degC at night): emulator "
        f"metered {metered:.2f} kWh; native estimate (compressor frequency) {error(native)}; "
        f"companion without frequency (hvac_action, building model) {error(companion_kwh)}; "
        f"the same calibrating against the head's energy sensor {error(calibrated_kwh)}"
    )
    assert metered > 0
