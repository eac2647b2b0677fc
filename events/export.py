"""Exports: a selection of events as CSV or GeoJSON, with the citation manifest the datasets' licences ask for.

Pure functions over the store and a :class:`~events.query.Selection`, shared by ``python -m events export`` and
the dashboard's ``GET /export``:

- :func:`export_frame` - the selected events with the export columns (:data:`EXPORT_COLUMNS`);
- :func:`to_csv` - CSV text, with cells a spreadsheet would run as a formula neutralised;
- :func:`to_geojson` - a FeatureCollection of points, the manifest as its top-level ``citation`` member;
- :func:`citation_manifest` - the datasets and releases behind the rows, what each requires (citation,
  licence, attribution), the filters and the access date.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import numpy as np
import pandas as pd
import sqlalchemy as sa

from events.importers import known_release
from events.query import Selection, select_events
from events.schema import events, imports
from events.store import Store

EXPORT_COLUMNS = [
    "dataset", "release", "source_id", "date_start", "date_end", "date_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "fatalities_low", "fatalities_best", "fatalities_high", "latitude", "longitude",
    "geo_precision", "place_name", "admin1", "admin1_name", "admin2", "report_urls",
]  # fmt: skip
URL_SEPARATOR = " "  # report_urls in CSV: URLs hold no spaces
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500
PROJECT = "Syria Conflict Map"
# What to cite for the project's own datasets (imported datasets are described by their importer or import).
OWN_DATASETS = {
    "starter": {
        "title": "Syria Conflict Map starter set",
        "citation": [
            "Syria Conflict Map starter set (events/data/STARTER.md): each event's sources are listed in "
            "report_urls; cite them."
        ],
        "licence": "Facts with links to their sources; summaries in the project's own words.",
    },
    "extract": {
        "title": "Events extracted from news reports by Syria Conflict Map",
        "citation": [
            "Each event was extracted automatically from the reports listed in report_urls; cite the "
            "reports, and check the extraction against them."
        ],
        "licence": "The reports' own terms apply to their text.",
    },
}
NOTES = {
    "ucdp-ged": "UCDP GED is licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/): credit UCDP and "
    "cite the articles above wherever these events are shown.",
    "acled": "ACLED's terms of use apply: acknowledge ACLED with the access date, and do not redistribute the "
    "data beyond what those terms allow.",
}


def _chunks(values: list, size: int = CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _releases(store: Store, event_ids: list[int]) -> dict[int, str | None]:
    found: dict[int, str | None] = {}
    with store.engine.connect() as conn:
        for chunk in _chunks(event_ids):
            query = sa.select(events.c.id, events.c.release).where(events.c.id.in_(chunk))
            found.update((i, r) for i, r in conn.execute(query))
    return found


def _report_urls(store: Store, event_ids: list[int]) -> pd.Series:
    links = store.reports_for_events(event_ids)
    links = links[links["url"].notna() & (links["url"] != "")]
    return links.groupby("event_id")["url"].agg(lambda urls: list(dict.fromkeys(urls)))


def export_frame(store: Store, selection: Selection) -> pd.DataFrame:
    """The selected events with :data:`EXPORT_COLUMNS`, ordered by date; ``report_urls`` a list per row.

    Dates are ``datetime.date``; fatalities nullable integers; ``admin1_name`` our governorate's name.
    """
    from geodata.boundaries import governorate_names

    frame = select_events(store, selection)
    ids = [int(i) for i in frame["event_id"]]
    frame["release"] = frame["event_id"].map(_releases(store, ids)).astype(object)
    frame["admin1_name"] = frame["admin1"].map(governorate_names()).astype(object)
    urls = _report_urls(store, ids)
    frame["report_urls"] = [urls.get(i, []) for i in ids]
    for column in ("date_start", "date_end"):
        frame[column] = frame[column].dt.date
    out = frame[EXPORT_COLUMNS].reset_index(drop=True)
    text = _text_columns(out)
    out[text] = out[text].astype(object).where(out[text].notna(), None)
    return out


def _text_columns(frame: pd.DataFrame) -> list[str]:
    types = pd.api.types
    return [c for c in frame.columns if types.is_object_dtype(frame[c]) or types.is_string_dtype(frame[c])]


def _neutralise(value: object) -> object:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe (OWASP's advice). Leading
    spaces and control characters are looked past, and full-width signs (＝, ＋) count as their ASCII forms."""
    if isinstance(value, str):
        head = unicodedata.normalize("NFKC", value[:8]).lstrip(" \u00a0\ufeff\n")
        if value.startswith(FORMULA_START) or head.startswith(FORMULA_START):
            return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> str:
    """The export as CSV text (UTF-8, CRLF line ends as RFC 4180 has them, ISO dates, ``report_urls``
    space-separated).

    Text cells starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) get a leading ``'``
    so that a spreadsheet shows them instead of running them; numbers are written as numbers.
    """
    out = frame.copy()
    out["report_urls"] = [URL_SEPARATOR.join(urls or []) for urls in out["report_urls"]]
    for column in _text_columns(out):
        out[column] = out[column].map(_neutralise)
    buffer = io.StringIO()
    # "\r\n" line ends: the csv module quotes a cell holding any character of the line end, so a carriage
    # return inside a cell can no longer start a new row (where a formula would escape the neutralising)
    out.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue()


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def to_geojson(frame: pd.DataFrame, manifest: dict) -> dict:
    """The export as a GeoJSON FeatureCollection of points (EPSG:4326), with ``citation``: the manifest.

    Events without coordinates have a null geometry; every export column but the coordinates is a property.
    """
    columns = [c for c in EXPORT_COLUMNS if c not in ("latitude", "longitude")]
    records = frame[columns].astype(object).to_dict("records")
    features = []
    for record, lat, lon in zip(records, frame["latitude"], frame["longitude"], strict=True):
        point = (
            None
            if pd.isna(lat) or pd.isna(lon)
            else {"type": "Point", "coordinates": [float(lon), float(lat)]}
        )
        properties = {k: (list(v) if k == "report_urls" else _plain(v)) for k, v in record.items()}
        features.append({"type": "Feature", "geometry": point, "properties": properties})
    return {"type": "FeatureCollection", "citation": manifest, "features": features}


