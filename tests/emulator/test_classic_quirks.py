"""Classic-API quirks of the emulated adapter: the unset clock, the minor reads, the Alira X."""

from __future__ import annotations

import datetime as dt

import pytest

from emulators.daikin import EmulatorModel
from emulators.daikin.__main__ import parse_args

from .conftest import Clock, MakeEmulator
from .test_emulator import SET_OK, call, day_power, parse, read, write

ENERGY_EX = ("/aircon/get_day_power_ex", "/aircon/get_week_power_ex", "/aircon/get_year_power_ex")
GMT_NOON = {"date": "2026/01/15", "zone": "GMT", "time": "12:00:00"}


# -- the clock -------------------------------------------------------------------------------


async def test_a_synced_adapter_tells_its_local_time(make_emulator: MakeEmulator) -> None:
    # The test clock is 2026-01-15 10:00 UTC: 11:00 in Paris, unpadded like the capture.
    emulator = await make_emulator(tz="Europe/Paris")
    fields = await read(emulator, "/common/get_datetime")
    assert fields == {
        "ret": "OK",
        "sta": "2",
        "cur": "2026/1/15 11:0:0",
        "reg": "eu",
        "dst": "1",
        "zone": "313",
    }


async def test_an_unset_clock_refuses_energy_until_it_is_set(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    emulator = await make_emulator(clock_unset=True)
    fields = await read(emulator, "/common/get_datetime")
    assert (fields["sta"], fields["cur"]) == ("0", "-")
    for path in ENERGY_EX:
        assert (await call(emulator, path)) == (200, "ret=NG")
    # The non-_ex totals and everything else still answer.
    assert (await read(emulator, "/aircon/get_week_power"))["ret"] == "OK"
    assert (await read(emulator, "/aircon/get_sensor_info"))["ret"] == "OK"
    assert not emulator.device.clock_set

    fields = await read(emulator, "/common/notify_date_time", **GMT_NOON)
    assert fields == {"ret": "OK"}
    for path in ENERGY_EX:
        assert (await read(emulator, path))["ret"] == "OK"
    fields = await read(emulator, "/common/get_datetime")
    # Set by a client: sta=1 (fredrike/pydaikin#161); it runs on from the time it was given.
    assert (fields["sta"], fields["cur"]) == ("1", "2026/1/15 12:0:0")
    clock.tick(minutes=1, seconds=5)
    assert (await read(emulator, "/common/get_datetime"))["cur"] == "2026/1/15 12:1:5"


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"date": "2026/01/15", "time": "12:00:00"},
        GMT_NOON | {"zone": "JST"},
        GMT_NOON | {"date": "2026-01-15"},
        GMT_NOON | {"time": "25:00:00"},
        GMT_NOON | {"date": "2026/02/30"},
    ],
)
async def test_notify_date_time_refuses_what_it_cannot_read(
    make_emulator: MakeEmulator, query: dict[str, str]
) -> None:
    emulator = await make_emulator(clock_unset=True)
    assert await read(emulator, "/common/notify_date_time", **query) == {"ret": "PARAM NG"}
    assert not emulator.device.clock_set
    assert (await call(emulator, "/aircon/get_day_power_ex"))[1] == "ret=NG"


async def test_notify_date_time_takes_extra_fields_and_unpadded_dates(
    make_emulator: MakeEmulator,
) -> None:
    emulator = await make_emulator(clock_unset=True)
    query = {"lpw": "", "date": "2026/1/5", "zone": "GMT", "time": "7:05:09"}
    assert await read(emulator, "/common/notify_date_time", **query) == {"ret": "OK"}
    assert (await read(emulator, "/common/get_datetime"))["cur"] == "2026/1/5 7:5:9"


