"""The emulated adapter on firmware 2.8 and newer: `POST /dsiot/multireq` over the same Device.

Protocol reference: docs/daikin-dsiot-api.md. This is an independent implementation of the
device side; it shares no code with the integration's driver (nor with pydaikin).

Kinds (`--model`):
- `dsiot`: BRP084 on firmware 3.12.3 before a FTXM46WVMA / RXM46WVMA pair: humidity, compressor
  frequency, auto setpoint, econo and powerful, every node named.
- `dsiot-basic`: a built-in adapter on firmware 2.8.0 before a FTXV80WVMA / RXV80WVMA pair with
  no humidity sensor, no compressor frequency, no auto setpoint (auto mode stays offered: it
  exists, it takes no setpoint) and no econo.
- `dsiot-unnamed`: firmware 3.15.0-g4 (a Japanese C283ATCSV-W): no auto setpoint, nodes without
  `pn` beside the named ones in the status trees, and an energy answer whose nodes have no `pn`
  at all, so a client finds no energy there.

Behaviour and where it comes from:
- Only `POST /dsiot/multireq` answers; GET there is "405 Method Not Allowed", and
  `/common/basic_info`, `/aircon/*` and every other path answer 404 (home-assistant/core#179963,
  #179809 on 3.15.0-g4; #99251 for BRP084 after 2.8.0). The classic kinds answer
  `POST /dsiot/multireq` with 404, as classic adapters do (fredrike/pydaikin#158); server.py
  routes `/dsiot/*` here for them too.
- Answers: one entry per request, `fr` = the target without its query, `rsc` 2000 for a read,
  2004 for a write the head took (pydaikin's docs/sample_requests/brp084). `rsc` 4000 for a write
  the head refuses (a setpoint out of range: Apoc182/local_daikin#14; the clamping retries in
  pydaikin's tests) and for an unknown `op`; 4004 for a target the adapter does not have (the
  failed sub-responses in pydaikin's tests). The `param_ng` fault answers every write with 4000.
  A body that is not a JSON object with a `requests` list gets HTTP 400 (no capture shows what
  real adapters do; the driver never sends one).
- Node trees and metadata (`md`, with `filter=...md` only) follow a real BRP084 answer
  (pydaikin's tests/models/BRP084Cxx_v2_8/fixtures/first_discovery.json): `pt` 1 branch, 2
  writable leaf, 3 read-only leaf; setpoint ranges cool 18-32, heat 10-30, auto 18-30 degC in
  half degrees; the mode leaf's `mx` is a bit mask of the mode codes (`2F00`), the fan leaves'
  of the fan codes (`F80C`; dry mode's `0004`, automatic only).
- Values: the notes' encodings. Room temperature whole degrees, outdoor temperature half degrees
  (reported while off too, as that capture shows), model names reversed hex ASCII.
- Energy: `week_power/datas` holds 7 daily totals in Wh, today last, from the Device's meter in the
  adapter's time zone (published hourly, as the classic kinds publish theirs), and
  `today_runtime` minutes as text (pydaikin's sample answer).
- A write applies to the Device exactly as the classic `set_control_info` does: the per-mode
  leaves of the mode the head is in (or is switched to) become its settings, the others its
  per-mode memory; econo and powerful go through `set_special_mode` (powerful ends by itself
  after 20 minutes). A write is all or nothing.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qs

from aiohttp import web

from .const import ADV_ECONO, ADV_POWERFUL, DSIOT_MODELS, MODE_AUTO, EmulatorModel
from .device import format_temp

if TYPE_CHECKING:
    from .server import DaikinEmulator

PATH: Final = "/dsiot/multireq"
PREFIX: Final = "/dsiot/"
INDOOR: Final = "/dsiot/edge/adr_0100.dgc_status"
OUTDOOR: Final = "/dsiot/edge/adr_0200.dgc_status"
WEEK_POWER: Final = "/dsiot/edge/adr_0100.i_power.week_power"
ADAPTER_INFO: Final = "/dsiot/edge.adp_i"
ADAPTER_SETTINGS: Final = "/dsiot/edge.adp_d"
RSC_READ_OK: Final = 2000
RSC_WRITE_OK: Final = 2004
RSC_REFUSED: Final = 4000
RSC_NO_TARGET: Final = 4004

# dsiot mode code -> classic device mode (auto is written as 1, as the classic kinds do).
MODE_TO_DEVICE: Final = {0: 6, 1: 4, 2: 3, 3: 1, 5: 2}
MODE_MASK: Final = "2F00"  # bits 0, 1, 2, 3, 5
FAN_MASK: Final = "F80C"  # codes 3-7, 10 (auto), 11 (quiet)
DRY_FAN_MASK: Final = "0004"  # code 10 only
FAN_CODES: Final = frozenset({3, 4, 5, 6, 7, 0x0A, 0x0B})
# Per mode: the classic memory slot, the setpoint leaf and its (min, max) half degrees, the fan
# leaf, the swing leaves (vertical 4 bytes, horizontal 3 bytes).
SETPOINTS: Final = {"p_02": (3, 0x24, 0x40), "p_03": (4, 0x14, 0x3C), "p_1D": (1, 0x24, 0x3C)}
FANS: Final = {"p_26": 1, "p_09": 3, "p_0A": 4, "p_28": 6, "p_27": 2}
SWINGS: Final = {
    "p_20": (1, "v"),
    "p_21": (1, "h"),
    "p_05": (3, "v"),
    "p_06": (3, "h"),
    "p_07": (4, "v"),
    "p_08": (4, "h"),
    "p_22": (2, "v"),
    "p_23": (2, "h"),
    "p_24": (6, "v"),
    "p_25": (6, "h"),
}


@dataclasses.dataclass(frozen=True)
class Profile:
    """What one dsiot kind has."""

    firmware: str
    indoor_model: str
    outdoor_model: str | None
    humidity: bool
    compressor_frequency: bool
    auto_setpoint: bool
    econo: bool
    named: bool


PROFILES: Final = {
    EmulatorModel.DSIOT: Profile("3_12_3", "FTXM46WVMA", "RXM46WVMA", True, True, True, True, True),
    EmulatorModel.DSIOT_BASIC: Profile(
        "2_8_0", "FTXV80WVMA", "RXV80WVMA", False, False, False, False, True
    ),
    EmulatorModel.DSIOT_UNNAMED: Profile(
        "3_15_0", "C283ATCSV-W", None, True, True, False, True, False
    ),
}

Node = dict[str, Any]


def hex_le(value: int, size: int) -> str:
    """A two's-complement little-endian hex string of size bytes."""
    return (value % (1 << (8 * size))).to_bytes(size, "little").hex().upper()


