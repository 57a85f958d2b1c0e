"""How one marker comparison evaluates, decided once per expression.

The rules are packaging's: for the version-like variables, when
``<op><value>`` is a valid PEP 440 specifier the comparison is version
matching (pre-releases allowed); otherwise it is a string comparison in which
``<`` and ``>`` are always false, ``<=`` and ``>=`` mean ``==``, and ``~=`` and
``===`` are undefined. Strings compared with ``extra`` are normalized.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from puffin_pep440 import InvalidSpecifier, InvalidVersion, Version, VersionSpecifier
from puffin_pep508._environment import VERSION_VARIABLES
from puffin_pep508.errors import UndefinedComparison, UndefinedEnvironmentName

if TYPE_CHECKING:
    from puffin_pep508._environment import MarkerEnvironment
    from puffin_pep508._marker import MarkerOperator, MarkerVariable

__all__ = ["Comparison", "compile_comparison"]

# Comparison kinds.
_STRING = 0  # string variable <op> "literal"
_STRING_REV = 1  # "literal" <op> string variable
_VERSION = 2  # version variable <op> "literal", <op><literal> a valid specifier
_VERSION_REV = 3  # "literal" <op> version variable: the specifier depends on the environment
_EXTRA = 4  # extra <op> "literal"
_EXTRA_REV = 5  # "literal" <op> extra
_GENERIC = 6  # anything else, evaluated exactly as packaging does

_NO_EXTRA = ("",)
_SET_VARIABLES = frozenset({"extras", "dependency_groups"})
_STRING_OPS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in"})
_NEGATIVE_OPS = frozenset({"!=", "not in"})

_SPEC_CACHE: dict[str, VersionSpecifier | None] = {}


def _specifier(text: str) -> VersionSpecifier | None:
    """``text`` parsed as one version specifier, or ``None`` when it is not one."""
    try:
        return _SPEC_CACHE[text]
    except KeyError:
        pass
    try:
        spec: VersionSpecifier | None = VersionSpecifier.parse(text)
    except InvalidSpecifier:
        spec = None
    if len(_SPEC_CACHE) > 4096:
        _SPEC_CACHE.clear()
    _SPEC_CACHE[text] = spec
    return spec


def _version(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except InvalidVersion:
        return None


def compare_strings(op: str, lhs: str, rhs: str) -> bool:
    """The string meaning of *op*, or `UndefinedComparison` when it has none."""
    if op == "==" or op == "<=" or op == ">=":
        return lhs == rhs
    if op == "!=":
        return lhs != rhs
    if op == "in":
        return lhs in rhs
    if op == "not in":
        return lhs not in rhs
    if op == "<" or op == ">":
        return False
    raise UndefinedComparison(f"{lhs!r} {op} {rhs!r}", f"{op} is undefined for strings")


def _matches(spec: VersionSpecifier, op: str, spec_value: str, candidate: str) -> bool:
    """Whether *candidate* (a string) is in the specifier ``op + spec_value``."""
    if op == "===":
        return candidate.lower() == spec_value.strip().lower()
    version = _version(candidate)
    return version is not None and spec.contains(version, prereleases=True)


def compare(op: str, lhs: str, rhs: str, key: str) -> bool:
    """Evaluate ``lhs op rhs`` for the environment variable *key*, as packaging does."""
    if key in VERSION_VARIABLES and op != "in" and op != "not in":
        spec = _specifier(op + rhs)
        if spec is not None:
            return _matches(spec, op, rhs, lhs)
    return compare_strings(op, lhs, rhs)


class Comparison:
    """The evaluation plan of one marker expression."""

    __slots__ = ("involves_extra", "key", "kind", "left_var", "may_raise", "op", "spec", "value")

    def __init__(
        self, left: MarkerVariable | str, op: MarkerOperator, right: MarkerVariable | str
    ) -> None:
        # packaging looks up the left side when it is a variable, else the
        # right side *as a name*, even when it is a quoted string; the other
        # side stays text (a variable's name, when both are variables).
        self.left_var = not isinstance(left, str)
        right_var = not isinstance(right, str)
        left_text = left if isinstance(left, str) else left.value
        right_text = right if isinstance(right, str) else right.value
        self.key = left_text if self.left_var else right_text
        self.value = right_text if self.left_var else left_text
        self.op = op.value
        self.spec: VersionSpecifier | None = None
        self.involves_extra = self.key == "extra"
        self.kind = self._plan(exactly_one_variable=self.left_var != right_var)
        self.may_raise = self.kind == _GENERIC or (
            self.kind == _VERSION_REV and self.op not in _STRING_OPS
        )

    def _plan(self, *, exactly_one_variable: bool) -> int:
        key, op = self.key, self.op
        if not exactly_one_variable or key in _SET_VARIABLES:
            return _GENERIC
        if key == "extra":
            if op not in _STRING_OPS:
                return _GENERIC
            return _EXTRA if self.left_var else _EXTRA_REV
        if key in VERSION_VARIABLES and op != "in" and op != "not in":
            if not self.left_var:
                return _VERSION_REV
            self.spec = _specifier(op + self.value)
            if self.spec is not None:
                return _VERSION
        if op not in _STRING_OPS:
            return _GENERIC
        return _STRING if self.left_var else _STRING_REV

    def evaluate(self, env: MarkerEnvironment, extras: frozenset[str]) -> bool:
        """The result for *env* and the requested (normalized) extras."""
        kind = self.kind
        if kind == _STRING:
            return compare_strings(self.op, env._strings[self.key], self.value)
        if kind == _EXTRA or kind == _EXTRA_REV:  # noqa: SIM109 (no tuple on the hot path)
            return self._extra(extras)
        if kind == _VERSION:
            assert self.spec is not None
            if self.op == "===":
                return env._strings[self.key].lower() == self.value.strip().lower()
            version = env._versions[self.key]
            return version is not None and self.spec.contains(version, prereleases=True)
        if kind == _STRING_REV:
            return compare_strings(self.op, self.value, env._strings[self.key])
        if kind == _VERSION_REV:
            rhs = env._strings[self.key]
            spec = _specifier(self.op + rhs)
            if spec is None:
                return compare_strings(self.op, self.value, rhs)
            return _matches(spec, self.op, rhs, self.value)
        return self._generic(env, extras)

    def decide(self, env: MarkerEnvironment | None, extras: frozenset[str]) -> bool | None:
        """Like `evaluate`, but ``None`` where the result is unknown instead of raising."""
        try:
            if env is not None:
                return self.evaluate(env, extras)
            if self.involves_extra:
                return self._extra(extras) if self.kind != _GENERIC else self._generic(None, extras)
        except (UndefinedComparison, UndefinedEnvironmentName):
            pass
        return None

    def _extra(self, extras: frozenset[str]) -> bool:
        op = self.op
        if op == "==":
            return self.value in extras if extras else self.value == ""
        if op == "!=":
            return self.value not in extras if extras else self.value != ""
        # One requested extra at a time, as packaging sees them: a positive
        # comparison needs one extra to match, a negative one needs all.
        values = sorted(extras) if extras else _NO_EXTRA
        if self.left_var:
            results = [compare_strings(op, v, self.value) for v in values]
        else:
            results = [compare_strings(op, self.value, v) for v in values]
        return all(results) if op in _NEGATIVE_OPS else any(results)

    def _generic(self, env: MarkerEnvironment | None, extras: frozenset[str]) -> bool:
        key = self.key
        if key in _SET_VARIABLES:
            raise UndefinedEnvironmentName(key)
        if key == "extra":
            values: list[str] | tuple[str, ...] = sorted(extras) if extras else _NO_EXTRA
        elif env is None:
            raise UndefinedEnvironmentName(key)
        else:
            values = (env.get(key),)
        op, value = self.op, self.value
        if self.left_var:
            results = [compare(op, v, value, key) for v in values]
        else:
            results = [compare(op, value, v, key) for v in values]
        return all(results) if op in _NEGATIVE_OPS else any(results)


def compile_comparison(
    left: MarkerVariable | str, op: MarkerOperator, right: MarkerVariable | str
) -> Comparison:
    """Decide once how ``left op right`` evaluates."""
    return Comparison(left, op, right)
