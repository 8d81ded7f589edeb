"""The minisplit integration: local control of ductless mini-split heat pumps.

The Home Assistant side lives in `entry.py` and the modules it imports; it talks to heads only
through the brand-neutral contract in `heads`, and `drivers` implements that contract per
protocol. The pure folders beside it (`costcore`, `heads`, `drivers`, `energy`, `cost`) import
nothing from Home Assistant, so that `python -m custom_components.minisplit.costcore ...` runs on
any Python 3.13 without it.

Why this file imports nothing from Home Assistant
-------------------------------------------------
Python imports this package before any of its subpackages, so whatever this file imports at
module level, every `python -m custom_components.minisplit.costcore` call imports too: importing
the Home Assistant layer here would cost the cost command line 1,140 modules and 1.6 s wherever
Home Assistant is installed (including this project's `.venv`). A guard on whether Home Assistant is
installed or already imported cannot tell the command line from Home Assistant loading us (the
tests import both in one process), so the layer is never imported here.

Instead the entry points Home Assistant looks up on the package (`async_setup_entry`,
`async_unload_entry`, `async_remove_entry`) are thin wrappers: the first call imports `entry.py`
(and with it the layer) in Home Assistant's import executor, awaited, and later calls find it in
`sys.modules`. Home Assistant itself imports this package in the same executor
(`loader.Integration.async_get_component`), then preloads `config_flow`, `diagnostics` and
`repairs` there, and imports the `climate` and `sensor` platforms there when the entry forwards to
them; so no module of ours is ever imported on the event loop (a lazy `from .entry import ...`
inside `async_setup_entry` would be: a blocking import on the loop, which Home Assistant's
loop-protection reports as `Detected blocking call to import_module`).

Set-up and unload return a bool on every release: 2026.2.3 and 2026.10.4 fail a set-up that
returns None ("did not return boolean") and assert a bool from unload, while 2026.11, which
prefers None, accepts a bool from a custom integration without a report. There is no migration
(entries are at version 1).

`tests/integration/test_init.py` checks that no module of ours is imported on the loop thread
while an entry sets up and a config flow runs, and `tests/test_package.py` that importing the cost
core leaves Home Assistant out of `sys.modules`.
"""

from __future__ import annotations

import importlib
import sys

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    from homeassistant.config_entries import ConfigEntry
    from homeassistant.core import HomeAssistant

__all__ = ["async_remove_entry", "async_setup_entry", "async_unload_entry"]

_LAYER = f"{__name__}.entry"


async def _layer(hass: HomeAssistant) -> ModuleType:
    """The Home Assistant layer (`entry.py`); imported in the import executor the first time.

    A module another thread is still importing is in `sys.modules` half-initialised: that one
    is awaited in the executor too (importlib's module lock hands it over once complete).
    """
    module = sys.modules.get(_LAYER)
    if module is None or getattr(module.__spec__, "_initializing", False):
        module = await hass.async_add_import_executor_job(importlib.import_module, _LAYER)
    return module


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    """Set up a head or a companion (see `entry.async_setup_entry`)."""
    result: bool = await (await _layer(hass)).async_setup_entry(hass, entry)
    return result


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    """Unload a head or a companion (see `entry.async_unload_entry`)."""
    result: bool = await (await _layer(hass)).async_unload_entry(hass, entry)
    return result


async def async_remove_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """Forget a removed entry's stored totals and issues (see `entry.async_remove_entry`)."""
    await (await _layer(hass)).async_remove_entry(hass, entry)
