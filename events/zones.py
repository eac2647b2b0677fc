"""Control zones at a date, derived from dated control claims: pure functions, frames in, frames out.

The rules (README, "Control zones"):

1. A claim speaks for ``when`` when it has started by then (``valid_from``, else ``observed``) and has not
   ended (``valid_to``, when given, is not before ``when``). Its *evidence date* is the last day it speaks for,
   up to ``when``: ``when`` itself inside a ``valid_from``..``valid_to`` range, else the day it was observed.
2. A claim's age is ``when`` minus its evidence date. Up to ``fresh_days`` it is fresh (freshness 1); it then
   weakens linearly and is dropped at ``expire_days``. A zone's freshness is stepped to quarters (1, 0.75,
   0.5, 0.25) so that a faction's fresh and stale ground are separate features, each drawn at its own opacity.
3. A place is a point (claims with the same coordinates, to about 10 m, are one place); it takes the faction
   of its latest claim (latest evidence date, then latest start, then latest observed date, then highest id).
   It is ``Contested`` when another faction claims it within ``contested_days`` of that latest claim and the
   latest claim is still fresh.
4. Places become areas: the Voronoi cells of their points, clipped to Syria's outline and, when districts are
   given, computed district by district (a claim then speaks for its own district only). Cells are dissolved
   by faction and freshness step.
5. Polygon claims take precedence: where an active polygon claim lies, it decides, and point claims inside it
   are left out. Overlapping polygons: the later evidence wins.

Geometry is built in a Lambert azimuthal equal-area projection centred on Syria (scale error under 0.1% over
the country), so that the cells' bisectors are true distances and ``area_km2`` is an area; zones come back in
EPSG:4326. Performance: the claims are reduced to one row per place with pandas before any geometry, cells are
built by one ``shapely.voronoi_polygons`` call per region and dissolved with ``shapely.coverage_union_all``.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from events.factions import CONTESTED, FACTIONS, normalise_faction
from geodata.names import normal_key
from geodata.settings import declare

log = logging.getLogger(__name__)

EQUAL_AREA_CRS = "+proj=laea +lat_0=35 +lon_0=38.5 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
CRS = "EPSG:4326"
ZONE_COLUMNS = [
    "faction", "area_km2", "claims", "oldest_claim", "newest_claim", "freshness", "claim_ids", "geometry",
]  # fmt: skip
DEFAULT_FRESH_DAYS = 180
DEFAULT_EXPIRE_DAYS = 730
DEFAULT_CONTESTED_DAYS = 30
FRESHNESS_STEPS = 4
PLACE_DECIMALS = 4  # coordinates rounded to ~10 m make one place
OUTSIDE_TOLERANCE_M = 5000.0  # Natural Earth's coarse border: as in geodata.spatial
SEGMENT_M = 10000.0  # longest straight segment of a zone's border before it goes back to degrees
SEGMENT_DEGREES = 0.05  # and of a border or polygon before it goes to the projection (about 5 km)

FRESH_DAYS = declare(
    "SYRIAMAP_ZONES_FRESH_DAYS",
    str(DEFAULT_FRESH_DAYS),
    "Control zones: a claim up to this many days old is fresh (drawn at full opacity).",
    flag="--fresh-days",
)
EXPIRE_DAYS = declare(
    "SYRIAMAP_ZONES_EXPIRE_DAYS",
    str(DEFAULT_EXPIRE_DAYS),
    "Control zones: a claim this many days old is dropped; between fresh and expired it fades linearly.",
    flag="--expire-days",
)
CONTESTED_DAYS = declare(
    "SYRIAMAP_ZONES_CONTESTED_DAYS",
    str(DEFAULT_CONTESTED_DAYS),
    "Control zones: a place is contested when another faction claims it within this many days of its "
    "latest claim (and that claim is fresh).",
    flag="--contested-days",
)


def zone_rules(
    fresh_days: int | str | None = None,
    expire_days: int | str | None = None,
    contested_days: int | str | None = None,
) -> dict[str, int]:
    """The zone rules from the settings, with any given value (a flag) taking precedence.

    Returns
    -------
    dict
        ``fresh_days``, ``expire_days`` and ``contested_days``, ready to pass to :func:`zones_at`.

    Raises
    ------
    ValueError
        When a value is not a whole number of days, or ``expire_days`` is not after ``fresh_days``.
    """
    rules = {}
    for name, setting, value in (
        ("fresh_days", FRESH_DAYS, fresh_days),
        ("expire_days", EXPIRE_DAYS, expire_days),
        ("contested_days", CONTESTED_DAYS, contested_days),
    ):
        text = setting.get(None if value is None else str(value))
        if not text.strip().isdigit():
            raise ValueError(f"{setting.env} must be a whole number of days, not {text!r}")
        rules[name] = int(text)
    if rules["expire_days"] <= rules["fresh_days"]:
        raise ValueError(
            f"{EXPIRE_DAYS.env} ({rules['expire_days']}) must be greater than {FRESH_DAYS.env} "
            f"({rules['fresh_days']})"
        )
    return rules


def _dates(claims: pd.DataFrame, column: str) -> pd.Series:
    if column not in claims:
        return pd.Series(pd.NaT, index=claims.index, dtype="datetime64[ns]")
    return pd.to_datetime(claims[column]).astype("datetime64[ns]")


def active_claims(
    claims: pd.DataFrame,
    when: date,
    *,
    fresh_days: int = DEFAULT_FRESH_DAYS,
    expire_days: int = DEFAULT_EXPIRE_DAYS,
) -> pd.DataFrame:
    """The claims that speak for ``when`` (rules 1 and 2), with their faction normalised.

    Parameters
    ----------
    claims
        Control claims as :meth:`events.store.Store.claims_frame` returns them: at least ``claim_id``,
        ``faction``, ``observed``, ``latitude``, ``longitude``; ``polygon``, ``valid_from`` and ``valid_to``
        when present.
    when
        The date of the map.

    Returns
    -------
    DataFrame
        The active claims with ``faction`` canonical, and ``start``, ``evidence`` (dates), ``age_days`` and
        ``freshness`` (0 < freshness <= 1). Claims whose faction is unknown, or that have neither a point
        nor a polygon, are left out.
    """
    moment = pd.Timestamp(when)
    factions = {f: normalise_faction(f) for f in claims["faction"].dropna().unique()}
    faction = claims["faction"].map(factions)
    unknown = sorted(f for f, canonical in factions.items() if canonical is None)
    if unknown:
        log.info("zones: left out claims naming no known faction: %s", unknown[:10])
    observed = _dates(claims, "observed")
    start = _dates(claims, "valid_from").fillna(observed)
    valid_to = _dates(claims, "valid_to")
    last = valid_to.fillna(np.maximum(observed, start))
    evidence = last.where(last < moment, moment)
    age = (moment - evidence).dt.days
    polygon = claims["polygon"] if "polygon" in claims else pd.Series(None, index=claims.index, dtype=object)
    has_shape = polygon.notna() | (claims["latitude"].notna() & claims["longitude"].notna())
    keep = (
        faction.notna()
        & has_shape
        & (start <= moment)
        & (valid_to.isna() | (valid_to >= moment))
        & (age < expire_days)
    )
    out = pd.DataFrame(
        {
            "claim_id": claims["claim_id"],
            "faction": faction,
            "observed": observed,
            "start": start,
            "evidence": evidence,
            "age_days": age,
            "latitude": claims["latitude"].astype(float),
            "longitude": claims["longitude"].astype(float),
            "polygon": polygon,
        }
    )[keep]
    fading = (expire_days - out["age_days"]) / float(expire_days - fresh_days)
    out["freshness"] = fading.clip(upper=1.0).where(out["age_days"] > fresh_days, 1.0)
    return out


def _step(freshness: pd.Series) -> pd.Series:
    return np.ceil(freshness * FRESHNESS_STEPS) / FRESHNESS_STEPS


ORDER = ["evidence", "start", "observed", "claim_id"]


def decide_places(
    active: pd.DataFrame,
    *,
    fresh_days: int = DEFAULT_FRESH_DAYS,
    contested_days: int = DEFAULT_CONTESTED_DAYS,
) -> pd.DataFrame:
    """One row per place among the active point claims (rule 3).

    Returns
    -------
    DataFrame
        ``latitude``, ``longitude`` (the place, rounded), ``faction`` (or ``Contested``), ``freshness`` (the
        latest claim's, stepped), ``claim_ids`` (the latest claim, and for a contested place the disagreeing
        ones; sorted), sorted by place.
    """
    points = active[active["polygon"].isna()].copy()
    if points.empty:
        return pd.DataFrame(columns=["latitude", "longitude", "faction", "freshness", "claim_ids"])
    points["latitude"] = points["latitude"].round(PLACE_DECIMALS)
    points["longitude"] = points["longitude"].round(PLACE_DECIMALS)
    points["place"] = points.groupby(["latitude", "longitude"], sort=True).ngroup()
    points = points.sort_values(["place", *ORDER], kind="stable")
    latest = points.drop_duplicates("place", keep="last").set_index("place")
    of_place = points["place"]
    disagree = points[
        (points["faction"].to_numpy() != of_place.map(latest["faction"]).to_numpy())
        & (points["evidence"] >= of_place.map(latest["evidence"]) - pd.Timedelta(days=contested_days))
        & (of_place.map(latest["age_days"]) <= fresh_days)
    ]
    others = disagree.groupby("place")["claim_id"].agg(list).to_dict()
    contested = latest.index.isin(list(others))
    ids = [
        sorted({own, *others[place]}) if place in others else [own]
        for place, own in zip(latest.index, latest["claim_id"].tolist(), strict=True)
    ]
    return pd.DataFrame(
        {
            "latitude": latest["latitude"].to_numpy(),
            "longitude": latest["longitude"].to_numpy(),
            "faction": np.where(contested, CONTESTED, latest["faction"].to_numpy()),
            "freshness": _step(latest["freshness"]).to_numpy(),
            "claim_ids": ids,
        }
    )


def _to_equal_area(geometries) -> np.ndarray:
    """Degrees to the equal-area projection. An edge is straight in degrees (as GeoJSON draws it), so long
    edges (a border drawn as one straight line, a box) are first cut into pieces that stay so."""
    dense = shapely.segmentize(np.asarray(geometries, dtype=object), SEGMENT_DEGREES)
    return gpd.GeoSeries(dense, crs=CRS).to_crs(EQUAL_AREA_CRS).to_numpy()


def _to_degrees(geometries) -> np.ndarray:
    return gpd.GeoSeries(geometries, crs=EQUAL_AREA_CRS).to_crs(CRS).to_numpy()


def _regions(outline: gpd.GeoDataFrame, districts: gpd.GeoDataFrame | None) -> np.ndarray:
    """The areas a claim may speak for, in the equal-area projection: Syria, or each district within it."""
    syria = shapely.union_all(_to_equal_area(outline.to_crs(CRS).geometry.to_numpy()))
    if districts is None or districts.empty:
        return np.array([syria], dtype=object)
    units = _to_equal_area(districts.to_crs(CRS).geometry.to_numpy())
    clipped = shapely.intersection(shapely.make_valid(units), syria)
    return clipped[~shapely.is_empty(clipped)]


def _polygon_pieces(active: pd.DataFrame, regions: np.ndarray) -> pd.DataFrame:
    """The polygon claims' areas (rule 5): later evidence over earlier, clipped to Syria."""
    shapes = active[active["polygon"].notna()].sort_values(ORDER, ascending=False, kind="stable")
    if shapes.empty:
        return pd.DataFrame(columns=["faction", "freshness", "claim_ids", "geometry"])
    geojson = [json.dumps(p) for p in shapes["polygon"]]
    projected = _to_equal_area(shapely.make_valid(shapely.from_geojson(geojson)))
    syria = shapely.union_all(regions)
    taken, pieces = None, []
    for geometry in projected:  # newest first: each takes what no newer polygon has taken
        piece = shapely.intersection(geometry, syria)
        if taken is not None:
            piece = shapely.difference(piece, taken)
        taken = geometry if taken is None else shapely.union(taken, geometry)
        pieces.append(piece)
    return pd.DataFrame(
        {
            "faction": shapes["faction"].to_numpy(),
            "freshness": _step(shapes["freshness"]).to_numpy(),
            "claim_ids": [[int(i)] for i in shapes["claim_id"]],
            "geometry": pieces,
        }
    )


