"""BuildSystem, the errors, the hook environment, the exports and the doctests."""

from __future__ import annotations

import doctest
from pathlib import Path
from types import ModuleType

import pytest

import puffin_build
from puffin_build import (
    LEGACY_BACKEND,
    LEGACY_REQUIRES,
    BuildBackendError,
    BuildSystem,
    InvalidPyProject,
    NotAPythonProject,
    _archive,
    _members,
    _pyproject,
    _runner,
    errors,
)


class TestBuildSystem:
    def test_reads_a_full_table(self, tmp_path: Path) -> None:
        (tmp_path / "backend").mkdir()
        (tmp_path / "pyproject.toml").write_text(
            "[build-system]\n"
            'requires = ["hatchling>=1.5"]\n'
            'build-backend = "my_backend.build:api"\n'
            'backend-path = ["backend"]\n'
        )
        assert BuildSystem.read(tmp_path) == BuildSystem(
            "my_backend.build:api", ("hatchling>=1.5",), ("backend",)
        )

    def test_setup_py_only(self, tmp_path: Path) -> None:
        (tmp_path / "setup.py").write_text("")
        assert BuildSystem.read(tmp_path) == BuildSystem(LEGACY_BACKEND, LEGACY_REQUIRES)

    def test_table_without_backend_keeps_its_requires(self) -> None:
        document: dict[str, object] = {"build-system": {"requires": ["setuptools>=61", "cffi"]}}
        assert BuildSystem.parse(document) == BuildSystem(
            LEGACY_BACKEND, ("setuptools>=61", "cffi")
        )

    def test_backend_without_requires_gets_the_defaults(self) -> None:
        document: dict[str, object] = {"build-system": {"build-backend": "flit_core.buildapi"}}
        assert BuildSystem.parse(document).requires == LEGACY_REQUIRES

    def test_backend_path_through_a_link_out(self, tmp_path: Path) -> None:
        project = tmp_path / "project"
        project.mkdir()
        (project / "out").symlink_to(tmp_path)
        (project / "pyproject.toml").write_text(
            '[build-system]\nrequires = []\nbuild-backend = "b"\nbackend-path = ["out"]\n'
        )
        with pytest.raises(InvalidPyProject, match="outside the project"):
            BuildSystem.read(project)

    def test_not_a_project(self, tmp_path: Path) -> None:
        with pytest.raises(NotAPythonProject):
            BuildSystem.read(tmp_path)

    def test_is_immutable(self) -> None:
        build_system = BuildSystem.legacy()
        with pytest.raises(AttributeError):
            build_system.backend = "other"  # type: ignore[misc]


class TestErrors:
    def test_output_tail_keeps_ten_lines(self) -> None:
        output = "\n".join(f"line {n}" for n in range(30)) + "\n\n"
        error = BuildBackendError("foo==1.0", "build_wheel", output, "exit status 1")
        assert error.output_tail.splitlines() == [f"line {n}" for n in range(20, 30)]
        lines = str(error).splitlines()
        assert lines[0] == "failed to build foo==1.0: build_wheel failed (exit status 1)"
        assert lines[1:] == [f"    line {n}" for n in range(20, 30)]

    def test_no_output(self) -> None:
        error = BuildBackendError("foo", "build_wheel")
        assert str(error) == "failed to build foo: build_wheel failed"

    def test_every_error_has_the_root(self) -> None:
        for name in errors.__all__:
            assert issubclass(getattr(errors, name), puffin_build.PuffinBuildError)


class TestHookEnvironment:
    def test_drops_leaks_and_activates(self) -> None:
        env = _runner.hook_environment(
            Path("/b/env"),
            Path("/b/env/bin"),
            {
                "PATH": "/usr/bin:/bin",
                "PYTHONPATH": "/x",
                "PYTHONHOME": "/y",
                "PIP_REQUIRE_VIRTUALENV": "1",
                "VIRTUAL_ENV": "/other",
                "HOME": "/home/me",
            },
        )
        assert env == {
            "PATH": "/b/env/bin:/usr/bin:/bin",
            "VIRTUAL_ENV": "/b/env",
            "HOME": "/home/me",
        }

    def test_without_path(self) -> None:
        env = _runner.hook_environment(Path("/b/env"), Path("/b/env/bin"), {})
        assert env["PATH"] == "/b/env/bin"


@pytest.mark.parametrize("module", [_archive, _members, _pyproject, _runner, errors])
def test_doctests(module: ModuleType) -> None:
    failures, _ = doctest.testmod(module)
    assert failures == 0


def test_all_is_sorted_and_complete() -> None:
    names = puffin_build.__all__
    assert names == sorted(names)
    assert all(hasattr(puffin_build, name) for name in names)
    public = {
        name
        for name, value in vars(puffin_build).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert public <= set(names)
