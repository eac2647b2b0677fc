"""Dates in report text, resolved against the report's publication date.

News reports date events relative to when they were published: "on Saturday", "yesterday", "over the weekend",
"last week", "on January 14", "earlier this month". :func:`find_dates` finds such expressions and resolves each
to a date range with a precision on ACLED's ``time_precision`` scale: 1 a day, 2 a week (or a few days),
3 a month.

Regular expressions and calendar arithmetic rather than ``dateparser``: the expressions that matter are few,
their resolution must be deterministic against the publication date (``dateparser`` resolves "Saturday" forwards
or backwards depending on settings and version), and the extractor must handle 100 reports a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

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

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAYNUM}(?:,?\s+{_YEAR})?\b", re.I)),
    ("day_month", re.compile(rf"\b{_DAYNUM}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+days?\s+ago\b", re.I)),
    (
        "weekend",
        re.compile(r"\b(?:over|during|at|on|through(?:out)?)\s+the\s+weekend\b|\bthis\s+weekend\b", re.I),
    ),
    ("last_week", re.compile(r"\blast\s+week\b", re.I)),
    ("this_week", re.compile(r"\b(?:earlier\s+)?this\s+week\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier\s+)?this\s+month\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)),
    ("in_month", re.compile(rf"\bin\s+(?:early\s+|mid-?|late\s+)?{_MONTH}(?:\s+{_YEAR})?\b", re.I)),
]


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text and the range it resolves to."""

    start: date
    end: date
    precision: int
    text: str
    span: tuple[int, int]


def _month_number(token: str) -> int:
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
    if kind in ("iso", "month_day", "day_month"):
        month = int(groups["month"]) if kind == "iso" else _month_number(groups["month"])
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
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS.index(groups["weekday"].lower())) % 7
        if match.group(0).lower().startswith("last") and back == 0:
            back = 7
        when = published - timedelta(days=back)
        return when, when, DAY
    if kind == "weekend":
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        return saturday, min(saturday + timedelta(days=1), published), WEEK
    if kind == "last_week":
        monday = published - timedelta(days=published.weekday() + 7)
        return monday, monday + timedelta(days=6), WEEK
    if kind == "this_week":
        return published - timedelta(days=published.weekday()), published, WEEK
    if kind == "this_month":
        return published.replace(day=1), published, MONTH
    if kind == "last_month":
        last = published.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last, MONTH
    if kind == "in_month":
        month = _month_number(groups["month"])
        year = int(groups["year"]) if groups.get("year") else published.year
        if not groups.get("year") and date(year, month, 1) > published:
            year -= 1
        return date(year, month, 1), min(_month_end(year, month), max(published, date(year, month, 1))), MONTH
    raise ValueError(f"unknown date pattern {kind}")


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
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            resolved = _resolve(kind, match, published)
            if resolved is None or resolved[0] > published:
                continue
            taken.append((start, end))
            found.append(DateMention(*resolved, text=match.group(0), span=(start, end)))
    return sorted(found, key=lambda m: m.span)
