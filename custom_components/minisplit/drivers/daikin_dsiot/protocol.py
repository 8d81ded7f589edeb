"""Pure encoding and decoding of the /dsiot multireq JSON (no I/O).

Facts: docs/daikin-dsiot-api.md. What this module does beyond them, and why:

- Nodes are found by name (`pn`) only. A node without a usable name (firmware 3.15.0-g4 sends
  such nodes, home-assistant/core#179963) is skipped with everything below it: whatever the
  driver would have read there is absent, never an error. No position is guessed, since no source
  says what an unnamed node stands for. The root node's own name is not checked (paths start below
  it), so an unnamed root still works.
- A leaf that is missing, or whose value does not decode or lies outside its plausible range,
  reads as None (the feature is absent). Only the power and mode settings are required: without
  them there is no state, and the parser raises DsiotResponseError.
- Metadata (`md`, sent when the read asks `filter=pv,pt,md`): for setpoints `mi`/`mx` are the
  accepted range in the leaf's own encoding (half degrees); for the operation mode and the fan
  rates `mx` is a little-endian bit mask of the codes the head accepts (`2F00` = modes 0, 1, 2,
  3, 5; `F80C` = fan codes 3-7, 10 and 11), as a real BRP084 answer shows (pydaikin's
  tests/models/BRP084Cxx_v2_8/fixtures/first_discovery.json). Without metadata the driver
  assumes every mode, every fan speed, and the setpoint ranges that capture shows.
- Swing leaves hold 3 or 4 bytes; the first is `0F` while the axis swings. Other first bytes
  (`10`, `03` appear in captures) are fixed louvre positions: not swinging. A write keeps the
  leaf's byte length.
- Model names (`e_A001/p_01`) are ASCII in reverse byte order, padded with spaces or NULs:
  `2020202020414D564131374D585446` is "FTXM71AVMA" (pydaikin's BRP084 sample answer).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, TypeIs

import orjson

from ...heads.model import (
    Capabilities,
    Command,
    DailyEnergy,
    FanSpeed,
    HeadInfo,
    HeadState,
    OperationMode,
    SpecialMode,
    Swing,
    TemperatureRange,
)
from ..values import (
    COMPRESSOR_FREQUENCY_RANGE,
    EXCERPT_LENGTH,
    HUMIDITY_RANGE,
    MAX_TEXT_LENGTH,
    OUTDOOR_TEMPERATURE_RANGE,
    ROOM_TEMPERATURE_RANGE,
    TARGET_TEMPERATURE_RANGE,
    excerpt,
    mac_digits,
)
from .errors import (
    DsiotCommandRejectedError,
    DsiotReadRejectedError,
    DsiotResponseError,
)
from .models import Answer, Leaf, LeafPath, Status

# -- targets ---------------------------------------------------------------------------------

INDOOR: Final = "/dsiot/edge/adr_0100.dgc_status"
OUTDOOR: Final = "/dsiot/edge/adr_0200.dgc_status"
WEEK_POWER: Final = "/dsiot/edge/adr_0100.i_power.week_power"
ADAPTER_INFO: Final = "/dsiot/edge.adp_i"
ADAPTER_SETTINGS: Final = "/dsiot/edge.adp_d"
# Reads of these ask for values, types and metadata (ranges), as the vendor app does.
_FILTERED: Final = frozenset({INDOOR, OUTDOOR, WEEK_POWER})
READ_FILTER: Final = "?filter=pv,pt,md"
# A state poll after the first: values only (the metadata does not change and is most of a real
# answer's ~14 KB); the leaves keep the ranges the first read gave (`with_metadata`).
VALUES_FILTER: Final = "?filter=pv,pt"
OP_READ: Final = 2
OP_WRITE: Final = 3
RSC_READ_OK: Final = 2000
RSC_WRITE_OK: Final = 2004
# What the result codes seen in the field mean (pydaikin's tests, Apoc182/local_daikin#14).
RSC_MEANING: Final = {
    4000: "the value or request was refused",
    4004: "no such node on this head",
}
# The root node every write is rooted at.
STATUS_ROOT: Final = "dgc_status"

# -- leaf paths below dgc_status ----------------------------------------------------------------

_INDOOR_ROOT: Final = "e_1002"
_OUTDOOR_ROOT: Final = "e_1003"


def _setting(name: str) -> LeafPath:
    return (_INDOOR_ROOT, "e_3001", name)


POWER: Final = (_INDOOR_ROOT, "e_A002", "p_01")
MODE: Final = _setting("p_01")
SETPOINTS: Final[Mapping[OperationMode, LeafPath]] = {
    OperationMode.COOL: _setting("p_02"),
    OperationMode.HEAT: _setting("p_03"),
    OperationMode.AUTO: _setting("p_1D"),
}
# Dry mode's fan leaf p_27 is not in the notes: a real answer has it, offering automatic only.
FAN_RATES: Final[Mapping[OperationMode, LeafPath]] = {
    OperationMode.AUTO: _setting("p_26"),
    OperationMode.COOL: _setting("p_09"),
    OperationMode.HEAT: _setting("p_0A"),
    OperationMode.FAN: _setting("p_28"),
    OperationMode.DRY: _setting("p_27"),
}
# (vertical, horizontal) per mode.
SWINGS: Final[Mapping[OperationMode, tuple[LeafPath, LeafPath]]] = {
    OperationMode.COOL: (_setting("p_05"), _setting("p_06")),
    OperationMode.HEAT: (_setting("p_07"), _setting("p_08")),
    OperationMode.AUTO: (_setting("p_20"), _setting("p_21")),
    OperationMode.DRY: (_setting("p_22"), _setting("p_23")),
    OperationMode.FAN: (_setting("p_24"), _setting("p_25")),
}
ROOM_TEMPERATURE: Final = (_INDOOR_ROOT, "e_A00B", "p_01")
ROOM_HUMIDITY: Final = (_INDOOR_ROOT, "e_A00B", "p_02")
ECONO: Final = (_INDOOR_ROOT, "e_3003", "p_24")
INDOOR_MODEL: Final = (_INDOOR_ROOT, "e_A001", "p_01")
# On the outdoor unit's node (adr_0200).
OUTDOOR_TEMPERATURE: Final = (_OUTDOOR_ROOT, "e_A00D", "p_01")
COMPRESSOR_FREQUENCY: Final = (_OUTDOOR_ROOT, "e_2006", "p_04")
COMPRESSOR_RUNNING: Final = (_OUTDOOR_ROOT, "e_2006", "p_01")
POWERFUL: Final = (_OUTDOOR_ROOT, "e_3002", "p_44")
OUTDOOR_MODEL: Final = (_OUTDOOR_ROOT, "e_A001", "p_01")
WEEK_DATAS: Final = ("datas",)
TODAY_RUNTIME: Final = ("today_runtime",)

# -- codes ------------------------------------------------------------------------------------

MODE_FROM_CODE: Final[Mapping[int, OperationMode]] = {
    0: OperationMode.FAN,
    1: OperationMode.HEAT,
    2: OperationMode.COOL,
    3: OperationMode.AUTO,
    5: OperationMode.DRY,
}
MODE_TO_CODE: Final = {mode: code for code, mode in MODE_FROM_CODE.items()}
FAN_FROM_CODE: Final[Mapping[int, FanSpeed]] = {
    0x0A: FanSpeed.AUTO,
    0x0B: FanSpeed.QUIET,
    0x03: FanSpeed.LEVEL_1,
    0x04: FanSpeed.LEVEL_2,
    0x05: FanSpeed.LEVEL_3,
    0x06: FanSpeed.LEVEL_4,
    0x07: FanSpeed.LEVEL_5,
}
FAN_TO_CODE: Final = {speed: code for code, speed in FAN_FROM_CODE.items()}
SWING_ON: Final = 0x0F
# Swing leaves' length when the head did not say (the notes' `000000`).
DEFAULT_SWING_BYTES: Final = 3

# -- plausible ranges -------------------------------------------------------------------------

# The readings' ranges are the drivers' shared ones (values.py).
# One day of one indoor unit: 200 kWh is far beyond any real head.
MAX_DAILY_WH: Final = 200_000
MAX_DAYS: Final = 31
TARGET_STEP: Final = 0.5
# What a real BRP084 (2.8.0) reports in md (pydaikin's first_discovery.json): used when an
# answer carries no metadata.
DEFAULT_TARGET_RANGES: Final[Mapping[OperationMode, TemperatureRange]] = {
    OperationMode.COOL: TemperatureRange(18.0, 32.0),
    OperationMode.HEAT: TemperatureRange(10.0, 30.0),
    OperationMode.AUTO: TemperatureRange(18.0, 30.0),
}

# -- bounds on what is read ---------------------------------------------------------------------

MAX_RESPONSES: Final = 32
MAX_DEPTH: Final = 12
MAX_LEAVES: Final = 4096
MAX_HEX_BYTES: Final = 64

_NAME = re.compile(r"[A-Za-z0-9_]{1,32}")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")
_VERSION = re.compile(r"[0-9]{1,4}(?:_[0-9]{1,4}){1,3}(?:-[A-Za-z0-9]{1,16})?")
_PRINTABLE = re.compile(r"[\x20-\x7e]+")


def describe_rsc(rsc: int) -> str:
    """The result code with what it is known to mean."""
    meaning = RSC_MEANING.get(rsc)
    return f"rsc {rsc} ({meaning})" if meaning else f"rsc {rsc}"


# -- requests ---------------------------------------------------------------------------------


def read_request(*targets: str, metadata: bool = True) -> dict[str, Any]:
    """The body of one multireq reading every target (with each leaf's `md` when asked)."""
    suffix = READ_FILTER if metadata else VALUES_FILTER
    return {
        "requests": [
            {"op": OP_READ, "to": target + (suffix if target in _FILTERED else "")}
            for target in targets
        ]
    }


def ranges_of(status: Status) -> Status:
    """Only the leaves that carry a range: what `with_metadata` needs of a read with metadata."""

    def ranged(leaves: Mapping[LeafPath, Leaf]) -> dict[LeafPath, Leaf]:
        return {
            path: leaf
            for path, leaf in leaves.items()
            if leaf.minimum is not None or leaf.maximum is not None
        }

    return Status(indoor=ranged(status.indoor), outdoor=ranged(status.outdoor))


def with_metadata(status: Status, known: Status) -> Status:
    """The status with each leaf's range taken from `known` where this read sent none."""

    def merged(
        leaves: Mapping[LeafPath, Leaf], ranges: Mapping[LeafPath, Leaf]
    ) -> dict[LeafPath, Leaf]:
        result: dict[LeafPath, Leaf] = {}
        for path, leaf in leaves.items():
            old = ranges.get(path)
            bare = old is not None and leaf.minimum is None and leaf.maximum is None
            result[path] = Leaf(leaf.value, old.minimum, old.maximum) if bare and old else leaf
        return result

    return Status(
        indoor=merged(status.indoor, known.indoor), outdoor=merged(status.outdoor, known.outdoor)
    )


type Changes = Mapping[str, Mapping[LeafPath, str]]


def write_request(changes: Changes) -> dict[str, Any]:
    """The body of one multireq writing the given leaves, one op 3 request per target node."""
    requests: list[dict[str, Any]] = []
    for target, leaves in changes.items():
        if not leaves:
            continue
        root: dict[str, Any] = {"pn": STATUS_ROOT, "pch": []}
        for path, value in leaves.items():
            node = root
            for name in path[:-1]:
                children: list[dict[str, Any]] = node["pch"]
                child = next((c for c in children if c.get("pn") == name), None)
                if child is None:
                    child = {"pn": name, "pch": []}
                    children.append(child)
                node = child
            node["pch"].append({"pn": path[-1], "pv": value})
        requests.append({"op": OP_WRITE, "to": target, "pc": root})
    return {"requests": requests}


# -- answers ----------------------------------------------------------------------------------


def parse_answer(body: bytes) -> dict[str, Answer]:
    """Split a multireq answer into its answers by target (query dropped); raise if it is none.

    An entry without a text `fr` or an integer `rsc` is skipped; the first entry for a target wins.
    """
    try:
        data = _json(body)
    except (ValueError, RecursionError):
        raise DsiotResponseError(
            f"the adapter answered something that is not JSON: {excerpt(_text(body))}"
        ) from None
    responses = data.get("responses") if isinstance(data, dict) else None
    if not isinstance(responses, list):
        raise DsiotResponseError("the adapter's answer holds no list of responses")
    answers: dict[str, Answer] = {}
    for entry in responses[:MAX_RESPONSES]:
        if not isinstance(entry, dict):
            continue
        target, rsc = entry.get("fr"), entry.get("rsc")
        if not isinstance(target, str) or isinstance(rsc, bool) or not isinstance(rsc, int):
            continue
        answers.setdefault(target.partition("?")[0], Answer(rsc, flatten(entry.get("pc"))))
    return answers


def _json(body: bytes) -> object:
    """The JSON document, by orjson (Home Assistant's parser: a poll's answer in half the time).

    What orjson refuses and the standard library reads (NaN, Infinity, UTF-16, lone surrogates)
    is read by the standard library. One difference stays: an integer beyond 64 bits reads as a
    float, which nothing here takes as a number (a result code or a watt-hour count that large
    is refused either way).
    """
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body)


