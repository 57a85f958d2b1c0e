"""The `puffin` command line."""

from puffin_cli._main import main, run
from puffin_cli._printer import Printer
from puffin_cli._version import __version__
from puffin_cli.errors import PuffinCliError, UsageError

__all__ = ["Printer", "PuffinCliError", "UsageError", "__version__", "main", "run"]
