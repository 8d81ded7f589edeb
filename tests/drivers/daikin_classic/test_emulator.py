"""End-to-end tests of DaikinClient against the project's emulated adapter."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import aiohttp
import pytest

from custom_components.minisplit.drivers.daikin_classic import (
    UNSUPPORTED_ADAPTER_MESSAGE,
    DaikinClient,
    DaikinCommandRejectedError,
    DaikinConnectionError,
    DaikinInvalidKeyError,
    DaikinResponseError,
    DaikinTimeoutError,
    DaikinUnsupportedDeviceError,
    SpecialMode,
)
from custom_components.minisplit.heads import (
    FanSpeed,
    OperationMode,
    Swing,
)
from emulators.daikin import DaikinEmulator, EmulatorModel

from .fake_head import BRP072C_KEY, WRITABLE_FIELDS


@pytest.fixture
def emulator_model() -> EmulatorModel:
    """The adapter the emulator plays; parametrized per test."""
    return EmulatorModel.CLASSIC


@pytest.fixture
async def emu(emulator_model: EmulatorModel) -> AsyncGenerator[DaikinEmulator]:
    """A running emulated head."""
    emulator = DaikinEmulator(
        model=emulator_model,
        key=BRP072C_KEY if emulator_model is EmulatorModel.BRP072C else None,
        tz="UTC",
    )
    await emulator.start(host="127.0.0.1", port=0)
    yield emulator
    await emulator.stop()


def client_for(
    emu: DaikinEmulator, session: aiohttp.ClientSession, key: str | None = None
) -> DaikinClient:
    """Return a client for the emulated head."""
    return DaikinClient(emu.host, session, key=key, request_timeout=2.0)


async def test_readers_and_commands(emu: DaikinEmulator, session: aiohttp.ClientSession) -> None:
    client = client_for(emu, session)
    basic = await client.get_basic_info()
    assert basic.mac == "A4B1C2D3E4F5"
    assert basic.name == "Living"
    model = await client.get_model_info()
    assert model.has_humidity_sensor
    assert model.supports_power_reading
    sensors = await client.get_sensor_info()
    assert sensors.indoor_temperature is not None
    assert sensors.power_w is not None
    energy = await client.get_day_energy()
    assert energy is not None
    assert len(energy.today_heat) == 24

    control = await client.set_control(
        power=True,
        mode=OperationMode.COOL,
        target_temperature=24.3,
        fan_rate=FanSpeed.LEVEL_2,
        swing=Swing.BOTH,
    )
    path, query = emu.requests[-2]
    assert path == "/aircon/set_control_info"
    assert tuple(query) == WRITABLE_FIELDS
    assert control.power
    assert control.mode is OperationMode.COOL
    assert control.target_temperature == 24.5
    assert control.fan_rate is FanSpeed.LEVEL_2
    assert control.swing is Swing.BOTH

    heat = await client.set_control(mode=OperationMode.HEAT, current=control)
    dry = await client.set_control(mode=OperationMode.DRY, current=heat)
    assert dry.target_temperature is None
    cool = await client.set_control(mode=OperationMode.COOL, current=dry)
    assert cool.target_temperature == 24.5  # the head's cool memory came back
    assert cool.fan_rate is FanSpeed.LEVEL_2
    assert await client.set_special_mode(SpecialMode.POWERFUL, enabled=True) == {
        SpecialMode.POWERFUL
    }
    assert await client.set_special_mode(SpecialMode.ECONO, enabled=True) == {SpecialMode.ECONO}
    assert await client.set_special_mode(SpecialMode.ECONO, enabled=False) == frozenset()
    off = await client.set_control(power=False, current=cool)
    assert not off.power
    assert off.mode is OperationMode.COOL

    await client.set_holiday(True)
    assert (await client.get_basic_info()).holiday
    await client.set_holiday(False)
    assert not emu.state.holiday


async def test_faults(emu: DaikinEmulator, session: aiohttp.ClientSession) -> None:
    client = client_for(emu, session)
    emu.faults.dash_values = True
    sensors = await client.get_sensor_info()
    assert sensors.outdoor_temperature is None
    assert sensors.indoor_humidity is None
    assert sensors.compressor_frequency is None
    control = await client.get_control_info()
    assert control.target_temperature is None
    assert (await client.set_control(power=True, current=control)).power
    emu.faults.dash_values = False

    emu.faults.param_ng = True
    with pytest.raises(DaikinCommandRejectedError):
        await client.set_holiday(True)
    emu.faults.param_ng = False

    emu.faults.malformed = True
    with pytest.raises(DaikinResponseError):
        await client.get_sensor_info()
    emu.faults.malformed = False

    emu.faults.http_error = 500
    with pytest.raises(DaikinResponseError, match="500"):
        await client.get_sensor_info()
    emu.faults.http_error = None

    sent = client.requests_sent
    emu.faults.drop_connections = 1
    await client.get_sensor_info()
    assert client.requests_sent == sent + 2
    emu.faults.drop_connections = 2
    with pytest.raises(DaikinConnectionError, match="twice"):
        await client.get_sensor_info()
    assert client.requests_sent == sent + 4


async def test_timeout(emu: DaikinEmulator, session: aiohttp.ClientSession) -> None:
    emu.faults.latency = 1.0
    client = DaikinClient(emu.host, session, request_timeout=0.2)
    with pytest.raises(DaikinTimeoutError):
        await client.get_control_info()
    emu.faults.latency = 0


@pytest.mark.parametrize("emulator_model", [EmulatorModel.UNSUPPORTED_404])
async def test_unsupported_adapter(emu: DaikinEmulator, session: aiohttp.ClientSession) -> None:
    with pytest.raises(DaikinUnsupportedDeviceError) as caught:
        await client_for(emu, session).get_basic_info()
    assert str(caught.value) == UNSUPPORTED_ADAPTER_MESSAGE


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_brp072c(emu: DaikinEmulator, session: aiohttp.ClientSession) -> None:
    client = client_for(emu, session, key=BRP072C_KEY)
    assert (await client.get_basic_info()).mac == "A4B1C2D3E4F5"
    assert [path for path, _ in emu.requests] == [
        "/common/basic_info",
        "/common/register_terminal",
        "/common/basic_info",
    ]
    assert emu.registered_uuids == {client.uuid}
    await client.set_control(power=True)

    with pytest.raises(DaikinInvalidKeyError, match="refused the key"):
        await client_for(emu, session, key="9999999999999").get_basic_info()


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_brp072c_without_key(emu: DaikinEmulator, session: aiohttp.ClientSession) -> None:
    client = client_for(emu, session)
    # Plain HTTP to the HTTPS-only adapter fails; the HTTPS probe meets the 403.
    with pytest.raises(DaikinInvalidKeyError, match="13-digit key"):
        await client.get_basic_info()
    # Other readers do not probe: the connection error stands.
    with pytest.raises(DaikinConnectionError):
        await client.get_sensor_info()
