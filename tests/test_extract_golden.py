"""Golden reports written for the project: what `python -m events extract` must find in each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.settings import PROJECT_ROOT

REPORTS = Path(__file__).parent / "data" / "reports"


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[dict]]:
    """One run of the command over every golden report (one process, as users run it)."""
    paths = sorted(str(p) for p in REPORTS.glob("*.txt"))
    out = subprocess.run(
        [sys.executable, "-m", "events", "extract", *paths], cwd=PROJECT_ROOT, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    by_report: dict[str, list[dict]] = {}
    for line in out.splitlines():
        record = json.loads(line)
        by_report.setdefault(Path(record["report"]).stem, []).append(record)
    return by_report


def _kind(records, kind):
    return [r for r in records if r["kind"] == kind]


def test_weekend_offensive(extracted):
    records = extracted["weekend-offensive"]
    [report] = _kind(records, "report")
    assert (report["place_name"], report["admin1"], report["published"]) == (
        "Deir ez-Zor",
        "SY-DY",
        "2017-01-15",
    )
    [event] = _kind(records, "event")
    assert event["date_start"] == "2017-01-14"  # "on Saturday", published on a Sunday
    assert {event["actor1"], event["actor2"]} == {"Islamic State", "Government of Syria"}
    assert (event["place_kind"], event["admin1"], event["geo_precision"]) == ("city", "SY-DY", 1)
    assert (event["fatalities_low"], event["fatalities_best"]) == (
        30,
        30,
    )  # one figure, repeated, counted once
    assert "At least 30 people were killed" in event["quote"]
    claims = {(c["place_id"], c["faction"], c["extent"], c["as_of"]) for c in _kind(records, "control_claim")}
    assert claims == {
        (
            "gn:170794",
            "Government of Syria",
            "part",
            "2017-01-15",
        ),  # "government-held districts of Deir Ezzor"
        ("site:deir-ez-zor-military-airport", "Government of Syria", "all", "2017-01-15"),
        ("adm1:SY-DY", "Islamic State", "most", "2017-01-15"),
    }


def test_governorates_against_cities(extracted):
    events = _kind(extracted["governorates"], "event")
    by_place = {e["place_name"]: e for e in events}
    assert by_place["Homs"]["geo_precision"] == 3 and by_place["Homs"]["place_kind"] == "governorate"
    assert (by_place["Homs"]["date_start"], by_place["Homs"]["date_end"]) == ("2016-02-29", "2016-03-06")
    assert by_place["Homs"]["sub_event_type"] == "Air/drone strike"
    hama = next(e for e in events if e["admin1"] == "SY-HM")
    assert (hama["place_kind"], hama["geo_precision"], hama["date_start"]) == ("city", 1, "2016-03-07")
    assert hama["fatalities_best"] == 4


def test_a_place_outside_syria_makes_no_syrian_event(extracted):
    assert _kind(extracted["outside-syria"], "event") == []


def test_arabic_names_and_near(extracted):
    events = _kind(extracted["arabic-names"], "event")
    deir = next(e for e in events if e["admin1"] == "SY-DY")
    assert (deir["place_name"], deir["geo_precision"], deir["date_start"]) == ("Deir ez-Zor", 2, "2016-08-12")
    claims = _kind(extracted["arabic-names"], "control_claim")
    assert [(c["place_name"], c["faction"]) for c in claims] == [("Manbij", "SDF")]


@pytest.mark.shared
def test_the_acceptance_report(shared_dir):
    """The issue's acceptance example, a real third-party report read from ../shared/ (never copied here)."""
    path = shared_dir / "reports" / "antiwar-2017-01-15-deir-ezzor.txt"
    if not path.exists():
        pytest.skip("acceptance report absent")
    out = subprocess.run([sys.executable, "-m", "events", "extract", str(path)], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    records = [json.loads(line) for line in out.splitlines()]
    [report] = _kind(records, "report")
    assert (report["admin1"], report["place_name"]) == ("SY-DY", "Deir ez-Zor")
    city = [e for e in _kind(records, "event") if e["place_kind"] == "city" and e["admin1"] == "SY-DY"]
    assert city and city[0]["date_start"] == "2017-01-14" and city[0]["fatalities_low"] == 80
    assert {city[0]["actor1"], city[0]["actor2"]} == {"Islamic State", "Government of Syria"}
    claims = {(c["place_id"], c["faction"], c["as_of"]) for c in _kind(records, "control_claim")}
    assert ("site:deir-ez-zor-military-airport", "Government of Syria", "2017-01-15") in claims
    assert ("adm1:SY-DY", "Islamic State", "2017-01-15") in claims


def test_a_report_without_a_publication_date_is_refused(tmp_path):
    report = tmp_path / "undated.txt"
    report.write_text("Shelling hit Hama on Saturday, killing three people.")
    result = subprocess.run([sys.executable, "-m", "events", "extract", str(report)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert (
        result.returncode == 1 and "no publication date" in result.stderr and "Traceback" not in result.stderr
    )
    dated = subprocess.run([sys.executable, "-m", "events", "extract", str(report), "--published", "2016-03-07"],
                           cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)  # fmt: skip
    event = next(json.loads(line) for line in dated.stdout.splitlines() if '"event"' in line)
    assert event["date_start"] == "2016-03-05"


def test_damascus_speaking_for_the_state_and_a_road_named_by_its_ends(extracted):
    records = extracted["idlib-highway"]
    [report] = _kind(records, "report")
    assert (report["place_name"], report["admin1"]) == ("Saraqib", "SY-ID")
    events = {
        (e["place_name"], e["geo_precision"], e["date_start"], e["sub_event_type"])
        for e in _kind(records, "event")
    }
    # "Damascus and its allies pressed", "Damascus has said", "talks with Damascus", "the M5 highway linking
    # Damascus and Aleppo" name no place of an event; "near the Aleppo – Damascus highway east of Saraqib" is
    # near Saraqib
    assert events == {
        ("Saraqib", 1, "2020-01-28", "Armed clash"),
        ("Saraqib", 2, "2020-01-29", "Shelling/artillery/missile attack"),
    }


def test_a_settlement_the_gazetteer_lacks_is_placed_at_what_the_report_says_around_it(extracted):
    records = extracted["unknown-villages"]
    events = {
        e["place_as_written"] or e["place_name"]: (
            e["place_name"],
            e["admin1"],
            e["geo_precision"],
            e["date_start"],
        )
        for e in _kind(records, "event")
    }
    assert events == {
        # "the village of Zardana in Idlib": Idlib is the province, not the city
        "Zardana": ("Idlib", "SY-ID", 3, "2019-04-29"),
        "Saraqib": ("Saraqib", "SY-ID", 1, "2019-04-30"),
        # "Kafr Jales village" alone: the governorate of the report's last place, never the last place itself
        "Kafr Jales": ("Idlib", "SY-ID", 3, "2019-04-30"),
        # "Tarhin camp in the countryside of al-Bab": near al-Bab
        "Tarhin": ("Al Bāb", "SY-HL", 2, "2019-05-01"),
    }


def test_two_sides_tolls_since_a_weekday_and_a_foreign_dateline(extracted):
    records = extracted["ras-al-ain"]
    [report] = _kind(records, "report")
    assert (report["place_name"], report["admin1"]) == ("Ra’s al ‘Ayn", "SY-HA")
    by_place = {e["place_name"]: e for e in _kind(records, "event")}
    # "..., but fighting continued in villages west of Tal Abyad": a clause with a place of its own
    assert set(by_place) == {"Ra’s al ‘Ayn", "Tall Tamr", "Manbij", "‘Ayn al ‘Arab", "Tall Abyaḑ"}
    assert by_place["Tall Abyaḑ"]["geo_precision"] == 2
    battle = by_place["Ra’s al ‘Ayn"]
    # "since Friday" to "on Sunday": a span of three days, so week precision
    assert (battle["date_start"], battle["date_end"], battle["date_precision"]) == (
        "2019-10-18",
        "2019-10-20",
        2,
    )
    # "at least 22 SDF fighters and 14 rebels were killed": one toll of at least 36
    assert (battle["fatalities_low"], battle["fatalities_best"], battle["fatalities_high"]) == (36, 36, None)
    # "AKCAKALE, Turkey (Reuters) -" names no side; "Turkish-backed Syrian rebels" is one
    assert (battle["actor1"], battle["actor2"]) == ("Turkish-backed SNA", "SDF")
    assert (
        "withdrawn from Ras al-Ain" in battle["quote"]
    )  # where they withdrew from, not where they came from
    shelling = by_place["Tall Tamr"]
    assert (shelling["geo_precision"], shelling["actor1"], shelling["fatalities_best"]) == (
        2,
        "Turkish forces",
        3,
    )
    assert {(c["place_name"], c["faction"]) for c in _kind(records, "control_claim")} == {
        ("Ra’s al ‘Ayn", "Turkey/SNA")
    }


def test_an_ambiguous_name_keeps_its_alternatives_in_the_output():
    out = subprocess.run(
        [sys.executable, "-m", "events", "extract", "-", "--published", "2017-01-15"],
        input="Rockets hit Suran on Saturday, killing two.", cwd=PROJECT_ROOT, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    [event] = [r for r in map(json.loads, out.splitlines()) if r["kind"] == "event"]
    others = event["place_alternatives"]
    assert others, "two towns are called Suran: the one not chosen is kept"
    geocoded = subprocess.run(
        [sys.executable, "-m", "geodata", "geocode", "Suran", "--json"], cwd=PROJECT_ROOT, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    assert set(others) <= {c["id"] for c in json.loads(geocoded)} - {event["place_id"]}


def test_a_roundup_of_many_places(extracted):
    records = extracted["roundup"]
    [report] = _kind(records, "report")
    assert report["admin1"] == "SY-DI"
    tolls = {e["place_name"]: (e["admin1"], e["fatalities_best"]) for e in _kind(records, "event")}
    assert all(
        e["date_start"] == "2012-07-19" for e in _kind(records, "event")
    )  # "on Thursday", then inherited
    # the headline's "160 Killed" is the whole country's: Damascus has its own 47
    assert tolls["Damascus"] == ("SY-DI", 47)
    # "21 people were killed in Douma and Zamalka, and 8 others died in Qudsaya": a clause each
    assert tolls["Dūmā"] == ("SY-RD", 21) and tolls["Qadsayyā"] == ("SY-RD", 8)
    assert tolls["Homs"] == ("SY-HI", 18) and tolls["Tallbīsah"] == ("SY-HI", 6)
    assert tolls["Ma‘arrat an Nu‘mān"] == ("SY-ID", 7) and tolls["Kafr Zaytā"] == ("SY-HM", 6)
    assert tolls["Al Ḩaffah"] == ("SY-LA", 2)
    # the UN, Russia and China, Beirut and the Masnaa crossing make no Syrian event
    assert not {"Shīn", "Beirut"} & set(tolls)
    assert all(e["fatalities_best"] != 18000 for e in _kind(records, "event"))