async def test_energy_counted_while_unset_lands_in_the_hour_of_the_first_sync(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    clock.current = dt.datetime(2026, 1, 15, 0, 0, tzinfo=dt.UTC)
    emulator = await make_emulator(clock_unset=True, outdoor_mean=0.0)
    await write(emulator, mode="4", stemp="30.0")
    clock.tick(hours=5, minutes=30)  # 05:30: five hours of heating, filed nowhere
    await read(emulator, "/common/notify_date_time", date="2026/01/15", zone="GMT", time="05:30:00")
    energy = await day_power(emulator)
    assert sum(energy["curr_day_heat"]) == 0  # hour 5 is not over yet
    clock.tick(minutes=31)  # 06:01
    energy = await day_power(emulator)
    # Everything lands in hour 5 (fredrike/pydaikin#161: "today looks huge for one day").
    assert energy["curr_day_heat"][:5] == [0] * 5
    assert energy["curr_day_heat"][5] > 30  # more than 3 kWh in one hour of a ~1 kW head
    assert sum(energy["curr_day_heat"]) == energy["curr_day_heat"][5]
    week = await read(emulator, "/aircon/get_week_power")
    assert week["datas"].split("/")[-1] == str(energy["curr_day_heat"][5] * 100)


async def test_the_command_line_starts_with_the_clock_unset() -> None:
    assert parse_args(["--clock-unset"]).clock_unset is True
    assert parse_args([]).clock_unset is False


async def test_control_surface_shows_the_clock(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(clock_unset=True)
    status, text = await call(emulator, "/_emulator/state")
    assert status == 200
    assert '"clock_set": false' in text
    assert '"clock_offset_s": 0.0' in text


async def test_a_clock_hours_off_shows_and_files_the_energy_by_its_own_days(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    # True time 18:30 UTC; the adapter, on UTC, is 5 hours ahead: 23:30.
    clock.current = dt.datetime(2026, 1, 15, 18, 30, tzinfo=dt.UTC)
    emulator = await make_emulator(clock_offset=dt.timedelta(hours=5), outdoor_mean=0.0)
    fields = await read(emulator, "/common/get_datetime")
    assert (fields["sta"], fields["cur"]) == ("2", "2026/1/15 23:30:0")
    await write(emulator, mode="4", stemp="30.0")
    clock.tick(minutes=29)  # the adapter's 23:59: its hour 23 is still running
    assert sum((await day_power(emulator))["curr_day_heat"]) == 0
    clock.tick(minutes=2)  # true 19:01, the adapter's 00:01 of the 16th: its day rolled over
    assert (await read(emulator, "/common/get_datetime"))["cur"] == "2026/1/16 0:1:0"
    energy = await day_power(emulator)
    assert energy["curr_day_heat"] == [0] * 24  # not hour 18 of the true day
    assert energy["prev_1day_heat"][23] > 0
    assert sum(energy["prev_1day_heat"]) == energy["prev_1day_heat"][23]
    assert (await read(emulator, "/aircon/get_week_power_ex"))["s_dayw"] == "5"  # Friday 16th


async def test_a_clock_offset_set_while_running_moves_the_clock_and_the_meter(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    # 10:00 UTC; the adapter's zone is Paris (11:00), then its clock is set 3 hours back.
    emulator = await make_emulator(tz="Europe/Paris", outdoor_mean=0.0)
    await write(emulator, mode="4", stemp="30.0")
    clock.tick(minutes=30)
    emulator.device.clock_offset = dt.timedelta(hours=-3)
    assert (await read(emulator, "/common/get_datetime"))["cur"] == "2026/1/15 8:30:0"
    clock.tick(minutes=31)  # the adapter's 09:01: the running hour is filed as its hour 8
    energy = (await day_power(emulator))["curr_day_heat"]
    assert energy[8] > 0
    assert sum(energy) == energy[8]
    _, text = await call(emulator, "/_emulator/state")
    assert '"clock_offset_s": -10800.0' in text


async def test_get_datetime_is_logged_like_every_request(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    await read(emulator, "/common/get_datetime")
    await read(emulator, "/aircon/get_day_power_ex")
    assert emulator.requests == [("/common/get_datetime", {}), ("/aircon/get_day_power_ex", {})]


def test_the_command_line_takes_a_clock_offset_in_hours() -> None:
    assert parse_args(["--clock-offset", "-2.5", "--tz", "UTC"]).clock_offset == -2.5
    assert parse_args([]).clock_offset == 0.0


# -- the minor reads -------------------------------------------------------------------------


async def test_minor_reads_answer_like_real_adapters(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    assert await read(emulator, "/common/get_remote_method") == {
        "ret": "OK",
        "method": "home only",
        "notice_ip_int": "3600",
        "notice_sync_int": "60",
    }
    assert await read(emulator, "/common/get_holiday") == {"ret": "OK", "en_hol": "0"}
    await read(emulator, "/common/set_holiday", en_hol="1")
    assert await read(emulator, "/common/get_holiday") == {"ret": "OK", "en_hol": "1"}
    assert await read(emulator, "/common/get_notify") == {
        "ret": "OK",
        "auto_off_flg": "0",
        "auto_off_tm": "- -",
    }
    assert await read(emulator, "/aircon/get_target") == {"ret": "OK", "target": "0"}
    assert await read(emulator, "/aircon/get_price") == {
        "ret": "OK",
        "price_int": "27",
        "price_dec": "0",
    }


async def test_year_power_in_whole_kwh_per_month(make_emulator: MakeEmulator, clock: Clock) -> None:
    clock.current = dt.datetime(2026, 3, 1, 0, 0, tzinfo=dt.UTC)
    emulator = await make_emulator(outdoor_mean=0.0)
    fields = await read(emulator, "/aircon/get_year_power")
    assert fields == {
        "ret": "OK",
        "previous_year": "/".join(["0"] * 12),
        "this_year": "0/0/0",
    }
    await write(emulator, mode="4", stemp="30.0")
    clock.tick(hours=6)
    fields = await read(emulator, "/aircon/get_year_power")
    heat = sum((await day_power(emulator))["curr_day_heat"])
    assert fields["this_year"] == f"0/0/{heat // 10}"
    assert heat // 10 > 0


# -- the Alira X class head ------------------------------------------------------------------


SPLIT_OK = {key: value for key, value in SET_OK.items() if key != "f_dir"} | {
    "f_dir_ud": "0",
    "f_dir_lr": "0",
}


async def test_alira_x_model_info(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.ALIRA_X)
    fields = await read(emulator, "/aircon/get_model_info")
    assert fields["model"] == "A941"
    assert fields["en_fdir2"] == "1"
    assert (fields["s_fdir_ud"], fields["s_fdir_lr"]) == ("01", "01")
    assert "en_fdir" not in fields
    assert "s_fdir" not in fields
    assert fields["en_mompow"] == "1"


@pytest.mark.parametrize(
    ("up_down", "left_right", "f_dir"),
    [("0", "0", "0"), ("S", "0", "1"), ("0", "S", "2"), ("S", "S", "3")],
)
async def test_alira_x_swing_is_written_and_read_as_two_fields(
    make_emulator: MakeEmulator, up_down: str, left_right: str, f_dir: str
) -> None:
    emulator = await make_emulator(EmulatorModel.ALIRA_X)
    query = SPLIT_OK | {"mode": "3", "stemp": "25.0", "f_dir_ud": up_down, "f_dir_lr": left_right}
    assert await read(emulator, "/aircon/set_control_info", **query) == {"ret": "OK", "adv": ""}
    assert emulator.state.f_dir == f_dir
    fields = await read(emulator, "/aircon/get_control_info")
    assert (fields["f_dir_ud"], fields["f_dir_lr"]) == (up_down, left_right)
    assert fields["ndfd3"] == up_down + left_right  # the cool mode's louvre memory
    assert "f_dir" not in fields
    assert not any(key.startswith(("dfd", "b_")) for key in fields)


@pytest.mark.parametrize(
    "query",
    [
        SET_OK,  # f_dir instead of the pair
        SPLIT_OK | {"f_dir": "0"},
        {key: value for key, value in SPLIT_OK.items() if key != "f_dir_lr"},
        SPLIT_OK | {"f_dir_ud": "1"},
        SPLIT_OK | {"f_dir_lr": "s"},
    ],
)
async def test_alira_x_refuses_other_swing_fields(
    make_emulator: MakeEmulator, query: dict[str, str]
) -> None:
    emulator = await make_emulator(EmulatorModel.ALIRA_X)
    assert await read(emulator, "/aircon/set_control_info", **query) == {"ret": "PARAM NG"}


async def test_alira_x_reports_momentary_power_while_off(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.ALIRA_X)
    await read(emulator, "/aircon/set_control_info", **(SPLIT_OK | {"pow": "0"}))
    assert emulator.state.power_w == 0
    fields = await read(emulator, "/aircon/get_sensor_info")
    assert (fields["otemp"], fields["cmpfreq"], fields["mompow"]) == ("-", "0", "1")
    # A classic head says 0 while off.
    classic = await make_emulator()
    await write(classic, pow="0")
    assert parse((await call(classic, "/aircon/get_sensor_info"))[1])["mompow"] == "0"
