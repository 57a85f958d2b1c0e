"""The public surface: exports and the error tree."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import puffin_installer
from puffin_installer import (
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


def test_all_is_sorted_and_complete() -> None:
    assert puffin_installer.__all__ == sorted(puffin_installer.__all__)
    public = {name for name in dir(puffin_installer) if not name.startswith("_")}
    assert public - {"errors"} == set(puffin_installer.__all__)


MODULES = sorted(
    f"puffin_installer.{info.name}" for info in pkgutil.iter_modules(puffin_installer.__path__)
)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_public_objects_have_docstrings() -> None:
    for name in puffin_installer.__all__:
        value = getattr(puffin_installer, name)
        if callable(value):
            assert value.__doc__, name


def test_lazy_names_resolve() -> None:
    lazy = ("Diagnostic", "DiagnosticKind", "DistFinder", "Downloader", "Installer", "Uninstaller")
    for name in lazy:
        assert getattr(puffin_installer, name).__name__ == name


# Each costs milliseconds to import, before pip-sync's first request to an index.
_START_UP = """
import sys
import puffin_installer
print(" ".join(sorted({"attr", "attrs", "dataclasses", "install_wheel"} & set(sys.modules))))
"""


def test_import_loads_no_class_generators() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _START_UP], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == []


class TestErrors:
    def test_tree(self) -> None:
        for error in (
            InvalidPin,
            ConflictingPins,
            DistNotFound,
            BuildNotSupported,
            HashMismatch,
            DownloadError,
            InstallError,
            UninstallError,
        ):
            assert issubclass(error, InstallerError)
        assert issubclass(MissingHashes, InvalidPin)
        assert issubclass(InvalidPin, ValueError)

    def test_hash_mismatch_names_file_and_both_digests(self) -> None:
        error = HashMismatch("a-1.0-py3-none-any.whl", "r.txt:2", ["sha256:00", "sha256:11"], "x")
        assert str(error) == (
            "hash mismatch for a-1.0-py3-none-any.whl (r.txt:2): "
            "expected one of sha256:00, sha256:11, got x"
        )

    def test_dist_not_found_without_reasons(self) -> None:
        assert str(DistNotFound("a==1", [])) == (
            "no distribution of a==1 can be installed: no file of this version was found"
        )
