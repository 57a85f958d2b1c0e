"""The public surface: exports, the error tree and its messages, docstring examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import puffin_distribution
from puffin_distribution import BuildNotSupported, DistributionError, SourceDistError

MODULES = [
    "puffin_distribution",
    *sorted(
        f"puffin_distribution.{info.name}"
        for info in pkgutil.iter_modules(puffin_distribution.__path__)
    ),
]


class TestExports:
    def test_all_is_sorted_and_complete(self) -> None:
        names = puffin_distribution.__all__
        assert names == sorted(names)
        for name in names:
            assert getattr(puffin_distribution, name) is not None
        public = {
            name
            for name, value in vars(puffin_distribution).items()
            if not name.startswith("_")
            and getattr(value, "__module__", "").startswith("puffin_distribution")
        }
        assert public <= set(names)

    def test_source_archive_readers_load_on_use(self) -> None:
        code = (
            "import sys; from puffin_distribution import DistributionDatabase;"
            "print('tarfile' in sys.modules, 'puffin_distribution._pkg_info' in sys.modules)"
        )
        found = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        assert found == ["False", "False"]

    @pytest.mark.parametrize("error", [BuildNotSupported, SourceDistError])
    def test_errors_share_the_root(self, error: type[Exception]) -> None:
        assert issubclass(error, DistributionError)

    @pytest.mark.parametrize("module", MODULES)
    def test_docstring_examples(self, module: str) -> None:
        result = doctest.testmod(importlib.import_module(module))
        assert result.failed == 0
