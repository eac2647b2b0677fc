"""The view's address-bar form and playing time forward, as pure functions."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.state import View, advance, clamp_window, day_number, from_day_number, parse_search
from events.query import Selection, SelectionError

FIRST, LAST = date(2011, 3, 15), date(2020, 3, 5)


def test_the_address_bar_round_trips_a_view():
    search = "?start=2017-01-01&end=2017-01-31&admin1=SY-DY,SY-RA&type=Battles&actor=Islamic+State" \
             "&min_fatalities=10&place=icao:OSDZ"  # fmt: skip
    view = parse_search(search)
    assert view.place == "icao:OSDZ" and view.selection.actors == ("Islamic State",)
    assert view.selection.admin1 == ("SY-DY", "SY-RA") and view.selection.min_fatalities == 10
    assert parse_search(view.search()) == view
    assert View(Selection()).search() == ""


def test_a_bad_address_names_the_parameter():
    with pytest.raises(SelectionError, match="end: 'tomorrow'"):
        parse_search("?end=tomorrow")


def test_slider_numbers_are_days():
    assert day_number(date(1970, 1, 2)) == 1
    assert from_day_number(day_number(date(2017, 1, 14))) == date(2017, 1, 14)


def test_open_or_out_of_range_windows_are_clamped_to_the_data():
    assert clamp_window(None, None, FIRST, LAST) == (FIRST, LAST)
    assert clamp_window(date(2000, 1, 1), date(2030, 1, 1), FIRST, LAST) == (FIRST, LAST)


def test_play_moves_the_window_and_keeps_its_length():
    assert advance(date(2017, 1, 1), date(2017, 1, 7), "week", False, FIRST, LAST) == (
        date(2017, 1, 8), date(2017, 1, 14), False)  # fmt: skip
    assert advance(date(2017, 1, 1), date(2017, 1, 31), "month", True, FIRST, LAST) == (
        date(2017, 1, 1), date(2017, 3, 2), False)  # fmt: skip


def test_play_stops_at_the_last_day_and_starts_over_from_there():
    start, end, finished = advance(date(2020, 2, 1), date(2020, 3, 1), "week", False, FIRST, LAST)
    assert (end, finished) == (LAST, True) and (end - start).days == 29
    assert advance(start, end, "week", False, FIRST, LAST) == (FIRST, date(2011, 4, 13), False)
