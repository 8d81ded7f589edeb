"""Parsing the classic-API quirks: Alira X class heads and the adapter's clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.minisplit.drivers.daikin_classic import (
    mode_memory,
)
from custom_components.minisplit.drivers.daikin_classic.driver import state_of
from custom_components.minisplit.drivers.daikin_classic.protocol import (
    ADAPTER_YEARS,
    build_clock_query,
    build_control_query,
    has_split_swing,
    parse_adapter_time,
    parse_control_info,
    parse_datetime,
    parse_model_info,
    parse_response,
    parse_sensor_info,
)
from custom_components.minisplit.heads import (
    OperationMode,
    Swing,
)

from .fake_head import load_fixture


def parsed(name: str) -> dict[str, str]:
    """Parse a fixture that says ret=OK."""
    return parse_response(load_fixture(name))


# -- Alira X class heads ---------------------------------------------------------------------


def test_alira_x_model_info_offers_every_swing() -> None:
    model = parse_model_info(parsed("model_info_alira_x"))
    assert model.model == "A941"
    assert model.supports_swing is True
    assert model.swing_modes == (Swing.OFF, Swing.VERTICAL, Swing.HORIZONTAL, Swing.BOTH)
    assert model.supports_fan_rate is True
    assert model.supports_special_modes is False  # en_spmode=0
    assert model.supports_power_reading is True


@pytest.mark.parametrize(
    ("louvres", "modes"),
    [
        ({"s_fdir_ud": "01", "s_fdir_lr": "00"}, (Swing.OFF, Swing.VERTICAL)),
        ({"s_fdir_ud": "0", "s_fdir_lr": "01"}, (Swing.OFF, Swing.HORIZONTAL)),
        ({"s_fdir_ud": "00", "s_fdir_lr": "-"}, (Swing.OFF,)),
        ({}, (Swing.OFF, Swing.VERTICAL, Swing.HORIZONTAL, Swing.BOTH)),
    ],
)
def test_en_fdir2_louvres(louvres: dict[str, str], modes: tuple[Swing, ...]) -> None:
    model = parse_model_info({"ret": "OK", "en_fdir2": "1"} | louvres)
    assert model.swing_modes == modes
    assert model.supports_swing is (len(modes) > 1)


def test_no_swing_without_en_fdir_or_en_fdir2() -> None:
    model = parse_model_info({"ret": "OK", "en_fdir2": "0", "s_fdir_ud": "01"})
    assert model.swing_modes == ()


def test_alira_x_control_info_off() -> None:
    raw = parsed("control_info_alira_x_off")
    control = parse_control_info(raw)
    assert control.power is False
    assert control.mode is OperationMode.COOL
    assert control.target_temperature == 24.5
    assert control.swing is Swing.VERTICAL
    assert has_split_swing(raw)
    assert not has_split_swing(parsed("control_info_heat"))


@pytest.mark.parametrize(
    ("mode_code", "f_dir"), [("1", "0"), ("3", "1"), ("6", "2"), ("4", "3"), ("7", None)]
)
def test_alira_x_louvre_memory(mode_code: str, f_dir: str | None) -> None:
    # ndfd<mode> is up-down then left-right; returned as the f_dir code it stands for.
    assert mode_memory(parsed("control_info_alira_x_off"), mode_code).fan_direction == f_dir


@pytest.mark.parametrize("value", ["S", "SSS", "s0", "10", ""])
def test_alira_x_louvre_memory_that_is_not_a_pair_is_ignored(value: str) -> None:
    assert mode_memory({"ndfd3": value}, "3").fan_direction is None


@pytest.mark.parametrize(
    ("swing", "pair"),
    [
        (Swing.OFF, ("0", "0")),
        (Swing.VERTICAL, ("S", "0")),
        (Swing.HORIZONTAL, ("0", "S")),
        (Swing.BOTH, ("S", "S")),
    ],
)
def test_alira_x_swing_is_written_as_the_louvre_pair(swing: Swing, pair: tuple[str, str]) -> None:
    control = parse_control_info(parsed("control_info_alira_x_off"))
    query = build_control_query(control, power=True, swing=swing)
    assert query == {
        "pow": "1",
        "mode": "3",
        "stemp": "24.5",
        "shum": "0",
        "f_rate": "5",
        "f_dir_ud": pair[0],
        "f_dir_lr": pair[1],
    }


def test_alira_x_mode_change_restores_the_louvre_memory() -> None:
    control = parse_control_info(parsed("control_info_alira_x_off"))
    query = build_control_query(control, mode=OperationMode.HEAT)
    assert (query["mode"], query["stemp"], query["f_rate"]) == ("4", "21.0", "B")
    assert (query["f_dir_ud"], query["f_dir_lr"]) == ("S", "S")  # ndfd4=SS
    query = build_control_query(control, mode=OperationMode.FAN)
    assert (query["f_dir_ud"], query["f_dir_lr"]) == ("0", "S")  # ndfd6=0S
    assert "f_dir" not in query


def test_alira_x_momentary_power_while_off_is_no_consumption() -> None:
    control = parse_control_info(parsed("control_info_alira_x_off"))
    sensors = parse_sensor_info(parsed("sensor_info_alira_x_off"))
    # The parser keeps what the head says (mompow=1: 100 W) ...
    assert sensors.power_w == 100.0
    assert sensors.outdoor_temperature is None
    # ... and nothing the driver shows is derived from it: the contract has no power reading.
    state = state_of(control, sensors)
    assert state.power is False
    assert state.compressor_frequency == 0
    shown = {name: getattr(state, name) for name in state.__slots__ if name != "raw"}
    assert not any("mompow" in name or "watt" in name for name in shown)
    assert 100.0 not in shown.values()
    assert 100 not in shown.values()


# -- the adapter's clock ---------------------------------------------------------------------


def test_unset_clock() -> None:
    clock = parse_datetime(parsed("datetime_unset"))
    assert clock.is_unset
    assert (clock.status, clock.current, clock.shown) == ("0", None, None)


def test_synced_clock() -> None:
    clock = parse_datetime(parsed("datetime_synced"))
    assert not clock.is_unset
    assert (clock.status, clock.current) == ("2", "2026/1/15 11:0:7")
    assert clock.shown == dt.datetime(2026, 1, 15, 11, 0, 7)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2026/12/7 7:25:50", dt.datetime(2026, 12, 7, 7, 25, 50)),  # the answer
        ("2023/8/27 21:54:1", dt.datetime(2023, 8, 27, 21, 54, 1)),  # the brp069 capture
        ("2026/01/05 07:05:09", dt.datetime(2026, 1, 5, 7, 5, 9)),  # padded
        ("2026/1/05 7:05:9", dt.datetime(2026, 1, 5, 7, 5, 9)),  # some fields padded
        ("2026/1/1 0:0:0", dt.datetime(2026, 1, 1, 0, 0, 0)),
        ("2026/12/31 23:59:59", dt.datetime(2026, 12, 31, 23, 59, 59)),
        ("2028/2/29 12:0:0", dt.datetime(2028, 2, 29, 12, 0, 0)),  # a leap day
        (" 2026/12/7  7:25:50 ", dt.datetime(2026, 12, 7, 7, 25, 50)),  # extra spaces
    ],
)
def test_adapter_time_is_read_padded_or_not(text: str, shown: dt.datetime) -> None:
    assert parse_adapter_time(text) == shown
    assert parse_adapter_time(text).tzinfo is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "-",
        "--",
        "2026/12/7",  # no time
        "7:25:50",  # no date
        "2026-12-07 07:25:50",  # another separator
        "2026/12/7T7:25:50",
        "7/12/2026 7:25:50",  # another order
        "26/12/7 7:25:50",  # a two-digit year
        "2026/13/7 7:25:50",  # month 13
        "2026/2/30 7:25:50",  # no such day
        "2027/2/29 7:25:50",  # not a leap year
        "2026/12/7 24:0:0",  # hour 24
        "2026/12/7 7:60:0",
        "2026/12/7 7:25:60",  # no leap seconds
        "2026/12/7 7:25:50 junk",
        "2026/12/7 7:25:50.5",
        "2026/12/7 -7:25:50",
        "2026/12/7 7:25:505",
        "2026/012/7 7:25:50",
        "2026/12/7 7:25",
        "9999/12/31 23:59:59",  # the last year: adding the time since would overflow
        "0000/1/1 0:0:0",
        "2026/12/7 7:25:50" + " " * 40,  # too long to be a clock
        "\u0662\u0660\u0662\u0666/1/7 7:25:50",  # Arabic-Indic digits
        "\x00\x1b",
    ],
)
def test_garbage_is_no_adapter_time(text: str | None) -> None:
    assert parse_adapter_time(text) is None


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=dt.datetime(ADAPTER_YEARS[0], 1, 1),
        max_value=dt.datetime(ADAPTER_YEARS[1], 12, 31),
    ).map(lambda moment: moment.replace(microsecond=0)),
    padded=st.booleans(),
)
def test_any_clock_the_adapter_shows_reads_back(moment: dt.datetime, padded: bool) -> None:
    if padded:
        text = f"{moment.year:04d}/{moment:%m/%d %H:%M:%S}"
    else:
        text = (
            f"{moment.year:04d}/{moment.month}/{moment.day} "
            f"{moment.hour}:{moment.minute}:{moment.second}"
        )
    assert parse_adapter_time(text) == moment


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=48) | st.from_regex(r"[0-9]{1,5}/[0-9]{1,3}/[0-9]{1,3} [0-9:]{1,9}"))
def test_any_text_is_a_plausible_adapter_time_or_none(text: str) -> None:
    shown = parse_adapter_time(text)
    assert shown is None or (
        shown.tzinfo is None and ADAPTER_YEARS[0] <= shown.year <= ADAPTER_YEARS[1]
    )


def test_a_synced_clock_with_garbage_has_no_time() -> None:
    clock = parse_datetime({"ret": "OK", "sta": "2", "cur": "2026/99/7 7:25:50"})
    assert not clock.is_unset
    assert clock.shown is None


@pytest.mark.parametrize("raw", [{"ret": "OK"}, {"ret": "OK", "sta": "-"}, {"sta": "1"}])
def test_a_clock_without_sta_0_is_not_unset(raw: dict[str, str]) -> None:
    assert not parse_datetime(raw).is_unset


def test_clock_query_is_utc_with_zone_gmt() -> None:
    paris = dt.datetime(2026, 7, 1, 0, 30, 5, tzinfo=ZoneInfo("Europe/Paris"))
    assert build_clock_query(paris) == {"date": "2026/06/30", "zone": "GMT", "time": "22:30:05"}


def test_clock_query_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        build_clock_query(dt.datetime(2026, 7, 1, 0, 30))
