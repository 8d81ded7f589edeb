#!/usr/bin/env python3
"""Score the cost core's electrical-input estimate against published heat-pump performance points.

For every published point the estimate is given only what a user knows: the unit's ratings (HSPF,
SEER, EER, ducted or not), its rated capacity (rated 47 degF heating capacity for heating, rated
cooling capacity for cooling), the delivered capacity at the point and the temperatures. It is NOT
told the compressor speed of the point; the model has to infer where between minimum and maximum
capacity the delivered capacity sits. The estimated input is compared with the listed input, for our
model and for the naive formula (COP = HSPF/3.412 heating, SEER/3.412 cooling), as mean absolute
percentage error per outdoor temperature and speed.

Calibration, stated plainly: the heating prior tables in costcore/performance.py (capacity ratios,
COP ratios and the HSPF exponent, for ductless and ducted units) were set by `--calibrate` from the
units of the NEEP file with an EVEN AHRI number only. The report gives the error on all points and
on the held-out units (odd AHRI number) separately. Nothing is fitted when scoring, and the cooling
priors come from published statistics only (none of them was set from the cooling points).

Filters on the NEEP file (each dropped row is counted and printed):
- missing or non-positive capacity, input or listed COP;
- listed COP disagreeing with capacity / (3412 x kW) by more than 5 %: a data-entry error, or an
  input rounded to 0.01 kW after the COP was computed;
- input below 0.10 kW: rounding to 0.01 kW alone moves such a COP by 5 % or more;
- a (unit, temperature) group whose capacity or input falls from min to rated to max speed by more
  than 2 %: a higher compressor speed cannot deliver less heat or draw less power, so at least one
  row of the group is a data-entry error (the whole group is dropped; most are ducted entries whose
  columns are visibly shifted).

Twins: the listing repeats one outdoor unit under several AHRI numbers, so 680 of the 1,478
held-out points have a twin with the same ratings and rated capacity in the calibration half. The
table also scores the held-out points without one; `--ceiling` adds a nearest-neighbour lookup as a
reference for what the allowed inputs can carry on units never seen.

Usage: .venv/bin/python scripts/validate_costcore.py [--data CSV] [--cooling-data CSV]
[--calibrate] [--ceiling]
Exits 1 when a target is missed: heating MAPE <= 10 % over all points, never worse than the naive
formula at any outdoor temperature, cooling MAPE <= 12 %.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "custom_components" / "minisplit"))

from costcore import (  # noqa: E402  (the package is loaded from its folder, without Home Assistant)
    HeatingPrior,
    Mode,
    PublishedPoint,
    Ratings,
    Speed,
    btuh_to_w,
    cooling_prior_map,
    estimate_input,
    f_to_c,
    heating_prior_map,
)

HEATING_DATA = ROOT / "data" / "neep_ccashp_2017_points.csv"
COOLING_DATA = ROOT / "data" / "cooling_points.csv"

HEATING_TARGET = 10.0
COOLING_TARGET = 12.0
COP_TOLERANCE = 0.05
MIN_INPUT_KW = 0.10
ORDER_TOLERANCE = 0.02
BTU_PER_WH = 3.412141633
HEAT_INDOOR_F = 70.0
COOL_INDOOR_F = 80.0
STANDARD_TEMPS_F = (47.0, 17.0, 5.0)
SPEED_ORDER = ("min", "rated", "max")


@dataclass(frozen=True)
class Point:
    """One published point, with what the estimate is allowed to know about its unit."""

    unit: str
    mode: Mode
    ducted: bool
    hspf: float | None
    seer: float | None
    eer: float | None
    rated_capacity_btuh: float
    t_out_f: float
    t_in_f: float
    speed: str
    capacity_btuh: float
    input_w: float

    @property
    def held_out(self) -> bool:
        """True for units never used for calibration (odd AHRI number, or no number)."""
        digits = "".join(ch for ch in self.unit if ch.isdigit())
        return not digits or int(digits) % 2 == 1

    @property
    def cop(self) -> float:
        """The listed COP."""
        return btuh_to_w(self.capacity_btuh) / self.input_w

    @property
    def twin_key(self) -> tuple[object, ...]:
        """What the estimate knows of the unit: units sharing it are twins to the estimate.

        The NEEP listing repeats one outdoor unit under several AHRI numbers (other brands, other
        indoor units with the same ratings); such a twin of a held-out unit may sit in the
        calibration half, so "held-out" alone does not mean "never seen".
        """
        return (self.ducted, self.hspf, self.seer, self.eer, self.rated_capacity_btuh)


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def load_heating(path: Path) -> tuple[list[Point], Counter[str]]:
    """Read the NEEP heating points, apply the filters, and count what was dropped and why."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    dropped: Counter[str] = Counter()
    rated47: dict[str, float] = {}
    for row in rows:
        if row["speed"] == "rated" and _float(row["t_out_f"]) == 47.0:
            cap = _float(row["capacity_btuh"])
            if cap and cap > 0:
                rated47[row["ahri"]] = cap
    groups: dict[tuple[str, float], dict[str, tuple[float, float, dict[str, str]]]] = {}
    for row in rows:
        cap = _float(row["capacity_btuh"]) or 0.0
        kw = _float(row["input_kw"]) or 0.0
        cop = _float(row["cop_listed"]) or 0.0
        temp = _float(row["t_out_f"])
        hspf = _float(row["hspf"]) or 0.0
        if temp is None or min(cap, kw, cop, hspf) <= 0.0:
            dropped["missing or non-positive value"] += 1
            continue
        if abs(cap / (BTU_PER_WH * 1000.0 * kw) - cop) / cop > COP_TOLERANCE:
            dropped["listed COP disagrees with capacity/(3412 x kW) by > 5 %"] += 1
            continue
        if kw < MIN_INPUT_KW:
            dropped["input < 0.10 kW (0.01 kW rounding moves COP >= 5 %)"] += 1
            continue
        if row["ahri"] not in rated47:
            dropped["unit has no rated 47 degF capacity"] += 1
            continue
        groups.setdefault((row["ahri"], temp), {})[row["speed"]] = (cap, kw, row)
    points: list[Point] = []
    for (ahri, temp), group in groups.items():
        seq = [group[s] for s in SPEED_ORDER if s in group]
        consistent = all(
            seq[i][0] <= seq[i + 1][0] * (1 + ORDER_TOLERANCE)
            and seq[i][1] <= seq[i + 1][1] * (1 + ORDER_TOLERANCE)
            for i in range(len(seq) - 1)
        )
        if not consistent:
            dropped["capacity or input falls with compressor speed (whole group)"] += len(seq)
            continue
        for speed, (cap, kw, row) in group.items():
            points.append(
                Point(
                    unit=ahri,
                    mode=Mode.HEAT,
                    ducted=row["ducted"] == "True",
                    hspf=_float(row["hspf"]),
                    seer=_float(row["seer"]),
                    eer=_float(row["eer"]),
                    rated_capacity_btuh=rated47[ahri],
                    t_out_f=temp,
                    t_in_f=HEAT_INDOOR_F,
                    speed=speed,
                    capacity_btuh=cap,
                    input_w=kw * 1000.0,
                )
            )
    points.sort(key=lambda p: (p.unit, -p.t_out_f, SPEED_ORDER.index(p.speed)))
    return points, dropped


