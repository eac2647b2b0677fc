"""UCDP GED, the Uppsala Conflict Data Program's Georeferenced Event Dataset: CSV, plain or zipped.

Any release from 19.1 on: the global file (49 columns; only its Syria rows, ``country_id`` 652, are imported)
and the country files (41 columns). Every original field is kept in the event's ``original``. The mapping:

- ``id`` -> source id; ``date_start``, ``date_end``; ``date_prec`` (1 day, 2 two to six days, 3 a week, 4 a
  month, 5 a year) -> our date precision 1, 2, 2, 3, 4;
- ``where_prec`` (1 exact place, 2 within 25 km, 3 district, 4 governorate, 5 part of the country or a road or
  river, 6 the country, 7 over water or in the air) -> our geo precision 1, 2, 2, 3, 3, 3, 3;
- ``latitude``, ``longitude``; ``where_coordinates`` as the place name; ``adm_1`` compared with our
  governorate; ``side_a``, ``side_b`` -> actors (normalised where our actor table knows them);
- ``type_of_violence`` 1, 2, 3 -> Battles (state-based, non-state conflict), Violence against civilians
  (one-sided violence), UCDP's type as the sub-type; ``low``, ``best``, ``high`` -> fatalities;
- ``source_office``, ``source_date``, ``source_headline``, ``source_article`` -> one linked report per source
  (the headline as its title; UCDP separates several sources with ";").
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from events.extract.actors import normalise_actor
from events.importers.common import (
    Checks,
    EventRows,
    ImportSummary,
    RawTable,
    Release,
    read_csv,
    require_columns,
    widen_fatalities,
)
from events.importers.transaction import import_events
from events.model import Citation, Report
from events.store import Store
from geodata.fetch import download
from geodata.settings import declare

DATASET = "ucdp-ged"
SYRIA_COUNTRY_ID = "652"
REQUIRED = ["id", "date_start", "date_end", "date_prec", "where_prec", "where_coordinates", "adm_1", "latitude",
            "longitude", "side_a", "side_b", "type_of_violence", "low", "best", "high"]  # fmt: skip
SOURCE_COLUMNS = ["source_office", "source_date", "source_headline", "source_article"]
VIOLENCE = {1: "Battles", 2: "Battles", 3: "Violence against civilians"}
VIOLENCE_NAMES = {1: "State-based conflict", 2: "Non-state conflict", 3: "One-sided violence"}
DATE_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 4}
GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

TITLE = "UCDP Georeferenced Event Dataset (GED)"
LICENCE = "CC BY 4.0"
URL = "https://ucdp.uu.se/downloads/"
SUNDBERG_MELANDER = (
    "Sundberg, Ralph and Erik Melander (2013). Introducing the UCDP Georeferenced Event Dataset. "
    "Journal of Peace Research 50(4): 523-532. doi:10.1177/0022343313484347"
)
# The article UCDP asks users of each release to cite besides Sundberg & Melander (2013).
RELEASE_ARTICLES = {
    "19.1": "Pettersson, Therése, Stina Högbladh and Magnus Öberg (2019). Organized violence, 1989-2018 and peace "
    "agreements. Journal of Peace Research 56(4).",
    "20.1": "Pettersson, Therése and Magnus Öberg (2020). Organized violence, 1989-2019. Journal of Peace Research "
    "57(4).",
    "22.1": "Davies, Shawn, Therese Pettersson and Magnus Öberg (2022). Organized violence 1989-2021 and drone "
    "warfare. Journal of Peace Research 59(4).",
    "23.1": "Davies, Shawn, Therese Pettersson and Magnus Öberg (2023). Organized violence 1989-2022, and the "
    "return of conflict between states. Journal of Peace Research 60(4): 691-708.",
    "24.1": "Davies, Shawn, Garoun Engström, Therese Pettersson and Magnus Öberg (2024). Organized violence "
    "1989-2023, and the prevalence of organized crime groups. Journal of Peace Research 61(4).",
    "25.1": "Davies, Shawn, Therese Pettersson, Margareta Sollenberg and Magnus Öberg (2025). Organized violence "
    "1989-2024, and the challenges of identifying civilian victims. Journal of Peace Research 62(4). "
    "doi:10.1177/00223433251345636",
}
TOKEN = declare(
    "UCDP_TOKEN",
    "",
    "UCDP's access token (UCDP issues them on request), sent as the x-ucdp-access-token header by "
    "`python -m events fetch ucdp`.",
)
DOWNLOAD_URL = declare(
    "SYRIAMAP_UCDP_URL",
    "https://ucdp.uu.se/downloads/ged",
    "Where `python -m events fetch ucdp` downloads GED releases: URL/gedXYZ-csv.zip for release XY.Z.",
)
LATEST = "25.1"
_VERSION = re.compile(r"^\d{2}\.\d$")
_RELEASE_NAMES = [
    re.compile(r"GEDEvent_v(\d{2})_(\d+)(?:_(\d+))?", re.I),  # GEDEvent_v25_1.csv, candidate GEDEvent_v25_0_3
    re.compile(r"(?<![a-z])ged[_-]?(\d{2})(\d)(?=[^0-9a-z]|$)", re.I),  # ged251-csv.zip, ged191.csv
]


def release_from_name(name: str) -> str | None:
    """The GED release a file name states ("ged251-csv.zip" -> "25.1"); None when it states none."""
    for pattern in _RELEASE_NAMES:
        match = pattern.search(
            Path(name).name
        )  # the file's name only: a folder called ged191-work says nothing
        if match:
            return ".".join(g for g in match.groups() if g)
    return None


def release(version: str | None) -> Release:
    """What the citation manifest says for a GED release: the title, the articles to cite, the licence."""
    citation = [SUNDBERG_MELANDER]
    if version in RELEASE_ARTICLES:
        citation.insert(0, RELEASE_ARTICLES[version])
    citation.append(f"Högbladh, Stina. UCDP GED Codebook version {version or '(the release used)'}. "
                    "Department of Peace and Conflict Research, Uppsala University.")  # fmt: skip
    title = f"{TITLE} {version}" if version else TITLE
    return Release(DATASET, version, title, tuple(citation), LICENCE, URL)


def _actors(values: pd.Series) -> pd.Series:
    """Each side's canonical name where our actor table knows it ("IS" -> "Islamic State"), else UCDP's."""
    distinct = {v: normalise_actor(v) or v for v in values.dropna().unique()}
    return values.map(distinct).astype(object).where(values.notna(), None)


def _syria_rows(raw: RawTable) -> pd.Index:
    """The rows about Syria: all of a country file, the ``country_id`` 652 rows of the global file."""
    frame = raw.frame
    if "country_id" in frame.columns:
        return frame.index[frame["country_id"].str.strip() == SYRIA_COUNTRY_ID]
    if "country" in frame.columns:
        return frame.index[frame["country"].str.strip().str.casefold() == "syria"]
    return frame.index


def shape(raw: RawTable) -> tuple[EventRows, Checks, int]:
    """Typed event rows from a GED table; with the checks (problems found) and how many rows were skipped
    as other countries'."""
    require_columns(raw, REQUIRED, "a UCDP GED file")
    rows = _syria_rows(raw)
    checks = Checks(raw, rows)
    violence = checks.code("type_of_violence", {k: k for k in VIOLENCE})
    frame = pd.DataFrame(
        {
            "source_id": checks.text("id", required=True),
            "date_start": checks.date("date_start", DATE_FORMATS),
            "date_end": checks.date("date_end", DATE_FORMATS),
            "date_precision": checks.code("date_prec", DATE_PRECISION),
            "event_type": violence.map(VIOLENCE).astype(object),
            "sub_event_type": violence.map(VIOLENCE_NAMES).astype(object),
            "actor1": _actors(checks.text("side_a")),
            "actor2": _actors(checks.text("side_b")),
            "fatalities_low": checks.integer("low"),
            "fatalities_best": checks.integer("best"),
            "fatalities_high": checks.integer("high"),
            "place_name": checks.text("where_coordinates"),
            "latitude": checks.number("latitude", -90, 90),
            "longitude": checks.number("longitude", -180, 180),
            "geo_precision": checks.code("where_prec", GEO_PRECISION),
            "dataset_admin1": checks.text("adm_1"),
            # where_prec 6 (the country) and 7 (over water): the point says nothing about a governorate
            "country_wide": pd.to_numeric(checks.frame["where_prec"], errors="coerce")
            .isin([6, 7])
            .to_numpy(),
        }
    )
    checks.flag(frame["date_end"] < frame["date_start"], "date_end",
                "is before date_start", checks.frame["date_end"])  # fmt: skip
    widened = widen_fatalities(frame)
    notes = {"fatalities: low or high widened to include best": widened} if widened else {}
    return EventRows(frame, _Citations(raw), "id", notes=notes), checks, len(raw.frame) - len(rows)


