"""The store: reports, events, their links and control claims, in SQLite (default) or PostgreSQL.

Schema versioning: the ``schema_version`` table holds one row, the version the database is at. ``MIGRATIONS``
is the ordered list of steps; step *n* takes a database from version *n-1* to *n*. :meth:`Store.upgrade` runs
the missing steps in one transaction each, so a database of any earlier version upgrades in place, and a
database newer than the code is refused. A new step is appended, never edited once released.

Writes are transactions: a bulk write that fails on any row leaves the store as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from events.model import Citation, ControlClaim, Event, Report
from geodata.settings import PROJECT_ROOT, declare

log = logging.getLogger(__name__)

DB = declare(
    "SYRIAMAP_DB",
    f"sqlite:///{PROJECT_ROOT / 'var' / 'syriamap.sqlite'}",
    "The store: any SQLAlchemy URL (sqlite:///path.sqlite, postgresql+psycopg://user@host/db). "
    "Commands take --db to override it.",
    flag="--db",
)

metadata = sa.MetaData()
schema_version = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))
reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Column("url", sa.Text, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text),
    sa.Column("retrieved_at", sa.DateTime),
)
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("dataset", sa.String(32), nullable=False),
    sa.Column("source_id", sa.String(128), nullable=False),
    sa.Column("date_start", sa.Date, nullable=False),
    sa.Column("date_end", sa.Date, nullable=False),
    sa.Column("date_precision", sa.SmallInteger, nullable=False),
    sa.Column("event_type", sa.String(64), nullable=False),
    sa.Column("sub_event_type", sa.String(64)),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("fatalities_low", sa.Integer),
    sa.Column("fatalities_best", sa.Integer),
    sa.Column("fatalities_high", sa.Integer),
    sa.Column("place_id", sa.String(64)),
    sa.Column("place_name", sa.Text),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.SmallInteger, nullable=False),
    sa.Column("admin1", sa.String(8)),
    sa.Column("admin2", sa.String(32)),
    sa.Column("original", sa.JSON),
    sa.UniqueConstraint("dataset", "source_id", name="uq_events_dataset_source"),
)
event_reports = sa.Table(
    "event_reports",
    metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("report_id", sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("quote", sa.Text),
)
control_claims = sa.Table(
    "control_claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("faction", sa.String(64), nullable=False),
    sa.Column("observed", sa.Date, nullable=False),
    sa.Column("place_id", sa.String(64)),
    sa.Column("place_name", sa.Text),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("polygon", sa.JSON),
    sa.Column("valid_from", sa.Date),
    sa.Column("valid_to", sa.Date),
    sa.Column("report_id", sa.ForeignKey("reports.id", ondelete="SET NULL")),
    sa.Column("quote", sa.Text),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("admin1", sa.String(8)),
)
VERSION_1_TABLES = [schema_version, reports, events, event_reports, control_claims]
INDEXES = [
    sa.Index("ix_events_date_start", events.c.date_start),
    sa.Index("ix_events_date_end", events.c.date_end),
    sa.Index("ix_events_admin1", events.c.admin1),
    sa.Index("ix_events_place", events.c.place_id),
    sa.Index("ix_event_reports_report", event_reports.c.report_id),
    sa.Index("ix_claims_place_observed", control_claims.c.place_id, control_claims.c.observed),
]


def _create_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=VERSION_1_TABLES)
    # create_all also makes the indexes attached to these tables: drop them so that step 2 stays the one
    # place that creates them (a version-1 database really has none).
    for index in INDEXES:
        index.drop(conn, checkfirst=True)


def _create_indexes(conn: Connection) -> None:
    for index in INDEXES:
        index.create(conn, checkfirst=True)


MIGRATIONS: list[Callable[[Connection], None]] = [_create_tables, _create_indexes]
SCHEMA_VERSION = len(MIGRATIONS)

EVENT_COLUMNS = [
    "event_id", "date_start", "date_end", "date_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "fatalities_low", "fatalities_best", "fatalities_high", "place_id", "place_name", "latitude", "longitude",
    "geo_precision", "admin1", "admin2", "dataset", "source_id", "report_count",
]  # fmt: skip
CHUNK = 500  # keys per IN (...) query: well under SQLite's variable limit


class SchemaError(RuntimeError):
    """The database's schema is newer than this code, or not ours."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Store:
    """The event store behind one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open the store at ``url`` (default: the ``SYRIAMAP_DB`` setting); SQLite folders are created."""
        url = DB.get(url)
        parsed = sa.engine.make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        if parsed.get_backend_name() == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # schema ---------------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The version the database is at; 0 for an empty database."""
        if not sa.inspect(self.engine).has_table("schema_version"):
            return 0
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0

    def upgrade(self, target: int = SCHEMA_VERSION) -> int:
        """Run the migration steps the database is missing, up to ``target``; return the new version."""
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise SchemaError(
                f"{self!r} is at schema version {current}; this code knows up to {SCHEMA_VERSION}: upgrade the code"
            )
        for version in range(current + 1, target + 1):
            with self.engine.begin() as conn:
                MIGRATIONS[version - 1](conn)
                conn.execute(schema_version.delete())
                conn.execute(schema_version.insert().values(version=version))
            log.info("store upgraded to schema version %d", version)
        return max(current, target)

    # writes ---------------------------------------------------------------------------------------------
    def add_reports(self, items: Iterable[Report], conn: Connection | None = None) -> dict[str, int]:
        """Store reports (new ones inserted, known ones by hash updated); return their ids by hash."""
        items = list({r.hash: r for r in items}.values())
        if conn is None:
            with self.engine.begin() as conn:
                return self.add_reports(items, conn)
        # A report is the same report when its text (hash) or its URL is already stored.
        known = self._ids(conn, reports, reports.c.hash, [r.hash for r in items])
        by_url = self._ids(
            conn, reports, reports.c.url, [r.url for r in items if r.url and r.hash not in known]
        )
        rows = [_report_row(r) for r in items]
        new, old = [], []
        for row in rows:
            existing = known.get(row["hash"]) or (by_url.get(row["url"]) if row["url"] else None)
            (old if existing else new).append({**row, "b_id": existing} if existing else row)
        if new:
            conn.execute(reports.insert(), new)
        if old:
            update = reports.update().where(reports.c.id == sa.bindparam("b_id"))
            conn.execute(update.values({k: sa.bindparam(k) for k in rows[0]}), old)
        return self._ids(conn, reports, reports.c.hash, [r.hash for r in items])

    def add_events(
        self, items: Iterable[tuple[Event, Sequence[Citation]]], conn: Connection | None = None
    ) -> dict[str, int]:
        """Store events with their citations in one transaction; known (dataset, source_id) are updated.

        Returns
        -------
        dict
            ``inserted`` and ``updated`` counts.
        """
        items = list(items)
        with self._begin(conn) as conn:
            report_ids = self.add_reports([c.report for _, cites in items for c in cites], conn)
            keys = [f"{e.dataset}\x1f{e.source_id}" for e, _ in items]
            key_col = events.c.dataset + "\x1f" + events.c.source_id
            known = self._ids(conn, events, key_col, keys)
            rows = [_event_row(e) for e, _ in items]
            new = [row for row, key in zip(rows, keys, strict=True) if key not in known]
            old = [{**row, "b_id": known[key]} for row, key in zip(rows, keys, strict=True) if key in known]
            if new:
                conn.execute(events.insert(), new)
            if old:
                update = events.update().where(events.c.id == sa.bindparam("b_id"))
                conn.execute(update.values({k: sa.bindparam(k) for k in rows[0]}), old)
                ids = [row["b_id"] for row in old]
                for chunk in _chunks(ids):
                    conn.execute(event_reports.delete().where(event_reports.c.event_id.in_(chunk)))
            event_ids = self._ids(conn, events, key_col, keys)
            links = {
                (event_ids[key], report_ids[c.report.hash]): c.quote
                for (_, cites), key in zip(items, keys, strict=True)
                for c in cites
            }
            if links:
                conn.execute(
                    event_reports.insert(),
                    [{"event_id": e, "report_id": r, "quote": q} for (e, r), q in links.items()],
                )
        return {"inserted": len(new), "updated": len(old)}

    def add_claims(self, items: Iterable[ControlClaim], conn: Connection | None = None) -> int:
        """Store control claims in one transaction; return how many were stored."""
        items = list(items)
        with self._begin(conn) as conn:
            report_ids = self.add_reports([c.report for c in items if c.report], conn)
            rows = []
            for claim in items:
                row = {k: v for k, v in asdict(claim).items() if k != "report"}
                row["report_id"] = report_ids[claim.report.hash] if claim.report else None
                rows.append(row)
            if rows:
                conn.execute(control_claims.insert(), rows)
        return len(rows)

    def replace_extraction(
        self, report: Report, items: Sequence[tuple[Event, str | None]], claims: Sequence[ControlClaim]
    ) -> dict[str, int]:
        """Store what was extracted from ``report``, replacing what an earlier ingest of it stored.

        The report is the same report when its text or its URL is already stored. Its events (dataset
        ``extract``, source ids ``<report key>:<n>``) and its claims are replaced in one transaction.
        """
        with self.engine.begin() as conn:
            report_id = self.add_reports([report], conn)[report.hash]
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

    def _begin(self, conn: Connection | None):
        """A new transaction, or the caller's when it passes its connection."""
        return nullcontext(conn) if conn is not None else self.engine.begin()

    # reads ----------------------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        """True when the store holds no events, reports or claims."""
        return not any(self.counts().values())

    def counts(self) -> dict[str, int]:
        """How many events, reports and control claims the store holds."""
        with self.engine.connect() as conn:
            return {
                name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for name, table in (("events", events), ("reports", reports), ("claims", control_claims))
            }

    def events_frame(self, start: date | None = None, end: date | None = None) -> pd.DataFrame:
        """Events whose date range overlaps ``[start, end]`` (either bound may be open), with report counts."""
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
        with self.engine.connect() as conn:
            frame = pd.read_sql(query.order_by(events.c.date_start, events.c.id), conn)
        for column in ("date_start", "date_end"):
            frame[column] = pd.to_datetime(frame[column])
        for column in ("fatalities_low", "fatalities_best", "fatalities_high", "report_count"):
            frame[column] = frame[column].astype("Int64")
        return frame[EVENT_COLUMNS]

    def reports_for_events(self, event_ids: Sequence[int]) -> pd.DataFrame:
        """The reports linked to the given events, with the supporting quote of each link."""
        columns = ["event_id", "report_id", "title", "outlet", "url", "published", "quote"]
        query = (
            sa.select(
                event_reports.c.event_id,
                reports.c.id.label("report_id"),
                reports.c.title,
                reports.c.outlet,
                reports.c.url,
                reports.c.published,
                event_reports.c.quote,
            )
            .join(reports, reports.c.id == event_reports.c.report_id)
            .where(event_reports.c.event_id.in_([int(i) for i in event_ids]))
            .order_by(event_reports.c.event_id, reports.c.published, reports.c.id)
        )
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)[columns]

    def claims_frame(self) -> pd.DataFrame:
        """All control claims with their report's title and URL."""
        query = sa.select(
            control_claims, reports.c.title.label("report_title"), reports.c.url.label("report_url")
        ).select_from(control_claims.outerjoin(reports, reports.c.id == control_claims.c.report_id))
        with self.engine.connect() as conn:
            return pd.read_sql(query.order_by(control_claims.c.observed), conn)

    @staticmethod
    def _ids(conn: Connection, table: sa.Table, key, keys: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            found.update((k, i) for k, i in conn.execute(sa.select(key, table.c.id).where(key.in_(chunk))))
        return found


def _chunks(values: list, size: int = CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _report_row(report: Report) -> dict:
    row = asdict(report)
    row["retrieved_at"] = row["retrieved_at"] or datetime.now(UTC).replace(tzinfo=None)
    return row


def _event_row(event: Event) -> dict:
    return asdict(event)
