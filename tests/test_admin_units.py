"""District and sub-district boundaries: geoBoundaries over HTTP (a server on 127.0.0.1) and users' OCHA files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import Polygon, box

from geodata.__main__ import main
from geodata.admin_units import OCHA_ADMIN1_ISO, AdminUnitsError, choose_layer, locate_admin1, normalise
from geodata.boundaries import load_admin_units, load_governorates
from geodata.settings import PROJECT_ROOT
from geodata.spatial import assign_admin
from tests.local_http import serve

# Rough boxes around three cities, each well inside its governorate.
DEIR_EZ_ZOR = box(40.05, 35.25, 40.25, 35.42)
ALEPPO = box(37.05, 36.12, 37.25, 36.28)
RAQQA = box(38.95, 35.90, 39.10, 36.00)


def geoboundaries_collection() -> dict:
    """Three districts in geoBoundaries' schema (no P-code, no Arabic name)."""
    rows = [
        ("Deir-ez-Zor", "SYR-ADM2-3_0_0-B1", DEIR_EZ_ZOR),
        ("Jebel Saman", "SYR-ADM2-3_0_0-B2", ALEPPO),
        ("Ar-Raqqa", "SYR-ADM2-3_0_0-B3", RAQQA),
    ]
    return json.loads(
        gpd.GeoDataFrame(
            {
                "shapeName": [r[0] for r in rows],
                "shapeISO": ["None"] * 3,
                "shapeID": [r[1] for r in rows],
                "shapeGroup": ["SYR"] * 3,
                "shapeType": ["ADM2"] * 3,
            },
            geometry=[r[2] for r in rows],
            crs="EPSG:4326",
        ).to_json(drop_id=True)
    )


def api_answer(download_url: str, level: int = 2) -> dict:
    return {
        "boundaryID": f"SYR-ADM{level}-12345",
        "boundaryName": "Syria",
        "boundaryISO": "SYR",
        "boundaryType": f"ADM{level}",
        "boundarySource": "OCHA ROSS, Syrian Arab Republic - Subnational Administrative Boundaries",
        "boundaryLicense": "Creative Commons Attribution 3.0 Intergovernmental Organisations (CC BY 3.0 IGO)",
        "licenseDetail": "",
        "licenseSource": "https://data.humdata.org/dataset/cod-ab-syr",
        "boundarySourceURL": "https://data.humdata.org/dataset/cod-ab-syr",
        "sourceDataUpdateDate": "Thu Jan 19 07:31:01 2023",
        "buildDate": "Dec 12, 2023",
        "Continent": "Asia",
        "gjDownloadURL": download_url,
        "simplifiedGeometryGeoJSON": download_url,
        "imagePreview": "",
        "tjDownloadURL": "",
        "staticDownloadLink": "",
    }


@pytest.fixture
def geoboundaries_server():
    """A geoBoundaries look-alike: the API answer at /api/ pointing to the GeoJSON at /syr-adm2.geojson."""
    routes: dict[str, bytes] = {"/syr-adm2.geojson": json.dumps(geoboundaries_collection()).encode()}
    with serve(routes) as base:
        routes["/api/"] = json.dumps(api_answer(f"{base}/syr-adm2.geojson")).encode()
        yield base


def ocha_frame(level: int = 2, *, lower: bool = False) -> gpd.GeoDataFrame:
    """Districts (or one sub-district each) in OCHA COD-AB's schema."""
    columns = {
        "ADM2_EN": ["Deir-ez-Zor", "Jebel Saman", "Ar-Raqqa"],
        "ADM2_AR": ["دير الزور", "جبل سمعان", "الرقة"],
        "ADM2_PCODE": ["SY0900", "SY0200", "SY1100"],
        "ADM1_EN": ["Deir-ez-Zor", "Aleppo", "Ar-Raqqa"],
        "ADM1_PCODE": ["SY09", "SY02", "SY11"],
        "ADM0_EN": ["Syrian Arab Republic"] * 3,
        "ADM0_PCODE": ["SY"] * 3,
    }
    if level == 3:
        columns |= {
            "ADM3_EN": ["Deir-ez-Zor", "Jebel Saman", "Ar-Raqqa"],
            "ADM3_AR": ["دير الزور", "جبل سمعان", "الرقة"],
            "ADM3_PCODE": ["SY090000", "SY020000", "SY110000"],
        }
    if lower:
        columns = {k.lower(): v for k, v in columns.items()}
    return gpd.GeoDataFrame(columns, geometry=[DEIR_EZ_ZOR, ALEPPO, RAQQA], crs="EPSG:4326")


def run(*args: str):
    return CliRunner().invoke(main, ["fetch-boundaries", *args], catch_exceptions=False)


# --- geoBoundaries over HTTP ----------------------------------------------------------------------------------


def test_fetch_from_geoboundaries_stores_units_and_provenance(geoboundaries_server, tmp_path):
    result = run(
        "--level", "2", "--url", f"{geoboundaries_server}/api/", "--data-dir", str(tmp_path), "--quiet"
    )
    assert result.exit_code == 0, result.output
    assert "3 districts written" in result.output
    assert "SY-DY" in result.output and "Deir ez-Zor" in result.output

    units = load_admin_units(2, tmp_path).set_index("pcode")
    assert units.crs.to_epsg() == 4326
    assert units.loc["SYR-ADM2-3_0_0-B1", "admin1"] == "SY-DY"
    assert units.loc["SYR-ADM2-3_0_0-B2", "admin1"] == "SY-HL"
    assert units.loc["SYR-ADM2-3_0_0-B3", "admin1"] == "SY-RA"
    assert units.loc["SYR-ADM2-3_0_0-B2", "name_en"] == "Jebel Saman"
    assert set(units["source"]) == {"geoBoundaries gbOpen SYR ADM2"}

    provenance = json.loads((tmp_path / "adm2.json").read_text(encoding="utf-8"))
    assert provenance["features"] == 3
    assert provenance["url"] == f"{geoboundaries_server}/syr-adm2.geojson"
    assert "CC BY 3.0 IGO" in provenance["licence"]
    assert provenance["attribution"].startswith("OCHA ROSS")
    assert provenance["build_date"] == "Dec 12, 2023"
    assert provenance["boundary_id"] == "SYR-ADM2-12345"
    assert provenance["fetched_at"]


def test_fetched_districts_fill_admin2_and_the_admin_command(geoboundaries_server, tmp_path):
    run("--level", "2", "--url", f"{geoboundaries_server}/api/", "--data-dir", str(tmp_path), "--quiet")
    found = assign_admin(
        [40.14, 37.16, 36.72], [35.33, 36.20, 34.73], districts=load_admin_units(2, tmp_path)
    )
    assert list(found["admin2_name"][:2]) == ["Deir-ez-Zor", "Jebel Saman"]
    assert found["admin1"][2] == "SY-HI" and pd.isna(found["admin2"][2])  # Homs: no district fetched there

    env = {**os.environ, "SYRIAMAP_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "geodata", "admin", "35.33", "40.14"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Deir ez-Zor (SY-DY), district Deir-ez-Zor (SYR-ADM2-3_0_0-B1)" in out


def test_sub_districts_get_their_district_as_parent(tmp_path):
    ocha_frame(2).to_file(tmp_path / "adm2.gpkg", layer="syr_admbnda_adm2", driver="GPKG")
    run("--level", "2", "--from", str(tmp_path / "adm2.gpkg"), "--data-dir", str(tmp_path))
    inner = box(40.10, 35.30, 40.20, 35.38)  # a geoBoundaries sub-district inside the Deir-ez-Zor district
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"shapeName": "Deir-ez-Zor", "shapeISO": "", "shapeID": "SYR-ADM3-B9"},
                "geometry": inner.__geo_interface__,
            }
        ],
    }
    routes = {"/adm3.geojson": json.dumps(collection).encode()}
    with serve(routes) as base:
        routes["/api/"] = json.dumps(api_answer(f"{base}/adm3.geojson", level=3)).encode()
        result = run("--level", "3", "--url", f"{base}/api/", "--data-dir", str(tmp_path), "--quiet")
    assert result.exit_code == 0, result.output
    units = load_admin_units(3, tmp_path)
    assert units[["pcode", "admin1", "parent_pcode"]].values.tolist() == [["SYR-ADM3-B9", "SY-DY", "SY0900"]]


@pytest.mark.parametrize("missing", ["/api/", "/syr-adm2.geojson"])
def test_failed_download_leaves_existing_file_untouched(tmp_path, missing):
    existing = tmp_path / "adm2.geojson"
    existing.write_text('{"type": "FeatureCollection", "features": []}\n', encoding="utf-8")
    before = existing.read_bytes()
    routes = {"/syr-adm2.geojson": json.dumps(geoboundaries_collection()).encode()}
    with serve(routes) as base:
        routes["/api/"] = json.dumps(api_answer(f"{base}/syr-adm2.geojson")).encode()
        del routes[missing]
        result = run("--level", "2", "--url", f"{base}/api/", "--data-dir", str(tmp_path), "--quiet")
    assert result.exit_code == 1
    assert f"{base}{missing}" in result.output and "404" in result.output
    assert existing.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adm2.geojson"]


