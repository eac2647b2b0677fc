"""The factions a control claim may name, their normalisation from free text, and one colour each.

Control claims name one of :data:`FACTIONS` (exactly these strings). Free text ("Syrian Arab Army", "ISIS",
"YPG", "Turkish-backed rebels", "regime") is normalised through the actor table of
:mod:`events.extract.actors`, whose canonical actors fold into the factions here: the Syrian government's
allies (Hezbollah, Iran) count as the government, Turkey's army and the Syrian National Army as one faction.

Colours are Paul Tol's "muted" qualitative scheme (designed for colour-blind readers, with a pale grey for
what is not known); the teal is left out, which widens the smallest difference between two factions under
simulated protanopia, deuteranopia and tritanopia (a test checks it). Contested ground is the neutral grey,
drawn hatched by the dashboard.
"""

from __future__ import annotations

import re
from functools import lru_cache

from events.extract import actors as act

GOVERNMENT = "Government of Syria"
ISLAMIC_STATE = "Islamic State"
SDF = "SDF"
HTS = "HTS"
OPPOSITION = "Opposition/FSA"
TURKEY_SNA = "Turkey/SNA"
COALITION = "US-led coalition"
RUSSIA = "Russia"
CONTESTED = "Contested"

FACTIONS: tuple[str, ...] = (
    GOVERNMENT, ISLAMIC_STATE, SDF, HTS, OPPOSITION, TURKEY_SNA, COALITION, RUSSIA, CONTESTED,
)  # fmt: skip

FACTION_COLOURS: dict[str, str] = {
    GOVERNMENT: "#CC6677",  # rose: the red of most maps of the war
    ISLAMIC_STATE: "#332288",  # indigo: the darkest, as IS is usually drawn black
    SDF: "#DDCC77",  # sand: the usual yellow
    HTS: "#999933",  # olive
    OPPOSITION: "#117733",  # green: the usual rebel green
    TURKEY_SNA: "#AA4499",  # purple
    COALITION: "#88CCEE",  # cyan
    RUSSIA: "#882255",  # wine
    CONTESTED: "#DDDDDD",  # pale grey, hatched on the map
}
CONTESTED_HATCH = "#777777"

# The actors of events.extract.actors -> the faction that holds ground for them.
ACTOR_FACTIONS: dict[str, str | None] = {
    act.GOVERNMENT: GOVERNMENT,
    act.HEZBOLLAH: GOVERNMENT,
    act.IRAN: GOVERNMENT,
    act.ISLAMIC_STATE: ISLAMIC_STATE,
    act.SDF: SDF,
    act.HTS: HTS,
    act.OPPOSITION: OPPOSITION,
    act.TURKEY: TURKEY_SNA,
    act.SNA: TURKEY_SNA,
    act.COALITION: COALITION,
    act.RUSSIA: RUSSIA,
    act.ISRAEL: None,  # holds no ground in Syria that the map draws (the Golan lies outside the outline)
    act.CIVILIANS: None,
}

# Words the actor table does not know but control statements and datasets use for a faction.
EXTRA_ALIASES: dict[str, str] = {
    "government": GOVERNMENT,
    "regime": GOVERNMENT,
    "syrian government": GOVERNMENT,
    "pro-government": GOVERNMENT,
    "loyalist": GOVERNMENT,
    "gos": GOVERNMENT,
    "rebel": OPPOSITION,
    "opposition": OPPOSITION,
    "kurdish": SDF,
    "ypg/sdf": SDF,
    "turkish-backed": TURKEY_SNA,
    "turkish": TURKEY_SNA,
    "tsk": TURKEY_SNA,
    "coalition": COALITION,
    "us": COALITION,
    "united states": COALITION,
    "russian": RUSSIA,
    "contested": CONTESTED,
    "disputed": CONTESTED,
    "frontline": CONTESTED,
    "front line": CONTESTED,
    "no man's land": CONTESTED,
}


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.replace("‘", "'").replace("’", "'")).strip().lower()


@lru_cache(maxsize=4096)
def normalise_faction(text: str | None) -> str | None:
    """The canonical faction for a faction name, an actor name or an alias; None when there is none.

    Parameters
    ----------
    text
        A faction as a claim, dataset or report names it: ``"Government of Syria"``, ``"Syrian Arab Army"``,
        ``"ISIS"``, ``"YPG"``, ``"Turkish-backed rebels"``, ``"contested"``. Case and spacing do not matter,
        except for short acronyms (``"IS"``, ``"SAA"``), as in :mod:`events.extract.actors`.

    Returns
    -------
    str or None
        One of :data:`FACTIONS`, or None for an empty text, an actor that holds no ground on the map
        (Israel, civilians) or a name nobody knows.
    """
    if text is None or not str(text).strip():
        return None
    key = _key(str(text))
    for faction in FACTIONS:
        if key == faction.lower():
            return faction
    if key in EXTRA_ALIASES:
        return EXTRA_ALIASES[key]
    actor = act.normalise_actor(str(text))
    if actor is not None:
        return ACTOR_FACTIONS.get(actor)
    return None


def faction_colour(faction: str) -> str:
    """The map colour of a canonical faction (``#rrggbb``); KeyError for anything else."""
    return FACTION_COLOURS[faction]
