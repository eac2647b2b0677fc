"""The starter set: real events and control claims, each sourced, placed where the gazetteer and the boundaries say."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from click.testing import CliRunner

from events.__main__ import main
from events.extract.actors import ACTORS
from events.starter import STARTER_PATH, load_starter, read_starter, read_starter_claims
from events.store import SCHEMA_VERSION, Store
from geodata.gazetteer import load_gazetteer
from geodata.spatial import assign_admin

ITEMS = read_starter()
CLAIMS = read_starter_claims()
DOCUMENT = json.loads(STARTER_PATH.read_text(encoding="utf-8"))
GOVERNORATES = {
    "SY-DI", "SY-RD", "SY-HL", "SY-ID", "SY-HM", "SY-HI", "SY-LA", "SY-TA", "SY-DY", "SY-RA", "SY-HA", "SY-DR",
    "SY-QU", "SY-SU",
}  # fmt: skip
# The faction names of /work/notes/common.md and events.factions, exactly.
FACTIONS = {
    "Government of Syria", "Islamic State", "SDF", "HTS", "Opposition/FSA", "Turkey/SNA", "US-led coalition",
    "Russia", "Contested",
}  # fmt: skip
# ACLED's event types and the sub-event types the set uses.
ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
    },
    "Violence against civilians": {"Attack", "Abduction/forced disappearance"},
    "Strategic developments": {
        "Agreement", "Non-violent transfer of territory", "Headquarters or base established",
        "Looting/property destruction", "Change to group/activity", "Other",
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(include_fetched=False)


def _reports():
    return [c.report for _, citations in ITEMS for c in citations] + [c.report for c in CLAIMS]


def test_the_set_is_large_enough_to_tell_the_war():
    assert len(ITEMS) >= 150
    assert len({r.url for r in _reports()}) >= 60
    assert len(CLAIMS) >= 80
    assert {event.admin1 for event, _ in ITEMS} == GOVERNORATES
    years = {event.date_start.year for event, _ in ITEMS}
    assert set(range(2011, 2021)) <= years and max(years) <= 2020
    assert {claim.observed.year for claim in CLAIMS} >= set(range(2013, 2021))


def test_keys_are_unique_and_every_listed_report_is_cited():
    assert len({e.source_id for e, _ in ITEMS}) == len(ITEMS)
    assert len({c.source_id for c in CLAIMS}) == len(CLAIMS)
    cited = {r["report"] for e in DOCUMENT["events"] for r in e["reports"]} | {
        c["report"] for c in DOCUMENT["claims"]
    }
    assert cited == set(DOCUMENT["reports"])


def test_every_event_has_a_date_and_a_source_report_with_url():
    for event, citations in ITEMS:
        assert event.date_start and event.date_end >= event.date_start
        assert citations, event.source_id
        for citation in citations:
            report = citation.report
            assert report.url.startswith(("https://", "http://")), event.source_id
            assert report.outlet and report.title and report.summary, event.source_id
            # a dated source: news by its publication date, encyclopedia articles by the access date
            assert report.published or report.outlet == "Wikipedia", event.source_id
            assert report.retrieved_at and not report.text, event.source_id  # we keep no outlet's text
            assert citation.quote.startswith("Summary (ours): ") and len(citation.quote) > 40, event.source_id


def test_every_claim_has_a_faction_a_date_and_a_source():
    for claim in CLAIMS:
        assert claim.faction in FACTIONS, claim.source_id
        assert claim.observed and claim.report and claim.report.url, claim.source_id
        assert claim.report.published or claim.report.outlet == "Wikipedia", claim.source_id
        assert claim.quote.startswith("Summary (ours): "), claim.source_id
        assert claim.dataset == "starter" and claim.place_id, claim.source_id
        if claim.valid_from and claim.valid_to:
            assert claim.valid_from <= claim.valid_to, claim.source_id


def test_events_use_canonical_actors_and_acled_types():
    for event, _ in ITEMS:
        assert event.sub_event_type in ACLED_TYPES[event.event_type], event.source_id
        for actor in (event.actor1, event.actor2):
            assert actor is None or actor in ACTORS, (event.source_id, actor)


@pytest.mark.parametrize("kind", ["events", "claims"])
def test_every_place_resolves_in_the_gazetteer_at_its_coordinates(gazetteer, kind):
    records = [e for e, _ in ITEMS] if kind == "events" else CLAIMS
    for record in records:
        place = gazetteer.get(record.place_id)
        assert place is not None, f"{record.source_id}: {record.place_id} not in the gazetteer"
        assert place.admin1 == record.admin1, record.source_id
        assert abs(place.lat - record.latitude) < 0.01 and abs(place.lon - record.longitude) < 0.01
        if place.kind == "governorate":
            assert getattr(record, "geo_precision", 3) == 3, record.source_id  # a governorate is never a pin


@pytest.mark.parametrize("kind", ["events", "claims"])
def test_every_record_lies_in_its_governorate(kind):
    records = [e for e, _ in ITEMS] if kind == "events" else CLAIMS
    found = assign_admin([r.longitude for r in records], [r.latitude for r in records])["admin1"].tolist()
    assert found == [r.admin1 for r in records]


def _snapshot(store: Store):
    claims = store.claims_frame().drop(columns=["claim_id"]).sort_values("source_id", ignore_index=True)
    return store.counts(), store.events_frame(), claims


def test_loading_twice_changes_nothing(store):
    urls = {r.url for r in _reports()}
    assert load_starter(store) == len(ITEMS)
    first = _snapshot(store)
    load_starter(store)
    again = _snapshot(store)
    assert again[0] == first[0] == {"events": len(ITEMS), "reports": len(urls), "claims": len(CLAIMS)}
    pd.testing.assert_frame_equal(again[1], first[1])
    pd.testing.assert_frame_equal(again[2], first[2])
    assert (first[1]["report_count"] >= 1).all()
    assert first[2]["report_url"].notna().all()


def _cli(*args: str) -> dict:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_init_fills_a_new_store_once_and_demo_adds_the_set_to_any_store(tmp_path):
    db = f"sqlite:///{tmp_path / 'new' / 'store.sqlite'}"
    first = _cli("init", "--db", db)
    expected = (SCHEMA_VERSION, len(ITEMS), len(CLAIMS))
    assert (first["schema_version"], first["events"], first["claims"]) == expected
    assert _cli("init", "--db", db)["events"] == len(ITEMS)  # not empty: left as it is

    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    store = Store.open(other)
    store.upgrade()
    store.add_events([(replace(ITEMS[0][0], dataset="mine"), [])])
    assert _cli("init", "--db", other)["events"] == 1  # a store with data of its own gets no starter set
    assert _cli("demo", "--db", other)["events"] == len(ITEMS) + 1
    again = _cli("demo", "--db", other)  # idempotent
    assert (again["events"], again["claims"]) == (len(ITEMS) + 1, len(CLAIMS))


def _broken(tmp_path, part: str, number: int, field: str, value) -> object:
    document = json.loads(STARTER_PATH.read_text(encoding="utf-8"))
    document[part][number - 1][field] = value
    bad = tmp_path / "starter.json"
    bad.write_text(json.dumps(document))
    return bad


def test_a_bad_record_is_named_in_the_error(tmp_path):
    with pytest.raises(ValueError, match=r"starter.json: event 3 \(ghouta-2013-08-21\): .*date_end"):
        read_starter(_broken(tmp_path, "events", 3, "date_end", "2000-01-01"))
    claim = DOCUMENT["claims"][0]["source_id"]
    with pytest.raises(ValueError, match=rf"starter.json: claim 1 \({claim}\): .*valid_to"):
        read_starter_claims(_broken(tmp_path, "claims", 1, "valid_to", "2000-01-01"))
    with pytest.raises(ValueError, match=rf"starter.json: claim 1 \({claim}\): .*no-such-report"):
        read_starter_claims(_broken(tmp_path, "claims", 1, "report", "no-such-report"))


def test_a_bad_claim_stores_nothing(tmp_path, sqlite_store):
    bad = _broken(tmp_path, "claims", 5, "confidence", 2.0)
    with pytest.raises(ValueError, match="claim 5"):
        load_starter(sqlite_store, bad)
    assert sqlite_store.counts() == {"events": 0, "reports": 0, "claims": 0}
