"""District (admin-2) and sub-district (admin-3) boundaries, fetched from geoBoundaries or read from an OCHA file.

No package ships Syria's districts, so ``python -m geodata fetch-boundaries --level 2|3`` either asks
geoBoundaries' API (gbOpen SYR ADM2/ADM3, CC BY 3.0 IGO) and downloads the GeoJSON it points to, or reads an
OCHA COD-AB file the user already has (``--from PATH``: shapefile, zipped shapefile, GeoPackage or GeoJSON).

Data folder layout (``SYRIAMAP_DATA_DIR``, default ``var/geodata``; ``--data-dir`` overrides it)::

    adm2.geojson   districts: pcode, name_en, name_ar, admin1 (ISO 3166-2), parent_pcode, source, geometry
    adm2.json      provenance: source, licence, attribution, url, fetched_at, features, ...
    adm3.geojson   sub-districts, same columns (parent_pcode is the district's P-code)
    adm3.json      provenance of adm3.geojson

``geodata.boundaries.load_admin_units(level)`` reads them back; ``geodata.spatial.assign_admin`` takes them as
``districts``. Network I/O (:func:`fetch_geoboundaries`) and file reading (:func:`read_boundary_file`) are kept
apart from the shaping (:func:`normalise`), which is a pure function.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geodata.boundaries import CRS, admin_units_path, load_admin_units, load_governorates
from geodata.fetch import download
from geodata.spatial import assign_admin

log = logging.getLogger(__name__)

GEOBOUNDARIES_API = "https://www.geoboundaries.org/api/current/gbOpen/SYR/ADM{level}/"
METRIC_CRS = "EPSG:32637"  # UTM 37N, for overlap areas
# OCHA COD-AB admin-1 P-codes -> ISO 3166-2. Checked against OpenSyria's governorates (ochaPcode, iso31662)
# and OCHA's own examples (Aleppo city SY020000, Homs SY04).
OCHA_ADMIN1_ISO = {
    "SY01": "SY-DI",  # Damascus
    "SY02": "SY-HL",  # Aleppo
    "SY03": "SY-RD",  # Rural Damascus (Rif Dimashq)
    "SY04": "SY-HI",  # Homs
    "SY05": "SY-HM",  # Hama
    "SY06": "SY-LA",  # Lattakia
    "SY07": "SY-ID",  # Idleb
    "SY08": "SY-HA",  # Al-Hasakeh
    "SY09": "SY-DY",  # Deir-ez-Zor
    "SY10": "SY-TA",  # Tartous
    "SY11": "SY-RA",  # Ar-Raqqa
    "SY12": "SY-DR",  # Dar'a
    "SY13": "SY-SU",  # As-Sweida
    "SY14": "SY-QU",  # Quneitra
}
COLUMNS = ["pcode", "name_en", "name_ar", "admin1", "parent_pcode", "source"]
READABLE = (".shp", ".gpkg", ".geojson", ".json")


class AdminUnitsError(ValueError):
    """A boundary file or API answer cannot be used: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Provenance:
    """Where a stored admin-unit file came from; written as ``adm{level}.json`` beside it."""

    level: int
    source: str
    licence: str | None
    url: str
    fetched_at: str
    features: int = 0
    attribution: str | None = None
    licence_url: str | None = None
    boundary_id: str | None = None
    build_date: str | None = None
    source_data_update_date: str | None = None


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# --- shaping (pure) -------------------------------------------------------------------------------------------


def _ocha_fields(level: int) -> dict[str, list[str]]:
    """Accepted spellings (lower case) of each OCHA field: COD-AB's ADM2_PCODE and older HDX's admin2Pcode."""
    fields = {
        "pcode": [f"adm{level}_pcode", f"admin{level}pcode"],
        "name_en": [f"adm{level}_en", f"admin{level}name_en"],
        "name_ar": [f"adm{level}_ar", f"admin{level}name_ar"],
        "parent": [f"adm{level - 1}_pcode", f"admin{level - 1}pcode"],
        "admin1": ["adm1_pcode", "admin1pcode"],
    }
    return fields


def _find(columns: Iterable[str], candidates: list[str]) -> str | None:
    lower = {c.lower(): c for c in columns}
    return next((lower[c] for c in candidates if c in lower), None)


