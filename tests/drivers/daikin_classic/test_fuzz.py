"""Property tests: whatever a head sends, a parser returns plausible values or a DaikinError.

`scripts/test --long` (MINISPLIT_LONG_PROPERTIES=1) runs 10,000 examples per property, not 200.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.minisplit.drivers.daikin_classic import (
    DaikinError,
)
from custom_components.minisplit.drivers.daikin_classic.protocol import (
    FAN_RATE_FROM_CODE,
    MAX_HOURLY_ENERGY_TENTHS,
    MODE_FROM_CODE,
    MOMENTARY_POWER_RANGE,
    SPLIT_SWING_FROM_PAIR,
    SWING_FROM_CODE,
    WRITABLE_CONTROL_FIELDS,
    WRITABLE_SPLIT_SWING_FIELDS,
    build_control_query,
    decode_name,
    has_split_swing,
    parse_basic_info,
    parse_control_info,
    parse_datetime,
    parse_day_energy,
    parse_key_values,
    parse_model_info,
    parse_response,
    parse_sensor_info,
)
from custom_components.minisplit.drivers.values import (
    COMPRESSOR_FREQUENCY_RANGE,
    HUMIDITY_RANGE,
    OUTDOOR_TEMPERATURE_RANGE,
    ROOM_TEMPERATURE_RANGE,
    TARGET_TEMPERATURE_RANGE,
)
from custom_components.minisplit.heads import (
    FanSpeed,
    HourlyEnergy,
    OperationMode,
    Swing,
)

LONG = os.environ.get("MINISPLIT_LONG_PROPERTIES") == "1"
# The long form runs for minutes: no per-test timeout then.
pytestmark = pytest.mark.timeout(0 if LONG else 60)
PROPERTIES = settings(
    max_examples=10_000 if LONG else 200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every field name the parsers read, so arbitrary dicts hit the code that reads them.
KNOWN_KEYS = [
    *("ret", "msg", "mac", "name", "ver", "type", "adp_kind", "ssid", "pow", "en_hol", "model"),
    *("humd", "en_frate", "en_fdir", "s_fdir", "en_spmode", "en_mompow", "htemp", "hhum"),
    *("otemp", "cmpfreq", "mompow", "mode", "stemp", "shum", "f_rate", "f_dir", "f_dir_ud"),
    *("f_dir_lr", "adv", "curr_day_heat", "curr_day_cool", "prev_1day_heat", "prev_1day_cool"),
    *(f"{field}{code}" for field in ("dt", "dh", "dfr", "dfd", "ndfd") for code in "1234567"),
    *("en_fdir2", "s_fdir_ud", "s_fdir_lr", "sta", "cur"),
]
GLITCHES = (
    "",
    "-",
    "--",
    "M",
    "AUTO",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
    "65535",
    "-1",
    "1" * 310,
    "9" * 5000,
    "\u0665",
    "0x1F",
    "1_000",
    " 5 ",
    "S",
    "OK",
    "PARAM NG",
)

numbers = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-100, 400).map(lambda value: f"{value:.1f}"),
    st.decimals(allow_nan=True).map(str),
)
values = st.one_of(st.sampled_from(GLITCHES), numbers, st.text(max_size=40))
series = st.lists(st.one_of(numbers, st.sampled_from(GLITCHES)), min_size=20, max_size=28).map(
    "/".join
)
known_pairs = st.dictionaries(
    st.sampled_from(KNOWN_KEYS), st.one_of(values, series), max_size=len(KNOWN_KEYS)
)
raw_dicts = st.one_of(
    known_pairs,
    st.dictionaries(st.text(max_size=12), values, max_size=20),
    st.builds(
        lambda known, mode, ret: known | {"mode": mode, "ret": ret},
        known_pairs,
        st.sampled_from([*MODE_FROM_CODE, "9", ""]),
        st.sampled_from(["OK", "NG", "PARAM NG"]),
    ),
)
# What the client hands the parser: the body decoded from any bytes, or text, or key=value-ish text.
bodies = st.one_of(
    st.binary(max_size=512).map(lambda data: data.decode("utf-8", errors="replace")),
    st.text(max_size=256),
    raw_dicts.map(lambda raw: "ret=OK," + ",".join(f"{k}={v}" for k, v in raw.items())),
)

PARSERS: Mapping[str, Callable[[Mapping[str, str]], object]] = {
    "basic": parse_basic_info,
    "model": parse_model_info,
    "sensor": parse_sensor_info,
    "control": parse_control_info,
    "energy": parse_day_energy,
    "datetime": parse_datetime,
}


def within(value: float | None, bounds: tuple[float, float]) -> bool:
    """Whether an optional reading is unknown, or a finite number within bounds."""
    return value is None or (math.isfinite(value) and bounds[0] <= value <= bounds[1])


def check_result(result: object) -> None:
    """The invariants every consumer of the parsed values relies on."""
    match result:
        case HourlyEnergy():
            for hours in (
                result.today_heat,
                result.today_cool,
                result.yesterday_heat,
                result.yesterday_cool,
            ):
                assert len(hours) == 24
                for hour in hours:
                    assert hour is None or type(hour) is float
                    assert within(hour, (0.0, MAX_HOURLY_ENERGY_TENTHS / 10))
        case _ if hasattr(result, "indoor_temperature"):
            assert within(result.indoor_temperature, ROOM_TEMPERATURE_RANGE)  # type: ignore[attr-defined]
            assert within(result.outdoor_temperature, OUTDOOR_TEMPERATURE_RANGE)  # type: ignore[attr-defined]
            assert within(result.indoor_humidity, HUMIDITY_RANGE)  # type: ignore[attr-defined]
            assert within(result.compressor_frequency, COMPRESSOR_FREQUENCY_RANGE)  # type: ignore[attr-defined]
            assert within(result.power_w, MOMENTARY_POWER_RANGE)  # type: ignore[attr-defined]
        case _ if hasattr(result, "target_temperature") and hasattr(result, "mode"):
            assert within(result.target_temperature, TARGET_TEMPERATURE_RANGE)  # type: ignore[attr-defined]


def parse_all(raw: Mapping[str, str]) -> None:
    """Run every parser on raw: a result that keeps its invariants, or a DaikinError."""
    for parse in PARSERS.values():
        try:
            result = parse(raw)
        except DaikinError:
            continue
        check_result(result)


@PROPERTIES
@given(body=bodies)
def test_any_body_parses_or_raises_a_client_error(body: str) -> None:
    try:
        raw = parse_key_values(body)
    except DaikinError:
        return
    with contextlib.suppress(DaikinError):
        parse_response(body)
    parse_all(raw)


@PROPERTIES
@given(raw=raw_dicts)
def test_any_key_value_dict_parses_or_raises_a_client_error(raw: dict[str, str]) -> None:
    parse_all(raw)


@PROPERTIES
@given(
    raw=raw_dicts,
    power=st.none() | st.booleans(),
    mode=st.none() | st.sampled_from(OperationMode),
    target=st.none() | st.floats(*TARGET_TEMPERATURE_RANGE),
    fan_rate=st.none() | st.sampled_from(FanSpeed),
    swing=st.none() | st.sampled_from(Swing),
)
def test_a_command_built_on_any_settings_sends_only_what_a_head_takes(
    raw: dict[str, str],
    power: bool | None,
    mode: OperationMode | None,
    target: float | None,
    fan_rate: FanSpeed | None,
    swing: Swing | None,
) -> None:
    try:
        control = parse_control_info(raw)
    except DaikinError:
        return
    query = build_control_query(
        control, power=power, mode=mode, target_temperature=target, fan_rate=fan_rate, swing=swing
    )
    if has_split_swing(raw):
        # An Alira X class head is written the louvre pair it reports, never f_dir.
        assert tuple(query) == WRITABLE_SPLIT_SWING_FIELDS
        assert (query["f_dir_ud"], query["f_dir_lr"]) in SPLIT_SWING_FROM_PAIR
    else:
        assert tuple(query) == WRITABLE_CONTROL_FIELDS
        assert query["f_dir"] in SWING_FROM_CODE
    assert query["pow"] in ("0", "1")
    assert query["mode"] in MODE_FROM_CODE
    assert query["f_rate"] in FAN_RATE_FROM_CODE
    assert query["shum"] == "AUTO" or (query["shum"].isdigit() and len(query["shum"]) <= 3)
    if MODE_FROM_CODE[query["mode"]] not in (OperationMode.DRY, OperationMode.FAN):
        low, high = TARGET_TEMPERATURE_RANGE
        assert low <= float(query["stemp"]) <= high


@PROPERTIES
@given(name=st.text(max_size=200))
def test_any_name_decodes(name: str) -> None:
    assert isinstance(decode_name(name), str)
