"""`VersionSpecifiers`: a comma-separated list of specifiers, all of which must hold."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final, overload

from puffin_pep440._key import is_prerelease_key
from puffin_pep440._specifier import VersionSpecifier, _try_parse
from puffin_pep440._version import Version
from puffin_pep440.errors import InvalidSpecifier

__all__ = ["VersionSpecifiers"]

_CACHE: dict[str, VersionSpecifiers] = {}
_CACHE_SIZE: Final = 1 << 13


class VersionSpecifiers(Sequence[VersionSpecifier]):
    """An immutable sequence of specifiers that a version must all satisfy.

    The order is kept as written; equality ignores order and duplicates.
    An empty list admits every version.

    >>> specs = VersionSpecifiers.parse(">=1.0, !=1.3.*, <2")
    >>> str(specs), len(specs), bool(VersionSpecifiers.parse(""))
    ('>=1.0,!=1.3.*,<2', 3, False)
    >>> [str(v) for v in specs.filter(map(Version.parse, ["0.9", "1.2", "1.3.1", "1.9b1"]))]
    ['1.2']
    """

    __slots__ = ("_specs",)

    _specs: tuple[VersionSpecifier, ...]

    def __init__(self, specifiers: Iterable[VersionSpecifier] = ()) -> None:
        """Gather *specifiers*, in order."""
        self._specs = tuple(specifiers)

    @classmethod
    def parse(cls, text: str) -> VersionSpecifiers:
        """Parse a comma-separated list such as ``>=1.0, <2``.

        Whitespace around each item is ignored, and so are empty items, so
        ``""`` is the empty list.

        :raises InvalidSpecifier: with ``start`` and ``length`` pointing into *text*.
        """
        cached = _CACHE.get(text)
        if cached is not None:
            return cached
        specs = []
        offset = 0
        parse = VersionSpecifier.parse
        for item in text.split(","):
            if item and not item.isspace():
                try:
                    specs.append(parse(item))
                except InvalidSpecifier as error:
                    raise InvalidSpecifier(
                        text, error.message, start=offset + error.start, length=error.length
                    ) from None
            offset += len(item) + 1
        self = object.__new__(VersionSpecifiers)
        self._specs = tuple(specs)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[text] = self
        return self

    @property
    def any_prerelease(self) -> bool:
        """Whether any specifier opts into pre-releases (see `VersionSpecifier.any_prerelease`).

        >>> VersionSpecifiers.parse(">=1.0b1,<2").any_prerelease
        True
        """
        return any(spec.any_prerelease for spec in self._specs)

    def contains(self, version: Version | str, *, prereleases: bool | None = None) -> bool:
        """Whether *version* satisfies every specifier.

        As in packaging, a pre-release is refused only with
        ``prereleases=False``; a lone version has no final release to prefer.

        >>> VersionSpecifiers.parse(">=1.0,<2").contains(Version.parse("1.5rc1"))
        True
        >>> VersionSpecifiers.parse(">=1.0,<2").contains("1.5rc1", prereleases=False)
        False
        """
        if isinstance(version, Version):
            if prereleases is False and is_prerelease_key(version._key):
                return False
            # A plain loop: all() over a generator costs twice as much here.
            for spec in self._specs:  # noqa: SIM110
                if not (spec._match or spec._compile())(version):
                    return False
            return True
        if prereleases is False:
            parsed = _try_parse(version)
            if parsed is not None and parsed.is_prerelease:
                return False
        return all(spec._admits(version) for spec in self._specs)

    def filter(
        self, versions: Iterable[Version], *, prereleases: bool | None = None
    ) -> Iterator[Version]:
        """The versions that satisfy every specifier, in the given order.

        With ``prereleases=None`` the choice follows packaging: when some
        specifier names a pre-release (`any_prerelease`), pre-releases are
        admitted; otherwise they are yielded only if no final release matches.

        >>> versions = [Version.parse(v) for v in ["1.0a1", "1.0", "1.1b1"]]
        >>> [str(v) for v in VersionSpecifiers.parse(">=1.0a1").filter(versions)]
        ['1.0a1', '1.0', '1.1b1']
        >>> [str(v) for v in VersionSpecifiers.parse(">1.0").filter(versions)]
        ['1.1b1']
        """
        if prereleases is None and self.any_prerelease:
            prereleases = True
        matchers = [spec._match or spec._compile() for spec in self._specs]
        if len(matchers) == 1:
            matches: Iterator[Version] = filter(matchers[0], versions)
        else:
            matches = _matching_all(matchers, versions)
        if prereleases:
            return matches
        if prereleases is False:
            return (v for v in matches if not is_prerelease_key(v._key))
        return _prefer_finals(matches)

    @overload
    def __getitem__(self, index: int) -> VersionSpecifier: ...

    @overload
    def __getitem__(self, index: slice) -> VersionSpecifiers: ...

    def __getitem__(self, index: int | slice) -> VersionSpecifier | VersionSpecifiers:
        if isinstance(index, slice):
            return VersionSpecifiers(self._specs[index])
        return self._specs[index]

    def __len__(self) -> int:
        return len(self._specs)

    def __iter__(self) -> Iterator[VersionSpecifier]:
        return iter(self._specs)

    def __contains__(self, item: object) -> bool:
        """``version in specs`` is `contains`; ``specifier in specs`` is membership."""
        if isinstance(item, (Version, str)):
            return self.contains(item)
        return item in self._specs

    def __bool__(self) -> bool:
        return bool(self._specs)

    def __str__(self) -> str:
        return ",".join(map(str, self._specs))

    def __repr__(self) -> str:
        return f"<VersionSpecifiers({str(self)!r})>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, VersionSpecifiers):
            return frozenset(self._specs) == frozenset(other._specs)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._specs))

    def __reduce__(self) -> tuple[object, ...]:
        return (VersionSpecifiers, (self._specs,))


def _matching_all(
    matchers: list[Callable[[Version], bool]], versions: Iterable[Version]
) -> Iterator[Version]:
    for version in versions:
        for match in matchers:
            if not match(version):
                break
        else:
            yield version


def _prefer_finals(matches: Iterable[Version]) -> Iterator[Version]:
    """Final releases only, unless there are none: then the pre-releases (PEP 440)."""
    held: list[Version] = []
    found_final = False
    for version in matches:
        if not is_prerelease_key(version._key):
            found_final = True
            yield version
        elif not found_final:
            held.append(version)
    if not found_final:
        yield from held
