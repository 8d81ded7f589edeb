"""Parsing and encoding of /dsiot node trees, from real-shaped answers."""

from __future__ import annotations

import json

import pytest

from custom_components.minisplit.drivers import values
from custom_components.minisplit.drivers.daikin_dsiot import protocol as p
from custom_components.minisplit.drivers.daikin_dsiot.errors import (
    DsiotCommandRejectedError,
    DsiotReadRejectedError,
    DsiotResponseError,
)
from custom_components.minisplit.drivers.daikin_dsiot.models import Answer, Leaf, Status
from custom_components.minisplit.heads import (
    Command,
    FanSpeed,
    OperationMode,
    SpecialMode,
    Swing,
    TemperatureRange,
)
from custom_components.minisplit.heads.model import DailyEnergy

from .conftest import load_fixture


def status(name: str) -> Status:
    return p.status_of(p.parse_answer(load_fixture(name)))


def test_a_named_answer_maps_every_reading() -> None:
    state = p.state_of(status("status_named"))
    assert state.power
    assert state.mode is OperationMode.COOL
    assert state.target_temperature == 24.5  # p_02 "31": 49 half degrees
    assert state.fan_speed is FanSpeed.LEVEL_3  # p_09 "0500"
    assert state.swing is Swing.VERTICAL  # p_05 0F..., p_06 00...
    assert state.special_modes == frozenset({SpecialMode.ECO})
    assert state.room_temperature == 23.0  # "17"
    assert state.room_humidity == 55.0  # "37"
    assert state.outdoor_temperature == -5.0  # "F6FF": -10 half degrees
    assert state.compressor_frequency == 42  # "2A00"
    assert state.raw["adr_0100"]["e_1002/e_3001/p_01"] == "0200"
    assert state.raw["adr_0200"]["e_1003/e_2006/p_04"] == "2A00"


def test_capabilities_come_from_the_metadata() -> None:
    capabilities = p.capabilities_of(status("status_named"))
    assert capabilities.model == "FTXM46WVMA / RXM46WVMA"
    assert capabilities.modes == tuple(OperationMode)
    assert capabilities.target_ranges == {
        OperationMode.AUTO: TemperatureRange(18.0, 30.0),
        OperationMode.COOL: TemperatureRange(18.0, 32.0),
        OperationMode.HEAT: TemperatureRange(10.0, 30.0),
    }
    assert capabilities.target_step == 0.5
    assert capabilities.fan_speeds == tuple(FanSpeed)
    assert capabilities.swing_modes == tuple(Swing)
    assert capabilities.special_modes == (SpecialMode.ECO, SpecialMode.BOOST)
    assert not capabilities.away
    assert capabilities.room_humidity
    assert capabilities.compressor_frequency


def test_without_metadata_every_mode_and_speed_and_default_ranges() -> None:
    current = status("status_no_metadata")
    capabilities = p.capabilities_of(current)
    assert capabilities.modes == tuple(OperationMode)
    assert capabilities.fan_speeds == tuple(FanSpeed)
    assert capabilities.target_ranges == p.DEFAULT_TARGET_RANGES
    assert capabilities.model == "FTXM46WVMA"  # no outdoor model leaf
    assert not capabilities.compressor_frequency
    state = p.state_of(current)
    assert state.compressor_frequency is None


def test_unnamed_nodes_are_skipped_and_auto_without_setpoint_has_no_range() -> None:
    current = status("status_unnamed")
    state = p.state_of(current)
    assert (state.mode, state.target_temperature, state.room_temperature) == (
        OperationMode.COOL,
        24.5,
        23.0,
    )
    capabilities = p.capabilities_of(current)
    assert OperationMode.AUTO in capabilities.modes  # the mode exists, it takes no setpoint
    assert OperationMode.AUTO not in capabilities.target_ranges
    assert all(name for leaves in state.raw.values() for name in leaves)


