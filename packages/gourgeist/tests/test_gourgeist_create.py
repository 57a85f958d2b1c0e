"""Tests of create_venv on the file system: layout, pyvenv.cfg, existing directories, errors."""

from __future__ import annotations

import doctest
import errno
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import gourgeist
from gourgeist import (
    CreatedVenv,
    GourgeistError,
    InterpreterFacts,
    VenvCreationError,
    VenvExists,
    _activation,
    _create,
    _frozen,
    _interpreter,
    _layout,
    create_venv,
    errors,
)
from gourgeist._layout import VenvLayout

CURRENT = InterpreterFacts.current()
MINOR = f"{CURRENT.version_info[0]}.{CURRENT.version_info[1]}"
SCRIPTS = [
    "activate",
    "activate.csh",
    "activate.fish",
    "activate.nu",
    "activate.ps1",
    "activate_this.py",
]


def _cfg(venv: Path) -> dict[str, str]:
    pairs = (line.split(" = ", 1) for line in (venv / "pyvenv.cfg").read_text().splitlines())
    return dict(pairs)


def _fake(executable: Path, **changes: object) -> InterpreterFacts:
    fields: dict[str, object] = {
        "base_executable": executable,
        "base_prefix": executable.parent.parent,
        "version_info": (3, 12, 1),
        "implementation_name": "cpython",
    }
    fields.update(changes)
    return InterpreterFacts(**fields)  # type: ignore[arg-type]


