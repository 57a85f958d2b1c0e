"""Recursive-descent parser of marker expressions (PEP 508 ``marker``).

Grammar (whitespace is spaces and tabs, allowed between any two tokens)::

    marker     = and_expr ("or" and_expr)*
    and_expr   = atom ("and" atom)*
    atom       = "(" marker ")" | marker_var marker_op marker_var
    marker_var = VARIABLE | QUOTED_STRING
    marker_op  = "===" | "==" | "~=" | "!=" | "<=" | ">=" | "<" | ">" | "in" | "not" WS "in"

Quoted strings are Python string literals without prefixes (packaging reads
them with ``ast.literal_eval``, so escapes are decoded).
"""

from __future__ import annotations

import re
import warnings

from puffin_pep508._marker import (
    MarkerExpression,
    MarkerOperator,
    MarkerTree,
    MarkerVariable,
    and_all,
    or_all,
)
from puffin_pep508._url import first_surrogate
from puffin_pep508.errors import InvalidMarker

__all__ = ["parse_marker"]

# One token after optional blanks. Each alternative is a plain run or a
# literal, so matching is linear (no nested quantifiers to backtrack into).
_TOKEN = re.compile(
    r"""[ \t]*(?:
        (\w[\w.]*)              # 1: a word: variable, and/or/in/not, or an unquoted value
      | ("[^"]*"|'[^']*')       # 2: a quoted string
      | ([<>=!~]+)              # 3: an operator
      | ([()])                  # 4: a parenthesis
      | (.)                     # 5: anything else
      | \Z                      #    end of input
    )""",
    re.VERBOSE | re.DOTALL,
)
_WORD, _STRING, _OP, _PAREN, _OTHER, _END = 1, 2, 3, 4, 5, 0

_VARIABLES: dict[str, MarkerVariable] = {v.value: v for v in MarkerVariable}
# Spellings from before PEP 508 that packaging still accepts.
_VARIABLES.update(
    {
        "os.name": MarkerVariable.OS_NAME,
        "sys.platform": MarkerVariable.SYS_PLATFORM,
        "platform.version": MarkerVariable.PLATFORM_VERSION,
        "platform.machine": MarkerVariable.PLATFORM_MACHINE,
        "platform.python_implementation": MarkerVariable.PLATFORM_PYTHON_IMPLEMENTATION,
        "python_implementation": MarkerVariable.PLATFORM_PYTHON_IMPLEMENTATION,
    }
)
_OPERATORS: dict[str, MarkerOperator] = {
    op.value: op for op in MarkerOperator if op.value.startswith(tuple("<>=!~"))
}
# Raw characters that a quoted string only holds after literal_eval's scrutiny
# (escapes, line breaks, NUL, and lone surrogates, which cannot be encoded).
# (Surrogates are found by `first_surrogate`: a character class spanning them takes
# a millisecond to compile.)
_SPECIAL = re.compile(r"[\\\n\r\x00]")

_CACHE: dict[str, MarkerTree] = {}
_CACHE_SIZE = 8192
# Each "(" costs three Python frames here and more in the tree's methods:
# refuse nesting long before the interpreter's recursion limit.
_MAX_DEPTH = 100


def parse_marker(text: str, offset: int = 0) -> MarkerTree:
    """Parse ``text[offset:]`` as a whole marker expression.

    Errors report columns into *text*. Results are cached: markers repeat a
    lot across the requirements of an index, and trees are immutable.
    """
    if not isinstance(text, str):
        raise TypeError(f"a marker must be parsed from a str, not {type(text).__name__}")
    source = text[offset:] if offset else text
    try:
        return _CACHE[source]
    except KeyError:
        pass
    tree = _Parser(text, offset).parse()
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[source] = tree
    return tree