def _polygons(frame: gpd.GeoDataFrame, origin: str) -> gpd.GeoSeries:
    geometry = frame.geometry
    if frame.crs is None:
        log.warning("%s has no CRS; taking it as EPSG:4326 (longitude, latitude)", origin)
        geometry = geometry.set_crs(CRS)
    geometry = geometry.to_crs(CRS).make_valid(method="structure", keep_collapsed=False)
    empty = geometry.is_empty | geometry.isna()
    if empty.any():
        row = int(empty.to_numpy().nonzero()[0][0])
        raise AdminUnitsError(f"{origin}: row {row + 1}: empty or missing geometry")
    return geometry


def _text(series: pd.Series) -> pd.Series:
    return (
        series.astype(object).where(series.notna(), None).map(lambda v: None if v is None else str(v).strip())
    )


def _admin1_from_pcodes(pcodes: pd.Series, origin: str, field: str) -> pd.Series:
    admin1 = pcodes.str[:4].str.upper().map(OCHA_ADMIN1_ISO)
    bad = admin1.isna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise AdminUnitsError(
            f"{origin}: row {row + 1}: field {field} = {pcodes.iloc[row]!r} is not a Syrian admin-1 P-code "
            f"(SY01..SY14)"
        )
    return admin1


def _largest_overlap(units: gpd.GeoSeries, governorates: gpd.GeoDataFrame) -> pd.Series:
    """The governorate each unit overlaps most (for units whose representative point falls outside them all)."""
    left = gpd.GeoDataFrame({"unit": units.index}, geometry=units.to_crs(METRIC_CRS).values, crs=METRIC_CRS)
    right = governorates[["admin1", "geometry"]].to_crs(METRIC_CRS)
    parts = gpd.overlay(left, right, how="intersection", keep_geom_type=True)
    if parts.empty:
        return pd.Series(None, index=units.index, dtype=object)
    parts["area"] = parts.geometry.area
    best = parts.sort_values("area").drop_duplicates("unit", keep="last").set_index("unit")["admin1"]
    return best.reindex(units.index)


def locate_admin1(units: gpd.GeoSeries, governorates: gpd.GeoDataFrame) -> pd.Series:
    """Return the governorate (ISO 3166-2) of each unit: by its representative point, else by largest overlap.

    Parameters
    ----------
    units
        Unit polygons in EPSG:4326.
    governorates
        Governorate polygons with an ``admin1`` column (``geodata.boundaries.load_governorates()``).

    Returns
    -------
    Series
        ``admin1`` per unit (same index); None for a unit that overlaps no governorate.
    """
    points = units.representative_point()
    found = assign_admin(points.x.to_numpy(), points.y.to_numpy(), governorates=governorates)
    admin1 = pd.Series(found["admin1"].to_numpy(), index=units.index, dtype=object)
    missing = admin1.isna()
    if missing.any():
        admin1[missing] = _largest_overlap(units[missing], governorates)
    return admin1


def _normalise_ocha(frame: gpd.GeoDataFrame, level: int, origin: str, source: str) -> gpd.GeoDataFrame:
    fields = _ocha_fields(level)
    found = {key: _find(frame.columns, names) for key, names in fields.items()}
    missing = [
        names[0].upper() for key, names in fields.items() if key in ("pcode", "name_en") and not found[key]
    ]
    if missing:
        raise AdminUnitsError(
            f"{origin}: missing field(s) {', '.join(missing)} for admin level {level} "
            f"(found: {', '.join(c for c in frame.columns if c != 'geometry')})"
        )
    pcode = _text(frame[found["pcode"]])
    blank = pcode.isna() | (pcode == "")
    if blank.any():
        row = int(blank.to_numpy().nonzero()[0][0])
        raise AdminUnitsError(f"{origin}: row {row + 1}: field {found['pcode']} is empty")
    # OCHA P-codes nest (SY0902 lies in SY09): without the parent fields, the code's prefix gives the parent.
    admin1_field = found["admin1"] or found["pcode"]
    admin1 = _admin1_from_pcodes(_text(frame[admin1_field]), origin, admin1_field)
    parent = _text(frame[found["parent"]]) if found["parent"] else pcode.str[: 2 + 2 * (level - 1)]
    return gpd.GeoDataFrame(
        {
            "pcode": pcode.to_numpy(),
            "name_en": _text(frame[found["name_en"]]).to_numpy(),
            "name_ar": _text(frame[found["name_ar"]]).to_numpy() if found["name_ar"] else None,
            "admin1": admin1.to_numpy(),
            "parent_pcode": parent.to_numpy(),
            "source": source,
        },
        geometry=_polygons(frame, origin).to_numpy(),
        crs=CRS,
    )


