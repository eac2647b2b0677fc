"""The dashboard in a real browser: the map draws offline, and a marker click opens its reports."""

from __future__ import annotations

import pytest

from dashboard import ids

pytestmark = pytest.mark.browser

FIGURE_JS = f"() => document.getElementById('{ids.MAP_GRAPH}').querySelector('.js-plotly-plot')"


def _open(page, url):
    page.goto(url)
    page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
    page.wait_for_function(f"() => ({FIGURE_JS})()._fullLayout.map._subplot.map.loaded()", timeout=30_000)


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


def test_clicking_a_marker_shows_its_report_with_link_and_quote(page, app_url):
    _open(page, app_url)
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
    assert panel.locator(".panel-title").inner_text() == "Khan Shaykhun"
    assert link.first.inner_text() == "Khan Shaykhun chemical attack"
    assert link.first.get_attribute("href") == "https://en.wikipedia.org/wiki/Khan_Shaykhun_chemical_attack"
    assert link.first.get_attribute("target") == "_blank"
    assert "sarin" in panel.locator(".report-quote").first.inner_text()


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
