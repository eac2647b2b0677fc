"""How fast the store takes a bulk import: 100,000 events, each with its own report and link, into a new SQLite
file, then the same rows again (the re-import path: every key known, every row updated), then a full read.

The rows are synthetic (a fixed seed) and shaped like UCDP GED rows: one report per event, an ``original``
dict of a dozen fields. The importers' budget (issue 4) is 10 s for 100,000 rows, spatial join included.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from events.model import Citation, Event, Report
from events.store import Store

N = 100_000


def _items(n: int) -> list[tuple[Event, list[Citation]]]:
    rng = np.random.default_rng(20170115)
    days = rng.integers(0, 3650, n)
    lat = rng.uniform(32.5, 37.0, n)
    lon = rng.uniform(36.0, 42.0, n)
    best = rng.integers(0, 50, n)
    origin = date(2011, 1, 1)
    items = []
    for i in range(n):
        start = origin + timedelta(days=int(days[i]))
        report = Report(
            title=f"Headline {i}", outlet="Example wire", published=start, text=f"Article {i} text."
        )
        event = Event(
            date_start=start, date_end=start, event_type="Battles", dataset="bench", source_id=str(i),
            actor1="Government of Syria", actor2="Islamic State", fatalities_low=int(best[i]),
            fatalities_best=int(best[i]), fatalities_high=int(best[i]) + 3, place_name=f"Place {i % 500}",
            latitude=float(lat[i]), longitude=float(lon[i]), geo_precision=1, admin1="SY-DY",
            original={f"field_{k}": f"value {i} {k}" for k in range(12)},
        )  # fmt: skip
        items.append((event, [Citation(report, f"Article {i}")]))
    return items


def main() -> None:
    items = _items(N)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        store.upgrade()
        timings = {}
        for label in ("insert", "update"):
            started = time.perf_counter()
            store.add_events(items)
            timings[label] = time.perf_counter() - started
        started = time.perf_counter()
        frame = store.events_frame()
        timings["read"] = time.perf_counter() - started
        store.engine.dispose()
    assert len(frame) == N
    print(
        f"store_insert: {N:,} events with reports and links into SQLite: insert {timings['insert']:.2f} s "
        f"({N / timings['insert']:,.0f} rows/s), re-import {timings['update']:.2f} s, "
        f"events_frame {timings['read']:.2f} s"
    )


if __name__ == "__main__":
    main()