def _normalise_geoboundaries(
    frame: gpd.GeoDataFrame,
    level: int,
    origin: str,
    source: str,
    governorates: gpd.GeoDataFrame,
    parents: gpd.GeoDataFrame | None,
) -> gpd.GeoDataFrame:
    if "shapeName" not in frame.columns:
        raise AdminUnitsError(f"{origin}: missing field(s) shapeName")
    geometry = _polygons(frame, origin)
    shape_id = _text(frame["shapeID"]) if "shapeID" in frame.columns else pd.Series(None, index=frame.index)
    iso = _text(frame["shapeISO"]) if "shapeISO" in frame.columns else pd.Series(None, index=frame.index)
    # geoBoundaries usually has no P-code; when shapeISO carries one, keep it, else the unit's shapeID.
    is_pcode = iso.fillna("").str.fullmatch(rf"SY\d{{{2 * level}}}")
    pcode = iso.where(is_pcode, shape_id)
    if pcode.isna().any():
        row = int(pcode.isna().to_numpy().nonzero()[0][0])
        raise AdminUnitsError(f"{origin}: row {row + 1}: neither shapeISO nor shapeID gives an identifier")
    units = gpd.GeoSeries(geometry.to_numpy(), index=frame.index, crs=CRS)
    admin1 = locate_admin1(units, governorates)
    parent = pd.Series(None, index=frame.index, dtype=object)
    if parents is not None and not parents.empty:
        points = units.representative_point()
        found = assign_admin(
            points.x.to_numpy(), points.y.to_numpy(), governorates=governorates, districts=parents
        )
        parent = pd.Series(found["admin2"].to_numpy(), index=frame.index, dtype=object)
    unplaced = admin1.isna()
    if unplaced.any():
        log.warning(
            "%s: %d unit(s) overlap no governorate and get no admin1: %s",
            origin,
            int(unplaced.sum()),
            ", ".join(frame.loc[unplaced, "shapeName"].astype(str)),
        )
    return gpd.GeoDataFrame(
        {
            "pcode": pcode.to_numpy(),
            "name_en": _text(frame["shapeName"]).to_numpy(),
            "name_ar": None,
            "admin1": admin1.to_numpy(),
            "parent_pcode": parent.to_numpy(),
            "source": source,
        },
        geometry=units.to_numpy(),
        crs=CRS,
    )


