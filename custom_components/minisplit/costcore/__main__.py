"""Command line: `python -m custom_components.minisplit.costcore estimate|compare ...` prints JSON.

estimate --mode heat|cool --outdoor-f T --indoor-f T --delivered-btuh Q [--hspf X | --hspf2 X]
         [--seer X | --seer2 X] [--eer X | --eer2 X] [--rated-capacity-btuh Q] [--ducted]
         (--outdoor-c, --indoor-c, --delivered-w, --rated-capacity-w are the SI alternatives)
compare  the same unit arguments, plus --price-kwh P (--gas-price-therm G | --gas-price-kwh G)
         --afue A [--cop C]; prints the fuel comparison at the estimated (or given) COP.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

from .estimate import Estimate
from .heatpump import HeatPump
from .money import break_even_outdoor_c, compare_fuels
from .performance import COOL_RATING_INDOOR_C, HEAT_RATING_INDOOR_C, Mode
from .units import btuh_to_w, c_to_f, f_to_c, w_to_btuh

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any


def _either(group: argparse._MutuallyExclusiveGroup, *names: str, help_text: str) -> None:
    for name in names:
        group.add_argument(name, type=float, help=help_text)


def _unit_arguments(parser: argparse.ArgumentParser, *, mode_required: bool) -> None:
    parser.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        required=mode_required,
        default=None if mode_required else Mode.HEAT.value,
    )
    _either(
        parser.add_mutually_exclusive_group(required=True),
        "--outdoor-f",
        "--outdoor-c",
        help_text="outdoor dry bulb",
    )
    _either(
        parser.add_mutually_exclusive_group(),
        "--indoor-f",
        "--indoor-c",
        help_text="indoor dry bulb (default: the rating condition, 70 degF heat, 80 degF cool)",
    )
    _either(
        parser.add_mutually_exclusive_group(),
        "--delivered-btuh",
        "--delivered-w",
        help_text="delivered heating or cooling capacity",
    )
    _either(parser.add_mutually_exclusive_group(), "--hspf", "--hspf2", help_text="heating rating")
    _either(parser.add_mutually_exclusive_group(), "--seer", "--seer2", help_text="cooling rating")
    _either(parser.add_mutually_exclusive_group(), "--eer", "--eer2", help_text="EER at 95 degF")
    _either(
        parser.add_mutually_exclusive_group(),
        "--rated-capacity-btuh",
        "--rated-capacity-w",
        help_text="rated capacity of the mode (47 degF heating, 95 degF cooling)",
    )
    parser.add_argument("--ducted", action="store_true", help="ducted unit (2023 rating factors)")
    parser.add_argument("--pan-heater-w", type=float, default=0.0, help="pan heater power")


def _formatter(prog: str) -> argparse.HelpFormatter:
    """The help formatter, its width found without importing shutil (~2 ms, unused otherwise).

    Other tools call the command line in loops; the width matters only to --help.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return argparse.HelpFormatter(prog, width=max(columns - 2, 11))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m custom_components.minisplit.costcore",
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
    compare.add_argument("--price-kwh", type=float, required=True, help="electricity price per kWh")
    gas = compare.add_mutually_exclusive_group(required=True)
    gas.add_argument("--gas-price-therm", type=float, help="gas price per therm")
    gas.add_argument("--gas-price-kwh", type=float, help="gas price per kWh of fuel")
    compare.add_argument("--afue", type=float, required=True, help="furnace AFUE, 0.8 or 80")
    compare.add_argument("--cop", type=float, help="use this COP instead of estimating one")
    return parser


def _pick(args: argparse.Namespace, f_name: str, c_name: str) -> float | None:
    """A temperature in degC from whichever of the degF / degC options was given."""
    f_value = getattr(args, f_name)
    if f_value is not None:
        return f_to_c(float(f_value))
    c_value = getattr(args, c_name)
    return None if c_value is None else float(c_value)


def _watts(args: argparse.Namespace, btuh_name: str, w_name: str) -> float | None:
    """A power in W from whichever of the Btu/h / W options was given."""
    btuh = getattr(args, btuh_name)
    if btuh is not None:
        return btuh_to_w(float(btuh))
    watts = getattr(args, w_name)
    return None if watts is None else float(watts)


def _heat_pump(args: argparse.Namespace, mode: Mode) -> HeatPump:
    capacity = _watts(args, "rated_capacity_btuh", "rated_capacity_w")
    return HeatPump.from_nameplate(
        hspf=args.hspf,
        hspf2=args.hspf2,
        seer=args.seer,
        seer2=args.seer2,
        eer=args.eer,
        eer2=args.eer2,
        ducted=args.ducted,
        heating_capacity_w=capacity if mode is Mode.HEAT else None,
        cooling_capacity_w=capacity if mode is Mode.COOL else None,
        pan_heater_w=args.pan_heater_w,
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
    parser = build_parser()
    args = parser.parse_args(argv)
    mode = Mode(args.mode)
    outdoor = _pick(args, "outdoor_f", "outdoor_c")
    assert outdoor is not None  # required by the parser
    indoor = _pick(args, "indoor_f", "indoor_c")
    if indoor is None:
        indoor = HEAT_RATING_INDOOR_C if mode is Mode.HEAT else COOL_RATING_INDOOR_C
    delivered = _watts(args, "delivered_btuh", "delivered_w")
    heat_pump = _heat_pump(args, mode)
    if args.command == "estimate":
        if delivered is None:
            parser.error("estimate needs --delivered-btuh or --delivered-w")
        return estimate_json(heat_pump, heat_pump.estimate(mode, outdoor, indoor, delivered))
    if mode is not Mode.HEAT:
        parser.error("compare is a heating comparison; use --mode heat")
    afue = args.afue / 100.0 if args.afue > 1.0 else args.afue
    result: dict[str, Any] = {}
    cop = args.cop
    if cop is None:
        if delivered is None:
            parser.error("compare needs --cop, or --delivered-btuh/--delivered-w and ratings")
        est = heat_pump.estimate(mode, outdoor, indoor, delivered)
        result["estimate"] = estimate_json(heat_pump, est)
        cop = est.cop
        if est.assumed_rated_capacity_w is not None:
            # Keep the size inferred at the current conditions for the break-even search.
            heat_pump = heat_pump.replace(heating_capacity_w=est.assumed_rated_capacity_w)
    comparison = compare_fuels(
        cop,
        args.price_kwh,
        afue,
        gas_price_per_therm=args.gas_price_therm,
        gas_price_per_kwh=args.gas_price_kwh,
        delivered_w=delivered,
    )
    result.update(
        {
            "cop": round(comparison.cop, 3),
            "price_kwh": args.price_kwh,
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
    if args.cop is None and delivered is not None:
        crossing = break_even_outdoor_c(
            heat_pump,
            indoor,
            delivered,
            args.price_kwh,
            afue,
            gas_price_per_therm=args.gas_price_therm,
            gas_price_per_kwh=args.gas_price_kwh,
        )
        result["break_even_outdoor_c"] = None if crossing is None else round(crossing, 1)
        result["break_even_outdoor_f"] = None if crossing is None else round(c_to_f(crossing), 1)
    return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: print the JSON object; exit 2 on bad arguments (argparse), 1 on bad values."""
    try:
        result = run(argv)
    except ValueError as err:
        print(json.dumps({"error": str(err)}), file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
