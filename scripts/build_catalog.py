#!/usr/bin/env python3
"""Build the catalogue of known heat pumps the options flow offers, from the NEEP listings in data/.

The Daikin local API reports no model name, so the running-cost ratings cannot be read from the
head; the user picks the unit from this catalogue instead. It is generated from three CSV files of
published heating points (one row per unit, outdoor temperature and compressor speed), all
described in data/README.md, in two listings, and one file of published cooling points:
- the NEEP Cold Climate Air Source Heat Pump listing of 2017-07-14:
  data/neep_ccashp_2017_points.csv (the units scripts/validate_costcore.py scores) and
  data/neep_ccashp_2017_rest_points.csv (the units that file leaves out);
- newer NEEP product pages transcribed in public repositories: data/neep_newer_points.csv;
- cooling points at 95 and 82 degF: data/cooling_points.csv.
Only the first file is read for heating validation and calibration; the others only for the
catalogue (the cooling file is also what the cooling estimate is scored on, never calibrated on).
The result is committed as custom_components/minisplit/costcore/catalog.json, read by
costcore/catalog.py.

One entry per AHRI certificate number:
- names and ratings from the unit's first row in its file. The 2017 listing repeats four AHRI
  numbers (Lennox ML/MP units listed by both Lennox Industries and GD Midea, or with two
  indoor-model suffixes); their ratings and points are identical, only the manufacturer or the
  suffix differs;
- a unit of the newer listing replaces the 2017 units it supersedes: the same AHRI number, or the
  same outdoor model with an indoor model that is the same or extends the other (MSZ-FH18NA and
  MSZ-FH18NAH2). Within one listing the rule does not apply: there ASU12RLS3 and ASU12RLS3Y are
  two certified combinations, both kept;
- the rated heating capacity is the row at 47 degF, rated speed; units without one are skipped
  (the estimate needs it; the same rule as scripts/validate_costcore.py);
- published heating points [outdoor degF, speed, capacity Btu/h, input W]: exactly the rows
  scripts/validate_costcore.py's `load_heating` keeps (imported, not copied), which drops rows
  with known data-entry errors: a missing or non-positive value; a listed COP that disagrees with
  capacity / (3412 x kW) by more than 5 %; an input below 0.10 kW (0.01 kW rounding alone moves
  its COP by 5 % or more); every row of a (unit, temperature) group whose capacity or input falls
  from min to rated to max speed by more than 2 %. A unit may be left with no points; its ratings
  still count;
- published cooling points [outdoor degF, speed, capacity Btu/h, input W]: the rows of
  data/cooling_points.csv whose AHRI number is the unit's, as scripts/validate_costcore.py's
  `load_cooling` reads them (input from the listed kW, or capacity / (3.412 x COP) where the
  source gives a COP). A unit picked in the flow then gets its own cooling map, as it gets its
  heating one; units without cooling points keep the map from their SEER, EER and rated cooling
  capacity;
- the pan heater power as listed, except values above MAX_PAN_HEATER_W, which are spreadsheet
  errors (an ICP run of 2994, 2995, ... 3006 W over its brands, a 16,000 W entry): null. Null also
  where the listing is empty. The estimate does not use it yet (no option for it).

The JSON is written with sorted keys, no indentation and one unit a line, so that it is small and
its diffs are readable; the same CSV files always give the same bytes.

Usage: .venv/bin/python scripts/build_catalog.py [--data CSV] [--rest CSV] [--newer CSV]
[--cooling CSV] [--output JSON] [--check]
--check writes nothing and exits 1 when the output file differs from what the CSV files give.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import validate_costcore  # scripts/ is not a package: found through the path set above

ROOT = Path(__file__).resolve().parent.parent
DATA = validate_costcore.HEATING_DATA
REST = ROOT / "data" / "neep_ccashp_2017_rest_points.csv"
NEWER = ROOT / "data" / "neep_newer_points.csv"
COOLING = validate_costcore.COOLING_DATA
OUTPUT = ROOT / "custom_components" / "minisplit" / "costcore" / "catalog.json"
SOURCE = (
    "NEEP Cold Climate Air Source Heat Pump listing of 2017-07-14 and later NEEP product pages "
    "(data/README.md)"
)
SPEED_ORDER = validate_costcore.SPEED_ORDER
MAX_PAN_HEATER_W = 1000.0
# The validation script's number parser: empty, "N/A" or non-finite text gives None.
parse_float = validate_costcore._float


def _number(value: float) -> int | float:
    """A value rounded to 0.1, written without a decimal point when whole (keeps the JSON small)."""
    rounded = round(value, 1)
    return int(rounded) if rounded.is_integer() else rounded


def _optional(text: str) -> float | None:
    value = parse_float(text)
    return None if value is None or value <= 0.0 else value


def _pan_heater_w(text: str) -> int | float | None:
    value = parse_float(text)
    if value is None or value < 0.0 or value > MAX_PAN_HEATER_W:
        return None
    return _number(value)


def _units(path: Path) -> list[dict[str, Any]]:
    """The catalogue entries of the units in the points CSV at `path`, in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first: dict[str, dict[str, str]] = {}
    rated47: dict[str, float] = {}
    for row in rows:
        first.setdefault(row["ahri"], row)
        if row["speed"] == "rated" and parse_float(row["t_out_f"]) == 47.0:
            capacity = _optional(row["capacity_btuh"])
            if capacity is not None:
                rated47.setdefault(row["ahri"], capacity)
    points: dict[str, list[list[Any]]] = {}
    kept, _ = validate_costcore.load_heating(path)
    for point in kept:
        points.setdefault(point.unit, []).append(
            [
                _number(point.t_out_f),
                point.speed,
                _number(point.capacity_btuh),
                _number(point.input_w),
            ]
        )
    units = []
    for ahri, row in first.items():
        hspf, seer = _optional(row["hspf"]), _optional(row["seer"])
        if ahri not in rated47 or hspf is None or seer is None:
            continue
        cooling = _optional(row["cooling_capacity_btuh"])
        eer = _optional(row["eer"])
        unit_points = sorted(points.get(ahri, []), key=lambda p: (-p[0], SPEED_ORDER.index(p[1])))
        units.append(
            {
                "id": ahri,
                "manufacturer": row["manufacturer"].strip(),
                "brand": row["brand"].strip(),
                "series": row["model_name"].strip(),
                "outdoor_model": row["outdoor_model"].strip(),
                "indoor_model": row["indoor_model"].strip(),
                "hspf": _number(hspf),
                "seer": _number(seer),
                "eer": None if eer is None else _number(eer),
                "ducted": row["ducted"] == "True",
                "heating_capacity_btuh": _number(rated47[ahri]),
                "cooling_capacity_btuh": None if cooling is None else _number(cooling),
                "pan_heater_w": _pan_heater_w(row["pan_heater_w"]),
                "points": unit_points,
            }
        )
    return units


