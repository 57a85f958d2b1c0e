"""Errors of pypi-types.

::

    PypiTypesError
    ├── InvalidMetadata (also ValueError)        METADATA without a usable Name or Version
    ├── InvalidSimpleResponse (also ValueError)  an unreadable simple-index page (JSON or HTML)
    └── InvalidDirectUrl (also ValueError)       a direct_url.json that breaks PEP 610
"""

from __future__ import annotations

__all__ = ["InvalidDirectUrl", "InvalidMetadata", "InvalidSimpleResponse", "PypiTypesError"]


class PypiTypesError(Exception):
    """Root of every error raised by pypi-types."""


class InvalidMetadata(PypiTypesError, ValueError):
    """Core metadata whose ``Name`` or ``Version`` is missing or invalid.

    Every other malformed field is skipped and recorded in `Metadata.warnings`
    instead, because old releases carry metadata that no tool can fix any more.
    """

    def __init__(self, field: str, reason: str, *, value: str | None = None) -> None:
        self.field = field
        self.reason = reason
        self.value = value
        super().__init__(field, reason, value)

    def __str__(self) -> str:
        if self.value is None:
            return f"invalid metadata: {self.field}: {self.reason}"
        return f"invalid metadata: {self.field} {self.value!r}: {self.reason}"


class InvalidSimpleResponse(PypiTypesError, ValueError):
    """A simple-repository page (PEP 503 HTML or PEP 691 JSON) that cannot be read."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(url, reason)

    def __str__(self) -> str:
        return f"invalid simple-index response from {self.url}: {self.reason}"


class InvalidDirectUrl(PypiTypesError, ValueError):
    """A ``direct_url.json`` document that does not follow PEP 610."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)

    def __str__(self) -> str:
        return f"invalid direct_url.json: {self.reason}"
