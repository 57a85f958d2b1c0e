"""Resolve one requirement line with puffin's resolver, as ``puffin pip-compile`` would."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

# Imported up front, not in the first resolution, whose time would then include them.
from puffin_client import BaseClient, RegistryClient
from puffin_dev._outcome import Outcome
from puffin_dev.errors import InvalidOption
from puffin_distribution import DistributionDatabase
from puffin_pep508 import Requirement
from puffin_resolver import (
    Manifest,
    PythonRequirement,
    ResolveOptions,
    Resolver,
    SourcedRequirement,
)

if TYPE_CHECKING:
    from distribution_types import IndexLocations
    from platform_tags import Tags
    from puffin_cache import Cache
    from puffin_interpreter import Interpreter
    from puffin_pep440 import Version
    from puffin_pep508 import MarkerEnvironment

__all__ = ["LineResolver", "Target", "parse_exclude_newer", "resolve_target"]

_VERSION = re.compile(r"3\.(\d+)(?:\.(\d+))?")
# Errors of these packages are expected failures (unsatisfiable, not found, a bad line);
# anything else is a bug in puffin, and the result says so.
_OWN_PREFIXES = ("puffin_", "pypi_types", "distribution_", "platform_", "requirements_txt")


def parse_exclude_newer(text: str) -> datetime:
    """``--exclude-newer``: an RFC 3339 time, or a date (midnight, local time), in UTC.

    >>> parse_exclude_newer("2026-11-01T00:00:00Z").isoformat()
    '2026-11-01T00:00:00+00:00'
    """
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.fromisoformat(value).astimezone(UTC)
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise InvalidOption(
            "--exclude-newer", text, "a date (2026-11-01) or an RFC 3339 time"
        ) from None
    return parsed.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Target:
    """What to resolve for: marker values, wheel tags and the two Python versions."""

    markers: MarkerEnvironment
    tags: Tags
    installed: Version
    target: Version


def resolve_target(interpreter: Interpreter, python_version: str | None) -> Target:
    """The target of a resolution: *interpreter*, with its Python version replaced by
    *python_version* (``3.11`` or ``3.11.4``) as ``uv pip compile`` does."""
    from platform_tags import Tags
    from puffin_pep440 import Version
    from puffin_pep508 import MarkerEnvironment

    info = interpreter.info
    installed = Version.parse(".".join(map(str, interpreter.python_full_version)))
    values = dict(interpreter.marker_values)
    python = interpreter.python_version
    if python_version is not None:
        match = _VERSION.fullmatch(python_version.strip())
        if match is None:
            raise InvalidOption("--python-version", python_version, "a version such as 3.12")
        python = (3, int(match.group(1)))
        full = f"3.{match.group(1)}.{match.group(2) or 0}"
        values["python_version"] = f"3.{match.group(1)}"
        values["python_full_version"] = full
        if info.implementation_name == "cpython":
            values["implementation_version"] = full
    implementation = (
        python if info.implementation_name == "cpython" else info.implementation_version[:2]
    )
    tags = Tags.from_env(
        interpreter.platform,
        python,
        info.implementation_name,
        (implementation[0], implementation[1]),
        gil_disabled=info.gil_disabled,
        debug=info.debug,
    )
    target = Version.parse(values["python_full_version"])
    return Target(MarkerEnvironment.from_dict(values), tags, installed, target)


class LineResolver:
    """Resolves requirement lines one at a time, each with a fresh `Resolver` and client,
    all against the same target, index locations and cache; safe to call from several
    threads at once (each resolution runs its own event loop)."""

    def __init__(
        self,
        cache: Cache,
        target: Target,
        locations: IndexLocations,
        *,
        exclude_newer: datetime | None = None,
        offline: bool = False,
        origin: str = "-r -",
    ) -> None:
        """A resolver of lines for *target*; *origin* is where the lines come from."""
        self.cache = cache
        self.target = target
        self.locations = locations
        self.exclude_newer = exclude_newer
        self.offline = offline
        self.origin = origin

    def resolve(self, line: str) -> Outcome:
        """Resolve the requirement *line* alone: its pins, or the error that stopped it."""
        started = time.perf_counter()
        try:
            pins = self._pins(line)
        except Exception as error:  # a survey tool: every failure is a result
            return Outcome(time.perf_counter() - started, error=_describe(error))
        return Outcome(time.perf_counter() - started, pins)

    def _pins(self, line: str) -> dict[str, str]:
        requirement = Requirement.parse(line, working_dir=Path.cwd())
        manifest = Manifest(requirements=(SourcedRequirement(requirement, self.origin),))
        client = RegistryClient(self.locations, self.cache, client=BaseClient(offline=self.offline))
        target = self.target
        resolver = Resolver(
            manifest,
            ResolveOptions(exclude_newer=self.exclude_newer),
            markers=target.markers,
            tags=target.tags,
            python=PythonRequirement(installed=target.installed, target=target.target),
            client=client,
            database=DistributionDatabase(client, self.cache),
        )
        graph = resolver.resolve()
        return {
            str(name): str(package.version)
            if package.url is None
            else f"@ {package.url.given or package.url.url}"
            for name, package in graph.items()
        }


def _describe(error: Exception) -> str:
    message = str(error).strip()
    if type(error).__module__.startswith(_OWN_PREFIXES):
        return message or type(error).__name__
    return f"internal error: {type(error).__name__}: {message}"
