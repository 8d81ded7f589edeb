"""Typed values read from a /dsiot adapter: the leaves of its node trees and its answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Where a leaf sits below the answer's root node, by the names (`pn`) of the nodes on the way:
# ("e_1002", "e_3001", "p_01") is the indoor unit's operation mode.
type LeafPath = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Leaf:
    """One value node: its value (`pv`) and the range its metadata (`md.mi`, `md.mx`) gives.

    Values are kept as the adapter sent them (mostly hex strings, sometimes numbers or lists);
    the protocol module decodes and range-checks them where it reads them.
    """

    value: object
    minimum: str | None = None
    maximum: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The adapter's answer to one request of a multireq: its result code and the leaves below."""

    rsc: int
    leaves: Mapping[LeafPath, Leaf] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Status:
    """The leaves of the indoor unit's and the outdoor unit's status nodes (`dgc_status`).

    The outdoor unit's leaves are empty when its node was not readable: its readings are absent.
    """

    indoor: Mapping[LeafPath, Leaf]
    outdoor: Mapping[LeafPath, Leaf] = field(default_factory=dict)
