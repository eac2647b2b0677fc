"""`python -m events import acled`: ACLED exports in both column generations (2023 on, and earlier), Syria rows
only, the notes and sources as the linked report, and updates by ACLED's event id."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from events.__main__ import main
from events.importers import RowError
from events.importers.acled import import_acled
from events.schema import events
from events.store import Store

DATA = Path(__file__).parent / "data" / "datasets"
CURRENT = (
    DATA / "acled_current.csv"
)  # 31 columns from 2023 on: BOM, CRLF, notes over two lines, a Lebanon row
PRE_2023 = DATA / "acled_pre2023.csv"  # data_id, iso, event_id_no_cnty, iso3; "15 January 2017" dates


def _events(store: Store) -> dict[str, dict]:
    return {e["source_id"]: e for e in store.events_frame().to_dict("records")}


def _original(store: Store) -> dict[str, dict]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(events.c.source_id, events.c.original)).all())


def test_current_export_imports_syria_rows_with_normalised_actors(store):
    summary = import_acled(store, CURRENT)
    assert (summary.rows_read, summary.skipped_other_countries, summary.inserted) == (5, 1, 4)
    assert summary.release == "2024-02-09"  # the newest row update (timestamp) in the export
    found = _events(store)
    assert sorted(found) == ["SYR900001", "SYR900002", "SYR900003", "SYR900004"]
    ariha = found["SYR900001"]
    assert (ariha["actor1"], ariha["actor2"]) == ("Government of Syria", "Civilians")
    assert (ariha["event_type"], ariha["sub_event_type"]) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack")  # fmt: skip
    assert (ariha["fatalities_best"], ariha["geo_precision"], ariha["admin1"]) == (2, 1, "SY-ID")
    assert pd.isna(ariha["fatalities_low"]) and pd.isna(ariha["fatalities_high"])  # ACLED gives one figure
    assert pd.isna(found["SYR900002"]["fatalities_best"])  # an empty number is unknown, not zero
    karama = found["SYR900003"]
    assert (karama["actor1"], karama["actor2"], karama["date_precision"]) == ("Islamic State", "SDF", 2)
    assert found["SYR900004"]["actor1"] == "Russia"
    original = _original(store)["SYR900001"]
    assert len(original) == 31 and original["actor1"] == "Military Forces of Syria (2000-2024)"
    assert original["timestamp"] == "1707100000"


def test_notes_and_source_become_the_linked_report_with_the_notes_as_quote(store):
    import_acled(store, CURRENT)
    ariha = _events(store)["SYR900001"]["event_id"]
    [link] = store.reports_for_events([ariha]).to_dict("records")
    assert (link["title"], link["outlet"]) == ("Local monitor; Example Wire", "ACLED")
    assert link["quote"] == (
        "On 3 February 2024, government forces shelled Ariha (Ariha, Idlib), killing 2 civilians.\r\n"
        "A school was also hit."
    )


def test_the_summary_counts_governorates_and_disagreements(store):
    summary = import_acled(store, CURRENT)
    assert summary.per_governorate == {"Idlib": 2, "Aleppo": 1, "Al-Raqqah": 1}
    assert summary.admin1_disagreement_pairs == {"Hama -> Idlib": 1}  # Khan Shaykhun, by our boundaries


def test_pre_2023_columns_and_written_out_dates(store):
    summary = import_acled(store, PRE_2023)
    assert (summary.inserted, summary.skipped_other_countries) == (3, 1)
    found = _events(store)
    airport = found["SYR800001"]
    assert airport["date_start"] == pd.Timestamp("2017-01-15")
    assert (airport["actor1"], airport["actor2"]) == ("Islamic State", "Government of Syria")  # "(2000-)"
    assert found["SYR800002"]["date_start"] == pd.Timestamp("2017-01-20")  # "20-January-2017"
    assert found["SYR800002"]["date_precision"] == 3
    assert _original(store)["SYR800001"]["data_id"] == "8800002"


def test_a_later_export_updates_the_same_acled_event_in_either_column_generation(store):
    import_acled(store, PRE_2023)
    assert _events(store)["SYR900001"]["fatalities_best"] == 1
    summary = import_acled(store, CURRENT)
    assert (summary.inserted, summary.updated) == (3, 1)  # SYR900001 revised: 2 dead, notes rewritten
    assert _events(store)["SYR900001"]["fatalities_best"] == 2
    assert summary.reports_removed == 1  # the old notes, cited by nothing any more
    assert store.counts()["events"] == 6


def test_replace_removes_events_acled_deleted(store, tmp_path):
    import_acled(store, CURRENT)
    frame = pd.read_csv(CURRENT, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    later = tmp_path / "acled_later.csv"
    frame[frame["event_id_cnty"] != "SYR900002"].to_csv(later, index=False)
    summary = import_acled(store, later, replace=True)
    assert (summary.removed, summary.unchanged) == (1, 3)
    assert "SYR900002" not in _events(store)


def test_a_bad_date_stops_the_import_naming_its_line(store, tmp_path):
    text = PRE_2023.read_text(encoding="utf-8").replace("20-January-2017", "2017-13-45")
    bad = tmp_path / "acled.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RowError) as caught:
        import_acled(store, bad)
    assert (caught.value.line, caught.value.column, caught.value.value) == (5, "event_date", "2017-13-45")
    assert "is not a date" in caught.value.reason
    assert store.counts()["events"] == 0


def test_command_imports_an_export(store):
    url = store.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["import", "acled", str(CURRENT), "--db", url, "--quiet"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["inserted"] == 4


def test_the_project_ships_no_acled_data():
    """ACLED's terms forbid redistribution: only the hand-made fixtures (invented events) carry its columns."""
    from geodata.settings import PROJECT_ROOT

    shipped = [
        p for p in PROJECT_ROOT.rglob("*.csv")
        if not {".venv", "var", "build", ".git", "node_modules"} & set(p.relative_to(PROJECT_ROOT).parts)
        and "event_id_cnty" in p.read_text(errors="ignore")[:2000]
    ]  # fmt: skip
    assert sorted(p.name for p in shipped) == ["acled_current.csv", "acled_pre2023.csv"]
    assert all(p.parent == DATA for p in shipped)
