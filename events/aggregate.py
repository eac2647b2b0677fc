"""Aggregates of selected events: grid cells for a crowded map, and counts per period for the timeline.

Vectorised with numpy (bincount over integer keys), so a million events aggregate in tens of milliseconds.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from events.query import fatalities

__all__ = ["CELL_COLUMNS", "cell_size", "choose_unit", "grid_cells", "period_table"]

CELL_COLUMNS = ["west", "south", "east", "north", "latitude", "longitude", "events", "fatalities"]
UNITS = {"day": "D", "week": "W-MON", "month": "MS"}


def cell_size(bbox: tuple[float, float, float, float], across: int = 40) -> float:
    """A cell edge in degrees that puts about ``across`` cells across the view, rounded to a 'nice' value."""
    west, _, east, _ = bbox
    raw = max((east - west) / across, 1e-4)
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= raw)


def grid_cells(events: pd.DataFrame, size: float) -> pd.DataFrame:
    """Events binned in a regular grid of ``size``-degree cells (events without coordinates are left out).

    Each cell is drawn at the mean position of its events, not at the cell's centre, so a cell holding one town's
    events sits on the town. Returns ``CELL_COLUMNS``, the most crowded cells first.
    """
    placed = events[events["latitude"].notna() & events["longitude"].notna()]
    if placed.empty:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in CELL_COLUMNS})
    lat = placed["latitude"].to_numpy(dtype=float)
    lon = placed["longitude"].to_numpy(dtype=float)
    col = np.floor(lon / size).astype(np.int64)
    row = np.floor(lat / size).astype(np.int64)
    # One integer per cell, ordered as (col, row): np.unique on a 1-D key is ~20 times faster than on the rows
    # of a 2-D array (which sorts them as opaque bytes): 0.5 s became 0.05 s for 600,000 events.
    span = row.max() - row.min() + 1
    keys, inverse = np.unique((col - col.min()) * span + (row - row.min()), return_inverse=True)
    cols, rows = keys // span + col.min(), keys % span + row.min()
    counts = np.bincount(inverse)
    cells = pd.DataFrame({
        "west": cols * size, "south": rows * size, "east": (cols + 1) * size, "north": (rows + 1) * size,
        "latitude": np.bincount(inverse, weights=lat) / counts,
        "longitude": np.bincount(inverse, weights=lon) / counts,
        "events": counts,
        "fatalities": np.bincount(inverse, weights=fatalities(placed).to_numpy()).astype(np.int64),
    })  # fmt: skip
    return cells.sort_values(["events", "south", "west"], ascending=[False, True, True], ignore_index=True)


def choose_unit(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """The timeline's bar width for a span: days up to four months, weeks up to three years, months beyond."""
    days = (end - start).days
    return "day" if days <= 120 else "week" if days <= 3 * 366 else "month"


def period_table(events: pd.DataFrame, unit: str, types: list[str]) -> pd.DataFrame:
    """Events per period (by the day each starts) and type, with total fatalities per period.

    Returns a frame with ``period`` (each period's first day), one count column per name in ``types``
    (other types are left out of the counts but not of the fatalities) and ``fatalities``; only periods
    with events are listed.
    """
    if events.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), **{t: [] for t in types},
                             "fatalities": []})  # fmt: skip
    periods = events["date_start"].dt.to_period(UNITS[unit][0] if unit != "week" else "W-SUN")
    codes, uniques = pd.factorize(periods, sort=True)
    n = len(uniques)
    table = {"period": uniques.to_timestamp(how="start")}
    kind_codes, kinds = pd.factorize(events["event_type"])  # a categorical's codes: no string comparisons
    position = {kind: i for i, kind in enumerate(kinds)}
    for event_type in types:
        chosen = kind_codes == position[event_type] if event_type in position else np.zeros(len(codes), bool)
        table[event_type] = np.bincount(codes[chosen], minlength=n)
    table["fatalities"] = np.bincount(codes, weights=fatalities(events).to_numpy(), minlength=n).astype(
        np.int64
    )
    return pd.DataFrame(table)
