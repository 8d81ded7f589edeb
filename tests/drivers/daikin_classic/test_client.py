"""Tests of DaikinClient over real HTTP against a fake head on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import pytest

from custom_components.minisplit.drivers.daikin_classic import (
    CONSERVATIVE_MODEL_INFO,
    UNSUPPORTED_ADAPTER_MESSAGE,
    DaikinBusyError,
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

from .fake_head import BRP072C_KEY, WRITABLE_FIELDS, FakeHead, load_fixture


def client_for(head: FakeHead, session: aiohttp.ClientSession, **kwargs: object) -> DaikinClient:
    """Return a client for the fake head, with a short timeout."""
    kwargs.setdefault("request_timeout", 2.0)
    return DaikinClient(head.host, session, **kwargs)  # type: ignore[arg-type]


def test_uuid_is_generated_or_kept(session: aiohttp.ClientSession) -> None:
    generated = DaikinClient("192.0.2.1", session)
    assert generated.uuid is not None
    assert len(generated.uuid) == 32
    assert "-" not in generated.uuid
    assert DaikinClient("192.0.2.1", session).uuid != generated.uuid
    assert DaikinClient("192.0.2.1", session, uuid="abc").uuid == "abc"


def test_base_url(session: aiohttp.ClientSession) -> None:
    assert DaikinClient("192.0.2.1", session).base_url == "http://192.0.2.1"
    assert DaikinClient("[::1]:8080", session).base_url == "http://[::1]:8080"
    assert DaikinClient("fe80::1", session).base_url == "http://[fe80::1]"
    assert DaikinClient("192.0.2.1", session, key=BRP072C_KEY).base_url == "https://192.0.2.1"


async def test_readers(head: FakeHead, session: aiohttp.ClientSession) -> None:
    client = client_for(head, session)
    basic = await client.get_basic_info()
    assert basic.mac == "A4B1C2D3E4F5"
    assert basic.name == "Living"
    model = await client.get_model_info()
    assert model.model == "0AB9"
    assert model.supports_swing is True
    sensors = await client.get_sensor_info()
    assert sensors.indoor_temperature == 22.5
    control = await client.get_control_info()
    assert control.mode is OperationMode.HEAT
    energy = await client.get_day_energy()
    assert energy is not None
    assert energy.today_heat[7] == 0.5
    assert head.paths() == [
        "/common/basic_info",
        "/aircon/get_model_info",
        "/aircon/get_sensor_info",
        "/aircon/get_control_info",
        "/aircon/get_day_power_ex",
    ]
    assert client.requests_sent == 5
    assert all("X-Daikin-uuid" not in request.headers for request in head.requests)


async def test_old_firmware_without_model_info(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    del head.answers["/aircon/get_model_info"]
    assert await client_for(head, session).get_model_info() is CONSERVATIVE_MODEL_INFO


async def test_energy_unsupported_and_all_zero(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    client = client_for(head, session)
    head.answers["/aircon/get_day_power_ex"] = load_fixture("day_power_ex_new_unit")
    energy = await client.get_day_energy()
    assert energy is not None
    assert sum(energy.today_heat + energy.today_cool) == 0
    del head.answers["/aircon/get_day_power_ex"]
    assert await client.get_day_energy() is None
    head.answers["/aircon/get_day_power_ex"] = "ret=NG"
    with pytest.raises(DaikinCommandRejectedError):
        await client.get_day_energy()


async def test_sensor_dashes(head: FakeHead, session: aiohttp.ClientSession) -> None:
    head.answers["/aircon/get_sensor_info"] = load_fixture("sensor_info_dashes")
    sensors = await client_for(head, session).get_sensor_info()
    assert sensors.indoor_humidity is None
    assert sensors.outdoor_temperature is None


async def test_set_control_sends_exactly_the_six_fields(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    client = client_for(head, session)
    control = await client.set_control(target_temperature=22.3)
    assert head.paths() == [
        "/aircon/get_control_info",
        "/aircon/set_control_info",
        "/aircon/get_control_info",
    ]
    sent = head.requests[1]
    assert tuple(sent.query) == WRITABLE_FIELDS
    assert sent.query_string == "pow=1&mode=4&stemp=22.5&shum=0&f_rate=A&f_dir=1"
    assert control.target_temperature == 22.5
    assert control.mode is OperationMode.HEAT


async def test_set_control_with_current_skips_the_first_read(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    client = client_for(head, session)
    current = await client.get_control_info()
    control = await client.set_control(
        mode=OperationMode.COOL, fan_rate=FanSpeed.LEVEL_3, current=current
    )
    assert head.paths()[1:] == ["/aircon/set_control_info", "/aircon/get_control_info"]
    assert head.requests[1].query == {
        "pow": "1",
        "mode": "3",
        "stemp": "26.0",
        "shum": "0",
        "f_rate": "5",
        "f_dir": "3",
    }
    assert control.mode is OperationMode.COOL
    assert control.target_temperature == 26.0
    assert control.swing is Swing.BOTH


async def test_set_control_restores_memory_and_switches_off(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    client = client_for(head, session)
    dry = await client.set_control(mode=OperationMode.DRY)
    assert head.requests[1].query == {
        "pow": "1",
        "mode": "2",
        "stemp": "M",
        "shum": "55",
        "f_rate": "B",
        "f_dir": "0",
    }
    assert dry.target_temperature is None
    off = await client.set_control(power=False, current=dry)
    assert head.requests[-2].query == {
        "pow": "0",
        "mode": "2",
        "stemp": "M",
        "shum": "55",
        "f_rate": "B",
        "f_dir": "0",
    }
    assert off.power is False
    fan = await client.set_control(power=True, mode=OperationMode.FAN, current=off)
    assert head.requests[-2].query["stemp"] == "--"
    assert fan.mode is OperationMode.FAN


async def test_set_control_rejected(head: FakeHead, session: aiohttp.ClientSession) -> None:
    head.reject_writes = True
    with pytest.raises(DaikinCommandRejectedError, match="PARAM NG"):
        await client_for(head, session).set_control(power=False)
    assert head.paths() == ["/aircon/get_control_info", "/aircon/set_control_info"]


async def test_special_modes(head: FakeHead, session: aiohttp.ClientSession) -> None:
    client = client_for(head, session)
    assert await client.set_special_mode(SpecialMode.POWERFUL, enabled=True) == {
        SpecialMode.POWERFUL
    }
    assert head.requests[-1].query == {"spmode_kind": "1", "set_spmode": "1"}
    assert await client.set_special_mode(SpecialMode.STREAMER, enabled=True) == {
        SpecialMode.POWERFUL,
        SpecialMode.STREAMER,
    }
    assert head.requests[-1].query == {"en_streamer": "1"}
    assert await client.set_special_mode(SpecialMode.ECONO, enabled=True) == {
        SpecialMode.ECONO,
        SpecialMode.STREAMER,
    }
    assert head.requests[-1].query == {"spmode_kind": "2", "set_spmode": "1"}
    assert await client.set_special_mode(SpecialMode.ECONO, enabled=False) == {SpecialMode.STREAMER}
    assert (await client.get_control_info()).special_modes == {SpecialMode.STREAMER}


async def test_special_mode_answer_without_adv_rereads(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.special_mode_answer_has_adv = False
    client = client_for(head, session)
    assert await client.set_special_mode(SpecialMode.POWERFUL, enabled=True) == {
        SpecialMode.POWERFUL
    }
    assert head.paths() == ["/aircon/set_special_mode", "/aircon/get_control_info"]


async def test_holiday(head: FakeHead, session: aiohttp.ClientSession) -> None:
    client = client_for(head, session)
    await client.set_holiday(True)
    assert head.holiday == "1"
    await client.set_holiday(False)
    assert head.holiday == "0"
    assert [request.query for request in head.requests] == [{"en_hol": "1"}, {"en_hol": "0"}]


async def test_param_ng_on_a_read(head: FakeHead, session: aiohttp.ClientSession) -> None:
    head.answers["/aircon/get_sensor_info"] = "ret=PARAM NG"
    with pytest.raises(DaikinCommandRejectedError, match="PARAM NG"):
        await client_for(head, session).get_sensor_info()


async def test_malformed_answer(head: FakeHead, session: aiohttp.ClientSession) -> None:
    head.answers["/common/basic_info"] = load_fixture("malformed")
    with pytest.raises(DaikinResponseError):
        await client_for(head, session).get_basic_info()


async def test_http_error(head: FakeHead, session: aiohttp.ClientSession) -> None:
    head.status_everywhere = 500
    with pytest.raises(DaikinResponseError, match="HTTP 500"):
        await client_for(head, session).get_basic_info()


@pytest.mark.parametrize("path", ["/common/basic_info", "/aircon/get_control_info"])
async def test_404_everywhere_is_an_unsupported_adapter(
    head: FakeHead, session: aiohttp.ClientSession, path: str
) -> None:
    head.status_everywhere = 404
    client = client_for(head, session)
    read = client.get_basic_info if path == "/common/basic_info" else client.get_control_info
    with pytest.raises(DaikinUnsupportedDeviceError) as caught:
        await read()
    message = str(caught.value)
    assert message == UNSUPPORTED_ADAPTER_MESSAGE
    for words in ("BRP069C4x", "2.0-2.6", "no local API", "2.8", "/dsiot", "reconfigure"):
        assert words in message
    assert head.paths() == [path]


async def test_timeout(head: FakeHead, session: aiohttp.ClientSession) -> None:
    head.latency = 2.0
    client = client_for(head, session, request_timeout=0.2)
    with pytest.raises(DaikinTimeoutError, match=r"0\.2 s"):
        await client.get_sensor_info()
    assert client.requests_sent == 1


async def test_timeout_counts_per_request_not_in_the_queue(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.latency = 0.15
    client = client_for(head, session, request_timeout=0.4)
    results = await asyncio.gather(*(client.get_sensor_info() for _ in range(4)))
    assert len(results) == 4


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = DaikinClient(f"127.0.0.1:{port}", session, request_timeout=2.0)
    with pytest.raises(DaikinConnectionError) as caught:
        await client.get_sensor_info()
    assert not isinstance(caught.value, DaikinTimeoutError)
    assert client.requests_sent == 1  # refused connections are not retried
    with pytest.raises(DaikinConnectionError) as caught:
        await client.get_basic_info()
    assert not isinstance(caught.value, DaikinInvalidKeyError)
    assert client.requests_sent == 3  # basic info probes HTTPS once: nothing there either


async def test_dropped_connection_is_retried_once(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.drops = 1
    client = client_for(head, session)
    sensors = await client.get_sensor_info()
    assert sensors.indoor_temperature == 22.5
    assert client.requests_sent == 2
    assert head.paths() == ["/aircon/get_sensor_info"] * 2


async def test_two_drops_are_a_busy_head(head: FakeHead, session: aiohttp.ClientSession) -> None:
    head.drops = 2
    client = client_for(head, session)
    with pytest.raises(DaikinBusyError, match="dropped the connection twice"):
        await client.get_sensor_info()
    assert client.requests_sent == 2
    assert (await client.get_sensor_info()).indoor_temperature == 22.5


async def test_connection_dropped_mid_body_is_retried_once(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.truncations = 1
    client = client_for(head, session)
    assert (await client.get_sensor_info()).indoor_temperature == 22.5
    assert client.requests_sent == 2
    head.truncations = 2
    with pytest.raises(DaikinConnectionError, match="twice"):
        await client.get_sensor_info()
    assert client.requests_sent == 4


async def test_the_sessions_own_middlewares_still_run(head: FakeHead) -> None:
    seen: list[str] = []

    async def record(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        seen.append(request.url.path)
        return await handler(request)

    async with aiohttp.ClientSession(middlewares=(record,)) as session:
        head.drops = 1
        client = client_for(head, session)
        await client.get_basic_info()
    assert seen == ["/common/basic_info", "/common/basic_info"]
    assert client.requests_sent == 2


async def test_concurrent_calls_are_serialized(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.latency = 0.03
    client = client_for(head, session)
    await asyncio.gather(
        client.get_sensor_info(),
        client.get_control_info(),
        client.get_basic_info(),
        client.set_control(power=False),
        client.get_day_energy(),
    )
    assert len(head.requests) == 7
    assert head.max_in_flight == 1


async def test_clients_of_different_heads_do_not_wait_for_each_other(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    head.latency = 0.05
    first, second = client_for(head, session), client_for(head, session)
    await asyncio.gather(first.get_sensor_info(), second.get_sensor_info())
    assert head.max_in_flight == 2


async def test_brp072c_registers_on_403_then_succeeds(
    brp072c_head: FakeHead, session: aiohttp.ClientSession
) -> None:
    client = client_for(brp072c_head, session, key=BRP072C_KEY)
    basic = await client.get_basic_info()
    assert basic.mac == "A4B1C2D3E4F5"
    assert brp072c_head.paths() == [
        "/common/basic_info",
        "/common/register_terminal",
        "/common/basic_info",
    ]
    assert brp072c_head.requests[1].query == {"key": BRP072C_KEY}
    assert {request.headers["X-Daikin-uuid"] for request in brp072c_head.requests} == {client.uuid}
    assert brp072c_head.registered == {client.uuid}
    await client.get_control_info()
    assert client.requests_sent == 4


async def test_brp072c_concurrent_first_calls_register_without_deadlock(
    brp072c_head: FakeHead, session: aiohttp.ClientSession
) -> None:
    brp072c_head.latency = 0.02
    client = client_for(brp072c_head, session, key=BRP072C_KEY)
    await asyncio.gather(
        client.get_basic_info(), client.get_sensor_info(), client.get_control_info()
    )
    assert brp072c_head.max_in_flight == 1
    assert brp072c_head.registered == {client.uuid}


async def test_brp072c_persisted_uuid_needs_no_registration(
    brp072c_head: FakeHead, session: aiohttp.ClientSession
) -> None:
    brp072c_head.registered.add("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    client = client_for(
        brp072c_head, session, key=BRP072C_KEY, uuid="0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    )
    await client.get_sensor_info()
    assert brp072c_head.paths() == ["/aircon/get_sensor_info"]


@pytest.mark.parametrize("answer", ["403", "NG", "PARAM NG"])
async def test_brp072c_wrong_key(
    brp072c_head: FakeHead, session: aiohttp.ClientSession, answer: str
) -> None:
    brp072c_head.wrong_key_answer = answer
    client = client_for(brp072c_head, session, key="9999999999999")
    with pytest.raises(DaikinInvalidKeyError, match="refused the key"):
        await client.get_basic_info()
    assert brp072c_head.paths() == ["/common/basic_info", "/common/register_terminal"]


async def test_brp072c_still_403_after_registration(
    brp072c_head: FakeHead, session: aiohttp.ClientSession
) -> None:
    brp072c_head.status_everywhere = 403
    client = client_for(brp072c_head, session, key=BRP072C_KEY)
    with pytest.raises(DaikinInvalidKeyError, match="refused the key"):
        await client.get_basic_info()
    assert client.requests_sent == 2  # the request, then the registration: no loop


async def test_403_without_a_key(head: FakeHead, session: aiohttp.ClientSession) -> None:
    head.status_everywhere = 403
    client = client_for(head, session)
    with pytest.raises(DaikinInvalidKeyError, match="13-digit key"):
        await client.get_basic_info()
    assert client.requests_sent == 1
    with pytest.raises(DaikinInvalidKeyError, match="13-digit key"):
        await client.register()
    assert client.requests_sent == 1


async def test_register_explicitly(brp072c_head: FakeHead, session: aiohttp.ClientSession) -> None:
    client = client_for(brp072c_head, session, key=BRP072C_KEY)
    await client.register()
    assert brp072c_head.registered == {client.uuid}
    await client.get_basic_info()
    assert brp072c_head.paths() == ["/common/register_terminal", "/common/basic_info"]
