"""Measure polling cost, set-up time and event-loop blocking against emulated heads.

Run with `scripts/bench`; the figures go into the README. Nothing here fails on a number: the
assertions only check that the measurement itself happened.
"""

from __future__ import annotations

import asyncio
import socket
import statistics
import sys
import time
from collections.abc import AsyncGenerator
from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import DOMAIN
from emulators.daikin import DaikinEmulator

from ..integration.common import next_poll

pytestmark = pytest.mark.benchmark
HEADS = 20


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


@pytest.fixture
async def emulator_processes(socket_enabled: None) -> AsyncGenerator[list[str]]:
    """HEADS emulated heads in their own processes, so only Home Assistant runs on our loop."""
    ports = [free_port() for _ in range(HEADS)]
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "emulators.daikin",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--latency",
            "0.05",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for port in ports
    ]
    hosts = [f"127.0.0.1:{port}" for port in ports]
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
    yield hosts
    for process in processes:
        process.terminate()
    for process in processes:
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

    lags: list[float] = []
    stop = asyncio.Event()

    async def watch_loop() -> None:
        """Sleep 1 ms at a time; any extra delay is time the loop was blocked."""
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - started - 0.001)

    watcher = asyncio.create_task(watch_loop())
    await asyncio.gather(*(hass.config_entries.async_setup(e.entry_id) for e in entries))
    await hass.async_block_till_done()
    for _ in range(10):
        await asyncio.gather(
            *(e.runtime_data.state.async_refresh() for e in entries),
            *(e.runtime_data.adapter.async_refresh() for e in entries),
        )
    stop.set()
    await watcher
    for entry in entries:
        await hass.config_entries.async_unload(entry.entry_id)
    lags.sort()
    report(
        f"{HEADS} heads, set-up + 10 concurrent polls of every head: longest event-loop block "
        f"{lags[-1] * 1000:.1f} ms, 99th percentile {lags[int(len(lags) * 0.99)] * 1000:.2f} ms "
        f"over {len(lags)} samples"
    )
    assert all(e.runtime_data.state.last_update_success for e in entries)
