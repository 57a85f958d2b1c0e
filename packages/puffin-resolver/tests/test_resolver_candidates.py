"""CandidateSelector: preferences, pre-release modes and resolution strategies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from distribution_types import IndexUrl
from puffin_normalize import PackageName
from puffin_pep440 import Version, VersionSpecifiers
from puffin_pep508 import Requirement
from puffin_resolver import (
    BuildOptions,
    CandidateSelector,
    DistPolicy,
    Manifest,
    PrereleaseMode,
    Range,
    ResolutionMode,
    ResolveOptions,
    SourcedRequirement,
    VersionMap,
)
from puffin_resolver_setup import LINUX, TAGS
from pypi_types import File

FOO = PackageName.parse("foo")
VERSIONS = ("1.0", "1.1", "2.0a1", "2.0", "2.1rc1")


def _versions(*texts: str) -> VersionMap:
    files = [
        File(f"foo-{text}-py3-none-any.whl", f"https://example.com/{text}.whl") for text in texts
    ]
    index = IndexUrl("https://example.com/simple/")
    return VersionMap(
        FOO, [(files, index, False)], DistPolicy(TAGS, Version.parse("3.11"), BuildOptions())
    )


def _range(text: str) -> Range:
    return Range.from_specifiers(VersionSpecifiers.parse(text))


def _selector(
    requirements: tuple[str, ...] = (),
    *,
    prerelease: PrereleaseMode = PrereleaseMode.IF_NECESSARY_OR_EXPLICIT,
    resolution: ResolutionMode = ResolutionMode.HIGHEST,
    preferences: tuple[str, ...] = (),
    upgrade: bool = False,
) -> CandidateSelector:
    manifest = Manifest(
        tuple(SourcedRequirement(Requirement.parse(r)) for r in requirements),
        preferences=tuple(Requirement.parse(p) for p in preferences),
        upgrade=upgrade,
    )
    options = ResolveOptions(resolution, prerelease, datetime(2026, 1, 1, tzinfo=UTC))
    return CandidateSelector(manifest, options, LINUX)


def _pick(selector: CandidateSelector, range: str = "", versions: VersionMap | None = None) -> str:
    found = selector.select(FOO, _range(range), versions or _versions(*VERSIONS))
    return "None" if found is None else str(found)


class TestPrereleases:
    @pytest.mark.parametrize(
        ("mode", "range", "expected"),
        [
            (PrereleaseMode.IF_NECESSARY, "", "2.0"),
            (PrereleaseMode.IF_NECESSARY, ">2.0", "2.1rc1"),
            (PrereleaseMode.IF_NECESSARY_OR_EXPLICIT, ">2.0", "2.1rc1"),
            (PrereleaseMode.ALLOW, "", "2.1rc1"),
            (PrereleaseMode.DISALLOW, ">2.0", "None"),
            (PrereleaseMode.EXPLICIT, ">2.0", "None"),
        ],
    )
    def test_modes(self, mode: PrereleaseMode, range: str, expected: str) -> None:
        assert _pick(_selector(prerelease=mode), range) == expected

    def test_explicit_first_party_specifier(self) -> None:
        selector = _selector(("foo>=2.0a1",), prerelease=PrereleaseMode.EXPLICIT)
        assert _pick(selector, ">2.0") == "2.1rc1"
        assert _pick(selector, "") == "2.0"
        negative = _selector(("foo!=2.0a1",), prerelease=PrereleaseMode.EXPLICIT)
        assert _pick(negative, ">2.0") == "None"


class TestStrategies:
    def test_lowest(self) -> None:
        assert _pick(_selector(resolution=ResolutionMode.LOWEST), ">=1.1") == "1.1"

    def test_lowest_direct_only_for_direct_requirements(self) -> None:
        selector = _selector(("foo",), resolution=ResolutionMode.LOWEST_DIRECT)
        assert selector.use_highest(PackageName.parse("bar"))
        assert _pick(selector) == "1.0"


class TestPreferences:
    def test_a_preference_in_range_wins(self) -> None:
        assert _pick(_selector(preferences=("foo==1.1",))) == "1.1"

    def test_out_of_range_or_unknown_preferences_are_ignored(self) -> None:
        assert _pick(_selector(preferences=("foo==1.1",)), ">=2") == "2.0"
        assert _pick(_selector(preferences=("foo==1.5",))) == "2.0"
        assert _pick(_selector(preferences=("foo>=1.1",))) == "2.0"

    def test_upgrade_drops_preferences(self) -> None:
        assert _pick(_selector(preferences=("foo==1.1",), upgrade=True)) == "2.0"

    def test_a_preferred_prerelease_stays_unless_disallowed(self) -> None:
        assert _pick(_selector(preferences=("foo==2.0a1",))) == "2.0a1"
        disallow = _selector(preferences=("foo==2.0a1",), prerelease=PrereleaseMode.DISALLOW)
        assert _pick(disallow) == "2.0"