def _text(body: bytes) -> str:
    return body[: EXCERPT_LENGTH * 4].decode("utf-8", errors="replace")


def flatten(node: object) -> dict[LeafPath, Leaf]:
    """Every named leaf below a node, by its path of names (the node's own name left out)."""
    leaves: dict[LeafPath, Leaf] = {}
    if isinstance(node, dict):
        _walk(node, (), leaves)
    return leaves


def _walk(node: dict[Any, Any], path: LeafPath, leaves: dict[LeafPath, Leaf]) -> None:
    children = node.get("pch")
    if isinstance(children, list):
        if len(path) >= MAX_DEPTH:
            return
        for child in children:
            if len(leaves) >= MAX_LEAVES:
                return
            if not isinstance(child, dict):
                continue
            name = child.get("pn")
            if not _is_name(name):
                continue  # unnamed (firmware 3.15): absent, with everything below it
            _walk(child, (*path, name), leaves)
        return
    if path and "pv" in node and path not in leaves:
        leaves[path] = _leaf(node["pv"], node.get("md"))


# Leaves without metadata by their text value: a poll reads values alone, and an answer repeats
# the same few dozen texts at every poll (a leaf is immutable, so one serves every head).
_BARE_LEAVES: dict[str, Leaf] = {}
MAX_BARE_LEAVES: Final = 1024


