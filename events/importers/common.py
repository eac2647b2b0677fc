"""What every dataset importer shares: reading a table, checking its rows column by column, the errors that
name a bad row, the summary and the progress bar.

An importer (:mod:`~events.importers.ucdp`, :mod:`~events.importers.acled`, :mod:`~events.importers.table`)
reads its file into a :class:`RawTable` (every cell as text), keeps the rows about Syria, turns the raw strings
into typed columns with :class:`Checks` (vectorised: one pandas operation per column, not per row) and hands
the result, an :class:`EventRows`, to :func:`events.importers.transaction.import_events`, which stores it in
one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from events.model import Citation

RESERVED_DATASETS = frozenset({"starter", "extract"})


class ImportFileError(ValueError):
    """The file cannot be imported as a whole (unreadable, not the expected dataset): names the file."""


class RowError(ValueError):
    """A row that cannot be imported: names the file, the line (or feature), the column, the value and why."""

    def __init__(self, source: str, line: int, column: str, value: str, reason: str, unit: str = "line"):
        self.source, self.line, self.column, self.value, self.reason = source, line, column, value, reason
        super().__init__(f"{source}, {unit} {line}, column {column!r}, value {value!r}: {reason}")


# reading ----------------------------------------------------------------------------------------------------
@dataclass
class RawTable:
    """A file's rows as read: every column as text ("" for an empty cell), one row per record.

    ``numbers`` gives each row's line in the file (or its feature number); it is computed on demand, since
    only errors and rejected rows need it. ``points`` holds a GIS file's geometries (a GeoSeries).
    """

    name: str
    frame: pd.DataFrame
    sha256: str
    unit: str = "line"
    numbering: Callable[[], np.ndarray] | None = None
    points: object | None = None
    _numbers: np.ndarray | None = field(default=None, repr=False)

    def numbers(self) -> np.ndarray:
        if self._numbers is None:
            if self.numbering is None:
                self._numbers = np.arange(1, len(self.frame) + 1)
            else:
                self._numbers = self.numbering()
        return self._numbers


def read_bytes(path: Path, suffix: str = ".csv") -> tuple[bytes, str, str]:
    """The bytes of ``path`` or, for a zip, of its one member ending in ``suffix``; with the name to show
    in messages and the SHA-256 of the file as given."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path}: {exc.strerror or exc}") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return data, str(path), sha256
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [
            m for m in archive.namelist() if m.lower().endswith(suffix) and not m.startswith("__MACOSX")
        ]
        if len(members) != 1:
            raise ImportFileError(
                f"{path}: the zip holds {len(members)} {suffix} files ({members}); expected one"
            )
        return archive.read(members[0]), f"{path}!{members[0]}", sha256


def record_lines(data: bytes) -> np.ndarray:
    """The line on which each CSV record starts (the header is line 1; blank lines hold no record)."""
    lines = []
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    previous, header = 0, False
    for row in reader:
        if row and header:
            lines.append(previous + 1)
        header = header or bool(row)
        previous = reader.line_num
    return np.asarray(lines, dtype=np.int64)


def read_csv(path: Path) -> RawTable:
    """Read a CSV file (UTF-8, with or without BOM; CRLF or LF; plain or as the one CSV in a zip).

    Raises
    ------
    ImportFileError
        When the file cannot be read or parsed as CSV; the message names the file.
    """
    data, name, sha256 = read_bytes(path)
    try:
        frame = pd.read_csv(
            io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig", skip_blank_lines=True
        )
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ImportFileError(f"{name}: {exc}".strip()) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.fillna("")
    return RawTable(name, frame.reset_index(drop=True), sha256, "line", lambda: record_lines(data))


def require_columns(raw: RawTable, columns: Iterable[str], what: str) -> None:
    """Refuse a file that lacks any of ``columns``, naming the dataset it was expected to be."""
    missing = [c for c in columns if c not in raw.frame.columns]
    if missing:
        raise ImportFileError(
            f"{raw.name}: not {what}: missing columns {', '.join(missing)} (found {', '.join(raw.frame.columns)})"
        )


# checking rows ----------------------------------------------------------------------------------------------
def _finite(number: pd.Series) -> pd.Series:
    return number.astype(float).where(np.isfinite(number.astype(float)))