def load_cooling(path: Path) -> list[Point]:
    """Read the published cooling points (data/cooling_points.csv)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    points = []
    for row in rows:
        cap = float(row["capacity_btuh"])
        kw = _float(row["input_kw"])
        cop = _float(row["cop_listed"])
        input_w = kw * 1000.0 if kw else btuh_to_w(cap) / (cop or math.nan)
        points.append(
            Point(
                unit=row["ahri"] or row["model_name"],
                mode=Mode.COOL,
                ducted=row["ducted"] == "True",
                hspf=_float(row["hspf"]),
                seer=_float(row["seer"]),
                eer=_float(row["eer"]),
                rated_capacity_btuh=float(row["cooling_capacity_btuh"]),
                t_out_f=float(row["t_out_f"]),
                t_in_f=float(row["t_in_f"]),
                speed=row["speed"],
                capacity_btuh=cap,
                input_w=input_w,
            )
        )
    return points


PriorPicker = Callable[[bool], HeatingPrior | None]


def estimate_w(point: Point, priors: PriorPicker | None = None) -> float:
    """Our estimate of the point's electrical input, from ratings, capacities and temperatures."""
    ratings = Ratings(hspf=point.hspf, seer=point.seer, eer=point.eer, ducted=point.ducted)
    rated_w = btuh_to_w(point.rated_capacity_btuh)
    if point.mode is Mode.HEAT:
        prior = priors(point.ducted) if priors else None
        perf = heating_prior_map(ratings, rated_w, prior)
    else:
        perf = cooling_prior_map(ratings, rated_w)
    return estimate_input(
        perf, f_to_c(point.t_out_f), f_to_c(point.t_in_f), btuh_to_w(point.capacity_btuh)
    ).input_w


