"""Spatial joins: which governorate (and district, when loaded) a point lies in.

Natural Earth's border is coarse (1:10m): Kobani and Tall Abyad fall about 0.5 km into Turkey and Arwad island
3 km out to sea. So a point outside every polygon but within ``tolerance_km`` of one takes the nearest
governorate, and ``outside_km`` records how far it was; beyond the tolerance it is answered as outside Syria.

The Golan: Natural Earth draws the Israeli-held Golan in Israel's Northern District, so points there more than
``tolerance_km`` from the line are answered as outside Syria. This is a documented decision (README, "Boundaries"):
we follow the de facto line of the bundled source rather than draw a polygon of our own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.boundaries import load_governorates

# UTM zone 37N covers Syria (36-42 E) with distance errors well under 1% at a few km.
METRIC_CRS = "EPSG:32637"
DEFAULT_TOLERANCE_KM = 5.0
RESULT_COLUMNS = ["admin1", "admin1_name", "admin2", "admin2_name", "outside_km"]


def _points(lon: Sequence[float], lat: Sequence[float]) -> gpd.GeoDataFrame:
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if lon.shape != lat.shape:
        raise ValueError(f"lon and lat differ in length: {lon.shape} and {lat.shape}")
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def _join(
    points: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame, code: str, name: str, tolerance_km: float
) -> pd.DataFrame:
    """Code, name and distance outside (km) of the polygon each point lies in or, within tolerance, nearest."""
    result = pd.DataFrame(
        {"code": pd.Series(None, index=points.index, dtype=object), "name": None, "outside_km": np.nan},
        index=points.index,
    )
    valid = points[~(points.geometry.is_empty | points.geometry.x.isna() | points.geometry.y.isna())]
    if valid.empty:
        return result
    shapes = polygons[[code, name, "geometry"]].to_crs("EPSG:4326")
    inside = gpd.sjoin(valid, shapes, how="inner", predicate="intersects")
    inside = inside[~inside.index.duplicated(keep="first")]
    result.loc[inside.index, ["code", "name"]] = inside[[code, name]].to_numpy()
    result.loc[inside.index, "outside_km"] = 0.0

    rest = valid.drop(index=inside.index)
    if not rest.empty:
        near = gpd.sjoin_nearest(
            rest.to_crs(METRIC_CRS),
            shapes.to_crs(METRIC_CRS),
            how="left",
            distance_col="distance_m",
        )
        near = near[~near.index.duplicated(keep="first")]
        result.loc[near.index, "outside_km"] = near["distance_m"].to_numpy() / 1000.0
        close = near[near["distance_m"] <= tolerance_km * 1000.0]
        result.loc[close.index, ["code", "name"]] = close[[code, name]].to_numpy()
    return result


def assign_admin(
    lon: Sequence[float],
    lat: Sequence[float],
    *,
    governorates: gpd.GeoDataFrame | None = None,
    districts: gpd.GeoDataFrame | None = None,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
) -> pd.DataFrame:
    """Assign each point its governorate and, when districts are given, its district.

    Parameters
    ----------
    lon, lat
        Coordinates in degrees (EPSG:4326), equal lengths; NaN marks a point without coordinates.
    governorates
        The governorate polygons (columns ``admin1``, ``name_en``); the bundled ones by default.
    districts
        Optional district polygons (columns ``pcode``, ``name_en``), e.g. ``load_admin_units(2)``.
    tolerance_km
        Points outside every polygon but this close to one take the nearest.

    Returns
    -------
    DataFrame
        One row per point, in input order, with ``admin1``, ``admin1_name``, ``admin2``, ``admin2_name``
        (None where unknown or outside Syria) and ``outside_km`` (0 inside a polygon, the distance to the
        nearest governorate otherwise, NaN without coordinates).
    """
    points = _points(lon, lat)
    govs = load_governorates() if governorates is None else governorates
    admin1 = _join(points, govs, "admin1", "name_en", tolerance_km)
    out = pd.DataFrame(
        {
            "admin1": admin1["code"],
            "admin1_name": admin1["name"],
            "admin2": pd.Series(None, index=points.index, dtype=object),
            "admin2_name": pd.Series(None, index=points.index, dtype=object),
            "outside_km": admin1["outside_km"].astype(float),
        }
    )
    if districts is not None and not districts.empty:
        admin2 = _join(points, districts, "pcode", "name_en", tolerance_km)
        in_syria = out["admin1"].notna()
        out.loc[in_syria, "admin2"] = admin2.loc[in_syria, "code"]
        out.loc[in_syria, "admin2_name"] = admin2.loc[in_syria, "name"]
    text = ["admin1", "admin1_name", "admin2", "admin2_name"]
    out[text] = out[text].astype(object).where(out[text].notna(), None)
    return out[RESULT_COLUMNS]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def admin_at(
    lat: float, lon: float, *, governorates: gpd.GeoDataFrame | None = None
) -> tuple[str, str] | None:
    """Return ``(admin1, name)`` of the governorate at a point, or None when it is outside Syria."""
    row = assign_admin([lon], [lat], governorates=governorates).iloc[0]
    if row["admin1"] is None or pd.isna(row["admin1"]):
        return None
    return row["admin1"], row["admin1_name"]
