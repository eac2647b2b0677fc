"""The Dash app: ``create_app(store, settings)`` builds it; ``app.server`` is the Flask server for gunicorn."""

from __future__ import annotations

import logging
import threading

import pandas as pd
from dash import Dash, html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import add_report
from dashboard.callbacks import register
from dashboard.context import AppContext
from dashboard.exporting import register_export
from dashboard.figures import map_figure, sites_trace
from dashboard.layout import Options, build_layout
from dashboard.panels import error_panel
from dashboard.settings import DashboardSettings
from events.query import EventCache
from events.store import Store
from geodata.boundaries import load_admin_units, load_governorates, load_neighbours, load_outline
from geodata.gazetteer import load_gazetteer
from geodata.settings import PROJECT_ROOT

log = logging.getLogger(__name__)
ACTOR_CHOICES = 60  # the actor filter offers the most frequent actors


def options_from(context: AppContext) -> Options:
    """What the controls offer, from the cached events."""
    frame = context.cache.frame()
    first, last = context.bounds()
    # counted per column on the categoricals (fast at a million rows), then added up
    counts = frame["actor1"].value_counts().add(frame["actor2"].value_counts(), fill_value=0)
    counts = counts[(counts > 0) & (counts.index.astype(str) != "")].sort_values(
        ascending=False, kind="stable"
    )
    governorates = sorted(zip(context.governorates["admin1"], context.governorates["name_en"], strict=True),
                          key=lambda pair: pair[1])  # fmt: skip
    return Options(
        first=first,
        last=last,
        event_types=context.event_types,
        actors=[str(a) for a in counts.head(ACTOR_CHOICES).index],
        governorates=governorates,
        datasets=sorted(frame["dataset"].astype(object).dropna().unique().tolist()),
    )


def create_app(store: Store, settings: DashboardSettings) -> Dash:
    """Build the app over ``store``: the map, the controls, the panel, the callbacks and ``GET /export``."""
    app = Dash(__name__, title="Syria Conflict Map", assets_folder=str(PROJECT_ROOT / "assets"),
               update_title=None)  # fmt: skip
    context = AppContext(
        store=store,
        cache=EventCache(store),
        governorates=load_governorates(),  # boundaries and places are read once: they do not change
        neighbours=load_neighbours(),
        outline=load_outline(),
        gazetteer=load_gazetteer(),
        max_markers=settings.max_markers,
        districts=load_admin_units(2),  # when fetch-boundaries stored them, zones follow district borders
    )
    static = {"sites": sites_trace(context.sites, visible=True)}
    figure = map_figure(context.governorates, context.neighbours, context.outline, static, settings.basemap)

    def layout():  # evaluated on each page load, so new events in the store show without a restart
        try:
            options = options_from(context)
        except (SQLAlchemyError, pd.errors.DatabaseError) as exc:  # store failed: map + message
            log.exception("reading the events for the page failed")
            return html.Div(className="page", children=[
                html.Header(className="header", children=[html.H1("Syria Conflict Map"),
                                                          html.Div("events unavailable", className="header-counts")]),
                html.Main(className="main", children=[
                    html.Div(className="map-column", children=[_static_graph(figure)]),
                    html.Aside(error_panel(f"Could not read the events: {exc}"), className="panel"),
                ]),
            ])  # fmt: skip
        return build_layout(figure, options)

    app.layout = layout
    threading.Thread(target=_warm, args=(context,), name="warm-event-cache", daemon=True).start()
    register(app, context)
    add_report.register(app, store, context.gazetteer)
    register_export(app.server, store)
    return app


def _warm(context: AppContext) -> None:
    """Read the events into the cache at start-up (seconds at a million events), not on the first page load."""
    try:
        context.cache.frame()
    except (SQLAlchemyError, pd.errors.DatabaseError):  # the page load reports it
        log.exception("warming the event cache failed")


def _static_graph(figure):
    from dash import dcc

    return dcc.Graph(figure=figure, className="map", config={"displaylogo": False})
