"""The metadata and wheels of any distribution: index, URL, file, git, directory; builds cached."""

from puffin_distribution._built import build_metadata
from puffin_distribution._database import DistributionDatabase
from puffin_distribution._tree_name import source_tree_name, static_name
from puffin_distribution.errors import (
    BuildFailed,
    BuildNotSupported,
    DistributionError,
    SourceDistError,
)

# `typing.TYPE_CHECKING` without importing typing (see `_LAZY`); deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from puffin_distribution._pkg_info import (
        MAX_PKG_INFO,
        SourceArchive,
        read_pkg_info,
        static_metadata,
    )

__all__ = [
    "BuildFailed",
    "BuildNotSupported",
    "DistributionDatabase",
    "DistributionError",
    "MAX_PKG_INFO",
    "SourceArchive",
    "SourceDistError",
    "build_metadata",
    "read_pkg_info",
    "source_tree_name",
    "static_metadata",
    "static_name",
]

# Names imported on first use (PEP 562): reading source archives needs tarfile and
# zipfile, which a resolution served by wheels should not pay for at start-up.
_LAZY = {
    "MAX_PKG_INFO": "_pkg_info",
    "SourceArchive": "_pkg_info",
    "read_pkg_info": "_pkg_info",
    "static_metadata": "_pkg_info",
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