def _supersedes(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """True when `new` is a newer listing of the equipment `old` lists (see the module doc)."""
    if new["id"] == old["id"]:
        return True
    if new["outdoor_model"].casefold() != old["outdoor_model"].casefold():
        return False
    indoor = sorted((new["indoor_model"].casefold(), old["indoor_model"].casefold()), key=len)
    return bool(indoor[0]) and indoor[1].startswith(indoor[0])


def _cooling_points(path: Path) -> dict[str, list[list[Any]]]:
    """The published cooling points of the CSV at `path`, by AHRI number (rows without one are
    units the catalogue cannot name, and are left out)."""
    points: dict[str, list[list[Any]]] = {}
    for point in validate_costcore.load_cooling(path):
        if point.unit.isdigit():
            points.setdefault(point.unit, []).append(
                [
                    _number(point.t_out_f),
                    point.speed,
                    _number(point.capacity_btuh),
                    _number(point.input_w),
                ]
            )
    for unit_points in points.values():
        unit_points.sort(key=lambda p: (-p[0], SPEED_ORDER.index(p[1])))
    return points


def build(*listings: Sequence[Path], cooling: Path | None = None) -> dict[str, Any]:
    """The catalogue of the units in the listings' CSV files, a later listing's units winning,
    with the cooling points of the CSV `cooling` where one names a unit's AHRI number.

    A listing is one or more files; within it the first unit of an AHRI number is kept.
    """
    units: list[dict[str, Any]] = []
    for paths in listings:
        newer: dict[str, dict[str, Any]] = {}
        for path in paths:
            for unit in _units(path):
                newer.setdefault(unit["id"], unit)
        units = [old for old in units if not any(_supersedes(new, old) for new in newer.values())]
        units.extend(newer.values())
    units.sort(key=lambda unit: (len(unit["id"]), unit["id"]))
    cooling_points = _cooling_points(cooling) if cooling is not None else {}
    for unit in units:
        unit["cooling_points"] = cooling_points.get(unit["id"], [])
    return {"source": SOURCE, "built_by": "scripts/build_catalog.py", "units": units}


def render(catalog: dict[str, Any]) -> str:
    """The catalogue as JSON text: sorted keys, compact, one unit a line."""

    def compact(value: Any) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    head = {key: value for key, value in catalog.items() if key != "units"}
    lines = ",\n".join(compact(unit) for unit in catalog["units"])
    return f'{compact(head)[:-1]},"units":[\n{lines}\n]}}\n'


def main(argv: Sequence[str] | None = None) -> int:
    """Build the catalogue and write it (or check the written one)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="NEEP 2017 points CSV")
    parser.add_argument("--rest", type=Path, default=REST, help="the rest of the 2017 listing")
    parser.add_argument("--newer", type=Path, default=NEWER, help="newer points CSV (wins)")
    parser.add_argument("--cooling", type=Path, default=COOLING, help="cooling points CSV")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="catalogue JSON to write")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the output differs; write nothing"
    )
    args = parser.parse_args(argv)
    catalog = build((args.data, args.rest), (args.newer,), cooling=args.cooling)
    text = render(catalog)
    units = catalog["units"]
    daikin = sum(unit["brand"].casefold() == "daikin" for unit in units)
    with_points = sum(bool(unit["points"]) for unit in units)
    with_cooling = sum(bool(unit["cooling_points"]) for unit in units)
    summary = (
        f"{len(units)} units ({daikin} Daikin, {with_points} with published points, "
        f"{with_cooling} with cooling points), {sum(len(unit['points']) for unit in units)} "
        f"heating and {sum(len(unit['cooling_points']) for unit in units)} cooling points, "
        f"{len(text.encode()):,} bytes"
    )
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run scripts/build_catalog.py ({summary})")
            return 1
        print(f"{args.output} is up to date: {summary}")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
