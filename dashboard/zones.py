"""Control zones on the map and in the side panel, as pure functions: zones in, traces and components out.

:func:`zone_traces` gives one ``Choroplethmap`` per faction, always in :data:`events.factions.FACTIONS` order
(empty for a faction that holds nothing at the date), then the hatching of contested ground: a fixed list, so
that the figure's trace slots stay put when the date changes. Draw them after the governorates and before the
markers. Each zone's opacity shows how fresh its evidence is; its customdata is a plain list (Dash drops numpy
customdata from ``clickData``): ``["zone", faction, freshness, area_km2, oldest, newest, [claim ids]]``.
:func:`zone_from_customdata` turns a click back into the zone row that :func:`zone_panel` lists.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from dash import html

from events.factions import CONTESTED, CONTESTED_HATCH, FACTION_COLOURS, FACTIONS, normalise_faction

# Opacity runs from MIN_OPACITY (evidence about to expire) to MAX_OPACITY (fresh): the freshest zones still let
# the governorates' borders and the markers show through, the stalest keep their hue (a faint indigo would pass
# for contested grey).
MAX_OPACITY = 0.6
MIN_OPACITY = 0.15
HATCH_SPACING = 0.08  # degrees between the hatch lines of contested ground (about 9 px at the default zoom)
LEGEND_GROUP = "zones"
LEGEND_RANK = 3000  # after the event types


def zone_opacity(freshness: Sequence[float]) -> list[float]:
    """Fill opacity per zone, from its freshness (0..1): :data:`MAX_OPACITY` for fresh evidence, fainter as it
    ages, never below :data:`MIN_OPACITY`."""
    return [round(MIN_OPACITY + (MAX_OPACITY - MIN_OPACITY) * float(f), 3) for f in freshness]


def _hover(zones: pd.DataFrame) -> list[str]:
    return [
        f"<b>{row.faction}</b><br>{row.area_km2:,.0f} km² · {row.claims} claim{'s' if row.claims != 1 else ''}"
        f"<br>{row.oldest_claim:%Y-%m-%d} – {row.newest_claim:%Y-%m-%d}"
        f"<br>evidence freshness {row.freshness:.0%} · click for the claims"
        for row in zones.itertuples(index=False)
    ]


def _customdata(zones: pd.DataFrame) -> list[list]:
    return [
        ["zone", row.faction, float(row.freshness), float(row.area_km2), f"{row.oldest_claim:%Y-%m-%d}",
         f"{row.newest_claim:%Y-%m-%d}", [int(i) for i in row.claim_ids]]
        for row in zones.itertuples(index=False)
    ]  # fmt: skip


def _faction_trace(zones: gpd.GeoDataFrame, faction: str, first: bool) -> go.Choroplethmap:
    own = zones[zones["faction"] == faction].reset_index(drop=True)
    keys = [f"{faction}|{f:g}" for f in own["freshness"]]
    features = [
        {"type": "Feature", "id": key, "properties": {}, "geometry": json.loads(shapely.to_geojson(geometry))}
        for key, geometry in zip(keys, own.geometry, strict=True)
    ]
    colour = FACTION_COLOURS[faction]
    return go.Choroplethmap(
        geojson={"type": "FeatureCollection", "features": features},
        locations=keys,
        z=[1] * len(own),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker={"opacity": zone_opacity(own["freshness"]), "line": {"width": 0.5, "color": colour}},
        customdata=_customdata(own),
        hovertext=_hover(own),
        hoverinfo="text",
        name=faction,
        legendgroup=LEGEND_GROUP,
        legendgrouptitle={"text": "Held by (dated claims)"} if first else None,
        legendrank=LEGEND_RANK + FACTIONS.index(faction),
        showlegend=not own.empty,
    )


def hatch_lines(geometry, spacing: float = HATCH_SPACING) -> tuple[list, list]:
    """Diagonal lines across ``geometry`` (degrees), as Scattermap ``lat``/``lon`` lists with None gaps."""
    if geometry is None or shapely.is_empty(geometry):
        return [], []
    west, south, east, north = shapely.bounds(geometry)
    offsets = np.arange(np.floor((south - east) / spacing) * spacing, north - west + spacing, spacing)
    lines = shapely.linestrings(
        np.stack([np.column_stack([np.full_like(offsets, west), west + offsets]),
                  np.column_stack([np.full_like(offsets, east), east + offsets])], axis=1)
    )  # fmt: skip
    shapely.prepare(geometry)
    pieces = shapely.get_parts(shapely.intersection(lines, geometry))
    pieces = pieces[shapely.get_type_id(pieces) == 1]  # LineStrings; touching points are left out
    lats: list = []
    lons: list = []
    for piece in pieces:
        xy = shapely.get_coordinates(piece)
        lons += [*xy[:, 0].tolist(), None]
        lats += [*xy[:, 1].tolist(), None]
    return lats, lons


def _hatch_trace(zones: gpd.GeoDataFrame) -> go.Scattermap:
    contested = zones[zones["faction"] == CONTESTED]
    geometry = shapely.union_all(contested.geometry.to_numpy()) if not contested.empty else None
    lats, lons = hatch_lines(geometry)
    return go.Scattermap(
        lat=lats, lon=lons, mode="lines", line={"width": 1, "color": CONTESTED_HATCH}, hoverinfo="skip",
        name="contested (hatching)", legendgroup=LEGEND_GROUP, showlegend=False,
    )  # fmt: skip


def zone_traces(zones: gpd.GeoDataFrame) -> list:
    """The zones as map traces: one ``Choroplethmap`` per faction in ``FACTIONS`` order, then the hatching.

    Parameters
    ----------
    zones
        :func:`events.zones.zones_at`'s result (EPSG:4326).

    Returns
    -------
    list
        ``len(FACTIONS) + 1`` traces, whatever the date: a faction holding nothing has an empty trace and no
        legend entry; the legend names the others under "Held by (dated claims)".
    """
    present = [f for f in FACTIONS if (zones["faction"] == f).any()]
    traces = [_faction_trace(zones, f, bool(present) and f == present[0]) for f in FACTIONS]
    return [*traces, _hatch_trace(zones)]


def zone_from_customdata(data: Sequence) -> dict:
    """A clicked zone's row from its customdata (with or without the leading ``"zone"``), for :func:`zone_panel`."""
    values = list(data[1:] if data and data[0] == "zone" else data)
    faction, freshness, area, oldest, newest, claim_ids = values[:6]
    return {
        "faction": faction, "freshness": float(freshness), "area_km2": float(area), "oldest_claim": oldest,
        "newest_claim": newest, "claim_ids": [int(i) for i in claim_ids], "claims": len(claim_ids),
    }  # fmt: skip


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _day(value) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d}" if value is not None and pd.notna(value) else "…"


