"""Callbacks: unpack the inputs, call pure functions, return. A failure shows a message, never a blank page.

The flow: the address bar and every control feed one *sync* callback, which writes the canonical view back to
all of them and to the ``view`` store; the map, the counts, the timeline and the panel are drawn from that
store. Clicks on the map change the address bar (``place``) or the ``click`` store.
"""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlencode

import numpy as np
import pandas as pd
from dash import Dash, Input, Output, Patch, State, ctx, html, no_update

from dashboard import ids
from dashboard.context import AppContext
from dashboard.figures import SLOT, SYRIA_BOUNDS, ZOOM, event_layers, timeline_figure
from dashboard.layout import ACLED_ATTRIBUTION, ATTRIBUTION, UCDP_ATTRIBUTION
from dashboard.panels import (
    LIST_LIMIT,
    cell_panel,
    error_panel,
    governorate_panel,
    intro_panel,
    place_header,
    place_panel,
    summary_text,
)
from dashboard.state import (
    SPEEDS,
    View,
    advance,
    clamp_window,
    day_number,
    from_day_number,
    parse_search,
    with_dates,
)
from events.aggregate import cell_size, choose_unit, grid_cells, period_table
from events.query import Selection, SelectionError, selection_mask

log = logging.getLogger(__name__)

# Zoom out (never in) until Syria fits the map's box, once the map has loaded: the figure's zoom suits a desktop,
# while a phone's narrow map would otherwise show only Syria's middle. MapLibre's world is 512 px wide at zoom 0.
# On a phone the legend moves to a band under the map; after each plot the layers are put back in slot order.
FIT_SYRIA_JS = """
function (graphId) {
    const [west, south, east, north] = __BOUNDS__;
    const BAND = 200;  // on a phone the legend lies in a band of this height under the map, not over Syria
    const mercator = (lat) => Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) * 180 / Math.PI;
    const graph = () => document.getElementById(graphId)?.querySelector('.js-plotly-plot');
    // Every patch from the server re-applies the server's layout: put the phone's legend band back each time.
    const phoneLayout = (gd) => {
        const layout = gd.layout;  // what was asked for (the full layout's margins move with the legend)
        const done = layout.legend && layout.legend.orientation === 'h' && layout.margin && layout.margin.b === BAND;
        if (gd.clientWidth >= 600 || done) { return {}; }
        return {'legend.orientation': 'h', 'legend.x': 0, 'legend.xanchor': 'left', 'legend.y': 0,
                'legend.yanchor': 'top', 'legend.title.text': '', 'legend.font.size': 10, 'margin.b': BAND};
    };
    let userMoved = false;  // once the user pans or zooms, the view is theirs
    let folded = false;
    const fit = (tries) => {  // when the map has loaded (MapLibre throws before), and after each plot
        const gd = graph();
        const subplot = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        if (!subplot || !subplot.map || !gd.clientWidth || !window.Plotly) {
            if (tries > 0) { setTimeout(() => fit(tries - 1), 100); }
            return;
        }
        const map = subplot.map;
        if (!map.loaded()) {  // a slow first load: fit when MapLibre is done, however long it takes
            if (!map._syriamapWaiting) {
                map._syriamapWaiting = true;
                map.once('idle', () => { map._syriamapWaiting = false; fit(0); });
            }
            return;
        }
        if (!map._syriamapWatched) {
            map._syriamapWatched = true;
            map.on('movestart', (e) => { if (e && e.originalEvent) { userMoved = true; } });
        }
        const phone = gd.clientWidth < 600;
        const zx = Math.log2(gd.clientWidth * 360 / (512 * (east - west)));
        const height = gd.clientHeight - (phone ? BAND : 0);
        const zy = Math.log2(height * 360 / (512 * (mercator(north) - mercator(south))));
        const zoom = Math.floor(Math.min(zx, zy) * 10) / 10;
        // only from the figure's own zoom (the first view, or a server patch that put it back), never from a
        // zoom the user chose (scroll, drag, or the +/- buttons)
        // MapLibre's own zoom: plotly's layout can say one thing while a re-plot left the map at another
        const current = map.getZoom();
        if (!userMoved && Math.abs(current - __ZOOM__) < 1e-6 && zoom < current) { map.jumpTo({zoom: zoom}); }
        const update = {};
        if (phone && !folded) {  // and, once, the filters fold away above the map
            folded = true;
            const filters = document.querySelector('.filters');
            if (filters) { filters.open = false; }
        }
        Object.assign(update, phoneLayout(gd));
        if (Object.keys(update).length) { window.Plotly.relayout(gd, update); }
    };
    // MapLibre draws layers in the order they were added, and plotly adds a trace's layers anew when it changes
    // (a zone appears, a layer is filled): after each plot, put the layers back in the figure's slot order
    // (trace uids are "slot<N>"), so the markers always lie over the zones and the zones over the governorates.
    const slotOf = (id) => Number((id.match(/^plotly-trace-layer-slot(\\d+)-/) || [0, -1])[1]);
    const order = () => {
        const gd = graph();
        const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot
            && gd._fullLayout.map._subplot.map;
        if (!map || !map.getStyle()) { return; }
        const ids = map.getStyle().layers.map((l) => l.id).filter((id) => slotOf(id) >= 0);
        const sorted = ids.slice().sort((a, b) => slotOf(a) - slotOf(b));
        if (sorted.some((id, i) => id !== ids[i])) { sorted.forEach((id) => map.moveLayer(id)); }
        // a patch from the server re-applies the figure's zoom and legend: fit again (a no-op when nothing moved)
        fit(0);
    };
    const hook = (tries) => {
        const gd = graph();
        if (!gd || !gd.on) { if (tries > 0) { setTimeout(() => hook(tries - 1), 100); } return; }
        gd.on('plotly_afterplot', () => setTimeout(order, 0));
        order();
    };
    hook(100);
    fit(100);
    return window.dash_clientside.no_update;
}
""".replace("__BOUNDS__", str(list(SYRIA_BOUNDS))).replace("__ZOOM__", str(ZOOM))

