"""The design temperature suggested from a place: the station table, its build, the suggestion."""

from __future__ import annotations

import csv
from pathlib import Path
from types import ModuleType

import pytest

from custom_components.minisplit.costcore import f_to_c
from custom_components.minisplit.costcore.design_climate import (
    DESIGN_CLIMATE_PATH,
    LAPSE_RATE_K_PER_M,
    MAX_DISTANCE_KM,
    DesignStation,
    great_circle_km,
    load_design_stations,
    read_design_stations,
    suggest_design_temperature,
    suggest_for,
)

from .conftest import load_script

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return load_script("build_design_climate")


def data_rows() -> dict[str, dict[str, str]]:
    """data/design_conditions_tmyx.csv by WMO number."""
    with (DATA / "design_conditions_tmyx.csv").open(newline="", encoding="utf-8") as handle:
        return {row["wmo"]: row for row in csv.DictReader(handle) if row["wmo"]}


def test_build_is_deterministic_and_matches_the_committed_file(
    builder: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert builder.main(["--output", str(first)]) == 0
    assert builder.main(["--output", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    # The committed table is what the script writes from data/'s CSV.
    assert first.read_bytes() == DESIGN_CLIMATE_PATH.read_bytes()
    assert "wrote" in capsys.readouterr().out
    assert len(first.read_bytes()) < 500_000


def test_check_mode_reports_a_stale_file(
    builder: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert builder.main(["--check", "--output", str(DESIGN_CLIMATE_PATH)]) == 0
    assert "up to date" in capsys.readouterr().out
    stale = tmp_path / "stale.json"
    stale.write_text(DESIGN_CLIMATE_PATH.read_text(encoding="utf-8").replace("-20.6", "-2.6"))
    assert builder.main(["--check", "--output", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert builder.main(["--check", "--output", str(tmp_path / "missing.json")]) == 1
    assert not (tmp_path / "missing.json").exists()


def test_build_rounds_and_leaves_out_rows_without_a_heating_value_or_a_position(
    builder: ModuleType, tmp_path: Path
) -> None:
    source = tmp_path / "stations.csv"
    source.write_text(
        "country,state,station,wmo,latitude,longitude,elevation_m,heating_99_c,cooling_1_c,"
        "period,inherited_from_wmo\n"
        "USA,MN,A,1,44.883,-93.229,255.0,-20.64,31.4,TMYx,\n"
        "USA,MN,B,2,45.0,-93.0,250.0,,31.0,TMYx,\n"
        "USA,MN,C,3,45.0,-93.0,250.0,-20.0,,TMYx,1\n"
        "MNG,GA,D,4,0.0,0.0,1793.0,19.9,28.2,TMYx,\n",
        encoding="utf-8",
    )
    table = builder.build(source)
    assert table["columns"] == [
        "latitude",
        "longitude",
        "elevation_m",
        "heating_99_c",
        "cooling_1_c",
    ]
    assert table["stations"] == [[44.88, -93.23, 255, -20.6, 31.4], [45.0, -93.0, 250, -20.0, None]]
    output = tmp_path / "table.json"
    output.write_text(builder.render(table), encoding="utf-8")
    assert read_design_stations(output) == (
        DesignStation(44.88, -93.23, 255.0, -20.6, 31.4),
        DesignStation(45.0, -93.0, 250.0, -20.0, None),
    )


def test_the_package_table_covers_north_america_and_europe() -> None:
    stations = load_design_stations()
    with (DATA / "design_conditions_tmyx.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    at_null_island = [row for row in rows if float(row["latitude"]) == float(row["longitude"]) == 0]
    assert len(rows) == 16_674
    assert len(at_null_island) == 3  # the index's placeholder position
    assert len(stations) == len(rows) - len(at_null_island)  # every other row kept
    assert not any(s.latitude == s.longitude == 0 for s in stations)
    assert all(-90 <= s.latitude <= 90 and -180 <= s.longitude <= 180 for s in stations)
    assert all(-80 < s.heating_99_c < 30 for s in stations)
    # A home in each of these cities has a station within the suggestion's reach.
    for latitude, longitude in [
        (44.98, -93.27),  # Minneapolis
        (43.65, -79.38),  # Toronto
        (33.75, -84.39),  # Atlanta
        (52.52, 13.40),  # Berlin
        (48.86, 2.35),  # Paris
        (59.33, 18.07),  # Stockholm
        (41.90, 12.50),  # Rome
    ]:
        assert suggest_for(latitude, longitude, None) is not None


@pytest.mark.parametrize(
    ("wmo", "city"),
    [
        ("726580", "Minneapolis-St.Paul"),
        ("722190", "Atlanta Hartsfield-Jackson"),
        ("103820", "Berlin-Tegel"),
        ("716240", "Toronto Pearson"),
    ],
)
def test_a_home_at_a_station_gets_that_stations_design_temperature(wmo: str, city: str) -> None:
    row = data_rows()[wmo]
    suggestion = suggest_for(
        float(row["latitude"]), float(row["longitude"]), float(row["elevation_m"])
    )
    assert suggestion is not None, city
    assert suggestion.stations == 1  # within 1 km, the station alone
    assert suggestion.heating_99_c == pytest.approx(float(row["heating_99_c"]), abs=0.05)


def test_known_cities_read_the_datas_own_values() -> None:
    rows = data_rows()
    # Minneapolis downtown: its airports' -20.6 and -21.3 degC, 99 % (colder than the -10 default).
    minneapolis = suggest_for(44.98, -93.27, 260.0)
    assert minneapolis is not None
    airports = [float(rows[w]["heating_99_c"]) for w in ("726580", "726575")]
    assert min(airports) - 0.5 <= minneapolis.heating_99_c <= max(airports) + 0.5
    # Berlin's stations read about -7 degC, Atlanta's about -3.
    berlin = suggest_for(52.52, 13.40, 34.0)
    assert berlin is not None
    assert berlin.heating_99_c == pytest.approx(float(rows["103840"]["heating_99_c"]), abs=0.5)
    atlanta = suggest_for(33.75, -84.39, 320.0)
    assert atlanta is not None
    assert atlanta.heating_99_c == pytest.approx(float(rows["722195"]["heating_99_c"]), abs=0.5)


def test_the_table_agrees_with_the_ashrae_values_of_tmy3_files() -> None:
    """A cross-check against another source: within 2 K wherever both list the station."""
    rows = data_rows()
    checked = []
    path = DATA / "design_check_openstudio_hpxml.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        for check in csv.DictReader(handle):
            if check["basis"] != "design_conditions" or check["wmo"] not in rows:
                continue
            ours = float(rows[check["wmo"]]["heating_99_c"])
            checked.append(ours - f_to_c(float(check["heating_99_f"])))
    assert len(checked) >= 40
    assert max(abs(d) for d in checked) <= 2.0
    assert sorted(checked)[len(checked) // 2] == pytest.approx(0.0, abs=0.5)


STATION = DesignStation(45.0, -93.0, 250.0, -20.0, 31.0)


def test_the_suggestion_moves_with_elevation_at_the_standard_lapse_rate() -> None:
    stations = (STATION,)
    higher = suggest_design_temperature(45.0, -93.0, 1250.0, stations)
    assert higher is not None
    assert higher.heating_99_c == pytest.approx(-20.0 - 6.5)
    assert LAPSE_RATE_K_PER_M == 0.0065
    lower = suggest_design_temperature(45.0, -93.0, 0.0, stations)
    assert lower is not None
    assert lower.heating_99_c == pytest.approx(-20.0 + 250 * 0.0065)
    # Without the home's elevation the station's value stands.
    unknown = suggest_design_temperature(45.0, -93.0, None, stations)
    assert unknown is not None
    assert unknown.heating_99_c == -20.0


def test_no_station_within_reach_gives_none() -> None:
    # 1 degree of latitude is 111.2 km: 1.34 degrees is just inside 150 km, 1.36 just outside.
    assert great_circle_km(45.0, -93.0, 46.0, -93.0) == pytest.approx(111.19, abs=0.01)
    assert suggest_design_temperature(46.34, -93.0, None, (STATION,)) is not None
    assert suggest_design_temperature(46.36, -93.0, None, (STATION,)) is None
    assert MAX_DISTANCE_KM == 150.0
    # Across the date line too: 0.5 degree of longitude at the equator is 55.6 km.
    antimeridian = DesignStation(0.0, 179.75, 0.0, 20.0, None)
    assert great_circle_km(0.0, -179.75, 0.0, 179.75) == pytest.approx(55.6, abs=0.1)
    assert suggest_design_temperature(0.0, -179.75, None, (antimeridian,)) is not None
    # Mid-Atlantic: nothing.
    assert suggest_for(40.0, -40.0, None) is None


def test_the_nearest_station_decides_and_farther_ones_temper_it() -> None:
    near = DesignStation(45.0, -93.0, 0.0, -20.0, None)
    far = DesignStation(45.0, -92.0, 0.0, -10.0, None)  # 78.6 km east
    farther = DesignStation(45.0, -91.9, 0.0, -5.0, None)
    beyond = DesignStation(45.0, -91.8, 0.0, 0.0, None)  # a fourth: not counted
    home = (45.0, -92.9)  # 7.9 km from `near`
    suggestion = suggest_design_temperature(*home, None, (beyond, far, near, farther))
    assert suggestion is not None
    assert suggestion.nearest == near
    assert suggestion.distance_km == pytest.approx(7.86, abs=0.01)
    assert suggestion.stations == 3
    assert -20.0 < suggestion.heating_99_c < -19.5
    # Halfway between two stations: their mean.
    halfway = suggest_design_temperature(45.0, -92.5, None, (near, far))
    assert halfway is not None
    assert halfway.heating_99_c == pytest.approx(-15.0, abs=0.01)
