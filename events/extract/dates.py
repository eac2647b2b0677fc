"""Dates in report text, resolved against the report's publication date.

News reports date events relative to when they were published: "on Saturday", "yesterday", "over the weekend",
"last week", "on January 14", "earlier this month". :func:`find_dates` finds such expressions and resolves each
to a date range with a precision on ACLED's ``time_precision`` scale: 1 a day, 2 a week (or a few days),
3 a month, the coarsest, which also serves a season ("the summer of 2018": June to August; a year's winter is
the one its January falls in) and a year ("in 2017", "in late 2015": its last third, "since 2011"). A date a
reporting verb governs ("activists said Tuesday that ...", "told Reuters on Monday") is marked as such: it
dates the report, not the event.

Arabic reports (Modern Standard Arabic as Syrian news writes it) are read the same way, on their folded
spelling (:func:`events.extract.text.fold_arabic`): weekdays ("يوم السبت", "السبت الماضي"), "أمس", "اليوم",
"فجر اليوم", "منذ يومين", "منذ ثلاثة أيام", "الأسبوع الماضي", "الشهر الماضي", "نهاية الأسبوع", and a day with a
month of either series, Levantine ("١٤ كانون الثاني") or Egyptian/Gulf ("14 يناير"), with an optional year.

Regular expressions and calendar arithmetic rather than ``dateparser``: the expressions that matter are few,
their resolution must be deterministic against the publication date (``dateparser`` resolves "Saturday" forwards
or backwards depending on settings and version), and the extractor must handle 100 reports a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from events.extract.text import arabic_only, fold_arabic, fold_arabic_offsets, has_arabic, original_span

DAY, WEEK, MONTH = 1, 2, 3

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1, "an": 1}

_MONTH = r"(?P<month>" + "|".join(MONTHS) + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_SEASON = r"(?P<season>" + "|".join(SEASONS) + r")"
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}  # a third of the year each

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    # "between October 5 and 10, 2023", "from 5 to 10 October"
    (
        "day_range",
        re.compile(
            rf"\b(?:between|from|on)\s+(?:{_MONTH}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|to|until)\s+"
            rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?|(?P<e1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|to|until)\s+"
            rf"(?P<e2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH[len('(?P<month>') : -1]}))(?:,?\s+{_YEAR})?\b",
            re.I,
        ),
    ),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAYNUM}(?:,?\s+{_YEAR})?\b", re.I)),
    ("day_month", re.compile(rf"\b{_DAYNUM}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|a)\s+days?\s+ago\b", re.I)),
    (
        "weekend",
        re.compile(r"\b(?:over|during|at|on|through(?:out)?)\s+the\s+weekend\b|\bthis\s+weekend\b", re.I),
    ),
    ("last_week", re.compile(r"\blast\s+week\b", re.I)),
    ("this_week", re.compile(r"\b(?:earlier\s+)?this\s+week\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier\s+)?this\s+month\b", re.I)),
    ("this_year", re.compile(r"\b(?:earlier|so\s+far)\s+this\s+year\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)),
    ("in_month", re.compile(rf"\bin\s+(?:early\s+|mid-?|late\s+)?{_MONTH}(?:\s+{_YEAR})?\b", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b(?![-/]\d)", re.I)),  # "since March 2019"
    # "the summer of 2018", "summer 2018", "the winter of 2017-18"; not the "Arab Spring" nor "Peace Spring"
    (
        "season",
        re.compile(
            rf"\b(?:(?:in|during|throughout)\s+)?(?:the\s+)?(?<!arab\s)(?<!peace\s){_SEASON}(?:\s+of)?\s+{_YEAR}"
            r"(?:\s*[-/\u2013]\s*(?P<year2>(?:19|20)?\d\d))?(?![\d,.]?\d)",
            re.I,
        ),
    ),
    ("season", re.compile(rf"\b(?P<rel>last|past|this)\s+{_SEASON}\b(?!\s+of\b)", re.I)),
    # "in the summer", "during the winter"; "in the fall of Raqqa" is no season
    (
        "season",
        re.compile(
            rf"\b(?:in|during|throughout)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?<!arab\s)(?<!peace\s)"
            rf"{_SEASON}\b(?!\s+of\b)",
            re.I,
        ),
    ),
    # "in 2017", "in late 2015", "since 2011", "in 2017-2018": a year is a year only after a preposition, never
    # inside a longer number or a date ("2017-05-12", "2,017")
    (
        "year",
        re.compile(
            r"(?:\b(?:in|during|throughout)\s+(?:the\s+year\s+)?|(?<=\bsince\s))(?:(?P<part>early|mid|late)[\s-]+)?"
            r"(?<![\d,.])(?P<year>(?:19|20)\d\d)(?:\s*[-/\u2013]\s*(?P<year2>(?:19|20)?\d\d))?(?![\d,.]?\d)(?!-\d)",
            re.I,
        ),
    ),
]
_DIGITS_ONLY = [(kind, pattern) for kind, pattern in PATTERNS if kind == "iso"]
# Patterns most sentences cannot match, and a quick test that a sentence may: the test is several times faster.
_YEAR_CUE = re.compile(r"(?:19|20)\d\d")
_CUED_KINDS = {
    "month_year": lambda text: _YEAR_CUE.search(text) is not None,
    "year": lambda text: _YEAR_CUE.search(text) is not None,
    "season": lambda text: any(season in text.lower() for season in SEASONS),
}

# Arabic, written as news sites spell it; every pattern and key is folded as the text is (fold_arabic).
AR_WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
AR_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6,
    "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}  # fmt: skip
AR_NUMBER_WORDS = {
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7,
    "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
}  # fmt: skip
_AR_WEEKDAY_INDEX = {fold_arabic(w): i for i, w in enumerate(AR_WEEKDAYS)}
_AR_MONTH_NUMBER = {fold_arabic(m): n for m, n in AR_MONTHS.items()}
_AR_NUMBER = {fold_arabic(w): n for w, n in AR_NUMBER_WORDS.items()}


def _ar_alternation(words) -> str:
    return "|".join(sorted({fold_arabic(w) for w in words}, key=len, reverse=True))


_AR = r"(?<!\w)[وف]?"  # a word start; "و" (and) and "ف" (so) are written onto the next word
_AR_PART_OF_DAY = r"(?:(?:يوم|صباح|مساء|ليل|ليلة|فجر|ظهر|عصر|نهار|منتصف ليل)\s+)?"
_AR_MONTH = rf"(?P<month>{_ar_alternation(AR_MONTHS)})"
_AR_OTHER_MONTH = rf"(?:\s*[/(]\s*(?:{_ar_alternation(AR_MONTHS)})\s*\)?)?"  # "آذار/مارس", "آذار (مارس)"
_AR_YEAR = r"(?:\s*(?:من\s+)?(?:عام|العام|سنة)?\s*(?P<year>(?:19|20)\d\d)(?!\d))?"
_AR_PAST = r"الماضي|الفائت|المنصرم"
_AR_FUTURE = r"(?!\s+(?:المقبل|القادم))"
_AR_MONTH_CUE = _ar_alternation(AR_MONTHS)
# (kind, cue, pattern): the cue is a plain alternation of words every match contains, searched first because
# it is several times faster than the pattern, which most sentences would not match anyway.
_ARABIC_SOURCES = [
    (
        "dmy",
        r"\d[/.-]",
        r"(?<![\d/])(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)[/.-](?P<year>(?:19|20)\d\d)(?!\d)",
    ),
    (
        "day_month",
        _AR_MONTH_CUE,
        # a weekday before the date is part of it: "يوم السبت الموافق 5 آذار" is the 5th of March
        rf"(?:{_AR}{_AR_PART_OF_DAY}(?:{_ar_alternation(AR_WEEKDAYS)})\s*[،,]?\s*(?:الموافق\s+(?:ل\s*)?)?)?"
        rf"(?<![\d/.])(?P<day>[0-3]?\d)\s*(?:من\s+)?(?:شهر\s+)?{_AR_MONTH}{_AR_OTHER_MONTH}(?!\w){_AR_YEAR}",
    ),
    ("ar_days_ago", "أمس", rf"{_AR}{_AR_PART_OF_DAY}(?P<two>(?:ب?ال)?أمس الأول|أول (?:من )?أمس)(?!\w)"),
    (
        "yesterday",
        "أمس|الليلة|البارحة",
        rf"{_AR}{_AR_PART_OF_DAY}(?:ب?ال)?أمس(?!\w)|{_AR}(?:الليلة الماضية|ليلة البارحة|البارحة)(?!\w)",
    ),
    (
        "today",
        "اليوم|الليلة|هذا",
        rf"{_AR}{_AR_PART_OF_DAY}اليوم(?!\s+(?:التالي|السابق))(?!\w)"
        rf"|{_AR}(?:هذه الليلة|هذا الصباح|هذا المساء|الليلة)(?!\s+الماضية)(?!\w)",
    ),
    (
        "ar_days_ago",
        "منذ|قبل",
        rf"{_AR}(?:منذ|قبل)\s+(?:(?P<n>\d+|{_ar_alternation(AR_NUMBER_WORDS)})\s+(?:أيام|يوما)"
        r"|(?P<two>يومين)|يوم واحد)(?!\w)(?!\s+من(?!\w))",
    ),
    ("ar_weekend", "نهاية", rf"{_AR}(?:عطلة\s+)?نهاية\s+الأسبوع(?:\s+(?:{_AR_PAST}))?{_AR_FUTURE}(?!\w)"),
    ("last_week", "الأسبوع", rf"{_AR}الأسبوع\s+(?:{_AR_PAST})(?!\w)"),
    ("this_week", "الأسبوع", rf"{_AR}(?:هذا\s+الأسبوع|الأسبوع\s+(?:الجاري|الحالي))(?!\w)"),
    ("last_month", "الشهر", rf"{_AR}الشهر\s+(?:{_AR_PAST})(?!\w)"),
    ("this_month", "الشهر", rf"{_AR}(?:هذا\s+الشهر|الشهر\s+(?:الجاري|الحالي))(?!\w)"),
    (
        "weekday",
        _ar_alternation(AR_WEEKDAYS),
        rf"{_AR}{_AR_PART_OF_DAY}(?P<weekday>{_ar_alternation(AR_WEEKDAYS)})(?:\s+(?P<last>{_AR_PAST}))?"
        rf"{_AR_FUTURE}(?!\w)",
    ),
    (
        "in_month",
        _AR_MONTH_CUE,
        rf"{_AR}(?:في|خلال|مطلع|أوائل|أواخر|منتصف|أواسط|بداية|نهاية)\s+(?:شهر\s+)?{_AR_MONTH}"
        rf"{_AR_OTHER_MONTH}{_AR_FUTURE}(?!\w){_AR_YEAR}",
    ),
]
ARABIC_PATTERNS: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    (kind, re.compile(fold_arabic(cue)), re.compile(fold_arabic(pattern)))
    for kind, cue, pattern in _ARABIC_SOURCES
]


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text and the range it resolves to."""

    start: date
    end: date
    precision: int
    text: str
    span: tuple[int, int]
    # True when the date is a reporting verb's ("activists said Tuesday that ... on Monday"), not the event's
    reporting: bool = False


