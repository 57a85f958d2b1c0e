"""`install_wheel`: link an unpacked wheel into a scheme, then write its ``.dist-info``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from install_wheel._link import LinkMode
from install_wheel._place import Placer
from install_wheel._plan import Tree, record_line, trusted_tails
from install_wheel._record import hash_bytes
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
    link_mode: LinkMode
    #: Some files were copied because the file system refused *link_mode*.
    fell_back: bool
    #: How many of `paths`, from the start, are in purelib or platlib.
    library_files: int

    @property
    def python_files(self) -> tuple[str, ...]:
        """The ``.py`` files installed in purelib and platlib: what ``--compile`` compiles."""
        return tuple([p for p in self.paths[: self.library_files] if p.endswith(".py")])


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
    created is removed again) unless *overwrite* (files replaced that way are not
    restored if the install fails later). The ``.dist-info`` comes last,
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
    if wheel_filename is None:
        wheel = dist_stem  # "name-version" tells more than a cache folder's name
    data_dir = f"{dist_stem}.data"
    sep = os.sep
    info_src = source + sep + dist_info + sep
    info = read_wheel_info(info_src + "WHEEL", wheel)
    try:
        with open(info_src + "RECORD", encoding="utf-8") as file:
            trusted = trusted_tails(file.read())
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidWheel(wheel, f"cannot read {dist_info}/RECORD: {exc}") from exc

    paths = {key: os.path.abspath(getattr(scheme, key)) for key in _DATA_KEYS[:4]}
    paths["headers"] = os.path.join(os.path.abspath(scheme.include), dist_stem.partition("-")[0])
    site = paths["purelib"] if info.root_is_purelib else paths["platlib"]
    data_keys = _data_keys(source + sep + data_dir, wheel)

    def data_tree(key: str) -> Tree:
        src = f"{source}{sep}{data_dir}{sep}{key}{sep}"
        tree = Tree(src, paths[key] + sep, _relative(paths[key], site), f"{data_dir}/{key}/")
        return tree.walk(wheel)

    try:
        root = Tree(source + sep, site + sep, "", "")
        libs = [root.walk(wheel, frozenset({dist_info, data_dir}))]
        libs += [data_tree(key) for key in ("purelib", "platlib") if key in data_keys]
        others = [data_tree(key) for key in ("data", "headers") if key in data_keys]
        scripts = data_tree("scripts") if "scripts" in data_keys else None
        meta = Tree(info_src, site + sep + dist_info + sep, dist_info + "/", dist_info + "/")
        meta.walk(wheel, _GENERATED)
    except OSError as exc:
        raise InvalidWheel(wheel, f"cannot read {exc.filename or source}: {exc.strerror}") from exc
    entry_points = _entry_points(info_src, wheel)

    executable = os.fspath(python_executable)
    placer = Placer(wheel, site, mode, overwrite=overwrite)
    lines: list[str] = []
    written: list[str] = []  # generated files: scripts, launchers, INSTALLER, ..., RECORD
    try:
        roots = {site} | {paths[k] for k in data_keys}
        if entry_points:
            roots.add(paths["scripts"])
        for directory in sorted(roots):
            placer.make_root(directory)
        for tree in (*libs, *others):
            placer.make_dirs(tree.src, tree.dst, tree.dirs)
            placer.place_all(tree.src, tree.dst, tree.files)
            lines += tree.record_lines(trusted)
        if scripts is not None:
            lines += _install_scripts(scripts, placer, executable, written)
        for entry in entry_points:
            name, content = launcher(entry, executable)
            written.append(paths["scripts"] + sep + name)
            placer.write(
                written[-1], content, source=Path(info_src, "entry_points.txt"), executable=True
            )
            lines.append(_generated_line(_relative(paths["scripts"], site) + name, content))

        # The .dist-info last: until it is complete, the distribution is not installed.
        placer.make_dirs(source + sep, site + sep, [dist_info])
        placer.make_dirs(meta.src, meta.dst, meta.dirs)
        placer.place_all(meta.src, meta.dst, meta.files)
        lines += meta.record_lines(trusted)
        generated = {"INSTALLER": f"{installer}\n".encode()}
        if requested:
            generated["REQUESTED"] = b""
        if direct_url is not None:
            generated["direct_url.json"] = direct_url.to_json().encode()
        for name, content in generated.items():
            written.append(meta.dst + name)
            placer.write(written[-1], content, source=Path(info_src, name), executable=False)
            lines.append(_generated_line(f"{dist_info}/{name}", content))
        lines.append(record_line(f"{dist_info}/RECORD", "", ""))
        written.append(meta.dst + "RECORD")
        try:
            write_atomic(written[-1], "\n".join(lines).encode() + b"\n")
        except CacheWriteError as exc:
            raise WriteError(wheel, Path(written[-1]), exc.reason) from exc
    except BaseException as exc:
        placer.rollback()
        if isinstance(exc, OSError) and not isinstance(exc, InstallWheelError):
            where = Path(exc.filename) if exc.filename else Path(site)
            raise WriteError(wheel, where, exc.strerror or str(exc)) from exc
        raise
    installed = [path for tree in (*libs, *others, meta) for path in tree.destinations()]
    return InstalledFiles(
        dist_info=Path(site, dist_info),
        site_packages=Path(site),
        paths=(*installed, *written),
        link_mode=mode,
        fell_back=placer.linker.fell_back,
        library_files=sum(len(tree.files) for tree in libs),
    )


def _generated_line(path: str, content: bytes) -> str:
    digest, size = hash_bytes(content)
    return record_line(path, digest, size)


def _install_scripts(tree: Tree, placer: Placer, executable: str, written: list[str]) -> list[str]:
    """Write the wheel's data scripts executable, ``#!python`` made the target interpreter."""
    placer.make_root(tree.dst)
    placer.make_dirs(tree.src, tree.dst, tree.dirs)
    lines = []
    for name in tree.files:
        with open(tree.src + name, "rb") as file:
            content = file.read()
        content = rewrite_shebang(content, executable) or content
        written.append(tree.dst + name)
        placer.write(written[-1], content, source=Path(tree.src + name), executable=True)
        lines.append(_generated_line(tree.rec + name.replace(os.sep, "/"), content))
    return lines


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


def _entry_points(info_src: str, wheel: str) -> list[EntryPoint]:
    try:
        with open(info_src + "entry_points.txt", encoding="utf-8") as file:
            text = file.read()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidWheel(wheel, f"cannot read entry_points.txt: {exc}") from exc
    return parse_entry_points(text, wheel=wheel)
