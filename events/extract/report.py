"""Reading a report for extraction: its text (plain or HTML) and its metadata (flags, or a .json sidecar),
and turning an :class:`~events.extract.pipeline.Extraction` into the JSON lines ``python -m events extract``
prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from events.extract.pipeline import Extraction
from events.extract.text import html_to_text, looks_like_html

SIDECAR_KEYS = ("title", "url", "outlet", "author", "published", "language")


@dataclass(frozen=True)
class ReportInput:
    """A report's text and metadata, as read from a file or standard input."""

    source: str  # the path given, or the URL
    text: str
    title: str | None
    url: str | None
    published: date | None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None


def read_report(path: str, raw: str, overrides: dict) -> ReportInput:
    """Combine the raw text of ``path`` with its sidecar ``.json`` (same stem) and the given overrides."""
    meta: dict = {}
    if path != "-":
        sidecar = Path(path).with_suffix(".json")
        if sidecar.exists() and sidecar != Path(path):
            try:
                meta = {
                    k: v
                    for k, v in json.loads(sidecar.read_text(encoding="utf-8")).items()
                    if k in SIDECAR_KEYS
                }
            except json.JSONDecodeError as exc:
                raise ValueError(f"{sidecar}: line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    meta |= {k: v for k, v in overrides.items() if v is not None}
    html_title = None
    if looks_like_html(raw):
        html_title, raw = html_to_text(raw)
    published = meta.get("published")
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published[:10])
        except ValueError as exc:
            raise ValueError(f"{path}: field 'published': {published!r} is not a YYYY-MM-DD date") from exc
    title = meta.get("title") or html_title or (raw.strip().splitlines() or [""])[0][:200] or None
    return ReportInput(
        source=meta.get("url") if path == "-" and meta.get("url") else path,
        text=raw, title=title, url=meta.get("url"), published=published,
        outlet=meta.get("outlet"), author=meta.get("author"), language=meta.get("language"),
    )  # fmt: skip


def _place_fields(place, precision: int, names: dict[str, str]) -> dict:
    return {
        "place_id": place.id if place else None,
        "place_name": place.name if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "admin1": place.admin1 if place else None,
        "admin1_name": names.get(place.admin1) if place else None,
        "geo_precision": precision if place else None,
    }


def to_json_lines(
    report: ReportInput, extraction: Extraction, governorate_names: dict[str, str]
) -> list[dict]:
    """The records ``python -m events extract`` prints for one report: report, events, control claims."""
    key = report.source
    lines = [
        {"kind": "report", "report": key, "title": report.title,
         "published": report.published.isoformat() if report.published else None,
         **_place_fields(extraction.main_place, extraction.main_precision, governorate_names)}
    ]  # fmt: skip
    for e in extraction.events:
        lines.append(
            {"kind": "event", "report": key, "date_start": e.date_start.isoformat(),
             "date_end": e.date_end.isoformat(), "date_precision": e.date_precision, "event_type": e.event_type,
             "sub_event_type": e.sub_event_type, "actor1": e.actor1, "actor2": e.actor2,
             **_place_fields(e.place, e.geo_precision, governorate_names), "place_kind": e.place.kind,
             "place_alternatives": list(e.alternatives), "place_as_written": e.place_as_written,
             "fatalities_low": e.fatalities_low, "fatalities_best": e.fatalities_best,
             "fatalities_high": e.fatalities_high, "quote": e.quote, "confidence": e.confidence}
        )  # fmt: skip
    for c in extraction.claims:
        lines.append(
            {"kind": "control_claim", "report": key, "place_id": c.place.id, "place_name": c.place.name,
             "latitude": c.place.lat, "longitude": c.place.lon, "admin1": c.place.admin1,
             "faction": c.faction, "extent": c.extent, "as_of": c.as_of.isoformat(), "quote": c.quote}
        )  # fmt: skip
    return lines
