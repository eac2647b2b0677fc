"""Geoparsing accuracy on real news headlines: ``python -m bench.headline_accuracy``.

Reads ``../shared/data/ucdp_ged191_syria_2018_2019.csv`` (skips with a message when it is absent). Each GED row
carries the headlines of its sources (``source_headline``, several joined by ';') and the event's point. Every
headline goes through :func:`events.extract.pipeline.extract_report` (published = ``date_start``, the headline as
title and text) with one :class:`~events.extract.places.PlaceFinder` over the gazetteer, and the bench prints:

* governorate accuracy: the report's main place's ``admin1`` against the governorate at the row's point (our
  spatial join, :func:`geodata.spatial.assign_admin`; GED's own ``adm_1`` agrees with it on almost every row);
* the share of headlines whose main place (and, separately, whose first event's place) lies within 10 km of the
  row's point;
* how often no Syrian place is found, and the throughput in headlines per second;
* the same for a naive matcher (the most-mentioned gazetteer name wins, exact spelling, the most populous place
  of that name);
* the most common failure causes, with a headline snippet (printed here only, never stored).

Figures are given for rows with ``where_prec`` <= 2 (a point within 25 km), for every row, and for the rows whose
headline names GED's own place (the place name of ``where_coordinates`` appears in the headline, up to
spelling): the rows a geoparser can be asked to get right from the headline alone. The GED file is reference
data for this check only: nothing from it goes into the project.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from events.extract.pipeline import Extraction, extract_report
from events.extract.places import PlaceFinder
from geodata.gazetteer import Gazetteer, Place, load_gazetteer
from geodata.names import exact_key, normal_key, split_descriptor
from geodata.spatial import assign_admin, haversine_km

UCDP = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ucdp_ged191_syria_2018_2019.csv"
RADIUS_KM = 10.0
COLUMNS = ["source_headline", "date_start", "where_prec", "where_coordinates", "latitude", "longitude"]
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:al-|el-|as-|ad-|ar-|az-)?[A-Z][\w'’-]+)*")


@dataclass(frozen=True)
class Outcome:
    """What one headline gave: the main place, the first event's place, and the truth it is judged against."""

    headline: str
    truth_admin1: str | None
    truth_name: str
    prec: int
    lat: float
    lon: float
    names_truth: bool
    main: Place | None
    event: Place | None
    main_km: float
    event_km: float


def load_rows(path: Path) -> pd.DataFrame:
    """GED rows with a headline and a point, with ``truth_admin1`` from our spatial join of the point."""
    frame = pd.read_csv(path, usecols=COLUMNS)
    frame = frame[frame["source_headline"].notna() & frame["latitude"].notna()].reset_index(drop=True)
    admin = assign_admin(frame["longitude"], frame["latitude"])
    frame["truth_admin1"] = admin["admin1"].to_numpy()
    return frame


def headline_text(headline: str) -> str:
    """UCDP joins a row's headlines with ';': one headline per line, so each is a sentence of its own."""
    return "\n\n".join(part.strip() for part in headline.split(";") if part.strip())


def names_place(headline: str, where: str) -> bool:
    """True when the headline names GED's place (``where_coordinates`` less its descriptor), up to spelling."""
    if not isinstance(where, str):
        return False
    wanted = set()
    for option in where.split("/"):
        core = split_descriptor(re.sub(r"\(.*?\)", "", option)).core
        key = normal_key(core)
        if key and len(key) > 2:
            wanted.add(f" {key} ")
    text = f" {' '.join(normal_key(w) for w in _WORDS.findall(headline))} "
    return any(k in text for k in wanted)


def naive_matcher(gazetteer: Gazetteer) -> Callable[[str], Place | None]:
    """The baseline: exact gazetteer names in the text; the most-mentioned wins (ties: the first mentioned);
    of the places of that name, the most populous non-governorate, else the governorate."""
    by_name: dict[str, list[int]] = {}
    frame = gazetteer.frame
    for row, (name, aliases) in enumerate(zip(frame["name"], frame["aliases"], strict=True)):
        for form in (name, *aliases):
            if isinstance(form, str) and len(form) > 2:
                by_name.setdefault(exact_key(form), []).append(row)
    population = frame["population"].fillna(0).to_numpy()
    kinds = frame["kind"].tolist()
    places: dict[int, Place] = {}

    def match(text: str) -> Place | None:
        words = [m.group(0) for m in _WORDS.finditer(text)]
        found: list[str] = []
        i = 0
        while i < len(words):
            for n in range(min(4, len(words) - i), 0, -1):
                key = exact_key(" ".join(words[i : i + n]))
                if key in by_name:
                    found.append(key)
                    i += n
                    break
            else:
                i += 1
        if not found:
            return None
        counts = Counter(found)
        name = max(found, key=lambda k: (counts[k], -found.index(k)))
        row = min(by_name[name], key=lambda r: (kinds[r] == "governorate", -population[r]))
        if row not in places:
            places[row] = gazetteer.place(row)
        return places[row]

    return match


