"""Fatality figures as reported, with their uncertainty.

"over 80 reported slain" gives a lower bound of 80; "at least 16 killed" likewise 16; "up to 30 dead" an upper
bound; "between 20 and 30" both; "dozens", "scores", "hundreds" the smallest number the word can mean (24, 40,
200) as a lower bound with no best figure. :func:`find_fatalities` returns every figure a text reports;
:func:`combine` turns the figures several sentences give for one event into one low/best/high.

Arabic figures are read the same way, on the folded spelling (:func:`events.extract.text.fold_arabic`, which also
turns Arabic-Indic digits into Latin ones): "مقتل 16", "قُتل 16", "16 قتيلاً", "سقوط 16 قتيلا", "ما لا يقل عن 16"
and "16 ... على الأقل" (a lower bound), "أكثر من 80" (a lower bound), "نحو 30", "بين 20 و30", "عشرات" (dozens),
"مئات", and numbers in words up to ninety-nine ("ثلاثة", "خمسة عشر", "خمسة وعشرون").

A figure is one event's toll: a part of another ("225 civilians, including 27 children, have been killed") and a
tally of many events ("so far", "since March 2011", "across Syria", "this year") are left out of English text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from events.extract.text import arabic_only, fold_arabic, fold_arabic_offsets, has_arabic, original_span

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
    r"(?P<num>\d{1,3}(?:,\d{3})+|(?!(?:19|20)\d\d\b)\d+|"  # "in 2011" is a year: tolls that size take a comma
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
# Each word is one atomic choice, so that a run of words no death word follows fails at once instead of trying
# every way to split it (a capitalised "Syrian" is both a listed word and a unit's name).
_WHO = (
    r"(?:\s+(?>(?:people|persons|civilians|fighters|militants|soldiers|troops|combatants|members|children|"
    r"women|men|rebels?|jihadists|insurgents|government|pro-government|regime|syrian|kurdish|isis|is|"
    r"mercenaries|terrorists|servicem[ae]n|militiam[ae]n|gunm[ae]n|policem[ae]n|guards|officers|staff|"
    r"islamic|state|army|security|forces|personnel|others?|of\s+them|of|the|from\s+each\s+side|on\s+both\s+sides|"
    r"including|and|,|pro-[a-z]+|(?-i:[A-Z][\w'’-]*))(?![\w'’-])))*"  # a unit: "the National Defence Forces"
)
_KILLED = (
    r"(?:\s+(?:were|was|have\s+been|had\s+been|are|reportedly|reported|being|confirmed|been|already))*"
    r"\s+(?:killed|dead|slain|died|deaths?|fatalities|lost\s+their\s+lives|massacred|executed|bodies|martyred)"
)
_FIGURE = rf"\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER}"
# A part of a toll, named beside it, is no toll of its own: "225 civilians, including 27 children, have been
# killed", "39 people, most of them civilians, were killed", "12 people, three of them children, were killed".
SUBSET = r"(?:including|among\s+them|of\s+them|of\s+whom|among\s+whom)"
_SOME = r"(?:(?:at\s+least|more\s+than|over|about|around|some|nearly|up\s+to)\s+)?"
_PART = (
    rf"(?:\s*,?\s+(?:{SUBSET}|most\s+of\s+them|many\s+of\s+them|mostly|mainly)(?:\s+{_SOME}(?:{_FIGURE}|an?))?"
    rf"(?:{_WHO}|(?:\s+[\w'’-]+){{1,8}}?)\s*,?"  # "53 people, most of them civilians gathering truffles, were"
    rf"|\s*,\s*(?:{_FIGURE})\s+of\s+(?:them|whom){_WHO}\s*,?)?"
)
# One victim named by a singular noun: "killing a child", "a civilian was killed".
_ONE = (
    r"(?P<num>a|an|one)\s+(?:[\w-]+\s+)?(?:child|civilian|man|woman|boy|girl|soldier|fighter|person|resident|"
    r"shepherd|doctor|nurse|journalist|teenager|member|officer|commander|policeman|farmer|worker)"
)
PATTERNS = [
    re.compile(rf"\bkill(?:ed|ing|s)\s+{_ONE}\b", re.I),
    re.compile(
        rf"\b{_ONE}\s+(?:was|has\s+been|had\s+been)\s+(?:reportedly\s+)?(?:killed|shot\s+dead)\b", re.I
    ),
    re.compile(rf"\b(?:{_QUALIFIER})?(?:{_RANGE}|{_NUMBER}){_WHO}{_PART}{_KILLED}\b", re.I),
    re.compile(
        rf"\b(?:kill(?:s|ed|ing)?|execut(?:es|ed|ing)|martyr(?:ed|ing)|massacr(?:ed|ing)|slaughter(?:ed|ing)|"
        rf"claim(?:ed|ing)\s+the\s+lives\s+of|left)\s+(?:{_QUALIFIER})?(?:{_RANGE}|{_NUMBER})"
        rf"(?=(?:{_WHO})(?:\s+dead)?\b)",
        re.I,
    ),
    # "the army lost at least 18 fighters"
    re.compile(
        rf"\blost\s+(?:{_QUALIFIER})?(?:{_RANGE}|{_NUMBER})\s+(?:of\s+(?:its|their)\s+)?(?:[A-Z][\w'’-]*\s+)?"
        r"(?:fighters|soldiers|members|troops|men|personnel|servicemen|militants|officers)\b",
        re.I,
    ),
    # "documented the death of 28 members of regime forces"
    re.compile(rf"\bdeaths?\s+of\s+(?:{_QUALIFIER})?(?:{_RANGE}|{_NUMBER})\b(?!\s*(?:years?|days?|%))", re.I),
    re.compile(
        rf"\bdeath\s+toll\s+(?:rose\s+to|of|reached|climbed\s+to|stands\s+at|is|was|to)\s+"
        rf"(?:{_QUALIFIER})?(?:{_RANGE}|{_NUMBER})\b",
        re.I,
    ),
]

# Two sides' tolls in one clause are one event's toll, added up: "at least 22 SDF fighters and 14 rebels were
# killed", "killing 5 soldiers and 3 civilians". Words of the wounded never join a side.
_NOT_DEAD = r"(?!(?:wounded|injured|hurt|arrested|captured|missing|kidnapped|displaced|and|were|was)\b)"
_SIDE = rf"(?:\s+{_NOT_DEAD}[A-Za-z][\w'’-]*){{1,4}}?"
_VICTIMS = (
    r"(?:people|persons|civilians|soldiers|fighters|militants|rebels|members|troops|children|women|men|"
    r"jihadists|insurgents|policemen|personnel|others)"
)
SUM_PATTERNS = [
    re.compile(
        rf"\b(?P<lower>(?:at\s+least|more\s+than|over|no\s+fewer\s+than)\s+)?(?P<a>{_FIGURE}){_SIDE}"
        rf"\s+and\s+(?P<b>{_FIGURE})(?:{_SIDE})?{_KILLED}\b",
        re.I,
    ),
    re.compile(
        rf"\bkill(?:ed|ing)\s+(?P<lower>(?:at\s+least|more\s+than|over)\s+)?(?P<a>{_FIGURE}){_SIDE}\s+and\s+"
        rf"(?P<b>{_FIGURE})(?:\s+[A-Za-z][\w'’-]*){{0,2}}?\s+{_VICTIMS}\b"
        r"(?!\s+(?:were\s+|was\s+)?(?:wounded|injured|hurt))",
        re.I,
    ),
]

# Arabic: number words (added up: "خمسة عشر" 15, "خمسة وعشرون" 25), vague quantities, and the words around a
# figure. Every pattern and key is folded as the text is.
AR_NUMBERS = {
    "واحد": 1, "واحدة": 1, "أحد": 1, "إحدى": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2,
    "اثني": 2, "اثنتا": 2, "اثنتي": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5,
    "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "ثمان": 8, "تسعة": 9, "تسع": 9,
    "عشرة": 10, "عشر": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90, "مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200,
}  # fmt: skip
AR_DUAL = {"قتيلان": 2, "قتيلين": 2, "شهيدان": 2, "شهيدين": 2}  # "two dead" in one word
AR_VAGUE = {"عشرات": 24, "العشرات": 24, "مئات": 200, "المئات": 200, "آلاف": 2000, "الآلاف": 2000, "عدة": 3}
_AR_NUMBER_KEYS = {fold_arabic(k): v for k, v in (AR_NUMBERS | AR_DUAL).items()}
_AR_VAGUE_KEYS = {fold_arabic(k): v for k, v in AR_VAGUE.items()}


def _ar_words(words) -> str:
    return "|".join(sorted({fold_arabic(w) for w in words}, key=len, reverse=True))


_AR_UNIT = _ar_words(k for k, v in AR_NUMBERS.items() if v < 10)
_AR_TENS = _ar_words(k for k, v in AR_NUMBERS.items() if 20 <= v < 100)
_AR_NUM = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+"
    rf"|(?:(?:{_AR_UNIT})\s+و\s*)?(?:{_AR_TENS})|(?:{_AR_UNIT})\s+عشرة?|{_ar_words(AR_NUMBERS)}"
    rf"|{_ar_words(AR_VAGUE)})(?!\w)"
    # a figure of years, days, kilometres or per cent is no toll
    r"(?!\s+(?:عاما|عام|سنة|سنوات|أعوام|يوما|أيام|شهرا|أشهر|ساعة|ساعات|كم|كيلومترا|كيلومترات|مترا|بالمئة|بالمائة|%))"
)
_AR_RANGE = r"(?:ما\s+)?بين\s+(?P<lo>\d+)\s+و\s*(?P<hi>\d+)(?!\d)"
_AR_LOWER = (
    r"(?P<lower>ما\s+لا\s+يقل\s+عن|لا\s+يقل\s+عن|أكثر\s+من|ما\s+يزيد\s+(?:عن|على)|أزيد\s+من|ما\s+يربو\s+على)"
)
_AR_UPPER = r"(?P<upper>ما\s+يصل\s+إلى|حتى|أقل\s+من|ما\s+لا\s+يزيد\s+عن)"
_AR_ABOUT = r"(?:نحو|حوالي|حوالى|قرابة|زهاء|ما\s+يقارب|ما\s+يقرب\s+من|تقريبا)"
_AR_FIGURE = rf"(?:(?:{_AR_LOWER}|{_AR_UPPER}|{_AR_ABOUT})\s+)?(?:{_AR_RANGE}|{_AR_NUM})"
_AR_DEAD = r"(?:ال)?(?:قتيلا|قتيل|قتلى|شهيدا|شهيد|شهداء|جثة|جثث)(?!\w)"
_AR_GAP = r"(?:(?!(?:في|عام|العام|سنة|منذ|خلال)\s)[^\W\d_]+\s+)"  # a word between a verb and its figure
# (cue, pattern): the cue is a plain alternation of words every match contains, searched first because it is
# several times faster than the pattern, which most sentences would not match anyway.
_ARABIC_SOURCES = [
    # "مقتل 16", "قُتل 16", "استشهاد ثلاثة", "مقتل العشرات", "قتلت الغارات 16" (a few words between)
    (
        "مقتل|مصرع|استشهاد|ارتقاء|وفاة|إعدام",
        rf"(?<!\w)[وف]?[بل]?(?:مقتل|مصرع|استشهاد|ارتقاء|وفاة|إعدام)\s+{_AR_FIGURE}",
    ),
    ("قتل", rf"(?<!\w)[وف]?(?:قتل|قتلت|يقتل|تقتل|قتلوا)\s+{_AR_GAP}{{0,3}}?{_AR_FIGURE}"),
    # "16 قتيلاً", "سقوط 16 قتيلا", "عشرات القتلى", "العشرات من القتلى", "سقوط قتيلين"
    ("قتيل|قتلى|شهيد|شهداء|جثة|جثث", rf"(?<![\w,])[وف]?{_AR_FIGURE}\s+(?:من\s+)?{_AR_DEAD}"),
    ("قتيل|شهيد", rf"(?<!\w)[وف]?(?:سقوط\s+)?(?P<num>{_ar_words(AR_DUAL)})(?!\w)"),
    # "لقي 16 شخصاً حتفهم", "16 عنصراً قُتلوا"
    (
        "لقي|لقوا",
        rf"(?<!\w)[وف]?(?:لقي|لقيت|لقوا)\s+{_AR_FIGURE}\s+(?:[^\W\d_]+\s+){{0,2}}?(?:حتفهم|مصرعهم|حتفه|مصرعه)",
    ),
    (
        "قتلوا|لقوا",
        rf"(?<![\w,]){_AR_FIGURE}\s+(?:[^\W\d_]+\s+){{0,4}}?(?:قتلوا|لقوا\s+(?:حتفهم|مصرعهم))(?!\w)",
    ),
    # "ارتفعت حصيلة القتلى إلى 30", "حصيلة ... بلغت 30"
    ("حصيلة", rf"حصيلة\s+(?:[^\W\d_]+\s+){{0,4}}?(?:إلى|بلغت|بلغ)\s+{_AR_FIGURE}"),
]
ARABIC_PATTERNS = [
    (re.compile(fold_arabic(cue)), re.compile(fold_arabic(pattern))) for cue, pattern in _ARABIC_SOURCES
]
_AR_AT_LEAST_AFTER = re.compile(fold_arabic(r"(?:\s+[^\W\d_]+){0,3}?\s+على\s+الأقل(?!\w)"))


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# Words that make a figure a tally of many events over a long span, not one event's toll. "since Friday" is a
# short span and stays; "in March this year" dates an event (the "dated" group).
CUMULATIVE = re.compile(
    r"\bso\s+far\b|\bin\s+total\b|\boverall\b|\bacross\s+(?:syria|the\s+country)\b|\bnationwide\b"
    r"|\bsince\s+the\s+(?:start|beginning|outbreak)\b|\b(?:in|during)\s+the\s+same\s+period\b"
    r"|\bsince\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:offensive|war|conflict|uprising|revolution|campaign|operation|"
    r"intervention|crisis)\s+(?:began|started|erupted|was\s+launched)\b"
    r"|\bsince\s+(?:\w+\s+){1,4}?(?:launched|began|started)\s+(?:its|their|the|an?)\s+(?:\w+\s+)?"
    r"(?:offensive|campaign|operation|war|intervention)\b"
    rf"|(?P<dated>\b(?:{_MONTHS}|earlier|later)\s+)?\bthis\s+year\b"
    r"|\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years?|months|weeks)\b"
    rf"|\bsince\s+(?:(?:early|late|mid)[\s-]+)?(?:{_MONTHS}|\d{{4}})\b"
    rf"|\bduring\s+(?:the\s+month\s+of\s+)?(?:{_MONTHS})\b(?!\s+\d)",
    re.I,
)
CUMULATIVE_REACH = 60  # how far after a figure (or its verb) the words of a tally are looked for
_CLAUSE_END = re.compile(r"[.;!?]|,\s+(?:while|whereas|but|bringing|raising|taking|pushing)\b")
_AFTER_SUBSET = re.compile(rf"\b{SUBSET}\s+(?:{_QUALIFIER})?$", re.I)
_BEFORE_SUBSET = re.compile(r"^\s+of\s+(?:them|whom)\b", re.I)
# A part of a tally that names its own event: "including at least 16 in an air strike on the hospital"
_OWN_EVENT_PART = re.compile(
    rf",\s*including\s+(?:{_QUALIFIER})?{_NUMBER}{_WHO}\s+(?:in|at)\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:air ?strikes?|strikes?|attacks?|bombings?|raids?|explosions?|ambush|massacre|shelling|blasts?)\b",
    re.I,
)


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
    if token in ("a", "an"):  # "killing a child"
        return 1, True
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
    parsed = word_to_number(groups["num"]) or _arabic_number(groups["num"])
    if parsed is None:
        return None
    value, exact = parsed
    if groups.get("lower") or not exact:
        return FatalityMention(value, None if not exact else value, None, match.group(0), span)
    if groups.get("upper"):
        return FatalityMention(None, None, value, match.group(0), span)
    return FatalityMention(value, value, value, match.group(0), span)


def _sum(match: re.Match[str]) -> FatalityMention | None:
    """Two sides' figures added up (see :data:`SUM_PATTERNS`); "at least" makes the total a lower bound."""
    a, b = word_to_number(match.group("a")), word_to_number(match.group("b"))
    if a is None or b is None or not (a[1] and b[1]):
        return None
    total = a[0] + b[0]
    return FatalityMention(
        total, total, None if match.group("lower") else total, match.group(0), match.span()
    )


