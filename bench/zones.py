"""How fast the control zones at a date are computed from 10,000 claims (target: under 200 ms).

Three mixes, each with a fixed seed: the worst case (10,000 places, every claim active at the date), a history
(10,000 claims on 2,000 places spread over 2013-2020, so that places have several claims and many have
expired), and the worst case again with 60 districts (made up as Voronoi cells of random points, since the real
ones are fetched, not bundled). Factions follow the nearest of eight front "centres" with 10% of claims naming
another faction, so zones are contiguous with islands, as on a real map. Also timed: ``zone_traces``, the
dashboard's figure traces for the worst case.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.zones import zone_traces
from events.factions import FACTIONS
from events.zones import zones_at
from geodata.boundaries import load_outline

N = 10_000
RUNS = 30
WHEN = date(2017, 6, 1)


def _points_in(outline, count: int, rng: np.random.Generator) -> np.ndarray:
    shape = outline.geometry.iloc[0]
    west, south, east, north = shape.bounds
    found = np.empty((0, 2))
    while len(found) < count:
        xy = np.column_stack([rng.uniform(west, east, count), rng.uniform(south, north, count)])
        found = np.vstack([found, xy[shapely.contains_xy(shape, xy[:, 0], xy[:, 1])]])
    return found[:count]


def _claims(outline, places: int, first: date, last: date, rng: np.random.Generator) -> pd.DataFrame:
    where = _points_in(outline, places, rng)
    centres = _points_in(outline, 8, rng)
    nearest = np.argmin(((where[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
    place = rng.integers(0, places, N) if places < N else np.arange(N)
    factions = np.array(FACTIONS[:8])[nearest[place]]
    noise = rng.random(N) < 0.1
    factions[noise] = np.array(FACTIONS[:8])[rng.integers(0, 8, noise.sum())]
    days = rng.integers(0, (last - first).days + 1, N)
    return pd.DataFrame({
        "claim_id": np.arange(1, N + 1), "faction": factions,
        "observed": pd.to_datetime(first) + pd.to_timedelta(days, unit="D"),
        "latitude": where[place, 1], "longitude": where[place, 0], "polygon": None,
        "valid_from": pd.NaT, "valid_to": pd.NaT,
    })  # fmt: skip


def _districts(outline, rng: np.random.Generator) -> gpd.GeoDataFrame:
    seeds = shapely.multipoints(_points_in(outline, 60, rng))
    shape = outline.geometry.iloc[0]
    cells = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=shape)), shape)
    return gpd.GeoDataFrame(
        {"pcode": [f"D{i:02d}" for i in range(len(cells))]}, geometry=cells, crs=outline.crs
    )


def _time(function) -> tuple[np.ndarray, object]:
    """Wall-clock and CPU milliseconds of each run (CPU time tells what the code costs on a busy machine)."""
    result = function()  # warm-up
    times = []
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append((time.perf_counter() - started, time.process_time() - cpu))
    return np.array(times) * 1000, result


def _report(label: str, times: np.ndarray, extra: str) -> None:
    wall, cpu = times[:, 0], times[:, 1]
    print(f"zones: {label}: p50 {np.percentile(wall, 50):.0f} ms, p95 {np.percentile(wall, 95):.0f} ms "
          f"(CPU p50 {np.percentile(cpu, 50):.0f} ms) {extra}")  # fmt: skip


def main() -> None:
    rng = np.random.default_rng(20160327)
    outline = load_outline()
    worst = _claims(outline, N, WHEN - timedelta(days=365), WHEN, rng)
    history = _claims(outline, 2_000, date(2013, 1, 1), date(2020, 12, 31), rng)
    districts = _districts(outline, rng)
    for label, claims, units in (
        (f"{N:,} claims at {N:,} places, all active", worst, None),
        (f"{N:,} claims on 2,000 places, 2013-2020", history, None),
        (f"{N:,} claims at {N:,} places, {len(districts)} districts", worst, districts),
    ):
        times, zones = _time(lambda c=claims, d=units: zones_at(c, WHEN, outline=outline, districts=d))
        _report(label, times, f"({len(zones)} zones, {int(zones['claims'].sum()):,} deciding claims)")
    zones = zones_at(worst, WHEN, outline=outline)
    times, _ = _time(lambda: zone_traces(zones))
    vertices = int(shapely.get_num_coordinates(zones.geometry.to_numpy()).sum())
    _report("zone_traces for the first mix", times, f"({vertices:,} vertices)")


if __name__ == "__main__":
    main()
