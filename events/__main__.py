"""Command line: ``python -m events COMMAND``. Each command is a thin wrapper around a function."""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from pathlib import Path

import click

from events.starter import load_starter
from events.store import DB, SchemaError, Store, StoreError, open_store

db_option = click.option("--db", "db_url", default=None, help=f"SQLAlchemy URL of the store [env {DB.env}].")


def _open(db_url: str | None) -> Store:
    try:
        return open_store(db_url)
    except (StoreError, SchemaError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """Events: the store, and (in later releases) extraction, importers and exports."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )


@main.command()
@db_option
def init(db_url: str | None) -> None:
    """Create or upgrade the store; fill a new, empty store with the starter set."""
    store = _open(db_url)
    version = store.schema_version()
    if store.is_empty():
        load_starter(store)
    click.echo(json.dumps({"store": repr(store), "schema_version": version, **store.counts()}))


@main.command()
@db_option
def demo(db_url: str | None) -> None:
    """Load the starter set into any store, idempotently."""
    store = _open(db_url)
    count = load_starter(store)
    click.echo(json.dumps({"starter_events": count, **store.counts()}))


def _extracted(paths: tuple[str, ...], overrides: dict):
    """Read and extract each report in turn (one gazetteer, one process): yields (report input, extraction)."""
    import sys

    from events.extract.pipeline import extract_report
    from events.extract.places import PlaceFinder
    from events.extract.report import read_report
    from geodata.gazetteer import load_gazetteer

    finder = PlaceFinder(load_gazetteer())
    for path in paths:
        try:
            raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
            report = read_report(path, raw, overrides)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise click.ClickException(f"{path}: {exc}") from exc
        if report.published is None:  # relative dates ("on Saturday") cannot be resolved without it
            raise click.ClickException(
                f"{path}: no publication date: give --published YYYY-MM-DD or a .json sidecar with 'published'"
            )
        yield report, extract_report(report.text, report.published, finder, report.title)


report_options = [
    click.argument("paths", nargs=-1, required=True),
    click.option(
        "--published",
        default=None,
        help="Publication date YYYY-MM-DD (or the sidecar's 'published'); required.",
    ),
    click.option("--title", default=None, help="The report's title."),
    click.option("--url", default=None, help="The report's URL."),
]


def _with_report_options(command):
    for option in reversed(report_options):
        command = option(command)
    return command


@main.command()
@_with_report_options
def extract(paths: tuple[str, ...], published: str | None, title: str | None, url: str | None) -> None:
    """Extract events and control claims from reports (plain text or HTML; '-' reads stdin); print JSON lines.

    A .json file beside a .txt (same stem; keys title, url, outlet, author, published, language) supplies the
    metadata. Nothing is stored.
    """
    from events.extract.report import to_json_lines
    from geodata.boundaries import governorate_names

    names = governorate_names()
    for report, extraction in _extracted(paths, {"published": published, "title": title, "url": url}):
        for line in to_json_lines(report, extraction, names):
            click.echo(json.dumps(line, ensure_ascii=False))


@main.command()
@_with_report_options
@db_option
def ingest(paths, published, title, url, db_url) -> None:
    """Extract reports and store them with their events, quotes and claims; ingesting a report again (same
    URL or same text) replaces what it stored before."""
    from events.ingest import to_records

    store = _open(db_url)
    for report, extraction in _extracted(paths, {"published": published, "title": title, "url": url}):
        result = store.replace_extraction(*to_records(report, extraction))
        click.echo(json.dumps({"report": report.source, **result}))


# Control zones and claims (issue 6) ------------------------------------------------------------------------
def _zone_option(name: str, setting_name: str):
    from events import zones as z

    setting = getattr(z, setting_name)
    return click.option(
        name, default=None, type=int, help=f"{setting.help} [env {setting.env}; {setting.default}]"
    )


@contextmanager
def _store(db_url: str | None):
    """The store for one command, its connections closed at the end (a server may want to drop the database)."""
    store = _open(db_url)
    try:
        yield store
    finally:
        store.engine.dispose()


def _claim_points(claims):
    """Claims stored with a gazetteer id but no point get the place's point (the gazetteer loads only then)."""
    from events.zones import fill_points, missing_points
    from geodata.gazetteer import load_gazetteer

    return fill_points(claims, load_gazetteer().frame) if missing_points(claims).any() else claims


@main.command()
@click.option("--date", "when", required=True, help="The map's date, YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["geojson"]), default="geojson", show_default=True)
@_zone_option("--fresh-days", "FRESH_DAYS")
@_zone_option("--expire-days", "EXPIRE_DAYS")
@_zone_option("--contested-days", "CONTESTED_DAYS")
@db_option
def zones(when, fmt, fresh_days, expire_days, contested_days, db_url) -> None:
    """The control zones at a date, from the stored claims: a GeoJSON FeatureCollection on stdout."""
    from datetime import date

    from events.zones import to_feature_collection, zone_rules, zones_at
    from geodata.boundaries import load_admin_units, load_outline

    try:
        day = date.fromisoformat(when)
    except ValueError:
        raise click.BadParameter(f"{when!r} is not a date YYYY-MM-DD", param_hint="--date") from None
    try:
        rules = zone_rules(fresh_days, expire_days, contested_days)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    with _store(db_url) as store:
        claims = _claim_points(store.claims_frame())
    result = zones_at(claims, day, outline=load_outline(), districts=load_admin_units(2), **rules)
    click.echo(json.dumps(to_feature_collection(result, day), ensure_ascii=False))


@main.group()
def claims() -> None:
    """Control claims: import them from files, list a place's claims."""


@claims.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def import_claims(path: Path, db_url: str | None) -> None:
    """Import control claims from a CSV or GeoJSON file, in one transaction (see the README for the columns)."""
    from events import claims_import as ci
    from geodata.gazetteer import load_gazetteer

    try:
        records = ci.read_records(path)
        resolver = ci.PlaceResolver(load_gazetteer()) if ci.needs_gazetteer(records) else None
        items = ci.to_claims(records, path, resolver)
    except ci.ClaimsImportError as exc:
        raise click.ClickException(str(exc)) from exc
    with _store(db_url) as store:
        result = store.add_claims(items)
    polygons = sum(1 for c in items if c.polygon is not None)
    click.echo(json.dumps({"file": str(path), "claims": len(items), "polygons": polygons, **result}))


@claims.command("list")
@click.option("--place", "name", required=True, help="A place name (any common spelling) or a gazetteer id.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line instead of a table.")
@db_option
def list_claims(name: str, as_json: bool, db_url: str | None) -> None:
    """A place's control claims over time, oldest first, each with its source."""
    from events.claims_import import PlaceResolver
    from events.zones import claim_line, claim_records, claims_for_place
    from geodata.gazetteer import load_gazetteer

    with _store(db_url) as store:
        frame = store.claims_frame()
    resolver = PlaceResolver(load_gazetteer())
    place = resolver.by_id(name) or resolver.by_name(name)[0]
    spellings = resolver.gazetteer.get(place.id).names() if place else ()
    found = claims_for_place(frame, name, place.id if place else None, *spellings)
    if found.empty:
        where = f" ({place.name}, {place.id})" if place else ""
        click.echo(f"no control claims for {name!r}{where}", err=True)
    for record in claim_records(found):
        click.echo(json.dumps(record, ensure_ascii=False) if as_json else claim_line(record))


# Datasets: import, fetch, export (issue 4) ---------------------------------------------------------------------
def _import_options(command):
    """The options every importer takes."""
    options = [
        click.option("--version", "version", default=None, help="The dataset's release (default: from the file)."),
        click.option("--replace", is_flag=True, help="Also remove the dataset's stored events the file lacks."),
        click.option("--skip-invalid", is_flag=True, help="Import the valid rows; write the others to --rejects."),
        click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Where --skip-invalid writes rejected rows [PATH.rejected.csv]."),
        click.option("--quiet", is_flag=True, help="No progress bar."),
        db_option,
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _run_import(run, path: Path, skip_invalid: bool, rejects: Path | None, quiet: bool, db_url, **kwargs):
    """Open the store, run one importer, print its summary as one JSON line; row errors end the command."""
    from events.importers import ImportFileError, RowError
    from geodata.fetch import FetchError

    store = _open(db_url)
    rejects = rejects or path.with_name(f"{path.name}.rejected.csv")
    try:
        summary = run(store, path, skip_invalid=skip_invalid, rejects=rejects, progress=not quiet, **kwargs)
    except (RowError, ImportFileError, FetchError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.engine.dispose()
    click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))


@main.group("import")
def import_group() -> None:
    """Import conflict datasets: UCDP GED, ACLED exports, any table of events (one transaction each)."""


@import_group.command("ucdp")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_import_options
def import_ucdp_command(path, version, replace, skip_invalid, rejects, quiet, db_url) -> None:
    """Import a UCDP GED CSV (plain or zipped; global or country file) as dataset ucdp-ged."""
    from events.importers.ucdp import import_ucdp

    _run_import(import_ucdp, path, skip_invalid, rejects, quiet, db_url, version=version, replace=replace)


@import_group.command("acled")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_import_options
def import_acled_command(path, version, replace, skip_invalid, rejects, quiet, db_url) -> None:
    """Import an ACLED CSV export (current or pre-2023 columns) as dataset acled."""
    from events.importers.acled import import_acled

    _run_import(import_acled, path, skip_invalid, rejects, quiet, db_url, version=version, replace=replace)


@import_group.command("table")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "mapping",
    required=True,
    help="Our fields and the file's columns: date=COL,lat=COL,lon=COL,type=COL,id=COL,... (README).",
)
@click.option("--dataset", default="table", show_default=True, help="The dataset's name in the store.")
@click.option("--event-type", default=None, help="The event type of every row, when no column gives it.")
@click.option("--date-format", default=None, help="A strptime format for the dates, e.g. %d/%m/%Y.")
@click.option("--citation", default=None, help="What to cite for this dataset (shown in export manifests).")
@click.option("--licence", default=None, help="The dataset's licence (shown in export manifests).")
@_import_options
def import_table_command(path, mapping, dataset, event_type, date_format, citation, licence, version, replace,
                         skip_invalid, rejects, quiet, db_url) -> None:  # fmt: skip
    """Import any CSV, GeoJSON or GeoPackage of events, its columns named by --map."""
    from events.importers import ImportFileError
    from events.importers.table import import_table, parse_map

    try:
        fields = parse_map(mapping)
    except ImportFileError as exc:
        raise click.BadParameter(str(exc), param_hint="--map") from exc
    _run_import(lambda store, p, **kw: import_table(store, p, fields, **kw), path, skip_invalid, rejects, quiet,
                db_url, dataset=dataset, version=version, event_type=event_type, date_format=date_format,
                citation=citation, licence=licence, replace=replace)  # fmt: skip


@main.group()
def fetch() -> None:
    """Download datasets, then import them."""


@fetch.command("ucdp")
@click.option("--version", "version", default=None, help="The GED release, e.g. 25.1 [the latest known].")
@click.option("--sha256", default=None, help="The expected SHA-256 of the zip: a mismatch stops the import.")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to keep the zip [SYRIAMAP_DATA_DIR/ucdp].",
)
@click.option("--replace", is_flag=True, help="Also remove stored GED events the release lacks.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@db_option
def fetch_ucdp_command(version, sha256, folder, replace, quiet, db_url) -> None:
    """Download a UCDP GED release (sending UCDP_TOKEN), check it and import it as dataset ucdp-ged."""
    from events.importers import ucdp
    from geodata.fetch import FetchError

    version = version or ucdp.LATEST
    try:
        path = ucdp.fetch_ucdp(version, folder, sha256=sha256, progress=not quiet)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--version") from exc
    except FetchError as exc:
        hint = "" if ucdp.TOKEN.get() else f" (is {ucdp.TOKEN.env} set? UCDP's servers may ask for a token)"
        raise click.ClickException(f"{exc}{hint}") from exc
    click.echo(f"downloaded {path}", err=True)
    _run_import(ucdp.import_ucdp, path, False, None, quiet, db_url, version=version, replace=replace)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson"]), default="csv", show_default=True)
@click.option("--start", default=None, help="First day, YYYY-MM-DD (events overlapping the range).")
@click.option("--end", default=None, help="Last day, YYYY-MM-DD.")
@click.option("--admin1", multiple=True, help="Governorate code(s), e.g. SY-DY (repeat or comma-separate).")
@click.option("--type", "types", multiple=True, help="Event type(s) (repeat or comma-separate).")
@click.option("--actor", "actors", multiple=True, help="Actor, either side (repeat for several).")
@click.option(
    "--dataset", "datasets", multiple=True, help="Dataset(s), e.g. ucdp-ged (repeat or comma-separate)."
)
@click.option("--min-fatalities", type=click.IntRange(min=0), default=None, help="At least this many deaths.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the file here and its manifest to OUT.citation.json [stdout; manifest on stderr].",
)
@db_option
def export_command(fmt, start, end, admin1, types, actors, datasets, min_fatalities, out, db_url) -> None:
    """The selected events as CSV or GeoJSON, with a citation manifest (datasets, releases, filters, date)."""
    from datetime import date

    from events.export import citation_manifest, export_frame, to_csv, to_geojson
    from events.query import Selection, SelectionError

    def split(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.strip() for value in values for v in value.split(",") if v.strip())

    def day(option: str, value: str | None) -> date | None:
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None

    try:
        selection = Selection(start=day("--start", start), end=day("--end", end), admin1=split(admin1),
                              event_types=split(types), actors=tuple(actors), datasets=split(datasets),
                              min_fatalities=min_fatalities)  # fmt: skip
    except SelectionError as exc:
        raise click.BadParameter(str(exc)) from exc
    store = _open(db_url)
    try:
        frame = export_frame(store, selection)
        manifest = citation_manifest(store, selection, frame, date.today())
    finally:
        store.engine.dispose()
    body = json.dumps(to_geojson(frame, manifest), ensure_ascii=False) if fmt == "geojson" else to_csv(frame)
    citation = json.dumps(manifest, ensure_ascii=False, indent=2)
    if out is None:
        click.echo(body, nl=fmt == "geojson")
        click.echo(citation, err=True)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    manifest_path = out.with_name(f"{out.name}.citation.json")
    manifest_path.write_text(citation + "\n", encoding="utf-8")
    click.echo(json.dumps({"out": str(out), "events": len(frame), "citation": str(manifest_path)}))


if __name__ == "__main__":
    main()