def _arabic_number(token: str) -> tuple[int, bool] | None:
    """``(number, exact)`` for a folded Arabic figure: words added up ("خمسة وعشرون" 25) or a vague word."""
    if token in _AR_VAGUE_KEYS:
        return _AR_VAGUE_KEYS[token], False
    total = 0
    for word in token.split():
        value = _AR_NUMBER_KEYS.get(word)
        if value is None and word.startswith("و"):  # "وعشرون": "and twenty"
            value = _AR_NUMBER_KEYS.get(word[1:])
        if value is None:
            return None
        total += value
    return total, True


def _arabic_mention(
    match: re.Match[str], text: str, shifts: tuple[int, ...] | None
) -> FatalityMention | None:
    """A figure found in folded text, with its span and words in ``text``; "16 قتيلا على الأقل" is a lower
    bound."""
    mention = _mention(match)
    if mention is None:
        return None
    end = match.end()
    at_least = _AR_AT_LEAST_AFTER.match(match.string, end)
    if at_least and mention.best is not None and mention.high == mention.best:
        mention, end = replace(mention, high=None), at_least.end()
    start, end = original_span(shifts, match.start(), end)
    return replace(mention, text=text[start:end], span=(start, end))


_DEATH_WORD = re.compile(
    r"kill|dead|slain|died|death|fatalit|lives|massacr|execut|bodies|martyr|slaughter|lost|left", re.I
)