def _leaf(value: object, metadata: object) -> Leaf:
    """A value node's leaf, with the range its metadata gives."""
    if metadata is None and isinstance(value, str):
        leaf = _BARE_LEAVES.get(value)
        if leaf is None:
            leaf = Leaf(value)
            if len(_BARE_LEAVES) < MAX_BARE_LEAVES:
                _BARE_LEAVES[value] = leaf
        return leaf
    minimum = maximum = None
    if isinstance(metadata, dict):
        minimum = _short_text(metadata.get("mi"))
        maximum = _short_text(metadata.get("mx"))
    return Leaf(value, minimum, maximum)


# Node names already found valid: an answer repeats the same few dozen at every poll.
_NAMES_SEEN: set[str] = set()
MAX_NAMES_SEEN: Final = 1024


def _is_name(name: object) -> TypeIs[str]:
    """Whether a node's `pn` is a name (firmware 3.15 sends unnamed nodes)."""
    if name.__class__ is str and name in _NAMES_SEEN:
        return True
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        return False
    if len(_NAMES_SEEN) < MAX_NAMES_SEEN:
        _NAMES_SEEN.add(name)
    return True


def _short_text(value: object) -> str | None:
    return value if isinstance(value, str) and len(value) <= 2 * MAX_HEX_BYTES else None


