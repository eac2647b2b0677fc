"""Records refuse what cannot be true, with a message naming the record and the field."""

from __future__ import annotations

from datetime import date

import pytest

from events.model import ControlClaim, Event, Report, report_hash

DAY = date(2017, 1, 14)
EVENT = {"date_start": DAY, "date_end": DAY, "event_type": "Battles", "dataset": "test", "source_id": "x"}
CLAIM = {"faction": "Islamic State", "observed": DAY, "place_id": "adm1:SY-DY"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date_end": date(2017, 1, 13)}, "test:x: date_end 2017-01-13 is before date_start 2017-01-14"),
        ({"date_precision": 0}, "date_precision 0 is not one of"),
        ({"geo_precision": 4}, "geo_precision 4 is not one of"),
        ({"fatalities_low": 10, "fatalities_best": 5}, r"0 <= low <= best <= high, got 10/5/None"),
        ({"fatalities_best": 5, "fatalities_high": 4}, r"got None/5/4"),
        ({"fatalities_low": -1}, "0 <= low"),
        ({"latitude": 95.0, "longitude": 40.0}, "latitude 95.0 out of range"),
        ({"latitude": 35.0, "longitude": 190.0}, "longitude 190.0 out of range"),
        ({"latitude": 35.0}, "latitude and longitude must be given together"),
        ({"admin1": "Deir ez-Zor"}, "admin1 'Deir ez-Zor' is not an ISO 3166-2 code"),
        ({"event_type": ""}, "event_type is empty"),
        ({"source_id": ""}, "dataset and source_id are required"),
    ],
)
def test_an_impossible_event_is_refused(change, message):
    with pytest.raises(ValueError, match=message):
        Event(**(EVENT | change))


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"date_end": date(2017, 1, 15), "date_precision": 2},
        {"fatalities_low": 80},  # "over 80 killed": only a lower bound
        {"fatalities_low": 43, "fatalities_high": 70},  # sources differ, no best figure
        {"fatalities_low": 5, "fatalities_best": 5, "fatalities_high": 5},
        {"latitude": 35.336, "longitude": 40.141, "admin1": "SY-DY", "geo_precision": 1},
    ],
)
def test_a_possible_event_is_accepted(change):
    event = Event(**(EVENT | change))
    assert {k: getattr(event, k) for k in change} == change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"place_id": None}, "no place, point or polygon"),
        ({"valid_from": date(2017, 2, 1), "valid_to": date(2017, 1, 1)}, "valid_to 2017-01-01 is before"),
        ({"confidence": 1.5}, r"confidence 1.5 not in \[0, 1\]"),
        ({"faction": ""}, "faction is empty"),
        ({"polygon": "POLYGON ((40 35, 41 35"}, "polygon is not valid WKT"),
        ({"polygon": {"type": "Point", "coordinates": [40, 35]}}, "must be a GeoJSON or WKT Polygon"),
        ({"dataset": "starter"}, "dataset and source_id must be given together"),
        ({"latitude": 35.3, "longitude": -200.0}, "longitude -200.0 out of range"),
    ],
)
def test_an_impossible_claim_is_refused(change, message):
    with pytest.raises(ValueError, match=message):
        ControlClaim(**(CLAIM | change))


def test_a_wkt_polygon_is_kept_as_geojson():
    claim = ControlClaim(**(CLAIM | {"place_id": None, "polygon": "POLYGON ((40 35, 41 35, 41 36, 40 35))"}))
    assert claim.polygon == {
        "type": "Polygon",
        "coordinates": [[[40.0, 35.0], [41.0, 35.0], [41.0, 36.0], [40.0, 35.0]]],
    }


def test_a_report_is_identified_by_its_text_whatever_the_spacing_or_by_its_url():
    one = Report(title="A", url="https://example.org/a", text="Over 80 were  killed.\n")
    same_text = Report(title="B", url="https://example.org/b", text="over 80 were killed.")
    assert one.content_hash == same_text.content_hash == report_hash("Over 80 were killed.")
    no_text = Report(title="C", url="https://example.org/a")
    assert no_text.content_hash == report_hash(None, "https://example.org/a") != one.content_hash


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": " ", "url": "https://example.org/a"}, "report https://example.org/a: title is empty"),
        ({"title": "No text, no URL"}, "a report needs text or a URL"),
    ],
)
def test_an_unidentifiable_report_is_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        Report(**fields)
