"""Queries: a :class:`Selection` of events (dates, places, types, actors, ...), applied in SQL or in memory.

Two ways to apply one selection, with one meaning (a test checks that they agree):

- :func:`select_events` runs it in the store (the command line's exports);
- :class:`EventCache` keeps the events of a store in memory, compactly, and filters them with numpy masks: the
  dashboard answers each slider move over a million events in milliseconds, and reads the store again only when
  its revision (:meth:`events.store.Store.revision`) has changed.

A selection's URL form (``start``, ``end``, ``admin1``, ``type``, ``actor``, ``min_fatalities``, ``dataset``,
``precision``) is what the dashboard puts in its address bar and what ``GET /export`` reads.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date

import numpy as np
import pandas as pd
import sqlalchemy as sa

from events.schema import event_reports, events, store_revision
from events.store import EVENT_COLUMNS, Store

__all__ = ["EventCache", "Selection", "SelectionError", "Snapshot", "read_snapshot", "select_events", "selection_mask",
           "summary"]  # fmt: skip

LIST_PARAMS = {"admin1": "admin1", "type": "event_types", "actor": "actors", "dataset": "datasets",
               "precision": "precisions"}  # fmt: skip
# Text columns held as pandas categoricals in the cache: few distinct values, a million rows.
CATEGORICAL = ("event_type", "sub_event_type", "actor1", "actor2", "admin1", "admin2", "dataset", "place_id",
               "place_name")  # fmt: skip


class SelectionError(ValueError):
    """A selection parameter that cannot be read: the message names the parameter and the value."""


@dataclass(frozen=True)
class Selection:
    """Which events to show or export. Empty tuples and None mean 'no restriction'.

    Dates select the events whose date range overlaps ``[start, end]``. ``actors`` match either side
    (actor1 or actor2). ``bbox`` is ``(west, south, east, north)`` in degrees.
    """

    start: date | None = None
    end: date | None = None
    admin1: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    min_fatalities: int | None = None
    datasets: tuple[str, ...] = ()
    precisions: tuple[int, ...] = ()
    bbox: tuple[float, float, float, float] | None = field(default=None, compare=True)

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise SelectionError(f"start {self.start} is after end {self.end}")
        if self.min_fatalities is not None and self.min_fatalities < 0:
            raise SelectionError(f"min_fatalities: {self.min_fatalities} is negative")

    @classmethod
    def from_params(cls, params: Mapping[str, str | list[str]]) -> Selection:
        """Read the URL form (``?start=2017-01-01&admin1=SY-DY,SY-RA&type=Battles``); unknown keys are ignored.

        Raises
        ------
        SelectionError
            Naming the parameter and the value that cannot be read.
        """

        def text(key: str) -> str:
            value = params.get(key) or ""
            return (value[-1] if isinstance(value, list) else value).strip()

        def items(key: str) -> tuple[str, ...]:  # "a,b" and repeated parameters (?type=a&type=b) alike
            value = params.get(key) or ""
            values = value if isinstance(value, list) else [value]
            return tuple(v.strip() for joined in values for v in joined.split(",") if v.strip())

        def day(key: str) -> date | None:
            value = text(key)
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                raise SelectionError(f"{key}: {value!r} is not a date (YYYY-MM-DD)") from None

        values: dict = {"start": day("start"), "end": day("end")}
        for key, name in LIST_PARAMS.items():
            listed: tuple = items(key)
            if key == "precision":
                if not all(v in ("1", "2", "3") for v in listed):
                    raise SelectionError(
                        f"precision: {','.join(listed)!r} must be 1, 2 or 3 (comma-separated)"
                    )
                listed = tuple(int(v) for v in listed)
            values[name] = listed
        minimum = text("min_fatalities")
        if minimum:
            if not (minimum.isascii() and minimum.isdigit()):
                raise SelectionError(f"min_fatalities: {minimum!r} is not a whole number")
            values["min_fatalities"] = int(minimum)
        return cls(**values)

    def to_params(self) -> dict[str, str]:
        """The URL form, without the empty parameters (``bbox`` is a view detail and is not included)."""
        params: dict[str, str] = {}
        if self.start:
            params["start"] = self.start.isoformat()
        if self.end:
            params["end"] = self.end.isoformat()
        for key, name in LIST_PARAMS.items():
            items = getattr(self, name)
            if items:
                params[key] = ",".join(str(v) for v in items)
        if self.min_fatalities:
            params["min_fatalities"] = str(self.min_fatalities)
        return params

    def describe(self) -> dict:
        """The filters as plain values (for citation manifests and logs)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, ()):
                out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out


