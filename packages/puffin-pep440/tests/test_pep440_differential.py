"""Differential tests against packaging, the reference, on real-world strings.

The corpus (tests/data) holds version and specifier strings gathered from
real package metadata, some of them invalid. Every behaviour is compared with
packaging's on all of them, except ``contains``/``filter``, which use a fixed,
deterministic sample of candidate versions per specifier set.
"""

from __future__ import annotations

import contextlib
import functools
import random
from pathlib import Path

import pytest
from packaging.specifiers import InvalidSpecifier as PackagingInvalidSpecifier
from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import InvalidVersion as PackagingInvalidVersion
from packaging.version import Version as PackagingVersion

from puffin_pep440 import InvalidSpecifier, InvalidVersion, Version, VersionSpecifiers

DATA = Path(__file__).parent / "data"
PRERELEASE_MODES = (None, True, False)


@functools.cache
def version_lines() -> tuple[str, ...]:
    return tuple(DATA.joinpath("versions.txt").read_text(encoding="utf-8").splitlines())


@functools.cache
def specifier_lines() -> tuple[str, ...]:
    return tuple(DATA.joinpath("specifiers.txt").read_text(encoding="utf-8").splitlines())


@functools.cache
def valid_versions() -> tuple[tuple[PackagingVersion, Version], ...]:
    pairs = []
    for line in version_lines():
        with contextlib.suppress(PackagingInvalidVersion):
            pairs.append((PackagingVersion(line), Version.parse(line)))
    return tuple(pairs)


def _packaging_version(text: str) -> PackagingVersion | None:
    try:
        return PackagingVersion(text)
    except PackagingInvalidVersion:
        return None


