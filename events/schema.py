"""The store's tables, and the ordered migration steps that build them.

Versioning scheme
-----------------
The ``schema_version`` table holds one row: the version the database is at (0 when the table is absent).
``MIGRATIONS`` is the ordered list of steps; step *n* (``MIGRATIONS[n - 1]``) takes a database from version
*n - 1* to *n* and runs in one transaction together with the version bump (SQLite DDL is made transactional
by the store's engine hooks, PostgreSQL's is natively), so a failed step leaves the database at the previous
version. A released step is never edited: a change to the schema is a new step appended to the list, and the
tables below (``metadata``) are updated to describe the result. A test checks that a database built step by
step from empty has exactly the tables, columns and indexes of ``metadata``.

Steps use only portable DDL (CREATE TABLE/INDEX through SQLAlchemy, ``ALTER TABLE ... ADD/RENAME COLUMN``), so
SQLite and PostgreSQL share them.

1. reports, events, event_reports, control_claims, schema_version (as first released).
2. indexes on events (date_start, date_end, admin1, place_id), links by report, claims by place and date.
3. reports.hash renamed content_hash; reports.summary; control_claims keyed by (dataset, source_id); claims
   indexed by date.
4. store_revision: one counter every write transaction increments, so readers that cache the events (the
   dashboard) know cheaply when to read them again.
5. events.release (the dataset release an imported event was last written from); imports, a log of dataset
   imports (dataset, release, file and its SHA-256, counts, and the citation and licence to show with them).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

metadata = sa.MetaData()
schema_version = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))
reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("url", sa.Text, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text),
    sa.Column("retrieved_at", sa.DateTime),
    sa.Column("summary", sa.Text),
)


# events and event_reports as step 1 created them; step 1 shares these definitions, so they stay frozen: later
# steps add to the module-level tables below (events.release, step 5). Likewise imports is shared with step 5.
def _events_table(md: sa.MetaData) -> sa.Table:
    return sa.Table(
        "events",
        md,
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


def _event_reports_table(md: sa.MetaData) -> sa.Table:
    return sa.Table(
        "event_reports",
        md,
        sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("report_id", sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("quote", sa.Text),
    )


events = _events_table(metadata)
events.append_column(sa.Column("release", sa.String(64)))  # step 5; step 1 keeps the definition above
event_reports = _event_reports_table(metadata)
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
    sa.Column("dataset", sa.String(32)),
    sa.Column("source_id", sa.String(128)),
)
store_revision = sa.Table("store_revision", metadata, sa.Column("revision", sa.BigInteger, nullable=False))


def _imports_table(md: sa.MetaData) -> sa.Table:
    return sa.Table(
        "imports",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dataset", sa.String(32), nullable=False),
        sa.Column("release", sa.String(64)),
        sa.Column("source", sa.Text),
        sa.Column("sha256", sa.String(64)),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("rows_read", sa.Integer),
        sa.Column("inserted", sa.Integer),
        sa.Column("updated", sa.Integer),
        sa.Column("removed", sa.Integer),
        sa.Column("rejected", sa.Integer),
        sa.Column("title", sa.Text),
        sa.Column("citation", sa.Text),
        sa.Column("licence", sa.Text),
        sa.Column("url", sa.Text),
    )


imports = _imports_table(metadata)
# Created by the steps below, not by create_all: a table's indexes belong to the step that adds them.
STEP_2_INDEXES = [
    sa.Index("ix_events_date_start", events.c.date_start),
    sa.Index("ix_events_date_end", events.c.date_end),
    sa.Index("ix_events_admin1", events.c.admin1),
    sa.Index("ix_events_place", events.c.place_id),
    sa.Index("ix_event_reports_report", event_reports.c.report_id),
    sa.Index("ix_claims_place_observed", control_claims.c.place_id, control_claims.c.observed),
]
STEP_3_INDEXES = [
    sa.Index("uq_claims_dataset_source", control_claims.c.dataset, control_claims.c.source_id, unique=True),
    sa.Index("ix_claims_observed", control_claims.c.observed),
]


def _step_1_tables(conn: Connection) -> None:
    """The tables as version 1 released them (frozen: later steps change them)."""
    md = sa.MetaData()
    sa.Table("schema_version", md, sa.Column("version", sa.Integer, nullable=False))
    sa.Table(
        "reports",
        md,
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
    _events_table(md)
    _event_reports_table(md)
    sa.Table(
        "control_claims",
        md,
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
    md.create_all(conn)


def _step_2_indexes(conn: Connection) -> None:
    for index in STEP_2_INDEXES:
        index.create(conn)


def _step_3_report_summary_and_claim_keys(conn: Connection) -> None:
    conn.execute(sa.text("ALTER TABLE reports RENAME COLUMN hash TO content_hash"))
    conn.execute(sa.text("ALTER TABLE reports ADD COLUMN summary TEXT"))
    conn.execute(sa.text("ALTER TABLE control_claims ADD COLUMN dataset VARCHAR(32)"))
    conn.execute(sa.text("ALTER TABLE control_claims ADD COLUMN source_id VARCHAR(128)"))
    for index in STEP_3_INDEXES:
        index.create(conn)


def _step_4_store_revision(conn: Connection) -> None:
    md = sa.MetaData()
    table = sa.Table("store_revision", md, sa.Column("revision", sa.BigInteger, nullable=False))
    md.create_all(conn)
    conn.execute(table.insert().values(revision=0))


STEP_5_INDEXES = [sa.Index("ix_imports_dataset_release", imports.c.dataset, imports.c.release)]


def _step_5_release_and_imports(conn: Connection) -> None:
    conn.execute(sa.text("ALTER TABLE events ADD COLUMN release VARCHAR(64)"))
    md = sa.MetaData()
    _imports_table(md).create(conn)
    for index in STEP_5_INDEXES:
        index.create(conn)


MIGRATIONS: list[Callable[[Connection], None]] = [
    _step_1_tables,
    _step_2_indexes,
    _step_3_report_summary_and_claim_keys,
    _step_4_store_revision,
    _step_5_release_and_imports,
]
SCHEMA_VERSION = len(MIGRATIONS)
