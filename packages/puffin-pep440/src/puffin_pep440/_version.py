"""`Version`: a PEP 440 version, parsed, normalized and totally ordered."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, ClassVar, Final

from puffin_pep440._key import (
    FINAL,
    PRE_LETTER,
    PRE_RANK,
    RANK_DEV_ONLY,
    RANK_NO_PRE,
    Key,
    is_prerelease_key,
    local_key,
    make_suffix,
    trim,
)
from puffin_pep440._parse_version import PRE_LETTERS, VERSION_RE, diagnose, parse_local
from puffin_pep440.errors import InvalidVersion

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Version"]


_DIGITS_AND_DOTS: Final = frozenset("0123456789.")

# Parsed versions are immutable, so equal strings can share one object. The
# cache is cleared when full: cheaper than LRU bookkeeping on every hit.
_CACHE: dict[str, Version] = {}
_CACHE_SIZE: Final = 1 << 15
_UNSET: Any = object()


class Version:
    """A PEP 440 version (https://peps.python.org/pep-0440/).

    Build one with :meth:`parse`; ``str()`` gives the normalized form and
    comparisons follow PEP 440, with trailing zeros ignored.

    >>> Version.parse("1.0-Alpha-1") < Version.parse("1.0") == Version.parse("1.0.0")
    True
    >>> Version.parse("v1!2.0rc1.post2.dev3+Ubuntu-1")
    <Version('1!2.0rc1.post2.dev3+ubuntu.1')>
    """

    # Few slots and few objects, since each costs time on the hot parse path:
    # pre, post, dev and local are read back from the key, and ``_str`` is set
    # on first use.
    __slots__ = ("_key", "_release", "_str")

    #: The lowest version there is (``0.dev0``): every other version is greater.
    MIN: ClassVar[Version]

    _key: Key
    _release: tuple[int, ...]
    _str: str

    def __init__(
        self,
        release: Iterable[int],
        *,
        epoch: int = 0,
        pre: tuple[str, int] | None = None,
        post: int | None = None,
        dev: int | None = None,
        local: str | Iterable[int | str] | None = None,
    ) -> None:
        """Build a version from its parts, checking each one.

        ``pre`` is a letter and a number, the letter in any PEP 440 spelling
        (``("alpha", 1)`` becomes ``("a", 1)``); ``local`` is a label such as
        ``"ubuntu.1"`` or its parts.

        >>> Version((1, 2), pre=("beta", 3), local="Deb-7")
        <Version('1.2b3+deb.7')>

        :raises TypeError: for a string ``release``; use :meth:`parse` for text.
        :raises ValueError: for a negative number, an unknown letter or a bad label.
        """
        checked: object = release
        if isinstance(checked, str):
            raise TypeError("Version() takes the release numbers; use Version.parse(text)")
        parts = tuple(release)
        if not parts or not all(_is_natural(part) for part in parts):
            raise ValueError(f"release must be one or more non-negative ints, got {parts!r}")
        if not _is_natural(epoch):
            raise ValueError(f"epoch must be a non-negative int, got {epoch!r}")
        if pre is not None:
            pre = _check_pre(pre)
        for name, value in (("post", post), ("dev", dev)):
            if value is not None and not _is_natural(value):
                raise ValueError(f"{name} must be a non-negative int, got {value!r}")
        self._set(epoch, parts, pre, post, dev, _check_local(local))

    def _set(
        self,
        epoch: int,
        release: tuple[int, ...],
        pre: tuple[str, int] | None,
        post: int | None,
        dev: int | None,
        local: tuple[int | str, ...] | None,
    ) -> None:
        self._release = release
        trimmed = release if release[-1] else trim(release)
        if pre is None and post is None and dev is None:
            suffix = FINAL
        else:
            suffix = make_suffix(pre, post, dev)
        if local is None:
            self._key = (epoch, trimmed, suffix)
        else:
            self._key = (epoch, trimmed, suffix, local_key(local))

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse any PEP 440 spelling of a version.

        Accepts a leading ``v``, surrounding whitespace, any letter case, the
        alternative spellings and separators of pre-, post- and dev-releases,
        implicit post-releases (``1.0-1``) and numbers of any size.

        >>> Version.parse(" V1.0-preview_2 ")
        <Version('1.0rc2')>
        >>> Version.parse("2023.06.28.214621").release
        (2023, 6, 28, 214621)

        :raises InvalidVersion: when *text* is not a PEP 440 version.
        """
        try:
            cached = _CACHE.get(text)
        except TypeError:
            raise diagnose(text) from None
        if cached is not None:
            return cached
        try:
            plain = _DIGITS_AND_DOTS.issuperset(text)
        except TypeError:
            raise diagnose(text) from None  # not a string: diagnose() says so
        if plain:
            # Fast path for the common plain release ("1.2.3"): no regex.
            try:
                release = tuple(map(int, text.split(".")))
            except ValueError:
                raise InvalidVersion._undiagnosed(text) from None
            self = object.__new__(Version)
            self._release = release
            if release[-1]:
                self._key = (0, release, FINAL)
            else:
                end = len(release) - 1
                while end and not release[end - 1]:
                    end -= 1
                self._key = (0, release[:end], FINAL)
        else:
            self = _parse_full(text)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[text] = self
        return self

    @classmethod
    def from_release(cls, *parts: int) -> Version:
        """A final release from its numbers.

        >>> Version.from_release(3, 12)
        <Version('3.12')>
        """
        return cls(parts)

    def replace(
        self,
        *,
        epoch: int = _UNSET,
        release: Iterable[int] = _UNSET,
        pre: tuple[str, int] | None = _UNSET,
        post: int | None = _UNSET,
        dev: int | None = _UNSET,
        local: str | Iterable[int | str] | None = _UNSET,
    ) -> Version:
        """A copy with some parts changed (``None`` removes a part).

        >>> Version.parse("1.2rc1").replace(pre=None, post=1)
        <Version('1.2.post1')>
        """
        return Version(
            self._release if release is _UNSET else release,
            epoch=self.epoch if epoch is _UNSET else epoch,
            pre=self.pre if pre is _UNSET else pre,
            post=self.post if post is _UNSET else post,
            dev=self.dev if dev is _UNSET else dev,
            local=self.local if local is _UNSET else local,
        )

    @property
    def epoch(self) -> int:
        """The epoch, 0 when not written (``1!2.0`` has epoch 1)."""
        epoch: int = self._key[0]
        return epoch

    @property
    def release(self) -> tuple[int, ...]:
        """The release numbers as written, trailing zeros included.

        >>> Version.parse("1.0.0").release
        (1, 0, 0)
        """
        return self._release

    @property
    def pre(self) -> tuple[str, int] | None:
        """The pre-release as ``("a" | "b" | "rc", number)``, or None.

        >>> Version.parse("1.0beta").pre
        ('b', 0)
        """
        rank, number = self._key[2][:2]
        return (PRE_LETTER[rank], number) if 0 <= rank < RANK_NO_PRE else None

    @property
    def post(self) -> int | None:
        """The post-release number, or None."""
        post: int = self._key[2][2]
        return None if post < 0 else post

    @property
    def dev(self) -> int | None:
        """The dev-release number, or None."""
        suffix = self._key[2]
        return None if suffix[3] else suffix[4]

    @property
    def local(self) -> tuple[int | str, ...] | None:
        """The local label's parts, numbers as ints, or None.

        >>> Version.parse("1.0+Ubuntu-1").local
        ('ubuntu', 1)
        """
        if len(self._key) == 3:
            return None
        return tuple(part for _, part in self._key[3])

    @property
    def is_prerelease(self) -> bool:
        """Whether this is a pre-release or a dev-release (which PEP 440 counts as one)."""
        return is_prerelease_key(self._key)

    @property
    def is_devrelease(self) -> bool:
        """Whether this is a dev-release."""
        return not self._key[2][3]

    @property
    def is_postrelease(self) -> bool:
        """Whether this is a post-release."""
        post: int = self._key[2][2]
        return post >= 0

    @property
    def is_local(self) -> bool:
        """Whether this version has a local label."""
        return len(self._key) > 3

    @property
    def major(self) -> int:
        """The first release number."""
        return self._release[0]

    @property
    def minor(self) -> int:
        """The second release number, 0 when there is none."""
        return self._release[1] if len(self._release) > 1 else 0

    @property
    def micro(self) -> int:
        """The third release number, 0 when there is none."""
        return self._release[2] if len(self._release) > 2 else 0

    def base_version(self) -> Version:
        """The epoch and release alone.

        >>> Version.parse("1!2.0rc1.post1+abc").base_version()
        <Version('1!2.0')>
        """
        if self._key[2] is FINAL and len(self._key) == 3:
            return self
        return _build(self._key[0], self._release, None, None, None, None)

    def without_local(self) -> Version:
        """The public version: this one without its local label.

        >>> Version.parse("1.0+abc").without_local()
        <Version('1.0')>
        """
        if len(self._key) == 3:
            return self
        return _build(self._key[0], self._release, self.pre, self.post, self.dev, None)

    def __str__(self) -> str:
        try:
            return self._str
        except AttributeError:
            pass
        text = ".".join(map(str, self._release))
        if self._key[0]:
            text = f"{self._key[0]}!{text}"
        if self._key[2] is not FINAL or len(self._key) > 3:
            pre, post, dev, local = self.pre, self.post, self.dev, self.local
            if pre is not None:
                text += f"{pre[0]}{pre[1]}"
            if post is not None:
                text += f".post{post}"
            if dev is not None:
                text += f".dev{dev}"
            if local is not None:
                text += "+" + ".".join(map(str, local))
        self._str = text
        return text

    def __repr__(self) -> str:
        return f"<Version({str(self)!r})>"

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Version):
            return self._key == other._key
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Version):
            return self._key != other._key
        return NotImplemented

    def __lt__(self, other: Version) -> bool:
        if isinstance(other, Version):
            return self._key < other._key
        return NotImplemented

    def __le__(self, other: Version) -> bool:
        if isinstance(other, Version):
            return self._key <= other._key
        return NotImplemented

    def __gt__(self, other: Version) -> bool:
        if isinstance(other, Version):
            return self._key > other._key
        return NotImplemented

    def __ge__(self, other: Version) -> bool:
        if isinstance(other, Version):
            return self._key >= other._key
        return NotImplemented

    def __reduce__(self) -> tuple[Any, ...]:
        return (Version.parse, (str(self),))

    def __copy__(self) -> Version:
        return self

    def __deepcopy__(self, memo: object) -> Version:
        return self


