"""Core metadata, simple-index models, hashes and direct URLs of Python packages."""

from pypi_types._direct_url import ArchiveInfo, DirectUrl, DirInfo, VcsInfo
from pypi_types._hashes import HASH_ALGORITHMS, Hashes
from pypi_types._metadata import Metadata
from pypi_types._rows import FileRows, file_from_row, files_from_rows, files_to_rows
from pypi_types._simple import File, Meta, SimpleProject, Yanked
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
    from pypi_types._html import parse_find_links_html, parse_simple_html
    from pypi_types._simple_json import dump_simple_json, parse_simple_json, parse_upload_time

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
    # Imported on first use (PEP 562): `converter` because cattrs takes longer to
    # import than the rest of the package, the page readers because a run answered
    # from cached pages never reads one.
    _LAZY = {
        "converter": "_converter",
        "dump_simple_json": "_simple_json",
        "parse_find_links_html": "_html",
        "parse_simple_html": "_html",
        "parse_simple_json": "_simple_json",
        "parse_upload_time": "_simple_json",
    }

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"pypi_types.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING
