"""`puffin venv --seed`: the seed packages come through puffin's own resolver and installer."""

from __future__ import annotations

import sys

from puffin_index import PackageIndex, site_packages
from puffin_test_support import Context


def test_seed_installs_pip_setuptools_and_wheel(
    context: Context, package_index: PackageIndex
) -> None:
    for name in ("pip", "setuptools", "wheel"):
        package_index.add(name, "1.0")
    context.env["PIP_INDEX_URL"] = package_index.url
    transcript = context.run("venv", "--seed", "--python", sys.executable)
    assert transcript.startswith("exit_code: 0\n"), transcript
    expected = ["pip", "setuptools", "wheel"] if sys.version_info < (3, 12) else ["pip"]
    for name in expected:
        assert f" + {name}==1.0\n" in transcript
    installed = sorted(
        p.name for p in site_packages(context.temp_dir / ".venv").glob("*.dist-info")
    )
    assert installed == [f"{name}-1.0.dist-info" for name in expected]


def test_seed_failure_is_one_line(context: Context, package_index: PackageIndex) -> None:
    context.env["PIP_INDEX_URL"] = package_index.url
    transcript = context.run("venv", "--seed", "--python", sys.executable)
    assert transcript.startswith("exit_code: 1\n"), transcript
    assert "pip" in transcript.split("----- stderr -----\n", 1)[1]
