"""`RequirementsTxt`: a parsed requirements file with everything it includes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Self

from puffin_pep508 import Requirement
from requirements_txt._frozen import Frozen, set_field
from requirements_txt._parser import Collected, Parser
from requirements_txt._types import ParseWarning, RequirementEntry

__all__ = ["RequirementsTxt"]


class RequirementsTxt(Frozen):
    """A requirements file in pip's format, with its ``-r`` and ``-c`` files read in.

    Options keep pip's meaning: ``index_url`` is the last ``-i``;
    ``no_binary`` and ``only_binary`` hold normalized names or ``:all:``
    after pip's ``:all:``/``:none:`` rules; ``find_links`` entries that exist
    beside the file that names them are made absolute, as pip does.

    >>> import pathlib
    >>> parsed = RequirementsTxt.parse_text(
    ...     "--index-url https://example.com/simple\\n--pre\\n",
    ...     "requirements.in",
    ...     working_dir=pathlib.Path("."),
    ... )
    >>> parsed.index_url, parsed.pre, parsed.requirements
    ('https://example.com/simple', True, ())
    """

    __match_args__ = (
        "requirements",
        "constraints",
        "constraint_entries",
        "index_url",
        "extra_index_urls",
        "find_links",
        "no_index",
        "no_binary",
        "only_binary",
        "trusted_hosts",
        "pre",
        "prefer_binary",
        "require_hashes",
        "features",
        "warnings",
    )
    __slots__ = __match_args__

    requirements: tuple[RequirementEntry, ...]
    constraints: tuple[Requirement, ...]
    constraint_entries: tuple[RequirementEntry, ...]
    index_url: str | None
    extra_index_urls: tuple[str, ...]
    find_links: tuple[str, ...]
    no_index: bool
    no_binary: frozenset[str]
    only_binary: frozenset[str]
    trusted_hosts: tuple[str, ...]
    pre: bool
    prefer_binary: bool
    require_hashes: bool
    features: tuple[str, ...]
    warnings: tuple[ParseWarning, ...]

    def __init__(
        self,
        requirements: tuple[RequirementEntry, ...] = (),
        constraints: tuple[Requirement, ...] = (),
        constraint_entries: tuple[RequirementEntry, ...] = (),
        index_url: str | None = None,
        extra_index_urls: tuple[str, ...] = (),
        find_links: tuple[str, ...] = (),
        no_index: bool = False,
        no_binary: frozenset[str] = frozenset(),
        only_binary: frozenset[str] = frozenset(),
        trusted_hosts: tuple[str, ...] = (),
        pre: bool = False,
        prefer_binary: bool = False,
        require_hashes: bool = False,
        features: tuple[str, ...] = (),
        warnings: tuple[ParseWarning, ...] = (),
    ) -> None:
        set_field(self, "requirements", requirements)
        set_field(self, "constraints", constraints)
        set_field(self, "constraint_entries", constraint_entries)
        set_field(self, "index_url", index_url)
        set_field(self, "extra_index_urls", extra_index_urls)
        set_field(self, "find_links", find_links)
        set_field(self, "no_index", no_index)
        set_field(self, "no_binary", no_binary)
        set_field(self, "only_binary", only_binary)
        set_field(self, "trusted_hosts", trusted_hosts)
        set_field(self, "pre", pre)
        set_field(self, "prefer_binary", prefer_binary)
        set_field(self, "require_hashes", require_hashes)
        set_field(self, "features", features)
        set_field(self, "warnings", warnings)

    @classmethod
    def parse(
        cls,
        path: str | os.PathLike[str],
        *,
        working_dir: Path,
        env: Mapping[str, str] | None = None,
    ) -> Self:
        """Read and parse the requirements file *path*, and the files it includes.

        A relative *path* is relative to *working_dir*, which also anchors bare
        local paths on requirement lines (pip resolves those against the current
        directory, not the file). Includes are relative to the including file.
        ``${VAR}`` is expanded from *env* (default: ``os.environ``).
        """
        parser = Parser(working_dir=working_dir, env=env)
        parser.parse_path(os.fspath(path))
        return cls._from(parser.collected)

    @classmethod
    def parse_text(
        cls,
        text: str,
        path: str | os.PathLike[str] = "-",
        *,
        working_dir: Path,
        env: Mapping[str, str] | None = None,
    ) -> Self:
        """Parse *text* as the content of *path* (``-``: standard input, read by the caller).

        *path* names the text in errors and anchors its ``-r``/``-c`` includes.
        """
        parser = Parser(working_dir=working_dir, env=env)
        parser.parse_text(text, os.fspath(path))
        return cls._from(parser.collected)

    @classmethod
    def _from(cls, collected: Collected) -> Self:
        return cls(
            requirements=tuple(collected.requirements),
            # Constraints were checked to be named when parsed.
            constraints=tuple(
                entry.requirement
                for entry in collected.constraints
                if isinstance(entry.requirement, Requirement)
            ),
            constraint_entries=tuple(collected.constraints),
            index_url=collected.index_url,
            extra_index_urls=tuple(collected.extra_index_urls),
            find_links=tuple(collected.find_links),
            no_index=collected.no_index,
            no_binary=frozenset(collected.no_binary),
            only_binary=frozenset(collected.only_binary),
            trusted_hosts=tuple(collected.trusted_hosts),
            pre=collected.pre,
            prefer_binary=collected.prefer_binary,
            require_hashes=collected.require_hashes,
            features=tuple(collected.features),
            warnings=tuple(collected.warnings),
        )

    @property
    def editables(self) -> tuple[RequirementEntry, ...]:
        """The ``-e`` entries of ``requirements``, in order."""
        return tuple(entry for entry in self.requirements if entry.editable)
