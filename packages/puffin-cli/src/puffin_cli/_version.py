"""The puffin version, kept equal to packages/puffin-cli/pyproject.toml by a test."""

__version__ = "0.1.0"
