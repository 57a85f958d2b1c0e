"""Set algebra over sorted, disjoint intervals of versions: the engine of `Range`.

An interval is ``(lower, lower included, upper, upper included)``, None
being unbounded (and then "included" False). The form is canonical, so that
equal sets are equal tuples: a bound at an `AfterRelease` point is never
included (no version sits there), and a lower bound of Version.MIN, the
lowest version, is written as unbounded. No two versions are adjacent in PEP
440's order (``1.0+a`` lies between ``1.0`` and anything above it), so no
other two spellings of one set exist.

Ranges in a resolution often hold many intervals (every version ruled out
is a hole) while the ranges they meet hold one or two: operations between a
large and a small side locate the small side's intervals by bisection over
the large side's bounds (see `Index`), instead of walking all of it.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Final

from puffin_pep440 import Version
from puffin_resolver._bounds import AfterRelease, Point

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "FULL",
    "Segment",
    "Segments",
    "complement",
    "contains",
    "count",
    "intersection",
    "is_disjoint",
    "make",
    "subset_of",
    "union",
    "Index",
]

Segment = tuple[Point | None, bool, Point | None, bool]
Segments = tuple[Segment, ...]

FULL: Final[Segments] = ((None, False, None, False),)
_MIN: Final = Version.MIN
# Below this many intervals on the large side, plain merging beats bisection.
_SMALL: Final = 4


def make(lo: Point | None, lo_in: bool, hi: Point | None, hi_in: bool) -> Segment | None:
    """The canonical interval, or None when it holds no version."""
    if lo is not None:
        if type(lo) is AfterRelease:
            lo_in = False
        elif lo_in and lo == _MIN:
            lo, lo_in = None, False
    if hi is not None:
        if type(hi) is AfterRelease:
            hi_in = False
        if lo is None:
            if not hi_in and hi == _MIN:
                return None
        elif hi < lo or (hi == lo and not (lo_in and hi_in)):
            return None
    return (lo, lo_in, hi, hi_in)


def _starts_before(a: Segment, b: Segment) -> bool:
    """Whether *a*'s lower bound is below *b*'s, or the same."""
    alo, blo = a[0], b[0]
    if alo is None:
        return True
    if blo is None:
        return False
    if alo < blo:
        return True
    if blo < alo:
        return False
    return a[1] or not b[1]


def _ends_before(a: Segment, b: Segment) -> bool:
    """Whether *a*'s upper bound is below *b*'s, or the same."""
    ahi, bhi = a[2], b[2]
    if bhi is None:
        return True
    if ahi is None:
        return False
    if ahi < bhi:
        return True
    if bhi < ahi:
        return False
    return b[3] or not a[3]


def _separated(a: Segment, b: Segment) -> bool:
    """Whether some version lies between *a* and *b*, which ends no earlier (no merging)."""
    hi, lo = a[2], b[0]
    if hi is None or lo is None:
        return False
    if hi < lo:
        return True
    # At an AfterRelease point neither side is included, yet nothing is missing.
    return hi == lo and not a[3] and not b[1] and type(hi) is not AfterRelease


def _below(a: Segment, b: Segment) -> bool:
    """Whether every version of *a* is below every version of *b*."""
    hi, lo = a[2], b[0]
    if hi is None or lo is None:
        return False
    return hi < lo or (hi == lo and not (a[3] and b[1]))


def _meet(a: Segment, b: Segment) -> Segment | None:
    """The intersection of two intervals."""
    start = b if _starts_before(a, b) else a
    end = a if _ends_before(a, b) else b
    return make(start[0], start[1], end[2], end[3])


class Index:
    """The bounds of many intervals, listed for bisection."""

    __slots__ = ("highs", "lows", "offset")

    def __init__(self, segments: Segments) -> None:
        """Index *segments*: only the first may lack a lower bound, the last an upper one."""
        self.highs = [segment[2] for segment in segments if segment[2] is not None]
        self.lows = [segment[0] for segment in segments if segment[0] is not None]
        self.offset = len(segments) - len(self.lows)


def _locate_end(segments: Segments, index: Index, hi: Point | None, hi_in: bool) -> int:
    """The index of the first interval wholly above the upper bound ``hi``."""
    if hi is None:
        return len(segments)
    lows = index.lows
    found = bisect_left(lows, hi)
    if found < len(lows) and lows[found] == hi and segments[found + index.offset][1] and hi_in:
        found += 1
    return found + index.offset


def _locate(segments: Segments, index: Index, lo: Point | None, lo_in: bool) -> int:
    """The index of the first interval not wholly below the lower bound ``lo``."""
    if lo is None:
        return 0
    highs = index.highs
    found = bisect_left(highs, lo)
    if found < len(highs) and highs[found] == lo and not (segments[found][3] and lo_in):
        found += 1
    return found


def contains(segments: Segments, index: Index | None, version: Version) -> bool:
    """Whether *version* is in the intervals (with their *index*, to bisect)."""
    if index is not None:
        found = _locate(segments, index, version, True)
        if found == len(segments):
            return False
        segments = segments[found : found + 1]
    for lo, lo_in, hi, hi_in in segments:
        if lo is not None and (version < lo if lo_in else version <= lo):
            return False
        if hi is None or (version <= hi if hi_in else version < hi):
            return True
    return False


def count(segments: Segments, versions: Sequence[Version]) -> int:
    """How many of ascending *versions* are in the intervals, in one walk over both."""
    found = 0
    i, total = 0, len(segments)
    for version in versions:
        while i < total:
            hi = segments[i][2]
            if hi is None or (version <= hi if segments[i][3] else version < hi):
                break
            i += 1  # this interval ends below the version, and below all that follow
        if i == total:
            break
        lo = segments[i][0]
        if lo is None or (version >= lo if segments[i][1] else version > lo):
            found += 1
    return found


def complement(segments: Segments) -> Segments:
    """Every version not in the intervals."""
    if not segments:
        return FULL
    out: list[Segment] = []
    lo: Point | None = None
    lo_in = False
    for seg_lo, seg_lo_in, seg_hi, seg_hi_in in segments:
        if seg_lo is not None:
            gap = make(lo, lo_in, seg_lo, not seg_lo_in)
            if gap is not None:
                out.append(gap)
        if seg_hi is None:
            return tuple(out)
        lo, lo_in = seg_hi, not seg_hi_in
    tail = make(lo, lo_in, None, False)
    if tail is not None:
        out.append(tail)
    return tuple(out)


def intersection(ours: Segments, theirs: Segments, index: Index | None = None) -> Segments:
    """The versions in both; *index* (of *ours*) when *ours* is the large side."""
    if index is not None and len(theirs) < _SMALL:
        out: list[Segment] = []
        for small in theirs:
            first = _locate(ours, index, small[0], small[1])
            end = _locate_end(ours, index, small[2], small[3])
            if first >= end:
                continue
            # Only the outermost intervals can stick out of small.
            head = _meet(ours[first], small)
            if head is not None:
                out.append(head)
            if end - first > 1:
                out.extend(ours[first + 1 : end - 1])
                tail = _meet(ours[end - 1], small)
                if tail is not None:
                    out.append(tail)
        return tuple(out)
    out = []
    i = j = 0
    while i < len(ours) and j < len(theirs):
        a, b = ours[i], theirs[j]
        piece = _meet(a, b)
        if piece is not None:
            out.append(piece)
        if _ends_before(a, b):
            i += 1
        else:
            j += 1
    return tuple(out)


def union(ours: Segments, theirs: Segments, index: Index | None = None) -> Segments:
    """The versions in either; *index* (of *ours*) when *ours* is large, *theirs* one interval."""
    if index is not None and len(theirs) == 1:
        small = theirs[0]
        first = _locate(ours, index, small[0], small[1])
        # _locate skips what lies wholly below; keep what merely touches.
        while first and not _separated(ours[first - 1], small):
            first -= 1
        last = first
        while last < len(ours) and not _separated(small, ours[last]):
            last += 1
        if first == last:
            return (*ours[:first], small, *ours[first:])
        start = ours[first] if _starts_before(ours[first], small) else small
        end = small if _ends_before(ours[last - 1], small) else ours[last - 1]
        merged = (start[0], start[1], end[2], end[3])
        return (*ours[:first], merged, *ours[last:])
    out: list[Segment] = []
    i = j = 0
    while i < len(ours) or j < len(theirs):
        if j == len(theirs) or (i < len(ours) and _starts_before(ours[i], theirs[j])):
            segment = ours[i]
            i += 1
        else:
            segment = theirs[j]
            j += 1
        if out and not _separated(out[-1], segment):
            previous = out[-1]
            if not _ends_before(segment, previous):
                out[-1] = (previous[0], previous[1], segment[2], segment[3])
        else:
            out.append(segment)
    return tuple(out)


def is_disjoint(small: Segments, large: Segments, index: Index | None = None) -> bool:
    """Whether no version is in both (with the *index* of *large*, to bisect)."""
    if index is not None:
        for segment in small:
            found = _locate(large, index, segment[0], segment[1])
            if found < len(large) and not _below(segment, large[found]):
                return False
        return True
    i = j = 0
    while i < len(small) and j < len(large):
        a, b = small[i], large[j]
        if not _below(a, b) and not _below(b, a):
            return False
        if _ends_before(a, b):
            i += 1
        else:
            j += 1
    return True


def subset_of(ours: Segments, theirs: Segments, index: Index | None = None) -> bool:
    """Whether every version of *ours* is in *theirs* (with its *index*, to bisect)."""
    count = len(theirs)
    if index is not None:
        for segment in ours:
            found = _locate(theirs, index, segment[0], segment[1])
            if found == count:
                return False
            outer = theirs[found]
            if not (_starts_before(outer, segment) and _ends_before(segment, outer)):
                return False
        return True
    j = 0
    for segment in ours:
        while j < count and _below(theirs[j], segment):
            j += 1
        if j == count:
            return False
        outer = theirs[j]
        if not (_starts_before(outer, segment) and _ends_before(segment, outer)):
            return False
    return True
