"""Fault switches: the ways real adapters misbehave, switchable while the emulator runs.

Where each comes from:
- `latency`: adapters answer in hundreds of ms to seconds, sometimes much later when busy
  (home-assistant/core#129707, #134400: "Timeout fetching ... data").
- `drop_connections` / `drop_all`: adapters reset or drop connections, especially when another
  client (the phone app) holds one (Apollon77/ioBroker.daikin#18 ECONNRESET,
  cbrandlehner/homebridge-daikin-local#67 "socket hang up", arska/python-daikinapi#12).
- `dash_values`: `otemp=-`, `hhum=-`, `cmpfreq=-`, `stemp=--` are real answers
  (DirtyDevWork/homebridge-daikin#10, domoticz/domoticz#2570, arska/python-daikinapi#1).
- `param_ng`: the adapter refuses a write with `ret=PARAM NG` (Apollon77/daikin-controller#24).
- `malformed`, `http_error`: what a confused adapter, a captive portal or a proxy can answer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass
class Faults:
    """Fault switches, read on every request; change them at any time."""

    latency: float = 0.0
    drop_connections: int = 0
    drop_all: bool = False
    dash_values: bool = False
    param_ng: bool = False
    malformed: bool = False
    http_error: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the switches as plain JSON-able values."""
        return asdict(self)

    def update(self, values: dict[str, str]) -> None:
        """Set switches from text values (query parameters); unknown names raise KeyError."""
        known = {f.name for f in fields(self)}
        for name, text in values.items():
            if name not in known:
                raise KeyError(name)
            if name == "latency":
                self.latency = max(0.0, float(text))
            elif name == "drop_connections":
                self.drop_connections = max(0, int(text))
            elif name == "http_error":
                self.http_error = None if text.lower() in {"", "0", "none", "off"} else int(text)
            else:
                setattr(self, name, text.lower() in {"1", "true", "yes", "on"})
