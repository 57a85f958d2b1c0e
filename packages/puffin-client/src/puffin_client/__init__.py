"""puffin's HTTP layer and package-index client: caching, indexes, find-links, metadata, auth."""

from puffin_client._auth import Credentials, CredentialStore, redact_url
from puffin_client._base import (
    BULK_CONNECTIONS,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    TIMEOUT_ENV,
    BaseClient,
    file_url_to_path,
)
from puffin_client._cached import CachedClient, Serde
from puffin_client._flat import FlatDistribution, FlatIndex
from puffin_client._groups import GroupedRows, sdist_extension, version_text
from puffin_client._helper import start_helper
from puffin_client._index_settings import IndexSettings
from puffin_client._pip_config import PipConfig, pip_config_files, pip_default_index_url
from puffin_client._policy import DEFAULT_HEURISTIC_LIFETIME, CachePolicy
from puffin_client._registry import IndexStrategy, RegistryClient, read_wheel_metadata
from puffin_client._reporter import LoggingReporter, Reporter
from puffin_client._response import Download, Response, StreamResponse
from puffin_client._simple_data import ACCEPT, FileRows, file_from_row
from puffin_client.errors import (
    ClientError,
    FetchError,
    IndexConfigError,
    MetadataError,
    OfflineError,
    PackageNotFound,
)

# Plain sorted() order, which the workspace's export test checks.
__all__ = [
    "ACCEPT",
    "BULK_CONNECTIONS",
    "BaseClient",
    "CachePolicy",
    "CachedClient",
    "ClientError",
    "CredentialStore",
    "Credentials",
    "DEFAULT_HEURISTIC_LIFETIME",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "Download",
    "FetchError",
    "FileRows",
    "FlatDistribution",
    "FlatIndex",
    "GroupedRows",
    "IndexConfigError",
    "IndexSettings",
    "IndexStrategy",
    "LoggingReporter",
    "MetadataError",
    "OfflineError",
    "PackageNotFound",
    "PipConfig",
    "RegistryClient",
    "Reporter",
    "Response",
    "Serde",
    "StreamResponse",
    "TIMEOUT_ENV",
    "file_from_row",
    "file_url_to_path",
    "pip_config_files",
    "pip_default_index_url",
    "read_wheel_metadata",
    "redact_url",
    "sdist_extension",
    "start_helper",
    "version_text",
]
