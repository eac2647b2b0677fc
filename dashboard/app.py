"""The Dash app: ``create_app(store, settings)`` builds it; ``app.server`` is the Flask server for gunicorn."""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks import register
from dashboard.figures import map_figure, pinnable
from dashboard.layout import build_layout
from dashboard.panels import counts_text, intro_panel
from dashboard.settings import DashboardSettings
from events.store import Store
from geodata.boundaries import load_governorates, load_neighbours, load_outline
from geodata.settings import PROJECT_ROOT


def create_app(store: Store, settings: DashboardSettings) -> Dash:
    """Build the app over ``store``: the map of its events, the panel and the callbacks."""
    app = Dash(__name__, title="Syria Conflict Map", assets_folder=str(PROJECT_ROOT / "assets"),
               update_title=None)  # fmt: skip

    def layout():  # evaluated on each page load, so new events in the store show without a restart
        events = store.events_frame()
        figure = map_figure(events, load_governorates(), load_neighbours(), load_outline(), settings.basemap)
        return build_layout(figure, counts_text(events), intro_panel(len(events) - len(pinnable(events))))

    app.layout = layout
    register(app, store)
    return app