def answer_of(answers: Mapping[str, Answer], target: str) -> Answer:
    """The answer for a target the driver needs; raise when it is missing or not read OK."""
    answer = answers.get(target)
    if answer is None:
        raise DsiotResponseError(f"the adapter's answer holds nothing for {target}")
    if answer.rsc != RSC_READ_OK:
        raise DsiotReadRejectedError(
            f"the adapter refused to read {target} ({describe_rsc(answer.rsc)})", answer.rsc
        )
    return answer


def status_of(answers: Mapping[str, Answer]) -> Status:
    """The indoor node (required) and the outdoor node (absent unless read OK)."""
    indoor = answer_of(answers, INDOOR)
    outdoor = answers.get(OUTDOOR)
    if outdoor is None or outdoor.rsc != RSC_READ_OK:
        return Status(indoor=indoor.leaves)
    return Status(indoor=indoor.leaves, outdoor=outdoor.leaves)


def check_write(answers: Mapping[str, Answer], changes: Changes) -> None:
    """Raise unless every node written was answered with rsc 2004."""
    for target, leaves in changes.items():
        if not leaves:
            continue
        answer = answers.get(target)
        if answer is None:
            raise DsiotResponseError(f"the adapter did not answer the write of {target}")
        if answer.rsc != RSC_WRITE_OK:
            raise DsiotCommandRejectedError(
                f"the head refused the change of {target} ({describe_rsc(answer.rsc)})",
                answer.rsc,
            )


# -- value decoding ---------------------------------------------------------------------------


# Hex texts already decoded (None: not hex): a poll decodes the same dozen at every poll.
_HEX_SEEN: dict[str, bytes | None] = {}
MAX_HEX_SEEN: Final = 1024


def hex_bytes(value: object, max_bytes: int = MAX_HEX_BYTES) -> bytes | None:
    """The bytes a hex string stands for; None unless it is whole bytes of hex digits."""
    if not isinstance(value, str) or len(value) > 2 * max_bytes:
        return None
    try:
        return _HEX_SEEN[value]
    except KeyError:
        data = bytes.fromhex(value) if _HEX.fullmatch(value) else None
        if len(_HEX_SEEN) < MAX_HEX_SEEN:
            _HEX_SEEN[value] = data
        return data


