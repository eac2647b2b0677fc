"""The side panel's content as pure functions: records in, Dash components out."""

from __future__ import annotations

import pandas as pd
from dash import html


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


def place_panel(events: list[dict], reports: list[dict]) -> list:
    """The panel for a marker: every event drawn at that point (markers there overlap), newest first."""
    if len(events) == 1:
        return event_panel(events[0], reports)
    ordered = sorted(events, key=lambda e: pd.Timestamp(e["date_start"]), reverse=True)
    out = [
        html.H2(ordered[0]["place_name"] or "Unnamed place", className="panel-title"),
        html.P(f"{len(events)} events are drawn at this point; the markers overlap.", className="panel-sub"),
    ]
    for event in ordered:
        own = [r for r in reports if r["event_id"] == event["event_id"]]
        heading = html.H3(event["place_name"] or "Unnamed place", className="event-heading")
        out += [html.Hr(), *_event_section(event, own, heading)]
    return out


def intro_panel(unpinned: int) -> list:
    """What the panel says before anything is clicked."""
    note = []
    if unpinned:
        what = (
            "event is not drawn as a pin: its source places it"
            if unpinned == 1
            else "events are not drawn as pins: their sources place them"
        )
        note = [html.P(f"{unpinned} governorate-level {what} only in a governorate.")]  # fmt: skip
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


def counts_text(events: pd.DataFrame) -> str:
    """The header's summary of what the map holds: events, fatalities (best or lower bound) and reports."""
    fatalities = pd.to_numeric(
        events["fatalities_best"].fillna(events["fatalities_low"]), errors="coerce"
    ).fillna(0)
    return (f"{len(events):,} events · {int(fatalities.sum()):,} reported killed (at least) · "
            f"{int(events['report_count'].fillna(0).sum()):,} report links")  # fmt: skip