def _imports(store: Store, pairs: list[tuple[str, str | None]]) -> dict[tuple[str, str | None], dict]:
    """The latest import of each (dataset, release): file, checksum, date, and the citation it recorded."""
    found = {}
    with store.engine.connect() as conn:
        for dataset, release in pairs:
            same = imports.c.release.is_(None) if release is None else imports.c.release == release
            query = (sa.select(imports).where(imports.c.dataset == dataset, same)
                     .order_by(imports.c.imported_at.desc(), imports.c.id.desc()).limit(1))  # fmt: skip
            row = conn.execute(query).mappings().first()
            if row is not None:
                found[(dataset, release)] = dict(row)
    return found


def _describe(dataset: str, release: str | None, imported: dict | None) -> dict:
    known = known_release(dataset, release)
    if known is not None:
        entry = {"title": known.title, "citation": list(known.citation), "licence": known.licence,
                 "url": known.url}  # fmt: skip
    elif dataset in OWN_DATASETS:
        entry = dict(OWN_DATASETS[dataset])
    elif imported is not None:
        entry = {"title": imported["title"] or dataset,
                 "citation": [c for c in (imported["citation"] or "").split("\n") if c],
                 "licence": imported["licence"] or "not recorded: check the source's terms",
                 "url": imported["url"]}  # fmt: skip
    else:
        entry = {"title": dataset, "citation": [], "licence": "not recorded: check the source's terms"}
    if dataset in NOTES:
        entry["note"] = NOTES[dataset]
    return entry


def citation_manifest(store: Store, selection: Selection, frame: pd.DataFrame, accessed: date) -> dict:
    """What to cite for an export: each dataset and release behind its rows with their citations, licence,
    required attribution and import provenance; the filters; the number of events; the access date."""
    counts = frame.groupby(["dataset", frame["release"].fillna("")], sort=True).size()
    pairs = [(dataset, release or None) for dataset, release in counts.index]
    imported = _imports(store, pairs)
    datasets = []
    for (dataset, release), n in zip(pairs, counts.tolist(), strict=True):
        entry = {"dataset": dataset, "release": release, "events": int(n),
                 **_describe(dataset, release, imported.get((dataset, release)))}  # fmt: skip
        if (dataset, release) in imported:
            row = imported[(dataset, release)]
            entry["imported"] = {"file": row["source"], "sha256": row["sha256"],
                                 "at": row["imported_at"].isoformat(timespec="seconds")}  # fmt: skip
        datasets.append(entry)
    return {
        "title": f"{PROJECT} export",
        "accessed": accessed.isoformat(),
        "events": len(frame),
        "filters": selection.describe(),
        "datasets": datasets,
        "columns": EXPORT_COLUMNS,
    }
