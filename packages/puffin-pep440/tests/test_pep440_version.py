"""Tests of Version: parsing, normalization, ordering, accessors."""

from __future__ import annotations

import copy
import itertools
import pickle
import random

import pytest

from puffin_pep440 import InvalidVersion, Pep440Error, Version


def v(text: str) -> Version:
    return Version.parse(text)


class TestParse:
    @pytest.mark.parametrize(
        ("raw", "normalized"),
        [
            ("1", "1"),
            ("1.0", "1.0"),
            ("1.0.0", "1.0.0"),
            ("01.002.0003", "1.2.3"),
            ("v1.0", "1.0"),
            ("V1.0", "1.0"),
            ("  1.0\t\n", "1.0"),
            ("\u00a01.0\u2003", "1.0"),
            ("0!1.0", "1.0"),
            ("1!1.0", "1!1.0"),
            ("01!1.0", "1!1.0"),
            # pre-releases: every spelling, separator and case
            ("1.0a1", "1.0a1"),
            ("1.0.a1", "1.0a1"),
            ("1.0-a1", "1.0a1"),
            ("1.0_a1", "1.0a1"),
            ("1.0a.1", "1.0a1"),
            ("1.0a-1", "1.0a1"),
            ("1.0alpha1", "1.0a1"),
            ("1.0ALPHA1", "1.0a1"),
            ("1.0b2", "1.0b2"),
            ("1.0beta2", "1.0b2"),
            ("1.0c3", "1.0rc3"),
            ("1.0rc3", "1.0rc3"),
            ("1.0pre3", "1.0rc3"),
            ("1.0preview3", "1.0rc3"),
            ("1.0-Preview_3", "1.0rc3"),
            ("1.0a", "1.0a0"),
            ("1.0a.", "1.0a0"),
            ("1.0a-", "1.0a0"),
            # post-releases
            ("1.0.post1", "1.0.post1"),
            ("1.0post1", "1.0.post1"),
            ("1.0-post1", "1.0.post1"),
            ("1.0_post_1", "1.0.post1"),
            ("1.0.post", "1.0.post0"),
            ("1.0.rev1", "1.0.post1"),
            ("1.0r1", "1.0.post1"),
            ("1.0-1", "1.0.post1"),
            ("1.0a1-1", "1.0a1.post1"),
            # dev-releases
            ("1.0.dev1", "1.0.dev1"),
            ("1.0dev1", "1.0.dev1"),
            ("1.0-dev", "1.0.dev0"),
            ("1.0_DEV_2", "1.0.dev2"),
            ("1.0a1.post2.dev3", "1.0a1.post2.dev3"),
            # local labels
            ("1.0+abc", "1.0+abc"),
            ("1.0+ABC-01_x.5", "1.0+abc.1.x.5"),
            ("1.0+01", "1.0+1"),
            ("1!2.0rc1.post2.dev3+u.4", "1!2.0rc1.post2.dev3+u.4"),
            # numbers of any size
            ("20230628214621", "20230628214621"),
            ("1.0.99999999999999999999999999", "1.0.99999999999999999999999999"),
        ],
    )
    def test_normalizes(self, raw: str, normalized: str) -> None:
        assert str(v(raw)) == normalized
        assert v(normalized) == v(raw)

    def test_parts(self) -> None:
        version = v("3!1.2.3rc4.post5.dev6+ubuntu.7")
        assert version.epoch == 3
        assert version.release == (1, 2, 3)
        assert version.pre == ("rc", 4)
        assert version.post == 5
        assert version.dev == 6
        assert version.local == ("ubuntu", 7)
        assert (version.major, version.minor, version.micro) == (1, 2, 3)

    def test_plain_parts(self) -> None:
        version = v("7")
        assert (version.epoch, version.pre, version.post, version.dev, version.local) == (
            0,
            None,
            None,
            None,
            None,
        )
        assert (version.major, version.minor, version.micro) == (7, 0, 0)

    def test_huge_numbers_are_exact(self) -> None:
        big = 2**80 + 1
        version = v(f"1.{big}.post{big}")
        assert version.release == (1, big)
        assert version.post == big
        assert v(f"1.{big}") < v(f"1.{big + 1}")

    @pytest.mark.parametrize(
        "raw",
        [
            "",
            " ",
            "foo",
            "1.0foo",
            "1..0",
            ".1",
            "1.",
            "1.0-",
            "1.0+",
            "1.0+a..b",
            "1.0+a+b",
            "1!2!3",
            "1.0 a1",
            "1.0.dev1.post1",
            "1.0.post1a1",
            "v",
            "vv1.0",
            "1.0.po\u017ft1",
            "\u0661.\u0660",
            "1.*",
        ],
    )
    def test_rejects(self, raw: str) -> None:
        with pytest.raises(InvalidVersion) as info:
            v(raw)
        assert isinstance(info.value, Pep440Error)
        assert isinstance(info.value, ValueError)
        assert info.value.text == raw

    def test_rejects_non_strings(self) -> None:
        with pytest.raises(TypeError):
            Version.parse(1.0)  # type: ignore[arg-type]

    def test_parse_caches_equal_strings(self) -> None:
        assert v("1.2.3") is v("1.2.3")


