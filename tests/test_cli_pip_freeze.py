"""`puffin pip-freeze`: installed packages as requirements, sorted by name."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

from puffin_index import PackageIndex, build_wheel, make_venv, site_packages, sync
from puffin_test_support import Context


def _editable(site: Path, name: str, source: Path) -> None:
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Name: {name}\nVersion: 0.1\n\n")
    (info / "RECORD").write_text("")
    direct_url = {"url": source.as_uri(), "dir_info": {"editable": True}}
    (info / "direct_url.json").write_text(json.dumps(direct_url))


def test_freeze(context: Context, package_index: PackageIndex, tmp_path: Path) -> None:
    package_index.add("Zed_Pkg", "2.0")
    package_index.add("alpha", "1.0")
    venv = make_venv(context)
    wheel = build_wheel(tmp_path / "dist", "local", "3.0")
    pins = f"zed-pkg==2.0\nalpha==1.0\nlocal @ {wheel.as_uri()}\n"
    assert sync(context, package_index, "-", stdin=pins).startswith("exit_code: 0\n")
    _editable(site_packages(venv), "mine", tmp_path / "src" / "mine")
    context.add_filter(str(tmp_path), "[TMP]")
    assert context.run("pip-freeze") == dedent("""\
        exit_code: 0
        ----- stdout -----
        alpha==1.0
        local @ file://[TMP]/dist/local-3.0-py3-none-any.whl
        -e file://[TMP]/src/mine
        zed-pkg==2.0
        ----- stderr -----
        """)
    assert "-e" not in context.run("pip-freeze", "--exclude-editable")


def test_freeze_of_an_empty_environment(context: Context) -> None:
    make_venv(context)
    assert context.run("pip-freeze") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        """)


def test_freeze_without_an_environment(context: Context) -> None:
    transcript = context.run("pip-freeze")
    assert transcript.startswith("exit_code: 1\n")
    assert "error: no virtual environment found; run `puffin venv` first" in transcript