def _articles(value: str) -> list[str]:
    """UCDP's source_article: '"office,date,headline";"office,date,headline"' (quotes optional for one)."""
    value = value.strip()
    if not value:
        return []
    if value.startswith('"') and value.endswith('"'):
        return [v.strip() for v in value[1:-1].split('";"')]
    return [value]


class _Citations:
    """The reports behind GED rows, built on demand; rows citing the same source share one report."""

    def __init__(self, raw: RawTable) -> None:
        self.frame = raw.frame
        self.columns = [c for c in SOURCE_COLUMNS if c in raw.frame.columns]
        self._cited: dict[str | tuple[str, str, str], Citation] = {}
        self.retrieved = datetime.now(UTC).replace(tzinfo=None)

    def __call__(self, positions: pd.Index) -> list[list[Citation]]:
        part = self.frame.loc[positions, self.columns]
        values = [part[c].tolist() if c in self.columns else [""] * len(part) for c in SOURCE_COLUMNS]
        out = []
        for office, day, headline, article in zip(*values, strict=True):
            if ";" not in office:  # one source: three rows in four
                if len(article) > 1 and article[0] == article[-1] == '"':
                    article = article[1:-1]  # as a multi-source row's article reads: the same report
                cited = office or headline or article
                out.append([self._citation(office, day, headline, article)] if cited else [])
            else:
                out.append([self._citation(*source) for source in _sources(office, day, headline, article)])
        return out

    def _citation(self, office: str, day: str, headline: str, article: str) -> Citation:
        key = article or (office, day, headline)  # the article names its office, date and headline
        cited = self._cited.get(key)
        if cited is None:
            try:
                published = date.fromisoformat(day[:10]) if day else None
            except ValueError:
                published = None
            # No URL and no text: the source as UCDP cites it is the report's identity.
            basis = f"UCDP GED source: {article or f'{office},{day},{headline}'}"
            report = Report(
                title=headline or f"{office or 'UCDP source'}, {day}".strip(", "),
                outlet=office or None,
                published=published,
                retrieved_at=self.retrieved,
                content_hash=hashlib.sha256(basis.encode("utf-8")).hexdigest(),
            )
            cited = self._cited[key] = Citation(report)
        return cited


