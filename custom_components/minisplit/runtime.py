"""What a loaded entry keeps at run time, typed: `MiniSplitConfigEntry.runtime_data`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry

from .heads import Capabilities, HeadDriver

if TYPE_CHECKING:
    # Only for the annotations: those modules import this one, never the other way at run time.
    from .companion_source import CompanionSource
    from .coordinator import MiniSplitAdapterCoordinator, MiniSplitStateCoordinator
    from .cost_tracker import CostTracker


@dataclass(slots=True)
class MiniSplitData:
    """Everything an entry keeps at run time."""

    driver: HeadDriver
    capabilities: Capabilities
    device_model: str
    state: MiniSplitStateCoordinator
    adapter: MiniSplitAdapterCoordinator
    cost: CostTracker
    # The entry's data the head was set up with: new data (address, key) needs a reload.
    setup_data: Mapping[str, Any]


type MiniSplitConfigEntry = ConfigEntry[MiniSplitData]


@dataclass(slots=True)
class CompanionData:
    """What a companion entry (running cost of another integration's climate) keeps."""

    source: CompanionSource
    cost: CostTracker
    # The entry's data the companion was set up with: new sources need a reload.
    setup_data: Mapping[str, Any]


type CompanionConfigEntry = ConfigEntry[CompanionData]
