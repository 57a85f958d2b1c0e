"""Wheel and source distribution filenames (PEP 427, PEP 625)."""

from distribution_filename._dist import DistFilename
from distribution_filename._source_dist import SourceDistExtension, SourceDistFilename
from distribution_filename._wheel import WheelFilename
from distribution_filename.errors import (
    FilenameError,
    InvalidSourceDistFilename,
    InvalidWheelFilename,
)

__all__ = [
    "DistFilename",
    "FilenameError",
    "InvalidSourceDistFilename",
    "InvalidWheelFilename",
    "SourceDistExtension",
    "SourceDistFilename",
    "WheelFilename",
]