def find_fatalities(text: str) -> list[FatalityMention]:
    """Find the fatality figures ``text`` reports, in order of appearance, overlapping matches dropped.

    A part of a figure ("including 27 children") and a tally of many events ("killed so far", "since March
    2011", "across Syria") are no event's toll and are left out; a part of a tally that names its own event
    ("280 civilians killed since the start of the offensive, including at least 16 in an air strike on the
    hospital") is kept.
    """
    found: list[FatalityMention] = []
    # a sentence written in Arabic alone holds none of the English words, and every English pattern needs a word
    # of death
    english = not arabic_only(text) and bool(_DEATH_WORD.search(text))
    for pattern in SUM_PATTERNS if english and " and " in text else ():
        for match in pattern.finditer(text):
            _add(found, _sum(match))
    for pattern in PATTERNS if english else ():
        for match in pattern.finditer(text):
            _add(found, _mention(match))
    if has_arabic(text):
        folded, shifts = fold_arabic_offsets(text)
        for cue, pattern in ARABIC_PATTERNS:
            if cue.search(folded):
                for match in pattern.finditer(folded):
                    _add(found, _arabic_mention(match, text, shifts))
    found.sort(key=lambda m: m.span)
    return _own_tolls(text, found) if english else found


def _is_tally(words: str) -> bool:
    return any(not m.group("dated") for m in CUMULATIVE.finditer(words))


