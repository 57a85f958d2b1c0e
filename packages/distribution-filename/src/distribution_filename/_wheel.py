"""`WheelFilename`: ``{name}-{version}[-{build}]-{python}-{abi}-{platform}.whl`` (PEP 427)."""

from __future__ import annotations

import re
import sys
from typing import Self

from distribution_filename._dist import DistFilename
from distribution_filename._frozen import Frozen, set_field
from distribution_filename.errors import InvalidWheelFilename
from puffin_normalize import InvalidName, PackageName
from puffin_pep440 import InvalidVersion, Version

__all__ = ["WheelFilename"]

# fullmatch and DOTALL: the rest of the tag is kept whole, even a trailing newline.
_BUILD_TAG = re.compile(r"([0-9]+)(.*)", re.DOTALL)


class WheelFilename(DistFilename, Frozen):
    """A parsed wheel filename: project, version, optional build tag and tag sets.

    Compressed tag sets (``py2.py3``) are split on dots; ``str()`` gives the
    canonical filename (escaped name, normalized version), which parses back
    to an equal value.

    >>> wheel = WheelFilename.parse("Foo.Bar-1.0-1a-py2.py3-none-any.whl")
    >>> wheel.name, wheel.version, wheel.build_tag, wheel.python_tags
    (<PackageName('foo-bar')>, <Version('1.0')>, (1, 'a'), ('py2', 'py3'))
    >>> str(wheel)
    'foo_bar-1.0-1a-py2.py3-none-any.whl'
    """

    __match_args__ = ("name", "version", "build_tag", "python_tags", "abi_tags", "platform_tags")
    __slots__ = __match_args__

    name: PackageName
    version: Version
    #: The build number and the rest of the build tag: ``"1a"`` is ``(1, "a")``.
    build_tag: tuple[int, str] | None
    python_tags: tuple[str, ...]
    abi_tags: tuple[str, ...]
    platform_tags: tuple[str, ...]

    def __init__(
        self,
        name: PackageName,
        version: Version,
        build_tag: tuple[int, str] | None,
        python_tags: tuple[str, ...],
        abi_tags: tuple[str, ...],
        platform_tags: tuple[str, ...],
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "version", version)
        set_field(self, "build_tag", build_tag)
        set_field(self, "python_tags", python_tags)
        set_field(self, "abi_tags", abi_tags)
        set_field(self, "platform_tags", platform_tags)

    @classmethod
    def parse(cls, filename: str) -> Self:
        """Parse a wheel filename (no directory part); raise `InvalidWheelFilename`."""
        if not filename.endswith(".whl"):
            raise InvalidWheelFilename(filename, "the extension must be '.whl'")
        parts = filename[:-4].split("-")
        if len(parts) not in (5, 6):
            raise InvalidWheelFilename(
                filename,
                "expected 5 or 6 dash-separated parts "
                f"(name-version[-build]-python-abi-platform), found {len(parts)}",
            )
        try:
            name = PackageName.parse(parts[0])
        except InvalidName as exc:
            raise InvalidWheelFilename(filename, f"invalid project name {parts[0]!r}") from exc
        try:
            version = Version.parse(parts[1])
        except InvalidVersion as exc:
            raise InvalidWheelFilename(
                filename, f"invalid version {parts[1]!r}: {exc.message}"
            ) from exc
        build_tag = None
        if len(parts) == 6:
            match = _BUILD_TAG.fullmatch(parts[2])
            if match is None:
                raise InvalidWheelFilename(
                    filename, f"the build tag {parts[2]!r} must start with a digit"
                )
            try:
                build_tag = (int(match[1]), match[2])
            except ValueError:  # more digits than int() takes
                raise InvalidWheelFilename(
                    filename,
                    f"the build number has more than {sys.get_int_max_str_digits()} digits",
                ) from None
        python_tags, abi_tags, platform_tags = (
            _tag_set(filename, what, text)
            for what, text in zip(("python", "abi", "platform"), parts[-3:], strict=True)
        )
        for tag in python_tags:
            if not tag.isidentifier():
                raise InvalidWheelFilename(filename, f"invalid python tag {tag!r}")
        return cls(name, version, build_tag, python_tags, abi_tags, platform_tags)

    @classmethod
    def _claims(cls, filename: str) -> bool:
        return filename.endswith(".whl")

    @classmethod
    def _parse_for(cls, filename: str, package_name: PackageName) -> Self:
        wheel = cls.parse(filename)
        if wheel.name != package_name:
            raise InvalidWheelFilename(
                filename, f"it is a wheel of {str(wheel.name)!r}, not of {str(package_name)!r}"
            )
        return wheel

    @property
    def stem(self) -> str:
        """The canonical filename without ``.whl`` (the name of its unpacked cache entry)."""
        build = "" if self.build_tag is None else f"-{self.build_tag[0]}{self.build_tag[1]}"
        return (
            f"{self.name.as_dist_info_name()}-{self.version}{build}-"
            f"{'.'.join(self.python_tags)}-{'.'.join(self.abi_tags)}-"
            f"{'.'.join(self.platform_tags)}"
        )

    def tags(self) -> list[tuple[str, str, str]]:
        """Every (python, abi, platform) triple the compressed tag sets stand for.

        >>> WheelFilename.parse("a-1-py2.py3-none-any.whl").tags()
        [('py2', 'none', 'any'), ('py3', 'none', 'any')]
        """
        return [
            (python, abi, platform)
            for python in self.python_tags
            for abi in self.abi_tags
            for platform in self.platform_tags
        ]

    def __str__(self) -> str:
        return f"{self.stem}.whl"

    def __repr__(self) -> str:
        return f"<WheelFilename({str(self)!r})>"


def _tag_set(filename: str, what: str, text: str) -> tuple[str, ...]:
    tags = tuple(text.split("."))
    if "" in tags:
        raise InvalidWheelFilename(filename, f"empty {what} tag in {text!r}")
    return tags


DistFilename._register(WheelFilename)
