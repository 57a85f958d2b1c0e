"""puffin's HTTP layer and package-index client: caching, indexes, find-links, metadata, auth."""

from puffin_client.errors import (
    ClientError,
    FetchError,
    IndexConfigError,
    MetadataError,
    OfflineError,
    PackageNotFound,
)

# `typing.TYPE_CHECKING` without importing typing (see `_LAZY`); deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
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

# Imported on first use (PEP 562): the page helper process needs the page readers
# only, not asyncio, httpx or the transports (~40 ms of its start-up), and a command
# answered from the cache imports no more than it uses.
_LAZY = {
    "ACCEPT": "_simple_data",
    "BULK_CONNECTIONS": "_base",
    "BaseClient": "_base",
    "CachePolicy": "_policy",
    "CachedClient": "_cached",
    "CredentialStore": "_auth",
    "Credentials": "_auth",
    "DEFAULT_HEURISTIC_LIFETIME": "_policy",
    "DEFAULT_RETRIES": "_base",
    "DEFAULT_TIMEOUT": "_base",
    "Download": "_response",
    "FileRows": "_simple_data",
    "FlatDistribution": "_flat",
    "FlatIndex": "_flat",
    "GroupedRows": "_groups",
    "IndexSettings": "_index_settings",
    "IndexStrategy": "_registry",
    "LoggingReporter": "_reporter",
    "PipConfig": "_pip_config",
    "RegistryClient": "_registry",
    "Reporter": "_reporter",
    "Response": "_response",
    "Serde": "_cached",
    "StreamResponse": "_response",
    "TIMEOUT_ENV": "_base",
    "file_from_row": "_simple_data",
    "file_url_to_path": "_base",
    "pip_config_files": "_pip_config",
    "pip_default_index_url": "_pip_config",
    "read_wheel_metadata": "_registry",
    "redact_url": "_auth",
    "sdist_extension": "_groups",
    "start_helper": "_helper",
    "version_text": "_groups",
}

# Hidden from mypy, which would otherwise accept any attribute of the package.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING
