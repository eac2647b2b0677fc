"""Figures and panels as pure functions, checked on their dicts and components."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.callbacks import clicked
from dashboard.figures import (
    SLOT,
    TYPE_COLOURS,
    aggregate_trace,
    event_layers,
    fatality_text,
    map_figure,
    marker_size,
    pinnable,
    timeline_figure,
)
from dashboard.panels import event_panel, place_panel, summary_text
from dashboard.settings import DashboardSettings
from events.aggregate import grid_cells
from geodata.boundaries import load_governorates, load_neighbours, load_outline


def _events() -> pd.DataFrame:
    rows = [
        # event_id, type, precision, lat, lon, low, best
        (1, "Battles", 1, 35.336, 40.141, 80, 80),
        (2, "Battles", 2, 34.452, 40.918, None, None),
        (3, "Explosions/Remote violence", 1, 35.442, 36.651, 74, 89),
        (4, "Explosions/Remote violence", 3, 33.52, 36.36, 281, None),  # Rif Dimashq, governorate only
    ]
    frame = pd.DataFrame(rows, columns=["event_id", "event_type", "geo_precision", "latitude", "longitude",
                                        "fatalities_low", "fatalities_best"])  # fmt: skip
    return frame.assign(
        date_start=pd.Timestamp("2017-01-14"), date_end=pd.Timestamp("2017-01-15"), fatalities_high=None,
        actor1="Islamic State", actor2="Government of Syria", place_name="Somewhere", report_count=1,
        admin1=["SY-DY", "SY-DY", "SY-ID", "SY-RD"],
        sub_event_type=None, dataset="test", source_id=lambda f: f["event_id"].astype(str),
    )  # fmt: skip


def _figure(events: pd.DataFrame, basemap: str = "white-bg") -> dict:
    governorates = load_governorates()
    pins = pinnable(events)
    layers = event_layers(
        pins, grid_cells(events.iloc[0:0], 1.0), events[events["geo_precision"] == 3], governorates
    )
    return map_figure(governorates, load_neighbours(), load_outline(), layers, basemap).to_dict()


@pytest.fixture(scope="module")
def figure():
    return _figure(_events())


def test_the_map_draws_the_14_governorates_on_the_offline_style(figure):
    governorates = figure["data"][SLOT["governorates"]]
    assert governorates["name"] == "governorates"
    assert len(governorates["locations"]) == 14 and "SY-DY" in governorates["locations"]
    assert figure["layout"]["map"]["style"] == "white-bg"


def test_every_layer_keeps_its_slot(figure):
    assert [t.get("name") for t in figure["data"]][SLOT["Battles"]] == "Battles"
    assert len(figure["data"]) == len(SLOT)


@pytest.mark.parametrize("basemap", ["white-bg", "carto-positron", "https://tiles.example.org/style.json"])
def test_the_map_uses_the_basemap_setting(basemap, monkeypatch):
    monkeypatch.setenv("SYRIAMAP_BASEMAP", basemap)
    settings = DashboardSettings.from_env()
    assert _figure(_events(), settings.basemap)["layout"]["map"]["style"] == basemap


def test_flags_override_the_environment(monkeypatch):
    monkeypatch.delenv("SYRIAMAP_HOST", raising=False)
    monkeypatch.delenv("SYRIAMAP_BASEMAP", raising=False)
    monkeypatch.delenv("SYRIAMAP_MAX_MARKERS", raising=False)
    monkeypatch.setenv("SYRIAMAP_PORT", "9000")
    monkeypatch.setenv("SYRIAMAP_DEBUG", "1")
    assert DashboardSettings.from_env() == DashboardSettings("127.0.0.1", 9000, "white-bg", True, 3000)
    assert DashboardSettings.from_env(port=8123, debug=False, host="0.0.0.0").port == 8123
    assert DashboardSettings.from_env(port=8123, debug=False, host="0.0.0.0").debug is False


def test_one_pin_per_placed_event_and_a_legend_entry_per_type(figure):
    pins = [t for t in figure["data"] if t["type"] == "scattermap" and t.get("customdata")
            and t["customdata"][0][0] == "event"]  # fmt: skip
    assert {t["name"] for t in pins} == {"Battles", "Explosions/Remote violence"}
    pinned = sorted(c[1] for t in pins for c in t["customdata"])
    assert pinned == [1, 2, 3]  # event 4 is governorate-level: no pin
    assert {t["name"]: t["marker"]["color"] for t in pins} == {n: TYPE_COLOURS[n] for n in ("Battles",
                                                               "Explosions/Remote violence")}  # fmt: skip
    legend = [t["name"] for t in figure["data"] if t.get("showlegend") and t["name"] in TYPE_COLOURS]
    assert legend == list(TYPE_COLOURS)  # every type is named in the legend, drawn or not


def test_a_governorate_level_event_shades_its_governorate_instead_of_a_pin(figure):
    area = figure["data"][SLOT["area events"]]
    assert area["type"] == "choroplethmap"
    assert list(area["locations"]) == ["SY-RD"] and list(area["z"]) == [1]
    assert "placed only to the governorate" in area["hovertext"][0]


def test_an_event_near_a_place_gets_a_halo(figure):
    halo = figure["data"][SLOT["approximate location"]]
    assert list(zip(halo["lat"], halo["lon"], strict=True)) == [(34.452, 40.918)]


def test_no_trace_uses_text_labels(figure):
    assert not any("text" in (t.get("mode") or "") for t in figure["data"])


def test_marker_size_grows_with_fatalities():
    sizes = marker_size(pd.Series([None, 0, 4, 100]))
    assert sizes[0] == sizes[1] < sizes[2] < sizes[3]


def test_fatality_text_says_what_was_reported():
    frame = pd.DataFrame({"fatalities_low": pd.array([80, None, 74, None], dtype="Int64"),
                          "fatalities_best": pd.array([None, 12, 89, None], dtype="Int64"),
                          "fatalities_high": pd.array([None, 12, 120, None], dtype="Int64")})  # fmt: skip
    assert fatality_text(frame).tolist() == ["at least 80", "12", "89 (up to 120)", "not reported"]


def test_aggregate_cells_say_how_many_events_they_hold():
    trace = aggregate_trace(pd.DataFrame([{"west": 40.0, "south": 35.2, "east": 40.2, "north": 35.4,
                                           "latitude": 35.3, "longitude": 40.1, "events": 1234,
                                           "fatalities": 56}]))  # fmt: skip
    assert trace["customdata"] == [["cell", 40.0, 35.2, 40.2, 35.4]]
    assert "1,234 events" in trace["hovertext"][0] and "zoom in" in trace["hovertext"][0]


def test_the_timeline_stacks_types_and_shades_the_window():
    table = pd.DataFrame({"period": pd.to_datetime(["2017-01-01", "2017-02-01"]), "Battles": [3, 1],
                          "fatalities": [80, 4]})  # fmt: skip
    figure = timeline_figure(table, (pd.Timestamp("2017-01-10"), pd.Timestamp("2017-01-20")), "month")
    bars = [t for t in figure["data"] if t["type"] == "bar"]
    assert [b["name"] for b in bars] == ["Battles"] and bars[0]["y"] == [3, 1]
    assert figure["layout"]["shapes"][0]["x0"] == "2017-01-10"
    assert figure["layout"]["dragmode"] == "select"


def test_the_event_panel_lists_reports_with_link_and_quote():
    event = _events().iloc[0].to_dict()
    reports = [{"title": "Scores killed", "url": "https://example.org/a", "outlet": "Example",
                "published": "2017-01-15", "quote": "over 80 reported slain"}]  # fmt: skip
    text = str(event_panel(event, reports))
    assert "https://example.org/a" in text and "_blank" in text and "over 80 reported slain" in text
    assert "Example · 2017-01-15" in text and "Islamic State vs Government of Syria" in text


@pytest.mark.parametrize(
    ("click", "expected"),
    [
        ({"points": [{"customdata": ["event", 7], "lat": 35.0, "lon": 40.0}]},
         {"kind": "event", "event_id": 7, "lat": 35.0, "lon": 40.0}),
        ({"points": [{"customdata": ["site", "icao:OSDZ"]}]}, {"kind": "site", "place": "icao:OSDZ"}),
        ({"points": [{"customdata": ["cell", 40, 35.2, 40.2, 35.4]}]},
         {"kind": "cell", "bounds": [40.0, 35.2, 40.2, 35.4]}),
        ({"points": [{"location": "SY-DY"}]}, {"kind": "governorate", "admin1": "SY-DY"}),
        ({"points": [{"lat": 35.0}]}, None),  # the border line or the background
        (None, None),
    ],
)  # fmt: skip
def test_a_click_names_what_it_hit(click, expected):
    assert clicked(click) == expected


def test_the_header_counts_read_with_thousands_separators():
    assert summary_text({"events": 1234, "fatalities": 56789, "reports": 3}) == (
        "1,234 events · 56,789 reported killed (at least) · 3 reports"
    )


def test_a_marker_with_several_events_lists_them_all_newest_first():
    events = _events().iloc[:2].to_dict("records")
    events[1]["date_start"] = pd.Timestamp("2017-09-05")
    reports = [
        {"event_id": 1, "title": "First report", "url": "https://example.org/1", "outlet": None, "published": None,
         "quote": None},
        {"event_id": 2, "title": "Second report", "url": "https://example.org/2", "outlet": None, "published": None,
         "quote": None},
    ]  # fmt: skip
    text = str(place_panel(events, reports))
    assert "2 events here in the selected dates and filters" in text
    assert text.index("Second report") < text.index("First report")


@pytest.mark.parametrize("port", ["abc", "0", "70000"])
def test_a_bad_port_setting_is_refused_clearly(monkeypatch, port):
    from dashboard.settings import DashboardSettings

    monkeypatch.setenv("SYRIAMAP_PORT", port)
    with pytest.raises(ValueError, match="SYRIAMAP_PORT must be a port number"):
        DashboardSettings.from_env()


def test_a_bad_marker_limit_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("SYRIAMAP_MAX_MARKERS", "many")
    with pytest.raises(ValueError, match="SYRIAMAP_MAX_MARKERS must be a whole number"):
        DashboardSettings.from_env()