def _km(place: Place | None, lat: float, lon: float) -> float:
    return haversine_km(lat, lon, place.lat, place.lon) if place else math.inf


def run(frame: pd.DataFrame, finder: PlaceFinder) -> tuple[list[Outcome], float, list[str]]:
    """Extract every row's headline; the outcomes, the seconds extraction took and the errors it raised."""
    outcomes = []
    errors: list[str] = []
    elapsed = 0.0
    for row in frame.itertuples(index=False):
        text = headline_text(row.source_headline)
        published = date.fromisoformat(str(row.date_start)[:10])
        started = time.perf_counter()
        try:
            extraction = extract_report(text, published, finder, title=text.split("\n\n")[0])
        except ValueError as exc:  # a crash is counted as no place and reported, not hidden
            errors.append(f"{type(exc).__name__}: {exc}")
            extraction = Extraction(None, 3)
        elapsed += time.perf_counter() - started
        event = extraction.events[0].place if extraction.events else extraction.main_place
        outcomes.append(
            Outcome(
                row.source_headline, row.truth_admin1, row.where_coordinates, int(row.where_prec),
                row.latitude, row.longitude, names_place(row.source_headline, row.where_coordinates),
                extraction.main_place, event,
                _km(extraction.main_place, row.latitude, row.longitude), _km(event, row.latitude, row.longitude),
            )
        )  # fmt: skip
    return outcomes, elapsed, errors


def run_naive(frame: pd.DataFrame, match: Callable[[str], Place | None]) -> list[Place | None]:
    """The naive matcher's place for every row's headline."""
    return [match(headline_text(h)) for h in frame["source_headline"]]


def figures(label: str, outcomes: list[Outcome], naive: list[Place | None]) -> str:
    """One block of figures for a subset of rows: ours beside the naive matcher's."""
    n = len(outcomes)
    if not n:
        return f"{label}: no rows"
    with_gov = [(o, b) for o, b in zip(outcomes, naive, strict=True) if o.truth_admin1]
    gov = sum(o.main is not None and o.main.admin1 == o.truth_admin1 for o, _ in with_gov)
    gov_naive = sum(b is not None and b.admin1 == o.truth_admin1 for o, b in with_gov)
    near = sum(o.main_km <= RADIUS_KM for o in outcomes)
    near_event = sum(o.event_km <= RADIUS_KM for o in outcomes)
    near_naive = sum(
        b is not None and haversine_km(b.lat, b.lon, o.lat, o.lon) <= RADIUS_KM
        for o, b in zip(outcomes, naive, strict=True)
    )
    none = sum(o.main is None for o in outcomes)
    none_naive = sum(b is None for b in naive)
    g = max(len(with_gov), 1)
    return (
        f"{label}: {n} headlines\n"
        f"  governorate right     ours {gov / g:6.1%}   naive {gov_naive / g:6.1%}   ({len(with_gov)} with one)\n"
        f"  main place <= {RADIUS_KM:g} km   ours {near / n:6.1%}   naive {near_naive / n:6.1%}   "
        f"(first event's place: {near_event / n:.1%})\n"
        f"  no Syrian place       ours {none / n:6.1%}   naive {none_naive / n:6.1%}"
    )


def ceiling(outcomes: list[Outcome]) -> float:
    """The best governorate accuracy one answer per distinct headline can reach: UCDP codes several events,
    in different governorates, from one headline ("shelling on Daraa and air strikes on Hama")."""
    truths: dict[str, Counter[str]] = {}
    for o in outcomes:
        if o.truth_admin1:
            truths.setdefault(o.headline, Counter())[o.truth_admin1] += 1
    total = sum(sum(c.values()) for c in truths.values())
    return sum(max(c.values()) for c in truths.values()) / max(total, 1)


