"""Command line: ``python -m geodata COMMAND``.

Commands: ``geocode``, ``admin``, ``export``, ``fetch-boundaries``, ``fetch-gazetteer``. Each is a thin wrapper
around a function of its module.
"""

from __future__ import annotations

import json
import logging
import sys

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
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def admin(lat: float, lon: float, as_json: bool) -> None:
    """The governorate (and district, when fetched) at LAT LON, or 'outside Syria'."""
    from geodata.spatial import assign_admin

    row = assign_admin([lon], [lat], districts=load_admin_units(2)).iloc[0]
    inside = isinstance(row["admin1"], str)
    if as_json:
        record = {k: (v if isinstance(v, str) else None) for k, v in row.items() if k != "outside_km"}
        record["outside_km"] = round(float(row["outside_km"]), 3)
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


# More commands (geocode, fetch-boundaries, fetch-gazetteer) go above this line.

if __name__ == "__main__":
    main()