def test_a_refused_outdoor_node_leaves_its_readings_absent() -> None:
    current = status("status_outdoor_refused")
    state = p.state_of(current)
    assert state.outdoor_temperature is None
    assert state.compressor_frequency is None
    assert state.room_humidity is None
    assert state.special_modes == frozenset({SpecialMode.ECO})
    capabilities = p.capabilities_of(current)
    assert capabilities.special_modes == (SpecialMode.ECO,)
    assert not capabilities.room_humidity


def test_adapter_info() -> None:
    info = p.info_of(p.parse_answer(load_fixture("adapter")))
    assert (info.mac, info.name, info.firmware, info.away) == (
        "A4B1C2D3E4F5",
        "Living",
        "3.12.3",
        False,
    )
    assert info.raw["adp_i"]["ver"] == "3_12_3"
    assert info.raw["adp_d"]["name"] == "Living"


def test_adapter_info_without_settings_or_with_odd_values() -> None:
    answers = {
        p.ADAPTER_INFO: Answer(2000, {("mac",): Leaf("a4:b1:c2:d3:e4:f5"), ("ver",): Leaf("x")}),
        p.ADAPTER_SETTINGS: Answer(4004),
    }
    info = p.info_of(answers)
    assert (info.mac, info.name, info.firmware) == ("A4B1C2D3E4F5", "", "")
    with pytest.raises(DsiotResponseError, match="MAC"):
        p.info_of({p.ADAPTER_INFO: Answer(2000, {("mac",): Leaf(12)})})
    with pytest.raises(DsiotReadRejectedError, match="rsc 4004") as caught:
        p.info_of({p.ADAPTER_INFO: Answer(4004)})
    assert caught.value.rsc == 4004
    with pytest.raises(DsiotResponseError, match="nothing for"):
        p.info_of({})
    leaves = {("mac",): Leaf("A4B1C2D3E4F5"), ("ver",): Leaf("3_15_0-g4")}
    assert p.info_of({p.ADAPTER_INFO: Answer(2000, leaves)}).firmware == "3.15.0-g4"


def test_week_power_is_daily_kwh_today_last() -> None:
    answers = p.parse_answer(load_fixture("week_power"))
    assert p.daily_energy_of(answers[p.WEEK_POWER]) == DailyEnergy(
        days=(1.2, 0.0, 3.4, 2.5, 0.8, 15.0, 0.7)
    )
    unnamed = p.parse_answer(load_fixture("week_power_unnamed"))
    assert p.daily_energy_of(unnamed[p.WEEK_POWER]) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100/-1/x/300000/7", (0.1, None, None, None, 0.007)),
        ([True, 1.5, "200", None], (None, None, 0.2, None)),
        ([], None),
        ("", None),
        (list(range(40)), None),
        ({"a": 1}, None),
    ],
)
def test_week_power_values_are_checked(value: object, expected: tuple[float, ...] | None) -> None:
    answer = Answer(2000, {p.WEEK_DATAS: Leaf(value)})
    energy = p.daily_energy_of(answer)
    assert (None if energy is None else energy.days) == expected


def test_week_power_refused_or_missing_is_none() -> None:
    assert p.daily_energy_of(None) is None
    assert p.daily_energy_of(Answer(4004)) is None


@pytest.mark.parametrize(
    "body",
    [b"", b"<html>Page Not Found</html>", b"[]", b'{"responses": 3}', b"[" * 100_000],
)
def test_not_a_multireq_answer(body: bytes) -> None:
    with pytest.raises(DsiotResponseError):
        p.parse_answer(body)


def test_odd_entries_are_skipped_and_the_first_answer_wins() -> None:
    body = json.dumps(
        {
            "responses": [
                3,
                {"fr": 5, "rsc": 2000},
                {"fr": p.INDOOR, "rsc": True},
                {"fr": p.INDOOR + "?filter=pv", "rsc": 4004},
                {"fr": p.INDOOR, "rsc": 2000},
            ]
        }
    ).encode()
    answers = p.parse_answer(body)
    assert answers == {p.INDOOR: Answer(4004)}
    with pytest.raises(DsiotReadRejectedError, match="4004 \\(no such node"):
        p.status_of(answers)


