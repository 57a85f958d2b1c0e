"""Checks that keep the workspace honest: the package table, layering, editable installs."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"
_ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*([a-z0-9-]+)\s*\|\s*([a-z0-9_]+)\s*\|")

# Same-row imports DESIGN.md allows explicitly: (importer, imported).
SAME_ROW_ALLOWED = {("gourgeist", "puffin-interpreter")}
# Edges that must never exist, whatever the rows say (DESIGN.md).
FORBIDDEN = {
    ("puffin-resolver", "puffin-build"),
    ("puffin-build", "puffin-resolver"),
    ("puffin-build", "puffin-installer"),
}


def _table() -> dict[str, tuple[int, str]]:
    """Distribution name -> (row, import name), from packages/README.md."""
    rows: dict[str, tuple[int, str]] = {}
    for line in (PACKAGES / "README.md").read_text().splitlines():
        match = _ROW.match(line)
        if match:
            rows[match[2]] = (int(match[1]), match[3])
    return rows


def _dists() -> list[str]:
    return sorted(p.parent.name for p in PACKAGES.glob("*/pyproject.toml"))


def _declared(dist: str) -> set[str]:
    project = tomllib.loads((PACKAGES / dist / "pyproject.toml").read_text())["project"]
    names = set()
    for requirement in project.get("dependencies", []):
        names.add(re.split(r"[\s\[<>=!~;@(]", requirement, maxsplit=1)[0].lower())
    return names


def _imported_modules(dist: str) -> set[str]:
    found: set[str] = set()
    for path in (PACKAGES / dist / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_every_package_is_listed() -> None:
    table = _table()
    assert _dists(), "no packages found"
    missing = [d for d in _dists() if d not in table]
    assert not missing, f"add these to packages/README.md: {missing}"
    stale = [d for d in table if d not in _dists()]
    assert not stale, f"packages/README.md lists packages that do not exist: {stale}"


@pytest.mark.parametrize("dist", _dists())
def test_layout(dist: str) -> None:
    row_import = _table()[dist][1]
    src = PACKAGES / dist / "src" / row_import
    assert (src / "__init__.py").is_file()
    assert (src / "py.typed").is_file()
    assert (PACKAGES / dist / "tests").is_dir()
    project = tomllib.loads((PACKAGES / dist / "pyproject.toml").read_text())["project"]
    assert project["name"] == dist


@pytest.mark.parametrize("dist", _dists())
def test_imports_follow_layers(dist: str) -> None:
    table = _table()
    by_import = {imp: name for name, (_, imp) in table.items()}
    row = table[dist][0]
    declared = _declared(dist)
    for module in sorted(_imported_modules(dist)):
        other = by_import.get(module)
        if other is None or other == dist:
            continue
        assert (dist, other) not in FORBIDDEN, f"{dist} must never import {other}"
        other_row = table[other][0]
        assert other_row < row or (dist, other) in SAME_ROW_ALLOWED, (
            f"{dist} (row {row}) imports {other} (row {other_row}): only lower rows allowed"
        )
        assert other in declared, f"{dist} imports {other} but does not declare it"


@pytest.mark.parametrize("dist", _dists())
def test_installed_editable(dist: str) -> None:
    distribution = metadata.distribution(dist)
    text = distribution.read_text("direct_url.json")
    assert text is not None, f"{dist} is not installed from the checkout (run `make install`)"
    direct_url = json.loads(text)
    assert direct_url.get("dir_info", {}).get("editable") is True, (
        f"{dist} is installed non-editable; run `make clean install`"
    )
