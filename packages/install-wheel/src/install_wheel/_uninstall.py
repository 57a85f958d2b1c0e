"""`uninstall`: remove an installed distribution by its RECORD (or legacy records)."""

from __future__ import annotations

import csv
import errno
import io
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from install_wheel.errors import UninstallError
from puffin_cache import CacheWriteError, remove_tree, write_atomic

if TYPE_CHECKING:
    from install_wheel._install import SchemeLike

__all__ = ["Removed", "uninstall"]

# "{stem}.{cache tag}[.opt-N].pyc" in __pycache__ (PEP 3147, PEP 488).
_PYC_TAIL: Final = re.compile(r"^[^.]+(\.opt-\d+)?\.pyc$")
_NOT_A_FILE: Final = frozenset({errno.EISDIR, errno.EPERM, errno.EACCES, errno.ENOTEMPTY})


@dataclass(frozen=True, slots=True)
class Removed:
    """What `uninstall` removed: files, emptied directories, and files already gone."""

    dist: Path
    files: int
    dirs: int
    missing: int


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _environment(site: str) -> str:
    """The environment root around *site*: a venv's root, or the prefix of a standard layout."""
    directory = site
    for _ in range(4):
        directory = os.path.dirname(directory)
        if os.path.isfile(os.path.join(directory, "pyvenv.cfg")):
            return directory
    parent = os.path.dirname(site)
    if os.path.basename(parent).startswith("python") and os.path.basename(
        os.path.dirname(parent)
    ) in ("lib", "lib64"):
        return os.path.dirname(os.path.dirname(parent))
    if os.path.basename(parent).lower() == "lib":
        return os.path.dirname(parent)
    return site


def _bounds(site: str, scheme: SchemeLike | None) -> tuple[str, set[str]]:
    """The environment root, and the directories never removed even when empty."""
    if scheme is not None:
        env = os.path.abspath(scheme.data)
        roots = [os.path.abspath(getattr(scheme, key)) for key in ("purelib", "platlib")]
        roots += [os.path.abspath(scheme.scripts), os.path.abspath(scheme.include), env]
    else:
        env = _environment(site)
        roots = [site, env] + [os.path.join(env, d) for d in ("bin", "Scripts", "include")]
        version = os.path.basename(os.path.dirname(site))  # "python3.X" in lib/python3.X/
        if version.startswith("python"):
            roots.append(os.path.join(env, "include", "site", version))
    keep = set()
    for root in roots:
        keep.add(root)
        # Parents of a scheme root inside the environment stay too (lib/, lib/python3.X/).
        directory = root
        while _within(directory, env) and directory != env:
            directory = os.path.dirname(directory)
            keep.add(directory)
    return env, keep