def _ours(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except InvalidVersion:
        return None


def _neighbours(version: Version) -> list[str]:
    """Versions at the edges that the operators treat specially."""
    base = ".".join(map(str, version.release))
    public = str(version.without_local())
    bumped = ".".join(map(str, (*version.release[:-1], version.release[-1] + 1)))
    return [
        public,
        f"{public}+local.7",
        f"{base}.dev0",
        f"{base}a1",
        f"{base}rc1.post1",
        f"{base}.post1",
        f"{base}.post1.dev0",
        f"{base}.0.1",
        f"{bumped}.dev0",
        f"{bumped}",
        f"{bumped}b2",
    ]


class TestVersionsAgainstPackaging:
    def test_corpus_is_large(self) -> None:
        assert len(version_lines()) >= 10_000
        assert len(valid_versions()) < len(version_lines())  # some are invalid

    def test_validity_and_normal_form(self) -> None:
        disagreements = []
        for line in version_lines():
            theirs, ours = _packaging_version(line), _ours(line)
            if (theirs is None) != (ours is None) or str(theirs) != str(ours):
                disagreements.append((line, str(theirs), str(ours)))
        assert disagreements == []

    def test_round_trip(self) -> None:
        for _, ours in valid_versions():
            again = Version.parse(str(ours))
            assert again == ours
            assert str(again) == str(ours)

    def test_parts(self) -> None:
        for theirs, ours in valid_versions():
            local = None if ours.local is None else ".".join(map(str, ours.local))
            assert (ours.epoch, ours.release, ours.pre, ours.post, ours.dev, local) == (
                theirs.epoch,
                theirs.release,
                theirs.pre,
                theirs.post,
                theirs.dev,
                theirs.local,
            )
            assert ours.is_prerelease == theirs.is_prerelease
            assert ours.is_postrelease == theirs.is_postrelease
            assert ours.is_devrelease == theirs.is_devrelease
            assert str(ours.base_version()) == theirs.base_version
            assert str(ours.without_local()) == theirs.public

    def test_sorted_order(self) -> None:
        pairs = valid_versions()
        by_theirs = [str(ours) for _, ours in sorted(pairs, key=lambda pair: pair[0])]
        by_ours = [str(ours) for _, ours in sorted(pairs, key=lambda pair: pair[1])]
        assert by_ours == by_theirs

    def test_pairwise_comparisons(self) -> None:
        pairs = valid_versions()
        rng = random.Random(440)
        for _ in range(20_000):
            (theirs_a, ours_a), (theirs_b, ours_b) = rng.sample(pairs, 2)
            assert (ours_a < ours_b) == (theirs_a < theirs_b)
            assert (ours_a == ours_b) == (theirs_a == theirs_b)
            if ours_a == ours_b:
                assert hash(ours_a) == hash(ours_b)

    def test_equal_spellings(self) -> None:
        # Versions that only differ in spelling or trailing zeros.
        groups: dict[PackagingVersion, set[Version]] = {}
        for theirs, ours in valid_versions():
            groups.setdefault(theirs, set()).add(ours)
        assert all(len(group) == 1 for group in groups.values())


class TestSpecifiersAgainstPackaging:
    def test_corpus_is_large(self) -> None:
        assert len(specifier_lines()) >= 2_000

    def test_validity(self) -> None:
        disagreements = []
        for line in specifier_lines():
            try:
                SpecifierSet(line)
                theirs = True
            except PackagingInvalidSpecifier:
                theirs = False
            try:
                VersionSpecifiers.parse(line)
                ours = True
            except InvalidSpecifier:
                ours = False
            if theirs != ours:
                disagreements.append(line)
        assert disagreements == []

    @pytest.mark.parametrize(
        "mutate",
        [
            lambda line: line.replace(">=", "=>"),
            lambda line: line.replace(",", " "),
            lambda line: line + ".*",
            lambda line: line.replace("=", "~=", 1),
            lambda line: line + "+local",
            lambda line: line.replace(".", "..", 1),
            lambda line: "~=" + line.lstrip("=!<>~"),
        ],
    )
    def test_validity_of_broken_variants(self, mutate: object) -> None:
        assert callable(mutate)
        for line in specifier_lines()[::5]:
            text = mutate(line)
            assert isinstance(text, str)
            try:
                SpecifierSet(text)
                theirs = True
            except PackagingInvalidSpecifier:
                theirs = False
            try:
                VersionSpecifiers.parse(text)
                ours = True
            except InvalidSpecifier as error:
                assert 0 <= error.start <= len(text)
                ours = False
            assert theirs == ours, text

    def test_string_form_round_trips(self) -> None:
        for line in specifier_lines():
            ours = VersionSpecifiers.parse(line)
            assert SpecifierSet(str(ours)) == SpecifierSet(line), line
            assert VersionSpecifiers.parse(str(ours)) == ours

    def test_contains_and_filter(self) -> None:
        rng = random.Random(508)
        pool = [str(ours) for _, ours in valid_versions()]
        for line in specifier_lines():
            ours = VersionSpecifiers.parse(line)
            theirs = SpecifierSet(line)
            their_specs = [Specifier(item) for item in line.split(",") if item.strip()]
            texts = rng.sample(pool, 8)
            for spec in ours:
                if spec.arbitrary is None:
                    texts += _neighbours(spec.version)
            candidates = [(PackagingVersion(text), Version.parse(text)) for text in texts]
            for mode in PRERELEASE_MODES:
                for their_version, our_version in candidates:
                    expected = theirs.contains(their_version, prereleases=mode)
                    assert ours.contains(our_version, prereleases=mode) == expected, (
                        line,
                        str(our_version),
                        mode,
                    )
                    for our_spec, their_spec in zip(ours, their_specs, strict=True):
                        assert our_spec.contains(our_version, prereleases=mode) == (
                            their_spec.contains(their_version, prereleases=mode)
                        ), (str(our_spec), str(our_version), mode)
                filtered = theirs.filter([pair[0] for pair in candidates], prereleases=mode)
                kept = ours.filter([pair[1] for pair in candidates], prereleases=mode)
                assert [str(v) for v in kept] == [str(v) for v in filtered], (line, mode)
