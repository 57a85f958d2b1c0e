"""Environment markers (PEP 508) as a small immutable tree: and/or nodes over expressions."""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, ClassVar

from puffin_normalize import ExtraName, normalize
from puffin_pep508._compare import Comparison, compile_comparison
from puffin_pep508._frozen import Frozen, set_field
from puffin_pep508._url import first_surrogate
from puffin_pep508.errors import UndefinedComparison

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from puffin_pep508._environment import MarkerEnvironment

__all__ = [
    "MarkerAnd",
    "MarkerExpression",
    "MarkerOperator",
    "MarkerOr",
    "MarkerTree",
    "MarkerVariable",
]


class MarkerVariable(enum.Enum):
    """A marker variable: the eleven PEP 508 ones, ``extra``, and the PEP 751 sets."""

    IMPLEMENTATION_NAME = "implementation_name"
    IMPLEMENTATION_VERSION = "implementation_version"
    OS_NAME = "os_name"
    PLATFORM_MACHINE = "platform_machine"
    PLATFORM_PYTHON_IMPLEMENTATION = "platform_python_implementation"
    PLATFORM_RELEASE = "platform_release"
    PLATFORM_SYSTEM = "platform_system"
    PLATFORM_VERSION = "platform_version"
    PYTHON_FULL_VERSION = "python_full_version"
    PYTHON_VERSION = "python_version"
    SYS_PLATFORM = "sys_platform"
    EXTRA = "extra"
    EXTRAS = "extras"
    DEPENDENCY_GROUPS = "dependency_groups"

    def __str__(self) -> str:
        return self.value


class MarkerOperator(enum.Enum):
    """A marker comparison operator."""

    EQUAL = "=="
    NOT_EQUAL = "!="
    LESS_THAN = "<"
    LESS_THAN_EQUAL = "<="
    GREATER_THAN = ">"
    GREATER_THAN_EQUAL = ">="
    COMPATIBLE = "~="
    ARBITRARY_EQUAL = "==="
    IN = "in"
    NOT_IN = "not in"

    def __str__(self) -> str:
        return self.value


