"""Extraction speed on one core: reports of about 3 KB through ``events.extract.pipeline.extract_report``.

The reports are the project's golden reports (tests/data/reports), concatenated to about 3 KB each. The place
finder caches the keys of word runs, so repeating one text measures a warm cache: the first, cold run is printed
too (real reports share most of their capitalised word runs, so a long batch runs close to the warm figure).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from events.extract.pipeline import extract_report
from events.extract.places import PlaceFinder
from geodata.gazetteer import load_gazetteer

REPORTS = Path(__file__).resolve().parents[1] / "tests" / "data" / "reports"
N = 300


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
    body = "\n\n".join(texts)
    while len(body) < 3000:
        body += "\n\n" + "\n\n".join(texts)
    report = body[:3000]
    started = time.perf_counter()
    finder = PlaceFinder(load_gazetteer(include_fetched=False))
    setup = time.perf_counter() - started
    started = time.perf_counter()
    extract_report(report, date(2017, 1, 15), finder)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(N):
        extract_report(report, date(2017, 1, 15), finder)
    elapsed = time.perf_counter() - started
    print(
        f"extract_speed: {N} reports of {len(report):,} characters in {elapsed:.2f} s: "
        f"{N / elapsed:,.0f} reports/s on one core, warm cache; first report {cold * 1000:.0f} ms cold "
        f"(set-up {setup:.2f} s)"
    )


if __name__ == "__main__":
    main()
