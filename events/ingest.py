"""From an extracted report to store records: the report, its events (each citing the sentences it came from)
and its control claims. Pure shaping; ``python -m events ingest`` does the I/O."""

from __future__ import annotations

from datetime import UTC, datetime

from events.extract.pipeline import Extraction
from events.extract.report import ReportInput
from events.model import ControlClaim, Event, Report

DATASET = "extract"


def to_records(
    report_input: ReportInput, extraction: Extraction
) -> tuple[Report, list[tuple[Event, str]], list[ControlClaim]]:
    """The report, its events with their quotes, and its claims, ready for ``Store.replace_extraction``."""
    report = Report(
        title=report_input.title or report_input.source,
        url=report_input.url,
        outlet=report_input.outlet,
        author=report_input.author,
        published=report_input.published,
        language=report_input.language,
        text=report_input.text,
        retrieved_at=datetime.now(UTC).replace(tzinfo=None),
    )
    events = [
        (
            Event(
                date_start=e.date_start, date_end=e.date_end, date_precision=e.date_precision,
                event_type=e.event_type, sub_event_type=e.sub_event_type, actor1=e.actor1, actor2=e.actor2,
                fatalities_low=e.fatalities_low, fatalities_best=e.fatalities_best,
                fatalities_high=e.fatalities_high, place_id=e.place.id, place_name=e.place.name,
                latitude=e.place.lat, longitude=e.place.lon, geo_precision=e.geo_precision,
                admin1=e.place.admin1, dataset=DATASET, source_id=f"{report.content_hash[:16]}:{n}",
                original={"confidence": e.confidence, "place_kind": e.place.kind}
                | ({"place_alternatives": list(e.alternatives)} if e.alternatives else {})
                | ({"place_as_written": e.place_as_written} if e.place_as_written else {}),
            ),
            e.quote,
        )
        for n, e in enumerate(extraction.events, start=1)
    ]  # fmt: skip
    claims = [
        ControlClaim(
            faction=c.faction, observed=c.as_of, place_id=c.place.id, place_name=c.place.name,
            latitude=c.place.lat, longitude=c.place.lon, report=report, quote=c.quote,
            confidence=1.0 if c.extent == "all" else 0.6, admin1=c.place.admin1,
        )
        for c in extraction.claims
    ]  # fmt: skip
    return report, events, claims
