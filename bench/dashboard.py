"""How fast the dashboard's server answers over a large store: the map, the counts and timeline, and the panel.

A SQLite store of 1,000,000 events (and a 100,000-event one) is built once and kept under ``var/bench/``, keyed
by its size, so reruns only time the callbacks. Its events are resampled from the real UCDP GED Syria extract in
``../shared/data`` (coordinates jittered by about a kilometre, dates shifted by whole 52-week steps so that the
two years of the extract spread over 2011-2024); when the extract is absent they are synthetic, spread over
Syria's bounding box, and the output says so. About 30 % of the events are linked to reports.

Then ~30 realistic interactions (a week, a month, a year or every date; filters by governorate, type, actor and
minimum fatalities; a zoomed map) go through the pure functions the callbacks call, each timed together with
the JSON serialisation Dash does on its response (whose size is measured):

- ``map_patch`` (the map's Patch), ``summary_outputs`` (counts, timeline figure, footer, export links),
- ``panel_content`` for a governorate (``place=adm1:SY-DY``) and for a click on an aggregate cell.

Targets (the issue): p50 under 150 ms and responses under 1 MB at one million events.

Run ``python -m bench.dashboard [SIZE ...]`` (default: 100000 1000000).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io.json as pio_json
import sqlalchemy as sa

from dashboard.callbacks import map_patch, panel_content, summary_outputs
from dashboard.context import AppContext
from dashboard.figures import SYRIA_BOUNDS
from dashboard.state import View
from events.aggregate import cell_size, grid_cells
from events.query import EventCache, Selection, selection_mask
from events.schema import event_reports, events, reports
from events.store import Store, bump_revision
from geodata.boundaries import load_governorates, load_neighbours, load_outline
from geodata.gazetteer import load_gazetteer
from geodata.settings import PROJECT_ROOT

SIZES = (100_000, 1_000_000)
EXTRACT = PROJECT_ROOT.parent / "shared" / "data" / "ucdp_ged191_syria_2018_2019.csv"
FOLDER = PROJECT_ROOT / "var" / "bench"
FORMAT = 1  # bump when the generated store changes, so cached stores are rebuilt
INTERACTIONS = 30
TARGET_MS, TARGET_KB = 150.0, 1024.0
SHIFTS = np.arange(-7, 6) * 364  # whole 52-week steps: 2018-2019 spread over 2011-2024, weekdays kept
JITTER_DEG = 0.01
LINKED, SECOND_LINK, EVENTS_PER_REPORT = 0.3, 0.1, 3
SYRIA_BOX = (35.7, 32.3, 42.4, 37.3)  # west, south, east, north
ZOOMS = {"Aleppo": (36.9, 35.95, 37.45, 36.4), "Damascus": (36.05, 33.3, 36.65, 33.75),
         "Idlib": (36.3, 35.5, 37.0, 36.1)}  # fmt: skip
GOVERNORATE_PLACE = "adm1:SY-DY"


# the source rows ----------------------------------------------------------------------------------------------
def _extract_rows(path: Path) -> pd.DataFrame:
    """The extract's events, typed by our UCDP importer, with our governorate and the source's headline."""
    from events.importers.common import read_csv
    from events.importers.ucdp import shape

    raw = read_csv(path)
    frame = shape(raw)[0].frame.reset_index(drop=True)
    frame["headline"] = raw.frame["source_headline"].to_numpy()
    frame["outlet"] = raw.frame["source_office"].to_numpy()
    return frame


def _synthetic_rows(n: int = 5000, seed: int = 2011) -> pd.DataFrame:
    """Made-up events spread uniformly over Syria's bounding box, shaped like the extract's rows."""
    rng = np.random.default_rng(seed)
    west, south, east, north = SYRIA_BOX
    start = pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 699, n), unit="D")
    actors = np.array(["Government of Syria", "Islamic State", "Opposition/FSA", "SDF", "HTS", "Turkey/SNA"])
    best = rng.geometric(0.3, n) - 1
    return pd.DataFrame({
        "source_id": [f"s{i}" for i in range(n)], "date_start": start, "date_end": start,
        "date_precision": 1, "event_type": np.where(rng.random(n) < 0.9, "Battles", "Violence against civilians"),
        "sub_event_type": "State-based conflict", "actor1": actors[rng.integers(0, 3, n)],
        "actor2": actors[rng.integers(2, 6, n)], "fatalities_low": best, "fatalities_best": best,
        "fatalities_high": best + rng.integers(0, 3, n), "place_name": [f"Place {i % 700}" for i in range(n)],
        "latitude": rng.uniform(south, north, n), "longitude": rng.uniform(west, east, n),
        "geo_precision": rng.choice([1, 2, 3], n, p=[0.55, 0.38, 0.07]),
        "headline": [f"Synthetic report {i}" for i in range(n)], "outlet": "Synthetic wire",
    })  # fmt: skip


def source_rows() -> tuple[pd.DataFrame, str]:
    """The rows to resample and a note saying where they come from; each with our governorate (``admin1``)."""
    if EXTRACT.exists():
        frame, note = _extract_rows(EXTRACT), f"resampled from the UCDP GED extract {EXTRACT.name}"
    else:
        frame = _synthetic_rows()
        note = f"SYNTHETIC (uniform over Syria's bounding box): {EXTRACT} is absent"
    from geodata.spatial import assign_admin

    admin = assign_admin(frame["longitude"].to_numpy(), frame["latitude"].to_numpy())
    frame["admin1"] = admin["admin1"].to_numpy()
    return frame, note


# the store --------------------------------------------------------------------------------------------------
def _plain(values) -> list:
    """Python values for the driver: NaN and pandas' NA as None, numpy scalars as Python ones."""
    series = pd.Series(values).astype(object)
    return series.where(series.notna(), None).tolist()


