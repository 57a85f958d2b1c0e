"""`Pin`: one exact requirement (``name==version`` or ``name @ url``) to make installed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from distribution_filename import InvalidWheelFilename, WheelFilename
from distribution_types import redact_url
from puffin_installer._frozen import Frozen, set_field
from puffin_installer.errors import (
    BuildNotSupported,
    ConflictingPins,
    InvalidPin,
    MissingHashes,
)
from puffin_normalize import PackageName
from puffin_pep440 import InvalidVersion, Operator, Version
from puffin_pep508 import Requirement, UnnamedRequirement, VerbatimUrl
from pypi_types import Hashes

if TYPE_CHECKING:
    from puffin_pep508 import MarkerEnvironment
    from requirements_txt import RequirementEntry

__all__ = ["Pin", "pins_from_entries"]

_NOT_PINNED = (
    "it is not pinned: pip-sync installs exact versions (name==version or name @ url); "
    "compile the file with `puffin pip-compile` first"
)


def _url_filename(url: VerbatimUrl) -> str:
    return url.without_fragment().partition("?")[0].rstrip("/").rpartition("/")[2]


def _fragment_hashes(url: VerbatimUrl) -> tuple[str, ...]:
    return tuple(f"{name}:{digest}" for name, digest in Hashes.from_fragment(url.fragment).items())


class Pin(Frozen):
    """An exact requirement: a version from an index, or a URL (or path) of a distribution.

    *hashes* are ``algorithm:hexdigest`` strings (``--hash`` options); *source* says where
    the pin was written (``requirements.txt:3``), for messages.

    >>> pin = Pin.from_requirement(Requirement.parse("Foo_Bar==1.0"), source="req.txt:1")
    >>> str(pin), pin.version, pin.url
    ('foo-bar==1.0', <Version('1.0')>, None)
    """

    __match_args__ = ("name", "version_or_url", "hashes", "source", "editable")
    __slots__ = __match_args__

    name: PackageName
    version_or_url: Version | VerbatimUrl
    hashes: tuple[str, ...]
    source: str | None
    editable: bool

    def __init__(
        self,
        name: PackageName,
        version_or_url: Version | VerbatimUrl,
        hashes: tuple[str, ...] = (),
        source: str | None = None,
        editable: bool = False,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "version_or_url", version_or_url)
        set_field(self, "hashes", hashes)
        set_field(self, "source", source)
        set_field(self, "editable", editable)

    @classmethod
    def from_requirement(
        cls,
        requirement: Requirement | UnnamedRequirement,
        *,
        hashes: Iterable[str] = (),
        source: str | None = None,
        editable: bool = False,
    ) -> Pin:
        """The pin of *requirement*, which must be ``name==version`` (or ``===``) or a URL.

        An unnamed requirement must be a wheel, whose filename names the project.

        :raises InvalidPin: a range, a wildcard, several specifiers, or no version at all.
        :raises BuildNotSupported: an unnamed requirement that is not a wheel.
        """
        given = tuple(hashes)
        if isinstance(requirement, UnnamedRequirement):
            url = requirement.url
            try:
                wheel = WheelFilename.parse(_url_filename(url))
            except InvalidWheelFilename:
                raise BuildNotSupported(
                    redact_url(url.given or url.url),
                    "the project name of a source tree or archive is only known after a build",
                ) from None
            return cls(wheel.name, url, given + _fragment_hashes(url), source, editable)
        target = requirement.version_or_url
        if isinstance(target, VerbatimUrl):
            return cls(requirement.name, target, given + _fragment_hashes(target), source, editable)
        if target is None or len(target) != 1:
            raise InvalidPin(str(requirement), source, _NOT_PINNED)
        (specifier,) = target
        if specifier.operator not in (Operator.EQUAL, Operator.EXACT_EQUAL):
            raise InvalidPin(str(requirement), source, _NOT_PINNED)
        try:
            version = specifier.version
        except InvalidVersion as exc:
            raise InvalidPin(str(requirement), source, str(exc)) from exc
        return cls(requirement.name, version, given, source, editable)

    @property
    def version(self) -> Version | None:
        """The pinned version, or None for a URL pin."""
        return self.version_or_url if isinstance(self.version_or_url, Version) else None

    @property
    def url(self) -> VerbatimUrl | None:
        """The URL (or ``file:`` URL of a path), or None for a version pin."""
        return self.version_or_url if isinstance(self.version_or_url, VerbatimUrl) else None

    def described(self) -> str:
        """``str(self)`` followed by `source` in parentheses, when known."""
        return f"{self} ({self.source})" if self.source else str(self)

    def __str__(self) -> str:
        if isinstance(self.version_or_url, Version):
            return f"{self.name}=={self.version_or_url}"
        url = self.version_or_url
        return f"{self.name} @ {redact_url(url.given or url.url)}"

    def __repr__(self) -> str:
        return f"<Pin({str(self)!r})>"


def pins_from_entries(
    entries: Iterable[RequirementEntry],
    markers: MarkerEnvironment | None,
    *,
    require_hashes: bool = False,
) -> list[Pin]:
    """The pins of requirements-file *entries*, sorted by name.

    Entries whose markers are false for *markers* are left out (None keeps them all).
    The same pin given twice is one pin (hashes merged). Hash-checking mode is on
    with *require_hashes* or when any kept entry has ``--hash`` (as pip does): then
    every pin needs a hash (``--hash`` or a ``#sha256=`` URL fragment).

    :raises InvalidPin: an entry is not pinned exactly.
    :raises MissingHashes: hash-checking mode, and a pin without hashes.
    :raises ConflictingPins: one package pinned to two versions or URLs.
    :raises BuildNotSupported: an unnamed requirement that is not a wheel.
    """
    pins: dict[PackageName, Pin] = {}
    hashing = require_hashes
    for entry in entries:
        requirement = entry.requirement
        if markers is not None and not requirement.evaluate_markers(markers):
            continue
        hashing = hashing or bool(entry.hashes)
        pin = Pin.from_requirement(
            requirement, hashes=entry.hashes, source=str(entry.source), editable=entry.editable
        )
        previous = pins.get(pin.name)
        if previous is None:
            pins[pin.name] = pin
        elif previous.version_or_url != pin.version_or_url or previous.editable != pin.editable:
            raise ConflictingPins(str(pin.name), previous.described(), pin.described())
        else:
            merged = tuple(dict.fromkeys(previous.hashes + pin.hashes))
            pins[pin.name] = Pin(
                previous.name, previous.version_or_url, merged, previous.source, previous.editable
            )
    if hashing:
        for pin in pins.values():
            if not pin.hashes:
                raise MissingHashes(str(pin), pin.source)
    return [pins[name] for name in sorted(pins)]
