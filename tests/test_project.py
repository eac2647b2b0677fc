"""Project-wide rules: settings are documented, and data flows one way between stages."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from geodata.settings import PROJECT_ROOT, REGISTRY

STAGES = ["geodata", "events", "dashboard"]  # a stage may import only itself and earlier stages
SETTING_MODULES = ["geodata.settings", "geodata.gazetteer", "events.store", "dashboard.settings"]


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


def test_every_setting_is_documented_in_the_readme():
    for module in SETTING_MODULES:
        importlib.import_module(module)
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert len(REGISTRY) >= 6
    missing = [name for name in REGISTRY if f"`{name}`" not in readme]
    assert missing == []


def test_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (PROJECT_ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{name}: {line} is not pinned exactly"
