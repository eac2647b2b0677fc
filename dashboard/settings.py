"""The dashboard's settings, declared once each (see ``geodata.settings``); flags override the environment."""

from __future__ import annotations

from dataclasses import dataclass

from geodata.settings import declare

HOST = declare("SYRIAMAP_HOST", "127.0.0.1", "The dashboard's address.", flag="--host")
PORT = declare("SYRIAMAP_PORT", "8050", "The dashboard's port.", flag="--port")
BASEMAP = declare(
    "SYRIAMAP_BASEMAP",
    "white-bg",
    "The map style: white-bg needs no internet; with internet any MapLibre style name (open-street-map, "
    "carto-positron, ...) or a style URL.",
)
DEBUG = declare(
    "SYRIAMAP_DEBUG", "0", "Dash debug mode (reloader, error overlay): 1 to turn it on.", flag="--debug"
)
MAX_MARKERS = declare(
    "SYRIAMAP_MAX_MARKERS",
    "3000",
    "Most events the map draws one by one; above it the events in view are grouped into grid cells.",
)


@dataclass(frozen=True)
class DashboardSettings:
    """What the app needs to know, read once at start-up."""

    host: str = "127.0.0.1"
    port: int = 8050
    basemap: str = "white-bg"
    debug: bool = False
    max_markers: int = 3000

    @classmethod
    def from_env(
        cls,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        basemap: str | None = None,
    ) -> DashboardSettings:
        """Settings from the environment, with any command-line values given (not None) taking precedence."""
        port_text = PORT.get(str(port) if port is not None else None)
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"{PORT.env} must be a port number from 1 to 65535, not {port_text!r}")
        markers = MAX_MARKERS.get()
        if not markers.isdigit() or int(markers) < 1:
            raise ValueError(f"{MAX_MARKERS.env} must be a whole number of at least 1, not {markers!r}")
        return cls(
            host=HOST.get(host),
            port=int(port_text),
            basemap=BASEMAP.get(basemap),
            debug=debug if debug is not None else DEBUG.get() == "1",
            max_markers=int(markers),
        )