@pytest.mark.parametrize(
    ("text", "encoding"), [("Infinity", "utf-8"), ("-Infinity", "utf-8"), ('"01"', "utf-16")]
)
def test_json_only_the_standard_library_reads_still_reads(text: str, encoding: str) -> None:
    """orjson refuses these (NaN too); such an answer means what the standard library reads."""
    body = f'{{"responses": [{{"fr": "{p.INDOOR}", "rsc": 2000, "pc": {{"pch": [{{"pn": "x", '
    body += f'"pv": {text}, "md": {{"mx": "2F00"}}}}]}}}}]}}'
    answers = p.parse_answer(body.encode(encoding))
    assert answers[p.INDOOR].leaves == {("x",): Leaf(json.loads(text), None, "2F00")}


def test_leaves_without_metadata_are_shared_by_their_value() -> None:
    """A poll's text leaves are the same objects from one poll to the next (and head to head)."""
    first, again = (
        p.status_of(p.parse_answer(load_fixture("status_no_metadata"))) for _ in range(2)
    )
    assert first == again
    texts = {path: leaf for path, leaf in first.indoor.items() if isinstance(leaf.value, str)}
    assert len(texts) > 20
    for path, leaf in texts.items():
        assert again.indoor[path] is leaf


def test_flatten_bounds_depth_and_skips_bad_names() -> None:
    node: dict[str, object] = {"pn": "leaf", "pv": "01"}
    for depth in range(20):
        node = {"pn": f"n{depth}", "pch": [node]}
    assert p.flatten({"pch": [node]}) == {}
    tree = {
        "pch": [
            {"pn": "a b", "pv": "01"},
            {"pn": "ok", "pv": "01", "md": {"mi": "00", "mx": 5}},
            {"pn": "ok", "pv": "02"},
            "x",
        ]
    }
    assert p.flatten(tree) == {("ok",): Leaf("01", "00", None)}
    many = {"pch": [{"pn": f"p{i}", "pv": i} for i in range(p.MAX_LEAVES + 10)]}
    assert len(p.flatten(many)) == p.MAX_LEAVES


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (p.le_uint, "0A00", 10),
        (p.le_uint, "0a0", None),
        (p.le_uint, "zz", None),
        (p.le_uint, "0 1", None),
        (p.le_uint, 10, None),
        (p.le_uint, "0000000001", None),
        (p.le_int, "F6FF", -10),
        (p.flag, "01", True),
        (p.flag, "00", False),
        (p.flag, "02", None),
        (p.setpoint, "31", 24.5),
        (p.setpoint, "FF", None),
        (p.setpoint, "02", None),
        (p.room_temperature, "F7", -9.0),
        (p.room_temperature, "7F", None),
        (p.room_humidity, "65", None),
        (p.outdoor_temperature, "22", 17.0),
        (p.outdoor_temperature, "FF7F", None),
        (p.compressor_frequency, "2A000000", 42),
        (p.compressor_frequency, "FFFF", None),
        (p.compressor_frequency, 42, None),
        (p.swing_axis, "", None),
        (p.swing_axis, "10000000", False),
        (p.model_name, "20202020", None),
        (p.model_name, "0A41", None),
        (p.model_name, "zz", None),
        (p.model_name, "0000414D564131374D585446", "FTXM71AVMA"),
    ],
)
def test_value_decoding(function: object, value: object, expected: object) -> None:
    assert function(value) == expected  # type: ignore[operator]


def test_a_head_without_power_or_mode_has_no_state() -> None:
    leaves = dict(status("status_named").indoor)
    without_mode = {k: v for k, v in leaves.items() if k != p.MODE}
    with pytest.raises(DsiotResponseError, match="operation mode"):
        p.state_of(Status(indoor=without_mode))
    bad_power = leaves | {p.POWER: Leaf("07")}
    with pytest.raises(DsiotResponseError, match="power"):
        p.state_of(Status(indoor=bad_power))


