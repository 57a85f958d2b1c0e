"""Walk a requirements file and its includes, applying each line as pip would."""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

from puffin_normalize import InvalidName, PackageName
from puffin_pep508 import UnnamedRequirement
from requirements_txt._frozen import Frozen, set_field
from requirements_txt._lines import LogicalLine, decode, logical_lines
from requirements_txt._options import Occurrence, SplitLine, Token, split_line
from requirements_txt._requirement import parse_editable, parse_requirement
from requirements_txt._types import ParseWarning, RequirementEntry, SourceLine
from requirements_txt.errors import (
    IncludeCycle,
    IncludeNotFound,
    InvalidConstraint,
    InvalidHash,
    InvalidOptionValue,
    MissingOptionValue,
    RequirementsFileNotFound,
    RequirementsTxtError,
    UnreadableRequirementsFile,
    UnsupportedInclude,
)

__all__ = ["Collected", "Parser"]

_HASH_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_HEX = frozenset("0123456789abcdefABCDEF")
_REMOTE = re.compile(r"^(https?):", re.IGNORECASE)
_FILE_URL = re.compile(r"^file:", re.IGNORECASE)
# Options that shape a whole resolution; on a requirement line pip drops them.
_GLOBAL = frozenset(
    {
        "index_url",
        "extra_index_urls",
        "no_index",
        "find_links",
        "pre",
        "prefer_binary",
        "require_hashes",
        "trusted_hosts",
        "features_enabled",
        "requirements",
        "constraints",
        "editables",
    }
)


class Collected:
    """Everything gathered so far, in the order pip would apply it."""

    __slots__ = (
        "constraints",
        "extra_index_urls",
        "features",
        "find_links",
        "index_url",
        "no_binary",
        "no_index",
        "only_binary",
        "pre",
        "prefer_binary",
        "require_hashes",
        "requirements",
        "trusted_hosts",
        "warnings",
    )

    def __init__(self) -> None:
        self.requirements: list[RequirementEntry] = []
        self.constraints: list[RequirementEntry] = []
        self.index_url: str | None = None
        self.extra_index_urls: list[str] = []
        self.find_links: list[str] = []
        self.no_index = False
        self.no_binary: set[str] = set()
        self.only_binary: set[str] = set()
        self.trusted_hosts: list[str] = []
        self.pre = False
        self.prefer_binary = False
        self.require_hashes = False
        self.features: list[str] = []
        self.warnings: list[ParseWarning] = []


class _File(Frozen):
    """A requirements file being read: how to show it, and where it really is."""

    __match_args__ = ("display", "real", "constraint")
    __slots__ = __match_args__

    display: str
    real: str
    constraint: bool

    def __init__(self, display: str, real: str, constraint: bool) -> None:
        set_field(self, "display", display)
        set_field(self, "real", real)
        set_field(self, "constraint", constraint)


