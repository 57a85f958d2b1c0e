"""`puffin pip-uninstall`: remove packages from an environment."""

from __future__ import annotations

from puffin_cli._options import Option

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from distribution_types import InstalledDist
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer

__all__ = ["OPTIONS", "run"]

#: The arguments of `puffin pip-uninstall`.
OPTIONS = (
    Option(
        ("packages",),
        "positional",
        nargs="*",
        metavar="PACKAGE",
        help="the packages to remove (names, or requirements such as foo==1.0)",
    ),
    Option(
        ("-r", "--requirement"),
        "value",
        metavar="FILE",
        help="remove the packages a requirements file names (- for standard input)",
    ),
    Option(
        ("-p", "--python"),
        "value",
        env="--python",
        metavar="PYTHON",
        help="the environment's interpreter (default: the active or nearest virtual environment)",
    ),
)


def run(args: Namespace, printer: Printer) -> int:
    """Uninstall the packages and list what went."""
    import time

    from puffin_cache import Cache
    from puffin_cli.commands._shared import (
        elapsed,
        find_venv,
        plural,
        read_requirements,
        split_values,
    )
    from puffin_cli.errors import UsageError
    from puffin_installer import SitePackages, Uninstaller
    from puffin_pep508 import Requirement

    started = time.perf_counter()
    names = [Requirement.parse(text).name for text in args.packages]
    for parsed in read_requirements(split_values(args.requirement), printer):
        for entry in parsed.requirements:
            requirement = entry.requirement
            if not isinstance(requirement, Requirement):
                raise UsageError(f"{entry.source}: a requirement to uninstall needs a name")
            names.append(requirement.name)
    if not names:
        raise UsageError("pip-uninstall needs package names or -r FILE")
    with Cache.from_settings(args.cache_dir, args.no_cache) as cache:
        venv = find_venv(args.python, cache)
    site_packages = SitePackages.from_venv(venv)
    dists: list[InstalledDist] = []
    for name in dict.fromkeys(names):
        found = site_packages.get_all(name)
        if not found:
            printer.warn(f"Skipping {name} as it is not installed")
        dists.extend(found)
    if not dists:
        printer.warn("No packages to uninstall")
        return 0
    Uninstaller(venv.scheme).uninstall(dists)
    printer.info(f"Uninstalled {plural(len(dists))} in {elapsed(started)}")
    for dist in sorted(dists, key=lambda dist: dist.name):
        printer.info(f" - {dist}")
    return 0
