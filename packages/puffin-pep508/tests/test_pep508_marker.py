"""Tests of MarkerTree: grammar, normalized text, evaluation, extra helpers."""

from __future__ import annotations

import pytest

from puffin_pep508 import (
    InvalidMarker,
    MarkerAnd,
    MarkerEnvironment,
    MarkerExpression,
    MarkerOperator,
    MarkerOr,
    MarkerTree,
    MarkerVariable,
    UndefinedComparison,
    UndefinedEnvironmentName,
)

LINUX_37 = MarkerEnvironment(
    implementation_name="cpython",
    implementation_version="3.7.17",
    os_name="posix",
    platform_machine="x86_64",
    platform_python_implementation="CPython",
    platform_release="5.15.0-1034-azure",
    platform_system="Linux",
    platform_version="#41-Ubuntu SMP",
    python_full_version="3.7.17",
    python_version="3.7",
    sys_platform="linux",
)
WINDOWS_313 = MarkerEnvironment(
    implementation_name="cpython",
    implementation_version="3.13.0",
    os_name="nt",
    platform_machine="AMD64",
    platform_python_implementation="CPython",
    platform_release="10",
    platform_system="Windows",
    platform_version="10.0.22631",
    python_full_version="3.13.0",
    python_version="3.13",
    sys_platform="win32",
)


def evaluate(text: str, env: MarkerEnvironment = LINUX_37, extras: tuple[str, ...] = ()) -> bool:
    return MarkerTree.parse(text).evaluate(env, extras)


