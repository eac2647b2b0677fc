"""Event types from ACLED's taxonomy, decided by the words a sentence uses.

The rules are ordered: the first that matches wins, so the specific ("suicide car bomb", "chemical attack")
come before the general ("attack", "fighting"). Each rule gives ACLED's ``event_type`` and ``sub_event_type``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"

RULES: list[tuple[str, str, str]] = [
    # (event_type, sub_event_type, pattern)
    (REMOTE, "Chemical weapon", r"chemical (?:weapons?|attack|agent)|sarin|chlorine|nerve agent|toxic gas"),
    (REMOTE, "Suicide bomb", r"suicide (?:car )?(?:bomb(?:er|ing|s)?|attacks?|vehicle|blasts?)|\bsvbied|"
     r"suicide bombers?"),
    (REMOTE, "Air/drone strike", r"air ?strikes?|air raids?|airstrikes?|warplanes?|jets? (?:struck|bombed|hit)|"
     r"drone strikes?|barrel bombs?|helicopters? dropped|bombing raids?|aerial bombardment"),
    (REMOTE, "Shelling/artillery/missile attack", r"shell(?:ing|ed|s)|artillery|mortars?|rockets?|missiles?|"
     r"bombard(?:ment|ed)"),
    (REMOTE, "Remote explosive/landmine/IED", r"car bombs?|roadside bombs?|\bied\b|landmines?|explosive device|"
     r"booby[- ]trap|bomb (?:blast|attack|exploded)|explosion"),
    (CIVILIANS, "Attack", r"massacre[sd]?|execut(?:ed|ion|ions)|civilians? (?:were |was )?(?:killed|shot)"),
    (CIVILIANS, "Abduction/forced disappearance", r"abduct(?:ed|ion)|kidnapp(?:ed|ing)|forcibly disappeared"),
    (BATTLES, "Government regains territory", r"(?:government|army|regime|syrian) (?:forces |troops )?"
     r"(?:recaptured|retook|regained|recapture|retake)"),
    (BATTLES, "Non-state actor overtakes territory", r"\b(?:captured|seized|overran|took control of|fell to|"
     r"stormed|recaptured|retook)\b"),
    (STRATEGIC, "Non-violent transfer of territory", r"withdr(?:ew|awn|awal) from|handed over|evacuat(?:ed|ion) "
     r"(?:deal|agreement)|took over .* without a fight"),
    (STRATEGIC, "Agreement", r"ceasefire|truce|de-escalation|agreement|deal\b"),
    (BATTLES, "Armed clash", r"clash(?:es|ed)?|fighting|battles?|offensive|assaults?|attack(?:s|ed)?|"
     r"counter-?attack|push|advance[sd]?|siege|skirmish"),
    (PROTESTS, "Peaceful protest", r"protest(?:s|ers|ed)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies)"),
]  # fmt: skip

_COMPILED = [(etype, sub, re.compile(pattern, re.I)) for etype, sub, pattern in RULES]


@dataclass(frozen=True)
class EventType:
    """ACLED's event type and sub-event type, and the words that decided them."""

    event_type: str
    sub_event_type: str
    cue: str


def classify(sentence: str) -> EventType | None:
    """The first matching ACLED event type for ``sentence``, or None when no rule matches."""
    for event_type, sub_event_type, pattern in _COMPILED:
        match = pattern.search(sentence)
        if match:
            return EventType(event_type, sub_event_type, match.group(0))
    return None
