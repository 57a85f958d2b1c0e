"""Fixtures for install-wheel: real wheels written into tmp_path, and a fake scheme."""

from __future__ import annotations

import os
import stat
import sys
import warnings
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from install_wheel import Scheme
from install_wheel._record import format_record, hash_bytes

PY = f"python{sys.version_info[0]}.{sys.version_info[1]}"


# A raw zip member: name, content, st_mode (file type and permissions).
Member = tuple[str, bytes, int]
REGULAR = stat.S_IFREG | 0o644


def build_wheel(
    directory: Path,
    files: Mapping[str, bytes | str],
    *,
    name: str = "fancy",
    version: str = "1.0.0",
    purelib: bool = True,
    entry_points: str | None = None,
    executables: frozenset[str] = frozenset(),
    record: bool = True,
    wheel_version: str = "1.0",
    extra: tuple[Member, ...] = (),
    record_override: Mapping[str, bytes] | None = None,
) -> Path:
    """Write ``{name}-{version}-py3-none-any.whl`` into *directory* and return its path.

    *files* maps member paths to content; the ``.dist-info`` (METADATA, WHEEL,
    entry_points.txt, RECORD with real hashes) is added. *extra* members are written
    raw (after RECORD is computed, so they are not in it).
    """
    dist_info = f"{name}-{version}.dist-info"
    contents: dict[str, bytes] = {
        path: data.encode() if isinstance(data, str) else data for path, data in files.items()
    }
    contents[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nA test project.\n"
    ).encode()
    contents[f"{dist_info}/WHEEL"] = (
        f"Wheel-Version: {wheel_version}\nGenerator: test\n"
        f"Root-Is-Purelib: {'true' if purelib else 'false'}\nTag: py3-none-any\n"
    ).encode()
    if entry_points is not None:
        contents[f"{dist_info}/entry_points.txt"] = entry_points.encode()
    rows = [(path, *_hash(data)) for path, data in contents.items()]
    if record:
        rows.append((f"{dist_info}/RECORD", "", ""))
        contents[f"{dist_info}/RECORD"] = format_record(rows)
    if record_override:
        contents.update(record_override)
    path = directory / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in contents.items():
            info = zipfile.ZipInfo(member, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if member in executables else 0o644
            info.external_attr = (mode | stat.S_IFREG) << 16
            archive.writestr(info, data)
        write_members(archive, extra)
    return path


def write_members(archive: zipfile.ZipFile, members: tuple[Member, ...]) -> None:
    """Write raw members; duplicates are what some tests want, so zipfile may not warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for name, data, mode in members:
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = mode << 16
            archive.writestr(info, data)


def _hash(data: bytes) -> tuple[str, str]:
    digest, size = hash_bytes(data)
    return digest, str(size)


FANCY_FILES: dict[str, bytes | str] = {
    "fancy/__init__.py": (
        "VALUE = 42\n\n"
        "def main():\n    print('fancy main ran')\n    return 0\n\n"
        "def gui():\n    return 0\n"
    ),
    "fancy/__main__.py": "from fancy import main\nmain()\n",
    "fancy/sub/__init__.py": "",
    "fancy/sub/data.txt": "some data\n",
    "nspkg/fancy_part/__init__.py": "PART = 'fancy'\n",
    "fancy-1.0.0.data/scripts/fancy-script": "#!python\nprint('data script ran')\n",
    "fancy-1.0.0.data/scripts/shell-script": "#!/bin/sh\necho shell\n",
    "fancy-1.0.0.data/data/share/fancy/readme.txt": "read me\n",
    "fancy-1.0.0.data/headers/fancy.h": "#define FANCY 1\n",
}
FANCY_ENTRY_POINTS = (
    "[console_scripts]\nfancy = fancy:main\n\n[gui_scripts]\nfancy-gui = fancy:gui\n\n"
    "[other.group]\nignored = fancy:main\n"
)


@pytest.fixture
def fancy_wheel(tmp_path: Path) -> Path:
    """A purelib wheel with a namespace package, data scripts, data, headers, entry points."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    return build_wheel(wheels, FANCY_FILES, entry_points=FANCY_ENTRY_POINTS)


@pytest.fixture
def fancy_platlib_wheel(tmp_path: Path) -> Path:
    """The platlib variant, with a module in ``.data/purelib`` as well."""
    wheels = tmp_path / "wheels-platlib"
    wheels.mkdir()
    files = dict(FANCY_FILES)
    files["fancy-1.0.0.data/purelib/fancy_pure.py"] = "PURE = True\n"
    return build_wheel(wheels, files, purelib=False, entry_points=FANCY_ENTRY_POINTS)


@pytest.fixture
def make_wheel(tmp_path: Path) -> Callable[..., Path]:
    """`build_wheel` writing into ``tmp_path/wheels-made``."""
    directory = tmp_path / "wheels-made"
    directory.mkdir()

    def make(files: Mapping[str, bytes | str], **options: object) -> Path:
        return build_wheel(directory, files, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def scheme(tmp_path: Path) -> Scheme:
    """A venv-like scheme under tmp_path/venv, purelib and platlib apart (lib vs lib64)."""
    root = tmp_path / "venv"
    scheme = Scheme(
        purelib=root / "lib" / PY / "site-packages",
        platlib=root / "lib64" / PY / "site-packages",
        scripts=root / "bin",
        data=root,
        include=root / "include" / "site" / PY,
    )
    for path in (scheme.purelib, scheme.platlib, scheme.scripts, scheme.include):
        path.mkdir(parents=True)
    (root / "pyvenv.cfg").write_text("home = /usr/bin\n")
    return scheme


@pytest.fixture
def tree() -> Callable[[Path], set[str]]:
    """`list_tree`: a snapshot of a directory, to assert that nothing else was written."""
    return list_tree


def list_tree(root: Path) -> set[str]:
    """Every path below *root* (relative, ``/``-separated), directories marked with ``/``."""
    found: set[str] = set()
    for directory, dirs, files in os.walk(root):
        base = Path(directory).relative_to(root).as_posix()
        prefix = "" if base == "." else base + "/"
        found.update(prefix + d + "/" for d in dirs)
        found.update(prefix + f for f in files)
    return found
