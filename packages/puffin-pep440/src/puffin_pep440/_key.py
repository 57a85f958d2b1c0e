"""Comparison keys of versions, and the bounds that specifiers compare them with."""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "ABOVE_EVERY_LOCAL",
    "FINAL",
    "PRE_LETTER",
    "PRE_RANK",
    "RANK_DEV_ONLY",
    "RANK_NO_PRE",
    "Key",
    "after_locals",
    "after_posts",
    "is_prerelease_key",
    "local_key",
    "make_suffix",
    "release_key",
    "trim",
]

# Comparison keys. A version's key is ``(epoch, release, suffix)``: ``release``
# without trailing zeros (1.0 == 1), ``suffix`` a flat tuple of ints ``(pre
# rank, pre number, post number or -1, 0 if dev else 1, dev number)``. The pre
# rank puts a dev-only release (1.0.dev1) first, then a, b, rc, then everything
# without a pre-release. With a local label the key grows a fourth item, so
# 1.0 < 1.0+anything < 1.0.post0. Local words sort before numbers, as PEP 440
# asks: a word is ``(0, word)``, a number ``(1, n)``.
#
# Specifiers compare keys with bounds that no version has (see `after_locals`
# and `after_posts`), so that every operator is one or two tuple comparisons.
PRE_RANK: Final = {"a": 0, "b": 1, "rc": 2}
PRE_LETTER: Final = ("a", "b", "rc")
RANK_DEV_ONLY: Final = -1
RANK_NO_PRE: Final = 3
FINAL: Final = (RANK_NO_PRE, 0, -1, 1, 0)
DEV0: Final = (RANK_DEV_ONLY, 0, -1, 0, 0)
ABOVE_EVERY_LOCAL: Final = ((2,),)

Key = tuple[Any, ...]


def trim(release: tuple[int, ...]) -> tuple[int, ...]:
    end = len(release)
    while end and not release[end - 1]:
        end -= 1
    return release[:end]


def make_suffix(
    pre: tuple[str, int] | None, post: int | None, dev: int | None
) -> tuple[int, int, int, int, int]:
    if pre is not None:
        rank, number = PRE_RANK[pre[0]], pre[1]
    elif post is None and dev is not None:
        rank, number = RANK_DEV_ONLY, 0
    else:
        rank, number = RANK_NO_PRE, 0
    return (
        rank,
        number,
        -1 if post is None else post,
        1 if dev is None else 0,
        0 if dev is None else dev,
    )


def local_key(local: tuple[int | str, ...]) -> tuple[tuple[int, int | str], ...]:
    return tuple((1, part) if isinstance(part, int) else (0, part) for part in local)


def is_prerelease_key(key: Key) -> bool:
    """Whether the version with this key is a pre- or dev-release."""
    suffix = key[2]
    return suffix[0] < RANK_NO_PRE or not suffix[3]


def release_key(epoch: int, release: tuple[int, ...], *, post: int | None = None) -> Key:
    """The key of ``<epoch>!<release>[.post<post>].dev0``: the lowest of its release."""
    return (epoch, trim(release), DEV0 if post is None else make_suffix(None, post, 0))


def after_locals(key: Key) -> Key:
    """A bound above the version of *key* and all its local versions, below the next."""
    return (key[0], key[1], key[2], ABOVE_EVERY_LOCAL)


def after_posts(key: Key) -> Key:
    """A bound above the version of *key* and all its post-releases, below the next."""
    suffix = key[2]
    return (key[0], key[1], (suffix[0], suffix[1], float("inf")))
