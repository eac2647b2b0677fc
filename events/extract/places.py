"""Places named in report text, found through the gazetteer and placed with an honest precision.

Every gazetteer name and alias (Arabic script included) is indexed by :func:`geodata.names.normal_key`; text is
scanned for the longest run of words whose key is in the index. The words around a mention decide its kind and
precision: "Deir Ezzor Province", "Idlib countryside" and "the governorate" mean the governorate (precision 3);
"the city of Deir Ezzor" the city; "near", "outskirts of", "east of" lower the precision to 2. The other
candidates of an ambiguous name are kept.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from geodata.gazetteer import Gazetteer, Place
from geodata.names import is_arabic, normal_key

MAX_WORDS = 6
_key = lru_cache(maxsize=200_000)(normal_key)  # the same word runs recur across reports
_ARTICLES = {"al", "el", "ar", "as", "ad", "az", "an", "at", "ash", "the", "and", "of"}
SITE_KINDS = {
    "airport",
    "airbase",
    "military base",
    "dam",
    "border crossing",
    "oil field",
    "gas field",
    "prison",
}
SETTLEMENT_RANK = {"city": 0, "town": 1, "village": 2, "neighbourhood": 3, "district": 4, "subdistrict": 5}
_WORD = re.compile(r"[^\W\d_]+(?:['’ʿʾ`-][^\W\d_]+)*")
_GOVERNORATE_AFTER = re.compile(
    r"^\W{0,3}(?:provinces?|governorates?|countryside|region|rural areas?)\b"
    r"|^(?:\s*(?:,|and|&)\s*[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)+\s+(?:provinces|governorates)\b",
    re.I,
)
_GOVERNORATE_BEFORE = re.compile(
    r"\b(?:province|governorate|countryside|rif|rural)\s+(?:of\s+)?(?:the\s+)?$|محافظة\s*$|ريف\s*$", re.I
)
_CITY_BEFORE = re.compile(r"\b(?:city|town)\s+of\s+$|\bin\s+(?:the\s+)?(?:city|town)\s+$", re.I)
_NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|around|outskirts\s+of|vicinity\s+of|close\s+to|on\s+the\s+edge\s+of|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+(?:of|part\s+of)|"
    r"km\s+(?:from|of)|kilometres\s+(?:from|of)|miles\s+(?:from|of))\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$",
    re.I,
)


@dataclass(frozen=True)
class PlaceMention:
    """A place named in text: the chosen gazetteer place, its precision, and the other candidates."""

    start: int
    end: int
    text: str
    place: Place
    geo_precision: int
    alternatives: tuple[str, ...] = ()


def _joined(text: str, words: list[re.Match[str]]) -> bool:
    """True when the words form one name: only spaces between them, and not ending on a bare article."""
    if words[-1].group(0).lower() in _ARTICLES:
        return False
    if len({is_arabic(w.group(0)) for w in words}) > 1:  # one name is written in one script
        return False
    return all(text[a.end() : b.start()].isspace() for a, b in itertools.pairwise(words))


class PlaceFinder:
    """Find gazetteer places in text; the index is built once from the gazetteer passed in."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._index: dict[str, list[int]] = defaultdict(list)
        frame = gazetteer.frame
        for row, (name, name_ar, aliases) in enumerate(
            zip(frame["name"], frame["name_ar"], frame["aliases"], strict=True)
        ):
            for form in (name, name_ar, *aliases):
                if isinstance(form, str) and len(form) > 2:
                    key = normal_key(form)
                    if key and len(key) > 2 and row not in self._index[key]:
                        self._index[key].append(row)
        self._places: dict[int, Place] = {}

    def _place(self, row: int) -> Place:
        if row not in self._places:
            self._places[row] = self.gazetteer.place(row)
        return self._places[row]

    def find(self, text: str) -> list[PlaceMention]:
        """Every place ``text`` names, longest match first, in order of appearance."""
        words = list(_WORD.finditer(text))
        mentions = []
        i = 0
        while i < len(words):
            first = words[i].group(0)
            if not (first[0].isupper() or is_arabic(first)):
                i += 1
                continue
            found = None
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                start, end = words[i].start(), words[i + n - 1].end()
                if n > 1 and not _joined(text, words[i : i + n]):
                    continue
                rows = self._index.get(_key(text[start:end]))
                if rows:
                    found = (n, start, end, rows)
                    break
            if found is None:
                i += 1
                continue
            n, start, end, rows = found
            mentions.append(self._choose(text, start, end, rows))
            i += n
        return mentions

    def _choose(self, text: str, start: int, end: int, rows: list[int]) -> PlaceMention:
        places = [self._place(r) for r in rows]
        before, after = text[max(0, start - 40) : start], text[end : end + 30]
        wants_governorate = bool(_GOVERNORATE_AFTER.search(after) or _GOVERNORATE_BEFORE.search(before))
        wants_city = bool(_CITY_BEFORE.search(before))

        def rank(place: Place) -> tuple:
            is_gov = place.kind == "governorate"
            kind_fit = (not is_gov) if not wants_governorate else is_gov
            site = place.kind in SITE_KINDS
            settlement = SETTLEMENT_RANK.get(place.kind, 6)
            return (
                not kind_fit,
                wants_city and site,
                settlement if not site else 3,
                -(place.population or 0),
            )

        ordered = sorted(places, key=rank)
        chosen = ordered[0]
        if chosen.kind == "governorate":
            precision = 3
        elif _NEAR_BEFORE.search(before) or chosen.kind in ("district", "subdistrict"):
            precision = 2
        else:
            precision = 1
        return PlaceMention(start, end, text[start:end], chosen, precision, tuple(p.id for p in ordered[1:]))
