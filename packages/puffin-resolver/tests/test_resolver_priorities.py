"""Priorities and conflict tracking: the order in which uv decides packages."""

from __future__ import annotations

from puffin_normalize import ExtraName, PackageName
from puffin_pep440 import VersionSpecifiers
from puffin_resolver import Package, Range
from puffin_resolver._priorities import CONFLICT_THRESHOLD, ConflictTracker, Priorities


def _package(name: str, extra: str | None = None) -> Package:
    return Package.base(PackageName.parse(name), None if extra is None else ExtraName.parse(extra))


def _range(text: str) -> Range:
    return Range.from_specifiers(VersionSpecifiers.parse(text))


def _order(priorities: Priorities, *packages: Package) -> list[str]:
    return [str(p) for p in sorted(packages, key=priorities.get, reverse=True)]


class TestPriorities:
    def test_first_met_first_decided(self) -> None:
        priorities = Priorities()
        a, b, c = _package("a"), _package("b"), _package("c")
        for package in (b, a, c):
            priorities.insert(package, Range.full(), url=False)
        assert _order(priorities, a, b, c) == ["b", "a", "c"]

    def test_exact_pins_and_urls_go_first(self) -> None:
        priorities = Priorities()
        a, b, c = _package("a"), _package("b"), _package("c")
        priorities.insert(a, Range.full(), url=False)
        priorities.insert(b, _range("==1.0"), url=False)
        priorities.insert(c, Range.full(), url=True)
        assert _order(priorities, a, b, c) == ["c", "b", "a"]
        # A wider range later does not move a pinned name back.
        priorities.insert(b, _range(">=1"), url=False)
        assert _order(priorities, a, b) == ["b", "a"]

    def test_packages_of_one_name_share_its_place(self) -> None:
        priorities = Priorities()
        a, b, b_x = _package("a"), _package("b"), _package("b", "x")
        proxy = Package.extra_proxy(PackageName.parse("b"), ExtraName.parse("x"), None)
        priorities.insert(proxy, Range.full(), url=False)
        priorities.insert(a, Range.full(), url=False)
        priorities.insert(b, _range("==1.0"), url=False)
        priorities.insert(b_x, _range("==1.0"), url=False)
        assert _order(priorities, a, b, b_x, proxy) == ["b[x]", "b", "b[x]", "a"]
        assert priorities.changed == [proxy, b]

    def test_root_first(self) -> None:
        priorities = Priorities()
        a = _package("a")
        priorities.insert(a, _range("==1"), url=True)
        assert priorities.get(Package.root()) > priorities.get(a)


class TestConflicts:
    def test_affected_move_up_and_culprits_back(self) -> None:
        priorities = Priorities()
        a, b, c = _package("a"), _package("b"), _package("c")
        for package in (a, b, c):
            priorities.insert(package, Range.full(), url=False)
        tracker = ConflictTracker()
        for _ in range(CONFLICT_THRESHOLD - 1):
            tracker.record(c, [c, a], c)
        assert tracker.reprioritize(priorities) == []
        tracker.record(c, [c, a], c)
        assert tracker.reprioritize(priorities) == [a]
        assert _order(priorities, a, b, c) == ["c", "a", "b"]

    def test_conflicts_between_namesakes_do_not_count(self) -> None:
        tracker = ConflictTracker()
        a, a_x = _package("a"), _package("a", "x")
        for _ in range(2 * CONFLICT_THRESHOLD):
            tracker.record(a, [a, a_x], a)
        assert tracker.reprioritize(Priorities()) == []
