"""`GroupedRows`: a project page's files grouped by version once, when the page arrives.

A resolution looks closely at one or two versions of a project whose page lists
thousands of files. Grouping the rows by version (and sorting the versions) when a
page is read from the index, and caching that form, lets every later run find a
version's files without going over the whole page: the cached form keeps the
version texts, what deciding on a version needs without its files (pre-release or
not, the earliest upload time) and each version's rows packed apart, unpacked only
for the versions looked at (as uv keeps its version maps lazily).
"""

from __future__ import annotations

import io
from bisect import bisect_left
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final

# The C pickler alone, as `puffin_cache` takes it (the module costs start-up time).
try:
    from _pickle import Pickler
except ImportError:  # not CPython
    from pickle import Pickler

from distribution_filename import SourceDistExtension, SourceDistFilename
from puffin_cache import PickleBuffer, decode_payload
from puffin_normalize import normalize
from puffin_pep440 import InvalidVersion, Version
from pypi_types import FileRows

if TYPE_CHECKING:
    from collections.abc import Iterable

    from puffin_normalize import PackageName

__all__ = ["GroupedRows", "sdist_extension", "version_text"]

_COMMON_EXTENSIONS: Final = (".tar.gz", ".zip")
_EXTENSIONS: Final = tuple(extension.value for extension in SourceDistExtension)
_FORM: Final = "grouped-1"
"""The first item of the cached form; another value is another layout (a miss)."""
_UPLOAD_TIME: Final = itemgetter(6)


def _packer(stream: io.BytesIO) -> Pickler:
    """A pickler that writes each `dump` to *stream* as `puffin_cache.encode_payload`
    encodes it (pickle protocol 5, read back by `decode_payload`), less the memo.

    Without a memo entry for each string and tuple, packing rows takes a third of the
    time; an object that rows hold twice (seldom) is packed twice and reads back equal,
    and rows, plain data, hold no cycle that would need the memo.
    """
    packer = Pickler(stream, protocol=5)
    packer.fast = True  # no memo
    return packer


def sdist_extension(filename: str) -> str | None:
    """The source-archive extension *filename* ends with, as written, or None.

    >>> sdist_extension("a-1.0.tar.gz"), sdist_extension("a-1.0.exe")
    ('.tar.gz', None)
    """
    for extension in _COMMON_EXTENSIONS:
        if filename.endswith(extension):
            return extension
    # Most other files of old releases are installers and eggs: one C-level test each.
    if not filename.lower().endswith(_EXTENSIONS):
        return None
    found = SourceDistExtension.from_filename(filename)
    return None if found is None else filename[-len(found.value) :]