class Parser:
    """Reads one top-level requirements file and everything it includes."""

    def __init__(self, *, working_dir: Path, env: Mapping[str, str] | None) -> None:
        self.working_dir = working_dir
        self.env: Mapping[str, str] = os.environ if env is None else env
        self.collected = Collected()

    def parse_path(self, path: str) -> None:
        """Read and parse the top-level file *path* (relative to the working directory)."""
        location = self.working_dir / path
        data = self._read(location, path, None)
        self.parse_text(decode(data, path), path, location=location)

    def parse_text(self, text: str, path: str, *, location: Path | None = None) -> None:
        """Parse the top-level text of *path* (``-`` for standard input)."""
        where = location if location is not None else self.working_dir / path
        self._parse(text, (_File(path, os.path.realpath(where), constraint=False),))

    def _read(self, location: Path, display: str, site: tuple[str, int, int] | None) -> bytes:
        try:
            return location.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            message = f"no such requirements file: {display}"
            if site is None:
                raise RequirementsFileNotFound(message, path=display) from None
            raise IncludeNotFound(message, path=site[0], line=site[1], column=site[2]) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            message = f"cannot read requirements file {display}: {reason}"
            if site is None:
                raise UnreadableRequirementsFile(message, path=display) from None
            raise UnreadableRequirementsFile(
                message, path=site[0], line=site[1], column=site[2]
            ) from None

    def _parse(self, text: str, chain: tuple[_File, ...]) -> None:
        current = chain[-1]
        for line in logical_lines(text, self.env):
            self._line(line, split_line(line, current.display), chain)

    def _line(self, line: LogicalLine, split: SplitLine, chain: tuple[_File, ...]) -> None:
        current = chain[-1]
        path = current.display
        source = SourceLine(path, line.line)
        by_dest: dict[str, list[Occurrence]] = {}
        for occurrence in split.options:
            by_dest.setdefault(occurrence.option.dest, []).append(occurrence)
        # pip checks every option value in order (its optparse callbacks run)
        # before deciding which options the line's kind lets through.
        hashes: list[str] = []
        settings: list[tuple[str, str]] = []
        for occurrence in split.options:
            dest = occurrence.option.dest
            if dest == "hashes":
                hashes.append(self._hash(occurrence, line, path))
            elif dest == "config_settings":
                settings.append(self._config(occurrence, line, path))
            elif dest in ("no_binary", "only_binary"):
                # Format control is global even on requirement lines, as in pip.
                self._format_control(occurrence, line, path)
        if split.positional:
            words = " ".join(token.value for token in split.positional)
            self._warn(source, f"{words!r} after the options is ignored, as pip does")

        requirement_text = split.requirement.rstrip()
        editables = by_dest.get("editables", [])
        if requirement_text:
            self._ignored(
                source, split.options, {"hashes", "config_settings"}, "a requirement line"
            )
            requirement = parse_requirement(requirement_text, line, path, self.working_dir)
            entry = RequirementEntry(requirement, source, tuple(hashes), False, tuple(settings))
            self._add(entry, line, 0, current)
        elif editables:
            for extra in editables[1:]:
                self._warn(
                    source, f"only one -e per line is used; {_value(extra).value!r} is ignored"
                )
            self._ignored(source, split.options, {"config_settings", "editables"}, "an -e line")
            value = _value(editables[0])
            editable = parse_editable(value, line, path, self.working_dir)
            entry = RequirementEntry(editable, source, (), True, tuple(settings))
            self._add(entry, line, value.start, current)
        elif "requirements" in by_dest or "constraints" in by_dest:
            self._ignored(source, split.options, {"requirements", "constraints"}, "an -r/-c line")
            self._include(by_dest, line, chain)
        else:
            self._options(by_dest, line, source, current)

    def _add(self, entry: RequirementEntry, line: LogicalLine, start: int, file: _File) -> None:
        if not file.constraint:
            self.collected.requirements.append(entry)
            return
        requirement = entry.requirement

        def refuse(message: str, offset: int) -> InvalidConstraint:
            number, column = line.position(offset)
            return InvalidConstraint(message, path=file.display, line=number, column=column)

        if entry.editable:
            raise refuse("editable requirements are not allowed as constraints", start)
        if isinstance(requirement, UnnamedRequirement):
            raise refuse("constraints must name their project (use 'name @ url')", start)
        if requirement.extras:
            offset = line.text.find("[", start)
            raise refuse("constraints cannot have extras", offset if offset >= 0 else start)
        self.collected.constraints.append(entry)

    def _include(
        self, by_dest: dict[str, list[Occurrence]], line: LogicalLine, chain: tuple[_File, ...]
    ) -> None:
        current = chain[-1]
        path = current.display
        source = SourceLine(path, line.line)
        # pip follows only the first -r of a line, else the first -c.
        includes = by_dest.get("requirements") or by_dest["constraints"]
        ignored = [*by_dest.get("requirements", []), *by_dest.get("constraints", [])]
        for occurrence in ignored:
            if occurrence is not includes[0]:
                self._warn(
                    source,
                    f"only one -r/-c per line is used; {occurrence.spelling} "
                    f"{_value(occurrence).value!r} is ignored",
                )
        occurrence = includes[0]
        value = _value(occurrence)
        number, column = line.position(value.start)
        site = (path, number, column)
        target = value.value
        if _REMOTE.match(target):
            raise UnsupportedInclude(
                f"cannot include {target!r}: remote requirements files are not supported; "
                "download it and include the local copy",
                path=path,
                line=number,
                column=column,
            )
        if _FILE_URL.match(target):
            # Imported here: urllib.request pulls in http.client and email.
            from urllib.request import url2pathname

            target = url2pathname(urllib.parse.urlsplit(target).path)
        display = os.path.normpath(os.path.join(os.path.dirname(path), target))
        location = self.working_dir / os.path.join(os.path.dirname(path), target)
        try:
            real = os.path.realpath(location)
        except ValueError as exc:  # a NUL, or a lone surrogate the file system cannot encode
            raise UnreadableRequirementsFile(
                f"cannot read requirements file {display!r}: {exc}",
                path=path,
                line=number,
                column=column,
            ) from None
        # Everything below a -c is a constraint, even its -r (pip would make
        # those requirements, which nobody means).
        constraint = current.constraint or occurrence.option.dest == "constraints"
        for index, earlier in enumerate(chain):
            if earlier.real == real:
                names = (*(f.display for f in chain[index:]), display)
                raise IncludeCycle(names, path=path, line=number, column=column)
        data = self._read(location, display, site)
        self._parse(decode(data, display), (*chain, _File(display, real, constraint)))

    def _options(
        self,
        by_dest: dict[str, list[Occurrence]],
        line: LogicalLine,
        source: SourceLine,
        current: _File,
    ) -> None:
        collected = self.collected
        if "hashes" in by_dest:
            self._warn(source, "--hash without a requirement on its line is ignored")
        if "config_settings" in by_dest:
            self._warn(source, "--config-settings without a requirement on its line is ignored")
        if "global_options" in by_dest:
            self._warn(source, "--global-option without a requirement on its line is ignored")
        for occurrence in by_dest.get("index_url", []):
            collected.index_url = _value(occurrence).value
        for occurrence in by_dest.get("extra_index_urls", []):
            collected.extra_index_urls.append(_value(occurrence).value)
        if "no_index" in by_dest:
            collected.no_index = True
        if "find_links" in by_dest:
            first, *rest = by_dest["find_links"]
            for extra in rest:
                self._warn(
                    source, f"only one -f per line is used; {_value(extra).value!r} is ignored"
                )
            collected.find_links.append(self._find_link(_value(first).value, current))
        for occurrence in by_dest.get("trusted_hosts", []):
            collected.trusted_hosts.append(_value(occurrence).value)
        collected.pre = collected.pre or "pre" in by_dest
        collected.prefer_binary = collected.prefer_binary or "prefer_binary" in by_dest
        collected.require_hashes = collected.require_hashes or "require_hashes" in by_dest
        for occurrence in by_dest.get("features_enabled", []):
            feature = _value(occurrence).value
            if feature not in collected.features:
                collected.features.append(feature)
            self._warn(source, f"--use-feature={feature} is a pip feature; puffin ignores it")

    def _find_link(self, value: str, current: _File) -> str:
        if "://" in value or _FILE_URL.match(value):
            return value
        # pip's rule: relative to the requirements file if that exists there,
        # else as written (relative to the working directory).
        beside = self.working_dir / os.path.dirname(current.display) / value
        if beside.exists():
            return os.path.normpath(os.path.abspath(beside))
        return value

    def _format_control(self, occurrence: Occurrence, line: LogicalLine, path: str) -> None:
        value = _value(occurrence)
        if value.value.startswith("-"):
            number, column = line.position(occurrence.start)
            raise MissingOptionValue(
                f"option {occurrence.spelling} needs a value", path=path, line=number, column=column
            )
        if occurrence.option.dest == "no_binary":
            target, other = self.collected.no_binary, self.collected.only_binary
        else:
            target, other = self.collected.only_binary, self.collected.no_binary
        items = value.value.split(",")
        starts = [0]
        for item in items[:-1]:
            starts.append(starts[-1] + len(item) + 1)
        if ":all:" in items:
            # pip's rule: only what follows the last :all: and a :none: survives it.
            last = len(items) - 1 - items[::-1].index(":all:")
            other.clear()
            target.clear()
            target.add(":all:")
            items, starts = items[last + 1 :], starts[last + 1 :]
            if ":none:" not in items:
                return
        for item, start in zip(items, starts, strict=True):
            if item == ":none:":
                target.clear()
            elif item:
                try:
                    name = PackageName.parse(item)
                except InvalidName as exc:
                    number, column = line.position(value.offset(start))
                    raise InvalidOptionValue(
                        f"{occurrence.spelling}: {exc}", path=path, line=number, column=column
                    ) from None
                other.discard(name)
                target.add(name)

    def _hash(self, occurrence: Occurrence, line: LogicalLine, path: str) -> str:
        value = _value(occurrence)
        text = value.value
        algorithm, colon, digest = text.partition(":")

        def bad(message: str, index: int) -> InvalidHash:
            number, column = line.position(value.offset(index))
            return InvalidHash(message, path=path, line=number, column=column)

        if not colon:
            raise bad(f"--hash value {text!r} is not ALGORITHM:DIGEST, like sha256:3f2a…", 0)
        length = _HASH_LENGTHS.get(algorithm)
        if length is None:
            raise bad(
                f"unsupported hash algorithm {algorithm!r} in --hash: use sha256, sha384 or sha512",
                0,
            )
        for index, char in enumerate(digest):
            if char not in _HEX:
                raise bad(
                    f"{algorithm} digest has a non-hexadecimal character {char!r}",
                    len(algorithm) + 1 + index,
                )
        if len(digest) != length:
            raise bad(
                f"{algorithm} digest must be {length} hexadecimal digits, not {len(digest)}",
                len(algorithm) + 1,
            )
        return f"{algorithm}:{digest.lower()}"

    def _config(self, occurrence: Occurrence, line: LogicalLine, path: str) -> tuple[str, str]:
        value = _value(occurrence)
        key, equals, setting = value.value.partition("=")
        if not equals:
            number, column = line.position(value.start)
            raise InvalidOptionValue(
                f"{occurrence.spelling} value {value.value!r} is not KEY=VALUE",
                path=path,
                line=number,
                column=column,
            )
        return key, setting

    def _ignored(
        self,
        source: SourceLine,
        occurrences: tuple[Occurrence, ...],
        allowed: set[str],
        where: str,
    ) -> None:
        for occurrence in occurrences:
            dest = occurrence.option.dest
            if dest in allowed or dest in ("no_binary", "only_binary"):
                continue
            if dest == "global_options" and "hashes" in allowed:
                self._warn(source, "--global-option is for setup.py; puffin ignores it")
            elif dest in _GLOBAL:
                self._warn(
                    source,
                    f"{occurrence.spelling} has no effect on {where}; put it on a line of its own",
                )
            else:
                self._warn(source, f"{occurrence.spelling} has no effect on {where}")

    def _warn(self, source: SourceLine, message: str) -> None:
        self.collected.warnings.append(ParseWarning(source, message))


def _value(occurrence: Occurrence) -> Token:
    value = occurrence.value
    if value is None:  # pragma: no cover - every option these callers read takes a value
        raise RequirementsTxtError("option without a value", path="")
    return value
