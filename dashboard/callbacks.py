"""Callbacks: unpack the inputs, call a pure function, return. Failures show a message, not a blank page."""

from __future__ import annotations

import logging

from dash import Dash, Input, Output, no_update

from dashboard import ids
from dashboard.panels import error_panel, event_panel
from events.store import Store

log = logging.getLogger(__name__)


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

    @app.callback(
        Output(ids.PANEL_BODY, "children"), Input(ids.MAP_GRAPH, "clickData"), prevent_initial_call=True
    )
    def show_event(click_data):
        event_id = clicked_event_id(click_data)
        if event_id is None:
            return no_update
        try:
            events = store.events_frame()
            event = events[events["event_id"] == event_id].iloc[0].to_dict()
            reports = store.reports_for_events([event_id]).to_dict("records")
            return event_panel(event, reports)
        except Exception as exc:  # a failure must reach the user as a message, whatever it is
            log.exception("panel for event %s failed", event_id)
            return error_panel(f"Could not load event {event_id}: {exc}")
