"""Building from source in commands: the build flags, the dispatch, naming unnamed sources."""

from __future__ import annotations

from puffin_cli._options import Option
from puffin_cli.commands._shared import binary_names, split_values
from puffin_cli.errors import UsageError

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from distribution_types import IndexLocations
    from puffin_cache import Cache
    from puffin_cli._options import Namespace
    from puffin_dispatch import BuildDispatch
    from puffin_interpreter import Interpreter
    from puffin_normalize import PackageName
    from puffin_pep508 import Requirement, UnnamedRequirement, VerbatimUrl
    from puffin_traits import BuildOptions
    from requirements_txt import RequirementEntry, RequirementsTxt

__all__ = [
    "BUILD_OPTIONS",
    "build_options",
    "lazy_dispatch",
    "named_entries",
    "named_requirement",
]

#: Flags of the commands that may build.
BUILD_OPTIONS = (
    Option(
        ("-C", "--config-settings"),
        "append",
        metavar="KEY=VALUE",
        help="a setting for the build backends (PEP 517 config_settings; repeatable)",
    ),
)


def build_options(
    args: Namespace, no_build: bool, no_build_packages: Iterable[str] = ()
) -> BuildOptions:
    """The `BuildOptions` of the flags: ``-C key=value`` pairs and what may not be built."""
    from puffin_traits import BuildOptions, NoBuild

    settings: dict[str, str | list[str]] = {}
    for item in getattr(args, "config_settings", None) or ():
        key, equals, value = item.partition("=")
        if not equals or not key:
            raise UsageError(f"invalid --config-settings {item!r}: expected KEY=VALUE")
        known = settings.get(key)
        if known is None:
            settings[key] = value
        elif isinstance(known, list):
            known.append(value)
        else:
            settings[key] = [known, value]
    names = list(no_build_packages)
    # ``:all:`` (from ``--only-binary :all:``) forbids every build, as ``--no-build``.
    everything = no_build or ":all:" in names
    rule = NoBuild(everything, NoBuild.packages([n for n in names if n != ":all:"]).names)
    return BuildOptions(rule, settings)


def lazy_dispatch(
    args: Namespace,
    cache: Cache,
    interpreter: Interpreter,
    locations: Callable[[], IndexLocations],
    files: Sequence[RequirementsTxt],
) -> Callable[[], BuildDispatch]:
    """A maker of the command's one `BuildDispatch` (for *interpreter*, the real one),
    made on first use and then shared: most runs build nothing, and one dispatch means
    one git fetch per repository and one resolution per set of build requirements.

    What may not be built: ``--no-build``, ``--no-build-package`` and ``--only-binary``
    (flags and *files*).
    """
    made: list[BuildDispatch] = []

    def get() -> BuildDispatch:
        if not made:
            from puffin_dispatch import BuildDispatch

            only = binary_names(args.only_binary, (n for f in files for n in f.only_binary))
            names = [*split_values(getattr(args, "no_build_package", None)), *map(str, only)]
            options = build_options(args, args.no_build, names)
            made.append(
                BuildDispatch(
                    cache,
                    interpreter,
                    locations(),
                    offline=bool(args.offline),
                    build_options=options,
                )
            )
        return made[0]

    return get


def named_entries(
    entries: Iterable[RequirementEntry], dispatch: Callable[[], BuildDispatch]
) -> list[RequirementEntry]:
    """*entries* with every unnamed requirement (``./dir``, ``-e ./dir``) named."""
    from puffin_pep508 import Requirement
    from requirements_txt import RequirementEntry

    named = []
    for entry in entries:
        requirement = entry.requirement
        if not isinstance(requirement, Requirement):
            requirement = named_requirement(requirement, str(entry.source), dispatch)
            entry = RequirementEntry(
                requirement, entry.source, entry.hashes, entry.editable, entry.config_settings
            )
        named.append(entry)
    return named


def named_requirement(
    requirement: UnnamedRequirement, where: str, dispatch: Callable[[], BuildDispatch]
) -> Requirement:
    """*requirement* with the project's name: from ``#egg=``, a wheel's file name, a
    source tree's static metadata (``pyproject.toml``, ``setup.cfg``) or, failing
    those, from building its metadata."""
    from puffin_pep508 import Requirement

    url = requirement.url
    name = _project_name(url, where, dispatch)
    return Requirement(name, requirement.extras, url, requirement.marker)


def _project_name(
    url: VerbatimUrl, where: str, dispatch: Callable[[], BuildDispatch]
) -> PackageName:
    from distribution_types import DistributionTypesError, fragment_params, subdirectory_of
    from puffin_normalize import InvalidName, PackageName

    shown = url.given or url.url
    egg = fragment_params(url.url).get("egg")
    if egg:
        try:
            return PackageName.parse(egg.split("[", 1)[0])
        except InvalidName as error:
            raise UsageError(f"{where}: {error}") from error
    path = url.to_path()
    filename = url.without_fragment().rsplit("/", 1)[-1].split("?", 1)[0]
    if filename.endswith(".whl"):
        from distribution_filename import WheelFilename

        try:
            return WheelFilename.parse(filename).name
        except ValueError as error:
            raise UsageError(f"{where}: {error}") from error
    if path is not None and path.is_dir():
        from puffin_distribution import source_tree_name

        try:
            subdirectory = subdirectory_of(url.url)
        except DistributionTypesError as error:
            raise UsageError(f"{where}: {error}") from error
        return source_tree_name(path / (subdirectory or ""), shown, dispatch)
    if path is not None and not path.exists():
        raise UsageError(f"{where}: no such file or directory: {shown}")
    from distribution_filename import SourceDistExtension

    extension = SourceDistExtension.from_filename(filename)
    if extension is not None:
        stem = filename[: -len(extension.value)]
        name, dash, _ = stem.rpartition("-")
        if dash:
            try:
                return PackageName.parse(name)
            except InvalidName:
                pass
    raise UsageError(
        f"{where}: cannot tell the name of {shown}; write it as `name @ {shown}` (or add #egg=name)"
    )