def naive_w(point: Point) -> float:
    """The naive estimate: capacity / (HSPF/3.412) heating, capacity / (SEER/3.412) cooling."""
    rating = point.hspf if point.mode is Mode.HEAT else point.seer
    assert rating is not None
    return btuh_to_w(point.capacity_btuh) / (rating / BTU_PER_WH)


@dataclass
class Cell:
    """Absolute percentage errors of ours and naive for a group of points."""

    ours: list[float] = field(default_factory=list)
    naive: list[float] = field(default_factory=list)

    def add(self, ours: float, naive: float) -> None:
        """Add one point's errors."""
        self.ours.append(ours)
        self.naive.append(naive)

    @property
    def n(self) -> int:
        """Number of points."""
        return len(self.ours)

    @property
    def mape(self) -> float:
        """Our MAPE in percent."""
        return 100.0 * sum(self.ours) / len(self.ours)

    @property
    def naive_mape(self) -> float:
        """The naive formula's MAPE in percent."""
        return 100.0 * sum(self.naive) / len(self.naive)


@dataclass
class Score:
    """MAPE of one mode: overall, held-out units, per temperature, per temperature and speed."""

    overall: Cell = field(default_factory=Cell)
    held_out: Cell = field(default_factory=Cell)
    unseen: Cell = field(default_factory=Cell)
    per_temp: dict[float, Cell] = field(default_factory=dict)
    per_cell: dict[tuple[float, str], Cell] = field(default_factory=dict)


def score(points: Iterable[Point], priors: PriorPicker | None = None) -> Score:
    """Score ours and naive on these points."""
    result = Score()
    points = list(points)
    calibration_twins = {p.twin_key for p in points if not p.held_out}
    for point in points:
        ours = abs(estimate_w(point, priors) - point.input_w) / point.input_w
        naive = abs(naive_w(point) - point.input_w) / point.input_w
        result.overall.add(ours, naive)
        if point.held_out:
            result.held_out.add(ours, naive)
            if point.twin_key not in calibration_twins:
                result.unseen.add(ours, naive)
        result.per_temp.setdefault(point.t_out_f, Cell()).add(ours, naive)
        result.per_cell.setdefault((point.t_out_f, point.speed), Cell()).add(ours, naive)
    return result


@dataclass
class Verdict:
    """Whether each target is met."""

    heating_overall: bool
    heating_never_worse: bool
    cooling_overall: bool
    worse_temps: list[float]

    @property
    def ok(self) -> bool:
        """True when every target is met."""
        return self.heating_overall and self.heating_never_worse and self.cooling_overall


def verdict(heating: Score, cooling: Score) -> Verdict:
    """Check the targets of the issue against a heating and a cooling score."""
    worse = sorted(t for t, c in heating.per_temp.items() if c.mape > c.naive_mape)
    return Verdict(
        heating_overall=heating.overall.mape <= HEATING_TARGET,
        heating_never_worse=not worse,
        cooling_overall=cooling.overall.mape <= COOLING_TARGET,
        worse_temps=worse,
    )


def _fmt_temp(temp: float) -> str:
    return f"{temp:g}"