def _iso(days: np.ndarray) -> list[str]:
    """Dates as SQLite's Date type stores them (what its bind processor writes)."""
    return np.datetime_as_string(days.astype("datetime64[D]"), unit="D").tolist()


def event_rows(source: pd.DataFrame, n: int, seed: int = 20180101) -> dict[str, list]:
    """``n`` events resampled from ``source``: columns of the events table, sorted by date, ids from 1."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(source), n)
    shift = rng.choice(SHIFTS, n).astype("timedelta64[D]")
    start = source["date_start"].to_numpy().astype("datetime64[D]")[pick] + shift
    end = source["date_end"].to_numpy().astype("datetime64[D]")[pick] + shift
    order = np.argsort(start, kind="stable")
    pick, start, end = pick[order], start[order], end[order]
    rows = source.iloc[pick]
    lat = rows["latitude"].to_numpy(dtype=float) + rng.normal(0, JITTER_DEG, n)
    lon = rows["longitude"].to_numpy(dtype=float) + rng.normal(0, JITTER_DEG, n)
    columns = {
        "id": list(range(1, n + 1)), "dataset": ["ucdp-ged"] * n, "source_id": [f"bench-{i}" for i in range(n)],
        "date_start": _iso(start), "date_end": _iso(end), "latitude": np.round(lat, 5).tolist(),
        "longitude": np.round(lon, 5).tolist(),
        **{c: _plain(rows[c]) for c in ("date_precision", "event_type", "sub_event_type", "actor1", "actor2",
                                        "fatalities_low", "fatalities_best", "fatalities_high", "place_name",
                                        "geo_precision", "admin1")},
        "admin2": [None] * n, "place_id": [None] * n, "original": [None] * n, "release": ["19.1"] * n,
    }  # fmt: skip
    columns["_pick"] = pick.tolist()  # which source row each event came from (for its report's headline)
    return columns


def link_rows(source: pd.DataFrame, columns: dict[str, list], seed: int = 20190101) -> tuple[list, list]:
    """Reports and links for a fraction of the events: about three events (neighbours in time) share a
    report, as GED rows share their source; some events cite a second, random report."""
    rng = np.random.default_rng(seed)
    n = len(columns["id"])
    linked = np.flatnonzero(rng.random(n) < LINKED)  # event rows, in date order
    report_of = np.arange(len(linked)) // EVENTS_PER_REPORT
    first = linked[np.r_[0, np.flatnonzero(np.diff(report_of)) + 1]] if len(linked) else linked
    pick = np.asarray(columns["_pick"])[first]
    headlines, outlets = (
        _plain(source["headline"].to_numpy()[pick]),
        _plain(source["outlet"].to_numpy()[pick]),
    )
    report_rows = [
        (i + 1, f"bench-report-{i:08d}", f"https://example.org/report/{i}" if i % 2 else None,
         headline or f"Report {i}", outlet, columns["date_start"][row])
        for i, (row, headline, outlet) in enumerate(zip(first.tolist(), headlines, outlets, strict=True))
    ]  # fmt: skip
    pairs = set(zip((linked + 1).tolist(), (report_of + 1).tolist(), strict=True))
    extra = linked[rng.random(len(linked)) < SECOND_LINK]
    pairs |= set(
        zip((extra + 1).tolist(), (rng.integers(0, len(first), len(extra)) + 1).tolist(), strict=True)
    )
    return report_rows, sorted(pairs)


def _executemany(conn: sa.Connection, table: sa.Table, names: list[str], rows: list[tuple]) -> None:
    """One compiled Core INSERT, executed for every row by the driver (no per-row SQLAlchemy work)."""
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=names)
    order = [names.index(k) for k in compiled.positiontup] if compiled.positional else None
    params = (
        [tuple(r[i] for i in order) for r in rows]
        if order is not None
        else [dict(zip(names, r, strict=True)) for r in rows]
    )
    conn.exec_driver_sql(compiled.string, params)


def build_store(path: Path, n: int, source: pd.DataFrame) -> float:
    """Write ``n`` resampled events with their reports and links to a new SQLite file; returns seconds."""
    started = time.perf_counter()
    columns = event_rows(source, n)
    report_rows, pairs = link_rows(source, columns)
    names = [c for c in columns if not c.startswith("_")]
    for stale in path.parent.glob(f"{path.name}*"):
        stale.unlink()
    store = Store.open(f"sqlite:///{path}")
    store.upgrade()
    with store.engine.begin() as conn:
        bump_revision(conn)
        _executemany(conn, events, names, list(zip(*(columns[c] for c in names), strict=True)))
        _executemany(
            conn, reports, ["id", "content_hash", "url", "title", "outlet", "published"], report_rows
        )
        _executemany(conn, event_reports, ["event_id", "report_id"], pairs)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.engine.dispose()
    return time.perf_counter() - started


def bench_store(n: int) -> tuple[Store, str]:
    """The cached store of ``n`` events (built when missing), and a line saying how it was made."""
    source, note = source_rows()
    kind = "ged" if EXTRACT.exists() else "synthetic"
    path = FOLDER / f"dashboard-{n}-{kind}-v{FORMAT}.sqlite"
    if path.exists():
        line = f"store {path.relative_to(PROJECT_ROOT)} (cached), {note}"
    else:
        FOLDER.mkdir(parents=True, exist_ok=True)
        building = path.with_name(f"building-{path.name}")
        seconds = build_store(building, n, source)
        building.rename(path)
        line = f"store built in {seconds:.1f} s ({n / seconds:,.0f} events/s), {note}"
    store = Store.open(f"sqlite:///{path}")
    store.upgrade()  # a store cached before a schema step: ALTER TABLE only, the events stay
    return store, line


# the interactions -------------------------------------------------------------------------------------------
@dataclass
class Timings:
    """Milliseconds and response sizes (KB) of one callback's calls."""

    ms: list[float] = field(default_factory=list)
    kb: list[float] = field(default_factory=list)

    def add(self, seconds: float, payload: str) -> None:
        self.ms.append(seconds * 1000)
        self.kb.append(len(payload.encode()) / 1024)

    def line(self, name: str) -> str:
        ms, kb = np.array(self.ms), np.array(self.kb)
        p50, p95 = np.percentile(ms, [50, 95])
        missed = [w for w, bad in (("p50", p50 > TARGET_MS), ("size", kb.max() > TARGET_KB)) if bad]
        return (f"  {name:<22} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {ms.max():7.1f} ms  "
                f"size p50 {np.median(kb):7.1f} KB  max {kb.max():7.1f} KB"
                + (f"  MISSED {', '.join(missed)}" if missed else ""))  # fmt: skip


