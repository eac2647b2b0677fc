"""Fetched gazetteers: GeoNames' full Syria dump and OpenSyria's admin units and localities.

``python -m geodata fetch-gazetteer`` downloads them (or reads local copies given with ``--from``), shapes each
into the gazetteer's columns, keeps the places inside Syria and stores the result in the data folder as
``gazetteer_geonames.csv`` / ``gazetteer_opensyria.csv``; :func:`load_fetched` reads those back for
:func:`geodata.gazetteer.load_gazetteer`.

The readers (:func:`from_geonames_dump`, :func:`from_opensyria`) are pure shaping of the source formats and
are tested on small files of each format; the download goes through :func:`geodata.fetch.download`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from pathlib import Path

import pandas as pd

from geodata.gazetteer import (
    COLUMNS,
    Gazetteer,
    GazetteerError,
    geonames_kind,
    settlement_uncertainty_km,
)
from geodata.names import is_arabic
from geodata.settings import data_dir as settings_data_dir

log = logging.getLogger(__name__)

GEONAMES_URL = "https://download.geonames.org/export/dump/SY.zip"
GEONAMES_SOURCE = "GeoNames (geonames.org) Syria dump SY.zip, CC BY 4.0"
OPENSYRIA_URL = "https://raw.githubusercontent.com/Open-Syria/data-geography/main/data/{level}.json"
OPENSYRIA_LEVELS = ("governorates", "districts", "subdistricts", "localities")
# The governorates file is not fetched: the bundled Natural Earth governorates (adm1:SY-XX) hold those places,
# and a second record of each would only repeat them under another id.
OPENSYRIA_FETCHED = ("districts", "subdistricts", "localities")
OPENSYRIA_SOURCE = (
    "OpenSyria data-geography (CC BY 4.0), from geoBoundaries/HDX-OCHA (CC BY 3.0 IGO), GeoNames (CC BY 4.0), "
    "Wikidata (CC0)"
)
OPENSYRIA_HOME = "https://github.com/Open-Syria/data-geography"
GEONAMES_COLUMNS = [
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1", "admin2", "admin3", "admin4", "population", "elevation",
    "dem", "timezone", "modification_date",
]  # fmt: skip
STORED = {"geonames": "gazetteer_geonames.csv", "opensyria": "gazetteer_opensyria.csv"}

# GeoNames feature codes -> our kinds. Populated places (P.PPL*) are sized by population instead, except
# PPLX (a section of a populated place) and the capitals. Codes not listed are not places an event is
# reported at (wells, wadis, springs, hills' slopes, ...) and are skipped.
FEATURE_KINDS = {
    "ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict", "PPLX": "neighbourhood",
    "AIRB": "airbase", "AIRF": "airport", "AIRP": "airport", "AIRH": "airport", "DAM": "dam", "DAMSB": "dam",
    "PSTB": "border crossing", "OILF": "oil field", "GASF": "gas field", "OILW": "oil field", "PRN": "prison",
    "CMPRF": "camp", "CMP": "camp", "MILB": "military base", "INSM": "military base", "MT": "mountain",
    "MTS": "mountain", "HLL": "mountain", "HLLS": "mountain", "PK": "mountain", "RDJCT": "locality",
    "FRM": "locality", "FRMS": "locality", "FRMT": "locality", "CSTL": "locality", "RUIN": "locality",
    "ANS": "locality", "SQR": "locality", "PRT": "locality", "OILR": "locality", "PS": "locality",
    "STNR": "locality", "BDG": "locality", "HSP": "locality", "SCH": "locality", "UNIV": "locality",
    "MSQE": "locality", "CH": "locality", "FT": "locality", "TOWR": "locality", "AREA": "locality",
    "LCTY": "locality", "ISL": "locality",
}  # fmt: skip
CAPITAL_CODES = {"PPLC", "PPLA"}
FIXED_UNCERTAINTY_KM = {
    "governorate": 60.0, "district": 25.0, "subdistrict": 10.0, "airbase": 2.0, "airport": 2.0, "dam": 1.5,
    "border crossing": 1.0, "oil field": 5.0, "gas field": 5.0, "prison": 0.5, "camp": 1.0,
    "military base": 2.0, "mountain": 3.0, "locality": 1.0, "neighbourhood": 1.0,
}  # fmt: skip


def _geonames_kind(code: str, population: int | None) -> str | None:
    if code.startswith("PPL") and code != "PPLX":
        if code in ("PPLH", "PPLQ", "PPLW"):  # historical, abandoned, destroyed
            return None
        return geonames_kind(population, code in CAPITAL_CODES)
    return FEATURE_KINDS.get(code)


def _read_geonames_text(path: Path) -> str:
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            if not members:
                raise GazetteerError(f"{path}: no .txt member in the zip")
            return archive.read(members[0]).decode("utf-8")
    return path.read_text(encoding="utf-8")


def from_geonames_dump(path: Path, governorates=None) -> Gazetteer:
    """GeoNames' country dump (``SY.zip`` or its ``SY.txt``: 19 tab-separated columns, no header).

    Parameters
    ----------
    path
        The zip or the text file.
    governorates
        The governorates GeoDataFrame, whose ``geonames_admin1`` column maps admin-1 codes to ISO 3166-2;
        the bundled ones by default.
    """
    from geodata.boundaries import load_governorates

    govs = load_governorates() if governorates is None else governorates
    to_iso = dict(zip(govs["geonames_admin1"], govs["admin1"], strict=True))
    rows = []
    reader = csv.reader(io.StringIO(_read_geonames_text(path)), delimiter="\t", quoting=csv.QUOTE_NONE)
    for line, record in enumerate(reader, start=1):
        if not record or not record[0].strip():
            continue
        if len(record) != len(GEONAMES_COLUMNS):
            raise GazetteerError(f"{path}: row {line}: {len(record)} columns, GeoNames dumps have 19")
        rec = dict(zip(GEONAMES_COLUMNS, record, strict=True))
        if rec["country_code"] != "SY":
            continue
        try:
            lat, lon = float(rec["latitude"]), float(rec["longitude"])
            population = int(rec["population"] or 0) or None
        except ValueError as exc:
            raise GazetteerError(f"{path}: row {line}, field latitude/longitude/population: {exc}") from None
        kind = _geonames_kind(rec["feature_code"], population)
        if kind is None:
            continue
        alternates = [a for a in rec["alternatenames"].split(",") if a]
        aliases = [a for a in dict.fromkeys([rec["asciiname"], *alternates]) if a and a != rec["name"]]
        rows.append(
            {
                "id": f"gn:{rec['geonameid']}", "name": rec["name"],
                "name_ar": next((a for a in alternates if is_arabic(a)), None), "aliases": tuple(aliases),
                "kind": kind, "lat": lat, "lon": lon, "admin1": to_iso.get(rec["admin1"]), "admin1_name": None,
                "population": population,
                "uncertainty_km": FIXED_UNCERTAINTY_KM.get(kind) or settlement_uncertainty_km(kind, population),
                "source": GEONAMES_SOURCE, "source_url": f"https://www.geonames.org/{rec['geonameid']}",
            }
        )  # fmt: skip
    return Gazetteer(pd.DataFrame(rows, columns=COLUMNS))


OPENSYRIA_KIND = {"governorates": "governorate", "districts": "district", "subdistricts": "subdistrict"}


def _opensyria_kind(level: str, population: int | None) -> str:
    return OPENSYRIA_KIND.get(level) or geonames_kind(population, False)


def _pcode(record: dict) -> str | None:
    return (record.get("externalIds") or {}).get("ochaPcode") or None


def from_opensyria(path: Path, level: str) -> Gazetteer:
    """One of OpenSyria's data-geography files (a JSON array; ``level`` names which).

    District and sub-district ids are ``adm2:<P-code>`` / ``adm3:<P-code>`` (the OCHA P-code, as the fetched
    boundaries use); governorates and localities use ``os:<OpenSyria id>``.
    """
    if level not in OPENSYRIA_LEVELS:
        raise GazetteerError(f"OpenSyria level must be one of {OPENSYRIA_LEVELS}, not {level!r}")
    path = Path(path)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{path}: not JSON: {exc}") from None
    if not isinstance(records, list):
        raise GazetteerError(f"{path}: expected a JSON array of places")
    rows = []
    for i, rec in enumerate(records):
        where = f"{path}: record {i} ({rec.get('id', '?') if isinstance(rec, dict) else '?'})"
        try:
            name, centroid = rec["name"], rec["centroid"]
            lat, lon = float(centroid["latitude"]), float(centroid["longitude"])
            name_en = name.get("en") or name.get("ar")
        except (KeyError, TypeError, ValueError) as exc:
            raise GazetteerError(f"{where}, field name/centroid: {exc!r}") from None
        pcode = _pcode(rec)
        prefix = {"districts": "adm2", "subdistricts": "adm3"}.get(level)
        place_id = f"{prefix}:{pcode}" if prefix and pcode else f"os:{rec.get('id')}"
        population = (rec.get("population") or {}).get("value")
        population = int(population) if population else None
        kind = _opensyria_kind(level, population)
        aliases = [a.get("value") for a in rec.get("aliases") or [] if isinstance(a, dict) and a.get("value")]
        area = (rec.get("area") or {}).get("value")
        radius = (float(area) / 3.14159) ** 0.5 if area else None
        uncertainty = round(radius, 1) if radius else FIXED_UNCERTAINTY_KM.get(kind, 1.0)
        if level == "localities":
            uncertainty = settlement_uncertainty_km(kind, population)
        rows.append(
            {
                "id": place_id, "name": name_en, "name_ar": name.get("ar") or None,
                "aliases": tuple(a for a in dict.fromkeys(aliases) if a != name_en), "kind": kind,
                "lat": lat, "lon": lon, "admin1": None, "admin1_name": None, "population": population,
                "uncertainty_km": uncertainty,
                "source": f"{OPENSYRIA_SOURCE}; {level} {rec.get('id')}" + (f", P-code {pcode}" if pcode else ""),
                "source_url": OPENSYRIA_HOME,
            }
        )  # fmt: skip
    return Gazetteer(pd.DataFrame(rows, columns=COLUMNS))


def write_table(gazetteer: Gazetteer, path: Path) -> Path:
    """Store a gazetteer as CSV (aliases joined with '|'), atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = gazetteer.frame.copy()
    frame["aliases"] = frame["aliases"].map(lambda a: "|".join(x.replace("|", "/") for x in a))
    tmp = path.with_suffix(".tmp")
    frame.to_csv(tmp, index=False)
    tmp.replace(path)
    return path


