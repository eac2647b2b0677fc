"""The dashboard in a real browser: the map draws offline; the slider, the date range, play, clicks and the
address bar change what it shows."""

from __future__ import annotations

import csv

import pytest

from dashboard import ids

pytestmark = pytest.mark.browser

FIGURE_JS = f"() => document.getElementById('{ids.MAP_GRAPH}').querySelector('.js-plotly-plot')"


PINS_JS = f"""() => ({FIGURE_JS})().data.filter(t => t.customdata && t.customdata.length
    && t.customdata[0][0] === 'event').reduce((n, t) => n + t.lat.length, 0)"""


def _open(page, url):
    page.goto(url)
    page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
    page.wait_for_function(f"() => ({FIGURE_JS})()._fullLayout.map._subplot.map.loaded()", timeout=30_000)
    page.wait_for_function(f"() => ({PINS_JS})() > 0", timeout=30_000)  # the events' layers have arrived


def _pins(page) -> int:
    return page.evaluate(PINS_JS)


def _click_map_at(page, lon: float, lat: float) -> None:
    """Hover, then click, the map at a coordinate (Dash's Map needs a hover before a click)."""
    point = page.evaluate(
        f"""() => {{
            const map = ({FIGURE_JS})()._fullLayout.map._subplot.map;
            const p = map.project([{lon}, {lat}]);
            const box = map.getCanvas().getBoundingClientRect();
            return {{x: box.left + p.x, y: box.top + p.y}};
        }}"""
    )
    page.mouse.move(point["x"] - 30, point["y"] - 30)
    page.mouse.move(point["x"], point["y"], steps=5)
    page.wait_for_timeout(300)
    page.mouse.click(point["x"], point["y"])


def test_the_map_draws_syria_and_the_events(page, app_url):
    _open(page, app_url)
    traces = page.evaluate(
        f"() => ({FIGURE_JS})().data.map(t => ({{type: t.type, name: t.name, n: (t.locations || t.lat || []).length,"
        " mode: t.mode || ''}))"
    )
    governorates = next(t for t in traces if t["name"] == "governorates")
    assert governorates["n"] == 14
    # ... and MapLibre really drew them: its canvas holds fill features from the governorates' layer.
    rendered = page.evaluate(
        f"""() => {{
            const gd = ({FIGURE_JS})();
            const uid = gd._fullData.find(t => t.name === 'governorates').uid.slice(0, 6);
            const drawn = gd._fullLayout.map._subplot.map.queryRenderedFeatures()
                .filter(f => f.layer.id.includes(uid) && f.layer.type === 'fill');
            return drawn.length;
        }}"""
    )
    assert rendered >= 14
    markers = [t for t in traces if t["type"] == "scattermap" and t["name"] in
               {"Battles", "Explosions/Remote violence", "Violence against civilians"}]  # fmt: skip
    assert sum(t["n"] for t in markers) >= 15
    assert not any("text" in t["mode"] for t in traces)  # text labels would fetch glyphs from the internet
    assert "events" in page.inner_text(f"#{ids.HEADER_COUNTS}")
    assert not page.problems, page.problems


def test_clicking_a_marker_shows_its_report_with_link_and_quote(page, app_url):
    _open(page, app_url + "?end=2018-12-31")  # before the town changed hands in 2019 (another event there)
    # Khan Shaykhun (2017-04-04): find its marker's pixel position from the map itself.
    point = page.evaluate(
        f"""() => {{
            const gd = ({FIGURE_JS})();
            const map = gd._fullLayout.map._subplot.map;
            const trace = gd.data.find(t => t.name === 'Explosions/Remote violence');
            const i = trace.hovertext.findIndex(h => h.includes('2017-04-04'));
            const p = map.project([trace.lon[i], trace.lat[i]]);
            const box = map.getCanvas().getBoundingClientRect();
            return {{x: box.left + p.x, y: box.top + p.y}};
        }}"""
    )
    page.mouse.move(point["x"] - 30, point["y"] - 30)
    page.mouse.move(point["x"], point["y"], steps=5)  # Dash's Map needs a hover before a click
    page.wait_for_timeout(300)
    page.mouse.click(point["x"], point["y"])
    panel = page.locator(f"#{ids.PANEL_BODY}")
    link = panel.locator("a.report-title")
    link.first.wait_for(timeout=10_000)
    assert panel.locator(".panel-title").inner_text() in (
        "Khan Shaykhun",
        "Khān Shaykhūn",
    )  # GeoNames spelling
    assert link.first.inner_text() == "Khan Shaykhun chemical attack"
    assert link.first.get_attribute("href") == "https://en.wikipedia.org/wiki/Khan_Shaykhun_chemical_attack"
    assert link.first.get_attribute("target") == "_blank"
    assert "sarin" in panel.locator(".report-quote").first.inner_text()
    page.wait_for_function("() => window.location.search.includes('place=')")  # the place is in the URL
    assert not page.problems, page.problems