FILTERS = [ids.FILTER_TYPES, ids.FILTER_ACTORS, ids.FILTER_ADMIN1, ids.FILTER_MIN_FATALITIES, ids.FILTER_DATASETS,
           ids.FILTER_PRECISION]  # fmt: skip


def clicked(click_data: dict | None) -> dict | None:
    """What a map click points at: ``{"kind": "event"|"site"|"cell"|"zone", ...}``, a governorate
    (``{"kind": "governorate", "admin1": code}``), or None for the background."""
    for point in (click_data or {}).get("points") or []:
        custom = point.get("customdata")
        if isinstance(custom, list) and custom and isinstance(custom[0], str):
            kind, rest = custom[0], custom[1:]
            if kind == "event":
                return {
                    "kind": kind,
                    "event_id": int(rest[0]),
                    "lat": point.get("lat"),
                    "lon": point.get("lon"),
                }
            if kind == "site":
                return {"kind": kind, "place": rest[0]}
            if kind == "cell":
                return {"kind": kind, "bounds": [float(v) for v in rest[:4]]}
            if kind == "zone":
                return {"kind": kind, "data": rest}
        location = point.get("location")
        if isinstance(location, str) and location.startswith("SY-"):
            return {"kind": "governorate", "admin1": location}
    return None


def view_from_controls(view: View, start, end, filters: list) -> View:
    """The view with the controls' dates and filters (the place is kept)."""
    types, actors, admin1, minimum, datasets, precisions = filters
    selection = Selection(
        start=date.fromisoformat(str(start)[:10]) if start else None,
        end=date.fromisoformat(str(end)[:10]) if end else None,
        event_types=tuple(types or ()),
        actors=tuple(actors or ()),
        admin1=tuple(admin1 or ()),
        min_fatalities=int(minimum) if minimum not in (None, "") and int(minimum) > 0 else None,
        datasets=tuple(datasets or ()),
        precisions=tuple(int(p) for p in precisions or ()),
    )
    return View(selection, view.place)


