"""The metadata of any distribution: wheels from indexes, URLs and files; static sdist PKG-INFO."""

from puffin_distribution._database import DistributionDatabase
from puffin_distribution._pkg_info import (
    MAX_PKG_INFO,
    SourceArchive,
    read_pkg_info,
    static_metadata,
)
from puffin_distribution.errors import BuildNotSupported, DistributionError, SourceDistError

__all__ = [
    "BuildNotSupported",
    "DistributionDatabase",
    "DistributionError",
    "MAX_PKG_INFO",
    "SourceArchive",
    "SourceDistError",
    "read_pkg_info",
    "static_metadata",
]
