"""The store: reports, events, their links and control claims, in SQLite (default) or PostgreSQL.

The tables and the versioned migration steps are in :mod:`events.schema`; :meth:`Store.upgrade` runs the
steps a database is missing. Writes use SQLAlchemy Core with executemany (importers load 100,000 rows in a few
seconds) and are transactions: a bulk write that fails on any row leaves the store as it was.

Keys: an event is ``(dataset, source_id)``; a report is its content hash, or its URL when one is stored; a
control claim is ``(dataset, source_id)`` when it has one. Storing a record with a known key updates it.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from events.model import Citation, ControlClaim, Event, Report
from events.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    control_claims,
    event_reports,
    events,
    reports,
    schema_version,
    store_revision,
)
from geodata.settings import PROJECT_ROOT, declare

__all__ = [
    "DB",
    "SCHEMA_VERSION",
    "SchemaError",
    "Store",
    "StoreError",
    "bump_revision",
    "open_store",
    "schema_version",
]

log = logging.getLogger(__name__)

DB = declare(
    "SYRIAMAP_DB",
    f"sqlite:///{PROJECT_ROOT / 'var' / 'syriamap.sqlite'}",
    "The store: any SQLAlchemy URL (sqlite:///path.sqlite, postgresql+psycopg://user@host/db). "
    "Commands take --db to override it.",
    flag="--db",
)

EVENT_COLUMNS = [
    "event_id", "date_start", "date_end", "date_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "fatalities_low", "fatalities_best", "fatalities_high", "place_id", "place_name", "latitude", "longitude",
    "geo_precision", "admin1", "admin2", "dataset", "source_id", "report_count",
]  # fmt: skip
REPORT_LINK_COLUMNS = ["event_id", "report_id", "title", "outlet", "url", "published", "quote", "summary"]
CHUNK = 500  # keys per IN (...) query: well under SQLite's variable limit


class SchemaError(RuntimeError):
    """The database's schema is newer than this code."""


def _sqlite_connect(dbapi_connection, _record) -> None:
    # pysqlite's legacy mode would autocommit DDL and start no transaction for SELECT; take control of BEGIN
    # (see _sqlite_begin) so that migration steps and reads are real transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB: bulk imports insert into large unique indexes
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


