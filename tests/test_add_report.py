"""The "Add report" form's work as pure functions, over the real gazetteer and a real SQLite store."""

from __future__ import annotations

import pytest

from dashboard.add_report import FormError, preview, preview_components, read_form, records
from events.extract.places import PlaceFinder
from events.query import EventCache
from events.store import Store
from geodata.gazetteer import load_gazetteer

TEXT = (
    "Islamic State fighters attacked government positions in the city of Deir Ezzor on Saturday. "
    "At least 16 soldiers were killed, a monitoring group said. "
    "The Deir Ezzor military airport remains under government control."
)  # our own sentences, in the style of the reports the project reads


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        (("", "T", None, "2017-01-15"), "Text"),
        ((TEXT, " ", None, "2017-01-15"), "Title"),
        ((TEXT, "T", None, "15/01/2017"), "Published: '15/01/2017'"),
        ((TEXT, "T", "ftp://x", "2017-01-15"), "URL: 'ftp://x'"),
    ],
)
def test_a_bad_field_is_named(fields, named):
    with pytest.raises(FormError, match=named):
        read_form(*fields)


def test_preview_shows_the_event_with_a_place_picker_and_the_claim(gazetteer):
    report = read_form(TEXT, "ISIS attacks Deir Ezzor", "https://example.org/a", "2017-01-15")
    extraction = preview(report, PlaceFinder(gazetteer))
    event = extraction.events[0]
    assert (str(event.date_start), event.fatalities_low, event.place.admin1) == ("2017-01-14", 16, "SY-DY")
    text = str(preview_components(extraction, gazetteer))
    assert "add-place" in text and "★" in text  # a picker with the chosen place first
    assert "held by Government of Syria" in text


def test_save_stores_the_chosen_place_and_saving_again_replaces(tmp_path, gazetteer):
    store = Store.open(f"sqlite:///{tmp_path / 'add.sqlite'}")
    store.upgrade()
    report = read_form(TEXT, "ISIS attacks Deir Ezzor", "https://example.org/a", "2017-01-15")
    extraction = preview(report, PlaceFinder(gazetteer))
    airport = gazetteer.frame[gazetteer.frame["name"].str.contains("Deir ez-Zor Airport", case=False)]
    choice = airport["id"].iloc[0] if len(airport) else "icao:OSDZ"
    first = store.replace_extraction(*records(report, extraction, [choice], gazetteer))
    again = store.replace_extraction(*records(report, extraction, [choice], gazetteer))
    assert first["events"] == again["events"] == again["replaced"] == len(extraction.events)
    frame = EventCache(store).frame()
    assert len(frame) == len(extraction.events)
    assert frame["place_id"].iloc[0] == choice
    assert store.counts()["reports"] == 1
