"""Config flow: every step and error, with recovery, against the emulated head over real HTTP."""

from __future__ import annotations

from ipaddress import ip_address

import pytest
from homeassistant.config_entries import SOURCE_USER, SOURCE_ZEROCONF
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.config_flow import normalize_host
from custom_components.minisplit.const import CONF_KEY, CONF_UUID, DOMAIN
from emulators.daikin import DaikinEmulator, EmulatorModel

from ..conftest import BRP072C_KEY, EMULATED_MAC


def zeroconf_info(emulator: DaikinEmulator) -> ZeroconfServiceInfo:
    """What zeroconf reports for the emulated head."""
    return ZeroconfServiceInfo(
        ip_address=ip_address("127.0.0.1"),
        ip_addresses=[ip_address("127.0.0.1")],
        hostname="daikin.local.",
        name="daikin._dkapi._tcp.local.",
        port=emulator.port,
        type="_dkapi._tcp.local.",
        properties={},
    )


async def test_user_flow_creates_entry(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living"
    assert result["data"] == {CONF_HOST: emulator.host}
    assert result["result"].unique_id == EMULATED_MAC


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("drop_all", "cannot_connect"),
        ("malformed", "cannot_connect"),
    ],
)
async def test_user_flow_recovers_after_error(
    hass: HomeAssistant, emulator: DaikinEmulator, fault: str, error: str
) -> None:
    setattr(emulator.faults, fault, True)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    setattr(emulator.faults, fault, False)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_nothing_listening(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    host = emulator.host
    await emulator.stop()
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_HOST: host})
    assert result["errors"] == {"base": "cannot_connect"}


@pytest.mark.parametrize("emulator_model", [EmulatorModel.UNSUPPORTED_404])
async def test_user_flow_unsupported_adapter(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "unsupported_device"}


@pytest.mark.parametrize("bad_host", ["http://192.168.1.4", "a b", "host:99999", "-x.lan", "1.2.3"])
async def test_user_flow_invalid_host(
    hass: HomeAssistant, emulator: DaikinEmulator, bad_host: str
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: bad_host}
    )
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert emulator.requests == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("192.168.1.4", "192.168.1.4"),
        (" 192.168.1.4:8080 ", "192.168.1.4:8080"),
        ("Daikin-Living.local", "daikin-living.local"),
        ("daikin.lan.", "daikin.lan"),
        ("fe80::1", "fe80::1"),
        ("[fe80::1]:8080", "[fe80::1]:8080"),
        ("[fe80::1]", "fe80::1"),
        ("[fe80::1", None),
        ("[fe80::1]8080", None),
        ("host:0", None),
        ("", None),
        ("under_score.lan", None),
    ],
)
def test_normalize_host(value: str, expected: str | None) -> None:
    assert normalize_host(value) == expected


async def test_user_flow_duplicate_aborts(
    hass: HomeAssistant, emulator: DaikinEmulator, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_user_flow_brp072c_needs_key(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    # Without the key, the adapter answers 403 to everything.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["errors"] == {"base": "invalid_key"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host, CONF_KEY: "12345"}
    )
    assert result["errors"] == {CONF_KEY: "invalid_key_format"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host, CONF_KEY: "9999999999999"}
    )
    assert result["errors"] == {"base": "invalid_key"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host, CONF_KEY: BRP072C_KEY}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = result["data"]
    assert data[CONF_KEY] == BRP072C_KEY
    # The registered terminal id is kept, so the adapter knows us after a restart.
    assert data[CONF_UUID] in emulator.registered_uuids


async def test_zeroconf_discovers_new_head(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(emulator)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {"name": "Living", "host": emulator.host}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_HOST: emulator.host}
    assert result["result"].unique_id == EMULATED_MAC


async def test_zeroconf_updates_host_of_known_head(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=EMULATED_MAC, data={CONF_HOST: "192.0.2.10"}, title="Living"
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(emulator)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == emulator.host


async def test_zeroconf_unreachable_aborts(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    emulator.faults.drop_all = True
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(emulator)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_zeroconf_brp072c_asks_for_key(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(emulator)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host, CONF_KEY: BRP072C_KEY}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_reconfigure(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=EMULATED_MAC, data={CONF_HOST: "192.0.2.10"}, title="Living"
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "not a host"}
    )
    assert result["errors"] == {CONF_HOST: "invalid_host"}

    emulator.faults.drop_all = True
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["errors"] == {"base": "cannot_connect"}

    emulator.faults.drop_all = False
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {CONF_HOST: emulator.host}
    await hass.async_block_till_done()


async def test_reconfigure_to_another_head_aborts(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id="00:11:22:33:44:55", data={CONF_HOST: "192.0.2.10"}
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"
    assert entry.data == {CONF_HOST: "192.0.2.10"}


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_reauth_takes_a_new_key(
    hass: HomeAssistant, emulator: DaikinEmulator, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_KEY: "1111111111111"}
    )
    assert result["errors"] == {"base": "invalid_key"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_KEY: BRP072C_KEY}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.data[CONF_KEY] == BRP072C_KEY
    assert mock_config_entry.data[CONF_UUID] in emulator.registered_uuids
