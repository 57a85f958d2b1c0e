"""`VersionSpecifier`: one operator and version, such as ``>=1.2`` (PEP 440)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from puffin_pep440._key import (
    FINAL,
    Key,
    after_locals,
    after_posts,
    is_prerelease_key,
    release_key,
)
from puffin_pep440._operator import Operator
from puffin_pep440._version import Version
from puffin_pep440.errors import InvalidSpecifier, InvalidVersion

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["VersionSpecifier"]

_BY_SPELLING: Final = {
    "~=": Operator.TILDE_EQUAL,
    "==": Operator.EQUAL,
    "!=": Operator.NOT_EQUAL,
    "<=": Operator.LESS_THAN_EQUAL,
    ">=": Operator.GREATER_THAN_EQUAL,
    "<": Operator.LESS_THAN,
    ">": Operator.GREATER_THAN,
}
_OPERATOR_CHARS: Final = frozenset("=!<>~")
# Tuples, not sets: Enum hashes in Python, while `in` on a tuple tries identity first.
_WILDCARDS: Final = (Operator.EQUAL_STAR, Operator.NOT_EQUAL_STAR)
_TAKES_LOCAL: Final = (Operator.EQUAL, Operator.NOT_EQUAL, Operator.EXACT_EQUAL)
_TILDE_EQUAL: Final = Operator.TILDE_EQUAL
_CACHE: dict[str, VersionSpecifier] = {}
_CACHE_SIZE: Final = 1 << 13


def _next_release_key(epoch: int, prefix: tuple[int, ...]) -> Key:
    """The key of the lowest version above every version starting with *prefix*."""
    return release_key(epoch, (*prefix[:-1], prefix[-1] + 1))


def _matcher(operator: Operator, version: Version) -> Callable[[Version], bool]:
    """A predicate for the versions that *operator* *version* admits.

    The rules are those of PEP 440 as the ``packaging`` library applies them,
    written as comparisons of the candidate's key with precomputed bounds.
    """
    key = version._key
    if operator is Operator.GREATER_THAN_EQUAL:
        return lambda candidate: candidate._key >= key
    if operator is Operator.LESS_THAN:
        # <V admits no pre-release of V itself unless V is one.
        if not version.is_prerelease:
            key = release_key(version.epoch, version.release, post=version.post)
        return lambda candidate: candidate._key < key
    if operator is Operator.EXACT_EQUAL:
        text = str(version).lower()
        return lambda candidate: str(candidate).lower() == text
    if operator.is_wildcard or operator is Operator.TILDE_EQUAL:
        if operator is Operator.TILDE_EQUAL:
            low, prefix = key, version.release[:-1]
        else:
            low, prefix = release_key(version.epoch, version.release), version.release
        high = _next_release_key(version.epoch, prefix)
        if operator is Operator.NOT_EQUAL_STAR:
            return lambda candidate: not low <= candidate._key < high
        return lambda candidate: low <= candidate._key < high
    # The rest admit V's local versions when V has no label of its own.
    high = key if version.local is not None else after_locals(key)
    if operator is Operator.LESS_THAN_EQUAL:
        return lambda candidate: candidate._key <= high
    if operator is Operator.EQUAL:
        return lambda candidate: key <= candidate._key <= high
    if operator is Operator.NOT_EQUAL:
        return lambda candidate: not key <= candidate._key <= high
    # >V admits no post-release of V unless V is one (nor a local version of V).
    if version.post is None and version.dev is None:
        high = after_posts(key)
    return lambda candidate: candidate._key > high


class VersionSpecifier:
    """One PEP 440 version specifier: an operator and a version.

    >>> spec = VersionSpecifier.parse(">= 1.2")
    >>> spec.operator, spec.version, str(spec)
    (<Operator.GREATER_THAN_EQUAL: '>='>, <Version('1.2')>, '>=1.2')
    >>> spec.contains(Version.parse("1.10"))
    True
    """

    __slots__ = ("_arbitrary", "_match", "_operator", "_version")

    _operator: Operator
    _version: Version | None
    _arbitrary: str | None
    # Built on first use (see `_compile`): many parsed specifiers never match anything.
    _match: Callable[[Version], bool] | None

    def __init__(self, operator: Operator, version: Version) -> None:
        """Build a specifier, checking that *operator* takes *version*.

        For a wildcard operator, *version* is the prefix: ``(EQUAL_STAR, 1.2)``
        is ``==1.2.*``.

        :raises InvalidSpecifier: when the pair breaks a rule of PEP 440.
        """
        text = f"{operator}{version}{'.*' if operator.is_wildcard else ''}"
        problem = _check(operator, version)
        if problem is not None:
            raise InvalidSpecifier(text, problem, start=0, length=len(text))
        self._setup(operator, version, str(version) if operator is Operator.EXACT_EQUAL else None)

    def _setup(self, operator: Operator, version: Version | None, arbitrary: str | None) -> None:
        self._operator = operator
        self._version = version
        self._arbitrary = arbitrary
        self._match = None

    def _compile(self) -> Callable[[Version], bool]:
        """The predicate of this specifier over versions, built once."""
        match = self._match
        if match is None:
            if self._arbitrary is not None:
                text = self._arbitrary.lower()
                match = self._match = lambda candidate: str(candidate).lower() == text
            else:
                assert self._version is not None
                match = self._match = _matcher(self._operator, self._version)
        return match

    def _identity(self) -> tuple[Any, ...]:
        """What equal specifiers share: they admit the same versions."""
        operator, version = self._operator, self._version
        if self._arbitrary is not None or version is None:
            return (operator, self._arbitrary)
        if operator.is_wildcard:
            return (operator, version.epoch, version.release)
        if operator is Operator.TILDE_EQUAL:
            # ~=1.0 and ~=1.0.0 admit different versions: keep the length.
            return (operator, version._key, len(version.release))
        return (operator, version._key)

    @classmethod
    def parse(cls, text: str) -> VersionSpecifier:
        """Parse one specifier such as ``~=1.4.2``, ``!= 2.0.*`` or ``===foobar``.

        :raises InvalidSpecifier: with ``start`` and ``length`` pointing into *text*.
        """
        spec = _CACHE.get(text)
        if spec is not None:
            return spec
        spec = _parse(text)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[text] = spec
        return spec

    @property
    def operator(self) -> Operator:
        """The operator; ``==1.*`` has `Operator.EQUAL_STAR`."""
        return self._operator

    @property
    def version(self) -> Version:
        """The version; for a wildcard, the prefix before ``.*``.

        :raises InvalidVersion: for ``===`` with a string that is not a PEP 440
            version (see :attr:`arbitrary`).
        """
        if self._version is None:
            raise InvalidVersion(self._arbitrary or "", "'===' compares the text as written")
        return self._version

    @property
    def arbitrary(self) -> str | None:
        """For ``===``, the string as written (compared without case); else None."""
        return self._arbitrary

    @property
    def any_prerelease(self) -> bool:
        """Whether this specifier opts into pre-releases (packaging's rule).

        True when the version is a pre- or dev-release, except for ``!=`` and
        wildcards, which never opt in.
        """
        if self._operator in (Operator.NOT_EQUAL, Operator.NOT_EQUAL_STAR, Operator.EQUAL_STAR):
            return False
        return self._version is not None and self._version.is_prerelease

    def contains(self, version: Version | str, *, prereleases: bool | None = None) -> bool:
        """Whether *version* satisfies this specifier.

        With ``prereleases=False`` no pre-release matches; with None or True
        a lone version is judged by the operator alone, as in packaging (the
        rule to prefer final releases applies when choosing among several,
        see `VersionSpecifiers.filter`). A string that is no PEP 440 version
        matches only ``===``.

        >>> VersionSpecifier.parse("<2").contains(Version.parse("2.0rc1"))
        False
        >>> VersionSpecifier.parse("==1.*").contains(Version.parse("1.5a1"))
        True
        >>> VersionSpecifier.parse("==1.*").contains(Version.parse("1.5a1"), prereleases=False)
        False
        """
        if prereleases is False:
            parsed = version if isinstance(version, Version) else _try_parse(version)
            if parsed is not None and is_prerelease_key(parsed._key):
                return False
        return self._admits(version)

    def _admits(self, version: Version | str) -> bool:
        """Whether the operator admits *version*, ignoring the pre-release policy."""
        if isinstance(version, Version):
            return (self._match or self._compile())(version)
        if self._arbitrary is not None:
            return version.lower() == self._arbitrary.lower()
        parsed = _try_parse(version)
        return parsed is not None and (self._match or self._compile())(parsed)

    def __str__(self) -> str:
        if self._arbitrary is not None:
            return f"==={self._arbitrary}"
        suffix = ".*" if self._operator.is_wildcard else ""
        return f"{self._operator}{self._version}{suffix}"

    def __repr__(self) -> str:
        return f"<VersionSpecifier({str(self)!r})>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, VersionSpecifier):
            return self._identity() == other._identity()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._identity())

    def __reduce__(self) -> tuple[Any, ...]:
        return (VersionSpecifier.parse, (str(self),))


def _try_parse(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except InvalidVersion:
        return None


def _check(operator: Operator, version: Version) -> str | None:
    """What is wrong with *operator* applied to *version*, if anything."""
    if operator in _WILDCARDS and (
        version.is_prerelease or version.post is not None or version.local is not None
    ):
        return f"a wildcard '.*' follows a release such as '1.2', not {str(version)!r}"
    if version.local is not None and operator not in _TAKES_LOCAL:
        return f"'{operator}' takes no local version label (only '==' and '!=' do)"
    if operator is Operator.TILDE_EQUAL and len(version.release) < 2:
        return "'~=' needs a release of two numbers or more, such as '~=1.0'"
    return None


def _parse(text: str) -> VersionSpecifier:
    if not isinstance(text, str):
        raise TypeError(f"a specifier must be parsed from a str, not {type(text).__name__}")
    body = text.strip()
    if body is text:  # the common case: nothing to strip
        first, last = 0, len(text)
    else:
        first = len(text) - len(text.lstrip())
        last = first + len(body)
    if not body:
        raise InvalidSpecifier(text, "empty specifier", start=0, length=len(text))
    spelling = body[:2]
    operator = _BY_SPELLING.get(spelling)
    if operator is None:
        spelling = body[:1]
        operator = _BY_SPELLING.get(spelling)
        if operator is None:
            run = len(body) - len(body.lstrip("=!<>~"))
            if run:
                message = f"unknown operator {body[:run]!r}"
            else:
                message = "expected an operator (one of ==, !=, <=, >=, <, >, ~=, ===)"
            raise InvalidSpecifier(text, message, start=first, length=run)
    elif spelling == "==" and body[2:3] == "=":
        spelling, operator = "===", Operator.EXACT_EQUAL
    written = body[len(spelling) :].lstrip()
    start = last - len(written)
    spec = object.__new__(VersionSpecifier)
    if operator is Operator.EXACT_EQUAL:
        for offset, char in enumerate(written):
            if char.isspace() or char in ";)":
                raise InvalidSpecifier(
                    text,
                    "the string after '===' may not contain whitespace, ';' or ')'",
                    start=start + offset,
                    length=1,
                )
        spec._setup(operator, _try_parse(written), written)
        return spec
    if not written:
        message = f"expected a version after {spelling!r}"
        raise InvalidSpecifier(text, message, start=start, length=0)
    if written[0] in _OPERATOR_CHARS:
        message = f"expected a version after {spelling!r}, found {written[0]!r}"
        raise InvalidSpecifier(text, message, start=start, length=1)
    if written[-1] == "*" and written.endswith(".*"):
        if operator is Operator.EQUAL or operator is Operator.NOT_EQUAL:
            operator = operator.with_wildcard()
        else:
            message = f"a wildcard '.*' follows only '==' or '!=', not {spelling!r}"
            raise InvalidSpecifier(text, message, start=last - 2, length=2)
        written = written[:-2]
        if written[-1:].isspace():
            message = "unexpected whitespace before '.*'"
            raise InvalidSpecifier(text, message, start=last - 3, length=1)
    try:
        version = Version.parse(written)
    except InvalidVersion as error:
        raise InvalidSpecifier(
            text, error.message, start=start + error.start, length=error.length
        ) from None
    key = version._key
    if len(key) > 3 or key[2] is not FINAL or operator is _TILDE_EQUAL or operator in _WILDCARDS:
        problem = _check(operator, version)
        if problem is not None:
            plus = written.find("+")
            if version.local is not None and operator not in _WILDCARDS and plus >= 0:
                length = len(written) - plus
                raise InvalidSpecifier(text, problem, start=start + plus, length=length)
            raise InvalidSpecifier(text, problem, start=start, length=last - start)
    spec._operator = operator
    spec._version = version
    spec._arbitrary = None
    spec._match = None
    return spec