def test_a_phone_sees_the_whole_of_syria(page, app_url):
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, app_url)
    # Syria's extent (Natural Earth): the map zooms out until all of it is in view, not only its middle, and the
    # legend lies in a band along the bottom instead of over the map.
    page.wait_for_function(
        f"""() => {{
            const layout = ({FIGURE_JS})()._fullLayout;
            const b = layout.map._subplot.map.getBounds();
            const whole = b.getWest() <= 35.7 && b.getSouth() <= 32.3 && b.getEast() >= 42.4 && b.getNorth() >= 37.3;
            return whole && layout.legend.orientation === 'h';
        }}""",
        timeout=10_000,
    )
    assert page.locator(f"#{ids.PANEL_BODY}").is_visible()


def test_the_slider_from_the_keyboard_narrows_what_the_map_shows(page, app_url):
    _open(page, app_url)
    everything = _pins(page)
    first = page.input_value(f"#{ids.DATE_RANGE}")
    thumb = page.locator(f"#{ids.SLIDER} [role=slider]").first
    thumb.focus()
    for _ in range(5):
        page.keyboard.press("PageUp")  # the start moves forward ten days a press
    page.wait_for_function(f"() => new URLSearchParams(window.location.search).get('start') > '{first}'")
    page.wait_for_function(f"() => ({PINS_JS})() < {everything}", timeout=10_000)
    start = page.input_value(f"#{ids.DATE_RANGE}")
    assert start == page.evaluate("() => new URLSearchParams(window.location.search).get('start')")
    assert not page.problems, page.problems


def test_the_date_range_changes_the_map_the_slider_and_the_counts(page, app_url):
    _open(page, app_url)
    everything = _pins(page)
    start = page.locator(f"#{ids.DATE_RANGE}")
    start.fill("2017-01-01")
    start.press("Enter")
    end = page.locator(".dash-datepicker-end-date")
    end.fill("2017-12-31")
    end.press("Enter")
    page.wait_for_function("() => window.location.search.includes('start=2017-01-01')"
                           " && window.location.search.includes('end=2017-12-31')", timeout=10_000)  # fmt: skip
    dates_js = f"""() => ({FIGURE_JS})().data.filter(t => t.customdata && t.customdata.length
        && t.customdata[0][0] === 'event').flatMap(t => t.hovertext.map(h => h.slice(3, 13)))"""
    page.wait_for_function(f"() => ({dates_js})().every(d => d.startsWith('2017'))", timeout=10_000)
    dates = page.evaluate(dates_js)
    assert len(dates) < everything
    assert dates and all(d.startswith("2017") for d in dates)
    area = page.evaluate(
        f"() => ({FIGURE_JS})().data.find(t => t.name === 'area events').z.reduce((a, b) => a + b, 0)"
    )
    assert page.inner_text(f"#{ids.HEADER_COUNTS}").startswith(f"{len(dates) + area} events")  # pins + shaded
    assert not page.problems, page.problems


def test_play_moves_the_window_forward(page, app_url):
    _open(page, app_url + "?start=2017-01-01&end=2017-03-31")
    page.click(f"#{ids.PLAY}")
    page.wait_for_function("() => new URLSearchParams(window.location.search).get('start') > '2017-01-01'",
                           timeout=15_000)  # fmt: skip
    page.click(f"#{ids.PLAY}")  # pause: the position stays
    page.wait_for_timeout(1500)
    paused = page.evaluate("() => window.location.search")
    page.wait_for_timeout(2500)
    assert page.evaluate("() => window.location.search") == paused
    params = dict(p.split("=") for p in paused.lstrip("?").split("&"))
    assert (params["start"], params["end"]) > ("2017-01-01", "2017-03-31")
    assert not page.problems, page.problems


