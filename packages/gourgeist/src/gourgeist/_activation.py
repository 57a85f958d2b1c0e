"""Activation scripts: templates shipped in ``_activate/``, filled in per shell."""

from __future__ import annotations

import functools
import os

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["SCRIPTS", "quote_csh", "quote_fish", "quote_nu", "quote_ps1", "quote_sh", "render"]


def quote_sh(value: str) -> str:
    """A POSIX shell word that stands for ``value`` exactly.

    >>> print(quote_sh("/tmp/it's here"))
    '/tmp/it'\\''s here'
    """
    return "'" + value.replace("'", "'\\''") + "'"


def quote_fish(value: str) -> str:
    r"""A fish word for ``value``: in single quotes only ``\`` and ``'`` are special.

    >>> print(quote_fish("a'b\\c"))
    'a\'b\\c'
    """
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def quote_csh(value: str) -> str:
    r"""A csh word for ``value``; ``!`` is escaped because csh expands history in quotes.

    >>> print(quote_csh("it's!"))
    'it'\''s\!'
    """
    return "'" + value.replace("'", "'\\''").replace("!", "\\!") + "'"


def quote_nu(value: str) -> str:
    r"""A nushell double-quoted string for ``value``.

    >>> print(quote_nu('C:\\venv "x"'))
    "C:\\venv \"x\""
    """
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_ps1(value: str) -> str:
    """A PowerShell single-quoted string; PowerShell also takes typographic quotes as quotes.

    >>> print(quote_ps1("it's"))
    'it''s'
    """
    return "'" + value.translate(_PS1_QUOTES) + "'"


# Each quote character PowerShell accepts, doubled (str.translate: no regex to compile).
_PS1_QUOTES = {ord(quote): quote * 2 for quote in "'\u2018\u2019\u201a\u201b"}


# Each script: (file name in the bin directory, how its string values are quoted).
SCRIPTS: Mapping[str, Callable[[str], str]] = {
    "activate": quote_sh,
    "activate.fish": quote_fish,
    "activate.csh": quote_csh,
    "activate.nu": quote_nu,
    "activate.ps1": quote_ps1,
    "activate_this.py": repr,
}

_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ_")


_TEMPLATES = os.path.join(os.path.dirname(__file__), "_activate")


@functools.cache
def _template(name: str) -> str:
    filename = f"{name}.tmpl"
    try:
        # A plain read: importlib.resources costs more to import than creating the
        # environment takes.
        with open(os.path.join(_TEMPLATES, filename), encoding="utf-8") as file:
            return file.read()
    except OSError:
        # Not a directory on disk (gourgeist imported from a zip archive, say).
        from importlib import resources

        return resources.files("gourgeist").joinpath("_activate", filename).read_text("utf-8")


def render(
    name: str,
    *,
    venv_dir: str,
    prompt: str,
    bin_name: str,
    path_sep: str,
    site_packages: tuple[str, ...],
) -> str:
    """The text of activation script ``name`` for one environment.

    Values are quoted for the script's language, and replaced in one pass so that a value
    that looks like a placeholder stays as it is.

    >>> text = render("activate", venv_dir="/tmp/{{BIN_NAME}}", prompt="env", bin_name="bin",
    ...               path_sep=":", site_packages=("lib", "python3.12", "site-packages"))
    >>> "VIRTUAL_ENV='/tmp/{{BIN_NAME}}'" in text
    True
    """
    quote = SCRIPTS[name]
    values = {
        "VIRTUAL_ENV": quote(venv_dir),
        "VIRTUAL_PROMPT": quote(prompt),
        # Plain names and one punctuation character, written into quoted contexts as is.
        "BIN_NAME": bin_name,
        "PATH_SEP": path_sep,
        "SITE_PACKAGES": repr(site_packages),
    }
    # One pass over the ``{{NAME}}`` placeholders without a regex (compiling one costs
    # more start-up time than rendering all the scripts).
    template = _template(name)
    pieces = template.split("{{")
    out = [pieces[0]]
    for piece in pieces[1:]:
        key, close, rest = piece.partition("}}")
        if close and key and _NAME_CHARACTERS.issuperset(key):
            out.append(values[key])
            out.append(rest)
        else:
            out.append("{{")
            out.append(piece)
    return "".join(out)
