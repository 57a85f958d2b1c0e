"""`puffin clean`: remove the whole cache, or the entries of some packages."""

from __future__ import annotations

from puffin_cli._options import Option

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer

__all__ = ["OPTIONS", "run"]

#: The arguments of `puffin clean`.
OPTIONS = (
    Option(
        ("packages",),
        "positional",
        nargs="*",
        metavar="PACKAGE",
        help="remove only these packages' entries (default: the whole cache)",
    ),
)


def run(args: Namespace, printer: Printer) -> int:
    """Clean the cache and say what was freed."""
    from puffin_cache import Cache
    from puffin_normalize import PackageName

    if args.no_cache:
        printer.info("Nothing to clean: --no-cache uses a temporary cache")
        return 0
    names = [PackageName.parse(name) for name in args.packages]
    cache = Cache.from_settings(args.cache_dir, no_cache=False)
    if not names:
        if not cache.root.exists():
            printer.info(f"No cache found at: {cache.root}")
            return 0
        printer.info(f"Clearing cache at: {cache.root}")
        printer.info(str(cache.clean()))
        return 0
    for name in names:
        stats = cache.clean_package(name)
        if stats.files or stats.dirs:
            printer.info(f"{stats} for {name}")
        else:
            printer.info(f"No cache entries found for {name}")
    return 0