class TestParse:
    def test_expression_fields(self) -> None:
        marker = MarkerTree.parse('python_version >= "3.8"')
        assert marker == MarkerExpression(
            MarkerVariable.PYTHON_VERSION, MarkerOperator.GREATER_THAN_EQUAL, "3.8"
        )

    def test_value_on_the_left(self) -> None:
        marker = MarkerTree.parse("'linux' in sys_platform")
        assert marker == MarkerExpression("linux", MarkerOperator.IN, MarkerVariable.SYS_PLATFORM)

    @pytest.mark.parametrize(
        ("text", "normalized"),
        [
            ("python_version>'3'", 'python_version > "3"'),
            ('  os_name  ==  "nt"  ', 'os_name == "nt"'),
            ('os_name\t==\t"nt"', 'os_name == "nt"'),
            ("os.name == 'nt'", 'os_name == "nt"'),
            ("sys.platform == 'linux'", 'sys_platform == "linux"'),
            ("platform.version == 'x'", 'platform_version == "x"'),
            ("platform.machine == 'x'", 'platform_machine == "x"'),
            ("platform.python_implementation == 'x'", 'platform_python_implementation == "x"'),
            ("python_implementation == 'x'", 'platform_python_implementation == "x"'),
            ("os_name not  in 'nt'", 'os_name not in "nt"'),
            ('os_name=="3"and"4"==os_name', 'os_name == "3" and "4" == os_name'),
            ("extra == 'Foo_Bar'", 'extra == "foo-bar"'),
            ("'Foo.Bar' == extra", '"foo-bar" == extra'),
            ("'Foo.Bar' in extras", '"foo-bar" in extras'),
            ("'Foo.Bar' in dependency_groups", '"foo-bar" in dependency_groups'),
            ("os_name == 'Foo_Bar'", 'os_name == "Foo_Bar"'),
            ("os_name == 'say \"hi\"'", "os_name == 'say \"hi\"'"),
        ],
    )
    def test_normalized_text(self, text: str, normalized: str | None) -> None:
        marker = MarkerTree.parse(text)
        if normalized is not None:
            assert str(marker) == normalized
        assert MarkerTree.parse(str(marker)) == marker

    @pytest.mark.parametrize(
        ("text", "normalized"),
        [
            ("A or B and C", "A or B and C"),
            ("(A or B) and C", "(A or B) and C"),
            ("A and (B or C)", "A and (B or C)"),
            ("((A))", "A"),
            ("(A and B) and C", "A and B and C"),
            ("A or (B or C)", "A or B or C"),
            ("(A)and(B)or(C)", "A and B or C"),
            ("A and B or C and D", "A and B or C and D"),
            ("(A or B) and (C or D)", "(A or B) and (C or D)"),
        ],
    )
    def test_precedence_and_parentheses(self, text: str, normalized: str) -> None:
        atoms = {c: f'os_name == "{c.lower()}"' for c in "ABCD"}
        source = "".join(atoms.get(ch, ch) for ch in text)
        expected = "".join(atoms.get(ch, ch) for ch in normalized)
        assert str(MarkerTree.parse(source)) == expected

    def test_tree_shape(self) -> None:
        marker = MarkerTree.parse('os_name == "a" or os_name == "b" and os_name == "c"')
        assert isinstance(marker, MarkerOr)
        assert isinstance(marker.children[1], MarkerAnd)
        assert len(marker.children) == 2

    def test_escapes_are_decoded_as_python_literals(self) -> None:
        marker = MarkerTree.parse(r'os_name == "\x41\n"')
        assert isinstance(marker, MarkerExpression)
        assert marker.right == "A\n"
        assert MarkerTree.parse(str(marker)) == marker

    def test_value_with_both_quotes_round_trips(self) -> None:
        marker = MarkerExpression(MarkerVariable.OS_NAME, MarkerOperator.EQUAL, "a'b\"c\\")
        assert MarkerTree.parse(str(marker)) == marker

    @pytest.mark.parametrize("value", ["\ud800", "a\udfff\nb", "'\"\udc80"])
    def test_lone_surrogate_round_trips(self, value: str) -> None:
        # Found by the property tests: an escape such as \ud800 decodes to a
        # lone surrogate, which str() must write back escaped.
        marker = MarkerExpression(MarkerVariable.OS_NAME, MarkerOperator.EQUAL, value)
        assert "\\u" in str(marker)
        assert MarkerTree.parse(str(marker)) == marker
        parsed = MarkerTree.parse(r'os_name == "\ud800"')
        assert MarkerTree.parse(str(parsed)) == parsed

    def test_deep_nesting_is_refused_not_a_recursion_error(self) -> None:
        # Found by the property tests: 5,000 "(" raised RecursionError.
        deepest = "(" * 100 + 'os_name == "a"' + ")" * 100
        assert MarkerTree.parse(deepest) == MarkerTree.parse('os_name == "a"')
        with pytest.raises(InvalidMarker, match="nested more than 100 deep") as info:
            MarkerTree.parse("(" * 5000 + 'os_name == "a"' + ")" * 5000)
        assert info.value.start == 100

    def test_equal_and_hashable(self) -> None:
        first = MarkerTree.parse("python_version>='3' and extra=='A'")
        second = MarkerTree.parse('python_version >= "3" and extra == "a"')
        assert first == second
        assert len({first, second}) == 1
        assert first != MarkerTree.parse('extra == "a" and python_version >= "3"')

    def test_repr(self) -> None:
        assert repr(MarkerTree.parse("os_name=='nt'")) == "<MarkerTree('os_name == \"nt\"')>"

    def test_combine(self) -> None:
        a = MarkerTree.parse('os_name == "a"')
        b = MarkerTree.parse('os_name == "b" or os_name == "c"')
        assert str(a & b) == 'os_name == "a" and (os_name == "b" or os_name == "c")'
        assert str(a | b) == 'os_name == "a" or os_name == "b" or os_name == "c"'

    def test_rejects_non_str(self) -> None:
        with pytest.raises(TypeError):
            MarkerTree.parse(b'os_name == "a"')  # type: ignore[arg-type]

    def test_junction_needs_two_children(self) -> None:
        with pytest.raises(ValueError, match="at least two"):
            MarkerAnd((MarkerTree.parse('os_name == "a"'),))


class TestParseErrors:
    @pytest.mark.parametrize(
        ("text", "message", "start", "length"),
        [
            ("", "expected a marker variable or quoted string, found end of input", 0, 1),
            ('python_version >> "3"', "invalid marker operator '>>'", 15, 2),
            ('python_version = "3"', "invalid marker operator '='", 15, 1),
            ('python_verson >= "3"', "unknown marker variable 'python_verson'", 0, 13),
            (
                "python_version >= 3.8",
                "expected a marker variable or quoted string, found '3.8'",
                18,
                3,
            ),
            ('python_version >= "3.8', "unterminated quoted string", 18, 4),
            ('python_version "3"', "expected a marker operator", 15, 3),
            ('os_name not "nt"', "expected 'in' after 'not', found '\"nt\"'", 12, 4),
            ('os_name notin "nt"', "expected a marker operator", 8, 5),
            (
                '(os_name == "nt"',
                "expected ')' to close the '(' at column 1, found end of input",
                16,
                1,
            ),
            ('os_name == "nt")', "unmatched ')'", 15, 1),
            ('os_name == "nt" and', "expected a marker variable or quoted string", 19, 1),
            ('os_name == "nt" xor os_name == "a"', "expected 'and', 'or' or end of marker", 16, 3),
            ('os_name == "nt" AND os_name == "a"', "expected 'and', 'or' or end of marker", 16, 3),
            ('os_name == "nt"\n', "expected 'and', 'or' or end of marker", 15, 1),
            ('os_name == "\\"', "invalid quoted string", 11, 3),
            ('os_name == "\\N{nope}"', "invalid quoted string", 11, 10),
            ('os_name == "a\nb"', "invalid quoted string", 11, 5),
            ('os_name == "a\ud800"', "invalid quoted string", 11, 4),
            (
                "os_name == 'a' and ()",
                "expected a marker variable or quoted string, found ')'",
                20,
                1,
            ),
        ],
    )
    def test_rejects(self, text: str, message: str, start: int, length: int) -> None:
        with pytest.raises(InvalidMarker) as info:
            MarkerTree.parse(text)
        error = info.value
        assert error.message.startswith(message)
        assert (error.input, error.start, error.length) == (text, start, length)
        assert "\n" not in str(error)
        assert f"column {start + 1}" in str(error)