def _month_number(token: str) -> int:
    if token in _AR_MONTH_NUMBER:
        return _AR_MONTH_NUMBER[token]
    token = token.lower().rstrip(".")
    if token in MONTHS:
        return MONTHS.index(token) + 1
    return MONTH_ABBR[token[:4] if token.startswith("sept") else token[:3]]


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _latest_not_after(month: int, day: int, published: date) -> date | None:
    """The date with this month and day in the publication year, or the year before if that is later."""
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _resolve(kind: str, match: re.Match[str], published: date) -> tuple[date, date, int] | None:
    groups = match.groupdict()
    if "may" in (groups.get("month"), groups.get("month2")) and not groups.get("year"):
        return (
            None  # "between 20 and 30 may have been killed": the verb, not the month (which is capitalised)
        )
    if kind in ("iso", "dmy", "month_day", "day_month"):
        month = int(groups["month"]) if kind in ("iso", "dmy") else _month_number(groups["month"])
        day = int(groups["day"])
        if groups.get("year"):
            try:
                when = date(int(groups["year"]), month, day)
            except ValueError:
                return None
        else:
            when = _latest_not_after(month, day, published)
        return (when, when, DAY) if when else None
    if kind == "yesterday":
        when = published - timedelta(days=1)
        return when, when, DAY
    if kind == "today":
        return published, published, DAY
    if kind == "days_ago":
        n = groups["n"].lower()
        when = published - timedelta(days=int(n) if n.isdigit() else NUMBER_WORDS[n])
        return when, when, DAY
    if kind == "ar_days_ago":
        n = groups.get("n")
        days = 2 if groups.get("two") else 1 if not n else int(n) if n.isdigit() else _AR_NUMBER[n]
        when = published - timedelta(days=days)
        return when, when, DAY
    if kind == "weekday":
        weekday = groups["weekday"]
        index = (
            _AR_WEEKDAY_INDEX[weekday] if weekday in _AR_WEEKDAY_INDEX else WEEKDAYS.index(weekday.lower())
        )
        back = (published.weekday() - index) % 7
        if (match.group(0).lower().startswith("last") or groups.get("last")) and back == 0:
            back = 7
        when = published - timedelta(days=back)
        return when, when, DAY
    if kind == "weekend":
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        return saturday, min(saturday + timedelta(days=1), published), WEEK
    if kind == "ar_weekend":  # Syria's weekend, as most of the Arab world's: Friday and Saturday
        friday = published - timedelta(days=(published.weekday() - 4) % 7)
        return friday, min(friday + timedelta(days=1), published), WEEK
    if kind == "last_week":
        monday = published - timedelta(days=published.weekday() + 7)
        return monday, monday + timedelta(days=6), WEEK
    if kind == "this_week":
        return published - timedelta(days=published.weekday()), published, WEEK
    if kind == "this_month":
        return published.replace(day=1), published, MONTH
    if kind == "this_year":
        return published.replace(month=1, day=1), published, MONTH
    if kind == "day_range":
        month = _month_number(groups["month"] or groups["month2"])
        first, last = int(groups["d1"] or groups["e1"]), int(groups["d2"] or groups["e2"])
        year = int(groups["year"]) if groups.get("year") else published.year
        try:
            start, end = date(year, month, first), date(year, month, last)
        except ValueError:
            return None
        if not groups.get("year") and start > published:
            try:
                start, end = start.replace(year=year - 1), end.replace(year=year - 1)
            except ValueError:  # February 29 of a year before a leap year
                return None
        if end < start:
            return None
        return start, min(end, published), WEEK if (end - start).days < 7 else MONTH
    if kind == "last_month":
        last = published.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last, MONTH
    if kind in ("in_month", "month_year"):
        month = _month_number(groups["month"])
        year = int(groups["year"]) if groups.get("year") else published.year
        if not groups.get("year") and date(year, month, 1) > published:
            year -= 1
        return date(year, month, 1), min(_month_end(year, month), max(published, date(year, month, 1))), MONTH
    if kind == "season":
        return _resolve_season(groups, published)
    if kind == "year":
        year = int(groups["year"])
        first, last = YEAR_PARTS[groups["part"].lower()] if groups.get("part") else (1, 12)
        last_year = _second_year(year, groups.get("year2"))
        if last_year is None:
            return None
        return date(year, first, 1), min(_month_end(last_year, last), published), MONTH
    raise ValueError(f"unknown date pattern {kind}")


