"""What the callbacks read, gathered once when the app starts: the store and its event cache, the boundaries,
the gazetteer's places and named sites, and the control zones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd

from dashboard.figures import SITE_KINDS
from events.query import EventCache, Selection
from events.store import Store
from geodata.gazetteer import Gazetteer


@dataclass
class AppContext:
    store: Store
    cache: EventCache
    governorates: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    outline: gpd.GeoDataFrame
    gazetteer: Gazetteer
    max_markers: int = 3000
    _places: pd.DataFrame = field(init=False, repr=False)

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

    def place_claims(self, place: dict) -> list:
        """Components listing who held ``place`` by the dated claims (empty until claims exist)."""
        return []

    def zone_layers(self, selection: Selection, visible: bool) -> dict[int, dict]:
        """The control-zone traces for the selection's end date, by slot index."""
        return {}

    def zone_panel(self, data, selection: Selection) -> list:
        return []
