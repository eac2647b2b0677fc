"""Callbacks: unpack the inputs, call a pure function, return. Failures show a message, not a blank page."""

from __future__ import annotations

import logging

import pandas as pd
from dash import Dash, Input, Output, no_update
from sqlalchemy.exc import SQLAlchemyError

from dashboard import ids
from dashboard.figures import SYRIA_BOUNDS
from dashboard.panels import error_panel, place_panel
from events.store import Store

log = logging.getLogger(__name__)

# Zoom out (never in) until Syria fits the map's box, once the map has loaded (MapLibre throws before): the
# figure's zoom suits a desktop, while a phone's narrow map would otherwise show only Syria's middle.
# MapLibre's world is 512 px wide at zoom 0. On a phone the legend moves to a band along the bottom.
FIT_SYRIA_JS = """
function (graphId) {
    const [west, south, east, north] = __BOUNDS__;
    const mercator = (lat) => Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) * 180 / Math.PI;
    const fit = (tries) => {
        const gd = document.getElementById(graphId)?.querySelector('.js-plotly-plot');
        const subplot = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        if (!subplot || !subplot.map || !subplot.map.loaded() || !gd.clientWidth || !window.Plotly) {
            if (tries > 0) { setTimeout(() => fit(tries - 1), 100); }
            return;
        }
        const zx = Math.log2(gd.clientWidth * 360 / (512 * (east - west)));
        const zy = Math.log2(gd.clientHeight * 360 / (512 * (mercator(north) - mercator(south))));
        const zoom = Math.floor(Math.min(zx, zy) * 10) / 10;
        const update = zoom < gd._fullLayout.map.zoom ? {'map.zoom': zoom} : {};
        if (gd.clientWidth < 600) {  // a phone: the legend goes in one band along the bottom, not over Syria
            Object.assign(update, {'legend.orientation': 'h', 'legend.x': 0, 'legend.y': 0,
                                   'legend.yanchor': 'bottom', 'legend.title.text': ''});
        }
        if (Object.keys(update).length) { window.Plotly.relayout(gd, update); }
    };
    fit(100);
    return window.dash_clientside.no_update;
}
""".replace("__BOUNDS__", str(list(SYRIA_BOUNDS)))


def clicked_event_id(click_data: dict | None) -> int | None:
    """The event id a map click points at, or None for a click on a governorate or the background."""
    points = (click_data or {}).get("points") or []
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, list) and custom:
            return int(custom[0])
    return None


def register(app: Dash, store: Store) -> None:
    """Attach the callbacks to ``app``, reading from ``store``."""
    app.clientside_callback(FIT_SYRIA_JS, Output(ids.MAP_FIT, "data"), Input(ids.MAP_GRAPH, "id"))

    @app.callback(
        Output(ids.PANEL_BODY, "children"), Input(ids.MAP_GRAPH, "clickData"), prevent_initial_call=True
    )
    def show_event(click_data):
        event_id = clicked_event_id(click_data)
        if event_id is None:
            return no_update
        try:
            point = click_data["points"][0]
            here = store.events_frame(at=(point["lat"], point["lon"]))  # every event drawn at that point
            if event_id not in set(here["event_id"]):
                raise LookupError(f"event {event_id} is no longer in the store")
            reports = store.reports_for_events(here["event_id"].tolist()).to_dict("records")
            return place_panel(here.to_dict("records"), reports)
        except (
            SQLAlchemyError,
            pd.errors.DatabaseError,
            LookupError,
        ) as exc:  # store failed or no such event
            log.exception("panel for event %s failed", event_id)
            return error_panel(f"Could not load event {event_id}: {exc}")
