"""Hostile wheels and hostile caches end to end, and installs killed mid-way.

Unlike the member-by-member checks of test_install_wheel_unpack, these run the whole
chain (unpack into a cache-like tree, install into a scheme, uninstall) and look at
the whole file system around it: nothing may be written outside the target, the
scheme, or the cache entry. A SIGKILL cannot be caught, so the interrupted installs
run in a child process that ends itself with ``os._exit`` at the worst moment; the
next install must repair what it left.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from install_wheel import (
    FileConflict,
    InvalidWheel,
    LinkMode,
    Scheme,
    UninstallError,
    UnpackLimits,
    UnsafeArchive,
    install_wheel,
    uninstall,
    unpack_wheel,
)
from install_wheel._record import format_record, hash_bytes

PYTHON = Path(sys.executable)
GOOD = {"good/__init__.py": "VALUE = 1\n"}
REGULAR = stat.S_IFREG | 0o644


def _target(tmp_path: Path, wheel: Path) -> Path:
    """Where the installer would unpack *wheel*: deep in a cache, so that ``..`` chains
    have somewhere to climb to."""
    return tmp_path / "cache" / "wheels-v0" / "index" / wheel.name.removesuffix(".whl")


class TestNothingWrittenOutside:
    @pytest.mark.parametrize(
        ("member", "mode", "reason"),
        [
            ("../../../../escaped.py", REGULAR, "'..' component"),
            ("good/../../../../../escaped.py", REGULAR, "'..' component"),
            ("..\\..\\..\\..\\escaped.py", REGULAR, "'..' component"),
            (f"{Path('/tmp').resolve()}/puffin-hostile-escaped.py", REGULAR, "absolute path"),
            ("good/escaped.py", stat.S_IFLNK | 0o777, "symbolic link"),
            ("good/escaped.py", stat.S_IFIFO | 0o644, "named pipe"),
            ("good/__init__.py", REGULAR, "same path"),
        ],
    )
    def test_hostile_member(
        self,
        make_wheel: Callable[..., Path],
        tmp_path: Path,
        tree: Callable[[Path], set[str]],
        member: str,
        mode: int,
        reason: str,
    ) -> None:
        wheel = make_wheel(GOOD, extra=((member, b"../../../../escaped.py", mode),))
        before = tree(tmp_path)
        with pytest.raises(UnsafeArchive) as caught:
            unpack_wheel(wheel, _target(tmp_path, wheel))
        assert caught.value.member == member and reason in str(caught.value)
        assert wheel.name in str(caught.value)
        # Not even the cache's directories: the archive is checked before any write.
        assert tree(tmp_path) == before
        assert not (tmp_path.parent / "escaped.py").exists()
        assert not Path("/tmp/puffin-hostile-escaped.py").exists()

    def test_bomb_members_under_every_single_cap(
        self, make_wheel: Callable[..., Path], tmp_path: Path, tree: Callable[[Path], set[str]]
    ) -> None:
        """Many members each below the ratio floor: the total size cap stops them before
        a byte is written."""
        files: dict[str, bytes | str] = {f"good/zeros{i}.bin": bytes(60_000) for i in range(40)}
        wheel = make_wheel(files)
        assert wheel.stat().st_size < 200_000
        before = tree(tmp_path)
        limits = UnpackLimits(max_total_size=1_000_000, ratio_floor=100_000)
        with pytest.raises(UnsafeArchive, match=r"add up to over"):
            unpack_wheel(wheel, _target(tmp_path, wheel), limits=limits)
        assert tree(tmp_path) == before


class TestTamperedCache:
    """An unpacked wheel in the cache changed by another tool before it is installed."""

    @pytest.fixture
    def unpacked(self, make_wheel: Callable[..., Path], tmp_path: Path) -> Path:
        wheel = make_wheel(GOOD, name="good")
        return unpack_wheel(wheel, _target(tmp_path, wheel))

    @pytest.mark.parametrize("kind", ["file-link", "dir-link", "fifo"])
    def test_links_and_specials_are_refused(
        self,
        unpacked: Path,
        tmp_path: Path,
        scheme: Scheme,
        tree: Callable[[Path], set[str]],
        kind: str,
    ) -> None:
        secret = tmp_path / "secret"
        secret.mkdir()
        (secret / "key").write_text("do not share\n")
        if kind == "file-link":
            (unpacked / "good" / "key").symlink_to(secret / "key")
        elif kind == "dir-link":
            (unpacked / "good" / "keys").symlink_to(secret, target_is_directory=True)
        else:
            os.mkfifo(unpacked / "good" / "pipe")
        before = tree(scheme.data)
        with pytest.raises(InvalidWheel, match=r"link or special file"):
            install_wheel(unpacked, scheme, python_executable=PYTHON)
        assert tree(scheme.data) == before
        # No hard link to the secret was made anywhere.
        assert (secret / "key").stat().st_nlink == 1

    def test_record_listing_files_outside_the_scheme(
        self, unpacked: Path, tmp_path: Path, scheme: Scheme, tree: Callable[[Path], set[str]]
    ) -> None:
        """RECORD rows for paths outside the scheme are neither installed nor kept: the
        installed RECORD lists what was installed, and uninstalling removes only that."""
        victim = tmp_path / "victim.txt"
        victim.write_text("keep me\n")
        record = unpacked / "good-1.0.0.dist-info" / "RECORD"
        digest, size = hash_bytes(b"keep me\n")
        lies = [
            ("../../../../../../victim.txt", digest, str(size)),
            (str(victim), digest, str(size)),
            ("../../../bin/evil", "", ""),
        ]
        record.write_bytes(record.read_bytes() + format_record(lies))
        outside = tree(tmp_path) - {f"venv/{path}" for path in tree(scheme.data)}
        installed = install_wheel(unpacked, scheme, python_executable=PYTHON)
        text = (installed.dist_info / "RECORD").read_text()
        assert "victim" not in text and "evil" not in text
        assert all(Path(path).is_relative_to(scheme.data) for path in installed.paths)
        uninstall(installed.dist_info, scheme=scheme)
        assert victim.read_text() == "keep me\n"
        assert tree(tmp_path) - {f"venv/{path}" for path in tree(scheme.data)} == outside

    def test_installed_record_pointing_outside_removes_nothing(
        self, unpacked: Path, tmp_path: Path, scheme: Scheme, tree: Callable[[Path], set[str]]
    ) -> None:
        installed = install_wheel(unpacked, scheme, python_executable=PYTHON)
        victim = tmp_path / "victim.txt"
        victim.write_text("keep me\n")
        record = installed.dist_info / "RECORD"
        record.write_text(record.read_text() + "../../../../../victim.txt,,\n")
        before = tree(tmp_path)
        with pytest.raises(UninstallError, match=r"outside the environment"):
            uninstall(installed.dist_info, scheme=scheme)
        assert tree(tmp_path) == before


BIG_FILES: dict[str, bytes | str] = {
    **{f"big/m{i}.py": f"VALUE = {i}\n" * 200 for i in range(6)},
    "big/__init__.py": "",
}

# A child process that installs, and ends itself (as SIGKILL would end it: no cleanup,
# no rollback) at the moment named by its first argument.
_CRASHING_INSTALL = textwrap.dedent("""\
    import os, sys
    from pathlib import Path
    import install_wheel, install_wheel._link as link, install_wheel._place as place
    from install_wheel import LinkMode, Scheme
    moment, unpacked = sys.argv[1], sys.argv[2]
    scheme = Scheme(*(Path(p) for p in sys.argv[3:8]))

    if moment == "mid-copy":
        copies = 0
        original = link.copy_file
        def copy_file(source, destination):
            global copies
            copies += 1
            if copies < 3:
                return original(source, destination)
            data = Path(source).read_bytes()
            fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            os.write(fd, data[: len(data) // 2])
            os._exit(137)
        link.copy_file = copy_file
    elif moment == "mid-launcher":
        original_write = place._write_all
        def write_all(fd, data):
            if data.startswith(b"#!"):
                os.write(fd, data[: len(data) // 2])
                os._exit(137)
            original_write(fd, data)
        place._write_all = write_all
    elif moment == "before-record":
        import install_wheel._install as install
        def write_atomic(path, data):
            os._exit(137)
        install.write_atomic = write_atomic
    install_wheel.install_wheel(
        unpacked, scheme, python_executable=sys.executable, link_mode=LinkMode.COPY
    )
    os._exit(0)
""")


class TestKilledInstall:
    """An install killed mid-way, then run again: the second install completes."""

    ENTRY_POINTS = "[console_scripts]\nbig-tool = big:main\n"

    def _crash(self, moment: str, unpacked: Path, scheme: Scheme) -> None:
        paths = [scheme.purelib, scheme.platlib, scheme.scripts, scheme.data, scheme.include]
        completed = subprocess.run(
            [sys.executable, "-c", _CRASHING_INSTALL, moment, str(unpacked), *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        assert completed.returncode == 137, completed.stderr

    @pytest.mark.parametrize("moment", ["mid-copy", "mid-launcher", "before-record"])
    def test_rerun_completes(
        self, make_wheel: Callable[..., Path], tmp_path: Path, scheme: Scheme, moment: str
    ) -> None:
        wheel = make_wheel(BIG_FILES, name="big", entry_points=self.ENTRY_POINTS)
        unpacked = unpack_wheel(wheel, _target(tmp_path, wheel))
        self._crash(moment, unpacked, scheme)
        left = [p for p in scheme.purelib.rglob("*") if p.is_file()]
        assert left or moment == "mid-launcher"
        installed = install_wheel(
            unpacked, scheme, python_executable=PYTHON, link_mode=LinkMode.COPY
        )
        for path in installed.paths:
            source = Path(path)
            assert source.is_file(), path
        for name, content in BIG_FILES.items():
            data = content.encode() if isinstance(content, str) else content
            assert (scheme.purelib / name).read_bytes() == data
        launcher = (scheme.scripts / "big-tool").read_text()
        assert launcher.startswith("#!") and "from big import main" in launcher

    def test_a_cut_short_file_that_another_distribution_owns_is_a_conflict(
        self, make_wheel: Callable[..., Path], tmp_path: Path, scheme: Scheme
    ) -> None:
        """The repair never overwrites what a RECORD claims, even if it looks cut short."""
        other = make_wheel({"shared/data.txt": "abc"}, name="other")
        install_wheel(
            unpack_wheel(other, _target(tmp_path, other)), scheme, python_executable=PYTHON
        )
        mine = make_wheel({"shared/data.txt": "abcdef"}, name="mine")
        with pytest.raises(FileConflict) as caught:
            install_wheel(
                unpack_wheel(mine, _target(tmp_path, mine)),
                scheme,
                python_executable=PYTHON,
                link_mode=LinkMode.COPY,
            )
        assert caught.value.owner == "other-1.0.0.dist-info"
        assert (scheme.purelib / "shared" / "data.txt").read_text() == "abc"

    def test_a_foreign_file_that_is_not_a_prefix_is_a_conflict(
        self, make_wheel: Callable[..., Path], tmp_path: Path, scheme: Scheme
    ) -> None:
        (scheme.purelib / "shared").mkdir()
        (scheme.purelib / "shared" / "data.txt").write_text("xyz")
        mine = make_wheel({"shared/data.txt": "abcdef"}, name="mine")
        with pytest.raises(FileConflict):
            install_wheel(
                unpack_wheel(mine, _target(tmp_path, mine)), scheme, python_executable=PYTHON
            )
        assert (scheme.purelib / "shared" / "data.txt").read_text() == "xyz"
