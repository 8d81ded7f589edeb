"""The Daikin /dsiot driver: DsiotClient behind the brand-neutral contract of `heads`.

Requests per call: a state poll is one POST (indoor and outdoor status nodes together), which
also carries the adapter info (edge.adp_i with edge.adp_d for the name) and the energy
(week_power) when they are due (`CARRY_AFTER`); read on their own, each is one POST too. A
command is one POST writing only the leaves that change (none when nothing changes) and one POST
reading the state back. There is no key, no client id and no holiday (away) setting.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
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
from .models import Answer, Status
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
    ranges_of,
    special_modes_of,
    state_of,
    status_of,
    with_metadata,
)

MANUFACTURER: Final = "Daikin"
PRODUCT_NAME: Final = "Daikin Wi-Fi adapter (firmware 2.8+)"

INFO_TARGETS: Final = (ADAPTER_INFO, ADAPTER_SETTINGS)
ENERGY_TARGETS: Final = (WEEK_POWER,)
# A state poll carries the adapter info or the energy when this long (seconds) has passed since
# it was last taken: the head's adapter and energy are read every 10 minutes and its state every
# minute, so the state poll of the last minute and a half before each of those reads carries it,
# and the read takes it without a request of its own. Answers older than CARRIED_FOR are dropped
# (that read then asks the head itself).
CARRY_AFTER: Final = 10 * 60 - 90.0
CARRIED_FOR: Final = 180.0


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
    # Carried answers by the targets they answer: (answers, when read); and when each kind was
    # last taken by its read.
    _carried: dict[tuple[str, ...], tuple[Mapping[str, Answer], float]] = field(
        default_factory=dict, init=False, repr=False
    )
    _taken: dict[tuple[str, ...], float] = field(default_factory=dict, init=False, repr=False)
    # The leaves' ranges, from the last read with metadata (they do not change); polls read the
    # values alone (`_status`).
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
        """edge.adp_i (MAC, firmware) and edge.adp_d (name): carried, or in one request."""
        return info_of(await self._take(INFO_TARGETS))

    async def async_read_capabilities(self) -> Capabilities:
        """Read both status nodes and derive what the head offers from their leaves."""
        return capabilities_of(await self._read_status(metadata=True))

    async def async_read_state(self) -> HeadState:
        """Read both status nodes in one request."""
        return state_of(await self._read_status())

    async def async_read_energy(self) -> DailyEnergy | None:
        """week_power (carried, or in one request): 7 daily totals; None when the head has none."""
        answers = await self._take(ENERGY_TARGETS)
        return daily_energy_of(answers.get(WEEK_POWER))

    async def _take(self, targets: tuple[str, ...]) -> Mapping[str, Answer]:
        """The answers a recent state poll carried for targets, or a request of their own."""
        now = time.monotonic()
        self._taken[targets] = now
        carried = self._carried.pop(targets, None)
        if carried is not None and now - carried[1] <= CARRIED_FOR:
            return carried[0]
        return await self.client.read(*targets)

    def _due(self, now: float) -> list[tuple[str, ...]]:
        """The kinds a state poll now carries: taken before, long enough ago, none waiting."""
        return [
            targets
            for targets, taken in self._taken.items()
            if targets not in self._carried and now - taken >= CARRY_AFTER
        ]

    async def async_send(self, command: Command) -> HeadState:
        """Write the leaves the command changes, then read the state back."""
        status = await self._ranged_status()
        plan = plan_command(status, command)
        return state_of(await self._write_and_read_back(status, plan))

    async def async_set_special_mode(self, mode: SpecialMode | None) -> frozenset[SpecialMode]:
        """Switch econo (indoor node) and powerful (outdoor node) so that only mode is on."""
        status = await self._ranged_status()
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
        now = time.monotonic()
        due = self._due(now)
        extra = [target for targets in due for target in targets]
        answers = await self.client.read(
            INDOOR, OUTDOOR, *extra, metadata=metadata or known is None
        )
        for targets in due:
            self._carried[targets] = ({t: answers[t] for t in targets if t in answers}, now)
        status = status_of(answers)
        if known is None or metadata:
            self._metadata = ranges_of(status)
        self._status = status
        return status

    async def _ranged_status(self) -> Status:
        """The last status read (read now if none), with the ranges a command checks against.

        A poll reads the values alone; the ranges came with the first read and do not change,
        so they are put back only where a command needs them.
        """
        status = self._status or await self._read_status()
        known = self._metadata
        return status if known is None else with_metadata(status, known)

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
