"""`puffin pip-freeze`: list the installed packages as requirements."""

from __future__ import annotations

from puffin_cli._options import Option

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer

__all__ = ["OPTIONS", "run"]

#: The flags of `puffin pip-freeze`.
OPTIONS = (
    Option(
        ("--exclude-editable",),
        "flag",
        env="--exclude-editable",
        help="leave out packages installed in editable mode",
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
    """Print ``name==version`` (``name @ url``, ``-e url``) per installed package, by name."""
    from puffin_cache import Cache
    from puffin_cli.commands._shared import find_venv
    from puffin_installer import SitePackages

    with Cache.from_settings(args.cache_dir, args.no_cache) as cache:
        venv = find_venv(args.python, cache)
    site_packages = SitePackages.from_venv(venv)
    for error in site_packages.invalid:
        printer.warn(str(error))
    for dist in site_packages:
        if dist.editable:
            if not args.exclude_editable:
                printer.out(f"-e {dist.url}")
        elif dist.url is not None:
            printer.out(f"{dist.name} @ {dist.url}")
        else:
            printer.out(f"{dist.name}=={dist.version}")
    return 0