def le_uint(value: object, max_bytes: int = 4) -> int | None:
    """A little-endian unsigned integer from hex; None if it is not one of at most max_bytes."""
    data = hex_bytes(value, max_bytes)
    return None if data is None else int.from_bytes(data, "little")


def le_int(value: object, max_bytes: int = 4) -> int | None:
    """A little-endian two's-complement integer from hex; None if it is not one."""
    data = hex_bytes(value, max_bytes)
    return None if data is None else int.from_bytes(data, "little", signed=True)


def flag(value: object) -> bool | None:
    """`00` off, `01` on; None for anything else."""
    number = le_uint(value, 1)
    return None if number is None or number > 1 else number == 1


def model_name(value: object) -> str | None:
    """A model name from reversed hex ASCII; None when blank or not printable ASCII."""
    data = hex_bytes(value)
    if data is None:
        return None
    text = data[::-1].decode("latin-1").strip(" \x00")
    if not text or not _PRINTABLE.fullmatch(text):
        return None
    return text[:MAX_TEXT_LENGTH]


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _value(leaves: Mapping[LeafPath, Leaf], path: LeafPath) -> object:
    leaf = leaves.get(path)
    return None if leaf is None else leaf.value


def setpoint(value: object) -> float | None:
    """A setpoint (one byte, half degrees); None outside the plausible range."""
    number = le_uint(value, 1)
    if number is None or not _in(number / 2, TARGET_TEMPERATURE_RANGE):
        return None
    return number / 2


def swing_axis(value: object) -> bool | None:
    """Whether a swing leaf says the axis swings; None when it is not a swing value."""
    data = hex_bytes(value, 8)
    return None if not data else data[0] == SWING_ON


def room_temperature(value: object) -> float | None:
    """The room temperature (signed byte, whole degrees)."""
    number = le_int(value, 1)
    return None if number is None or not _in(number, ROOM_TEMPERATURE_RANGE) else float(number)


def room_humidity(value: object) -> float | None:
    """The room humidity (one byte, percent)."""
    number = le_uint(value, 1)
    return None if number is None or not _in(number, HUMIDITY_RANGE) else float(number)


def outdoor_temperature(value: object) -> float | None:
    """The outdoor temperature (signed little-endian, half degrees)."""
    number = le_int(value, 2)
    return None if number is None or not _in(number / 2, OUTDOOR_TEMPERATURE_RANGE) else number / 2


def compressor_frequency(value: object) -> int | None:
    """The compressor frequency in Hz: the first two bytes, little-endian."""
    if not isinstance(value, str) or hex_bytes(value) is None:
        return None
    number = le_uint(value[:4], 2)
    return None if number is None or not _in(number, COMPRESSOR_FREQUENCY_RANGE) else number


# -- state --------------------------------------------------------------------------------------


def current_mode(leaves: Mapping[LeafPath, Leaf]) -> OperationMode:
    """The operation mode; raise when the head does not report a known one."""
    value = _value(leaves, MODE)
    code = le_uint(value, 2)
    mode = None if code is None else MODE_FROM_CODE.get(code)
    if mode is None:
        raise DsiotResponseError(f"the head reports no known operation mode: {excerpt(value)}")
    return mode


def current_power(leaves: Mapping[LeafPath, Leaf]) -> bool:
    """Whether the head is on; raise when it does not say."""
    value = _value(leaves, POWER)
    power = flag(value)
    if power is None:
        raise DsiotResponseError(f"the head reports no power setting: {excerpt(value)}")
    return power


def _swing(leaves: Mapping[LeafPath, Leaf], mode: OperationMode) -> Swing | None:
    vertical_path, horizontal_path = SWINGS[mode]
    vertical = swing_axis(_value(leaves, vertical_path))
    horizontal = swing_axis(_value(leaves, horizontal_path))
    if vertical is None and horizontal is None:
        return None
    if vertical and horizontal:
        return Swing.BOTH
    if vertical:
        return Swing.VERTICAL
    return Swing.HORIZONTAL if horizontal else Swing.OFF


def special_modes_of(status: Status) -> frozenset[SpecialMode]:
    """The special modes on: econo (indoor node) and powerful (outdoor node)."""
    modes: set[SpecialMode] = set()
    if flag(_value(status.indoor, ECONO)):
        modes.add(SpecialMode.ECO)
    if flag(_value(status.outdoor, POWERFUL)):
        modes.add(SpecialMode.BOOST)
    return frozenset(modes)


