"""Pure tests of the key=value parsing and the set_control query building."""

from __future__ import annotations

import pytest

from custom_components.minisplit.drivers.daikin_classic import (
    CONSERVATIVE_MODEL_INFO,
    DaikinCommandRejectedError,
    DaikinResponseError,
    ModeMemory,
    SpecialMode,
    mode_memory,
)
from custom_components.minisplit.drivers.daikin_classic.protocol import (
    build_control_query,
    decode_name,
    format_target_temperature,
    parse_basic_info,
    parse_control_info,
    parse_day_energy,
    parse_key_values,
    parse_model_info,
    parse_response,
    parse_sensor_info,
    parse_special_modes,
)
from custom_components.minisplit.heads import (
    FanSpeed,
    OperationMode,
    Swing,
)

from .fake_head import load_fixture


def parsed(name: str) -> dict[str, str]:
    """Parse a fixture that says ret=OK."""
    return parse_response(load_fixture(name))


def test_key_values_keep_empty_values_and_spaces() -> None:
    values = parse_response(load_fixture("basic_info_classic"))
    assert values["ret"] == "OK"
    assert values["method"] == "home only"
    assert values["id"] == ""
    assert values["grp_name"] == ""


@pytest.mark.parametrize("text", ["ret=PARAM NG", "ret=NG", load_fixture("param_ng")])
def test_ng_is_a_rejection(text: str) -> None:
    with pytest.raises(DaikinCommandRejectedError, match="ret="):
        parse_response(text)
    assert parse_key_values(text)["ret"] in ("PARAM NG", "NG")


@pytest.mark.parametrize("text", ["", "OK", "<html></html>", load_fixture("malformed"), "{}"])
def test_text_without_ret_is_malformed(text: str) -> None:
    with pytest.raises(DaikinResponseError):
        parse_key_values(text)


def test_basic_info_classic() -> None:
    basic = parse_basic_info(parsed("basic_info_classic"))
    assert basic.mac == "A4B1C2D3E4F5"
    assert basic.name == "Living"
    assert basic.firmware == "1.2.54"
    assert basic.device_type == "aircon"
    assert basic.adapter_kind == "2"
    assert basic.ssid == "DaikinAP41235"
    assert basic.power is True
    assert basic.holiday is False
    assert basic.raw["rev"] == "203DE8C"


def test_basic_info_brp072c_utf8_name_lower_case_mac_and_holiday() -> None:
    basic = parse_basic_info(parsed("basic_info_brp072c"))
    assert basic.mac == "0C2A6F1B9E07"
    assert basic.name == "K\u00fcche\ufffd"  # an undecodable byte becomes U+FFFD
    assert basic.firmware == "1.14.68"
    assert basic.ssid is None
    assert basic.power is False
    assert basic.holiday is True


def test_basic_info_without_mac_is_malformed() -> None:
    with pytest.raises(DaikinResponseError, match="mac"):
        parse_basic_info({"ret": "OK", "name": "x"})


def test_decode_name() -> None:
    assert decode_name("%4c%69%76%69%6e%67") == "Living"
    assert decode_name("") == ""
    assert decode_name("%e5%af%9d%e5%ae%a4") == "\u5bdd\u5ba4"


def test_model_info_classic() -> None:
    model = parse_model_info(parsed("model_info"))
    assert model.model == "0AB9"
    assert model.has_humidity_sensor is False
    assert model.supports_fan_rate is True
    assert model.supports_swing is True
    assert model.swing_modes == (Swing.OFF, Swing.VERTICAL, Swing.HORIZONTAL, Swing.BOTH)
    assert model.supports_special_modes is False
    assert model.supports_power_reading is False


def test_model_info_full() -> None:
    model = parse_model_info(parsed("model_info_full"))
    assert model.model is None  # NOTSUPPORT
    assert model.has_humidity_sensor is True
    assert model.swing_modes == (Swing.OFF, Swing.VERTICAL)
    assert model.supports_special_modes is True
    assert model.supports_power_reading is True


def test_model_info_without_swing() -> None:
    model = parse_model_info({"ret": "OK", "en_fdir": "0", "s_fdir": "3"})
    assert model.supports_swing is False
    assert model.swing_modes == ()


