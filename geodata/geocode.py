"""The geocoder: place names as reports and datasets spell them -> ranked gazetteer candidates.

The pipeline for one name: split off a descriptor ("... military airport", "... Governorate", "Rif ...") that
says which kinds of place are meant; look the whole name and its core up in three indexes built once from the
gazetteer (exact spelling, normalised spelling, consonant skeleton; see :mod:`geodata.names`); fall back to
fuzzy matching (rapidfuzz) of the normalised spelling; adjust scores for the descriptor; break ties by
prominence (kind, then population).

Scores (0..1): an exact name 1.0, an exact alias 0.98, a normalised spelling 0.9, a consonant skeleton 0.8, a
fuzzy match at most 0.75 (0.75 x the similarity ratio). A name matched only through a place's descriptor-free
core ("Menagh" for "Menagh Air Base") scores a little less. A descriptor that contradicts the place's kind
costs 0.25 ("Deir ez-Zor Governorate" -> the city scores 0.65, the governorate 0.9).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, fields

from rapidfuzz import fuzz, process

from geodata.gazetteer import KIND_RANK, Gazetteer, Place
from geodata.names import (
    AIRFIELD,
    BASE,
    DISTRICT,
    KIND_GROUPS,
    MOUNTAIN,
    SETTLEMENT,
    SUBDISTRICT,
    exact_key,
    normal_key,
    skeleton_key,
    split_descriptor,
)

log = logging.getLogger(__name__)

NAME, ALIAS, CORE = 0, 1, 2
EXACT_SCORE = {NAME: 1.0, ALIAS: 0.98, CORE: 0.95}
NORMAL_SCORE, SKELETON_SCORE, FUZZY_MAX, CORE_PENALTY = 0.9, 0.8, 0.75, 0.02
WRONG_KIND, CORE_ONLY, GOVERNORATE_BARE, ADMIN_BARE = 0.25, 0.08, 0.03, 0.04
FUZZY_CUTOFF = 82.0
MIN_SKELETON = 3  # a skeleton of fewer consonants ("km" for "Qaim") joins unrelated names
FULL_NAME_BONUS = 0.03  # the whole name ("Damascus countryside") beats its core ("Damascus") + descriptor
SETTLEMENTS = KIND_GROUPS[SETTLEMENT]


@dataclass(frozen=True)
class Candidate(Place):
    """A gazetteer place proposed for a name: the place's fields, a score in 0..1 and how it matched."""

    score: float
    match: str  # exact | alias | normalised | fuzzy
    matched: str  # the gazetteer spelling that matched

    def to_json(self) -> dict:
        """The JSON record of the ``geocode --json`` contract (aliases left out)."""
        record = {k: v for k, v in asdict(self).items() if k != "aliases"}
        return {"id": record.pop("id"), "name": record.pop("name"), "kind": record.pop("kind"), **record}


def _kind_adjustment(kind: str, group: str | None, flag: int) -> float:
    """What the descriptor (or its absence) does to a match's score."""
    if group is None:
        penalty = CORE_ONLY if flag == CORE else 0.0
        if kind == "governorate":
            penalty += GOVERNORATE_BARE
        elif kind in ("district", "subdistrict"):
            penalty += ADMIN_BARE
        return -penalty
    if kind in KIND_GROUPS[group]:
        return 0.0
    if group in (DISTRICT, SUBDISTRICT) and kind in SETTLEMENTS | {"district", "subdistrict"}:
        return -0.05  # a district is named after its seat; the town is the next best answer
    if group == SETTLEMENT and kind in ("district", "subdistrict", "governorate"):
        return -0.15 if kind != "governorate" else -WRONG_KIND
    if (group == BASE and kind == "airport") or (group == AIRFIELD and kind == "military base"):
        return -0.05
    if group == MOUNTAIN and kind in SETTLEMENTS:
        return -0.1
    return -WRONG_KIND


