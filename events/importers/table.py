"""Any table of events: a CSV, GeoJSON or GeoPackage file, with a map from our fields to its columns.

``--map date=Date,lat=Latitude,lon=Longitude,type=Category,...`` names the file's column for each field (see
:data:`FIELDS`); a GeoJSON or GeoPackage file's point geometry gives the coordinates when ``lat``/``lon`` are
not mapped. Every column is kept in the event's ``original``. Rows are keyed by the ``id`` column when one is
mapped, otherwise by a hash of the whole row (so an edited row is a new event: map ``id`` to update in place).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from events.importers.common import (
    Checks,
    EventRows,
    ImportFileError,
    ImportSummary,
    RawTable,
    Release,
    check_dataset_name,
    read_bytes,
    read_csv,
    require_columns,
    widen_fatalities,
)
from events.importers.transaction import import_events
from events.model import Citation, Report, report_hash
from events.store import Store

DEFAULT_DATASET = "table"
DATE_FORMATS = ["%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%Y/%m/%d"]
# Our field -> what it means. ``date``, ``lat``, ``lon`` and ``type`` are required (``type`` may instead be
# given for every row with ``event_type``); the rest are optional.
FIELDS = {
    "id": "the row's id in the dataset (the key for updates)",
    "date": "the event's date (or first day)",
    "date_end": "the last day, for events over a range",
    "date_precision": "1 day, 2 week, 3 month, 4 year, 5 longer",
    "lat": "latitude (degrees)",
    "lon": "longitude (degrees)",
    "geo_precision": "1 the site, 2 near it or part of a region, 3 the governorate",
    "type": "the event type (ACLED's types: Battles, Explosions/Remote violence, ...)",
    "sub_type": "the event sub-type",
    "actor1": "first actor",
    "actor2": "second actor",
    "fatalities": "best fatality estimate",
    "fatalities_low": "low fatality estimate",
    "fatalities_high": "high fatality estimate",
    "place": "place name",
    "admin1": "the dataset's own governorate name (compared with ours)",
    "url": "a source report's URL",
    "title": "the source report's title",
    "outlet": "the source report's outlet",
    "published": "the source report's publication date",
    "notes": "a description of the event or the report's text",
}
GEOMETRY = "geometry"
REPORT_FIELDS = ("url", "title", "outlet", "published", "notes")


def parse_map(text: str) -> dict[str, str]:
    """``"date=Date,lat=Lat"`` -> ``{"date": "Date", "lat": "Lat"}``; unknown fields are refused."""
    mapping = {}
    for part in (p for p in text.split(",") if p.strip()):
        key, sep, column = part.partition("=")
        key, column = key.strip(), column.strip()
        if not sep or not column:
            raise ImportFileError(f"--map: {part.strip()!r} is not FIELD=COLUMN")
        if key not in FIELDS:
            raise ImportFileError(f"--map: unknown field {key!r}; known: {', '.join(FIELDS)}")
        mapping[key] = column
    return mapping


def read_geodata(path: Path) -> RawTable:
    """Read a GeoJSON or GeoPackage file: attributes as text, the geometry as WKT in column ``geometry``."""
    import geopandas as gpd
    import pyogrio

    _, name, sha256 = read_bytes(path, suffix=Path(path).suffix.lower())
    try:
        frame = gpd.read_file(path)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise ImportFileError(f"{name}: cannot be read as GeoJSON or GeoPackage: {exc}") from exc
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    text = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        values = frame[column]
        text[str(column)] = values.astype(object).where(values.notna(), "").map(str)
    geometry = frame.geometry
    text[GEOMETRY] = geometry.to_wkt().where(geometry.notna() & ~geometry.is_empty, "")
    return RawTable(
        name, text.reset_index(drop=True), sha256, "feature", points=geometry.reset_index(drop=True)
    )


def read_table(path: Path) -> RawTable:
    """CSV (or a zip holding one) by its suffix; anything else through GDAL (GeoJSON, GeoPackage, ...)."""
    if Path(path).suffix.lower() in (".csv", ".txt", ".tsv", ".zip"):
        return read_csv(path)
    return read_geodata(path)


def _coordinates(raw: RawTable, checks: Checks, mapping: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    if "lat" in mapping and "lon" in mapping:
        return checks.number(mapping["lat"], -90, 90), checks.number(mapping["lon"], -180, 180)
    points = raw.points
    if points is None:
        raise ImportFileError(f"{raw.name}: map lat=COLUMN and lon=COLUMN (a CSV has no geometry)")
    points = points.loc[checks.frame.index]
    missing = points.isna() | points.is_empty
    is_point = ~missing & (points.geom_type == "Point")
    checks.flag(missing, GEOMETRY, "is empty: the feature has no location")
    checks.flag(~missing & ~is_point, GEOMETRY, "is not a point (only point features can be imported)",
                points.geom_type.astype(str))  # fmt: skip
    lon = pd.Series(float("nan"), index=points.index)
    lat = pd.Series(float("nan"), index=points.index)
    lon[is_point] = points[is_point].x
    lat[is_point] = points[is_point].y
    return lat, lon


def _row_ids(raw: RawTable, rows: pd.Index) -> pd.Series:
    """A stable id for rows without one: the SHA-256 (16 hex digits) of the row's values."""
    part = raw.frame.loc[rows]
    joined = part.astype(str).agg("\x1f".join, axis=1) if len(part.columns) else pd.Series("", index=rows)
    return joined.map(lambda row: hashlib.sha256(row.encode("utf-8")).hexdigest()[:16]).astype(object)


