"""The page's layout: header with counts, map, side panel, attribution footer."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids

ATTRIBUTION = (
    "Boundaries: Natural Earth (public domain). Places: GeoNames (CC BY 4.0), airportsdata, the project's curated "
    "sites. Events: the sources listed with each event."
)


def build_layout(figure, counts: str, panel: list) -> html.Div:
    """The whole page, from a ready figure, the counts line and the panel's first content."""
    return html.Div(
        className="page",
        children=[
            html.Header(
                className="header",
                children=[
                    html.H1("Syria Conflict Map"),
                    html.Div(counts, id=ids.HEADER_COUNTS, className="header-counts"),
                ],
            ),
            html.Main(
                className="main",
                children=[
                    dcc.Graph(
                        id=ids.MAP_GRAPH,
                        figure=figure,
                        className="map",
                        config={"scrollZoom": True, "displaylogo": False},
                    ),
                    dcc.Store(id=ids.MAP_FIT),  # the zoom-to-fit callback's (unused) output
                    html.Aside(panel, id=ids.PANEL_BODY, className="panel"),
                ],
            ),
            html.Footer(ATTRIBUTION, id=ids.FOOTER, className="footer"),
        ],
    )
