"""Boundary polygons: Syria's governorates, its outline and its neighbours (bundled), districts (fetched).

The bundled files in ``geodata/data/`` are derived from Natural Earth's 10m admin-1 layer (public domain) by
``geodata.derive``; ``PROVENANCE.md`` there says how. District (admin-2) and sub-district (admin-3) polygons are
not bundled: ``python -m geodata fetch-boundaries --level 2|3`` stores them in the data folder as
``adm2.geojson`` / ``adm3.geojson`` and :func:`load_admin_units` reads them when present.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from geodata.settings import data_dir as settings_data_dir

log = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).resolve().parent / "data"
CRS = "EPSG:4326"
ADMIN_UNIT_COLUMNS = ["pcode", "name_en", "name_ar", "admin1", "parent_pcode", "source"]


@lru_cache(maxsize=8)
def _read(path: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path)
    return frame.set_crs(CRS) if frame.crs is None else frame.to_crs(CRS)


def load_governorates() -> gpd.GeoDataFrame:
    """Return Syria's 14 governorates (Natural Earth 10m admin-1, the UNDOF zone merged into Quneitra).

    Returns
    -------
    GeoDataFrame
        Columns ``admin1`` (ISO 3166-2, e.g. ``SY-DY``), ``name_en``, ``name_ar``, ``name_alt`` (list of
        other spellings), ``fips`` (``SY07``), ``geonames_admin1`` (``07``), ``wikidata``, ``ne_id`` and the
        geometry, in EPSG:4326, sorted by ``admin1``.
    """
    frame = _read(BUNDLED_DIR / "governorates.geojson").copy()
    frame["name_alt"] = frame["name_alt"].map(lambda v: list(v) if v is not None else [])
    return frame


def load_outline() -> gpd.GeoDataFrame:
    """Return Syria's outline (the union of the governorates) as a one-row GeoDataFrame."""
    return _read(BUNDLED_DIR / "syria_outline.geojson").copy()


def load_neighbours() -> gpd.GeoDataFrame:
    """Return the countries around Syria for map context (simplified to ~500 m; never used for joins)."""
    return _read(BUNDLED_DIR / "neighbours.geojson").copy()


def governorate_names() -> dict[str, str]:
    """Return a mapping of ISO 3166-2 code to English governorate name."""
    frame = load_governorates()
    return dict(zip(frame["admin1"], frame["name_en"], strict=True))


def admin_units_path(level: int, data_dir: Path | None = None) -> Path:
    """Where the fetched admin units of ``level`` (2 districts, 3 sub-districts) are stored."""
    if level not in (2, 3):
        raise ValueError(f"admin level must be 2 (districts) or 3 (sub-districts), not {level}")
    return Path(data_dir or settings_data_dir()) / f"adm{level}.geojson"


def load_admin_units(level: int, data_dir: Path | None = None) -> gpd.GeoDataFrame | None:
    """Return the fetched districts (2) or sub-districts (3), or None when they have not been fetched.

    Returns
    -------
    GeoDataFrame or None
        Columns ``pcode``, ``name_en``, ``name_ar``, ``admin1``, ``parent_pcode``, ``source`` and the
        geometry, in EPSG:4326.
    """
    path = admin_units_path(level, data_dir)
    if not path.exists():
        return None
    log.debug("loading admin-%d units from %s", level, path)
    return gpd.read_file(path).to_crs(CRS)
