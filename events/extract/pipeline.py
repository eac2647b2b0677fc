"""From a report's text to dated, placed, typed events and control claims, each with its quote.

The pipeline, sentence by sentence: places (gazetteer), dates (against the publication date), fatality figures,
actors and the ACLED type. A sentence that describes violence makes an event candidate; a candidate without its
own place or date takes the last one the report gave before it (with a lower confidence). Candidates at the same
place whose dates overlap are one event: its figures are combined, never summed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from events.extract import actors as act
from events.extract import claims as cl
from events.extract import types
from events.extract.dates import WEEK, find_dates
from events.extract.fatalities import FatalityMention, combine, find_fatalities
from events.extract.places import PlaceFinder, PlaceMention
from events.extract.text import normalise_text, split_sentences
from geodata.gazetteer import Place


@dataclass(frozen=True)
class ExtractedEvent:
    """An event read from a report, with the sentences that support it."""

    date_start: date
    date_end: date
    date_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    place: Place
    geo_precision: int
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    quote: str
    confidence: float
    alternatives: tuple[str, ...] = ()  # gazetteer ids of the other places the place's name could mean


@dataclass(frozen=True)
class ExtractedClaim:
    """A statement of who holds a place, dated by the report."""

    place: Place
    faction: str
    extent: str
    as_of: date
    quote: str


@dataclass(frozen=True)
class Extraction:
    """What one report yields: its main place, its events and its control claims."""

    main_place: Place | None
    main_precision: int
    events: list[ExtractedEvent] = field(default_factory=list)
    claims: list[ExtractedClaim] = field(default_factory=list)


@dataclass
class _Candidate:
    start: date
    end: date
    precision: int
    etype: types.EventType
    place: PlaceMention
    actors: list[str]
    figures: list[FatalityMention]
    quotes: list[str]
    confidence: float
    dated: bool = True  # False: no date in the sentence or before it, so the week before publication


def _main_place(title_places: list[PlaceMention], places: list[PlaceMention]) -> tuple[Place | None, int]:
    """The place a report is mainly about: the most-mentioned governorate, then its most-mentioned place."""
    weighted = [*title_places, *title_places, *places]
    if not weighted:
        return None, 3
    admin1 = Counter(m.place.admin1 for m in weighted).most_common(1)[0][0]
    inside = [m for m in weighted if m.place.admin1 == admin1]
    specific = [m for m in inside if m.place.kind != "governorate"]
    pool = specific or inside
    counts = Counter(m.place.id for m in pool)
    best = max(pool, key=lambda m: (counts[m.place.id], -m.geo_precision))
    return best.place, best.geo_precision


def _event_place(mentions: list[PlaceMention]) -> PlaceMention | None:
    specific = [m for m in mentions if m.geo_precision < 3]
    return (specific or mentions or [None])[0]


def _actors(sentence: str, factions: list[cl.Span]) -> list[str]:
    """Actors a sentence names, including the holders of "government-held" places (the side attacked)."""
    named = [(f.start, f.ref) for f in factions if f.ref]
    named += [
        (m.start(), cl.FACTION_WORDS[m.group("word").lower()]) for m in cl.HELD_ADJECTIVE.finditer(sentence)
    ]
    return list(dict.fromkeys(ref for _, ref in sorted(named) if ref))


def _merge(candidates: list[_Candidate]) -> list[ExtractedEvent]:
    merged: list[_Candidate] = []
    for cand in candidates:
        for other in merged:
            if (
                other.place.place.id == cand.place.place.id
                and cand.start <= other.end
                and other.start <= cand.end
            ):
                if cand.dated and not other.dated:  # an undated mention never widens a dated event
                    other.start, other.end, other.precision, other.dated = (
                        cand.start,
                        cand.end,
                        cand.precision,
                        True,
                    )
                elif cand.dated:
                    other.start, other.end = min(other.start, cand.start), max(other.end, cand.end)
                    other.precision = min(other.precision, cand.precision)
                other.actors += [a for a in cand.actors if a not in other.actors]
                other.figures += cand.figures
                other.quotes += [q for q in cand.quotes if q not in other.quotes]
                other.confidence = max(other.confidence, cand.confidence)
                break
        else:
            merged.append(cand)
    events = []
    for c in merged:
        low, best, high = combine(c.figures)
        fighters = [a for a in c.actors if a != act.CIVILIANS] + [a for a in c.actors if a == act.CIVILIANS]
        events.append(
            ExtractedEvent(
                date_start=c.start, date_end=c.end, date_precision=c.precision,
                event_type=c.etype.event_type, sub_event_type=c.etype.sub_event_type,
                actor1=fighters[0] if fighters else None, actor2=fighters[1] if len(fighters) > 1 else None,
                place=c.place.place, geo_precision=c.place.geo_precision,
                fatalities_low=low, fatalities_best=best, fatalities_high=high,
                quote=" ".join(c.quotes), confidence=round(c.confidence, 2), alternatives=c.place.alternatives,
            )
        )  # fmt: skip
    return events


def extract_report(text: str, published: date, finder: PlaceFinder, title: str | None = None) -> Extraction:
    """Extract a report's main place, events and control claims.

    Parameters
    ----------
    text
        The report's plain text (see :mod:`events.extract.text` for HTML).
    published
        Its publication date: relative dates resolve against it, and control claims are dated by it.
    finder
        The place finder over the gazetteer to resolve against.
    title
        The headline, if not the text's first line: its places weigh double for the main place.
    """
    text = normalise_text(text)
    sentences = split_sentences(text)
    title_places = finder.find(title) if title else []
    all_places: list[PlaceMention] = []
    candidates: list[_Candidate] = []
    claims: list[ExtractedClaim] = []
    last_place: PlaceMention | None = None
    last_date: tuple[date, date, int] | None = None
    for sentence in sentences:
        s = sentence.text
        places = finder.find(s)
        all_places += places
        dates = find_dates(s, published)
        factions = cl.faction_mentions(s)
        spans = [cl.Span(p.start, p.end, p.place.id) for p in places]
        for statement in cl.find_control(s, spans, factions):
            claims.append(ExtractedClaim(places[statement.place].place, statement.faction, statement.extent,
                                         published, s))  # fmt: skip
        etype = types.classify(s)
        place = _event_place(places)
        own_date = (dates[0].start, dates[0].end, dates[0].precision) if dates else None
        if etype is not None and len(s) < 600:
            where = place or last_place
            when = own_date or last_date
            if where is not None:
                confidence = 0.9 if place and own_date else 0.7 if (place or own_date) else 0.5
                dated = when is not None
                if not dated:  # undated in a dated report: within the week before publication
                    when, confidence = (published - timedelta(days=6), published, WEEK), confidence - 0.1
                candidates.append(
                    _Candidate(when[0], when[1], when[2], etype, where,
                               _actors(s, factions), find_fatalities(s), [s],
                               confidence, dated)
                )  # fmt: skip
        elif etype is None and candidates and (place is None or place.place.id == candidates[-1].place.place.id):
            # "At least 16 soldiers were killed, a monitoring group said." after an attack: that attack's toll
            figures = find_fatalities(s)
            if figures:
                candidates[-1].figures += figures
                candidates[-1].quotes.append(s)
        last_place = place or last_place
        last_date = own_date or last_date
    main, main_precision = _main_place(title_places, all_places)
    return Extraction(main, main_precision, _merge(candidates), claims)
