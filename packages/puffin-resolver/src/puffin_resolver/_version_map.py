"""`VersionMap`: the versions of one project and, per version, the file to resolve with.

The rules are uv's (0.13): a file uploaded at or after the ``exclude_newer``
instant, or without an upload time when one is set, does not exist (find-links
files, which have none, are kept), and a version left without files does not exist
either. Of the files of a version, the wheel that fits the tags best is used; a
version with only unfit wheels but a usable source distribution is resolved with
one of the wheels' metadata (all files of a version are assumed to agree) and
would be installed from the source; a version with only a source distribution is
resolved with its metadata; anything else makes the version unusable, for a
reason a report can show ("has no wheels with a matching platform tag").
Versions are grouped at once, but the files of a version are looked at only when
the resolver considers that version.
"""

from __future__ import annotations

import bisect
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from distribution_filename import (
    InvalidWheelFilename,
    SourceDistExtension,
    SourceDistFilename,
    WheelFilename,
)
from distribution_types import RegistryBuiltDist, RegistrySourceDist
from puffin_client import FileRows, file_from_row
from puffin_normalize import normalize
from puffin_pep440 import InvalidSpecifier, InvalidVersion, Version, VersionSpecifiers
from puffin_resolver._frozen import Frozen, set_field
from puffin_resolver._range import Range
from pypi_types import File

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from distribution_types import IndexUrl
    from platform_tags import TagPriority, Tags
    from puffin_normalize import PackageName
    from puffin_resolver._manifest import BuildOptions


__all__ = ["DistPolicy", "VersionDists", "VersionMap", "requires_python_fits"]

_Listed: TypeAlias = "File | tuple[Any, ...]"
"""A file of a page: a `File`, or a row of a cached page (see `puffin_client.FileRows`)."""

_VERSIONS: dict[str, Version | None] = {}
_FITS: dict[tuple[str, Version], bool] = {}
_CACHE_SIZE: Final = 1 << 15


def _version(text: str) -> Version | None:
    version = _VERSIONS.get(text, False)
    if version is False:
        try:
            version = Version.parse(text)
        except InvalidVersion:
            version = None
        if len(_VERSIONS) >= _CACHE_SIZE:
            _VERSIONS.clear()
        _VERSIONS[text] = version
    return version  # type: ignore[return-value]


def requires_python_fits(requires_python: str | VersionSpecifiers | None, target: Version) -> bool:
    """Whether a ``Requires-Python`` admits *target*, judged by its lower bound only (as uv).

    >>> target = Version.parse("3.11")
    >>> requires_python_fits(">=3.8", target), requires_python_fits(">=3.12", target)
    (True, False)
    >>> requires_python_fits("<3.11", target), requires_python_fits("nonsense", target)
    (True, True)
    """
    if requires_python is None:
        return True
    text = str(requires_python)
    if not text:
        return True
    key = (text, target)
    fits = _FITS.get(key)
    if fits is None:
        try:
            specifiers = (
                requires_python
                if isinstance(requires_python, VersionSpecifiers)
                else VersionSpecifiers.parse(text)
            )
        except InvalidSpecifier:
            fits = True  # as uv and pip: a malformed Requires-Python excludes nothing
        else:
            fits = Range.from_specifiers(specifiers).lower_bound_admits(target)
        if len(_FITS) >= _CACHE_SIZE:
            _FITS.clear()
        _FITS[key] = fits
    return fits


class DistPolicy(Frozen):
    """What makes a file usable in one resolution: tags, Python, binary flags, cutoffs."""

    __match_args__ = ("tags", "python", "build", "exclude_newer", "allowed_yanks")
    __slots__ = (*__match_args__, "_priorities", "_tag_parts")
    _compare = __match_args__

    tags: Tags
    python: Version
    """The target Python, for ``Requires-Python``."""
    build: BuildOptions
    exclude_newer: datetime | None
    allowed_yanks: frozenset[tuple[str, Version]]
    """``(name, version)`` pairs a requirement pins exactly: their yanked files count."""
    _tag_parts: list[tuple[frozenset[str], frozenset[tuple[str, str]]]]
    _priorities: dict[str, TagPriority | None]

    def __init__(
        self,
        tags: Tags,
        python: Version,
        build: BuildOptions,
        exclude_newer: datetime | None = None,
        allowed_yanks: frozenset[tuple[str, Version]] = frozenset(),
    ) -> None:
        set_field(self, "tags", tags)
        set_field(self, "python", python)
        set_field(self, "build", build)
        set_field(self, "exclude_newer", exclude_newer)
        set_field(self, "allowed_yanks", allowed_yanks)
        # Computed on use, per resolution.
        set_field(self, "_tag_parts", [])
        set_field(self, "_priorities", {})

    def wheel_priority(self, filename: str) -> TagPriority | None:
        """The priority of the best of *filename*'s tags (lower is better; see
        `platform_tags.Tags.compatibility`), or None: the wheel does not fit.

        Judged once per distinct ``python-abi-platform`` text, without parsing the rest
        of the name (checked only for the wheels that win).
        """
        tag = filename[:-4].rsplit("-", 3)
        if len(tag) != 4:
            return None
        text = filename[len(tag[0]) + 1 : -4]
        priorities = self._priorities
        if text in priorities:
            return priorities[text]
        python, abi, platform = tag[1:]
        found = self.tags.compatibility(python.split("."), abi.split("."), platform.split("."))
        priorities[text] = found
        return found

    def tag_mismatch(self, filename: WheelFilename) -> str:
        """Which part of *filename*'s tags no accepted tag has, in uv's words."""
        if not self._tag_parts:
            triples = list(self.tags)
            pythons = frozenset(t[0] for t in triples)
            pairs = frozenset((t[0], t[1]) for t in triples)
            self._tag_parts.append((pythons, pairs))
        pythons, pairs = self._tag_parts[0]
        if not any(python in pythons for python in filename.python_tags):
            return "has no wheels with a matching Python implementation tag"
        if not any(
            (python, abi) in pairs for python in filename.python_tags for abi in filename.abi_tags
        ):
            return "has no wheels with a matching Python ABI tag"
        return "has no wheels with a matching platform tag"


