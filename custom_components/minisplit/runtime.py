"""What a loaded entry keeps at run time, typed: `MiniSplitConfigEntry.runtime_data`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .heads import Capabilities, HeadDriver

if TYPE_CHECKING:
    # Only for the annotations: those modules import this one, never the other way at run time.
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


type MiniSplitConfigEntry = ConfigEntry[MiniSplitData]
