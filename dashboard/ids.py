"""Component ids, one constant each, prefixed by the area of the page they belong to."""

HEADER_COUNTS = "header-counts"
MAP_GRAPH = "map-graph"
MAP_NOTE = "map-note"
MAP_FIT = "map-fit"
PANEL_BODY = "panel-body"
FOOTER = "footer-attribution"