def test_conservative_model_info_claims_nothing() -> None:
    model = CONSERVATIVE_MODEL_INFO
    assert not any(
        (
            model.has_humidity_sensor,
            model.supports_fan_rate,
            model.supports_swing,
            model.supports_special_modes,
            model.supports_power_reading,
        )
    )
    assert model.swing_modes == ()
    assert model.raw == {}


def test_sensor_info() -> None:
    sensors = parse_sensor_info(parsed("sensor_info"))
    assert sensors.indoor_temperature == 22.5
    assert sensors.indoor_humidity == 47.0
    assert sensors.outdoor_temperature == 8.5
    assert sensors.compressor_frequency == 34
    assert sensors.power_w == 900.0


def test_sensor_info_dashes_are_none() -> None:
    sensors = parse_sensor_info(parsed("sensor_info_dashes"))
    assert sensors.indoor_temperature == 19.0
    assert sensors.indoor_humidity is None
    assert sensors.outdoor_temperature is None
    assert sensors.compressor_frequency is None
    assert sensors.power_w is None


def test_control_info_heat() -> None:
    control = parse_control_info(parsed("control_info_heat"))
    assert control.power is True
    assert control.mode is OperationMode.HEAT
    assert control.target_temperature == 21.5
    assert control.fan_rate is FanSpeed.AUTO
    assert control.swing is Swing.VERTICAL
    assert control.special_modes == frozenset()


def test_control_info_dry() -> None:
    control = parse_control_info(parsed("control_info_dry"))
    assert control.mode is OperationMode.DRY
    assert control.target_temperature is None  # M
    assert control.fan_rate is FanSpeed.QUIET
    assert control.swing is Swing.OFF
    assert control.special_modes == {SpecialMode.ECONO}


def test_control_info_fan_off() -> None:
    control = parse_control_info(parsed("control_info_fan"))
    assert control.power is False
    assert control.mode is OperationMode.FAN
    assert control.target_temperature is None  # --
    assert control.fan_rate is FanSpeed.LEVEL_5
    assert control.swing is Swing.HORIZONTAL
    assert control.special_modes == {SpecialMode.POWERFUL, SpecialMode.STREAMER}


def test_control_info_auto_with_separate_louvre_fields() -> None:
    control = parse_control_info(parsed("control_info_auto_ud_lr"))
    assert control.mode is OperationMode.AUTO
    assert control.fan_rate is FanSpeed.LEVEL_1
    assert control.swing is Swing.VERTICAL
    assert control.special_modes == {SpecialMode.POWERFUL}


@pytest.mark.parametrize(
    ("up_down", "left_right", "swing"),
    [
        ("0", "0", Swing.OFF),
        ("S", "0", Swing.VERTICAL),
        ("0", "S", Swing.HORIZONTAL),
        ("S", "S", Swing.BOTH),
    ],
)
def test_swing_from_louvre_fields(up_down: str, left_right: str, swing: Swing) -> None:
    raw = {"ret": "OK", "pow": "1", "mode": "3", "f_dir_ud": up_down, "f_dir_lr": left_right}
    assert parse_control_info(raw).swing is swing


@pytest.mark.parametrize(
    ("code", "mode"),
    [
        ("0", OperationMode.AUTO),
        ("1", OperationMode.AUTO),
        ("7", OperationMode.AUTO),
        ("2", OperationMode.DRY),
        ("3", OperationMode.COOL),
        ("4", OperationMode.HEAT),
        ("6", OperationMode.FAN),
    ],
)
def test_mode_codes(code: str, mode: OperationMode) -> None:
    assert parse_control_info({"ret": "OK", "pow": "1", "mode": code}).mode is mode


def test_unknown_mode_code_is_malformed() -> None:
    with pytest.raises(DaikinResponseError, match="mode"):
        parse_control_info({"ret": "OK", "pow": "1", "mode": "9"})


@pytest.mark.parametrize(
    ("code", "rate"),
    [
        ("A", FanSpeed.AUTO),
        ("B", FanSpeed.QUIET),
        ("3", FanSpeed.LEVEL_1),
        ("4", FanSpeed.LEVEL_2),
        ("5", FanSpeed.LEVEL_3),
        ("6", FanSpeed.LEVEL_4),
        ("7", FanSpeed.LEVEL_5),
        ("-", None),
    ],
)
def test_fan_rate_codes(code: str, rate: FanSpeed | None) -> None:
    raw = {"ret": "OK", "pow": "1", "mode": "3", "f_rate": code}
    assert parse_control_info(raw).fan_rate is rate


