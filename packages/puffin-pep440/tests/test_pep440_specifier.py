"""Tests of Operator, VersionSpecifier and VersionSpecifiers."""

from __future__ import annotations

import pickle

import pytest

from puffin_pep440 import (
    InvalidSpecifier,
    InvalidVersion,
    Operator,
    Version,
    VersionSpecifier,
    VersionSpecifiers,
)


def v(text: str) -> Version:
    return Version.parse(text)


def spec(text: str) -> VersionSpecifier:
    return VersionSpecifier.parse(text)


def specs(text: str) -> VersionSpecifiers:
    return VersionSpecifiers.parse(text)


class TestOperator:
    def test_values_and_str(self) -> None:
        assert [op.value for op in Operator] == [
            "==",
            "==*",
            "===",
            "!=",
            "!=*",
            "~=",
            "<",
            "<=",
            ">",
            ">=",
        ]
        assert str(Operator.EQUAL_STAR) == "=="
        assert str(Operator.EXACT_EQUAL) == "==="
        assert str(Operator.GREATER_THAN_EQUAL) == ">="

    def test_wildcards(self) -> None:
        assert Operator.EQUAL.with_wildcard() is Operator.EQUAL_STAR
        assert Operator.NOT_EQUAL.with_wildcard() is Operator.NOT_EQUAL_STAR
        assert Operator.NOT_EQUAL_STAR.is_wildcard
        assert not Operator.EQUAL.is_wildcard
        with pytest.raises(ValueError):
            Operator.LESS_THAN.with_wildcard()


class TestParse:
    @pytest.mark.parametrize(
        ("raw", "operator", "version", "normalized"),
        [
            ("==1.0", Operator.EQUAL, "1.0", "==1.0"),
            (" == 1.0.0 ", Operator.EQUAL, "1.0.0", "==1.0.0"),
            ("==1.0+Local-1", Operator.EQUAL, "1.0+local.1", "==1.0+local.1"),
            ("==1.*", Operator.EQUAL_STAR, "1", "==1.*"),
            ("==V1.0.*", Operator.EQUAL_STAR, "1.0", "==1.0.*"),
            ("!=1!2.*", Operator.NOT_EQUAL_STAR, "1!2", "!=1!2.*"),
            ("!=1.0-1", Operator.NOT_EQUAL, "1.0.post1", "!=1.0.post1"),
            ("~=1.4.5a4", Operator.TILDE_EQUAL, "1.4.5a4", "~=1.4.5a4"),
            ("<2", Operator.LESS_THAN, "2", "<2"),
            ("<=2.0-dev", Operator.LESS_THAN_EQUAL, "2.0.dev0", "<=2.0.dev0"),
            (">1.0.POST1", Operator.GREATER_THAN, "1.0.post1", ">1.0.post1"),
            (">=\t3.8", Operator.GREATER_THAN_EQUAL, "3.8", ">=3.8"),
            ("===1.0", Operator.EXACT_EQUAL, "1.0", "===1.0"),
        ],
    )
    def test_parses(self, raw: str, operator: Operator, version: str, normalized: str) -> None:
        parsed = spec(raw)
        assert parsed.operator is operator
        assert str(parsed.version) == version
        assert str(parsed) == normalized
        assert spec(normalized) == parsed

    def test_arbitrary_equality_keeps_text(self) -> None:
        parsed = spec("=== Foo-Bar")
        assert parsed.arbitrary == "Foo-Bar"
        assert str(parsed) == "===Foo-Bar"
        with pytest.raises(InvalidVersion):
            _ = parsed.version
        assert spec("===").arbitrary == ""
        assert spec("==1.0").arbitrary is None

    def test_build_from_parts(self) -> None:
        assert VersionSpecifier(Operator.EQUAL_STAR, v("1.2")) == spec("==1.2.*")
        assert str(VersionSpecifier(Operator.EXACT_EQUAL, v("1.0"))) == "===1.0"
        with pytest.raises(InvalidSpecifier, match="local"):
            VersionSpecifier(Operator.GREATER_THAN, v("1.0+abc"))
        with pytest.raises(InvalidSpecifier, match="wildcard"):
            VersionSpecifier(Operator.EQUAL_STAR, v("1.0a1"))
        with pytest.raises(InvalidSpecifier, match="two numbers"):
            VersionSpecifier(Operator.TILDE_EQUAL, v("1"))

    def test_equality(self) -> None:
        assert spec("==1.0") == spec("==1")
        assert hash(spec("==1.0")) == hash(spec("== 1.0.0"))
        assert spec("==1.0+abc") == spec("==1+ABC")
        assert spec("~=1.0") != spec("~=1.0.0")
        assert spec("~=1.0") == spec("~=01.00")
        assert spec("==1.*") != spec("==1.0.*")
        assert spec("==1.0") != spec("==1.0.*")
        assert spec("==1.0") != spec("===1.0")
        assert spec("<1") != spec("<=1")
        assert spec("==1.0") != "==1.0"

    def test_pickle(self) -> None:
        for text in ("~=1.0", "==1.*", "===foo", "!=1.0+abc"):
            assert pickle.loads(pickle.dumps(spec(text))) == spec(text)
        assert pickle.loads(pickle.dumps(specs(">=1,<2"))) == specs(">=1,<2")

    def test_repr(self) -> None:
        assert repr(spec(">= 1")) == "<VersionSpecifier('>=1')>"
        assert repr(specs(">=1, <2")) == "<VersionSpecifiers('>=1,<2')>"


