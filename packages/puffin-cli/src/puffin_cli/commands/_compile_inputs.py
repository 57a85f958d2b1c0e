"""What `puffin pip-compile` reads: requirements files, ``pyproject.toml``, standard input,
constraints, overrides, and the pins of an existing output file."""

from __future__ import annotations

import sys
from pathlib import Path

from puffin_cli.errors import UsageError

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from puffin_cli._printer import Printer
    from puffin_dispatch import BuildDispatch
    from puffin_normalize import PackageName
    from puffin_pep508 import Requirement
    from puffin_resolver import SourcedRequirement
    from requirements_txt import RequirementEntry, RequirementsTxt

__all__ = ["CompileInputs", "add_entries", "read_inputs", "read_preferences"]


class CompileInputs:
    """Requirements, constraints and overrides, each with where it was written."""

    __slots__ = (
        "constraints",
        "dynamic",
        "editables",
        "files",
        "overrides",
        "pre",
        "requirements",
        "unnamed",
    )

    def __init__(self) -> None:
        self.requirements: list[SourcedRequirement] = []
        self.constraints: list[SourcedRequirement] = []
        self.overrides: list[SourcedRequirement] = []
        self.files: list[RequirementsTxt] = []
        """The parsed requirements files, for their index and binary options."""
        self.pre = False
        """Whether a file asked for pre-releases (``--pre``)."""
        self.editables: set[PackageName] = set()
        """Names of the editable requirements (``-e ./dir``)."""
        self.unnamed: list[tuple[RequirementEntry, str, list[SourcedRequirement]]] = []
        """Requirements without a name (``./dir``, ``-e ./dir``), named by `name_sources`
        once builds are possible: (entry, flag, target list)."""
        self.dynamic: list[tuple[str, Sequence[str], bool]] = []
        """``pyproject.toml`` projects whose dependencies are dynamic: (path, extras, all)."""

    def name_sources(self, dispatch: Callable[[], BuildDispatch]) -> None:
        """Name the unnamed requirements and read the dynamic projects' dependencies,
        building their metadata where nothing static tells (through *dispatch*)."""
        from puffin_cli.commands._builds import named_requirement
        from puffin_pep508 import UnnamedRequirement
        from puffin_resolver import SourcedRequirement

        for entry, flag, target in self.unnamed:
            assert isinstance(entry.requirement, UnnamedRequirement)
            named = named_requirement(entry.requirement, str(entry.source), dispatch)
            if entry.editable and flag == "-r":
                self.editables.add(named.name)
            target.append(SourcedRequirement(named, f"{flag} {entry.source.path}"))
        self.unnamed.clear()
        for path, extras, all_extras in self.dynamic:
            _read_dynamic(path, extras, all_extras, self, dispatch)
        self.dynamic.clear()


def add_entries(
    entries: Iterable[RequirementEntry],
    flag: str,
    target: list[SourcedRequirement],
    inputs: CompileInputs,
) -> None:
    """Append *entries* to *target*, each with its origin (``-r file``). Unnamed source
    trees and archives wait in *inputs* for `CompileInputs.name_sources`; the editables
    of requirements (``-r``) are noted in *inputs*."""
    from puffin_pep508 import Requirement as Named
    from puffin_resolver import SourcedRequirement

    for entry in entries:
        requirement = entry.requirement
        if not isinstance(requirement, Named):
            inputs.unnamed.append((entry, flag, target))
            continue
        if entry.editable and flag == "-r":
            inputs.editables.add(requirement.name)
        target.append(SourcedRequirement(requirement, f"{flag} {entry.source.path}"))


def _parse_file(path: str, printer: Printer) -> RequirementsTxt:
    from requirements_txt import RequirementsTxt

    working_dir = Path.cwd()
    if path == "-":
        parsed = RequirementsTxt.parse_text(sys.stdin.read(), "-", working_dir=working_dir)
    else:
        parsed = RequirementsTxt.parse(path, working_dir=working_dir)
    for warning in parsed.warnings:
        printer.warn(str(warning))
    return parsed