def state_of(status: Status) -> HeadState:
    """The contract's state from the two status nodes."""
    indoor, outdoor = status.indoor, status.outdoor
    mode = current_mode(indoor)
    setpoint_path = SETPOINTS.get(mode)
    fan_path = FAN_RATES.get(mode)
    fan_code = None if fan_path is None else le_uint(_value(indoor, fan_path), 2)
    return HeadState(
        power=current_power(indoor),
        mode=mode,
        target_temperature=None
        if setpoint_path is None
        else setpoint(_value(indoor, setpoint_path)),
        fan_speed=None if fan_code is None else FAN_FROM_CODE.get(fan_code),
        swing=_swing(indoor, mode),
        special_modes=special_modes_of(status),
        room_temperature=room_temperature(_value(indoor, ROOM_TEMPERATURE)),
        room_humidity=room_humidity(_value(indoor, ROOM_HUMIDITY)),
        outdoor_temperature=outdoor_temperature(_value(outdoor, OUTDOOR_TEMPERATURE)),
        compressor_frequency=compressor_frequency(_value(outdoor, COMPRESSOR_FREQUENCY)),
        compressor_running=flag(_value(outdoor, COMPRESSOR_RUNNING)),
        raw=raw_of(status),
    )


def raw_of(status: Status) -> Mapping[str, Mapping[str, str]]:
    """The leaves as text by path, for diagnostics: written out when first asked for.

    Every poll makes a state, and diagnostics read one now and then: the text is not made
    for the polls nobody reads.
    """
    return _RawLeaves(status)


class _RawLeaves(Mapping[str, Mapping[str, str]]):
    """The raw leaves of a status by node, made on first use."""

    __slots__ = ("_made", "_status")

    def __init__(self, status: Status) -> None:
        self._status: Status | None = status
        self._made: dict[str, dict[str, str]] = {}

    def _nodes(self) -> dict[str, dict[str, str]]:
        if self._status is not None:
            status, self._status = self._status, None
            self._made = {
                "adr_0100": _raw_leaves(status.indoor),
                "adr_0200": _raw_leaves(status.outdoor),
            }
        return self._made

    def __getitem__(self, key: str) -> Mapping[str, str]:
        return self._nodes()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes())

    def __len__(self) -> int:
        return len(self._nodes())


def _raw_leaves(leaves: Mapping[LeafPath, Leaf]) -> dict[str, str]:
    return {"/".join(path): raw_text(leaf.value) for path, leaf in leaves.items()}


def raw_text(value: object) -> str:
    """A value as short text."""
    if isinstance(value, list):
        text = "/".join(raw_text(item) for item in value[:MAX_DAYS])
    elif isinstance(value, str | int | float | bool) or value is None:
        text = str(value)
    else:
        text = type(value).__name__
    return text[: MAX_TEXT_LENGTH * 2]


# -- capabilities -------------------------------------------------------------------------------


def _mask(text: str | None, max_bytes: int = 4) -> int | None:
    return le_uint(text, max_bytes)


def modes_offered(leaves: Mapping[LeafPath, Leaf]) -> tuple[OperationMode, ...]:
    """The modes the mode leaf's metadata offers (a bit per mode code); every mode without it."""
    leaf = leaves.get(MODE)
    mask = None if leaf is None else _mask(leaf.maximum)
    offered = tuple(
        mode for mode in OperationMode if mask is not None and mask >> MODE_TO_CODE[mode] & 1
    )
    return offered or tuple(OperationMode)


def fan_speeds_offered(leaves: Mapping[LeafPath, Leaf]) -> tuple[FanSpeed, ...]:
    """The fan speeds of the first per-mode fan leaf (metadata bit mask); none without one."""
    for mode in (OperationMode.COOL, OperationMode.HEAT, OperationMode.AUTO, OperationMode.FAN):
        leaf = leaves.get(FAN_RATES[mode])
        if leaf is None:
            continue
        mask = _mask(leaf.maximum)
        offered = tuple(
            speed for speed in FanSpeed if mask is not None and mask >> FAN_TO_CODE[speed] & 1
        )
        return offered or tuple(FanSpeed)
    return ()


def swing_modes_offered(leaves: Mapping[LeafPath, Leaf]) -> tuple[Swing, ...]:
    """Off plus the axes any mode's swing leaves cover."""
    vertical = any(pair[0] in leaves for pair in SWINGS.values())
    horizontal = any(pair[1] in leaves for pair in SWINGS.values())
    offered = [Swing.OFF]
    if vertical:
        offered.append(Swing.VERTICAL)
    if horizontal:
        offered.append(Swing.HORIZONTAL)
    if vertical and horizontal:
        offered.append(Swing.BOTH)
    return tuple(offered) if len(offered) > 1 else ()