@lru_cache(maxsize=1)
def _transformer() -> Transformer:
    return Transformer.from_crs(CRS, EQUAL_AREA_CRS, always_xy=True)


def _region_of(points: np.ndarray, regions: np.ndarray) -> np.ndarray:
    """The index of the region each point lies in (the first, on a shared border), or within the tolerance
    of; -1 for points beyond it."""
    tree = shapely.STRtree(regions)
    found = np.full(len(points), -1)
    x, y = shapely.get_x(points), shapely.get_y(points)
    point_index, region_index = tree.query(points)  # boxes only: the exact test below uses prepared regions
    for region in np.unique(region_index)[::-1]:  # the lowest region index is written last
        candidates = point_index[region_index == region]
        shapely.prepare(regions[region])
        found[candidates[shapely.intersects_xy(regions[region], x[candidates], y[candidates])]] = region
    rest = np.flatnonzero(found < 0)
    if len(rest):
        near_point, near_region = tree.query_nearest(
            points[rest], max_distance=OUTSIDE_TOLERANCE_M, all_matches=False
        )
        found[rest[near_point]] = near_region
    return found


def _cells(places: pd.DataFrame, regions: np.ndarray, exclude) -> pd.DataFrame:
    """Voronoi cells of the places, region by region, dissolved by faction and freshness (rule 4)."""
    empty = pd.DataFrame(columns=["faction", "freshness", "claim_ids", "geometry"])
    if places.empty:
        return empty
    x, y = _transformer().transform(places["longitude"].to_numpy(), places["latitude"].to_numpy())
    points = shapely.points(np.column_stack([x, y]))  # far faster than shapely.points(x, y)
    region_of = _region_of(points, regions)
    keep = region_of >= 0
    if exclude is not None:
        shapely.prepare(exclude)
        keep &= ~shapely.intersects(exclude, points)
    keys = list(zip(places["faction"].tolist(), places["freshness"].tolist(), strict=True))
    claim_lists = places["claim_ids"].tolist()
    rows = []
    for region in np.unique(region_of[keep]):
        members = np.flatnonzero(keep & (region_of == region))
        diagram = shapely.voronoi_polygons(
            shapely.multipoints(points[members]), extend_to=regions[region], ordered=True
        )
        cells = shapely.get_parts(diagram)
        groups: dict[tuple[str, float], list[int]] = {}
        for position, member in enumerate(members):
            groups.setdefault(keys[member], []).append(position)
        for (faction, freshness), positions in groups.items():
            merged = shapely.coverage_union_all(cells[positions])
            ids = sorted({i for m in members[positions] for i in claim_lists[m]})
            rows.append((faction, freshness, ids, shapely.intersection(merged, regions[region])))
    frame = pd.DataFrame(rows, columns=["faction", "freshness", "claim_ids", "geometry"])
    if exclude is not None:
        frame["geometry"] = shapely.difference(frame["geometry"].to_numpy(), exclude)
    return frame


