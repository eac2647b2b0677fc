"""The starter set: a small, curated set of real events with their sources, loaded into a new store.

``events/data/starter.json`` holds the records; ``events/data/STARTER.md`` says what the set is and where each
fact comes from. Loading is idempotent: events are keyed by ``("starter", source_id)``.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from pathlib import Path

from events.model import Citation, Event, Report
from events.store import Store

log = logging.getLogger(__name__)

STARTER_PATH = Path(__file__).resolve().parent / "data" / "starter.json"
DATASET = "starter"
SUMMARY_LABEL = "Summary (ours): "


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def read_starter(path: Path = STARTER_PATH) -> list[tuple[Event, list[Citation]]]:
    """Read the starter file into events with their citations.

    Raises
    ------
    ValueError
        Naming the file, the record's number and source id, and the field at fault.
    """
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    retrieved = datetime.fromisoformat(document["retrieved"])
    items = []
    for number, record in enumerate(document["events"], start=1):
        try:
            citations = [
                Citation(
                    Report(
                        title=r["title"],
                        url=r["url"],
                        outlet=r["outlet"],
                        author=r.get("author"),
                        published=_date(r.get("published")),
                        language="en",
                        text=None,
                        summary=r["summary"],
                        retrieved_at=retrieved,
                    ),
                    # The link shows our summary, labelled as ours: the starter set quotes no outlet's text.
                    quote=f"{SUMMARY_LABEL}{r['summary']}",
                )
                for r in record["reports"]
            ]
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


def load_starter(store: Store, path: Path = STARTER_PATH) -> int:
    """Load the starter set into ``store``; return how many events the set holds.

    Idempotent: the events are keyed by ``("starter", source_id)`` and the reports by URL, so loading again
    updates them in place. One transaction: a bad record stores nothing.
    """
    items = read_starter(path)
    result = store.add_events(items)
    log.info("starter set: %(inserted)d events inserted, %(updated)d updated", result)
    return len(items)
