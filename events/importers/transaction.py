"""The import transaction: checked rows in, the dataset's events in the store updated to match, a summary out.

:func:`import_events` assigns each row its governorate through our spatial join, has the model
(:class:`~events.model.Event`) check it, stops at the first bad row (or sets bad rows aside with
``skip_invalid``), compares the rows with what the store holds for the dataset and writes the differences in
one transaction: new events inserted, changed ones updated, unchanged ones left alone, and with ``replace``
the ones the file no longer holds removed.

The writes go through the store's bulk primitives (``_add_reports``, ``_insert``, ``_update_by_id``, the ones
:meth:`Store.add_events` uses) rather than ``add_events`` itself: the import already knows which events are new
and which changed, so it skips add_events' key look-ups, and it writes the ``release`` column, which
:class:`~events.model.Event` does not carry.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from events.importers.common import (
    Checks,
    EventRows,
    ImportFileError,
    ImportSummary,
    RawTable,
    Release,
    RowError,
    governorate_codes,
    progress_bar,
)
from events.model import Citation, Event, Report
from events.schema import control_claims, event_reports, events, imports, reports
from events.store import Store, _add_reports, _insert, _update_by_id, bump_revision

log = logging.getLogger(__name__)

WRITE_CHUNK = 10_000  # events written per step of the progress bar (one transaction for all)
KEY_CHUNK = 500  # keys per IN (...) clause
LOOKUP_CHUNK = 5_000  # report hashes per look-up: under SQLite's 32,766 and PostgreSQL's 65,535 parameters
# The event columns an import writes and compares with the stored row to tell an update from no change.
COMPARED = [
    "date_start", "date_end", "date_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "fatalities_low", "fatalities_best", "fatalities_high", "place_id", "place_name", "latitude", "longitude",
    "geo_precision", "admin1", "admin2",
]  # fmt: skip


def _plain(series: pd.Series) -> list:
    """Python values (int, float, str) with None for missing, for Event fields and SQL parameters."""
    return series.astype(object).where(series.notna(), None).tolist()


def _dates(series: pd.Series) -> list:
    return [d.date() for d in series.dt.to_pydatetime()] if len(series) else []


def _originals(raw: RawTable, rows: pd.Index, columns: list[str] | None) -> list[dict]:
    frame = raw.frame.loc[rows, columns] if columns is not None else raw.frame.loc[rows]
    names = list(frame.columns)
    values = [frame[c].tolist() for c in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def _reject_problems(raw: RawTable, problems: pd.DataFrame, skip_invalid: bool) -> pd.DataFrame:
    """Raise :class:`RowError` for the first problem unless ``skip_invalid``; else the problems, with lines."""
    if problems.empty:
        return problems.assign(line=pd.Series(dtype=int))
    lines = raw.numbers()
    first = problems.iloc[0]
    if not skip_invalid:
        raise RowError(raw.name, int(lines[int(first["row"])]), first["column"], first["value"], first["reason"],
                       raw.unit)  # fmt: skip
    return problems.assign(line=lines[problems["row"].to_numpy(dtype=np.int64)])


def write_rejects(raw: RawTable, problems: pd.DataFrame, path: Path) -> None:
    """One CSV row per rejected row: its line, the columns, values and reasons at fault, then its fields."""
    grouped = problems.groupby("row", sort=True).agg(
        line=("line", "first"), column=("column", "; ".join), value=("value", "; ".join),
        reason=("reason", "; ".join),
    )  # fmt: skip
    out = pd.concat([grouped, raw.frame.loc[grouped.index]], axis=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, encoding="utf-8")


def _duplicates(checks: Checks, rows: EventRows) -> None:
    """An id given twice in one file: the later rows are problems naming the line of the first."""
    ids = rows.frame["source_id"]
    repeated = ids.notna() & ids.duplicated(keep="first")
    if not repeated.any():
        return
    lines = checks.raw.numbers()
    first = ids[ids.notna() & ~ids.duplicated(keep="first")]
    first_line = pd.Series(lines[first.index.to_numpy()], index=first.to_numpy())
    again = ids[repeated]
    reasons = [f"repeats the id on {checks.raw.unit} {n}" for n in first_line[again.to_numpy()]]
    checks.add(pd.DataFrame({"row": again.index, "column": rows.id_column, "value": again.to_numpy(),
                             "reason": reasons}))  # fmt: skip


def import_events(
    store: Store,
    raw: RawTable,
    rows: EventRows,
    checks: Checks,
    release: Release,
    *,
    skipped: int = 0,
    replace: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    progress: bool = False,
) -> ImportSummary:
    """Store the checked rows as events of ``release.dataset`` in one transaction; return the summary.

    Events are keyed by (dataset, source id): new ones are inserted, changed ones updated, identical ones
    left alone (so importing the same file again changes nothing); with ``replace``, the dataset's stored
    events that the file no longer holds are removed (with reports left without any event or claim).

    Raises
    ------
    RowError
        For the first bad row (file order) unless ``skip_invalid``; nothing is written. With
        ``skip_invalid``, bad rows are left out and written with their reasons to ``rejects``.
    """
    started = time.perf_counter()
    summary = ImportSummary(release.dataset, release.release, raw.name, rows_read=len(raw.frame))
    summary.skipped_other_countries = skipped
    summary.notes = dict(rows.notes)
    _duplicates(checks, rows)
    frame = rows.frame
    with progress_bar(progress) as bar:
        task = bar.add_task("checking", total=len(frame))
        events_by_row, bad = _build_events(raw, rows, release, checks)
        bar.update(task, completed=len(frame))
        problems = _reject_problems(raw, pd.concat([checks.problems(), bad], ignore_index=True)
                                    .sort_values("row", kind="stable"), skip_invalid)  # fmt: skip
        rejected = set(problems["row"].tolist())
        if rejected:
            summary.rejected = len(rejected)
            if rejects is not None:
                write_rejects(raw, problems, rejects)
                summary.rejects_file = str(rejects)
        good = [r for r in frame.index if r not in rejected]
        items = {r: events_by_row[r] for r in good if r in events_by_row}
        _count_places(summary, frame.loc[list(items)])
        rejected_ids = set(frame.loc[list(rejected & set(frame.index)), "source_id"].dropna())
        write = bar.add_task("writing", total=len(items))
        _write(store, raw, rows, release, items, rejected_ids, replace, summary,
               lambda n: bar.update(write, advance=n))  # fmt: skip
    summary.seconds = time.perf_counter() - started
    log.info("import %s: %s", raw.name, summary.as_dict())
    return summary


def _admin(lon: np.ndarray, lat: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """Our governorate (and district, when fetched) of each point, joining each distinct point once: events
    cluster at the same towns, so a release has far fewer distinct points than rows."""
    from geodata.boundaries import load_admin_units
    from geodata.spatial import assign_admin

    points = np.column_stack([lon, lat])
    distinct, inverse = np.unique(points, axis=0, return_inverse=True)
    joined = assign_admin(distinct[:, 0], distinct[:, 1], districts=load_admin_units(2))
    admin = joined.iloc[inverse.ravel()].reset_index(drop=True)
    admin.index = index
    return admin


def _build_events(
    raw: RawTable, rows: EventRows, release: Release, checks: Checks
) -> tuple[dict[int, dict], pd.DataFrame]:
    """Spatial join, then each row that passed the checks as an events-table row, checked by the model
    (:class:`~events.model.Event`); rows the model refuses are problems."""
    frame = rows.frame
    flagged = set(checks.problems()["row"].tolist())
    ok = frame.index[~frame.index.isin(list(flagged))]
    part = frame.loc[ok]
    admin = _admin(part["longitude"].to_numpy(), part["latitude"].to_numpy(), part.index)
    if "country_wide" in part:  # placed only in "Syria": counted in no governorate
        admin.loc[part["country_wide"].to_numpy(dtype=bool), ["admin1", "admin1_name", "admin2"]] = None
    frame.loc[ok, "admin1"] = admin["admin1"]
    frame.loc[ok, "admin1_name"] = admin["admin1_name"]
    frame.loc[ok, "admin2"] = admin["admin2"]
    columns = {
        "source_id": _plain(part["source_id"]), "date_start": _dates(part["date_start"]),
        "date_end": _dates(part["date_end"]),
        **{c: _plain(part[c]) for c in ["date_precision", "event_type", "sub_event_type", "actor1", "actor2",
                                        "fatalities_low", "fatalities_best", "fatalities_high", "place_name",
                                        "latitude", "longitude", "geo_precision"]},
        "admin1": _plain(admin["admin1"]), "admin2": _plain(admin["admin2"]),
        "place_id": _plain(part["place_id"]) if "place_id" in part else [None] * len(part),
        "original": _originals(raw, ok, rows.original),
    }  # fmt: skip
    names = list(columns)
    built: dict[int, dict] = {}
    bad = []
    for position, values in zip(ok, zip(*columns.values(), strict=True), strict=True):
        row = dict(zip(names, values, strict=True))
        row["dataset"] = release.dataset
        try:
            Event(**row)
        except (ValueError, TypeError) as exc:
            reason = str(exc).split(": ", 1)[-1]
            bad.append({"row": position, "column": rows.id_column, "value": str(values[0]), "reason": reason})
            continue
        row["release"] = release.release
        built[position] = row
    return built, pd.DataFrame(bad, columns=["row", "column", "value", "reason"])


def _count_places(summary: ImportSummary, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    ours = frame["admin1"]
    wide = (
        frame["country_wide"].fillna(False).astype(bool)
        if "country_wide" in frame
        else pd.Series(False, frame.index)
    )
    names = frame["admin1_name"].where(~wide, "(Syria, no governorate)").fillna("(outside Syria)")
    summary.per_governorate = {str(k): int(v) for k, v in names.value_counts().items()}
    summary.outside_syria = int((ours.isna() & ~wide).sum())
    theirs = governorate_codes(frame["dataset_admin1"])
    differ = theirs.notna() & ours.notna() & (theirs != ours)
    summary.admin1_disagreements = int(differ.sum())
    pairs = (
        frame.loc[differ, "dataset_admin1"].astype(str)
        + " -> "
        + frame.loc[differ, "admin1_name"].astype(str)
    )
    pairs = pairs.value_counts()
    summary.admin1_disagreement_pairs = {str(k): int(v) for k, v in pairs.head(10).items()}


def _stored(conn: Connection, dataset: str) -> dict[str, tuple[int, tuple, str | None]]:
    """The dataset's stored events: source id -> (id, compared values with the original, release)."""
    query = sa.select(events.c.id, events.c.source_id, events.c.release, *[events.c[c] for c in COMPARED],
                      events.c.original).where(events.c.dataset == dataset)  # fmt: skip
    return {row[1]: (row[0], tuple(row[3:]), row[2]) for row in conn.execute(query)}


