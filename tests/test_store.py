"""The store on real databases: round trips, idempotent keys, transactions, date filters, schema upgrades."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from events.model import Citation, ControlClaim, Event, Report
from events.store import SCHEMA_VERSION, SchemaError, Store, schema_version


def _report(n: int, **kw) -> Report:
    return Report(title=f"Report {n}", url=f"https://example.org/r{n}", outlet="Example", **kw)


def _event(sid: str, start: str, end: str | None = None, **kw) -> Event:
    fields = {
        "event_type": "Battles",
        "dataset": "test",
        "place_name": "Deir ez-Zor",
        "latitude": 35.336,
        "longitude": 40.141,
        "admin1": "SY-DY",
    } | kw
    return Event(date_start=date.fromisoformat(start), date_end=date.fromisoformat(end or start), source_id=sid,
                 **fields)  # fmt: skip


def test_round_trip_of_events_reports_and_quotes(store):
    report = _report(1, published=date(2017, 1, 15))
    result = store.add_events(
        [
            (
                _event("a", "2017-01-14", "2017-01-15", fatalities_low=80, actor1="Islamic State"),
                [Citation(report, "over 80 reported slain")],
            )
        ]
    )
    assert result == {"inserted": 1, "updated": 0}
    frame = store.events_frame()
    row = frame.iloc[0]
    assert (row["date_start"], row["date_end"]) == (pd.Timestamp("2017-01-14"), pd.Timestamp("2017-01-15"))
    assert (row["fatalities_low"], row["actor1"], row["admin1"], row["report_count"]) == (
        80,
        "Islamic State",
        "SY-DY",
        1,
    )
    assert pd.isna(row["fatalities_best"])
    linked = store.reports_for_events([int(row["event_id"])])
    assert linked[["title", "url", "quote"]].values.tolist() == [
        ["Report 1", "https://example.org/r1", "over 80 reported slain"]
    ]
    assert store.counts() == {"events": 1, "reports": 1, "claims": 0}


def test_same_dataset_and_source_id_updates_instead_of_duplicating(store):
    store.add_events([(_event("a", "2017-01-14", fatalities_best=5), [Citation(_report(1), "q1")])])
    result = store.add_events([(_event("a", "2017-01-14", fatalities_best=7), [Citation(_report(1), "q2")])])
    assert result == {"inserted": 0, "updated": 1}
    frame = store.events_frame()
    assert len(frame) == 1 and frame.iloc[0]["fatalities_best"] == 7
    assert store.reports_for_events(frame["event_id"].tolist())["quote"].tolist() == ["q2"]
    assert store.counts()["reports"] == 1


def test_a_report_with_a_known_url_is_updated_not_duplicated(store):
    store.add_reports([Report(title="First", url="https://example.org/x", text="old text")])
    store.add_reports([Report(title="Second", url="https://example.org/x", text="new text")])
    with store.engine.connect() as conn:
        titles = conn.execute(sa.text("SELECT title FROM reports")).scalars().all()
    assert titles == ["Second"]


def test_a_failing_bulk_write_leaves_the_store_as_it_was(store):
    store.add_events([(_event("a", "2017-01-14"), [Citation(_report(1))])])
    before = store.events_frame()
    bad = _event("c", "2017-02-01", event_type=None)  # NOT NULL column: the database refuses the row
    with pytest.raises(sa.exc.IntegrityError):
        store.add_events([(_event("b", "2017-02-01"), [Citation(_report(2))]), (bad, [])])
    pd.testing.assert_frame_equal(store.events_frame(), before)
    assert store.counts() == {"events": 1, "reports": 1, "claims": 0}


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, ["early", "long", "late"]),
        (
            date(2017, 1, 10),
            date(2017, 1, 20),
            ["long"],
        ),  # overlaps: a multi-day event counts in any of its days
        (date(2016, 12, 31), date(2017, 1, 1), ["early", "long"]),
        (date(2017, 3, 1), None, ["late"]),
        (None, date(2016, 12, 1), []),
    ],
)
def test_date_filter_selects_overlapping_events(sqlite_store, start, end, expected):
    sqlite_store.add_events(
        [
            (_event("early", "2017-01-01"), []),
            (_event("long", "2017-01-01", "2017-02-28"), []),
            (_event("late", "2017-03-05"), []),
        ]
    )
    assert sqlite_store.events_frame(start, end)["source_id"].tolist() == expected


def test_claims_are_stored_with_their_report(store):
    claim = ControlClaim(faction="Government of Syria", observed=date(2017, 1, 15),
                         place_id="site:deir-ez-zor-military-airport", report=_report(3),
                         quote="remains under government control")  # fmt: skip
    assert store.add_claims([claim]) == 1
    frame = store.claims_frame()
    assert frame[["faction", "place_id", "report_title"]].values.tolist() == [
        ["Government of Syria", "site:deir-ez-zor-military-airport", "Report 3"]
    ]


def test_invalid_records_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="test:x: date_end 2017-01-01 is before date_start 2017-01-02"):
        _event("x", "2017-01-02", "2017-01-01")
    with pytest.raises(ValueError, match="low <= best <= high"):
        _event("y", "2017-01-02", fatalities_low=10, fatalities_best=5)


def test_schema_upgrades_in_place_and_keeps_the_data(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'old.sqlite'}")
    assert store.schema_version() == 0
    assert store.upgrade(target=1) == 1
    store.add_events([(_event("kept", "2015-05-21"), [])])
    assert "ix_events_date_start" not in {i["name"] for i in sa.inspect(store.engine).get_indexes("events")}

    assert store.upgrade() == SCHEMA_VERSION
    assert store.schema_version() == SCHEMA_VERSION
    assert "ix_events_date_start" in {i["name"] for i in sa.inspect(store.engine).get_indexes("events")}
    assert store.events_frame()["source_id"].tolist() == ["kept"]
    assert store.upgrade() == SCHEMA_VERSION  # a current store: nothing to do


def test_a_store_newer_than_the_code_is_refused(sqlite_store):
    with sqlite_store.engine.begin() as conn:
        conn.execute(schema_version.update().values(version=SCHEMA_VERSION + 1))
    with pytest.raises(SchemaError, match="upgrade the code"):
        sqlite_store.upgrade()


def test_open_creates_the_sqlite_folder(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'var' / 'nested' / 'x.sqlite'}")
    store.upgrade()
    assert (tmp_path / "var" / "nested" / "x.sqlite").exists()
