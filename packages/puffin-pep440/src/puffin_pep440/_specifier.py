"""`VersionSpecifier`: one operator and version, such as ``>=1.2`` (PEP 440)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from puffin_pep440._operator import Operator
from puffin_pep440._version import Version, _build
from puffin_pep440.errors import InvalidSpecifier, InvalidVersion

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["VersionSpecifier"]

_BY_SPELLING: Final = {
    "===": Operator.EXACT_EQUAL,
    "~=": Operator.TILDE_EQUAL,
    "==": Operator.EQUAL,
    "!=": Operator.NOT_EQUAL,
    "<=": Operator.LESS_THAN_EQUAL,
    ">=": Operator.GREATER_THAN_EQUAL,
    "<": Operator.LESS_THAN,
    ">": Operator.GREATER_THAN,
}
_OPERATOR_CHARS: Final = frozenset("=!<>~")
_TAKES_LOCAL: Final = frozenset({Operator.EQUAL, Operator.NOT_EQUAL, Operator.EXACT_EQUAL})
_CACHE: dict[str, VersionSpecifier] = {}
_CACHE_SIZE: Final = 1 << 13


def _dev0(epoch: int, release: tuple[int, ...]) -> tuple[Any, ...]:
    """The key of ``<release>.dev0``: the lowest version of that release."""
    return _build(epoch, release, None, None, 0, None)._key


def _next_dev0(epoch: int, prefix: tuple[int, ...]) -> tuple[Any, ...]:
    """The key of the lowest version above every version starting with *prefix*."""
    return _dev0(epoch, (*prefix[:-1], prefix[-1] + 1))


def _matcher(operator: Operator, version: Version) -> Callable[[Version], bool]:
    """A predicate for the versions that *operator* *version* admits.

    The rules are those of PEP 440 as the ``packaging`` library applies them;
    they are written over comparison keys, so each check is a tuple compare.
    """
    key = version._key
    public = version._public
    if operator is Operator.GREATER_THAN_EQUAL:
        return lambda candidate: candidate._key >= key
    if operator is Operator.LESS_THAN_EQUAL:
        # <=V admits V's local versions: compare without the candidate's label.
        return lambda candidate: candidate._public <= public
    if operator is Operator.EQUAL:
        if version._local is None:
            return lambda candidate: candidate._public == public
        return lambda candidate: candidate._key == key
    if operator is Operator.NOT_EQUAL:
        if version._local is None:
            return lambda candidate: candidate._public != public
        return lambda candidate: candidate._key != key
    if operator is Operator.LESS_THAN:
        # <V admits no pre-release of V itself unless V is one.
        if version.is_prerelease:
            bound = key
        else:
            bound = _build(version._epoch, version._release, None, version._post, 0, None)._key
        return lambda candidate: candidate._key < bound
    if operator is Operator.GREATER_THAN:
        if version._post is not None or version._dev is not None:
            return lambda candidate: candidate._public > public
        # >V admits no post-release (nor local version) of V unless V is one.
        epoch, release, pre = public[0], public[1], version._pre
        return lambda candidate: (
            candidate._public > public
            and not (
                candidate._public[1] == release
                and candidate._epoch == epoch
                and candidate._pre == pre
            )
        )
    if operator is Operator.TILDE_EQUAL:
        high = _next_dev0(version._epoch, version._release[:-1])
        return lambda candidate: key <= candidate._key < high
    if operator.is_wildcard:
        low = _dev0(version._epoch, version._release)
        high = _next_dev0(version._epoch, version._release)
        if operator is Operator.EQUAL_STAR:
            return lambda candidate: low <= candidate._key < high
        return lambda candidate: not low <= candidate._key < high
    raise AssertionError(operator)  # pragma: no cover - EXACT_EQUAL is matched by text


class VersionSpecifier:
    """One PEP 440 version specifier: an operator and a version.

    >>> spec = VersionSpecifier.parse(">= 1.2")
    >>> spec.operator, spec.version, str(spec)
    (<Operator.GREATER_THAN_EQUAL: '>='>, <Version('1.2')>, '>=1.2')
    >>> spec.contains(Version.parse("1.10"))
    True
    """

    __slots__ = ("_arbitrary", "_identity", "_match", "_operator", "_version")

    _operator: Operator
    _version: Version | None
    _arbitrary: str | None
    _match: Callable[[Version], bool] | None
    _identity: tuple[Any, ...]

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
        if arbitrary is not None:
            self._match = None
            self._identity = (operator, arbitrary)
            return
        assert version is not None
        self._match = _matcher(operator, version)
        if operator.is_wildcard:
            self._identity = (operator, version._epoch, version._release)
        elif operator is Operator.TILDE_EQUAL:
            # ~=1.0 and ~=1.0.0 admit different versions: keep the length.
            self._identity = (operator, version._key, len(version._release))
        else:
            self._identity = (operator, version._key)

    @classmethod
    def parse(cls, text: str) -> VersionSpecifier:
        """Parse one specifier such as ``~=1.4.2``, ``!= 2.0.*`` or ``===foobar``.

        :raises InvalidSpecifier: with ``start`` and ``length`` pointing into *text*.
        """
        try:
            return _CACHE[text]
        except KeyError:
            pass
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
            if parsed is not None and (parsed._pre is not None or parsed._dev is not None):
                return False
        return self._admits(version)

    def _admits(self, version: Version | str) -> bool:
        """Whether the operator admits *version*, ignoring the pre-release policy."""
        match = self._match
        if match is None:
            assert self._arbitrary is not None
            return str(version).lower() == self._arbitrary.lower()
        if isinstance(version, Version):
            return match(version)
        parsed = _try_parse(version)
        return parsed is not None and match(parsed)

    def __str__(self) -> str:
        if self._arbitrary is not None:
            return f"==={self._arbitrary}"
        suffix = ".*" if self._operator.is_wildcard else ""
        return f"{self._operator}{self._version}{suffix}"

    def __repr__(self) -> str:
        return f"<VersionSpecifier({str(self)!r})>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, VersionSpecifier):
            return self._identity == other._identity
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._identity)

    def __reduce__(self) -> tuple[Any, ...]:
        return (VersionSpecifier.parse, (str(self),))


def _try_parse(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except InvalidVersion:
        return None


def _check(operator: Operator, version: Version) -> str | None:
    """What is wrong with *operator* applied to *version*, if anything."""
    if operator.is_wildcard and (
        version.is_prerelease or version._post is not None or version._local is not None
    ):
        return f"a wildcard '.*' follows a release such as '1.2', not {str(version)!r}"
    if version._local is not None and operator not in _TAKES_LOCAL:
        return f"'{operator}' takes no local version label (only '==' and '!=' do)"
    if operator is Operator.TILDE_EQUAL and len(version._release) < 2:
        return "'~=' needs a release of two numbers or more, such as '~=1.0'"
    return None


def _parse(text: str) -> VersionSpecifier:
    if not isinstance(text, str):
        raise TypeError(f"a specifier must be parsed from a str, not {type(text).__name__}")
    body = text.strip()
    first = len(text) - len(text.lstrip())
    last = first + len(body)
    if not body:
        raise InvalidSpecifier(text, "empty specifier", start=0, length=len(text))
    spelling = body[:3] if body[:3] == "===" else body[:2]
    operator = _BY_SPELLING.get(spelling) or _BY_SPELLING.get(spelling[:1])
    if operator is None:
        run = len(body) - len(body.lstrip("=!<>~"))
        if run:
            message = f"unknown operator {body[:run]!r}"
        else:
            message = "expected an operator (one of ==, !=, <=, >=, <, >, ~=, ===)"
        raise InvalidSpecifier(text, message, start=first, length=run)
    spelling = operator.value
    rest = text[first + len(spelling) : last]
    start = last - len(rest.lstrip())
    written = text[start:last]
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
    if written.endswith(".*"):
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
    problem = _check(operator, version)
    if problem is not None:
        plus = written.find("+")
        if version._local is not None and not operator.is_wildcard and plus >= 0:
            raise InvalidSpecifier(text, problem, start=start + plus, length=len(written) - plus)
        raise InvalidSpecifier(text, problem, start=start, length=last - start)
    spec._setup(operator, version, None)
    return spec
