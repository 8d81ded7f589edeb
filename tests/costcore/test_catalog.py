"""The catalogue of known units: its build from the NEEP listings, the loader, labels, options."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from custom_components.minisplit.cost.settings import CostSettings, parse_points
from custom_components.minisplit.costcore import Mode, Speed, btuh_to_w, f_to_c
from custom_components.minisplit.costcore.catalog import (
    CATALOG_PATH,
    CatalogPoint,
    CatalogUnit,
    catalog_unit,
    display_order,
    load_catalog,
    match_unit,
    read_catalog,
    search_units,
)

from .conftest import load_script

VISTA_12 = "9966684"  # Daikin Vista RX12QMVJU / FFQ12Q2VJU
FH12NA = "7002063"  # Mitsubishi MUZ-FH12NA / MSZ-FH12NA, only in the rest of the 2017 listing
FH18NAH2_2017 = "8797134"  # MUZ-FH18NAH2 / MSZ-FH18NAH2, superseded by a newer listing
FH18NAH2 = "201754303"  # MUZ-FH18NAH2 / MSZ-FH18NA
GL15NAH2 = "202680596"  # MUZ-GL15NAH2 / MSZ-GL15NA


def _load_script() -> ModuleType:
    return load_script("build_catalog")


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _load_script()


def unit_dict(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "123",
        "manufacturer": "Maker Inc",
        "brand": "Maker",
        "series": "Cold Series",
        "outdoor_model": "OUT12",
        "indoor_model": "IN12",
        "hspf": 10,
        "seer": 20.5,
        "eer": None,
        "ducted": False,
        "heating_capacity_btuh": 13500,
        "cooling_capacity_btuh": None,
        "pan_heater_w": None,
        "points": [[47, "min", 4600, 250], [-4.5, "max", 7500.5, 960]],
    }
    return data | changes


def test_build_is_deterministic_and_matches_the_committed_file(
    builder: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert builder.main(["--output", str(first)]) == 0
    assert builder.main(["--output", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    # The committed catalogue is what the script writes from data/'s CSV: rebuild it after
    # changing the script or the validation filters it reuses.
    assert first.read_bytes() == CATALOG_PATH.read_bytes()
    assert "wrote" in capsys.readouterr().out
    assert len(first.read_bytes()) < 300_000


def test_check_mode_reports_a_stale_file(
    builder: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert builder.main(["--check", "--output", str(CATALOG_PATH)]) == 0
    assert "up to date" in capsys.readouterr().out
    stale = tmp_path / "stale.json"
    stale.write_text(CATALOG_PATH.read_text(encoding="utf-8").replace("Vista", "Vesta"))
    assert builder.main(["--check", "--output", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert builder.main(["--check", "--output", str(tmp_path / "missing.json")]) == 1
    assert not (tmp_path / "missing.json").exists()


def test_build_follows_the_validation_filters(builder: ModuleType) -> None:
    catalog = builder.build((builder.DATA, builder.REST), (builder.NEWER,))
    units = {unit["id"]: unit for unit in catalog["units"]}
    kept = [
        point
        for path in (builder.DATA, builder.REST, builder.NEWER)
        for point in builder.validate_costcore.load_heating(path)[0]
        if point.unit != FH18NAH2_2017
    ]
    # Every unit with a point the validation filters keep is in the catalogue, with exactly those
    # points.
    assert set(units) == {point.unit for point in kept}
    assert sum(len(unit["points"]) for unit in units.values()) == len(kept)
    # A repeated AHRI number (listed by Lennox and by Midea) is one entry.
    assert len(units) == len({unit["id"] for unit in catalog["units"]})
    assert units["9920041"]["brand"] == "Lennox"
    # Pan heater powers of thousands of watts are spreadsheet errors in the listing.
    assert all(
        unit["pan_heater_w"] is None or 0 <= unit["pan_heater_w"] <= 1000 for unit in units.values()
    )
    assert units[VISTA_12]["pan_heater_w"] == 140
    assert list(units) == sorted(units, key=lambda ahri: (len(ahri), ahri))


def test_the_rest_of_the_2017_listing_and_newer_listings(builder: ModuleType) -> None:
    catalog = builder.build((builder.DATA, builder.REST), (builder.NEWER,))
    units = {unit["id"]: unit for unit in catalog["units"]}
    fh12 = units[FH12NA]
    assert (fh12["outdoor_model"], fh12["indoor_model"], fh12["heating_capacity_btuh"]) == (
        "MUZ-FH12NA",
        "MSZ-FH12NA",
        13600,
    )
    assert fh12["points"][:2] == [[47, "min", 3700, 280], [47, "rated", 13600, 950]]
    assert fh12["points"][-1] == [-13, "max", 9900, 1600]
    # The newer listing of the same equipment wins over the 2017 one.
    assert FH18NAH2_2017 not in units
    assert units[FH18NAH2]["points"][1] == [47, "rated", 20300, 1770]
    # Within one listing, an indoor model extending another is another certified combination.
    assert {"7993244", "8703506"} <= set(units)
    # The validation's file alone gives the units it scores, and nothing else.
    alone = builder.build((builder.DATA,))
    kept, _ = builder.validate_costcore.load_heating(builder.DATA)
    assert {unit["id"] for unit in alone["units"]} == {point.unit for point in kept}
    assert FH12NA not in {unit["id"] for unit in alone["units"]}


def test_units_with_published_cooling_points_carry_them(builder: ModuleType) -> None:
    catalog = builder.build((builder.DATA, builder.REST), (builder.NEWER,), cooling=builder.COOLING)
    units = {unit["id"]: unit for unit in catalog["units"]}
    # The cooling file's units with an AHRI number the catalogue lists, at 95 and 82 degF.
    assert {ahri for ahri, unit in units.items() if unit["cooling_points"]} == {
        FH18NAH2,
        GL15NAH2,
    }
    assert units[GL15NAH2]["cooling_points"] == [
        [95, "min", 3100, 210],
        [95, "rated", 14000, 1080],
        [95, "max", 18200, 2000],
        [82, "min", 3428, 190],
        [82, "max", 20098, 1800],
    ]
    assert units[VISTA_12]["cooling_points"] == []
    # Without the cooling file, no unit has any.
    plain = builder.build((builder.DATA,))
    assert all(unit["cooling_points"] == [] for unit in plain["units"])
    # A unit picked in the flow gets them as `cool` lines after its heating ones.
    lines = catalog_unit(GL15NAH2).published_points.splitlines()
    assert lines[-5:] == [
        "cool 95 min 3100 210",
        "cool 95 rated 14000 1080",
        "cool 95 max 18200 2000",
        "cool 82 min 3428 190",
        "cool 82 max 20098 1800",
    ]
    assert all(line.startswith("heat ") for line in lines[:-5])


def test_a_newer_listing_supersedes_only_the_same_equipment(builder: ModuleType) -> None:
    def entry(ahri: str, outdoor: str, indoor: str) -> dict[str, str]:
        return {"id": ahri, "outdoor_model": outdoor, "indoor_model": indoor}

    new = entry("2", "MUZ-FH18NAH2", "MSZ-FH18NA")
    assert builder._supersedes(new, entry("1", "muz-fh18nah2", "MSZ-FH18NAH2"))
    assert builder._supersedes(new, entry("1", "MUZ-FH18NAH2", "MSZ-FH18NA"))
    assert builder._supersedes(new, entry("2", "OTHER", "OTHER"))
    assert not builder._supersedes(new, entry("1", "MUZ-FH18NA2", "MSZ-FH18NA"))
    assert not builder._supersedes(new, entry("1", "MUZ-FH18NAH2", "MSZ-FH15NA"))
    assert not builder._supersedes(entry("2", "X", ""), entry("1", "X", "Y"))


def test_loader_round_trip(tmp_path: Path) -> None:
    units = load_catalog()
    assert load_catalog() is units  # cached
    raw = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    assert raw["source"].startswith("NEEP Cold Climate")
    assert len(units) == len(raw["units"]) == 438
    assert sum(unit.brand == "Daikin" for unit in units) == 21
    copy = tmp_path / "catalog.json"
    copy.write_text(json.dumps(raw), encoding="utf-8")
    assert read_catalog(copy) == units
    for unit, entry in zip(units, raw["units"], strict=True):
        assert unit.id == entry["id"]
        assert unit.hspf == entry["hspf"]
        assert unit.eer == entry["eer"]
        points = {
            mode: [
                [p.t_out_f, p.speed.value, p.capacity_btuh, p.input_w]
                for p in unit.points
                if p.mode is mode
            ]
            for mode in (Mode.HEAT, Mode.COOL)
        }
        assert points[Mode.HEAT] == entry["points"]
        assert points[Mode.COOL] == entry["cooling_points"]


def test_unit_from_dict() -> None:
    unit = CatalogUnit.from_dict(unit_dict())
    assert unit == CatalogUnit(
        id="123",
        manufacturer="Maker Inc",
        brand="Maker",
        series="Cold Series",
        outdoor_model="OUT12",
        indoor_model="IN12",
        hspf=10.0,
        seer=20.5,
        eer=None,
        ducted=False,
        heating_capacity_btuh=13500.0,
        cooling_capacity_btuh=None,
        pan_heater_w=None,
        points=(
            CatalogPoint(47.0, Speed.MIN, 4600.0, 250.0),
            CatalogPoint(-4.5, Speed.MAX, 7500.5, 960.0),
        ),
    )
    with pytest.raises(ValueError, match="fast"):
        CatalogUnit.from_dict(unit_dict(points=[[47, "fast", 4600, 250]]))


def test_lookup_by_id() -> None:
    unit = catalog_unit(VISTA_12)
    assert unit is not None
    assert (unit.brand, unit.series, unit.outdoor_model, unit.indoor_model) == (
        "Daikin",
        "Vista",
        "RX12QMVJU",
        "FFQ12Q2VJU",
    )
    assert catalog_unit(f" {VISTA_12} ") is unit
    assert catalog_unit("0") is None


def test_labels() -> None:
    unit = catalog_unit(VISTA_12)
    assert unit is not None
    assert unit.label == (
        "Daikin Vista RX12QMVJU / FFQ12Q2VJU, 13,500 Btu/h heating (AHRI 9966684)"
    )
    no_series = CatalogUnit.from_dict(unit_dict(series="", ducted=True))
    assert no_series.label == "Maker OUT12 / IN12, ducted, 13,500 Btu/h heating (AHRI 123)"
    named = CatalogUnit.from_dict(unit_dict(series="maker Cold 5000"))
    assert named.label.startswith("maker Cold 5000 OUT12 / IN12,")
    # Every label is different: the picker can tell every unit apart.
    labels = [unit.label for unit in load_catalog()]
    assert len(set(labels)) == len(labels)


def test_options_of_a_unit() -> None:
    unit = catalog_unit(VISTA_12)
    assert unit is not None
    options = unit.options()
    assert options == {
        "hspf": 11.2,
        "seer": 20.2,
        "eer": 12.5,
        "ducted": False,
        "heating_capacity_btuh": 13500.0,
        "pan_heater_w": 140.0,
        "cooling_capacity_btuh": 10800.0,
        "published_points": unit.published_points,
    }
    assert options["published_points"].splitlines()[:2] == [
        "heat 47 min 4600 250",
        "heat 47 rated 13500 990",
    ]
    # Values the listing lacks are left out, so the form leaves them empty.
    sparse = CatalogUnit.from_dict(unit_dict(points=[])).options()
    assert set(sparse) == {"hspf", "seer", "ducted", "heating_capacity_btuh"}
    fractional = CatalogUnit.from_dict(unit_dict())
    assert fractional.published_points == "heat 47 min 4600 250\nheat -4.5 max 7500.5 960"


def test_published_points_parse_back() -> None:
    for unit in load_catalog():
        parsed = parse_points(unit.published_points)
        assert len(parsed) == len(unit.points)
        for point, read in zip(unit.points, parsed, strict=True):
            assert read.mode is point.mode
            assert read.speed is point.speed
            assert read.outdoor_c == pytest.approx(f_to_c(point.t_out_f))
            assert read.capacity_w == pytest.approx(btuh_to_w(point.capacity_btuh))
            assert read.input_w == pytest.approx(point.input_w)


def test_every_unit_gives_a_working_estimate() -> None:
    for unit in load_catalog():
        settings = CostSettings.from_options(unit.options())
        assert settings.hspf == unit.hspf
        assert settings.heating_capacity_btuh == unit.heating_capacity_btuh
        assert len(settings.points) == len(unit.points)
        heat_pump = settings.heat_pump()
        half = btuh_to_w(unit.heating_capacity_btuh) / 2
        for outdoor_f in (47.0, 17.0, 5.0):
            estimate = heat_pump.estimate(Mode.HEAT, f_to_c(outdoor_f), 21.0, half)
            assert estimate.input_w > 0, unit.id
            assert 1.0 < estimate.cop < 8.0, unit.id
        cooling = heat_pump.estimate(Mode.COOL, f_to_c(95.0), 26.7, half)
        assert cooling.input_w > 0, unit.id


def test_display_order_puts_the_heads_maker_first() -> None:
    ordered = display_order(load_catalog(), "daikin")
    daikin = [unit for unit in ordered if unit.brand == "Daikin"]
    assert ordered[: len(daikin)] == daikin
    assert [unit.series for unit in daikin[:1]] == ["Aurora Series"]
    capacities = [u.heating_capacity_btuh for u in daikin if u.series == "Vista"]
    assert capacities == sorted(capacities)
    rest = ordered[len(daikin) :]
    assert [unit.brand.casefold() for unit in rest] == sorted(u.brand.casefold() for u in rest)


def test_match_unit() -> None:
    units = load_catalog()
    vista = catalog_unit(VISTA_12)
    assert match_unit(units, VISTA_12) is vista
    assert match_unit(units, "rx12qmvju / ffq12") is vista  # a unique part of a label
    assert match_unit(units, "Vista") is None  # four Vista units
    assert match_unit(units, "  ") is None
    assert match_unit(units, "no such unit") is None


def models(units: list[CatalogUnit]) -> list[str]:
    return [f"{unit.outdoor_model} / {unit.indoor_model}" for unit in units]


def test_search_by_part_of_a_model_number() -> None:
    units = load_catalog()
    # A part of the model number, whatever the dashes, spaces and case.
    expected = ["MUZ-FH12NA / MSZ-FH12NA", "MUZ-FH12NAH / MSZ-FH12NAH"]
    for text in ("fh12", "FH12", "fh-12", "mitsubishi fh12", "  fh12  "):
        assert models(search_units(units, text, "daikin")) == expected, text
    assert models(search_units(units, "muzfh12na", "")) == expected
    # The exact model first, the models it begins before them.
    assert models(search_units(units, "MUZ-FH12NAH", "")) == expected[::-1]
    # A nameplate's suffix after the model still finds it.
    assert models(search_units(units, "MSZ-FH12NA-U1", "")) == expected[:1]
    assert models(search_units(units, "gl15", "")) == ["MUZ-GL15NAH2 / MSZ-GL15NA"]


def test_search_ranks_models_before_brands_and_labels() -> None:
    units = load_catalog()
    # The start of a model before a part of one: "lau120" begins LAU120HYV and LAU120HYV1.
    found = search_units(units, "lau120hyv", "")
    assert [unit.outdoor_model for unit in found] == ["LAU120HYV", "LAU120HYV1"]
    # An AHRI number, or its start.
    assert search_units(units, VISTA_12, "") == [catalog_unit(VISTA_12)]
    assert catalog_unit(VISTA_12) in search_units(units, VISTA_12[:4], "")
    # Brand and series words, and the rest of the label (capacity, "ducted").
    vistas = search_units(units, "daikin vista", "daikin")
    assert [unit.series for unit in vistas] == ["Vista"] * 4
    capacities = [unit.heating_capacity_btuh for unit in vistas]
    assert capacities == sorted(capacities)  # ties keep the display order
    assert all("13,500 Btu/h" in unit.label for unit in search_units(units, "13,500", ""))
    ducted = search_units(units, "trane ducted", "")
    assert ducted
    assert all(unit.ducted and unit.brand == "Trane" for unit in ducted)
    # A unit whose model holds the word ranks before one whose label merely does.
    mixed = [catalog_unit(VISTA_12), CatalogUnit.from_dict(unit_dict(series="RX12 series"))]
    assert search_units(reversed(mixed), "rx12", "") == mixed
    # Every word must match; nothing matches nothing.
    assert search_units(units, "fh12 daikin", "") == []
    assert search_units(units, "no such unit", "") == []
    assert search_units(units, "   ", "daikin") == display_order(units, "daikin")
