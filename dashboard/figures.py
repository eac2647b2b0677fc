"""Figures as pure functions: frames in, plotly figures (or trace dicts) out; no I/O.

The map has a fixed list of traces (``SLOTS``): the static context first (neighbours, governorates, Syria's
border), then the layers the filters change (control zones, governorate-level events, named sites, halos,
aggregates, one marker trace per event type). Because every layer keeps its index, a callback updates the map
with a small ``Patch`` of the layers that changed instead of resending the boundaries.

Map traces only (plotly's MapLibre ``Choroplethmap``/``Scattermap``) and never text labels: a text label makes
MapLibre fetch glyphs from the internet, and the map must work offline.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from events.factions import FACTIONS

CENTER = {"lat": 34.85, "lon": 38.9}
ZOOM = 6.1
# Syria with a small margin (west, south, east, north): narrow screens zoom out until it fits.
SYRIA_BOUNDS = (35.5, 32.2, 42.5, 37.4)
# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies; ACLED's event types.
TYPE_COLOURS = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#E69F00",
    "Violence against civilians": "#CC79A7",
    "Strategic developments": "#0072B2",
    "Protests": "#009E73",
    "Riots": "#56B4E9",
}
OTHER_TYPE = "Other"
OTHER_COLOUR = "#555555"
GOVERNORATE_FILL = "#f3efe6"
NEIGHBOUR_FILL = "#e4e4e4"
AGGREGATE_COLOUR = "#3b4a6b"
AREA_SCALE = [[0, "#efe7f5"], [1, "#6a3d9a"]]  # governorate-level events: light to dark purple
SITE_KINDS = ("airport", "airbase", "military base", "dam", "border crossing", "oil field", "gas field", "prison",
              "camp")  # fmt: skip
PRECISION_NOTE = {1: "", 2: " (near; approximate)", 3: " (governorate only)"}

# The map's layers in drawing order; a layer's index never changes (see the module docstring).
# Control zones (one per faction, then the contested hatching) lie over the governorates and under the events.
ZONE_SLOTS = (*(f"zone:{faction}" for faction in FACTIONS), "zone:hatching")
STATIC_SLOTS = ("neighbours", "governorates", "outline")
DYNAMIC_SLOTS = ("area events", "sites", "approximate location", "aggregate", *TYPE_COLOURS, OTHER_TYPE)
SLOTS = (*STATIC_SLOTS[:2], *ZONE_SLOTS, "area events", STATIC_SLOTS[2], *DYNAMIC_SLOTS[1:])
SLOT = {name: i for i, name in enumerate(SLOTS)}


def slot_uid(name: str) -> str:
    """A layer's fixed trace uid: with it, MapLibre updates the layer in place (keeping the drawing order)
    instead of adding a new one on top whenever a patch replaces the trace."""
    return f"slot{SLOT[name]}"


def _empty_zone(name: str) -> dict:
    """An empty fill layer holding a zone slot's place in the drawing order until zones arrive."""
    return {"type": "choroplethmap", "name": name, "geojson": {"type": "FeatureCollection", "features": []},
            "locations": [], "z": [], "showscale": False, "showlegend": False, "hoverinfo": "skip"}  # fmt: skip


def marker_size(fatalities: pd.Series) -> list[float]:
    """Marker diameters in px: 9 px for none or unknown, growing with the square root of fatalities."""
    values = pd.to_numeric(fatalities, errors="coerce").fillna(0).clip(lower=0).to_numpy(dtype=float)
    return np.round(9 + 2.2 * np.sqrt(values), 1).tolist()


def _fill_trace(
    frame: gpd.GeoDataFrame, key: str, colour: str, line: str, hover: list[str] | None, name: str
):
    return go.Choroplethmap(
        geojson=json.loads(frame[[key, "geometry"]].to_json(drop_id=True)),
        locations=frame[key].tolist(),
        featureidkey=f"properties.{key}",
        z=[1] * len(frame),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker={"opacity": 0.85, "line": {"width": 1, "color": line}},
        hovertext=hover,
        hoverinfo="text" if hover else "skip",
        name=name,
        showlegend=False,
    )


