"""Deriving the bundled boundary files from a Natural Earth admin-1 layer (a tiny hand-made one here)."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, box, shape

from geodata.derive import CONTEXT_BOX, derive, derive_governorates


def feature(adm0: str, code: str, geometry, **props) -> dict:
    base = {"adm0_a3": adm0, "iso_3166_2": code, "name_en": code, "admin": adm0}
    return {"type": "Feature", "properties": base | props, "geometry": geometry.__geo_interface__}


QUNEITRA = box(35.80, 32.80, 36.00, 33.30)
UNDOF = box(35.75, 32.75, 35.80, 33.40)  # the strip west of it, as Natural Earth draws it apart
DEIR_EZ_ZOR = box(39.50, 34.50, 41.00, 35.80)
TURKEY = box(36.00, 36.80, 44.00, 42.00)  # reaches north of the context box


def layer() -> list[dict]:
    return [
        feature(
            "SYR",
            "SY-DY",
            DEIR_EZ_ZOR,
            name_en="Deir ez-Zor",
            name_ar="محافظة دير الزور",
            name_alt="Dayr az Zawr|Deir ez Zor",
            fips="SY07",
            wikidataid="Q232387",
            ne_id=1159308443,
        ),
        feature("SYR", "SY-QU", QUNEITRA, name_en="Quneitra", fips="SY03", wikidataid="Q219690", ne_id=1),
        feature("SYR", "SY-X01~", UNDOF, name_en="Western al-Samadania", fips="", ne_id=2),
        feature("TUR", "TR-27", TURKEY, name_en="Gaziantep", admin="Turkey", fips="TU83", ne_id=3),
    ]


def test_undof_zone_is_merged_into_quneitra():
    collection = derive_governorates(layer())
    codes = [f["properties"]["admin1"] for f in collection["features"]]
    assert codes == ["SY-DY", "SY-QU"]
    quneitra = shape(collection["features"][1]["geometry"])
    assert quneitra.contains(Point(35.77, 33.35))  # only in the UNDOF strip
    assert quneitra.area == pytest.approx(QUNEITRA.area + UNDOF.area)


def test_properties_are_kept():
    deir = derive_governorates(layer())["features"][0]["properties"]
    assert deir == {
        "admin1": "SY-DY",
        "name_en": "Deir ez-Zor",
        "name_ar": "محافظة دير الزور",
        "name_alt": ["Dayr az Zawr", "Deir ez Zor"],
        "fips": "SY07",
        "geonames_admin1": "07",
        "wikidata": "Q232387",
        "ne_id": 1159308443,
    }
    quneitra = derive_governorates(layer())["features"][1]["properties"]
    assert quneitra["name_ar"] == "" and quneitra["name_alt"] == [] and quneitra["geonames_admin1"] == "03"


def test_derive_writes_the_three_files(tmp_path):
    build = tmp_path / "build.json"
    build.write_text(json.dumps({"type": "FeatureCollection", "features": layer()}), encoding="utf-8")
    paths = derive(build, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "governorates.geojson",
        "neighbours.geojson",
        "syria_outline.geojson",
    ]
    read = {name: json.loads(path.read_text(encoding="utf-8")) for name, path in paths.items()}
    assert len(read["governorates"]["features"]) == 2

    outline = read["syria_outline"]["features"]
    assert len(outline) == 1 and outline[0]["properties"]["adm0_a3"] == "SYR"
    assert shape(outline[0]["geometry"]).area == pytest.approx(DEIR_EZ_ZOR.area + QUNEITRA.area + UNDOF.area)

    neighbours = read["neighbours"]["features"]
    assert [(f["properties"]["adm0_a3"], f["properties"]["name_en"]) for f in neighbours] == [
        ("TUR", "Turkey")
    ]
    assert shape(neighbours[0]["geometry"]).bounds[3] <= CONTEXT_BOX[3]  # clipped to the context box
