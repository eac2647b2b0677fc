"""Records: reports, events, the links between them (with the quote that supports each), control claims.

Frozen dataclasses with their precision and provenance fields. Scales follow ACLED: ``date_precision`` 1 a day,
2 a week, 3 a month (UCDP's 4 a year and 5 longer are kept too); ``geo_precision`` 1 the exact site or town,
2 near a place or a part of a region, 3 a governorate or larger region.

Validation is cheap and local (dates ordered, figures ordered, coordinates in range) and raises ``ValueError``
naming the record; what needs the database (unique keys) is the store's job.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

DATE_PRECISIONS = (1, 2, 3, 4, 5)
GEO_PRECISIONS = (1, 2, 3)
ADMIN1_PATTERN = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")  # ISO 3166-2, e.g. SY-DY


def report_hash(text: str | None, url: str | None = None) -> str:
    """A report's identity: the SHA-256 of its whitespace-folded, lower-cased text, or of its URL without text.

    Parameters
    ----------
    text : str or None
        The report's text (or excerpt). Spacing and case do not change the hash.
    url : str or None
        Used when there is no text.

    Raises
    ------
    ValueError
        When there is neither text nor URL.
    """
    basis = re.sub(r"\s+", " ", text).strip().lower() if text and text.strip() else (url or "").strip()
    if not basis:
        raise ValueError("a report needs text or a URL")
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def _check_point(where: str, latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise ValueError(f"{where}: latitude and longitude must be given together")
    if latitude is not None and not -90 <= latitude <= 90:
        raise ValueError(f"{where}: latitude {latitude} out of range [-90, 90]")
    if longitude is not None and not -180 <= longitude <= 180:
        raise ValueError(f"{where}: longitude {longitude} out of range [-180, 180]")


def _check_admin1(where: str, admin1: str | None) -> None:
    if admin1 is not None and not ADMIN1_PATTERN.match(admin1):
        raise ValueError(f"{where}: admin1 {admin1!r} is not an ISO 3166-2 code like 'SY-DY'")


@dataclass(frozen=True)
class Report:
    """A news report or dataset source record that events cite.

    ``text`` is the report's text or an excerpt (what extraction read); ``summary`` is a short account in the
    project's own words (the bundled data never copies an outlet's text). ``content_hash`` is derived from the
    text, or from the URL when there is no text (see :func:`report_hash`).
    """

    title: str
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    language: str | None = None
    text: str | None = None
    summary: str | None = None
    retrieved_at: datetime | None = None
    content_hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.title or not self.title.strip():
            raise ValueError(f"report {self.url or '(no URL)'}: title is empty")
        if not self.content_hash:
            object.__setattr__(self, "content_hash", report_hash(self.text, self.url))


@dataclass(frozen=True)
class Event:
    """One event at one place and time, as a dataset or an extraction recorded it.

    ``(dataset, source_id)`` is the event's key: storing an event with a known key updates it. ``original``
    keeps the source's own fields (JSON-serialisable values).
    """

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
        if not self.dataset or not str(self.source_id):
            raise ValueError(f"{where}: dataset and source_id are required")
        if not self.event_type:
            raise ValueError(f"{where}: event_type is empty")
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
        _check_point(where, self.latitude, self.longitude)
        _check_admin1(where, self.admin1)


@dataclass(frozen=True)
class Citation:
    """An event's link to a report, with the quote (or our summary) that supports it.

    The store takes events as ``(Event, [Citation, ...])`` pairs: the pair is the event-report link, since an
    event has no database id until it is stored.
    """

    report: Report
    quote: str | None = None


def _polygon(where: str, value: dict | str | None) -> dict | None:
    """A GeoJSON geometry dict from GeoJSON or WKT; only polygons describe an area."""
    if value is None:
        return None
    if isinstance(value, str):
        import shapely  # only when a claim arrives as WKT

        try:
            value = json.loads(shapely.to_geojson(shapely.from_wkt(value)))
        except shapely.errors.ShapelyError as exc:
            raise ValueError(f"{where}: polygon is not valid WKT: {exc}") from exc
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"{where}: polygon must be a GeoJSON or WKT Polygon or MultiPolygon")
    if not value.get("coordinates"):
        raise ValueError(f"{where}: polygon has no coordinates")
    return value


@dataclass(frozen=True)
class ControlClaim:
    """A dated statement that a faction holds a place (a gazetteer id, a point or a polygon), and its source.

    ``observed`` is the date the source describes; ``valid_from``/``valid_to`` bound the claim when the source
    says so. ``polygon`` is stored as a GeoJSON geometry (WKT is converted). ``(dataset, source_id)``, when
    given, is the claim's key: storing a claim with a known key updates it (bundled and imported claims);
    claims without a key (extracted ones) are replaced through their report.
    """

    faction: str
    observed: date
    place_id: str | None = None
    place_name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    polygon: dict | str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    report: Report | None = None
    quote: str | None = None
    confidence: float = 1.0
    admin1: str | None = None
    dataset: str | None = None
    source_id: str | None = None

    def __post_init__(self) -> None:
        where = f"control claim ({self.faction}, {self.observed}, {self.place_name or self.place_id or ''})"
        if not self.faction:
            raise ValueError(f"{where}: faction is empty")
        if self.place_id is None and self.latitude is None and self.polygon is None:
            raise ValueError(f"{where}: no place, point or polygon")
        _check_point(where, self.latitude, self.longitude)
        _check_admin1(where, self.admin1)
        object.__setattr__(self, "polygon", _polygon(where, self.polygon))
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"{where}: valid_to {self.valid_to} is before valid_from {self.valid_from}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"{where}: confidence {self.confidence} not in [0, 1]")
        if (self.dataset is None) != (self.source_id is None):
            raise ValueError(f"{where}: dataset and source_id must be given together")