class Checks:
    """Typed columns from raw text, and every problem found on the way: ``(row, column, value, reason)``.

    ``rows`` are the row positions (in ``raw.frame``) being imported; the others are not checked.
    """

    def __init__(self, raw: RawTable, rows: pd.Index | None = None) -> None:
        self.raw = raw
        self.frame = raw.frame if rows is None else raw.frame.loc[rows]
        self._problems: list[pd.DataFrame] = []

    def flag(self, mask: pd.Series, column: str, reason: str, values: pd.Series | None = None) -> None:
        """Record ``reason`` for every row where ``mask`` is true (values default to the column's text)."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        shown = (values if values is not None else self.frame[column])[mask]
        self._problems.append(
            pd.DataFrame({"row": shown.index, "column": column, "value": shown.astype(str).to_numpy(),
                          "reason": reason})
        )  # fmt: skip

    def add(self, problems: pd.DataFrame) -> None:
        """Record problems found elsewhere (columns ``row, column, value, reason``)."""
        if not problems.empty:
            self._problems.append(problems[["row", "column", "value", "reason"]])

    def text(self, column: str, *, required: bool = False) -> pd.Series:
        """Stripped text; None for an empty cell (a problem when ``required``)."""
        values = self.frame[column].str.strip()
        empty = values == ""
        if required:
            self.flag(empty, column, "is empty")
        return values.astype(object).where(~empty, None)

    def _numeric(self, column: str, decimal_comma: bool = False) -> tuple[pd.Series, pd.Series]:
        """The column as numbers (NaN where not one) and where it is empty; text work only on the misses."""
        raw = self.frame[column]
        number = _finite(pd.to_numeric(raw, errors="coerce"))  # surrounding spaces are fine
        missing = number.isna()
        empty = pd.Series(False, index=raw.index)
        if missing.any():
            text = raw[missing].str.strip()
            empty[missing] = text == ""
            if decimal_comma:  # "35,12" from spreadsheets in comma-decimal locales
                number[missing] = _finite(
                    pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
                )
        return number, empty

    def integer(self, column: str, *, required: bool = False, minimum: int | None = 0) -> pd.Series:
        """Whole numbers ("12", "12.0"); empty is missing (a problem when ``required``)."""
        number, empty = self._numeric(column)
        self.flag(~empty & number.isna(), column, "is not a number")
        whole = number.notna() & (number != np.floor(number.fillna(0)))
        self.flag(whole, column, "is not a whole number")
        if minimum is not None:
            self.flag(number < minimum, column, f"is below {minimum}")
        if required:
            self.flag(empty, column, "is empty")
        return number.where(~whole).round().astype("Int64")

    def number(self, column: str, low: float, high: float, *, required: bool = True) -> pd.Series:
        """Decimal numbers within ``[low, high]``; empty is missing (a problem when ``required``)."""
        number, empty = self._numeric(column, decimal_comma=True)
        self.flag(~empty & number.isna(), column, "is not a number")
        self.flag((number < low) | (number > high), column, f"is outside [{low:g}, {high:g}]")
        if required:
            self.flag(empty, column, "is empty")
        return number.where((number >= low) & (number <= high)).astype(float)

    def date(self, column: str, formats: Sequence[str], *, required: bool = True) -> pd.Series:
        """Dates in any of ``formats`` (tried in turn); a time of day after the date is ignored."""
        raw = self.frame[column].str.strip()
        parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
        for fmt in formats:
            todo = parsed.isna() & (raw != "")
            if not todo.any():
                break
            values = raw[todo]
            if fmt == "%Y-%m-%d":
                values = values.str.slice(0, 10)  # "2018-09-13 00:00:00.000" in older GED files
            parsed[todo] = pd.to_datetime(values, format=fmt, errors="coerce").astype("datetime64[s]")
        empty = raw == ""
        self.flag(~empty & parsed.isna(), column, f"is not a date ({' or '.join(formats)})")
        if required:
            self.flag(empty, column, "is empty")
        return parsed

    def code(self, column: str, mapping: dict[int, int], *, required: bool = True) -> pd.Series:
        """A numeric code translated through ``mapping``; other codes are problems."""
        values = self.integer(column, required=required)
        known = values.isin(list(mapping))
        self.flag(values.notna() & ~known, column, f"is not one of {sorted(mapping)}")
        return values.map(mapping).astype("Int64")

    def problems(self) -> pd.DataFrame:
        """Every problem found, in file order (row, then the column's place in the file)."""
        if not self._problems:
            return pd.DataFrame({"row": pd.Series(dtype=int), "column": [], "value": [], "reason": []})
        found = pd.concat(self._problems, ignore_index=True)
        order = {c: i for i, c in enumerate(self.raw.frame.columns)}
        found["_order"] = found["column"].map(order).fillna(len(order))
        return (
            found.sort_values(["row", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
        )


@dataclass
class EventRows:
    """An importer's typed rows, indexed by row position in the raw table.

    ``frame`` has columns ``source_id, date_start, date_end, date_precision, event_type, sub_event_type,
    actor1, actor2, fatalities_low, fatalities_best, fatalities_high, place_name, latitude, longitude,
    geo_precision`` and ``dataset_admin1`` (the dataset's own governorate name, compared with ours).
    ``citations`` builds the reports of the given row positions (called only for rows being written).
    ``original`` lists the raw columns kept as each event's original fields (all of them by default).
    """

    frame: pd.DataFrame
    citations: Callable[[pd.Index], list[list[Citation]]]
    id_column: str
    original: list[str] | None = None
    notes: dict[str, int] = field(default_factory=dict)


def widen_fatalities(frame: pd.DataFrame) -> int:
    """Widen low and high to include best where a dataset gives them out of order; return how many rows.

    Real GED rows have low above best or high below it (35 of 4,809 in the 2018-2019 Syria file). The best
    estimate is what sums and marker sizes use, so it is kept as given; the original figures stay in
    ``original``.
    """
    low, best, high = frame["fatalities_low"], frame["fatalities_best"], frame["fatalities_high"]
    above = (low > best).fillna(False)
    below = (high < best).fillna(False)
    frame.loc[above, "fatalities_low"] = best[above]
    frame.loc[below, "fatalities_high"] = best[below]
    return int((above | below).sum())


@dataclass(frozen=True)
class Release:
    """Which dataset and release an import writes, and what using it requires (shown with exports)."""

    dataset: str
    release: str | None
    title: str
    citation: tuple[str, ...] = ()
    licence: str = ""
    url: str | None = None


@dataclass
class ImportSummary:
    """What an import did: rows read, skipped (other countries), rejected, and the store's changes."""

    dataset: str
    release: str | None
    source: str
    rows_read: int = 0
    skipped_other_countries: int = 0
    rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    reports_removed: int = 0
    outside_syria: int = 0
    admin1_disagreements: int = 0
    admin1_disagreement_pairs: dict[str, int] = field(default_factory=dict)
    per_governorate: dict[str, int] = field(default_factory=dict)
    rejects_file: str | None = None
    notes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "seconds": round(self.seconds, 2)}


# governorates ------------------------------------------------------------------------------------------------
def governorate_codes(names: pd.Series) -> pd.Series:
    """The governorate code (``SY-DY``) a dataset's own admin-1 name stands for; None when unknown.

    Matches the spellings of our gazetteer ("Deir ez Zor Governorate", "Dayr Az Zawr", "Ar Raqqah",
    "Rif Dimashq", ...). Each distinct name is looked up once.
    """
    from geodata.boundaries import load_governorates
    from geodata.gazetteer import from_governorates
    from geodata.names import normal_key, skeleton_key, split_descriptor

    keys: dict[str, str] = {}
    for place in from_governorates(load_governorates()):
        for name in place.names():
            for key in (normal_key(name), skeleton_key(name)):
                keys.setdefault(key, place.admin1)

    def lookup(name: str) -> str | None:
        for candidate in (name, split_descriptor(name).core):
            for key in (normal_key(candidate), skeleton_key(candidate)):
                if key in keys:
                    return keys[key]
        return None

    distinct = {n: lookup(n) for n in names.dropna().unique() if str(n).strip()}
    return names.map(distinct).astype(object).where(names.notna(), None)


# progress ----------------------------------------------------------------------------------------------------
class _RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        if not task.elapsed or not task.completed:
            return Text("")
        return Text(f"{task.completed / task.elapsed:,.0f} rows/s", style="progress.data.speed")


def progress_bar(enabled: bool) -> Progress:
    """A rich progress bar on stderr: stage, bar, rows done of total, rows per second, time taken."""
    return Progress(
        TextColumn("[bold]{task.description:<10}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
        TimeElapsedColumn(), console=Console(stderr=True), disable=not enabled, transient=False,
    )  # fmt: skip


def check_dataset_name(name: str) -> str:
    """A dataset name for table imports: short, lower-case, not one the project writes itself."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,31}", name or ""):
        raise ImportFileError(f"dataset name {name!r}: use 1-32 lower-case letters, digits, '.', '_' or '-'")
    if name in RESERVED_DATASETS:
        raise ImportFileError(f"dataset name {name!r} is used by the project itself; choose another")
    return name
