"""The grid's errors split by a scenario setting."""

from __future__ import annotations

from .breakdown import lines
from .grid import Result


def _result(ratio: float, estimated: float | None, signals: str = "none") -> Result:
    return Result(signals, "compressor", "heat", "cold", "unit", ratio, -15.0, False, estimated, 10)


def test_errors_are_split_by_the_setting_asked_for() -> None:
    results = [
        _result(0.5, 20.0),
        _result(0.5, 18.0),
        _result(1.5, 6.0),
        _result(1.5, 30.0, signals="baseline: fixed wattage"),  # another row
        _result(1.0, None),  # no estimate for this set yet
    ]
    assert lines(results, "none", "ratio") == [
        "none / cold / ratio=0.5: n=2 median=+90 % median_abs=90 %",
        "none / cold / ratio=1.5: n=1 median=-40 % median_abs=40 %",
    ]
