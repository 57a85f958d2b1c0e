"""Split a logical line into its requirement and its options, as pip's optparse would."""

from __future__ import annotations

from requirements_txt._frozen import Frozen, set_field
from requirements_txt._lines import LogicalLine
from requirements_txt.errors import (
    InvalidOption,
    InvalidOptionValue,
    MissingOptionValue,
    RequirementsTxtError,
    UnknownOption,
)

__all__ = ["OPTIONS", "Occurrence", "Option", "SplitLine", "Token", "split_line"]

# shlex's POSIX whitespace; other Unicode spaces are part of words, as in pip.
_WHITESPACE = " \t\r\n"


class Option(Frozen):
    """One option pip accepts in a requirements file."""

    __match_args__ = ("dest", "names", "takes_value")
    __slots__ = __match_args__

    dest: str
    names: tuple[str, ...]
    takes_value: bool

    def __init__(self, dest: str, names: tuple[str, ...], takes_value: bool) -> None:
        set_field(self, "dest", dest)
        set_field(self, "names", names)
        set_field(self, "takes_value", takes_value)


# pip's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ, by destination.
OPTIONS: tuple[Option, ...] = (
    Option("index_url", ("-i", "--index-url", "--pypi-url"), takes_value=True),
    Option("extra_index_urls", ("--extra-index-url",), takes_value=True),
    Option("no_index", ("--no-index",), takes_value=False),
    Option("constraints", ("-c", "--constraint"), takes_value=True),
    Option("requirements", ("-r", "--requirement"), takes_value=True),
    Option("editables", ("-e", "--editable"), takes_value=True),
    Option("find_links", ("-f", "--find-links"), takes_value=True),
    Option("no_binary", ("--no-binary",), takes_value=True),
    Option("only_binary", ("--only-binary",), takes_value=True),
    Option("prefer_binary", ("--prefer-binary",), takes_value=False),
    Option("require_hashes", ("--require-hashes",), takes_value=False),
    Option("pre", ("--pre",), takes_value=False),
    Option("trusted_hosts", ("--trusted-host",), takes_value=True),
    Option("features_enabled", ("--use-feature",), takes_value=True),
    Option("global_options", ("--global-option",), takes_value=True),
    Option("hashes", ("--hash",), takes_value=True),
    Option("config_settings", ("-C", "--config-settings"), takes_value=True),
)
# Every short option takes a value; the parser relies on it.
_SHORT = {name: option for option in OPTIONS for name in option.names if name[1] != "-"}
_LONG = {name: option for option in OPTIONS for name in option.names if name[1] == "-"}
# Options pip once accepted here and now rejects; a hint beats a bare "unknown".
_REMOVED = {
    "--install-option": "pip removed it in version 23.1; use --config-settings",
    "--build-option": "pip accepts it only on the command line",
}


class Token(Frozen):
    """One shell word of the option part, with the line offset of each character."""

    __match_args__ = ("value", "offsets", "start")
    __slots__ = __match_args__

    value: str
    offsets: tuple[int, ...]
    start: int

    def __init__(self, value: str, offsets: tuple[int, ...], start: int) -> None:
        set_field(self, "value", value)
        set_field(self, "offsets", offsets)
        set_field(self, "start", start)

    def offset(self, index: int) -> int:
        """Line offset of character *index* of the value (its start when empty)."""
        if index < len(self.offsets):
            return self.offsets[index]
        return self.offsets[-1] + 1 if self.offsets else self.start

    def tail(self, index: int) -> Token:
        """The word from character *index* on."""
        return Token(self.value[index:], self.offsets[index:], self.offset(index))


class Occurrence(Frozen):
    """One option as written on a line: which, how it was spelled, and its value."""

    __match_args__ = ("option", "spelling", "start", "value")
    __slots__ = __match_args__

    option: Option
    spelling: str
    start: int
    value: Token | None

    def __init__(self, option: Option, spelling: str, start: int, value: Token | None) -> None:
        set_field(self, "option", option)
        set_field(self, "spelling", spelling)
        set_field(self, "start", start)
        set_field(self, "value", value)


class SplitLine(Frozen):
    """A logical line cut into the requirement text, the options, and stray words."""

    __match_args__ = ("requirement", "options", "positional")
    __slots__ = __match_args__

    requirement: str
    options: tuple[Occurrence, ...]
    positional: tuple[Token, ...]

    def __init__(
        self, requirement: str, options: tuple[Occurrence, ...], positional: tuple[Token, ...]
    ) -> None:
        set_field(self, "requirement", requirement)
        set_field(self, "options", options)
        set_field(self, "positional", positional)


