"""The view's state as pure functions: the address bar, the slider's day numbers, and playing time forward.

The URL holds the view: a :class:`events.query.Selection`'s parameters plus ``place`` (a gazetteer id whose
panel is open). Every control is set from it and writes back to it, so a view can be shared and back/forward
work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import parse_qs, urlencode

from events.query import Selection, SelectionError

EPOCH = date(1970, 1, 1)
STEPS = {"day": 1, "week": 7, "month": 30}
SPEEDS = {"slow": 2000, "normal": 1000, "fast": 400}  # ms per step


@dataclass(frozen=True)
class View:
    """A selection and the place whose panel is open."""

    selection: Selection
    place: str | None = None

    def search(self) -> str:
        """The address bar's query string (with its '?'; empty for the default view)."""
        params = self.selection.to_params()
        if self.place:
            params["place"] = self.place
        return f"?{urlencode(params, safe=',:')}" if params else ""


def parse_search(search: str | None) -> View:
    """Read the address bar's query string.

    Raises
    ------
    events.query.SelectionError
        Naming the parameter that cannot be read.
    """
    params = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()}
    place = (params.get("place") or "").strip() or None
    return View(Selection.from_params(params), place)


def day_number(day: date) -> int:
    """A date as the slider's number (days since 1970-01-01)."""
    return (day - EPOCH).days


def from_day_number(number: float) -> date:
    return EPOCH + timedelta(days=round(number))


def clamp_window(start: date | None, end: date | None, first: date, last: date) -> tuple[date, date]:
    """The window with open ends filled by the data's first and last days, kept inside them, start <= end."""
    start = min(max(start or first, first), last)
    end = max(min(end or last, last), first)
    return (start, end) if start <= end else (end, start)


def advance(
    start: date, end: date, step: str, cumulative: bool, first: date, last: date
) -> tuple[date, date, bool]:
    """Move the window one step forward in time; returns ``(start, end, finished)``.

    The window keeps its length (a cumulative window keeps its start and grows); it stops at the data's last
    day, and ``finished`` says playing should stop. A window already at the end starts again from the beginning.
    """
    days = STEPS[step]
    if end >= last:  # at the end already: start over, keeping the window's length
        length = end - start
        if cumulative:
            return start, min(start + timedelta(days=days), last), False
        return first, min(first + length, last), False
    new_end = min(end + timedelta(days=days), last)
    new_start = start if cumulative else start + (new_end - end)
    return new_start, new_end, new_end >= last


def with_dates(view: View, start: date, end: date) -> View:
    """The view with a new window (other filters unchanged)."""
    try:
        return replace(view, selection=replace(view.selection, start=start, end=end))
    except SelectionError:  # start after end: swap
        return replace(view, selection=replace(view.selection, start=end, end=start))