class StoreError(RuntimeError):
    """The store cannot be opened: a malformed URL, a missing driver, or a database that does not answer."""


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url`` (or ``SYRIAMAP_DB``) and upgrade its schema; errors say which store and why."""
    shown = url or DB.get()
    try:
        store = Store.open(url)
        store.upgrade()
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ValueError) as exc:
        raise StoreError(f"{shown}: not a database URL (e.g. sqlite:///var/syriamap.sqlite): {exc}") from exc
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        raise StoreError(f"{shown}: the database does not answer: {exc.orig or exc}") from exc
    return store


class Store:
    """The event store behind one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open the store at ``url`` (default: the ``SYRIAMAP_DB`` setting); SQLite folders are created.

        Opening does not touch the schema: call :meth:`upgrade` to create or upgrade it.
        """
        url = DB.get(url)
        parsed = sa.engine.make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        if sqlite and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        if sqlite:
            sa.event.listen(engine, "connect", _sqlite_connect)
            sa.event.listen(engine, "begin", _sqlite_begin)
        return cls(engine)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # schema ---------------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The version the database is at; 0 for an empty database."""
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("schema_version"):
                return 0
            return conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0

    def upgrade(self, target: int = SCHEMA_VERSION) -> int:
        """Run the migration steps the database is missing, up to ``target``; return the new version.

        Each step runs in one transaction with its version bump. A current database is left untouched.

        Raises
        ------
        SchemaError
            When the database is at a version newer than this code knows.
        """
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise SchemaError(
                f"{self!r} is at schema version {current}; this code knows up to {SCHEMA_VERSION}: "
                "upgrade the code"
            )
        for version in range(current + 1, target + 1):
            with self.engine.begin() as conn:
                MIGRATIONS[version - 1](conn)
                conn.execute(schema_version.delete())
                conn.execute(schema_version.insert().values(version=version))
            log.info("store %r upgraded to schema version %d", self, version)
        return max(current, target)

    # writes ---------------------------------------------------------------------------------------------
    def _begin(self, conn: Connection | None):
        """A new transaction, or the caller's when it passes its connection."""
        return nullcontext(conn) if conn is not None else self.engine.begin()

    def add_reports(self, items: Iterable[Report], conn: Connection | None = None) -> dict[str, int]:
        """Store reports: new ones inserted, known ones (same content hash or same URL) updated.

        Returns
        -------
        dict
            The stored id of every given report, by its content hash.
        """
        items = list(items)
        with self._begin(conn) as conn:
            bump_revision(conn)
            return _add_reports(conn, items)

    def add_events(
        self, items: Iterable[tuple[Event, Sequence[Citation]]], conn: Connection | None = None
    ) -> dict[str, int]:
        """Store events with their report links in one transaction; known ``(dataset, source_id)`` are updated.

        An updated event's links are replaced by the ones given. When one row fails, nothing is stored.

        Returns
        -------
        dict
            ``inserted`` and ``updated`` counts.
        """
        items = list(items)
        with self._begin(conn) as conn:
            bump_revision(conn)
            report_ids = _add_reports(conn, [c.report for _, cites in items for c in cites])
            rows = {
                (e.dataset, str(e.source_id)): {**vars(e), "source_id": str(e.source_id)} for e, _ in items
            }
            known, inserted, updated = _upsert(conn, events, rows)
            for chunk in _chunks([known[key] for key in rows if key in known]):
                conn.execute(event_reports.delete().where(event_reports.c.event_id.in_(chunk)))
            event_ids = known | _keyed_ids(conn, events, [k for k in rows if k not in known])
            links = {
                (event_ids[(e.dataset, str(e.source_id))], report_ids[c.report.content_hash]): c.quote
                for e, cites in items
                for c in cites
            }
            if links:
                rows = [{"event_id": e, "report_id": r, "quote": q} for (e, r), q in links.items()]
                _insert(conn, event_reports, rows)
        return {"inserted": inserted, "updated": updated}

    def add_claims(self, items: Iterable[ControlClaim], conn: Connection | None = None) -> dict[str, int]:
        """Store control claims in one transaction; claims with a known ``(dataset, source_id)`` are updated.

        Returns
        -------
        dict
            ``inserted`` and ``updated`` counts.
        """
        items = list(items)
        with self._begin(conn) as conn:
            bump_revision(conn)
            report_ids = _add_reports(conn, [c.report for c in items if c.report])
            rows = []
            for claim in items:
                row = {k: v for k, v in vars(claim).items() if k != "report"}
                row["report_id"] = report_ids[claim.report.content_hash] if claim.report else None
                rows.append(row)
            unkeyed = [r for r in rows if r["source_id"] is None]
            if unkeyed:
                _insert(conn, control_claims, unkeyed)
            keyed = {(r["dataset"], r["source_id"]): r for r in rows if r["source_id"] is not None}
            _, inserted, updated = _upsert(conn, control_claims, keyed)
        return {"inserted": len(unkeyed) + inserted, "updated": updated}

    def replace_extraction(
        self, report: Report, items: Sequence[tuple[Event, str | None]], claims: Sequence[ControlClaim]
    ) -> dict[str, int]:
        """Store what was extracted from ``report``, replacing what an earlier ingest of it stored.

        The report is the same report when its text or its URL is already stored. Its events (dataset
        ``extract``) and its claims are replaced in one transaction.
        """
        with self.engine.begin() as conn:
            report_id = _add_reports(conn, [report])[report.content_hash]
            old = (
                conn.execute(
                    sa.select(events.c.id)
                    .join(event_reports, event_reports.c.event_id == events.c.id)
                    .where(event_reports.c.report_id == report_id, events.c.dataset == "extract")
                )
                .scalars()
                .all()
            )
            for chunk in _chunks(list(old)):
                conn.execute(event_reports.delete().where(event_reports.c.event_id.in_(chunk)))
                conn.execute(events.delete().where(events.c.id.in_(chunk)))
            conn.execute(control_claims.delete().where(control_claims.c.report_id == report_id))
            result = self.add_events([(event, [Citation(report, quote)]) for event, quote in items], conn)
            self.add_claims(claims, conn)
        return {"events": result["inserted"] + result["updated"], "replaced": len(old), "claims": len(claims)}

    # reads ----------------------------------------------------------------------------------------------
    def revision(self) -> int:
        """A counter that every write transaction increments: equal revisions mean equal contents."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(store_revision.c.revision))).scalar() or 0

    def is_empty(self) -> bool:
        """True when the store holds no events, reports or claims (or has no schema yet)."""
        return self.schema_version() == 0 or not any(self.counts().values())

    def counts(self) -> dict[str, int]:
        """How many events, reports and control claims the store holds."""
        with self.engine.connect() as conn:
            return {
                name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for name, table in (("events", events), ("reports", reports), ("claims", control_claims))
            }

    def events_frame(
        self, start: date | None = None, end: date | None = None, *, at: tuple[float, float] | None = None
    ) -> pd.DataFrame:
        """Events whose date range overlaps ``[start, end]`` (either bound may be open), with report counts;
        with ``at=(latitude, longitude)``, only the events stored at exactly that point.

        Returns
        -------
        pandas.DataFrame
            Columns ``EVENT_COLUMNS``, ordered by date_start then event_id; dates as datetime64, fatalities
            and report_count as nullable integers.
        """
        linked = (
            sa.select(event_reports.c.event_id, sa.func.count().label("report_count"))
            .group_by(event_reports.c.event_id)
            .subquery()
        )
        query = sa.select(
            events.c.id.label("event_id"),
            *[events.c[name] for name in EVENT_COLUMNS[1:-1]],
            sa.func.coalesce(linked.c.report_count, 0).label("report_count"),
        ).select_from(events.outerjoin(linked, linked.c.event_id == events.c.id))
        if start is not None:
            query = query.where(events.c.date_end >= start)
        if end is not None:
            query = query.where(events.c.date_start <= end)
        if at is not None:
            query = query.where(events.c.latitude == at[0], events.c.longitude == at[1])
        with self.engine.connect() as conn:
            frame = pd.read_sql(query.order_by(events.c.date_start, events.c.id), conn)
        for column in ("date_start", "date_end"):
            frame[column] = pd.to_datetime(frame[column])
        for column in ("fatalities_low", "fatalities_best", "fatalities_high", "report_count"):
            frame[column] = frame[column].astype("Int64")
        return frame[EVENT_COLUMNS]

    def source_ids(self, event_ids: Sequence[int]) -> dict[int, str]:
        """Each given event's ``source_id`` (its id in its dataset), by event id."""
        ids = [int(i) for i in event_ids]
        out: dict[int, str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(ids):
                out.update(
                    conn.execute(
                        sa.select(events.c.id, events.c.source_id).where(events.c.id.in_(chunk))
                    ).all()
                )
        return out

    def reports_for_events(self, event_ids: Sequence[int]) -> pd.DataFrame:
        """The reports linked to the given events, with each link's quote and the report's summary.

        Returns
        -------
        pandas.DataFrame
            Columns ``event_id, report_id, title, outlet, url, published, quote, summary``.
        """
        ids = [int(i) for i in event_ids]
        query = (
            sa.select(
                event_reports.c.event_id,
                reports.c.id.label("report_id"),
                reports.c.title,
                reports.c.outlet,
                reports.c.url,
                reports.c.published,
                event_reports.c.quote,
                reports.c.summary,
            )
            .join(reports, reports.c.id == event_reports.c.report_id)
            .order_by(event_reports.c.event_id, reports.c.published, reports.c.id)
        )
        with self.engine.connect() as conn:
            parts = [pd.read_sql(query.where(event_reports.c.event_id.in_(c)), conn) for c in _chunks(ids)]
        if not parts:
            return pd.DataFrame({name: pd.Series(dtype=object) for name in REPORT_LINK_COLUMNS})
        return pd.concat(parts, ignore_index=True)[REPORT_LINK_COLUMNS]

    def claims_frame(
        self, start: date | None = None, end: date | None = None, place_id: str | None = None
    ) -> pd.DataFrame:
        """Control claims observed in ``[start, end]`` (open bounds allowed), optionally for one place.

        Returns
        -------
        pandas.DataFrame
            The claim columns (``id`` as ``claim_id``; ``polygon`` a GeoJSON dict or None) with the report's
            ``report_title``, ``report_url`` and ``report_published``; ordered by observed date then id.
        """
        query = sa.select(
            control_claims.c.id.label("claim_id"),
            *[c for c in control_claims.c if c.name != "id"],
            reports.c.title.label("report_title"),
            reports.c.url.label("report_url"),
            reports.c.published.label("report_published"),
        ).select_from(control_claims.outerjoin(reports, reports.c.id == control_claims.c.report_id))
        if start is not None:
            query = query.where(control_claims.c.observed >= start)
        if end is not None:
            query = query.where(control_claims.c.observed <= end)
        if place_id is not None:
            query = query.where(control_claims.c.place_id == place_id)
        with self.engine.connect() as conn:
            frame = pd.read_sql(query.order_by(control_claims.c.observed, control_claims.c.id), conn)
        for column in ("observed", "valid_from", "valid_to"):
            frame[column] = pd.to_datetime(frame[column])
        return frame


def bump_revision(conn: Connection) -> None:
    """Mark the store as changed by the transaction on ``conn``: every writer calls this once."""
    conn.execute(store_revision.update().values(revision=store_revision.c.revision + 1))


def _chunks(values: list, size: int = CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _executemany(conn: Connection, statement, table: sa.Table, rows: list[dict]) -> None:
    """Run ``statement`` once per row through the driver's executemany.

    SQLAlchemy's per-row parameter handling costs more than SQLite's insert itself (3 of 5 s for 100,000
    events), so the statement is compiled once for the connection's dialect and each value goes through its
    column type's bind processor (what SQLAlchemy would apply: dates for SQLite, JSON) before the driver.
    """
    compiled = statement.compile(dialect=conn.dialect, column_keys=list(rows[0]))
    dialect = conn.dialect
    names = list(compiled.positiontup) if compiled.positional else list(compiled.bind_names.values())
    processors = [
        (i, processor)
        for i, name in enumerate(names)
        if name in table.c
        and (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    get = operator.itemgetter(*names)
    params = []
    for row in rows:
        values = list(get(row)) if len(names) > 1 else [get(row)]
        for i, processor in processors:
            values[i] = processor(values[i])
        params.append(tuple(values) if compiled.positional else dict(zip(names, values, strict=True)))
    conn.exec_driver_sql(compiled.string, params)


def _upsert(
    conn: Connection, table: sa.Table, keyed: dict[tuple[str, str], dict]
) -> tuple[dict[tuple[str, str], int], int, int]:
    """Insert the rows whose ``(dataset, source_id)`` is new and update the known ones.

    Returns the ids the known keys had, and the inserted and updated counts.
    """
    known = _keyed_ids(conn, table, list(keyed))
    new = [row for key, row in keyed.items() if key not in known]
    old = [{**row, "b_id": known[key]} for key, row in keyed.items() if key in known]
    if new:
        _insert(conn, table, new)
    if old:
        _update_by_id(conn, table, old)
    return known, len(new), len(old)


def _insert(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    _executemany(conn, table.insert(), table, rows)


def _update_by_id(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    """executemany UPDATE of ``rows`` (each with the target id as ``b_id``)."""
    columns = [k for k in rows[0] if k != "b_id"]
    statement = table.update().where(table.c.id == sa.bindparam("b_id"))
    _executemany(conn, statement.values({k: sa.bindparam(k) for k in columns}), table, rows)


def _keyed_ids(conn: Connection, table: sa.Table, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The ids of rows keyed by ``(dataset, source_id)``, looked up through the key's unique index."""
    by_dataset: dict[str, list[str]] = {}
    for dataset, source_id in keys:
        by_dataset.setdefault(dataset, []).append(source_id)
    found = {}
    for dataset, source_ids in by_dataset.items():
        for chunk in _chunks(source_ids):
            query = sa.select(table.c.source_id, table.c.id).where(
                table.c.dataset == dataset, table.c.source_id.in_(chunk)
            )
            found.update(((dataset, s), i) for s, i in conn.execute(query))
    return found


def _same_report_groups(items: list[Report]) -> dict[str, Report]:
    """Each given report's content hash -> the report that stands for its group.

    Reports with the same content hash or the same URL are one report; the last one given wins.
    """
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    last: dict[str, Report] = {}
    for report in items:
        keys = [f"h:{report.content_hash}"] + ([f"u:{report.url}"] if report.url else [])
        roots = {root(k) for k in keys}
        top = root(keys[0])
        for other in roots - {top}:
            parent[other] = top
            last.pop(other, None)
        last[top] = report
    return {r.content_hash: last[root(f"h:{r.content_hash}")] for r in items}


def _add_reports(conn: Connection, items: list[Report]) -> dict[str, int]:
    if not items:
        return {}
    groups = _same_report_groups(items)
    winners = list({id(r): r for r in groups.values()}.values())
    known = _ids(conn, reports.c.content_hash, [r.content_hash for r in winners])
    by_url = _ids(conn, reports.c.url, [r.url for r in winners if r.url and r.content_hash not in known])
    now = datetime.now(UTC).replace(tzinfo=None)
    new, old = [], []
    for report in winners:
        row = {**vars(report), "retrieved_at": report.retrieved_at or now}
        existing = known.get(report.content_hash) or (by_url.get(report.url) if report.url else None)
        if existing:
            old.append({**row, "b_id": existing})
        else:
            new.append(row)
    if new:
        _insert(conn, reports, new)
    if old:
        _update_by_id(conn, reports, _kept(conn, old))
    ids = _ids(conn, reports.c.content_hash, [r.content_hash for r in winners])
    missing = [r.url for r in winners if r.content_hash not in ids and r.url]
    urls = _ids(conn, reports.c.url, missing) if missing else {}
    return {h: ids.get(r.content_hash) or urls[r.url] for h, r in groups.items()}


def _kept(conn: Connection, rows: list[dict]) -> list[dict]:
    """Updates of known reports that never erase what is stored: a field the new record leaves empty keeps its
    stored value (a claims file citing a URL must not wipe the report's title, summary or text), a title that
    only repeats the URL keeps the stored title, and without new text the stored text keeps its hash."""
    stored: dict[int, dict] = {}
    for chunk in _chunks([row["b_id"] for row in rows]):
        for record in conn.execute(sa.select(reports).where(reports.c.id.in_(chunk))).mappings():
            stored[record["id"]] = dict(record)
    kept = []
    for row in rows:
        was = stored[row["b_id"]]
        merged = {k: (was[k] if v is None and k in was else v) for k, v in row.items()}
        if row.get("text") is None and was.get("text") is not None:
            merged["content_hash"] = was["content_hash"]
        if row.get("title") == row.get("url") and was.get("title") and was["title"] != was.get("url"):
            merged["title"] = was["title"]
        kept.append(merged)
    return kept


def _ids(conn: Connection, key: sa.Column, values: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(list(dict.fromkeys(values))):
        found.update((k, i) for k, i in conn.execute(sa.select(key, reports.c.id).where(key.in_(chunk))))
    return found
