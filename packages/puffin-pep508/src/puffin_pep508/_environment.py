"""The marker environment: the values marker variables take for one interpreter."""

from __future__ import annotations

import functools
import os
import sys
from typing import TYPE_CHECKING, Any, Self

from puffin_pep440 import InvalidVersion, Version
from puffin_pep508._frozen import Frozen, set_field
from puffin_pep508.errors import UndefinedEnvironmentName

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["MarkerEnvironment"]

# The marker variables whose values are compared as PEP 440 versions when both
# sides parse (PEP 508 "version-like" variables, as packaging treats them).
VERSION_VARIABLES = frozenset(
    {"implementation_version", "platform_release", "python_full_version", "python_version"}
)


def _parse_version(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except InvalidVersion:
        return None


class MarkerEnvironment(Frozen):
    """The values of the PEP 508 marker variables for one target interpreter.

    Version-valued fields are parsed once, at construction, so that evaluating
    many markers against one environment parses nothing.

    >>> env = MarkerEnvironment.from_dict({
    ...     "implementation_name": "cpython", "implementation_version": "3.12.1",
    ...     "os_name": "posix", "platform_machine": "x86_64",
    ...     "platform_python_implementation": "CPython", "platform_release": "6.1.0",
    ...     "platform_system": "Linux", "platform_version": "#1 SMP",
    ...     "python_full_version": "3.12.1", "python_version": "3.12",
    ...     "sys_platform": "linux"})
    >>> env.python_version
    '3.12'
    """

    __match_args__ = (
        "implementation_name",
        "implementation_version",
        "os_name",
        "platform_machine",
        "platform_python_implementation",
        "platform_release",
        "platform_system",
        "platform_version",
        "python_full_version",
        "python_version",
        "sys_platform",
    )
    # Evaluation views: variable name -> string value, and -> parsed version.
    __slots__ = (*__match_args__, "_strings", "_versions")
    _compare = __match_args__

    implementation_name: str
    implementation_version: str
    os_name: str
    platform_machine: str
    platform_python_implementation: str
    platform_release: str
    platform_system: str
    platform_version: str
    python_full_version: str
    python_version: str
    sys_platform: str
    _strings: dict[str, str]
    _versions: dict[str, Version | None]

    def __init__(
        self,
        implementation_name: str,
        implementation_version: str,
        os_name: str,
        platform_machine: str,
        platform_python_implementation: str,
        platform_release: str,
        platform_system: str,
        platform_version: str,
        python_full_version: str,
        python_version: str,
        sys_platform: str,
    ) -> None:
        strings = {
            "implementation_name": implementation_name,
            "implementation_version": implementation_version,
            "os_name": os_name,
            "platform_machine": platform_machine,
            "platform_python_implementation": platform_python_implementation,
            "platform_release": platform_release,
            "platform_system": platform_system,
            "platform_version": platform_version,
            "python_full_version": python_full_version,
            "python_version": python_version,
            "sys_platform": sys_platform,
        }
        for name, value in strings.items():
            if not isinstance(value, str):
                raise TypeError(f"marker environment field {name} must be a str, not {value!r}")
            set_field(self, name, value)
        # Interpreters built from an untagged checkout report versions like
        # "3.13.0+", which is not PEP 440; packaging reads it as a local version.
        full = strings["python_full_version"]
        if full.endswith("+"):
            strings["python_full_version"] = full + "local"
        set_field(self, "_strings", strings)
        versions = {name: _parse_version(strings[name]) for name in sorted(VERSION_VARIABLES)}
        set_field(self, "_versions", versions)

    @classmethod
    def from_dict(cls, mapping: Mapping[str, Any]) -> Self:
        """Build an environment from a mapping with the eleven PEP 508 keys.

        Other keys (such as ``extra``) are ignored; a missing key raises
        `UndefinedEnvironmentName`.
        """
        try:
            values = {name: mapping[name] for name in FIELDS}
        except KeyError as exc:
            raise UndefinedEnvironmentName(str(exc.args[0])) from None
        return cls(**values)

    def to_dict(self) -> dict[str, str]:
        """The eleven PEP 508 variables as a plain ``dict`` (packaging's format)."""
        return {name: getattr(self, name) for name in FIELDS}

    @classmethod
    def current(cls) -> MarkerEnvironment:
        """The environment of the running interpreter (as packaging's ``default_environment``)."""
        return _current()

    def get(self, name: str) -> str:
        """The value of the marker variable *name* (``python_version``, ``os_name``, ...)."""
        try:
            return self._strings[name]
        except KeyError:
            raise UndefinedEnvironmentName(name) from None

    def version(self, name: str) -> Version | None:
        """The value of a version-valued variable parsed as a PEP 440 version, or ``None``."""
        return self._versions.get(name)


#: The eleven PEP 508 variables, in `MarkerEnvironment` field order.
FIELDS = MarkerEnvironment.__match_args__


def _implementation_version() -> str:
    info = sys.implementation.version
    text = f"{info.major}.{info.minor}.{info.micro}"
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text


@functools.cache
def _current() -> MarkerEnvironment:
    # Imported here: `platform` is slow to import, and only this needs it.
    import platform

    return MarkerEnvironment(
        implementation_name=sys.implementation.name,
        implementation_version=_implementation_version(),
        os_name=os.name,
        platform_machine=platform.machine(),
        platform_python_implementation=platform.python_implementation(),
        platform_release=platform.release(),
        platform_system=platform.system(),
        platform_version=platform.version(),
        python_full_version=platform.python_version(),
        python_version=".".join(platform.python_version_tuple()[:2]),
        sys_platform=sys.platform,
    )