def test_an_api_answer_without_download_link_is_an_error(tmp_path):
    with serve({"/api/": b'{"boundaryID": "x"}'}) as base:
        result = run("--level", "2", "--url", f"{base}/api/", "--data-dir", str(tmp_path), "--quiet")
    assert result.exit_code == 1
    assert "gjDownloadURL" in result.output
    assert not (tmp_path / "adm2.geojson").exists()


# --- users' OCHA files ----------------------------------------------------------------------------------------


def write_shapefile(folder: Path) -> Path:
    ocha_frame().to_file(folder / "syr_admbnda_adm2_uncs_unocha.shp", encoding="utf-8")
    return folder / "syr_admbnda_adm2_uncs_unocha.shp"


def write_zip(folder: Path) -> Path:
    """A zip like OCHA's: the adm1 and adm2 shapefiles, in a sub-folder."""
    parts = folder / "parts"
    parts.mkdir()
    ocha_frame().to_file(parts / "syr_admbnda_adm2_uncs_unocha.shp", encoding="utf-8")
    adm1 = ocha_frame().dissolve("ADM1_PCODE", as_index=False)[["ADM1_PCODE", "ADM1_EN", "geometry"]]
    adm1.to_file(parts / "syr_admbnda_adm1_uncs_unocha.shp", encoding="utf-8")
    path = folder / "syr_adm_unocha_shp.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in parts.iterdir():
            archive.write(part, f"syr_adm_unocha/{part.name}")
    return path


def write_geopackage(folder: Path) -> Path:
    path = folder / "syr_adm_unocha.gpkg"
    adm1 = ocha_frame().dissolve("ADM1_PCODE", as_index=False)[["ADM1_PCODE", "ADM1_EN", "geometry"]]
    adm1.to_file(path, layer="syr_admbnda_adm1_unocha", driver="GPKG")
    ocha_frame().to_file(path, layer="syr_admbnda_adm2_unocha", driver="GPKG")
    ocha_frame(3).to_file(path, layer="syr_admbnda_adm3_unocha", driver="GPKG")
    return path


