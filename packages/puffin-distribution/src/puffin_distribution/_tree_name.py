"""The name of a local source tree: stated statically, remembered, or read from a build."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from puffin_cache import CacheBucket, cache_digest, write_atomic
from puffin_distribution._built import build_metadata, directory_identity
from puffin_distribution.errors import BuildNotSupported

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

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
    tree: Path, shown: str, context: Callable[[], BuildContext] | None
) -> PackageName:
    """The project name of the source tree *tree* (*shown* names it in errors).

    The static name when there is one; else the name a build's metadata gives, kept in
    ``built-wheels-v0/path/`` while the tree's project files are unchanged. *context*
    makes the build context (asked for only when a build is needed).

    :raises BuildNotSupported: only a build would tell, and there is no *context*.
    :raises BuildFailed: the build failed.
    """
    from puffin_normalize import PackageName

    found = static_name(tree)
    if found is not None:
        return found
    if context is None:
        raise BuildNotSupported(shown, "its name is not stated in pyproject.toml or setup.cfg")
    builder = context()
    cache = builder.cache
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
    name = build_metadata(builder, tree, shown).name
    try:
        record.dir.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"identity": identity, "name": str(name)}).encode())
    except OSError:
        pass  # remembering only saves a build next time
    return name
