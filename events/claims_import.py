"""Control claims from a CSV or GeoJSON file: read the rows, shape them into claims, store them at once.

A row (a CSV line, or a GeoJSON feature's properties) names a place or gives coordinates, a faction, a date and
its source. Columns, with the other spellings accepted:

======================  ==========================================================================
``place``               a place name, resolved through the gazetteer (also ``place_name``, ``name``)
``place_id``            a gazetteer id, instead of or with the name
``latitude, longitude`` coordinates in degrees (also ``lat``, ``lon``/``lng``); a GeoJSON Point gives them
``faction``             any name :func:`events.factions.normalise_faction` knows
``date``                the day the source describes, YYYY-MM-DD (also ``observed``)
``valid_from/valid_to`` optional: the period the source says the claim holds for
``source_url``          required: the report (also ``url``); ``source_title`` (``title``),
                        ``source_outlet`` (``outlet``) and ``source_published`` (``published``) describe it
``quote``, ``confidence``  optional: the words the claim rests on; 0..1 (default 1)
``id``                  optional: the row's own id (also ``source_id``); by default a hash of its content
======================  ==========================================================================

A GeoJSON Polygon or MultiPolygon feature is a polygon claim: the area the faction holds (``place`` is then
only its label). Claims are keyed by ``(dataset, id)``, the dataset being ``import:`` and the file's name, so
importing a file again updates its claims instead of adding them twice. Every problem is reported with the
file, the row and the field, and a file with any bad row stores nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from events.factions import FACTIONS, normalise_faction
from events.model import ControlClaim, Report
from geodata.gazetteer import Gazetteer
from geodata.geocode import Geocoder

log = logging.getLogger(__name__)

FIELDS: dict[str, tuple[str, ...]] = {
    "place": ("place", "place_name", "name"),
    "place_id": ("place_id",),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng"),
    "faction": ("faction",),
    "date": ("date", "observed"),
    "valid_from": ("valid_from",),
    "valid_to": ("valid_to",),
    "source_url": ("source_url", "url"),
    "source_title": ("source_title", "title"),
    "source_outlet": ("source_outlet", "outlet"),
    "source_published": ("source_published", "published"),
    "quote": ("quote",),
    "confidence": ("confidence",),
    "id": ("id", "source_id"),
}
MIN_PLACE_SCORE = 0.8  # exact, alias, normalised or skeleton matches; a fuzzy guess is not evidence
MAX_ERRORS_SHOWN = 20
POLYGONS = ("Polygon", "MultiPolygon")


class ClaimsImportError(ValueError):
    """A claims file cannot be imported; the message names the file, and each bad row and field."""


@dataclass(frozen=True)
class Record:
    """One row of a claims file: its label (``row 3``, ``feature 2``), its fields and its geometry."""

    label: str
    fields: dict[str, str]
    geometry: dict | None = None


@dataclass(frozen=True)
class ResolvedPlace:
    """A place name or id resolved through the gazetteer."""

    id: str
    name: str
    latitude: float
    longitude: float
    admin1: str | None


class PlaceResolver:
    """Place names and gazetteer ids -> points, through a gazetteer that is passed in."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.geocoder = Geocoder(gazetteer)

    def by_id(self, place_id: str) -> ResolvedPlace | None:
        """The gazetteer place with this id, or None."""
        try:
            place = self.gazetteer.get(place_id)
        except KeyError:
            return None
        return ResolvedPlace(place.id, place.name, place.lat, place.lon, place.admin1)

    def by_name(self, name: str) -> tuple[ResolvedPlace | None, str]:
        """The place a name means (None when no good match), and the best guess's description for errors."""
        best = self.geocoder.best(name)
        if best is None:
            return None, "no match in the gazetteer"
        if best.score < MIN_PLACE_SCORE:
            return None, f"no confident match in the gazetteer (best guess {best.name!r}, score {best.score})"
        return ResolvedPlace(best.id, best.name, best.lat, best.lon, best.admin1), ""


def _canonical(raw: dict) -> dict[str, str]:
    """The row's fields under their canonical names; values as stripped strings, empty ones dropped."""
    folded = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
    out = {}
    for name, spellings in FIELDS.items():
        for spelling in spellings:
            value = folded.get(spelling)
            if value is not None and str(value).strip():
                out[name] = str(value).strip()
                break
    return out