def version_text(
    filename: str, name: PackageName, known: dict[str, bool]
) -> tuple[str, str] | None:
    """The version text of a file of project *name*, and the prefix that the names of
    the other wheels of that version share (``"\\0"`` when there is none to trust);
    None when the file is not a wheel or source archive of *name*.

    *known* remembers which spellings of names are *name*'s.

    >>> version_text("Foo_Bar-1.0-py3-none-any.whl", "foo-bar", {})
    ('1.0', 'Foo_Bar-1.0-')
    >>> version_text("foo-bar-1.0.tar.gz", "foo-bar", {})
    ('1.0', '\\x00')
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
    extension = sdist_extension(filename)
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


def _by_text(
    name: PackageName, rows: Iterable[tuple[Any, ...]]
) -> tuple[dict[str, list[Any]], list[Any]]:
    """The rows of project *name* by version text (as written), and the other rows."""
    # A wheel whose name starts as the previous one's did ("name-version-"), or the
    # ".tar.gz" of that name and version, joins that group without a split: the files
    # of one version are usually listed together.
    groups: dict[str, list[Any]] = {}
    loose: list[Any] = []
    known: dict[str, bool] = {}
    prefix = sdist = "\0"  # no filename starts with it
    group: list[Any] = loose
    for row in rows:
        filename: str = row[0]
        if not (
            (
                filename.startswith(prefix)
                and filename.endswith(".whl")
                and 3 < filename.count("-") < 6
            )
            or filename == sdist
        ):
            parsed = version_text(filename, name, known)
            if parsed is None:
                loose.append(row)
                continue
            text, prefix = parsed
            sdist = "\0" if prefix == "\0" else f"{prefix[:-1]}.tar.gz"
            found = groups.get(text)
            if found is None:
                found = groups[text] = []
            group = found
        group.append(row)
    return groups, loose


def _earliest(rows: list[Any]) -> tuple[float | None, int]:
    """The earliest upload time of *rows*, in POSIX seconds (None when none has one),
    and how many rows have one."""
    times = [row[6] for row in rows if row[6] is not None]
    if not times:
        return None, 0
    if len(times) > 1 and not _in_text_order(times):
        return min(datetime.fromisoformat(time).timestamp() for time in times), len(times)
    return datetime.fromisoformat(min(times)).timestamp(), len(times)


def _in_text_order(times: list[str]) -> bool:
    """Whether the order of *times* as text is their order in time: all UTC, with
    fractions written alike (else zones or fractions written differently)."""
    return len(set(map(len, times))) == 1 and all(map(str.endswith, times, repeat("+00:00")))


class GroupedRows(FileRows):
    """The rows of a page of project ``name`` by version, ascending, each version's rows
    unpacked on demand (`group_rows`).

    Group *i* has the version text ``texts[i]`` (as the page first spells that
    version; other spellings of an equal version join it), ``prereleases[i]`` (1 for
    a pre-release), ``uploads[i]`` (the earliest upload time of its files, in POSIX
    seconds, None when none has one), ``untimed.get(i)`` (its files without an
    upload time) and, for a version spelled several ways, ``spellings.get(i)``
    (each spelling and its earliest upload time, in page order). Rows that are no
    version's (other projects' files, installers, versions that do not parse) are
    kept too: ``rows`` has every row.

    >>> rows = [("a-2.0.tar.gz", "u2", None, None, None, False, None, None),
    ...         ("a-1.0-py3-none-any.whl", "u1", None, None, None, False,
    ...          "2020-01-01T00:00:00+00:00", None),
    ...         ("a-1.0b1.tar.gz", "u3", None, None, None, False, None, None)]
    >>> page = GroupedRows.from_rows("a", rows)
    >>> page.texts, list(page.prereleases), page.uploads[1]
    (['1.0b1', '1.0', '2.0'], [1, 0, 0], 1577836800.0)
    >>> [row[1] for row in page.group_rows(2)], page.untimed
    (['u2'], {0: ('a-1.0b1.tar.gz',), 2: ('a-2.0.tar.gz',)})
    """

    __slots__ = (
        "_blob",
        "_offsets",
        "name",
        "prereleases",
        "spellings",
        "texts",
        "untimed",
        "uploads",
    )

    name: PackageName
    texts: list[str]
    prereleases: bytes
    uploads: list[float | None]
    untimed: dict[int, tuple[str, ...]]
    spellings: dict[int, tuple[tuple[str, float | None], ...]]

    def __init__(
        self,
        name: PackageName,
        texts: list[str],
        prereleases: bytes,
        uploads: list[float | None],
        untimed: dict[int, tuple[str, ...]],
        spellings: dict[int, tuple[tuple[str, float | None], ...]],
        offsets: list[int],
        blob: bytes | memoryview,
    ) -> None:
        """Use `from_rows` or `from_data`."""
        super().__init__(None)
        self.name = name
        self.texts = texts
        self.prereleases = prereleases
        self.uploads = uploads
        self.untimed = untimed
        self.spellings = spellings
        self._offsets = offsets
        self._blob = blob

    @classmethod
    def from_rows(cls, name: PackageName, rows: Iterable[tuple[Any, ...]]) -> GroupedRows:
        """Group *rows* (see `pypi_types.FileRows`) of a page of project *name*."""
        rows = rows if isinstance(rows, list) else list(rows)
        by_text, loose = _by_text(name, rows)
        # Usually every file has an upload time, all written alike: a version's earliest
        # is its least as text, without looking at each file for one.
        times = list(map(_UPLOAD_TIME, rows))
        alike = None not in times and _in_text_order(times)
        by_version: dict[Version, list[str]] = {}
        for text in by_text:
            try:
                version = Version.parse(text)
            except InvalidVersion:
                loose.extend(by_text[text])
                continue
            # Another spelling of a version seen ("1.0", "1.0.0") joins its group.
            by_version.setdefault(version, []).append(text)
        texts: list[str] = []
        prereleases = bytearray()
        uploads: list[float | None] = []
        untimed: dict[int, tuple[str, ...]] = {}
        spellings: dict[int, tuple[tuple[str, float | None], ...]] = {}
        offsets = [0]
        # Each group packed on its own (for `group_rows`), all into one stream.
        stream = io.BytesIO()
        packer = _packer(stream)
        for number, version in enumerate(sorted(by_version)):
            written = by_version[version]
            if len(written) == 1:
                group = by_text[written[0]]
            else:
                group = [row for text in written for row in by_text[text]]
            texts.append(written[0])
            prereleases.append(version.is_prerelease)
            if alike:
                uploads.append(datetime.fromisoformat(min(map(_UPLOAD_TIME, group))).timestamp())
            else:
                earliest, timed = _earliest(group)
                uploads.append(earliest)
                if timed < len(group):
                    untimed[number] = tuple(row[0] for row in group if row[6] is None)
            if len(written) > 1:
                spellings[number] = tuple((text, _earliest(by_text[text])[0]) for text in written)
            packer.dump(group)
            offsets.append(stream.tell())
        packer.dump(loose)
        offsets.append(stream.tell())
        blob = stream.getvalue()
        return cls(name, texts, bytes(prereleases), uploads, untimed, spellings, offsets, blob)

    def group_rows(self, number: int) -> list[tuple[Any, ...]]:
        """The rows of group *number*, in the page's order."""
        offsets = self._offsets
        rows: list[tuple[Any, ...]] = decode_payload(
            self._blob[offsets[number] : offsets[number + 1]]
        )
        return rows

    def version_rows(self, version: Version) -> list[tuple[Any, ...]]:
        """The rows of *version* (any spelling of it); none when the page has no file
        of that version. Found by bisection, parsing a dozen version texts.

        >>> rows = [("a-1.0.tar.gz", "u1", None, None, None, False, None, None),
        ...         ("a-2.0.tar.gz", "u2", None, None, None, False, None, None)]
        >>> page = GroupedRows.from_rows("a", rows)
        >>> [row[1] for row in page.version_rows(Version.parse("2"))]
        ['u2']
        >>> page.version_rows(Version.parse("3.0"))
        []
        """
        texts = self.texts
        at = bisect_left(texts, version, key=Version.parse)
        if at < len(texts) and Version.parse(texts[at]) == version:
            return self.group_rows(at)
        return []

    def _load_rows(self) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        for number in range(len(self._offsets) - 1):
            rows.extend(self.group_rows(number))
        return rows

    def to_data(self) -> tuple[Any, ...]:
        """The cached form (plain data; the packed rows as a buffer, which a cache
        record keeps out of band): read back by `from_data`."""
        return (
            _FORM,
            self.texts,
            self.prereleases,
            self.uploads,
            self.untimed,
            self.spellings,
            self._offsets,
            PickleBuffer(self._blob),
        )

    @classmethod
    def from_data(cls, name: PackageName, data: Any) -> GroupedRows:
        """The page of project *name* back from `to_data` output.

        :raises ValueError: *data* is not that output (another layout, or garbled);
            a group's rows are checked when unpacked.
        """
        try:
            form, texts, prereleases, uploads, untimed, spellings, offsets, blob = data
        except (TypeError, ValueError):
            raise ValueError("not grouped file rows") from None
        if isinstance(blob, PickleBuffer):  # `to_data` output that was not pickled
            blob = blob.raw()
        if not (
            form == _FORM
            and type(texts) is list
            and type(prereleases) is bytes
            and type(uploads) is list
            and type(untimed) is dict
            and type(spellings) is dict
            and type(offsets) is list
            and isinstance(blob, bytes | memoryview)
            and len(texts) == len(prereleases) == len(uploads) == len(offsets) - 2
            and offsets[-1] == len(blob)
        ):
            raise ValueError("not grouped file rows")
        return cls(name, texts, prereleases, uploads, untimed, spellings, offsets, blob)

    def __repr__(self) -> str:
        return f"<GroupedRows({self.name!r}: {len(self.texts)} versions)>"
