"""The command line, with the exact flags other tools call it with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from custom_components.minisplit.costcore.__main__ import main, run

ROOT = Path(__file__).resolve().parents[2]
MODULE = "custom_components.minisplit.costcore"


def _argv(text: str) -> list[str]:
    return text.split()


def _cli(args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", MODULE, *_argv(args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    return result


def test_estimate_and_compare_as_a_subprocess() -> None:
    est = _cli(
        "estimate --mode heat --outdoor-f 17 --indoor-f 70 --delivered-btuh 12000 --hspf 11 "
        "--seer 21 --eer 12.5 --rated-capacity-btuh 18000"
    )
    assert est["mode"] == "heat"
    cop, input_w = est["cop"], est["input_w"]
    assert isinstance(cop, float)
    assert isinstance(input_w, float)
    assert 1.5 < cop < 4.0
    assert input_w == pytest.approx(3516.85 / cop, rel=1e-3)
    cmp = _cli(
        "compare --outdoor-f 17 --indoor-f 70 --delivered-btuh 12000 --hspf2 10 "
        "--rated-capacity-btuh 18000 --price-kwh 0.17 --gas-price-therm 1.50 --afue 0.80"
    )
    assert cmp["break_even_cop"] == pytest.approx(2.66, abs=0.005)
    assert cmp["baseboard_per_mmbtu"] == pytest.approx(49.82, abs=0.005)


def test_estimate_si_alternatives_and_2023_ratings(capsys: pytest.CaptureFixture[str]) -> None:
    argv = (
        "estimate --mode cool --outdoor-c 35 --indoor-c 26.7 --delivered-w 3000 --seer2 20 "
        "--eer2 12 --ducted --rated-capacity-w 3500"
    )
    assert main(_argv(argv)) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mode"] == "cool"
    assert out["cop"] < out["naive_cop"]
    assert out["assumed_rated_capacity_w"] is None


def test_estimate_without_rated_capacity_assumes_a_size() -> None:
    out = run(_argv("estimate --mode heat --outdoor-f 47 --delivered-btuh 9000 --hspf 10"))
    assert out["indoor_f"] == pytest.approx(70.0)
    assert out["assumed_rated_capacity_w"] == pytest.approx(3516.85 * 0.75, rel=1e-3)
    cool = run(_argv("estimate --mode cool --outdoor-f 95 --delivered-w 2000 --seer 20"))
    assert cool["indoor_f"] == pytest.approx(80.0)


def test_compare_with_a_given_cop_and_percent_afue() -> None:
    out = run(
        _argv("compare --outdoor-f 30 --cop 3.0 --price-kwh 0.17 --gas-price-kwh 0.05118 --afue 95")
    )
    assert out["afue"] == pytest.approx(0.95)
    assert out["break_even_cop"] == pytest.approx(3.155, abs=0.01)
    assert out["heat_pump_cheaper"] is False
    assert "break_even_outdoor_c" not in out
    assert out["heat_pump_per_hour"] is None


def test_compare_sizes_the_unit_from_the_delivered_capacity() -> None:
    out = run(
        _argv(
            "compare --outdoor-f 30 --delivered-btuh 9000 --hspf 11 --price-kwh 0.17 "
            "--gas-price-therm 1.5 --afue 0.8"
        )
    )
    estimate = out["estimate"]
    assert isinstance(estimate, dict)
    assert estimate["assumed_rated_capacity_w"] is not None
    crossing = out["break_even_outdoor_f"]
    assert crossing is None or crossing < 30.0


@pytest.mark.parametrize(
    "argv",
    [
        "estimate --mode heat --outdoor-f 17 --hspf 10",
        "compare --mode cool --outdoor-f 95 --cop 3 --price-kwh 0.2 --gas-price-therm 1 --afue 0.9",
        "compare --outdoor-f 30 --price-kwh 0.2 --gas-price-therm 1 --afue 0.9",
        "estimate --mode heat --outdoor-f 17 --hspf 10 --hspf2 9 --delivered-w 1000",
    ],
)
def test_bad_arguments_exit_2(argv: str) -> None:
    with pytest.raises(SystemExit) as err:
        main(_argv(argv))
    assert err.value.code == 2


def test_bad_values_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    argv = (
        "estimate --mode heat --outdoor-f 17 --delivered-w 1000 --seer 20 --rated-capacity-w 3000"
    )
    assert main(_argv(argv)) == 1
    assert "HSPF" in json.loads(capsys.readouterr().err)["error"]
