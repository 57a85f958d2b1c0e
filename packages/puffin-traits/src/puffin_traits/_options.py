"""Small values every builder and caller agree on: `BuildKind`, `NoBuild`, `BuildOptions`."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

from puffin_normalize import PackageName
from puffin_traits._frozen import Frozen, set_field

__all__ = ["BuildKind", "BuildOptions", "ConfigSettings", "NoBuild"]

ConfigSettings = Mapping[str, "str | list[str]"]
"""PEP 517 ``config_settings``: ``-C key=value`` flags; a key given twice holds a list."""


class BuildKind(enum.Enum):
    """What a build makes: a wheel (PEP 517) or an editable wheel (PEP 660)."""

    WHEEL = "wheel"
    EDITABLE = "editable"

    @property
    def hook_suffix(self) -> str:
        """The suffix of this kind's hooks: ``build_wheel`` or ``build_editable``."""
        return self.value


class NoBuild(Frozen):
    """Which source distributions may not be built (``--no-build``, ``--no-build-package``).

    >>> NoBuild.none().forbids(PackageName.parse("foo"))
    False
    >>> NoBuild.all().forbids(PackageName.parse("foo"))
    True
    >>> NoBuild.packages(["Foo_Bar"]).forbids(PackageName.parse("foo-bar"))
    True
    """

    __match_args__ = ("everything", "names")
    __slots__ = __match_args__

    everything: bool
    names: frozenset[PackageName]

    def __init__(self, everything: bool, names: frozenset[PackageName] = frozenset()) -> None:
        set_field(self, "everything", everything)
        set_field(self, "names", names)

    @classmethod
    def none(cls) -> NoBuild:
        """Every source distribution may be built."""
        return cls(False)

    @classmethod
    def all(cls) -> NoBuild:
        """No source distribution may be built."""
        return cls(True)

    @classmethod
    def packages(cls, names: Iterable[str | PackageName]) -> NoBuild:
        """The source distributions of *names* may not be built."""
        return cls(False, frozenset(PackageName.parse(str(name)) for name in names))

    def forbids(self, name: PackageName | None) -> bool:
        """Whether building the source distribution of *name* is forbidden."""
        return self.everything or (name is not None and name in self.names)


class BuildOptions(Frozen):
    """How a `BuildContext` builds: what it may not build, and ``config_settings``."""

    __match_args__ = ("no_build", "config_settings")
    __slots__ = __match_args__

    no_build: NoBuild
    config_settings: tuple[tuple[str, str | tuple[str, ...]], ...]

    def __init__(
        self,
        no_build: NoBuild | None = None,
        config_settings: ConfigSettings | None = None,
    ) -> None:
        set_field(self, "no_build", no_build if no_build is not None else NoBuild.none())
        items = sorted((config_settings or {}).items())
        set_field(
            self,
            "config_settings",
            tuple((key, value if isinstance(value, str) else tuple(value)) for key, value in items),
        )

    def settings(self) -> dict[str, str | list[str]]:
        """The ``config_settings`` dictionary handed to the backend's hooks."""
        return {
            key: value if isinstance(value, str) else list(value)
            for key, value in self.config_settings
        }
