"""Tests of uninstall and compile: everything installed goes, nothing else does."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from install_wheel import (
    CompileError,
    InstalledFiles,
    Scheme,
    UninstallError,
    compile,
    install_wheel,
    uninstall,
    unpack_wheel,
)

PYTHON = Path(sys.executable)


def _install(wheel: Path, scheme: Scheme, tmp_path: Path) -> InstalledFiles:
    unpacked = unpack_wheel(wheel, tmp_path / "cache" / wheel.name[:-4])
    return install_wheel(unpacked, scheme, python_executable=PYTHON)


class TestUninstall:
    def test_removes_everything_it_installed(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path, tree: Callable[[Path], set[str]]
    ) -> None:
        before = tree(scheme.data)
        installed = _install(fancy_wheel, scheme, tmp_path)
        compiled = compile(installed.python_files, PYTHON)
        assert compiled.compiled == 4
        assert (scheme.purelib / "fancy" / "__pycache__").is_dir()
        removed = uninstall(installed.dist_info)
        assert removed.missing == 0
        assert removed.files == len(installed.paths) + compiled.compiled
        # Scheme roots stay, emptied package and data directories go.
        assert tree(scheme.data) == before

    def test_shared_namespace_directory_keeps_others(
        self,
        fancy_wheel: Path,
        make_wheel: Callable[..., Path],
        scheme: Scheme,
        tmp_path: Path,
    ) -> None:
        installed = _install(fancy_wheel, scheme, tmp_path)
        other = make_wheel({"nspkg/other_part/__init__.py": "PART = 'other'\n"}, name="other")
        kept = _install(other, scheme, tmp_path)
        compile(installed.python_files + kept.python_files, PYTHON)
        uninstall(installed.dist_info, scheme=scheme)
        assert sorted(os.listdir(scheme.purelib / "nspkg")) == ["other_part"]
        assert sorted(os.listdir(scheme.purelib / "nspkg" / "other_part" / "__pycache__"))
        assert sorted(os.listdir(scheme.purelib)) == ["nspkg", "other-1.0.0.dist-info"]

    def test_missing_files_are_fine(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path
    ) -> None:
        installed = _install(fancy_wheel, scheme, tmp_path)
        os.unlink(scheme.purelib / "fancy" / "sub" / "data.txt")
        os.unlink(scheme.scripts / "fancy")
        removed = uninstall(installed.dist_info)
        assert removed.missing == 2
        assert not installed.dist_info.exists()
        with pytest.raises(UninstallError, match=r"no RECORD"):
            uninstall(installed.dist_info)

    def test_record_goes_first(
        self,
        fancy_wheel: Path,
        scheme: Scheme,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        installed = _install(fancy_wheel, scheme, tmp_path)
        record = installed.dist_info / "RECORD"
        removed: list[str] = []
        real_unlink = os.unlink

        def unlink(path: str | os.PathLike[str]) -> None:
            # Killed as the second file goes: what is left must read as incomplete.
            if len(removed) == 1:
                raise KeyboardInterrupt
            removed.append(os.fspath(path))
            real_unlink(path)

        monkeypatch.setattr(os, "unlink", unlink)
        with pytest.raises(KeyboardInterrupt):
            uninstall(installed.dist_info)
        assert removed == [os.fspath(record)]
        assert installed.dist_info.is_dir() and not record.exists()

    @pytest.mark.parametrize(
        "entry", ["../../../../outside.txt", "{outside}", "fancy/../../../../../outside.txt"]
    )
    def test_entries_outside_the_environment_are_refused(
        self,
        fancy_wheel: Path,
        scheme: Scheme,
        tmp_path: Path,
        tree: Callable[[Path], set[str]],
        entry: str,
    ) -> None:
        installed = _install(fancy_wheel, scheme, tmp_path)
        outside = tmp_path / "outside.txt"
        outside.write_text("precious")
        record = installed.dist_info / "RECORD"
        with open(record, "a", encoding="utf-8") as file:
            file.write(entry.format(outside=outside) + ",,\n")
        before = tree(tmp_path)
        with pytest.raises(UninstallError, match=r"outside the environment") as info:
            uninstall(installed.dist_info)
        assert str(installed.dist_info) in str(info.value)
        assert tree(tmp_path) == before

    def test_symlinked_directory_leading_outside_is_refused(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path
    ) -> None:
        installed = _install(fancy_wheel, scheme, tmp_path)
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "precious.txt").write_text("keep")
        (scheme.purelib / "sneaky").symlink_to(elsewhere)
        with open(installed.dist_info / "RECORD", "a", encoding="utf-8") as file:
            file.write("sneaky/precious.txt,,\n")
        with pytest.raises(UninstallError, match=r"leads to"):
            uninstall(installed.dist_info)
        assert (elsewhere / "precious.txt").read_text() == "keep"
        assert (scheme.purelib / "fancy" / "__init__.py").exists()

    def test_egg_info_with_installed_files(self, scheme: Scheme) -> None:
        site = scheme.purelib
        egg_info = site / "legacy-1.0-py3.11.egg-info"
        egg_info.mkdir()
        (site / "legacy").mkdir()
        (site / "legacy" / "__init__.py").write_text("")
        (scheme.scripts / "legacy-tool").write_text("#!/bin/sh\n")
        (egg_info / "PKG-INFO").write_text("Name: legacy\n")
        (egg_info / "installed-files.txt").write_text(
            "../legacy/__init__.py\n../../../../bin/legacy-tool\nPKG-INFO\ninstalled-files.txt\n"
        )
        removed = uninstall(egg_info)
        assert removed.files == 4
        assert os.listdir(site) == []
        assert os.listdir(scheme.scripts) == []

    def test_egg_info_without_file_list(self, scheme: Scheme) -> None:
        egg_info = scheme.purelib / "old-1.0.egg-info"
        egg_info.mkdir()
        with pytest.raises(UninstallError, match=r"no installed-files.txt"):
            uninstall(egg_info)
        assert egg_info.is_dir()

    def test_egg_link(self, scheme: Scheme, tmp_path: Path) -> None:
        project = tmp_path / "src" / "proj"
        link = scheme.purelib / "proj.egg-link"
        link.write_text(f"{project}\n.\n")
        pth = scheme.purelib / "easy-install.pth"
        pth.write_text(f"/somewhere/else\n{project}\n")
        removed = uninstall(link)
        assert removed.files == 1
        assert not link.exists()
        assert pth.read_text() == "/somewhere/else\n"
        assert uninstall(link).missing == 1

    def test_not_a_distribution(self, scheme: Scheme) -> None:
        with pytest.raises(UninstallError, match=r"expected a .dist-info"):
            uninstall(scheme.purelib / "something")


class TestCompile:
    def test_reports_files_that_do_not_compile(self, tmp_path: Path) -> None:
        good, bad = tmp_path / "good.py", tmp_path / "bad.py"
        good.write_text("x = 1\n")
        bad.write_text("def (:\n")
        result = compile([good, bad], PYTHON)
        assert (result.compiled, result.failed) == (1, (str(bad),))
        assert [p.name.split(".")[0] for p in (tmp_path / "__pycache__").iterdir()] == ["good"]

    def test_many_files_use_a_pool(self, tmp_path: Path) -> None:
        paths = []
        for index in range(250):
            path = tmp_path / f"m{index}.py"
            path.write_text(f"value = {index}\n")
            paths.append(path)
        assert compile(paths, PYTHON).compiled == 250
        assert len(os.listdir(tmp_path / "__pycache__")) == 250

    def test_nothing_to_do(self) -> None:
        assert compile([], Path("/nonexistent/python")).compiled == 0

    def test_missing_interpreter(self, tmp_path: Path) -> None:
        (tmp_path / "a.py").write_text("")
        with pytest.raises(CompileError, match=r"/nonexistent/python"):
            compile([tmp_path / "a.py"], Path("/nonexistent/python"))
