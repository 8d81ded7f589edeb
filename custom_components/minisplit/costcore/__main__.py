"""Command line: `python -m custom_components.minisplit.costcore estimate|compare ...` prints JSON.

estimate --mode heat|cool --outdoor-f T --indoor-f T --delivered-btuh Q [--hspf X | --hspf2 X]
         [--seer X | --seer2 X] [--eer X | --eer2 X] [--rated-capacity-btuh Q] [--ducted]
         (--outdoor-c, --indoor-c, --delivered-w, --rated-capacity-w are the SI alternatives)
compare  the same unit arguments, plus --price-kwh P (--gas-price-therm G | --gas-price-kwh G)
         --afue A [--cop C]; prints the fuel comparison at the estimated (or given) COP.
"""

from __future__ import annotations

import math
import os
import sys

from .estimate import Estimate
from .heatpump import HeatPump
from .money import break_even_outdoor_c, compare_fuels
from .performance import COOL_RATING_INDOOR_C, HEAT_RATING_INDOOR_C, Mode
from .units import btuh_to_w, c_to_f, either_unit, f_to_c, w_to_btuh

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true. For the same reason `argparse` (~4 ms with `re`, `gettext`, `locale`)
# and `json` are imported only on the paths that need them: --help, bad arguments, errors.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn

PROG = "python -m custom_components.minisplit.costcore"
MODES = tuple(m.value for m in Mode)

# The options, read by both parsers (`build_parser` and `_parse_quickly`). Each entry is one
# number option, or a group of them of which at most one may be given, as (name, help) pairs,
# and whether one of them is required; the order is --help's.
Numbers = tuple[tuple[tuple[str, str], ...], bool]
UNIT_NUMBERS: tuple[Numbers, ...] = (
    ((("--outdoor-f", "outdoor dry bulb"), ("--outdoor-c", "outdoor dry bulb")), True),
    (
        tuple(
            (name, "indoor dry bulb (default: the rating condition, 70 degF heat, 80 degF cool)")
            for name in ("--indoor-f", "--indoor-c")
        ),
        False,
    ),
    (
        tuple(
            (name, "delivered heating or cooling capacity")
            for name in ("--delivered-btuh", "--delivered-w")
        ),
        False,
    ),
    ((("--hspf", "heating rating"), ("--hspf2", "heating rating")), False),
    ((("--seer", "cooling rating"), ("--seer2", "cooling rating")), False),
    ((("--eer", "EER at 95 degF"), ("--eer2", "EER at 95 degF")), False),
    (
        tuple(
            (name, "rated capacity of the mode (47 degF heating, 95 degF cooling)")
            for name in ("--rated-capacity-btuh", "--rated-capacity-w")
        ),
        False,
    ),
)
DUCTED = ("--ducted", "ducted unit (2023 rating factors)")
PAN_HEATER: Numbers = ((("--pan-heater-w", "pan heater power"),), False)
COMPARE_NUMBERS: tuple[Numbers, ...] = (
    ((("--price-kwh", "electricity price per kWh"),), True),
    (
        (
            ("--gas-price-therm", "gas price per therm"),
            ("--gas-price-kwh", "gas price per kWh of fuel"),
        ),
        True,
    ),
    ((("--afue", "furnace AFUE, 0.8 or 80"),), True),
    ((("--cop", "use this COP instead of estimating one"),), False),
)
NUMBERS: dict[str, tuple[Numbers, ...]] = {
    "estimate": (*UNIT_NUMBERS, PAN_HEATER),
    "compare": (*UNIT_NUMBERS, PAN_HEATER, *COMPARE_NUMBERS),
}
#: Values of the options not given (the rest: None).
DEFAULTS: dict[str, object] = {"ducted": False, "pan_heater_w": 0.0}


def _dest(name: str) -> str:
    """The key of an option's value, as argparse names it: `--outdoor-f` -> `outdoor_f`."""
    return name[2:].replace("-", "_")


def _add_numbers(parser: argparse.ArgumentParser, numbers: Numbers) -> None:
    options, required = numbers
    if len(options) == 1:
        name, help_text = options[0]
        parser.add_argument(
            name, type=float, required=required, default=DEFAULTS.get(_dest(name)), help=help_text
        )
        return
    group = parser.add_mutually_exclusive_group(required=required)
    for name, help_text in options:
        group.add_argument(name, type=float, help=help_text)


def _unit_arguments(parser: argparse.ArgumentParser, *, mode_required: bool) -> None:
    parser.add_argument(
        "--mode",
        choices=list(MODES),
        required=mode_required,
        default=None if mode_required else Mode.HEAT.value,
    )
    for numbers in UNIT_NUMBERS:
        _add_numbers(parser, numbers)
    parser.add_argument(DUCTED[0], action="store_true", help=DUCTED[1])
    _add_numbers(parser, PAN_HEATER)


