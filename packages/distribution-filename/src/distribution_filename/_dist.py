"""`DistFilename`: what wheel and source distribution filenames share, and dispatch between them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from distribution_filename.errors import FilenameError

if TYPE_CHECKING:
    from distribution_filename._source_dist import SourceDistFilename
    from distribution_filename._wheel import WheelFilename
    from puffin_normalize import PackageName
    from puffin_pep440 import Version

__all__ = ["DistFilename"]


class DistFilename:
    """The filename of a distribution: a `WheelFilename` or a `SourceDistFilename`.

    >>> from puffin_normalize import PackageName
    >>> name = PackageName.parse("foo-bar")
    >>> DistFilename.try_from_filename("foo_bar-1.0-py3-none-any.whl", name)
    <WheelFilename('foo_bar-1.0-py3-none-any.whl')>
    >>> DistFilename.try_from_filename("Foo.Bar-1.0.tar.gz", name)
    <SourceDistFilename('foo_bar-1.0.tar.gz')>
    >>> DistFilename.try_from_filename("foo_bar-1.0.win32.exe", name) is None
    True
    """

    __slots__ = ()
    # Each concrete kind registers itself (`_register`); their extensions never overlap.
    _kinds: ClassVar[list[type[DistFilename]]] = []

    name: PackageName
    version: Version

    @staticmethod
    def _register(kind: type[DistFilename]) -> None:
        DistFilename._kinds.append(kind)

    @classmethod
    def _claims(cls, filename: str) -> bool:
        """Whether *filename* has this kind's extension (then it must parse as this kind)."""
        raise NotImplementedError

    @classmethod
    def _parse_for(cls, filename: str, package_name: PackageName) -> DistFilename:
        """Parse *filename* as a file of project *package_name*; raise `FilenameError`."""
        raise NotImplementedError

    @property
    def stem(self) -> str:
        """The filename without its extension."""
        raise NotImplementedError

    @classmethod
    def from_filename(
        cls, filename: str, package_name: PackageName
    ) -> WheelFilename | SourceDistFilename | None:
        """Parse a file of project *package_name*; None if it is neither wheel nor sdist.

        Raise `InvalidWheelFilename` or `InvalidSourceDistFilename` for a ``.whl`` or
        archive whose name is malformed or names another project.
        """
        for kind in DistFilename._kinds:
            if kind._claims(filename):
                parsed = kind._parse_for(filename, package_name)
                return cast("WheelFilename | SourceDistFilename", parsed)
        return None

    @classmethod
    def try_from_filename(
        cls, filename: str, package_name: PackageName
    ) -> WheelFilename | SourceDistFilename | None:
        """Like `from_filename`, but None for a malformed name too (for index listings)."""
        try:
            return cls.from_filename(filename, package_name)
        except FilenameError:
            return None
