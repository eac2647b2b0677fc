"""Project-wide rules: settings are documented, and data flows one way between stages."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

from geodata.settings import PROJECT_ROOT, REGISTRY

STAGES = ["geodata", "events", "dashboard"]  # a stage may import only itself and earlier stages


def _imported_stages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(STAGES)


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_a_later_one(stage):
    later = set(STAGES[STAGES.index(stage) + 1 :])
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): sorted(_imported_stages(path) & later)
        for path in (PROJECT_ROOT / stage).rglob("*.py")
        if _imported_stages(path) & later
    }
    assert offenders == {}


def _import_every_module() -> None:
    """Import every module of every stage (but entry points, which start things), so all settings declare."""
    for stage in STAGES:
        package = importlib.import_module(stage)
        for module in pkgutil.walk_packages(package.__path__, f"{stage}."):
            if module.name.rsplit(".", 1)[-1] not in ("__main__", "wsgi"):
                importlib.import_module(module.name)


def _readme_settings() -> dict[str, list[str]]:
    rows = {}
    for line in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 4 and cells[0].strip("`") in REGISTRY:
            rows[cells[0].strip("`")] = cells
    return rows


def test_every_setting_is_documented_in_the_readme_with_its_flag_and_default():
    _import_every_module()
    rows = _readme_settings()
    assert len(REGISTRY) >= 7
    for name, setting in REGISTRY.items():
        assert name in rows, f"{name} has no row in the README's settings table"
        _, flag_cell, default_cell, help_cell = rows[name][:4]
        default = setting.default.replace(f"{PROJECT_ROOT}/", "")
        shown = f"`{default}`" if default else "(none)"  # an empty default is written "(none)"
        assert shown in default_cell, f"{name}: README default {default_cell!r}, code {default!r}"
        if setting.flag:
            assert setting.flag in flag_cell, f"{name}: README flag {flag_cell!r}, code {setting.flag!r}"
        assert help_cell, name


def test_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (PROJECT_ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{name}: {line} is not pinned exactly"