def _formatter(prog: str) -> argparse.HelpFormatter:
    """The help formatter, its width found without importing shutil (~2 ms, unused otherwise).

    Other tools call the command line in loops; the width matters only to --help.
    """
    import argparse  # noqa: PLC0415  (see TYPE_CHECKING above)

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            # sys.__stdout__ may be None: the AttributeError is caught below.
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return argparse.HelpFormatter(prog, width=max(columns - 2, 11))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line: --help, and every error message."""
    import argparse  # noqa: PLC0415  (see TYPE_CHECKING above)

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Mini-split input power, COP and running cost from ratings and physics.",
        formatter_class=_formatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    estimate = sub.add_parser(
        "estimate",
        help="electrical input and COP for a delivered capacity",
        formatter_class=_formatter,
    )
    _unit_arguments(estimate, mode_required=True)
    compare = sub.add_parser(
        "compare",
        help="heat pump against gas furnace and baseboard heat",
        formatter_class=_formatter,
    )
    _unit_arguments(compare, mode_required=False)
    for numbers in COMPARE_NUMBERS:
        _add_numbers(compare, numbers)
    return parser


def _negative_number(text: str) -> bool:
    r"""Whether argparse takes this argument for a negative number (a value), not an option.

    Its pattern, `^-\d+$|^-\d*\.\d+$`, in ASCII digits (others: left to argparse).
    """
    whole, dot, fraction = text[1:].partition(".")
    if not dot:
        return _digits(whole)
    return (not whole or _digits(whole)) and _digits(fraction)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _parse_quickly(argv: Sequence[str]) -> dict[str, Any] | None:
    """The arguments as argparse parses them, or None to let argparse parse them.

    The plain calls other tools make in loops: a command, then full option names each with its
    value (`--name value` or `--name=value`), each at most once. Anything else (--help, an
    abbreviation, a repeated, unknown, conflicting or missing option, a value that is no number)
    returns None: argparse then parses it, with its messages and exit status 2.
    tests/costcore/test_cli.py checks the two agree.
    """
    if not argv or argv[0] not in NUMBERS:
        return None
    command = argv[0]
    groups = NUMBERS[command]
    numbers = {name for options, _ in groups for name, _ in options}
    args: dict[str, Any] = {_dest(name): None for name in numbers}
    args.update(DEFAULTS, command=command, mode=None if command == "estimate" else "heat")
    seen: set[str] = set()
    index = 1
    while index < len(argv):
        name, equals, value = argv[index].partition("=")
        index += 1
        if name in seen:
            return None
        seen.add(name)
        if name == DUCTED[0] and not equals:
            args["ducted"] = True
            continue
        if name != "--mode" and name not in numbers:
            return None
        if not equals:
            if index == len(argv):
                return None
            value = argv[index]
            index += 1
            if value.startswith("-") and not _negative_number(value):
                return None
        if name == "--mode":
            if value not in MODES:
                return None
            args["mode"] = value
            continue
        try:
            args[_dest(name)] = float(value)
        except ValueError:
            return None
    if args["mode"] is None:
        return None
    for options, required in groups:
        given = sum(name in seen for name, _ in options)
        if given > 1 or (required and not given):
            return None
    return args


def parse(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """The arguments by option key (`outdoor_f`...), as argparse's namespace holds them."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    quick = _parse_quickly(arguments)
    return vars(build_parser().parse_args(arguments)) if quick is None else quick


def _usage_error(message: str) -> NoReturn:
    """Print the usage and the message and exit with status 2, as argparse does."""
    build_parser().error(message)


def _si(
    args: dict[str, Any], us_name: str, si_name: str, to_si: Callable[[float], float]
) -> float | None:
    """A value in SI units from whichever of its options was given: US customary or SI.

    Both parsers let at most one of the two through.
    """
    return either_unit(
        args[si_name], args[us_name], to_si, f"give {us_name} or {si_name}, not both"
    )


def _heat_pump(args: dict[str, Any], mode: Mode) -> HeatPump:
    capacity = _si(args, "rated_capacity_btuh", "rated_capacity_w", btuh_to_w)
    return HeatPump.from_nameplate(
        hspf=args["hspf"],
        hspf2=args["hspf2"],
        seer=args["seer"],
        seer2=args["seer2"],
        eer=args["eer"],
        eer2=args["eer2"],
        ducted=args["ducted"],
        heating_capacity_w=capacity if mode is Mode.HEAT else None,
        cooling_capacity_w=capacity if mode is Mode.COOL else None,
        pan_heater_w=args["pan_heater_w"],
    )


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


