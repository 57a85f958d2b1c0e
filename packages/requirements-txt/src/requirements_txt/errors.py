"""Errors of requirements-txt.

Every error names the requirements file and, when one line is at fault, the
1-based line and column of the offending character in that physical line::

    RequirementsTxtError                 path, line, column, message
    ├── RequirementsFileNotFound         a requirements file does not exist
    │   └── IncludeNotFound              ... named by -r/-c on some line
    ├── UnreadableRequirementsFile       I/O error, or bytes that do not decode
    ├── InvalidRequirement (ValueError)  a requirement, path or URL that does not parse
    │   ├── InvalidEditable              -e with something that is not a path or VCS URL
    │   └── InvalidConstraint            a constraint that is unnamed, editable or has extras
    ├── InvalidOption (ValueError)       option syntax: unbalanced quotes, stray backslash
    │   ├── UnknownOption                not an option pip accepts in a requirements file
    │   ├── MissingOptionValue           an option at the end of the line without its value
    │   └── InvalidOptionValue           a value that the option does not accept
    │       └── InvalidHash              --hash that is not sha256/384/512:<hex digest>
    ├── UnsupportedInclude               -r/-c naming a remote URL
    └── IncludeCycle                     a file that includes itself, directly or not
"""

from __future__ import annotations

__all__ = [
    "IncludeCycle",
    "IncludeNotFound",
    "InvalidConstraint",
    "InvalidEditable",
    "InvalidHash",
    "InvalidOption",
    "InvalidOptionValue",
    "InvalidRequirement",
    "MissingOptionValue",
    "RequirementsFileNotFound",
    "RequirementsTxtError",
    "UnknownOption",
    "UnreadableRequirementsFile",
    "UnsupportedInclude",
]


class RequirementsTxtError(Exception):
    """Root of every error raised by requirements-txt.

    ``str()`` is one line, ``path:line:column: message`` when a line is at
    fault, else the message alone (which then names the file):

    >>> str(RequirementsTxtError("unknown option '--foo'", path="req.in", line=3, column=7))
    "req.in:3:7: unknown option '--foo'"
    """

    def __init__(
        self,
        message: str,
        *,
        path: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(message)

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if self.column is None:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class RequirementsFileNotFound(RequirementsTxtError):
    """A requirements file that does not exist."""


class IncludeNotFound(RequirementsFileNotFound):
    """A file named by ``-r`` or ``-c`` that does not exist; located at that option."""


class UnreadableRequirementsFile(RequirementsTxtError):
    """A requirements file that cannot be read, or whose bytes do not decode."""


class InvalidRequirement(RequirementsTxtError, ValueError):
    """A requirement, path or URL that does not parse."""


class InvalidEditable(InvalidRequirement):
    """An ``-e`` value that is neither a local path nor a VCS URL."""


class InvalidConstraint(InvalidRequirement):
    """A constraint pip would refuse: unnamed, editable, or with extras."""


class InvalidOption(RequirementsTxtError, ValueError):
    """Option syntax that does not split into words (quotes, backslashes)."""


class UnknownOption(InvalidOption):
    """An option that is not allowed in a requirements file, or an ambiguous abbreviation."""


class MissingOptionValue(InvalidOption):
    """An option that needs a value but ends the line."""


class InvalidOptionValue(InvalidOption):
    """A value that its option does not accept."""


class InvalidHash(InvalidOptionValue):
    """A ``--hash`` value that is not ``sha256``/``sha384``/``sha512`` and a hex digest."""


class UnsupportedInclude(RequirementsTxtError):
    """``-r`` or ``-c`` naming a remote URL: includes must be local files."""


class IncludeCycle(RequirementsTxtError):
    """A requirements file that includes itself, directly or through others."""

    def __init__(
        self,
        chain: tuple[str, ...],
        *,
        path: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.chain = chain
        super().__init__(
            "include cycle: " + " -> ".join(chain), path=path, line=line, column=column
        )