def _read_pyproject(
    path: str, extras: Sequence[str], all_extras: bool, inputs: CompileInputs
) -> None:
    """``[project]`` dependencies and the optional ones of the chosen extras."""
    import tomllib

    from puffin_normalize import ExtraName, PackageName
    from puffin_pep508 import Pep508Error, Requirement
    from puffin_resolver import SourcedRequirement

    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from error
    project = data.get("project")
    if not isinstance(project, dict):
        raise UsageError(f"{path}: no [project] table (only PEP 621 metadata can be read)")
    dynamic = project.get("dynamic", [])
    if "dependencies" in dynamic or ("optional-dependencies" in dynamic and (extras or all_extras)):
        inputs.dynamic.append((path, extras, all_extras))
        return
    try:
        name = PackageName.parse(str(project.get("name", "")))
    except ValueError as error:
        raise UsageError(f"{path}: [project] name: {error}") from error
    origin = f"{name} ({path})"
    optional = project.get("optional-dependencies", {})
    if not isinstance(optional, dict):
        raise UsageError(f"{path}: [project.optional-dependencies] must be a table")
    chosen: list[str] = []
    if all_extras:
        chosen = list(optional)
    else:
        by_name = {ExtraName.parse(key): key for key in optional}
        for extra in extras:
            key = by_name.get(ExtraName.parse(extra))
            if key is None:
                raise UsageError(f"{path}: there is no extra {extra!r} in [project]")
            chosen.append(key)
    lines = [("dependencies", line) for line in project.get("dependencies", [])]
    lines += [(f"optional-dependencies.{key}", line) for key in chosen for line in optional[key]]
    base = Path(path).resolve().parent
    for where, line in lines:
        try:
            requirement = Requirement.parse(str(line), working_dir=base)
        except Pep508Error as error:
            raise UsageError(f"{path}: [project] {where}: {error}") from error
        inputs.requirements.append(SourcedRequirement(requirement, origin))


def read_inputs(
    src_files: Sequence[str],
    constraints: Sequence[str],
    overrides: Sequence[str],
    extras: Sequence[str],
    all_extras: bool,
    printer: Printer,
) -> CompileInputs:
    """Read every input of a compile; a bad line is an error naming its file and line."""
    inputs = CompileInputs()
    used_extras = False
    for path in src_files:
        name = Path(path).name
        if name == "pyproject.toml":
            _read_pyproject(path, extras, all_extras, inputs)
            used_extras = True
            continue
        if name in ("setup.py", "setup.cfg"):
            raise UsageError(f"{path}: reading {name} needs a build; puffin cannot build yet")
        parsed = _parse_file(path, printer)
        if not parsed.requirements and not parsed.constraint_entries:
            printer.warn(f"Requirements file `{path}` does not contain any dependencies")
        inputs.files.append(parsed)
        inputs.pre = inputs.pre or parsed.pre
        add_entries(parsed.requirements, "-r", inputs.requirements, inputs)
        add_entries(parsed.constraint_entries, "-c", inputs.constraints, inputs)
    if (extras or all_extras) and not used_extras:
        raise UsageError("--extra and --all-extras need a pyproject.toml among the inputs")
    for path in constraints:
        parsed = _parse_file(path, printer)
        inputs.files.append(parsed)
        add_entries(
            (*parsed.requirements, *parsed.constraint_entries), "-c", inputs.constraints, inputs
        )
    for path in overrides:
        parsed = _parse_file(path, printer)
        inputs.files.append(parsed)
        add_entries(parsed.requirements, "--override", inputs.overrides, inputs)
    return inputs


def read_preferences(output_file: str | None) -> list[Requirement]:
    """The exact pins (``name==version``) of an existing output file: kept unless upgraded.

    A missing or unreadable file has none; the file is an output, not an input, so
    its lines are not held to the rules of a requirements file.
    """
    from puffin_pep440 import Operator
    from puffin_pep508 import Requirement
    from requirements_txt import RequirementsTxt, RequirementsTxtError

    if output_file is None or output_file == "-" or not Path(output_file).is_file():
        return []
    try:
        parsed = RequirementsTxt.parse(output_file, working_dir=Path.cwd())
    except RequirementsTxtError:
        return []
    pins = []
    for entry in parsed.requirements:
        requirement = entry.requirement
        if not isinstance(requirement, Requirement) or requirement.url is not None:
            continue
        specifiers = list(requirement.specifiers)
        if len(specifiers) == 1 and specifiers[0].operator in (
            Operator.EQUAL,
            Operator.EXACT_EQUAL,
        ):
            pins.append(requirement)
    return pins


def _read_dynamic(
    path: str,
    extras: Sequence[str],
    all_extras: bool,
    inputs: CompileInputs,
    dispatch: Callable[[], BuildDispatch],
) -> None:
    """The dependencies of a project whose ``pyproject.toml`` marks them dynamic: from the
    metadata a build prepares."""
    from puffin_distribution import build_metadata
    from puffin_normalize import ExtraName
    from puffin_pep508 import Requirement as Named
    from puffin_resolver import SourcedRequirement

    tree = Path(path).resolve().parent
    metadata = build_metadata(dispatch(), tree, str(tree))
    chosen = set(metadata.provides_extras) if all_extras else set()
    for extra in extras:
        parsed = ExtraName.parse(extra)
        if parsed not in metadata.provides_extras:
            raise UsageError(f"{path}: there is no extra {extra!r} in the project's metadata")
        chosen.add(parsed)
    origin = f"{metadata.name} ({path})"
    for requirement in metadata.requires_dist:
        marker = requirement.marker
        if marker is not None:
            simplified = marker.simplify_extras(chosen)
            if simplified is False:
                continue
            kept = None if simplified is True else simplified
            requirement = Named(
                requirement.name, requirement.extras, requirement.version_or_url, kept
            )
        inputs.requirements.append(SourcedRequirement(requirement, origin))
