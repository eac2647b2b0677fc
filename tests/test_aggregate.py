"""Aggregates over hand-made events: grid cells and the timeline's counts per period."""

from __future__ import annotations

import pandas as pd

from events.aggregate import cell_size, choose_unit, grid_cells, period_table


def _events() -> pd.DataFrame:
    return pd.DataFrame({
        "date_start": pd.to_datetime(["2017-01-02", "2017-01-09", "2017-01-10", "2017-03-01"]),
        "event_type": ["Battles", "Battles", "Riots", "Battles"],
        "latitude": [35.30, 35.31, 36.20, None],
        "longitude": [40.10, 40.12, 37.10, 38.00],
        "fatalities_best": pd.array([1, None, 3, 4], dtype="Int64"),
        "fatalities_low": pd.array([None, 2, None, None], dtype="Int64"),
    })  # fmt: skip


def test_cells_count_events_and_sit_where_their_events_are():
    cells = grid_cells(_events(), 0.2)
    assert cells["events"].tolist() == [2, 1]  # the event without coordinates is left out
    first = cells.iloc[0]
    assert (first["latitude"], first["longitude"]) == (35.305, 40.11)
    assert first["west"] <= 40.10 < first["east"] and first["south"] <= 35.30 < first["north"]
    assert first["fatalities"] == 3  # best 1, and low 2 where there is no best


def test_cell_size_puts_about_forty_cells_across_the_view():
    assert cell_size((35.0, 32.0, 42.0, 37.0)) == 0.2
    assert cell_size((40.0, 35.0, 40.3, 35.3)) == 0.01


def test_periods_count_types_and_fatalities():
    weeks = period_table(_events(), "week", ["Battles", "Riots"])
    assert weeks["period"].dt.strftime("%Y-%m-%d").tolist() == ["2017-01-02", "2017-01-09", "2017-02-27"]
    assert weeks["Battles"].tolist() == [1, 1, 1] and weeks["Riots"].tolist() == [0, 1, 0]
    assert weeks["fatalities"].tolist() == [1, 5, 4]
    months = period_table(_events(), "month", ["Battles"])
    assert months["Battles"].tolist() == [2, 1] and months["fatalities"].tolist() == [6, 4]


def test_the_bar_width_follows_the_span():
    day = pd.Timestamp
    assert choose_unit(day("2017-01-01"), day("2017-03-01")) == "day"
    assert choose_unit(day("2017-01-01"), day("2018-06-01")) == "week"
    assert choose_unit(day("2011-01-01"), day("2020-01-01")) == "month"
