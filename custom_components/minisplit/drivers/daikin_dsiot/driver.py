"""The Daikin /dsiot driver: DsiotClient behind the brand-neutral contract of `heads`.

Requests per call: a state poll is one POST (indoor and outdoor status nodes together); info one
POST (edge.adp_i with edge.adp_d for the name); energy one POST (week_power); a command one POST
writing only the leaves that change (none when nothing changes) and one POST reading the state
back. There is no key, no client id and no holiday (away) setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from ...heads.errors import HeadUnsupportedError
from ...heads.model import (
    Capabilities,
    Command,
    DailyEnergy,
    DemandControl,
    HeadInfo,
    HeadState,
    SpecialMode,
)
from ..client_driver import ClientDriver
from .client import DsiotClient
from .errors import DsiotError
from .models import Status
from .protocol import (
    ADAPTER_INFO,
    ADAPTER_SETTINGS,
    INDOOR,
    OUTDOOR,
    WEEK_POWER,
    Changes,
    apply_changes,
    capabilities_of,
    daily_energy_of,
    info_of,
    plan_command,
    plan_special_mode,
    special_modes_of,
    state_of,
    status_of,
    with_metadata,
)

MANUFACTURER: Final = "Daikin"
PRODUCT_NAME: Final = "Daikin Wi-Fi adapter (firmware 2.8+)"


class DsiotNoAwayError(DsiotError, HeadUnsupportedError):
    """The /dsiot API has no holiday (away) setting."""


class DsiotNoDemandControlError(DsiotError, HeadUnsupportedError):
    """No demand control node of the /dsiot API is on record."""


@dataclass
class DaikinDsiotDriver(ClientDriver[DsiotClient]):
    """A Daikin head behind an adapter speaking `POST /dsiot/multireq` (firmware 2.8 and newer).

    It keeps the status nodes it last read: a command writes only the leaves that differ from
    them, and the per-mode leaves of the mode the head is in (or is switched to).
    """

    brand = MANUFACTURER
    product = PRODUCT_NAME

    _status: Status | None = field(default=None, init=False, repr=False)
    # The status as last read with metadata (the leaves' ranges, which do not change).
    _metadata: Status | None = field(default=None, init=False, repr=False)

    @property
    def configuration_url(self) -> str | None:
        """None: the adapter serves no page a browser can open (GET answers 404 or 405)."""
        return None

    @property
    def client_id(self) -> str | None:
        """None: the /dsiot API needs no registration."""
        return None

    def redact(self, text: str) -> str:
        """The text as it is: this API carries no secret."""
        return text

    async def async_read_info(self) -> HeadInfo:
        """Read edge.adp_i (MAC, firmware) and edge.adp_d (name) in one request."""
        return info_of(await self.client.read(ADAPTER_INFO, ADAPTER_SETTINGS))

    async def async_read_capabilities(self) -> Capabilities:
        """Read both status nodes and derive what the head offers from their leaves."""
        return capabilities_of(await self._read_status(metadata=True))

    async def async_read_state(self) -> HeadState:
        """Read both status nodes in one request."""
        return state_of(await self._read_status())

    async def async_read_energy(self) -> DailyEnergy | None:
        """Read week_power: 7 daily totals; None when the head gives none."""
        answers = await self.client.read(WEEK_POWER)
        return daily_energy_of(answers.get(WEEK_POWER))

    async def async_send(self, command: Command) -> HeadState:
        """Write the leaves the command changes, then read the state back."""
        status = self._status or await self._read_status()
        plan = plan_command(status, command)
        return state_of(await self._write_and_read_back(status, plan))

    async def async_set_special_mode(self, mode: SpecialMode | None) -> frozenset[SpecialMode]:
        """Switch econo (indoor node) and powerful (outdoor node) so that only mode is on."""
        status = self._status or await self._read_status()
        plan = plan_special_mode(status, mode)
        return special_modes_of(await self._write_and_read_back(status, plan))

    async def async_set_away(self, away: bool) -> None:
        """Refuse: no holiday setting over /dsiot (capabilities say away=False)."""
        raise DsiotNoAwayError("Daikin adapters on firmware 2.8+ have no local holiday setting")

    async def async_set_demand_control(self, demand: DemandControl) -> DemandControl:
        """Refuse: no /dsiot node for it is on record (capabilities say demand_control=False)."""
        raise DsiotNoDemandControlError(
            "minisplit knows no demand control on Daikin adapters with firmware 2.8+"
        )

    async def _read_status(self, metadata: bool = False) -> Status:
        """Read both status nodes; their metadata only the first time (or when asked)."""
        known = self._metadata
        answers = await self.client.read(INDOOR, OUTDOOR, metadata=metadata or known is None)
        status = status_of(answers)
        if known is None or metadata:
            self._metadata = status
        else:
            status = with_metadata(status, known)
        self._status = status
        return status

    async def _write_and_read_back(self, status: Status, plan: Changes) -> Status:
        """Write the plan (if anything changes), then read back; the written status if that fails.

        A read that fails right after a write the head took keeps the last readings with the
        written leaves: the command has taken.
        """
        if not plan:
            return await self._read_status()
        await self.client.write(plan)
        self._status = apply_changes(status, plan)
        try:
            return await self._read_status()
        except DsiotError:
            return self._status