def test_fan_and_swing_offers_follow_the_leaves() -> None:
    only_vertical = {p.SWINGS[OperationMode.COOL][0]: Leaf("00")}
    assert p.swing_modes_offered(only_vertical) == (Swing.OFF, Swing.VERTICAL)
    only_horizontal = {p.SWINGS[OperationMode.HEAT][1]: Leaf("00")}
    assert p.swing_modes_offered(only_horizontal) == (Swing.OFF, Swing.HORIZONTAL)
    assert p.swing_modes_offered({}) == ()
    assert p.fan_speeds_offered({}) == ()
    three = {p.FAN_RATES[OperationMode.HEAT]: Leaf("0A00", None, "A804")}  # 3, 5, 7, auto
    assert p.fan_speeds_offered(three) == (
        FanSpeed.AUTO,
        FanSpeed.LEVEL_1,
        FanSpeed.LEVEL_3,
        FanSpeed.LEVEL_5,
    )
    garbage = {p.FAN_RATES[OperationMode.HEAT]: Leaf("0A00", None, "0000")}
    assert p.fan_speeds_offered(garbage) == tuple(FanSpeed)
    no_heat = {p.MODE: Leaf("0200", None, "2D00")}  # codes 0, 2, 3, 5
    assert OperationMode.HEAT not in p.modes_offered(no_heat)
    bad_range = {p.SETPOINTS[OperationMode.COOL]: Leaf("31", "40", "24")}
    assert (
        p.target_range(bad_range, OperationMode.COOL) == p.DEFAULT_TARGET_RANGES[OperationMode.COOL]
    )
    assert p.target_range(bad_range, OperationMode.FAN) is None


def test_a_command_writes_only_the_leaves_that_change() -> None:
    current = status("status_named")
    plan = p.plan_command(
        current,
        Command(
            power=True,  # already on: not written
            mode=OperationMode.HEAT,
            target_temperature=21.3,  # rounded to 21.5
            fan_speed=FanSpeed.QUIET,
            swing=Swing.BOTH,  # heat has horizontal on already
        ),
    )
    assert plan == {
        p.INDOOR: {
            p.MODE: "0100",
            p.SETPOINTS[OperationMode.HEAT]: "2B",
            p.FAN_RATES[OperationMode.HEAT]: "0B00",
            p.SWINGS[OperationMode.HEAT][0]: "0F000000",
        }
    }
    body = p.write_request(plan)
    assert body == {
        "requests": [
            {
                "op": 3,
                "to": p.INDOOR,
                "pc": {
                    "pn": "dgc_status",
                    "pch": [
                        {
                            "pn": "e_1002",
                            "pch": [
                                {
                                    "pn": "e_3001",
                                    "pch": [
                                        {"pn": "p_01", "pv": "0100"},
                                        {"pn": "p_03", "pv": "2B"},
                                        {"pn": "p_0A", "pv": "0B00"},
                                        {"pn": "p_07", "pv": "0F000000"},
                                    ],
                                }
                            ],
                        }
                    ],
                },
            }
        ]
    }
    assert p.plan_command(current, Command(power=True)) == {}


def test_settings_a_mode_lacks_are_left_out() -> None:
    current = status("status_named")
    # Fan mode has no setpoint; a fixed louvre position stays as it is when swing is off.
    plan = p.plan_command(current, Command(mode=OperationMode.FAN, target_temperature=22.0))
    assert plan == {p.INDOOR: {p.MODE: "0000"}}
    unnamed = status("status_unnamed")
    assert p.plan_command(unnamed, Command(mode=OperationMode.AUTO, target_temperature=22)) == {
        p.INDOOR: {p.MODE: "0300"}
    }
    off = p.plan_command(current, Command(power=False, swing=Swing.OFF))
    assert off == {p.INDOOR: {p.POWER: "00", p.SWINGS[OperationMode.COOL][0]: "00000000"}}
    no_swing = Status(indoor={p.POWER: Leaf("01"), p.MODE: Leaf("0200")})
    assert p.plan_command(no_swing, Command(swing=Swing.BOTH, fan_speed=FanSpeed.AUTO)) == {}


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (Command(target_temperature=35.0), "outside the cool range 18-32"),
        (Command(mode=OperationMode.HEAT), "no heat mode"),
        (Command(fan_speed=FanSpeed.QUIET), "no fan speed quiet"),
        (Command(swing=Swing.HORIZONTAL), "cannot swing horizontal"),
    ],
)
def test_commands_the_head_cannot_take_are_refused(command: Command, message: str) -> None:
    leaves = {
        p.POWER: Leaf("01"),
        p.MODE: Leaf("0200", None, "0D00"),  # fan, cool, auto
        p.SETPOINTS[OperationMode.COOL]: Leaf("31", "24", "40"),
        p.FAN_RATES[OperationMode.COOL]: Leaf("0A00", None, "F804"),  # no quiet
        p.SWINGS[OperationMode.COOL][0]: Leaf("00000000"),
    }
    with pytest.raises(DsiotCommandRejectedError, match=message) as caught:
        p.plan_command(Status(indoor=leaves), command)
    assert caught.value.rsc is None


