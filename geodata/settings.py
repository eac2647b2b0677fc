"""Settings, declared once each with a default and a help text.

Every stage declares its settings here through :func:`declare`, so that one registry lists them all; a test
checks that the README documents each one. A setting is read from its environment variable; command-line flags
override it where a command offers one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, its default, its command-line flag (if any) and what it does."""

    env: str
    default: str
    help: str
    flag: str | None = None

    def get(self, override: str | None = None) -> str:
        """Return the flag value if given, else the environment variable, else the default."""
        if override is not None:
            return override
        return os.environ.get(self.env, self.default)


REGISTRY: dict[str, Setting] = {}


def declare(env: str, default: str, help: str, flag: str | None = None) -> Setting:
    """Declare a setting once; declaring the same name twice is a programming error."""
    if env in REGISTRY:
        raise ValueError(f"setting {env} declared twice")
    setting = Setting(env, default, help, flag)
    REGISTRY[env] = setting
    return setting


DATA_DIR = declare(
    "SYRIAMAP_DATA_DIR",
    str(PROJECT_ROOT / "var" / "geodata"),
    "Folder for downloaded or user-supplied geodata (district and sub-district boundaries, the full "
    "GeoNames and OpenSyria gazetteers). The loaders use what they find there.",
)


def data_dir(override: str | None = None) -> Path:
    """The folder for fetched geodata (not committed; created on demand by the fetch commands)."""
    return Path(DATA_DIR.get(override))