def _dissolve(pieces: pd.DataFrame, observed: pd.Series) -> gpd.GeoDataFrame:
    rank = {f: i for i, f in enumerate(FACTIONS)}
    rows = []
    for (faction, freshness), group in pieces.groupby(["faction", "freshness"], sort=False):
        parts = group["geometry"].to_numpy()
        geometry = parts[0] if len(parts) == 1 else shapely.disjoint_subset_union_all(parts)
        if shapely.is_empty(geometry):
            continue
        # A cell's straight edge is straight in the projection, not in degrees: keep it so once reprojected.
        geometry = shapely.segmentize(geometry, SEGMENT_M)
        ids = sorted({int(i) for ids in group["claim_ids"] for i in ids})
        dates = observed.loc[ids]
        rows.append({
            "faction": faction, "area_km2": round(shapely.area(geometry) / 1e6, 3), "claims": len(ids),
            "oldest_claim": dates.min().date(), "newest_claim": dates.max().date(), "freshness": float(freshness),
            "claim_ids": ids, "geometry": geometry,
        })  # fmt: skip
    rows.sort(key=lambda r: (rank.get(r["faction"], len(rank)), -r["freshness"]))
    frame = pd.DataFrame(rows, columns=ZONE_COLUMNS)
    geometry = _to_degrees(frame["geometry"].to_numpy()) if rows else []
    return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geometry, crs=CRS)


