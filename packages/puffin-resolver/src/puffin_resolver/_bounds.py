"""Points between versions that PEP 440 specifiers need as range bounds.

Most bounds of a specifier are versions: ``<2.0`` stops below ``2.0.dev0``,
the lowest version of release 2.0, and ``<=2.0`` stops below
``2.0.post0.dev0``, the first version above 2.0 and all its local versions.
One is not: ``>2.0`` admits neither 2.0's local versions nor its
post-releases, and no version sits just above all of those (``2.0.0.1`` is
above them, yet ``2.0.0.0.1`` is lower and still above). `AfterRelease`
stands for that point.
"""

from __future__ import annotations

from typing import Final

from puffin_pep440 import Version

__all__ = [
    "AfterRelease",
    "Point",
    "local_successor",
    "next_release_floor",
    "release_floor",
]

_Stem = tuple[int, tuple[int, ...]]
_STEMS: dict[Version, _Stem] = {}
_STEMS_SIZE: Final = 1 << 14


def _stem(version: Version) -> _Stem:
    """The epoch and the release without trailing zeros: the coarse order of versions."""
    stem = _STEMS.get(version)
    if stem is None:
        release = version.release
        end = len(release)
        while end and not release[end - 1]:
            end -= 1
        stem = (version.epoch, release[:end])
        if len(_STEMS) >= _STEMS_SIZE:
            _STEMS.clear()
        _STEMS[version] = stem
    return stem


class AfterRelease:
    """The point above every version of one release: its post-releases, local versions.

    Built from a final release such as ``2.0``; ``>2.0`` is what lies above
    this point. It compares with versions and with other such points, and
    equals no version.

    >>> point = AfterRelease(Version.parse("1.0"))
    >>> Version.parse("1.0.post7+local") < point < Version.parse("1.0.0.1.dev0")
    True
    """

    __slots__ = ("_stem", "version")

    version: Version
    _stem: _Stem

    def __init__(self, version: Version) -> None:
        """The point just above every version with *version*'s release."""
        if (
            version.pre is not None
            or version.post is not None
            or version.dev is not None
            or version.local is not None
        ):
            raise ValueError(f"a final release expected, got {version}")
        self.version = version
        self._stem = _stem(version)

    def _other_stem(self, other: object) -> _Stem | None:
        if isinstance(other, AfterRelease):
            return other._stem
        if isinstance(other, Version):
            return _stem(other)
        return None

    # A version with the same stem is below this point, another such point
    # with the same stem is equal to it: `<=` and `>` tell the two apart.

    def __lt__(self, other: Point) -> bool:
        stem = self._other_stem(other)
        if stem is None:
            return NotImplemented
        return self._stem < stem

    def __le__(self, other: Point) -> bool:
        stem = self._other_stem(other)
        if stem is None:
            return NotImplemented
        if isinstance(other, AfterRelease):
            return self._stem <= stem
        return self._stem < stem

    def __gt__(self, other: Point) -> bool:
        stem = self._other_stem(other)
        if stem is None:
            return NotImplemented
        if isinstance(other, AfterRelease):
            return self._stem > stem
        return self._stem >= stem

    def __ge__(self, other: Point) -> bool:
        stem = self._other_stem(other)
        if stem is None:
            return NotImplemented
        return self._stem >= stem

    def __eq__(self, other: object) -> bool:
        if isinstance(other, AfterRelease):
            return self._stem == other._stem
        if isinstance(other, Version):
            return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash((AfterRelease, self._stem))

    def __repr__(self) -> str:
        return f"<AfterRelease({str(self.version)!r})>"


Point = Version | AfterRelease


def local_successor(version: Version) -> Version:
    """The lowest version above *version* and all of its local versions.

    >>> local_successor(Version.parse("1.0"))
    <Version('1.0.post0.dev0')>
    >>> local_successor(Version.parse("1.0.post2"))
    <Version('1.0.post3.dev0')>
    >>> local_successor(Version.parse("1.0rc1.dev4"))
    <Version('1.0rc1.dev5')>
    """
    if version.dev is not None:
        return version.replace(dev=version.dev + 1, local=None)
    if version.post is not None:
        return version.replace(post=version.post + 1, dev=0, local=None)
    return version.replace(post=0, dev=0, local=None)


def release_floor(epoch: int, release: tuple[int, ...], *, post: int | None = None) -> Version:
    """The lowest version of a release (``X.dev0``), or of one of its post-releases.

    >>> release_floor(0, (2, 0))
    <Version('2.0.dev0')>
    """
    return Version(release, epoch=epoch, post=post, dev=0)


def next_release_floor(epoch: int, prefix: tuple[int, ...]) -> Version:
    """The lowest version above every version whose release starts with *prefix*.

    >>> next_release_floor(0, (1, 4))
    <Version('1.5.dev0')>
    """
    return release_floor(epoch, (*prefix[:-1], prefix[-1] + 1))
