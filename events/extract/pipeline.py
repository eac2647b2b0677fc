"""From a report's text to dated, placed, typed events and control claims, each with its quote.

The pipeline, sentence by sentence: places (gazetteer), dates (against the publication date), fatality figures,
actors and the ACLED type. A sentence that describes violence makes an event candidate; a candidate without its
own place or date takes the last one the report gave before it (with a lower confidence). Candidates at the same
place whose dates overlap are one event: its figures are combined, never summed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from events.extract import actors as act
from events.extract import claims as cl
from events.extract import types
from events.extract.dates import DAY, MONTH, WEEK, find_dates
from events.extract.fatalities import FatalityMention, combine, find_fatalities
from events.extract.places import SMALL_KINDS, PlaceFinder, PlaceMention, Scanned
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
    # a settlement the report names where the event happened but the gazetteer lacks ("the village of Zardana");
    # the event is then placed at what the report says around it (its governorate, or near a town), never at it
    place_as_written: str | None = None


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
    dated: bool = True  # False: no date of its own (the sentence before's, or the week before publication)
    as_written: str | None = None
    title: bool = False  # from the headline alone so far
    # the headline's figures: often the whole report's toll ("160 Killed"), so used only when the body gives none
    title_figures: list[FatalityMention] = field(default_factory=list)


# How much one mention says about where a report is: a named town, village, site or region is the likeliest
# place of what happened; a city is often named as a landmark ("north of Hama"), a governorate as background.
MENTION_WEIGHT = {"specific": 1.3, "city": 1.0, "near": 1.0, "governorate": 1.0}
# A dateline at the start of a report or paragraph says where it was filed, not where things happened:
# "DAMASCUS (Reuters) -", "Idlib, Syria —", "Hama, SANA-".
_AGENCY = r"(?:Reuters|AFP|AP|Xinhua|UPI|dpa|SANA|ANHA|Anadolu|AA)"
_DATELINE = re.compile(
    r"^\W{0,3}(?:"
    r"[A-Z][A-Z'’.\- ]{2,40}(?:/[A-Z][A-Z'’.\- ]{2,30})?(?:,\s*[A-Z][\w ]{1,20}?)?"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}),?\s*(?:\d{4})?)?"  # ", Aug 11, 2023"
    r"\s*(?:\([\w .]{2,25}\))?"
    rf"|[A-Z][\w'’.\- ]{{1,40}}?(?:,\s*[A-Z][\w ]{{1,20}}?)?\s*(?:\(\s*{_AGENCY}\s*\)|,\s*{_AGENCY})"
    r"|[A-Z][\w'’.\- ]{1,30}?,\s*(?:Syria|Lebanon|Turkey|Iraq|Jordan|Israel)\s*(?:\([\w .]{2,25}\))?"
    r"|[\u0621-\u064A]+(?:\s+[\u0621-\u064A]+){0,2}\s*(?:\([\u0621-\u064A ]{2,25}\))?"  # "إدلب (عنب بلدي) -"
    r")\s*[—–-]{1,2}\s*"
)


def _mention_weight(mention: PlaceMention) -> float:
    kind = mention.place.kind
    if kind == "governorate":
        return MENTION_WEIGHT["governorate"]
    if kind == "city":
        return MENTION_WEIGHT["near" if mention.geo_precision > 1 else "city"]
    return MENTION_WEIGHT["specific"]


def _main_place(title_places: list[PlaceMention], places: list[PlaceMention]) -> tuple[Place | None, int]:
    """The place a report is mainly about: the governorate its mentions weigh most for (title mentions count
    double, a named town or site more than a city or a governorate), then that governorate's most-mentioned
    place, the more precise first."""
    weighted = [*title_places, *title_places, *places]
    if not weighted:
        return None, 3
    weight: dict[str | None, float] = {}
    for m in weighted:  # insertion order: the first-mentioned governorate wins a tie
        weight[m.place.admin1] = weight.get(m.place.admin1, 0.0) + _mention_weight(m)
    admin1 = max(weight, key=weight.__getitem__)
    inside = [m for m in weighted if m.place.admin1 == admin1]
    specific = [m for m in inside if m.place.kind != "governorate"]
    pool = specific or inside
    counts = Counter(m.place.id for m in pool)
    # the most mentioned, the more precise, then a town or village over a city ("Deir al-Zor's Busayrah")
    best = max(pool, key=lambda m: (counts[m.place.id], -m.geo_precision, m.place.kind in SMALL_KINDS))
    return best.place, best.geo_precision


def _dateline_end(sentence: str) -> int:
    """Where a dateline opening ``sentence`` ends (0 when there is none)."""
    match = _DATELINE.match(sentence)
    return match.end() if match else 0


def _scan(finder: PlaceFinder, sentence: str, number: int) -> Scanned:
    """A sentence's Syrian places, places abroad and unknown settlements; a dateline opening one of the first
    sentences is dropped."""
    scanned = finder.scan(sentence)
    if number < 3 and (scanned.places or scanned.abroad):  # a dateline ("ERBIL, Kurdistan Region -") names
        dateline = _dateline_end(sentence)  # no place of the events, in Syria or abroad
        scanned = scanned._replace(
            places=[p for p in scanned.places if p.start >= dateline],
            abroad=[a for a in scanned.abroad if a.start >= dateline],
        )
    return scanned


# "The city" with no name: the city of the place the report named last.
_THE_CITY = re.compile(r"\bthe\s+(?:provincial\s+)?city\b(?!\s+(?:of|council)\b)", re.I)


def _city_of(finder: PlaceFinder, mention: PlaceMention) -> PlaceMention:
    """``mention`` narrowed to its city: a governorate to its capital, the outskirts of a city to the city."""
    if mention.place.kind == "city":
        return replace(mention, geo_precision=1) if mention.geo_precision == 2 else mention
    if mention.place.kind != "governorate" or not mention.place.admin1:
        return mention
    capital = finder.capital_of(mention.place.admin1)
    return mention if capital is None else replace(mention, place=capital, geo_precision=1, alternatives=())


def _in_context(finder: PlaceFinder, groups: list[list[PlaceMention]]) -> list[list[PlaceMention]]:
    """Mentions whose name several governorates share take the candidate in the governorate the report's
    unambiguous mentions support most ("Suran" in a report about Aleppo is Aleppo's Suran, not Hama's)."""
    mentions = [m for group in groups for m in group]
    if not any(m.alternatives for m in mentions):
        return groups
    support: dict[str, float] = {}
    for m in mentions:
        if m.place.admin1 and not _other_governorates(finder, m):
            support[m.place.admin1] = support.get(m.place.admin1, 0.0) + _mention_weight(m)
    if not support:
        return groups
    resolved = []
    for group in groups:  # the sentence's own mentions speak first ("northern Hama countryside, near Suran")
        local: dict[str, float] = {}
        for m in group:
            if m.place.admin1 and not _other_governorates(finder, m):
                local[m.place.admin1] = local.get(m.place.admin1, 0.0) + _mention_weight(m)
        resolved.append([_resolve(finder, m, support, local) for m in group])
    return resolved


def _other_governorates(finder: PlaceFinder, mention: PlaceMention) -> list[Place]:
    """The alternatives of a town or village mention that are towns or villages in another governorate (a city
    keeps its name: a village called after it is not what a report means)."""
    if mention.place.kind not in SMALL_KINDS:
        return []
    others = (finder.place(i) for i in mention.alternatives)
    return [p for p in others if p.kind in SMALL_KINDS and p.admin1 != mention.place.admin1]


def _resolve(
    finder: PlaceFinder, mention: PlaceMention, support: dict[str, float], local: dict[str, float]
) -> PlaceMention:
    others = _other_governorates(finder, mention)
    if not others:
        return mention
    for weights in (local, support):  # the sentence first, then the whole report
        best = max(others, key=lambda p: weights.get(p.admin1 or "", 0.0))
        ours, theirs = weights.get(mention.place.admin1 or "", 0.0), weights.get(best.admin1 or "", 0.0)
        if ours or theirs:
            break
    if theirs <= ours:
        return mention
    alternatives = tuple(i for i in (mention.place.id, *mention.alternatives) if i != best.id)
    return replace(mention, place=best, alternatives=alternatives)


LIST_JOIN = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)(?:the\s+)?$", re.IGNORECASE)


def _listed_with(sentence: str, mentions: list[PlaceMention], chosen: PlaceMention) -> list[PlaceMention]:
    """The chosen place with the places listed beside it ("Homs and Aleppo", "Douma, Harasta and Arbin"), in
    the sentence's order; distinct places only."""
    i = mentions.index(chosen)
    first = last = i
    while first > 0 and LIST_JOIN.match(sentence[mentions[first - 1].end : mentions[first].start]):
        first -= 1
    while last + 1 < len(mentions) and LIST_JOIN.match(
        sentence[mentions[last].end : mentions[last + 1].start]
    ):
        last += 1
    listed = [chosen, *(m for m in mentions[first : last + 1] if m is not chosen)]
    return list({m.place.id: m for m in listed}.values())


