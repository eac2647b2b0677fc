"""The "Add report" form: paste a report, preview what extraction finds on a small map and in a table, change an
event's place to another gazetteer candidate, and save it to the store.

Pure functions (:func:`preview`, :func:`records`) do the work; the callbacks only pass values. Saving re-runs the
extraction (it is deterministic) and applies the chosen places, so nothing but the form's values travels through
the browser.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache

import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html

from dashboard import ids
from dashboard.figures import CENTER, TYPE_COLOURS, base_traces
from events.extract.pipeline import Extraction, extract_report
from events.extract.places import PlaceFinder
from events.extract.report import ReportInput
from events.ingest import to_records
from events.store import Store
from geodata.boundaries import load_governorates, load_neighbours, load_outline
from geodata.gazetteer import Gazetteer

HEADINGS = ("#", "Dates", "Type", "Actors", "Killed low/best/high", "Place", "Quote")


class FormError(ValueError):
    """A field of the form that cannot be used: the message names it."""


def read_form(text: str | None, title: str | None, url: str | None, published: str | None) -> ReportInput:
    """The form's values as a report; raises :class:`FormError` naming the missing or bad field."""
    if not (text or "").strip():
        raise FormError("Text: paste the report's text.")
    if not (title or "").strip():
        raise FormError("Title: give the report's headline.")
    try:
        day = date.fromisoformat((published or "").strip())
    except ValueError:
        raise FormError(
            f"Published: {published!r} is not a date (YYYY-MM-DD); relative dates need it."
        ) from None
    if url and not url.strip().lower().startswith(("http://", "https://")):
        raise FormError(f"URL: {url!r} is not a web address (http:// or https://).")
    return ReportInput(source=(url or "").strip() or title.strip(), text=text, title=title.strip(),
                       url=(url or "").strip() or None, published=day)  # fmt: skip


def with_places(extraction: Extraction, choices: list[str | None], gazetteer: Gazetteer) -> Extraction:
    """The extraction with each event's place replaced by the user's choice (None keeps it)."""
    events = []
    for event, choice in zip(
        extraction.events, list(choices) + [None] * len(extraction.events), strict=False
    ):
        if choice and choice != event.place.id:
            place = gazetteer.get(choice)
            precision = 3 if place.kind in ("governorate", "district") else min(event.geo_precision, 2)
            event = replace(event, place=place, geo_precision=precision, alternatives=())
        events.append(event)
    return replace(extraction, events=events)


def preview(report: ReportInput, finder: PlaceFinder) -> Extraction:
    """What extraction finds in the report."""
    return extract_report(report.text, report.published, finder, report.title)


def records(report: ReportInput, extraction: Extraction, choices: list[str | None], gazetteer: Gazetteer):
    """The store records for the report with the chosen places (see :func:`events.ingest.to_records`)."""
    return to_records(report, with_places(extraction, choices, gazetteer))


@lru_cache(maxsize=4)
def _labels(gazetteer: Gazetteer) -> pd.DataFrame:
    """Each gazetteer place's picker label and governorate, sorted by label (built once per gazetteer)."""
    frame = gazetteer.frame
    labels = frame["name"] + " (" + frame["kind"] + ", " + frame["admin1"].fillna("?") + ")"
    return pd.DataFrame({"id": frame["id"], "label": labels, "admin1": frame["admin1"],
                         "kind": frame["kind"]}).sort_values("label", ignore_index=True)  # fmt: skip


