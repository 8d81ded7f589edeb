"""What every driver answers alike: who it talks to and how much, from its client and its class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .transport import HeadClient


@dataclass
class ClientDriver[C: HeadClient]:
    """A driver over one client: the identity half of heads.HeadDriver.

    A driver names its brand and product in `brand` and `product`; what differs by protocol
    (configuration URL, client id, redaction, every read and command) it defines itself.
    """

    brand: ClassVar[str]
    product: ClassVar[str]

    client: C

    @property
    def host(self) -> str:
        """The validated host (and port) every request goes to."""
        return self.client.host

    @property
    def manufacturer(self) -> str:
        """The brand shown on the device page."""
        return self.brand

    @property
    def product_name(self) -> str:
        """What answers on the network (the Wi-Fi adapter, for Daikin heads)."""
        return self.product

    @property
    def requests_sent(self) -> int:
        """Requests put on the wire (for diagnostics)."""
        return self.client.requests_sent