@pytest.mark.parametrize(
    ("adv", "modes"),
    [
        ("", set()),
        (None, set()),
        ("2", {SpecialMode.POWERFUL}),
        ("12", {SpecialMode.ECONO}),
        ("13", {SpecialMode.STREAMER}),
        ("2/13", {SpecialMode.POWERFUL, SpecialMode.STREAMER}),
        ("12/13", {SpecialMode.ECONO, SpecialMode.STREAMER}),
        ("2-fff10000", {SpecialMode.POWERFUL}),
        ("13-fff10000/12-00000000", {SpecialMode.ECONO, SpecialMode.STREAMER}),
        ("99", set()),
    ],
)
def test_adv_variants(adv: str | None, modes: set[SpecialMode]) -> None:
    assert parse_special_modes(adv) == modes


def test_day_energy_in_kwh() -> None:
    energy = parse_day_energy(parsed("day_power_ex"))
    assert len(energy.today_heat) == 24
    assert energy.today_heat[6:9] == (0.3, 0.5, 0.2)
    assert energy.yesterday_heat[23] == 1.2
    assert sum(energy.today_cool) == 0
    assert energy.yesterday_cool[12:15] == (0.2, 0.3, 0.1)


def test_all_zero_energy_is_data() -> None:
    energy = parse_day_energy(parsed("day_power_ex_new_unit"))
    assert energy.today_heat == (0.0,) * 24
    assert energy.yesterday_cool == (0.0,) * 24


def test_energy_with_a_missing_series_is_malformed() -> None:
    day = "/".join(["0"] * 24)
    with pytest.raises(DaikinResponseError, match="prev_1day_cool"):
        parse_day_energy({"curr_day_heat": day, "curr_day_cool": day, "prev_1day_heat": day})


def test_mode_memory() -> None:
    raw = parsed("control_info_heat")
    assert mode_memory(raw, "2") == ModeMemory("M", "55", "B", "0")
    assert mode_memory(raw, "6") == ModeMemory(None, None, "7", "2")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (22, "22.0"),
        (22.5, "22.5"),
        (22.24, "22.0"),
        (22.25, "22.5"),
        (22.74, "22.5"),
        (22.75, "23.0"),
        (18.0, "18.0"),
    ],
)
def test_target_temperature_format(value: float, text: str) -> None:
    assert format_target_temperature(value) == text


def test_query_without_changes_repeats_the_settings() -> None:
    control = parse_control_info(parsed("control_info_heat"))
    assert build_control_query(control) == {
        "pow": "1",
        "mode": "4",
        "stemp": "21.5",
        "shum": "0",
        "f_rate": "A",
        "f_dir": "1",
    }


def test_query_switch_off_keeps_mode_and_settings() -> None:
    control = parse_control_info(parsed("control_info_heat"))
    assert build_control_query(control, power=False) == {
        "pow": "0",
        "mode": "4",
        "stemp": "21.5",
        "shum": "0",
        "f_rate": "A",
        "f_dir": "1",
    }


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (
            OperationMode.COOL,
            {"mode": "3", "stemp": "26.0", "shum": "0", "f_rate": "5", "f_dir": "3"},
        ),
        (OperationMode.DRY, {"mode": "2", "stemp": "M", "shum": "55", "f_rate": "B", "f_dir": "0"}),
        (OperationMode.FAN, {"mode": "6", "stemp": "--", "shum": "0", "f_rate": "7", "f_dir": "2"}),
        (
            OperationMode.AUTO,
            {"mode": "1", "stemp": "24.0", "shum": "AUTO", "f_rate": "A", "f_dir": "0"},
        ),
    ],
)
def test_query_mode_change_restores_the_mode_memory(
    mode: OperationMode, expected: dict[str, str]
) -> None:
    control = parse_control_info(parsed("control_info_heat"))
    assert build_control_query(control, mode=mode) == {"pow": "1", **expected}


