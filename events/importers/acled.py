"""ACLED, the Armed Conflict Location & Event Data project: CSV exports, current and pre-2023 columns.

ACLED's terms forbid redistributing its data: the project ships none, users import the exports they download
themselves. Only the rows about Syria (``country`` Syria or ``iso`` 760) are imported; every original field is
kept in the event's ``original``. The mapping:

- ``event_id_cnty`` -> source id (both column generations have it; it is ACLED's stable event id);
- ``event_date`` ("2017-01-15" or "15 January 2017") with ``time_precision`` 1-3 (our scale);
- ``event_type``, ``sub_event_type``; ``actor1``, ``actor2`` (normalised where our actor table knows them);
- ``location`` as the place name, ``latitude``, ``longitude``, ``geo_precision`` 1-3 (our scale), ``admin1``
  compared with our governorate; ``fatalities`` as the best estimate (ACLED gives one figure);
- ``notes`` and ``source`` -> the linked report (the sources as its title, ACLED as its outlet, the notes as its
  text and as the link's quote).

ACLED has no release numbers: the release recorded is the date of the newest ``timestamp`` in the export (when
ACLED last changed any of its rows), unless ``version`` is given.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from events.extract.actors import GOVERNMENT, normalise_actor
from events.importers.common import (
    Checks,
    EventRows,
    ImportSummary,
    RawTable,
    Release,
    read_csv,
    require_columns,
)
from events.importers.transaction import import_events
from events.model import Citation, Report, report_hash
from events.store import Store

DATASET = "acled"
REQUIRED = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
            "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
            "fatalities"]  # fmt: skip
DATE_FORMATS = ["%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y"]
PRECISION = {1: 1, 2: 2, 3: 3}
# ACLED's names for the Syrian state's forces before December 2024; "(2024-)" is the transitional government.
ACTORS = {
    "Military Forces of Syria (2000-)": GOVERNMENT,
    "Military Forces of Syria (2000-2024)": GOVERNMENT,
    "Police Forces of Syria (2000-)": GOVERNMENT,
    "Police Forces of Syria (2000-2024)": GOVERNMENT,
}
TITLE = "Armed Conflict Location & Event Data (ACLED)"
URL = "https://acleddata.com"
LICENCE = (
    "ACLED Terms of Use: attribution required; the data may not be redistributed (the project ships none)."
)
CITATION = (
    "Raleigh, Clionadh, Andrew Linke, Håvard Hegre and Joakim Karlsen (2010). Introducing ACLED: An Armed "
    "Conflict Location and Event Dataset. Journal of Peace Research 47(5): 651-660.",
    "Armed Conflict Location & Event Data (ACLED); www.acleddata.com",
)


def release(version: str | None) -> Release:
    """What the citation manifest says for an ACLED export (its version: the newest row update date)."""
    return Release(DATASET, version, TITLE, CITATION, LICENCE, URL)


def _actors(values: pd.Series) -> pd.Series:
    distinct = {v: ACTORS.get(v) or normalise_actor(v) or v for v in values.dropna().unique()}
    return values.map(distinct).astype(object).where(values.notna(), None)


def _syria_rows(raw: RawTable) -> pd.Index:
    frame = raw.frame
    syria = pd.Series(False, index=frame.index)
    if "country" in frame.columns:
        syria |= frame["country"].str.strip().str.casefold() == "syria"
    if "iso" in frame.columns:
        syria |= frame["iso"].str.strip() == "760"
    if "iso3" in frame.columns:
        syria |= frame["iso3"].str.strip().str.upper() == "SYR"
    has_country = any(c in frame.columns for c in ("country", "iso", "iso3"))
    return frame.index[syria] if has_country else frame.index


def version_from_timestamps(raw: RawTable) -> str | None:
    """The date (UTC) of the newest ``timestamp`` (Unix seconds) in the export, as the release name."""
    if "timestamp" not in raw.frame.columns:
        return None
    stamps = pd.to_numeric(raw.frame["timestamp"], errors="coerce").dropna()
    if stamps.empty:
        return None
    return datetime.fromtimestamp(int(stamps.max()), UTC).date().isoformat()


def shape(raw: RawTable) -> tuple[EventRows, Checks, int]:
    """Typed event rows from an ACLED export; with the checks and how many rows were other countries'."""
    require_columns(raw, REQUIRED, "an ACLED export")
    rows = _syria_rows(raw)
    checks = Checks(raw, rows)
    day = checks.date("event_date", DATE_FORMATS)
    frame = pd.DataFrame(
        {
            "source_id": checks.text("event_id_cnty", required=True),
            "date_start": day,
            "date_end": day,
            "date_precision": checks.code("time_precision", PRECISION),
            "event_type": checks.text("event_type", required=True),
            "sub_event_type": checks.text("sub_event_type"),
            "actor1": _actors(checks.text("actor1")),
            "actor2": _actors(checks.text("actor2")),
            "fatalities_low": pd.Series(pd.NA, index=checks.frame.index, dtype="Int64"),
            "fatalities_best": checks.integer("fatalities"),
            "fatalities_high": pd.Series(pd.NA, index=checks.frame.index, dtype="Int64"),
            "place_name": checks.text("location"),
            "latitude": checks.number("latitude", -90, 90),
            "longitude": checks.number("longitude", -180, 180),
            "geo_precision": checks.code("geo_precision", PRECISION),
            "dataset_admin1": checks.text("admin1"),
        }
    )
    checks.flag(frame["event_type"].str.len() > 64, "event_type", "is longer than 64 characters")
    checks.flag(frame["sub_event_type"].str.len() > 64, "sub_event_type", "is longer than 64 characters")
    return EventRows(frame, _Citations(raw), "event_id_cnty"), checks, len(raw.frame) - len(rows)


class _Citations:
    """Each ACLED row's report: its sources as the title, ACLED as the outlet, its notes as text and quote."""

    def __init__(self, raw: RawTable) -> None:
        self.frame = raw.frame

    def __call__(self, positions: pd.Index) -> list[list[Citation]]:
        part = self.frame.loc[positions, ["event_id_cnty", "source", "notes"]]
        out = []
        for event_id, source, notes in zip(part["event_id_cnty"], part["source"], part["notes"], strict=True):
            source, notes = source.strip(), notes.strip()
            if not source and not notes:
                out.append([])
                continue
            report = Report(
                title=source or f"ACLED event {event_id}",
                outlet="ACLED",
                text=notes or None,
                content_hash=report_hash(notes or None, f"acled:{event_id}:{source}"),
            )
            out.append([Citation(report, quote=notes or None)])
        return out


def import_acled(
    store: Store,
    path: Path,
    *,
    version: str | None = None,
    replace: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    progress: bool = False,
) -> ImportSummary:
    """Import an ACLED CSV export (or a zip holding one) as dataset ``acled``; see :func:`import_events`."""
    raw = read_csv(path)
    rows, checks, skipped = shape(raw)
    version = version or version_from_timestamps(raw)
    return import_events(store, raw, rows, checks, release(version), skipped=skipped, replace=replace,
                         skip_invalid=skip_invalid, rejects=rejects, progress=progress)  # fmt: skip