def outline_trace(outline: gpd.GeoDataFrame) -> go.Scattermap:
    """Syria's border as a line (every exterior ring, separated by gaps)."""
    lats: list[float | None] = []
    lons: list[float | None] = []
    for geometry in outline.geometry:
        polygons = getattr(geometry, "geoms", [geometry])
        for polygon in polygons:
            xs, ys = polygon.exterior.coords.xy
            lons += [*xs, None]
            lats += [*ys, None]
    return go.Scattermap(lat=lats, lon=lons, mode="lines", line={"width": 2, "color": "#444"},
                         hoverinfo="skip", name="Syria", showlegend=False)  # fmt: skip


def _governorate_hover(governorates: gpd.GeoDataFrame) -> list[str]:
    return [f"<b>{en}</b> · {ar}<br>{code} · click for its summary" for en, ar, code in
            zip(governorates["name_en"], governorates["name_ar"], governorates["admin1"], strict=True)]  # fmt: skip


def base_traces(
    governorates: gpd.GeoDataFrame, neighbours: gpd.GeoDataFrame, outline: gpd.GeoDataFrame
) -> list:
    """Neighbouring countries, the 14 governorates (hover: English and Arabic names) and Syria's border."""
    return [
        _fill_trace(neighbours, "adm0_a3", NEIGHBOUR_FILL, "#c8c8c8", None, "neighbours"),
        _fill_trace(
            governorates,
            "admin1",
            GOVERNORATE_FILL,
            "#9a8f7a",
            _governorate_hover(governorates),
            "governorates",
        ),
        outline_trace(outline),
    ]


def pinnable(events: pd.DataFrame) -> pd.DataFrame:
    """Events that can honestly be a pin: placed at a site or town, or near one (precision 1 or 2)."""
    return events[(events["geo_precision"] < 3) & events["latitude"].notna() & events["longitude"].notna()]


def fatality_text(frame: pd.DataFrame) -> pd.Series:
    """'80', 'at least 16', '74 (up to 89)' or 'not reported', per row, vectorised."""
    low = frame["fatalities_low"].astype("Int64").astype(str)
    best = frame["fatalities_best"].astype("Int64").astype(str)
    high = frame["fatalities_high"].astype("Int64").astype(str)
    has_best, has_low, has_high = (frame[c].notna().to_numpy() for c in
                                   ("fatalities_best", "fatalities_low", "fatalities_high"))  # fmt: skip
    text = pd.Series(np.where(has_best, best, np.where(has_low, "at least " + low, "not reported")),
                     index=frame.index)  # fmt: skip
    wider = has_high & (
        ~has_best | (frame["fatalities_high"].fillna(-1) != frame["fatalities_best"].fillna(-1))
    )
    return text.where(~wider, text + " (up to " + high + ")")


def _hover(events: pd.DataFrame) -> list[str]:
    """One hover text per event: date, type, place and precision, actors, fatalities (built column-wise)."""
    if events.empty:
        return []
    precision = events["geo_precision"].map(PRECISION_NOTE).fillna("")
    actors = (
        events["actor1"].astype(object).fillna("?") + " vs " + events["actor2"].astype(object).fillna("?")
    )
    text = ("<b>" + events["date_start"].dt.strftime("%Y-%m-%d") + "</b> " + events["event_type"].astype(str)
            + "<br>" + events["place_name"].astype(object).fillna("?") + precision
            + "<br>" + actors + "<br>fatalities: " + fatality_text(events))  # fmt: skip
    return text.tolist()


def _empty_marker(name: str, colour: str, legend: bool) -> dict:
    # below="": on every update MapLibre re-inserts the layer above all others, so markers stay over the fills
    return {"type": "scattermap", "lat": [], "lon": [], "mode": "markers", "name": name, "below": "",
            "marker": {"color": colour}, "showlegend": legend, "hoverinfo": "skip"}  # fmt: skip


def type_trace(events: pd.DataFrame, event_type: str) -> dict:
    """The pins of one event type (customdata: ``["event", id]`` as plain lists, which Dash keeps on click)."""
    colour = TYPE_COLOURS.get(event_type, OTHER_COLOUR)
    trace = _empty_marker(event_type, colour, legend=event_type in TYPE_COLOURS or not events.empty)
    trace.update(
        lat=events["latitude"].tolist(),
        lon=events["longitude"].tolist(),
        marker={
            "size": marker_size(events["fatalities_best"].fillna(events["fatalities_low"])),
            "color": colour,
            "opacity": 0.9,
        },
        customdata=[["event", int(i)] for i in events["event_id"]],
        hovertext=_hover(events),
        hoverinfo="text",
    )
    return trace


