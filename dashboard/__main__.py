"""``python -m dashboard``: open the store (creating it with the starter set if new) and serve the map."""

from __future__ import annotations

import logging

import click

from dashboard.app import create_app
from dashboard.settings import DashboardSettings
from events.starter import load_starter
from events.store import DB, SchemaError, Store, StoreError, open_store


def open_with_starter(url: str | None) -> Store:
    """The store at ``url``, upgraded, with the starter set loaded when it is empty."""
    store = open_store(url)
    if store.is_empty():
        load_starter(store)
    return store


@click.command()
@click.option("--db", "db_url", default=None, help=f"SQLAlchemy URL of the store [env {DB.env}].")
@click.option("--host", default=None, help="Address to serve on [env SYRIAMAP_HOST; default 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port [env SYRIAMAP_PORT; default 8050].")
@click.option("--debug/--no-debug", default=None, help="Dash debug mode [env SYRIAMAP_DEBUG].")
def main(db_url: str | None, host: str | None, port: int | None, debug: bool | None) -> None:
    """Serve the Syria Conflict Map dashboard."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    try:
        settings = DashboardSettings.from_env(host=host, port=port, debug=debug)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        store = open_with_starter(db_url)
    except (StoreError, SchemaError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        app = create_app(store, settings)
    except ValueError as exc:  # a setting that cannot be used, named in the message
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Syria Conflict Map on http://{settings.host}:{settings.port}/")
    app.run(host=settings.host, port=settings.port, debug=settings.debug)


if __name__ == "__main__":
    main()