def zones_at(
    claims: pd.DataFrame,
    when: date,
    *,
    outline: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame | None = None,
    fresh_days: int = DEFAULT_FRESH_DAYS,
    expire_days: int = DEFAULT_EXPIRE_DAYS,
    contested_days: int = DEFAULT_CONTESTED_DAYS,
) -> gpd.GeoDataFrame:
    """Who held which ground at ``when``, by the claims (see the module's rules).

    Parameters
    ----------
    claims
        Control claims as :meth:`events.store.Store.claims_frame` returns them (any order).
    when
        The date of the map.
    outline
        Syria's outline (:func:`geodata.boundaries.load_outline`), any CRS.
    districts
        Optional districts (:func:`geodata.boundaries.load_admin_units` ``(2)``): a claim then speaks for its
        own district only.
    fresh_days, expire_days, contested_days
        The rules' ages in days (:func:`zone_rules` reads them from the settings).

    Returns
    -------
    GeoDataFrame
        One row per faction and freshness step, in :data:`events.factions.FACTIONS` order then freshest
        first, with ``faction``, ``area_km2`` (equal-area), ``claims`` (how many claims decide it),
        ``oldest_claim`` and ``newest_claim`` (their observed dates), ``freshness`` (1, 0.75, 0.5 or 0.25),
        ``claim_ids`` (sorted) and the geometry, in EPSG:4326. The same claims give the same zones.
    """
    active = active_claims(claims, when, fresh_days=fresh_days, expire_days=expire_days)
    regions = _regions(outline, districts)
    polygons = _polygon_pieces(active, regions)
    exclude = shapely.union_all(polygons["geometry"].to_numpy()) if not polygons.empty else None
    places = decide_places(active, fresh_days=fresh_days, contested_days=contested_days)
    cells = _cells(places, regions, exclude)
    parts = [frame for frame in (polygons, cells) if not frame.empty]
    pieces = pd.concat(parts, ignore_index=True) if parts else cells
    observed = active.set_index("claim_id")["observed"]
    return _dissolve(pieces, observed)