class TestEvaluate:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('python_version >= "3.7"', True),
            ('python_version > "3.7"', False),
            ('python_version < "3.10"', True),  # as versions, not strings
            ('python_version == "3.7.*"', True),
            ('python_version ~= "3.6"', True),
            ('python_full_version === "3.7.17"', True),
            ('python_full_version === "3.7.17.0"', False),
            ('"3.6" < python_version', True),
            ('"3.8" < python_version', False),
            ('python_version >= "3.7" and python_version < "4"', True),
            ('os_name == "posix"', True),
            ('os_name != "posix"', False),
            ('"linux" in sys_platform', True),
            ('"lin" not in sys_platform', False),
            ('sys_platform in "linux darwin"', True),
            ('platform_system < "Zzz"', False),  # strings never order
            ('platform_system <= "Linux"', True),  # string <= is ==
            ('platform_system >= "Linux"', True),
            ('platform_system > "A"', False),
            ('platform_release >= "5.0"', False),  # "5.15.0-1034-azure" is no version
            ('platform_release != "5.0"', False),
            ('platform_release == "5.15.0-1034-azure"', True),  # string fallback
            ('python_version >= "3.7 ; x"', False),  # not a specifier: string >= is ==
            ('python_version in "3.7 3.8"', True),
            ('implementation_version >= "3.7"', True),
            ('os_name == "nt" or os_name == "posix"', True),
        ],
    )
    def test_linux_37(self, text: str, expected: bool) -> None:
        assert evaluate(text) is expected

    def test_windows(self) -> None:
        assert evaluate('sys_platform == "win32" and python_version >= "3.13"', WINDOWS_313)
        assert not evaluate('platform_release > "10"', WINDOWS_313)
        assert evaluate('platform_release >= "10"', WINDOWS_313)

    @pytest.mark.parametrize(
        ("text", "extras", "expected"),
        [
            ('extra == "test"', (), False),
            ('extra == "test"', ("test",), True),
            ('extra == "test"', ("Test",), True),
            ('extra == "Te_st"', ("te.st",), True),
            ('extra == "test"', ("doc", "test"), True),
            ('extra != "test"', ("test",), False),
            ('extra != "test"', ("doc",), True),
            ('extra != "test"', ("doc", "test"), False),
            ('"test" == extra', ("test",), True),
            ('extra == ""', (), True),
            ('extra in "test,doc"', ("doc",), True),
            ('extra in "test,doc"', (), True),  # packaging: "" in "test,doc"
            ('"te" in extra', ("test",), True),
            ('extra not in "test"', ("doc", "test"), False),
            ('extra < "z"', ("a",), False),
            ('os_name == "posix" and extra == "a"', ("a",), True),
            ('os_name == "nt" and extra == "a"', ("a",), False),
        ],
    )
    def test_extra(self, text: str, extras: tuple[str, ...], expected: bool) -> None:
        assert evaluate(text, extras=extras) is expected

    @pytest.mark.parametrize(
        "text",
        [
            'os_name ~= "posix"',
            'os_name === "posix"',
            'extra ~= "a"',
            'python_version ~= "3"',
            'python_version === "3 7"',
            # packaging evaluates every clause, so the undefined one still raises.
            'os_name == "posix" or os_name ~= "posix"',
            'os_name == "nt" and os_name ~= "posix"',
        ],
    )
    def test_undefined_comparison(self, text: str) -> None:
        with pytest.raises(UndefinedComparison) as info:
            evaluate(text)
        assert "\n" not in str(info.value)

    @pytest.mark.parametrize(
        "text", ['"a" in extras', '"a" in dependency_groups', '"a" == "b"', 'extras == "a"']
    )
    def test_undefined_environment_name(self, text: str) -> None:
        with pytest.raises(UndefinedEnvironmentName) as info:
            evaluate(text)
        assert isinstance(info.value, KeyError)

    def test_extras_must_not_be_a_str(self) -> None:
        with pytest.raises(TypeError, match="collection"):
            MarkerTree.parse('extra == "a"').evaluate(LINUX_37, "a")

    def test_extras_may_be_any_collection(self) -> None:
        marker = MarkerTree.parse('extra == "b_c"')
        for extras in (["B.C"], ("b-c",), frozenset({"B_C"}), {"b-c": 1}.keys()):
            assert marker.evaluate(LINUX_37, extras)

    def test_odd_comparisons_follow_packaging(self) -> None:
        # Two variables: the right one's *name* is the value compared with.
        assert not evaluate("python_version == python_full_version")
        assert evaluate('os_name == "posix" and "3.7" == "python_version"')

    def test_untagged_interpreter_version(self) -> None:
        # "3.13.0+" is read as the local version "3.13.0+local", as packaging does.
        env = MarkerEnvironment.from_dict(
            {**WINDOWS_313.to_dict(), "python_full_version": "3.13.0+"}
        )
        assert evaluate('python_full_version >= "3.13"', env)
        assert evaluate('python_full_version == "3.13.0"', env)

    def test_evaluate_optional_environment(self) -> None:
        marker = MarkerTree.parse('extra == "a" and os_name == "nt"')
        assert marker.evaluate_optional_environment(None, ["a"])
        assert not marker.evaluate_optional_environment(None, [])
        assert not marker.evaluate_optional_environment(LINUX_37, ["a"])
        assert MarkerTree.parse('"a" in extras').evaluate_optional_environment(LINUX_37)
        assert MarkerTree.parse('os_name ~= "x"').evaluate_optional_environment(LINUX_37)


