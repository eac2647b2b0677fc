"""The app over a real SQLite store: the pure functions behind the callbacks, and the HTTP endpoints."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3

import pytest

from dashboard.app import create_app
from dashboard.callbacks import map_patch, panel_content, summary_outputs, within_data
from dashboard.context import AppContext
from dashboard.figures import SLOT
from dashboard.settings import DashboardSettings
from dashboard.state import parse_search
from events.query import EventCache, Selection
from events.starter import load_starter
from events.store import Store
from geodata.boundaries import load_governorates, load_neighbours, load_outline
from geodata.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('store') / 't.sqlite'}")
    store.upgrade()
    load_starter(store)
    return store


@pytest.fixture(scope="module")
def context(store):
    return AppContext(store=store, cache=EventCache(store), governorates=load_governorates(),
                      neighbours=load_neighbours(), outline=load_outline(), gazetteer=load_gazetteer())  # fmt: skip


def _pinned_ids(patch) -> set[int]:
    data = patch.to_plotly_json()["operations"]
    ids = set()
    for op in data:
        if op["location"][-1] == "customdata" and op["location"][1] >= SLOT["Battles"]:
            ids |= {c[1] for c in op["params"]["value"]}
    return ids


def test_the_window_changes_which_events_the_map_pins(context):
    frame = context.cache.frame()
    everything = _pinned_ids(map_patch(context, Selection(), {"sites"}, None)[0])
    pinnable = frame[frame["geo_precision"] < 3]
    assert everything == set(pinnable["event_id"])
    window = Selection(start=frame["date_start"].iloc[0].date(), end=frame["date_start"].iloc[0].date())
    assert _pinned_ids(map_patch(context, window, {"sites"}, None)[0]) < everything


def test_too_many_events_in_view_are_grouped_and_the_map_says_so(context):
    context.max_markers = 2
    try:
        patch, note = map_patch(context, Selection(), set(), None)
    finally:
        context.max_markers = 3000
    ops = {tuple(op["location"]): op["params"]["value"] for op in patch.to_plotly_json()["operations"]}
    cells = ops[("data", SLOT["aggregate"], "customdata")]
    assert cells and all(c[0] == "cell" for c in cells)
    assert "grouped into" in note and not _pinned_ids(patch)


def test_counts_timeline_and_export_links_follow_the_view(context):
    view = parse_search("?start=2017-01-01&end=2017-12-31&type=Battles")
    counts, timeline, _footer, csv_href, geojson_href = summary_outputs(context, view)
    frame = context.cache.frame()
    chosen = frame[(frame["event_type"] == "Battles") & (frame["date_start"].dt.year == 2017)]
    assert counts.startswith(f"{len(chosen):,} events")
    assert csv_href == "/export?format=csv&start=2017-01-01&end=2017-12-31&type=Battles"
    _, _, _, encoded, _ = summary_outputs(context, parse_search("?actor=Jaysh+al-Islam+%26+allies"))
    assert encoded == "/export?format=csv&actor=Jaysh+al-Islam+%26+allies"  # one actor, not a stray parameter
    assert geojson_href.startswith("/export?format=geojson&")
    assert timeline["layout"]["shapes"][0]["x0"] == "2017-01-01"
    assert {t["name"] for t in timeline["data"] if t["type"] == "bar"} == {"Battles"}


def test_a_governorate_panel_summarises_its_events_and_reports(context):
    text = str(panel_content(context, parse_search("?place=adm1:SY-DY"), None))
    frame = context.cache.frame()
    here = frame[frame["admin1"] == "SY-DY"]
    assert "Deir ez-Zor" in text and "دير الزور" in text and "By type" in text and "Main actors" in text
    assert f"{len(here):,} events" in text
    reports = context.store.reports_for_events(here["event_id"].astype(int).tolist())
    assert reports["url"].iloc[0] in text


def test_a_site_panel_lists_its_events_with_reports(context):
    frame = context.cache.frame()
    event = frame[frame["place_id"].astype(object).fillna("").str.startswith("icao:")].iloc[0]
    text = str(panel_content(context, parse_search(f"?place={event['place_id']}"), None))
    report = context.store.reports_for_events([int(event["event_id"])]).iloc[0]
    assert report["title"] in text and report["url"] in text and "_blank" in text


def test_an_unknown_place_says_so(context):
    assert "No place with the id 'gn:0'" in str(panel_content(context, parse_search("?place=gn:0"), None))


def test_a_cell_panel_lists_the_events_inside(context):
    frame = context.cache.frame()
    event = frame[frame["geo_precision"] < 3].iloc[0]
    bounds = [
        event["longitude"] - 0.1,
        event["latitude"] - 0.1,
        event["longitude"] + 0.1,
        event["latitude"] + 0.1,
    ]
    text = str(panel_content(context, parse_search(""), {"kind": "cell", "bounds": bounds}))
    assert "events in this cell" in text and str(event["place_name"]) in text


@pytest.fixture(scope="module")
def http(store):
    return create_app(store, DashboardSettings()).server.test_client()


def test_the_page_and_its_favicon_are_served(http):
    assert "Syria Conflict Map" in http.get("/").text
    assert http.get("/assets/favicon.ico").data[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_a_store_that_fails_on_page_load_shows_the_map_and_a_message(tmp_path):
    path = tmp_path / "broken.sqlite"
    store = Store.open(f"sqlite:///{path}")
    store.upgrade()
    load_starter(store)
    http = create_app(store, DashboardSettings()).server.test_client()
    with sqlite3.connect(path) as connection:  # the store breaks after start-up (a lost table, a bad upgrade)
        connection.execute("ALTER TABLE events RENAME TO events_lost")
        connection.execute("ALTER TABLE store_revision RENAME TO store_revision_lost")
    response = http.get("/_dash-layout")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Something went wrong" in text and "events unavailable" in text
    assert text.count('"SY-') >= 14  # the governorates are still drawn
    assert json.loads(text)  # a valid layout, not an error page


def test_export_downloads_the_selection_as_csv_with_a_citation_link(http, context):
    response = http.get("/export?format=csv&start=2017-01-01&end=2017-12-31&admin1=SY-DY")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    frame = context.cache.frame()
    chosen = frame[(frame["admin1"] == "SY-DY") & (frame["date_end"].dt.year >= 2017)
                   & (frame["date_start"].dt.year <= 2017)]  # fmt: skip
    assert len(rows) == len(chosen) > 0
    assert {r["admin1"] for r in rows} == {"SY-DY"} and all(r["report_urls"] for r in rows)
    link = response.headers["Link"]
    assert "format=citation" in link and 'rel="describedby"' in link
    manifest = http.get(link[1 : link.index(">")]).get_json()
    assert manifest["filters"] and manifest["datasets"]


def test_export_as_geojson_carries_its_citation(http):
    response = http.get("/export?format=geojson&type=Battles")
    body = json.loads(response.get_data(as_text=True))
    assert body["type"] == "FeatureCollection" and body["features"]
    assert {f["properties"]["event_type"] for f in body["features"]} == {"Battles"}
    assert "citation" in body


@pytest.mark.parametrize(
    ("query", "named"), [("format=xls", "format"), ("format=csv&start=2017-02-30", "start")]
)
def test_a_bad_export_request_is_refused_with_the_parameter_named(http, query, named):
    response = http.get(f"/export?{query}")
    assert response.status_code == 400 and named in response.get_data(as_text=True)


def test_missing_values_read_as_unknown_not_nan(context):
    frame = context.cache.frame()
    lone = frame[frame["actor2"].isna() & frame["place_id"].notna() & (frame["geo_precision"] < 3)].iloc[0]
    click = {
        "kind": "event",
        "event_id": int(lone["event_id"]),
        "lat": lone["latitude"],
        "lon": lone["longitude"],
    }
    text = str(panel_content(context, parse_search(""), click))
    assert "vs ?" in text and not re.search(r"\bnan\b", text, re.IGNORECASE)
    cell = [
        lone["longitude"] - 1e-6,
        lone["latitude"] - 1e-6,
        lone["longitude"] + 1e-6,
        lone["latitude"] + 1e-6,
    ]
    assert "vs ?" in str(panel_content(context, parse_search(""), {"kind": "cell", "bounds": cell}))


def test_an_export_larger_than_the_limit_is_refused_with_its_size(http, monkeypatch):
    monkeypatch.setenv("SYRIAMAP_EXPORT_MAX_ROWS", "5")
    response = http.get("/export?format=csv")
    assert response.status_code == 413
    assert "SYRIAMAP_EXPORT_MAX_ROWS" in response.get_data(as_text=True)
    assert http.get("/export?format=csv&type=Battles&start=2017-01-14&end=2017-01-14").status_code == 200


def test_repeated_parameters_add_up_and_the_citation_link_keeps_every_filter(http):
    response = http.get("/export?type=Battles&type=Violence+against+civilians&admin1=SY-DY")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["event_type"] for r in rows} == {"Battles", "Violence against civilians"}
    link = response.headers["Link"]
    assert "format=citation" in link and "type=Battles" in link and "admin1=SY-DY" in link


def test_dates_beyond_the_data_are_brought_within_it(context):
    first, last = context.bounds()
    view = within_data(parse_search("?start=1990-01-01&end=9999-12-31&type=Battles"), first, last)
    assert (view.selection.start, view.selection.end) == (first, last)
    assert view.selection.event_types == ("Battles",)
    assert (
        within_data(parse_search("?end=2017-01-31"), first, last).selection.start is None
    )  # open stays open
    _, note = map_patch(context, parse_search("?end=9999-12-31").selection, {"zones"}, None)
    assert f"Control zones as of {last:%Y-%m-%d}" in note


def test_zones_follow_new_claims_and_are_not_computed_when_switched_off(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'z.sqlite'}")
    store.upgrade()
    load_starter(store)
    context = AppContext(store=store, cache=EventCache(store), governorates=load_governorates(),
                         neighbours=load_neighbours(), outline=load_outline(), gazetteer=load_gazetteer())  # fmt: skip
    when = context.bounds()[1]
    before = context.zones(when)
    off = context.zone_layers(Selection(end=when), visible=False)
    assert all(not (t.get("locations") or t.get("lat")) for t in off.values())
    from events.model import ControlClaim

    store.add_claims([ControlClaim(faction="Islamic State", observed=when, latitude=34.55, longitude=38.27,
                                   confidence=1.0, dataset="test", source_id="palmyra")])  # fmt: skip
    after = context.zones(when)
    assert "Islamic State" in set(after["faction"]) and after is not before


def test_the_wsgi_entry_point_serves_the_store_the_environment_names(tmp_path, monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("SYRIAMAP_DB", f"sqlite:///{tmp_path / 'wsgi.sqlite'}")
    sys.modules.pop("dashboard.wsgi", None)
    wsgi = importlib.import_module("dashboard.wsgi")
    try:
        client = wsgi.server.test_client()
        assert "Syria Conflict Map" in client.get("/").text
        assert (tmp_path / "wsgi.sqlite").exists()  # a new store, filled with the starter set
        assert Store.open(f"sqlite:///{tmp_path / 'wsgi.sqlite'}").counts()["events"] >= 150
    finally:
        sys.modules.pop("dashboard.wsgi", None)