def shape(
    raw: RawTable, mapping: dict[str, str], *, event_type: str | None = None, date_format: str | None = None
) -> tuple[EventRows, Checks]:
    """Typed event rows from any table through ``mapping`` (our field -> the file's column)."""
    require_columns(raw, list(mapping.values()), "the table --map describes")
    for needed in ("date",):
        if needed not in mapping:
            raise ImportFileError(f"{raw.name}: --map needs {needed}=COLUMN")
    if "type" not in mapping and not event_type:
        raise ImportFileError(f"{raw.name}: map type=COLUMN or give --event-type for every row")
    checks = Checks(raw)
    index = checks.frame.index
    formats = [date_format] if date_format else DATE_FORMATS

    def text(key: str, required: bool = False) -> pd.Series:
        if key not in mapping:
            return pd.Series(None, index=index, dtype=object)
        return checks.text(mapping[key], required=required)

    def integer(key: str) -> pd.Series:
        return (
            checks.integer(mapping[key]) if key in mapping else pd.Series(pd.NA, index=index, dtype="Int64")
        )

    def code(key: str, allowed: tuple[int, ...]) -> pd.Series:
        if key not in mapping:
            return pd.Series(1, index=index, dtype="Int64")
        return checks.code(mapping[key], {c: c for c in allowed}, required=False).fillna(1)

    lat, lon = _coordinates(raw, checks, mapping)
    start = checks.date(mapping["date"], formats)
    end = (
        checks.date(mapping["date_end"], formats, required=False).fillna(start)
        if "date_end" in mapping
        else start
    )
    source_id = text("id", required=True) if "id" in mapping else _row_ids(raw, index)
    kind = (
        text("type", required=True) if "type" in mapping else pd.Series(event_type, index=index, dtype=object)
    )
    frame = pd.DataFrame(
        {
            "source_id": source_id, "date_start": start, "date_end": end,
            "date_precision": code("date_precision", (1, 2, 3, 4, 5)), "event_type": kind,
            "sub_event_type": text("sub_type"), "actor1": text("actor1"), "actor2": text("actor2"),
            "fatalities_low": integer("fatalities_low"), "fatalities_best": integer("fatalities"),
            "fatalities_high": integer("fatalities_high"), "place_name": text("place"), "latitude": lat,
            "longitude": lon, "geo_precision": code("geo_precision", (1, 2, 3)), "dataset_admin1": text("admin1"),
        }
    )  # fmt: skip
    if "date_end" in mapping:
        checks.flag(end < start, mapping["date_end"], "is before the start date")
    for key in ("type", "sub_type"):
        if key in mapping:
            checks.flag(frame[{"type": "event_type", "sub_type": "sub_event_type"}[key]].str.len() > 64,
                        mapping[key], "is longer than 64 characters")  # fmt: skip
    widened = widen_fatalities(frame)
    notes = {"fatalities: low or high widened to include best": widened} if widened else {}
    citations = _Citations(raw, mapping, formats)
    return EventRows(frame, citations, mapping.get("id", "(row)"), notes=notes), checks


class _Citations:
    """A row's report, when the map names a URL or notes: title, outlet and publication date as mapped."""

    def __init__(self, raw: RawTable, mapping: dict[str, str], formats: list[str]) -> None:
        self.frame, self.mapping, self.formats = raw.frame, mapping, formats

    def _column(self, part: pd.DataFrame, key: str) -> list[str]:
        return part[self.mapping[key]].str.strip().tolist() if key in self.mapping else [""] * len(part)

    def __call__(self, positions: pd.Index) -> list[list[Citation]]:
        part = self.frame.loc[positions, [self.mapping[k] for k in REPORT_FIELDS if k in self.mapping]]
        url, title, outlet, notes = (self._column(part, k) for k in ("url", "title", "outlet", "notes"))
        published = pd.Series(pd.NaT, index=part.index, dtype="datetime64[s]")
        if "published" in self.mapping:
            for fmt in self.formats:
                values = part[self.mapping["published"]].str.strip()
                todo = published.isna()
                parsed = pd.to_datetime(values[todo].str.slice(0, 10) if fmt == "%Y-%m-%d" else values[todo],
                                        format=fmt, errors="coerce")  # fmt: skip
                published[todo] = parsed.astype("datetime64[s]")
        days = [None if pd.isna(d) else d.date() for d in published]
        out = []
        for u, t, o, n, d in zip(url, title, outlet, notes, days, strict=True):
            if not (u or n):
                out.append([])
                continue
            # a row with a URL cites that page (its notes are the link's quote, not the page's text): rows sharing
            # a stock note ("Clashes reported.") but citing different pages stay different reports
            report = Report(title=t or o or u or n[:120], url=u or None, outlet=o or None, published=d,
                            text=None if u else (n or None),
                            content_hash=report_hash(None, u) if u else report_hash(n, None))  # fmt: skip
            out.append([Citation(report, quote=n or None)])
        return out


def import_table(
    store: Store,
    path: Path,
    mapping: dict[str, str],
    *,
    dataset: str = DEFAULT_DATASET,
    version: str | None = None,
    event_type: str | None = None,
    date_format: str | None = None,
    citation: str | None = None,
    licence: str | None = None,
    replace: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    progress: bool = False,
) -> ImportSummary:
    """Import any table of events as ``dataset``; see :func:`shape` and :func:`import_events`.

    ``citation`` and ``licence`` are recorded with the import and shown in exports' citation manifests.
    """
    check_dataset_name(dataset)
    raw = read_table(path)
    rows, checks = shape(raw, mapping, event_type=event_type, date_format=date_format)
    release = Release(dataset, version, dataset, (citation,) if citation else (), licence or "", None)
    return import_events(store, raw, rows, checks, release, replace=replace, skip_invalid=skip_invalid,
                         rejects=rejects, progress=progress)  # fmt: skip
