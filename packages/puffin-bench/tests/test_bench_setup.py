"""The benchmark environment: install stamp, setup errors, nothing reinstalled when unchanged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from puffin_bench import SetupError, install_stamp, neutral_env, prepare
from puffin_bench._setup import STAMP_NAME, Toolchain


def _wheels(tmp_path: Path, *contents: bytes) -> list[Path]:
    paths = []
    for index, content in enumerate(contents):
        path = tmp_path / f"pkg{index}-0.1.0-py3-none-any.whl"
        path.write_bytes(content)
        paths.append(path)
    return paths


class TestInstallStamp:
    def test_same_content_same_stamp(self, tmp_path: Path) -> None:
        wheels = _wheels(tmp_path, b"a", b"b")
        assert install_stamp(wheels) == install_stamp(list(reversed(wheels)))

    def test_changed_content_changes_it(self, tmp_path: Path) -> None:
        wheels = _wheels(tmp_path, b"a", b"b")
        before = install_stamp(wheels)
        wheels[1].write_bytes(b"b, rebuilt with a change")
        assert install_stamp(wheels) != before

    def test_another_wheel_changes_it(self, tmp_path: Path) -> None:
        wheels = _wheels(tmp_path, b"a", b"b")
        assert install_stamp(wheels[:1]) != install_stamp(wheels)

    def test_requirements_are_part_of_it(self, tmp_path: Path) -> None:
        wheels = _wheels(tmp_path, b"a")
        assert install_stamp(wheels, ["uv==1"]) != install_stamp(wheels, ["uv==2"])


class TestPrepare:
    def test_no_wheels(self, tmp_path: Path) -> None:
        with pytest.raises(SetupError, match=r"no wheels in .*make wheels"):
            prepare(tmp_path / "venv", tmp_path, python=sys.executable, env=neutral_env())

    def test_unchanged_wheels_install_nothing(self, tmp_path: Path) -> None:
        dist = tmp_path / "dist"
        dist.mkdir()
        wheels = _wheels(dist, b"a")
        venv = tmp_path / "venv"
        (venv / "bin").mkdir(parents=True)
        python = venv / "bin" / "python"
        python.write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
        python.chmod(0o755)
        for tool in ("puffin", "uv", "pip-compile", "pip-sync"):
            (venv / "bin" / tool).write_text("")
        (venv / STAMP_NAME).write_text(install_stamp(wheels))
        messages: list[str] = []
        tools = prepare(
            venv, dist, python=sys.executable, env=neutral_env(), progress=messages.append
        )
        assert messages == []
        assert tools.venv == venv
        assert tools.puffin == venv / "bin" / "puffin"
        assert dict(tools.versions)["python"].startswith("3.")
        assert tools.base_python.exists()


class TestToolchain:
    def test_paths(self) -> None:
        tools = Toolchain(Path("/b/venv"), Path("/usr/bin/python3"))
        assert tools.python == Path("/b/venv/bin/python")
        assert tools.uv == Path("/b/venv/bin/uv")
        assert tools.pip_compile == Path("/b/venv/bin/pip-compile")
        assert tools.pip_sync == Path("/b/venv/bin/pip-sync")