def failure_causes(outcomes: list[Outcome], top: int) -> list[str]:
    """The most common (our place -> the truth) pairs among wrong answers, each with one headline snippet."""
    causes: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for o in outcomes:
        if o.main is None or o.main_km <= RADIUS_KM or not o.names_truth:
            continue
        ours = f"{o.main.name} [{o.main.kind}, {o.main.admin1}]"
        key = (ours, f"{o.truth_name} [{o.truth_admin1}]")
        causes[key] += 1
        example.setdefault(key, o.headline[:110])
    lines = []
    for (ours, truth), count in causes.most_common(top):
        lines.append(f"  {count:4d}  {ours} vs {truth}\n        {example[(ours, truth)]!r}")
    return lines


def governorate_causes(outcomes: list[Outcome], top: int) -> list[str]:
    """The most common (our governorate -> the truth) confusions, each with one headline snippet."""
    causes: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for o in outcomes:
        if o.main is None or not o.truth_admin1 or o.main.admin1 == o.truth_admin1:
            continue
        key = (f"{o.main.name} [{o.main.kind}, {o.main.admin1}]", o.truth_admin1)
        causes[key] += 1
        example.setdefault(key, o.headline[:110])
    return [
        f"  {count:4d}  {ours} vs {truth}\n        {example[(ours, truth)]!r}"
        for (ours, truth), count in causes.most_common(top)
    ]


def unmatched_words(outcomes: list[Outcome], top: int) -> list[str]:
    """Capitalised word runs in headlines where we found no place: the names the gazetteer may be missing."""
    counts: Counter[str] = Counter()
    for o in outcomes:
        if o.main is None:
            counts.update(set(_CAPITALISED.findall(o.headline)))
    return [f"  {count:4d}  {words}" for words, count in counts.most_common(top)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fetched", action="store_true", help="include the fetched gazetteers")
    parser.add_argument("--failures", type=int, default=30, help="how many failure causes to list (0: none)")
    args = parser.parse_args(argv)
    if not UCDP.exists():
        print(f"skipped: {UCDP} not found (the shared reference data sit beside the project)")
        return 0
    frame = load_rows(UCDP)
    gazetteer = load_gazetteer(include_fetched=args.fetched)
    finder = PlaceFinder(gazetteer)
    outcomes, elapsed, errors = run(frame, finder)
    naive = run_naive(frame, naive_matcher(gazetteer))
    precise = [i for i, o in enumerate(outcomes) if o.prec <= 2]
    named = [i for i in precise if outcomes[i].names_truth]
    print(
        f"headline_accuracy: {len(outcomes)} UCDP GED 19.1 rows (Syria 2018-2019), gazetteer of {len(gazetteer)} "
        f"places ({'bundled + fetched' if args.fetched else 'bundled'}); truth = the row's point"
    )
    for label, rows in (
        ("where_prec <= 2", precise),
        ("all rows", range(len(outcomes))),
        ("where_prec <= 2 and the headline names GED's place", named),
    ):
        print(figures(label, [outcomes[i] for i in rows], [naive[i] for i in rows]))
    print(f"ceiling: {ceiling([outcomes[i] for i in precise]):.1%} of where_prec <= 2 rows can get their governorate "
          "right with one answer per headline (UCDP codes several events from one headline)")  # fmt: skip
    print(
        f"throughput: {len(outcomes) / elapsed:,.0f} headlines/s on one core "
        f"({1000 * elapsed / len(outcomes):.2f} ms each)"
    )
    if errors:
        print(
            f"extraction raised on {len(errors)} headlines (counted as no place): {Counter(errors).most_common(1)}"
        )
    if args.failures:
        print("\ntop governorate confusions (where_prec <= 2; ours vs the point's governorate):")
        print("\n".join(governorate_causes([outcomes[i] for i in precise], args.failures)))
        print(f"\ntop misses beyond {RADIUS_KM:g} km where the headline names GED's place (ours vs GED's):")
        print("\n".join(failure_causes([outcomes[i] for i in precise], args.failures)))
        print("\ncapitalised words in headlines where no Syrian place was found:")
        print("\n".join(unmatched_words(outcomes, args.failures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