class TestExtraHelpers:
    def test_extras(self) -> None:
        marker = MarkerTree.parse('extra == "A" or extra != "b" and "C" == extra or os_name == "x"')
        assert marker.extras() == {"a", "b", "c"}
        assert marker.depends_on_extra()
        assert marker.has_extra("A")
        assert not marker.has_extra("d")
        assert not MarkerTree.parse('os_name == "x"').depends_on_extra()
        assert MarkerTree.parse('extra in "a"').depends_on_extra()
        assert MarkerTree.parse('extra in "a"').extras() == frozenset()

    @pytest.mark.parametrize(
        ("text", "extras", "expected"),
        [
            ('extra == "a"', ["a"], True),
            ('extra == "a"', [], False),
            ('extra == "a" and os_name == "nt"', ["a"], 'os_name == "nt"'),
            ('extra == "a" and os_name == "nt"', ["b"], False),
            ('extra == "a" or os_name == "nt"', ["a"], True),
            ('extra == "a" or os_name == "nt"', [], 'os_name == "nt"'),
            (
                '(extra == "a" or extra == "b") and os_name == "nt" and python_version > "3"',
                ["b"],
                'os_name == "nt" and python_version > "3"',
            ),
            ('os_name == "nt"', ["a"], 'os_name == "nt"'),
            ('extra ~= "a"', ["a"], 'extra ~= "a"'),
        ],
    )
    def test_simplify_extras(self, text: str, extras: list[str], expected: str | bool) -> None:
        result = MarkerTree.parse(text).simplify_extras(extras)
        assert (result if isinstance(result, bool) else str(result)) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('extra == "a"', None),
            ('extra == "a" and os_name == "nt"', 'os_name == "nt"'),
            ('(extra == "a" or extra == "b") and os_name == "nt"', 'os_name == "nt"'),
            (
                'os_name == "x" or extra == "a" and os_name == "nt"',
                'os_name == "x" or os_name == "nt"',
            ),
        ],
    )
    def test_without_extras(self, text: str, expected: str | None) -> None:
        result = MarkerTree.parse(text).without_extras()
        assert (None if result is None else str(result)) == expected

    def test_expressions(self) -> None:
        marker = MarkerTree.parse('os_name == "a" and (extra == "b" or os_name == "c")')
        assert [str(e) for e in marker.expressions()] == [
            'os_name == "a"',
            'extra == "b"',
            'os_name == "c"',
        ]