def interactions(
    frame: pd.DataFrame, count: int = INTERACTIONS, seed: int = 7
) -> list[tuple[Selection, tuple]]:
    """``count`` (selection, map viewport) pairs: windows of a week, a month, a year or every date, crossed
    with no filter, a governorate, a type, a frequent actor, a minimum of fatalities, or several at once; every
    third one on a zoomed map."""
    rng = np.random.default_rng(seed)
    first, last = frame["date_start"].min().date(), frame["date_end"].max().date()
    actors = frame["actor2"].astype(object).value_counts().index[:3].tolist()
    filters = [{}, {"admin1": ("SY-HL",)}, {"event_types": ("Violence against civilians",)},
               {"actors": (actors[0],)}, {"min_fatalities": 5},
               {"admin1": ("SY-DY", "SY-RA"), "event_types": ("Battles",), "actors": tuple(actors[1:3])}]  # fmt: skip
    windows = [7, 30, 365, None]
    zooms = [None, *ZOOMS.values()]
    cases = []
    for i in range(count):
        days = windows[i % len(windows)]
        if days is None:
            start = end = None
        else:
            start = first + timedelta(days=int(rng.integers(0, (last - first).days - days)))
            end = start + timedelta(days=days - 1)
        bbox = zooms[(i // 3) % len(zooms)] if i % 3 == 2 else None
        cases.append((Selection(start=start, end=end, **filters[i % len(filters)]), bbox))
    return cases


def crowded_cell(frame: pd.DataFrame, selection: Selection, bbox) -> dict:
    """A click on the map's most crowded aggregate cell for the selection (as :func:`clicked` returns it)."""
    box = bbox or SYRIA_BOUNDS
    keep = selection_mask(frame, selection) & (frame["geo_precision"].to_numpy() < 3)
    cells = grid_cells(frame[keep], cell_size(box))
    if cells.empty:
        size = cell_size(box)
        return {"kind": "cell", "bounds": [36.9, 36.0, 36.9 + size, 36.0 + size]}
    return {"kind": "cell", "bounds": cells.loc[0, ["west", "south", "east", "north"]].astype(float).tolist()}


def _rss_mb() -> tuple[float, float]:
    """The process's resident memory now and at its peak, in MB (Linux)."""
    status = dict(
        line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line
    )
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def run(n: int) -> list[str]:
    """Build (or reuse) the store of ``n`` events, time the callbacks; returns the lines to print."""
    store, made = bench_store(n)
    cache = EventCache(store)
    started = time.perf_counter()
    frame = cache.frame()
    cold = time.perf_counter() - started
    rss, peak = _rss_mb()
    context = AppContext(store=store, cache=cache, governorates=load_governorates(), neighbours=load_neighbours(),
                         outline=load_outline(), gazetteer=load_gazetteer())  # fmt: skip
    cases = interactions(frame)
    clicks = [crowded_cell(frame, selection, bbox) for selection, bbox in cases]
    timings = {
        name: Timings() for name in ("map_patch", "summary_outputs", "panel governorate", "panel cell")
    }
    for (selection, bbox), click in zip(cases, clicks, strict=True):
        started = time.perf_counter()
        patch, note = map_patch(context, selection, {"sites"}, bbox)
        payload = pio_json.to_json_plotly([patch.to_plotly_json(), note])
        timings["map_patch"].add(time.perf_counter() - started, payload)
        started = time.perf_counter()
        payload = pio_json.to_json_plotly(list(summary_outputs(context, View(selection))))
        timings["summary_outputs"].add(time.perf_counter() - started, payload)
        started = time.perf_counter()
        payload = pio_json.to_json_plotly(panel_content(context, View(selection, GOVERNORATE_PLACE), None))
        timings["panel governorate"].add(time.perf_counter() - started, payload)
        started = time.perf_counter()
        payload = pio_json.to_json_plotly(panel_content(context, View(selection), click))
        timings["panel cell"].add(time.perf_counter() - started, payload)
    counts = store.counts()
    store.engine.dispose()
    return [
        f"dashboard: {counts['events']:,} events, {counts['reports']:,} reports; {made}",
        f"  EventCache.frame() cold load {cold:.2f} s; RSS after loading {rss:,.0f} MB (peak {peak:,.0f} MB)",
        f"  {len(cases)} interactions each, server time incl. JSON serialisation "
        f"(targets: p50 < {TARGET_MS:.0f} ms, response < {TARGET_KB / 1024:.0f} MB; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):",
        *(t.line(name) for name, t in timings.items()),
    ]


def main(sizes: tuple[int, ...] | None = None) -> None:
    """Print the figures for each store size (default ``SIZES``; the command line may name others).

    Several sizes run one process each, so that each reports its own memory.
    """
    if sizes is None:
        args = sys.argv[1:] if __name__ == "__main__" else []
        sizes = tuple(int(a.replace("_", "")) for a in args) or SIZES
    if len(sizes) == 1:
        for line in run(sizes[0]):
            print(line, flush=True)
        return
    for n in sizes:
        subprocess.run([sys.executable, "-m", "bench.dashboard", str(n)], check=True, cwd=PROJECT_ROOT)


if __name__ == "__main__":
    main()
