"""Command line: ``python -m events COMMAND``. Each command is a thin wrapper around a function."""

from __future__ import annotations

import json
import logging
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


if __name__ == "__main__":
    main()