def model_hex(name: str, size: int = 15) -> str:
    """A model name as the head sends it: ASCII, space-padded, bytes reversed, hex."""
    return name.ljust(size).encode("ascii")[::-1].hex().upper()


def _md(mi: str | None, mx: str | None, st: int) -> dict[str, Any]:
    return {"pt": "b", "st": st, "mi": mi, "mx": mx}


class DsiotAdapter:
    """The /dsiot side of one emulated adapter."""

    def __init__(self, emulator: DaikinEmulator) -> None:
        """Serve the emulator's Device; `bodies` keeps every JSON body received (for tests)."""
        self.emulator = emulator
        self.bodies: list[Any] = []

    @property
    def profile(self) -> Profile:
        """The kind's features (the full kind for classic models, which never get here)."""
        return PROFILES.get(self.emulator.model, PROFILES[EmulatorModel.DSIOT])

    async def handle(self, request: web.Request) -> web.Response:
        """Answer a request on a dsiot kind, or on `/dsiot/*` of a classic kind (404)."""
        if self.emulator.model not in DSIOT_MODELS or request.path != PATH:
            return web.Response(status=404, text="Page Not Found")
        if request.method != "POST":
            return web.Response(status=405, text="Method Not Allowed")
        try:
            body = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400, text="Bad Request")
        self.bodies.append(body)
        requests = body.get("requests") if isinstance(body, dict) else None
        if not isinstance(requests, list):
            return web.Response(status=400, text="Bad Request")
        self.emulator.device.evaluate()
        return web.json_response({"responses": [self._one(item) for item in requests]})

    def _one(self, item: object) -> Node:
        """Answer one request of a multireq."""
        if not isinstance(item, dict) or not isinstance(item.get("to"), str):
            return {"fr": "", "rsc": RSC_REFUSED}
        target, _, query = item["to"].partition("?")
        filters = parse_qs(query).get("filter", [""])[0].split(",")
        if item.get("op") == 2:
            readers: dict[str, Callable[[bool], Node]] = {
                INDOOR: self._indoor,
                OUTDOOR: self._outdoor,
                WEEK_POWER: self._week_power,
                ADAPTER_INFO: self._adapter_info,
                ADAPTER_SETTINGS: self._adapter_settings,
            }
            if target not in readers:
                return {"fr": target, "rsc": RSC_NO_TARGET}
            return {"fr": target, "pc": readers[target]("md" in filters), "rsc": RSC_READ_OK}
        if item.get("op") == 3:
            if target not in (INDOOR, OUTDOOR):
                return {"fr": target, "rsc": RSC_NO_TARGET}
            taken = not self.emulator.faults.param_ng and self._write(target, item.get("pc"))
            return {"fr": target, "rsc": RSC_WRITE_OK if taken else RSC_REFUSED}
        return {"fr": target, "rsc": RSC_REFUSED}

    # -- reads -------------------------------------------------------------------------------

    def _node(
        self, name: str, value: object, with_md: bool, *, writable: bool = False, md: Any = None
    ) -> Node:
        node: Node = {"pn": name, "pt": 2 if writable else 3, "pv": value}
        if with_md and md is not None:
            node["md"] = md
        return node

    @staticmethod
    def _branch(name: str, children: list[Node]) -> Node:
        return {"pn": name, "pt": 1, "pch": children}

    def _setpoint(self, slot: int) -> str:
        text = self.emulator.state.dt.get(slot, "")
        try:
            return f"{round(float(text) * 2):02X}"
        except ValueError:
            return "2C"  # 22 degC: what a head remembers when it has no number

    def _indoor(self, with_md: bool) -> Node:
        state, profile = self.emulator.state, self.profile
        code = next(code for code, mode in MODE_TO_DEVICE.items() if mode == self._device_mode())
        node = self._node
        settings = [
            node("p_01", f"{code:02X}00", with_md, writable=True, md=_md(None, MODE_MASK, 0))
        ]
        for leaf, (slot, low, high) in SETPOINTS.items():
            if leaf == "p_1D" and not profile.auto_setpoint:
                continue
            settings.append(
                node(
                    leaf,
                    self._setpoint(slot),
                    with_md,
                    writable=True,
                    md=_md(f"{low:02X}", f"{high:02X}", 245),
                )
            )
        for leaf, slot in FANS.items():
            mask = DRY_FAN_MASK if slot == 2 else FAN_MASK
            code_text = f"{int(state.dfr.get(slot, 'A'), 16):02X}00"
            settings.append(node(leaf, code_text, with_md, writable=True, md=_md(None, mask, 0)))
        for leaf, (slot, axis) in SWINGS.items():
            direction = state.dfd.get(slot, "0")
            on = direction in ({"1", "3"} if axis == "v" else {"2", "3"})
            size, mask = (4, "01808000") if axis == "v" else (3, "018000")
            value = ("0F" if on else "00") + "00" * (size - 1)
            settings.append(node(leaf, value, with_md, writable=True, md=_md(None, mask, 0)))
        sensors = [node("p_01", hex_le(round(state.room_temp), 1), with_md, md=_md("F7", "27", 1))]
        if profile.humidity:
            sensors.append(
                node("p_02", hex_le(round(state.humidity), 1), with_md, md=_md("00", "64", 1))
            )
        special = [node("p_1D", "00", with_md, writable=True, md=_md("00", "01", 1))]
        if profile.econo:
            econo = "01" if state.adv == ADV_ECONO else "00"
            special.append(node("p_24", econo, with_md, writable=True, md=_md("00", "01", 1)))
        children = [
            self._branch("e_A001", [node("p_01", model_hex(profile.indoor_model), with_md)]),
            self._branch(
                "e_A002",
                [
                    node(
                        "p_01",
                        "01" if state.power else "00",
                        with_md,
                        writable=True,
                        md=_md("00", "01", 1),
                    )
                ],
            ),
            self._branch("e_A00B", sensors),
            self._branch("e_3003", special),
            self._branch("e_3001", settings),
        ]
        if not profile.named:
            # Firmware 3.15.0-g4: nodes without `pn` among the named ones.
            children.insert(0, {"pt": 1, "pch": [{"pt": 3, "pv": "00"}]})
            settings.insert(1, {"pt": 3, "pv": "0000"})
        return {
            "pn": "dgc_status",
            "pt": 1,
            "pch": [
                {"pn": "data_model_code", "pt": 3, "pv": 26},
                {"pn": "root_entity_name", "pt": 3, "pv": "e_1002"},
                self._branch("e_1002", children),
            ],
        }

    def _outdoor(self, with_md: bool) -> Node:
        state, profile, node = self.emulator.state, self.profile, self._node
        compressor = [node("p_01", "01" if state.compressor_hz else "00", with_md)]
        if profile.compressor_frequency:
            compressor.append(
                node("p_04", hex_le(state.compressor_hz, 2), with_md, md=_md("0000", "FF00", 1))
            )
        outdoor = hex_le(round(state.outdoor_temp * 2), 2)
        children = [
            self._branch("e_A00D", [node("p_01", outdoor, with_md, md=_md("EEFF", "4E00", 245))]),
            self._branch("e_2006", compressor),
            self._branch(
                "e_3002",
                [
                    node("p_3D", "00", with_md, md=_md("00", "01", 1)),
                    node(
                        "p_44",
                        "01" if state.adv == ADV_POWERFUL else "00",
                        with_md,
                        writable=True,
                        md=_md("00", "01", 1),
                    ),
                ],
            ),
        ]
        if profile.outdoor_model:
            children.insert(
                0, self._branch("e_A001", [node("p_01", model_hex(profile.outdoor_model), with_md)])
            )
        return {
            "pn": "dgc_status",
            "pt": 1,
            "pch": [
                {"pn": "data_model_code", "pt": 3, "pv": 26},
                {"pn": "root_entity_name", "pt": 3, "pv": "e_1003"},
                self._branch("e_1003", children),
            ],
        }

    def _week_power(self, with_md: bool) -> Node:
        device = self.emulator.device
        today = device.today
        days = [today.fromordinal(today.toordinal() - back) for back in range(6, -1, -1)]
        datas = [sum(device.day_total(day)) * 100 for day in days]
        runtime = str(int(device.state.today_runtime_min))
        if not self.profile.named:
            # Firmware 3.15.0-g4's energy answer: nodes without `pn` (home-assistant/core#179963).
            return {"pt": 1, "pch": [{"pt": 3, "pv": runtime}, {"pt": 3, "pv": datas}]}
        return self._branch(
            "week_power",
            [
                {"pn": "today_runtime", "pt": 3, "pv": runtime},
                {"pn": "datas", "pt": 3, "pv": datas},
            ],
        )

    def _adapter_info(self, with_md: bool) -> Node:
        emulator = self.emulator
        return self._branch(
            "adp_i",
            [
                {"pn": "kind", "pt": 3, "pv": 4},
                {"pn": "ver", "pt": 3, "pv": self.profile.firmware},
                {"pn": "rev", "pt": 3, "pv": "6714e2aa"},
                {"pn": "reg", "pt": 3, "pv": "au"},
                {"pn": "mac", "pt": 3, "pv": emulator.mac},
                {"pn": "ssid", "pt": 3, "pv": f"DaikinAP{emulator.mac[-5:]}"},
                {"pn": "api_ver", "pt": 3, "pv": "2_2"},
                self._branch("func", [{"pn": "en_ipw_sep", "pt": 3, "pv": 0}]),
            ],
        )

    def _adapter_settings(self, with_md: bool) -> Node:
        return self._branch(
            "adp_d",
            [
                {"pn": "name", "pt": 2, "pv": self.emulator.name},
                {"pn": "holiday", "pt": 2, "pv": 0},
                {"pn": "method", "pt": 2, "pv": "polling"},
            ],
        )

    # -- writes ------------------------------------------------------------------------------

    def _device_mode(self) -> int:
        mode = self.emulator.state.mode
        return 1 if mode in MODE_AUTO else mode

    def _write(self, target: str, tree: object) -> bool:
        """Apply a write of the status node; False (nothing applied) when any leaf is refused."""
        leaves = _leaves(tree)
        if leaves is None or not leaves:
            return False
        state = self.emulator.state
        power, mode = state.power, self._device_mode()
        dt, dfr, dfd = dict(state.dt), dict(state.dfr), dict(state.dfd)
        special: dict[str, bool] = {}
        for path, value in leaves.items():
            if not isinstance(value, str) or not _is_hex(value):
                return False
            number = int.from_bytes(bytes.fromhex(value), "little")
            if target == OUTDOOR:
                if path != ("e_1003", "e_3002", "p_44") or value not in {"00", "01"}:
                    return False
                special["1"] = value == "01"
                continue
            group, name = path[:-1], path[-1]
            if path == ("e_1002", "e_A002", "p_01") and value in {"00", "01"}:
                power = value == "01"
            elif (
                path == ("e_1002", "e_3003", "p_24")
                and self.profile.econo
                and value
                in {
                    "00",
                    "01",
                }
            ):
                special["2"] = value == "01"
            elif group != ("e_1002", "e_3001"):
                return False
            elif name == "p_01" and len(value) == 4 and number in MODE_TO_DEVICE:
                mode = MODE_TO_DEVICE[number]
            elif name in SETPOINTS and (name != "p_1D" or self.profile.auto_setpoint):
                slot, low, high = SETPOINTS[name]
                if len(value) != 2 or not low <= number <= high:
                    return False
                dt[slot] = format_temp(number / 2)
            elif name in FANS and len(value) == 4 and number in FAN_CODES:
                slot = FANS[name]
                if slot == 2 and number != 0x0A:
                    return False
                dfr[slot] = f"{number:X}"
            elif name in SWINGS and value[:2] in {"00", "0F"}:
                slot, axis = SWINGS[name]
                old = int(dfd.get(slot, "0"))
                bit = 1 if axis == "v" else 2
                dfd[slot] = str(old | bit if value[:2] == "0F" else old & ~bit)
            else:
                return False
        return self._apply(power, mode, dt, dfr, dfd, special)

    def _apply(
        self,
        power: bool,
        mode: int,
        dt: dict[int, str],
        dfr: dict[int, str],
        dfd: dict[int, str],
        special: dict[str, bool],
    ) -> bool:
        device, state = self.emulator.device, self.emulator.state
        stemp = {2: "M", 6: "--"}.get(mode, dt.get(mode, "22.0"))
        query = {
            "pow": "1" if power else "0",
            "mode": str(mode),
            "stemp": stemp,
            "shum": "--" if mode == 6 else state.dh.get(mode, "0"),
            "f_rate": dfr.get(mode, "A"),
            "f_dir": dfd.get(mode, "0"),
        }
        if not device.set_control(query):
            return False
        state.dt.update({slot: value for slot, value in dt.items() if slot != mode})
        state.dfr.update({slot: value for slot, value in dfr.items() if slot != mode})
        state.dfd.update({slot: value for slot, value in dfd.items() if slot != mode})
        for kind, on in special.items():
            device.set_special_mode({"spmode_kind": kind, "set_spmode": "1" if on else "0"})
        return True


def _is_hex(value: str) -> bool:
    digits = "0123456789ABCDEFabcdef"
    return 0 < len(value) <= 16 and len(value) % 2 == 0 and all(c in digits for c in value)


def _leaves(tree: object) -> dict[tuple[str, ...], object] | None:
    """The named leaves of a written tree by path below its root; None if it is not a tree."""
    if not isinstance(tree, dict) or not isinstance(tree.get("pch"), list):
        return None
    found: dict[tuple[str, ...], object] = {}

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> bool:
        children = node.get("pch")
        if isinstance(children, list):
            if len(path) > 6:
                return False
            for child in children:
                if not isinstance(child, dict) or not isinstance(child.get("pn"), str):
                    return False
                if not walk(child, (*path, child["pn"])):
                    return False
            return True
        if "pv" not in node or not path:
            return False
        found[path] = node["pv"]
        return True

    return found if walk(tree, ()) else None
