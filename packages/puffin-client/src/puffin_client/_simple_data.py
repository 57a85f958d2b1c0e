"""Simple-API pages: reading a response (JSON or HTML) and the compact cached form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from puffin_client._groups import GroupedRows
from puffin_client._response import Response
from puffin_client.errors import FetchError
from puffin_normalize import PackageName
from pypi_types import (
    File,
    FileRows,
    InvalidSimpleResponse,
    Meta,
    SimpleProject,
    file_from_row,
    files_from_rows,
    files_to_rows,
)

__all__ = [
    "ACCEPT",
    "FileRows",
    "FlatPageSerde",
    "SimpleSerde",
    "file_from_row",
    "files_from_data",
    "files_to_data",
]

ACCEPT: Final = (
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
    "text/html;q=0.01"
)
"""The ``Accept`` header of simple-API requests: JSON (PEP 691) first, HTML (PEP 503) else."""

_JSON_TYPES: Final = frozenset(
    {"application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.latest+json"}
)
_HTML_TYPES: Final = frozenset(
    {
        "application/vnd.pypi.simple.v1+html",
        "application/vnd.pypi.simple.latest+html",
        "text/html",
        "application/xhtml+xml",
    }
)


def _is_json(response: Response) -> bool:
    kind = response.media_type
    if kind in _JSON_TYPES:
        return True
    if kind in _HTML_TYPES:
        return False
    # No or a generic content type (static file servers): look at the body.
    return response.content.lstrip()[:1] == b"{"


def files_to_data(files: Sequence[File]) -> list[tuple[Any, ...]]:
    """*files* as tuples of plain data (the cached form: `pypi_types.files_to_rows`)."""
    return files_to_rows(files)


def files_from_data(rows: Any) -> tuple[File, ...]:
    """The files back from `files_to_data` output.

    :raises ValueError: *rows* is not that output.
    """
    return files_from_rows(rows)


class SimpleSerde:
    """A project page of a simple index (or None when the index does not have it)."""

    __slots__ = ("name",)

    def __init__(self, name: PackageName) -> None:
        self.name = name

    def from_response(self, response: Response) -> SimpleProject | None:
        """Parse a JSON or HTML page, by its content type; None for 404/410.

        :raises FetchError: the page is not a readable simple-API page.
        """
        if not response.ok:
            return None
        try:
            # The readers are imported here: a run answered from the cache reads none.
            if _is_json(response):
                from pypi_types import parse_simple_json

                project = parse_simple_json(response.content, response.url)
            else:
                from pypi_types import parse_simple_html

                project = parse_simple_html(response.text(), response.url, name=self.name)
        except InvalidSimpleResponse as exc:
            raise FetchError(response.url, str(exc)) from exc
        # The page is named as asked: never trust a page for another project (a
        # misconfigured redirect).
        files = GroupedRows.from_rows(self.name, files_to_rows(project.files))
        return SimpleProject(self.name, files, project.versions, project.meta)

    def to_data(self, value: SimpleProject | None) -> Any:
        """The cached form: None, or (versions, api version, grouped file rows)."""
        if value is None:
            return None
        files = value.files
        if not isinstance(files, GroupedRows) or files.name != self.name:
            files = GroupedRows.from_rows(self.name, files_to_data(files))
        return (value.versions, value.meta.api_version, files.to_data())

    def from_data(self, data: Any) -> SimpleProject | None:
        """The page back from `to_data` output.

        :raises ValueError: *data* is not that output (a miss).
        """
        if data is None:
            return None
        versions, api_version, stored = data
        files = GroupedRows.from_data(self.name, stored)
        return SimpleProject(
            self.name, files, None if versions is None else tuple(versions), Meta(api_version)
        )


class FlatPageSerde:
    """A flat page of links (``--find-links``): its files (None when it is missing)."""

    __slots__ = ()

    def from_response(self, response: Response) -> tuple[File, ...] | None:
        """Every link to a file on the page; None for 404/410."""
        if not response.ok:
            return None
        from pypi_types import parse_find_links_html

        return parse_find_links_html(response.text(), response.url)

    def to_data(self, value: tuple[File, ...] | None) -> Any:
        """The cached form: None or file rows."""
        return None if value is None else files_to_data(value)

    def from_data(self, data: Any) -> tuple[File, ...] | None:
        """The files back from `to_data` output."""
        return None if data is None else files_from_data(data)
