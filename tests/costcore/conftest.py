"""Fixtures for the cost core tests, which need no Home Assistant instance."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from custom_components.minisplit.costcore import (
    HeatPump,
    Mode,
    PublishedPoint,
    Speed,
    btuh_to_w,
    f_to_c,
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the shared autouse fixture: the cost core never touches Home Assistant."""


@pytest.fixture
def ductless() -> HeatPump:
    """A typical 1.5-ton ductless cold-climate head (HSPF 12, SEER 22, EER 13)."""
    return HeatPump.from_nameplate(
        hspf=12.0,
        seer=22.0,
        eer=13.0,
        heating_capacity_btuh=20000.0,
        cooling_capacity_btuh=18000.0,
    )


def neep_points() -> list[PublishedPoint]:
    """Published heating points of Mitsubishi MUZ-FH18NAH2 (NEEP, via bigladder/resdx)."""
    rows = [
        (47.0, Speed.MIN, 7540.0, 0.85),
        (47.0, Speed.RATED, 20300.0, 1.77),
        (47.0, Speed.MAX, 30400.0, 3.40),
        (17.0, Speed.MIN, 4300.0, 0.60),
        (17.0, Speed.RATED, 12480.0, 1.25),
        (17.0, Speed.MAX, 24300.0, 3.39),
        (5.0, Speed.MIN, 3700.0, 0.53),
        (5.0, Speed.MAX, 20900.0, 2.98),
    ]
    return [
        PublishedPoint(Mode.HEAT, f_to_c(t), speed, btuh_to_w(q), kw * 1000.0)
        for t, speed, q, kw in rows
    ]


SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py as module <name> (the scripts are not a package)."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