def _second_year(year: int, written: str | None) -> int | None:
    """The year that ends a range "2017-2018" or "2017-18" (``year`` when there is none); None when it does not
    follow ``year``."""
    if not written:
        return year
    second = int(written) if len(written) == 4 else year // 100 * 100 + int(written)
    return second if second > year else None


def _season_range(season: str, year: int) -> tuple[date, date]:
    """The months of ``season`` in ``year``; the winter of a year is the one its January and February fall in."""
    first, last = SEASONS[season]
    if first > last:
        return date(year - 1, first, 1), _month_end(year, last)
    return date(year, first, 1), _month_end(year, last)


def _resolve_season(groups: dict[str, str | None], published: date) -> tuple[date, date, int] | None:
    season = str(groups["season"]).lower()
    if groups.get("year"):
        year = _second_year(int(str(groups["year"])), groups.get("year2"))
        if year is None or (season != "winter" and groups.get("year2")):
            return None
        start, end = _season_range(season, year)
        return start, min(end, published), MONTH
    ranges = [_season_range(season, year) for year in range(published.year + 1, published.year - 2, -1)]
    if (groups.get("rel") or "").lower() in ("last", "past"):  # "last summer": the latest one that is over
        start, end = next((start, end) for start, end in ranges if end < published)
    else:  # "this summer", "in the summer": the latest one begun
        start, end = next((start, end) for start, end in ranges if start <= published)
    return start, min(end, published), MONTH


