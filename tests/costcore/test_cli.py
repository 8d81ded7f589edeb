"""The command line, with the exact flags other tools call it with."""

from __future__ import annotations

import contextlib
import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.minisplit.costcore.__main__ import (
    _parse_quickly,
    build_parser,
    main,
    run,
    to_json,
)

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


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ("estimate --mode hot --outdoor-f 1", "argument --mode: invalid choice: 'hot'"),
        ("estimate --mode cool --outdoor-f 1 --outdoor-c 2", "argument --outdoor-c: not allowed"),
        ("estimate --mode heat --outdoor-f x", "argument --outdoor-f: invalid float value: 'x'"),
        ("estimate --mode heat --outdoor-f 17 --hspf 10", "estimate needs --delivered-btuh or"),
        ("compare --outdoor-f 1", "the following arguments are required: --price-kwh, --afue"),
        # Python 3.14's argparse reads -1e3 as a negative number; 3.13's as an option.
        (
            "estimate --mode heat --outdoor-f -1e3 --hspf 10",
            "estimate needs --delivered-btuh or"
            if sys.version_info >= (3, 14)
            else "argument --outdoor-f: expected one",
        ),
        ("bogus", "argument command: invalid choice: 'bogus'"),
    ],
)
def test_bad_arguments_print_the_usage_and_argparse_s_message(
    argv: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as err:
        main(_argv(argv))
    assert err.value.code == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith("usage: python -m custom_components.minisplit.costcore")
    assert message in out.err


@pytest.mark.parametrize("argv", ["--help", "estimate --help", "compare -h"])
def test_help(argv: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as err:
        main(_argv(argv))
    assert err.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m custom_components.minisplit.costcore")
    if argv != "--help":
        assert "--rated-capacity-w RATED_CAPACITY_W" in out
        assert "--pan-heater-w PAN_HEATER_W" in out
        assert "indoor dry bulb (default: the rating condition" in out


def _argparse(argv: list[str]) -> dict[str, Any] | None:
    """What argparse makes of argv, None where it prints an error or help and exits."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(build_parser().parse_args(argv))
        except SystemExit:
            return None


def _exactly(args: dict[str, Any] | None) -> str:
    """Parsed arguments compared to the bit (NaN included, which equals no NaN)."""
    return repr(None if args is None else sorted(args.items()))


@pytest.mark.parametrize(
    "argv",
    [
        "estimate --mode heat --outdoor-f 17 --delivered-btuh 9000 --hspf 10",
        "estimate --hspf2 9.5 --outdoor-c -8.5 --mode cool --delivered-w 2000 --ducted",
        "estimate --mode=heat --outdoor-c=-10 --indoor-c=-.5 --delivered-w 1e3 --seer 20 "
        "--eer2 12 --rated-capacity-btuh 18000 --pan-heater-w 50",
        "compare --outdoor-f -5 --cop 3 --price-kwh 0.17 --gas-price-kwh 0.05 --afue 95",
        "compare --mode cool --outdoor-f 30 --delivered-btuh 9000 --hspf 11 --price-kwh 0.17 "
        "--gas-price-therm 1.5 --afue 0.8 --indoor-f 68 --seer2 20 --eer 12 --rated-capacity-w 3e3",
    ],
)
def test_plain_calls_are_parsed_without_argparse_and_as_argparse_parses_them(argv: str) -> None:
    quick = _parse_quickly(_argv(argv))
    assert quick is not None
    assert quick == _argparse(_argv(argv))


OPTIONS = [
    "--mode",
    "--outdoor-f",
    "--outdoor-c",
    "--outdoor",
    "--indoor-f",
    "--indoor-c",
    "--delivered-btuh",
    "--delivered-w",
    "--hspf",
    "--hspf2",
    "--hsp",
    "--seer",
    "--seer2",
    "--eer",
    "--eer2",
    "--rated-capacity-btuh",
    "--rated-capacity-w",
    "--rated",
    "--pan-heater-w",
    "--price-kwh",
    "--gas-price-therm",
    "--gas-price-kwh",
    "--afue",
    "--cop",
]
VALUES = ["heat", "cool", "hot", "17", "-5", "-.5", "-5.", "-1e3", "1e3", " 7 ", "nan", "x", ""]
OTHERS = ["estimate", "--ducted", "--duct", "--ducted=1", "-h", "--", "-", "--mode=cool"]
BASES = {
    "estimate": "--mode heat --outdoor-f 17",
    "compare": "--outdoor-c 2 --price-kwh 0.2 --gas-price-kwh 0.05 --afue 0.9",
}


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["estimate", "compare"]),
    st.booleans(),
    st.lists(
        st.one_of(
            st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES)).map(list),
            st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES)).map(
                lambda pair: ["=".join(pair)]
            ),
            st.sampled_from(OTHERS).map(lambda token: [token]),
        ),
        max_size=5,
    ),
)
def test_the_quick_parser_agrees_with_argparse_or_leaves_it_to_argparse(
    command: str, base: bool, items: list[list[str]]
) -> None:
    argv = [command, *(_argv(BASES[command]) if base else []), *(t for item in items for t in item)]
    quick = _parse_quickly(argv)
    if quick is not None:
        assert _exactly(quick) == _exactly(_argparse(argv))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["--outdoor-f", "--delivered-w", "--hspf", "--price-kwh", "--afue"]),
            st.text(alphabet="-0123456789.e ", max_size=5),
        ),
        max_size=6,
    )
)
def test_the_quick_parser_reads_values_as_argparse_does(pairs: list[tuple[str, str]]) -> None:
    argv = ["compare", "--gas-price-kwh", "0.05", *(word for pair in pairs for word in pair)]
    quick = _parse_quickly(argv)
    if quick is not None:
        assert _exactly(quick) == _exactly(_argparse(argv))


ODD_VALUES: list[object] = [
    None,
    True,
    False,
    0,
    -12,
    10**30,
    0.1,
    -0.0,
    1e300,
    5e-324,
    math.nan,
    math.inf,
    -math.inf,
    "",
    "heat",
    'a "quoted" \\ back',
    "tab\there",
    "degC \u00b0",
    "\x7f",
    [1, 2],
    {"nested": {"a": 1.5, "b": None}, "list": [True]},
    {1: "not a string key"},
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_to_json_writes_what_json_writes(value: object) -> None:
    assert to_json(value) == json.dumps(value)


@pytest.mark.parametrize(
    "argv",
    [
        "estimate --mode heat --outdoor-f 17 --delivered-btuh 9000 --hspf 10",
        "estimate --mode cool --outdoor-f 95 --delivered-w 0 --seer 20 --rated-capacity-w 3000",
        "compare --outdoor-f 30 --delivered-btuh 9000 --hspf 11 --price-kwh 0.17 "
        "--gas-price-therm 1.5 --afue 0.8",
        "compare --outdoor-f 30 --cop 3.0 --price-kwh 0.17 --gas-price-kwh 0.05 --afue 95",
    ],
)
def test_the_printed_object_is_json(argv: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(_argv(argv))
    assert to_json(result) == json.dumps(result)
    assert main(_argv(argv)) == 0
    assert json.loads(capsys.readouterr().out) == result


def test_an_error_message_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    argv = "estimate --mode heat --outdoor-f 17 --delivered-w 1000 --hspf -1"
    assert main(_argv(argv)) == 1
    assert json.loads(capsys.readouterr().err) == {"error": "HSPF must be positive"}
