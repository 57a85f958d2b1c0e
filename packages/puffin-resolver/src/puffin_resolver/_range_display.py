"""Spell a range's intervals as short PEP 440-like text (``>=1.0, !=1.5, <2.0``).

The bounds that specifiers produce are helper versions (``<2.0`` is "below
2.0.dev0", ``<=2.0`` "below 2.0.post0.dev0"); they are written back as the
operator a person would have used. Bounds that no specifier produces (from
`Range.strictly_lower_than` and the like) are written plainly, which reads
well though PEP 440 gives the text a slightly different meaning.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from puffin_pep440 import Version
from puffin_resolver._bounds import AfterRelease, Point, local_successor, next_release_floor

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["is_plain", "render"]

_Segment = tuple[Point | None, bool, Point | None, bool]


def _is_floor(version: Version) -> bool:
    """Whether *version* is ``X.dev0`` or ``X.postN.dev0``: a helper bound of ``<X``."""
    return version.dev == 0 and version.pre is None and version.local is None


def _lower(lo: Point, included: bool) -> str:
    if isinstance(lo, AfterRelease):
        return f">{lo.version}"
    if not included:
        return f">{lo}"
    pre = lo.pre
    if pre is not None and pre[1] and lo.dev == 0 and lo.post is None and lo.local is None:
        # The first version after 1.0a1 and its post-releases: PEP 440's >1.0a1.
        return f">{lo.replace(pre=(pre[0], pre[1] - 1), dev=None)}"
    return f">={lo}"


def _upper(hi: Point, included: bool) -> str:
    if isinstance(hi, AfterRelease):
        return f"<={hi.version}.post*"
    if included:
        return f"<={hi}"
    if hi.dev == 0 and hi.local is None:
        post = hi.post
        if post == 0:
            return f"<={hi.replace(post=None, dev=None)}"  # below local_successor(X)
        if hi.pre is None:
            return f"<{hi.replace(dev=None)}"  # X.dev0 or X.postN.dev0: PEP 440's <X
        if post is not None:
            return f"<={hi.replace(post=post - 1, dev=None)}"
    return f"<{hi}"


def _equal(lo: Point | None, lo_in: bool, hi: Point | None, hi_in: bool) -> str | None:
    """``==X`` or ``==X.*`` when the interval is that set."""
    if not isinstance(lo, Version) or not isinstance(hi, Version) or not lo_in:
        return None
    if hi_in:
        return f"=={lo}" if lo == hi else None
    if lo.local is None and hi == local_successor(lo):
        return f"=={lo}"
    floor = lo.dev == 0 and lo.pre is None and lo.post is None and lo.local is None
    if floor and hi == next_release_floor(lo.epoch, lo.release):
        return f"=={lo.replace(dev=None)}.*"
    return None


def _gap(before: _Segment, after: _Segment) -> str | None:
    """``!=X`` or ``!=X.*`` when the versions between two intervals are that set."""
    hi, hi_in, lo, lo_in = before[2], before[3], after[0], after[1]
    if isinstance(hi, Version) and hi == lo and not hi_in and not lo_in:
        return f"!={hi}"
    equal = _equal(hi, not hi_in, lo, not lo_in)
    return None if equal is None else "!" + equal[1:]


def _render_one(segment: _Segment) -> str:
    lo, lo_in, hi, hi_in = segment
    if lo is None and hi is None:
        return "*"
    equal = _equal(lo, lo_in, hi, hi_in)
    if equal is not None:
        return equal
    parts = []
    if lo is not None:
        parts.append(_lower(lo, lo_in))
    if hi is not None:
        parts.append(_upper(hi, hi_in))
    return ", ".join(parts)


def render(segments: Sequence[_Segment]) -> str:
    """The text of a range: ``*``, ``∅``, ``==1.0``, ``>=1.0, !=1.5, <2.0``, ``<1.0 | >=2.0``."""
    if not segments:
        return "∅"
    if len(segments) == 1:
        return _render_one(segments[0])
    gaps = [_gap(a, b) for a, b in pairwise(segments)]
    if all(gap is not None for gap in gaps):
        first, last = segments[0], segments[-1]
        parts = [] if first[0] is None else [_lower(first[0], first[1])]
        parts.extend(gap for gap in gaps if gap is not None)
        if last[2] is not None:
            parts.append(_upper(last[2], last[3]))
        return ", ".join(parts)
    return " | ".join(_render_one(segment) for segment in segments)


def is_plain(segments: Sequence[_Segment]) -> bool:
    """Whether the text of a range shows no helper bound (``>=2.0.dev0``, ``.post*``).

    The report words a lack of versions as "only X is available" when X is plain.
    """
    for lo, lo_in, hi, _ in segments:
        if isinstance(lo, Version) and lo_in and _is_floor(lo):
            return False
        if isinstance(hi, AfterRelease):
            return False
    return True
