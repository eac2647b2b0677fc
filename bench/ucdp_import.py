"""How fast a UCDP GED release imports: 100,000 GED rows, read, checked, joined to governorates and stored.

The rows are resampled from the real GED 19.1 Syria extract in ``../shared/data/``: 21 random permutations of
its 4,809 rows (a fixed seed), cut at 100,000, with new ids. Each permutation's sources get its number appended,
so the rows of one permutation share sources as the extract's rows do (5,447 reports for 4,809 events) while
permutations do not: about 113,000 reports, as a real release of this size would have (a plain resample would
share the extract's few thousand reports among all rows). The import runs into a new SQLite file, then again on
the same file (the re-import path: every row compared, nothing written). Skips, saying so, when the extract is
absent. The issue's budget: under 10 s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from events.importers.ucdp import import_ucdp
from events.store import Store
from geodata.settings import PROJECT_ROOT

N = 100_000
EXTRACT = PROJECT_ROOT.parent / "shared" / "data" / "ucdp_ged191_syria_2018_2019.csv"


def _tag(text: str, tag: str, quoted: bool) -> str:
    """Append ``tag`` to each source in a ';'-separated GED source field."""
    if not text:
        return text
    if quoted and text.startswith('"') and text.endswith('"'):
        return '"' + text[1:-1].replace('";"', f' {tag}";"') + f' {tag}"'
    return text.replace(";", f" {tag};") + f" {tag}"


def resample(extract: Path, n: int, out: Path) -> None:
    """Write ``n`` rows of ``extract``, permuted block by block, with new ids and per-block sources, to ``out``."""
    frame = pd.read_csv(extract, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(20180101)
    blocks = -(-n // len(frame))
    order = np.concatenate([rng.permutation(len(frame)) for _ in range(blocks)])[:n]
    rows = frame.iloc[order].reset_index(drop=True)
    rows["id"] = [str(5_000_000 + i) for i in range(n)]
    tags = [f"#{i // len(frame)}" for i in range(n)]
    rows["source_headline"] = [_tag(h, t, False) for h, t in zip(rows["source_headline"], tags, strict=True)]
    rows["source_article"] = [_tag(a, t, True) for a, t in zip(rows["source_article"], tags, strict=True)]
    rows.to_csv(out, index=False)


def main() -> None:
    if not EXTRACT.exists():
        print(f"ucdp_import: skipped ({EXTRACT} is absent)")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ged_resampled.csv"
        resample(EXTRACT, N, path)
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        store.upgrade()
        timings = {}
        for label in ("import", "re-import"):
            wall, cpu = time.perf_counter(), time.process_time()
            summary = import_ucdp(store, path)
            timings[label] = (time.perf_counter() - wall, time.process_time() - cpu, summary)
        counts = store.counts()
        store.engine.dispose()
    first, again = timings["import"], timings["re-import"]
    assert first[2].inserted == N and again[2].unchanged == N
    print(
        f"ucdp_import: {N:,} GED rows resampled from the {EXTRACT.name} extract (permuted blocks, new ids), "
        f"spatial join included, into SQLite: import {first[0]:.2f} s ({N / first[0]:,.0f} rows/s, CPU "
        f"{first[1]:.2f} s; {counts['reports']:,} reports), re-import {again[0]:.2f} s (nothing written); "
        f"{first[2].outside_syria} outside Syria, {first[2].admin1_disagreements:,} governorate disagreements"
    )


if __name__ == "__main__":
    main()