def test_query_mode_change_with_explicit_values() -> None:
    control = parse_control_info(parsed("control_info_heat"))
    query = build_control_query(
        control,
        mode=OperationMode.COOL,
        target_temperature=23.3,
        fan_rate=FanSpeed.QUIET,
        swing=Swing.OFF,
    )
    assert query == {
        "pow": "1",
        "mode": "3",
        "stemp": "23.5",
        "shum": "0",
        "f_rate": "B",
        "f_dir": "0",
    }


def test_query_from_dry_to_heat_and_target_ignored_in_fan() -> None:
    dry = parse_control_info(parsed("control_info_dry"))
    assert build_control_query(dry, mode=OperationMode.HEAT)["stemp"] == "21.5"
    fan = parse_control_info(parsed("control_info_fan"))
    assert build_control_query(fan, power=True, target_temperature=20)["stemp"] == "--"
    assert build_control_query(fan, power=True)["pow"] == "1"


def test_query_keeps_the_heads_auto_variant_and_its_louvre_pair() -> None:
    # A head that reports f_dir_ud / f_dir_lr is written those, as pydaikin writes them.
    auto = parse_control_info(parsed("control_info_auto_ud_lr"))
    query = build_control_query(auto, mode=OperationMode.AUTO, target_temperature=22)
    assert query == {
        "pow": "1",
        "mode": "7",
        "stemp": "22.0",
        "shum": "AUTO",
        "f_rate": "3",
        "f_dir_ud": "S",
        "f_dir_lr": "0",
    }


def test_query_without_memory_falls_back() -> None:
    control = parse_control_info({"ret": "OK", "pow": "0", "mode": "6", "stemp": "--"})
    query = build_control_query(control, mode=OperationMode.HEAT)
    assert query == {
        "pow": "0",
        "mode": "4",
        "stemp": "22.0",
        "shum": "0",
        "f_rate": "A",
        "f_dir": "0",
    }


def test_query_replaces_a_dashed_target_with_the_mode_memory() -> None:
    raw = parsed("control_info_heat") | {"stemp": "--"}
    control = parse_control_info(raw)
    assert control.target_temperature is None
    assert build_control_query(control, power=False)["stemp"] == "21.5"
    del raw["dt4"]
    assert build_control_query(parse_control_info(raw), power=False)["stemp"] == "22.0"


def day_energy_raw(**series: str) -> dict[str, str]:
    """A get_day_power_ex answer: zeros everywhere except the series given."""
    zeros = "/".join(["0"] * 24)
    keys = ("curr_day_heat", "curr_day_cool", "prev_1day_heat", "prev_1day_cool")
    return {"ret": "OK"} | dict.fromkeys(keys, zeros) | series


@pytest.mark.parametrize(
    "glitch",
    [
        "65535",
        "-1",
        "1" * 310,
        "1001",
        "nan",
        "inf",
        "1e3",
        "0.5",
        "+5",
        "x",
        "",
        "-",
        "--",
        "\u0665",
    ],
)
def test_an_implausible_hour_of_energy_is_none(glitch: str) -> None:
    hours = ["3"] * 24
    hours[7] = glitch
    energy = parse_day_energy(day_energy_raw(curr_day_heat="/".join(hours)))
    assert len(energy.today_heat) == 24
    assert energy.today_heat[7] is None
    assert energy.today_heat[6] == energy.today_heat[8] == 0.3


def test_the_protocol_bound_of_an_hour_is_kept() -> None:
    energy = parse_day_energy(day_energy_raw(prev_1day_cool="/".join(["1000"] * 24)))
    assert energy.yesterday_cool == (100.0,) * 24


def test_every_series_has_24_float_or_none_values() -> None:
    for name in ("day_power_ex", "day_power_ex_new_unit"):
        energy = parse_day_energy(parsed(name))
        for series in (
            energy.today_heat,
            energy.today_cool,
            energy.yesterday_heat,
            energy.yesterday_cool,
        ):
            assert len(series) == 24
            assert all(value is None or type(value) is float for value in series)


@pytest.mark.parametrize(
    ("hours", "said"), [(23, "23"), (25, "more than 24"), (1, "1"), (10_000, "more than 24")]
)
def test_a_series_of_the_wrong_length_fails_the_reading(hours: int, said: str) -> None:
    with pytest.raises(DaikinResponseError, match=f"curr_day_cool holds {said} hourly values"):
        parse_day_energy(day_energy_raw(curr_day_cool="/".join(["1"] * hours)))


