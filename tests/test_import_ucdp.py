"""`python -m events import ucdp`: UCDP GED files (country and global, plain and zipped) into a real store, with
our governorates, linked reports, idempotent re-imports, release updates, and errors that name the row."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from events.__main__ import main
from events.importers import RowError
from events.importers.common import ImportFileError
from events.importers.ucdp import import_ucdp, release_from_name
from events.model import Event
from events.schema import events, imports
from events.store import Store
from geodata.settings import PROJECT_ROOT

DATA = Path(__file__).parent / "data" / "datasets"
COUNTRY = DATA / "ucdp_ged_country.csv"  # 41 columns, BOM, CRLF, a record over three lines, empty numbers
NEXT = DATA / "ucdp_ged_country_next.csv"  # 900001 revised, 900003 dropped, 900008 new
GLOBAL = DATA / "GEDEvent_v25_1.csv"  # 49 columns, Syria, Iraq and Turkey rows, times after the dates
BAD = DATA / "ucdp_ged_bad.csv"


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def _events(store: Store) -> dict[str, dict]:
    return {e["source_id"]: e for e in store.events_frame().to_dict("records")}


def _stored(store: Store, column: str) -> dict[str, object]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(events.c.source_id, events.c[column])).all())


def test_country_file_maps_fields_precisions_actors_and_keeps_every_original_field(store):
    summary = import_ucdp(store, COUNTRY, version="24.1")
    assert (summary.rows_read, summary.inserted, summary.rejected, summary.skipped_other_countries) == (
        7,
        7,
        0,
        0,
    )
    found = _events(store)
    hajin = found["900002"]
    assert (hajin["date_start"], hajin["date_end"]) == (
        pd.Timestamp("2018-11-23"),
        pd.Timestamp("2018-11-25"),
    )
    assert (hajin["date_precision"], hajin["geo_precision"]) == (2, 2)  # 2-6 days; within 25 km
    assert (hajin["actor1"], hajin["actor2"], hajin["event_type"], hajin["sub_event_type"]) == (
        "Islamic State", "SDF", "Battles", "Non-state conflict")  # fmt: skip
    assert (hajin["fatalities_low"], hajin["fatalities_best"], hajin["fatalities_high"]) == (10, 12, 15)
    assert (hajin["place_name"], hajin["admin1"]) == ("Hajin town", "SY-DY")
    raqqa = found["900003"]
    assert raqqa["event_type"] == "Violence against civilians" and pd.isna(raqqa["fatalities_high"])  # empty
    daraa = found["900004"]  # where_prec 4 (governorate), date_prec 4 (month)
    assert (daraa["geo_precision"], daraa["date_precision"]) == (3, 3)
    assert found["900007"]["date_precision"] == 4  # date_prec 5: a year
    original = _stored(store, "original")["900002"]
    assert len(original) == 41 and original["where_prec"] == "2" and original["gwnob"] == ""
    assert original["source_headline"] == "Fighting near Hajin;Clashes continue\r\nnear Hajin"
    assert set(_stored(store, "release").values()) == {"24.1"}


def test_each_ucdp_source_becomes_a_report_titled_by_its_headline(store):
    import_ucdp(store, COUNTRY)
    ids = {e["source_id"]: e["event_id"] for e in store.events_frame().to_dict("records")}
    hajin = store.reports_for_events([ids["900002"]])
    assert hajin[["title", "outlet"]].values.tolist() == [
        ["Fighting near Hajin", "Example Wire"],
        ["Clashes continue\r\nnear Hajin", "Monitor Network"],
    ]
    assert [d.isoformat() for d in hajin["published"]] == ["2018-11-24", "2018-11-25"]
    market = store.reports_for_events([ids["900001"]])
    assert market["title"].tolist() == ["Shelling hits market, four dead"]  # the comma stays in the title
    assert store.reports_for_events([ids["900007"]]).empty  # no source fields, no report


def test_summary_counts_governorates_from_our_join_and_disagreements_with_the_file(store):
    summary = import_ucdp(store, COUNTRY)
    # event 900007 is placed only in "Syria" (where_prec 6): it counts in no governorate, not in Homs
    assert summary.per_governorate == {"Idlib": 2, "Deir ez-Zor": 1, "Al-Raqqah": 1, "Daraa": 1, "Aleppo": 1,
                                       "(Syria, no governorate)": 1}  # fmt: skip
    # Khan Shaykhun lies in Idlib by our boundaries; the file says Hama
    assert summary.admin1_disagreements == 1
    assert summary.admin1_disagreement_pairs == {"Hamah Governorate -> Idlib": 1}
    assert _events(store)["900005"]["admin1"] == "SY-ID"
    assert _stored(store, "original")["900005"]["adm_1"] == "Hamah Governorate"
    # 900006 gives low 5 above best 3: best is kept, low widened to it
    assert summary.notes == {"fatalities: low or high widened to include best": 1}
    afrin = _events(store)["900006"]
    assert (afrin["fatalities_low"], afrin["fatalities_best"], afrin["fatalities_high"]) == (3, 3, 5)


def test_global_file_imports_only_syria_and_reads_the_release_from_its_name(store):
    summary = import_ucdp(store, GLOBAL)
    assert (summary.release, summary.rows_read, summary.skipped_other_countries, summary.inserted) == (
        "25.1", 6, 3, 3)  # fmt: skip
    found = _events(store)
    assert sorted(found) == ["910001", "910003", "910005"]
    assert found["910001"]["date_start"] == pd.Timestamp("2024-03-02")  # "2024-03-02 00:00:00.000"
    assert found["910001"]["actor2"] == "HTS"
    assert len(_stored(store, "original")["910003"]) == 49


@pytest.mark.parametrize(
    ("name", "release"),
    [("GEDEvent_v25_1.csv", "25.1"), ("ged241-csv.zip", "24.1"), ("ged191.csv", "19.1"),
     ("GEDEvent_v25_0_3.csv", "25.0.3"), ("ged_syria.csv", None), ("my-export.csv", None),
     ("ged100k_sample.csv", None), ("aged191.csv", None)],
)  # fmt: skip
def test_release_from_file_name(name, release):
    assert release_from_name(name) == release


def test_a_zipped_file_imports_like_the_plain_one(store, tmp_path):
    archive = tmp_path / "ged241-csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(COUNTRY, "GEDEvent_v24_1.csv")
    summary = import_ucdp(store, archive)
    assert (summary.inserted, summary.release) == (7, "24.1")
    assert summary.source == f"{archive}!GEDEvent_v24_1.csv"


def test_importing_the_same_file_again_changes_nothing(store):
    import_ucdp(store, COUNTRY)
    before = (store.counts(), store.revision(), _stored(store, "original"))
    again = import_ucdp(store, COUNTRY)
    assert (again.inserted, again.updated, again.unchanged, again.removed) == (0, 0, 7, 0)
    assert (store.counts(), store.revision(), _stored(store, "original")) == before
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(imports)).scalar_one() == 1


def test_a_newer_release_updates_by_id_and_replace_removes_what_it_dropped(store):
    other = Event(
        date_start=date(2018, 11, 24),
        date_end=date(2018, 11, 24),
        event_type="Battles",
        dataset="other",
        source_id="900003",
        latitude=34.69,
        longitude=40.83,
    )  # same id, other dataset
    store.add_events([(other, [])])
    starter = 1
    import_ucdp(store, COUNTRY, version="24.1")
    update = import_ucdp(store, NEXT, version="25.1")
    assert (update.inserted, update.updated, update.unchanged, update.removed) == (1, 1, 5, 0)
    found = {
        e["source_id"]: e for e in store.events_frame().query("dataset == 'ucdp-ged'").to_dict("records")
    }
    assert found["900001"]["fatalities_best"] == 5 and "900003" in found  # kept without --replace
    with store.engine.connect() as conn:
        releases = dict(
            conn.execute(
                sa.select(events.c.source_id, events.c.release).where(events.c.dataset == "ucdp-ged")
            ).all()
        )
    assert (releases["900001"], releases["900002"], releases["900003"]) == ("25.1", "25.1", "24.1")

    replaced = import_ucdp(store, NEXT, version="25.1", replace=True)
    assert (replaced.inserted, replaced.updated, replaced.removed) == (0, 0, 1)
    assert replaced.reports_removed == 1  # the dropped event's report, cited by nothing else
    assert len(store.events_frame()) == 7 + starter
    assert "900003" not in set(store.events_frame().query("dataset == 'ucdp-ged'")["source_id"])
    assert store.events_frame().query("dataset == 'other'")["source_id"].tolist() == ["900003"]  # untouched
    titles = store.reports_for_events(list(store.events_frame()["event_id"]))["title"]
    assert "Two civilians killed in Raqqa" not in set(titles)


def test_a_bad_row_stops_the_import_naming_file_line_column_value_and_reason(store):
    import_ucdp(store, GLOBAL)
    before = (store.counts(), store.revision())
    with pytest.raises(RowError) as caught:
        import_ucdp(store, BAD)
    # the record of line 3 spans lines 3-5, so the third record starts on line 6
    assert str(caught.value) == f"{BAD}, line 6, column 'latitude', value '35.x1': is not a number"
    assert (caught.value.line, caught.value.column, caught.value.value) == (6, "latitude", "35.x1")
    assert (store.counts(), store.revision()) == before


def test_skip_invalid_imports_the_rest_and_writes_the_rejected_rows_with_reasons(store, tmp_path):
    rejects = tmp_path / "rejected.csv"
    summary = import_ucdp(store, BAD, skip_invalid=True, rejects=rejects)
    assert (summary.rejected, summary.inserted, summary.rejects_file) == (2, 2, str(rejects))
    assert sorted(_events(store)) == ["900001", "900002"]
    rows = pd.read_csv(rejects, dtype=str, keep_default_na=False)
    assert rows[["line", "column", "value", "reason", "id"]].values.tolist() == [
        ["6", "latitude", "35.x1", "is not a number", "900003"],
        ["7", "best", "-3", "is below 0", "900005"],
    ]
    assert len(rows.columns) == 4 + 41  # the reasons, then every original field


def test_an_id_repeated_in_a_file_is_an_error_naming_the_first_line(store, tmp_path):
    text = COUNTRY.read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    copy = tmp_path / "twice.csv"
    copy.write_text("\r\n".join([*lines[:-1], lines[1], ""]), encoding="utf-8")
    with pytest.raises(RowError, match=r"line 11, column 'id', value '900001': repeats the id on line 2"):
        import_ucdp(store, copy)


def test_a_file_that_is_not_ged_is_refused_with_the_missing_columns(store):
    from events.importers import ImportFileError

    with pytest.raises(
        ImportFileError, match=r"acled_current.csv: not a UCDP GED file: missing columns id, "
    ):
        import_ucdp(store, DATA / "acled_current.csv")


def test_command_prints_the_summary_and_fails_with_the_row_error(store):
    runner = CliRunner()
    ok = runner.invoke(main, ["import", "ucdp", str(COUNTRY), "--db", _url(store), "--quiet"])
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.stdout)
    assert (summary["dataset"], summary["inserted"], summary["per_governorate"]["Idlib"]) == (
        "ucdp-ged",
        7,
        2,
    )
    bad = runner.invoke(main, ["import", "ucdp", str(BAD), "--db", _url(store), "--quiet"])
    assert bad.exit_code == 1
    assert f"Error: {BAD}, line 6, column 'latitude', value '35.x1': is not a number" in bad.stderr


def _big_ged(path: Path, copies: int) -> None:
    """The fixture's rows repeated with new ids: a file that takes a few seconds to import."""
    frame = pd.read_csv(COUNTRY, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    big = pd.concat([frame] * copies, ignore_index=True)
    big["id"] = [str(1_000_000 + i) for i in range(len(big))]
    big.to_csv(path, index=False)


def test_killing_an_import_midway_leaves_the_store_as_it_was_and_a_rerun_completes(tmp_path):
    """SQLite only: PostgreSQL's transactions are the server's. The import is killed while it writes."""
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = Store.open(db)
    store.upgrade()
    import_ucdp(store, GLOBAL)
    before = store.counts()
    store.engine.dispose()
    big = tmp_path / "big.csv"
    _big_ged(big, 6000)  # 42,000 rows
    command = [sys.executable, "-m", "events", "import", "ucdp", str(big), "--db", db, "--quiet"]
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wal = tmp_path / "store.sqlite-wal"
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 8_000_000:  # well into the write
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    store = Store.open(db)
    assert store.counts() == before
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    summary = import_ucdp(store, big)
    assert summary.inserted == 42_000 and store.counts()["events"] == before["events"] + 42_000


@pytest.mark.shared
def test_the_real_ged_syria_extract_imports_cleanly(shared_dir, sqlite_store):
    summary = import_ucdp(sqlite_store, shared_dir / "data" / "ucdp_ged191_syria_2018_2019.csv")
    assert (summary.rows_read, summary.rejected, summary.inserted, summary.release) == (4809, 0, 4809, "19.1")
    assert summary.outside_syria <= 10  # a few coordinates lie beyond our coarse border
    assert summary.admin1_disagreements < 0.05 * summary.rows_read
    again = import_ucdp(sqlite_store, shared_dir / "data" / "ucdp_ged191_syria_2018_2019.csv")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4809)


def test_replace_with_a_file_holding_no_syria_events_changes_nothing(store, tmp_path):
    import_ucdp(store, COUNTRY)
    before = store.counts()
    header = COUNTRY.read_text(encoding="utf-8-sig").splitlines()[0]
    empty = tmp_path / "ged251-other.csv"
    empty.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no Syria events would remove all"):
        import_ucdp(store, empty, replace=True)
    assert store.counts() == before
