"""The Dash app: ``create_app(store, settings)`` builds it; ``app.server`` is the Flask server for gunicorn."""

from __future__ import annotations

import logging

import pandas as pd
from dash import Dash
from sqlalchemy.exc import SQLAlchemyError

from dashboard.callbacks import register
from dashboard.figures import map_figure, pinnable
from dashboard.layout import build_layout
from dashboard.panels import counts_text, error_panel, intro_panel
from dashboard.settings import DashboardSettings
from events.store import Store
from geodata.boundaries import load_governorates, load_neighbours, load_outline
from geodata.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

# The columns the map reads: with no events (the store failed) it still draws Syria and its governorates.
MAP_COLUMNS = ("event_id", "event_type", "geo_precision", "latitude", "longitude", "fatalities_low",
               "fatalities_best")  # fmt: skip


def create_app(store: Store, settings: DashboardSettings) -> Dash:
    """Build the app over ``store``: the map of its events, the panel and the callbacks."""
    app = Dash(__name__, title="Syria Conflict Map", assets_folder=str(PROJECT_ROOT / "assets"),
               update_title=None)  # fmt: skip

    boundaries = load_governorates(), load_neighbours(), load_outline()  # read once: they do not change

    def layout():  # evaluated on each page load, so new events in the store show without a restart
        try:
            events = store.events_frame()
        except (
            SQLAlchemyError,
            pd.errors.DatabaseError,
        ) as exc:  # store failed: map + message
            log.exception("reading the events for the page failed")
            figure = map_figure(pd.DataFrame(columns=list(MAP_COLUMNS)), *boundaries, settings.basemap)
            return build_layout(
                figure, "events unavailable", error_panel(f"Could not read the events: {exc}")
            )
        figure = map_figure(events, *boundaries, settings.basemap)
        return build_layout(figure, counts_text(events), intro_panel(len(events) - len(pinnable(events))))

    app.layout = layout
    register(app, store)
    return app