class TestLayout:
    def test_creates_the_files_of_an_environment(self, tmp_path: Path) -> None:
        venv = create_venv(tmp_path / "env", CURRENT)
        root = tmp_path / "env"
        assert venv == CreatedVenv(
            root=root,
            bin_dir=root / "bin",
            executable=root / "bin" / "python",
            site_packages=root / "lib" / f"python{MINOR}" / "site-packages",
            pyvenv_cfg=root / "pyvenv.cfg",
        )
        assert venv.site_packages.is_dir()
        assert list(venv.site_packages.iterdir()) == []
        assert sorted(p.name for p in venv.bin_dir.iterdir()) == sorted(
            [*SCRIPTS, "python", "python3", f"python{MINOR}"]
        )
        assert (root / ".gitignore").read_text() == "*\n"

    def test_links_point_at_the_real_base_executable(self, tmp_path: Path) -> None:
        venv = create_venv(tmp_path / "env", CURRENT)
        for name in ("python", "python3", f"python{MINOR}"):
            link = venv.bin_dir / name
            assert link.is_symlink()
            assert os.readlink(link) == str(CURRENT.base_executable)

    @pytest.mark.skipif(
        sys.platform == "darwin" or sys.maxsize <= 2**32, reason="lib64 is for 64-bit Linux"
    )
    def test_lib64_links_to_lib(self, tmp_path: Path) -> None:
        create_venv(tmp_path / "env", CURRENT)
        assert os.readlink(tmp_path / "env" / "lib64") == "lib"

    def test_relative_location_becomes_absolute(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        venv = create_venv("rel", CURRENT)
        assert venv.root == tmp_path / "rel"
        assert f"VIRTUAL_ENV='{tmp_path / 'rel'}'" in (venv.bin_dir / "activate").read_text()

    def test_creates_missing_parents(self, tmp_path: Path) -> None:
        venv = create_venv(tmp_path / "a" / "b" / "env", CURRENT)
        assert venv.pyvenv_cfg.is_file()

    def test_pypy_layout(self) -> None:
        facts = _fake(
            Path("/opt/pypy/bin/pypy3.10"), implementation_name="pypy", version_info=(3, 10, 14)
        )
        layout = VenvLayout.for_interpreter(facts)
        assert layout.site_packages == ("lib", "pypy3.10", "site-packages")
        assert layout.executables == ("python", "python3", "python3.10", "pypy3.10")
        assert layout.implementation == "PyPy"

    def test_unknown_implementation_is_written_as_given(self) -> None:
        facts = _fake(Path("/opt/x/bin/python3.12"), implementation_name="Acme")
        assert VenvLayout.for_interpreter(facts).implementation == "Acme"

    def test_windows_is_refused_for_now(self, tmp_path: Path) -> None:
        facts = _fake(Path("C:/Python312/python.exe"), is_windows=True)
        assert VenvLayout.for_interpreter(facts).bin_name == "Scripts"
        with pytest.raises(VenvCreationError, match="Windows virtual environments"):
            create_venv(tmp_path / "env", facts)
        assert not (tmp_path / "env").exists()


class TestPyvenvCfg:
    def test_default_contents(self, tmp_path: Path) -> None:
        executable = tmp_path / "base" / "bin" / "python3.12"
        venv = create_venv(tmp_path / "env", _fake(executable))
        assert venv.pyvenv_cfg.read_text() == (
            f"home = {executable.parent}\n"
            "implementation = CPython\n"
            "version_info = 3.12.1\n"
            "include-system-site-packages = false\n"
        )

    def test_current_interpreter(self, tmp_path: Path) -> None:
        create_venv(tmp_path / "env", CURRENT)
        assert _cfg(tmp_path / "env") == {
            "home": str(CURRENT.base_executable.parent),
            "implementation": "CPython",
            "version_info": ".".join(map(str, sys.version_info[:3])),
            "include-system-site-packages": "false",
        }

    def test_prompt_system_site_packages_and_puffin_version(self, tmp_path: Path) -> None:
        create_venv(
            tmp_path / "env",
            CURRENT,
            prompt="my env",
            system_site_packages=True,
            puffin_version="0.1.0",
        )
        cfg = _cfg(tmp_path / "env")
        assert cfg["include-system-site-packages"] == "true"
        assert cfg["prompt"] == "my env"
        assert cfg["puffin"] == "0.1.0"
        assert list(cfg)[-2:] == ["prompt", "puffin"]


class TestPrompt:
    def test_defaults_to_the_directory_name(self, tmp_path: Path) -> None:
        venv = create_venv(tmp_path / "proj-env", CURRENT)
        assert "prompt" not in _cfg(venv.root)
        assert "VIRTUAL_ENV_PROMPT='proj-env'" in (venv.bin_dir / "activate").read_text()

    def test_given_prompt_is_quoted_per_shell(self, tmp_path: Path) -> None:
        venv = create_venv(tmp_path / "env", CURRENT, prompt="it's")
        assert "VIRTUAL_ENV_PROMPT='it'\\''s'" in (venv.bin_dir / "activate").read_text()
        fish = (venv.bin_dir / "activate.fish").read_text()
        assert "set --global --export VIRTUAL_ENV_PROMPT 'it\\'s'" in fish
        assert "$env:VIRTUAL_ENV_PROMPT = 'it''s'" in (venv.bin_dir / "activate.ps1").read_text()
        assert 'let prompt_name = "it\'s"' in (venv.bin_dir / "activate.nu").read_text()
        assert '"it\'s"' in (venv.bin_dir / "activate_this.py").read_text()

    def test_dot_means_the_current_directory(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (tmp_path / "project").mkdir()
        monkeypatch.chdir(tmp_path / "project")
        venv = create_venv(".venv", CURRENT, prompt=".")
        assert _cfg(venv.root)["prompt"] == "project"

    def test_rejects_line_breaks(self, tmp_path: Path) -> None:
        with pytest.raises(VenvCreationError, match="prompt must be printable"):
            create_venv(tmp_path / "env", CURRENT, prompt="a\nb")
        assert not (tmp_path / "env").exists()

    def test_placeholders_in_values_stay_literal(self, tmp_path: Path) -> None:
        venv = create_venv(tmp_path / "{{BIN_NAME}}", CURRENT, prompt="{{VIRTUAL_ENV}}")
        text = (venv.bin_dir / "activate").read_text()
        assert f"VIRTUAL_ENV='{tmp_path}/{{{{BIN_NAME}}}}'" in text
        assert "VIRTUAL_ENV_PROMPT='{{VIRTUAL_ENV}}'" in text

    def test_no_placeholder_left(self, tmp_path: Path) -> None:
        venv = create_venv(tmp_path / "env", CURRENT)
        for name in SCRIPTS:
            assert "{{" not in (venv.bin_dir / name).read_text(), name


class TestExistingDirectory:
    def test_empty_directory_is_used(self, tmp_path: Path) -> None:
        (tmp_path / "env").mkdir()
        assert create_venv(tmp_path / "env", CURRENT).pyvenv_cfg.is_file()

    def test_non_empty_directory_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "env").mkdir()
        (tmp_path / "env" / "keep.txt").write_text("mine")
        with pytest.raises(VenvExists) as info:
            create_venv(tmp_path / "env", CURRENT)
        assert isinstance(info.value, GourgeistError)
        assert info.value.path == tmp_path / "env"
        assert str(info.value) == (
            f"{tmp_path / 'env'} already exists and is not empty: clear it or allow writing into it"
        )
        assert sorted(os.listdir(tmp_path / "env")) == ["keep.txt"]

    def test_existing_environment_is_refused(self, tmp_path: Path) -> None:
        create_venv(tmp_path / "env", CURRENT)
        with pytest.raises(VenvExists):
            create_venv(tmp_path / "env", CURRENT)

    def test_clear_removes_contents_but_not_link_targets(self, tmp_path: Path) -> None:
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "precious").write_text("x")
        env = tmp_path / "env"
        (env / "sub" / "deeper").mkdir(parents=True)
        (env / "file").write_text("x")
        (env / "link").symlink_to(outside)
        create_venv(env, CURRENT, clear=True)
        assert sorted(os.listdir(env)) == [".gitignore", "bin", "lib", "lib64", "pyvenv.cfg"]
        assert (outside / "precious").read_text() == "x"

    def test_clear_leaves_what_a_new_environment_has(self, tmp_path: Path) -> None:
        env = tmp_path / "env"
        venv = create_venv(env, CURRENT, prompt="old")
        (venv.site_packages / "pkg").mkdir()
        (venv.site_packages / "pkg" / "mod.py").write_text("")
        (venv.site_packages.parent / "other").mkdir()
        (venv.bin_dir / "tool").write_text("")
        (env / "include").mkdir()
        site_packages = venv.site_packages.stat().st_ino
        create_venv(env, CURRENT, clear=True)
        # The directories it makes anyway are emptied rather than removed and made again.
        assert venv.site_packages.stat().st_ino == site_packages
        fresh = create_venv(tmp_path / "fresh", CURRENT)

        def tree(root: Path) -> list[str]:
            return sorted(str(path.relative_to(root)) for path in root.rglob("*"))

        assert tree(env) == tree(fresh.root)
        assert "prompt" not in _cfg(env)

    def test_clear_follows_no_link_into_a_kept_directory(self, tmp_path: Path) -> None:
        outside = tmp_path / "outside"
        (outside / "python3.12" / "site-packages").mkdir(parents=True)
        (outside / "precious").write_text("x")
        env = tmp_path / "env"
        env.mkdir()
        (env / "bin").symlink_to(outside)
        (env / "lib").symlink_to(outside)
        venv = create_venv(env, CURRENT, clear=True)
        assert sorted(p.name for p in outside.iterdir()) == ["precious", "python3.12"]
        assert not venv.bin_dir.is_symlink()
        assert not (env / "lib").is_symlink()
        assert venv.site_packages.is_dir()

    def test_clear_failure_names_the_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        env = tmp_path / "env"
        (env / "sub" / "deeper").mkdir(parents=True)
        (env / "sub" / "deeper" / "stuck").write_text("x")
        unlink = os.unlink

        def refuse(path: str, *, dir_fd: int | None = None) -> None:
            if os.path.basename(path) == "stuck":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
            unlink(path, dir_fd=dir_fd)

        monkeypatch.setattr(os, "unlink", refuse)
        with pytest.raises(VenvCreationError) as info:
            create_venv(env, CURRENT, clear=True)
        assert str(info.value).endswith(f"Permission denied: {env / 'sub' / 'deeper' / 'stuck'}")

    def test_clear_replaces_an_environment(self, tmp_path: Path) -> None:
        env = tmp_path / "env"
        venv = create_venv(env, CURRENT, prompt="old")
        (venv.site_packages / "installed.py").write_text("")
        venv = create_venv(env, CURRENT, clear=True)
        assert list(venv.site_packages.iterdir()) == []
        assert "prompt" not in _cfg(env)

    def test_allow_existing_writes_over(self, tmp_path: Path) -> None:
        env = tmp_path / "env"
        venv = create_venv(env, CURRENT, prompt="old")
        (venv.site_packages / "installed.py").write_text("")
        (env / "mine.txt").write_text("")
        # A copied interpreter (as `venv --copies` leaves) and a link to elsewhere.
        (venv.bin_dir / "python").unlink()
        (venv.bin_dir / "python").write_bytes(b"binary")
        (venv.bin_dir / "python3").unlink()
        (venv.bin_dir / "python3").symlink_to("/nonexistent/python3")
        venv = create_venv(env, CURRENT, prompt="new", allow_existing=True)
        assert (venv.site_packages / "installed.py").exists()
        assert (env / "mine.txt").exists()
        assert _cfg(env)["prompt"] == "new"
        for name in ("python", "python3", f"python{MINOR}"):
            assert os.readlink(venv.bin_dir / name) == str(CURRENT.base_executable)

    def test_allow_existing_keeps_a_lib64_directory(self, tmp_path: Path) -> None:
        env = tmp_path / "env"
        (env / "lib64").mkdir(parents=True)
        (env / "lib64" / "thing.so").write_text("")
        create_venv(env, CURRENT, allow_existing=True)
        assert (env / "lib64" / "thing.so").exists()

    def test_allow_existing_on_a_foreign_directory(self, tmp_path: Path) -> None:
        env = tmp_path / "env"
        env.mkdir()
        (env / "notes.txt").write_text("")
        venv = create_venv(env, CURRENT, allow_existing=True)
        assert venv.pyvenv_cfg.is_file()


