#!/usr/bin/env python3
"""Build the table of weather stations the companion flow suggests a design temperature from.

The companion's building model is sized from the climate's 99 % heating design temperature,
which users rarely know; the flow suggests one from the stations nearest the home
(custom_components/minisplit/costcore/design_climate.py). This script writes their table,
custom_components/minisplit/costcore/design_climate.json, from data/design_conditions_tmyx.csv
(provenance and terms in data/README.md):

- one row a station: [latitude, longitude, elevation m, 99 % heating dry bulb degC, 1 % cooling
  dry bulb degC]; names, WMO numbers and periods stay in data/ (the flow needs none of them);
- latitude and longitude rounded to 0.01 degree (about 1 km, finer than the stations' own
  precision in many rows), elevation to 1 m, temperatures to 0.1 K (the source's precision);
- a row without a position, an elevation or a heating design temperature is left out (none is
  today); a missing cooling value is null;
- a row at latitude 0 and longitude 0 is left out: the index's placeholder for a station it has
  no position of (three: in Mongolia, Kamchatka and California), and Home Assistant's own
  location before one is set, where it would be the "nearest station" at distance 0.

The JSON is compact with one station a line, so that it stays small and its diffs readable; the
same CSV always gives the same bytes.

Usage: .venv/bin/python scripts/build_design_climate.py [--data CSV] [--output JSON] [--check]
--check writes nothing and exits 1 when the output file differs from what the CSV gives.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "design_conditions_tmyx.csv"
OUTPUT = ROOT / "custom_components" / "minisplit" / "costcore" / "design_climate.json"
SOURCE = (
    "climate.onebuilding.org TMYx location indexes (design conditions of each station's newest "
    "period), via idfkit 1.1.1; see data/README.md"
)
COLUMNS = ["latitude", "longitude", "elevation_m", "heating_99_c", "cooling_1_c"]


def _number(text: str, digits: int) -> float | int | None:
    """A CSV cell rounded to `digits` decimals (an int when 0); None when empty."""
    if not text.strip():
        return None
    value = round(float(text), digits)
    return int(value) if digits == 0 else value


def build(path: Path) -> dict[str, Any]:
    """The table of the stations in the CSV file, in its order."""
    stations: list[list[float | int | None]] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            station = [
                _number(row["latitude"], 2),
                _number(row["longitude"], 2),
                _number(row["elevation_m"], 0),
                _number(row["heating_99_c"], 1),
                _number(row["cooling_1_c"], 1),
            ]
            if None in station[:4] or station[:2] == [0.0, 0.0]:
                continue
            stations.append(station)
    return {
        "source": SOURCE,
        "built_by": "scripts/build_design_climate.py",
        "columns": COLUMNS,
        "stations": stations,
    }


def render(table: dict[str, Any]) -> str:
    """The table as JSON text: compact, one station a line."""

    def compact(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    head = {key: value for key, value in table.items() if key != "stations"}
    lines = ",\n".join(compact(station) for station in table["stations"])
    return f'{compact(head)[:-1]},"stations":[\n{lines}\n]}}\n'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the stations' CSV file")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the JSON file to write")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the output differs; write nothing"
    )
    args = parser.parse_args(argv)
    text = render(build(args.data))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date: run scripts/build_design_climate.py")
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({text.count(chr(10)) - 2} stations, {len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