def to_feature_collection(zones: gpd.GeoDataFrame, when: date | None = None, decimals: int = 5) -> dict:
    """The zones as a GeoJSON FeatureCollection (coordinates rounded to ``decimals``, about 1 m at 5).

    Each feature's properties: ``faction``, ``area_km2``, ``claims``, ``oldest_claim``, ``newest_claim``
    (ISO dates), ``freshness`` and ``claim_ids``. With ``when``, the collection carries it as ``date``.
    """
    geometries = shapely.set_precision(zones.geometry.to_numpy(), 10.0**-decimals)  # rounds, staying valid
    features = []
    for row, geometry in zip(zones.itertuples(index=False), geometries, strict=True):
        properties = {
            "faction": row.faction,
            "area_km2": float(row.area_km2),
            "claims": int(row.claims),
            "oldest_claim": row.oldest_claim.isoformat(),
            "newest_claim": row.newest_claim.isoformat(),
            "freshness": float(row.freshness),
            "claim_ids": [int(i) for i in row.claim_ids],
        }
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": json.loads(shapely.to_geojson(geometry)),
            }
        )
    collection: dict = {"type": "FeatureCollection"}
    if when is not None:
        collection["date"] = when.isoformat()
    collection["features"] = features
    return collection


def missing_points(claims: pd.DataFrame) -> pd.Series:
    """Which claims name a gazetteer place but carry neither a point nor a polygon."""
    missing = claims["latitude"].isna() & claims["place_id"].notna()
    return missing & claims["polygon"].isna() if "polygon" in claims else missing


