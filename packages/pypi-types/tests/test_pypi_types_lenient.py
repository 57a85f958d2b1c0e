"""Tests of the repairs applied to malformed specifiers and requirements."""

from __future__ import annotations

import pytest

from puffin_pep440 import InvalidSpecifier
from puffin_pep508 import Pep508Error
from pypi_types._lenient import lenient_requirement, lenient_specifiers, repair_specifiers


class TestRepairSpecifiers:
    @pytest.mark.parametrize(
        ("broken", "repaired"),
        [
            (">=3.6.*", ">=3.6"),
            ("<=3.*", "<=3"),
            ("~=3.6.*", "~=3.6"),
            ("> 2.7.*", "> 2.7"),
            ("!=3.0*", "!=3.0.*"),
            ("==2.*", "==2.*"),
            ("!=~5.0", "!=5.0"),
            ("=>1.0", ">=1.0"),
            ("=<1.0", "<=1.0"),
            (">='2.7'", ">=2.7"),
            ('<"4"', "<4"),
            (">=7.2.0<8.0.0", ">=7.2.0,<8.0.0"),
            (">=2.7 <3", ">=2.7,<3"),
            (">=1.0.*, <2.*,", ">=1.0, <2"),
            (",>=3", ">=3"),
            (">=3,,<4", ">=3, <4"),
        ],
    )
    def test_repairs(self, broken: str, repaired: str) -> None:
        assert repair_specifiers(broken) == repaired

    @pytest.mark.parametrize("valid", [">=3.8", "==1.*", "!=3.0.*,<4", "===weird", "~=1.4.5"])
    def test_leaves_valid_text_alone(self, valid: str) -> None:
        assert repair_specifiers(valid) == valid


class TestLenientSpecifiers:
    def test_valid_text_is_not_reported(self) -> None:
        specifiers, repaired = lenient_specifiers(">=3.8, <4")
        assert str(specifiers) == ">=3.8,<4"
        assert repaired is None

    def test_repaired_text_is_reported(self) -> None:
        specifiers, repaired = lenient_specifiers(">=2.7,!=3.0*")
        assert str(specifiers) == ">=2.7,!=3.0.*"
        assert repaired == ">=2.7,!=3.0.*"

    @pytest.mark.parametrize("hopeless", ["3.6", "any", ">=", ">=3.6.*.*"])
    def test_unrepairable_raises_the_strict_error(self, hopeless: str) -> None:
        with pytest.raises(InvalidSpecifier) as info:
            lenient_specifiers(hopeless)
        assert info.value.text == hopeless


class TestLenientRequirement:
    @pytest.mark.parametrize(
        ("broken", "repaired"),
        [
            ("foo (>=1.0.*)", "foo (>=1.0)"),
            ("foo>=1.0.*", "foo >=1.0"),
            ("foo[bar,baz] >= 1.0.*", "foo[bar,baz] >= 1.0"),
            ("foo (>=2.7,!=3.0*) ; os_name == 'nt'", "foo (>=2.7,!=3.0.*); os_name == 'nt'"),
            ("foo >=1.0 <2;extra=='x'", "foo >=1.0,<2;extra=='x'"),
        ],
    )
    def test_repairs_the_version_part_only(self, broken: str, repaired: str) -> None:
        requirement, text = lenient_requirement(broken)
        assert text == repaired
        assert requirement.name == "foo"

    def test_valid_requirement_is_not_reported(self) -> None:
        requirement, repaired = lenient_requirement("foo>=1; python_version<'3.8'")
        assert repaired is None
        assert requirement.marker is not None

    @pytest.mark.parametrize(
        "hopeless",
        [
            "foo bar",
            "foo @ https://example.com/x.whl ; python_version >>> '3'",
            "foo ; python_version >>> '3'",
            "(>=1.0)",
            "foo[",
        ],
    )
    def test_unrepairable_raises_the_strict_error(self, hopeless: str) -> None:
        with pytest.raises(Pep508Error):
            lenient_requirement(hopeless)
