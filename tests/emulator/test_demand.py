"""The emulated head's demand control: the recorded answer, what it takes, and the cap it keeps."""

from __future__ import annotations

import pytest

from emulators.daikin import EmulatorModel

from .conftest import Clock, MakeEmulator
from .test_emulator import read, write

CAP_60 = {"lpw": "", "en_demand": "1", "mode": "0", "type": "1", "max_pow": "60"}


async def test_a_head_that_says_dmnd_answers_its_demand_control(
    make_emulator: MakeEmulator,
) -> None:
    emulator = await make_emulator()
    assert (await read(emulator, "/aircon/get_model_info"))["dmnd"] == "1"
    assert await read(emulator, "/aircon/get_demand_control") == {
        "ret": "OK",
        "type": "1",
        "en_demand": "0",
        "mode": "0",
        "max_pow": "100",
        "scdl_per_day": "4",
        "moc": "0",
        "tuc": "0",
        "wec": "0",
        "thc": "0",
        "frc": "0",
        "sac": "0",
        "suc": "0",
    }


async def test_a_cap_holds_the_compressor_and_lifting_it_keeps_the_percentage(
    make_emulator: MakeEmulator, clock: Clock
) -> None:
    emulator = await make_emulator()
    await write(emulator, stemp="30.0")  # far below the target: full speed
    clock.tick(minutes=2)
    await read(emulator, "/aircon/get_sensor_info")
    assert emulator.state.compressor_hz == 90
    assert await read(emulator, "/aircon/set_demand_control", **CAP_60) == {"ret": "OK"}
    assert emulator.state.compressor_hz == 54  # 60 % of 90 Hz, at once
    fields = await read(emulator, "/aircon/get_demand_control")
    assert (fields["en_demand"], fields["mode"], fields["max_pow"]) == ("1", "0", "60")

    assert await read(emulator, "/aircon/set_demand_control", en_demand="0") == {"ret": "OK"}
    assert emulator.state.compressor_hz == 90
    fields = await read(emulator, "/aircon/get_demand_control")
    assert (fields["en_demand"], fields["max_pow"]) == ("0", "60")


@pytest.mark.parametrize(
    "changes",
    [
        {"max_pow": "35"},  # below 40 %
        {"max_pow": "62"},  # not a step of 5
        {"max_pow": "105"},
        {"mode": "1"},  # the app's schedule is not written this way
        {"type": "0"},
        {"en_demand": "2"},
    ],
)
async def test_a_cap_adapters_are_not_known_to_take_is_refused(
    make_emulator: MakeEmulator, changes: dict[str, str]
) -> None:
    emulator = await make_emulator()
    fields = await read(emulator, "/aircon/set_demand_control", **(CAP_60 | changes))
    assert fields["ret"] == "PARAM NG"
    assert emulator.demand.enabled is False


async def test_a_cap_without_its_fields_is_refused(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator()
    fields = await read(emulator, "/aircon/set_demand_control", en_demand="1", max_pow="60")
    assert fields["ret"] == "PARAM NG"


async def test_a_head_that_says_no_dmnd_refuses_both(make_emulator: MakeEmulator) -> None:
    emulator = await make_emulator(EmulatorModel.ALIRA_X)
    assert (await read(emulator, "/aircon/get_model_info"))["dmnd"] == "0"
    assert (await read(emulator, "/aircon/get_demand_control"))["ret"] == "PARAM NG"
    fields = await read(emulator, "/aircon/set_demand_control", **CAP_60)
    assert fields["ret"] == "PARAM NG"
