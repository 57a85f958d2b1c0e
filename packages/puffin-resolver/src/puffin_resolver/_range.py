"""`Range`: a set of versions, as sorted disjoint intervals."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Final

from puffin_pep440 import Operator, Version, VersionSpecifier
from puffin_resolver import _segments as seg
from puffin_resolver._bounds import (
    AfterRelease,
    Point,
    local_successor,
    next_release_floor,
    release_floor,
)
from puffin_resolver._range_display import is_plain as _plain_bounds
from puffin_resolver._range_display import render

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["Range", "is_plain"]

# Ranges of at least this many intervals bisect into them (see _segments).
_MANY: Final = 8


class Range:
    """A set of versions: sorted, disjoint intervals over PEP 440 versions.

    Immutable and hashable; equal sets are equal ranges. Build one from
    specifiers, or from the constructors below, and combine them with set
    operations. ``str()`` gives a short PEP 440-like spelling.

    >>> from puffin_pep440 import VersionSpecifiers
    >>> r = Range.from_specifiers(VersionSpecifiers.parse(">=1.0, <2.0"))
    >>> str(r), r.contains(Version.parse("1.5")), r.contains(Version.parse("2.0a1"))
    ('>=1.0, <2.0', True, False)
    >>> str(r.complement())
    '<1.0 | >=2.0.dev0'
    """

    __slots__ = ("_complement", "_hash", "_index", "_segments")

    _segments: seg.Segments
    _hash: int | None
    # Computed on first use: the bounds to bisect (None while few intervals
    # or not yet needed) and the complement.
    _index: seg.Index | None
    _complement: Range | None

    def __init__(self) -> None:
        """The empty range; prefer `Range.empty` and the other constructors."""
        self._segments = ()
        self._hash = self._index = self._complement = None

    @classmethod
    def _of(cls, segments: seg.Segments) -> Range:
        self = object.__new__(cls)
        self._segments = segments
        self._hash = self._index = self._complement = None
        return self

    @classmethod
    def _one(cls, lo: Point | None, lo_in: bool, hi: Point | None, hi_in: bool) -> Range:
        segment = seg.make(lo, lo_in, hi, hi_in)
        return _EMPTY if segment is None else cls._of((segment,))

    def _bisectable(self) -> seg.Index | None:
        """The bounds to bisect, when this range has many intervals."""
        index = self._index
        if index is None and len(self._segments) >= _MANY:
            index = self._index = seg.Index(self._segments)
        return index

    # Constructors ------------------------------------------------------------

    @classmethod
    def empty(cls) -> Range:
        """The set of no version."""
        return _EMPTY

    @classmethod
    def full(cls) -> Range:
        """The set of every version; ``str()`` is ``*``."""
        return _FULL

    @classmethod
    def singleton(cls, version: Version) -> Range:
        """Exactly *version* (not its local versions).

        >>> str(Range.singleton(Version.parse("1.0")))
        '==1.0'
        """
        return cls._one(version, True, version, True)

    @classmethod
    def higher_than(cls, version: Version) -> Range:
        """Versions ``>= version``."""
        return cls._one(version, True, None, False)

    @classmethod
    def strictly_higher_than(cls, version: Version) -> Range:
        """Versions ``> version`` in plain order (local and post-releases of it included)."""
        return cls._one(version, False, None, False)

    @classmethod
    def lower_than(cls, version: Version) -> Range:
        """Versions ``<= version`` in plain order (its local versions excluded)."""
        return cls._one(None, False, version, True)

    @classmethod
    def strictly_lower_than(cls, version: Version) -> Range:
        """Versions ``< version`` in plain order (its pre-releases included)."""
        return cls._one(None, False, version, False)

    @classmethod
    def between(cls, low: Version, high: Version) -> Range:
        """Versions from *low* (included) to *high* (excluded), in plain order."""
        return cls._one(low, True, high, False)

    @classmethod
    def from_specifier(cls, specifier: VersionSpecifier) -> Range:
        """The versions that one PEP 440 specifier admits, pre-releases included.

        Matches ``specifier.contains(v, prereleases=True)`` for every version,
        except for ``===``, taken as the parsed version alone (``===1.0``
        admits ``1.0.0`` here but not in PEP 440), or nothing when the string
        is no version. Pre-release policy is the resolver's, not the range's.

        >>> str(Range.from_specifier(VersionSpecifier.parse("~=1.4.2")))
        '>=1.4.2, <1.5'
        >>> str(Range.from_specifier(VersionSpecifier.parse("!=2.*")))
        '!=2.*'
        """
        # Keyed by text: equal specifiers spelled differently (>=2, >=2.0)
        # keep their own spelling in reports.
        text = str(specifier)
        cached = _SPECIFIER_CACHE.get(text)
        if cached is None:
            cached = _translate(specifier)
            if len(_SPECIFIER_CACHE) >= _CACHE_SIZE:
                _SPECIFIER_CACHE.clear()
            _SPECIFIER_CACHE[text] = cached
        return cached

    @classmethod
    def from_specifiers(cls, specifiers: Iterable[VersionSpecifier]) -> Range:
        """The versions that all *specifiers* admit (see `from_specifier`).

        >>> from puffin_pep440 import VersionSpecifiers
        >>> str(Range.from_specifiers(VersionSpecifiers.parse(">1.0, !=1.5, <=2.0")))
        '>1.0, !=1.5, <=2.0'
        """
        result = _FULL
        for specifier in specifiers:
            result = result.intersection(cls.from_specifier(specifier))
        return result

    # Queries -----------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether no version is in this range."""
        return not self._segments

    def is_full(self) -> bool:
        """Whether every version is in this range."""
        return self._segments == seg.FULL

    def as_singleton(self) -> Version | None:
        """The one version of a `singleton` range, else None."""
        if len(self._segments) == 1:
            lo, _, hi, _ = self._segments[0]
            if lo is not None and lo == hi and isinstance(lo, Version):
                return lo
        return None

    def exact_version(self) -> Version | None:
        """The one version this range admits besides that version's local versions, if so.

        That is what ``==1.0`` means; uv decides such packages early.

        >>> from puffin_pep440 import VersionSpecifiers
        >>> Range.from_specifiers(VersionSpecifiers.parse("==1.0")).exact_version()
        <Version('1.0')>
        >>> Range.from_specifiers(VersionSpecifiers.parse(">=1.0")).exact_version() is None
        True
        """
        if len(self._segments) != 1:
            return None
        lo, lo_in, hi, hi_in = self._segments[0]
        if not isinstance(lo, Version) or not lo_in or hi is None:
            return None
        if hi == lo and hi_in:
            return lo
        if not hi_in and lo.local is None and hi == local_successor(lo):
            return lo
        return None

    def lower_bound_admits(self, version: Version) -> bool:
        """Whether *version* is at or above the lowest bound of this range.

        Upper bounds and holes do not count: this is how uv judges a
        ``Requires-Python`` against the target Python.

        >>> from puffin_pep440 import VersionSpecifiers
        >>> within = Range.from_specifiers(VersionSpecifiers.parse(">=3.8, <3.10"))
        >>> within.lower_bound_admits(Version.parse("3.11"))
        True
        """
        if not self._segments:
            return True
        lo, lo_in, _, _ = self._segments[0]
        if lo is None:
            return True
        return version > lo or (lo_in and version == lo)

    def contains(self, version: Version) -> bool:
        """Whether *version* is in this range.

        >>> from puffin_pep440 import VersionSpecifiers
        >>> above = Range.from_specifiers(VersionSpecifiers.parse(">1.0"))
        >>> above.contains(Version.parse("1.0.post1")), above.contains(Version.parse("1.0.1"))
        (False, True)
        """
        return seg.contains(self._segments, self._bisectable(), version)

    def __contains__(self, version: object) -> bool:
        return isinstance(version, Version) and self.contains(version)

    def highest_in(self, versions: Sequence[Version]) -> Version | None:
        """The highest of ascending *versions* that is in this range, by bisection.

        >>> versions = [Version.parse(v) for v in ("1.0", "1.5", "2.0", "2.1")]
        >>> from puffin_pep440 import VersionSpecifiers
        >>> Range.from_specifiers(VersionSpecifiers.parse("<2")).highest_in(versions)
        <Version('1.5')>
        """
        for lo, lo_in, hi, hi_in in reversed(self._segments):
            if hi is None:
                end = len(versions)
            else:
                end = (bisect_right if hi_in else bisect_left)(versions, hi)
            if end:
                candidate = versions[end - 1]
                if lo is None or (candidate >= lo if lo_in else candidate > lo):
                    return candidate
        return None

    def lowest_in(self, versions: Sequence[Version]) -> Version | None:
        """The lowest of ascending *versions* that is in this range, by bisection."""
        for lo, lo_in, hi, hi_in in self._segments:
            if lo is None:
                start = 0
            else:
                start = (bisect_left if lo_in else bisect_right)(versions, lo)
            if start < len(versions):
                candidate = versions[start]
                if hi is None or (candidate <= hi if hi_in else candidate < hi):
                    return candidate
        return None

    def count_in(self, versions: Sequence[Version]) -> int:
        """How many of ascending *versions* are in this range, by bisection.

        >>> versions = [Version.parse(v) for v in ("1.0", "1.5", "2.0", "2.1")]
        >>> from puffin_pep440 import VersionSpecifiers
        >>> Range.from_specifiers(VersionSpecifiers.parse("!=1.5")).count_in(versions)
        3
        """
        segments = self._segments
        if len(segments) * 8 > len(versions):
            # Many intervals: one walk over both beats bisecting each.
            return seg.count(segments, versions)
        count = 0
        for lo, lo_in, hi, hi_in in segments:
            start = 0 if lo is None else (bisect_left if lo_in else bisect_right)(versions, lo)
            if hi is None:
                end = len(versions)
            else:
                end = (bisect_right if hi_in else bisect_left)(versions, hi)
            count += max(0, end - start)
        return count

    def subset_of(self, other: Range) -> bool:
        """Whether every version of this range is in *other*."""
        ours, theirs = self._segments, other._segments
        if self is other or not ours or theirs == seg.FULL:
            return True
        if len(ours) <= len(theirs):
            return seg.subset_of(ours, theirs, other._bisectable())
        # Many intervals inside few: none of them may meet the few gaps.
        return self.is_disjoint(other.complement())

    def is_disjoint(self, other: Range) -> bool:
        """Whether no version is in both ranges."""
        small, large = (
            (self, other) if len(self._segments) <= len(other._segments) else (other, self)
        )
        return seg.is_disjoint(small._segments, large._segments, large._bisectable())

    # Set operations ----------------------------------------------------------

    def complement(self) -> Range:
        """Every version not in this range."""
        result = self._complement
        if result is None:
            result = self._complement = Range._of(seg.complement(self._segments))
            result._complement = self
        return result

    def intersection(self, other: Range) -> Range:
        """The versions in both ranges."""
        ours, theirs = self._segments, other._segments
        if self is other or ours == seg.FULL or not theirs:
            return other
        if theirs == seg.FULL or not ours:
            return self
        if len(ours) < len(theirs):
            self, other = other, self
            ours, theirs = theirs, ours
        result = seg.intersection(ours, theirs, self._bisectable())
        return self if result == ours else Range._of(result)

    def union(self, other: Range) -> Range:
        """The versions in either range."""
        ours, theirs = self._segments, other._segments
        if self is other or not theirs or ours == seg.FULL:
            return self
        if not ours or theirs == seg.FULL:
            return other
        if len(ours) < len(theirs):
            self, other = other, self
            ours, theirs = theirs, ours
        result = seg.union(ours, theirs, self._bisectable())
        return self if result == ours else Range._of(result)

    def difference(self, other: Range) -> Range:
        """The versions in this range and not in *other*."""
        return self.intersection(other.complement())

    # Protocols ---------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Range):
            return self is other or self._segments == other._segments
        return NotImplemented

    def __hash__(self) -> int:
        cached = self._hash
        if cached is None:
            cached = self._hash = hash(self._segments)
        return cached

    def __str__(self) -> str:
        return render(self._segments)

    def __repr__(self) -> str:
        return f"<Range({str(self)!r})>"

    def __reduce__(self) -> tuple[object, ...]:
        return (Range._of, (self._segments,))