class Geocoder:
    """Resolve place names against a gazetteer; the indexes are built once, here.

    Parameters
    ----------
    gazetteer
        The places to resolve against, e.g. :func:`geodata.gazetteer.load_gazetteer`.
    fuzzy_cutoff
        The lowest rapidfuzz ratio (0..100) a fuzzy match may have.
    """

    def __init__(self, gazetteer: Gazetteer, fuzzy_cutoff: float = FUZZY_CUTOFF) -> None:
        self.gazetteer = gazetteer
        self.fuzzy_cutoff = fuzzy_cutoff
        frame = gazetteer.frame
        self._kinds = frame["kind"].tolist()
        self._population = frame["population"].fillna(0).astype(float).tolist()
        self._indexes: tuple[dict, dict, dict] = (defaultdict(list), defaultdict(list), defaultdict(list))
        for row, (name, name_ar, aliases) in enumerate(
            zip(frame["name"], frame["name_ar"], frame["aliases"], strict=False)
        ):
            forms = [(name, NAME)] + [(a, ALIAS) for a in (name_ar, *aliases) if isinstance(a, str) and a]
            for form, flag in forms:
                self._add(form, row, flag)
                core = split_descriptor(form)
                if core.group is not None and core.core != form:
                    self._add(core.core, row, CORE)
        self._fuzzy_keys = list(self._indexes[1])
        self._places: dict[int, Place] = {}
        log.debug("geocoder indexed %d places, %d normalised spellings", len(frame), len(self._fuzzy_keys))

    def _add(self, form: str, row: int, flag: int) -> None:
        for index, key in zip(
            self._indexes, (exact_key(form), normal_key(form), skeleton_key(form)), strict=True
        ):
            if key:
                index[key].append((row, flag, form))

    def _lookup(self, query: str) -> list[tuple[int, float, str, str, int]]:
        """(row, base score, how, matched spelling, flag) for every index hit of ``query``."""
        hits = []
        exact, normal, skeleton = self._indexes
        for row, flag, form in exact.get(exact_key(query), ()):
            hits.append((row, EXACT_SCORE[flag], "exact" if flag == NAME else "alias", form, flag))
        key = normal_key(query)
        for row, flag, form in normal.get(key, ()):
            hits.append((row, NORMAL_SCORE - (CORE_PENALTY if flag == CORE else 0), "normalised", form, flag))
        skeleton_query = skeleton_key(query)
        if len(skeleton_query.replace(" ", "")) < MIN_SKELETON:
            skeleton_query = ""
        for row, flag, form in skeleton.get(skeleton_query, ()):
            hits.append(
                (row, SKELETON_SCORE - (CORE_PENALTY if flag == CORE else 0), "normalised", form, flag)
            )
        if key and not any(h[1] >= NORMAL_SCORE - CORE_PENALTY for h in hits):
            for choice, ratio, _ in process.extract(
                key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_cutoff, limit=25
            ):
                for row, flag, form in normal[choice]:
                    score = FUZZY_MAX * ratio / 100.0 - (CORE_PENALTY if flag == CORE else 0)
                    hits.append((row, score, "fuzzy", form, flag))
        return hits

    def _place(self, row: int) -> Place:
        if row not in self._places:
            self._places[row] = self.gazetteer.place(row)
        return self._places[row]

    def candidates(self, name: str, limit: int = 5) -> list[Candidate]:
        """Ranked candidates for ``name`` (best first), at most ``limit``; an empty list when nothing matches.

        Parameters
        ----------
        name
            A place name in any common spelling, Latin or Arabic, with or without a descriptor ("Deir Ezzor
            military airport", "Hama town", "محافظة دير الزور").
        limit
            How many candidates to return.
        """
        text = " ".join(name.split())
        if not text:
            return []
        descriptor = split_descriptor(text)
        queries = [text] + ([descriptor.core] if descriptor.core != text else [])
        best: dict[int, tuple[float, str, str]] = {}
        for i, query in enumerate(queries):
            for row, base, how, form, flag in self._lookup(query):
                score = base + _kind_adjustment(self._kinds[row], descriptor.group, flag)
                score -= FULL_NAME_BONUS if i else 0.0
                score = round(min(1.0, max(0.0, score)), 3)
                if row not in best or score > best[row][0]:
                    best[row] = (score, how, form)
        ranked = sorted(
            best.items(), key=lambda item: (-item[1][0], KIND_RANK.get(self._kinds[item[0]], 9),
                                            -self._population[item[0]])
        )  # fmt: skip
        out = []
        for row, (score, how, form) in ranked[:limit]:
            place = self._place(row)
            values = {f.name: getattr(place, f.name) for f in fields(Place)}
            out.append(Candidate(**values, score=score, match=how, matched=form))
        return out

    def best(self, name: str) -> Candidate | None:
        """The top candidate for ``name``, or None."""
        found = self.candidates(name, limit=1)
        return found[0] if found else None


def format_table(name: str, candidates: list[Candidate]) -> str:
    """A plain-text table of the candidates for ``name`` (the default output of ``python -m geodata geocode``)."""
    if not candidates:
        return f"{name}: no match"
    lines = [f"{name}:"]
    for i, c in enumerate(candidates, start=1):
        lines.append(
            f"  {i}. {c.score:.3f} {c.match:<10} {c.name} [{c.kind}] {c.id}  {c.lat:.4f} N {c.lon:.4f} E  "
            f"{c.admin1 or '-'} {c.admin1_name or ''}  ±{c.uncertainty_km:g} km"
        )
    return "\n".join(lines)
