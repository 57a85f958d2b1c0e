"""Tests of install_wheel: link modes, scheme mapping, scripts, RECORD, conflicts."""

from __future__ import annotations

import csv
import errno
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from distribution_filename import WheelFilename
from install_wheel import (
    FileConflict,
    InstalledFiles,
    InvalidWheel,
    LinkMode,
    Scheme,
    install_wheel,
    unpack_wheel,
)
from install_wheel._record import hash_file
from pypi_types import ArchiveInfo, DirectUrl

PYTHON = Path(sys.executable)


def _install(
    wheel: Path, scheme: Scheme, tmp_path: Path, **options: object
) -> tuple[Path, InstalledFiles]:
    unpacked = unpack_wheel(wheel, tmp_path / "cache" / wheel.name[:-4])
    options.setdefault("python_executable", PYTHON)
    return unpacked, install_wheel(unpacked, scheme, **options)  # type: ignore[arg-type]


def _run(args: list[str], scheme: Scheme) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(scheme.purelib), str(scheme.platlib)])}
    return subprocess.run(args, capture_output=True, text=True, env=env, check=False)


def _record(dist_info: Path) -> dict[str, tuple[str, str]]:
    with open(dist_info / "RECORD", newline="", encoding="utf-8") as file:
        return {row[0]: (row[1], row[2]) for row in csv.reader(file)}


