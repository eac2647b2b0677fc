"""The geocoder and the `geocode` command: spellings, descriptors, Arabic, scores and the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geodata.__main__ import main
from geodata.gazetteer import build_bundled
from geodata.geocode import Geocoder
from geodata.names import normal_key, skeleton_key, split_descriptor
from geodata.spatial import haversine_km as km

PROJECT = Path(__file__).resolve().parents[1]
JSON_KEYS = {"id", "name", "kind", "lat", "lon", "admin1", "admin1_name", "score"}


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder(build_bundled())


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("geodata")


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (
            ["Deir ez-Zor", "Deir Ezzor", "Deir al-Zour", "Dayr az Zawr", "Deir el-Zor", "Dair al Zor"],
            "dayr zor",
        ),
        (["Ar Raqqah", "Raqqa", "al-Raqqa", "Arraqqa"], "raqa"),
        (["Kafr Nabudah", "Kfar Nabouda", "Kafr Nabouda"], "kafr nabuda"),
        (["Tall Abyad", "Tal Abyad", "Tell Abyad", "Tal-Abyad"], "tal abyad"),
        (["Ma'arrat al-Nu'man", "Maarat al-Numan", "Ma‘arrat an-Nu‘man"], "maarat numan"),
        (["دير الزور", "دِيرُ الزُّور"], "دير زور"),
        (["إدلب", "ادلب"], "ادلب"),
        (["Abu Duhur air base", "Abu al-Duhur airbase", "Abu Duhur Air Base"], "abu duhur ayrbasa"),
        (["Omar oil field", "al-Omar oilfield"], "omar oilfield"),
    ],
)
def test_transliteration_variants_share_a_normal_key(spellings, key):
    assert {normal_key(s) for s in spellings} == {key}


@pytest.mark.parametrize(("a", "b"), [("Homs", "Hims"), ("Idlib", "Idleb"), ("Hasakah", "Hassakeh")])
def test_vowel_variants_share_a_skeleton(a, b):
    assert skeleton_key(a) == skeleton_key(b)


@pytest.mark.parametrize(
    ("name", "core", "group"),
    [
        ("Deir Ezzor military airport", "Deir Ezzor", "airfield"),
        ("Deir ez Zor Governorate", "Deir ez Zor", "governorate"),
        ("Idlib Province", "Idlib", "governorate"),
        ("Rif Idlib", "Idlib", "governorate"),
        ("As Susah village", "As Susah", "settlement"),
        ("Albu Kamal district", "Albu Kamal", "district"),
        ("Ghabaghib sub-district", "Ghabaghib", "subdistrict"),
        ("Tishrin Dam", "Tishrin", "dam"),
        ("Bab al-Hawa border crossing", "Bab al-Hawa", "crossing"),
        ("al-Omar oil field", "al-Omar", "field"),
        ("محافظة دير الزور", "دير الزور", "governorate"),
        ("مطار دير الزور العسكري", "دير الزور", "airfield"),
        ("Saraqib", "Saraqib", None),
    ],
)
def test_descriptors_are_split_off(name, core, group):
    found = split_descriptor(name)
    assert (found.core, found.group) == (core, group)


@pytest.mark.parametrize(
    ("name", "expected_id"),
    [
        ("Deir ez-Zor", "gn:170794"),
        ("Deir Ezzor", "gn:170794"),
        ("Deir al-Zour", "gn:170794"),
        ("Dayr az Zawr", "gn:170794"),
        ("Deir el-Zor", "gn:170794"),
        ("دير الزور", "gn:170794"),
        ("Deir Ezzor Province", "adm1:SY-DY"),
        ("Deir Ezzor Governorate", "adm1:SY-DY"),
        ("Deir ez Zor Governorate", "adm1:SY-DY"),
        ("محافظة دير الزور", "adm1:SY-DY"),
        ("Homs", "gn:169577"),
        ("Homs Governorate", "adm1:SY-HI"),
        ("Hama town", "gn:170017"),
        ("Damascus city", "gn:170654"),
        ("Damascus countryside", "adm1:SY-RD"),
        ("Rif Dimashq", "adm1:SY-RD"),
        ("Albu Kamal district", "gn:174448"),
        ("Idleb", "gn:169389"),
        ("Raqqa", "gn:172955"),
        ("حلب", "gn:170063"),
        ("محافظة حلب", "adm1:SY-HL"),
        ("Kafr Nubl", "gn:168661"),
        ("Kobani", "gn:172256"),
        ("T4", "site:tiyas-airbase"),
        ("T4 airbase", "site:tiyas-airbase"),
        ("Hmeimim", "site:hmeimim-airbase"),
        ("Euphrates Dam", "site:tabqa-dam"),
        ("Tabqa Dam", "site:tabqa-dam"),
        ("Tabqa airbase", "icao:OS59"),
        ("Shayrat airbase", "icao:OS65"),
        ("Hamah Military Airport", "icao:OS58"),
        ("Bab al-Hawa crossing", "site:bab-al-hawa-crossing"),
        ("Omar oil field", "site:al-omar-oil-field"),
        ("Conoco gas field", "site:conoco-gas-field"),
        ("Thardeh Mountain", "site:jabal-al-tharda"),
        ("Eastern Ghouta", "site:eastern-ghouta"),
        ("Ghab plain", "site:sahl-al-ghab"),
        ("Yarmouk Basin", "site:yarmouk-basin"),
        ("Qalamoun region", "site:qalamoun"),
        ("Baghouz", "site:al-baghuz-fawqani"),
        ("al-Tanf base", "site:al-tanf-base"),
        ("Abu Duhur air base", "site:abu-al-duhur-airbase"),
        ("Qamishlo", "gn:173377"),
        ("Jindires", "gn:169190"),
        ("Jazira region", "adm1:SY-HA"),
        ("Middle Euphrates River Valley", "adm1:SY-DY"),
    ],
)
def test_spellings_resolve_to_the_place(geocoder, name, expected_id):
    assert geocoder.best(name).id == expected_id


@pytest.mark.parametrize(
    "name",
    ["Deir Ezzor military airport", "Deir ez-Zor airbase", "مطار دير الزور العسكري", "Deir ez-Zor air base"],
)
def test_deir_ez_zor_military_airport_ranks_first(geocoder, name):
    top = geocoder.best(name)
    assert top.kind in ("airbase", "airport") and top.admin1 == "SY-DY"
    assert km(top.lat, top.lon, 35.285, 40.176) <= 2.0


def test_city_and_governorate_are_told_apart(geocoder):
    city, governorate = geocoder.candidates("Deir ez-Zor", 5)[0], geocoder.best("Deir ez-Zor Governorate")
    assert (city.kind, governorate.kind) == ("city", "governorate")
    ranked = {c.id: c.score for c in geocoder.candidates("Deir ez-Zor Governorate", 5)}
    assert ranked["adm1:SY-DY"] > ranked["gn:170794"]


def test_exact_beats_normalised_beats_fuzzy(geocoder):
    exact, _normalised, fuzzy = (geocoder.best(n) for n in ("Damascus", "Dimashq city", "Damascuz"))
    assert exact.id == fuzzy.id == "gn:170654"
    assert (exact.match, fuzzy.match) == ("exact", "fuzzy")
    assert exact.score > geocoder.best("Deir Ezzor").score > fuzzy.score
    assert geocoder.best("Deir Ezzor").match == "normalised"
    assert 0 < fuzzy.score <= 0.75


@pytest.mark.parametrize(
    "name", ["Ceylanpinar", "Arsal", "al-Qaim", "Beirut", "Mosul", "Baghdad", "Gaziantep"]
)
def test_places_outside_syria_do_not_resolve_with_a_high_score(geocoder, name):
    top = geocoder.best(name)
    assert top is None or top.score < 0.8


def test_limit_and_empty_names(geocoder):
    assert len(geocoder.candidates("Deir ez-Zor", limit=2)) == 2
    assert geocoder.candidates("   ") == []
    scores = [c.score for c in geocoder.candidates("Hama", limit=5)]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_candidate_json_record(geocoder):
    record = geocoder.best("Tishrin Dam").to_json()
    assert set(record) >= JSON_KEYS and record["kind"] == "dam" and json.dumps(record, ensure_ascii=False)


def _run(data_dir: Path, monkeypatch, args: list[str], stdin: str | None = None):
    monkeypatch.setenv("SYRIAMAP_DATA_DIR", str(data_dir))
    return CliRunner().invoke(main, args, input=stdin)


def test_cli_json_contract(data_dir, monkeypatch):
    result = _run(
        data_dir, monkeypatch, ["geocode", "Deir Ezzor military airport", "Homs", "--json", "--limit", "3"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    airport, homs = (json.loads(line) for line in lines)
    assert len(airport) == 3 and all(set(c) >= JSON_KEYS for c in airport + homs)
    assert airport[0]["admin1"] == "SY-DY" and airport[0]["admin1_name"] == "Deir ez-Zor"
    assert km(airport[0]["lat"], airport[0]["lon"], 35.285, 40.176) <= 2.0
    assert homs[0]["kind"] == "city"


def test_cli_reads_names_from_stdin(data_dir, monkeypatch):
    result = _run(data_dir, monkeypatch, ["geocode", "-", "--json"], stdin="Raqqa\n\nNowhere-on-earth-xq\n")
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.strip().splitlines())
    assert first[0]["id"] == "gn:172955" and second == []


def test_cli_table_output(data_dir, monkeypatch):
    result = _run(data_dir, monkeypatch, ["geocode", "Tabqa Dam"])
    assert result.exit_code == 0 and "Tabqa Dam [dam] site:tabqa-dam" in result.output


def test_python_m_geodata_geocode(data_dir):
    env = {"SYRIAMAP_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "geodata", "geocode", "Deir Ezzor military airport", "--json"],
        cwd=PROJECT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    top = json.loads(out.stdout.strip())[0]
    assert top["admin1"] == "SY-DY" and km(top["lat"], top["lon"], 35.285, 40.176) <= 2.0