class MarkerTree:
    """A parsed environment marker (PEP 508): an expression, or an and/or of subtrees.

    >>> marker = MarkerTree.parse("python_version >= '3.8' and extra == 'Socks_Proxy'")
    >>> str(marker)
    'python_version >= "3.8" and extra == "socks-proxy"'
    >>> marker.extras()
    frozenset({<ExtraName('socks-proxy')>})
    """

    __slots__ = ()

    @classmethod
    def parse(cls, text: str) -> MarkerTree:
        """Parse a marker expression; raise `InvalidMarker` with the column of the problem."""
        from puffin_pep508._marker_parser import parse_marker

        return parse_marker(text)

    def evaluate(self, env: MarkerEnvironment, extras: Iterable[str] = ()) -> bool:
        """Whether the marker holds in *env* with the given extras requested.

        Matches packaging's ``Marker.evaluate`` (with ``extra`` set to each
        requested extra in turn, ``""`` if none); comparisons with no defined
        meaning raise `UndefinedComparison`, the PEP 751 set variables raise
        `UndefinedEnvironmentName`.
        """
        extra_set = _extra_set(extras)
        if self._strict:
            # packaging evaluates every clause, so a clause that raises raises
            # even when an earlier one already decided the result.
            return self._evaluate_all(env, extra_set)
        return self._evaluate(env, extra_set)

    def evaluate_optional_environment(
        self, env: MarkerEnvironment | None, extras: Iterable[str] = ()
    ) -> bool:
        """Evaluate, counting as true each clause that cannot be decided.

        With ``env=None`` only ``extra`` clauses are decided. Clauses on unknown
        variables (``extras``, ``dependency_groups``) or with undefined
        comparisons count as true instead of raising.
        """
        return self._evaluate_lenient(env, _extra_set(extras))

    def extras(self) -> frozenset[ExtraName]:
        """The extra names this marker compares ``extra`` with."""
        return frozenset(e for leaf in self.expressions() if (e := leaf.extra_name()) is not None)

    def depends_on_extra(self) -> bool:
        """Whether any clause of this marker involves the ``extra`` variable."""
        return any(leaf.involves_extra for leaf in self.expressions())

    def has_extra(self, name: str) -> bool:
        """Whether the marker compares ``extra`` with *name* (normalized)."""
        return normalize(name) in self.extras()

    def simplify_extras(self, extras: Iterable[str]) -> MarkerTree | bool:
        """Decide the ``extra`` clauses for exactly these requested extras.

        Returns the remaining marker, or a bool when the whole marker is decided.

        >>> m = MarkerTree.parse('extra == "test" and os_name == "nt"')
        >>> str(m.simplify_extras(["test"])), m.simplify_extras([])
        ('os_name == "nt"', False)
        """
        return self._simplify(_extra_set(extras))

    def without_extras(self) -> MarkerTree | None:
        """The marker with every ``extra`` clause dropped; ``None`` if nothing remains.

        >>> str(MarkerTree.parse('extra == "a" and python_version < "3.9"').without_extras())
        'python_version < "3.9"'
        """
        return self._without_extras()

    def expressions(self) -> Iterator[MarkerExpression]:
        """Every leaf expression, left to right."""
        raise NotImplementedError

    def __and__(self, other: MarkerTree) -> MarkerTree:
        if not isinstance(other, MarkerTree):
            return NotImplemented
        return and_all([self, other])

    def __or__(self, other: MarkerTree) -> MarkerTree:
        if not isinstance(other, MarkerTree):
            return NotImplemented
        return or_all([self, other])

    def __repr__(self) -> str:
        return f"<MarkerTree({str(self)!r})>"

    # Node-specific parts.
    _strict: bool

    def _evaluate(self, env: MarkerEnvironment, extras: frozenset[str]) -> bool:
        raise NotImplementedError

    def _evaluate_all(self, env: MarkerEnvironment, extras: frozenset[str]) -> bool:
        raise NotImplementedError

    def _evaluate_lenient(self, env: MarkerEnvironment | None, extras: frozenset[str]) -> bool:
        raise NotImplementedError

    def _simplify(self, extras: frozenset[str]) -> MarkerTree | bool:
        raise NotImplementedError

    def _without_extras(self) -> MarkerTree | None:
        raise NotImplementedError


_NO_EXTRAS: frozenset[str] = frozenset()


_EXTRA_SETS: dict[object, frozenset[str]] = {}


def _extra_set(extras: Iterable[str]) -> frozenset[str]:
    if not extras:
        return _NO_EXTRAS
    if isinstance(extras, str):
        raise TypeError(f"extras must be a collection of names, not the str {extras!r}")
    # A resolver evaluates many markers with the same extras: remember the
    # normalized set of each hashable collection it passes.
    hashable = isinstance(extras, tuple | frozenset)
    if hashable and (known := _EXTRA_SETS.get(extras)) is not None:
        return known
    # An ExtraName is normalized already; skip the regex for it.
    normalized = frozenset(e if isinstance(e, ExtraName) else normalize(e) for e in extras)
    if hashable:
        if len(_EXTRA_SETS) >= 1024:
            _EXTRA_SETS.clear()
        _EXTRA_SETS[extras] = normalized
    return normalized


_NAME_VARIABLES = frozenset(
    {MarkerVariable.EXTRA, MarkerVariable.EXTRAS, MarkerVariable.DEPENDENCY_GROUPS}
)

# Characters that a double- or single-quoted marker string could not hold
# literally: backslashes, line breaks, NUL, and lone surrogates (which an
# escape such as \ud800 can produce, but which no source text can hold).
# (Surrogates are found by `first_surrogate`: a character class spanning them takes
# a millisecond to compile.)
_NEEDS_ESCAPE = re.compile(r"[\\\n\r\x00]")
_ESCAPES = {"\\": "\\\\", '"': "\\x22", "\n": "\\n", "\r": "\\r", "\x00": "\\x00"}


