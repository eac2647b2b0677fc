"""Figures and panels as pure functions, checked on their dicts and components."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.callbacks import clicked_event_id
from dashboard.figures import TYPE_COLOURS, map_figure, marker_size
from dashboard.panels import counts_text, event_panel, place_panel
from dashboard.settings import DashboardSettings
from geodata.boundaries import load_governorates, load_neighbours, load_outline


def _events() -> pd.DataFrame:
    rows = [
        # event_id, type, precision, lat, lon, low, best
        (1, "Battles", 1, 35.336, 40.141, 80, 80),
        (2, "Battles", 2, 34.452, 40.918, None, None),
        (3, "Explosions/Remote violence", 1, 35.442, 36.651, 74, 89),
        (4, "Explosions/Remote violence", 3, 33.52, 36.36, 281, None),
    ]
    frame = pd.DataFrame(rows, columns=["event_id", "event_type", "geo_precision", "latitude", "longitude",
                                        "fatalities_low", "fatalities_best"])  # fmt: skip
    return frame.assign(
        date_start=pd.Timestamp("2017-01-14"), date_end=pd.Timestamp("2017-01-15"), fatalities_high=None,
        actor1="Islamic State", actor2="Government of Syria", place_name="Somewhere", report_count=1,
        sub_event_type=None, dataset="test", source_id=lambda f: f["event_id"].astype(str),
    )  # fmt: skip


@pytest.fixture(scope="module")
def figure():
    return map_figure(_events(), load_governorates(), load_neighbours(), load_outline(), "white-bg").to_dict()


def test_the_map_draws_the_14_governorates_on_the_offline_style(figure):
    governorates = next(t for t in figure["data"] if t.get("name") == "governorates")
    assert len(governorates["locations"]) == 14 and "SY-DY" in governorates["locations"]
    assert figure["layout"]["map"]["style"] == "white-bg"


@pytest.mark.parametrize("basemap", ["white-bg", "carto-positron", "https://tiles.example.org/style.json"])
def test_the_map_uses_the_basemap_setting(basemap, monkeypatch):
    monkeypatch.setenv("SYRIAMAP_BASEMAP", basemap)
    settings = DashboardSettings.from_env()
    figure = map_figure(_events(), load_governorates(), load_neighbours(), load_outline(), settings.basemap)
    assert figure.to_dict()["layout"]["map"]["style"] == basemap


def test_flags_override_the_environment(monkeypatch):
    monkeypatch.delenv("SYRIAMAP_HOST", raising=False)
    monkeypatch.delenv("SYRIAMAP_BASEMAP", raising=False)
    monkeypatch.setenv("SYRIAMAP_PORT", "9000")
    monkeypatch.setenv("SYRIAMAP_DEBUG", "1")
    assert DashboardSettings.from_env() == DashboardSettings("127.0.0.1", 9000, "white-bg", True)
    assert DashboardSettings.from_env(port=8123, debug=False, host="0.0.0.0").port == 8123
    assert DashboardSettings.from_env(port=8123, debug=False, host="0.0.0.0").debug is False


def test_one_pin_per_placed_event_and_a_legend_entry_per_type(figure):
    pins = [t for t in figure["data"] if t["type"] == "scattermap" and t.get("customdata")]
    assert {t["name"] for t in pins} == {"Battles", "Explosions/Remote violence"}
    pinned = sorted(c[0] for t in pins for c in t["customdata"])
    assert pinned == [1, 2, 3]  # event 4 is governorate-level: no pin
    assert {t["name"]: t["marker"]["color"] for t in pins} == {n: TYPE_COLOURS[n] for n in ("Battles",
                                                               "Explosions/Remote violence")}  # fmt: skip


def test_an_event_near_a_place_gets_a_halo(figure):
    halo = next(t for t in figure["data"] if t.get("name") == "approximate location")
    assert list(zip(halo["lat"], halo["lon"], strict=True)) == [(34.452, 40.918)]


def test_no_trace_uses_text_labels(figure):
    assert not any("text" in (t.get("mode") or "") for t in figure["data"])


def test_marker_size_grows_with_fatalities():
    sizes = marker_size(pd.Series([None, 0, 4, 100]))
    assert sizes[0] == sizes[1] < sizes[2] < sizes[3]


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
        ({"points": [{"customdata": [7], "lat": 35.0}]}, 7),
        ({"points": [{"location": "SY-DY"}]}, None),  # a governorate
        (None, None),
    ],
)
def test_a_click_names_the_event_it_hit(click, expected):
    assert clicked_event_id(click) == expected


def test_counts_text_sums_best_or_lower_figures():
    assert counts_text(_events()) == "4 events · 450 reported killed (at least) · 4 report links"


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
    assert "2 events are drawn at this point" in text
    assert text.index("Second report") < text.index("First report")


@pytest.mark.parametrize("port", ["abc", "0", "70000"])
def test_a_bad_port_setting_is_refused_clearly(monkeypatch, port):
    from dashboard.settings import DashboardSettings

    monkeypatch.setenv("SYRIAMAP_PORT", port)
    with pytest.raises(ValueError, match="SYRIAMAP_PORT must be a port number"):
        DashboardSettings.from_env()
