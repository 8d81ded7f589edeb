"""CPU per state poll, the side-by-side's figure measured in seconds instead of minutes.

Run with `scripts/bench -k poll_cpu` (minisplit), or with `.venv-bench/bin/python -m pytest
tests/benchmarks/test_poll_cpu.py -m benchmark -s --no-cov` for core daikin beside it (pydaikin is
only there). As in `test_side_by_side.py`, the heads run in another
process (so the process time is Home Assistant's alone) and are polled a minute at a time at the
default intervals, on loopback addresses of their own (`MINISPLIT_BENCH_PREFIX`, so that two
benchmarks on one machine do not meet). Each simulated hour's process time per state poll is
reported, and its minimum and median over the hours: on a shared machine the minimum is the
figure to compare, between runs interleaved. `MINISPLIT_PROFILE=FILE` also writes a cProfile of
the measured hours to FILE.
"""

from __future__ import annotations

import cProfile
import os
import statistics
import time
from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from . import side_by_side
from .side_by_side import Heads, emulated_heads
from .test_bench import report
from .test_side_by_side import HISTORY, KINDS, count_polls, new_entry, state_coordinator

pytestmark = pytest.mark.benchmark

HEADS = 10
HOURS = 4
SETTLE_MINUTES = 30  # the delayed saves after set-up, the first energy read


async def minute(hass: HomeAssistant, freezer: FrozenDateTimeFactory, heads: Heads) -> None:
    """One minute on for the heads and Home Assistant: every state poll is due."""
    await heads.advance(60)
    freezer.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("integration", ["core", "minisplit"])
@pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")
@pytest.mark.timeout(900)
async def test_poll_cpu(
    hass: HomeAssistant,
    socket_enabled: None,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    integration: str,
    kind: str,
) -> None:
    """Process time per state poll per head over simulated hours at the default intervals."""
    if integration == "core":
        side_by_side.core_sees_only_loopback(monkeypatch)
    prefix = os.environ.get("MINISPLIT_BENCH_PREFIX", "127.0.29.")
    now, zone = dt_util.utcnow(), str(hass.config.time_zone)
    async with emulated_heads(KINDS[kind].value, HEADS, now, zone, HISTORY, prefix) as heads:
        entries = [
            new_entry(integration, kind, host, index) for index, host in enumerate(heads.hosts)
        ]
        for entry in entries:
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        coordinators = [state_coordinator(integration, entry) for entry in entries]
        polls = count_polls(coordinators)
        for _ in range(SETTLE_MINUTES):
            await minute(hass, freezer, heads)
        profile = os.environ.get("MINISPLIT_PROFILE")
        profiler = cProfile.Profile() if profile else None
        per_poll = []
        for _ in range(int(os.environ.get("MINISPLIT_BENCH_HOURS", HOURS))):
            before = polls[0]
            if profiler:
                profiler.enable()
            started = time.process_time()
            for _ in range(60):
                await minute(hass, freezer, heads)
            cpu = time.process_time() - started
            if profiler:
                profiler.disable()
            per_poll.append(cpu / (polls[0] - before) * 1000)
        if profile and profiler:
            profiler.dump_stats(profile)
        assert all(coordinator.last_update_success for coordinator in coordinators)
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    report(
        f"{integration}, {kind}: CPU per state poll per head, {HEADS} heads, {len(per_poll)} "
        f"simulated hours: min {min(per_poll):.3f} ms, median {statistics.median(per_poll):.3f} "
        f"ms ({', '.join(f'{ms:.3f}' for ms in per_poll)})"
    )