def _escape(char: str) -> str:
    escaped = _ESCAPES.get(char)
    if escaped is not None:
        return escaped
    return f"\\u{ord(char):04x}" if "\ud800" <= char <= "\udfff" else char


def quote(value: str) -> str:
    """Serialize a marker string so that parsing it gives *value* back."""
    if _NEEDS_ESCAPE.search(value) is None and first_surrogate(value) is None:
        if '"' not in value:
            return f'"{value}"'
        if "'" not in value:
            return f"'{value}'"
    return '"' + "".join(map(_escape, value)) + '"'


class MarkerExpression(MarkerTree, Frozen):
    """One comparison, ``<variable or string> <operator> <variable or string>``.

    Strings compared with ``extra`` (or tested ``in`` ``extras`` or
    ``dependency_groups``) are stored normalized, as PEP 685 asks.
    """

    __match_args__ = ("left", "op", "right")
    __slots__ = (*__match_args__, "_comparison", "_strict")
    _compare = __match_args__

    left: MarkerVariable | str
    op: MarkerOperator
    right: MarkerVariable | str
    _comparison: Comparison
    _strict: bool

    def __init__(
        self, left: MarkerVariable | str, op: MarkerOperator, right: MarkerVariable | str
    ) -> None:
        # PEP 685: extra names compare normalized, so store them normalized.
        if left is MarkerVariable.EXTRA and isinstance(right, str):
            right = normalize(right)
        elif isinstance(left, str) and right in _NAME_VARIABLES:
            left = normalize(left)
        set_field(self, "left", left)
        set_field(self, "op", op)
        set_field(self, "right", right)
        comparison = compile_comparison(left, op, right)
        set_field(self, "_comparison", comparison)
        set_field(self, "_strict", comparison.may_raise)

    @property
    def involves_extra(self) -> bool:
        """Whether this clause reads the ``extra`` variable."""
        return self._comparison.involves_extra

    def extra_name(self) -> ExtraName | None:
        """The extra compared with in ``extra == "x"`` / ``"x" == extra``, if this is one."""
        if self.op is not MarkerOperator.EQUAL and self.op is not MarkerOperator.NOT_EQUAL:
            return None
        if self.left is MarkerVariable.EXTRA and isinstance(self.right, str):
            value = self.right
        elif self.right is MarkerVariable.EXTRA and isinstance(self.left, str):
            value = self.left
        else:
            return None
        return ExtraName.from_normalized(value)

    def expressions(self) -> Iterator[MarkerExpression]:
        yield self

    def __str__(self) -> str:
        left = self.left.value if isinstance(self.left, MarkerVariable) else quote(self.left)
        right = self.right.value if isinstance(self.right, MarkerVariable) else quote(self.right)
        return f"{left} {self.op.value} {right}"

    def _evaluate(self, env: MarkerEnvironment, extras: frozenset[str]) -> bool:
        try:
            return self._comparison.evaluate(env, extras)
        except UndefinedComparison as exc:
            raise UndefinedComparison(str(self), exc.reason) from None

    _evaluate_all = _evaluate

    def _evaluate_lenient(self, env: MarkerEnvironment | None, extras: frozenset[str]) -> bool:
        return self._comparison.decide(env, extras) is not False

    def _simplify(self, extras: frozenset[str]) -> MarkerTree | bool:
        if not self._comparison.involves_extra:
            return self
        result = self._comparison.decide(None, extras)
        return self if result is None else result

    def _without_extras(self) -> MarkerTree | None:
        return None if self._comparison.involves_extra else self


