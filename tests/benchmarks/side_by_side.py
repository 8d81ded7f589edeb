"""Emulated heads for the side-by-side benchmark, and the table its results make.

The heads run in another process, so the benchmark's process time is Home Assistant's alone. Each
head has its own loopback address on port 80: pydaikin talks to a firmware 2.8+ adapter on port 80
whatever port its host names, and core daikin's users enter a bare address. Binding port 80 needs
root (or a lowered `net.ipv4.ip_unprivileged_port_start`).

`python -m tests.benchmarks.side_by_side RESULTS` prints the markdown table of a results file
(one JSON object per measured cell and run, written by `test_side_by_side.py`).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncGenerator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_socket

#: 127.0.19.1 ... : a block of loopback addresses other projects' tests rarely use.
ADDRESS_PREFIX = "127.0.19."

SERVE_HEADS = """
import asyncio, collections, datetime, json, sys
from emulators.daikin import DaikinEmulator
from emulators.daikin.const import DSIOT_MODELS

def read(emulator):
    # What each request since the last count read: the path (classic), or the /dsiot body's
    # targets, without their query ('write ...' when the body writes).
    paths = [path for path, _ in emulator.requests]
    if emulator.model not in DSIOT_MODELS:
        return paths
    kinds = []
    for body in emulator.dsiot.bodies:
        items = body["requests"]
        targets = ",".join(sorted({item["to"].partition("?")[0] for item in items}))
        kinds.append(targets if all(item.get("op") == 2 for item in items) else "write " + targets)
    return kinds

async def main() -> None:
    model, prefix, count, start, tz, history = sys.argv[1:]
    # Each head's clock is Home Assistant's: it stands still but for `advance`. It starts
    # `history` hours earlier and runs them at once: a head in use has energy to report.
    began = datetime.datetime.fromisoformat(start) - datetime.timedelta(hours=float(history))
    heads = []
    for index in range(int(count)):
        emulator = DaikinEmulator(
            model, tz=tz, now=lambda: began, mac=f"A4B1C2D3{index:04X}", name=f"Head {index}"
        )
        emulator.advance(float(history) * 3600)
        await emulator.start(host=f"{prefix}{index + 1}", port=80)
        heads.append(emulator)
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        command, _, seconds = line.strip().partition(" ")
        if command == "advance":
            for emulator in heads:
                emulator.advance(float(seconds))
            print("ok", flush=True)
            continue
        if command == "outdoor":
            for emulator in heads:
                emulator.device.outdoor_mean = float(seconds)
            print("ok", flush=True)
            continue
        if command != "count":
            break
        print(json.dumps([collections.Counter(read(emulator)) for emulator in heads]), flush=True)
        for emulator in heads:
            emulator.requests.clear()
            emulator.dsiot.bodies.clear()
    for emulator in heads:
        await emulator.stop()

asyncio.run(main())
"""


class Heads:
    """Emulated heads of one kind in another process; `count()` says what each was asked since."""

    def __init__(self, process: asyncio.subprocess.Process, hosts: list[str]) -> None:
        self.process = process
        self.hosts = hosts

    async def count(self) -> list[dict[str, int]]:
        """What each head was asked since the last count: paths or /dsiot targets, counted."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(b"count\n")
        await self.process.stdin.drain()
        line = await self.process.stdout.readline()
        return list(json.loads(line))

    async def outdoor(self, mean_c: float) -> None:
        """Set the daily mean outdoor temperature of every head's weather."""
        await self._command(f"outdoor {mean_c}")

    async def advance(self, seconds: float) -> None:
        """Move every head's simulated time on (its readings follow), as Home Assistant's is."""
        await self._command(f"advance {seconds}")

    async def _command(self, line: str) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()
        assert await self.process.stdout.readline() == b"ok\n"