def test_special_modes_plan_and_apply() -> None:
    current = status("status_named")  # econo on, powerful off
    plan = p.plan_special_mode(current, SpecialMode.BOOST)
    assert plan == {p.INDOOR: {p.ECONO: "00"}, p.OUTDOOR: {p.POWERFUL: "01"}}
    assert p.special_modes_of(p.apply_changes(current, plan)) == frozenset({SpecialMode.BOOST})
    assert p.plan_special_mode(current, SpecialMode.ECO) == {}
    assert p.plan_special_mode(current, None) == {p.INDOOR: {p.ECONO: "00"}}
    refused = status("status_outdoor_refused")
    with pytest.raises(DsiotCommandRejectedError, match="no boost mode"):
        p.plan_special_mode(refused, SpecialMode.BOOST)
    applied = p.apply_changes(refused, {p.OUTDOOR: {p.POWERFUL: "01"}})
    assert applied.outdoor[p.POWERFUL] == Leaf("01")


def test_write_answers_are_checked() -> None:
    plan = {p.INDOOR: {p.POWER: "00"}, p.OUTDOOR: {}}
    p.check_write(p.parse_answer(load_fixture("write_ok")), plan)
    with pytest.raises(DsiotCommandRejectedError, match="rsc 4000") as caught:
        p.check_write(p.parse_answer(load_fixture("write_refused")), plan)
    assert caught.value.rsc == 4000
    with pytest.raises(DsiotResponseError, match="did not answer"):
        p.check_write({}, plan)


def test_read_request_filters_status_and_energy_only() -> None:
    assert p.read_request(p.INDOOR, p.ADAPTER_INFO) == {
        "requests": [
            {"op": 2, "to": p.INDOOR + "?filter=pv,pt,md"},
            {"op": 2, "to": p.ADAPTER_INFO},
        ]
    }
    assert p.write_request({p.INDOOR: {}}) == {"requests": []}


def test_raw_text_is_short() -> None:
    assert p.raw_text([1, "a", None]) == "1/a/None"
    assert p.raw_text({"x": 1}) == "dict"
    assert len(p.raw_text("F" * 1000)) == 2 * values.MAX_TEXT_LENGTH
    assert values.excerpt(b"x") == "'bytes'"
    assert "characters" in values.excerpt("y" * 100)
    assert p.describe_rsc(4101) == "rsc 4101"


def test_the_raw_leaves_are_every_leaf_as_text_by_node() -> None:
    """What diagnostics show of a state: made from the status when first read, then kept."""
    status = Status(
        indoor={("e_1002", "p_01"): Leaf("0100"), ("e_A00B", "p_01"): Leaf(21)},
        outdoor={("e_1003", "p_01"): Leaf(["01", "02"])},
    )
    raw = p.raw_of(status)
    assert len(raw) == 2
    assert dict(raw) == {
        "adr_0100": {"e_1002/p_01": "0100", "e_A00B/p_01": "21"},
        "adr_0200": {"e_1003/p_01": "01/02"},
    }
    assert raw["adr_0100"] is raw["adr_0100"]
