"""The name of a local source tree: stated statically, remembered, or read from a build."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from puffin_cache import CacheBucket, cache_digest, write_atomic
from puffin_distribution._built import directory_identity
from puffin_distribution.errors import BuildFailed, BuildNotSupported, SourceDistError

if TYPE_CHECKING:
    from pathlib import Path

    from puffin_cache import Cache
    from puffin_normalize import PackageName
    from puffin_traits import BuildContext

__all__ = ["source_tree_name", "static_name"]


def static_name(tree: Path) -> PackageName | None:
    """The name ``pyproject.toml`` (``[project] name``) or ``setup.cfg`` (``[metadata]
    name``) states, if either does."""
    import configparser
    import tomllib

    from puffin_normalize import InvalidName, PackageName

    candidates: list[object] = []
    try:
        with open(tree / "pyproject.toml", "rb") as file:
            project = tomllib.load(file).get("project")
        if isinstance(project, dict):
            candidates.append(project.get("name"))
    except (OSError, tomllib.TOMLDecodeError):
        pass
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(tree / "setup.cfg", encoding="utf-8")
        candidates.append(parser.get("metadata", "name", fallback=None))
    except (configparser.Error, UnicodeDecodeError):
        pass
    for candidate in candidates:
        if isinstance(candidate, str) and candidate:
            try:
                return PackageName.parse(candidate)
            except InvalidName:
                continue
    return None


def source_tree_name(
    tree: Path, cache: Cache, context: BuildContext | None, shown: str
) -> PackageName:
    """The project name of the source tree *tree* (*shown* names it in errors).

    The static name when there is one; else the name a build's metadata gives, kept in
    ``built-wheels-v0/path/`` while the tree's project files are unchanged.

    :raises BuildNotSupported: only a build would tell, and there is no *context*.
    :raises BuildFailed: the build failed.
    """
    from puffin_normalize import PackageName

    found = static_name(tree)
    if found is not None:
        return found
    if context is None:
        raise BuildNotSupported(shown, "its name is not stated in pyproject.toml or setup.cfg")
    record = cache.shard(CacheBucket.BUILT_WHEELS, "path", cache_digest(str(tree.resolve())))
    path = record.dir / "name.json"
    identity = directory_identity(tree)
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        if isinstance(data, dict) and data.get("identity") == identity:
            return PackageName.parse(str(data["name"]))
    except (OSError, ValueError, KeyError):
        pass
    name = _built_name(tree, context, shown)
    try:
        record.dir.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"identity": identity, "name": str(name)}).encode())
    except OSError:
        pass  # remembering only saves a build next time
    return name


def _built_name(tree: Path, context: BuildContext, shown: str) -> PackageName:
    import tempfile
    import zipfile
    from pathlib import Path

    from puffin_traits import BuildKind
    from pypi_types import InvalidMetadata, Metadata

    try:
        build = context.setup_build(tree, None, shown, BuildKind.WHEEL)
    except Exception as exc:
        raise BuildFailed(shown, exc) from exc
    try:
        try:
            prepared = build.metadata()
            if prepared is not None:
                return Metadata.parse((prepared / "METADATA").read_bytes()).name
            with tempfile.TemporaryDirectory() as out:
                wheel = Path(out) / build.wheel(Path(out))
                with zipfile.ZipFile(wheel) as archive:
                    member = next(
                        m for m in archive.namelist() if m.endswith(".dist-info/METADATA")
                    )
                    return Metadata.parse(archive.read(member)).name
        except (OSError, InvalidMetadata, StopIteration, zipfile.BadZipFile) as exc:
            raise SourceDistError(shown, f"cannot read the metadata built: {exc}") from exc
        except Exception as exc:
            raise BuildFailed(shown, exc) from exc
    finally:
        build.close()
