"""Figures as pure functions: frames in, plotly figures out; no I/O.

Map traces only (plotly's MapLibre ``Choroplethmap``/``Scattermap``) and never text labels: a text label makes
MapLibre fetch glyphs from the internet, and the map must work offline.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

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
OTHER_COLOUR = "#555555"
GOVERNORATE_FILL = "#f3efe6"
NEIGHBOUR_FILL = "#e4e4e4"


def marker_size(fatalities: pd.Series) -> list[float]:
    """Marker diameters in px: 9 px for none or unknown, growing with the square root of fatalities."""
    values = pd.to_numeric(fatalities, errors="coerce").fillna(0).clip(lower=0)
    return [round(9 + 2.2 * math.sqrt(v), 1) for v in values]


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


def base_traces(
    governorates: gpd.GeoDataFrame, neighbours: gpd.GeoDataFrame, outline: gpd.GeoDataFrame
) -> list:
    """Neighbouring countries, the 14 governorates (hover: English and Arabic names) and Syria's border."""
    hover = [f"{en}<br>{ar}<br>{code}" for en, ar, code in
             zip(governorates["name_en"], governorates["name_ar"], governorates["admin1"], strict=True)]  # fmt: skip
    return [
        _fill_trace(neighbours, "adm0_a3", NEIGHBOUR_FILL, "#c8c8c8", None, "neighbours"),
        _fill_trace(governorates, "admin1", GOVERNORATE_FILL, "#9a8f7a", hover, "governorates"),
        outline_trace(outline),
    ]


def pinnable(events: pd.DataFrame) -> pd.DataFrame:
    """Events that can honestly be a pin: placed at a site or town, or near one (precision 1 or 2)."""
    return events[(events["geo_precision"] < 3) & events["latitude"].notna() & events["longitude"].notna()]


def _hover(events: pd.DataFrame) -> list[str]:
    def figure(row) -> str:
        low, best, high = row["fatalities_low"], row["fatalities_best"], row["fatalities_high"]
        if pd.notna(best):
            text = f"{int(best)}"
        elif pd.notna(low):
            text = f"at least {int(low)}"
        else:
            text = "not reported"
        if pd.notna(high) and (pd.isna(best) or high != best):
            text += f" (up to {int(high)})"
        return text

    near = {1: "", 2: " (near; approximate)"}
    return [
        f"<b>{row['date_start']:%Y-%m-%d}</b> {row['event_type']}"
        f"<br>{row['place_name']}{near.get(row['geo_precision'], '')}"
        f"<br>{row['actor1'] or '?'} vs {row['actor2'] or '?'}<br>fatalities: {figure(row)}"
        for _, row in events.iterrows()
    ]


def event_traces(events: pd.DataFrame) -> list[go.Scattermap]:
    """One marker trace per event type (so the legend names them); a halo under events placed 'near' a place."""
    pins = pinnable(events)
    traces: list[go.Scattermap] = []
    near = pins[pins["geo_precision"] == 2]
    if not near.empty:
        traces.append(go.Scattermap(
            lat=near["latitude"].tolist(), lon=near["longitude"].tolist(), mode="markers",
            marker={"size": [s * 2.4 for s in marker_size(near["fatalities_best"].fillna(near["fatalities_low"]))],
                    "color": "#888", "opacity": 0.25},
            hoverinfo="skip", name="approximate location", showlegend=False,
        ))  # fmt: skip
    for event_type, group in pins.groupby("event_type", sort=True):
        traces.append(go.Scattermap(
            lat=group["latitude"].tolist(), lon=group["longitude"].tolist(), mode="markers",
            marker={"size": marker_size(group["fatalities_best"].fillna(group["fatalities_low"])),
                    "color": TYPE_COLOURS.get(event_type, OTHER_COLOUR), "opacity": 0.9},
            customdata=[[int(i)] for i in group["event_id"]],
            hovertext=_hover(group), hoverinfo="text", name=event_type,
        ))  # fmt: skip
    return traces


def map_figure(
    events: pd.DataFrame,
    governorates: gpd.GeoDataFrame,
    neighbours: gpd.GeoDataFrame,
    outline: gpd.GeoDataFrame,
    basemap: str = "white-bg",
) -> go.Figure:
    """The map: context, governorates, Syria's border and the events as pins."""
    figure = go.Figure([*base_traces(governorates, neighbours, outline), *event_traces(events)])
    figure.update_layout(
        map={"style": basemap, "center": CENTER, "zoom": ZOOM},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "title": {"text": "Event type"},
            "itemsizing": "constant",
            "x": 0.01,
            "y": 0.99,
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        uirevision="map",
        clickmode="event",
    )
    return figure