class VersionDists(Frozen):
    """The files of one version, judged: what to resolve with, or why the version is unusable."""

    __match_args__ = ("version", "dist", "requires_python", "reason", "hashes", "yanked")
    __slots__ = __match_args__

    version: Version
    dist: RegistryBuiltDist | RegistrySourceDist | None
    """The wheel (possibly unfit) or source distribution whose metadata stands for the
    version; None when the version is unusable."""
    requires_python: str | None
    """The ``Requires-Python`` of the file that would be installed."""
    reason: str | None
    """Why the version is unusable, as "has no usable wheels"; None when it is usable."""
    hashes: tuple[str, ...]
    """``algorithm:hex`` of every file of the version (uploaded before the cutoff)."""
    yanked: str | None
    """The yank reason (or ``""``) when the file used is yanked (pinned exactly)."""

    def __init__(
        self,
        version: Version,
        dist: RegistryBuiltDist | RegistrySourceDist | None,
        requires_python: str | None,
        reason: str | None,
        hashes: tuple[str, ...],
        yanked: str | None = None,
    ) -> None:
        set_field(self, "version", version)
        set_field(self, "dist", dist)
        set_field(self, "requires_python", requires_python)
        set_field(self, "reason", reason)
        set_field(self, "hashes", hashes)
        set_field(self, "yanked", yanked)


_COMMON_EXTENSIONS: Final = (".tar.gz", ".zip")
_EXTENSIONS: Final = tuple(extension.value for extension in SourceDistExtension)


def _sdist_extension(filename: str) -> str | None:
    """The source-archive extension *filename* ends with, as written, or None."""
    for extension in _COMMON_EXTENSIONS:
        if filename.endswith(extension):
            return extension
    # Most other files of old releases are installers and eggs: one C-level test each.
    if not filename.lower().endswith(_EXTENSIONS):
        return None
    found = SourceDistExtension.from_filename(filename)
    return None if found is None else filename[-len(found.value) :]


def _digests(file: File) -> list[str]:
    hashes = file.hashes
    if hashes.sha256 is not None:
        return [f"sha256:{hashes.sha256}"]
    best = hashes.best()
    return [] if best is None else [f"{best[0]}:{best[1]}"]


def _yank_reason(file: File) -> str:
    reason = file.yanked.reason if file.yanked is not None else None
    if reason:
        return f"was yanked (reason: {reason.strip().rstrip('.')})"
    return "was yanked"


