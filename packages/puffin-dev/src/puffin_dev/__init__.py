"""Developer commands of puffin: resolve many requirements one by one, compare with uv."""

from puffin_dev._cli import build_parser, main
from puffin_dev._lines import first_line, read_lines, read_pins
from puffin_dev._outcome import LineResult, Outcome, compare_pins, format_seconds
from puffin_dev._report import report_json, result_lines, summary_lines
from puffin_dev._resolving import LineResolver, Target, parse_exclude_newer, resolve_target
from puffin_dev._uv import UvCompiler, uv_env
from puffin_dev.errors import DevError, InputFileError, InvalidOption

__all__ = [
    "DevError",
    "InputFileError",
    "InvalidOption",
    "LineResolver",
    "LineResult",
    "Outcome",
    "Target",
    "UvCompiler",
    "build_parser",
    "compare_pins",
    "first_line",
    "format_seconds",
    "main",
    "parse_exclude_newer",
    "read_lines",
    "read_pins",
    "report_json",
    "resolve_target",
    "result_lines",
    "summary_lines",
    "uv_env",
]