class TestOrdering:
    # The examples of PEP 440's "Summary of permitted suffixes and relative ordering".
    CHAIN = (
        "1.dev0",
        "1.0.dev456",
        "1.0a1",
        "1.0a2.dev456",
        "1.0a12.dev456",
        "1.0a12",
        "1.0b1.dev456",
        "1.0b2",
        "1.0b2.post345.dev456",
        "1.0b2.post345",
        "1.0rc1.dev456",
        "1.0rc1",
        "1.0",
        "1.0+abc.5",
        "1.0+abc.7",
        "1.0+5",
        "1.0.post456.dev34",
        "1.0.post456",
        "1.0.15",
        "1.1.dev1",
        "1!0.1",
    )

    def test_pep440_chain(self) -> None:
        versions = [v(text) for text in self.CHAIN]
        for lower, higher in itertools.pairwise(versions):
            assert lower < higher
            assert higher > lower
            assert lower <= higher
            assert higher >= lower
            assert lower != higher

    def test_sort_shuffled(self) -> None:
        versions = [v(text) for text in self.CHAIN]
        shuffled = versions[:]
        random.Random(3).shuffle(shuffled)
        assert sorted(shuffled) == versions

    def test_min_is_lowest(self) -> None:
        assert all(v(text) > Version.MIN for text in self.CHAIN)
        assert v("0.dev0") == Version.MIN
        assert Version.MIN < v("0a0.dev0") < v("0")

    @pytest.mark.parametrize(
        ("left", "right"),
        [
            ("1.0", "1"),
            ("1.0.0", "1"),
            ("1.0.0+abc", "1+abc"),
            ("0", "0.0.0"),
            ("1.0a", "1.0a0"),
            ("1.0-1", "1.0.post1"),
            ("1.0+01", "1.0+1"),
            ("1.0+A", "1.0+a"),
            ("1.0+a-b", "1.0+a.b"),
            ("0!1.0", "1.0"),
        ],
    )
    def test_equal_spellings_hash_alike(self, left: str, right: str) -> None:
        assert v(left) == v(right)
        assert hash(v(left)) == hash(v(right))
        assert len({v(left), v(right)}) == 1

    @pytest.mark.parametrize(
        ("lower", "higher"),
        [
            ("1.0+abc", "1.0+abc.0"),
            ("1.0+zzz", "1.0+0"),
            ("1.0+2", "1.0+10"),
            ("1.0+abc", "1.0+abd"),
            ("1.0+a.b", "1.0+a.1"),
            ("1.0.dev1", "1.0a1.dev1"),
            ("1.0a1.post1", "1.0b1.dev1"),
            ("1.0.post1.dev1", "1.0.post1"),
            ("1.0+abc", "1.0.post0.dev0"),
            ("99.99", "1!0"),
        ],
    )
    def test_order(self, lower: str, higher: str) -> None:
        assert v(lower) < v(higher)
        assert v(lower) != v(higher)

    def test_other_types_are_not_comparable(self) -> None:
        assert v("1.0") != "1.0"
        with pytest.raises(TypeError):
            assert v("1.0") < "2.0"  # type: ignore[operator]