def _compared(row: dict) -> tuple:
    return (*(row[c] for c in COMPARED), row["original"])


def _chunks(values: list, size: int = KEY_CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _write(
    store: Store,
    raw: RawTable,
    rows: EventRows,
    release: Release,
    items: dict[int, dict],
    rejected_ids: set[str],
    replace: bool,
    summary: ImportSummary,
    advance: Callable[[int], None],
) -> None:
    """Compare the rows with the dataset's stored events and write the differences, in one transaction."""
    dataset = release.dataset
    with store.engine.begin() as conn:
        stored = _stored(conn, dataset)
        new, changed, relabel = [], [], []
        for position, row in items.items():
            known = stored.get(row["source_id"])
            if known is None:
                new.append(position)
            elif known[1] != _compared(row):
                changed.append(position)
            elif known[2] != release.release:
                relabel.append(position)
        in_file = {row["source_id"] for row in items.values()} | rejected_ids
        if (
            replace and stored and not in_file
        ):  # a wrong file (another country, an empty export) would wipe it
            raise ImportFileError(
                f"{raw.name}: --replace with a file that holds no Syria events would remove all "
                f"{len(stored):,} stored {dataset} events; nothing was changed"
            )
        gone = [stored[k][0] for k in stored if k not in in_file] if replace else []
        summary.inserted, summary.updated, summary.removed = len(new), len(changed), len(gone)
        summary.unchanged = len(items) - len(new) - len(changed)
        advance(summary.unchanged)
        if not (new or changed or relabel or gone or not _logged(conn, dataset, raw.sha256)):
            return
        bump_revision(conn)
        linked = _linked_reports(conn, [stored[items[p]["source_id"]][0] for p in changed] + gone)
        for chunk in _chunks(new, WRITE_CHUNK):
            _insert_events(conn, dataset, [items[p] for p in chunk], rows.citations(pd.Index(chunk)))
            advance(len(chunk))
        for chunk in _chunks(changed, WRITE_CHUNK):
            known = [(stored[items[p]["source_id"]][0], items[p]) for p in chunk]
            _update_events(conn, known, rows.citations(pd.Index(chunk)))
            advance(len(chunk))
        label = events.update().values(release=release.release)
        for chunk in _chunks([stored[items[p]["source_id"]][0] for p in relabel]):
            conn.execute(label.where(events.c.id.in_(chunk)))
        for chunk in _chunks(gone):
            conn.execute(event_reports.delete().where(event_reports.c.event_id.in_(chunk)))
            conn.execute(events.delete().where(events.c.id.in_(chunk)))
        summary.reports_removed = _remove_orphans(conn, linked)
        conn.execute(
            imports.insert().values(
                dataset=dataset, release=release.release, source=Path(raw.name.split("!")[0]).name,
                sha256=raw.sha256, imported_at=datetime.now(UTC).replace(tzinfo=None), rows_read=summary.rows_read,
                inserted=summary.inserted, updated=summary.updated, removed=summary.removed,
                rejected=summary.rejected, title=release.title, citation="\n".join(release.citation),
                licence=release.licence, url=release.url,
            )
        )  # fmt: skip


def _report_ids(conn: Connection, items: list[Report]) -> dict[str, int]:
    """Store reports as ``Store.add_reports`` does (new inserted, known updated); return their ids by hash.

    Dataset reports rarely have URLs: without any, a report's identity is its content hash alone, so new
    reports are inserted and their ids read back in one query. With URLs, the store's rules (same URL, same
    report) apply through its own code.
    """
    unique = {r.content_hash: r for r in items}
    if any(r.url for r in unique.values()):
        return _add_reports(conn, list(unique.values()))
    ids: dict[str, int] = {}
    for chunk in _chunks(list(unique), LOOKUP_CHUNK):
        query = sa.select(reports.c.content_hash, reports.c.id).where(reports.c.content_hash.in_(chunk))
        ids.update(conn.execute(query).all())
    now = datetime.now(UTC).replace(tzinfo=None)
    known = [{**vars(r), "retrieved_at": r.retrieved_at or now, "b_id": ids[h]} for h, r in unique.items()
             if h in ids]  # fmt: skip
    # A report that carries its retrieval time (the importers set it) is a row as it is: no copy.
    new = [vars(r) if r.retrieved_at else {**vars(r), "retrieved_at": now} for h, r in unique.items()
           if h not in ids]  # fmt: skip
    if known:
        _update_by_id(conn, reports, known)
    if new:
        before = conn.execute(sa.select(sa.func.max(reports.c.id))).scalar() or 0
        _insert(conn, reports, new)
        query = sa.text("SELECT content_hash, id FROM reports WHERE id > :before")  # plain rows: 100,000s
        ids.update(conn.execute(query, {"before": before}).all())
    return ids


def _link(conn: Connection, event_ids: list[int], citations: list[list[Citation]]) -> None:
    """Store the citations' reports and link each event (by id) to its reports, with the quotes."""
    report_ids = _report_ids(conn, [c.report for cites in citations for c in cites])
    links = {
        (event_id, report_ids[c.report.content_hash]): c.quote
        for event_id, cites in zip(event_ids, citations, strict=True)
        for c in cites
    }
    if links:
        _insert(
            conn, event_reports, [{"event_id": e, "report_id": r, "quote": q} for (e, r), q in links.items()]
        )


def _insert_events(
    conn: Connection, dataset: str, items: list[dict], citations: list[list[Citation]]
) -> None:
    """Insert events known to be new (the import compared the file with the store), with their reports."""
    before = conn.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0
    _insert(conn, events, items)
    query = sa.select(events.c.source_id, events.c.id).where(
        events.c.dataset == dataset, events.c.id > before
    )
    ids = dict(conn.execute(query).all())
    _link(conn, [ids[row["source_id"]] for row in items], citations)


def _update_events(conn: Connection, pairs: list[tuple[int, dict]], citations: list[list[Citation]]) -> None:
    """Update stored events (by id) to the file's version, replacing their report links."""
    _update_by_id(conn, events, [{**row, "b_id": i} for i, row in pairs])
    for chunk in _chunks([i for i, _ in pairs]):
        conn.execute(event_reports.delete().where(event_reports.c.event_id.in_(chunk)))
    _link(conn, [i for i, _ in pairs], citations)


def _logged(conn: Connection, dataset: str, sha256: str) -> bool:
    query = sa.select(imports.c.id).where(imports.c.dataset == dataset, imports.c.sha256 == sha256).limit(1)
    return conn.execute(query).first() is not None


def _linked_reports(conn: Connection, event_ids: list[int]) -> list[int]:
    found: set[int] = set()
    for chunk in _chunks(event_ids):
        query = sa.select(event_reports.c.report_id).where(event_reports.c.event_id.in_(chunk)).distinct()
        found.update(conn.execute(query).scalars())
    return sorted(found)


def _remove_orphans(conn: Connection, report_ids: list[int]) -> int:
    """Delete those of ``report_ids`` that no event and no claim cites any more; return how many."""
    removed = 0
    for chunk in _chunks(report_ids):
        cited = sa.exists().where(event_reports.c.report_id == reports.c.id)
        claimed = sa.exists().where(control_claims.c.report_id == reports.c.id)
        result = conn.execute(reports.delete().where(reports.c.id.in_(chunk), ~cited, ~claimed))
        removed += result.rowcount or 0
    return removed
