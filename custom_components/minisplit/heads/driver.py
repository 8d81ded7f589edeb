"""The protocol every driver implements: one head, read and commanded through its own API."""

from __future__ import annotations

from typing import Protocol

from .model import (
    Capabilities,
    Command,
    DemandControl,
    HeadInfo,
    HeadState,
    MeasuredEnergy,
    SpecialMode,
)


class HeadDriver(Protocol):
    """One head. Methods raise HeadError subclasses only, with no secret in their messages."""

    @property
    def host(self) -> str:
        """The head's address as requests use it."""

    @property
    def manufacturer(self) -> str:
        """The brand shown on the device page."""

    @property
    def product_name(self) -> str:
        """The adapter that answers on the network, shown as the device's hardware."""

    @property
    def configuration_url(self) -> str | None:
        """Where the head's own web page or API lives, if anywhere."""

    @property
    def client_id(self) -> str | None:
        """The id this driver registered with a head that needs a key; None when it needs none."""

    @property
    def requests_sent(self) -> int:
        """How many requests the head has answered (for diagnostics)."""

    def redact(self, text: str) -> str:
        """Remove the key, the client id and any other secret from text."""

    async def async_read_info(self) -> HeadInfo:
        """Read who the head is (MAC, name, firmware) and its away setting."""

    async def async_read_capabilities(self) -> Capabilities:
        """Read what the head can do."""

    async def async_read_state(self) -> HeadState:
        """Read the head's settings and readings."""

    async def async_read_energy(self) -> MeasuredEnergy | None:
        """Read the measured energy (hourly or daily); None when the head does not measure it."""

    async def async_send(self, command: Command) -> HeadState:
        """Change settings; return the state after it, as the head reports it.

        Readings the head fails to give right after the command are the last known ones: the
        command has taken.
        """

    async def async_set_special_mode(self, mode: SpecialMode | None) -> frozenset[SpecialMode]:
        """Make mode the only special mode on (None: none); return the special modes now on."""

    async def async_set_away(self, away: bool) -> None:
        """Switch the away (holiday) setting."""

    async def async_set_demand_control(self, demand: DemandControl) -> DemandControl:
        """Cap the unit's power (or lift the cap); return the cap as the head reports it after.

        Heads whose capabilities say no demand control raise HeadUnsupportedError.
        """