class TestAccessors:
    @pytest.mark.parametrize(
        ("text", "pre", "dev", "post", "local"),
        [
            ("1.0", False, False, False, False),
            ("1.0a1", True, False, False, False),
            ("1.0.dev1", True, True, False, False),
            ("1.0.post1", False, False, True, False),
            ("1.0.post1.dev1", True, True, True, False),
            ("1.0+x", False, False, False, True),
        ],
    )
    def test_flags(self, text: str, pre: bool, dev: bool, post: bool, local: bool) -> None:
        version = v(text)
        assert version.is_prerelease is pre
        assert version.is_devrelease is dev
        assert version.is_postrelease is post
        assert version.is_local is local

    def test_base_version(self) -> None:
        assert v("1!2.0.0rc1.post1.dev1+abc").base_version() == v("1!2.0.0")
        assert str(v("2.0.0rc1").base_version()) == "2.0.0"
        plain = v("1.0")
        assert plain.base_version() is plain

    def test_without_local(self) -> None:
        assert str(v("1.0rc1+abc").without_local()) == "1.0rc1"
        plain = v("1.0")
        assert plain.without_local() is plain

    def test_repr(self) -> None:
        assert repr(v("1.0")) == "<Version('1.0')>"
        assert repr(v("1.0-ALPHA")) == "<Version('1.0a0')>"


class TestConstruction:
    def test_from_release(self) -> None:
        assert Version.from_release(1, 2, 3) == v("1.2.3")

    def test_from_parts(self) -> None:
        version = Version((1, 0), epoch=2, pre=("preview", 1), post=3, dev=4, local="Abc-5")
        assert str(version) == "2!1.0rc1.post3.dev4+abc.5"
        assert version == v(str(version))
        assert Version([1], local=("x", 1)).local == ("x", 1)

    def test_replace(self) -> None:
        assert str(v("1.0rc1+x").replace(pre=None, local=None, dev=2)) == "1.0.dev2"
        assert str(v("1.0").replace(release=(2, 1), epoch=1)) == "1!2.1"

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"release": ()},
            {"release": (-1,)},
            {"release": (True,)},
            {"release": (1,), "epoch": -1},
            {"release": (1,), "pre": ("x", 1)},
            {"release": (1,), "pre": ("a", -1)},
            {"release": (1,), "post": -1},
            {"release": (1,), "dev": -1},
            {"release": (1,), "local": "a..b"},
            {"release": (1,), "local": ""},
            {"release": (1,), "local": (-1,)},
        ],
    )
    def test_rejects_bad_parts(self, kwargs: dict[str, object]) -> None:
        with pytest.raises(ValueError):
            Version(**kwargs)  # type: ignore[arg-type]

    def test_string_release_points_to_parse(self) -> None:
        with pytest.raises(TypeError, match=r"Version\.parse"):
            Version("1.0")  # type: ignore[arg-type]

    def test_pickle_and_copy(self) -> None:
        version = v("1!2.0rc1+abc")
        assert pickle.loads(pickle.dumps(version)) == version
        assert copy.copy(version) is version
        assert copy.deepcopy(version) is version

    def test_immutable(self) -> None:
        version = v("1.0")
        with pytest.raises(AttributeError):
            version.epoch = 2  # type: ignore[misc]
        with pytest.raises(AttributeError):
            version.other = 2  # type: ignore[attr-defined]
