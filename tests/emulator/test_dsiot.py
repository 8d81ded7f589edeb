"""The emulator's dsiot kinds, spoken to with plain HTTP (no driver), and the classic kinds' 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiohttp
import pytest

from emulators.daikin import DaikinEmulator, EmulatorModel
from emulators.daikin.__main__ import parse_args
from emulators.daikin.dsiot import ADAPTER_INFO, INDOOR, OUTDOOR, WEEK_POWER, model_hex

from .conftest import Clock, MakeEmulator

DSIOT_KINDS = [EmulatorModel.DSIOT, EmulatorModel.DSIOT_BASIC, EmulatorModel.DSIOT_UNNAMED]


async def multireq(emulator: DaikinEmulator, *requests: dict[str, Any]) -> list[dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emulator.url}/dsiot/multireq", json={"requests": list(requests)}) as resp,
    ):
        assert resp.status == 200
        body = await resp.json()
    return body["responses"]


def read(target: str) -> dict[str, Any]:
    return {"op": 2, "to": target}


def write(target: str, root: str, group: str, **leaves: str) -> dict[str, Any]:
    children = [{"pn": name, "pv": value} for name, value in leaves.items()]
    return {
        "op": 3,
        "to": target,
        "pc": {"pn": "dgc_status", "pch": [{"pn": root, "pch": [{"pn": group, "pch": children}]}]},
    }


def setting(**leaves: str) -> dict[str, Any]:
    return write(INDOOR, "e_1002", "e_3001", **leaves)


def leaf(node: dict[str, Any], *path: str) -> dict[str, Any] | None:
    for name in path:
        children = node.get("pch", [])
        node = next((child for child in children if child.get("pn") == name), {})
        if not node:
            return None
    return node


async def status(url: str, method: str, path: str) -> int:
    async with aiohttp.ClientSession() as session, session.request(method, url + path) as resp:
        return resp.status


@pytest.mark.parametrize("model", DSIOT_KINDS)
async def test_only_post_dsiot_multireq_answers(
    make_emulator: MakeEmulator, model: EmulatorModel
) -> None:
    emulator = await make_emulator(model)
    assert await status(emulator.url, "GET", "/dsiot/multireq") == 405
    assert await status(emulator.url, "GET", "/common/basic_info") == 404
    assert await status(emulator.url, "GET", "/aircon/get_sensor_info") == 404
    assert await status(emulator.url, "POST", "/dsiot/other") == 404
    responses = await multireq(emulator, read(ADAPTER_INFO))
    assert responses[0]["rsc"] == 2000
    assert leaf(responses[0]["pc"], "mac")["pv"] == "A4B1C2D3E4F5"  # type: ignore[index]


@pytest.mark.parametrize("model", [EmulatorModel.CLASSIC, EmulatorModel.CLASSIC_NOHUMIDITY])
async def test_classic_kinds_answer_dsiot_with_404(
    make_emulator: MakeEmulator, model: EmulatorModel
) -> None:
    emulator = await make_emulator(model)
    assert await status(emulator.url, "POST", "/dsiot/multireq") == 404
    assert await status(emulator.url, "GET", "/common/basic_info") == 200


async def test_reads_render_the_device(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    emulator.state.room_temp = -3.2
    emulator.state.compressor_hz = 0
    indoor, outdoor = await multireq(
        emulator, {"op": 2, "to": f"{INDOOR}?filter=pv,pt,md"}, read(OUTDOOR)
    )
    assert indoor["fr"] == INDOOR  # the query is not echoed
    pc = indoor["pc"]
    assert leaf(pc, "e_1002", "e_A002", "p_01")["pv"] == "01"  # type: ignore[index]
    mode = leaf(pc, "e_1002", "e_3001", "p_01")
    assert mode == {
        "pn": "p_01",
        "pt": 2,
        "pv": "0100",
        "md": {"pt": "b", "st": 0, "mi": None, "mx": "2F00"},
    }
    assert leaf(pc, "e_1002", "e_3001", "p_03")["pv"] == "2C"  # type: ignore[index]
    assert leaf(pc, "e_1002", "e_A00B", "p_01")["pv"] == "FD"  # type: ignore[index]
    assert leaf(pc, "e_1002", "e_A001", "p_01")["pv"] == model_hex("FTXM46WVMA")  # type: ignore[index]
    assert "md" not in leaf(outdoor["pc"], "e_1003", "e_A00D", "p_01")  # type: ignore[operator]
    temperature = leaf(outdoor["pc"], "e_1003", "e_A00D", "p_01")["pv"]  # type: ignore[index]
    value = int.from_bytes(bytes.fromhex(temperature), "little", signed=True) / 2
    assert value == pytest.approx(emulator.state.outdoor_temp, abs=0.25)


async def test_writes_apply_like_set_control_info(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    state = emulator.state
    # A cool setpoint while heating is cool's memory only.
    assert (await multireq(emulator, setting(p_02="30")))[0]["rsc"] == 2004
    assert (state.mode, state.stemp, state.dt[3]) == (4, "22.0", "24.0")
    responses = await multireq(
        emulator, setting(p_01="0200", p_09="0700", p_05="0F000000", p_06="0F0000")
    )
    assert responses == [{"fr": INDOOR, "rsc": 2004}]
    assert (state.mode, state.stemp, state.f_rate, state.f_dir) == (3, "24.0", "7", "3")
    await multireq(emulator, setting(p_06="000000"))
    assert state.f_dir == "1"
    await multireq(emulator, write(INDOOR, "e_1002", "e_3003", p_24="01"))
    assert state.adv == "12"
    await multireq(emulator, write(OUTDOOR, "e_1003", "e_3002", p_44="01"))
    assert state.adv == "2"
    await multireq(emulator, write(INDOOR, "e_1002", "e_A002", p_01="00"))
    assert not state.power
    assert state.adv == ""  # powerful ends when the unit is switched off
    await multireq(emulator, setting(p_01="0500"))  # dry
    assert (state.mode, state.stemp) == (2, "M")


@pytest.mark.parametrize(
    "request_",
    [
        setting(p_02="10"),  # 8 degC: below cool's 18
        setting(p_02="3"),
        setting(p_01="0400"),  # no mode 4
        setting(p_09="0900"),
        setting(p_27="0300"),  # dry's fan is automatic only
        setting(p_05="0A000000"),
        setting(p_99="00"),
        setting(p_02=3),  # type: ignore[arg-type]
        write(INDOOR, "e_1002", "e_A00B", p_01="14"),  # a reading, not a setting
        write(INDOOR, "e_1002", "e_A002", p_01="02"),
        write(OUTDOOR, "e_1003", "e_3002", p_3D="01"),
        {"op": 3, "to": INDOOR, "pc": {"pn": "dgc_status", "pch": []}},
        {"op": 3, "to": INDOOR, "pc": {"pn": "dgc_status", "pch": [{"pv": "01"}]}},
        {"op": 3, "to": INDOOR, "pc": "x"},
        {"op": 7, "to": INDOOR},
    ],
)
async def test_refused_writes_change_nothing(
    make_emulator: MakeEmulator, request_: dict[str, Any]
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    before = dict(vars(emulator.state))
    assert (await multireq(emulator, request_))[0]["rsc"] == 4000
    assert dict(vars(emulator.state)) == before


async def test_unknown_targets_and_odd_bodies(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT)
    responses = await multireq(
        emulator,
        read("/dsiot/edge/adr_0300.dgc_status"),
        write("/dsiot/edge.adp_i", "x", "y", z="00"),
        "not a request",  # type: ignore[arg-type]
    )
    assert [r["rsc"] for r in responses] == [4004, 4004, 4000]
    async with aiohttp.ClientSession() as session:
        for payload in (b"{not json", b"[1, 2]", b'{"requests": 5}'):
            async with session.post(f"{emulator.url}/dsiot/multireq", data=payload) as resp:
                assert resp.status == 400
    emulator.faults.param_ng = True
    assert (await multireq(emulator, setting(p_02="30")))[0]["rsc"] == 4000


async def test_the_basic_kind(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT_BASIC)
    indoor, outdoor = await multireq(emulator, read(INDOOR), read(OUTDOOR))
    assert leaf(indoor["pc"], "e_1002", "e_3001", "p_1D") is None
    assert leaf(indoor["pc"], "e_1002", "e_A00B", "p_02") is None
    assert leaf(indoor["pc"], "e_1002", "e_3003", "p_24") is None
    assert leaf(outdoor["pc"], "e_1003", "e_2006", "p_04") is None
    assert (await multireq(emulator, setting(p_1D="30")))[0]["rsc"] == 4000
    econo = write(INDOOR, "e_1002", "e_3003", p_24="01")
    assert (await multireq(emulator, econo))[0]["rsc"] == 4000
    info = (await multireq(emulator, read(ADAPTER_INFO)))[0]["pc"]
    assert leaf(info, "ver")["pv"] == "2_8_0"  # type: ignore[index]


async def test_the_unnamed_kind(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT_UNNAMED)
    indoor, energy = await multireq(emulator, read(INDOOR), read(WEEK_POWER))
    children = leaf(indoor["pc"], "e_1002")["pch"]  # type: ignore[index]
    assert any("pn" not in child for child in children)
    assert leaf(indoor["pc"], "e_1002", "e_3001", "p_1D") is None
    assert "pn" not in energy["pc"]
    assert all("pn" not in child for child in energy["pc"]["pch"])


async def test_week_power_is_seven_days_of_wh_today_last(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT, tz="Australia/Sydney")
    emulator.state.room_temp = 10.0
    clock.tick(hours=30)
    (energy,) = await multireq(emulator, read(WEEK_POWER))
    runtime, datas = (leaf(energy["pc"], name)["pv"] for name in ("today_runtime", "datas"))  # type: ignore[index]
    device = emulator.device
    days = [device.today - dt.timedelta(days=back) for back in range(6, -1, -1)]
    assert datas == [sum(device.day_total(day)) * 100 for day in days]
    assert len(datas) == 7
    assert datas[-2] > 0  # yesterday (local) ran
    assert runtime == str(int(emulator.state.today_runtime_min))


async def test_adapter_settings_and_an_unfiltered_read(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.DSIOT, name="Bedroom")
    (settings,) = await multireq(emulator, read("/dsiot/edge.adp_d"))
    assert leaf(settings["pc"], "name")["pv"] == "Bedroom"  # type: ignore[index]


def test_the_command_line_offers_the_dsiot_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_args(["--model", "dsiot-unnamed"]).model == "dsiot-unnamed"
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    assert "dsiot-basic" in capsys.readouterr().out