def fill_points(claims: pd.DataFrame, gazetteer_frame: pd.DataFrame) -> pd.DataFrame:
    """The claims, those of :func:`missing_points` given their place's coordinates.

    ``gazetteer_frame`` is :attr:`geodata.gazetteer.Gazetteer.frame` (``id``, ``lat``, ``lon``); a place id
    the gazetteer does not know stays without a point (and :func:`zones_at` leaves the claim out).
    """
    missing = missing_points(claims)
    if not missing.any():
        return claims
    points = gazetteer_frame.drop_duplicates("id").set_index("id")
    out = claims.copy()
    ids = out.loc[missing, "place_id"]
    out.loc[missing, "latitude"] = ids.map(points["lat"]).astype(float)
    out.loc[missing, "longitude"] = ids.map(points["lon"]).astype(float)
    return out


def claims_for_place(
    claims: pd.DataFrame, name: str, place_id: str | None = None, *spellings: str
) -> pd.DataFrame:
    """A place's claims over time: those stored with ``place_id``, or whose place name is ``name`` or one of
    ``spellings`` (compared as :func:`geodata.names.normal_key` folds them).

    Returns
    -------
    DataFrame
        The matching rows of ``claims`` with ``faction`` canonical (the stored name kept as
        ``faction_stored``), ordered by observed date then claim id.
    """
    keys = {normal_key(s) for s in (name, *spellings) if s} - {""}
    by_name = claims["place_name"].map(lambda v: isinstance(v, str) and normal_key(v) in keys)
    by_id = claims["place_id"].eq(place_id) if place_id else pd.Series(False, index=claims.index)
    found = claims[by_name.astype(bool) | by_id].copy()
    found["faction_stored"] = found["faction"]
    found["faction"] = found["faction"].map(lambda f: normalise_faction(f) or f)
    return found.sort_values(["observed", "claim_id"], kind="stable")


def _day(value) -> str | None:
    return None if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def claim_records(claims: pd.DataFrame) -> list[dict]:
    """Claims as JSON-ready records (``claims list --json``): dates as ISO strings, no NaN."""
    records = []
    for row in claims.to_dict("records"):
        records.append({
            "claim_id": int(row["claim_id"]), "observed": _day(row["observed"]),
            "valid_from": _day(row.get("valid_from")), "valid_to": _day(row.get("valid_to")),
            "faction": row["faction"], "place": row.get("place_name"), "place_id": row.get("place_id"),
            "confidence": float(row["confidence"]), "quote": row.get("quote"),
            "report_title": row.get("report_title"), "report_url": row.get("report_url"),
        })  # fmt: skip
    return [
        {k: (None if not isinstance(v, str | list) and pd.isna(v) else v) for k, v in r.items()}
        for r in records
    ]


def claim_line(record: dict) -> str:
    """One line of the ``claims list`` table: date, faction, place, validity, source and its link."""
    period = ""
    if record["valid_from"] or record["valid_to"]:
        period = f" (valid {record['valid_from'] or '…'} to {record['valid_to'] or '…'})"
    url = f" <{record['report_url']}>" if record["report_url"] else ""
    place = record["place"] or record["place_id"] or "(polygon)"
    source = record["report_title"] or "no report"
    return f"{record['observed']}  {record['faction']:<20} {place}{period}  [{source}]{url}"