def read_records(path: Path) -> list[Record]:
    """The rows of a CSV (``.csv``) or GeoJSON (``.geojson``, ``.json``) claims file, unshaped.

    Raises
    ------
    ClaimsImportError
        When the file cannot be read or is not CSV or GeoJSON.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix in (".geojson", ".json"):
            return _read_geojson(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClaimsImportError(f"{path}: cannot read: {exc}") from exc
    raise ClaimsImportError(f"{path}: not a claims file: give a .csv, .geojson or .json file")


def _read_csv(path: Path) -> list[Record]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = {c.strip().lower() for c in reader.fieldnames or []}
        if not columns & set(FIELDS["faction"]) or not columns & set(FIELDS["date"]):
            raise ClaimsImportError(f"{path}: needs a 'faction' and a 'date' column, has {sorted(columns)}")
        return [Record(f"row {reader.line_num}", _canonical(row)) for row in reader]


def _read_geojson(path: Path) -> list[Record]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ClaimsImportError(f"{path}: not JSON: {exc}") from exc
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = {"type": "FeatureCollection", "features": [document]}
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ClaimsImportError(f"{path}: not a GeoJSON FeatureCollection")
    records = []
    for number, feature in enumerate(document.get("features") or [], start=1):
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties") or {}
        records.append(Record(f"feature {number}", _canonical(properties), feature.get("geometry")))
    return records


def needs_gazetteer(records: Iterable[Record]) -> bool:
    """True when a record gives a place by name or id only, so that claims need a :class:`PlaceResolver`."""
    return any(
        r.geometry is None and ("latitude" not in r.fields or "longitude" not in r.fields)
        and ("place" in r.fields or "place_id" in r.fields)
        for r in records
    )  # fmt: skip


def dataset_name(path: Path) -> str:
    """The dataset that keys a file's claims: ``import:``, the file's name and a short hash of its full path,
    within 32 characters, so that files whose names share a long prefix (or one name in two folders) never
    overwrite each other's claims."""
    import hashlib

    digest = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:6]
    return f"import:{Path(path).stem[:18]}~{digest}"


class _RowError(Exception):
    def __init__(self, field: str, why: str, value: object = None) -> None:
        super().__init__(f"field {field!r}: {why}" + (f" (got {value!r})" if value is not None else ""))


