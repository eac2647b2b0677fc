"""Command line: ``python -m events COMMAND``. Each command is a thin wrapper around a function."""

from __future__ import annotations

import json
import logging

import click

from events.starter import load_starter
from events.store import DB, Store

db_option = click.option("--db", "db_url", default=None, help=f"SQLAlchemy URL of the store [env {DB.env}].")


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
    store = Store.open(db_url)
    version = store.upgrade()
    if store.is_empty():
        load_starter(store)
    click.echo(json.dumps({"store": repr(store), "schema_version": version, **store.counts()}))


@main.command()
@db_option
def demo(db_url: str | None) -> None:
    """Load the starter set into any store, idempotently."""
    store = Store.open(db_url)
    store.upgrade()
    count = load_starter(store)
    click.echo(json.dumps({"starter_events": count, **store.counts()}))


if __name__ == "__main__":
    main()
