"""What the callbacks read, gathered once when the app starts: the store and its event cache, the boundaries,
the gazetteer's places and named sites, and the control zones."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd
from dash import dcc, html

from dashboard.figures import SITE_KINDS, SLOT, ZONE_SLOTS, slot_uid
from dashboard.state import View
from dashboard.zones import claim_items, zone_from_customdata, zone_panel, zone_traces
from events.query import EventCache, Selection
from events.store import Store
from events.zones import fill_points, missing_points, zone_rules, zones_at
from geodata.gazetteer import Gazetteer

_NO_ZONES = gpd.GeoDataFrame({"faction": pd.Series(dtype=object), "freshness": pd.Series(dtype=float)},
                             geometry=gpd.GeoSeries([], crs="EPSG:4326"))  # fmt: skip


@dataclass
class AppContext:
    store: Store
    cache: EventCache
    governorates: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    outline: gpd.GeoDataFrame
    gazetteer: Gazetteer
    max_markers: int = 3000
    districts: gpd.GeoDataFrame | None = None
    _places: pd.DataFrame = field(init=False, repr=False)
    _claims: tuple[int, pd.DataFrame] | None = field(init=False, default=None, repr=False)
    _zones: dict = field(init=False, default_factory=dict, repr=False)
    _zones_lock: threading.Lock = field(init=False, default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._places = self.gazetteer.frame.set_index("id", drop=False)

    @property
    def sites(self) -> pd.DataFrame:
        """The named sites layer: airports, airbases, dams, crossings, fields."""
        return self._places[self._places["kind"].isin(SITE_KINDS)].reset_index(drop=True)

    @property
    def event_types(self) -> list[str]:
        types = self.cache.frame()["event_type"]
        # The cache's column is categorical: its categories are the distinct types, read without a pass over a
        # million rows (40 ms a call).
        if isinstance(types.dtype, pd.CategoricalDtype):
            return sorted(types.cat.categories.tolist())
        return sorted(types.dropna().unique().tolist())

    def bounds(self) -> tuple[date, date]:
        """The first and last day of the store's events (today when it is empty)."""
        frame = self.cache.frame()
        if frame.empty:
            today = date.today()
            return today, today
        return frame["date_start"].min().date(), frame["date_end"].max().date()

    def place(self, place_id: str) -> dict | None:
        """A gazetteer place as a dict, or None."""
        if place_id not in self._places.index:
            return None
        return self._places.loc[place_id].to_dict()

    # control zones -------------------------------------------------------------------------------------------
    def claims(self) -> pd.DataFrame:
        """The store's control claims (points filled in from the gazetteer), re-read when the store changes."""
        return self._claims_at()[1]

    def _claims_at(self) -> tuple[int, pd.DataFrame]:
        revision = self.store.revision()
        current = self._claims
        if current is None or current[0] != revision:
            claims = self.store.claims_frame()
            if missing_points(claims).any():
                claims = fill_points(claims, self.gazetteer.frame)
            current = self._claims = (revision, claims)
        return current

    def zones(self, when: date) -> gpd.GeoDataFrame:
        """The control zones at ``when``, cached by (store revision, date); safe across threads."""
        revision, claims = self._claims_at()
        key = (revision, when)
        with self._zones_lock:
            found = self._zones.get(key)
        if found is None:  # computed outside the lock: two threads may both compute it, never wrongly
            found = zones_at(claims, when, outline=self.outline, districts=self.districts, **zone_rules())
            with self._zones_lock:
                if len(self._zones) >= 64:
                    self._zones.clear()
                self._zones[key] = found
        return found

    def zone_date(self, selection: Selection) -> date:
        """The date the zones are drawn for: the window's last day, kept within the data's dates."""
        first, last = self.bounds()
        return min(max(selection.end or last, first), last)

    def zone_layers(self, selection: Selection, visible: bool) -> dict[int, dict]:
        """The control-zone traces for the window's last day, by slot index (empty when switched off)."""
        zones = self.zones(self.zone_date(selection)) if visible else _NO_ZONES
        traces = [t.to_plotly_json() for t in zone_traces(zones)]
        return {
            SLOT[name]: {**trace, "uid": slot_uid(name), "below": ""}
            for name, trace in zip(ZONE_SLOTS, traces, strict=True)
        }

    def zone_panel(self, data, selection: Selection) -> list:
        """A clicked zone: its claims with their reports and quotes, and the governorates it covers."""
        row = zone_from_customdata(data)
        panel = [zone_panel(self.claims(), row)]
        zones = self.zones(self.zone_date(selection))
        match = zones[
            (zones["faction"] == row["faction"]) & ((zones["freshness"] - row["freshness"]).abs() < 1e-6)
        ]
        if len(match):
            covered = self.governorates[self.governorates.intersects(match.geometry.iloc[0])]
            links = [html.Li(dcc.Link(f"{name} governorate: summary",
                                      href=View(selection, f"adm1:{code}").search() or "?"))
                     for code, name in zip(covered["admin1"], covered["name_en"], strict=True)]  # fmt: skip
            panel += [html.H3("Governorates in this zone"), html.Ul(links, className="actor-list")]
        return panel

    def place_claims(self, place: dict) -> list:
        """Who held ``place``, by its dated claims (newest first), or nothing when it has none."""
        claims = self.claims()
        at_point = (claims["latitude"] == place["lat"]) & (claims["longitude"] == place["lon"])
        mine = claims[(claims["place_id"] == place["id"]) | at_point]
        if mine.empty:
            return []
        return [
            html.H3(f"Who held it: {len(mine)} dated claims"),
            html.Ul(claim_items(mine), className="report-list"),
        ]