def test_a_governorate_click_shows_its_summary(page, app_url):
    _open(page, app_url)
    page.locator(f"#{ids.LAYERS} input[value='zones']").uncheck()  # the zones lie over the governorates
    page.wait_for_function("() => document.querySelector('.map-note').innerText.indexOf('Control zones') < 0")
    page.wait_for_timeout(500)
    _click_map_at(page, 41.0, 35.5)  # Deir ez-Zor's desert, over 50 km from every event
    panel = page.locator(f"#{ids.PANEL_BODY}")
    panel.locator("text=By type").wait_for(timeout=10_000)
    assert panel.locator(".panel-title").inner_text() == "Deir ez-Zor"
    assert panel.locator(".panel-arabic").get_attribute("dir") == "rtl"
    assert panel.locator("a.report-title").count() >= 1
    assert "place=adm1:SY-DY" in page.url
    assert not page.problems, page.problems


def test_the_url_round_trips_and_back_restores_the_view(page, app_url):
    _open(page, app_url + "?start=2016-01-01&end=2017-12-31&type=Battles&place=adm1:SY-DY")
    assert page.input_value(f"#{ids.DATE_RANGE}") == "2016-01-01"
    assert page.locator(f"#{ids.FILTER_TYPES} input[value='Battles']").is_checked()
    page.locator(f"#{ids.PANEL_BODY} >> text=By type").wait_for(timeout=10_000)
    page.locator(f"#{ids.FILTER_TYPES} input[value='Battles']").uncheck()
    page.wait_for_function("() => !window.location.search.includes('type=')", timeout=10_000)
    page.go_back()
    page.wait_for_function("() => window.location.search.includes('type=Battles')", timeout=10_000)
    page.wait_for_function(
        f"() => document.querySelector(\"#{ids.FILTER_TYPES} input[value='Battles']\").checked",
        timeout=10_000,
    )
    assert not page.problems, page.problems


def test_a_zone_click_lists_its_dated_claims_with_sources(page, app_url):
    _open(page, app_url + "?end=2016-06-30")
    page.wait_for_function(
        "() => document.querySelector('.map-note').innerText.includes('Control zones as of 2016-06-30')"
    )
    page.wait_for_timeout(500)
    _click_map_at(page, 39.2, 35.6)  # the Euphrates valley west of Raqqa: Islamic State ground in mid-2016
    panel = page.locator(f"#{ids.PANEL_BODY}")
    panel.locator("text=Islamic State").first.wait_for(timeout=10_000)
    link = panel.locator("a.report-title").first
    assert link.get_attribute("target") == "_blank" and link.get_attribute("href").startswith("https://")
    assert panel.locator("text=Governorates in this zone").count() == 1
    assert not page.problems, page.problems


def test_the_export_button_downloads_the_current_selection(page, app_url):
    _open(page, app_url + "?start=2017-01-01&end=2017-12-31&type=Battles")
    page.wait_for_function(f"() => document.getElementById('{ids.EXPORT_CSV}').href.includes('type=Battles')")
    with page.expect_download() as download:
        page.click(f"#{ids.EXPORT_CSV}")
    path = download.value.path()
    with open(path, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows and {r["event_type"] for r in rows} == {"Battles"}
    assert all("2017" in (r["date_start"] + r["date_end"]) for r in rows)
    assert download.value.suggested_filename.endswith(".csv")
    assert not page.problems, page.problems


def test_dragging_across_the_timeline_sets_the_date_range(page, app_url):
    _open(page, app_url)
    before = page.input_value(f"#{ids.DATE_RANGE}")
    box = page.locator(f"#{ids.TIMELINE} .nsewdrag").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=8)
    page.mouse.up()
    page.wait_for_function(f"() => new URLSearchParams(window.location.search).get('start') > '{before}'",
                           timeout=10_000)  # fmt: skip
    params = page.evaluate("() => Object.fromEntries(new URLSearchParams(window.location.search))")
    assert params["start"] < params["end"]
    assert page.input_value(f"#{ids.DATE_RANGE}") == params["start"]
    assert not page.problems, page.problems


def test_an_address_that_cannot_be_read_is_named_above_the_map(page, app_url):
    page.goto(app_url + "?start=2017-13-45")
    status = page.locator(f"#{ids.STATUS}")
    status.wait_for(timeout=15_000)
    page.wait_for_function(f"() => document.getElementById('{ids.STATUS}').innerText.includes('start')")
    assert "2017-13-45" in status.inner_text()
    page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
    page.wait_for_function(f"() => ({PINS_JS})() > 0", timeout=30_000)  # the default view is still drawn
    assert not page.problems, page.problems