def estimate_json(heat_pump: HeatPump, est: Estimate) -> dict[str, Any]:
    """The JSON object printed for an estimate."""
    naive = heat_pump.ratings.naive_cop(heating=est.mode is Mode.HEAT)
    return {
        "mode": est.mode.value,
        "outdoor_c": round(est.outdoor_c, 2),
        "outdoor_f": round(c_to_f(est.outdoor_c), 1),
        "indoor_c": round(est.indoor_c, 2),
        "indoor_f": round(c_to_f(est.indoor_c), 1),
        "delivered_w": round(est.delivered_w, 1),
        "delivered_btuh": round(w_to_btuh(est.delivered_w), 0),
        "input_w": round(est.input_w, 1),
        "cop": round(est.cop, 3),
        "regime": est.regime.value,
        "speed_fraction": round(est.speed_fraction, 3),
        "min_capacity_w": round(est.min_capacity_w, 1),
        "max_capacity_w": round(est.max_capacity_w, 1),
        "defrost_weight": round(est.defrost_weight, 3),
        "pan_heater_w": est.pan_heater_w,
        "carnot_cop": _finite(round(est.carnot_cop, 3)),
        "assumed_rated_capacity_w": (
            None if est.assumed_rated_capacity_w is None else round(est.assumed_rated_capacity_w, 1)
        ),
        "naive_cop": None if naive is None else round(naive, 3),
        "naive_input_w": None if not naive else round(est.delivered_w / naive, 1),
    }


def run(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Parse the arguments and compute the JSON object to print."""
    args = parse(argv)
    mode = Mode(args["mode"])
    outdoor = _si(args, "outdoor_f", "outdoor_c", f_to_c)
    assert outdoor is not None  # required by the parser
    indoor = _si(args, "indoor_f", "indoor_c", f_to_c)
    if indoor is None:
        indoor = HEAT_RATING_INDOOR_C if mode is Mode.HEAT else COOL_RATING_INDOOR_C
    delivered = _si(args, "delivered_btuh", "delivered_w", btuh_to_w)
    heat_pump = _heat_pump(args, mode)
    if args["command"] == "estimate":
        if delivered is None:
            _usage_error("estimate needs --delivered-btuh or --delivered-w")
        return estimate_json(heat_pump, heat_pump.estimate(mode, outdoor, indoor, delivered))
    if mode is not Mode.HEAT:
        _usage_error("compare is a heating comparison; use --mode heat")
    afue = args["afue"] / 100.0 if args["afue"] > 1.0 else args["afue"]
    result: dict[str, Any] = {}
    cop = args["cop"]
    if cop is None:
        if delivered is None:
            _usage_error("compare needs --cop, or --delivered-btuh/--delivered-w and ratings")
        est = heat_pump.estimate(mode, outdoor, indoor, delivered)
        result["estimate"] = estimate_json(heat_pump, est)
        cop = est.cop
        if est.assumed_rated_capacity_w is not None:
            # Keep the size inferred at the current conditions for the break-even search.
            heat_pump = heat_pump.replace(heating_capacity_w=est.assumed_rated_capacity_w)
    comparison = compare_fuels(
        cop,
        args["price_kwh"],
        afue,
        gas_price_per_therm=args["gas_price_therm"],
        gas_price_per_kwh=args["gas_price_kwh"],
        delivered_w=delivered,
    )
    result.update(
        {
            "cop": round(comparison.cop, 3),
            "price_kwh": args["price_kwh"],
            "afue": afue,
            "break_even_cop": round(comparison.break_even_cop, 3),
            "heat_pump_per_mmbtu": round(comparison.heat_pump_per_mmbtu, 2),
            "heat_pump_per_kwh_heat": round(comparison.heat_pump_per_kwh_heat, 4),
            "gas_per_mmbtu": round(comparison.gas_per_mmbtu, 2),
            "gas_per_kwh_heat": round(comparison.gas_per_kwh_heat, 4),
            "baseboard_per_mmbtu": round(comparison.baseboard_per_mmbtu, 2),
            "heat_pump_cheaper": comparison.heat_pump_cheaper,
            "savings_per_mmbtu": round(comparison.savings_per_mmbtu, 2),
            "heat_pump_per_hour": _round(comparison.heat_pump_per_hour),
            "gas_per_hour": _round(comparison.gas_per_hour),
        }
    )
    if args["cop"] is None and delivered is not None:
        crossing = break_even_outdoor_c(
            heat_pump,
            indoor,
            delivered,
            args["price_kwh"],
            afue,
            gas_price_per_therm=args["gas_price_therm"],
            gas_price_per_kwh=args["gas_price_kwh"],
        )
        result["break_even_outdoor_c"] = None if crossing is None else round(crossing, 1)
        result["break_even_outdoor_f"] = None if crossing is None else round(c_to_f(crossing), 1)
    return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def to_json(value: object) -> str:
    """`json.dumps(value)`, without importing json (~1 ms) for the objects printed here.

    None, booleans, numbers (NaN and the infinities as json writes them), strings that need no
    escaping, and dicts of these with such keys; json writes anything else.
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return float.__repr__(value)
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0.0 else "-Infinity"
    if (
        isinstance(value, str)
        and value.isascii()
        and value.isprintable()
        and '"' not in value
        and "\\" not in value
    ):
        return f'"{value}"'
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        items = (f"{to_json(key)}: {to_json(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    import json  # noqa: PLC0415  (see TYPE_CHECKING above)

    return json.dumps(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: print the JSON object; exit 2 on bad arguments (argparse), 1 on bad values."""
    try:
        result = run(argv)
    except ValueError as err:
        print(to_json({"error": str(err)}), file=sys.stderr)
        return 1
    print(to_json(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