class TestContains:
    @pytest.mark.parametrize(
        ("specifier", "admitted", "refused"),
        [
            ("==1.0", ["1", "1.0.0", "1.0+abc", "1.0+1.2"], ["1.0.post1", "1.0a1", "1.0.1"]),
            ("==1.0+abc", ["1.0+abc", "1.0.0+ABC"], ["1.0", "1.0+abc.1", "1.0+abd"]),
            ("!=1.0", ["1.0.post1", "0.9", "1.0a1"], ["1.0", "1.0+abc"]),
            ("!=1.0+abc", ["1.0", "1.0+abd"], ["1.0+abc"]),
            ("==1.*", ["1", "1.0.dev0", "1.9.9+x", "1.5a1", "1.0.post1"], ["2.0.dev0", "0.9"]),
            ("==1.0.*", ["1", "1.0.5", "1.0a1"], ["1.1", "1.1.dev0", "0.9"]),
            ("==2!1.*", ["2!1.5"], ["1.5", "1!1.5"]),
            ("!=1.*", ["0.9", "2.0.dev0", "2.0"], ["1.0", "1.5+x", "1.0.dev0"]),
            ("~=2.2", ["2.2", "2.3", "2.9.9+x", "2.2.post3"], ["2.1", "3.0", "3.0.dev0", "2.2rc1"]),
            ("~=1.4.5", ["1.4.5", "1.4.6", "1.4.5+x"], ["1.5", "1.5.dev0", "1.4.4"]),
            ("~=2.2.post3", ["2.2.post3", "2.9"], ["2.2.post2", "3.0", "2.2"]),
            ("~=1.4.5a4", ["1.4.5a4", "1.4.5", "1.4.9"], ["1.4.5a3", "1.5"]),
            ("<2.0", ["1.9", "1.9.post1", "1.9+x", "1.0a1"], ["2.0", "2.0a1"]),
            ("<2.0", [], ["2.0.dev0", "2.0rc1", "2.0+x", "2.0.post1"]),
            ("<2.0rc1", ["2.0b1", "2.0.dev1", "2.0rc1.dev1", "2.0b1+x"], ["2.0rc1", "2.0rc1+x"]),
            ("<1.0.post1", ["1.0", "1.0a1", "1.0+x"], ["1.0.post1.dev0", "1.0.post1"]),
            ("<=2.0", ["2.0", "2.0+x", "2.0rc1", "1.0"], ["2.0.post1", "2.0.1"]),
            (
                ">1.0",
                ["1.0.1", "1.1a1", "2.0.dev0"],
                ["1.0", "1.0+x", "1.0.post1", "1.0.post1.dev1"],
            ),
            (">1.0", [], ["1.0.0.post2+x", "0.9"]),
            (">1.0.post1", ["1.0.post2", "1.0.post2.dev0", "1.1"], ["1.0.post1", "1.0.post1+x"]),
            (">1.0a1", ["1.0a2", "1.0", "1.0a2.dev0"], ["1.0a1.post1", "1.0a1+x", "1.0a1"]),
            (">1.0.dev1", ["1.0.dev2", "1.0a1", "1.0"], ["1.0.dev1", "1.0.dev1+x"]),
            (">=1.0", ["1.0", "1.0+x", "1.0.post1", "2"], ["1.0rc1", "1.0.dev5"]),
            (">=1.0.dev0", ["1.0.dev0", "1.0a1"], ["0.9"]),
            ("===1.0", ["1.0"], ["1.0.0", "1"]),
            ("===1.0+ABC", ["1.0+abc"], ["1.0"]),
        ],
    )
    def test_operator_rules(self, specifier: str, admitted: list[str], refused: list[str]) -> None:
        parsed = spec(specifier)
        for text in admitted:
            assert parsed.contains(v(text)), text
            assert specs(specifier).contains(v(text)), text
        for text in refused:
            assert not parsed.contains(v(text)), text
            assert not specs(specifier).contains(v(text)), text

    def test_prerelease_policy_of_a_lone_version(self) -> None:
        # As in packaging: only prereleases=False refuses a lone pre-release.
        assert spec(">=1.0").contains(v("2.0a1"))
        assert spec(">=1.0").contains(v("2.0a1"), prereleases=True)
        assert not spec(">=1.0").contains(v("2.0a1"), prereleases=False)
        assert not spec(">=1.0a1").contains(v("2.0a1"), prereleases=False)
        assert specs("").contains(v("2.0a1"))
        assert not specs("").contains(v("2.0.dev1"), prereleases=False)
        assert specs("").contains(v("2.0"), prereleases=False)

    def test_strings(self) -> None:
        assert spec(">=1.0").contains("1.5")
        assert not spec(">=1.0").contains("not a version")
        assert spec("===Not-A-Version").contains("not-a-version")
        assert not spec("===1.0").contains(" 1.0")
        assert "1.5" in specs(">=1.0")
        assert v("0.5") not in specs(">=1.0")
        assert not specs(">=1.0").contains("1.5a1", prereleases=False)
        assert specs("===foo").contains("foo", prereleases=False)
        assert not specs(">=1,===foo").contains("foo")

    def test_set_needs_every_specifier(self) -> None:
        parsed = specs(">=1.0, !=1.3.*, <2")
        assert parsed.contains(v("1.2"))
        assert not parsed.contains(v("1.3.4"))
        assert not parsed.contains(v("2.0"))
        assert not parsed.contains(v("0.9"))


