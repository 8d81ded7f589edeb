"""Fixtures for the emulator's own tests: an emulated head on a clock the test drives."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator, Awaitable, Callable

import pytest

from emulators.daikin import DaikinEmulator, EmulatorModel


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the root conftest's fixture: these tests need no Home Assistant instance."""


class Clock:
    """A settable clock to inject as the emulator's `now`."""

    def __init__(self, start: dt.datetime) -> None:
        """Start at `start` (aware)."""
        self.current = start

    def __call__(self) -> dt.datetime:
        """Return the current time."""
        return self.current

    def tick(self, **delta: float) -> None:
        """Move on by a timedelta given as keywords."""
        self.current += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    """A clock at 2026-01-15 10:00 UTC."""
    return Clock(dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC))


MakeEmulator = Callable[..., Awaitable[DaikinEmulator]]


@pytest.fixture
async def make_emulator(socket_enabled: None, clock: Clock) -> AsyncGenerator[MakeEmulator]:
    """Start emulated heads on free ports (on the test's clock unless told otherwise)."""
    started: list[DaikinEmulator] = []

    async def _make(
        model: EmulatorModel = EmulatorModel.CLASSIC, **kwargs: object
    ) -> DaikinEmulator:
        kwargs.setdefault("now", clock)
        emulator = DaikinEmulator(model=model, **kwargs)  # type: ignore[arg-type]
        await emulator.start(host="127.0.0.1", port=0)
        started.append(emulator)
        return emulator

    yield _make
    for emulator in started:
        await emulator.stop()
