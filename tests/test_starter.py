"""The starter set: real events, each sourced, placed where the gazetteer and the boundaries say."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from click.testing import CliRunner

from events.__main__ import main
from events.starter import STARTER_PATH, load_starter, read_starter
from events.store import SCHEMA_VERSION, Store
from geodata.gazetteer import load_gazetteer
from geodata.spatial import assign_admin

ITEMS = read_starter()


def test_every_event_has_a_date_and_a_source_report_with_url():
    assert len(ITEMS) >= 15
    for event, citations in ITEMS:
        assert event.date_start and event.date_end >= event.date_start
        assert citations, event.source_id
        for citation in citations:
            report = citation.report
            assert report.url.startswith("https://"), event.source_id
            assert report.outlet and report.title and report.summary, event.source_id
            # a dated source: news by its publication date, encyclopedia articles by the access date
            assert report.published or report.outlet == "Wikipedia", event.source_id
            assert report.retrieved_at and not report.text, event.source_id  # we keep no outlet's text
            assert citation.quote == f"Summary (ours): {report.summary}", event.source_id


def test_events_span_the_war_and_several_governorates():
    years = {event.date_start.year for event, _ in ITEMS}
    assert min(years) <= 2012 and max(years) >= 2019
    assert len({event.admin1 for event, _ in ITEMS}) >= 6


def test_every_place_resolves_in_the_gazetteer_near_its_coordinates():
    gazetteer = load_gazetteer(include_fetched=False)
    for event, _ in ITEMS:
        place = gazetteer.get(event.place_id)
        assert place is not None, f"{event.source_id}: {event.place_id} not in the gazetteer"
        assert place.admin1 == event.admin1, event.source_id
        if event.geo_precision < 3:
            assert abs(place.lat - event.latitude) < 0.01 and abs(place.lon - event.longitude) < 0.01


def test_every_event_lies_in_its_governorate():
    lon = [e.longitude for e, _ in ITEMS]
    lat = [e.latitude for e, _ in ITEMS]
    assert assign_admin(lon, lat)["admin1"].tolist() == [e.admin1 for e, _ in ITEMS]


def test_loading_twice_changes_nothing(sqlite_store):
    urls = {c.report.url for _, citations in ITEMS for c in citations}
    assert load_starter(sqlite_store) == len(ITEMS)
    first = (sqlite_store.counts(), sqlite_store.events_frame())
    load_starter(sqlite_store)
    assert sqlite_store.counts() == first[0] == {"events": len(ITEMS), "reports": len(urls), "claims": 0}
    pd.testing.assert_frame_equal(sqlite_store.events_frame(), first[1])
    assert (first[1]["report_count"] >= 1).all()


def _cli(*args: str) -> dict:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_init_fills_a_new_store_once_and_demo_adds_the_set_to_any_store(tmp_path):
    db = f"sqlite:///{tmp_path / 'new' / 'store.sqlite'}"
    first = _cli("init", "--db", db)
    assert (first["schema_version"], first["events"]) == (SCHEMA_VERSION, len(ITEMS))
    assert _cli("init", "--db", db)["events"] == len(ITEMS)  # not empty: left as it is

    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    store = Store.open(other)
    store.upgrade()
    store.add_events([(replace(ITEMS[0][0], dataset="mine"), [])])
    assert _cli("init", "--db", other)["events"] == 1  # a store with data of its own gets no starter set
    assert _cli("demo", "--db", other)["events"] == len(ITEMS) + 1
    assert _cli("demo", "--db", other)["events"] == len(ITEMS) + 1  # idempotent


def test_a_bad_record_is_named_in_the_error(tmp_path):
    document = json.loads(STARTER_PATH.read_text())
    document["events"][2]["date_end"] = "2000-01-01"
    bad = tmp_path / "starter.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(ValueError, match=r"starter.json: event 3 \(ghouta-2013-08-21\): .*date_end"):
        read_starter(bad)
