"""The validation script's scoring, run against the NEEP data and the cooling points in data/."""

from __future__ import annotations

from types import ModuleType

import pytest

from .conftest import load_script


def _load_script() -> ModuleType:
    return load_script("validate_costcore")


@pytest.fixture(scope="module")
def validation() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def scores(validation: ModuleType) -> tuple[object, object, object]:
    points, dropped = validation.load_heating(validation.HEATING_DATA)
    heating = validation.score(points)
    cooling = validation.score(validation.load_cooling(validation.COOLING_DATA))
    return heating, cooling, dropped


def test_filters_drop_the_known_bad_rows(scores: tuple[object, object, object]) -> None:
    _, _, dropped = scores
    assert dropped["listed COP disagrees with capacity/(3412 x kW) by > 5 %"] > 0
    assert dropped["missing or non-positive value"] > 0


def test_never_worse_than_naive_at_any_temperature(
    validation: ModuleType, scores: tuple[object, object, object]
) -> None:
    heating, cooling, _ = scores
    result = validation.verdict(heating, cooling)
    assert result.heating_never_worse, result.worse_temps
    assert heating.overall.mape < 0.6 * heating.overall.naive_mape  # type: ignore[attr-defined]


def test_cooling_target(validation: ModuleType, scores: tuple[object, object, object]) -> None:
    heating, cooling, _ = scores
    assert validation.verdict(heating, cooling).cooling_overall
    assert cooling.overall.mape <= 12.0  # type: ignore[attr-defined]


def test_heating_accuracy_does_not_regress(scores: tuple[object, object, object]) -> None:
    heating, _, _ = scores
    # Measured: 12.5 % on all points, 12.6 % on the held-out (odd AHRI) units never calibrated on.
    assert heating.overall.mape <= 12.8  # type: ignore[attr-defined]
    assert heating.held_out.mape <= 12.9  # type: ignore[attr-defined]


@pytest.mark.xfail(
    strict=True,
    reason="heating target of issue 3 (MAPE <= 10 % over all points) not reached: 12.5 % "
    "(held-out 12.6 %, held-out without a twin in calibration 12.8 %). A nearest-neighbour "
    "lookup scores 13.1-13.5 % on units without a twin: see docs/cost-estimate.md",
)
def test_heating_target(validation: ModuleType, scores: tuple[object, object, object]) -> None:
    heating, cooling, _ = scores
    assert validation.verdict(heating, cooling).heating_overall


def test_script_runs_and_reports(
    validation: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    code = validation.main([])
    out = capsys.readouterr().out
    assert "| outdoor degF | speed | n | ours MAPE % | naive MAPE % |" in out
    assert "dropped" in out
    assert code == (0 if "MISS" not in out else 1)
    assert validation.main(["--calibrate"]) == 0
    assert "DUCTLESS_HEATING_PRIOR = HeatingPrior(" in capsys.readouterr().out


def test_held_out_twins_are_reported_apart(scores: tuple[object, object, object]) -> None:
    heating, _, _ = scores
    # Units without a twin in the calibration half are a subset of the held-out units.
    assert 0 < heating.unseen.n < heating.held_out.n  # type: ignore[attr-defined]
    assert heating.unseen.mape <= 13.1  # type: ignore[attr-defined]  # measured 12.8 %


def test_nearest_neighbour_reference(validation: ModuleType) -> None:
    points, _ = validation.load_heating(validation.HEATING_DATA)
    # A few units keep this fast; the full report is `scripts/validate_costcore.py --ceiling`.
    units = sorted({p.unit for p in points})[:40]
    subset = [p for p in points if p.unit in units]
    report = validation.ceiling_report(subset)
    lines = report.splitlines()
    assert lines[2] == "| points | n | ours % | naive % | 5-nearest % | 10-nearest % |"
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines[4:]}
    held = sum(1 for p in subset if p.held_out)
    assert f"| {held} |" in rows["held-out units"]
    # A unit's twin in the calibration half is found by the lookup: its own points, no error.
    twin = next(
        p
        for p in subset
        if p.held_out and p.twin_key in {q.twin_key for q in subset if not q.held_out}
    )
    pool = [p for p in subset if not p.held_out]
    assert validation.knn_estimate_w(twin, pool, 1) == pytest.approx(twin.input_w, rel=0.02)


def test_published_points_report(validation: ModuleType) -> None:
    points, _ = validation.load_heating(validation.HEATING_DATA)
    report = validation.published_points_report(points)
    rows = {
        line.split(" | ")[0].lstrip("| "): [float(x) for x in line.strip("| ").split(" | ")[2:]]
        for line in report.splitlines()[4:]
    }
    assert set(rows) == {
        "min speed left out",
        "rated speed left out",
        "max speed left out",
        "47 degF left out",
        "17 degF left out",
        "5 degF left out",
    }
    # A unit's published minimum and maximum do not drag its rated point off the nameplate
    # (measured 8.2 % with points against 9.3 % without), and the points carry the estimate to
    # temperatures between and below them (17 degF: 8.8 % against 11.9 %; 5 degF: 10.6 / 13.3).
    with_points, nameplate = rows["rated speed left out"]
    assert with_points < nameplate
    for label in ("17 degF left out", "5 degF left out"):
        with_points, nameplate = rows[label]
        assert with_points < nameplate - 2.0
