"""Records: reports, events, the links between them (with the quote that supports each), control claims.

Frozen dataclasses with their precision and provenance fields. Scales follow ACLED: ``date_precision`` 1 a day,
2 a week, 3 a month (UCDP's 4 a year and 5 longer are kept too); ``geo_precision`` 1 the exact site or town,
2 near a place or a part of a region, 3 a governorate or larger region.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

DATE_PRECISIONS = (1, 2, 3, 4, 5)
GEO_PRECISIONS = (1, 2, 3)


def content_hash(text: str | None, url: str | None = None) -> str:
    """A stable identity for a report: the SHA-256 of its whitespace-folded text, or of its URL without text."""
    basis = re.sub(r"\s+", " ", text).strip().lower() if text and text.strip() else (url or "").strip()
    if not basis:
        raise ValueError("a report needs text or a URL")
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Report:
    """A news report or dataset source record that events cite."""

    title: str
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    language: str | None = None
    text: str | None = None  # full text or an excerpt; for the starter set, a summary in our own words
    retrieved_at: datetime | None = None
    hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.title or not self.title.strip():
            raise ValueError("report: title is empty")
        if not self.hash:
            object.__setattr__(self, "hash", content_hash(self.text, self.url))


@dataclass(frozen=True)
class Event:
    """One event at one place and time, as a dataset or an extraction recorded it."""

    date_start: date
    date_end: date
    event_type: str
    dataset: str
    source_id: str
    date_precision: int = 1
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    place_id: str | None = None
    place_name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 1
    admin1: str | None = None
    admin2: str | None = None
    original: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        where = f"event {self.dataset}:{self.source_id}"
        if self.date_end < self.date_start:
            raise ValueError(f"{where}: date_end {self.date_end} is before date_start {self.date_start}")
        if self.date_precision not in DATE_PRECISIONS:
            raise ValueError(f"{where}: date_precision {self.date_precision} is not one of {DATE_PRECISIONS}")
        if self.geo_precision not in GEO_PRECISIONS:
            raise ValueError(f"{where}: geo_precision {self.geo_precision} is not one of {GEO_PRECISIONS}")
        figures = [
            f for f in (self.fatalities_low, self.fatalities_best, self.fatalities_high) if f is not None
        ]
        if any(f < 0 for f in figures) or figures != sorted(figures):
            raise ValueError(
                f"{where}: fatalities must satisfy 0 <= low <= best <= high, got "
                f"{self.fatalities_low}/{self.fatalities_best}/{self.fatalities_high}"
            )
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValueError(f"{where}: latitude {self.latitude} out of range")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValueError(f"{where}: longitude {self.longitude} out of range")


@dataclass(frozen=True)
class Citation:
    """An event's link to a report, with the quote (or our summary) that supports it."""

    report: Report
    quote: str | None = None


@dataclass(frozen=True)
class ControlClaim:
    """A dated statement that a faction holds a place (or a polygon), and where it comes from."""

    faction: str
    observed: date
    place_id: str | None = None
    place_name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    polygon: dict | None = None  # a GeoJSON geometry, for imported zones
    valid_from: date | None = None
    valid_to: date | None = None
    report: Report | None = None
    quote: str | None = None
    confidence: float = 1.0
    admin1: str | None = None

    def __post_init__(self) -> None:
        if self.place_id is None and self.latitude is None and self.polygon is None:
            raise ValueError(
                f"control claim for {self.faction} on {self.observed}: no place, point or polygon"
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"control claim for {self.faction}: valid_to is before valid_from")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"control claim for {self.faction}: confidence {self.confidence} not in [0, 1]")
