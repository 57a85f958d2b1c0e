"""The built-wheel cache: metadata and wheels built from one source, kept while it is unchanged.

Each source has one directory of ``built-wheels-v0`` (see `source_dir`), holding
``metadata.json`` (the source's identity and its core metadata) and the wheels built
from it. The identity is what makes the entry fresh: the archive's URL and digest for
index and URL archives, the commit for git, modification times for local paths. When
it changes, the directory's built wheels and record are dropped and rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from puffin_cache import TEMP_PREFIX, CacheWriteError, LockedFile, write_atomic
from puffin_distribution.errors import BuildFailed, SourceDistError

if TYPE_CHECKING:
    from platform_tags import Tags
    from puffin_normalize import PackageName
    from puffin_traits import BuildContext, BuildKind
    from pypi_types import Metadata

__all__ = [
    "BuildRecord",
    "build_in",
    "build_metadata",
    "cached_build",
    "compatible_wheel",
    "directory_identity",
    "read_record",
]

RECORD: Final = "metadata.json"
RECORD_FORMAT: Final = 2
# Files whose change means a source tree must be built again.
_PROJECT_FILES: Final = ("pyproject.toml", "setup.py", "setup.cfg")


class BuildRecord:
    """What ``metadata.json`` holds: the source identity, the metadata, how it was read."""

    __slots__ = ("metadata", "source", "static")

    def __init__(self, source: str, metadata: bytes, *, static: bool) -> None:
        self.source = source
        self.metadata = metadata
        self.static = static
        """True for a ``PKG-INFO`` read from the archive, False for built metadata."""


def read_record(directory: Path, source: str) -> BuildRecord | None:
    """The record of *directory* if it describes *source*; None when missing, stale or
    unreadable (a corrupt record is a miss)."""
    try:
        with open(directory / RECORD, encoding="utf-8") as file:
            record: Any = json.load(file)
    except (OSError, ValueError):
        return None
    if (
        not isinstance(record, dict)
        or record.get("format") != RECORD_FORMAT
        or record.get("source") != source
        or not isinstance(record.get("metadata"), str)
    ):
        return None
    text: str = record["metadata"]
    data = text.encode("utf-8", "surrogateescape")
    return BuildRecord(source, data, static=bool(record.get("static")))


def write_record(directory: Path, record: BuildRecord) -> None:
    """Store *record* in *directory* (atomically; a cache that cannot be written only
    costs work next time)."""
    data = {
        "format": RECORD_FORMAT,
        "source": record.source,
        "static": record.static,
        "metadata": record.metadata.decode("utf-8", "surrogateescape"),
    }
    with contextlib.suppress(CacheWriteError):
        write_atomic(directory / RECORD, json.dumps(data).encode())


def directory_identity(path: Path) -> str:
    """The modification times of a source tree's project files: a tree whose
    ``pyproject.toml``, ``setup.py`` and ``setup.cfg`` did not change needs no new build."""
    parts = []
    for name in _PROJECT_FILES:
        try:
            parts.append(f"{name}={os.stat(path / name).st_mtime_ns}")
        except OSError:
            parts.append(f"{name}=-")
    return ";".join(parts)


def archive_identity(path: Path) -> str:
    """The size and modification time of a local archive."""
    try:
        stat = os.stat(path)
    except OSError:
        return "missing"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def compatible_wheel(directory: Path, tags: Tags | None) -> Path | None:
    """The best wheel built in *directory* that *tags* accept (any wheel when None)."""
    from distribution_filename import InvalidWheelFilename, WheelFilename

    best: tuple[int, Path] | None = None
    try:
        names = os.listdir(directory)
    except OSError:
        return None
    for name in names:
        if not name.endswith(".whl") or name.startswith(TEMP_PREFIX):
            continue
        try:
            filename = WheelFilename.parse(name)
        except InvalidWheelFilename:
            continue
        if tags is None:
            return directory / name
        priority = tags.compatibility(filename)
        if priority is not None and (best is None or priority > best[0]):
            best = (priority, directory / name)
    return best[1] if best is not None else None


def cached_build(
    directory: Path, source: str, *, want_wheel: bool, tags: Tags | None
) -> tuple[BuildRecord, Path | None] | None:
    """The earlier build of *source* in *directory* that answers the request (its metadata,
    and a wheel *tags* accept when *want_wheel*), if there is one. A static ``PKG-INFO``
    record does not answer a request for built metadata."""
    return _answer(directory, read_record(directory, source), want_wheel, tags)


def _answer(
    directory: Path, record: BuildRecord | None, want_wheel: bool, tags: Tags | None
) -> tuple[BuildRecord, Path | None] | None:
    if record is None or not (want_wheel or not record.static):
        return None
    if not want_wheel:
        return record, None
    wheel = compatible_wheel(directory, tags)
    return None if wheel is None else (record, wheel)


def _drop_stale(directory: Path) -> None:
    """Remove the wheels, their unpacked copies and the record of an older build of the
    source (a downloaded archive stays: its identity is part of the record's)."""
    import shutil

    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name.endswith(".whl") or entry.name == RECORD:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def build_in(
    context: BuildContext,
    directory: Path,
    source: str,
    tree: Path,
    subdirectory: str | None,
    package_id: str,
    kind: BuildKind,
    *,
    name: PackageName | None,
    want_wheel: bool,
    tags: Tags | None,
) -> tuple[BuildRecord, Path | None]:
    """Build the project at *tree* (an archive or a directory) into *directory*.

    Holds the directory's lock, so that two processes never build one source at once;
    whoever waited finds the other's result. With *want_wheel* False, the backend's
    ``prepare_metadata_for_build_*`` hook is enough when it has one.

    :raises BuildFailed: the backend or the build requirements failed.
    """
    from puffin_traits import BuildForbidden

    if context.build_options.no_build.forbids(name):
        raise BuildForbidden(package_id)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceDistError(package_id, f"cannot create {directory}: {exc.strerror}") from exc
    with LockedFile(directory):
        # Whoever held the lock before may have built it meanwhile.
        record = read_record(directory, source)
        found = _answer(directory, record, want_wheel, tags)
        if found is not None:
            return found
        if record is None:
            _drop_stale(directory)
        return _build(context, directory, source, tree, subdirectory, package_id, kind, want_wheel)


def _build(
    context: BuildContext,
    directory: Path,
    source: str,
    tree: Path,
    subdirectory: str | None,
    package_id: str,
    kind: BuildKind,
    want_wheel: bool,
) -> tuple[BuildRecord, Path | None]:
    try:
        build = context.setup_build(tree, subdirectory, package_id, kind)
    except Exception as exc:
        raise BuildFailed(package_id, exc) from exc
    try:
        if not want_wheel:
            try:
                prepared = build.metadata()
            except Exception as exc:
                raise BuildFailed(package_id, exc) from exc
            if prepared is not None:
                record = BuildRecord(source, _read(prepared / "METADATA", package_id), static=False)
                write_record(directory, record)
                return record, None
        temp = directory / f"{TEMP_PREFIX}{os.urandom(6).hex()}"
        try:
            temp.mkdir()
            try:
                name = build.wheel(temp)
            except Exception as exc:
                raise BuildFailed(package_id, exc) from exc
            wheel = directory / name
            os.replace(temp / name, wheel)
        except OSError as exc:
            raise SourceDistError(package_id, f"cannot keep the built wheel: {exc}") from exc
        finally:
            import shutil

            shutil.rmtree(temp, ignore_errors=True)
        record = BuildRecord(source, _wheel_metadata(wheel, package_id), static=False)
        write_record(directory, record)
        return record, wheel
    finally:
        build.close()


def _read(path: Path, package_id: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceDistError(
            package_id, f"the build wrote no {path.name}: {exc.strerror}"
        ) from exc


def _wheel_metadata(wheel: Path, package_id: str) -> bytes:
    """The METADATA of a freshly built wheel."""
    import zipfile

    try:
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                top, _, rest = member.partition("/")
                if top.endswith(".dist-info") and rest == "METADATA":
                    return archive.read(member)
    except (OSError, zipfile.BadZipFile) as exc:
        raise SourceDistError(package_id, f"the built wheel is unreadable: {exc}") from exc
    raise SourceDistError(package_id, f"the built wheel {wheel.name} has no METADATA")


def build_metadata(context: BuildContext, tree: Path, package_id: str) -> Metadata:
    """The metadata of the project at *tree*, from a build (not cached): the backend's
    ``prepare_metadata_for_build_wheel`` hook, else a wheel built into a temporary
    directory.

    :raises BuildFailed: the build failed.
    :raises SourceDistError: the build wrote unreadable metadata.
    """
    import tempfile

    from puffin_traits import BuildKind
    from pypi_types import InvalidMetadata, Metadata

    try:
        build = context.setup_build(tree, None, package_id, BuildKind.WHEEL)
    except Exception as exc:
        raise BuildFailed(package_id, exc) from exc
    try:
        try:
            prepared = build.metadata()
            if prepared is not None:
                data = _read(prepared / "METADATA", package_id)
            else:
                with tempfile.TemporaryDirectory() as out:
                    data = _wheel_metadata(Path(out) / build.wheel(Path(out)), package_id)
        except SourceDistError:
            raise
        except Exception as exc:
            raise BuildFailed(package_id, exc) from exc
        try:
            return Metadata.parse(data)
        except InvalidMetadata as exc:
            raise SourceDistError(package_id, f"invalid metadata: {exc}") from exc
    finally:
        build.close()
