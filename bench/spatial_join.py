"""How fast points get their governorate: 100,000 points through ``geodata.spatial.assign_admin``.

The points are drawn uniformly over Syria's bounding box (a fixed seed), so about 40% fall outside Syria and
take the slower nearest-polygon path: a harder mix than real event data, where nearly all points are inside.
"""

from __future__ import annotations

import time

import numpy as np

from geodata.boundaries import load_governorates
from geodata.spatial import assign_admin

N = 100_000
RUNS = 3


def main() -> None:
    rng = np.random.default_rng(20170115)
    lon = rng.uniform(35.6, 42.4, N)
    lat = rng.uniform(32.3, 37.4, N)
    governorates = load_governorates()
    assign_admin(lon[:100], lat[:100], governorates=governorates)  # warm-up: reads and caches the file
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = assign_admin(lon, lat, governorates=governorates)
        times.append(time.perf_counter() - started)
    inside = result["admin1"].notna().mean()
    print(
        f"spatial_join: {N:,} points, {inside:.0%} in Syria: best {min(times):.2f} s, "
        f"median {sorted(times)[RUNS // 2]:.2f} s ({N / min(times):,.0f} points/s)"
    )


if __name__ == "__main__":
    main()
