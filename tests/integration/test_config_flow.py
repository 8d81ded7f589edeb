"""Config flow: every step and error, with recovery, against the emulated head over real HTTP."""

from __future__ import annotations

import math
from collections.abc import AsyncGenerator
from ipaddress import IPv4Address, IPv6Address, ip_address

import pytest
import pytest_socket
from homeassistant.config_entries import (
    SOURCE_USER,
    SOURCE_ZEROCONF,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM, UnitSystem
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.const import (
    CONF_CLIMATE_ENTITY,
    CONF_KEY,
    CONF_OUTDOOR_ENTITY,
    CONF_PROTOCOL,
    CONF_UUID,
    DOMAIN,
)
from custom_components.minisplit.costcore.form_units import GAS_PRICE, GAS_PRICE_UNIT
from custom_components.minisplit.costcore.options import PRICE_ENTITY, PRICE_PER_KWH
from custom_components.minisplit.forms import DESIGN_OUTDOOR
from custom_components.minisplit.repairs import no_price_issue_id
from emulators.daikin import DaikinEmulator, EmulatorModel
from tests.integration.common import skip_price_step, start_local_head_flow

from ..conftest import BRP072C_KEY, EMULATED_MAC

LOOPBACK = ip_address("127.0.0.1")
CLASSIC = "daikin_classic"  # the protocol name the classic driver stores


def zeroconf_info(
    emulator: DaikinEmulator, address: IPv4Address | IPv6Address = LOOPBACK
) -> ZeroconfServiceInfo:
    """What zeroconf reports for the emulated head."""
    return ZeroconfServiceInfo(
        ip_address=address,
        ip_addresses=[address],
        hostname="daikin.local.",
        name="daikin._dkapi._tcp.local.",
        port=emulator.port,
        type="_dkapi._tcp.local.",
        properties={},
    )


@pytest.fixture
async def emulator_v6(hass: HomeAssistant, socket_enabled: None) -> AsyncGenerator[DaikinEmulator]:
    """An emulated head on the IPv6 loopback address ::1 (the only other address allowed)."""
    pytest_socket.socket_allow_hosts(["127.0.0.1", "::1"])
    emu = DaikinEmulator(model=EmulatorModel.CLASSIC, tz=str(hass.config.time_zone))
    await emu.start(host="::1", port=0)
    yield emu
    await emu.stop()


async def test_user_flow_creates_entry(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    result = await start_local_head_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "local_head"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living"
    assert result["data"] == {CONF_HOST: emulator.host, CONF_PROTOCOL: CLASSIC}
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
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    setattr(emulator.faults, fault, False)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_nothing_listening(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    host = emulator.host
    await emulator.stop()
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_HOST: host})
    assert result["errors"] == {"base": "cannot_connect"}


@pytest.mark.parametrize("emulator_model", [EmulatorModel.UNSUPPORTED_404])
async def test_user_flow_adapter_without_local_api(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    # A BRP069C4x/C8x on firmware 2.0-2.6: 404 to the classic API and to /dsiot.
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "no_local_api"}


@pytest.mark.parametrize(
    "bad_host",
    [
        "http://192.168.1.4",
        "a b",
        "host:99999",
        "-x.lan",
        "1.2.3",
        # These crashed the flow ("Unknown error") before the host had one parser.
        "127.0.0.1:²",
        "fe80::1%a?b",
        "host:+80",
        "host:0",
        "user@127.0.0.1",
        "0x7f000001",
        "",
    ],
)
async def test_user_flow_invalid_host(
    hass: HomeAssistant, emulator: DaikinEmulator, bad_host: str
) -> None:
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: bad_host}
    )
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert emulator.requests == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    "template",
    [
        # Accepted before: IPv6 with a "zone id" that closes the bracket and adds user info, so
        # requests went to {host} instead (and the entry was created from its answer).
        "fe80::1%x]@{host}#",
        "[fe80::1]@{host}",
        "user@{host}",
        "{host}/x",
        "{host}#@192.0.2.1",
    ],
)
async def test_user_flow_rejects_text_that_names_another_host(
    hass: HomeAssistant, emulator: DaikinEmulator, template: str
) -> None:
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: template.format(host=emulator.host)}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert emulator.requests == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_HOST: emulator.host, CONF_PROTOCOL: CLASSIC}