class TestInstall:
    @pytest.mark.parametrize("mode", list(LinkMode))
    def test_fancy_wheel_works_in_every_mode(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path, mode: LinkMode
    ) -> None:
        unpacked, installed = _install(fancy_wheel, scheme, tmp_path, link_mode=mode)
        site = scheme.purelib
        assert installed.dist_info == site / "fancy-1.0.0.dist-info"
        assert installed.site_packages == site
        assert installed.link_mode is mode
        source, target = unpacked / "fancy" / "__init__.py", site / "fancy" / "__init__.py"
        shared = os.path.samestat(os.stat(source), os.stat(target))
        assert shared == (mode is LinkMode.HARDLINK)
        if mode is LinkMode.COPY:
            assert not installed.fell_back

        result = _run([str(scheme.scripts / "fancy")], scheme)
        assert (result.returncode, result.stdout) == (0, "fancy main ran\n"), result.stderr
        result = _run(
            [sys.executable, "-c", "import fancy, nspkg.fancy_part; print(fancy.VALUE)"], scheme
        )
        assert (result.returncode, result.stdout) == (0, "42\n"), result.stderr

    def test_scheme_mapping(self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path) -> None:
        _, installed = _install(fancy_wheel, scheme, tmp_path)
        root = scheme.data
        assert (root / "share" / "fancy" / "readme.txt").read_text() == "read me\n"
        assert (scheme.include / "fancy" / "fancy.h").read_text() == "#define FANCY 1\n"
        assert (scheme.purelib / "fancy" / "sub" / "data.txt").is_file()
        assert not (scheme.purelib / "fancy-1.0.0.data").exists()
        assert sorted(os.listdir(scheme.scripts)) == [
            "fancy",
            "fancy-gui",
            "fancy-script",
            "shell-script",
        ]
        assert installed.python_files == tuple(
            sorted(installed.python_files, key=installed.python_files.index)
        )
        assert {Path(p).relative_to(scheme.purelib).as_posix() for p in installed.python_files} == {
            "fancy/__init__.py",
            "fancy/__main__.py",
            "fancy/sub/__init__.py",
            "nspkg/fancy_part/__init__.py",
        }

    def test_platlib_root(self, fancy_platlib_wheel: Path, scheme: Scheme, tmp_path: Path) -> None:
        _, installed = _install(fancy_platlib_wheel, scheme, tmp_path)
        assert installed.site_packages == scheme.platlib
        assert (scheme.platlib / "fancy" / "__init__.py").is_file()
        assert (scheme.purelib / "fancy_pure.py").is_file()
        record = _record(installed.dist_info)
        assert "../../../lib/" + scheme.purelib.parent.name + "/site-packages/fancy_pure.py" in (
            record
        )
        assert "../../../bin/fancy" in record
        result = _run([str(scheme.scripts / "fancy")], scheme)
        assert result.returncode == 0, result.stderr

    def test_scripts(self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path) -> None:
        _install(fancy_wheel, scheme, tmp_path)
        script = scheme.scripts / "fancy-script"
        assert script.read_text() == f"#!{sys.executable}\nprint('data script ran')\n"
        assert os.stat(script).st_mode & 0o111
        assert (scheme.scripts / "shell-script").read_text() == "#!/bin/sh\necho shell\n"
        assert os.stat(scheme.scripts / "shell-script").st_mode & 0o111
        result = _run([str(script)], scheme)
        assert result.stdout == "data script ran\n", result.stderr
        launcher = (scheme.scripts / "fancy-gui").read_text()
        assert launcher.startswith(f"#!{sys.executable}\n")
        assert "from fancy import gui" in launcher

    def test_interpreter_path_with_space(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path
    ) -> None:
        spaced = tmp_path / "my python" / "python"
        spaced.parent.mkdir()
        spaced.symlink_to(sys.executable)
        _install(fancy_wheel, scheme, tmp_path, python_executable=spaced)
        expectations = {"fancy": "fancy main ran\n", "fancy-script": "data script ran\n"}
        for name, expected in expectations.items():
            assert (scheme.scripts / name).read_text().startswith("#!/bin/sh\n")
            result = _run([str(scheme.scripts / name)], scheme)
            assert (result.returncode, result.stdout) == (0, expected), result.stderr

    def test_record_lists_every_installed_file(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path, tree: Callable[[Path], set[str]]
    ) -> None:
        direct = DirectUrl("file:///wheels/fancy.whl", ArchiveInfo())
        _, installed = _install(fancy_wheel, scheme, tmp_path, requested=True, direct_url=direct)
        record = _record(installed.dist_info)
        assert record.pop("fancy-1.0.0.dist-info/RECORD") == ("", "")
        on_disk = {
            os.path.relpath(scheme.data / path, scheme.purelib).replace(os.sep, "/")
            for path in tree(scheme.data)
            if not path.endswith("/") and path != "pyvenv.cfg"
        }
        on_disk.discard("fancy-1.0.0.dist-info/RECORD")
        assert set(record) == on_disk
        for path, (digest, size) in record.items():
            assert hash_file(scheme.purelib / path) == (digest, int(size)), path
        dist_info = installed.dist_info
        assert (dist_info / "INSTALLER").read_text() == "puffin\n"
        assert (dist_info / "REQUESTED").read_bytes() == b""
        assert DirectUrl.from_json((dist_info / "direct_url.json").read_text()) == direct
        assert len(installed.paths) == len(record) + 1

    def test_not_requested_no_direct_url(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path
    ) -> None:
        _, installed = _install(fancy_wheel, scheme, tmp_path, installer="other")
        assert (installed.dist_info / "INSTALLER").read_text() == "other\n"
        assert not (installed.dist_info / "REQUESTED").exists()
        assert not (installed.dist_info / "direct_url.json").exists()

    def test_files_missing_from_record_are_hashed(
        self, make_wheel: Callable[..., Path], scheme: Scheme, tmp_path: Path
    ) -> None:
        wheel = make_wheel(
            {"pkg/__init__.py": ""}, extra=(("pkg/extra.py", b"extra = 1\n", 0o100644),)
        )
        _, installed = _install(wheel, scheme, tmp_path)
        digest, size = _record(installed.dist_info)["pkg/extra.py"]
        assert hash_file(scheme.purelib / "pkg" / "extra.py") == (digest, int(size))

    def test_hardlink_falls_back_to_copy(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def cross_device(source: str, destination: str) -> None:
            raise OSError(errno.EXDEV, "Invalid cross-device link", source)

        unpacked = unpack_wheel(fancy_wheel, tmp_path / "cache" / "fancy")
        monkeypatch.setattr(os, "link", cross_device)
        installed = install_wheel(
            unpacked, scheme, python_executable=PYTHON, link_mode=LinkMode.HARDLINK
        )
        assert installed.fell_back
        target = scheme.purelib / "fancy" / "__init__.py"
        assert target.read_text().startswith("VALUE = 42")
        assert not os.path.samefile(target, unpacked / "fancy" / "__init__.py")

    def test_clone_never_fails(self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path) -> None:
        unpacked, _ = _install(fancy_wheel, scheme, tmp_path, link_mode=LinkMode.CLONE)
        target = scheme.purelib / "fancy" / "__init__.py"
        assert target.read_bytes() == (unpacked / "fancy" / "__init__.py").read_bytes()
        assert not os.path.samefile(target, unpacked / "fancy" / "__init__.py")

    def test_wheel_filename_names_errors_and_picks_dist_info(
        self, make_wheel: Callable[..., Path], scheme: Scheme, tmp_path: Path
    ) -> None:
        wheel = make_wheel(
            {"pkg/__init__.py": ""}, extra=(("zzz-2.0.dist-info/METADATA", b"", 0o100644),)
        )
        unpacked = tmp_path / "unpacked"
        with pytest.raises(InvalidWheel, match=r"several .dist-info"):
            unpack_wheel(wheel, unpacked)
        # An unpacked tree from elsewhere: the filename tells the .dist-info apart.
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(unpacked)
        filename = WheelFilename.parse(wheel.name)
        installed = install_wheel(
            unpacked, scheme, python_executable=PYTHON, wheel_filename=filename
        )
        assert installed.dist_info.name == "fancy-1.0.0.dist-info"


class TestInvalidWheels:
    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"wheel_version": "2.0"}, "Wheel-Version 2.0 is not supported"),
            ({"wheel_version": "x"}, "no valid Wheel-Version"),
            ({"record": False}, "cannot read fancy-1.0.0.dist-info/RECORD"),
            ({"entry_points": "[console_scripts]\n../evil = pkg:main\n"}, "not a plain file"),
            ({"entry_points": "[console_scripts]\nbad = pkg\n"}, "not 'name = module:attr'"),
        ],
    )
    def test_refused(
        self,
        make_wheel: Callable[..., Path],
        scheme: Scheme,
        tmp_path: Path,
        tree: Callable[[Path], set[str]],
        options: dict[str, object],
        message: str,
    ) -> None:
        wheel = make_wheel({"pkg/__init__.py": ""}, **options)
        unpacked = unpack_wheel(wheel, tmp_path / "cache" / "w")
        before = tree(scheme.data)
        with pytest.raises(InvalidWheel, match=message) as info:
            install_wheel(unpacked, scheme, python_executable=PYTHON)
        assert "w" in str(info.value)
        assert tree(scheme.data) == before

    def test_unknown_data_directory(
        self, make_wheel: Callable[..., Path], scheme: Scheme, tmp_path: Path
    ) -> None:
        wheel = make_wheel({"fancy-1.0.0.data/elsewhere/x": ""})
        unpacked = unpack_wheel(wheel, tmp_path / "cache" / "w")
        with pytest.raises(InvalidWheel, match=r"unexpected fancy-1.0.0.data/elsewhere"):
            install_wheel(unpacked, scheme, python_executable=PYTHON)

    def test_symlink_in_unpacked_tree(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path, tree: Callable[[Path], set[str]]
    ) -> None:
        unpacked = unpack_wheel(fancy_wheel, tmp_path / "cache" / "w")
        (unpacked / "fancy" / "link").symlink_to("/etc/passwd")
        before = tree(scheme.data)
        with pytest.raises(InvalidWheel, match=r"link or special file"):
            install_wheel(unpacked, scheme, python_executable=PYTHON)
        assert tree(scheme.data) == before

    def test_no_dist_info(self, scheme: Scheme, tmp_path: Path) -> None:
        (tmp_path / "empty").mkdir()
        with pytest.raises(InvalidWheel, match=r"no top-level .dist-info"):
            install_wheel(tmp_path / "empty", scheme, python_executable=PYTHON)