def _sources(office: str, day: str, headline: str, article: str) -> list[tuple[str, str, str, str]]:
    """A row's sources, split at UCDP's ";" when the fields agree on their number; else the row as one."""
    offices, days, headlines = office.split(";"), day.split(";"), headline.split(";")
    count = len(offices)
    articles = _articles(article)
    if len(days) == len(headlines) == count:
        if len(articles) != count:
            articles = [""] * count
        sources = zip(offices, days, headlines, articles, strict=True)
        return [(o.strip(), d.strip(), h.strip(), a) for o, d, h, a in sources]
    if len(articles) == count and all(a.count(",") >= 2 for a in articles):
        return [(*a.split(",", 2), a) for a in articles]  # "office,date,headline"
    return [(office, days[0].strip(), headline, article)]


def download_url(version: str, base: str | None = None) -> str:
    """The URL of a GED release's zipped CSV ("25.1" -> ``{base}/ged251-csv.zip``).

    Raises
    ------
    ValueError
        When ``version`` is not a GED release number like 25.1.
    """
    if not _VERSION.match(version):
        raise ValueError(f"{version!r} is not a GED release number like {LATEST}")
    return f"{DOWNLOAD_URL.get(base).rstrip('/')}/ged{version.replace('.', '')}-csv.zip"


def fetch_ucdp(
    version: str = LATEST, folder: Path | None = None, *, sha256: str | None = None, progress: bool = True
) -> Path:
    """Download a GED release (zipped CSV) into ``folder`` (default ``<data dir>/ucdp``); return its path.

    Sends ``UCDP_TOKEN``, when set, as the ``x-ucdp-access-token`` header; checks ``sha256`` when given. A
    failed download leaves any earlier file in place (:class:`geodata.fetch.FetchError` names the URL).
    """
    from geodata.settings import data_dir

    url = download_url(version)
    token = TOKEN.get()
    folder = Path(folder) if folder is not None else data_dir() / "ucdp"
    headers = {"x-ucdp-access-token": token} if token else {}
    return download(url, folder / url.rsplit("/", 1)[-1], sha256=sha256, headers=headers, progress=progress)


def import_ucdp(
    store: Store,
    path: Path,
    *,
    version: str | None = None,
    replace: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    progress: bool = False,
) -> ImportSummary:
    """Import a UCDP GED CSV (or zip) into the store as dataset ``ucdp-ged``; see :func:`import_events`.

    ``version`` names the release (e.g. "25.1"); by default it is read from the file name.
    """
    raw = read_csv(path)
    rows, checks, skipped = shape(raw)
    version = version or release_from_name(raw.name)
    return import_events(store, raw, rows, checks, release(version), skipped=skipped, replace=replace,
                         skip_invalid=skip_invalid, rejects=rejects, progress=progress)  # fmt: skip