# "from" names where people came from, except after a verb of leaving ("withdrew from Ras al-Ain"), which names
# where the event happened
ORIGIN = re.compile(
    r"(?<!withdrew )(?<!withdrawn )(?<!retreated )(?<!pulled out )(?<!expelled )(?<!ousted )(?<!driven )"
    r"(?<!evacuated )(?<!withdraw )(?<!retreat )(?<!pull out )(?<!withdrawal )(?<!pullout )(?<!fled )"
    r"\bfrom\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _event_place(mentions: list[PlaceMention], sentence: str = "") -> PlaceMention | None:
    """Where a sentence's event happened: its first site or town (else its first place), passing over places
    named as where people came from ("fighters from Raqqa attacked Deir Ezzor") when another is named."""
    named_here = [m for m in mentions if not ORIGIN.search(sentence, max(0, m.start - 40), m.start)]
    specific = [m for m in named_here if m.geo_precision < 3]
    # "clashes in Hama left six dead in Kafr Zita": a town or site names where, a city of its governorate the area
    # (but a city listed with towns, "Douma, Harasta and Arbin", is one of them, and the first)
    smaller = {m.place.admin1 for m in specific if m.place.kind != "city"}
    specific = [
        m
        for m in specific
        if m.place.kind != "city" or m.place.admin1 not in smaller or _listed(sentence, mentions, m)
    ] or specific
    return (specific or named_here or [None])[0]  # only places people came from: none of them


def _listed(sentence: str, mentions: list[PlaceMention], mention: PlaceMention) -> bool:
    """True when ``mention`` is listed with the next or the previous place ("Douma, Harasta and Arbin")."""
    i = mentions.index(mention)
    after = i + 1 < len(mentions) and LIST_JOIN.match(sentence[mention.end : mentions[i + 1].start])
    before = i > 0 and LIST_JOIN.match(sentence[mentions[i - 1].end : mention.start])
    return bool(after or before)


HISTORIC_DAYS = 7
# "On the same day", "later that day": the date of the event before.
SAME_DAY = re.compile(
    r"\b(?:on\s+)?the\s+same\s+day\b|\b(?:later|earlier)\s+that\s+day\b|\bthat\s+same\s+day\b", re.I
)
# Headings ("Here is what you need to know about the fighting:"), questions and reactions are no events.
_COMMENTARY = re.compile(
    r"[:?؟]\s*$|\b(?:condemn(?:ed|s)?|denounc(?:ed|es)?|deplor(?:ed|es)?|criticis(?:ed|es)|criticiz(?:ed|es)|"
    r"call(?:s|ed)?\s+on|urg(?:ed|es)\s+\w+\s+to\s+stop|appeal(?:ed|s)?\s+(?:to|for)|"
    r"warn(?:ed|s)\s+(?:that|of|against)|could\s+(?:cause|lead|trigger)|would\s+(?:cause|lead|trigger))\b",
    re.I,
)
# Quoted speech of 20 characters or more: what someone said is not a report of what happened.
_QUOTED = re.compile(r"[\"“][^\"“”]{20,}[\"”]|(?<!\w)['‘][^'‘’]{20,}['’](?!\w)")


_CLAUSE = re.compile(r",\s+(?:and|while|whereas|but)\s+|;\s+|\s+while\s+", re.I)


def _clauses(sentence: str, places: list[PlaceMention]) -> list[tuple[int, int]]:
    """The spans of a sentence's clauses that name places of their own ("..., and ...", "; ", "while"); a
    clause without a place stays with the one before it. One span (the sentence) when there is one such clause."""
    if len(places) < 2 or not _CLAUSE.search(sentence):
        return [(0, len(sentence))]
    spans: list[list[int]] = []
    start = 0
    for cut in [*_CLAUSE.finditer(sentence), None]:
        end = cut.start() if cut else len(sentence)
        if spans and not any(start <= p.start < end for p in places):
            spans[-1][1] = end  # "..., and a child was wounded": the clause before's
        elif spans and not any(spans[-1][0] <= p.start < spans[-1][1] for p in places):
            spans[-1][1] = end  # the opening clause named no place: it belongs to this one
        else:
            spans.append([start, end])
        start = cut.end() if cut else end
    return [(a, b) for a, b in spans]


def _unquoted(sentence: str) -> str:
    """``sentence`` without its long quotations, for the event type."""
    return (
        _QUOTED.sub(" ", sentence)
        if ('"' in sentence or "“" in sentence or "'" in sentence or "‘" in sentence)
        else sentence
    )


def _actors(sentence: str, factions: list[cl.Span]) -> list[str]:
    """Actors a sentence names, including the holders of "government-held" places (the side attacked)."""
    named = [(f.start, f.ref) for f in factions if f.ref]
    named += [
        (
            m.start(),
            cl.FACTION_WORDS[m.group("word").lower()]
            if m.group("word")
            else act.normalise_actor(m.group("acronym")),
        )
        for m in cl.HELD_ADJECTIVE.finditer(sentence)
    ]
    return list(dict.fromkeys(ref for _, ref in sorted(named) if ref))


# ACLED's coarsest time precision is a month: a span longer than that ("since 2011", "in 2017") is background,
# not an event (its control statements still count)
LONG_SPAN_DAYS = 31


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
                    # the surest mention's precision, but never finer than the span the mentions cover
                    days = (other.end - other.start).days
                    spanned = DAY if days == 0 else WEEK if days < 7 else MONTH
                    other.precision = max(min(other.precision, cand.precision), spanned)
                other.actors += [a for a in cand.actors if a not in other.actors]
                if other.title and not cand.title:  # the body says where and what
                    other.place, other.etype, other.title = cand.place, cand.etype, False
                other.figures += cand.figures
                other.title_figures += cand.title_figures
                other.quotes += [q for q in cand.quotes if q not in other.quotes]
                other.confidence = max(other.confidence, cand.confidence)
                other.as_written = other.as_written or cand.as_written
                break
        else:
            merged.append(cand)
    events = []
    if any(not c.title for c in merged):  # a headline's event that no sentence of the body tells is a summary
        merged = [c for c in merged if not c.title]
    for c in merged:
        low, best, high = combine(c.figures or c.title_figures)
        fighters = [a for a in c.actors if a != act.CIVILIANS] + [a for a in c.actors if a == act.CIVILIANS]
        events.append(
            ExtractedEvent(
                date_start=c.start, date_end=c.end, date_precision=c.precision,
                event_type=c.etype.event_type, sub_event_type=c.etype.sub_event_type,
                actor1=fighters[0] if fighters else None, actor2=fighters[1] if len(fighters) > 1 else None,
                place=c.place.place, geo_precision=c.place.geo_precision,
                fatalities_low=low, fatalities_best=best, fatalities_high=high,
                quote=" ".join(c.quotes), confidence=round(c.confidence, 2), alternatives=c.place.alternatives,
                place_as_written=c.as_written,
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
    title = normalise_text(title) if title else title  # as the text is, so that its first line is the title
    title_places = finder.find(title) if title else []
    scanned = [_scan(finder, sentence.text, number) for number, sentence in enumerate(sentences)]
    resolved = _in_context(finder, [title_places, *(s.places for s in scanned)])
    title_places = resolved[0]
    all_places: list[PlaceMention] = []
    candidates: list[_Candidate] = []
    claims: list[ExtractedClaim] = []
    last_place: PlaceMention | None = None
    last_date: tuple[date, date, int] | None = None
    for number, (sentence, places, (_, abroad, unknown)) in enumerate(
        zip(sentences, resolved[1:], scanned, strict=True)
    ):
        s = sentence.text
        all_places += places
        dates = find_dates(s, published)
        if number < 3 and dates:  # "DAMASCUS, Aug 11, 2023 (AFP) -" dates the report, not its events
            dateline = _dateline_end(s)
            dates = [d for d in dates if d.span[0] >= dateline]
        factions = cl.faction_mentions(s)
        if number < 3 and factions:  # "AKCAKALE, Turkey (Reuters) -" names no side
            dateline = _dateline_end(s)
            factions = [f for f in factions if f.start >= dateline]
        spans = [cl.Span(p.start, p.end, p.place.id) for p in places]
        # the event's date, not the reporting verb's ("activists said Tuesday that strikes ... on Monday")
        dates = [d for d in dates if not d.reporting] or dates
        own_date = (dates[0].start, dates[0].end, dates[0].precision) if dates else None
        if own_date is None and SAME_DAY.search(s):
            own_date = last_date
        # a statement is dated by the report, unless it gives a date over a week before it ("ISIS had seized
        # Palmyra in December 2016"): then by that date's end
        historic = own_date is not None and bool(dates) and (published - own_date[1]).days > HISTORIC_DAYS
        as_of = own_date[1] if historic else published
        for statement in cl.find_control(s, spans, factions) if spans and factions else ():
            claims.append(ExtractedClaim(places[statement.place].place, statement.faction, statement.extent,
                                         as_of, s))  # fmt: skip
        etype = types.classify(_unquoted(s))
        place = _event_place(places, s)
        if etype is not None and etype.generic and not (place or own_date or find_fatalities(s)):
            etype = None  # "Damascus condemned the offensive": commentary, not an event
        if etype is not None and len(s) < 600 and not _COMMENTARY.search(s):
            is_title = number == 0 and len(sentences) > 1 and title is not None and s == title.strip()
            # "7 were killed in Maarat al-Numan and Saraqib, and clashes in Hama left six dead in Kafr Zita":
            # each clause with its own places is an event of its own, with its own type and toll
            for a, b in _clauses(s, places):
                here = [p for p in places if a <= p.start < b]
                clause = s[a:b]
                clause_type = (types.classify(_unquoted(clause)) or etype) if (a, b) != (0, len(s)) else etype
                place = _event_place(here, s)
                if (
                    place is not None
                    and place.geo_precision > 1
                    and any(a.start < place.start for a in abroad)
                ):
                    place = None  # "Tower 22 in northeastern Jordan, near the al-Tanf garrison": abroad
                # a sentence about a place abroad does not take the report's last Syrian place, and one about a
                # settlement the gazetteer lacks takes only the governorate of the last place
                where = place or (None if abroad else last_place)
                if place is None and unknown and where is not None:
                    where = replace(finder.governorate_of(where), alternatives=())  # not what a name means
                elif place is None and where is not None and _THE_CITY.search(clause):
                    where = _city_of(finder, where)  # "new bombings hit the city": the city of the last place
                as_written = (
                    unknown[0].text if unknown and (where is None or where.geo_precision > 1) else None
                )
                when = own_date or last_date
                if where is None or (when is not None and (when[1] - when[0]).days > LONG_SPAN_DAYS):
                    continue
                confidence = 0.9 if place and own_date else 0.7 if (place or own_date) else 0.5
                # a date taken from the sentence before never widens an event another sentence dates itself
                dated = own_date is not None
                if when is None:  # undated in a dated report: within the week before publication
                    when, confidence = (published - timedelta(days=6), published, WEEK), confidence - 0.1
                # "hit Homs and Aleppo governorates": one event per listed place; the clause's toll cannot be
                # split between them, so it stays with the first (the total is kept, never multiplied)
                listed = _listed_with(s, here, place) if place is not None else [where]
                figures = find_fatalities(clause)
                for n, mention in enumerate(listed):
                    own = figures if n == 0 else []
                    candidates.append(
                        _Candidate(when[0], when[1], when[2], clause_type, mention,
                                   _actors(s, factions), [] if is_title else own, [s],
                                   confidence, dated, as_written if n == 0 else None, is_title,
                                   own if is_title else [])
                    )  # fmt: skip
            place = _event_place(places, s)
        elif (
            etype is None
            and candidates
            and (place is None or place.place.id == candidates[-1].place.place.id)
        ):
            # "At least 16 soldiers were killed, a monitoring group said." after an attack: that attack's toll
            figures = find_fatalities(s)
            if figures:
                candidates[-1].figures += figures
                candidates[-1].quotes.append(s)
        last_place = place or last_place
        short = own_date is not None and (own_date[1] - own_date[0]).days <= LONG_SPAN_DAYS
        if short and (etype is not None or place):  # background sentences date nothing after them
            last_date = own_date
    main, main_precision = _main_place(title_places, all_places)
    return Extraction(main, main_precision, _merge(candidates), claims)