# Every English pattern needs a digit or one of these words.
_ANY_DATE_WORD = re.compile(
    r"\d|yesterday|today|tonight|night|morning|afternoon|evening|ago|week|month|year|day|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter|since",
    re.I,
)


def find_dates(text: str, published: date) -> list[DateMention]:
    """Find the date expressions in ``text`` and resolve them against ``published``.

    Parameters
    ----------
    text
        A sentence or a whole report.
    published
        The report's publication date: relative expressions are resolved backwards from it.

    Returns
    -------
    list of DateMention
        In order of appearance; overlapping expressions keep the earliest pattern in :data:`PATTERNS`
        (explicit dates before relative ones). Expressions that resolve after ``published`` are dropped.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    # a sentence written in Arabic alone can hold an ISO date, but none of the English words
    if arabic_only(text):
        english = _DIGITS_ONLY
    elif not _ANY_DATE_WORD.search(text):  # most sentences name no date: one search instead of every pattern
        english = []
    else:
        english = [(kind, p) for kind, p in PATTERNS if kind not in _CUED_KINDS or _CUED_KINDS[kind](text)]
    _collect(english, text, text, None, published, taken, found)
    if has_arabic(text):
        folded, shifts = fold_arabic_offsets(text)
        cued = [(kind, pattern) for kind, cue, pattern in ARABIC_PATTERNS if cue.search(folded)]
        _collect(cued, text, folded, shifts, published, taken, found)
    if "ince" in text or "منذ" in text:
        found = [_since(text, m, published) for m in found]
    found = [_reporting(text, m) for m in found]
    return sorted(found, key=lambda m: m.span)


# "since Friday", "since January 14", "منذ السبت", "since the start of the offensive on January 20": from that
# day to the publication date.
_SINCE = re.compile(
    r"(?:\bsince|(?<!\w)منذ)\s+(?:(?:last|early|the\s+start\s+of)\s+)?$"
    r"|\bsince\s+the\s+(?:start|beginning|outset|launch)\s+of(?:\s+[a-z'’-]+){1,6}?(?:\s+(?:on|in))?\s+$",
    re.I,
)
# A reporting verb the date belongs to: "said Tuesday", "told Reuters on Monday", "said in a statement on
# Sunday", "said late Saturday". Not a passive ("casualties were reported on Monday") nor "told X that ...".
_REPORTING = re.compile(
    r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bis\s)(?<!\bare\s)"
    r"\b(?:said|says|reported|reports|announced|announces|added|stated|confirmed|claimed|declared|denied|"
    r"tweeted|wrote|told(?:\s+(?!(?:that|who|which|when|after|how)\b)[\w.'’-]+){1,4}?)"
    r"(?:\s+in\s+an?\s+(?:statement|speech|interview|briefing|video|tweet))?"
    r"(?:\s+(?:late|early|on|on\s+late|on\s+early))?\s+$",
    re.I,
)


def _reporting(text: str, mention: DateMention) -> DateMention:
    """``mention`` marked as a reporting verb's date when one governs it ("activists said Tuesday that ...")."""
    if _REPORTING.search(text[max(0, mention.span[0] - 60) : mention.span[0]]):
        return replace(mention, reporting=True)
    return mention


