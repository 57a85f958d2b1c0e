"""Core metadata, simple-index models, hashes and direct URLs of Python packages."""

from pypi_types._direct_url import ArchiveInfo, DirectUrl, DirInfo, VcsInfo
from pypi_types._hashes import HASH_ALGORITHMS, Hashes
from pypi_types._html import parse_find_links_html, parse_simple_html
from pypi_types._metadata import Metadata
from pypi_types._rows import FileRows, file_from_row, files_from_rows, files_to_rows
from pypi_types._simple import File, Meta, SimpleProject, Yanked
from pypi_types._simple_json import dump_simple_json, parse_simple_json, parse_upload_time
from pypi_types.errors import (
    InvalidDirectUrl,
    InvalidMetadata,
    InvalidSimpleResponse,
    PypiTypesError,
)

# `typing.TYPE_CHECKING` without importing typing; deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pypi_types._converter import converter

__all__ = [
    "ArchiveInfo",
    "DirInfo",
    "DirectUrl",
    "File",
    "FileRows",
    "HASH_ALGORITHMS",
    "Hashes",
    "InvalidDirectUrl",
    "InvalidMetadata",
    "InvalidSimpleResponse",
    "Meta",
    "Metadata",
    "PypiTypesError",
    "SimpleProject",
    "VcsInfo",
    "Yanked",
    "converter",
    "dump_simple_json",
    "file_from_row",
    "files_from_rows",
    "files_to_rows",
    "parse_find_links_html",
    "parse_simple_html",
    "parse_simple_json",
    "parse_upload_time",
]


# Hidden from mypy, which would otherwise accept any attribute of the package.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        # `converter` is built on first use (PEP 562): cattrs takes longer to import
        # than the rest of the package, and reading cached pages never needs it.
        if name != "converter":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from pypi_types._converter import converter

        globals()[name] = converter
        return converter

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING
