"""The store on real databases: round trips, idempotent keys, transactions, date filters, schema upgrades."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from events import schema
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
    store.add_events([(_event("a", "2017-01-14", fatalities_best=1), [Citation(_report(1), "q1")])])
    before = (store.events_frame(), store.reports_for_events([1, 2, 3]), store.counts())
    good = (_event("a", "2017-01-14", fatalities_best=9), [Citation(_report(2), "q2")])  # an update
    new = (_event("b", "2017-02-01"), [Citation(_report(3))])
    bad = (_event("c", "2017-02-01", original={"tags": {"a set", "is not JSON"}}), [])  # valid, unstorable
    # SQLAlchemy (SQLite) wraps the driver's TypeError; psycopg raises it as it is
    with pytest.raises((sa.exc.StatementError, TypeError), match="JSON serializable"):
        store.add_events([good, new, bad])
    after = (store.events_frame(), store.reports_for_events([1, 2, 3]), store.counts())
    pd.testing.assert_frame_equal(after[0], before[0])
    pd.testing.assert_frame_equal(after[1], before[1])
    assert after[2] == before[2] == {"events": 1, "reports": 1, "claims": 0}


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
    assert store.add_claims([claim]) == {"inserted": 1, "updated": 0}
    frame = store.claims_frame()
    assert frame[["faction", "place_id", "report_title"]].values.tolist() == [
        ["Government of Syria", "site:deir-ez-zor-military-airport", "Report 3"]
    ]


def _columns_and_indexes(engine: sa.Engine) -> dict:
    inspector = sa.inspect(engine)
    return {
        table: (
            {c["name"] for c in inspector.get_columns(table)},
            {
                (tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
                if "duplicates_constraint" not in i
            },  # PostgreSQL lists unique constraints' indexes too
            {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)},
        )
        for table in sorted(inspector.get_table_names())
    }


def test_a_new_store_is_built_step_by_step_into_the_declared_schema(store, tmp_path):
    """Every step from empty gives exactly the tables, columns and indexes the code declares."""
    assert store.schema_version() == SCHEMA_VERSION
    reference = Store.open(f"sqlite:///{tmp_path / 'reference.sqlite'}")
    schema.metadata.create_all(reference.engine)
    assert _columns_and_indexes(store.engine) == _columns_and_indexes(reference.engine)


def test_a_version_1_store_upgrades_in_place_and_keeps_its_data(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'old.sqlite'}")
    assert store.schema_version() == 0 and store.is_empty()
    assert store.upgrade(target=1) == 1
    with store.engine.begin() as conn:  # as version 1 wrote them: reports had `hash`, no summary
        conn.execute(
            sa.text("INSERT INTO reports (id, hash, url, title) VALUES (7, 'h7', 'https://e.org/7', 'R')")
        )
        conn.execute(
            sa.text(
                "INSERT INTO events (id, dataset, source_id, date_start, date_end, date_precision, event_type, "
                "geo_precision) VALUES (3, 'test', 'kept', '2015-05-21', '2015-05-21', 1, 'Battles', 1)"
            )
        )
        conn.execute(sa.text("INSERT INTO event_reports VALUES (3, 7, 'the quote')"))
    assert "ix_events_date_start" not in {i["name"] for i in sa.inspect(store.engine).get_indexes("events")}

    assert store.upgrade() == SCHEMA_VERSION == store.schema_version()
    assert "ix_events_date_start" in {i["name"] for i in sa.inspect(store.engine).get_indexes("events")}
    assert store.events_frame()["source_id"].tolist() == ["kept"]
    linked = store.reports_for_events([3])
    assert linked[["report_id", "title", "quote"]].values.tolist() == [[7, "R", "the quote"]]
    # the renamed column kept its values: the same report added again is recognised by its hash
    assert store.add_reports([Report(title="R2", url="https://e.org/other", content_hash="h7")]) == {"h7": 7}
    assert store.upgrade() == SCHEMA_VERSION  # a current store: nothing to do
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM schema_version")).scalar_one() == 1


def test_a_failed_step_leaves_no_half_built_schema(sqlite_store):
    """Migration steps rely on DDL being transactional, which pysqlite does not give by default."""
    with pytest.raises(sa.exc.OperationalError), sqlite_store.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE half_built (x INTEGER)"))
        conn.execute(sa.text("ALTER TABLE no_such_table ADD COLUMN y INTEGER"))
    assert not sa.inspect(sqlite_store.engine).has_table("half_built")


def test_reports_with_the_same_text_or_url_in_one_batch_are_one_report(store):
    first = Report(title="First", url="https://example.org/x", text="Text one.")
    same_url = Report(title="Second", url="https://example.org/x", text="Text two.")
    same_text = Report(title="Third", url=None, text="text   ONE.")
    ids = store.add_reports([first, same_url, same_text])
    assert len(set(ids.values())) == 1 and set(ids) == {first.content_hash, same_url.content_hash}
    assert store.counts()["reports"] == 1


def test_an_event_given_twice_in_one_batch_is_stored_once(store):
    result = store.add_events([(_event("a", "2017-01-14", fatalities_best=1), []),
                               (_event("a", "2017-01-14", fatalities_best=2), [])])  # fmt: skip
    assert result == {"inserted": 1, "updated": 0}
    assert store.events_frame()["fatalities_best"].tolist() == [2]


def test_reports_for_many_events_and_for_none(store):
    items = [(_event(str(i), "2016-01-01"), [Citation(_report(i), f"q{i}")]) for i in range(1200)]
    store.add_events(items)
    ids = store.events_frame()["event_id"].tolist()
    linked = store.reports_for_events(ids)
    assert len(linked) == 1200 and set(linked["event_id"]) == set(ids)
    empty = store.reports_for_events([])
    assert empty.empty and list(empty.columns) == list(linked.columns)


def test_claims_with_a_key_are_updated_and_filtered_by_date_and_place(store):
    def claim(sid: str, faction: str, observed: str, place: str = "gn:163808") -> ControlClaim:
        return ControlClaim(faction=faction, observed=date.fromisoformat(observed), place_id=place,
                            dataset="starter", source_id=sid, report=_report(9), quote=f"{faction} holds")  # fmt: skip

    store.add_claims([claim("p1", "Islamic State", "2015-05-21"), claim("p2", "Government", "2016-03-27")])
    again = store.add_claims(
        [claim("p2", "Government of Syria", "2016-03-27"), claim("q", "SDF", "2017-10-20", "gn:1")]
    )
    assert again == {"inserted": 1, "updated": 1}
    assert store.counts() == {"events": 0, "reports": 1, "claims": 3}
    frame = store.claims_frame(end=date(2016, 12, 31), place_id="gn:163808")
    assert frame["faction"].tolist() == ["Islamic State", "Government of Syria"]
    assert frame["observed"].tolist() == [pd.Timestamp("2015-05-21"), pd.Timestamp("2016-03-27")]
    assert store.claims_frame(start=date(2017, 1, 1))["place_id"].tolist() == ["gn:1"]


def test_a_polygon_claim_round_trips_as_geojson(store):
    square = "POLYGON ((38 35, 39 35, 39 36, 38 36, 38 35))"
    store.add_claims([ControlClaim(faction="SDF", observed=date(2018, 1, 1), polygon=square)])
    [polygon] = store.claims_frame()["polygon"].tolist()
    assert polygon["type"] == "Polygon" and polygon["coordinates"][0][1] == [39.0, 35.0]


def test_a_store_newer_than_the_code_is_refused(sqlite_store):
    with sqlite_store.engine.begin() as conn:
        conn.execute(schema_version.update().values(version=SCHEMA_VERSION + 1))
    with pytest.raises(SchemaError, match="upgrade the code"):
        sqlite_store.upgrade()


def test_open_creates_the_sqlite_folder(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'var' / 'nested' / 'x.sqlite'}")
    store.upgrade()
    assert (tmp_path / "var" / "nested" / "x.sqlite").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("notaurl", "notaurl: not a database URL"),
        ("postgresql+psycopg://nobody@127.0.0.1:9/none", "the database does not answer"),
    ],
)
def test_a_store_that_cannot_be_opened_says_which_and_why(url, message):
    from events.store import StoreError, open_store

    with pytest.raises(StoreError, match=message):
        open_store(url)


def test_events_at_a_point(sqlite_store):
    sqlite_store.add_events(
        [
            (_event("here", "2017-01-01"), []),
            (_event("also", "2017-09-05"), []),
            (_event("there", "2017-01-01", latitude=36.2, longitude=37.16), []),
        ]
    )
    assert sqlite_store.events_frame(at=(35.336, 40.141))["source_id"].tolist() == ["here", "also"]


def test_citing_a_stored_report_by_url_keeps_its_title_summary_and_text(store):
    full = Report(title="Houla massacre", url="https://example.org/houla", outlet="Example", text="Full text.",
                  summary="Summary (ours).")  # fmt: skip
    store.add_reports([full])
    bare = Report(title="https://example.org/houla", url="https://example.org/houla")  # e.g. a claims file
    store.add_claims([ControlClaim(faction="SDF", observed=date(2016, 8, 12), latitude=36.53, longitude=37.95,
                                   report=bare, confidence=1.0, dataset="test", source_id="c1")])  # fmt: skip
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(schema.reports.c.title, schema.reports.c.summary, schema.reports.c.text)
        ).all()
    assert rows == [("Houla massacre", "Summary (ours).", "Full text.")]
    assert store.claims_frame()["report_title"].tolist() == ["Houla massacre"]