def table(title: str, result: Score, *, held_out: bool = True) -> str:
    """A Markdown table: per temperature and speed, per temperature, held-out and overall."""
    lines = [
        f"**{title}**",
        "",
        "| outdoor degF | speed | n | ours MAPE % | naive MAPE % |",
        "|---:|:---|---:|---:|---:|",
    ]
    for temp in sorted(result.per_temp, reverse=True):
        for speed in SPEED_ORDER:
            cell = result.per_cell.get((temp, speed))
            if cell:
                lines.append(
                    f"| {_fmt_temp(temp)} | {speed} | {cell.n} | {cell.mape:.1f} | "
                    f"{cell.naive_mape:.1f} |"
                )
        cell = result.per_temp[temp]
        lines.append(
            f"| **{_fmt_temp(temp)}** | all | {cell.n} | **{cell.mape:.1f}** | "
            f"**{cell.naive_mape:.1f}** |"
        )
    rows = (
        [
            ("held-out units", result.held_out),
            ("held-out, no twin in calibration", result.unseen),
        ]
        if held_out
        else []
    )
    for label, cell in [*rows, ("all points", result.overall)]:
        if cell.n:
            lines.append(
                f"| **{label}** | | {cell.n} | **{cell.mape:.1f}** | **{cell.naive_mape:.1f}** |"
            )
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# With the unit's own published points (what picking a listed unit in the options fills in).
# ----------------------------------------------------------------------------------------------


def _published(point: Point) -> PublishedPoint:
    return PublishedPoint(
        Mode.HEAT,
        f_to_c(point.t_out_f),
        Speed(point.speed),
        btuh_to_w(point.capacity_btuh),
        point.input_w,
    )


def published_points_report(points: Sequence[Point]) -> str:
    """MAPE at each point left out in turn, estimated from the unit's other published points.

    One row per kind of gap: a compressor speed the unit did not publish (e.g. the rated speed
    when only minimum and maximum are listed), and an outdoor temperature it did not publish
    (e.g. 5 degF from the 47 and 17 degF points). Nameplate only is the same estimate without
    points (the main table's model) on the same points.
    """
    units: dict[str, list[Point]] = {}
    for point in points:
        units.setdefault(point.unit, []).append(point)
    rows: dict[str, tuple[Cell, list[float]]] = {}
    for unit_points in units.values():
        first = unit_points[0]
        ratings = Ratings(hspf=first.hspf, seer=first.seer, eer=first.eer, ducted=first.ducted)
        base = heating_prior_map(ratings, btuh_to_w(first.rated_capacity_btuh))
        gaps = [(f"{s} speed left out", lambda p, s=s: p.speed == s) for s in SPEED_ORDER]
        gaps += [(f"{t:g} degF left out", lambda p, t=t: p.t_out_f == t) for t in STANDARD_TEMPS_F]
        for label, left_out in gaps:
            test = [p for p in unit_points if left_out(p)]
            given = [_published(p) for p in unit_points if not left_out(p)]
            if not test or not given:
                continue
            perf = base.with_points(given)
            cell, nameplate = rows.setdefault(label, (Cell(), []))
            for point in test:
                temps = (f_to_c(point.t_out_f), f_to_c(point.t_in_f))
                delivered = btuh_to_w(point.capacity_btuh)
                ours = estimate_input(perf, *temps, delivered).input_w
                plain = estimate_input(base, *temps, delivered).input_w
                cell.add(abs(ours - point.input_w) / point.input_w, 0.0)
                nameplate.append(abs(plain - point.input_w) / point.input_w)
    lines = [
        "**With the unit's other published points (heating, MAPE of the left-out points)**",
        "",
        "| left out | n | with points % | nameplate only % |",
        "|:---|---:|---:|---:|",
    ]
    for label, (cell, nameplate) in rows.items():
        lines.append(
            f"| {label} | {cell.n} | {cell.mape:.1f} | "
            f"{100.0 * sum(nameplate) / len(nameplate):.1f} |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# How far can any estimate from these inputs go? A data-driven reference on unseen units.
# ----------------------------------------------------------------------------------------------

CEILING_K = (5, 10)


def _features(point: Point) -> tuple[float, ...]:
    """What the estimate may know of a point, scaled to comparable spreads (ducted kept apart)."""
    return (
        point.t_out_f / 10.0,
        math.log(point.capacity_btuh / point.rated_capacity_btuh) / 0.3,
        math.log(point.rated_capacity_btuh / 18000.0) / 0.5,
        ((point.hspf or 10.0) - 10.0) / 1.5,
        ((point.seer or 20.0) - 20.0) / 4.0,
    )


def knn_estimate_w(
    point: Point,
    pool: Sequence[Point],
    k: int,
    features: Mapping[int, tuple[float, ...]] | None = None,
) -> float:
    """Input of the point from the median input/capacity of its k nearest calibration points.

    `features` may hold the pool's features by id(point), computed once for many queries.
    """
    mine = _features(point)

    def distance(other: Point) -> float:
        theirs = features[id(other)] if features is not None else _features(other)
        return sum((a - b) ** 2 for a, b in zip(theirs, mine, strict=True))

    same = [p for p in pool if p.ducted == point.ducted]
    nearest = sorted(same, key=distance)[:k]
    ratio = _median([p.input_w / btuh_to_w(p.capacity_btuh) for p in nearest])
    return ratio * btuh_to_w(point.capacity_btuh)


def ceiling_report(points: Sequence[Point]) -> str:
    """k-nearest-neighbour reference on held-out units, with and without calibration twins.

    A nearest-neighbour estimate assumes no physics at all: it looks up the most similar
    calibration points (same ducting; outdoor temperature, delivered/rated capacity, rated
    capacity, HSPF, SEER) and takes their median input per unit of capacity. On held-out units
    that have a twin in the calibration half it finds the twin's own points, which no estimate
    from ratings can do for a unit it has never seen; on units without a twin it shows what the
    inputs can carry.
    """
    pool = [p for p in points if not p.held_out]
    features = {id(p): _features(p) for p in pool}
    twins = {p.twin_key for p in pool}
    held = [p for p in points if p.held_out]
    groups = (
        ("held-out units", held),
        ("held-out, with a twin in calibration", [p for p in held if p.twin_key in twins]),
        ("held-out, no twin in calibration", [p for p in held if p.twin_key not in twins]),
    )
    header = "| points | n | ours % | naive % | " + " | ".join(f"{k}-nearest %" for k in CEILING_K)
    lines = [
        "**Reference: nearest-neighbour lookup (heating, MAPE)**",
        "",
        header.rstrip() + " |",
        "|:---|---:|---:|---:|" + "---:|" * len(CEILING_K),
    ]
    for label, group in groups:
        if not group:
            continue
        ours = [abs(estimate_w(p) - p.input_w) / p.input_w for p in group]
        naive = [abs(naive_w(p) - p.input_w) / p.input_w for p in group]
        knn = [
            [abs(knn_estimate_w(p, pool, k, features) - p.input_w) / p.input_w for p in group]
            for k in CEILING_K
        ]
        cells = [ours, naive, *knn]
        lines.append(
            f"| {label} | {len(group)} | "
            + " | ".join(f"{100.0 * sum(c) / len(c):.1f}" for c in cells)
            + " |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# Calibration of the heating priors on the even-AHRI half.
# ----------------------------------------------------------------------------------------------


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])