async def test_user_flow_stores_the_cleaned_up_host(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: f"  {emulator.host}\t"}
    )
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_HOST: emulator.host, CONF_PROTOCOL: CLASSIC}


async def test_user_flow_ipv6_with_port(hass: HomeAssistant, emulator_v6: DaikinEmulator) -> None:
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: f"[::1]:{emulator_v6.port}"}
    )
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_HOST: f"[::1]:{emulator_v6.port}", CONF_PROTOCOL: CLASSIC}
    assert emulator_v6.requests
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), result["result"].entry_id)
    device = next((dev for dev in devices if (DOMAIN, EMULATED_MAC) in dev.identifiers), None)
    assert device is not None
    assert device.configuration_url == f"http://[::1]:{emulator_v6.port}"


async def test_user_flow_duplicate_aborts(
    hass: HomeAssistant, emulator: DaikinEmulator, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_user_flow_brp072c_needs_key(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    result = await start_local_head_flow(hass)
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
    result = await skip_price_step(hass, result)
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
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_HOST: emulator.host, CONF_PROTOCOL: CLASSIC}
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


async def test_zeroconf_ipv6_with_port(hass: HomeAssistant, emulator_v6: DaikinEmulator) -> None:
    # An IPv6 address and a port used to be joined as `::1:port`: another IPv6 address.
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=zeroconf_info(emulator_v6, ip_address("::1")),
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {
        "name": "Living",
        "host": f"[::1]:{emulator_v6.port}",
    }
    assert emulator_v6.requests

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_HOST: f"[::1]:{emulator_v6.port}", CONF_PROTOCOL: CLASSIC}
    assert result["result"].unique_id == EMULATED_MAC


async def test_zeroconf_updates_known_head_to_ipv6_with_port(
    hass: HomeAssistant, emulator_v6: DaikinEmulator
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=EMULATED_MAC, data={CONF_HOST: "192.0.2.10"}, title="Living"
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=zeroconf_info(emulator_v6, ip_address("::1")),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == f"[::1]:{emulator_v6.port}"


async def test_zeroconf_ignores_link_local_ipv6_without_zone(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    # Like core integrations: fe80::/10 without its interface cannot be reached.
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=zeroconf_info(emulator, ip_address("fe80::1")),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "link_local_address"


async def test_zeroconf_rejects_an_unsafe_zone_id(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    address = ip_address(f"fe80::1%x]@{emulator.host}#")
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(emulator, address)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "invalid_host"
    assert emulator.requests == []


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
    assert result["step_id"] == "local_head"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host, CONF_KEY: BRP072C_KEY}
    )
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_reconfigure(hass: HomeAssistant, emulator: DaikinEmulator) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=EMULATED_MAC, data={CONF_HOST: "192.0.2.10"}, title="Living"
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    for bad_host in ("not a host", "127.0.0.1:²", f"fe80::1%x]@{emulator.host}#"):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: bad_host}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert emulator.requests == []

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
    assert entry.data == {CONF_HOST: emulator.host, CONF_PROTOCOL: CLASSIC}
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


async def test_reconfiguring_a_loaded_head_sets_it_up_again(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = init_integration.runtime_data
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: f" {emulator.host} "}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data is not before  # set up again, though nothing changed
    # Once more with the very same data (no update reaches the listener): set up again too.
    before = init_integration.runtime_data
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data is not before
    # Home Assistant 2026.12 refuses flow helpers that reload an entry with an update listener.
    assert "update listener" not in caplog.text


@pytest.mark.parametrize("emulator_model", [EmulatorModel.BRP072C])
async def test_a_new_key_sets_a_loaded_head_up_again_from_its_update_listener(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    old_uuid = init_integration.data[CONF_UUID]
    result = await init_integration.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_KEY: BRP072C_KEY}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    new_uuid = init_integration.data[CONF_UUID]
    assert new_uuid != old_uuid
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data.driver.client_id == new_uuid
    assert init_integration.runtime_data.setup_data[CONF_UUID] == new_uuid
    assert "update listener" not in caplog.text


async def head_at_price_step(hass: HomeAssistant, emulator: DaikinEmulator) -> ConfigFlowResult:
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "price"
    assert result["errors"] == {}
    return result


