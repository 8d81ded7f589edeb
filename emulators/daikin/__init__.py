"""An emulated Daikin Wi-Fi adapter (BRP069/BRP072A, BRP072C, and the 404-only newer adapters).

Protocol reference: /work/shared/docs/daikin-local-api.md (the project's shared notes). This is an
independent implementation of the device side; it shares no code with the integration's client.
Each module says where the behaviour it emulates was observed.
"""

from .const import EmulatorModel
from .device import DeviceState
from .faults import Faults
from .server import DaikinEmulator

__all__ = ["DaikinEmulator", "DeviceState", "EmulatorModel", "Faults"]
