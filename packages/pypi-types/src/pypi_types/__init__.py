"""Core metadata, simple-index models, hashes and direct URLs of Python packages."""

from pypi_types._direct_url import ArchiveInfo, DirectUrl, DirInfo, VcsInfo
from pypi_types._hashes import HASH_ALGORITHMS, Hashes
from pypi_types._html import parse_find_links_html, parse_simple_html
from pypi_types._metadata import Metadata
from pypi_types._simple import File, Meta, SimpleProject, Yanked
from pypi_types._simple_json import (
    converter,
    dump_simple_json,
    parse_simple_json,
    parse_upload_time,
)
from pypi_types.errors import (
    InvalidDirectUrl,
    InvalidMetadata,
    InvalidSimpleResponse,
    PypiTypesError,
)

__all__ = [
    "ArchiveInfo",
    "DirInfo",
    "DirectUrl",
    "File",
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
    "parse_find_links_html",
    "parse_simple_html",
    "parse_simple_json",
    "parse_upload_time",
]
