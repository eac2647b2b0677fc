"""Fatality figures as reported, with their uncertainty.

"over 80 reported slain" gives a lower bound of 80; "at least 16 killed" likewise 16; "up to 30 dead" an upper
bound; "between 20 and 30" both; "dozens", "scores", "hundreds" the smallest number the word can mean (24, 40,
200) as a lower bound with no best figure. :func:`find_fatalities` returns every figure a text reports;
:func:`combine` turns the figures several sentences give for one event into one low/best/high.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

UNITS = {
    "zero": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}  # fmt: skip
# Vague quantities: the smallest number each can mean, taken as a lower bound.
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "several": 3, "a few": 3}
EXACT_WORDS = {"a dozen": 12, "dozen": 12, "a hundred": 100, "a score": 20, "a couple of": 2}

_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(TENS)
    + r")(?:[- ](?:"
    + "|".join(k for k in UNITS if k not in ("zero", "no"))
    + r"))?"
    r"|" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
    r"(?:\s+hundred)?"
)
_NUMBER = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|"
    + "|".join(sorted(EXACT_WORDS, key=len, reverse=True))
    + "|"
    + "|".join(sorted(VAGUE, key=len, reverse=True))
    + "|"
    + _WORD_NUMBER
    + r")"
)
_LOWER = r"(?P<lower>over|more than|at least|upwards of|in excess of|no fewer than|no less than|a minimum of)"
_UPPER = r"(?P<upper>up to|as many as|at most|no more than|fewer than|less than|under)"
_ABOUT = r"(?P<about>about|around|nearly|almost|some|roughly|approximately|an estimated|close to|around)"
_QUALIFIER = rf"(?:{_LOWER}|{_UPPER}|{_ABOUT})\s+"
_RANGE = r"(?:between\s+)?(?P<lo>\d{1,3}(?:,\d{3})+|\d+)\s*(?:and|to|-|–)\s*(?P<hi>\d{1,3}(?:,\d{3})+|\d+)"
_WHO = (
    r"(?:\s+(?:people|persons|civilians|fighters|militants|soldiers|troops|combatants|members|children|"
    r"women|men|rebels|jihadists|insurgents|government|pro-government|regime|syrian|kurdish|isis|is|"
    r"islamic|state|army|security|forces|personnel|others?|of\s+them|of|the|from\s+each\s+side|on\s+both\s+sides|"
    r"including|and|,))*"
)
_KILLED = (
    r"(?:\s+(?:were|was|have\s+been|had\s+been|are|reportedly|reported|being|confirmed|been|already))*"
    r"\s+(?:killed|dead|slain|died|deaths?|fatalities|lost\s+their\s+lives|massacred|executed|bodies)"
)
PATTERNS = [
    re.compile(rf"\b(?:{_QUALIFIER})?(?:{_RANGE}|{_NUMBER}){_WHO}{_KILLED}\b", re.I),
    re.compile(
        rf"\b(?:kill(?:ed|ing)|claim(?:ed|ing)\s+the\s+lives\s+of|left)\s+(?:{_QUALIFIER})?(?:{_RANGE}|{_NUMBER})"
        rf"(?=(?:{_WHO})(?:\s+dead)?\b)",
        re.I,
    ),
    re.compile(
        rf"\bdeath\s+toll\s+(?:rose\s+to|of|reached|climbed\s+to|stands\s+at|is|was|to)\s+"
        rf"(?:{_QUALIFIER})?(?:{_RANGE}|{_NUMBER})\b",
        re.I,
    ),
]


@dataclass(frozen=True)
class FatalityMention:
    """A reported figure: a lower bound, a best figure and an upper bound (None where not given)."""

    low: int | None
    best: int | None
    high: int | None
    text: str
    span: tuple[int, int]


def word_to_number(token: str) -> tuple[int, bool] | None:
    """Return ``(number, exact)`` for a figure written in digits or words; None if it is not a number."""
    token = token.lower().strip().replace(",", "")
    if token.isdigit():
        return int(token), True
    if token in EXACT_WORDS:
        return EXACT_WORDS[token], True
    if token in VAGUE:
        return VAGUE[token], False
    hundred = token.endswith(" hundred")
    token = token.removesuffix(" hundred")
    parts = re.split(r"[- ]", token)
    if not parts or any(p not in UNITS and p not in TENS for p in parts):
        return None
    value = sum(UNITS.get(p, 0) + TENS.get(p, 0) for p in parts)
    return (value * 100 if hundred else value), True


def _mention(match: re.Match[str]) -> FatalityMention | None:
    groups = match.groupdict()
    span = match.span()
    if groups.get("lo"):
        lo, hi = int(groups["lo"].replace(",", "")), int(groups["hi"].replace(",", ""))
        if lo > hi:
            return None
        return FatalityMention(lo, None, hi, match.group(0), span)
    parsed = word_to_number(groups["num"])
    if parsed is None:
        return None
    value, exact = parsed
    if groups.get("lower") or not exact:
        return FatalityMention(value, None if not exact else value, None, match.group(0), span)
    if groups.get("upper"):
        return FatalityMention(None, None, value, match.group(0), span)
    return FatalityMention(value, value, value, match.group(0), span)


def find_fatalities(text: str) -> list[FatalityMention]:
    """Find the fatality figures ``text`` reports, in order of appearance, overlapping matches dropped."""
    found: list[FatalityMention] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            mention = _mention(match)
            if mention and not any(
                mention.span[0] < m.span[1] and m.span[0] < mention.span[1] for m in found
            ):
                found.append(mention)
    return sorted(found, key=lambda m: m.span)


def combine(mentions: Iterable[FatalityMention]) -> tuple[int | None, int | None, int | None]:
    """One ``(low, best, high)`` for an event from the figures its sentences report.

    The same figure repeated counts once; differing figures are kept as a range: the largest lower bound,
    the smallest upper bound above it, and a best figure only when the exact figures agree.
    """
    mentions = list(mentions)
    lows = [m.low for m in mentions if m.low is not None]
    highs = [m.high for m in mentions if m.high is not None]
    # Exact figures ("16 killed": best == high) compete; "at least N" figures are lower bounds, of which the
    # largest stands as the best figure only when no exact figure is given.
    bests = {m.best for m in mentions if m.best is not None and m.high == m.best}
    if not bests:
        bounds = [m.best for m in mentions if m.best is not None]
        bests = {max(bounds)} if bounds else set()
    low = max(lows) if lows else None
    high_candidates = [h for h in highs if low is None or h >= low]
    high = max(high_candidates, default=None) if len(bests) > 1 else min(high_candidates, default=None)
    if len(bests) > 1:
        low = min(bests | ({low} if low is not None else set()))
        high = max(bests | ({high} if high is not None else set()))
        return low, None, high
    best = next(iter(bests)) if bests else None
    return low, best, high