def write_old_hdx_geojson(folder: Path) -> Path:
    """Older HDX naming (admin2Pcode, admin2Name_en), lower-case, no admin-1 P-code column."""
    frame = ocha_frame().rename(
        columns={"ADM2_PCODE": "admin2Pcode", "ADM2_EN": "admin2Name_en", "ADM2_AR": "admin2Name_ar"}
    )
    frame = frame.drop(columns=["ADM1_PCODE"])
    path = folder / "syr_admin2.geojson"
    path.write_text(frame.to_json(ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("writer", [write_shapefile, write_zip, write_geopackage, write_old_hdx_geojson])
def test_reads_ocha_files(tmp_path, writer):
    path = writer(tmp_path)
    data = tmp_path / "data"
    result = run("--level", "2", "--from", str(path), "--data-dir", str(data))
    assert result.exit_code == 0, result.output
    units = load_admin_units(2, data).set_index("pcode")
    assert sorted(units.index) == ["SY0200", "SY0900", "SY1100"]
    assert units.loc["SY0900", ["name_en", "name_ar", "admin1", "parent_pcode"]].tolist() == [
        "Deir-ez-Zor",
        "دير الزور",
        "SY-DY",
        "SY09",
    ]
    assert units.loc["SY0200", "admin1"] == "SY-HL"
    provenance = json.loads((data / "adm2.json").read_text(encoding="utf-8"))
    assert provenance["source"] == f"user file {path.name}" and provenance["features"] == 3


def test_layer_option_picks_a_file_in_a_zip(tmp_path):
    path = write_zip(tmp_path)
    result = run("--level", "3", "--from", str(path), "--data-dir", str(tmp_path))
    assert result.exit_code == 1 and "--layer" in result.output  # no adm3 in the archive: no guess
    adm1 = "syr_admbnda_adm1_uncs_unocha"
    result = run("--level", "2", "--from", str(path), "--layer", adm1, "--data-dir", str(tmp_path))
    assert result.exit_code == 1 and "ADM2_PCODE" in result.output  # the adm1 file has no district fields
    assert not (tmp_path / "adm2.geojson").exists()


def test_reads_sub_districts_from_a_geopackage(tmp_path):
    result = run("--level", "3", "--from", str(write_geopackage(tmp_path)), "--data-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    units = load_admin_units(3, tmp_path).set_index("pcode")
    assert units.loc["SY020000", ["admin1", "parent_pcode"]].tolist() == ["SY-HL", "SY0200"]


def test_a_file_missing_a_field_is_named_in_the_error(tmp_path):
    path = tmp_path / "districts.shp"
    ocha_frame().drop(columns=["ADM2_PCODE"]).to_file(path, encoding="utf-8")
    result = run("--level", "2", "--from", str(path), "--data-dir", str(tmp_path / "data"))
    assert result.exit_code == 1
    assert str(path) in result.output and "ADM2_PCODE" in result.output
    assert not (tmp_path / "data" / "adm2.geojson").exists()


def test_a_file_of_another_level_is_refused(tmp_path):
    path = tmp_path / "districts.geojson"
    path.write_text(ocha_frame().to_json(), encoding="utf-8")
    result = run("--level", "3", "--from", str(path), "--data-dir", str(tmp_path))
    assert result.exit_code == 1
    assert "ADM3_PCODE" in result.output and str(path) in result.output


# --- the pure shaping -----------------------------------------------------------------------------------------


def test_ocha_admin1_codes_agree_with_the_governorate_polygons():
    """Each OCHA admin-1 P-code's ISO code must be the governorate its districts lie in."""
    units = normalise(ocha_frame(), 2, source="test")
    by_space = locate_admin1(units.geometry, load_governorates())
    assert units["admin1"].tolist() == by_space.tolist()


def test_an_unknown_admin1_pcode_names_row_and_field():
    frame = ocha_frame()
    frame.loc[1, "ADM1_PCODE"] = "SY15"
    with pytest.raises(AdminUnitsError, match=r"x\.shp: row 2: field ADM1_PCODE = 'SY15'"):
        normalise(frame, 2, source="test", origin="x.shp")


def test_invalid_polygons_are_made_valid():
    bow_tie = Polygon([(40.0, 35.2), (40.3, 35.5), (40.3, 35.2), (40.0, 35.5)])
    frame = ocha_frame().iloc[:1].set_geometry([bow_tie], crs="EPSG:4326")
    assert not frame.is_valid.all()
    units = normalise(frame, 2, source="test")
    assert units.is_valid.all() and units.geom_type.iloc[0] == "MultiPolygon"
    assert units.geometry.values[0].area == pytest.approx(2 * (0.3 * 0.15 / 2))  # both triangles kept


@pytest.mark.parametrize(
    ("layers", "level", "chosen"),
    [
        ([("syr_admbnda_adm1", "Polygon"), ("syr_admbnda_adm2", "Polygon")], 2, "syr_admbnda_adm2"),
        ([("syr_admbndl_adm2", "LineString"), ("syr_admbnda_adm2", "MultiPolygon")], 2, "syr_admbnda_adm2"),
        ([("admin3", "MultiPolygon"), ("admin2", "MultiPolygon")], 3, "admin3"),
        ([("districts", "MultiPolygon"), ("points", "Point")], 2, "districts"),
        (
            [("syr/syr_admbndl_adm2.shp", None), ("syr/syr_admbnda_adm2.shp", None)],
            2,
            "syr/syr_admbnda_adm2.shp",
        ),
        (
            [("syr_adm2/syr_admbnda_adm1.shp", None), ("syr_adm2/syr_admbnda_adm2.shp", None)],
            2,
            "syr_adm2/syr_admbnda_adm2.shp",
        ),
    ],
)
def test_choose_layer(layers, level, chosen):
    assert choose_layer(layers, level, "f.gpkg") == chosen


def test_choose_layer_refuses_a_guess():
    with pytest.raises(AdminUnitsError, match="--layer"):
        choose_layer([("a", "Polygon"), ("b", "Polygon")], 2, "f.gpkg")


@pytest.fixture
def opensyria_governorates():
    path = PROJECT_ROOT.parent / "shared" / "data" / "syria_admin1_governorates_opensyria.json"
    if not path.exists():
        pytest.skip("../shared/ is absent")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.shared
def test_ocha_admin1_table_matches_opensyria(opensyria_governorates):
    theirs = {g["externalIds"]["ochaPcode"]: g["iso31662"] for g in opensyria_governorates}
    assert theirs == OCHA_ADMIN1_ISO


def test_a_unit_whose_point_falls_between_governorates_takes_the_one_it_overlaps_most():
    governorates = gpd.GeoDataFrame(
        {"admin1": ["SY-AA", "SY-BB"], "name_en": ["A", "B"]},
        geometry=[box(38.0, 35.0, 38.4, 35.4), box(38.6, 35.0, 40.0, 35.4)],
        crs="EPSG:4326",
    )
    unit = gpd.GeoSeries([box(38.0, 35.0, 38.95, 35.4)], crs="EPSG:4326")  # 0.40 deg over A, 0.35 over B
    point = unit.representative_point().iloc[0]
    assert not governorates.intersects(point).any()  # the representative point lies in the gap
    assert locate_admin1(unit, governorates).tolist() == ["SY-AA"]