def split_line(line: LogicalLine, path: str) -> SplitLine:
    """Cut *line* where pip does: at the first space-separated word starting with ``-``.

    Everything before is the requirement (shell quoting would break markers),
    everything after is split into shell words and parsed as options.
    """
    words = line.text.split(" ")
    cut = len(words)
    for index, word in enumerate(words):
        if word.startswith("-"):
            cut = index
            break
    requirement = " ".join(words[:cut])
    options_start = len(requirement) + 1 if cut else 0
    if cut == len(words):
        return SplitLine(requirement, (), ())
    tokens = _shell_words(line, options_start, path)
    occurrences, positional = _parse_options(tokens, line, path)
    return SplitLine(requirement, occurrences, positional)


def _error(
    kind: type[RequirementsTxtError], message: str, line: LogicalLine, offset: int, path: str
) -> RequirementsTxtError:
    number, column = line.position(offset)
    return kind(message, path=path, line=number, column=column)


def _shell_words(line: LogicalLine, start: int, path: str) -> list[Token]:
    """Split ``line.text[start:]`` like ``shlex.split`` (POSIX mode), keeping offsets."""
    text = line.text
    tokens: list[Token] = []
    value: list[str] = []
    offsets: list[int] = []
    word_start: int | None = None
    index = start
    while index < len(text):
        char = text[index]
        if char in _WHITESPACE:
            if word_start is not None:
                tokens.append(Token("".join(value), tuple(offsets), word_start))
                value, offsets, word_start = [], [], None
            index += 1
            continue
        if word_start is None:
            word_start = index
        if char == "\\":
            if index + 1 >= len(text):
                raise _error(
                    InvalidOption, "backslash at the end of the options", line, index, path
                )
            value.append(text[index + 1])
            offsets.append(index + 1)
            index += 2
        elif char in "'\"":
            close = index + 1
            while True:
                if close >= len(text):
                    raise _error(
                        InvalidOption, f"no closing quotation mark for {char}", line, index, path
                    )
                inner = text[close]
                if inner == char:
                    break
                # Inside double quotes a backslash escapes only `"` and `\`.
                if char == '"' and inner == "\\" and close + 1 < len(text):
                    following = text[close + 1]
                    if following in '"\\':
                        value.append(following)
                        offsets.append(close + 1)
                        close += 2
                        continue
                value.append(inner)
                offsets.append(close)
                close += 1
            index = close + 1
        else:
            value.append(char)
            offsets.append(index)
            index += 1
    if word_start is not None:
        tokens.append(Token("".join(value), tuple(offsets), word_start))
    return tokens


def _parse_options(
    tokens: list[Token], line: LogicalLine, path: str
) -> tuple[tuple[Occurrence, ...], tuple[Token, ...]]:
    """Parse words as optparse does: long names may be abbreviated; values follow ``=`` or space."""
    occurrences: list[Occurrence] = []
    positional: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        word = token.value
        if word == "--":
            positional.extend(tokens[index:])
            break
        if word.startswith("--"):
            name, equals, _ = word.partition("=")
            option = _match_long(name, token, line, path)
            if not option.takes_value:
                if equals:
                    raise _error(
                        InvalidOptionValue,
                        f"option {name} takes no value",
                        line,
                        token.offset(len(name) + 1),
                        path,
                    )
                occurrences.append(Occurrence(option, name, token.start, None))
                continue
            if equals:
                value = token.tail(len(name) + 1)
            elif index < len(tokens):
                value = tokens[index]
                index += 1
            else:
                raise _error(
                    MissingOptionValue, f"option {name} needs a value", line, token.start, path
                )
            occurrences.append(Occurrence(option, name, token.start, value))
        elif word.startswith("-") and word != "-":
            # Every short option here takes a value: `-rfile` is `-r file`, as in optparse.
            name = word[:2]
            short = _SHORT.get(name)
            if short is None:
                raise _error(UnknownOption, f"unknown option {name!r}", line, token.start, path)
            if len(word) > 2:
                value = token.tail(2)
            elif index < len(tokens):
                value = tokens[index]
                index += 1
            else:
                raise _error(
                    MissingOptionValue, f"option {name} needs a value", line, token.start, path
                )
            occurrences.append(Occurrence(short, name, token.start, value))
        else:
            positional.append(token)
    return tuple(occurrences), tuple(positional)


def _match_long(name: str, token: Token, line: LogicalLine, path: str) -> Option:
    option = _LONG.get(name)
    if option is not None:
        return option
    candidates = sorted(long for long in _LONG if long.startswith(name))
    if len(candidates) == 1:
        return _LONG[candidates[0]]
    if candidates:
        message = f"ambiguous option {name!r}: it could be {', '.join(candidates)}"
    elif name in _REMOVED:
        message = f"option {name!r} is not supported in requirements files: {_REMOVED[name]}"
    else:
        message = f"unknown option {name!r}"
    raise _error(UnknownOption, message, line, token.start, path)