class TestSpecifiers:
    def test_parse_tolerates_whitespace_and_empty_items(self) -> None:
        assert list(specs(" >=1 ,, <2 ,")) == [spec(">=1"), spec("<2")]
        assert str(specs(" >=1 ,, <2 ,")) == ">=1,<2"
        assert not specs("")
        assert not specs(" , ")
        assert len(specs("")) == 0

    def test_sequence(self) -> None:
        parsed = specs(">=1,<2,!=1.5")
        assert parsed[0] == spec(">=1")
        assert parsed[-1] == spec("!=1.5")
        assert parsed[1:] == specs("<2,!=1.5")
        assert spec("<2") in parsed
        assert spec("<3") not in parsed
        assert VersionSpecifiers([spec(">=1")]) == specs(">=1")

    def test_equality_ignores_order_and_duplicates(self) -> None:
        assert specs(">=1,<2") == specs("<2.0, >=1.0")
        assert specs(">=1,<2") == specs(">=1,<2,<2")
        assert hash(specs(">=1,<2")) == hash(specs("<2.0,>=1.0.0"))
        assert specs(">=1") != specs(">=1,<2")
        assert specs(">=1") != ">=1"

    def test_any_prerelease(self) -> None:
        assert specs(">=1.0a1").any_prerelease
        assert specs("<2,~=1.0.dev1").any_prerelease
        assert specs("===1.0rc1").any_prerelease
        assert not specs(">=1.0").any_prerelease
        assert not specs("!=1.0a1").any_prerelease
        assert not specs("===foo").any_prerelease
        assert not specs("").any_prerelease

    def test_filter_prefers_finals(self) -> None:
        versions = [v(text) for text in ["0.9", "1.0a1", "1.0", "1.1b1", "1.1", "2.0rc1"]]
        assert [str(x) for x in specs(">=1.0").filter(versions)] == ["1.0", "1.1"]
        assert [str(x) for x in specs(">=1.1a1").filter(versions)] == ["1.1b1", "1.1", "2.0rc1"]
        assert [str(x) for x in specs(">1.1").filter(versions)] == ["2.0rc1"]
        assert list(specs(">1.1").filter(versions, prereleases=False)) == []
        assert [str(x) for x in specs(">=1.0").filter(versions, prereleases=True)] == [
            "1.0",
            "1.1b1",
            "1.1",
            "2.0rc1",
        ]
        assert [str(x) for x in specs("").filter(versions)] == ["0.9", "1.0", "1.1"]
        assert [str(x) for x in specs("").filter(versions[1:2])] == ["1.0a1"]

    def test_filter_keeps_prereleases_after_final_out(self) -> None:
        versions = [v("1.0a1"), v("1.0"), v("1.1a1")]
        assert list(specs(">=0").filter(versions)) == [v("1.0")]
