"""Control statements in a sentence, with places marked by a tiny hand-made list of names (shared by the claim
rule tests)."""

from __future__ import annotations

import re

from events.extract.claims import Span, faction_mentions, find_control

PLACES = {
    "Deir Ezzor military airport": "site:deir-ez-zor-military-airport",
    "Deir Ezzor Province": "adm1:SY-DY",
    "the airport": "site:deir-ez-zor-military-airport",
    "Tal Abyad": "town:tal-abyad",
    "Jarablus": "town:jarablus",
    "Hasakah": "town:hasakah",
    "Kafr Nabl": "town:kafr-nabl",
    "Palmyra": "town:palmyra",
    "Aleppo": "town:aleppo",
    "Daraa": "town:daraa",
    "Morek": "town:morek",
    "Qusayr": "town:qusayr",
    "Manbij": "town:manbij",
    "Raqqa": "town:raqqa",
    "Afrin": "town:afrin",
    "Idlib": "town:idlib",
    "Quneitra": "town:quneitra",
}
_PLACE_RE = re.compile("|".join(re.escape(n) for n in sorted(PLACES, key=len, reverse=True)))


def statements(sentence: str) -> list[tuple[str, str, str]]:
    """``(place id, faction, extent)`` for each control statement ``sentence`` makes."""
    places = [Span(*m.span(), PLACES[m.group(0)]) for m in _PLACE_RE.finditer(sentence)]
    found = find_control(sentence, places, faction_mentions(sentence))
    return [(places[s.place].ref, s.faction, s.extent) for s in found]
