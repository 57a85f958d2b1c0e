"""Differential tests against packaging: real Requires-Dist lines and generated input."""

from __future__ import annotations

import random
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from packaging.markers import InvalidMarker as OracleInvalidMarker
from packaging.markers import Marker
from packaging.markers import UndefinedComparison as OracleUndefinedComparison
from packaging.markers import UndefinedEnvironmentName as OracleUndefinedName
from packaging.requirements import InvalidRequirement as OracleInvalidRequirement
from packaging.requirements import Requirement as OracleRequirement
from packaging.utils import canonicalize_name

from puffin_pep508 import (
    InvalidMarker,
    InvalidRequirement,
    MarkerEnvironment,
    MarkerTree,
    Requirement,
    UndefinedComparison,
    UndefinedEnvironmentName,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

CORPUS = (Path(__file__).parent / "data" / "requires_dist.txt").read_text().splitlines()

ENVIRONMENTS = {
    "cpython37-linux-x86_64": {
        "implementation_name": "cpython",
        "implementation_version": "3.7.17",
        "os_name": "posix",
        "platform_machine": "x86_64",
        "platform_python_implementation": "CPython",
        "platform_release": "5.15.0-1034-azure",
        "platform_system": "Linux",
        "platform_version": "#41-Ubuntu SMP",
        "python_full_version": "3.7.17",
        "python_version": "3.7",
        "sys_platform": "linux",
    },
    "cpython312-macos-arm64": {
        "implementation_name": "cpython",
        "implementation_version": "3.12.4",
        "os_name": "posix",
        "platform_machine": "arm64",
        "platform_python_implementation": "CPython",
        "platform_release": "23.5.0",
        "platform_system": "Darwin",
        "platform_version": "Darwin Kernel Version 23.5.0",
        "python_full_version": "3.12.4",
        "python_version": "3.12",
        "sys_platform": "darwin",
    },
    "cpython313-windows-amd64": {
        "implementation_name": "cpython",
        "implementation_version": "3.13.0",
        "os_name": "nt",
        "platform_machine": "AMD64",
        "platform_python_implementation": "CPython",
        "platform_release": "10",
        "platform_system": "Windows",
        "platform_version": "10.0.22631",
        "python_full_version": "3.13.0",
        "python_version": "3.13",
        "sys_platform": "win32",
    },
    "pypy310-linux-aarch64": {
        "implementation_name": "pypy",
        "implementation_version": "7.3.16",
        "os_name": "posix",
        "platform_machine": "aarch64",
        "platform_python_implementation": "PyPy",
        "platform_release": "6.1.0",
        "platform_system": "Linux",
        "platform_version": "#1 SMP",
        "python_full_version": "3.10.14",
        "python_version": "3.10",
        "sys_platform": "linux",
    },
}
ENVS = [(values, MarkerEnvironment.from_dict(values)) for values in ENVIRONMENTS.values()]


def _oracle_eval(marker: Marker, values: dict[str, str], extra: str) -> bool | str:
    try:
        return marker.evaluate({**values, "extra": extra})
    except (OracleUndefinedComparison, OracleUndefinedName) as exc:
        return type(exc).__name__


def _our_eval(marker: MarkerTree, env: MarkerEnvironment, extras: Iterable[str]) -> bool | str:
    try:
        return marker.evaluate(env, extras)
    except (UndefinedComparison, UndefinedEnvironmentName) as exc:
        return type(exc).__name__


def _evaluation_mismatches(text: str, theirs: Marker, ours: MarkerTree) -> list[str]:
    problems = []
    extras = ["", *sorted(ours.extras())]
    for values, env in ENVS:
        for extra in extras:
            expected = _oracle_eval(theirs, values, extra)
            got = _our_eval(ours, env, [extra] if extra else [])
            if expected != got:
                problems.append(f"{text!r} {values['python_version']} {extra!r}: {expected} {got}")
    return problems


def _compare_requirement(text: str) -> list[str]:
    """Every difference between packaging and puffin-pep508 on *text*."""
    try:
        theirs: OracleRequirement | None = OracleRequirement(text)
    except OracleInvalidRequirement:
        theirs = None
    try:
        ours: Requirement | None = Requirement.parse(text)
    except InvalidRequirement as exc:
        if theirs is not None and _is_known_deviation(exc):
            return []
        ours = None
    if theirs is None or ours is None:
        if (theirs is None) != (ours is None):
            return [f"{text!r}: packaging {'rejects' if theirs is None else 'accepts'}"]
        return []
    problems = []
    if canonicalize_name(theirs.name) != str(ours.name):
        problems.append(f"{text!r}: name {ours.name}")
    if {canonicalize_name(e) for e in theirs.extras} != {str(e) for e in ours.extras}:
        problems.append(f"{text!r}: extras {ours.extras}")
    if theirs.url is not None:
        if ours.url is None or ours.url.given != theirs.url:
            problems.append(f"{text!r}: url {ours.url}")
    elif not theirs.specifier:
        if ours.version_or_url is not None:
            problems.append(f"{text!r}: versions {ours.version_or_url}")
    elif Requirement.parse(f"x{theirs.specifier}").version_or_url != ours.version_or_url:
        problems.append(f"{text!r}: versions {ours.version_or_url}")
    if Requirement.parse(str(ours)) != ours:
        problems.append(f"{text!r}: str() gives {ours}")
    if (theirs.marker is None) != (ours.marker is None):
        problems.append(f"{text!r}: marker {ours.marker}")
    elif theirs.marker is not None and ours.marker is not None:
        if MarkerTree.parse(str(theirs.marker)) != ours.marker:
            problems.append(f"{text!r}: marker {ours.marker}")
        problems += _evaluation_mismatches(text, theirs.marker, ours.marker)
    return problems


def _is_known_deviation(exc: InvalidRequirement) -> bool:
    # packaging's name pattern lets a name or extra end in "_" ("foo_"); PEP 508
    # and puffin-normalize do not.
    return exc.message.startswith("invalid ") and "_'" in exc.message


class TestRequiresDistCorpus:
    def test_corpus_is_large(self) -> None:
        assert len(CORPUS) >= 2000

    def test_matches_packaging(self) -> None:
        problems = [p for line in CORPUS for p in _compare_requirement(line)]
        assert problems == []


_MUTATIONS = [
    *" \t,;()[]@=<>!~.*+-_abcv019\"'\n",
    "==", ">=", "~=", "===", " ; ", "extra", " and ", " or ", " in ", "not", "python_version",
    ".*", "+local", "dev", "post", "rc", "é", "https://example.com/x", "(", ")",
]  # fmt: skip


def _mutate(rng: random.Random, line: str) -> str:
    chars = list(line)
    for _ in range(rng.randint(1, 3)):
        pos = rng.randint(0, len(chars))
        roll = rng.random()
        if roll < 0.4 or pos == len(chars):
            chars.insert(pos, rng.choice(_MUTATIONS))
        elif roll < 0.7:
            del chars[pos]
        else:
            chars[pos] = rng.choice(_MUTATIONS)
    return "".join(chars)


class TestMutatedRequirements:
    def test_validity_and_parts_match_packaging(self) -> None:
        rng = random.Random(508)
        problems = []
        for _ in range(6000):
            problems += _compare_requirement(_mutate(rng, rng.choice(CORPUS)))
        assert problems == []


_VARIABLES = [
    "python_version", "python_full_version", "os_name", "os.name", "sys_platform",
    "sys.platform", "platform_release", "platform_system", "platform_version",
    "platform.version", "platform_machine", "platform.machine", "platform_python_implementation",
    "platform.python_implementation", "python_implementation", "implementation_name",
    "implementation_version", "extra", "extras", "dependency_groups",
]  # fmt: skip
_VALUES = [
    '"3.7"', '"3.12"', "'3.10'", '"3"', '"3.*"', '"3.7.*"', '"linux"', '"win32"', '"Linux"',
    '"posix"', '"nt"', '"CPython"', '"PyPy"', '"x86_64"', '"arm64"', '"6.1.0"', '"23.5.0"',
    '"10"', '"test"', '"Test_X"', '""', '" 3.7"', '"3.7 "', '"3.7.17"', '"lin"', '"3.13.0"',
    '"a b"', "'\"'", r'"\x41"', '"1.0+local"', '"7.3.16"', '"dev"', '"1!2"', '"v3.7"',
]  # fmt: skip
_OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"]


def _random_item(rng: random.Random) -> str:
    left = rng.choice(_VARIABLES) if rng.random() < 0.7 else rng.choice(_VALUES)
    right = rng.choice(_VALUES) if rng.random() < 0.8 else rng.choice(_VARIABLES)
    if rng.random() < 0.3:
        left, right = right, left
    space = rng.choice(["", " ", "  ", "\t"])
    return f"{left}{space}{rng.choice(_OPERATORS)}{space}{right}"


def _random_marker(rng: random.Random, depth: int = 0) -> str:
    text = f"({_random_marker(rng, depth + 1)})" if depth < 2 and rng.random() < 0.3 else ""
    text = text or _random_item(rng)
    while rng.random() < 0.4:
        text += rng.choice([" and ", " or ", ")and(", " and(", "and "])
        text += _random_item(rng) if rng.random() < 0.8 else f"({_random_marker(rng, depth + 1)})"
    return text


class TestGeneratedMarkers:
    def test_match_packaging(self) -> None:
        rng = random.Random(440)
        problems = []
        valid = 0
        for _ in range(3000):
            text = _random_marker(rng)
            try:
                theirs: Marker | None = Marker(text)
            except OracleInvalidMarker:
                theirs = None
            try:
                ours: MarkerTree | None = MarkerTree.parse(text)
            except InvalidMarker:
                ours = None
            if theirs is None or ours is None:
                if (theirs is None) != (ours is None):
                    problems.append(f"{text!r}: validity")
                continue
            valid += 1
            if MarkerTree.parse(str(ours)) != ours:
                problems.append(f"{text!r}: str() gives {ours}")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # packaging's literal_eval on "\x41"
                problems += _evaluation_mismatches(text, theirs, ours)
        assert problems == []
        assert valid > 1000


@pytest.mark.parametrize(
    "text",
    [
        "x===",
        "x=== ",
        "x===a,b",
        "x===1.0,,>=2",
        "x>=1.0.*",
        "x==1.0a1.*",
        "x>=1.0+loc",
        "x==1.0+loc",
        "x== 1.0",
        "x>=\n1.0",
        "x>=1.0\n",
        "x==v1.0",
        "x~=1",
        "x (~=1.0)",
        "x!=1.0.*",
        "x<1.0.*",
        "x>=1.0,",
        "x (>=1.0,)",
        "x>=1.0,,",
        "x,>=1",
        "x===1.0)",
        "x (===1.0)",
        "x==1.0.0-1",
        "x>1!1.0",
        "x==1.0_rc1",
        "x==1.0+ab-",
        "x==1.*.*",
        "x=== foo",
        "x (=== foo bar)",
        "x @ https://example.com/x.whl;os_name=='nt'",
        "x @ https://example.com/x.whl\t; os_name=='nt'",
        "x[a]@https://example.com/x",
        "x @ ./relative/path",
        "x; os_name == 'a' or",
        "x; (os_name == 'a'",
        "x; os_name == 'a' and (sys_platform == 'b' or extra == 'c')",
    ],
)
def test_edge_cases_match_packaging(text: str) -> None:
    assert _compare_requirement(text) == []
