"""Plan, download and install pinned distributions into an environment: puffin's installer."""

from puffin_installer._layout import RegistryWheelIndex, wheel_dir
from puffin_installer._pin import Pin, pins_from_entries
from puffin_installer._plan import InstallPlan, Planner, Reinstall
from puffin_installer._reporter import NullReporter, Reporter
from puffin_installer._site_packages import SEED_PACKAGES, SitePackages
from puffin_installer.errors import (
    BuildNotSupported,
    ConflictingPins,
    DistNotFound,
    DownloadError,
    HashMismatch,
    InstallerError,
    InstallError,
    InvalidPin,
    MissingHashes,
    UninstallError,
)

# `typing.TYPE_CHECKING` without importing typing (see `_LAZY`); deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from puffin_installer._diagnostics import Diagnostic, DiagnosticKind
    from puffin_installer._downloader import Downloader
    from puffin_installer._finder import DistFinder
    from puffin_installer._installer import EagerInstall, Installer, Uninstaller

__all__ = [
    "BuildNotSupported",
    "ConflictingPins",
    "Diagnostic",
    "DiagnosticKind",
    "DistFinder",
    "DistNotFound",
    "DownloadError",
    "Downloader",
    "EagerInstall",
    "HashMismatch",
    "InstallError",
    "InstallPlan",
    "Installer",
    "InstallerError",
    "InvalidPin",
    "MissingHashes",
    "NullReporter",
    "Pin",
    "Planner",
    "RegistryWheelIndex",
    "Reinstall",
    "Reporter",
    "SEED_PACKAGES",
    "SitePackages",
    "UninstallError",
    "Uninstaller",
    "pins_from_entries",
    "wheel_dir",
]

# Imported on first use (PEP 562): a sync with nothing to do needs neither asyncio nor
# the thread pools, and only --strict checks an environment (diagnostics); no command
# should pay for importing what it does not use.
_LAZY = {
    "Diagnostic": "_diagnostics",
    "DiagnosticKind": "_diagnostics",
    "DistFinder": "_finder",
    "Downloader": "_downloader",
    "EagerInstall": "_installer",
    "Installer": "_installer",
    "Uninstaller": "_installer",
}

# Hidden from mypy, which would otherwise accept any attribute of the package.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING
