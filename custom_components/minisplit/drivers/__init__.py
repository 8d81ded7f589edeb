"""Drivers, one package per head protocol; this module is the one place that picks a driver.

The Home Assistant layer creates drivers and checks addresses through the functions here and
otherwise sees only the contract in `heads`.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

from aiohttp import ClientSession

from ..heads import HeadDriver
from .daikin_classic import host as _host
from .daikin_classic.client import DaikinClient
from .daikin_classic.driver import DaikinClassicDriver


def create_driver(
    session: ClientSession,
    host: str,
    *,
    key: str | None = None,
    client_id: str | None = None,
    request_timeout: float,
) -> HeadDriver:
    """The driver of the head at host; raise InvalidHost when host is no address."""
    client = DaikinClient(
        host=host, session=session, key=key, uuid=client_id, request_timeout=request_timeout
    )
    return DaikinClassicDriver(client)


def normalize_host(text: str) -> str:
    """The address as stored and used (host, IPv4 or IPv6, optional port); raise InvalidHost."""
    return str(_host.parse_host(text))


def host_from_address(address: IPv4Address | IPv6Address, port: int | None = None) -> str:
    """The address of an announced IP address and port; raise InvalidHost."""
    return str(_host.host_from_address(address, port))