def halo_trace(pins: pd.DataFrame) -> dict:
    """A wide faint disc under each event placed only *near* a place (precision 2): 'somewhere around here'."""
    near = pins[pins["geo_precision"] == 2]
    trace = _empty_marker("approximate location", "#888", legend=False)
    sizes = marker_size(near["fatalities_best"].fillna(near["fatalities_low"]))
    trace.update(lat=near["latitude"].tolist(), lon=near["longitude"].tolist(),
                 marker={"size": [s * 2.4 for s in sizes], "color": "#888", "opacity": 0.25})  # fmt: skip
    return trace


def area_trace(events: pd.DataFrame, governorates: gpd.GeoDataFrame) -> dict:
    """Governorate-level events (precision 3) shade their governorate: no pin on the provincial capital."""
    area = events[events["geo_precision"] == 3]
    counts = area.groupby(area["admin1"].astype(object), observed=True).size()
    counts = counts[counts.index.isin(governorates["admin1"])]
    names = governorates.set_index("admin1")["name_en"]
    return {
        "type": "choroplethmap",
        "below": "",
        "name": "area events",
        "geojson": None,  # set once by map_figure: the governorates' shapes
        "locations": counts.index.tolist(),
        "featureidkey": "properties.admin1",
        "z": counts.tolist(),
        "zmin": 0,
        "zmax": max(1, int(counts.max())) if len(counts) else 1,
        "colorscale": AREA_SCALE,
        "showscale": False,
        "marker": {"opacity": 0.55, "line": {"width": 0}},
        "hovertext": [
            f"<b>{names[c]}</b><br>{n:,} events placed only to the governorate<br>click for its summary"
            for c, n in counts.items()
        ],
        "hoverinfo": "text",
        "showlegend": False,
    }


def sites_trace(sites: pd.DataFrame, visible: bool) -> dict:
    """Named sites (airports, airbases, dams, crossings, fields) as dark rings; customdata ``["site", id]``."""
    hover = ("<b>" + sites["name"] + "</b> " + sites["name_ar"].fillna("") + "<br>" + sites["kind"]).tolist()
    return {
        "type": "scattermap", "name": "named sites", "mode": "markers", "visible": bool(visible), "below": "",
        "lat": sites["lat"].tolist(), "lon": sites["lon"].tolist(),
        "marker": {"size": 10, "color": "#1a1a1a", "opacity": 0.85},
        "customdata": [["site", i] for i in sites["id"]], "hovertext": hover, "hoverinfo": "text",
        "showlegend": True, "legendrank": 2000,
    }  # fmt: skip


def aggregate_trace(cells: pd.DataFrame) -> dict:
    """Grid cells that stand for many events: a disc sized by the count, hover and click say what is inside."""
    trace = _empty_marker("many events (zoom in)", AGGREGATE_COLOUR, legend=not cells.empty)
    if cells.empty:
        return trace
    trace.update(
        lat=cells["latitude"].tolist(),
        lon=cells["longitude"].tolist(),
        marker={
            # area by count, relative to the fullest cell; small enough (a cell is ~1/40 of the view) to overlap little
            "size": (6 + 22 * np.sqrt(cells["events"].to_numpy() / cells["events"].max())).round(1).tolist(),
            "color": AGGREGATE_COLOUR,
            "opacity": 0.6,
        },
        customdata=[["cell", *key] for key in cells[["west", "south", "east", "north"]].to_numpy().tolist()],
        hovertext=[
            f"<b>{e:,} events</b> · {f:,} killed<br>zoom in or narrow the dates to see each event"
            for e, f in zip(cells["events"], cells["fatalities"], strict=True)
        ],
        hoverinfo="text",
    )
    return trace


def event_layers(
    pins: pd.DataFrame, cells: pd.DataFrame, area: pd.DataFrame, governorates
) -> dict[str, dict]:
    """Every event layer by slot name: pins by type, halos, aggregates, governorate shading."""
    layers = {"area events": area_trace(area, governorates), "approximate location": halo_trace(pins),
              "aggregate": aggregate_trace(cells)}  # fmt: skip
    known = pins["event_type"].astype(object).isin(list(TYPE_COLOURS))
    for event_type in TYPE_COLOURS:
        layers[event_type] = type_trace(pins[pins["event_type"].astype(object) == event_type], event_type)
    other = type_trace(pins[~known], OTHER_TYPE)
    layers[OTHER_TYPE] = other
    return layers


