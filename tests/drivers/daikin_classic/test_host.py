"""The host parser, and that every request the client makes goes to exactly the validated host."""

from __future__ import annotations

import ipaddress
import os
import string
from collections.abc import AsyncGenerator

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

from custom_components.minisplit.drivers.daikin_classic import DaikinClient, DaikinConnectionError
from custom_components.minisplit.drivers.host import (
    HostPort,
    InvalidHost,
    host_from_address,
    parse_host,
)

from .fake_head import BRP072C_KEY, FakeHead

# `scripts/test --long` (MINISPLIT_LONG_PROPERTIES=1) runs 50,000 examples per property, not 500.
_LONG = os.environ.get("MINISPLIT_LONG_PROPERTIES") == "1"
_EXAMPLES = int(os.environ.get("MINISPLIT_PROPERTY_EXAMPLES") or (50_000 if _LONG else 500))
_PROPERTY = settings(
    max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# The long form runs for minutes: no per-test timeout then.
_PROPERTY_TIMEOUT = pytest.mark.timeout(0 if _LONG else 60)

_DEFAULT_PORT = {"http": 80, "https": 443}

# Reported as crashes or as requests to another host before the parser existed, and relatives.
HOSTILE = [
    "fe80::1%25",  # the URL way of writing `%` with no zone after it
    "fe80::1%2525",  # interface 25: its stored form would read as an empty zone
    "127.0.0.1:²",
    "fe80::1%a?b",
    "fe80::1%x]@127.0.0.1:9150#",
    "[fe80::1%x]@127.0.0.1:9150]",
    "[fe80::1]@127.0.0.1:9150",
    "user@127.0.0.1",
    "user:pass@127.0.0.1:9150",
    "127.0.0.1:9150#@192.0.2.1",
    "192.0.2.1#@127.0.0.1",
    "127.0.0.1/path",
    "127.0.0.1?x=1",
    "127.0.0.1\\@192.0.2.1",
    "http://127.0.0.1",
    "http:127.0.0.1",
    "//127.0.0.1",
    "127.0.0.1:+80",
    "127.0.0.1: 80",
    "127.0.0.1:0",
    "127.0.0.1:65536",
    "127.0.0.1:080x",
    "127.0.0.1:",
    "127.0.0.1:8080:80",
    "127.0.0.1 192.0.2.1",
    "127.0.0.1\r\nHost: evil",
    "127.0.0.1%0d%0a",
    "127.0.0.1%eth0",
    "[127.0.0.1]",
    "[127.0.0.1]:80",
    "[fe80::1",
    "[fe80::1]8080",
    "[fe80::1]:",
    "[fe80::1]:0x50",
    "fe80::1%",
    "fe80::1%eth0/x",
    "fe80::1% eth0",
    "fe80::1%" + "e" * 65,
    "fe80::1::2",
    "gggg::1",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.2.3.4",
    "0x7f000001",
    "0x7f.0.0.1",
    "2130706433",
    "1.2.3.4.",
    "daikin.0x1",
    "-daikin.lan",
    "daikin-.lan",
    "under_score.lan",
    "daikin..lan",
    "daikin.lan..",
    ".daikin.lan",
    "a" * 64 + ".lan",
    ("a" * 63 + ".") * 4 + "lan",
    "xn--zz.lan",
    "dáikin.lan",
    "\uff44\uff41\uff49\uff4b\uff49\uff4e.lan"  # full-width letters,
    "daikin.lan:\uff18\uff10"  # full-width digits,
    "",
    "   ",
]

VALID = [
    ("192.168.1.40", HostPort("192.168.1.40")),
    (" 192.168.1.4:8080 ", HostPort("192.168.1.4", 8080)),
    ("127.0.0.1:1", HostPort("127.0.0.1", 1)),
    ("127.0.0.1:65535", HostPort("127.0.0.1", 65535)),
    ("127.0.0.1:08080", HostPort("127.0.0.1", 8080)),
    ("Daikin-Living.local", HostPort("daikin-living.local")),
    ("daikin.lan.", HostPort("daikin.lan")),
    ("daikin.lan.:80", HostPort("daikin.lan", 80)),
    ("daikin", HostPort("daikin")),
    ("1daikin.lan", HostPort("1daikin.lan")),
    ("daikin.1lan", HostPort("daikin.1lan")),
    ("xn--bcher-kva.lan", HostPort("xn--bcher-kva.lan")),
    (("a" * 63 + ".") * 3 + "a" * 61, HostPort(("a" * 63 + ".") * 3 + "a" * 61)),
    ("fe80::1", HostPort("fe80::1")),
    ("FE80::0001", HostPort("fe80::1")),
    ("fe80::1:8080", HostPort("fe80::1:8080")),
    ("[fe80::1]", HostPort("fe80::1")),
    ("[fe80::1]:8080", HostPort("fe80::1", 8080)),
    ("fe80::1%eth0", HostPort("fe80::1%eth0")),
    ("[fe80::1%wlan-0.1_a]:80", HostPort("fe80::1%wlan-0.1_a", 80)),
    ("fe80::1%25eth0", HostPort("fe80::1%eth0")),  # the URL way of writing the separator
    ("::ffff:192.0.2.1", HostPort("::ffff:192.0.2.1")),
    ("::1", HostPort("::1")),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_valid_hosts(text: str, expected: HostPort) -> None:
    assert parse_host(text) == expected
    assert parse_host(str(expected)) == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_invalid_hosts(text: str) -> None:
    with pytest.raises(InvalidHost):
        parse_host(text)


@pytest.mark.parametrize(
    ("address", "stored", "authority"),
    [
        (HostPort("192.0.2.1"), "192.0.2.1", "192.0.2.1"),
        (HostPort("192.0.2.1", 8080), "192.0.2.1:8080", "192.0.2.1:8080"),
        (HostPort("daikin.lan", 8080), "daikin.lan:8080", "daikin.lan:8080"),
        (HostPort("fe80::1"), "fe80::1", "[fe80::1]"),
        (HostPort("fe80::1", 8080), "[fe80::1]:8080", "[fe80::1]:8080"),
        (HostPort("fe80::1%eth0", 8080), "[fe80::1%eth0]:8080", "[fe80::1%eth0]:8080"),
    ],
)
def test_stored_form_and_url(address: HostPort, stored: str, authority: str) -> None:
    assert str(address) == stored
    assert address.url_authority == authority
    assert str(address.base_url("https")) == f"https://{authority}"


@pytest.mark.parametrize(
    ("address", "port", "expected"),
    [
        (ipaddress.ip_address("192.0.2.1"), None, HostPort("192.0.2.1")),
        (ipaddress.ip_address("192.0.2.1"), 8080, HostPort("192.0.2.1", 8080)),
        (ipaddress.ip_address("2001:db8::10"), 8080, HostPort("2001:db8::10", 8080)),
        (ipaddress.ip_address("fe80::1%eth0"), None, HostPort("fe80::1%eth0")),
    ],
)
def test_host_from_address(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int | None, expected: HostPort
) -> None:
    assert host_from_address(address, port) == expected
    # The stored form reads back as the same address: `[v6]:port`, never `v6:port`.
    assert parse_host(str(expected)) == expected


@pytest.mark.parametrize(
    ("address", "port"),
    [
        (ipaddress.ip_address("fe80::1%x]@127.0.0.1"), None),
        (ipaddress.ip_address("192.0.2.1"), 0),
        (ipaddress.ip_address("192.0.2.1"), 65536),
    ],
)
def test_host_from_address_rejects(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int | None
) -> None:
    with pytest.raises(InvalidHost):
        host_from_address(address, port)


# -- what the client would request ---------------------------------------------------------------


@pytest.fixture
async def refusing_session() -> AsyncGenerator[tuple[aiohttp.ClientSession, list[URL]]]:
    """A session that records each request it is asked to make and sends none of them."""
    requested: list[URL] = []

    async def refuse(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        requested.append(request.url)
        raise aiohttp.ClientConnectionError("test session: nothing is sent")

    async with aiohttp.ClientSession(middlewares=(refuse,)) as session:
        yield session, requested


def _assert_targets(urls: list[URL], address: HostPort) -> None:
    """Every URL goes to the validated host and port, with nothing else in its authority."""
    assert urls
    for url in urls:
        assert url.raw_host == address.host, url
        assert url.port == (address.port or _DEFAULT_PORT[url.scheme])
        assert url.explicit_port in (address.port, None)
        assert url.user is None
        assert url.password is None
        assert url.fragment == ""
        assert url.path == "/common/basic_info"
        assert url.query_string == ""


@pytest.mark.parametrize("key", [None, BRP072C_KEY])
async def test_client_requests_only_the_validated_host(
    refusing_session: tuple[aiohttp.ClientSession, list[URL]], key: str | None
) -> None:
    session, requested = refusing_session
    for text in HOSTILE + [text for text, _ in VALID]:
        requested.clear()
        try:
            address = parse_host(text)
        except InvalidHost:
            with pytest.raises(InvalidHost):
                DaikinClient(text, session, key=key)
            continue
        client = DaikinClient(text, session, key=key)
        assert client.host == str(address), text
        with pytest.raises(DaikinConnectionError):
            await client.get_basic_info()
        # Without a key the client also probes HTTPS (is it a BRP072C?): the same host again.
        schemes = ["http", "https"] if key is None else ["https"]
        assert [url.scheme for url in requested] == schemes, text
        _assert_targets(requested, address)


async def test_client_reaches_the_head_at_the_validated_host(
    head: FakeHead, session: aiohttp.ClientSession
) -> None:
    client = DaikinClient(f" {head.host.upper()}\n", session)
    assert client.host == head.host
    assert (await client.get_basic_info()).name == "Living"


# -- properties ----------------------------------------------------------------------------------

# Text that looks like an address often: the characters of hosts, ports, zones and URL parts.
_HOSTISH = st.text(alphabet=string.ascii_letters[:8] + "0189:.[]%@/?#-_ xX\\²", max_size=40)


@_PROPERTY_TIMEOUT
@_PROPERTY
@given(st.one_of(st.text(max_size=60), _HOSTISH))
def test_any_text_is_rejected_or_targets_exactly_its_host(text: str) -> None:
    try:
        address = parse_host(text)
    except InvalidHost:
        return
    for scheme in ("http", "https"):
        url = address.base_url(scheme)
        assert url.raw_host == address.host
        assert url.explicit_port in (address.port, None)
        assert url.port == (address.port or _DEFAULT_PORT[scheme])
        assert (url.user, url.password) == (None, None)
        assert url.raw_path in ("", "/")
        assert (url.raw_query_string, url.raw_fragment) == ("", "")
        # The URL parsed back from text (what aiohttp sends) still names the same host and port.
        reparsed = URL(str(url))
        assert (reparsed.raw_host, reparsed.port) == (url.raw_host, url.port)
    assert parse_host(str(address)) == address


_ALNUM = string.ascii_letters + string.digits
_LABEL = st.one_of(
    st.sampled_from(_ALNUM),
    st.builds(
        "{}{}{}".format,
        st.sampled_from(_ALNUM),
        st.text(alphabet=_ALNUM + "-", max_size=61),
        st.sampled_from(_ALNUM),
    ),
)
_NAME = (
    st.lists(_LABEL, min_size=1, max_size=4)
    .map(".".join)
    .filter(
        lambda name: len(name) <= 253
        and not name.rsplit(".", 1)[-1].isdigit()
        and not name.rsplit(".", 1)[-1].lower().startswith(("0x", "xn--"))
        and not any(label.lower().startswith("xn--") for label in name.split("."))
    )
)
_PORT = st.one_of(st.none(), st.integers(min_value=1, max_value=65535))
# A zone starting with 25 is refused by design (`%25` is the URL way of writing `%`; see
# the invalid hosts above), so the valid ones drawn here never start so.
_ZONE = st.text(alphabet=_ALNUM + "._-", min_size=1, max_size=64).filter(
    lambda zone: not zone.startswith("25")
)


@st.composite
def _valid_host(draw: st.DrawFn) -> tuple[str, HostPort]:
    """Draw a valid address as someone might type it, and what it must parse to."""
    port = draw(_PORT)
    kind = draw(st.sampled_from(["name", "ipv4", "ipv6"]))
    suffix = "" if port is None else f":{port}"
    if kind == "name":
        name = draw(_NAME)
        dot = draw(st.sampled_from(["", "."]))
        text, expected = f"{name}{dot}{suffix}", HostPort(name.lower(), port)
    elif kind == "ipv4":
        address = draw(st.ip_addresses(v=4))
        text, expected = f"{address}{suffix}", HostPort(str(address), port)
    else:
        address = draw(st.ip_addresses(v=6))
        zone = draw(st.one_of(st.none(), _ZONE))
        host = address.compressed + ("" if zone is None else f"%{zone}")
        typed = address.exploded.upper() if draw(st.booleans()) else address.compressed
        typed += "" if zone is None else f"%{zone}"
        brackets = port is not None or draw(st.booleans())
        text = f"[{typed}]{suffix}" if brackets else typed
        expected = HostPort(host, port)
    padding = draw(st.sampled_from(["", " ", "\t", " \n"]))
    return f"{padding}{text}{padding}", expected


@_PROPERTY_TIMEOUT
@_PROPERTY
@given(_valid_host())
def test_valid_hosts_round_trip(drawn: tuple[str, HostPort]) -> None:
    text, expected = drawn
    address = parse_host(text)
    assert address == expected
    assert parse_host(str(address)) == address
    url = address.base_url("http")
    assert (url.raw_host, url.port) == (expected.host, expected.port or 80)
