"""Statements of who holds a place: "the airport remains under government control", "ISIS controls the vast
majority of Deir Ezzor Province", "the town fell to the SDF", "government forces recaptured Palmyra".

:func:`find_control` reads one sentence whose place and actor mentions are already known (their character
spans) and returns the control statements it makes. It never guesses a faction: a statement without a
recognisable actor gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from events import factions as fc
from events.extract import actors as act

# Adjectives that name a faction in "government-held", "under regime control", "rebel-held".
FACTION_WORDS = {
    "government": act.GOVERNMENT,
    "regime": act.GOVERNMENT,
    "loyalist": act.GOVERNMENT,
    "army": act.GOVERNMENT,
    "syrian army": act.GOVERNMENT,
    "rebel": act.OPPOSITION,
    "opposition": act.OPPOSITION,
    "kurdish": act.SDF,
    "turkish": act.TURKEY,
    "turkish-backed": act.SNA,
    "jihadist": None,  # too vague to name a faction
}
_FACTION_WORD = r"(?P<word>" + "|".join(sorted(FACTION_WORDS, key=len, reverse=True)) + r")"
# "IS-held", "SDF-controlled": acronyms only with the hyphen and in capitals ("which is held by" is no IS)
_ACRONYM = r"(?-i:(?P<acronym>IS|ISIS|ISIL|SDF|YPG|HTS|FSA|SNA))"
HELD_ADJECTIVE = re.compile(rf"\b(?:{_FACTION_WORD}[- ]|{_ACRONYM}-)(?:held|controlled)\b", re.I)
# "under government control", "under the control of the regime forces", "under SDF control", "under its control"
UNDER_CONTROL = re.compile(
    rf"\bunder\s+(?:the\s+|its\s+|their\s+)?(?:(?:{_FACTION_WORD}|[\w'’.-]+(?:\s+[\w'’.-]+)?)\s+)?control\b"
    r"(?P<of>\s+of\b)?",
    re.I,
)
# Verbs whose subject is the faction that now holds the object place; "held by X" is the passive (X holds).
_CAPTURE = (
    r"captured|captures|seized|seizes|seize|took(?!\s+(?:place|part)\b)|takes(?=\s+(?:full\s+)?control\b)|"
    r"recaptured|recaptures|retook|retakes|regained|regains|liberated|liberates|overran|overruns|stormed|storms|"
    r"entered|(?:has|have|had)\s+taken"
)
TAKES = re.compile(
    r"(?<![\w-])(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\b(?-i:is)\s)(?<!\bare\s)"  # "IS controls" is no "is"
    rf"(?:(?:{_CAPTURE})(?:\s+(?:full\s+|complete\s+)?control\s+(?:of|over))?|in\s+(?:full\s+)?control\s+of|"
    r"controls?|controlled(?!\s+by)|holds?|held(?!\s+by)|still\s+holds?)\b",
    re.I,
)
_CAPTURE_VERB = re.compile(rf"^(?:{_CAPTURE})", re.I)
# Passive verbs whose agent follows: "fell to X", "was captured by X", "held by X", "is mostly controlled by X".
FELL_TO = re.compile(
    r"\b(?:fell\s+to|(?:(?:was|were|is|are|has\s+been|had\s+been|have\s+been|remains?)\s+)?"
    r"(?:(?P<adverb>mostly|largely|partly|partially|fully|entirely|completely|now|still)\s+)?"
    r"(?:captured|seized|taken|recaptured|retaken|held|controlled|liberated|overrun|stormed)\s+by)\b",
    re.I,
)
WITHDREW = re.compile(r"\b(?:withdrew|withdrawn|retreated|pulled\s+out)\s+from\b", re.I)
# What bounds a claim to part of its place: "most of", "a third of", "the eastern districts of", "east Aleppo".
MOST = re.compile(r"\b(?:majority|most|much|mostly|largely|bulk)\b", re.I)
PART = re.compile(
    r"\b(?:parts?|half|third|quarter|some|districts|neighbou?rhoods|quarters|areas|pockets|sectors?|outskirts|"
    r"edges?|cent(?:re|er)|countryside|region|side|suburbs)\b"
    r"|\b(?:north|south|east|west)(?:ern|-?(?:east|west)(?:ern)?)?\s+(?:of\b|$)",
    re.I,
)
_ADVERB_EXTENT = {"mostly": "most", "largely": "most", "partly": "part", "partially": "part"}
# A region noun before "held by X": the place it holds follows ("areas held by X, including Manbij").
AREA_NOUN = re.compile(
    r"\b(?:areas?|regions?|territor(?:y|ies)|parts|districts|neighbou?rhoods|towns|villages|zones?|lands?|"
    r"enclaves?|pockets|strongholds?)\s*$",
    re.I,
)
INCLUDING = re.compile(r"[^.;:]{0,40}?\b(?:including|such\s+as|among\s+them)\s+(?:the\s+\w+\s+of\s+)?", re.I)
# Places listed together share a statement: "the towns of Mayadeen and Boukamal", "southern Idlib and northern
# Hama".
LIST_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?", re.I
)
# "X backed by Y took ...": X took it; "X and Y took ...", "X and their Y allies": the first names the subject.
BACKED_BY = re.compile(
    r"\b(?:backed|supported|aided|assisted|helped)\s+by\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I
)
COORDINATED = re.compile(r"\s*(?:,|and|&)\s*(?:(?:their|its|the)\s+)?(?:allied\s+)?", re.I)
# Words around a faction that say it took ground: "as ISIS advanced", "before an IS assault", "أمام هجوم داعش".
ADVANCE_AFTER = re.compile(
    r"^\W*(?:[\w'’-]+\s+){0,2}?(?:advanc|attack|assault|offensive|push|clos(?:ed|ing)\s+in|took|taken|captur|"
    r"seiz|enter|storm|overr|swept|moved\s+in)",
    re.I,
)
ADVANCE_BEFORE = re.compile(
    r"(?:in\s+the\s+face\s+of|under\s+pressure\s+from|(?<!\w)(?:هجوم|تقدم|زحف|ضغط))\s+(?:\S+\s+){0,2}$", re.I
)
# A name followed by one of these names a site in or by the place ("Palmyra citadel", "the Kuweires air base"):
# holding it is holding part of the place.
SITE_AFTER = re.compile(
    r"\s+(?:citadel|castle|triangle|airport|air\s*base|military\s+airport|countryside|outskirts|road|highway|"
    r"crossing|dam|prison|junction|roundabout|water|gas|oil|power|hospital|bridge|hills?|heights|mountains?)\b",
    re.I,
)
MAX_GAP = 60  # characters between a verb and the mention it binds: further apart, they are not one statement
AGENT_GAP = re.compile(r"\s*(?:[\w'’.-]+\s+){0,2}")  # "by the Kurdish-led Syrian Democratic Forces"
AGENT_WORD = re.compile(rf"\s*(?:the\s+)?{_FACTION_WORD}\b", re.I)  # "by Kurdish authorities"
# Arabic (hamza forms written or not). Arabic puts the verb first: "استعادت قوات النظام السيطرة على بلدة مورك"
# (the regime's forces regained control of Morek), so the holder may follow the verb, before the place.
AR_TAKES = re.compile(
    r"(?<!\w)(?:[وف]?(?:سيطر[تو]?|تسيطر|يسيطر|[اأ]حكم[تو]?|[اإ]ستعاد[تو]?|[اإ]ستولت|[اإ]ستولى|حرر[تو]?))"
    r"(?:\s+\S+){0,3}?\s+على(?!\w)"
)
AR_UNDER = re.compile(r"(?<!\w)(?:تحت|خاضع[ةه]?\s+ل|[اإ]لى)\s*(?:ال)?سيطر[ةه](?!\w)")
AR_FELL = re.compile(r"(?<!\w)[وف]?سقط[تو]?(?:\s+\S+){0,3}?\s+(?:في\s+)?(?:بيد|ب[اأ]يدي|في\s+يد)(?!\w)")
AR_WITHDREW = re.compile(r"(?<!\w)[وف]?[اإ]نسحب[تو]?\s+(?:\S+\s+){0,3}?من(?!\w)")


@dataclass(frozen=True)
class Span:
    """A mention in the sentence: its character span and what it refers to (a place id or a faction)."""

    start: int
    end: int
    ref: str


@dataclass(frozen=True)
class ControlStatement:
    """One statement that ``faction`` (one of :data:`events.factions.FACTIONS`) holds the place ``place`` (its
    index in the given mentions)."""

    place: int
    faction: str
    extent: str  # "all", "most" or "part"
    cue: str


def _extent(prefix: str) -> str:
    """How much of a place a statement gives, from the words between its verb and the place; what follows
    "including" names the place itself ("most of the province, including the town of X": all of X)."""
    words = re.split(r"\b(?:including|such\s+as)\b", prefix, flags=re.I)[-1]
    if MOST.search(words):
        return "most"
    return "part" if PART.search(words) else "all"


def _nearest_after(spans: Sequence[Span], position: int) -> int | None:
    after = [(s.start, i) for i, s in enumerate(spans) if position <= s.start <= position + MAX_GAP]
    return min(after)[1] if after else None


def _nearest_before(spans: Sequence[Span], position: int) -> int | None:
    before = [(s.end, i) for i, s in enumerate(spans) if position - MAX_GAP <= s.end <= position]
    return max(before)[1] if before else None


def _listed(sentence: str, places: Sequence[Span], index: int) -> list[int]:
    """``index`` and the places listed with it ("Mayadeen and Boukamal", "Nubl, Zahraa"), in order."""
    order = sorted(range(len(places)), key=lambda i: places[i].start)
    at = order.index(index)
    first = last = at
    while first > 0 and LIST_SEPARATOR.fullmatch(
        sentence[places[order[first - 1]].end : places[order[first]].start]
    ):
        first -= 1
    while last + 1 < len(order) and LIST_SEPARATOR.fullmatch(
        sentence[places[order[last]].end : places[order[last + 1]].start]
    ):
        last += 1
    return order[first : last + 1]


def _subject(sentence: str, factions: Sequence[Span], position: int) -> int | None:
    """The faction that is the subject of a verb at ``position``: the nearest before it, unless that one only
    backs another ("X backed by Y took") or is listed after another ("X and their Y allies took")."""
    index = _nearest_before(factions, position)
    if index is None:
        return None
    order = sorted(range(len(factions)), key=lambda i: factions[i].start)
    at = order.index(index)
    if at > 0 and BACKED_BY.search(sentence[max(0, factions[index].start - 40) : factions[index].start]):
        at -= 1
    while at > 0 and COORDINATED.fullmatch(sentence[factions[order[at - 1]].end : factions[order[at]].start]):
        at -= 1
    return order[at]


def _agent(sentence: str, factions: Sequence[Span], position: int) -> tuple[str | None, int]:
    """The faction named right after ``position`` ("by the Syrian government", "by Kurdish authorities") and
    where its name ends; (None, position) when none is."""
    for span in sorted(factions, key=lambda s: s.start):
        if span.start >= position and AGENT_GAP.fullmatch(sentence[position : span.start]):
            return span.ref, span.end
    word = AGENT_WORD.match(sentence, position)
    if word:
        return FACTION_WORDS[word.group("word").lower()], word.end()
    return None, position


def _taker(sentence: str, factions: Sequence[Span], leaving: str | None) -> str | None:
    """A faction other than ``leaving`` that the sentence says advanced ("withdrew from X as ISIS advanced");
    None when it names none, so that a withdrawal alone gives the place to nobody."""
    for span in factions:
        faction = fc.normalise_faction(span.ref)
        if faction is None or faction == leaving:
            continue
        after = ADVANCE_AFTER.search(sentence[span.end : span.end + 40])
        before = ADVANCE_BEFORE.search(sentence[max(0, span.start - 40) : span.start])
        if after or before:
            return faction
    return None


def find_control(sentence: str, places: Sequence[Span], factions: Sequence[Span]) -> list[ControlStatement]:
    """The control statements ``sentence`` makes about the given place mentions.

    Parameters
    ----------
    sentence
        One sentence of a report.
    places
        Place mentions in it (``ref`` a gazetteer id), as character spans.
    factions
        Actor mentions in it (``ref`` the canonical actor name), as character spans.

    Returns
    -------
    list of ControlStatement
        At most one per place mention; the first rule that binds a place wins, except that a capture ("seized
        the rebel-held town of X") overrides what the place's adjective says of it before. Each names one of
        :data:`events.factions.FACTIONS`: a statement whose holder is no faction (civilians, Israel) gives
        nothing.
    """
    found: dict[int, ControlStatement] = {}

    def add(
        place: int | None, actor: str | None, cue: str, extent: str = "all", override: bool = False
    ) -> None:
        faction = fc.normalise_faction(actor)
        if place is None or faction is None:
            return
        for listed in _listed(sentence, places, place):
            if override or listed not in found:
                site = SITE_AFTER.match(sentence, places[listed].end)
                found[listed] = ControlStatement(listed, faction, "part" if site else extent, cue)

    for match in HELD_ADJECTIVE.finditer(sentence):  # "the government-held airport", "rebel-held east Aleppo"
        place = _nearest_after(places, match.end())
        between = sentence[match.end() : places[place].start] if place is not None else ""
        word, acronym = match.group("word"), match.group("acronym")
        actor = FACTION_WORDS[word.lower()] if word else act.normalise_actor(acronym)
        add(place, actor, match.group(0), _extent(between))
    for match in UNDER_CONTROL.finditer(sentence):  # "the airport remains under government control"
        word = match.group("word")
        inside = [f for f in factions if match.start() <= f.start < match.end()]
        if word:
            actor = FACTION_WORDS[word.lower()]
        elif inside:  # "under SDF control"
            actor = inside[0].ref
        elif match.group("of"):  # "came under the control of the regime forces"
            actor = _agent(sentence, factions, match.end())[0]
        else:  # "IS brought the town under its control"
            prior = _subject(sentence, factions, match.start())
            actor = factions[prior].ref if prior is not None else None
        add(_nearest_before(places, match.start()), actor, match.group(0))
    for match in FELL_TO.finditer(sentence):  # "Palmyra fell to IS", "areas held by X, including Manbij"
        actor, agent_end = _agent(sentence, factions, match.end())
        extent = _ADVERB_EXTENT.get((match.group("adverb") or "").lower(), "all")
        place = _nearest_before(places, match.start())
        if AREA_NOUN.search(sentence[: match.start()]):
            including = INCLUDING.match(sentence, agent_end)
            if including:
                place, extent = _nearest_after(places, including.end()), "all"
            elif place is not None:  # "southern Idlib, the last area held by rebels": part of it
                extent = "part"
        add(place, actor, match.group(0).strip(), extent)
    for match in TAKES.finditer(sentence):  # "ISIS controls the vast majority of Deir Ezzor Province"
        subject = _subject(sentence, factions, match.start())
        place = _nearest_after(places, match.end())
        if subject is None or place is None:
            continue
        between = sentence[match.end() : places[place].start]
        capture = bool(_CAPTURE_VERB.match(match.group(0))) and bool(HELD_ADJECTIVE.search(between))
        add(place, factions[subject].ref, match.group(0), _extent(between), override=capture)
    for match in AR_UNDER.finditer(sentence):  # "لا تزال مدينة سراقب خاضعة لسيطرة فصائل المعارضة"
        holder = _nearest_after(factions, match.end())
        holder = holder if holder is not None else _nearest_before(factions, match.start())
        add(_nearest_before(places, match.start()), factions[holder].ref if holder is not None else None,
            match.group(0))  # fmt: skip
    for match in AR_FELL.finditer(sentence):  # "سقطت تدمر بيد تنظيم الدولة"
        agent = _nearest_after(factions, match.end())
        inside = [
            i for i, p in enumerate(places) if match.start() <= p.start < match.end()
        ]  # "سقطت مدينة تدمر بيد"
        place = inside[0] if inside else _nearest_before(places, match.start())
        add(place, factions[agent].ref if agent is not None else None, match.group(0))
    for match in AR_TAKES.finditer(sentence):  # "استعادت قوات النظام السيطرة على بلدة مورك"
        place = _nearest_after(places, match.end())
        inside = [i for i, f in enumerate(factions) if match.start() <= f.start < match.end()]
        subject = inside[0] if inside else _nearest_before(factions, match.start())
        if place is not None and subject is not None:
            add(place, factions[subject].ref, match.group(0))
    for match in AR_WITHDREW.finditer(sentence):  # "انسحبت قوات النظام من تدمر أمام هجوم داعش": IS holds it
        inside = [i for i, f in enumerate(factions) if match.start() <= f.start < match.end()]
        leaving = inside[0] if inside else _nearest_before(factions, match.start())
        gone = fc.normalise_faction(factions[leaving].ref) if leaving is not None else None
        add(_nearest_after(places, match.end()), _taker(sentence, factions, gone), match.group(0))
    for match in WITHDREW.finditer(sentence):  # "the army withdrew from Palmyra as IS advanced": IS holds it
        leaving = _subject(sentence, factions, match.start())
        gone = fc.normalise_faction(factions[leaving].ref) if leaving is not None else None
        add(_nearest_after(places, match.end()), _taker(sentence, factions, gone), match.group(0))
    return sorted(found.values(), key=lambda s: s.place)


BARE_FACTION = re.compile(
    r"\b(?:the\s+)?(?P<word>government|regime|army|rebels?|opposition)\b(?![- ](?:held|controlled))", re.I
)


def faction_mentions(sentence: str) -> list[Span]:
    """Actor mentions in ``sentence`` plus the bare words that name a faction ("the government", "rebels")."""
    spans = [Span(*m.span, m.actor) for m in act.find_actors(sentence)]
    for match in BARE_FACTION.finditer(sentence):
        if not any(match.start() < s.end and s.start < match.end() for s in spans):
            word = match.group("word").lower().rstrip("s")
            spans.append(Span(*match.span(), FACTION_WORDS[word]))
    return sorted(spans, key=lambda s: s.start)