def _place_options(event, gazetteer: Gazetteer) -> list[dict]:
    """The event's place and the extractor's alternatives first (starred), then the places of the same
    governorate and every governorate: a short list even with a fetched gazetteer of many thousand places."""
    labels = _labels(gazetteer)
    first = list(dict.fromkeys([event.place.id, *event.alternatives]))
    by_id = dict(zip(labels["id"], labels["label"], strict=True))
    options = [{"label": f"★ {by_id[i]}", "value": i} for i in first if i in by_id]
    nearby = labels[((labels["admin1"] == event.place.admin1) | (labels["kind"] == "governorate"))
                    & ~labels["id"].isin(first)]  # fmt: skip
    return options + [
        {"label": label, "value": i} for i, label in zip(nearby["id"], nearby["label"], strict=True)
    ]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def preview_components(extraction: Extraction, gazetteer: Gazetteer, base: list | None = None) -> list:
    """The preview: a small map of the events and claims, a table of events with a place picker each, the
    claims, and the report's main place."""
    events = extraction.events
    figure = {
        "data": [
            *(base or []),
            {"type": "scattermap", "lat": [e.place.lat for e in events], "lon": [e.place.lon for e in events],
             "mode": "markers", "name": "events",
             "marker": {"size": 12, "color": [TYPE_COLOURS.get(e.event_type, "#555") for e in events]},
             "hovertext": [f"{i + 1}. {e.place.name}: {e.event_type}" for i, e in enumerate(events)],
             "hoverinfo": "text"},
            {"type": "scattermap", "lat": [c.place.lat for c in extraction.claims],
             "lon": [c.place.lon for c in extraction.claims], "mode": "markers", "name": "control claims",
             "marker": {"size": 9, "color": "#222"},
             "hovertext": [f"{c.place.name}: held by {c.faction}" for c in extraction.claims], "hoverinfo": "text"},
        ],
        "layout": {"map": {"style": "white-bg", "center": CENTER, "zoom": 5.2}, "height": 300,
                   "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False},
    }  # fmt: skip
    main = extraction.main_place
    rows = []
    for n, e in enumerate(events):
        when = f"{e.date_start}" + (f" – {e.date_end}" if e.date_end != e.date_start else "")
        figures = "/".join("?" if v is None else str(v) for v in (e.fatalities_low, e.fatalities_best,
                                                                e.fatalities_high))  # fmt: skip
        rows.append(html.Tr([
            html.Td(str(n + 1)), html.Td(when), html.Td(f"{e.event_type} · {e.sub_event_type}"),
            html.Td(f"{e.actor1 or '?'} vs {e.actor2 or '?'}"), html.Td(figures),
            html.Td([dcc.Dropdown(_place_options(e, gazetteer), e.place.id, id={"type": ids.ADD_PLACE, "index": n},
                                  clearable=False, className="place-picker"),
                     *([html.Small(f"The report names “{e.place_as_written}”, which the gazetteer lacks: "
                                   "placed at what it says around it.", className="as-written")]
                       if e.place_as_written else [])]),
            html.Td(html.Blockquote(e.quote, className="report-quote")),
        ]))  # fmt: skip
    claims = [html.Li(f"{c.place.name}: held by {c.faction} ({c.extent}) as of {c.as_of} — “{c.quote}”")
              for c in extraction.claims]  # fmt: skip
    return [
        html.P(
            f"Main place: {main.name} ({main.admin1})" if main else "No Syrian place found.",
            className="panel-sub",
        ),
        dcc.Graph(figure=figure, config={"displayModeBar": False}, className="add-map"),
        html.H3(f"Events ({len(events)})"),
        html.Table(
            [
                html.Tr([html.Th(h) for h in HEADINGS]),
                *rows,
            ],
            className="summary-table add-table",
        )
        if rows
        else html.P("No event found: the text names no violence at a Syrian place."),
        html.H3(f"Control claims ({len(claims)})"),
        html.Ul(claims) if claims else html.P("No statement of who holds a place."),
    ]


def form() -> html.Div:
    """The form, hidden until the header's "Add report" button opens it."""
    return html.Div(
        id=ids.ADD_SECTION,
        hidden=True,
        className="add-report",
        children=[
            html.Div(
                className="add-head",
                children=[
                    html.H2("Add a report", className="panel-title"),
                    html.Button("Close", id=ids.ADD_CLOSE, className="button"),
                ],
            ),
            html.P(
                "Paste a news report. Preview what the extractor finds, correct any place, then save: the events "
                "and control claims are stored with the report and the sentences they came from. Saving the "
                "same report again (same URL or text) replaces what it stored."
            ),
            html.Label("Title", htmlFor=ids.ADD_TITLE),
            dcc.Input(id=ids.ADD_TITLE, type="text", className="wide-input"),
            html.Label("URL", htmlFor=ids.ADD_URL),
            dcc.Input(id=ids.ADD_URL, type="url", className="wide-input", placeholder="https://"),
            html.Label("Published (YYYY-MM-DD)", htmlFor=ids.ADD_PUBLISHED),
            dcc.Input(id=ids.ADD_PUBLISHED, type="text", placeholder="2017-01-15", className="date-input"),
            html.Label("Text", htmlFor=ids.ADD_TEXT),
            dcc.Textarea(id=ids.ADD_TEXT, className="add-text"),
            html.Div(
                className="add-buttons",
                children=[
                    html.Button("Preview", id=ids.ADD_PREVIEW, className="button"),
                    html.Button("Save", id=ids.ADD_SAVE, className="button", disabled=True),
                ],
            ),
            html.Div(id=ids.ADD_MESSAGE, role="status", className="add-message"),
            html.Div(id=ids.ADD_RESULT),
        ],
    )


def register(app: Dash, store: Store, gazetteer: Gazetteer) -> None:
    """The form's callbacks: open and close, preview, save."""
    finder = PlaceFinder(gazetteer)
    base = [
        trace.to_plotly_json()
        for trace in base_traces(load_governorates(), load_neighbours(), load_outline())
    ]

    @app.callback(
        Output(ids.ADD_SECTION, "hidden"),
        Input(ids.ADD_OPEN, "n_clicks"),
        Input(ids.ADD_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
    def toggle(_open, _close):
        return ctx.triggered_id != ids.ADD_OPEN

    @app.callback(
        Output(ids.ADD_RESULT, "children"),
        Output(ids.ADD_MESSAGE, "children", allow_duplicate=True),
        Output(ids.ADD_SAVE, "disabled"),
        Input(ids.ADD_PREVIEW, "n_clicks"),
        State(ids.ADD_TEXT, "value"),
        State(ids.ADD_TITLE, "value"),
        State(ids.ADD_URL, "value"),
        State(ids.ADD_PUBLISHED, "value"),
        prevent_initial_call=True,
    )
    def show_preview(_clicks, text, title, url, published):
        try:
            extraction = preview(read_form(text, title, url, published), finder)
        except FormError as exc:
            return [], html.Span(str(exc), className="panel-error"), True
        events, claims = (
            _plural(len(extraction.events), "event"),
            _plural(len(extraction.claims), "control claim"),
        )
        found = f"Found {events} and {claims}."
        return preview_components(extraction, gazetteer, base), found, False

    @app.callback(
        Output(ids.ADD_SAVE, "disabled", allow_duplicate=True),
        Output(ids.ADD_MESSAGE, "children", allow_duplicate=True),
        Input(ids.ADD_TEXT, "value"),
        Input(ids.ADD_TITLE, "value"),
        Input(ids.ADD_URL, "value"),
        Input(ids.ADD_PUBLISHED, "value"),
        prevent_initial_call=True,
    )
    def edited(*_values):
        # saving re-reads the form: after an edit, the places picked in the preview may no longer fit
        return True, "The form changed: preview again before saving."

    @app.callback(
        Output(ids.ADD_MESSAGE, "children"),
        Input(ids.ADD_SAVE, "n_clicks"),
        State(ids.ADD_TEXT, "value"),
        State(ids.ADD_TITLE, "value"),
        State(ids.ADD_URL, "value"),
        State(ids.ADD_PUBLISHED, "value"),
        State({"type": ids.ADD_PLACE, "index": ALL}, "value"),
        prevent_initial_call=True,
    )
    def save(_clicks, text, title, url, published, choices):
        try:
            report = read_form(text, title, url, published)
            stored = store.replace_extraction(
                *records(report, preview(report, finder), choices or [], gazetteer)
            )
        except FormError as exc:
            return html.Span(str(exc), className="panel-error")
        except Exception as exc:  # the store refused: say so, keep the form
            return html.Span(f"Not saved: {exc}", className="panel-error")
        return (f"Saved: {_plural(stored['events'], 'event')} and {_plural(stored['claims'], 'control claim')}"
                + (f", replacing {stored['replaced']} stored before" if stored["replaced"] else "")
                + ". Change the dates or filters, or reload, to see them on the map.")  # fmt: skip


__all__ = [
    "FormError",
    "form",
    "preview",
    "preview_components",
    "read_form",
    "records",
    "register",
    "with_places",
]
