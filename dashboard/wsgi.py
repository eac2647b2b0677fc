"""WSGI entry point: ``gunicorn dashboard.wsgi:server``, configured by the environment (SYRIAMAP_*)."""

from dashboard.__main__ import open_with_starter
from dashboard.app import create_app
from dashboard.settings import DashboardSettings

server = create_app(open_with_starter(None), DashboardSettings.from_env()).server
