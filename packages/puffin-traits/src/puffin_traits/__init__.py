"""Protocols between the resolver, installer and build frontend: `BuildContext`, `SourceBuild`."""

from puffin_traits._options import BuildKind, BuildOptions, ConfigSettings, NoBuild
from puffin_traits._protocols import BuildContext, SourceBuild
from puffin_traits.errors import BuildForbidden, TraitsError

__all__ = [
    "BuildContext",
    "BuildForbidden",
    "BuildKind",
    "BuildOptions",
    "ConfigSettings",
    "NoBuild",
    "SourceBuild",
    "TraitsError",
]
