"""`DistPolicy`: what makes a file usable in one resolution, and the lower-bound rule for
``Requires-Python`` (uv's)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Final

from puffin_pep440 import InvalidSpecifier, Version, VersionSpecifiers
from puffin_resolver._frozen import Frozen, set_field
from puffin_resolver._range import Range

if TYPE_CHECKING:
    from distribution_filename import WheelFilename
    from platform_tags import TagPriority, Tags
    from puffin_resolver._manifest import BuildOptions

__all__ = ["DistPolicy", "requires_python_fits"]

_FITS: dict[tuple[str, Version], bool] = {}
_CACHE_SIZE: Final = 1 << 15


def requires_python_fits(requires_python: str | VersionSpecifiers | None, target: Version) -> bool:
    """Whether a ``Requires-Python`` admits *target*, judged by its lower bound only (as uv).

    >>> target = Version.parse("3.11")
    >>> requires_python_fits(">=3.8", target), requires_python_fits(">=3.12", target)
    (True, False)
    >>> requires_python_fits("<3.11", target), requires_python_fits("nonsense", target)
    (True, True)
    """
    if requires_python is None:
        return True
    text = str(requires_python)
    if not text:
        return True
    key = (text, target)
    fits = _FITS.get(key)
    if fits is None:
        try:
            specifiers = (
                requires_python
                if isinstance(requires_python, VersionSpecifiers)
                else VersionSpecifiers.parse(text)
            )
        except InvalidSpecifier:
            fits = True  # as uv and pip: a malformed Requires-Python excludes nothing
        else:
            fits = Range.from_specifiers(specifiers).lower_bound_admits(target)
        if len(_FITS) >= _CACHE_SIZE:
            _FITS.clear()
        _FITS[key] = fits
    return fits


class DistPolicy(Frozen):
    """What makes a file usable in one resolution: tags, Python, binary flags, cutoffs."""

    __match_args__ = ("tags", "python", "build", "exclude_newer", "allowed_yanks")
    __slots__ = (*__match_args__, "_priorities", "_tag_parts")
    _compare = __match_args__

    tags: Tags
    python: Version
    """The target Python, for ``Requires-Python``."""
    build: BuildOptions
    exclude_newer: datetime | None
    allowed_yanks: frozenset[tuple[str, Version]]
    """``(name, version)`` pairs a requirement pins exactly: their yanked files count."""
    _tag_parts: list[tuple[frozenset[str], frozenset[tuple[str, str]]]]
    _priorities: dict[str, TagPriority | None]

    def __init__(
        self,
        tags: Tags,
        python: Version,
        build: BuildOptions,
        exclude_newer: datetime | None = None,
        allowed_yanks: frozenset[tuple[str, Version]] = frozenset(),
    ) -> None:
        set_field(self, "tags", tags)
        set_field(self, "python", python)
        set_field(self, "build", build)
        set_field(self, "exclude_newer", exclude_newer)
        set_field(self, "allowed_yanks", allowed_yanks)
        # Computed on use, per resolution.
        set_field(self, "_tag_parts", [])
        set_field(self, "_priorities", {})

    def wheel_priority(self, filename: str) -> TagPriority | None:
        """The priority of the best of *filename*'s tags (lower is better; see
        `platform_tags.Tags.compatibility`), or None: the wheel does not fit.

        Judged once per distinct ``python-abi-platform`` text, without parsing the rest
        of the name (checked only for the wheels that win).
        """
        tag = filename[:-4].rsplit("-", 3)
        if len(tag) != 4:
            return None
        text = filename[len(tag[0]) + 1 : -4]
        priorities = self._priorities
        if text in priorities:
            return priorities[text]
        python, abi, platform = tag[1:]
        found = self.tags.compatibility(python.split("."), abi.split("."), platform.split("."))
        priorities[text] = found
        return found

    def tag_mismatch(self, filename: WheelFilename) -> str:
        """Which part of *filename*'s tags no accepted tag has, in uv's words."""
        if not self._tag_parts:
            triples = list(self.tags)
            pythons = frozenset(t[0] for t in triples)
            pairs = frozenset((t[0], t[1]) for t in triples)
            self._tag_parts.append((pythons, pairs))
        pythons, pairs = self._tag_parts[0]
        if not any(python in pythons for python in filename.python_tags):
            return "has no wheels with a matching Python implementation tag"
        if not any(
            (python, abi) in pairs for python in filename.python_tags for abi in filename.abi_tags
        ):
            return "has no wheels with a matching Python ABI tag"
        return "has no wheels with a matching platform tag"
