"""The emulated Daikin adapter, exercised through real HTTP like any client would."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import signal
import socket
import ssl
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import freezegun
import pytest

from emulators.daikin import DaikinEmulator, EmulatorModel, Faults

from .conftest import Clock, MakeEmulator

ROOT = Path(__file__).resolve().parents[2]
SET_OK = {"pow": "1", "mode": "4", "stemp": "22.0", "shum": "0", "f_rate": "A", "f_dir": "0"}
UUID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def parse(text: str) -> dict[str, str]:
    """Split an adapter answer into its fields."""
    return dict(part.split("=", 1) for part in text.split(","))


def brp072c_ssl() -> ssl.SSLContext:
    """The client context BRP072C adapters need."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    context.options |= getattr(ssl, "OP_LEGACY_SERVER_CONNECT", 0)
    return context


async def call(
    emulator: DaikinEmulator, path: str, uuid: str | None = None, **params: str
) -> tuple[int, str]:
    """Send one GET; return status and body."""
    headers = {"X-Daikin-uuid": uuid} if uuid else {}
    ssl_context = brp072c_ssl() if emulator.url.startswith("https") else None
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            f"{emulator.url}{path}", params=params, headers=headers, ssl=ssl_context or True
        ) as response,
    ):
        return response.status, await response.text()


async def read(emulator: DaikinEmulator, path: str, **params: str) -> dict[str, str]:
    """GET a path that must answer `ret=...` text with HTTP 200; return its fields."""
    status, text = await call(emulator, path, **params)
    assert status == 200
    assert text.startswith("ret=")
    return parse(text)


async def write(emulator: DaikinEmulator, **changes: str) -> dict[str, str]:
    """Send set_control_info with the six fields (SET_OK changed by `changes`)."""
    return await read(emulator, "/aircon/set_control_info", **(SET_OK | changes))


# -- wire format and endpoints ---------------------------------------------------------------