class _Junction(MarkerTree, Frozen):
    __match_args__ = ("children",)
    __slots__ = (*__match_args__, "_strict")
    _compare = __match_args__

    children: tuple[MarkerTree, ...]
    # `_strict` is declared by MarkerTree (not as a field, so that type checkers give
    # MarkerAnd and MarkerOr this __init__).

    _word: ClassVar[str] = ""

    def __init__(self, children: tuple[MarkerTree, ...]) -> None:
        if len(children) < 2:
            raise ValueError(f"{type(self).__name__} needs at least two children")
        set_field(self, "children", children)
        set_field(self, "_strict", any(c._strict for c in children))

    def expressions(self) -> Iterator[MarkerExpression]:
        for child in self.children:
            yield from child.expressions()

    def _without_extras(self) -> MarkerTree | None:
        kept = [t for c in self.children if (t := c._without_extras()) is not None]
        if not kept:
            return None
        return and_all(kept) if isinstance(self, MarkerAnd) else or_all(kept)


class MarkerAnd(_Junction):
    """All children hold (``a and b and ...``)."""

    __slots__ = ()

    _word: ClassVar[str] = "and"

    def __str__(self) -> str:
        return " and ".join(f"({c})" if isinstance(c, MarkerOr) else str(c) for c in self.children)

    def _evaluate(self, env: MarkerEnvironment, extras: frozenset[str]) -> bool:
        for child in self.children:  # noqa: SIM110 (a generator costs more on this hot path)
            if not child._evaluate(env, extras):
                return False
        return True

    def _evaluate_all(self, env: MarkerEnvironment, extras: frozenset[str]) -> bool:
        results = [child._evaluate_all(env, extras) for child in self.children]
        return all(results)

    def _evaluate_lenient(self, env: MarkerEnvironment | None, extras: frozenset[str]) -> bool:
        return all(child._evaluate_lenient(env, extras) for child in self.children)

    def _simplify(self, extras: frozenset[str]) -> MarkerTree | bool:
        kept: list[MarkerTree] = []
        for child in self.children:
            result = child._simplify(extras)
            if result is False:
                return False
            if result is not True:
                kept.append(result)
        return and_all(kept) if kept else True


class MarkerOr(_Junction):
    """At least one child holds (``a or b or ...``)."""

    __slots__ = ()

    _word: ClassVar[str] = "or"

    def __str__(self) -> str:
        return " or ".join(str(c) for c in self.children)

    def _evaluate(self, env: MarkerEnvironment, extras: frozenset[str]) -> bool:
        for child in self.children:  # noqa: SIM110 (a generator costs more on this hot path)
            if child._evaluate(env, extras):
                return True
        return False

    def _evaluate_all(self, env: MarkerEnvironment, extras: frozenset[str]) -> bool:
        results = [child._evaluate_all(env, extras) for child in self.children]
        return any(results)

    def _evaluate_lenient(self, env: MarkerEnvironment | None, extras: frozenset[str]) -> bool:
        return any(child._evaluate_lenient(env, extras) for child in self.children)

    def _simplify(self, extras: frozenset[str]) -> MarkerTree | bool:
        kept: list[MarkerTree] = []
        for child in self.children:
            result = child._simplify(extras)
            if result is True:
                return True
            if result is not False:
                kept.append(result)
        return or_all(kept) if kept else False


def and_all(trees: Iterable[MarkerTree]) -> MarkerTree:
    """Join trees with ``and``, flattening nested ``and`` nodes."""
    flat: list[MarkerTree] = []
    for tree in trees:
        if isinstance(tree, MarkerAnd):
            flat.extend(tree.children)
        else:
            flat.append(tree)
    return flat[0] if len(flat) == 1 else MarkerAnd(tuple(flat))


def or_all(trees: Iterable[MarkerTree]) -> MarkerTree:
    """Join trees with ``or``, flattening nested ``or`` nodes."""
    flat: list[MarkerTree] = []
    for tree in trees:
        if isinstance(tree, MarkerOr):
            flat.extend(tree.children)
        else:
            flat.append(tree)
    return flat[0] if len(flat) == 1 else MarkerOr(tuple(flat))
