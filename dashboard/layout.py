"""The page's layout: header (dates, play, export, counts), filters, map with slider and timeline, side panel.

Every control starts empty and is set from the address bar by the sync callback, so a shared URL restores
its view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dash import dcc, html

from dashboard import ids
from dashboard.add_report import form
from dashboard.state import SPEEDS, STEPS, day_number

ATTRIBUTION = (
    "Boundaries: Natural Earth (public domain). Places: GeoNames (CC BY 4.0), airportsdata, the project's curated "
    "sites. Events: the sources listed with each event."
)
UCDP_ATTRIBUTION = (
    "UCDP GED events: Sundberg, Ralph and Erik Melander (2013) Introducing the UCDP Georeferenced Event Dataset, "
    "Journal of Peace Research 50(4); Davies, Shawn, Therése Pettersson and Magnus Öberg (2023) Organized "
    "violence 1989–2022, Journal of Peace Research 60(4). CC BY 4.0."
)
ACLED_ATTRIBUTION = (
    "ACLED events: Armed Conflict Location & Event Data Project (ACLED), acleddata.com; Raleigh, Clionadh, "
    "Andrew Linke, Håvard Hegre and Joakim Karlsen (2010) Introducing ACLED, Journal of Peace Research 47(5)."
)
PRECISIONS = {1: "at a site or town", 2: "near a place", 3: "governorate only"}


@dataclass(frozen=True)
class Options:
    """What the controls offer, from the store's events."""

    first: date
    last: date
    event_types: list[str]
    actors: list[str]
    governorates: list[tuple[str, str]]  # (ISO code, English name)
    datasets: list[str]


def _year_marks(first: date, last: date) -> dict:
    return {day_number(date(y, 1, 1)): str(y) for y in range(first.year + 1, last.year + 1)}


def _filters(options: Options) -> html.Details:
    return html.Details(
        open=True,
        className="filters",
        children=[
            html.Summary("Filters"),
            html.Label("Event type", htmlFor=ids.FILTER_TYPES),
            dcc.Checklist(options.event_types, [], id=ids.FILTER_TYPES, className="checklist"),
            html.Label("Actor (either side)", htmlFor=ids.FILTER_ACTORS),
            dcc.Dropdown(options.actors, [], id=ids.FILTER_ACTORS, multi=True, placeholder="any actor"),
            html.Label("Governorate", htmlFor=ids.FILTER_ADMIN1),
            dcc.Dropdown(
                [{"label": n, "value": c} for c, n in options.governorates],
                [],
                id=ids.FILTER_ADMIN1,
                multi=True,
                placeholder="all 14",
            ),
            html.Label("Fatalities at least", htmlFor=ids.FILTER_MIN_FATALITIES),
            dcc.Input(
                id=ids.FILTER_MIN_FATALITIES,
                type="number",
                min=0,
                step=1,
                debounce=True,
                placeholder="0",
                className="number-input",
            ),
            html.Label("Dataset", htmlFor=ids.FILTER_DATASETS),
            dcc.Checklist(options.datasets, [], id=ids.FILTER_DATASETS, className="checklist"),
            html.Label("Location precision", htmlFor=ids.FILTER_PRECISION),
            dcc.Checklist(
                [{"label": v, "value": k} for k, v in PRECISIONS.items()],
                [],
                id=ids.FILTER_PRECISION,
                className="checklist",
            ),
            html.Div("No box ticked means no restriction.", className="hint"),
            html.Label("Layers", htmlFor=ids.LAYERS),
            dcc.Checklist(
                [{"label": "Named sites", "value": "sites"}, {"label": "Control zones", "value": "zones"}],
                ["sites", "zones"],
                id=ids.LAYERS,
                className="checklist",
            ),
            html.Button("Reset filters", id=ids.RESET, className="button"),
        ],
    )


def build_layout(figure, options: Options) -> html.Div:
    """The whole page, from the first map figure and what the controls offer."""
    first, last = day_number(options.first), day_number(options.last)
    return html.Div(
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VIEW),
            dcc.Store(id=ids.CLICK),
            dcc.Store(id=ids.MAP_FIT),  # the zoom-to-fit callback's (unused) output
            dcc.Interval(id=ids.PLAY_TIMER, interval=SPEEDS["normal"], disabled=True),
            html.Header(
                className="header",
                children=[
                    html.H1("Syria Conflict Map"),
                    dcc.DatePickerRange(
                        id=ids.DATE_RANGE,
                        min_date_allowed=options.first,
                        max_date_allowed=options.last,
                        display_format="YYYY-MM-DD",
                        first_day_of_week=1,
                        className="date-range",
                    ),
                    html.Div(
                        className="play",
                        children=[
                            html.Button("▶ Play", id=ids.PLAY, className="button", title="Play time forward"),
                            dcc.Dropdown(
                                [{"label": f"by {k}", "value": k} for k in STEPS],
                                "month",
                                id=ids.PLAY_STEP,
                                clearable=False,
                                searchable=False,
                                className="small-dropdown",
                            ),
                            dcc.Dropdown(
                                list(SPEEDS),
                                "normal",
                                id=ids.PLAY_SPEED,
                                clearable=False,
                                searchable=False,
                                className="small-dropdown",
                            ),
                            dcc.Checklist(
                                [{"label": "cumulative", "value": "on"}],
                                [],
                                id=ids.CUMULATIVE,
                                className="checklist inline",
                            ),
                        ],
                    ),
                    html.Div(
                        className="exports",
                        children=[
                            html.A(
                                "⤓ CSV",
                                id=ids.EXPORT_CSV,
                                download="syriamap-events.csv",
                                href="/export?format=csv",
                                className="button",
                                title="Download the selected events as CSV",
                            ),
                            html.A(
                                "⤓ GeoJSON",
                                id=ids.EXPORT_GEOJSON,
                                download="syriamap-events.geojson",
                                href="/export?format=geojson",
                                className="button",
                                title="Download the selected events as GeoJSON",
                            ),
                            html.Button(
                                "+ Add report",
                                id=ids.ADD_OPEN,
                                className="button",
                                title="Paste a report: extract its events, check them, save them",
                            ),
                        ],
                    ),
                    html.Div(id=ids.HEADER_COUNTS, className="header-counts", role="status"),
                ],
            ),
            html.Main(
                className="main",
                children=[
                    _filters(options),
                    html.Div(
                        className="map-column",
                        children=[
                            html.Div(id=ids.STATUS, className="status", role="alert"),
                            dcc.Graph(
                                id=ids.MAP_GRAPH,
                                figure=figure,
                                className="map",
                                config={"scrollZoom": True, "displaylogo": False},
                            ),
                            html.Div(id=ids.MAP_NOTE, className="map-note"),
                            dcc.RangeSlider(
                                id=ids.SLIDER,
                                min=first,
                                max=last,
                                step=1,
                                value=[first, last],
                                marks=_year_marks(options.first, options.last),
                                allow_direct_input=False,
                                updatemode="mouseup",
                                className="time-slider",
                            ),
                            dcc.Graph(
                                id=ids.TIMELINE,
                                className="timeline",
                                config={"displayModeBar": False, "displaylogo": False},
                            ),
                        ],
                    ),
                    html.Aside(id=ids.PANEL_BODY, className="panel"),
                ],
            ),
            form(),
            html.Footer(ATTRIBUTION, id=ids.FOOTER, className="footer"),
        ],
    )
