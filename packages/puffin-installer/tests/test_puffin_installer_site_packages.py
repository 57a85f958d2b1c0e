"""`SitePackages` on fake environments: lookups, duplicates, broken installs, checks."""

from __future__ import annotations

import time
from pathlib import Path

from puffin_installer import SEED_PACKAGES, DiagnosticKind, SitePackages
from puffin_installer_support import MARKERS, dist_info
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import Requirement


def _requirements(*texts: str) -> list[Requirement]:
    return [Requirement.parse(text) for text in texts]


class TestScan:
    def test_reads_names_versions_and_direct_urls(self, tmp_path: Path) -> None:
        dist_info(tmp_path, "Foo_Bar", "1.0")
        url = {"url": "https://example.com/baz-2.0-py3-none-any.whl", "archive_info": {}}
        dist_info(tmp_path, "baz", "2.0", direct_url=url)
        site = SitePackages.from_paths([tmp_path])
        assert [str(dist) for dist in site] == [
            "baz @ https://example.com/baz-2.0-py3-none-any.whl",
            "foo-bar==1.0",
        ]
        assert site.names() == ["baz", "foo-bar"]
        assert "foo-bar" in site and len(site) == 2
        found = site.get("FOO.bar")
        assert found is not None and found.version == Version.parse("1.0")
        assert site.get("nothing") is None and site.get_all("nothing") == ()

    def test_missing_directory_is_empty(self, tmp_path: Path) -> None:
        assert len(SitePackages.from_paths([tmp_path / "nowhere"])) == 0

    def test_same_directory_twice_is_read_once(self, tmp_path: Path) -> None:
        dist_info(tmp_path, "foo", "1.0")
        (tmp_path.parent / f"{tmp_path.name}-link").symlink_to(tmp_path)
        site = SitePackages.from_paths([tmp_path, tmp_path.parent / f"{tmp_path.name}-link"])
        assert len(site) == 1 and site.duplicates() == {}

    def test_duplicates(self, tmp_path: Path) -> None:
        dist_info(tmp_path / "purelib", "foo", "1.0")
        dist_info(tmp_path / "platlib", "foo", "2.0")
        site = SitePackages.from_paths([tmp_path / "purelib", tmp_path / "platlib"])
        assert [str(d) for d in site.duplicates()[PackageName.parse("foo")]] == [
            "foo==1.0",
            "foo==2.0",
        ]

    def test_unreadable_dist_info_is_kept_apart(self, tmp_path: Path) -> None:
        (tmp_path / "broken-1.0.dist-info").mkdir()
        dist_info(tmp_path, "good", "1.0")
        site = SitePackages.from_paths([tmp_path])
        assert site.names() == ["good"]
        assert [error.reason for error in site.invalid] == ["no METADATA file"]

    def test_missing_record_is_incomplete(self, tmp_path: Path) -> None:
        dist_info(tmp_path, "foo", "1.0", record=False)
        dist_info(tmp_path, "bar", "1.0")
        site = SitePackages.from_paths([tmp_path])
        assert [site.is_complete(dist) for dist in site] == [True, False]

    def test_preserved_seed_packages(self, tmp_path: Path) -> None:
        assert SitePackages.from_paths([tmp_path]).preserved == SEED_PACKAGES
        assert SitePackages.from_paths([tmp_path], created_by_puffin=True).preserved == set()

    def test_five_hundred_distributions_are_read_fast(self, tmp_path: Path) -> None:
        for number in range(500):
            dist_info(tmp_path, f"package-{number}", f"1.{number}")
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            site = SitePackages.from_paths([tmp_path])
            best = min(best, time.perf_counter() - started)
        assert len(site) == 500
        # About 12 ms on the development machine; the bound leaves room for a busy one.
        assert best < 0.25, best


class TestSatisfies:
    def test_direct_and_transitive(self, tmp_path: Path) -> None:
        dist_info(tmp_path, "app", "1.0", requires=["lib>=2", "win ; sys_platform == 'win32'"])
        dist_info(tmp_path, "lib", "2.5")
        site = SitePackages.from_paths([tmp_path])
        assert site.satisfies(_requirements("app"), MARKERS)
        assert site.satisfies(_requirements("app==1.0", "lib<3"), MARKERS)
        assert not site.satisfies(_requirements("app>1"), MARKERS)
        assert not site.satisfies(_requirements("missing"), MARKERS)
        assert site.satisfies(_requirements("missing ; sys_platform == 'win32'"), MARKERS)

    def test_unsatisfied_dependency(self, tmp_path: Path) -> None:
        dist_info(tmp_path, "app", "1.0", requires=["lib>=3"])
        dist_info(tmp_path, "lib", "2.5")
        assert not SitePackages.from_paths([tmp_path]).satisfies(_requirements("app"), MARKERS)

    def test_extras_pull_their_dependencies(self, tmp_path: Path) -> None:
        dist_info(tmp_path, "app", "1.0", requires=["extra-lib ; extra == 'more'"])
        site = SitePackages.from_paths([tmp_path])
        assert site.satisfies(_requirements("app"), MARKERS)
        assert not site.satisfies(_requirements("app[more]"), MARKERS)

    def test_url_requirement(self, tmp_path: Path) -> None:
        url = "https://example.com/app-1.0-py3-none-any.whl"
        dist_info(tmp_path, "app", "1.0", direct_url={"url": url, "archive_info": {}})
        site = SitePackages.from_paths([tmp_path])
        assert site.satisfies(_requirements(f"app @ {url}"), MARKERS)
        assert not site.satisfies(_requirements("app @ https://example.com/other.whl"), MARKERS)


class TestDiagnostics:
    def test_healthy_environment(self, tmp_path: Path) -> None:
        dist_info(tmp_path, "app", "1.0", requires=["lib>=2"])
        dist_info(tmp_path, "lib", "2.5")
        assert SitePackages.from_paths([tmp_path]).diagnostics(MARKERS) == []

    def test_every_kind(self, tmp_path: Path) -> None:
        dist_info(tmp_path, "app", "1.0", requires=["lib>=3", "gone", "win ; os_name == 'nt'"])
        dist_info(tmp_path, "lib", "2.5", requires_python=">=3.12")
        dist_info(tmp_path / "other", "lib", "2.6")
        dist_info(tmp_path, "half", "1.0", record=False)
        (tmp_path / "junk-1.0.dist-info").mkdir()
        site = SitePackages.from_paths([tmp_path, tmp_path / "other"])
        found = {
            (d.kind, d.package): d.message
            for d in site.diagnostics(MARKERS, Version.parse("3.11.7"))
        }
        assert found[(DiagnosticKind.MISSING_DEPENDENCY, "app")] == (
            "app==1.0 requires gone, but gone is not installed"
        )
        assert found[(DiagnosticKind.INCOMPATIBLE_DEPENDENCY, "app")] == (
            "app==1.0 requires lib>=3, but lib==2.5 is installed"
        )
        assert found[(DiagnosticKind.INCOMPATIBLE_PYTHON, "lib")] == (
            "lib==2.5 requires Python >=3.12, but Python 3.11.7 is installed"
        )
        assert found[(DiagnosticKind.DUPLICATE, "lib")].startswith(
            "lib is installed more than once"
        )
        assert found[(DiagnosticKind.INCOMPLETE, "half")].startswith("half==1.0 has no RECORD")
        invalid = [d for d in site.diagnostics(MARKERS) if d.kind is DiagnosticKind.INVALID]
        assert len(invalid) == 1 and "no METADATA file" in invalid[0].message