def map_figure(
    governorates: gpd.GeoDataFrame,
    neighbours: gpd.GeoDataFrame,
    outline: gpd.GeoDataFrame,
    layers: dict[str, dict],
    basemap: str = "white-bg",
) -> go.Figure:
    """The whole map: the context, then every slot (layers not given are drawn empty)."""
    base = dict(zip(STATIC_SLOTS, base_traces(governorates, neighbours, outline), strict=True))
    governorate_shapes = base["governorates"].geojson
    data = []
    for name in SLOTS:
        if name in base:
            base[name].uid = slot_uid(name)
            base[name].below = ""
            data.append(base[name])
            continue
        default = _empty_zone(name) if name in ZONE_SLOTS[:-1] else \
            _empty_marker(name, TYPE_COLOURS.get(name, OTHER_COLOUR), legend=name in TYPE_COLOURS)  # fmt: skip
        trace = dict(layers.get(name) or default, uid=slot_uid(name))
        trace["below"] = ""
        if trace["type"] == "choroplethmap" and trace.get("geojson") is None:
            trace["geojson"] = governorate_shapes
        data.append(trace)
    figure = go.Figure(data)
    figure.update_layout(
        map={"style": basemap, "center": CENTER, "zoom": ZOOM},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "title": {"text": "Event type"},
            "itemsizing": "constant",
            "x": 0.99,  # bottom right: over the desert south-east of Syria, not over the coast
            "xanchor": "right",
            "y": 0.01,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        uirevision="map",
        clickmode="event",
        hoverdistance=12,
    )
    return figure


def timeline_figure(table: pd.DataFrame, window: tuple[pd.Timestamp, pd.Timestamp] | None, unit: str) -> dict:
    """Events per ``unit`` (day, week, month) stacked by type, fatalities as a line, the window shaded.

    ``table`` has a ``period`` column (timestamps), one column of counts per event type and ``fatalities``.
    Dragging across the chart selects a date range (the callback reads ``selectedData['range']['x']``).
    """
    data = []
    for event_type in [c for c in table.columns if c not in ("period", "fatalities") and table[c].sum() > 0]:
        data.append({"type": "bar", "x": table["period"].dt.strftime("%Y-%m-%d").tolist(),
                     "y": table[event_type].tolist(), "name": event_type,
                     "marker": {"color": TYPE_COLOURS.get(event_type, OTHER_COLOUR)},
                     "hovertemplate": f"%{{x}}: %{{y}} {event_type}<extra></extra>"})  # fmt: skip
    if "fatalities" in table:
        data.append({"type": "scatter", "mode": "lines", "x": table["period"].dt.strftime("%Y-%m-%d").tolist(),
                     "y": table["fatalities"].tolist(), "name": "fatalities", "yaxis": "y2",
                     "line": {"color": "#333", "width": 1.2},
                     "hovertemplate": "%{x}: %{y} killed<extra></extra>"})  # fmt: skip
    shapes = []
    if window is not None:
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": f"{window[0]:%Y-%m-%d}",
                       "x1": f"{window[1]:%Y-%m-%d}", "y0": 0, "y1": 1, "fillcolor": "rgba(0,114,178,0.12)",
                       "line": {"width": 1, "color": "rgba(0,114,178,0.6)"}, "layer": "below"})  # fmt: skip
    return {
        "data": data,
        "layout": {
            "barmode": "stack", "bargap": 0.05, "margin": {"l": 40, "r": 40, "t": 8, "b": 24}, "height": 150,
            "showlegend": False, "dragmode": "select", "selectdirection": "h", "shapes": shapes,
            "xaxis": {"type": "date"},
            "yaxis": {"title": {"text": f"events / {unit}"}, "fixedrange": True, "rangemode": "tozero"},
            "yaxis2": {"overlaying": "y", "side": "right", "showgrid": False, "fixedrange": True, "rangemode": "tozero",
                       "title": {"text": "killed"}},
            "plot_bgcolor": "#fff", "paper_bgcolor": "#fff", "uirevision": "timeline",
        },
    }  # fmt: skip
