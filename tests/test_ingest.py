"""`python -m events ingest`: reports, events, quotes and claims land in a real SQLite store; ingesting the
same report again (same URL or same text) replaces instead of duplicating."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from events.store import Store
from geodata.settings import PROJECT_ROOT

REPORT = Path(__file__).parent / "data" / "reports" / "weekend-offensive.txt"


def _ingest(db: str, *paths: Path) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "events", "ingest", *map(str, paths), "--db", db],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout  # fmt: skip
    return [json.loads(line) for line in out.splitlines()]


def test_ingest_stores_events_with_quotes_and_claims(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert _ingest(db, REPORT) == [{"report": str(REPORT), "events": 1, "replaced": 0, "claims": 3}]
    store = Store.open(db)
    [event] = store.events_frame().to_dict("records")
    assert (event["place_name"], event["admin1"], event["fatalities_low"], event["dataset"]) == (
        "Deir ez-Zor", "SY-DY", 30, "extract")  # fmt: skip
    [link] = store.reports_for_events([event["event_id"]]).to_dict("records")
    assert link["url"] == "https://example.org/weekend-offensive" and "At least 30 people" in link["quote"]
    claims = store.claims_frame()
    assert set(claims["faction"]) == {"Government of Syria", "Islamic State"}
    assert set(claims["report_title"]) == {"Militants Press Attack on Eastern City"}


def test_ingesting_again_replaces_instead_of_duplicating(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    _ingest(db, REPORT)
    _ingest(db, REPORT)  # same text
    edited = tmp_path / "weekend-offensive.txt"  # same URL (from its sidecar), corrected text
    edited.write_text(REPORT.read_text().replace("At least 30 people", "At least 35 people"))
    shutil.copy(REPORT.with_suffix(".json"), edited.with_suffix(".json"))
    [result] = _ingest(db, edited)
    assert result["replaced"] == 1
    store = Store.open(db)
    assert store.counts() == {"events": 1, "reports": 1, "claims": 3}
    assert store.events_frame()["fatalities_low"].tolist() == [35]


def test_a_settlement_the_gazetteer_lacks_is_stored_as_written(tmp_path):
    path = tmp_path / "store.sqlite"
    _ingest(f"sqlite:///{path}", REPORT.with_name("unknown-villages.txt"))
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT place_name, geo_precision, original FROM events ORDER BY date_start"
        ).fetchall()
    written = {
        json.loads(original).get("place_as_written"): (name, precision) for name, precision, original in rows
    }
    assert written["Zardana"] == ("Idlib", 3)
    assert written["Tarhin"] == ("Al Bāb", 2)
    assert written[None] == ("Saraqib", 1)