@asynccontextmanager
async def emulated_heads(
    model: str,
    count: int,
    now: datetime,
    tz: str,
    history: timedelta,
    prefix: str = ADDRESS_PREFIX,
) -> AsyncGenerator[Heads]:
    """`count` heads of `model` on 127.0.19.1:80, 127.0.19.2:80, ... in one other process, their
    clocks at `now` in `tz` (moved on by `Heads.advance`), `history` of heating behind them.

    `prefix` picks another block of addresses, for a benchmark that may run beside this one.
    The test may open sockets to these heads (and the loopback address) while they run.
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SERVE_HEADS,
        model,
        prefix,
        str(count),
        now.isoformat(),
        tz,
        str(history.total_seconds() / 3600),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        limit=2**24,
    )
    assert process.stdout is not None
    assert process.stdin is not None
    ready = await asyncio.wait_for(process.stdout.readline(), 60)
    assert ready == b"ready\n", f"the emulated heads did not start (port 80 needs root): {ready!r}"
    hosts = [f"{prefix}{index + 1}" for index in range(count)]
    pytest_socket.socket_allow_hosts(["127.0.0.1", *hosts])
    try:
        yield Heads(process, hosts)
    finally:
        process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


# -- the table ----------------------------------------------------------------------------------

COLUMNS = (("core", "classic"), ("minisplit", "classic"), ("core", "dsiot"), ("minisplit", "dsiot"))


def core_sees_only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let core daikin's discovery see only the loopback interface (it runs in .venv-bench).

    With a bare address (what users enter), pydaikin first looks the host up by UDP broadcast
    discovery (`pydaikin.discovery.get_name`): a blocking socket read with a 1 s grace, in the
    event loop. On the loopback interface, which has no broadcast address, it sends nothing off
    this machine and waits its second, as on a home network, where no adapter is named like the
    address.
    """
    netifaces = pytest.importorskip("netifaces", reason="core daikin runs in .venv-bench")
    monkeypatch.setattr(netifaces, "interfaces", lambda: ["lo"])


def span(values: Iterable[float], fmt: str, unit: str = "") -> str:
    """'1.3 ms' or '1.3-1.6 ms' over the runs."""
    values = sorted(values)
    low, high = fmt.format(values[0]), fmt.format(values[-1])
    return (low if low == high else f"{low}-{high}") + unit


def table(results: list[dict[str, Any]]) -> list[str]:
    """The issue's table: a row per figure, a column per integration and kind, ranges over runs."""
    cells: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for result in results:
        cells.setdefault((result["integration"], result["kind"]), []).append(result)
    columns = [column for column in COLUMNS if column in cells]

    def row(name: str, render: Any) -> str:
        return f"| {name} | " + " | ".join(render(cells[column]) for column in columns) + " |"

    runs = {len(cells[column]) for column in columns}
    return [
        f"| figure ({'/'.join(map(str, sorted(runs)))} runs) | "
        + " | ".join(f"{i}, {'/dsiot' if k == 'dsiot' else k}" for i, k in columns)
        + " |",
        "|---" * (len(columns) + 1) + "|",
        row(
            "state_changed per head per hour, default intervals: cold (8 degC) / mild (16 degC)",
            lambda rs: span((r["state_changed_per_head_hour"] for r in rs), "{:.0f}")
            + " / "
            + span((r["state_changed_per_head_hour_mild"] for r in rs), "{:.0f}"),
        ),
        row(
            "entities per head, enabled (registered)",
            lambda rs: f"{rs[0]['entities_per_head'][0]} ({rs[0]['entities_per_head'][1]})",
        ),
        row(
            "requests per head per hour, default (state every 60 s)",
            lambda rs: span((r["requests_per_head_hour"] for r in rs), "{:.0f}")
            + f" ({span((r['requests_per_head_hour_60s'] for r in rs), '{:.0f}')})",
        ),
        row(
            "CPU per state poll per head",
            lambda rs: span((r["cpu_ms_per_poll"] for r in rs), "{:.2f}", " ms"),
        ),
        row(
            "memory per head (RSS growth 20 -> 50 heads)",
            lambda rs: span((r["rss_kib_per_head"] for r in rs), "{:.0f}", " KiB"),
        ),
        row(
            "set-up per entry / longest loop callback",
            lambda rs: span((r["setup_ms_per_entry"] for r in rs), "{:,.0f}", " ms")
            + " / "
            + span((r["longest_callback_ms"] for r in rs), "{:,.0f}", " ms"),
        ),
        row(
            "requests per command (target / mode)",
            lambda rs: span((r["requests_per_target"] for r in rs), "{:g}")
            + " / "
            + span((r["requests_per_mode"] for r in rs), "{:g}"),
        ),
    ]


def main(argv: list[str]) -> int:
    """Print the table of the results file named on the command line."""
    lines = Path(argv[1]).read_text(encoding="utf-8").splitlines()
    results = [json.loads(line) for line in lines if line.strip()]
    if not results:
        print("no side-by-side results", file=sys.stderr)
        return 1
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
