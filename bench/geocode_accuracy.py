"""Geocoding accuracy on real place names as UCDP GED spells them: ``python -m bench.geocode_accuracy``.

Reads ``../shared/data/ucdp_ged191_syria_2018_2019.csv`` (skips with a message when it is absent), takes the
distinct ``where_coordinates`` strings of rows with ``where_prec`` <= 3 (names of points, not regions), geocodes
each with the bundled gazetteer (and, with ``--fetched``, the fetched ones too) and prints the share whose top
candidate lies within 10 km of the row's latitude/longitude, beside the share for a naive exact lookup of the
name (descriptor words removed) among GeoNames' names, and the worst misses.

The UCDP file is reference data for this check only: nothing from it goes into the gazetteer.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import pandas as pd

from geodata.gazetteer import load_gazetteer
from geodata.geocode import Geocoder
from geodata.names import split_descriptor
from geodata.spatial import haversine_km

UCDP = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ucdp_ged191_syria_2018_2019.csv"
RADIUS_KM = 10.0


def names_with_points(path: Path) -> pd.DataFrame:
    """One row per distinct ``where_coordinates`` with where_prec <= 3, at its first row's coordinates."""
    frame = pd.read_csv(path, usecols=["where_coordinates", "where_prec", "latitude", "longitude"])
    frame = frame[(frame["where_prec"] <= 3) & frame["where_coordinates"].notna()]
    return frame.drop_duplicates("where_coordinates").reset_index(drop=True)


def naive_lookup(gazetteer) -> dict[str, tuple[float, float]]:
    """GeoNames names (and ASCII alternates) exactly as spelled -> coordinates: the baseline."""
    table: dict[str, tuple[float, float]] = {}
    frame = gazetteer.frame[gazetteer.frame["id"].str.startswith("gn:")]
    for name, lat, lon in zip(frame["name"], frame["lat"], frame["lon"], strict=True):
        table.setdefault(name, (lat, lon))
    return table


def reachable(gazetteer, points: pd.DataFrame) -> float:
    """Share of points with any gazetteer place within RADIUS_KM: what a perfect matcher could reach."""
    import numpy as np

    lat = np.radians(points["latitude"].to_numpy())[:, None]
    lon = np.radians(points["longitude"].to_numpy())[:, None]
    plat = np.radians(gazetteer.frame["lat"].to_numpy(dtype=float))[None, :]
    plon = np.radians(gazetteer.frame["lon"].to_numpy(dtype=float))[None, :]
    a = np.sin((plat - lat) / 2) ** 2 + np.cos(lat) * np.cos(plat) * np.sin((plon - lon) / 2) ** 2
    nearest = (2 * 6371.0 * np.arcsin(np.sqrt(a))).min(axis=1)
    return float((nearest <= RADIUS_KM).mean())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fetched", action="store_true", help="include the fetched gazetteers")
    parser.add_argument("--misses", type=int, default=25, help="how many of the worst misses to list")
    args = parser.parse_args(argv)
    if not UCDP.exists():
        print(f"skipped: {UCDP} not found (the shared reference data sit beside the project)")
        return 0
    points = names_with_points(UCDP)
    started = time.perf_counter()
    gazetteer = load_gazetteer(include_fetched=args.fetched)
    geocoder = Geocoder(gazetteer)
    loaded = time.perf_counter()
    naive = naive_lookup(gazetteer)
    rows = []
    for name, lat, lon in zip(
        points["where_coordinates"], points["latitude"], points["longitude"], strict=True
    ):
        top = geocoder.best(name)
        distance = haversine_km(lat, lon, top.lat, top.lon) if top else math.inf
        base = naive.get(split_descriptor(name).core)
        base_distance = haversine_km(lat, lon, *base) if base else math.inf
        rows.append((name, distance, base_distance, top))
    done = time.perf_counter()
    n = len(rows)
    hits = sum(d <= RADIUS_KM for _, d, _, _ in rows)
    base_hits = sum(b <= RADIUS_KM for _, _, b, _ in rows)
    answered = sum(t is not None for *_, t in rows)
    print(
        f"gazetteer: {len(gazetteer)} places ({'bundled + fetched' if args.fetched else 'bundled'}), "
        f"loaded and indexed in {loaded - started:.2f} s"
    )
    print(f"names: {n} distinct UCDP GED where_coordinates with where_prec <= 3")
    print(
        f"geocoder top candidate within {RADIUS_KM:g} km: {hits}/{n} = {hits / n:.1%} "
        f"(answered {answered}/{n}; {1000 * (done - loaded) / n:.2f} ms per name)"
    )
    print(f"naive exact GeoNames-name lookup within {RADIUS_KM:g} km: {base_hits}/{n} = {base_hits / n:.1%}")
    print(
        f"upper bound: {reachable(gazetteer, points):.1%} of the names have some gazetteer place within "
        f"{RADIUS_KM:g} km of their point (whatever its name)"
    )
    misses = sorted((r for r in rows if r[1] > RADIUS_KM and r[3] is not None), key=lambda r: -r[1])
    print(f"\nworst misses (of {len(misses)} wrong answers; {n - answered} names unanswered):")
    for name, distance, _, top in misses[: args.misses]:
        print(
            f"  {distance:7.1f} km  {name!r} -> {top.name} [{top.kind}] {top.id} ({top.score:.2f} {top.match})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