def _cumulative(text: str, mention: FatalityMention) -> bool:
    """Whether ``mention`` is a tally: the words of one follow it in its clause (or open the clause)."""
    start, end = mention.span
    after = text[end : end + CUMULATIVE_REACH]
    after = after[: m.start()] if (m := _CLAUSE_END.search(after)) else after
    opening = text[max(0, start - 80) : start]
    opening = opening[max((m.end() for m in re.finditer(r"[.;:!?]", opening)), default=0) :]
    return _is_tally(after) or _is_tally(opening)


def _own_tolls(text: str, mentions: list[FatalityMention]) -> list[FatalityMention]:
    """``mentions`` without the parts of another figure and without tallies (see :func:`find_fatalities`)."""
    kept: list[FatalityMention] = []
    tallies: list[FatalityMention] = []
    for n, mention in enumerate(mentions):
        start, end = mention.span
        if n and (_AFTER_SUBSET.search(text[:start]) or _BEFORE_SUBSET.match(text[end:])):
            continue  # "... including 27 children killed": a part of the figure before it
        if _cumulative(text, mention):
            tallies.append(mention)
            kept += _own_event_part(text, mention, mentions)
            continue
        kept.append(mention)
    # the same tally said twice ("160 killed ... at least 160 people were killed across Syria") is still a tally
    figures = {_figure(m) for m in tallies}
    return sorted((m for m in kept if _figure(m) not in figures), key=lambda m: m.span)


