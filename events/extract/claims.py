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
    "jihadist": None,  # too vague to name a faction
}
_FACTION_WORD = r"(?P<word>" + "|".join(sorted(FACTION_WORDS, key=len, reverse=True)) + r")"
HELD_ADJECTIVE = re.compile(rf"\b{_FACTION_WORD}[- ](?:held|controlled)\b", re.I)
UNDER_CONTROL = re.compile(rf"\bunder\s+(?:the\s+)?(?:{_FACTION_WORD}\s+)?control\b", re.I)
# Verbs whose subject is the faction that now holds the object place.
TAKES = re.compile(
    r"\b(?:captured|seized|took(?:\s+(?:full\s+)?control\s+of)?|recaptured|retook|regained(?:\s+control\s+of)?|"
    r"liberated|overran|stormed|entered|controls?|controlled|holds?|held|still\s+holds?)\b",
    re.I,
)
# Passive verbs whose agent follows: "fell to X", "was captured by X", "held by X".
FELL_TO = re.compile(
    r"\b(?:fell\s+to|(?:was|were|is|are|has\s+been|had\s+been)?\s*(?:captured|seized|taken|recaptured|retaken|"
    r"held|controlled|liberated)\s+by)\b",
    re.I,
)
WITHDREW = re.compile(r"\b(?:withdrew|withdrawn|retreated|pulled\s+out)\s+from\b", re.I)
EXTENT = re.compile(
    r"\b(?P<extent>(?:the\s+)?(?:vast\s+)?majority\s+of|most\s+of|much\s+of|large\s+parts\s+of|parts?\s+of|"
    r"all\s+of|(?:the\s+)?(?:eastern|western|northern|southern)\s+(?:half|part|districts|neighbou?rhoods)\s+of)\s*"
    r"(?:the\s+)?$",
    re.I,
)
PARTS = re.compile(r"\b(?:districts|neighbou?rhoods|parts|areas|quarters|pockets|half)\b", re.I)
MAX_GAP = 60  # characters between a verb and the mention it binds: further apart, they are not one statement
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
    """One statement that ``faction`` holds the place ``place`` (its index in the given mentions)."""

    place: int
    faction: str
    extent: str  # "all", "most" or "part"
    cue: str


def _extent(prefix: str) -> str:
    match = EXTENT.search(prefix)
    if not match:
        return "all"
    words = match.group("extent").lower()
    return "most" if ("majority" in words or "most" in words or "much" in words) else "part"


def _nearest_after(spans: Sequence[Span], position: int) -> int | None:
    after = [(s.start, i) for i, s in enumerate(spans) if position <= s.start <= position + MAX_GAP]
    return min(after)[1] if after else None


def _nearest_before(spans: Sequence[Span], position: int) -> int | None:
    before = [(s.end, i) for i, s in enumerate(spans) if position - MAX_GAP <= s.end <= position]
    return max(before)[1] if before else None


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
        At most one per place mention; the first rule that binds a place wins.
    """
    found: dict[int, ControlStatement] = {}

    def add(place: int | None, faction: str | None, cue: str, extent: str = "all") -> None:
        if place is not None and faction and place not in found:
            found[place] = ControlStatement(place, faction, extent, cue)

    for match in HELD_ADJECTIVE.finditer(
        sentence
    ):  # "the government-held airport", "rebel-held districts of X"
        place = _nearest_after(places, match.end())
        between = sentence[match.end() : places[place].start] if place is not None else ""
        extent = "part" if PARTS.search(between) else "all"
        add(place, FACTION_WORDS[match.group("word").lower()], match.group(0), extent)
    for match in UNDER_CONTROL.finditer(sentence):  # "the airport remains under government control"
        word = match.group("word")
        faction = FACTION_WORDS[word.lower()] if word else None
        if faction is None:
            prior = _nearest_before(factions, match.start())
            faction = factions[prior].ref if prior is not None else None
        add(_nearest_before(places, match.start()), faction, match.group(0))
    for match in FELL_TO.finditer(sentence):  # "Palmyra fell to IS"
        agent = _nearest_after(factions, match.end())
        add(
            _nearest_before(places, match.start()),
            factions[agent].ref if agent is not None else None,
            match.group(0).strip(),
        )
    for match in TAKES.finditer(sentence):  # "ISIS controls the vast majority of Deir Ezzor Province"
        subject = _nearest_before(factions, match.start())
        place = _nearest_after(places, match.end())
        if subject is None or place is None:
            continue
        extent = _extent(sentence[match.end() : places[place].start])
        add(place, factions[subject].ref, match.group(0), extent)
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
    for match in AR_WITHDREW.finditer(sentence):  # "انسحبت قوات النظام من تدمر": the others hold it
        inside = [i for i, f in enumerate(factions) if match.start() <= f.start < match.end()]
        leaving = inside[0] if inside else _nearest_before(factions, match.start())
        others = [f.ref for f in factions if leaving is None or f.ref != factions[leaving].ref]
        if others:
            add(_nearest_after(places, match.end()), others[0], match.group(0))
    for match in WITHDREW.finditer(sentence):  # "the army withdrew from Palmyra as IS advanced": IS holds it
        leaving = _nearest_before(factions, match.start())
        others = [f.ref for f in factions if leaving is None or f.ref != factions[leaving].ref]
        if others:
            add(_nearest_after(places, match.end()), others[0], match.group(0))
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