class TestConflicts:
    def test_namespace_directories_merge(
        self, fancy_wheel: Path, make_wheel: Callable[..., Path], scheme: Scheme, tmp_path: Path
    ) -> None:
        _install(fancy_wheel, scheme, tmp_path)
        other = make_wheel({"nspkg/other_part/__init__.py": "PART = 'other'\n"}, name="other")
        _install(other, scheme, tmp_path)
        assert sorted(os.listdir(scheme.purelib / "nspkg")) == ["fancy_part", "other_part"]

    def test_identical_files_are_shared(
        self, fancy_wheel: Path, make_wheel: Callable[..., Path], scheme: Scheme, tmp_path: Path
    ) -> None:
        _install(fancy_wheel, scheme, tmp_path)
        # Old-style namespace packages all ship the same __init__.py.
        same = make_wheel({"fancy/sub/data.txt": "some data\n"}, name="same")
        _, installed = _install(same, scheme, tmp_path, link_mode=LinkMode.COPY)
        assert "fancy/sub/data.txt" in _record(installed.dist_info)

    def test_installing_twice_is_harmless(
        self, fancy_wheel: Path, scheme: Scheme, tmp_path: Path
    ) -> None:
        _install(fancy_wheel, scheme, tmp_path)
        _, installed = _install(fancy_wheel, scheme, tmp_path)
        assert (installed.dist_info / "RECORD").is_file()

    def test_conflict_is_reported_and_rolled_back(
        self,
        fancy_wheel: Path,
        make_wheel: Callable[..., Path],
        scheme: Scheme,
        tmp_path: Path,
        tree: Callable[[Path], set[str]],
    ) -> None:
        _install(fancy_wheel, scheme, tmp_path)
        rival = make_wheel(
            {
                "aaa/__init__.py": "",
                "nspkg/rival_part/__init__.py": "",
                "fancy/__init__.py": "RIVAL = True\n",
                "zzz.py": "",
            },
            name="rival",
            entry_points="[console_scripts]\nrival = aaa:main\n",
        )
        before = tree(scheme.data)
        with pytest.raises(FileConflict) as info:
            _install(rival, scheme, tmp_path)
        error = info.value
        assert error.path == scheme.purelib / "fancy" / "__init__.py"
        assert error.source.parts[-2:] == ("fancy", "__init__.py")
        assert error.owner == "fancy-1.0.0.dist-info"
        message = str(error)
        assert str(error.path) in message and str(error.source) in message
        assert "installed by fancy-1.0.0.dist-info" in message
        assert tree(scheme.data) == before
        assert (scheme.purelib / "fancy" / "__init__.py").read_text().startswith("VALUE")

    def test_overwrite(
        self, fancy_wheel: Path, make_wheel: Callable[..., Path], scheme: Scheme, tmp_path: Path
    ) -> None:
        _install(fancy_wheel, scheme, tmp_path)
        newer = make_wheel(
            {"fancy/__init__.py": "NEWER = True\n"},
            version="1.0.1",
            entry_points="[console_scripts]\nfancy = fancy:other\n",
        )
        with pytest.raises(FileConflict):
            _install(newer, scheme, tmp_path)
        _install(newer, scheme, tmp_path, overwrite=True)
        assert (scheme.purelib / "fancy" / "__init__.py").read_text() == "NEWER = True\n"
        assert "from fancy import other" in (scheme.scripts / "fancy").read_text()

    def test_generated_script_conflict(
        self, fancy_wheel: Path, make_wheel: Callable[..., Path], scheme: Scheme, tmp_path: Path
    ) -> None:
        _install(fancy_wheel, scheme, tmp_path)
        rival = make_wheel(
            {"rival/__init__.py": ""},
            name="rival",
            entry_points="[console_scripts]\nfancy = rival:main\n",
        )
        with pytest.raises(FileConflict) as info:
            _install(rival, scheme, tmp_path)
        assert info.value.path == scheme.scripts / "fancy"
        assert info.value.owner == "fancy-1.0.0.dist-info"
        assert not (scheme.purelib / "rival").exists()

    def test_file_where_a_directory_goes(
        self, make_wheel: Callable[..., Path], scheme: Scheme, tmp_path: Path
    ) -> None:
        (scheme.purelib / "pkg").write_text("a file")
        wheel = make_wheel({"pkg/__init__.py": ""})
        with pytest.raises(FileConflict):
            _install(wheel, scheme, tmp_path)