def _conditions(selection: Selection) -> list:
    conditions = []
    if selection.start is not None:
        conditions.append(events.c.date_end >= selection.start)
    if selection.end is not None:
        conditions.append(events.c.date_start <= selection.end)
    if selection.admin1:
        conditions.append(events.c.admin1.in_(selection.admin1))
    if selection.event_types:
        conditions.append(events.c.event_type.in_(selection.event_types))
    if selection.actors:
        conditions.append(
            sa.or_(events.c.actor1.in_(selection.actors), events.c.actor2.in_(selection.actors))
        )
    if selection.min_fatalities:
        fatalities = sa.func.coalesce(events.c.fatalities_best, events.c.fatalities_low, 0)
        conditions.append(fatalities >= selection.min_fatalities)
    if selection.datasets:
        conditions.append(events.c.dataset.in_(selection.datasets))
    if selection.precisions:
        conditions.append(events.c.geo_precision.in_(selection.precisions))
    if selection.bbox is not None:
        west, south, east, north = selection.bbox
        conditions += [events.c.longitude.between(west, east), events.c.latitude.between(south, north)]
    return conditions


def select_events(store: Store, selection: Selection, conn: sa.Connection | None = None) -> pd.DataFrame:
    """The selected events from the store (or through the caller's connection), ordered by date then id.

    Returns
    -------
    pandas.DataFrame
        Columns ``EVENT_COLUMNS`` (as :meth:`Store.events_frame`).
    """
    linked = (
        sa.select(event_reports.c.event_id, sa.func.count().label("report_count"))
        .group_by(event_reports.c.event_id)
        .subquery()
    )
    query = (
        sa.select(
            events.c.id.label("event_id"),
            *[events.c[name] for name in EVENT_COLUMNS[1:-1]],
            sa.func.coalesce(linked.c.report_count, 0).label("report_count"),
        )
        .select_from(events.outerjoin(linked, linked.c.event_id == events.c.id))
        .where(*_conditions(selection))
        .order_by(events.c.date_start, events.c.id)
    )
    if conn is not None:
        return _typed(pd.read_sql(query, conn))[EVENT_COLUMNS]
    with store.engine.connect() as own:
        frame = pd.read_sql(query, own)
    return _typed(frame)[EVENT_COLUMNS]


def count_events(store: Store, selection: Selection) -> int:
    """How many events the selection holds (one indexed count in the store)."""
    query = sa.select(sa.func.count()).select_from(events).where(*_conditions(selection))
    with store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("fatalities_low", "fatalities_best", "fatalities_high", "report_count"):
        frame[column] = frame[column].astype("Int64")
    return frame


def fatalities(frame: pd.DataFrame) -> pd.Series:
    """Each event's fatality figure for sums and sizes: the best estimate, else the low one, else 0."""
    return frame["fatalities_best"].fillna(frame["fatalities_low"]).fillna(0).astype("int64")


def selection_mask(frame: pd.DataFrame, selection: Selection) -> np.ndarray:
    """The rows of an events frame (``EVENT_COLUMNS``) that the selection keeps: :func:`select_events`'s rule."""
    keep = np.ones(len(frame), dtype=bool)
    if selection.start is not None:
        keep &= (frame["date_end"] >= pd.Timestamp(selection.start)).to_numpy()
    if selection.end is not None:
        keep &= (frame["date_start"] <= pd.Timestamp(selection.end)).to_numpy()
    if selection.admin1:
        keep &= frame["admin1"].isin(selection.admin1).to_numpy()
    if selection.event_types:
        keep &= frame["event_type"].isin(selection.event_types).to_numpy()
    if selection.actors:
        keep &= (frame["actor1"].isin(selection.actors) | frame["actor2"].isin(selection.actors)).to_numpy()
    if selection.min_fatalities:
        keep &= (fatalities(frame) >= selection.min_fatalities).to_numpy()
    if selection.datasets:
        keep &= frame["dataset"].isin(selection.datasets).to_numpy()
    if selection.precisions:
        keep &= frame["geo_precision"].isin(selection.precisions).to_numpy()
    if selection.bbox is not None:
        west, south, east, north = selection.bbox
        keep &= (frame["longitude"].between(west, east) & frame["latitude"].between(south, north)).to_numpy()
    return keep


def summary(frame: pd.DataFrame, reports: int | None = None) -> dict[str, int]:
    """Counts for the header: events, fatalities (best, else low) and distinct reports behind the events.

    ``reports`` is the distinct count when the caller knows it (:meth:`EventCache.summary`); otherwise the
    events' report links are summed, which counts a report behind two events twice.
    """
    return {
        "events": len(frame),
        "fatalities": int(fatalities(frame).sum()) if len(frame) else 0,
        "reports": reports if reports is not None else int(frame["report_count"].fillna(0).sum()),
    }


def _links(conn: sa.Connection) -> tuple[np.ndarray, np.ndarray]:
    rows = conn.execute(sa.select(event_reports.c.event_id, event_reports.c.report_id)).all()
    # Not np.array(rows): numpy probes each Row for array attributes, and each miss costs SQLAlchemy a
    # KeyError (6 s for 300,000 links); flattening the tuples first takes 0.1 s.
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=2 * len(rows))
    pairs = flat.reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


@dataclass(frozen=True)
class Snapshot:
    """The store's events at one revision, read in one transaction: never changed once made.

    ``frame`` has ``EVENT_COLUMNS`` but ``source_id`` (text as categoricals, dates as datetime64), sorted by
    date_start; ``link_rows[i]`` is the frame row of report link *i*, whose report is ``link_reports[i]``.
    """

    revision: int
    frame: pd.DataFrame
    link_rows: np.ndarray
    link_reports: np.ndarray

    def summary(self, mask: np.ndarray) -> dict[str, int]:
        """:func:`summary` of the masked rows, with the distinct reports behind them."""
        reports = self.link_reports
        chosen = reports[mask[self.link_rows]] if len(self.link_rows) else reports
        seen = np.zeros(int(reports.max()) + 1 if len(reports) else 0, dtype=bool)
        seen[chosen] = True
        # only the columns summary() reads: taking every column of a million rows costs tens of ms
        columns = ["fatalities_best", "fatalities_low", "report_count"]
        return summary(self.frame.loc[mask, columns], int(seen.sum()))


def read_snapshot(store: Store) -> Snapshot:
    """The revision, the events and their report links, read in one transaction so that they agree."""
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # one snapshot for the whole transaction
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():  # SQLite (WAL): a read transaction sees one state of the database throughout
            revision = conn.execute(sa.select(sa.func.max(store_revision.c.revision))).scalar() or 0
            # source_id is left out: a million distinct strings would cost more memory than every other
            # column together; the panel reads it from the store for the few events it lists.
            frame = select_events(store, Selection(), conn).drop(columns="source_id").reset_index(drop=True)
            event_ids, report_ids = _links(conn)
    for column in CATEGORICAL:
        frame[column] = frame[column].astype("category")
    by_id = np.argsort(frame["event_id"].to_numpy(), kind="stable")
    ids_sorted = frame["event_id"].to_numpy()[by_id]
    rows = by_id[np.searchsorted(ids_sorted, event_ids)] if len(ids_sorted) else event_ids[:0]
    return Snapshot(revision, frame, rows, report_ids)


class EventCache:
    """The store's events in memory as a :class:`Snapshot`, read again when the store's revision changes.

    Safe across threads: callers take one snapshot and use it throughout a request. While one thread reads a
    new snapshot, the others go on with the previous one (a first read makes them wait).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._reload = threading.Lock()
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        current = self._snapshot
        if current is not None and current.revision == self.store.revision():
            return current
        if current is not None and not self._reload.acquire(blocking=False):
            return current  # another thread is reading the new state: serve the one we have meanwhile
        if current is None:
            self._reload.acquire()
        try:
            latest = self._snapshot
            if latest is None or latest.revision != self.store.revision():
                latest = self._snapshot = read_snapshot(self.store)
            return latest
        finally:
            self._reload.release()

    def frame(self) -> pd.DataFrame:
        """The current snapshot's events (callers must not modify them)."""
        return self.snapshot().frame