def claim_items(claims: pd.DataFrame) -> list:
    """One list item per claim, newest first: date (and validity), faction, place, confidence, the quote and
    the report as a link that opens in a new tab."""
    items = []
    for claim in claims.sort_values(["observed", "claim_id"], ascending=False).to_dict("records"):
        when = _day(claim["observed"])
        if pd.notna(claim.get("valid_from")) or pd.notna(claim.get("valid_to")):
            when += f" (holds {_day(claim.get('valid_from'))} to {_day(claim.get('valid_to'))})"
        faction = normalise_faction(claim["faction"]) or claim["faction"]
        place = _text(claim.get("place_name")) or _text(claim.get("place_id")) or "an area (polygon)"
        confidence = claim.get("confidence")
        meta = [when, faction, place]
        if confidence is not None and pd.notna(confidence) and float(confidence) < 1:
            meta.append(f"confidence {float(confidence):.0%}")
        title, url = _text(claim.get("report_title")), _text(claim.get("report_url"))
        if url:
            source = html.A(title or url, href=url, target="_blank", rel="noopener noreferrer",
                            className="report-title")  # fmt: skip
        else:
            source = html.Span(title or "No report is linked to this claim.", className="report-title")
        quote = _text(claim.get("quote"))
        items.append(html.Li([
            html.Div(" · ".join(meta), className="report-meta"),
            html.Blockquote(quote, className="report-quote") if quote else None,
            source,
        ]))  # fmt: skip
    return items


def zone_panel(claims_frame: pd.DataFrame, zone_row) -> html.Div:
    """The side panel for a clicked zone: its faction, extent and evidence, then every claim behind it.

    Parameters
    ----------
    claims_frame
        Claims as :meth:`events.store.Store.claims_frame` returns them (at least the zone's).
    zone_row
        A row of :func:`events.zones.zones_at` (a Series or dict), or :func:`zone_from_customdata`'s dict.
    """
    row = dict(zone_row)
    ids = [int(i) for i in row.get("claim_ids") or []]
    claims = claims_frame[claims_frame["claim_id"].isin(ids)]
    faction = row["faction"]
    swatch = html.Span(className="zone-swatch", style={
        "display": "inline-block", "width": "0.9em", "height": "0.9em", "marginRight": "0.4em",
        "background": FACTION_COLOURS.get(faction, "#999"), "border": "1px solid #666",
    })  # fmt: skip
    summary = (f"{float(row.get('area_km2') or 0):,.0f} km² · {len(ids)} claim{'s' if len(ids) != 1 else ''}"
               f" · observed {_day(row.get('oldest_claim'))} to {_day(row.get('newest_claim'))}"
               f" · evidence freshness {float(row.get('freshness') or 0):.0%}")  # fmt: skip
    note = []
    if faction == CONTESTED:
        note = [html.P("Different factions claim this ground within a few weeks of each other: "
                       "the claims below disagree.")]  # fmt: skip
    missing = len(set(ids) - set(claims["claim_id"].astype(int)))
    if missing:
        note.append(
            html.P(f"{missing} of the zone's claims are no longer in the store.", className="panel-error")
        )
    return html.Div(
        [
            html.H2([swatch, faction], className="panel-title"),
            html.Div(summary, className="panel-sub"),
            *note,
            html.H3(f"Claims ({len(claims)})"),
            html.Ul(claim_items(claims), className="report-list") if len(claims) else None,
        ],
        className="zone-panel",
    )