def is_plain(range: Range) -> bool:
    """Whether *range* is one interval whose text shows no helper bound (``>=2.0.dev0``)."""
    segments = range._segments
    return len(segments) == 1 and _plain_bounds(segments)


def _translate(specifier: VersionSpecifier) -> Range:
    """The range of one specifier; the rules follow `VersionSpecifier.contains`."""
    operator = specifier.operator
    if operator is Operator.EXACT_EQUAL:
        try:
            return Range.singleton(specifier.version)
        except ValueError:  # InvalidVersion: not a PEP 440 version, nothing matches it
            return _EMPTY
    version = specifier.version
    epoch, release = version.epoch, version.release
    if operator is Operator.GREATER_THAN_EQUAL:
        return Range._one(version, True, None, False)
    if operator is Operator.LESS_THAN:
        # <V admits no pre-release of V unless V is one itself.
        if not version.is_prerelease:
            return Range._one(None, False, release_floor(epoch, release, post=version.post), False)
        return Range._one(None, False, version, False)
    if operator is Operator.EQUAL_STAR or operator is Operator.NOT_EQUAL_STAR:
        prefix = Range._one(
            release_floor(epoch, release), True, next_release_floor(epoch, release), False
        )
        return prefix if operator is Operator.EQUAL_STAR else prefix.complement()
    if operator is Operator.TILDE_EQUAL:
        return Range._one(version, True, next_release_floor(epoch, release[:-1]), False)
    # The rest admit V's local versions when V has no label of its own.
    if operator is Operator.LESS_THAN_EQUAL:
        return Range._one(None, False, local_successor(version), False)
    if operator is Operator.EQUAL or operator is Operator.NOT_EQUAL:
        if version.local is not None:
            equal = Range.singleton(version)
        else:
            equal = Range._one(version, True, local_successor(version), False)
        return equal if operator is Operator.EQUAL else equal.complement()
    # >V admits no post-release of V unless V is one (nor a local version of V).
    if version.post is None and version.dev is None:
        pre = version.pre
        if pre is None:
            return Range._one(AfterRelease(version), False, None, False)
        # Above every post-release of 1.0a1 the next version is 1.0a2.dev0.
        return Range._one(version.replace(pre=(pre[0], pre[1] + 1), dev=0), True, None, False)
    return Range._one(local_successor(version), True, None, False)


_EMPTY: Final = Range._of(())
_FULL: Final = Range._of(seg.FULL)
_CACHE_SIZE: Final = 1 << 14
_SPECIFIER_CACHE: dict[str, Range] = {}
