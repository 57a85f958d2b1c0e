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
Pages arrive grouped by version (`puffin_client.GroupedRows`); a version is parsed,
and its files are unpacked and looked at, only when the resolver considers it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, overload

from distribution_filename import InvalidWheelFilename, SourceDistFilename, WheelFilename
from distribution_types import RegistryBuiltDist, RegistrySourceDist
from puffin_client import GroupedRows, file_from_row
from puffin_pep440 import InvalidVersion, Version
from puffin_resolver._frozen import Frozen, set_field
from pypi_types import File, Hashes, files_to_rows

if TYPE_CHECKING:
    from collections.abc import Iterable

    from distribution_types import IndexUrl
    from puffin_normalize import PackageName
    from puffin_resolver._dist_policy import DistPolicy


__all__ = ["VersionDists", "VersionMap"]

_VERSIONS: dict[str, Version | None] = {}
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


def _digests(hashes: tuple[str | None, ...] | None) -> list[str]:
    """``algorithm:hex`` of a row's hashes (see `pypi_types.FileRows`): the SHA-256
    when there is one, else the strongest."""
    if hashes is None:
        return []
    if hashes[0] is not None:
        return [f"sha256:{hashes[0]}"]
    best = Hashes(*hashes).best()
    return [] if best is None else [f"{best[0]}:{best[1]}"]


def _yank_reason(reason: str) -> str:
    """Why a file yanked with *reason* (``""``: none given) is unusable, in uv's words."""
    if reason:
        return f"was yanked (reason: {reason.strip().rstrip('.')})"
    return "was yanked"


class _Versions(Sequence[Version]):
    """Ascending versions of a `VersionMap`: group numbers, each parsed on first use
    (bisecting a project's versions parses a dozen of its thousands)."""

    __slots__ = ("_numbers", "_texts")

    def __init__(self, texts: list[str], numbers: Sequence[int]) -> None:
        self._texts = texts
        self._numbers = numbers

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> Version: ...
    @overload
    def __getitem__(self, index: slice) -> list[Version]: ...
    def __getitem__(self, index: int | slice) -> Version | list[Version]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self._numbers)))]
        version = _version(self._texts[self._numbers[index]])
        assert version is not None  # groups hold parsed versions only
        return version

    def number(self, version: Version) -> int | None:
        """The group number of *version*, or None when it is not one of these."""
        at = bisect.bisect_left(self, version)
        if at < len(self._numbers) and self[at] == version:
            return self._numbers[at]
        return None


