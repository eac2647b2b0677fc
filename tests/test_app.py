"""The app over a real SQLite store, driven through Dash's HTTP endpoint as the browser drives it."""

from __future__ import annotations

import sqlite3

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.settings import DashboardSettings
from events.starter import load_starter
from events.store import Store


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('store') / 't.sqlite'}")
    store.upgrade()
    load_starter(store)
    app = create_app(store, DashboardSettings())
    return store, app.server.test_client()


def _click(client, customdata, lat: float = 35.0, lon: float = 38.0) -> dict:
    """Post a map click as the browser does: the point's customdata and its coordinates."""
    point = {"customdata": customdata, "lat": lat, "lon": lon}
    payload = {
        "output": f"{ids.PANEL_BODY}.children",
        "outputs": {"id": ids.PANEL_BODY, "property": "children"},
        "inputs": [{"id": ids.MAP_GRAPH, "property": "clickData", "value": {"points": [point]}}],
        "changedPropIds": [f"{ids.MAP_GRAPH}.clickData"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.text
    return response.get_json()


def test_a_click_on_an_event_returns_its_reports(client):
    store, http = client
    event = store.events_frame().iloc[0]
    reports = store.reports_for_events([int(event["event_id"])])
    text = str(_click(http, [int(event["event_id"])], event["latitude"], event["longitude"]))
    assert event["place_name"] in text
    assert reports["title"].iloc[0] in text and reports["url"].iloc[0] in text


def test_a_failing_panel_shows_a_message_instead_of_a_blank_page(client):
    text = str(_click(client[1], [987654321]))  # no such event: the lookup fails inside the callback
    assert "Something went wrong" in text and "987654321" in text


def test_the_page_and_its_favicon_are_served(client):
    http = client[1]
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
    response = http.get("/_dash-layout")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Something went wrong" in text and "events unavailable" in text
    assert text.count('"SY-') >= 14  # the governorates are still drawn
