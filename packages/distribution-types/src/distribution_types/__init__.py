"""What can be installed and from where: dists, installed and cached dists, index locations."""

from distribution_types._base import (
    BuiltDist,
    Dist,
    DistributionId,
    ResourceId,
    SourceDist,
    VersionOrUrl,
)
from distribution_types._built import DirectUrlBuiltDist, PathBuiltDist, RegistryBuiltDist
from distribution_types._cached import CachedDist
from distribution_types._direct_url import direct_url_to_url
from distribution_types._git import GitReference, GitReferenceKind
from distribution_types._index import FlatIndexLocation, IndexLocations, IndexUrl
from distribution_types._installed import (
    InstalledDirectUrlDist,
    InstalledDist,
    InstalledEditableDist,
    InstalledRegistryDist,
)
from distribution_types._redact import redact_url
from distribution_types._resolution import Resolution, ResolvedDist
from distribution_types._source import (
    DirectorySourceDist,
    DirectUrlSourceDist,
    GitSourceDist,
    PathSourceDist,
    RegistrySourceDist,
)
from distribution_types._urls import fragment_params, subdirectory_of
from distribution_types.errors import (
    DistributionTypesError,
    DuplicateDist,
    InvalidDistInfo,
    InvalidDistUrl,
    InvalidIndexUrl,
    MissingGitCommit,
    UnsupportedUrl,
)

__all__ = [
    "BuiltDist",
    "CachedDist",
    "DirectUrlBuiltDist",
    "DirectUrlSourceDist",
    "DirectorySourceDist",
    "Dist",
    "DistributionId",
    "DistributionTypesError",
    "DuplicateDist",
    "FlatIndexLocation",
    "GitReference",
    "GitReferenceKind",
    "GitSourceDist",
    "IndexLocations",
    "IndexUrl",
    "InstalledDirectUrlDist",
    "InstalledDist",
    "InstalledEditableDist",
    "InstalledRegistryDist",
    "InvalidDistInfo",
    "InvalidDistUrl",
    "InvalidIndexUrl",
    "MissingGitCommit",
    "PathBuiltDist",
    "PathSourceDist",
    "RegistryBuiltDist",
    "RegistrySourceDist",
    "Resolution",
    "ResolvedDist",
    "ResourceId",
    "SourceDist",
    "UnsupportedUrl",
    "VersionOrUrl",
    "direct_url_to_url",
    "fragment_params",
    "redact_url",
    "subdirectory_of",
]