def _is_natural(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_pre(pre: object) -> tuple[str, int]:
    if isinstance(pre, tuple) and len(pre) == 2:
        letter, number = pre
        if isinstance(letter, str) and letter.lower() in PRE_LETTERS and _is_natural(number):
            return (PRE_LETTERS[letter.lower()], number)
    raise ValueError(f"pre must be (letter, non-negative int), got {pre!r}")


def _check_local(local: str | Iterable[int | str] | None) -> tuple[int | str, ...] | None:
    if local is None:
        return None
    if isinstance(local, str):
        label = local
    else:
        parts = tuple(local)
        if not all(_is_natural(part) or isinstance(part, str) for part in parts):
            raise ValueError(f"local parts must be words or non-negative ints, got {parts!r}")
        label = ".".join(map(str, parts))
    if VERSION_RE.fullmatch(f"0+{label}") is None:
        raise ValueError(f"invalid local version label {label!r}")
    return parse_local(label)


def _build(
    epoch: int,
    release: tuple[int, ...],
    pre: tuple[str, int] | None,
    post: int | None,
    dev: int | None,
    local: tuple[int | str, ...] | None,
) -> Version:
    """A version from parts known to be valid (no checks)."""
    self = object.__new__(Version)
    self._set(epoch, release, pre, post, dev, local)
    return self


def _parse_full(text: str) -> Version:
    """Parse with the full grammar; `_set` inlined, as this is the hot path."""
    match = _fullmatch(text.strip())
    if match is None:
        raise InvalidVersion._undiagnosed(text)
    epoch, release, pre_l, pre_n, post_implicit, post_l, post_n, dev_l, dev_n, local = (
        match.groups()
    )
    try:
        numbers = tuple(map(int, release.split(".")))
        if pre_l is None:
            pre = None
            rank = pre_number = 0  # set below
        else:
            letter = _LETTERS[pre_l]
            pre_number = int(pre_n) if pre_n else 0
            pre = (letter, pre_number)
            rank = PRE_RANK[letter]
        if post_implicit is not None:
            post: int | None = int(post_implicit)
        elif post_l is not None:
            post = int(post_n) if post_n else 0
        else:
            post = None
        dev = None if dev_l is None else (int(dev_n) if dev_n else 0)
        labels = None if local is None else parse_local(local)
        key_epoch = int(epoch) if epoch else 0
    except ValueError:
        # int() refuses more digits than sys.get_int_max_str_digits().
        raise InvalidVersion._undiagnosed(text) from None
    self = object.__new__(Version)
    self._release = numbers
    trimmed = numbers if numbers[-1] else trim(numbers)
    if pre is None and post is None and dev is None:
        suffix = FINAL
    else:
        if pre is None:
            rank = RANK_DEV_ONLY if post is None else RANK_NO_PRE
        suffix = (
            rank,
            pre_number,
            -1 if post is None else post,
            1 if dev is None else 0,
            0 if dev is None else dev,
        )
    if labels is None:
        self._key = (key_epoch, trimmed, suffix)
    else:
        self._key = (key_epoch, trimmed, suffix, local_key(labels))
    return self


# Every case of every spelling, so that the hot path skips str.lower().
_LETTERS: Final = {
    "".join(cased): normal
    for spelling, normal in PRE_LETTERS.items()
    for cased in itertools.product(*({char.lower(), char.upper()} for char in spelling))
}
_fullmatch = VERSION_RE.fullmatch
Version.MIN = _build(0, (0,), None, None, 0, None)
