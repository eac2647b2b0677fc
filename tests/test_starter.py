"""The starter set: real events, each sourced, placed where the gazetteer and the boundaries say."""

from __future__ import annotations

import json

import pytest

from events.starter import STARTER_PATH, load_starter, read_starter
from geodata.gazetteer import load_gazetteer
from geodata.spatial import assign_admin

ITEMS = read_starter()


def test_every_event_has_a_date_and_a_source_report_with_url():
    assert len(ITEMS) >= 15
    for event, citations in ITEMS:
        assert event.date_start and event.date_end >= event.date_start
        assert citations, event.source_id
        for citation in citations:
            assert citation.report.url.startswith("https://"), event.source_id
            assert citation.report.outlet and citation.report.title
            assert citation.quote.startswith("Summary (ours): "), event.source_id


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
    assert load_starter(sqlite_store) == len(ITEMS)
    first = sqlite_store.counts()
    load_starter(sqlite_store)
    assert sqlite_store.counts() == first == {"events": len(ITEMS), "reports": len(ITEMS), "claims": 0}


def test_a_bad_record_is_named_in_the_error(tmp_path):
    document = json.loads(STARTER_PATH.read_text())
    document["events"][2]["date_end"] = "2000-01-01"
    bad = tmp_path / "starter.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(ValueError, match=r"starter.json: event 3 \(ghouta-2013-08-21\): .*date_end"):
        read_starter(bad)
