"""``GET /export?format=csv|geojson&<the view's parameters>``: the selection as a download.

The file has the columns of ``python -m events export``; its citation manifest (datasets, versions, required
attributions, filters, access date) is a ``citation`` member of the GeoJSON, and for CSV the response's
``Link`` header points at ``/export?format=citation&...``, which returns the manifest as JSON.
"""

from __future__ import annotations

import json
import logging
from datetime import date

from flask import Flask, Response, request

from events.query import Selection, SelectionError
from events.store import Store

log = logging.getLogger(__name__)
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "citation": "application/json",
}


def register_export(server: Flask, store: Store) -> None:
    """Add the ``/export`` route to the app's Flask server."""

    @server.get("/export")
    def export() -> Response:
        from events.export import citation_manifest, export_frame, to_csv, to_geojson

        fmt = request.args.get("format", "csv")
        if fmt not in FORMATS:
            return Response(f"format: {fmt!r} is not one of {', '.join(FORMATS)}\n", status=400,
                            mimetype="text/plain")  # fmt: skip
        try:
            selection = Selection.from_params(request.args.to_dict())
        except SelectionError as exc:
            return Response(f"{exc}\n", status=400, mimetype="text/plain")
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
            params = request.query_string.decode().replace("format=csv", "format=citation")
            response.headers["Link"] = f'</export?{params}>; rel="describedby"'
        return response