def target_range(leaves: Mapping[LeafPath, Leaf], mode: OperationMode) -> TemperatureRange | None:
    """The setpoints a mode accepts (metadata, else the default); None when it has no setpoint."""
    path = SETPOINTS.get(mode)
    leaf = None if path is None else leaves.get(path)
    if leaf is None:
        return None
    low = le_uint(leaf.minimum, 1)
    high = le_uint(leaf.maximum, 1)
    if (
        low is not None
        and high is not None
        and low <= high
        and _in(low / 2, TARGET_TEMPERATURE_RANGE)
        and _in(high / 2, TARGET_TEMPERATURE_RANGE)
    ):
        return TemperatureRange(low / 2, high / 2)
    return DEFAULT_TARGET_RANGES[mode]


def capabilities_of(status: Status) -> Capabilities:
    """What the head offers, from which leaves it has and their metadata (the status not kept)."""
    indoor, outdoor = status.indoor, status.outdoor
    modes = modes_offered(indoor)
    ranges = {mode: found for mode in modes if (found := target_range(indoor, mode)) is not None}
    special: list[SpecialMode] = []
    if flag(_value(indoor, ECONO)) is not None:
        special.append(SpecialMode.ECO)
    if flag(_value(outdoor, POWERFUL)) is not None:
        special.append(SpecialMode.BOOST)
    names = [
        name
        for name in (
            model_name(_value(indoor, INDOOR_MODEL)),
            model_name(_value(outdoor, OUTDOOR_MODEL)),
        )
        if name
    ]
    return Capabilities(
        model=" / ".join(names) or None,
        modes=modes,
        fan_speeds=fan_speeds_offered(indoor),
        swing_modes=swing_modes_offered(indoor),
        special_modes=tuple(special),
        away=False,
        target_ranges=ranges,
        target_step=TARGET_STEP,
        room_humidity=room_humidity(_value(indoor, ROOM_HUMIDITY)) is not None,
        compressor_frequency=compressor_frequency(_value(outdoor, COMPRESSOR_FREQUENCY))
        is not None,
        energy_by_day=True,  # week_power: daily totals only, no hours, no heating/cooling split
        # No raw answers: they are the state's nodes, which every state carries (and which
        # diagnostics show); keeping the set-up's status here would hold a second copy for good.
    )


# -- adapter and energy -------------------------------------------------------------------------


def info_of(answers: Mapping[str, Answer]) -> HeadInfo:
    """Who the adapter is (edge.adp_i: mac, ver) and its name (edge.adp_d, optional)."""
    adapter = answer_of(answers, ADAPTER_INFO).leaves
    mac_value = _value(adapter, ("mac",))
    mac = mac_digits(mac_value)
    if mac is None:
        raise DsiotResponseError(f"the adapter reports no MAC address: {excerpt(mac_value)}")
    version = _value(adapter, ("ver",))
    firmware = (
        version.replace("_", ".")
        if isinstance(version, str) and _VERSION.fullmatch(version)
        else ""
    )
    settings = answers.get(ADAPTER_SETTINGS)
    name = ""
    if settings is not None and settings.rsc == RSC_READ_OK:
        value = _value(settings.leaves, ("name",))
        if isinstance(value, str) and _PRINTABLE.fullmatch(value):
            name = value.strip()[:MAX_TEXT_LENGTH]
    raw = {"adp_i": _raw_leaves(adapter)}
    if settings is not None:
        raw["adp_d"] = _raw_leaves(settings.leaves)
    return HeadInfo(mac=mac, name=name, firmware=firmware, away=False, raw=raw)


def _watt_hours(value: object) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAILY_WH:
        return None
    return value


def daily_energy_of(answer: Answer | None) -> DailyEnergy | None:
    """Daily kWh from week_power/datas (Wh, today last); None when the head gives none."""
    if answer is None or answer.rsc != RSC_READ_OK:
        return None
    value = _value(answer.leaves, WEEK_DATAS)
    items: Iterable[object]
    if isinstance(value, list):
        items = value
    elif isinstance(value, str) and 0 < len(value) <= 16 * MAX_DAYS:
        items = value.split("/")
    else:
        return None
    days = list(items)
    if not 0 < len(days) <= MAX_DAYS:
        return None
    return DailyEnergy(
        days=tuple(None if (wh := _watt_hours(day)) is None else wh / 1000 for day in days)
    )


# -- commands -----------------------------------------------------------------------------------


