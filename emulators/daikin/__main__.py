"""Run an emulated Daikin adapter: `python -m emulators.daikin --host 127.0.0.1 --port 8900`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import signal
import sys

from .const import DEFAULT_KEY, DEFAULT_MAC, DEFAULT_NAME, EmulatorModel
from .server import DaikinEmulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m emulators.daikin", description="Emulated Daikin Wi-Fi adapter."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="TCP port (0: any free port)")
    parser.add_argument(
        "--model",
        choices=[model.value for model in EmulatorModel],
        default=EmulatorModel.CLASSIC.value,
        help=(
            "adapter to emulate: classic (BRP069/BRP072A), classic-nohumidity, brp072c (HTTPS, "
            "key), unsupported-404 (firmware 2.0-2.6, no local API); dsiot (firmware 3.12 "
            "/dsiot/multireq, humidity, compressor frequency, auto setpoint), dsiot-basic "
            "(firmware 2.8.0, none of those three), dsiot-unnamed (firmware 3.15.0-g4, nodes "
            "without pn, no auto setpoint, no readable energy)"
        ),
    )
    parser.add_argument("--key", default=None, help=f"BRP072C key (default {DEFAULT_KEY})")
    parser.add_argument("--tz", default="UTC", help="the adapter's time zone (energy days)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each reply")
    parser.add_argument("--mac", default=DEFAULT_MAC, help="12 hex digits")
    parser.add_argument("--name", default=DEFAULT_NAME, help="the head's name")
    parser.add_argument("--outdoor-mean", type=float, default=8.0, help="mean outdoor degC")
    parser.add_argument(
        "--clock-unset",
        action="store_true",
        help="the adapter never learned the time: energy answers ret=NG until notify_date_time",
    )
    parser.add_argument(
        "--clock-offset",
        type=float,
        default=0.0,
        metavar="HOURS",
        help=(
            "how far the adapter's clock is off, in hours (e.g. 5 or -2.5): get_datetime shows it "
            "and the energy days follow it; with --tz UTC an adapter on UTC"
        ),
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Run until SIGINT or SIGTERM."""
    emulator = DaikinEmulator(
        model=args.model,
        key=args.key,
        tz=args.tz,
        mac=args.mac,
        name=args.name,
        outdoor_mean=args.outdoor_mean,
        clock_unset=args.clock_unset,
        clock_offset=dt.timedelta(hours=args.clock_offset),
    )
    emulator.faults.latency = args.latency
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    await emulator.start(host=args.host, port=args.port)
    extra = f" (key {emulator.key})" if emulator.secure else ""
    print(f"Daikin emulator ({emulator.model}) listening on {emulator.url}{extra}", flush=True)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