def _since(text: str, mention: DateMention, published: date) -> DateMention:
    """``mention`` stretched to the publication date when "since" opens it; a span of up to a week has week
    precision, a longer one month precision."""
    window = max(0, mention.span[0] - 100)
    since = _SINCE.search(text[window : mention.span[0]])
    if since is None or mention.start >= published:
        return mention
    precision = WEEK if (published - mention.start).days <= 7 else MONTH
    start = window + since.start()
    return DateMention(mention.start, published, max(precision, mention.precision), text[start : mention.span[1]],
                       (start, mention.span[1]))  # fmt: skip


def _collect(
    patterns: list[tuple[str, re.Pattern[str]]],
    text: str,
    searched: str,
    shifts: tuple[int, ...] | None,
    published: date,
    taken: list[tuple[int, int]],
    found: list[DateMention],
) -> None:
    """Add the mentions ``patterns`` find in ``searched`` (``text``, or its folded form whose ``shifts`` lead
    back to ``text``) to ``found``, skipping those that overlap a mention already ``taken``."""
    for kind, pattern in patterns:
        for match in pattern.finditer(searched):
            start, end = original_span(shifts, *match.span())
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            resolved = _resolve(kind, match, published)
            if resolved is None or resolved[0] > published:
                continue
            taken.append((start, end))
            found.append(DateMention(*resolved, text=text[start:end], span=(start, end)))