class _Parser:
    __slots__ = ("depth", "kind", "pos", "start", "text", "token")

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos
        self.depth = 0
        self.kind = _END
        self.token = ""
        self.start = pos
        self._lex()

    def _lex(self) -> None:
        """Read the token at ``pos`` into ``kind``/``token``/``start`` (not consumed)."""
        match = _TOKEN.match(self.text, self.pos)
        assert match is not None  # the last alternative matches anywhere
        self.kind = match.lastindex or _END
        self.token = match[self.kind] if self.kind else ""
        self.start = match.start(self.kind) if self.kind else match.end()

    def _advance(self) -> None:
        self.pos = self.start + len(self.token)
        self._lex()

    def error(
        self, message: str, start: int | None = None, length: int | None = None
    ) -> InvalidMarker:
        """An error at the current token (or at *start*, *length*)."""
        if start is None:
            start = self.start
        if length is None:
            length = len(self.token) or 1
        return InvalidMarker(self.text, message, start, length)

    def _found(self) -> str:
        return f"found {self.token!r}" if self.kind != _END else "found end of input"

    def parse(self) -> MarkerTree:
        tree = self._or()
        if self.kind != _END:
            if self.kind == _PAREN and self.token == ")":
                raise self.error("unmatched ')'")
            raise self.error(f"expected 'and', 'or' or end of marker, {self._found()}")
        return tree

    def _or(self) -> MarkerTree:
        first = self._and()
        if not (self.kind == _WORD and self.token == "or"):
            return first
        items = [first]
        while self.kind == _WORD and self.token == "or":
            self._advance()
            items.append(self._and())
        return or_all(items)

    def _and(self) -> MarkerTree:
        first = self._atom()
        if not (self.kind == _WORD and self.token == "and"):
            return first
        items = [first]
        while self.kind == _WORD and self.token == "and":
            self._advance()
            items.append(self._atom())
        return and_all(items)

    def _atom(self) -> MarkerTree:
        if self.kind == _PAREN and self.token == "(":
            open_at = self.start
            if self.depth == _MAX_DEPTH:
                raise self.error(f"parentheses nested more than {_MAX_DEPTH} deep")
            self._advance()
            self.depth += 1
            tree = self._or()
            self.depth -= 1
            if not (self.kind == _PAREN and self.token == ")"):
                raise self.error(
                    f"expected ')' to close the '(' at column {open_at + 1}, {self._found()}"
                )
            self._advance()
            return tree
        left = self._operand()
        op = self._operator()
        right = self._operand()
        return MarkerExpression(left, op, right)

    def _operand(self) -> MarkerVariable | str:
        kind, token = self.kind, self.token
        if kind == _WORD:
            variable = _VARIABLES.get(token)
            if variable is None:
                if token[0].isdigit():
                    raise self.error(
                        f"expected a marker variable or quoted string, found {token!r}"
                        " (values must be quoted)"
                    )
                raise self.error(f"unknown marker variable {token!r}")
            self._advance()
            return variable
        if kind == _STRING:
            self._advance()
            body = token[1:-1]
            if _SPECIAL.search(body) is None and first_surrogate(body) is None:
                return body
            return self._decode(token)
        if kind == _OTHER and token in "\"'":
            raise self.error("unterminated quoted string", length=len(self.text) - self.start)
        raise self.error(f"expected a marker variable or quoted string, {self._found()}")

    def _decode(self, token: str) -> str:
        # Imported here: few markers hold an escape, and `ast` is slow to import.
        import ast

        start = self.pos - len(token)
        try:
            with warnings.catch_warnings():
                # Unknown escapes such as "\d" only warn in Python; keep them.
                warnings.simplefilter("ignore")
                value = ast.literal_eval(token)
        except (SyntaxError, ValueError):
            raise self.error("invalid quoted string", start, len(token)) from None
        assert isinstance(value, str)
        return value

    def _operator(self) -> MarkerOperator:
        kind, token = self.kind, self.token
        if kind == _OP:
            op = _OPERATORS.get(token)
            if op is None:
                raise self.error(f"invalid marker operator {token!r}")
            self._advance()
            return op
        if kind == _WORD and token == "in":
            self._advance()
            return MarkerOperator.IN
        if kind == _WORD and token == "not":
            self._advance()
            if self.kind != _WORD or self.token != "in":
                raise self.error(f"expected 'in' after 'not', {self._found()}")
            self._advance()
            return MarkerOperator.NOT_IN
        raise self.error(
            "expected a marker operator (one of ==, !=, <, <=, >, >=, ~=, ===, in, not in), "
            + self._found()
        )
