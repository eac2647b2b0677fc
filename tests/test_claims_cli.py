"""The claims commands on a real store: `claims import` (CSV, GeoJSON), `claims list --place`, `zones --date`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner
from pyproj import Geod
from shapely.geometry import box, mapping

from events.__main__ import main
from events.model import ControlClaim

GEOD = Geod(ellps="WGS84")
CSV = """place,latitude,longitude,faction,date,valid_from,valid_to,source_url,source_title,quote,confidence
Raqqa,,,ISIS,2014-01-14,,,https://example.org/raqqa-2014,IS takes Raqqa,The group took full control of Raqqa,
Ar-Raqqah,,,Syrian Democratic Forces,2017-10-20,,,https://example.org/raqqa-2017,SDF take Raqqa,,0.9
Deir ez-Zor airport,35.285,40.176,Syrian Arab Army,2018-01-05,2014-07-01,2017-11-03,https://example.org/dez,The siege,,
Damascus,,,Government of Syria,2015-05-01,,,https://example.org/damascus,Damascus,,
"""


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory, monkeypatch) -> Path:
    """The gazetteer's cache in a folder of the tests' own; no fetched districts, so zones follow the outline."""
    folder = tmp_path_factory.getbasetemp() / "claims-cli-geodata"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("SYRIAMAP_DATA_DIR", str(folder))
    return folder


def _url(store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def run(store, *args: str):
    return CliRunner().invoke(main, [*args, "--db", _url(store)])


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _syria_km2() -> float:
    from geodata.boundaries import load_outline

    return abs(GEOD.geometry_area_perimeter(load_outline().geometry.iloc[0])[0]) / 1e6


def test_import_list_and_zones_from_a_csv(store, tmp_path):
    path = _write(tmp_path, "claims.csv", CSV)
    first = run(store, "claims", "import", str(path))
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {
        "file": str(path),
        "claims": 4,
        "polygons": 0,
        "inserted": 4,
        "updated": 0,
    }
    again = run(store, "claims", "import", str(path))  # the same file again updates, never duplicates
    assert json.loads(again.stdout)["updated"] == 4 and store.counts()["claims"] == 4

    listed = run(store, "claims", "list", "--place", "al-Raqqa")
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("2014-01-14  Islamic State") and "<https://example.org/raqqa-2014>" in lines[0]
    assert lines[1].startswith("2017-10-20  SDF") and "SDF take Raqqa" in lines[1]
    records = [
        json.loads(line)
        for line in run(store, "claims", "list", "--place", "Raqqa", "--json").stdout.splitlines()
    ]
    assert [(r["observed"], r["faction"], r["confidence"]) for r in records] == [
        ("2014-01-14", "Islamic State", 1.0), ("2017-10-20", "SDF", 0.9)
    ]  # fmt: skip
    assert (
        records[0]["quote"] == "The group took full control of Raqqa"
        and records[0]["place_id"] == "gn:172955"
    )

    zones = run(store, "zones", "--date", "2015-06-01")
    assert zones.exit_code == 0, zones.output
    collection = json.loads(zones.stdout)
    assert collection["type"] == "FeatureCollection" and collection["date"] == "2015-06-01"
    properties = {f["properties"]["faction"]: f["properties"] for f in collection["features"]}
    assert set(properties) == {"Government of Syria", "Islamic State"}
    government = properties["Government of Syria"]
    assert government["claims"] == 2 and government["oldest_claim"] == "2015-05-01"
    assert government["newest_claim"] == "2018-01-05"  # the siege claim, observed later, speaks for 2014-2017
    assert set(government) >= {"faction", "area_km2", "claims", "oldest_claim", "newest_claim"}
    assert properties["Islamic State"]["freshness"] == 0.5  # Raqqa's claim is 503 days old: fading
    total = sum(p["area_km2"] for p in properties.values())
    assert total == pytest.approx(_syria_km2(), rel=5e-3)
    for feature in collection["features"]:
        assert shapely.geometry.shape(feature["geometry"]).is_valid

    later = json.loads(run(store, "zones", "--date", "2018-02-01").stdout)
    assert {f["properties"]["faction"] for f in later["features"]} == {
        "SDF"
    }  # the siege ended, Damascus expired


def test_polygon_zones_and_points_from_geojson(store, tmp_path):
    east = box(39.0, 34.0, 43.0, 37.5)
    document = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": mapping(east),
             "properties": {"faction": "SDF", "date": "2019-04-01", "url": "https://example.org/east"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.29, 33.51]},
             "properties": {"place": "Damascus", "faction": "SAA", "date": "2019-04-01",
                            "source_url": "https://example.org/damascus"}},
        ],
    }  # fmt: skip
    path = _write(tmp_path, "zones.geojson", json.dumps(document))
    result = run(store, "claims", "import", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["polygons"] == 1 and store.counts()["claims"] == 2

    collection = json.loads(run(store, "zones", "--date", "2019-05-01").stdout)
    by = {f["properties"]["faction"]: f for f in collection["features"]}
    assert set(by) == {"Government of Syria", "SDF"}
    sdf = shapely.geometry.shape(by["SDF"]["geometry"])
    assert sdf.within(east.buffer(1e-4))  # the polygon decides its ground, clipped to Syria
    assert shapely.geometry.shape(by["Government of Syria"]["geometry"]).intersection(east).area < 1e-6
    assert by["SDF"]["properties"]["claims"] == 1 and by["SDF"]["properties"]["area_km2"] > 40_000


def test_a_bad_file_names_its_rows_and_fields_and_stores_nothing(store, tmp_path):
    text = CSV + (
        "Homs,,,Martians,2016-01-01,,,https://example.org/x,X,,\n"
        "Homs,,,SAA,01/02/2016,,,https://example.org/y,Y,,\n"
        "Homs,,,SAA,2016-01-02,,,,Y,,\n"
        "Xyzzyville Qqq,,,SAA,2016-01-02,,,https://example.org/z,Z,,\n"
        "Homs,34.7,,SAA,2016-01-02,,,https://example.org/w,W,,\n"
    )
    path = _write(tmp_path, "bad.csv", text)
    result = run(store, "claims", "import", str(path))
    assert result.exit_code == 1
    for where in ("row 6, field 'faction'", "row 7, field 'date'", "row 8, field 'source_url'",
                  "row 9, field 'place'", "row 10, field 'longitude'"):  # fmt: skip
        assert f"{path}: {where}" in result.output
    assert "nothing was imported" in result.output
    assert store.counts() == {"events": 0, "reports": 0, "claims": 0}


def test_a_geojson_feature_of_the_wrong_kind_is_named(store, tmp_path):
    line = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[36, 33], [37, 34]]},
            "properties": {"faction": "SDF", "date": "2019-01-01", "source_url": "https://example.org/l"}}  # fmt: skip
    path = _write(tmp_path, "line.geojson", json.dumps({"type": "FeatureCollection", "features": [line]}))
    result = run(store, "claims", "import", str(path))
    assert result.exit_code == 1 and f"{path}: feature 1, field 'geometry'" in result.output
    assert "LineString" in result.output and store.counts()["claims"] == 0


def test_a_file_that_is_not_claims_is_refused(tmp_path, sqlite_store):
    path = _write(tmp_path, "notes.txt", "hello")
    result = run(sqlite_store, "claims", "import", str(path))
    assert result.exit_code == 1 and "not a claims file" in result.output
    path = _write(tmp_path, "table.csv", "a,b\n1,2\n")
    result = run(sqlite_store, "claims", "import", str(path))
    assert result.exit_code == 1 and "needs a 'faction' and a 'date' column" in result.output


def test_zones_of_claims_stored_by_gazetteer_id(store):
    store.add_claims([ControlClaim(faction="Turkish forces", observed=date(2018, 3, 18), place_id="gn:170063",
                                   place_name="Afrin", dataset="test", source_id="afrin")])  # fmt: skip
    collection = json.loads(run(store, "zones", "--date", "2018-06-01").stdout)
    [feature] = collection["features"]
    assert feature["properties"]["faction"] == "Turkey/SNA" and feature["properties"]["claims"] == 1


def test_zones_on_an_empty_store_and_bad_options(sqlite_store):
    empty = run(sqlite_store, "zones", "--date", "2016-01-01")
    assert empty.exit_code == 0 and json.loads(empty.stdout) == {
        "type": "FeatureCollection", "date": "2016-01-01", "features": []
    }  # fmt: skip
    bad_date = run(sqlite_store, "zones", "--date", "2016-13-01")
    assert bad_date.exit_code == 2 and "'2016-13-01' is not a date YYYY-MM-DD" in bad_date.output
    bad_rules = run(sqlite_store, "zones", "--date", "2016-01-01", "--fresh-days", "900")
    assert bad_rules.exit_code == 1 and "must be greater than SYRIAMAP_ZONES_FRESH_DAYS" in bad_rules.output


def test_listing_a_place_without_claims_says_so(sqlite_store):
    result = run(sqlite_store, "claims", "list", "--place", "Palmyra")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no control claims for 'Palmyra'" in result.output


@pytest.mark.parametrize(
    ("geometry", "why"),
    [
        ({"type": "Polygon", "coordinates": [[[39, 34], [43, 34], [43, 37]]]}, "not a readable polygon"),
        ({"type": "Polygon", "coordinates": [[[39, 34], [40, 35], [41, 36], [39, 34]]]}, "no area"),
    ],
)
def test_a_polygon_that_cannot_make_a_zone_is_refused_and_named(store, tmp_path, geometry, why):
    document = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": geometry,
                "properties": {"faction": "SDF", "date": "2019-04-01", "url": "https://example.org/bad"}}]}  # fmt: skip
    result = run(store, "claims", "import", str(_write(tmp_path, "bad.geojson", json.dumps(document))))
    assert result.exit_code != 0 and "geometry" in result.output and why in result.output
    assert store.counts()["claims"] == 0