def _control_values(view: View, first: date, last: date) -> list:
    s = view.selection
    start, end = clamp_window(s.start, s.end, first, last)
    return [
        view.search(), start.isoformat(), end.isoformat(), [day_number(start), day_number(end)],
        list(s.event_types), list(s.actors), list(s.admin1), s.min_fatalities, list(s.datasets),
        list(s.precisions),
    ]  # fmt: skip


def within_data(view: View, first: date, last: date) -> View:
    """The view with dates beyond the data's first and last days brought to them (open ends stay open), so
    the controls, the address bar and the map all show the same window."""
    s = view.selection
    outside = [d for d in (s.start, s.end) if d is not None and not first <= d <= last]
    if not outside:
        return view
    start, end = clamp_window(s.start, s.end, first, last)
    return with_dates(view, start if s.start else None, end if s.end else None)


def viewport(relayout: dict | None) -> tuple[float, float, float, float] | None:
    """The map's visible box (west, south, east, north) from a relayout event, when it says."""
    corners = ((relayout or {}).get("map._derived") or {}).get("coordinates")
    if not corners:
        return None
    lons = [c[0] for c in corners]
    lats = [c[1] for c in corners]
    return min(lons), min(lats), max(lons), max(lats)


def register(app: Dash, context: AppContext) -> None:
    """Attach the callbacks to ``app``."""
    cache = context.cache
    app.clientside_callback(FIT_SYRIA_JS, Output(ids.MAP_FIT, "data"), Input(ids.MAP_GRAPH, "id"))

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.DATE_RANGE, "start_date"),
        Output(ids.DATE_RANGE, "end_date"),
        Output(ids.SLIDER, "value"),
        *[Output(i, "value") for i in FILTERS],
        Output(ids.VIEW, "data"),
        Output(ids.STATUS, "children"),
        Input(ids.URL, "search"),
        Input(ids.DATE_RANGE, "start_date"),
        Input(ids.DATE_RANGE, "end_date"),
        Input(ids.SLIDER, "value"),
        Input(ids.TIMELINE, "selectedData"),
        Input(ids.PLAY_TIMER, "n_intervals"),
        Input(ids.RESET, "n_clicks"),
        *[Input(i, "value") for i in FILTERS],
        State(ids.PLAY_STEP, "value"),
        State(ids.CUMULATIVE, "value"),
    )
    def sync(search, start, end, slider, selected, _tick, _reset, *rest):
        filters, (step, cumulative) = list(rest[:-2]), rest[-2:]
        trigger = ctx.triggered_id
        message = None
        try:
            first, last = context.bounds()
        except Exception as exc:  # the store failed: say so above the map and leave the controls
            log.exception("reading the store's dates failed")
            return [no_update] * 11 + [f"The store could not be read: {exc}"]
        try:
            try:
                current = parse_search(search)
            except SelectionError as exc:
                current, message = View(Selection()), f"The address could not be read: {exc}"
            if trigger in (None, ids.URL):
                view = current
            elif trigger == ids.SLIDER:
                view = view_from_controls(
                    current, from_day_number(slider[0]), from_day_number(slider[1]), filters
                )
            elif trigger == ids.TIMELINE:
                span = ((selected or {}).get("range") or {}).get("x")
                if not span:
                    return [no_update] * 11 + [None]
                view = view_from_controls(current, min(span)[:10], max(span)[:10], filters)
            elif trigger == ids.PLAY_TIMER:
                s_start, s_end = clamp_window(current.selection.start, current.selection.end, first, last)
                new_start, new_end, _ = advance(s_start, s_end, step, bool(cumulative), first, last)
                view = view_from_controls(current, new_start, new_end, filters)
            elif trigger == ids.RESET:
                view = View(
                    Selection(start=current.selection.start, end=current.selection.end), current.place
                )
            else:  # the date picker or a filter
                view = view_from_controls(current, start, end, filters)
        except (SelectionError, ValueError, TypeError) as exc:
            view, message = View(Selection()), f"That view could not be shown: {exc}"
        view = within_data(view, first, last)
        values = _control_values(view, first, last)
        return [*values, {"search": view.search(), "place": view.place}, message]

    @app.callback(
        Output(ids.PLAY_TIMER, "disabled"),
        Output(ids.PLAY_TIMER, "interval"),
        Output(ids.PLAY, "children"),
        Input(ids.PLAY, "n_clicks"),
        Input(ids.PLAY_SPEED, "value"),
        Input(ids.VIEW, "data"),
        State(ids.PLAY_TIMER, "disabled"),
        prevent_initial_call=True,
    )
    def play(_clicks, speed, view_data, disabled):
        playing = not disabled
        if ctx.triggered_id == ids.PLAY:
            playing = not playing
        elif ctx.triggered_id == ids.VIEW and playing:  # stop at the data's last day
            try:
                view = parse_search((view_data or {}).get("search"))
                playing = view.selection.end is None or view.selection.end < context.bounds()[1]
            except Exception:  # the store or the address failed: stop rather than loop on errors
                log.exception("play could not read the view")
                playing = False
        return not playing, SPEEDS.get(speed, SPEEDS["normal"]), "⏸ Pause" if playing else "▶ Play"

    @app.callback(
        Output(ids.MAP_GRAPH, "figure"),
        Output(ids.MAP_NOTE, "children"),
        Input(ids.VIEW, "data"),
        Input(ids.LAYERS, "value"),
        Input(ids.MAP_GRAPH, "relayoutData"),
        prevent_initial_call=True,
    )
    def draw_map(view_data, layers, relayout):
        if ctx.triggered_id == ids.MAP_GRAPH and viewport(relayout) is None:
            return no_update, no_update  # a relayout that does not move the map (legend click, resize)
        try:
            view = parse_search((view_data or {}).get("search"))
            panned = ctx.triggered_id == ids.MAP_GRAPH  # zones do not depend on the view box: not resent
            patch, note = map_patch(
                context, view.selection, set(layers or ()), viewport(relayout), zones=not panned
            )
            return patch, note
        except Exception as exc:  # the page must keep working: say what failed
            log.exception("drawing the map failed")
            return no_update, html.Span(f"The map could not be updated: {exc}", className="panel-error")

    @app.callback(
        Output(ids.HEADER_COUNTS, "children"),
        Output(ids.TIMELINE, "figure"),
        Output(ids.FOOTER, "children"),
        Output(ids.EXPORT_CSV, "href"),
        Output(ids.EXPORT_GEOJSON, "href"),
        Input(ids.VIEW, "data"),
        prevent_initial_call=True,
    )
    def summarise(view_data):
        try:
            view = parse_search((view_data or {}).get("search"))
            return summary_outputs(context, view)
        except Exception as exc:
            log.exception("summarising the selection failed")
            return f"counts unavailable: {exc}", no_update, no_update, no_update, no_update

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.CLICK, "data"),
        Input(ids.MAP_GRAPH, "clickData"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def click(click_data, search):
        target = clicked(click_data)
        if target is None:
            return no_update, no_update
        try:
            view = parse_search(search)
        except SelectionError:
            view = View(Selection())
        place = None
        if target["kind"] == "site":
            place = target["place"]
        elif target["kind"] == "governorate":
            place = f"adm1:{target['admin1']}"
        elif target["kind"] == "event":
            try:
                frame = cache.frame()
                row = frame[frame["event_id"] == target["event_id"]]
                place_id = row["place_id"].iloc[0] if len(row) else None
            except Exception:  # the store failed: the panel opens on the point and says what went wrong
                log.exception("looking up event %s failed", target["event_id"])
                place_id = None
            if isinstance(place_id, str) and context.place(place_id) is not None:
                place = place_id
        new = View(view.selection, place).search()
        return new, (None if place else target)

    @app.callback(
        Output(ids.PANEL_BODY, "children"),
        Input(ids.VIEW, "data"),
        Input(ids.CLICK, "data"),
    )
    def panel(view_data, click_data):
        try:
            view = parse_search((view_data or {}).get("search"))
            return panel_content(context, view, click_data)
        except Exception as exc:
            log.exception("the panel failed")
            return error_panel(f"Could not load the panel: {exc}")


def map_patch(
    context: AppContext, selection: Selection, layers: set[str], bbox, zones: bool = True
) -> tuple[Patch, str]:
    """The map's changed layers as a Patch, and the note under the map (aggregation, what is not pinned)."""
    frame = context.cache.frame()
    mask = selection_mask(frame, selection)
    precision = frame["geo_precision"].to_numpy()
    placed = frame["latitude"].notna().to_numpy() & frame["longitude"].notna().to_numpy()
    pin_mask = mask & placed & (precision < 3)
    area = frame[mask & (precision == 3)]
    note = ""
    limit = context.max_markers
    if pin_mask.sum() > limit:
        view_box = bbox or SYRIA_BOUNDS
        west, south, east, north = view_box
        margin_x, margin_y = (east - west) * 0.25, (north - south) * 0.25
        lat, lon = frame["latitude"].to_numpy(), frame["longitude"].to_numpy()
        inside = pin_mask & (lon >= west - margin_x) & (lon <= east + margin_x)
        inside &= (lat >= south - margin_y) & (lat <= north + margin_y)
        if inside.sum() > limit:
            cells = grid_cells(frame[inside], cell_size(view_box))
            pins = frame.iloc[0:0]
            note = (f"{int(inside.sum()):,} events in view: grouped into {len(cells):,} grid cells. "
                    "Zoom in or narrow the dates to see each event.")  # fmt: skip
        else:
            pins, cells = frame[inside], grid_cells(frame.iloc[0:0], 1.0)
            note = f"Showing the {len(pins):,} events in view; pan to see others."
    else:
        pins, cells = frame[pin_mask], grid_cells(frame.iloc[0:0], 1.0)
    if len(area):
        what = "event known only to its governorate shades it" if len(area) == 1 else \
            "events known only to their governorate shade it"  # fmt: skip
        note += (" " if note else "") + f"{len(area):,} {what} instead of a pin."
    patch = Patch()
    for name, trace in event_layers(pins, cells, area, context.governorates).items():
        for key, value in trace.items():
            if key != "geojson":
                patch["data"][SLOT[name]][key] = value
    patch["data"][SLOT["sites"]]["visible"] = "sites" in layers
    if zones:
        for index, trace in context.zone_layers(selection, "zones" in layers).items():
            patch["data"][index] = trace
    unplaced = int((mask & ~placed & (precision < 3)).sum())
    if unplaced:
        note += (" " if note else "") + f"{unplaced:,} selected events have no coordinates and are not drawn."
    if "zones" in layers:
        zones = (f"Control zones as of {context.zone_date(selection):%Y-%m-%d}." if len(context.claims())
                 else "No control claims in the store: no zones.")  # fmt: skip
        note += (" " if note else "") + zones
    return patch, note


def summary_outputs(context: AppContext, view: View) -> tuple:
    """Counts, the timeline, the attribution and the export links for a view."""
    snapshot = context.cache.snapshot()  # one state of the store for the whole answer
    frame = snapshot.frame
    selection = view.selection
    mask = selection_mask(frame, selection)
    counts = snapshot.summary(mask)
    first, last = context.bounds()
    start, end = clamp_window(selection.start, selection.end, first, last)
    undated = Selection(**{**vars(selection), "start": None, "end": None})  # the timeline shows every date
    everything = frame[selection_mask(frame, undated)]
    unit = choose_unit(pd.Timestamp(first), pd.Timestamp(last))
    table = period_table(everything, unit, context.event_types)
    timeline = timeline_figure(table, (pd.Timestamp(start), pd.Timestamp(end)), unit)
    datasets = set(frame.loc[mask, "dataset"].astype(object).unique()) if counts["events"] else set()
    footer = [ATTRIBUTION]
    if any(d.startswith("ucdp") for d in datasets):
        footer += [html.Br(), UCDP_ATTRIBUTION]
    if any(d.startswith("acled") for d in datasets):
        footer += [html.Br(), ACLED_ATTRIBUTION]
    query = view.selection.to_params()
    csv_link = "/export?" + urlencode({"format": "csv", **query}, safe=",:")
    geojson_link = "/export?" + urlencode({"format": "geojson", **query}, safe=",:")
    return summary_text(counts), timeline, footer, csv_link, geojson_link


def _reports(context: AppContext, event_ids: list[int]) -> list[dict]:
    return context.store.reports_for_events(event_ids).to_dict("records") if event_ids else []


def _plain_records(events: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for missing values (a categorical's missing value is a float NaN, which is
    true in ``x or '?'`` and would show as "nan")."""
    return events.astype(object).where(events.notna(), None).to_dict("records")


def _records(context: AppContext, events: pd.DataFrame) -> list[dict]:
    """Events as dicts for a panel, with their ``source_id`` (not kept in the cache) from the store."""
    records = _plain_records(events)
    keys = context.store.source_ids([r["event_id"] for r in records])
    for record in records:
        record["source_id"] = keys.get(int(record["event_id"]), "?")
    return records


def panel_content(context: AppContext, view: View, click: dict | None) -> list:
    """The side panel for a view (its open place) or a click that opened no place (a cell, a point, a zone)."""
    cache = context.cache
    frame = cache.frame()
    mask = selection_mask(frame, view.selection)
    if view.place:
        place = context.place(view.place)
        if place is None:
            return error_panel(f"No place with the id {view.place!r} in the gazetteer.")
        if place["kind"] == "governorate":
            events = frame[mask & (frame["admin1"] == place["admin1"]).to_numpy()]
            newest = events.nlargest(LIST_LIMIT, "date_start")
            reports = _reports(context, newest["event_id"].astype(int).tolist())
            unique = list({r["report_id"]: r for r in reports}.values())[:LIST_LIMIT]
            unit = (
                choose_unit(events["date_start"].min(), events["date_start"].max())
                if len(events)
                else "month"
            )
            mini = timeline_figure(period_table(events, unit, context.event_types), None, unit)
            mini["layout"].update(height=110, margin={"l": 30, "r": 30, "t": 4, "b": 20}, dragmode=False)
            return governorate_panel(place, events, unique, mini)
        at_point = (frame["latitude"].to_numpy() == place["lat"]) & (
            frame["longitude"].to_numpy() == place["lon"]
        )
        here = (frame["place_id"] == place["id"]).to_numpy(dtype=bool) | at_point
        events = frame[mask & here]
        newest = events.nlargest(LIST_LIMIT, "date_start")
        records = _records(context, newest)
        return place_panel(
            records,
            _reports(context, newest["event_id"].astype(int).tolist()),
            header=place_header(place),
            total=len(events),
            claims=context.place_claims(place),
        )
    if click:
        if click.get("kind") == "cell":
            west, south, east, north = click["bounds"]
            lat, lon = frame["latitude"].to_numpy(), frame["longitude"].to_numpy()
            inside = mask & (lon >= west) & (lon < east) & (lat >= south) & (lat < north)
            inside &= frame["geo_precision"].to_numpy() < 3
            events = frame[inside]
            return cell_panel(click["bounds"], _plain_records(events.nlargest(LIST_LIMIT, "date_start")),
                              len(events))  # fmt: skip
        if click.get("kind") == "event":
            at = (frame["latitude"].to_numpy() == click["lat"]) & (
                frame["longitude"].to_numpy() == click["lon"]
            )
            events = frame[mask & at]
            if click["event_id"] not in set(events["event_id"]):
                events = frame[frame["event_id"] == click["event_id"]]
            if events.empty:
                return error_panel(f"Could not load event {click['event_id']}: it is no longer in the store.")
            newest = events.nlargest(LIST_LIMIT, "date_start")
            return place_panel(_records(context, newest), _reports(context, newest["event_id"].astype(int).tolist()),
                               total=len(events))  # fmt: skip
        if click.get("kind") == "zone":
            return context.zone_panel(click["data"], view.selection)
    pinned = int((mask & (frame["geo_precision"].to_numpy() < 3)).sum())
    return intro_panel(int(mask.sum()) - pinned)


__all__ = ["clicked", "map_patch", "np", "panel_content", "register", "summary_outputs", "viewport"]
