"""`install_wheel`: link an unpacked wheel into a scheme, then write its ``.dist-info``."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from install_wheel._link import LinkMode
from install_wheel._place import Placer
from install_wheel._record import format_record, hash_bytes, hash_file, strong_hash
from install_wheel._scripts import launcher, rewrite_shebang
from install_wheel._wheel_info import (
    EntryPoint,
    find_dist_info,
    parse_entry_points,
    read_wheel_info,
)
from install_wheel.errors import InstallWheelError, InvalidWheel, WriteError
from puffin_cache import CacheWriteError, write_atomic

if TYPE_CHECKING:
    from distribution_filename import WheelFilename
    from pypi_types import DirectUrl

__all__ = ["InstalledFiles", "Scheme", "SchemeLike", "install_wheel"]

# dist-info files that every install writes itself rather than taking from the wheel.
_GENERATED: Final = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
_DATA_KEYS: Final = ("purelib", "platlib", "scripts", "data", "headers")
# A sha256 RECORD hash: "sha256=" and 43 characters of unpadded urlsafe base64.
_SHA256_LENGTH: Final = 50


class SchemeLike(Protocol):
    """Where each kind of wheel file goes: ``puffin_interpreter.Scheme`` fits, as does `Scheme`."""

    @property
    def purelib(self) -> Path: ...
    @property
    def platlib(self) -> Path: ...
    @property
    def scripts(self) -> Path: ...
    @property
    def data(self) -> Path: ...
    @property
    def include(self) -> Path: ...


@dataclass(frozen=True, slots=True)
class Scheme:
    """The install paths of one environment (``sysconfig`` keys).

    ``include`` is the headers root; a wheel's ``.data/headers`` go to
    ``include/<project name>`` (``<venv>/include/site/pythonX.Y/<name>`` in a venv).
    """

    purelib: Path
    platlib: Path
    scripts: Path
    data: Path
    include: Path


@dataclass(frozen=True, slots=True)
class InstalledFiles:
    """What `install_wheel` did: where the ``.dist-info`` is and every file it put in place."""

    dist_info: Path
    site_packages: Path
    #: Absolute paths of every file installed (scripts and ``.dist-info`` files included).
    paths: tuple[str, ...]
    #: The ``.py`` files installed in purelib and platlib: what ``--compile`` compiles.
    python_files: tuple[str, ...]
    link_mode: LinkMode
    #: Some files were copied because the file system refused *link_mode*.
    fell_back: bool


class _Plan:
    """Parallel lists of sources, destinations, RECORD paths and source RECORD keys."""

    __slots__ = ("dir_srcs", "dirs", "dsts", "keys", "recs", "srcs")

    def __init__(self) -> None:
        self.srcs: list[str] = []
        self.dsts: list[str] = []
        self.recs: list[str] = []
        self.keys: list[str] = []
        self.dirs: list[str] = []
        # Sources of the directories, to name one in a conflict.
        self.dir_srcs: list[str] = []

    def walk(
        self, src: str, dst: str, rec: str, key: str, wheel: str, skip: frozenset[str]
    ) -> None:
        """Add every file below *src*, to land below *dst*; entries named in *skip* at
        the top are left out."""
        srcs, dsts, recs, keys = self.srcs, self.dsts, self.recs, self.keys
        dirs, dir_srcs = self.dirs, self.dir_srcs
        sep = os.sep
        stack = [(src, dst, rec, key)]
        first = True
        while stack:
            s, d, r, k = stack.pop()
            with os.scandir(s) as entries:
                for entry in entries:
                    name = entry.name
                    if first and name in skip:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        target = d + sep + name
                        dirs.append(target)
                        dir_srcs.append(entry.path)
                        stack.append((entry.path, target, f"{r}{name}/", f"{k}{name}/"))
                    elif entry.is_file(follow_symlinks=False):
                        srcs.append(entry.path)
                        dsts.append(d + sep + name)
                        recs.append(r + name)
                        keys.append(k + name)
                    else:
                        raise InvalidWheel(
                            wheel, f"{entry.path} is a link or special file, not a regular file"
                        )
            first = False


def _trusted_rows(text: str) -> dict[str, tuple[str, str]]:
    """RECORD rows whose hash and size can go into the installed RECORD unchanged."""
    rows: dict[str, tuple[str, str]] = {}
    for row in csv.reader(io.StringIO(text, newline="")):
        if len(row) < 3 or not row[2].isdigit():
            continue
        digest = row[1]
        if (len(digest) == _SHA256_LENGTH and digest.startswith("sha256=")) or strong_hash(
            digest
        ) is not None:
            rows[row[0]] = (digest, row[2])
    return rows


def _relative(directory: str, site: str) -> str:
    """*directory* as a RECORD path prefix: relative to *site*, ``/``-separated."""
    try:
        relative = os.path.relpath(directory, site)
    except ValueError:  # another drive on Windows: RECORD takes the absolute path
        relative = directory
    if relative == ".":
        return ""
    return relative.replace(os.sep, "/") + "/"


def install_wheel(
    unpacked_dir: str | os.PathLike[str],
    scheme: SchemeLike,
    *,
    python_executable: str | os.PathLike[str],
    link_mode: LinkMode | None = None,
    installer: str = "puffin",
    requested: bool = False,
    direct_url: DirectUrl | None = None,
    wheel_filename: WheelFilename | None = None,
    overwrite: bool = False,
) -> InstalledFiles:
    """Install the unpacked wheel at *unpacked_dir* into *scheme*.

    Files are hard-linked, cloned or copied (*link_mode*, default
    `LinkMode.default`), falling back to copies where the file system refuses.
    ``WHEEL``'s ``Root-Is-Purelib`` picks purelib or platlib for the top level;
    ``.data/<key>/`` go to their scheme paths (``headers`` to
    ``include/<name>``). Scripts with a ``#!python`` shebang are rewritten for
    *python_executable* and all data scripts are made executable; console and GUI
    entry points get launchers. Directories merge with those already present; an
    existing file with other content is a `FileConflict` (and everything this call
    created is removed again) unless *overwrite*. The ``.dist-info`` comes last,
    its ``RECORD`` very last, so an interrupted install has no RECORD.

    The installed RECORD takes each linked file's hash and size from the wheel's
    RECORD when that row has a sha256-or-stronger hash and a size (as pip does;
    unpack with ``verify_record=True`` to have them checked); other files, and
    every generated one, are hashed.

    :raises InvalidWheel: no ``.dist-info``, WHEEL or RECORD, bad entry points.
    :raises FileConflict: a file of another distribution is in the way.
    :raises WriteError: the file system refused a write.
    """
    source = os.path.abspath(os.fspath(unpacked_dir))
    wheel = str(wheel_filename) if wheel_filename is not None else os.path.basename(source)
    mode = LinkMode.default() if link_mode is None else link_mode
    try:
        top = os.listdir(source)
    except OSError as exc:
        raise InvalidWheel(wheel, f"cannot read {source}: {exc.strerror or exc}") from exc
    stem = None
    if wheel_filename is not None:
        stem = f"{wheel_filename.name.as_dist_info_name()}-{wheel_filename.version}"
    dist_info = find_dist_info(top, wheel, stem)
    dist_stem = dist_info[: -len(".dist-info")]
    data_dir = f"{dist_stem}.data"
    sep = os.sep
    info_src = source + sep + dist_info
    info = read_wheel_info(info_src + sep + "WHEEL", wheel)
    try:
        with open(info_src + sep + "RECORD", encoding="utf-8") as file:
            trusted = _trusted_rows(file.read())
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidWheel(wheel, f"cannot read {dist_info}/RECORD: {exc}") from exc
    except csv.Error as exc:
        raise InvalidWheel(wheel, f"{dist_info}/RECORD is not valid CSV: {exc}") from exc

    paths = {key: os.path.abspath(getattr(scheme, key)) for key in _DATA_KEYS[:4]}
    paths["headers"] = os.path.abspath(scheme.include) + sep + dist_stem.partition("-")[0]
    site = paths["purelib"] if info.root_is_purelib else paths["platlib"]
    prefixes = {key: _relative(path, site) for key, path in paths.items()}

    # Library trees first, so that python_files is a prefix of the plan.
    plan = _Plan()
    plan.walk(source, site, "", "", wheel, frozenset({dist_info, data_dir}))
    data_keys = _data_keys(source + sep + data_dir, wheel)
    for key in ("purelib", "platlib"):
        if key in data_keys:
            plan.walk(*_tree(source, data_dir, key, paths, prefixes), wheel, frozenset())
    lib_count = len(plan.dsts)
    for key in ("data", "headers"):
        if key in data_keys:
            plan.walk(*_tree(source, data_dir, key, paths, prefixes), wheel, frozenset())
    scripts = _Plan()
    if "scripts" in data_keys:
        scripts.walk(*_tree(source, data_dir, "scripts", paths, prefixes), wheel, frozenset())
    meta = _Plan()
    meta.walk(info_src, site + sep + dist_info, dist_info + "/", dist_info + "/", wheel, _GENERATED)
    entry_points = _entry_points(info_src, wheel)

    executable = os.fspath(python_executable)
    placer = Placer(wheel, site, mode, overwrite=overwrite)
    rows: list[tuple[str, str, str]] = []
    written: list[str] = []  # generated files: launchers, INSTALLER, ..., RECORD
    try:
        roots = {site} | {paths[k] for k in data_keys}
        if scripts.srcs or entry_points:
            roots.add(paths["scripts"])
        for root in sorted(roots):
            placer.make_root(root)
        placer.make_dirs(plan.dirs, plan.dir_srcs)
        placer.place_all(plan.srcs, plan.dsts)
        rows.extend(_rows(plan, trusted))

        placer.make_dirs(scripts.dirs, scripts.dir_srcs)
        for src, dst, rec in zip(scripts.srcs, scripts.dsts, scripts.recs, strict=True):
            with open(src, "rb") as file:
                content = file.read()
            content = rewrite_shebang(content, executable) or content
            placer.write(dst, content, source=Path(src), executable=True)
            rows.append((rec, *_hash_row(content)))
        for entry in entry_points:
            name, content = launcher(entry, executable)
            placer.write(
                paths["scripts"] + sep + name,
                content,
                source=Path(info_src, "entry_points.txt"),
                executable=True,
            )
            rows.append((prefixes["scripts"] + name, *_hash_row(content)))
            written.append(paths["scripts"] + sep + name)

        # The .dist-info last: until it is complete, the distribution is not installed.
        placer.make_dirs([site + sep + dist_info, *meta.dirs], [info_src, *meta.dir_srcs])
        placer.place_all(meta.srcs, meta.dsts)
        rows.extend(_rows(meta, trusted))
        generated = {"INSTALLER": f"{installer}\n".encode()}
        if requested:
            generated["REQUESTED"] = b""
        if direct_url is not None:
            generated["direct_url.json"] = direct_url.to_json().encode()
        for name, content in generated.items():
            written.append(site + sep + dist_info + sep + name)
            placer.write(written[-1], content, source=Path(info_src, name), executable=False)
            rows.append((f"{dist_info}/{name}", *_hash_row(content)))
        rows.append((f"{dist_info}/RECORD", "", ""))
        written.append(site + sep + dist_info + sep + "RECORD")
        try:
            write_atomic(written[-1], format_record(rows))
        except CacheWriteError as exc:
            raise WriteError(wheel, Path(written[-1]), exc.reason) from exc
    except BaseException as exc:
        placer.rollback()
        if isinstance(exc, OSError) and not isinstance(exc, InstallWheelError):
            where = Path(exc.filename) if exc.filename else Path(site)
            raise WriteError(wheel, where, exc.strerror or str(exc)) from exc
        raise
    return InstalledFiles(
        dist_info=Path(site, dist_info),
        site_packages=Path(site),
        paths=(*plan.dsts, *scripts.dsts, *meta.dsts, *written),
        python_files=tuple(d for d in plan.dsts[:lib_count] if d.endswith(".py")),
        link_mode=mode,
        fell_back=placer.linker.fell_back,
    )


def _hash_row(content: bytes) -> tuple[str, str]:
    digest, size = hash_bytes(content)
    return digest, str(size)


def _rows(plan: _Plan, trusted: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    rows = []
    get = trusted.get
    for rec, key, dst in zip(plan.recs, plan.keys, plan.dsts, strict=True):
        row = get(key)
        if row is None:
            digest, size = hash_file(dst)
            rows.append((rec, digest, str(size)))
        else:
            rows.append((rec, *row))
    return rows


def _data_keys(data: str, wheel: str) -> set[str]:
    try:
        entries = os.listdir(data)
    except FileNotFoundError:
        return set()
    for entry in sorted(entries):
        if entry not in _DATA_KEYS or not os.path.isdir(os.path.join(data, entry)):
            raise InvalidWheel(
                wheel,
                f"unexpected {os.path.basename(data)}/{entry} "
                f"(expected directories named {', '.join(_DATA_KEYS)})",
            )
    return set(entries)


def _tree(
    source: str, data_dir: str, key: str, paths: dict[str, str], prefixes: dict[str, str]
) -> tuple[str, str, str, str]:
    return (
        os.path.join(source, data_dir, key),
        paths[key],
        prefixes[key],
        f"{data_dir}/{key}/",
    )


def _entry_points(info_src: str, wheel: str) -> list[EntryPoint]:
    try:
        with open(os.path.join(info_src, "entry_points.txt"), encoding="utf-8") as file:
            text = file.read()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidWheel(wheel, f"cannot read entry_points.txt: {exc}") from exc
    return parse_entry_points(text, wheel=wheel)