def _record_paths(dist: Path) -> tuple[list[str], str]:
    """The paths a RECORD or installed-files.txt lists, and the directory they are relative to."""
    if dist.name.endswith(".dist-info"):
        record, base = dist / "RECORD", dist.parent
    elif dist.name.endswith(".egg-info"):
        record, base = dist / "installed-files.txt", dist
    else:
        raise UninstallError(dist, "expected a .dist-info, .egg-info or .egg-link path")
    try:
        text = record.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UninstallError(
            dist, f"no {record.name}, so which files belong to it is unknown"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UninstallError(dist, f"cannot read {record.name}: {exc}") from exc
    if record.name == "RECORD":
        try:
            rows = [row[0] for row in csv.reader(io.StringIO(text, newline="")) if row and row[0]]
        except csv.Error as exc:
            raise UninstallError(dist, f"RECORD is not valid CSV: {exc}") from exc
    else:
        rows = [line.strip() for line in text.splitlines() if line.strip()]
    return rows, os.fspath(base)


def uninstall(
    dist_info_path: str | os.PathLike[str], *, scheme: SchemeLike | None = None
) -> Removed:
    """Remove the distribution installed at *dist_info_path* and return what went.

    *dist_info_path* is a ``.dist-info`` (files from RECORD), an ``.egg-info``
    (files from ``installed-files.txt``) or an ``.egg-link`` (a legacy editable:
    the link and its ``easy-install.pth`` line). Listed files that are gone
    already are counted, not errors, so a second call is harmless. The ``.pyc``
    files of removed modules go too, as do directories left empty, but never a
    scheme root or a directory outside the environment. The environment is
    *scheme*'s ``data`` prefix, else found from the site-packages directory (a
    ``pyvenv.cfg`` above it, or the ``lib/pythonX.Y`` layout).

    :raises UninstallError: no record of the files, or an entry that points
        outside the environment (then nothing at all is removed).
    """
    dist = Path(os.path.abspath(os.fspath(dist_info_path)))
    if dist.name.endswith(".egg-link"):
        return _remove_egg_link(dist)
    entries, base = _record_paths(dist)
    site = os.fspath(dist.parent)
    env, keep = _bounds(site, scheme)
    targets = []
    for entry in entries:
        path = os.path.normpath(os.path.join(base, entry))
        if not _within(path, env):
            raise UninstallError(
                dist, f"its record lists {entry!r}, which is outside the environment {env}"
            )
        targets.append(path)
    _check_real_parents(dist, targets, env, keep)

    files = missing = 0
    record = os.path.join(dist, "RECORD") if dist.name.endswith(".dist-info") else None
    if record is not None:
        # RECORD goes first: an uninstall cut short (a killed process) then leaves a
        # .dist-info without RECORD, which reads as an interrupted install and is
        # installed again, never as a complete distribution with files missing.
        try:
            os.unlink(record)
            files += 1
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise UninstallError(dist, f"cannot remove {record}: {exc.strerror}") from exc
    parents: set[str] = set()
    pycache: defaultdict[str, set[str]] = defaultdict(set)
    for path in targets:
        if path == record:
            continue
        directory, name = os.path.split(path)
        try:
            os.unlink(path)
            files += 1
        except FileNotFoundError:
            missing += 1
        except OSError as exc:
            # Old RECORDs list directories; they go below if they end up empty.
            if exc.errno not in _NOT_A_FILE or not os.path.isdir(path):
                raise UninstallError(dist, f"cannot remove {path}: {exc.strerror}") from exc
            parents.add(path)
            continue
        parents.add(directory)
        if name.endswith(".py"):
            pycache[os.path.join(directory, "__pycache__")].add(name[:-3])
    files += _remove_pyc(pycache, parents)
    dirs = _prune(parents, env, keep)
    if dist.is_dir():
        remove_tree(dist)
        dirs += 0 if dist.exists() else 1
    elif dist.exists():
        os.unlink(dist)
    return Removed(dist, files, dirs, missing)


def _check_real_parents(dist: Path, targets: list[str], env: str, keep: set[str]) -> None:
    # A symlinked directory on the way could still lead outside; resolve each once.
    allowed = [os.path.realpath(root) for root in (env, *keep)]
    for directory in {os.path.dirname(path) for path in targets}:
        real = os.path.realpath(directory)
        if not any(_within(real, root) for root in allowed):
            raise UninstallError(
                dist, f"{directory} leads to {real}, which is outside the environment {env}"
            )


def _remove_pyc(pycache: dict[str, set[str]], parents: set[str]) -> int:
    removed = 0
    for directory, stems in pycache.items():
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            stem, dot, tail = name.partition(".")
            # Module names may hold dots ("a.b.py"): try every split.
            while dot:
                if stem in stems and _PYC_TAIL.match(tail):
                    try:
                        os.unlink(os.path.join(directory, name))
                        removed += 1
                    except OSError:
                        pass
                    break
                head, dot, tail = tail.partition(".")
                stem = f"{stem}.{head}"
        parents.add(directory)
    return removed


def _prune(parents: set[str], env: str, keep: set[str]) -> int:
    """Remove the directories in *parents* and their ancestors that are empty, deepest first."""
    candidates: set[str] = set()
    for directory in parents:
        while directory not in candidates and directory not in keep and _within(directory, env):
            if directory == env:
                break
            candidates.add(directory)
            directory = os.path.dirname(directory)
    removed = 0
    # Deepest first, so that a directory is tried after everything that was inside it.
    for directory in sorted(candidates, key=lambda p: p.count(os.sep), reverse=True):
        try:
            os.rmdir(directory)
        except OSError:
            continue
        removed += 1
    return removed


def _remove_egg_link(link: Path) -> Removed:
    """A ``setup.py develop`` install: the link file and its line in easy-install.pth."""
    try:
        target = link.read_text(encoding="utf-8").splitlines()[0].strip()
    except FileNotFoundError:
        return Removed(link, 0, 0, 1)
    except (OSError, UnicodeDecodeError, IndexError) as exc:
        raise UninstallError(link, f"unreadable .egg-link: {exc}") from exc
    pth = link.parent / "easy-install.pth"
    try:
        lines = pth.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    except (OSError, UnicodeDecodeError) as exc:
        raise UninstallError(link, f"cannot read {pth}: {exc}") from exc
    wanted = os.path.normcase(os.path.normpath(target))
    kept = [
        line
        for line in lines
        if not line.strip()
        or line.lstrip().startswith(("#", "import "))
        or os.path.normcase(os.path.normpath(line.strip())) != wanted
    ]
    if len(kept) != len(lines):
        try:
            write_atomic(pth, "".join(kept).encode("utf-8"))
        except CacheWriteError as exc:
            raise UninstallError(link, f"cannot rewrite {pth}: {exc.reason}") from exc
    link.unlink(missing_ok=True)
    return Removed(link, 1, 0, 0)
