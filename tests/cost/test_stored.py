"""What the running cost keeps across restarts, each part restored on its own."""

from __future__ import annotations

import logging

from custom_components.minisplit.cost.calibration import Calibration
from custom_components.minisplit.cost.meter import CostMeter
from custom_components.minisplit.cost.stored import Unrestored, restore_cost, stored_cost


def test_stored_cost_comes_back_whole() -> None:
    meter = CostMeter(energy_kwh=4.5, cost=-0.25, heat_kwh=12.0)
    calibration = Calibration(load_scale=0.8)
    restored_meter, restored_calibration, unrestored = restore_cost(stored_cost(meter, calibration))
    assert restored_meter.as_dict() == meter.as_dict()
    assert restored_calibration == calibration
    assert unrestored == []


def test_each_part_is_restored_on_its_own_and_said_for_the_log() -> None:
    stored = stored_cost(CostMeter(energy_kwh=4.5), Calibration(load_scale=0.8))
    stored["meter"]["cost"] = "NaN"
    meter, calibration, unrestored = restore_cost(stored)
    assert (meter.energy_kwh, meter.cost, calibration.load_scale) == (4.5, 0.0, 0.8)
    assert unrestored == [
        Unrestored(
            logging.WARNING, "the cost totals cost", " (stored: cost='NaN'); they start from 0"
        )
    ]
    meter, calibration, unrestored = restore_cost({"meter": stored["meter"]})
    assert calibration == Calibration()
    assert [part.level for part in unrestored] == [logging.WARNING, logging.INFO]
    assert "load_scale" in unrestored[1].what
    assert unrestored[1].then == "; those start again"


def test_garbage_restores_empty_totals() -> None:
    meter, calibration, unrestored = restore_cost([1, 2])
    assert (meter.as_dict(), calibration) == (CostMeter().as_dict(), Calibration())
    assert len(unrestored) == 2