class TestErrors:
    def test_path_is_a_file(self, tmp_path: Path) -> None:
        (tmp_path / "env").write_text("")
        with pytest.raises(VenvCreationError) as info:
            create_venv(tmp_path / "env", CURRENT)
        message = str(info.value)
        assert (
            message == f"cannot create virtual environment at {tmp_path / 'env'}: Not a directory"
        )
        assert "\n" not in message
        assert isinstance(info.value.cause, NotADirectoryError)

    @pytest.mark.parametrize("flag", ["clear", "allow_existing"])
    def test_file_is_neither_cleared_nor_written_over(self, tmp_path: Path, flag: str) -> None:
        (tmp_path / "env").write_text("keep")
        with pytest.raises(VenvCreationError, match="Not a directory"):
            create_venv(tmp_path / "env", CURRENT, **{flag: True})  # type: ignore[arg-type]
        assert (tmp_path / "env").read_text() == "keep"

    def test_parent_is_a_file(self, tmp_path: Path) -> None:
        (tmp_path / "file").write_text("")
        with pytest.raises(VenvCreationError, match="Not a directory"):
            create_venv(tmp_path / "file" / "env", CURRENT)

    def test_unwritable_location(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        # Faked: the tests may run as root, whom file modes do not stop.
        def refuse(path: str | os.PathLike[str], mode: int = 0o777) -> None:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

        monkeypatch.setattr(os, "mkdir", refuse)
        with pytest.raises(VenvCreationError) as info:
            create_venv(tmp_path / "env", CURRENT)
        assert str(info.value) == (
            f"cannot create virtual environment at {tmp_path / 'env'}: Permission denied"
        )
        assert isinstance(info.value.__cause__, PermissionError)

    def test_failure_inside_names_the_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(target: str, link: str) -> None:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), link)

        monkeypatch.setattr(os, "symlink", refuse)
        with pytest.raises(VenvCreationError) as info:
            create_venv(tmp_path / "env", CURRENT)
        message = str(info.value)
        assert message.startswith(f"cannot create virtual environment at {tmp_path / 'env'}: ")
        assert f"Permission denied: {tmp_path / 'env'}/" in message

    def test_refuses_to_clear_a_file_system_root(self) -> None:
        with pytest.raises(VenvCreationError, match="refusing to clear"):
            create_venv("/", CURRENT, clear=True)

    def test_cause_without_errno(self) -> None:
        error = VenvCreationError(Path("/x"), RuntimeError())
        assert str(error) == "cannot create virtual environment at /x: RuntimeError"


