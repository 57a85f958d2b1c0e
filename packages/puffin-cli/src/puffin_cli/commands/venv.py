"""`puffin venv`: create a virtual environment."""

from __future__ import annotations

import os

from puffin_cli._options import Option

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer

__all__ = ["OPTIONS", "run"]

#: The flags of `puffin venv`.
OPTIONS = (
    Option(
        ("path",),
        "positional",
        nargs="?",
        default=".venv",
        env="--path",
        metavar="PATH",
        help="where to create the environment (default: .venv)",
    ),
    Option(
        ("-p", "--python"),
        "value",
        env="--python",
        metavar="PYTHON",
        help="the interpreter: a path, a command such as python3.12, or a version such as 3.12",
    ),
    Option(
        ("--prompt",),
        "value",
        env="--prompt",
        help="the name activation shows in the shell prompt ('.' for the current directory's)",
    ),
    Option(
        ("--system-site-packages",),
        "flag",
        env="--system-site-packages",
        help="give the environment access to the interpreter's own site-packages",
    ),
    Option(
        ("--seed",),
        "flag",
        env="--seed",
        help="install pip into the environment (and setuptools and wheel before Python 3.12)",
    ),
    Option(
        ("--clear",),
        "flag",
        env="--clear",
        exclusive="existing",
        help="empty the directory first if it exists",
    ),
    Option(
        ("--allow-existing",),
        "flag",
        env="--allow-existing",
        exclusive="existing",
        help="write into an existing directory, keeping what is there",
    ),
)


def run(args: Namespace, printer: Printer) -> int:
    """Create the environment and say how to activate it."""
    from gourgeist import VenvExists, create_venv
    from puffin_cache import Cache
    from puffin_cli._version import __version__
    from puffin_cli.errors import UsageError
    from puffin_interpreter import find_interpreter

    with Cache.from_settings(args.cache_dir, args.no_cache) as cache:
        interpreter = find_interpreter(args.python, cache=cache, allow_system=True)
    printer.info(
        # marker_values, not markers: the latter parses versions (and imports pep508).
        f"Using Python {interpreter.marker_values['python_full_version']} interpreter at: "
        f"{interpreter.base_executable}"
    )
    shown = os.path.relpath(args.path) if not os.path.isabs(args.path) else args.path
    printer.info(f"Creating virtual environment at: {shown}")
    try:
        created = create_venv(
            args.path,
            interpreter,
            prompt=args.prompt,
            system_site_packages=args.system_site_packages,
            clear=args.clear,
            allow_existing=args.allow_existing,
            puffin_version=__version__,
        )
    except VenvExists as error:
        raise UsageError(
            f"{error.path} already exists and is not empty (use --clear or --allow-existing)"
        ) from None
    if args.seed:
        status = _seed(args, printer, created.bin_dir / "python", interpreter.python_version)
        if status:
            return status
    activate = created.bin_dir / "activate"
    shown_activate = os.path.join(shown, os.path.relpath(activate, created.root))
    printer.info(f"Activate with: {printer.style('source ' + shown_activate, 'green')}")
    return 0


def _seed(args: Namespace, printer: Printer, python: object, version: tuple[int, int]) -> int:
    """Install the seed packages with `pip-install`, as if it had been run on its own."""
    from puffin_cli.commands import pip_install

    packages = ["pip"] if version >= (3, 12) else ["pip", "setuptools", "wheel"]
    values = {option.dest: option.default_value() for option in pip_install.OPTIONS}
    values.update(vars(args))
    values.update(packages=packages, python=str(python), command="pip-install")
    for dest in ("prerelease", "resolution", "exclude_newer", "link_mode"):
        values[dest] = None
    return pip_install.run(type(args)(**values), printer)