class VersionMap:
    """The usable versions of one project, from index pages and find-links files.

    ``versions`` holds every version with at least one file left (ascending);
    ``stable`` and ``prereleases`` split it. `dists` judges the files of a version.
    The files of a page come grouped by version (`puffin_client.GroupedRows`): with
    one page, as from a single index, nothing is parsed or unpacked beyond what the
    resolver looks at.
    """

    __slots__ = (
        "_all",
        "_chunks",
        "_judged",
        "_pages",
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
        """Take the files of *pages* (``(files, index, from find-links)``, find-links
        files first as uv merges them) of project *name*, by version."""
        self.name = name
        self.policy = policy
        self._judged: dict[Version, VersionDists] = {}
        grouped: list[GroupedRows] = []
        self._sources: list[tuple[IndexUrl, bool]] = []
        for files, index, flat in pages:
            self._sources.append((index, flat))
            if not isinstance(files, GroupedRows) or files.name != name:
                files = GroupedRows.from_rows(name, files_to_rows(files))
            grouped.append(files)
        self.untimed: dict[Version, list[str]] = {}
        """Files left out for want of an upload time (a cutoff is set), by version."""
        if len(grouped) == 1:
            page = grouped[0]
            self._chunks: list[list[tuple[int, int]]] | GroupedRows = page
            texts, included = self._included(page, self._sources[0][1])
        else:
            texts, self._chunks, included = self._merge(grouped)
        self._all = _Versions(texts, range(len(texts)))
        self.versions: Sequence[Version] = _Versions(texts, included)
        pre = (
            page.prereleases
            if len(grouped) == 1
            else bytes(self._all[number].is_prerelease for number in range(len(texts)))
        )
        self.stable: Sequence[Version] = _Versions(texts, [n for n in included if not pre[n]])
        """The versions that are not pre-releases, ascending."""
        self.prereleases: Sequence[Version] = _Versions(texts, [n for n in included if pre[n]])
        """The pre-releases, ascending."""

    def _included(self, page: GroupedRows, flat: bool) -> tuple[list[str], list[int]]:
        """How *page*'s versions are shown (the first spelling with a file left) and
        the numbers of its groups with a file left; notes its untimed files."""
        cutoff = None if flat else self.policy.exclude_newer
        if cutoff is None:
            return page.texts, list(range(len(page.texts)))
        texts = page.texts
        for number, names in page.untimed.items():
            version = _version(texts[number])
            assert version is not None
            self.untimed.setdefault(version, []).extend(names)
        limit = cutoff.timestamp()
        if page.spellings:
            texts = list(texts)
            for number, spellings in page.spellings.items():
                for text, uploaded in spellings:
                    if uploaded is not None and uploaded < limit:
                        texts[number] = text
                        break
        included = [
            number
            for number, uploaded in enumerate(page.uploads)
            if uploaded is not None and uploaded < limit
        ]
        return texts, included

    def _merge(
        self, grouped: list[GroupedRows]
    ) -> tuple[list[str], list[list[tuple[int, int]]], list[int]]:
        """The versions of several pages: their texts, the ``(page, group)`` pairs of
        each, and the numbers of those with a file left."""
        # version -> [shown text, (page, group) pairs, whether a file is left]
        found: dict[Version, list[Any]] = {}
        for page_number, page in enumerate(grouped):
            shown, left = self._included(page, self._sources[page_number][1])
            kept = set(left)
            for number, text in enumerate(shown):
                version = _version(text)
                assert version is not None
                entry = found.get(version)
                if entry is None:
                    entry = found[version] = [text, [], False]
                entry[1].append((page_number, number))
                if number in kept and not entry[2]:
                    # The first spelling with a file left is the one shown.
                    entry[0], entry[2] = text, True
        texts: list[str] = []
        chunks: list[list[tuple[int, int]]] = []
        included: list[int] = []
        for version in sorted(found):
            text, pairs, left_flag = found[version]
            if left_flag:
                included.append(len(texts))
            texts.append(text)
            chunks.append(pairs)
        self._pages = grouped
        return texts, chunks, included

    def __contains__(self, version: object) -> bool:
        if not isinstance(version, Version):
            return False
        return self.versions.number(version) is not None  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.versions)

    def dists(self, version: Version) -> VersionDists:
        """The judgement of the files of *version* (computed once).

        :raises KeyError: *version* has no files.
        """
        judged = self._judged.get(version)
        if judged is None:
            number = self._all.number(version)
            if number is None:
                raise KeyError(version)
            chunks = self._chunks
            if isinstance(chunks, GroupedRows):
                rows = [(0, chunks.group_rows(number))]
            else:
                rows = [(page, self._pages[page].group_rows(at)) for page, at in chunks[number]]
            judged = self._judged[version] = self._judge(version, rows)
        return judged

    def _judge(
        self, version: Version, chunks: list[tuple[int, list[tuple[Any, ...]]]]
    ) -> VersionDists:
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
        from_iso = datetime.fromisoformat
        # Rows become `File`s only when they win a place (best, unfit or sdist).
        for number, rows in chunks:
            index, flat = self._sources[number]
            timed = None if flat else cutoff
            for row in rows:
                filename: str = row[0]
                uploaded: str | None = row[6]
                yanked: str | None = row[4]
                excluded = timed is not None and (uploaded is None or from_iso(uploaded) >= timed)
                if not excluded:
                    hashes.extend(_digests(row[2]))
                if filename.endswith(".whl"):
                    # A wheel's whole name is parsed (and an invalid one skipped) only
                    # when it would take the place of the best or of the unfit one.
                    rank, reason = 0, "was published after the exclude newer time"
                    if excluded:
                        pass
                    elif no_binary:
                        rank, reason = 1, "has no source distribution"
                    elif yanked is not None and not yank_allowed:
                        rank, reason = 2, _yank_reason(yanked)
                    else:
                        priority = policy.wheel_priority(filename)
                        if priority is None:
                            rank = 3
                        else:
                            if best is not None and -priority < best[0][0]:
                                continue
                            try:
                                wheel = WheelFilename.parse(filename)
                            except InvalidWheelFilename:
                                continue
                            key = (-priority, wheel.build_tag or (-1, ""))
                            if best is None or key > best[0]:
                                best = (key, wheel, file_from_row(row), index)
                            continue
                    if unfit is not None and rank <= unfit[0]:
                        continue
                    try:
                        wheel = WheelFilename.parse(filename)
                    except InvalidWheelFilename:
                        continue
                    if rank == 3:
                        reason = policy.tag_mismatch(wheel)
                    unfit = (rank, reason, wheel, file_from_row(row), index)
                    continue
                if excluded:
                    reason = "was published after the exclude newer time"
                elif no_build:
                    reason = "has no usable wheels"
                elif yanked is not None and not yank_allowed:
                    reason = _yank_reason(yanked)
                else:
                    if sdist is None:
                        sdist = (file_from_row(row), index)
                    continue
                if sdist_reason is None:
                    sdist_reason = reason
        shown = tuple(hashes)
        if best is not None:
            _, best_name, file, index = best
            return VersionDists(
                version,
                RegistryBuiltDist(best_name, file, index),
                file.requires_python,
                None,
                shown,
                _yanked(file),
            )
        if sdist is not None:
            file, index = sdist
            if unfit is not None and unfit[0] > 0:
                # Resolve with the unfit wheel's metadata: no build needed for that.
                _, _, unfit_name, unfit_file, unfit_index = unfit
                dist: RegistryBuiltDist | RegistrySourceDist = RegistryBuiltDist(
                    unfit_name, unfit_file, unfit_index
                )
            else:
                sdist_name = SourceDistFilename.parse(file.filename, self.name)
                dist = RegistrySourceDist(sdist_name, file, index)
            return VersionDists(version, dist, file.requires_python, None, shown, _yanked(file))
        if sdist_reason is not None:
            reason = sdist_reason
        elif unfit is not None:
            reason = unfit[1]
        else:
            reason = "has no available distributions"
        return VersionDists(version, None, None, reason, shown)


def _yanked(file: File) -> str | None:
    if file.yanked is None:
        return None
    return file.yanked.reason or ""
