"""`python -m events import table`: any CSV, GeoJSON or GeoPackage of events through a --map of its columns."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from shapely.geometry import Point, Polygon

from events.__main__ import main
from events.importers import ImportFileError, RowError
from events.importers.table import import_table, parse_map
from events.schema import events
from events.store import Store

DATA = Path(__file__).parent / "data" / "datasets"
CSV = DATA / "table_events.csv"  # own column names, dd/mm/yyyy dates, CRLF, notes over two lines
GEOJSON = DATA / "table_events.geojson"  # points; one lies in Iraq
CSV_MAP = parse_map(
    "id=Ref,date=Day,lat=Lat,lon=Lon,type=Category,actor1=Side A,actor2=Side B,fatalities=Killed,place=Where,"
    "admin1=Governorate,url=Link,notes=Summary"
)
GEO_MAP = parse_map("id=code,date=when,type=kind,fatalities=deaths,place=place,url=url")


def _events(store: Store) -> dict[str, dict]:
    return {e["source_id"]: e for e in store.events_frame().to_dict("records")}


def test_a_csv_through_its_map_with_the_reports_it_links(store):
    summary = import_table(store, CSV, CSV_MAP, dataset="siege-log", date_format="%d/%m/%Y",
                           citation="Siege log, compiled by a research group (2016)")  # fmt: skip
    assert (summary.dataset, summary.inserted, summary.rejected) == ("siege-log", 3, 0)
    found = _events(store)
    first = found["T-1"]
    assert (first["date_start"], first["event_type"], first["fatalities_best"]) == (
        pd.Timestamp("2016-03-14"), "Battles", 7)  # fmt: skip
    assert (first["admin1"], first["place_name"], first["dataset"]) == ("SY-HL", "Aleppo", "siege-log")
    assert pd.isna(found["T-2"]["fatalities_best"])
    [link] = store.reports_for_events([first["event_id"]]).to_dict("records")
    assert (link["url"], link["quote"]) == (
        "https://example.org/reports/t-1", "Clashes east of Aleppo, with seven killed.")  # fmt: skip
    with store.engine.connect() as conn:
        original = conn.execute(sa.select(events.c.original).where(events.c.source_id == "T-2")).scalar_one()
    assert original["Summary"] == "-1 reported; a mine exploded near Palmyra.\nNo further detail."
    assert summary.admin1_disagreement_pairs == {"Rif Dimashq -> Damascus": 1}


def test_a_geojson_takes_its_coordinates_from_the_points(store):
    summary = import_table(store, GEOJSON, GEO_MAP, dataset="geo")
    assert (summary.inserted, summary.outside_syria) == (
        3,
        1,
    )  # Zakho is in Iraq: kept, without a governorate
    found = _events(store)
    assert (found["G-1"]["latitude"], found["G-1"]["longitude"], found["G-1"]["admin1"]) == (
        35.9306, 36.7101, "SY-ID")  # fmt: skip
    assert found["G-1"]["fatalities_best"] == 3 and pd.isna(found["G-2"]["fatalities_best"])
    assert summary.per_governorate == {"Idlib": 1, "Al-Raqqah": 1, "(outside Syria)": 1}


def test_a_geopackage_and_a_non_point_feature_named_by_its_number(store, tmp_path):
    frame = gpd.GeoDataFrame(
        {"code": ["P-1", "P-2"], "when": ["2020-01-01", "2020-01-02"], "kind": ["Battles", "Battles"]},
        geometry=[Point(36.72, 35.93), Polygon([(36, 35), (37, 35), (37, 36)])],
        crs="EPSG:4326",
    )
    path = tmp_path / "events.gpkg"
    frame.to_file(path, driver="GPKG")
    mapping = parse_map("id=code,date=when,type=kind")
    with pytest.raises(
        RowError, match=r"events.gpkg, feature 2, column 'geometry', value 'Polygon': is not a"
    ):
        import_table(store, path, mapping)
    summary = import_table(store, path, mapping, skip_invalid=True, rejects=tmp_path / "rejected.csv")
    assert (summary.inserted, summary.rejected) == (1, 1)


def test_rows_without_an_id_are_keyed_by_their_content_so_a_second_import_changes_nothing(store):
    mapping = {k: v for k, v in CSV_MAP.items() if k != "id"}
    first = import_table(store, CSV, mapping, date_format="%d/%m/%Y")
    again = import_table(store, CSV, mapping, date_format="%d/%m/%Y")
    assert (first.inserted, again.inserted, again.unchanged) == (3, 0, 3)
    assert all(len(s) == 16 for s in _events(store))


def test_event_type_for_every_row_when_no_column_gives_it(store):
    mapping = {k: v for k, v in CSV_MAP.items() if k != "type"}
    import_table(store, CSV, mapping, date_format="%d/%m/%Y", event_type="Strategic developments")
    assert {e["event_type"] for e in _events(store).values()} == {"Strategic developments"}
    with pytest.raises(ImportFileError, match="map type=COLUMN or give --event-type"):
        import_table(store, CSV, mapping, date_format="%d/%m/%Y")


@pytest.mark.parametrize(
    ("text", "message"),
    [("date=Day,when=Day", "unknown field 'when'"), ("date", "'date' is not FIELD=COLUMN"),
     ("date=,lat=Lat", "'date=' is not FIELD=COLUMN")],
)  # fmt: skip
def test_a_malformed_map_is_refused(text, message):
    with pytest.raises(ImportFileError, match=message):
        parse_map(text)


def test_a_missing_column_and_a_reserved_dataset_name_are_refused(store):
    with pytest.raises(ImportFileError, match="missing columns Datum"):
        import_table(store, CSV, {**CSV_MAP, "date": "Datum"})
    with pytest.raises(ImportFileError, match="'starter' is used by the project itself"):
        import_table(store, CSV, CSV_MAP, dataset="starter")


def test_dates_in_an_unexpected_format_name_the_line_and_the_formats_tried(store):
    with pytest.raises(RowError) as caught:
        import_table(store, CSV, CSV_MAP)  # dd/mm/yyyy without --date-format
    assert (caught.value.line, caught.value.column, caught.value.value) == (2, "Day", "14/03/2016")
    assert caught.value.reason.startswith("is not a date (%Y-%m-%d or %d %B %Y")


def test_command_with_map_and_options(store):
    url = store.engine.url.render_as_string(hide_password=False)
    args = ["import", "table", str(CSV), "--map", "id=Ref,date=Day,lat=Lat,lon=Lon,type=Category",
            "--date-format", "%d/%m/%Y", "--dataset", "siege-log", "--db", url, "--quiet"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["inserted"] == 3
    wrong = CliRunner().invoke(main, [*args[:3], "--map", "day=Day", *args[5:]])
    assert wrong.exit_code == 2 and "unknown field 'day'" in wrong.stderr


def test_rows_with_the_same_stock_note_keep_their_own_report_urls(store, tmp_path):
    path = tmp_path / "stock.csv"
    rows = [
        f"S-{n},2016-03-1{n},36.2,37.16,Battles,https://example.org/r{n},Clashes reported.\n"
        for n in (1, 2, 3)
    ]
    path.write_text("Ref,Day,Lat,Lon,Category,Link,Summary\n" + "".join(rows), encoding="utf-8")
    mapping = parse_map("id=Ref,date=Day,lat=Lat,lon=Lon,type=Category,url=Link,notes=Summary")
    import_table(store, path, mapping, dataset="stock")
    found = _events(store)
    links = store.reports_for_events([found[f"S-{n}"]["event_id"] for n in (1, 2, 3)])
    assert sorted(links["url"]) == [f"https://example.org/r{n}" for n in (1, 2, 3)]
    assert set(links["quote"]) == {"Clashes reported."}