def normalise(
    frame: gpd.GeoDataFrame,
    level: int,
    *,
    source: str,
    origin: str = "<frame>",
    governorates: gpd.GeoDataFrame | None = None,
    parents: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Shape an OCHA COD-AB or geoBoundaries layer into the project's admin-unit columns.

    Parameters
    ----------
    frame
        The layer as read (OCHA fields ``ADM2_PCODE``/``admin2Pcode``... or geoBoundaries' ``shapeName``...).
    level
        2 (districts) or 3 (sub-districts).
    source
        Written into each row's ``source``.
    origin
        The file or URL it came from, for error messages.
    governorates
        Needed for geoBoundaries layers (admin-1 by spatial join); ``load_governorates()`` when None.
    parents
        Optional level-above units (``pcode`` column) to give geoBoundaries units a ``parent_pcode``.

    Returns
    -------
    GeoDataFrame
        ``pcode``, ``name_en``, ``name_ar``, ``admin1``, ``parent_pcode``, ``source``, geometry (EPSG:4326,
        valid, polygonal), one row per P-code, sorted by ``pcode``.
    """
    if level not in (2, 3):
        raise ValueError(f"admin level must be 2 or 3, not {level}")
    if frame.empty:
        raise AdminUnitsError(f"{origin}: no features")
    if _find(frame.columns, _ocha_fields(level)["pcode"]) or _find(
        frame.columns, _ocha_fields(level)["name_en"]
    ):
        units = _normalise_ocha(frame, level, origin, source)
    elif "shapeName" in frame.columns:
        if governorates is None:
            governorates = load_governorates()
        units = _normalise_geoboundaries(frame, level, origin, source, governorates, parents)
    else:
        names = _ocha_fields(level)
        raise AdminUnitsError(
            f"{origin}: missing field(s) {names['pcode'][0].upper()}, {names['name_en'][0].upper()} "
            f"(OCHA COD-AB) or shapeName (geoBoundaries) for admin level {level}; "
            f"found: {', '.join(c for c in frame.columns if c != 'geometry')}"
        )
    if units["pcode"].duplicated().any():
        log.info("%s: dissolving %d rows that share a P-code", origin, int(units["pcode"].duplicated().sum()))
        units = units.dissolve(by="pcode", aggfunc="first", as_index=False)
    return units[[*COLUMNS, "geometry"]].sort_values("pcode").reset_index(drop=True)


# --- reading files --------------------------------------------------------------------------------------------


def choose_layer(layers: Iterable[tuple[str, str | None]], level: int, origin: str) -> str:
    """Pick the polygon layer named for ``level`` (``adm2``/``admin2``) from ``(name, geometry type)`` pairs."""
    layers = list(layers)
    polygonal = [
        name for name, kind in layers if kind is None or "polygon" in kind.lower() or kind == "Unknown"
    ]
    pattern = re.compile(rf"adm(?:in)?{level}(?!\d)", re.IGNORECASE)
    matches = [name for name in polygonal if pattern.search(Path(name).name)]
    if len(matches) > 1:  # OCHA names its polygons admbnda, its lines admbndl and its points admbndp
        matches = [name for name in matches if "admbnda" in Path(name).name.lower()] or matches
    if len(polygonal) == 1 and not matches:
        return polygonal[0]
    if len(matches) == 1:
        return matches[0]
    listed = ", ".join(name for name, _ in layers) or "none"
    what = "several layers" if matches else "no polygon layer"
    raise AdminUnitsError(f"{origin}: {what} named adm{level} (layers: {listed}); choose one with --layer")


def _zip_member(path: Path, level: int, layer: str | None) -> str:
    with zipfile.ZipFile(path) as archive:
        names = [
            n for n in archive.namelist() if n.lower().endswith(READABLE) and not n.startswith("__MACOSX")
        ]
    if not names:
        raise AdminUnitsError(f"{path}: the archive holds no shapefile, GeoPackage or GeoJSON")
    if layer is not None:
        named = [n for n in names if layer in (n, Path(n).name, Path(n).stem)]
        if named:
            return named[0]
    if len(names) == 1:
        return names[0]
    return choose_layer([(n, None) for n in names], level, str(path))


def read_boundary_file(path: Path, level: int, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a user's boundary file: shapefile, zipped shapefile, GeoPackage or GeoJSON.

    In a zip or a multi-layer file, the layer whose name contains ``adm{level}`` is read unless ``layer`` is
    given.
    """
    path = Path(path)
    if not path.exists():
        raise AdminUnitsError(f"{path}: no such file")
    source = str(path)
    if path.suffix.lower() == ".zip":
        if not zipfile.is_zipfile(path):
            raise AdminUnitsError(f"{path}: not a zip archive")
        member = _zip_member(path, level, layer)
        source = f"/vsizip/{path.resolve()}/{member}"
        if layer is not None and layer in (member, Path(member).name, Path(member).stem):
            layer = None  # the layer named a file in the archive, not a layer within it
    try:
        if layer is None:
            layers = [(str(n), None if k is None else str(k)) for n, k in pyogrio.list_layers(source)]
            if len(layers) > 1:
                layer = choose_layer(layers, level, str(path))
        return gpd.read_file(source, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise AdminUnitsError(f"{path}: cannot be read as boundaries: {exc}") from exc


# --- geoBoundaries --------------------------------------------------------------------------------------------


def parse_api_answer(answer: object, level: int, api_url: str) -> Provenance:
    """Check geoBoundaries' API answer and return the provenance it gives (``url`` is its GeoJSON link)."""
    if isinstance(answer, list) and len(answer) == 1:
        answer = answer[0]
    if not isinstance(answer, dict) or not answer.get("gjDownloadURL"):
        raise AdminUnitsError(f"{api_url}: the answer has no gjDownloadURL (not a geoBoundaries API answer)")
    return Provenance(
        level=level,
        source=f"geoBoundaries gbOpen {answer.get('boundaryISO', 'SYR')} {answer.get('boundaryType', '')}".strip(),
        licence=answer.get("boundaryLicense"),
        url=answer["gjDownloadURL"],
        fetched_at=_now(),
        attribution=answer.get("boundarySource"),
        licence_url=answer.get("licenseSource") or None,
        boundary_id=answer.get("boundaryID"),
        build_date=answer.get("buildDate"),
        source_data_update_date=answer.get("sourceDataUpdateDate"),
    )


def fetch_geoboundaries(
    level: int, work_dir: Path, *, api_url: str | None = None, progress: bool = True
) -> tuple[gpd.GeoDataFrame, Provenance]:
    """Ask geoBoundaries' API for SYR ADM``level`` and download its GeoJSON into ``work_dir``.

    Raises :class:`geodata.fetch.FetchError` when a download fails, :class:`AdminUnitsError` when the answer
    is not usable.
    """
    api_url = api_url or GEOBOUNDARIES_API.format(level=level)
    answer_path = download(api_url, Path(work_dir) / "api.json", progress=False)
    try:
        answer = json.loads(answer_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AdminUnitsError(f"{api_url}: the answer is not JSON: {exc}") from exc
    provenance = parse_api_answer(answer, level, api_url)
    data_path = download(provenance.url, Path(work_dir) / f"adm{level}.download.geojson", progress=progress)
    try:
        frame = gpd.read_file(data_path)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise AdminUnitsError(f"{provenance.url}: not a readable GeoJSON: {exc}") from exc
    return frame, provenance


# --- writing --------------------------------------------------------------------------------------------------


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_admin_units(units: gpd.GeoDataFrame, provenance: Provenance, data_dir: Path | None = None) -> Path:
    """Write ``adm{level}.geojson`` and its provenance ``adm{level}.json`` atomically; return the GeoJSON path."""
    path = admin_units_path(provenance.level, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, units.to_crs(CRS).to_json(ensure_ascii=False, drop_id=True) + "\n")
    record = asdict(provenance) | {"features": len(units), "file": path.name}
    _write_atomic(path.with_suffix(".json"), json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    log.info("wrote %d admin-%d units to %s", len(units), provenance.level, path)
    return path


def fetch_admin_units(
    level: int,
    *,
    data_dir: Path | None = None,
    from_path: Path | None = None,
    layer: str | None = None,
    api_url: str | None = None,
    progress: bool = True,
) -> gpd.GeoDataFrame:
    """Fetch (or read from ``from_path``), normalise and store the admin units of ``level``; return them.

    An existing ``adm{level}.geojson`` is replaced only once the new one is read and normalised in full.
    """
    if level not in (2, 3):
        raise ValueError(f"admin level must be 2 or 3, not {level}")
    parents = load_admin_units(level - 1, data_dir) if level == 3 else None
    if from_path is not None:
        raw = read_boundary_file(Path(from_path), level, layer)
        origin = str(from_path)
        provenance = Provenance(
            level=level,
            source=f"user file {Path(from_path).name}",
            licence=None,  # unknown: OCHA COD-AB for Syria on HDX is CC BY 3.0 IGO; the user knows their file
            url=str(Path(from_path).resolve()),
            fetched_at=_now(),
        )
    else:
        with tempfile.TemporaryDirectory(prefix="syriamap-adm") as work_dir:
            raw, provenance = fetch_geoboundaries(level, Path(work_dir), api_url=api_url, progress=progress)
        origin = provenance.url
    units = normalise(raw, level, source=provenance.source, origin=origin, parents=parents)
    write_admin_units(units, provenance, data_dir)
    return units


def summary(units: gpd.GeoDataFrame, governorate_names: dict[str, str]) -> list[tuple[str, str, int]]:
    """Return ``(admin1, name, unit count)`` per governorate, sorted by name; units without admin1 last."""
    counts = units["admin1"].fillna("").value_counts()
    rows = [(code, governorate_names.get(code, "(no governorate)"), int(n)) for code, n in counts.items()]
    return sorted(rows, key=lambda r: (r[0] == "", r[1]))