def _own_event_part(
    text: str, tally: FatalityMention, mentions: list[FatalityMention]
) -> list[FatalityMention]:
    """The part of ``tally`` that names its own event later in its sentence, as a figure of its own."""
    end = tally.span[1]
    stop = re.search(r"[.;!?](?:\s|$)", text[end:])
    part = _OWN_EVENT_PART.search(text, end, end + stop.start() if stop else len(text))
    if part is None or any(end <= m.span[0] < part.end() for m in mentions):
        return []  # another figure comes first: the part may be its own
    own = _mention(part)
    start = part.start() + len(part.group(0)) - len(part.group(0).lstrip(" ,"))
    return [replace(own, text=text[start : part.end()], span=(start, part.end()))] if own else []


def _figure(mention: FatalityMention) -> int | None:
    return (
        mention.best if mention.best is not None else mention.low if mention.low is not None else mention.high
    )


def _add(found: list[FatalityMention], mention: FatalityMention | None) -> None:
    """Add ``mention`` to ``found`` unless it overlaps one already there."""
    if mention and not any(mention.span[0] < m.span[1] and m.span[0] < mention.span[1] for m in found):
        found.append(mention)


def combine(mentions: Iterable[FatalityMention]) -> tuple[int | None, int | None, int | None]:
    """One ``(low, best, high)`` for an event from the figures its sentences report.

    The same figure repeated counts once; differing figures are kept as a range: the largest lower bound,
    the smallest upper bound above it, and a best figure only when the exact figures agree. An exact figure
    below the largest lower bound is a part of the toll ("at least 10 killed ... 2 children were killed"), not
    a competing figure. The result always keeps ``low <= best <= high``.
    """
    mentions = list(mentions)
    bounds = [m.low for m in mentions if m.low is not None and not _exact(m)]
    floor = max(bounds, default=None)
    kept = [m for m in mentions if not _exact(m) or floor is None or m.best >= floor]
    exact = [m for m in kept if _exact(m)]
    lows = [m.low for m in kept if m.low is not None]
    highs = [m.high for m in kept if m.high is not None]
    # Exact figures ("16 killed": best == high) compete; "at least N" figures are lower bounds, of which the
    # largest stands as the best figure only when no exact figure is given and no vaguer bound is larger.
    bests = {m.best for m in exact}
    low = max(lows) if lows else None
    if not bests:
        bounded = [m.best for m in kept if m.best is not None]
        bests = {max(bounded)} if bounded and (low is None or max(bounded) >= low) else set()
    high_candidates = [h for h in highs if low is None or h >= low]
    high = max(high_candidates, default=None) if len(bests) > 1 else min(high_candidates, default=None)
    if len(bests) > 1:
        low = min(bests | ({low} if low is not None else set()))
        high = max(bests | ({high} if high is not None else set()))
        return low, None, high
    best = next(iter(bests)) if bests else None
    if best is not None and high is not None and high < best:
        high = None
    return low, best, high


def _exact(mention: FatalityMention) -> bool:
    """An exact figure ("16 killed"), as against a bound ("at least 16") or a range."""
    return mention.best is not None and mention.high == mention.best