def _weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    pairs = sorted(zip(values, weights, strict=True))
    half = 0.5 * sum(weights)
    total = 0.0
    for value, weight in pairs:
        total += weight
        if total >= half:
            return value
    return pairs[-1][0]  # pragma: no cover


def calibrate_prior(
    points: Sequence[Point], *, ducted: bool, exponent: float, size_exponent: float = 0.0
) -> HeatingPrior:
    """Heating prior tables from calibration points: median capacity ratios, MAPE-optimal COPs.

    The COP anchor minimising the mean absolute percentage error of input power is the weighted
    median of 1/COP with weights COP (input error = COP_true / COP_estimate - 1).
    """
    reference = 10.0
    sizing = HeatingPrior({}, {}, min_size_exponent=size_exponent)
    capacity: dict[Speed, dict[float, float]] = {}
    cops: dict[Speed, dict[float, float]] = {}
    for speed in SPEED_ORDER:
        for temp in STANDARD_TEMPS_F:
            cell = [
                p
                for p in points
                if p.ducted == ducted and p.t_out_f == temp and p.speed == speed and p.hspf
            ]
            if len(cell) < 10:
                continue
            capacity.setdefault(Speed(speed), {})[temp] = round(
                _median([p.capacity_btuh / p.rated_capacity_btuh for p in cell]), 3
            )
            norm = [
                p.cop
                / (reference / BTU_PER_WH * ((p.hspf or reference) / reference) ** exponent)
                / (
                    sizing.min_size_factor(btuh_to_w(p.rated_capacity_btuh))
                    if speed == "min"
                    else 1.0
                )
                for p in cell
            ]
            cops.setdefault(Speed(speed), {})[temp] = round(
                1.0 / _weighted_median([1.0 / c for c in norm], norm), 3
            )
    return HeatingPrior(
        capacity,
        cops,
        reference_hspf=reference,
        hspf_exponent=exponent,
        min_size_exponent=size_exponent,
    )