async def test_basic_info(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    assert re.fullmatch(r"127\.0\.0\.1:\d+", emulator.host)
    assert emulator.url == f"http://{emulator.host}"
    assert emulator.port == int(emulator.host.split(":")[1])
    status, text = await call(emulator, "/common/basic_info")
    assert status == 200
    assert text.startswith("ret=OK,type=aircon,")
    info = parse(text)
    assert info["name"] == "%4c%69%76%69%6e%67"
    assert info["mac"] == "A4B1C2D3E4F5"
    assert info["method"] == "home only"
    assert info["en_hol"] == "0"
    assert info["pow"] == "1"
    assert re.fullmatch(r"\d+_\d+_\d+", info["ver"])
    assert {"reg", "dst", "err", "adp_kind", "port", "ssid1", "lpw_flag", "grp_name"} <= set(info)
    assert emulator.requests == [("/common/basic_info", {})]


async def test_model_info_and_sensors(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    model = await read(emulator, "/aircon/get_model_info")
    assert model["ret"] == "OK"
    assert model["model"] == "0AB9"
    assert model["humd"] == "1"
    assert (model["en_frate"], model["en_fdir"], model["s_fdir"]) == ("1", "1", "3")
    assert (model["en_spmode"], model["en_mompow"]) == ("7", "1")

    sensors = await read(emulator, "/aircon/get_sensor_info")
    assert list(sensors)[:5] == ["ret", "htemp", "hhum", "otemp", "err"]
    assert float(sensors["htemp"]) == pytest.approx(emulator.state.room_temp, abs=0.25)
    assert int(sensors["hhum"]) == round(emulator.state.humidity)
    assert float(sensors["otemp"]) == pytest.approx(emulator.state.outdoor_temp, abs=0.25)
    assert int(sensors["cmpfreq"]) == emulator.state.compressor_hz > 0
    assert int(sensors["mompow"]) >= 1


async def test_head_without_humidity_sensor(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.CLASSIC_NOHUMIDITY, model_code="NOTSUPPORT")
    assert (await read(emulator, "/aircon/get_model_info"))["humd"] == "0"
    assert (await read(emulator, "/aircon/get_model_info"))["model"] == "NOTSUPPORT"
    assert (await read(emulator, "/aircon/get_sensor_info"))["hhum"] == "-"


async def test_control_info(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    control = await read(emulator, "/aircon/get_control_info")
    assert list(control)[:6] == ["ret", "pow", "mode", "adv", "stemp", "shum"]
    assert (control["pow"], control["mode"], control["stemp"], control["adv"]) == (
        "1",
        "4",
        "22.0",
        "",
    )
    for key in ("dt1", "dt2", "dt3", "dt4", "dt5", "dt7", "dh1", "dh7", "dhh", "b_mode"):
        assert key in control
    assert "dt6" not in control  # real units keep no target for fan mode
    for mode in range(1, 8):
        assert f"dfr{mode}" in control
        assert f"dfd{mode}" in control
    assert control["dt2"] == "M"
    assert (control["alert"], control["dfrh"], control["dfdh"]) == ("255", "5", "0")


async def test_energy_endpoints_of_a_new_unit(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    day = await read(emulator, "/aircon/get_day_power_ex")
    for key in ("curr_day_heat", "prev_1day_heat", "curr_day_cool", "prev_1day_cool"):
        assert day[key] == "/".join(["0"] * 24)
    week = await read(emulator, "/aircon/get_week_power")
    assert week["datas"] == "0/0/0/0/0/0/0"
    assert week["today_runtime"] == "0"
    week_ex = await read(emulator, "/aircon/get_week_power_ex")
    assert week_ex["s_dayw"] == "4"  # 2026-01-15 is a Thursday; Sunday is 0
    assert len(week_ex["week_heat"].split("/")) == 14
    year = await read(emulator, "/aircon/get_year_power_ex")
    assert len(year["curr_year_heat"].split("/")) == 12
    assert len(year["prev_year_cool"].split("/")) == 12


async def test_unknown_path(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    status, text = await call(emulator, "/skyfi/aircon/get_model_info")
    assert status == 200
    assert text.startswith("ret=PARAM NG")


async def test_unsupported_adapter_answers_404_everywhere(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.UNSUPPORTED_404)
    for path in ("/common/basic_info", "/aircon/get_control_info", "/dsiot/multireq"):
        status, _ = await call(emulator, path)
        assert status == 404


# -- writes ----------------------------------------------------------------------------------


async def test_set_control_info_stores_and_remembers_per_mode(
    make_emulator: MakeEmulator,
) -> None:
    emulator = await make_emulator()
    assert await write(emulator, mode="4", stemp="21", f_rate="B", f_dir="1") == {
        "ret": "OK",
        "adv": "",
    }
    assert await write(emulator, mode="3", stemp="25.5", f_rate="5", f_dir="3") == {
        "ret": "OK",
        "adv": "",
    }
    state = emulator.state
    assert (state.power, state.mode, state.stemp, state.f_rate, state.f_dir) == (
        True,
        3,
        "25.5",
        "5",
        "3",
    )
    control = await read(emulator, "/aircon/get_control_info")
    assert (control["mode"], control["stemp"], control["f_rate"], control["f_dir"]) == (
        "3",
        "25.5",
        "5",
        "3",
    )
    assert (control["dt4"], control["dfr4"], control["dfd4"]) == ("21.0", "B", "1")
    assert (control["dt3"], control["dfr3"], control["dfd3"]) == ("25.5", "5", "3")

    await write(emulator, pow="0", mode="3", stemp="25.5", f_rate="5", f_dir="3")
    assert emulator.state.power is False
    assert (await read(emulator, "/common/basic_info"))["pow"] == "0"


async def test_dry_and_fan_modes(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    assert (await write(emulator, mode="2", stemp="M", shum="50"))["ret"] == "OK"
    control = await read(emulator, "/aircon/get_control_info")
    assert (control["mode"], control["stemp"], control["dt2"]) == ("2", "M", "M")
    assert (await write(emulator, mode="6", stemp="--", shum="--"))["ret"] == "OK"
    control = await read(emulator, "/aircon/get_control_info")
    assert (control["mode"], control["stemp"], control["shum"]) == ("6", "--", "--")
    assert emulator.state.compressor_hz == 0
    # A numeric target is tolerated in fan mode; the unit still shows none.
    assert (await write(emulator, mode="6", stemp="22.0"))["ret"] == "OK"
    assert (await read(emulator, "/aircon/get_control_info"))["stemp"] == "--"
    assert (await write(emulator, mode="0", stemp="23.0"))["ret"] == "OK"
    assert (await read(emulator, "/aircon/get_control_info"))["dt1"] == "23.0"


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({k: v for k, v in SET_OK.items() if k != "shum"}, id="missing-shum"),
        pytest.param({k: v for k, v in SET_OK.items() if k != "f_dir"}, id="missing-f_dir"),
        pytest.param(SET_OK | {"dt1": "22.0"}, id="extra-dt1"),
        pytest.param(SET_OK | {"b_mode": "4"}, id="extra-b_mode"),
        pytest.param(SET_OK | {"adv": "2"}, id="extra-adv"),
        pytest.param(SET_OK | {"pow": "2"}, id="pow-2"),
        pytest.param(SET_OK | {"mode": "5"}, id="mode-5"),
        pytest.param(SET_OK | {"mode": "heat"}, id="mode-text"),
        pytest.param(SET_OK | {"stemp": "9.5"}, id="heat-too-cold"),
        pytest.param(SET_OK | {"stemp": "31.5"}, id="heat-too-hot"),
        pytest.param(SET_OK | {"mode": "3", "stemp": "17.5"}, id="cool-too-cold"),
        pytest.param(SET_OK | {"mode": "3", "stemp": "33.5"}, id="cool-too-hot"),
        pytest.param(SET_OK | {"mode": "1", "stemp": "32.0"}, id="auto-too-hot"),
        pytest.param(SET_OK | {"stemp": "22.3"}, id="not-a-half-degree"),
        pytest.param(SET_OK | {"stemp": "M"}, id="M-in-heat"),
        pytest.param(SET_OK | {"stemp": "--"}, id="dashes-in-heat"),
        pytest.param(SET_OK | {"mode": "2", "stemp": "dry"}, id="dry-garbage"),
        pytest.param(SET_OK | {"shum": "101"}, id="shum-101"),
        pytest.param(SET_OK | {"f_rate": "0"}, id="f_rate-0"),
        pytest.param(SET_OK | {"f_rate": "8"}, id="f_rate-8"),
        pytest.param(SET_OK | {"f_dir": "4"}, id="f_dir-4"),
    ],
)
async def test_set_control_info_refuses(make_emulator: MakeEmulator, query: dict[str, str]) -> None:
    emulator = await make_emulator()
    before = (emulator.state.mode, emulator.state.stemp, emulator.state.f_rate)
    assert await read(emulator, "/aircon/set_control_info", **query) == {"ret": "PARAM NG"}
    assert (emulator.state.mode, emulator.state.stemp, emulator.state.f_rate) == before


@pytest.mark.parametrize(
    ("mode", "low", "high"), [("4", "10.0", "31.0"), ("3", "18.0", "33.0"), ("7", "18.0", "31")]
)
async def test_set_control_info_range_edges(
    make_emulator: MakeEmulator, mode: str, low: str, high: str
) -> None:
    emulator = await make_emulator()
    assert (await write(emulator, mode=mode, stemp=low))["ret"] == "OK"
    assert (await write(emulator, mode=mode, stemp=high))["ret"] == "OK"
    assert emulator.state.stemp == f"{float(high):.1f}"


async def test_special_modes(make_emulator: MakeEmulator, clock: Clock) -> None:
    emulator = await make_emulator()
    powerful = {"spmode_kind": "1", "set_spmode": "1"}
    econo = {"spmode_kind": "2", "set_spmode": "1"}
    assert await read(emulator, "/aircon/set_special_mode", **powerful) == {
        "ret": "OK",
        "adv": "2",
    }
    assert (await read(emulator, "/aircon/get_control_info"))["adv"] == "2"
    # Econo replaces powerful: real units never run both.
    assert (await read(emulator, "/aircon/set_special_mode", **econo))["adv"] == "12"
    assert emulator.state.adv == "12"
    # Switching powerful off leaves econo alone.
    off = {"spmode_kind": "1", "set_spmode": "0"}
    assert (await read(emulator, "/aircon/set_special_mode", **off))["adv"] == "12"
    off = {"spmode_kind": "2", "set_spmode": "0"}
    assert (await read(emulator, "/aircon/set_special_mode", **off))["adv"] == ""
    for bad in ({"set_spmode": "0"}, {"spmode_kind": "3", "set_spmode": "1"}, {"spmode_kind": "1"}):
        assert await read(emulator, "/aircon/set_special_mode", **bad) == {"ret": "PARAM NG"}

    # Powerful runs the compressor flat out, then ends by itself after 20 minutes.
    emulator.state.room_temp = 18.0
    await read(emulator, "/aircon/set_special_mode", **powerful)
    assert (await read(emulator, "/aircon/get_sensor_info"))["cmpfreq"] == "90"
    clock.tick(minutes=19)
    assert (await read(emulator, "/aircon/get_control_info"))["adv"] == "2"
    clock.tick(minutes=2)
    assert (await read(emulator, "/aircon/get_control_info"))["adv"] == ""
    # ... and when the unit is switched off.
    await read(emulator, "/aircon/set_special_mode", **powerful)
    await write(emulator, pow="0")
    assert (await read(emulator, "/aircon/get_control_info"))["adv"] == ""


async def test_holiday(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    assert await read(emulator, "/common/set_holiday", en_hol="1") == {"ret": "OK"}
    assert emulator.state.holiday is True
    assert (await read(emulator, "/common/basic_info"))["en_hol"] == "1"
    assert await read(emulator, "/common/set_holiday", en_hol="0") == {"ret": "OK"}
    assert (await read(emulator, "/common/basic_info"))["en_hol"] == "0"
    assert await read(emulator, "/common/set_holiday", en_hol="2") == {"ret": "PARAM NG"}
    assert await read(emulator, "/common/set_holiday") == {"ret": "PARAM NG"}


# -- physics ---------------------------------------------------------------------------------


async def test_heating_warms_the_room_then_idles_at_the_setpoint(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    emulator = await make_emulator()
    emulator.state.room_temp = 16.0
    await write(emulator, mode="4", stemp="20.0")
    first = await read(emulator, "/aircon/get_sensor_info")
    assert int(first["cmpfreq"]) == 90  # far from the target: full load
    clock.tick(minutes=15)
    later = await read(emulator, "/aircon/get_sensor_info")
    assert float(later["htemp"]) >= 17.5
    assert 15 <= int(later["cmpfreq"]) < 90  # closer: less load
    clock.tick(minutes=30)
    assert float((await read(emulator, "/aircon/get_sensor_info"))["htemp"]) >= 19.5

    # At the setpoint the compressor stops, and stays off within the 0.5 degC dead band.
    emulator.state.room_temp = 20.0
    assert (await read(emulator, "/aircon/get_sensor_info"))["cmpfreq"] == "0"
    emulator.state.room_temp = 19.6
    assert (await read(emulator, "/aircon/get_sensor_info"))["cmpfreq"] == "0"
    emulator.state.room_temp = 19.4
    assert int((await read(emulator, "/aircon/get_sensor_info"))["cmpfreq"]) >= 15
    # Above the setpoint: idle, not heating.
    await write(emulator, mode="4", stemp="10.0")
    assert (await read(emulator, "/aircon/get_sensor_info"))["cmpfreq"] == "0"


async def test_cooling_and_auto(make_emulator: MakeEmulator, clock: Clock) -> None:
    emulator = await make_emulator(outdoor_mean=32.0)
    emulator.state.room_temp = 29.0
    await write(emulator, mode="3", stemp="24.0")
    clock.tick(minutes=30)
    sensors = await read(emulator, "/aircon/get_sensor_info")
    assert float(sensors["htemp"]) < 28.0
    assert int(sensors["cmpfreq"]) > 0
    assert emulator.state.action == "cool"
    # Auto picks heating when the room is well below the target.
    emulator.state.room_temp = 18.0
    await write(emulator, mode="1", stemp="24.0")
    assert emulator.state.action == "heat"
    assert emulator.state.compressor_hz > 0


async def test_room_drifts_to_outdoors_when_off(make_emulator: MakeEmulator, clock: Clock) -> None:
    emulator = await make_emulator(outdoor_mean=5.0)
    emulator.state.room_temp = 22.0
    await write(emulator, pow="0")
    sensors = await read(emulator, "/aircon/get_sensor_info")
    assert (sensors["otemp"], sensors["cmpfreq"]) == ("-", "0")
    clock.tick(hours=4)
    sensors = await read(emulator, "/aircon/get_sensor_info")
    assert float(sensors["htemp"]) < 20.0
    assert emulator.state.outdoor_temp < emulator.state.room_temp


async def test_outdoor_temperature_follows_the_day(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    clock.current = dt.datetime(2026, 1, 15, 3, 0, tzinfo=dt.UTC)
    emulator = await make_emulator(outdoor_mean=10.0)
    night = float((await read(emulator, "/aircon/get_sensor_info"))["otemp"])
    clock.tick(hours=12)
    afternoon = float((await read(emulator, "/aircon/get_sensor_info"))["otemp"])
    assert night == pytest.approx(6.0, abs=0.5)
    assert afternoon == pytest.approx(14.0, abs=0.5)


# -- energy ----------------------------------------------------------------------------------


async def day_power(emulator: DaikinEmulator) -> dict[str, list[int]]:
    """Read get_day_power_ex as integer arrays."""
    fields = await read(emulator, "/aircon/get_day_power_ex")
    return {
        key: [int(value) for value in fields[key].split("/")]
        for key in ("curr_day_heat", "prev_1day_heat", "curr_day_cool", "prev_1day_cool")
    }


async def test_energy_published_hourly_and_rolled_at_local_midnight(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    # 22:30 in Paris (UTC+1): the head heats hard from then on.
    clock.current = dt.datetime(2026, 1, 15, 21, 30, tzinfo=dt.UTC)
    emulator = await make_emulator(tz="Europe/Paris", outdoor_mean=0.0)
    await write(emulator, mode="4", stemp="30.0")
    clock.tick(minutes=29)  # 22:59: the hour is not over, nothing published
    assert await day_power(emulator) == {
        key: [0] * 24
        for key in ("curr_day_heat", "prev_1day_heat", "curr_day_cool", "prev_1day_cool")
    }
    clock.tick(minutes=2)  # 23:01
    energy = await day_power(emulator)
    assert energy["curr_day_heat"][22] > 0
    assert sum(energy["curr_day_heat"]) == energy["curr_day_heat"][22]
    assert energy["curr_day_cool"] == [0] * 24
    hour_22 = energy["curr_day_heat"][22]

    clock.tick(minutes=58)  # 23:59: hour 23 still running
    assert (await day_power(emulator))["curr_day_heat"][23] == 0
    clock.tick(minutes=2)  # 00:01 the next day: the whole day moved to prev_1day
    energy = await day_power(emulator)
    assert energy["curr_day_heat"] == [0] * 24
    assert energy["prev_1day_heat"][22] == hour_22
    assert energy["prev_1day_heat"][23] > 0
    yesterday = sum(energy["prev_1day_heat"])

    clock.tick(hours=2)  # 02:01
    energy = await day_power(emulator)
    assert energy["curr_day_heat"][0] > 0
    assert energy["curr_day_heat"][1] > 0
    today = sum(energy["curr_day_heat"])

    week = await read(emulator, "/aircon/get_week_power")
    assert week["datas"].split("/")[-2:] == [str(yesterday * 100), str(today * 100)]
    assert 120 <= int(week["today_runtime"]) <= 122
    week_ex = await read(emulator, "/aircon/get_week_power_ex")
    assert week_ex["s_dayw"] == "5"  # Friday 2026-01-16
    assert week_ex["week_heat"].split("/")[:3] == [str(today), str(yesterday), "0"]
    year = await read(emulator, "/aircon/get_year_power_ex")
    assert year["curr_year_heat"].split("/")[0] == str(today + yesterday)


async def test_energy_carries_fractions_and_counts_fan_as_cooling(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    clock.current = dt.datetime(2026, 1, 15, 0, 0, tzinfo=dt.UTC)
    emulator = await make_emulator()
    await write(emulator, mode="6", stemp="--", shum="--", f_rate="B")  # 12 W fan only
    clock.tick(hours=8, seconds=30)  # 96 Wh: below 0.1 kWh
    energy = await day_power(emulator)
    assert sum(energy["curr_day_cool"]) == 0
    clock.tick(hours=1)  # 108 Wh: one 0.1 kWh step, published with hour 8
    energy = await day_power(emulator)
    assert energy["curr_day_cool"][8] == 1
    assert sum(energy["curr_day_cool"]) == 1
    assert energy["curr_day_heat"] == [0] * 24


async def test_long_gap_is_caught_up_quickly(make_emulator: MakeEmulator, clock: Clock) -> None:
    emulator = await make_emulator()
    clock.tick(days=30)
    started = time.perf_counter()
    energy = await day_power(emulator)
    assert time.perf_counter() - started < 2
    assert sum(energy["prev_1day_heat"]) > 0  # the head kept heating yesterday
    # The clock going back (another test's freezer) changes nothing.
    room = emulator.state.room_temp
    clock.tick(days=-1)
    await day_power(emulator)
    assert emulator.state.room_temp == room


async def test_advance_moves_simulated_time(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    emulator.advance(3 * 3600)
    assert sum((await day_power(emulator))["curr_day_heat"]) > 0


async def test_default_clock_follows_freezegun(socket_enabled: None) -> None:
    with freezegun.freeze_time("2026-01-15 10:30:00+00:00") as frozen:
        emulator = DaikinEmulator(model=EmulatorModel.CLASSIC, tz="UTC")
        await emulator.start(host="127.0.0.1", port=0)
        try:
            frozen.tick(dt.timedelta(hours=2))
            energy = await day_power(emulator)
            assert energy["curr_day_heat"][10] > 0
            assert energy["curr_day_heat"][11] > 0
            assert energy["curr_day_heat"][12] == 0
            # Latency is wall-clock time: it passes even while the loop's clock is frozen.
            emulator.faults.latency = 0.1
            assert (await read(emulator, "/common/basic_info"))["ret"] == "OK"
        finally:
            await emulator.stop()


# -- BRP072C ---------------------------------------------------------------------------------


async def test_brp072c_needs_a_registered_uuid(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.BRP072C, key="0123456789012")
    assert emulator.url == f"https://{emulator.host}"
    assert (await call(emulator, "/common/basic_info"))[0] == 403
    assert (await call(emulator, "/common/basic_info", uuid=UUID))[0] == 403
    wrong = await call(emulator, "/common/register_terminal", uuid=UUID, key="9999999999999")
    assert wrong[0] == 403
    assert emulator.registered_uuids == set()
    assert (await call(emulator, "/common/register_terminal", key="0123456789012"))[0] == 403

    registered = await call(emulator, "/common/register_terminal", uuid=UUID, key="0123456789012")
    assert registered == (200, "ret=OK")
    assert emulator.registered_uuids == {UUID}
    status, text = await call(emulator, "/common/basic_info", uuid=UUID)
    assert status == 200
    assert parse(text)["mac"] == "A4B1C2D3E4F5"
    assert (await call(emulator, "/aircon/get_control_info", uuid="another"))[0] == 403

    # An adapter reset to another key forgets its terminals.
    emulator.key = "9999999999999"
    assert emulator.registered_uuids == set()
    assert (await call(emulator, "/common/basic_info", uuid=UUID))[0] == 403


async def test_brp072c_serves_tls_1_2(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.BRP072C)
    _, writer = await asyncio.open_connection("127.0.0.1", emulator.port, ssl=brp072c_ssl())
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        assert ssl_object.version() == "TLSv1.2"
        assert ssl_object.getpeercert(binary_form=True)
    finally:
        writer.close()
        await writer.wait_closed()


async def test_brp072c_refuses_plain_http(make_emulator: MakeEmulator) -> None:
    """Plain HTTP to the HTTPS-only adapter gets the connection closed, no error in the loop."""
    emulator = await make_emulator(EmulatorModel.BRP072C)
    loop = asyncio.get_running_loop()
    reported: list[dict[str, object]] = []
    previous, debug = loop.get_exception_handler(), loop.get_debug()
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    loop.set_debug(True)  # asyncio reports failed TLS handshakes of a server only in debug mode
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", emulator.port)
        writer.write(b"GET /common/basic_info HTTP/1.1\r\nHost: head\r\n\r\n")
        await writer.drain()
        try:  # closed with the request unread: a reset, or an empty read
            answer = await asyncio.wait_for(reader.read(), 5)
        except ConnectionResetError:
            answer = b""
        assert answer == b""
        writer.close()
        with contextlib.suppress(ConnectionResetError):
            await writer.wait_closed()
        await asyncio.sleep(0.05)
    finally:
        loop.set_debug(debug)
        loop.set_exception_handler(previous)
    assert reported == []
    assert emulator.requests == []
    # HTTPS still works after the refused connection.
    assert (await call(emulator, "/common/basic_info"))[0] == 403


# -- faults ----------------------------------------------------------------------------------


async def test_latency_and_one_request_at_a_time(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    emulator.faults.latency = 0.2
    started = time.perf_counter()
    await read(emulator, "/common/basic_info")
    assert time.perf_counter() - started >= 0.2
    started = time.perf_counter()
    await asyncio.gather(
        read(emulator, "/aircon/get_sensor_info"), read(emulator, "/aircon/get_control_info")
    )
    assert time.perf_counter() - started >= 0.4


async def test_dropped_connections(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    # aiohttp retries an idempotent request once on a fresh connection when the server drops
    # it, so two drops are needed to make one GET fail.
    emulator.faults.drop_connections = 2
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await call(emulator, "/common/basic_info")
    assert emulator.faults.drop_connections == 0
    assert len(emulator.requests) == 2
    assert (await read(emulator, "/common/basic_info"))["ret"] == "OK"
    # One drop is absorbed by that retry: the adapter still saw two requests.
    emulator.requests.clear()
    emulator.faults.drop_connections = 1
    assert (await read(emulator, "/aircon/get_sensor_info"))["ret"] == "OK"
    assert [path for path, _ in emulator.requests] == ["/aircon/get_sensor_info"] * 2


async def test_offline(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    emulator.faults.drop_all = True
    for path in ("/common/basic_info", "/aircon/get_sensor_info", "/aircon/get_control_info"):
        with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
            await call(emulator, path)
    emulator.faults.drop_all = False
    assert (await read(emulator, "/aircon/get_sensor_info"))["ret"] == "OK"


async def test_dropped_tls_connection(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.BRP072C)
    emulator.faults.drop_connections = 2
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await call(emulator, "/common/basic_info", uuid=UUID)


async def test_dash_values(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    emulator.faults.dash_values = True
    sensors = await read(emulator, "/aircon/get_sensor_info")
    assert (sensors["otemp"], sensors["hhum"], sensors["cmpfreq"]) == ("-", "-", "-")
    assert sensors["htemp"] != "-"
    assert (await read(emulator, "/aircon/get_control_info"))["stemp"] == "--"
    emulator.faults.dash_values = False
    assert (await read(emulator, "/aircon/get_sensor_info"))["cmpfreq"] != "-"


async def test_param_ng(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    emulator.faults.param_ng = True
    assert await write(emulator, stemp="25.0") == {"ret": "PARAM NG"}
    assert emulator.state.stemp == "22.0"
    special = {"spmode_kind": "1", "set_spmode": "1"}
    assert await read(emulator, "/aircon/set_special_mode", **special) == {"ret": "PARAM NG"}
    assert await read(emulator, "/common/set_holiday", en_hol="1") == {"ret": "PARAM NG"}
    assert (await read(emulator, "/common/basic_info"))["ret"] == "OK"
    emulator.faults.param_ng = False
    assert (await write(emulator, stemp="25.0"))["ret"] == "OK"


async def test_malformed_and_http_error(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    emulator.faults.malformed = True
    status, text = await call(emulator, "/aircon/get_sensor_info")
    assert status == 200
    assert "=" not in text
    assert not text.startswith("ret")
    emulator.faults.malformed = False
    emulator.faults.http_error = 500
    assert (await call(emulator, "/aircon/get_sensor_info"))[0] == 500
    emulator.faults.http_error = None
    assert (await call(emulator, "/aircon/get_sensor_info"))[0] == 200


async def test_control_surface(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    emulator.faults.drop_all = True  # the control surface still answers
    async with aiohttp.ClientSession() as session:
        query = {"latency": "0.5", "drop_connections": "2", "drop_all": "0", "http_error": "503"}
        async with session.get(f"{emulator.url}/_emulator/faults", params=query) as response:
            assert response.status == 200
            assert await response.json() == {
                "latency": 0.5,
                "drop_connections": 2,
                "drop_all": False,
                "dash_values": False,
                "param_ng": False,
                "malformed": False,
                "http_error": 503,
            }
        assert emulator.faults == Faults(latency=0.5, drop_connections=2, http_error=503)
        async with session.get(f"{emulator.url}/_emulator/faults?bogus=1") as response:
            assert response.status == 400
        async with session.get(f"{emulator.url}/_emulator/state") as response:
            body = await response.json()
            assert body["state"]["mode"] == 4
            assert body["mac"] == "A4B1C2D3E4F5"
        async with session.get(f"{emulator.url}/_emulator/advance?seconds=3600") as response:
            assert response.status == 200
    assert emulator.requests == []


# -- command line ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_command_line(socket_enabled: None) -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "emulators.daikin",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--model",
        "classic",
        "--tz",
        "Europe/Paris",
        "--latency",
        "0.05",
        "--clock-offset",
        "5",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=15)).decode()
        assert f"http://127.0.0.1:{port}" in line
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/common/basic_info") as response,
        ):
            assert (await response.text()).startswith("ret=OK,type=aircon")
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/common/get_datetime") as response,
        ):
            shown = parse(await response.text())["cur"]
        expected = dt.datetime.now(ZoneInfo("Europe/Paris")) + dt.timedelta(hours=5)
        took = expected.replace(tzinfo=None) - dt.datetime.strptime(shown, "%Y/%m/%d %H:%M:%S")
        assert dt.timedelta() <= took < dt.timedelta(seconds=5)
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=10) == 0
