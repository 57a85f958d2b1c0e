"""Package and extra names, stored normalized."""

from __future__ import annotations

import re
from typing import ClassVar, Self

from puffin_normalize.errors import InvalidName

__all__ = ["ExtraName", "PackageName", "is_normalized", "normalize"]

# PEP 508 names: ASCII letters and digits at both ends, `-`, `_`, `.` inside.
# Matched with fullmatch, as `$` would also accept a trailing newline, and
# with re.ASCII, as case folding would let U+212A (Kelvin sign) pass for "k".
_VALID = re.compile(r"[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9]", re.IGNORECASE | re.ASCII)
_SEPARATORS = re.compile(r"[-_.]+")
_NORMALIZED = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def normalize(name: str) -> str:
    """Normalize a valid name per PEP 503: lowercase, runs of ``-_.`` become ``-``.

    >>> normalize("Foo__Bar.baz")
    'foo-bar-baz'
    """
    return _SEPARATORS.sub("-", name).lower()


def is_normalized(name: str) -> bool:
    """Whether *name* is already in its normalized form.

    >>> is_normalized("foo-bar"), is_normalized("Foo_bar")
    (True, False)
    """
    return _NORMALIZED.fullmatch(name) is not None


class PackageName(str):
    """A normalized project name (PEP 503), usable wherever a ``str`` is.

    Two spellings of one project compare equal once parsed:

    >>> PackageName.parse("Django") == PackageName.parse("django")
    True
    """

    __slots__ = ()
    _kind: ClassVar[str] = "package name"

    @classmethod
    def parse(cls, name: str) -> Self:
        """Validate *name* and return it normalized; raise `InvalidName` otherwise."""
        if is_normalized(name):
            return cls(name)
        if _VALID.fullmatch(name) is None:
            raise InvalidName(name, kind=cls._kind)
        return cls(normalize(name))

    @classmethod
    def from_normalized(cls, name: str) -> Self:
        """Wrap a name known to be normalized already (no validation)."""
        return cls(name)

    def as_dist_info_name(self) -> str:
        """The name as it appears in ``.dist-info`` directories and wheel filenames.

        >>> PackageName.parse("foo-bar").as_dist_info_name()
        'foo_bar'
        """
        return self.replace("-", "_")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({str.__repr__(self)})>"


class ExtraName(PackageName):
    """A normalized extra name (PEP 685 normalizes extras like project names).

    >>> ExtraName.parse("Socks_Proxy")
    <ExtraName('socks-proxy')>
    """

    __slots__ = ()
    _kind: ClassVar[str] = "extra name"
