"""PEP 440 versions and version specifiers: parse, normalize, order, match."""

from puffin_pep440._operator import Operator
from puffin_pep440._specifier import VersionSpecifier
from puffin_pep440._specifiers import VersionSpecifiers
from puffin_pep440._version import Version
from puffin_pep440.errors import InvalidSpecifier, InvalidVersion, Pep440Error

__all__ = [
    "InvalidSpecifier",
    "InvalidVersion",
    "Operator",
    "Pep440Error",
    "Version",
    "VersionSpecifier",
    "VersionSpecifiers",
]
