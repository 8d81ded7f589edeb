"""The address of a head: one strict parser, so every request goes to the host the user typed.

Accepted, with surrounding whitespace stripped:

- a DNS host name: RFC 1123 labels of 1-63 ASCII letters, digits and hyphens, not starting or
  ending with a hyphen, at most 253 characters, one trailing dot dropped, lower-cased. A name
  whose last label is numeric (decimal, or hexadecimal `0x...`) is rejected: resolvers read such
  names as IPv4 shorthand (`1.2.3` is 1.2.0.3, `0x7f000001` is 127.0.0.1), so the request would
  not go to the address the text seems to name; no top-level domain is numeric;
- an IPv4 address in dotted-quad form (`ipaddress`: no leading zeros, no shorthand);
- an IPv6 address, bare (`fe80::1`) or in brackets (`[fe80::1]`); a port needs the brackets
  (`fe80::1:8080` is the address fe80::1:8080). A zone id (`fe80::1%eth0`) is allowed when it
  is 1-64 ASCII letters, digits, dots, underscores and hyphens; `%25` is read as the separator
  written the URL way (RFC 6874: `fe80::1%25eth0` is zone eth0), so zones starting with 25
  (interface 25, 250-259...) cannot be given: use the interface name;
- any of these with `:port` (IPv6 in brackets), the port 1-65535 in ASCII digits.

Everything else raises InvalidHost: a scheme (`http://`), user info (`@`), a path, query or
fragment, `%` outside a valid zone id, inner whitespace, non-ASCII text, an empty value.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Final

from yarl import URL

from ..heads.errors import InvalidHost

__all__ = ["HostPort", "InvalidHost", "host_from_address", "parse_host"]

_LABEL: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# A label a resolver reads as a number (inet_aton: decimal, octal with 0, hexadecimal with 0x).
_NUMERIC_LABEL: Final = re.compile(r"[0-9]+|0[xX][0-9A-Fa-f]*")
_IPV4: Final = re.compile(r"[0-9.]+")
_IPV6: Final = re.compile(r"[0-9A-Fa-f:.]+")
_ZONE: Final = re.compile(r"[A-Za-z0-9._-]{1,64}")
_PORT: Final = re.compile(r"[0-9]{1,5}")
_MAX_NAME: Final = 253
# Characters that would start another part of a URL than its host and port.
_URL_PARTS: Final = frozenset("/?#@\\")


@dataclass(frozen=True, slots=True)
class HostPort:
    """A validated host (name, IPv4, or IPv6 without brackets) and an optional port."""

    host: str
    port: int | None = None

    @property
    def is_ipv6(self) -> bool:
        """Return whether the host is an IPv6 address."""
        return ":" in self.host

    @property
    def url_authority(self) -> str:
        """Return the authority as it stands in a URL: IPv6 in brackets, then any port."""
        return self.base_url("http").raw_authority

    def base_url(self, scheme: str) -> URL:
        """Return `scheme://authority` built from the validated parts, never from raw text."""
        return URL.build(scheme=scheme, host=self.host, port=self.port)

    def __str__(self) -> str:
        """Return the form stored in a config entry and shown to the user."""
        if self.port is None:
            return self.host
        if self.is_ipv6:
            return f"[{self.host}]:{self.port}"
        return f"{self.host}:{self.port}"


def parse_host(text: str) -> HostPort:
    """Parse `host`, `host:port`, `[ipv6]` or `[ipv6]:port`; raise InvalidHost otherwise."""
    value = text.strip()
    if not value:
        raise InvalidHost("the address is empty")
    if not value.isascii() or not value.isprintable() or any(char.isspace() for char in value):
        raise InvalidHost(f"{value!r} contains spaces or characters a host name cannot have")
    if forbidden := _URL_PARTS.intersection(value):
        raise InvalidHost(
            f"{value!r} has {''.join(sorted(forbidden))!r}: enter only the address and port, "
            "without http://, user name, path, query or fragment"
        )
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            raise InvalidHost(f"{value!r} opens a bracket it does not close")
        host, rest = _ipv6(value[1:end]), value[end + 1 :]
        if not rest:
            return _checked(HostPort(host))
        if not rest.startswith(":"):
            raise InvalidHost(f"{value!r} has {rest!r} after the IPv6 address instead of :port")
        return _checked(HostPort(host, _port(rest[1:])))
    if value.count(":") > 1:
        return _checked(HostPort(_ipv6(value)))
    name, colon, port_text = value.partition(":")
    return _checked(HostPort(_ipv4_or_name(name), _port(port_text) if colon else None))


def host_from_address(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int | None = None
) -> HostPort:
    """Return the HostPort of an IP address object (as zeroconf reports it) and a port."""
    if port is not None and not 0 < port < 65536:
        raise InvalidHost(f"port {port} is not in 1-65535")
    if address.version == 6:
        return _checked(HostPort(_ipv6(str(address)), port))
    return _checked(HostPort(str(address), port))


def _ipv6(text: str) -> str:
    """Return an IPv6 address (with a safe zone id) in compressed form."""
    address, percent, zone = text.partition("%")
    # In a URL the zone separator is written `%25` (RFC 6874), and yarl 1.23+ reads it so: take
    # `fe80::1%25eth0` as zone eth0 everywhere, so the address means one thing on every version.
    # A zone that still starts with 25 would read differently once stored: refused.
    zone = zone.removeprefix("25")
    if percent and (not _ZONE.fullmatch(zone) or zone.startswith("25")):
        raise InvalidHost(
            f"{text!r}: a zone id may only have letters, digits, dots, underscores and hyphens"
        )
    if not _IPV6.fullmatch(address):
        raise InvalidHost(f"{text!r} is not an IPv6 address")
    try:
        parsed = ipaddress.IPv6Address(address)
    except ValueError as err:
        raise InvalidHost(f"{text!r} is not an IPv6 address") from err
    return parsed.compressed + (f"%{zone}" if percent else "")


def _ipv4_or_name(text: str) -> str:
    """Return a dotted-quad IPv4 address or a lower-cased DNS host name."""
    if _IPV4.fullmatch(text):
        try:
            return str(ipaddress.IPv4Address(text))
        except ValueError as err:
            raise InvalidHost(f"{text!r} is not an IPv4 address") from err
    name = text.removesuffix(".")
    labels = name.split(".")
    if len(name) > _MAX_NAME or not all(_LABEL.fullmatch(label) for label in labels):
        raise InvalidHost(
            f"{text!r} is not a host name: labels of 1-63 letters, digits and hyphens, "
            "separated by dots"
        )
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        raise InvalidHost(f"{text!r} is neither an IPv4 address nor a host name")
    return name.lower()


def _port(text: str) -> int:
    """Return a port given in ASCII digits, 1-65535."""
    if not _PORT.fullmatch(text) or not 0 < int(text) < 65536:
        raise InvalidHost(f"{text!r} is not a port (1-65535)")
    return int(text)


def _checked(address: HostPort) -> HostPort:
    """Return the address if a URL built from it names exactly that host and port."""
    try:
        url = address.base_url("http")
        url.host  # noqa: B018 - decodes `xn--` labels, which must be valid punycode
    except ValueError as err:
        raise InvalidHost(f"{address} cannot stand in a URL: {err}") from err
    if url.raw_host != address.host or url.port != (address.port or 80):
        raise InvalidHost(f"{address} does not survive being put in a URL")  # pragma: no cover
    return address