def calibrate(points: Sequence[Point]) -> dict[bool, HeatingPrior]:
    """Calibrate ductless and ducted priors on the even-AHRI units, choosing the HSPF exponent."""
    cal = [p for p in points if not p.held_out]
    best: dict[bool, HeatingPrior] = {}
    for ducted in (False, True):
        subset = [p for p in cal if p.ducted == ducted]
        candidates = []
        for step in range(11):
            for size_step in range(6):
                exponent, size_exponent = step / 10.0, size_step / 10.0
                prior = calibrate_prior(
                    subset, ducted=ducted, exponent=exponent, size_exponent=size_exponent
                )
                mape = score(subset, lambda _d, prior=prior: prior).overall.mape
                candidates.append((mape, exponent, prior))
        best[ducted] = min(candidates, key=lambda c: c[0])[2]
    return best


def _prior_literal(name: str, prior: HeatingPrior) -> str:
    def block(table: dict[Speed, dict[float, float]] | object) -> str:
        assert isinstance(table, dict)
        rows = []
        for speed in (Speed.MIN, Speed.RATED, Speed.MAX):
            items = ", ".join(f"{t:g}.0: {v}" for t, v in sorted(table[speed].items()))
            rows.append(f"        Speed.{speed.name}: {{{items}}},")
        return "\n".join(rows)

    return (
        f"{name} = HeatingPrior(\n    capacity_ratio={{\n{block(prior.capacity_ratio)}\n    }},\n"
        f"    cop_ratio={{\n{block(prior.cop_ratio)}\n    }},\n"
        f"    reference_hspf={prior.reference_hspf},\n    hspf_exponent={prior.hspf_exponent},\n"
        f"    min_size_exponent={prior.min_size_exponent},\n)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the validation (or the calibration) and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HEATING_DATA, help="NEEP heating points CSV")
    parser.add_argument("--cooling-data", type=Path, default=COOLING_DATA)
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="print heating priors calibrated on the even-AHRI units instead of validating",
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="also print a nearest-neighbour reference on held-out units (takes seconds)",
    )
    args = parser.parse_args(argv)
    heating_points, dropped = load_heating(args.data)
    print(f"Heating data: {args.data}")
    print(f"kept {len(heating_points)} points of {len({p.unit for p in heating_points})} units")
    for reason, count in dropped.most_common():
        print(f"dropped {count:4d}: {reason}")
    if args.calibrate:
        priors = calibrate(heating_points)
        print(_prior_literal("DUCTLESS_HEATING_PRIOR", priors[False]))
        print(_prior_literal("DUCTED_HEATING_PRIOR", priors[True]))
        return 0
    cooling_points = load_cooling(args.cooling_data)
    heating = score(heating_points)
    cooling = score(cooling_points)
    print()
    print(
        "Calibration: heating prior tables set on even-AHRI units only (see --calibrate); "
        "'held-out units' rows score the odd-AHRI units never used. Cooling uses published "
        "priors only."
    )
    print()
    print(table("Heating, NEEP ccASHP 2017 (indoor 70 degF)", heating))
    print()
    print(table(f"Cooling, {args.cooling_data.name} (indoor 80 degF)", cooling, held_out=False))
    print()
    print(published_points_report(heating_points))
    print()
    if args.ceiling:
        print(ceiling_report(heating_points))
        print()
    result = verdict(heating, cooling)
    checks = (
        (
            f"heating MAPE {heating.overall.mape:.1f} % <= {HEATING_TARGET:g} %",
            result.heating_overall,
        ),
        (
            "heating never worse than naive at any outdoor temperature"
            + (f" (worse at {result.worse_temps})" if result.worse_temps else ""),
            result.heating_never_worse,
        ),
        (
            f"cooling MAPE {cooling.overall.mape:.1f} % <= {COOLING_TARGET:g} %",
            result.cooling_overall,
        ),
    )
    for text, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}: {text}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
