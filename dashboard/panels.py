"""The side panel's content as pure functions: records in, Dash components out."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

LIST_LIMIT = 30  # events listed in a panel; the rest are counted


def _fatalities(event: dict) -> str:
    low, best, high = (event.get(k) for k in ("fatalities_low", "fatalities_best", "fatalities_high"))
    parts = []
    if pd.notna(best):
        parts.append(f"{int(best)}")
    if pd.notna(low) and (pd.isna(best) or low != best):
        parts.append(f"at least {int(low)}")
    if pd.notna(high) and (pd.isna(best) or high != best):
        parts.append(f"up to {int(high)}")
    return ", ".join(parts) or "not reported"


PRECISION = {1: "at the place", 2: "near the place (approximate)", 3: "somewhere in the governorate"}


def _event_section(event: dict, reports: list[dict], heading) -> list:
    """One event and every report behind it: title (a link opening in a new tab), outlet, date and quote."""
    start, end = pd.Timestamp(event["date_start"]), pd.Timestamp(event["date_end"])
    when = f"{start:%Y-%m-%d}" + (f" – {end:%Y-%m-%d}" if end != start else "")
    items = []
    for report in reports:
        published = report.get("published")
        meta = " · ".join(str(v) for v in (report.get("outlet"), published) if v and pd.notna(v))
        title = report["title"]
        link = html.A(title, href=report["url"], target="_blank", rel="noopener noreferrer", className="report-title") \
            if report.get("url") else html.Span(title, className="report-title")  # fmt: skip
        items.append(html.Li([
            link,
            html.Div(meta, className="report-meta"),
            html.Blockquote(report["quote"], className="report-quote") if report.get("quote") else None,
        ]))  # fmt: skip
    return [
        heading,
        html.Div(
            f"{when} · {event['event_type']}"
            + (f" · {event['sub_event_type']}" if event.get("sub_event_type") else ""),
            className="panel-sub",
        ),
        html.Dl(
            [
                html.Dt("Actors"),
                html.Dd(f"{event.get('actor1') or '?'} vs {event.get('actor2') or '?'}"),
                html.Dt("Fatalities"),
                html.Dd(_fatalities(event)),
                html.Dt("Located"),
                html.Dd(PRECISION.get(int(event["geo_precision"]), "?")),
                html.Dt("Source"),
                html.Dd(f"{event['dataset']} · {event['source_id']}"),
            ]
        ),
        html.H3(f"Reports ({len(reports)})"),
        html.Ul(items, className="report-list") if items else html.P("No report is linked to this event."),
    ]


def event_panel(event: dict, reports: list[dict]) -> list:
    """The panel for one event: its place as the title, then the event and its reports."""
    return _event_section(
        event, reports, html.H2(event["place_name"] or "Unnamed place", className="panel-title")
    )


def place_panel(
    events: list[dict],
    reports: list[dict],
    header: list | None = None,
    total: int | None = None,
    claims: list | None = None,
) -> list:
    """The panel for a marker or a place: every event there in the window (newest first) with its reports.

    ``header`` replaces the default title (the first event's place name); ``total`` is the number of events
    when only the newest ``len(events)`` are given; ``claims`` are components listing who held the place.
    """
    if len(events) == 1 and header is None and not claims:
        return event_panel(events[0], reports)
    ordered = sorted(events, key=lambda e: pd.Timestamp(e["date_start"]), reverse=True)
    total = total if total is not None else len(events)
    out = (
        list(header)
        if header is not None
        else [html.H2(ordered[0]["place_name"] if ordered else "Unnamed place", className="panel-title")]
    )
    if total == 0:
        out.append(html.P("No event here in the selected dates and filters.", className="panel-sub"))
    else:
        shown = f"; the newest {len(ordered)} are listed" if total > len(ordered) else ""
        out.append(
            html.P(f"{total:,} events here in the selected dates and filters{shown}.", className="panel-sub")
        )
    for event in ordered:
        own = [r for r in reports if r["event_id"] == event["event_id"]]
        heading = html.H3(event["place_name"] or "Unnamed place", className="event-heading")
        out += [html.Hr(), *_event_section(event, own, heading)]
    if claims:
        out += [html.Hr(), *claims]
    return out


def place_header(place: dict) -> list:
    """A gazetteer place as a panel title: English and Arabic names (the Arabic right to left), its kind,
    where it is and how precisely, and the record's source."""
    arabic = place.get("name_ar")
    return [
        html.H2(place["name"], className="panel-title"),
        html.Div(arabic, dir="rtl", lang="ar", className="panel-arabic") if arabic else None,
        html.Div(
            f"{place['kind']} · {place.get('admin1_name') or place.get('admin1') or ''} · "
            f"{place['lat']:.4f}, {place['lon']:.4f} (± {place.get('uncertainty_km') or 0:g} km)",
            className="panel-sub",
        ),
        html.Div(f"Place record: {place.get('source') or 'unknown source'}", className="report-meta"),
    ]


def governorate_panel(place: dict, events: pd.DataFrame, reports: list[dict], timeline: dict) -> list:
    """A governorate's summary in the window: events and fatalities by type, main actors, a small timeline
    and the newest reports behind its events."""
    from events.query import fatalities  # a query helper, not a later stage

    out = place_header(place)
    if events.empty:
        return [*out, html.P("No event in this governorate in the selected dates and filters.")]
    killed = fatalities(events)
    by_type = (events.assign(killed=killed).groupby(events["event_type"].astype(object))
               .agg(events=("killed", "size"), killed=("killed", "sum"))
               .sort_values("events", ascending=False))  # fmt: skip
    actors = pd.concat([events["actor1"].astype(object), events["actor2"].astype(object)]).dropna()
    main = actors[actors != ""].value_counts().head(5)
    out += [
        html.P(
            f"{len(events):,} events · {int(killed.sum()):,} reported killed (at least)",
            className="panel-sub",
        ),
        html.H3("By type"),
        html.Table(
            [html.Tr([html.Th("Type"), html.Th("Events"), html.Th("Killed")])]
            + [
                html.Tr([html.Td(t), html.Td(f"{r.events:,}"), html.Td(f"{r.killed:,}")])
                for t, r in by_type.iterrows()
            ],
            className="summary-table",
        ),
        html.H3("Main actors"),
        html.Ul(
            [html.Li(f"{name} ({count:,} events)") for name, count in main.items()], className="actor-list"
        ),
        dcc.Graph(
            figure=timeline, config={"displayModeBar": False, "staticPlot": True}, className="mini-timeline"
        ),
        html.H3(f"Newest reports ({len(reports)})"),
        _report_list(reports),
    ]
    return out


def _report_list(reports: list[dict]):
    items = []
    for report in reports:
        meta = " · ".join(
            str(v) for v in (report.get("outlet"), report.get("published")) if v and pd.notna(v)
        )
        title = report["title"]
        link = html.A(title, href=report["url"], target="_blank", rel="noopener noreferrer", className="report-title") \
            if report.get("url") else html.Span(title, className="report-title")  # fmt: skip
        quote = html.Blockquote(report["quote"], className="report-quote") if report.get("quote") else None
        items.append(html.Li([link, html.Div(meta, className="report-meta"), quote]))
    return (
        html.Ul(items, className="report-list") if items else html.P("No report is linked to these events.")
    )


def cell_panel(bounds: list[float], events: list[dict], total: int) -> list:
    """An aggregate disc's content: how many events it stands for, and the newest of them."""
    west, south, east, north = bounds
    rows = [
        html.Li([html.B(f"{pd.Timestamp(e['date_start']):%Y-%m-%d} "),
                 f"{e['event_type']} · {e['place_name'] or '?'} · {e['actor1'] or '?'} vs {e['actor2'] or '?'}"])
        for e in events
    ]  # fmt: skip
    return [
        html.H2(f"{total:,} events in this cell", className="panel-title"),
        html.Div(f"{south:.2f}–{north:.2f} N, {west:.2f}–{east:.2f} E", className="panel-sub"),
        html.P(
            f"The map groups events when the view holds too many to draw one by one; zoom in or narrow the "
            f"dates to see each event. The newest {len(events)} are listed:"
        ),
        html.Ul(rows, className="cell-list"),
    ]


def intro_panel(unpinned: int) -> list:
    """What the panel says before anything is clicked."""
    note = []
    if unpinned:
        what = (
            "event is not drawn as a pin: its source places it"
            if unpinned == 1
            else "events are not drawn as pins: their sources place them"
        )
        note = [html.P(f"{unpinned:,} governorate-level {what} only in a governorate.")]  # fmt: skip
    return [
        html.H2("Reports behind the map", className="panel-title"),
        html.P("Click an event marker to see what happened and read the reports behind it."),
        *note,
    ]


def error_panel(message: str) -> list:
    """Shown instead of a blank panel when a callback fails."""
    return [
        html.H2("Something went wrong", className="panel-title"),
        html.P(message, className="panel-error"),
    ]


def summary_text(counts: dict[str, int]) -> str:
    """The header's counts of the selection."""
    return (f"{counts['events']:,} events · {counts['fatalities']:,} reported killed (at least) · "
            f"{counts['reports']:,} reports")  # fmt: skip
