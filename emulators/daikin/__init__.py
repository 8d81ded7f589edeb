"""An emulated Daikin Wi-Fi adapter (BRP069/BRP072A, BRP072C, and the 404-only newer adapters).

Protocol reference: docs/daikin-local-api.md (the project's notes). This is an
independent implementation of the device side; it shares no code with the integration's client.
Each module says where the behaviour it emulates was observed.

In tests::

    emulator = DaikinEmulator(model=EmulatorModel.CLASSIC, tz="Europe/Paris", now=clock)
    await emulator.start(host="127.0.0.1", port=0)
    emulator.faults.latency = 0.5        # switches in Faults, read on every request
    emulator.state.room_temp = 18.0      # the unit's state, read and written directly
    emulator.device.clock_offset = dt.timedelta(hours=5)  # the adapter's clock 5 hours ahead
    await emulator.stop()

The constructor also takes ``clock_offset=`` (a timedelta) and ``clock_unset=True``.

By hand: ``python -m emulators.daikin --port 8900`` (add ``--tz UTC --clock-offset 5`` for an
adapter on UTC whose clock is 5 hours ahead) then ``/_emulator/state`` and
``/_emulator/faults?drop_all=1`` on the same port (see server.py).
"""

from .const import EmulatorModel
from .device import DeviceState
from .faults import Faults
from .server import DaikinEmulator

__all__ = ["DaikinEmulator", "DeviceState", "EmulatorModel", "Faults"]
