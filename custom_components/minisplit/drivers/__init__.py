"""Drivers, one package per head protocol; this module is the one place that picks a driver.

The Home Assistant layer creates drivers and checks addresses through the functions here and
otherwise sees only the contract in `heads`.
"""

from __future__ import annotations

import logging
from ipaddress import IPv4Address, IPv6Address
from typing import Final

from aiohttp import ClientSession

from ..heads import HeadDriver
from ..heads.errors import HeadNoLocalApiError, HeadUnsupportedError
from . import host as _host
from .daikin_classic.client import DaikinClient
from .daikin_classic.driver import DaikinClassicDriver
from .daikin_classic.errors import (
    DaikinCommandRejectedError,
    DaikinConnectionError,
    DaikinError,
    DaikinResponseError,
    DaikinUnsupportedDeviceError,
)
from .daikin_dsiot.client import DsiotClient
from .daikin_dsiot.driver import DaikinDsiotDriver
from .daikin_dsiot.errors import DsiotConnectionError, DsiotError
from .daikin_dsiot.protocol import ADAPTER_INFO, info_of

LOGGER = logging.getLogger(__name__)

# The protocols create_driver speaks, as async_detect names them (stored in config entries).
DAIKIN_CLASSIC: Final = "daikin_classic"
DAIKIN_DSIOT: Final = "daikin_dsiot"
PROTOCOLS: Final = (DAIKIN_CLASSIC, DAIKIN_DSIOT)

NO_LOCAL_API_MESSAGE: Final = (
    "This Daikin adapter answers over HTTP but offers no local API minisplit speaks: neither the "
    "classic one (/common/basic_info with /aircon/*) nor the /dsiot API of firmware 2.8 and "
    "newer. It is a BRP069C4x/C8x on firmware 2.0-2.6 or a built-in adapter below firmware 2.8, "
    "whose local API is switched off: update the adapter to firmware 2.8 or newer where Daikin "
    "offers it, or control it through the Daikin cloud."
)


def create_driver(
    session: ClientSession,
    host: str,
    *,
    protocol: str | None = None,
    key: str | None = None,
    client_id: str | None = None,
    request_timeout: float,
) -> HeadDriver:
    """The driver of the head at host speaking protocol; raise InvalidHost when host is no address.

    None is the classic protocol (entries made before detection existed store none). key and
    client_id belong to the classic protocol (BRP072C) and are ignored by the others. An unknown
    protocol raises HeadUnsupportedError.
    """
    if protocol is None or protocol == DAIKIN_CLASSIC:
        client = DaikinClient(
            host=host, session=session, key=key, uuid=client_id, request_timeout=request_timeout
        )
        return DaikinClassicDriver(client)
    if protocol == DAIKIN_DSIOT:
        return DaikinDsiotDriver(
            DsiotClient(host=host, session=session, request_timeout=request_timeout)
        )
    raise HeadUnsupportedError(f"minisplit has no driver for the protocol {protocol!r}")


async def async_detect(session: ClientSession, host: str, *, request_timeout: float) -> str:
    """Which protocol the head at host speaks: DAIKIN_CLASSIC or DAIKIN_DSIOT.

    The classic API is probed first (`GET /common/basic_info`, then `/aircon/get_control_info`);
    /dsiot (`POST /dsiot/multireq` reading edge.adp_i) only when the classic probe fails, so
    classic adapters see no request they answer with 404. Raises:
    - HeadAuthenticationError: a BRP072C that needs its key (classic; ask for the key, then use
      DAIKIN_CLASSIC), as the classic client reports it;
    - HeadNoLocalApiError: the device answers HTTP but neither API (firmware without local API);
    - HeadConnectionError (HeadTimeoutError): nothing answers;
    - InvalidHost: host is no address.
    """
    classic = DaikinClient(host=host, session=session, request_timeout=request_timeout)
    try:
        await classic.get_basic_info()
        await classic.get_control_info()
    except DaikinConnectionError:
        raise  # refused, dropped or timed out: the /dsiot probe would fare no better
    except (DaikinUnsupportedDeviceError, DaikinResponseError, DaikinCommandRejectedError) as err:
        # 404 (dsiot adapters, or no local API), another HTTP status, or not key=value text.
        LOGGER.debug("%s does not speak the classic API (%s); probing /dsiot", classic.host, err)
        classic_error: DaikinError = err
    else:
        return DAIKIN_CLASSIC
    dsiot = DsiotClient(host=host, session=session, request_timeout=request_timeout)
    try:
        info_of(await dsiot.read(ADAPTER_INFO))
    except DsiotConnectionError:
        raise
    except DsiotError as err:
        LOGGER.debug("%s does not speak /dsiot either (%s)", dsiot.host, err)
        if not isinstance(classic_error, DaikinUnsupportedDeviceError):
            # A classic adapter that answered garbage (not 404): its own error says more.
            raise classic_error from None
        raise HeadNoLocalApiError(NO_LOCAL_API_MESSAGE) from None
    return DAIKIN_DSIOT


def normalize_host(text: str) -> str:
    """The address as stored and used (host, IPv4 or IPv6, optional port); raise InvalidHost."""
    return str(_host.parse_host(text))


def host_from_address(address: IPv4Address | IPv6Address, port: int | None = None) -> str:
    """The address of an announced IP address and port; raise InvalidHost."""
    return str(_host.host_from_address(address, port))