@pytest.mark.parametrize(
    ("field", "value", "attribute"),
    [
        ("htemp", "65535", "indoor_temperature"),
        ("htemp", "-31", "indoor_temperature"),
        ("htemp", "nan", "indoor_temperature"),
        ("htemp", "1" * 310, "indoor_temperature"),
        ("otemp", "70.5", "outdoor_temperature"),
        ("otemp", "-61", "outdoor_temperature"),
        ("otemp", "-inf", "outdoor_temperature"),
        ("hhum", "101", "indoor_humidity"),
        ("hhum", "-1", "indoor_humidity"),
        ("cmpfreq", "301", "compressor_frequency"),
        ("cmpfreq", "-5", "compressor_frequency"),
        ("cmpfreq", "1e300", "compressor_frequency"),
        ("mompow", "301", "power_w"),
        ("mompow", "-1", "power_w"),
        ("mompow", "1e307", "power_w"),
    ],
)
def test_implausible_sensor_readings_are_unknown(field: str, value: str, attribute: str) -> None:
    sensors = parse_sensor_info(parsed("sensor_info") | {field: value})
    assert getattr(sensors, attribute) is None
    assert sensors.indoor_temperature is not None or field == "htemp"


def test_sensor_readings_at_their_bounds_are_kept() -> None:
    raw = {"ret": "OK", "htemp": "-30", "otemp": "70", "hhum": "100", "cmpfreq": "300"}
    sensors = parse_sensor_info(raw | {"mompow": "300"})
    assert sensors.indoor_temperature == -30.0
    assert sensors.outdoor_temperature == 70.0
    assert sensors.indoor_humidity == 100.0
    assert sensors.compressor_frequency == 300
    assert sensors.power_w == 30000.0


@pytest.mark.parametrize("stemp", ["65535", "4.5", "40.5", "nan", "1e308", "-1" * 200])
def test_an_implausible_target_is_unknown_and_never_written_back(stemp: str) -> None:
    raw = parsed("control_info_heat") | {"stemp": stemp}
    control = parse_control_info(raw)
    assert control.target_temperature is None
    assert build_control_query(control, power=False)["stemp"] == "21.5"  # the mode memory
    raw |= {"dt4": stemp, "dt3": "1e308"}
    control = parse_control_info(raw)
    assert build_control_query(control, power=False)["stemp"] == "22.0"
    assert build_control_query(control, mode=OperationMode.COOL)["stemp"] == "22.0"


def test_unknown_codes_are_not_written_back() -> None:
    raw = parsed("control_info_heat") | {"f_rate": "Z", "f_dir": "9", "shum": "x" * 50}
    control = parse_control_info(raw)
    assert control.fan_rate is None
    assert build_control_query(control) == {
        "pow": "1",
        "mode": "4",
        "stemp": "21.5",
        "shum": "0",
        "f_rate": "A",
        "f_dir": "0",
    }
    raw |= {"dfr3": "&key=1", "dfd3": "", "dh3": "1e9"}
    query = build_control_query(parse_control_info(raw), mode=OperationMode.COOL)
    assert (query["f_rate"], query["f_dir"], query["shum"]) == ("A", "0", "0")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e308, 4.9, 40.1])
def test_format_target_refuses_what_no_head_takes(value: float) -> None:
    with pytest.raises(ValueError, match="target temperature"):
        format_target_temperature(value)


def test_long_text_fields_are_cut_and_error_messages_stay_short() -> None:
    basic = parse_basic_info(
        parsed("basic_info_classic") | {"name": "%41" * 500, "ver": "1_" * 500, "type": "t" * 99}
    )
    assert basic.name == "A" * 64
    assert len(basic.firmware) == len(basic.device_type) == 64
    for raw, call in (
        ({"mac": "z" * 5000}, parse_basic_info),
        ({"mode": "9" * 5000}, parse_control_info),
    ):
        with pytest.raises(DaikinResponseError) as caught:
            call(raw)  # type: ignore[operator]
        assert len(str(caught.value)) < 150
    with pytest.raises(DaikinCommandRejectedError) as rejected:
        parse_response("ret=" + "N" * 5000 + ",msg=" + "m" * 5000)
    assert len(str(rejected.value)) < 200