def read_table(path: Path) -> Gazetteer:
    """Read a gazetteer CSV written by :func:`write_table`."""
    frame = pd.read_csv(path, dtype={"population": "Int64"}, keep_default_na=False, na_values=[""])
    frame["aliases"] = frame["aliases"].map(lambda s: tuple(s.split("|")) if isinstance(s, str) and s else ())
    frame = frame.astype({"name_ar": object, "admin1": object, "admin1_name": object, "source_url": object})
    frame = frame.where(frame.notna(), None)
    return Gazetteer(frame)


def load_fetched(data_dir: Path | None = None) -> list[Gazetteer]:
    """The fetched gazetteers stored in the data folder (an empty list when none has been fetched)."""
    folder = Path(data_dir or settings_data_dir())
    found = []
    for source, name in STORED.items():
        path = folder / name
        if path.exists():
            log.debug("loading fetched gazetteer %s from %s", source, path)
            found.append(read_table(path))
    return found


def fetch_geonames(data_dir: Path | None = None, source: str | None = None, progress: bool = True) -> Path:
    """Download (or copy from ``source``, a path or URL) GeoNames' SY.zip and store it shaped, inside Syria."""
    from geodata.fetch import download

    folder = Path(data_dir or settings_data_dir())
    raw = folder / "raw" / "SY.zip"
    if source and not source.startswith(("http://", "https://", "file:")):
        raw = Path(source)
    else:
        download(source or GEONAMES_URL, raw, progress=progress)
    gazetteer = from_geonames_dump(raw).filter_to_syria()
    log.info("GeoNames: %d places inside Syria", len(gazetteer))
    return write_table(gazetteer, folder / STORED["geonames"])


def fetch_opensyria(data_dir: Path | None = None, source: str | None = None, progress: bool = True) -> Path:
    """Download OpenSyria's districts, sub-districts and localities (or read them from the folder ``source``)
    and store them shaped, inside Syria."""
    from geodata.fetch import download

    folder = Path(data_dir or settings_data_dir())
    parts = []
    for level in OPENSYRIA_FETCHED:
        if source and not source.startswith(("http://", "https://", "file:")):
            path = Path(source) / f"{level}.json"
            if not path.exists():
                log.warning("OpenSyria: %s not found, skipped", path)
                continue
        else:
            url = (source.rstrip("/") + f"/{level}.json") if source else OPENSYRIA_URL.format(level=level)
            path = download(url, folder / "raw" / "opensyria" / f"{level}.json", progress=progress)
        parts.append(from_opensyria(path, level))
    if not parts:
        raise GazetteerError(f"no OpenSyria file found in {source}")
    gazetteer = parts[0].concat(*parts[1:]).filter_to_syria()
    log.info("OpenSyria: %d places inside Syria", len(gazetteer))
    return write_table(gazetteer, folder / STORED["opensyria"])
