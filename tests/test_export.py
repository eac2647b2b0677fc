"""Exports: the selected events as CSV or GeoJSON with the export columns, formula cells neutralised, and a
citation manifest naming each dataset's release, required citation and licence, the filters and the date."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from events.__main__ import main
from events.export import EXPORT_COLUMNS, citation_manifest, export_frame, to_csv, to_geojson
from events.importers.acled import import_acled
from events.importers.table import import_table, parse_map
from events.importers.ucdp import import_ucdp
from events.model import Citation, Event, Report
from events.query import Selection
from events.store import Store

DATA = Path(__file__).parent / "data" / "datasets"
ACCESSED = date(2026, 1, 31)
REQUIRED_COLUMNS = [
    "dataset", "source_id", "date_start", "date_end", "event_type", "sub_event_type", "actor1", "actor2",
    "fatalities_low", "fatalities_best", "fatalities_high", "latitude", "longitude", "geo_precision", "place_name",
    "admin1", "admin1_name", "report_urls",
]  # fmt: skip


@pytest.fixture
def filled(store: Store) -> Store:
    """UCDP GED 24.1 (7 events), an ACLED export (4), a table with formula-like cells (3), one starter event
    without coordinates."""
    import_ucdp(store, DATA / "ucdp_ged_country.csv", version="24.1")
    import_acled(store, DATA / "acled_current.csv")
    mapping = parse_map("id=Ref,date=Day,lat=Lat,lon=Lon,type=Category,actor1=Side A,actor2=Side B,"
                        "fatalities=Killed,place=Where,url=Link,notes=Summary")  # fmt: skip
    import_table(store, DATA / "table_events.csv", mapping, dataset="siege-log", date_format="%d/%m/%Y",
                 citation="Siege log (2016), a research group's table", licence="CC BY 4.0")  # fmt: skip
    unplaced = Event(date_start=date(2016, 5, 1), date_end=date(2016, 5, 31), date_precision=3, geo_precision=3,
                     event_type="Strategic developments", dataset="starter", source_id="unplaced")  # fmt: skip
    report = Report(title="A monthly review", url="https://example.org/review")
    store.add_events([(unplaced, [Citation(report)])])
    return store


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_the_export_has_the_columns_the_issue_lists_in_date_order(filled):
    frame = export_frame(filled, Selection())
    assert list(frame.columns) == EXPORT_COLUMNS
    assert set(REQUIRED_COLUMNS) <= set(frame.columns)
    assert len(frame) == 7 + 4 + 3 + 1
    assert frame["date_start"].tolist() == sorted(frame["date_start"])
    t1 = frame[frame["source_id"] == "T-1"].iloc[0]
    assert (t1["dataset"], t1["admin1"], t1["admin1_name"], t1["report_urls"]) == (
        "siege-log", "SY-HL", "Aleppo", ["https://example.org/reports/t-1"])  # fmt: skip
    hajin = frame[frame["source_id"] == "900002"].iloc[0]
    assert (hajin["release"], hajin["date_start"], hajin["date_end"]) == (
        "24.1", date(2018, 11, 23), date(2018, 11, 25))  # fmt: skip


def test_selections_filter_by_date_governorate_type_and_actor(filled):
    def ids(**kwargs) -> list[str]:
        return sorted(export_frame(filled, Selection(**kwargs))["source_id"])

    assert ids(admin1=("SY-ID",)) == ["900001", "900005", "SYR900001", "SYR900004"]
    assert ids(start=date(2024, 1, 1)) == ["SYR900001", "SYR900002", "SYR900003", "SYR900004"]
    assert ids(event_types=("Protests",)) == ["T-3"]
    assert ids(actors=("SDF",), datasets=("acled",)) == ["SYR900003"]


def test_csv_neutralises_formula_cells_and_keeps_numbers_as_numbers(filled):
    text = to_csv(export_frame(filled, Selection(datasets=("siege-log",))))
    assert text.splitlines()[0] == ",".join(EXPORT_COLUMNS)
    rows = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False).set_index("source_id")
    assert rows.loc["T-2", "actor1"] == '\'=HYPERLINK("http://x")'
    assert rows.loc["T-2", "actor2"] == "'@SUM(A1)"
    assert rows.loc["T-2", "place_name"] == "'+Palmyra"
    assert rows.loc["T-1", "fatalities_best"] == "7" and rows.loc["T-1", "latitude"] == "36.2021"
    assert rows.loc["T-2", "fatalities_best"] == ""  # unknown stays empty
    assert rows.loc["T-1", "report_urls"] == "https://example.org/reports/t-1"


def test_geojson_points_with_properties_and_the_manifest_as_citation(filled):
    frame = export_frame(filled, Selection())
    manifest = citation_manifest(filled, Selection(), frame, ACCESSED)
    collection = json.loads(json.dumps(to_geojson(frame, manifest)))  # JSON-serialisable as it is
    assert collection["type"] == "FeatureCollection" and collection["citation"] == manifest
    by_id = {f["properties"]["source_id"]: f for f in collection["features"]}
    assert by_id["T-1"]["geometry"] == {"type": "Point", "coordinates": [37.1343, 36.2021]}
    assert by_id["T-1"]["properties"]["report_urls"] == ["https://example.org/reports/t-1"]
    assert by_id["T-2"]["properties"]["actor1"] == '=HYPERLINK("http://x")'  # only CSV needs neutralising
    assert by_id["unplaced"]["geometry"] is None
    assert by_id["900002"]["properties"]["date_end"] == "2018-11-25"
    assert "latitude" not in by_id["T-1"]["properties"]


def test_the_manifest_names_each_release_its_citation_licence_and_the_filters(filled):
    selection = Selection(end=date(2024, 12, 31))
    frame = export_frame(filled, selection)
    manifest = citation_manifest(filled, selection, frame, ACCESSED)
    assert (manifest["accessed"], manifest["events"], manifest["filters"]) == (
        "2026-01-31", 15, {"end": "2024-12-31"})  # fmt: skip
    datasets = {d["dataset"]: d for d in manifest["datasets"]}
    assert sorted(datasets) == ["acled", "siege-log", "starter", "ucdp-ged"]
    ucdp = datasets["ucdp-ged"]
    assert (ucdp["release"], ucdp["events"], ucdp["licence"]) == ("24.1", 7, "CC BY 4.0")
    assert any(c.startswith("Sundberg, Ralph and Erik Melander (2013)") for c in ucdp["citation"])
    assert any(c.startswith("Davies, Shawn") and "(2024)" in c for c in ucdp["citation"])
    assert ucdp["imported"]["file"] == "ucdp_ged_country.csv" and len(ucdp["imported"]["sha256"]) == 64
    acled = datasets["acled"]
    assert acled["release"] == "2024-02-09"
    assert acled["citation"][0].startswith("Raleigh, Clionadh, Andrew Linke, Håvard Hegre and Joakim Karlsen")
    assert "Armed Conflict Location & Event Data (ACLED); www.acleddata.com" in acled["citation"]
    assert "not redistribute" in acled["note"]
    assert (datasets["siege-log"]["citation"], datasets["siege-log"]["licence"]) == (
        ["Siege log (2016), a research group's table"], "CC BY 4.0")  # fmt: skip
    assert datasets["starter"]["title"] == "Syria Conflict Map starter set"


def test_command_writes_the_file_and_its_manifest_beside_it(filled, tmp_path):
    out = tmp_path / "exports" / "idlib.csv"
    args = ["export", "--format", "csv", "--admin1", "SY-ID", "--type", "Battles,Explosions/Remote violence",
            "--db", _url(filled), "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"out": str(out), "events": 4,
                                         "citation": str(out) + ".citation.json"}  # fmt: skip
    rows = pd.read_csv(out)
    assert sorted(rows["source_id"].astype(str)) == ["900001", "900005", "SYR900001", "SYR900004"]
    manifest = json.loads((tmp_path / "exports" / "idlib.csv.citation.json").read_text())
    assert manifest["filters"] == {
        "admin1": ["SY-ID"],
        "event_types": ["Battles", "Explosions/Remote violence"],
    }


def test_command_on_stdout_sends_the_manifest_to_stderr(filled):
    args = ["export", "--format", "geojson", "--actor", "Islamic State", "--start", "2018-01-01",
            "--end", "2018-12-31", "--db", _url(filled)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    collection = json.loads(result.stdout)
    assert [f["properties"]["source_id"] for f in collection["features"]] == ["900002"]
    assert json.loads(result.stderr)["events"] == 1
    csv = CliRunner().invoke(main, ["export", "--dataset", "siege-log", "--db", _url(filled)])
    assert csv.stdout.splitlines()[0].startswith("dataset,release,source_id,")
    assert len(csv.stdout.splitlines()) == 1 + 3


def test_command_refuses_a_bad_date(filled):
    result = CliRunner().invoke(main, ["export", "--start", "2018-02-30", "--db", _url(filled)])
    assert result.exit_code == 2 and "2018-02-30" in result.stderr


@pytest.mark.parametrize(
    "value",
    ["Aleppo\r=cmd|' /C calc'!A0", "\uff1dSUM(A1)", " =SUM(A1)", "\ufeff=SUM(A1)", "\n@SUM(A1)"],
)
def test_no_cell_can_smuggle_a_formula_past_the_neutralising(value):
    from events.export import to_csv

    frame = pd.DataFrame({"place_name": [value], "report_urls": [[]]})
    rows = list(csv.reader(io.StringIO(to_csv(frame), newline="")))
    assert len(rows) == 2  # the header and one row: a carriage return inside a cell starts no new row
    cell = rows[1][0]
    if value.startswith("Aleppo"):  # a formula after a line break stays inside the quoted cell
        assert cell == value
    else:
        assert cell.startswith("'") and cell[1:] == value
