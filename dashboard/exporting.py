"""``GET /export?format=csv|geojson&<the view's parameters>``: the selection as a download.

The file has the columns of ``python -m events export``; its citation manifest (datasets, versions, required
attributions, filters, access date) is a ``citation`` member of the GeoJSON, and for CSV the response's
``Link`` header points at ``/export?format=citation&...``, which returns the manifest as JSON.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from urllib.parse import urlencode

from flask import Flask, Response, request

from events.query import Selection, SelectionError, count_events
from events.store import Store
from geodata.settings import declare

log = logging.getLogger(__name__)
EXPORT_MAX_ROWS = declare(
    "SYRIAMAP_EXPORT_MAX_ROWS",
    "100000",
    "Most events GET /export sends in one download; a larger selection is refused (HTTP 413) with its size.",
)
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "citation": "application/json",
}


def max_rows() -> int:
    """The export limit from the setting; raises ValueError naming the setting when it is not a number."""
    value = EXPORT_MAX_ROWS.get()
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ValueError(f"{EXPORT_MAX_ROWS.env} must be a whole number of at least 1, not {value!r}")
    return int(value)


def register_export(server: Flask, store: Store) -> None:
    """Add the ``/export`` route to the app's Flask server (a bad limit setting fails here, at start-up)."""
    max_rows()

    @server.get("/export")
    def export() -> Response:
        from events.export import citation_manifest, export_frame, to_csv, to_geojson

        fmt = request.args.get("format", "csv")
        if fmt not in FORMATS:
            return Response(f"format: {fmt!r} is not one of {', '.join(FORMATS)}\n", status=400,
                            mimetype="text/plain")  # fmt: skip
        try:
            selection = Selection.from_params(request.args.to_dict(flat=False))
        except SelectionError as exc:
            return Response(f"{exc}\n", status=400, mimetype="text/plain")
        size, limit = count_events(store, selection), max_rows()
        if size > limit:  # a whole large store would take minutes and gigabytes: narrow it, or use the CLI
            return Response(
                f"The selection holds {size:,} events; this server exports at most {limit:,} ({EXPORT_MAX_ROWS.env}). "
                "Narrow the dates or filters, or use `python -m events export`.\n",
                status=413, mimetype="text/plain",
            )  # fmt: skip
        frame = export_frame(store, selection)
        manifest = citation_manifest(store, selection, frame, date.today())
        stamp = date.today().isoformat()
        if fmt == "citation":
            return Response(json.dumps(manifest, indent=2, ensure_ascii=False), mimetype=FORMATS[fmt])
        body = (
            json.dumps(to_geojson(frame, manifest), ensure_ascii=False) if fmt == "geojson" else to_csv(frame)
        )
        response = Response(body, mimetype=FORMATS[fmt].split(";")[0])
        response.headers["Content-Type"] = FORMATS[fmt]
        response.headers["Content-Disposition"] = f'attachment; filename="syriamap-events-{stamp}.{fmt}"'
        if fmt == "csv":
            params = urlencode({**request.args.to_dict(flat=False), "format": "citation"}, doseq=True)
            response.headers["Link"] = f'</export?{params}>; rel="describedby"'
        return response