class VersionMap:
    """The usable versions of one project, from index pages and find-links files.

    ``versions`` holds every version with at least one file left (ascending);
    ``stable`` and ``prereleases`` split it. `dists` judges the files of a version.
    """

    __slots__ = (
        "_entries",
        "_judged",
        "_sources",
        "name",
        "policy",
        "prereleases",
        "stable",
        "untimed",
        "versions",
    )

    def __init__(
        self,
        name: PackageName,
        pages: Iterable[tuple[Sequence[File], IndexUrl, bool]],
        policy: DistPolicy,
    ) -> None:
        """Group the files of *pages* (``(files, index, from find-links)``, find-links
        files first as uv merges them) of project *name* by version."""
        self.name = name
        self.policy = policy
        # Grouped by version text first: parsing each distinct text once is cheaper
        # than hashing a parsed version per file (projects list thousands of files).
        by_text: dict[str, list[tuple[int, list[_Listed]]]] = {}
        included: set[str] = set()
        untimed: dict[str, list[str]] = {}
        sources: list[tuple[IndexUrl, bool]] = []
        for number, (files, index, flat) in enumerate(pages):
            sources.append((index, flat))
            groups = _group(
                name, files, policy.exclude_newer if not flat else None, included, untimed
            )
            for text, group in groups.items():
                found = by_text.get(text)
                if found is None:
                    by_text[text] = [(number, group)]
                else:
                    found.append((number, group))
        entries: dict[Version, list[tuple[int, list[_Listed]]]] = {}
        self.untimed: dict[Version, list[str]] = {}
        """Files left out for want of an upload time (a cutoff is set), by version."""
        parsed = _VERSIONS
        # Versions hash in Python: each is hashed once here, as it joins `entries`.
        usable: list[Version] = []
        listed: set[int] = set()  # ids of the chunk lists whose version is in `usable`
        for text, chunks in by_text.items():
            version = parsed[text] if text in parsed else _version(text)
            if version is None:
                continue
            found = entries.setdefault(version, chunks)
            if found is not chunks:
                found.extend(chunks)  # another spelling of a version seen ("1.0", "1.0.0")
            if text in included and id(found) not in listed:
                # The first spelling with a file left is the one shown.
                listed.add(id(found))
                usable.append(version)
            if text in untimed:
                self.untimed.setdefault(version, []).extend(untimed[text])
        self._entries = entries
        self._sources = sources
        self._judged: dict[Version, VersionDists] = {}
        # In page order: pages list files mostly by version, and sorting a nearly sorted
        # list compares versions about half as often.
        self.versions: list[Version] = sorted(usable)
        self.stable: list[Version] = []
        """The versions that are not pre-releases, ascending."""
        self.prereleases: list[Version] = []
        """The pre-releases, ascending."""
        for version in self.versions:
            (self.prereleases if version.is_prerelease else self.stable).append(version)

    def __contains__(self, version: object) -> bool:
        versions = self.versions
        if not isinstance(version, Version):
            return False
        at = bisect.bisect_left(versions, version)
        return at < len(versions) and versions[at] == version

    def __len__(self) -> int:
        return len(self.versions)

    def dists(self, version: Version) -> VersionDists:
        """The judgement of the files of *version* (computed once).

        :raises KeyError: *version* has no files.
        """
        judged = self._judged.get(version)
        if judged is None:
            judged = self._judged[version] = self._judge(version, self._entries[version])
        return judged

    def _judge(self, version: Version, chunks: list[tuple[int, list[_Listed]]]) -> VersionDists:
        policy = self.policy
        name = self.name
        cutoff = policy.exclude_newer
        no_binary = policy.build.no_binary_package(name)
        no_build = policy.build.no_build_package(name)
        yank_allowed = (name, version) in policy.allowed_yanks
        best: tuple[tuple[int, tuple[int, str]], WheelFilename, File, IndexUrl] | None = None
        # rank, reason, filename, file, index
        unfit: tuple[int, str, WheelFilename, File, IndexUrl] | None = None
        sdist: tuple[File, IndexUrl] | None = None
        sdist_reason: str | None = None
        hashes: list[str] = []
        for number, files in chunks:
            index, flat = self._sources[number]
            timed = None if flat else cutoff
            for listed in files:
                file = listed if isinstance(listed, File) else file_from_row(listed)
                excluded = timed is not None and (
                    file.upload_time is None or file.upload_time >= timed
                )
                if not excluded:
                    hashes.extend(_digests(file))
                if file.filename.endswith(".whl"):
                    # A wheel's whole name is parsed (and an invalid one skipped) only
                    # when it would take the place of the best or of the unfit one.
                    rank, reason = 0, "was published after the exclude newer time"
                    if excluded:
                        pass
                    elif no_binary:
                        rank, reason = 1, "has no source distribution"
                    elif file.yanked is not None and not yank_allowed:
                        rank, reason = 2, _yank_reason(file)
                    else:
                        priority = policy.wheel_priority(file.filename)
                        if priority is None:
                            rank = 3
                        else:
                            if best is not None and -priority < best[0][0]:
                                continue
                            try:
                                filename = WheelFilename.parse(file.filename)
                            except InvalidWheelFilename:
                                continue
                            key = (-priority, filename.build_tag or (-1, ""))
                            if best is None or key > best[0]:
                                best = (key, filename, file, index)
                            continue
                    if unfit is not None and rank <= unfit[0]:
                        continue
                    try:
                        filename = WheelFilename.parse(file.filename)
                    except InvalidWheelFilename:
                        continue
                    if rank == 3:
                        reason = policy.tag_mismatch(filename)
                    unfit = (rank, reason, filename, file, index)
                    continue
                if excluded:
                    reason = "was published after the exclude newer time"
                elif no_build:
                    reason = "has no usable wheels"
                elif file.yanked is not None and not yank_allowed:
                    reason = _yank_reason(file)
                else:
                    if sdist is None:
                        sdist = (file, index)
                    continue
                if sdist_reason is None:
                    sdist_reason = reason
        shown = tuple(hashes)
        if best is not None:
            _, filename, file, index = best
            return VersionDists(
                version,
                RegistryBuiltDist(filename, file, index),
                file.requires_python,
                None,
                shown,
                _yanked(file),
            )
        if sdist is not None:
            file, index = sdist
            if unfit is not None and unfit[0] > 0:
                # Resolve with the unfit wheel's metadata: no build needed for that.
                _, _, filename, wheel, wheel_index = unfit
                dist: RegistryBuiltDist | RegistrySourceDist = RegistryBuiltDist(
                    filename, wheel, wheel_index
                )
            else:
                parsed = SourceDistFilename.parse(file.filename, self.name)
                dist = RegistrySourceDist(parsed, file, index)
            return VersionDists(version, dist, file.requires_python, None, shown, _yanked(file))
        if sdist_reason is not None:
            reason = sdist_reason
        elif unfit is not None:
            reason = unfit[1]
        else:
            reason = "has no available distributions"
        return VersionDists(version, None, None, reason, shown)