def _reject(message: str) -> DsiotCommandRejectedError:
    return DsiotCommandRejectedError(message)


def _put(
    changes: dict[LeafPath, str], leaves: Mapping[LeafPath, Leaf], path: LeafPath, value: str
) -> None:
    """Write value unless the leaf already holds it."""
    current = _value(leaves, path)
    if not (isinstance(current, str) and current.upper() == value):
        changes[path] = value


def swing_value(current: object, on: bool) -> str:
    """The swing leaf's new value: first byte 0F or 00, the leaf's own length kept."""
    data = hex_bytes(current, 8)
    length = len(data) if data else DEFAULT_SWING_BYTES
    return ("0F" if on else "00") + "00" * (length - 1)


def plan_command(status: Status, command: Command) -> dict[str, dict[LeafPath, str]]:
    """The leaves a command changes, by target node; raise for what the head cannot take.

    Settings the (new) mode has no leaf for, such as a target in fan mode, are left out.
    """
    leaves = status.indoor
    changes: dict[LeafPath, str] = {}
    if command.power is not None:
        _put(changes, leaves, POWER, "01" if command.power else "00")
    mode = current_mode(leaves)
    if command.mode is not None:
        if command.mode not in modes_offered(leaves):
            raise _reject(f"the head offers no {command.mode} mode")
        mode = command.mode
        _put(changes, leaves, MODE, f"{MODE_TO_CODE[mode]:02X}00")
    setpoint_path = SETPOINTS.get(mode)
    if command.target_temperature is not None and setpoint_path in leaves:
        assert setpoint_path is not None  # a leaf's path
        bounds = target_range(leaves, mode)
        value = round(command.target_temperature * 2) / 2
        if bounds is not None and not bounds.low <= value <= bounds.high:
            raise _reject(
                f"{command.target_temperature:g} degC is outside the {mode} range "
                f"{bounds.low:g}-{bounds.high:g}"
            )
        _put(changes, leaves, setpoint_path, f"{round(value * 2):02X}")
    fan_path = FAN_RATES.get(mode)
    if command.fan_speed is not None and fan_path in leaves:
        assert fan_path is not None  # a leaf's path
        if command.fan_speed not in fan_speeds_offered(leaves):
            raise _reject(f"the head offers no fan speed {command.fan_speed}")
        _put(changes, leaves, fan_path, f"{FAN_TO_CODE[command.fan_speed]:02X}00")
    if command.swing is not None:
        _plan_swing(changes, leaves, mode, command.swing)
    return {INDOOR: changes} if changes else {}


def _plan_swing(
    changes: dict[LeafPath, str], leaves: Mapping[LeafPath, Leaf], mode: OperationMode, swing: Swing
) -> None:
    wanted = (
        swing in (Swing.VERTICAL, Swing.BOTH),
        swing in (Swing.HORIZONTAL, Swing.BOTH),
    )
    paths = SWINGS[mode]
    if all(path not in leaves for path in paths):
        return
    for path, on in zip(paths, wanted, strict=True):
        if path not in leaves:
            if on:
                raise _reject(f"the head cannot swing {swing} in {mode} mode")
            continue
        current = _value(leaves, path)
        if swing_axis(current) != on:
            changes[path] = swing_value(current, on)


def plan_special_mode(status: Status, mode: SpecialMode | None) -> dict[str, dict[LeafPath, str]]:
    """The leaves that make mode the only special mode on (econo indoors, powerful outdoors)."""
    plan: dict[str, dict[LeafPath, str]] = {}
    for special, target, leaves, path in (
        (SpecialMode.ECO, INDOOR, status.indoor, ECONO),
        (SpecialMode.BOOST, OUTDOOR, status.outdoor, POWERFUL),
    ):
        current = flag(_value(leaves, path))
        wanted = mode is special
        if current is None:
            if wanted:
                raise _reject(f"the head has no {special} mode")
            continue
        if current != wanted:
            plan.setdefault(target, {})[path] = "01" if wanted else "00"
    return plan


def apply_changes(status: Status, plan: Changes) -> Status:
    """The status with written leaves replaced, as the head holds them after a write it took."""

    def applied(leaves: Mapping[LeafPath, Leaf], target: str) -> dict[LeafPath, Leaf]:
        result = dict(leaves)
        for path, value in plan.get(target, {}).items():
            old = result.get(path)
            result[path] = Leaf(value, *((old.minimum, old.maximum) if old else (None, None)))
        return result

    return Status(indoor=applied(status.indoor, INDOOR), outdoor=applied(status.outdoor, OUTDOOR))