def _date(fields: dict[str, str], name: str) -> date | None:
    value = fields.get(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _RowError(name, "not a date YYYY-MM-DD", value) from None


def _number(fields: dict[str, str], name: str, low: float, high: float) -> float | None:
    value = fields.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise _RowError(name, "not a number", value) from None
    if not low <= number <= high:
        raise _RowError(name, f"outside {low:g}..{high:g}", value)
    return number


def _valid_polygon(geometry: dict) -> dict:
    """The polygon as GeoJSON, repaired when it self-intersects; a shape that cannot be read or has no area
    is refused (the zones of every date it speaks for would fail or count an empty area)."""
    import json

    import shapely

    try:
        shape = shapely.make_valid(shapely.from_geojson(json.dumps(geometry)))
    except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
        raise _RowError("geometry", f"not a readable polygon: {exc}", geometry.get("type")) from None
    polygons = [g for g in shapely.get_parts(shape) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not polygons or shapely.area(shapely.union_all(polygons)) <= 0:
        raise _RowError("geometry", "the polygon has no area", geometry.get("type"))
    return json.loads(shapely.to_geojson(shapely.union_all(polygons)))


def _where(record: Record, resolver: PlaceResolver | None) -> dict:
    """The claim's place fields: a polygon, a point, or a place resolved through the gazetteer."""
    fields, geometry = record.fields, record.geometry
    where: dict = {"place_id": fields.get("place_id"), "place_name": fields.get("place")}
    if geometry is not None:
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if kind in POLYGONS:
            return {**where, "polygon": _valid_polygon(geometry)}
        if kind != "Point":
            raise _RowError("geometry", "must be a Point, Polygon or MultiPolygon", kind)
        try:
            longitude, latitude = (float(c) for c in geometry["coordinates"][:2])
        except (KeyError, TypeError, ValueError):
            raise _RowError(
                "geometry", "a Point needs [longitude, latitude]", geometry.get("coordinates")
            ) from None
        fields = {**fields, "latitude": str(latitude), "longitude": str(longitude)}
    latitude = _number(fields, "latitude", -90, 90)
    longitude = _number(fields, "longitude", -180, 180)
    if (latitude is None) != (longitude is None):
        raise _RowError("longitude" if longitude is None else "latitude", "coordinates come in pairs")
    if latitude is not None:
        return {**where, "latitude": latitude, "longitude": longitude}
    if where["place_id"] is None and where["place_name"] is None:
        raise _RowError("place", "give a place name, a place_id, coordinates or a geometry")
    if resolver is None:
        raise _RowError("place", "a place without coordinates needs the gazetteer")
    if where["place_id"] is not None:
        found = resolver.by_id(where["place_id"])
        if found is None:
            raise _RowError("place_id", "not in the gazetteer", where["place_id"])
    else:
        found, why = resolver.by_name(where["place_name"])
        if found is None:
            raise _RowError("place", why, where["place_name"])
    return {
        "place_id": found.id, "place_name": where["place_name"] or found.name, "latitude": found.latitude,
        "longitude": found.longitude, "admin1": found.admin1,
    }  # fmt: skip


def _source_id(fields: dict[str, str], where: dict, faction: str) -> str:
    """The row's id, or a hash of what the claim says (so the same row imported again is the same claim)."""
    if "id" in fields:
        return fields["id"][:128]
    basis = {k: fields.get(k) for k in ("date", "valid_from", "valid_to", "source_url")}
    basis |= {k: where.get(k) for k in ("place_id", "place_name", "latitude", "longitude", "polygon")}
    basis["faction"] = faction
    return hashlib.sha256(json.dumps(basis, sort_keys=True).encode("utf-8")).hexdigest()[:24]


def _claim(record: Record, resolver: PlaceResolver | None, dataset: str) -> ControlClaim:
    fields = record.fields
    faction = normalise_faction(fields.get("faction"))
    if faction is None:
        raise _RowError(
            "faction", f"not a known faction (one of {', '.join(FACTIONS)})", fields.get("faction")
        )
    observed = _date(fields, "date")
    if observed is None:
        raise _RowError("date", "required")
    valid_from, valid_to = _date(fields, "valid_from"), _date(fields, "valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise _RowError("valid_to", f"before valid_from {valid_from}", fields["valid_to"])
    if "source_url" not in fields:
        raise _RowError("source_url", "required: the report the claim comes from")
    report = Report(
        title=fields.get("source_title") or fields["source_url"],
        url=fields["source_url"],
        outlet=fields.get("source_outlet"),
        published=_date(fields, "source_published"),
    )
    confidence = _number(fields, "confidence", 0.0, 1.0)
    where = _where(record, resolver)
    try:
        return ControlClaim(
            faction=faction, observed=observed, valid_from=valid_from, valid_to=valid_to, report=report,
            quote=fields.get("quote"), confidence=1.0 if confidence is None else confidence, dataset=dataset,
            source_id=_source_id(fields, where, faction), **where,
        )  # fmt: skip
    except ValueError as exc:  # the record's own checks, e.g. a polygon without coordinates
        raise _RowError("geometry", str(exc).split(": ", 1)[-1]) from None


def to_claims(
    records: Iterable[Record], path: Path, resolver: PlaceResolver | None = None, dataset: str | None = None
) -> list[ControlClaim]:
    """Shape a file's records into control claims.

    Parameters
    ----------
    records
        What :func:`read_records` read.
    path
        The file, for the messages and the default dataset (:func:`dataset_name`).
    resolver
        Resolves place names and ids; needed only when a record has no coordinates (:func:`needs_gazetteer`).
    dataset
        The dataset that keys the claims.

    Raises
    ------
    ClaimsImportError
        Listing every bad row with its field (the first :data:`MAX_ERRORS_SHOWN`), when there is any.
    """
    dataset = dataset or dataset_name(path)
    claims, errors = [], []
    for record in records:
        try:
            claims.append(_claim(record, resolver, dataset))
        except _RowError as exc:
            errors.append(f"{path}: {record.label}, {exc}")
    if errors:
        more = f"\n... and {len(errors) - MAX_ERRORS_SHOWN} more" if len(errors) > MAX_ERRORS_SHOWN else ""
        raise ClaimsImportError("\n".join(errors[:MAX_ERRORS_SHOWN]) + more + "\nnothing was imported")
    if not claims:
        raise ClaimsImportError(f"{path}: no claims in the file")
    return claims
