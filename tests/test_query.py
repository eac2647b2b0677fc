"""Selections: their URL form, and the same answer from the store (SQL) and from the in-memory cache."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from events.model import Citation, Event, Report
from events.query import EventCache, Selection, SelectionError, select_events, selection_mask

PLACES = {  # real coordinates of three governorate capitals
    "SY-DY": ("Deir ez-Zor", 35.336, 40.141),
    "SY-RA": ("Raqqa", 35.950, 39.009),
    "SY-HL": ("Aleppo", 36.202, 37.158),
}


def _events():
    """Twelve events over three governorates, four types, two actors, a spread of dates and fatalities."""
    types = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"]
    shared = Report(title="Shared report", url="https://example.org/shared", outlet="Example")
    out = []
    for n, (admin1, event_type) in enumerate(itertools.product(PLACES, types)):
        name, lat, lon = PLACES[admin1]
        report = Report(title=f"Report {n}", url=f"https://example.org/{n}", outlet="Example")
        event = Event(
            dataset="ucdp-ged" if n % 2 else "extract",
            source_id=str(n),
            date_start=date(2017, 1, 1 + 2 * n),
            date_end=date(2017, 1, 2 + 2 * n),
            event_type=event_type,
            actor1="Islamic State" if n % 3 else "Government of Syria",
            actor2="Civilians" if n % 3 else "Islamic State",
            fatalities_best=None if n % 4 == 0 else n * 5,
            fatalities_low=3 if n % 4 == 0 else None,
            place_name=name,
            latitude=lat,
            longitude=lon,
            geo_precision=1 + n % 3,
            admin1=admin1,
        )
        out.append((event, [Citation(report, None), Citation(shared, None)]))
    return out


SELECTIONS = [
    Selection(),
    Selection(start=date(2017, 1, 6), end=date(2017, 1, 10)),
    Selection(admin1=("SY-DY", "SY-RA")),
    Selection(event_types=("Battles",), actors=("Government of Syria",)),
    Selection(actors=("Civilians",)),
    Selection(min_fatalities=20),
    Selection(min_fatalities=3),
    Selection(datasets=("extract",), precisions=(1, 3)),
    Selection(bbox=(38.0, 35.0, 41.0, 36.5), end=date(2017, 1, 20)),
]


@pytest.fixture
def filled(store):
    store.add_events(_events())
    return store


def test_url_form_round_trips_and_ignores_unknown_keys():
    params = {"start": "2017-01-01", "end": "2017-01-31", "admin1": "SY-DY,SY-RA", "type": "Battles",
              "actor": "Islamic State", "min_fatalities": "10", "dataset": "ucdp-ged", "precision": "1,2",
              "place": "adm1:SY-DY"}  # fmt: skip
    selection = Selection.from_params(params)
    assert selection.admin1 == ("SY-DY", "SY-RA") and selection.precisions == (1, 2)
    assert selection.min_fatalities == 10 and selection.start == date(2017, 1, 1)
    assert Selection.from_params(selection.to_params()) == selection
    assert "place" not in selection.to_params()


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"start": "2017-13-01"}, "start: '2017-13-01'"),
        ({"min_fatalities": "ten"}, "min_fatalities: 'ten'"),
        ({"precision": "4"}, "precision"),
        ({"start": "2017-02-01", "end": "2017-01-01"}, "after end"),
    ],
)
def test_unreadable_parameters_are_named(params, named):
    with pytest.raises(SelectionError, match=named):
        Selection.from_params(params)


def test_store_and_cache_select_the_same_events(filled):
    cache = EventCache(filled)
    frame = cache.frame()
    for selection in SELECTIONS:
        from_sql = select_events(filled, selection)["event_id"].tolist()
        in_memory = frame[selection_mask(frame, selection)]["event_id"].tolist()
        assert from_sql == in_memory, selection
    assert len(select_events(filled, SELECTIONS[1])) == 3  # Jan 5-6, 7-8, 9-10 overlap Jan 6-10


def test_min_fatalities_uses_best_else_low(filled):
    # events 0, 4 and 8 have only a low figure (3); every other has best = 5n
    assert set(select_events(filled, Selection(min_fatalities=3))["source_id"]) == {str(n) for n in range(12)}
    assert "0" not in set(select_events(filled, Selection(min_fatalities=4))["source_id"])


def test_cache_counts_distinct_reports_and_reloads_after_a_write(filled):
    cache = EventCache(filled)
    snapshot = cache.snapshot()
    everything = selection_mask(snapshot.frame, Selection())
    assert snapshot.summary(everything) == {
        "events": 12,
        "fatalities": 3 * 3 + sum(5 * n for n in range(12) if n % 4),
        "reports": 13,  # twelve own reports and the one they share
    }
    one = selection_mask(snapshot.frame, Selection(admin1=("SY-DY",), event_types=("Battles",)))
    assert snapshot.summary(one)["reports"] == 2
    event, cites = _events()[0]
    filled.add_events([(Event(**{**vars(event), "source_id": "new"}), cites)])
    # a request that took its snapshot before the write goes on with it, consistently
    assert snapshot.summary(everything)["events"] == 12
    fresh = cache.snapshot()
    assert fresh.revision > snapshot.revision
    assert fresh.summary(selection_mask(fresh.frame, Selection()))["events"] == 13
