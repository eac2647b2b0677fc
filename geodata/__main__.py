"""Command line: ``python -m geodata COMMAND``.

Commands: ``geocode``, ``admin``, ``export``, ``fetch-boundaries``, ``fetch-gazetteer``. Each is a thin wrapper
around a function of its module.
"""

from __future__ import annotations

import json
import logging
import math
import sys
from pathlib import Path

import click

from geodata.boundaries import load_admin_units, load_governorates, load_neighbours, load_outline


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """Syria's geography: boundaries, gazetteer, geocoding and spatial joins."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )


@main.command()
@click.argument("lat", type=click.FloatRange(-90, 90))
@click.argument("lon", type=click.FloatRange(-180, 180))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def admin(lat: float, lon: float, as_json: bool) -> None:
    """The governorate (and district, when fetched) at LAT LON, or 'outside Syria'."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise click.BadParameter(f"coordinates must be numbers, got {lat} {lon}")
    from geodata.spatial import assign_admin

    row = assign_admin([lon], [lat], districts=load_admin_units(2)).iloc[0]
    inside = isinstance(row["admin1"], str)
    if as_json:
        record = {k: (v if isinstance(v, str) else None) for k, v in row.items() if k != "outside_km"}
        distance = float(row["outside_km"])
        record["outside_km"] = round(distance, 3) if math.isfinite(distance) else None
        record["in_syria"] = inside
        click.echo(json.dumps(record, ensure_ascii=False))
        return
    if not inside:
        click.echo(f"outside Syria ({row['outside_km']:.1f} km from the nearest governorate)")
        return
    line = f"{row['admin1_name']} ({row['admin1']})"
    if isinstance(row["admin2"], str):
        line += f", district {row['admin2_name']} ({row['admin2']})"
    if row["outside_km"] > 0:
        line += f" (nearest governorate; the point is {row['outside_km']:.1f} km outside its polygon)"
    click.echo(line)


LAYERS = {
    "governorates": load_governorates,
    "outline": load_outline,
    "neighbours": load_neighbours,
    "districts": lambda: load_admin_units(2),
    "subdistricts": lambda: load_admin_units(3),
}


@main.command()
@click.argument("layer", type=click.Choice(sorted(LAYERS)))
@click.option("--format", "fmt", type=click.Choice(["geojson"]), default="geojson", show_default=True)
def export(layer: str, fmt: str) -> None:
    """Print a boundary LAYER as a GeoJSON FeatureCollection on stdout."""
    frame = LAYERS[layer]()
    if frame is None:
        raise click.ClickException(
            f"no {layer} loaded: run `python -m geodata fetch-boundaries --level "
            f"{2 if layer == 'districts' else 3}` first"
        )
    sys.stdout.write(frame.to_json(ensure_ascii=False, drop_id=True))
    sys.stdout.write("\n")


@main.command("fetch-boundaries")
@click.option("--level", type=click.IntRange(2, 3), required=True, help="2 districts, 3 sub-districts.")
@click.option(
    "--from",
    "from_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An OCHA COD-AB file you have (shapefile, .zip, GeoPackage, GeoJSON) instead of downloading.",
)
@click.option(
    "--layer", help="The layer to read from a GeoPackage or zip (default: the one named adm2/adm3)."
)
@click.option("--url", "api_url", help="geoBoundaries API URL (default: gbOpen SYR ADM2/ADM3).")
@click.option("--data-dir", help="Data folder (default: $SYRIAMAP_DATA_DIR).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def fetch_boundaries(
    level: int,
    from_path: Path | None,
    layer: str | None,
    api_url: str | None,
    data_dir: str | None,
    quiet: bool,
) -> None:
    """Store district (2) or sub-district (3) polygons in the data folder as admLEVEL.geojson."""
    from geodata.admin_units import AdminUnitsError, fetch_admin_units, summary
    from geodata.boundaries import admin_units_path, governorate_names
    from geodata.fetch import FetchError
    from geodata.settings import data_dir as settings_data_dir

    folder = settings_data_dir(data_dir)
    try:
        units = fetch_admin_units(
            level, data_dir=folder, from_path=from_path, layer=layer, api_url=api_url, progress=not quiet
        )
    except (AdminUnitsError, FetchError) as exc:
        raise click.ClickException(str(exc)) from exc
    path = admin_units_path(level, folder)
    kind = "districts" if level == 2 else "sub-districts"
    click.echo(f"{len(units)} {kind} written to {path} (provenance in {path.with_suffix('.json').name})")
    for code, name, count in summary(units, governorate_names()):
        click.echo(f"  {code or '-':6} {name:20} {count}")


@main.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON array of candidates per name, one line each.")
@click.option(
    "--limit", default=5, show_default=True, type=click.IntRange(1, 100), help="Candidates per name."
)
@click.option(
    "--bundled-only", is_flag=True, help="Ignore fetched gazetteers (as SYRIAMAP_GAZETTEER_FETCHED=0)."
)
def geocode(names: tuple[str, ...], as_json: bool, limit: int, bundled_only: bool) -> None:
    """Ranked gazetteer candidates for each NAME ('-' reads one name a line from standard input)."""
    from geodata.gazetteer import load_gazetteer
    from geodata.geocode import Geocoder, format_table

    if names == ("-",):
        names = tuple(line.strip() for line in sys.stdin if line.strip())
    geocoder = Geocoder(load_gazetteer(include_fetched=not bundled_only))
    for name in names:
        found = geocoder.candidates(name, limit=limit)
        if as_json:
            click.echo(json.dumps([c.to_json() for c in found], ensure_ascii=False))
        else:
            click.echo(format_table(name, found))


@main.command("fetch-gazetteer")
@click.option(
    "--source", type=click.Choice(["geonames", "opensyria", "all"]), default="all", show_default=True,
    help="Which gazetteer to fetch.",
)  # fmt: skip
@click.option(
    "--from",
    "from_path",
    type=click.Path(exists=True, path_type=str),
    help="A local copy: GeoNames' SY.zip/SY.txt, or a folder holding OpenSyria's JSON files.",
)
@click.option("--url", help="Download from this URL instead (GeoNames: the zip; OpenSyria: the folder URL).")
@click.option(
    "--data-dir", type=click.Path(file_okay=False, path_type=str), help="Store here (SYRIAMAP_DATA_DIR)."
)
def fetch_gazetteer(source: str, from_path: str | None, url: str | None, data_dir: str | None) -> None:
    """Download GeoNames' Syria dump and/or OpenSyria's places into the data folder for the geocoder."""
    from geodata.fetch import FetchError
    from geodata.gazetteer import GazetteerError
    from geodata.gazetteer_fetch import fetch_geonames, fetch_opensyria
    from geodata.settings import data_dir as settings_data_dir

    if from_path and url:
        raise click.UsageError("give --from or --url, not both")
    if (from_path or url) and source == "all":
        raise click.UsageError("--from/--url name one source: add --source geonames or --source opensyria")
    folder = settings_data_dir(data_dir)
    fetchers = {"geonames": fetch_geonames, "opensyria": fetch_opensyria}
    for name in ("geonames", "opensyria") if source == "all" else (source,):
        try:
            path = fetchers[name](folder, source=from_path or url, progress=sys.stderr.isatty())
        except (FetchError, GazetteerError, OSError) as exc:
            raise click.ClickException(f"{name}: {exc}") from exc
        click.echo(f"{name}: stored {path}")


# More commands (geocode, fetch-boundaries, fetch-gazetteer) go above this line.

if __name__ == "__main__":
    main()
