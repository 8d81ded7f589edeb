"""The minisplit integration: local control of ductless mini-split heat pumps.

The Home Assistant side lives in `entry.py` and the modules it imports; it talks to heads only
through the brand-neutral contract in `heads`, and `drivers` implements that contract per
protocol. The pure libraries beside it (`costcore`, `heads`, `drivers`, `energy_ledger`,
`running_cost`) import nothing from Home Assistant, so that
`python -m custom_components.minisplit.costcore ...` runs on any Python 3.13 without it.
"""

from __future__ import annotations

from importlib.util import find_spec

if find_spec("homeassistant") is not None:
    from .entry import PLATFORMS, async_remove_entry, async_setup_entry, async_unload_entry

    __all__ = ["PLATFORMS", "async_remove_entry", "async_setup_entry", "async_unload_entry"]