class TestFacts:
    def test_current(self) -> None:
        assert CURRENT.version_info == tuple(sys.version_info[:3])
        assert CURRENT.base_prefix == Path(sys.base_prefix)
        assert CURRENT.base_executable.is_file()
        assert not CURRENT.base_executable.is_symlink()

    def test_of_copies_any_conforming_object(self) -> None:
        class Other:
            base_executable = Path("/usr/bin/python3.12")
            base_prefix = Path("/usr")
            version_info = (3, 12, 0)
            implementation_name = "cpython"
            is_windows = False

        facts = InterpreterFacts.of(Other())
        assert facts == InterpreterFacts(
            Path("/usr/bin/python3.12"), Path("/usr"), (3, 12, 0), "cpython"
        )
        assert InterpreterFacts.of(facts) is facts

    def test_values_are_immutable_and_picklable(self, tmp_path: Path) -> None:
        venv = create_venv(tmp_path / "env", CURRENT)
        layout = VenvLayout.for_interpreter(CURRENT)
        values: list[object] = [CURRENT, venv, layout]
        for value in values:
            with pytest.raises(AttributeError):
                value.root = Path("/elsewhere")  # type: ignore[attr-defined]
            copy = pickle.loads(pickle.dumps(value))
            assert copy == value
            assert hash(copy) == hash(value)
            assert repr(copy) == repr(value)
        assert repr(venv).startswith(f"CreatedVenv(root={tmp_path / 'env'!r}, bin_dir=")
        other = InterpreterFacts(
            CURRENT.base_executable,
            CURRENT.base_prefix,
            CURRENT.version_info,
            CURRENT.implementation_name,
            is_windows=True,
        )
        assert other != CURRENT


class TestSpeed:
    def test_runs_no_subprocess(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        def forbidden(*args: object, **kwargs: object) -> None:
            raise AssertionError("create_venv started a process")

        monkeypatch.setattr(subprocess.Popen, "__init__", forbidden)
        monkeypatch.setattr(os, "posix_spawn", forbidden, raising=False)
        monkeypatch.setattr(os, "fork", forbidden)
        create_venv(tmp_path / "env", CURRENT)


@pytest.mark.parametrize("module", [_activation, _create, _frozen, _interpreter, _layout, errors])
def test_doctests(module: object) -> None:
    failures, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0


def test_all_is_sorted_and_complete() -> None:
    assert gourgeist.__all__ == sorted(gourgeist.__all__)
    public = {name for name in dir(gourgeist) if not name.startswith("_")}
    assert public - {"errors"} == set(gourgeist.__all__)
