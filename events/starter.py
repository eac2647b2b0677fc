"""The starter set: a curated set of real events and control claims with their sources, loaded into a new store.

``events/data/starter.json`` holds the records; ``events/data/STARTER.md`` says what the set is and where each
fact comes from. The file has four parts: ``retrieved`` (the access date of its encyclopedia sources),
``reports`` (each source once, by key: title, URL, outlet, publication date and a summary in our own words),
``events`` and ``claims``. An event cites reports as ``{"report": key, "note": ...}``, the note saying in our
words what that source gives for this event; a claim cites one report the same way. (An event may also carry a
report inline as a dict with ``title, url, outlet, published, author, summary``, the summary then serving as the
note.) Loading is idempotent: events and claims are keyed by ``("starter", source_id)``, reports by URL.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

from events.model import Citation, ControlClaim, Event, Report
from events.store import Store

log = logging.getLogger(__name__)

STARTER_PATH = Path(__file__).resolve().parent / "data" / "starter.json"
DATASET = "starter"
SUMMARY_LABEL = "Summary (ours): "
CLAIM_FIELDS = (
    "faction", "place_id", "place_name", "latitude", "longitude", "admin1", "confidence",
)  # fmt: skip


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _read(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _citation(entry: dict, reports: dict[str, dict], retrieved: datetime) -> Citation:
    """One event-report link: a ``{"report": key, "note": ...}`` reference, or a report given inline."""
    if "report" in entry:
        source, note = reports[entry["report"]], entry["note"]
    else:
        source, note = entry, entry["summary"]
    report = Report(
        title=source["title"],
        url=source["url"],
        outlet=source["outlet"],
        author=source.get("author"),
        published=_date(source.get("published")),
        language="en",
        text=None,
        summary=source["summary"],
        retrieved_at=retrieved,
    )
    # The link shows our note, labelled as ours: the starter set quotes no outlet's text.
    return Citation(report, quote=f"{SUMMARY_LABEL}{note}")


def read_starter(path: Path = STARTER_PATH) -> list[tuple[Event, list[Citation]]]:
    """Read the starter file's events with their citations.

    Raises
    ------
    ValueError
        Naming the file, the event's number and source id, and the field at fault.
    """
    document = _read(path)
    retrieved = datetime.fromisoformat(document["retrieved"])
    reports = document.get("reports", {})
    items = []
    for number, record in enumerate(document["events"], start=1):
        try:
            citations = [_citation(entry, reports, retrieved) for entry in record["reports"]]
            fields = {k: v for k, v in record.items() if k != "reports"}
            event = Event(
                **{
                    **fields,
                    "date_start": _date(fields["date_start"]),
                    "date_end": _date(fields["date_end"]),
                },
                dataset=DATASET,
                original={},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: event {number} ({record.get('source_id', '?')}): {exc}") from exc
        items.append((event, citations))
    return items


def read_starter_claims(path: Path = STARTER_PATH) -> list[ControlClaim]:
    """Read the starter file's control claims, each with the report it comes from and our note as its quote.

    Raises
    ------
    ValueError
        Naming the file, the claim's number and source id, and the field at fault.
    """
    document = _read(path)
    retrieved = datetime.fromisoformat(document["retrieved"])
    reports = document.get("reports", {})
    claims = []
    for number, record in enumerate(document.get("claims", []), start=1):
        try:
            citation = _citation(record, reports, retrieved)
            claim = ControlClaim(
                **{name: record[name] for name in CLAIM_FIELDS},
                observed=_date(record["observed"]),
                valid_from=_date(record.get("valid_from")),
                valid_to=_date(record.get("valid_to")),
                report=citation.report,
                quote=citation.quote,
                dataset=DATASET,
                source_id=record["source_id"],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: claim {number} ({record.get('source_id', '?')}): {exc}") from exc
        claims.append(claim)
    return claims


def load_starter(store: Store, path: Path = STARTER_PATH) -> int:
    """Load the starter set's events, reports and control claims into ``store``; return how many events it holds.

    Idempotent: events and claims are keyed by ``("starter", source_id)`` and reports by URL, so loading again
    updates them in place. One transaction: a bad record stores nothing.
    """
    items = read_starter(path)
    claims = read_starter_claims(path)
    with store.engine.begin() as conn:
        events = store.add_events(items, conn)
        stored = store.add_claims(claims, conn)
    log.info(
        "starter set: %d events inserted, %d updated; %d claims inserted, %d updated",
        events["inserted"], events["updated"], stored["inserted"], stored["updated"],
    )  # fmt: skip
    return len(items)