async def test_price_step_sets_the_prices_after_errors(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    hass.config.currency = "EUR"
    hass.config.country = "NL"
    result = await head_at_price_step(hass, emulator)
    assert result["description_placeholders"] == {"title": "Living", "currency": "EUR"}
    # A metric install in a country billed per m3 is asked gas per m3 (per kWh offered too).
    unit = result["data_schema"].schema[GAS_PRICE_UNIT]
    assert unit.config["options"] == ["kwh", "m3"]
    for sent, error in (
        ({PRICE_PER_KWH.key: 0.3, PRICE_ENTITY.key: "sensor.tariff"}, {"base": "price_twice"}),
        ({PRICE_PER_KWH.key: math.nan}, {PRICE_PER_KWH.key: "not_finite"}),
        ({GAS_PRICE: math.nan}, {GAS_PRICE: "not_finite"}),
    ):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], sent)
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == error
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {PRICE_PER_KWH.key: 0.3, GAS_PRICE: 1.26, GAS_PRICE_UNIT: "m3"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living"
    # Gas is stored per kWh (10.5 kWh per m3), with the unit it was given in.
    assert result["options"] == {
        PRICE_PER_KWH.key: 0.3,
        "gas_price_per_kwh": pytest.approx(0.12),
        GAS_PRICE_UNIT: "m3",
    }
    await hass.async_block_till_done()
    entry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, no_price_issue_id(entry.entry_id)) is None


async def test_skipping_the_price_step_leaves_the_repair_to_ask(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    result = await head_at_price_step(hass, emulator)
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {}
    await hass.async_block_till_done()
    issue = ir.async_get(hass).async_get_issue(DOMAIN, no_price_issue_id(result["result"].entry_id))
    assert issue is not None
    assert issue.is_fixable


@pytest.mark.parametrize(
    ("units", "country", "default", "offered"),
    [
        (METRIC_SYSTEM, "DE", "kwh", ["kwh", "m3"]),
        (METRIC_SYSTEM, "CA", "m3", ["kwh", "m3"]),
        (US_CUSTOMARY_SYSTEM, "US", "therm", ["therm", "kwh"]),
    ],
)
async def test_gas_is_priced_in_the_units_of_the_users_system(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    units: UnitSystem,
    country: str,
    default: str,
    offered: list[str],
) -> None:
    hass.config.units = units
    hass.config.country = country
    result = await head_at_price_step(hass, emulator)
    schema = result["data_schema"].schema
    assert schema[GAS_PRICE_UNIT].config["options"] == offered
    shown = next(key for key in schema if key == GAS_PRICE_UNIT)
    assert shown.description == {"suggested_value": default}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {GAS_PRICE: 1.5})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    stored = "gas_price_per_therm" if default == "therm" else "gas_price_per_kwh"
    assert stored in result["options"]


async def test_a_set_up_left_open_does_not_block_the_next_one(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    # A user who closed the tab mid-way cannot see or close that flow: a new one goes on, and
    # the first to finish makes the entry while the one left open is aborted.
    left_open = await head_at_price_step(hass, emulator)
    result = await head_at_price_step(hass, emulator)
    result = await skip_price_step(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert not any(
        flow["flow_id"] == left_open["flow_id"]
        for flow in hass.config_entries.flow.async_progress()
    )
    # Another flow for the same head is told it is already set up.
    result = await start_local_head_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: emulator.host}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_the_companion_picker_leaves_out_our_own_heads(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    assert hass.states.get("climate.living") is not None
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "existing_climate"}
    )
    picker = result["data_schema"].schema[CONF_CLIMATE_ENTITY]
    assert picker.config["exclude_entities"] == ["climate.living"]
    with pytest.raises(InvalidData, match="climate_entity"):
        await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {
                CONF_CLIMATE_ENTITY: "climate.living",
                CONF_OUTDOOR_ENTITY: "climate.living",
                DESIGN_OUTDOOR: -10,
            },
        )


async def test_a_design_temperature_that_is_no_number_is_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.states.async_set("climate.den", "heat")
    hass.states.async_set("sensor.outside", "3", {"device_class": "temperature"})
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "existing_climate"}
    )
    fields = {CONF_CLIMATE_ENTITY: "climate.den", CONF_OUTDOOR_ENTITY: "sensor.outside"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], fields | {DESIGN_OUTDOOR: math.nan}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {DESIGN_OUTDOOR: "not_finite"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], fields | {DESIGN_OUTDOOR: -12}
    )
    assert result["step_id"] == "companion_unit"