def _version_text(
    filename: str, name: PackageName, known: dict[str, bool]
) -> tuple[str, str] | None:
    """The version text of a file of project *name*, and the prefix that the names of
    the other wheels of that version share (``"\\0"`` when there is none to trust);
    None when the file is not a wheel or source archive of *name*.

    *known* remembers which spellings of names are *name*'s.
    """
    if filename.endswith(".whl"):
        parts = filename[:-4].split("-")
        if len(parts) not in (5, 6):
            return None
        project, text = parts[0], parts[1]
        ours = known.get(project)
        if ours is None:
            ours = known[project] = normalize(project) == name
        return (text, f"{project}-{text}-") if ours else None
    extension = _sdist_extension(filename)
    if extension is None:
        return None
    project, _, text = filename[: -len(extension)].rpartition("-")
    ours = known.get(project)
    if ours is None:
        ours = known[project] = normalize(project) == name
    if not ours:
        # A version with a dash, or a name spelled oddly: parse it properly.
        try:
            return str(SourceDistFilename.parse(filename, name).version), "\0"
        except ValueError:
            return None
    # Only a name without dashes spells the start of its wheels' names.
    return text, "\0" if "-" in project else f"{project}-{text}-"


def _group(
    name: PackageName,
    files: Sequence[File],
    cutoff: datetime | None,
    included: set[str],
    untimed: dict[str, list[str]],
) -> dict[str, list[_Listed]]:
    """The files of one page of project *name* by version text (as written).

    Adds to *included* the texts with a file uploaded before *cutoff* (all, without
    one) and to *untimed* the files without an upload time when there is a cutoff.
    A cached page (`puffin_client.FileRows`) is grouped by its rows, which stay rows
    until their version is judged.
    """
    # The hot loop of a warm resolution (thousands of files per big project): the
    # files of one version are usually listed together, so a wheel whose name starts
    # as the previous one's did ("name-version-"), or the ".tar.gz" of that name and
    # version, joins that group without a split.
    rows = isinstance(files, FileRows)
    items: Sequence[_Listed] = files.rows if rows else files  # type: ignore[attr-defined]
    from_iso = datetime.fromisoformat
    groups: dict[str, list[_Listed]] = {}
    known: dict[str, bool] = {}
    prefix = sdist = "\0"  # no filename starts with it
    group: list[_Listed] = []
    text = ""
    admitted = True
    for item in items:
        filename: str = item[0] if rows else item.filename  # type: ignore[index,union-attr]
        if not (
            (
                filename.startswith(prefix)
                and filename.endswith(".whl")
                and 3 < filename.count("-") < 6
            )
            or filename == sdist
        ):
            parsed = _version_text(filename, name, known)
            if parsed is None:
                continue
            text, prefix = parsed
            sdist = "\0" if prefix == "\0" else f"{prefix[:-1]}.tar.gz"
            found = groups.get(text)
            if found is None:
                found = groups[text] = []
            group = found
            if cutoff is None:
                included.add(text)
                admitted = True
            else:
                admitted = text in included
        group.append(item)
        if cutoff is not None:
            uploaded: Any = item[6] if rows else item.upload_time  # type: ignore[index,union-attr]
            if uploaded is None:
                missing = untimed.get(text)
                if missing is None:
                    untimed[text] = [filename]
                else:
                    missing.append(filename)
            elif not admitted and (from_iso(uploaded) if rows else uploaded) < cutoff:
                included.add(text)
                admitted = True
    return groups


def _yanked(file: File) -> str | None:
    if file.yanked is None:
        return None
    return file.yanked.reason or ""
