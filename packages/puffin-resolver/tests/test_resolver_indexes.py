"""Resolver over a loopback index: what uv 0.13 pins for the same registry and inputs."""

from __future__ import annotations

import asyncio
import gc
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from puffin_normalize import PackageName
from puffin_resolver import (
    BuildOptions,
    DistributionFailed,
    NoSolution,
    PackageFetchError,
    PrereleaseMode,
    ResolutionMode,
    ResolveOptions,
    UrlRequirementError,
)
from puffin_resolver_index import Registry, RegistryFile, metadata_text, sdist_bytes
from puffin_resolver_setup import compile_pins, resolve_graph


class TestBasics:
    def test_highest_versions_transitively(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ["b>=1"])
        registry.add("a", "2.0", ["b>=2", "c"])
        registry.add("b", "1.0")
        registry.add("b", "2.0")
        registry.add("b", "3.0")
        registry.add("c", "0.1")
        pins = compile_pins(registry, "a", cache=tmp_path / "cache")
        assert pins == ["a==2.0", "b==3.0", "c==0.1"]

    def test_backtracks(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ["b<2"])
        registry.add("a", "2.0", ["b>=2"])
        registry.add("b", "1.0")
        registry.add("b", "2.0")
        pins = compile_pins(registry, ["a", "b<2"], cache=tmp_path / "cache")
        assert pins == ["a==1.0", "b==1.0"]

    def test_markers_of_the_target(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ['b; python_version < "3.12"', 'c; python_version >= "3.12"'])
        registry.add("b", "1.0")
        registry.add("c", "1.0")
        assert compile_pins(registry, "a", cache=tmp_path / "c1") == ["a==1.0", "b==1.0"]
        pins = compile_pins(registry, "a", cache=tmp_path / "c2", python="3.12")
        assert pins == ["a==1.0", "c==1.0"]

    def test_requirements_with_false_markers_are_ignored(
        self, registry: Registry, tmp_path: Path
    ) -> None:
        registry.add("a", "1.0")
        pins = compile_pins(registry, ["a", 'missing; os_name == "nt"'], cache=tmp_path / "c")
        assert pins == ["a==1.0"]

    def test_reporter_hears_every_package(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ["b"])
        registry.add("b", "1.0")
        heard: list[tuple[str, str]] = []
        completed: list[bool] = []

        class Reporter:
            def on_progress(self, name: str, version: str) -> None:
                heard.append((name, version))

            def on_complete(self) -> None:
                completed.append(True)

        resolve_graph(registry, "a", cache=tmp_path / "c", reporter=Reporter())
        assert sorted(heard) == [("a", "1.0"), ("b", "1.0")]
        assert completed == [True]

    def test_warm_cache_makes_no_request(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ["b"])
        registry.add("b", "1.0")
        compile_pins(registry, "a", cache=tmp_path / "c")
        before = sum(registry.requests.values())
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0", "b==1.0"]
        assert sum(registry.requests.values()) == before

    def test_resolves_from_another_thread_twice(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0")
        found: list[list[str]] = []
        worker = threading.Thread(
            target=lambda: found.append(compile_pins(registry, "a", cache=tmp_path / "c"))
        )
        worker.start()
        worker.join()
        assert found == [["a==1.0"]]
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0"]

    def test_garbage_collector_state_is_restored(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0")
        assert gc.isenabled()
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0"]
        assert gc.isenabled()
        gc.disable()
        try:
            assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0"]
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_resolves_inside_a_running_event_loop(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ["b"])
        registry.add("b", "1.0")

        async def resolve_in_coroutine() -> list[str]:
            # As a build resolving its requirements would, from the database's loop.
            return compile_pins(registry, "a", cache=tmp_path / "c")

        assert asyncio.run(resolve_in_coroutine()) == ["a==1.0", "b==1.0"]
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0", "b==1.0"]


class TestExtras:
    def test_extra_adds_its_requirements(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ['b; extra == "x"', "c"], extras=["x"])
        registry.add("b", "1.0")
        registry.add("c", "1.0")
        pins = compile_pins(registry, "a[x]", cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==1.0", "c==1.0"]
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0", "c==1.0"]

    def test_extra_and_base_share_one_version(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ['b; extra == "x"'], extras=["x"])
        registry.add("a", "2.0", ['b>=9; extra == "x"'], extras=["x"])
        registry.add("b", "1.0")
        assert compile_pins(registry, ["a[x]", "a"], cache=tmp_path / "c") == ["a==1.0", "b==1.0"]

    def test_self_referencing_extras(self, registry: Registry, tmp_path: Path) -> None:
        registry.add(
            "a",
            "1.0",
            ['a[x,y]; extra == "all"', 'b; extra == "x"', 'c; extra == "y"'],
            extras=["all", "x", "y"],
        )
        registry.add("b", "1.0")
        registry.add("c", "1.0")
        pins = compile_pins(registry, "a[all]", cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==1.0", "c==1.0"]


class TestConstraintsAndOverrides:
    def test_constraints_narrow_but_add_nothing(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ["b"])
        registry.add("b", "1.0")
        registry.add("b", "2.0")
        pins = compile_pins(registry, "a", constraints=["b<2", "c==1"], cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==1.0"]

    def test_overrides_replace_transitive_requirements(
        self, registry: Registry, tmp_path: Path
    ) -> None:
        registry.add("a", "1.0", ["b<2"])
        registry.add("b", "1.0")
        registry.add("b", "3.0")
        pins = compile_pins(registry, "a", overrides=["b>=3"], cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==3.0"]

    def test_an_override_drops_the_marker_it_replaces(
        self, registry: Registry, tmp_path: Path
    ) -> None:
        registry.add("a", "1.0", ['b; python_version < "3.0"'])
        registry.add("b", "1.0")
        pins = compile_pins(registry, "a", overrides=["b==1.0"], cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==1.0"]

    def test_an_override_of_an_optional_requirement_stays_optional(
        self, registry: Registry, tmp_path: Path
    ) -> None:
        registry.add("a", "1.0", ['b; extra == "x"'], extras=["x"])
        registry.add("b", "1.0")
        pins = compile_pins(registry, "a", overrides=["b==1.0"], cache=tmp_path / "c")
        assert pins == ["a==1.0"]


class TestFiles:
    def test_exclude_newer_and_missing_upload_times(
        self, registry: Registry, tmp_path: Path
    ) -> None:
        registry.add("a", "1.0", upload_time="2024-01-01T00:00:00Z")
        registry.add("a", "2.0", upload_time="2025-06-01T00:00:00Z")
        registry.add("a", "1.5", upload_time=None)
        cutoff = datetime(2025, 1, 1, tzinfo=UTC)
        options = ResolveOptions(exclude_newer=cutoff)
        pins = compile_pins(registry, "a", options=options, cache=tmp_path / "c")
        assert pins == ["a==1.0"]
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==2.0"]

    def test_yanked_only_when_pinned(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0")
        registry.add("a", "2.0", yanked="broken")
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0"]
        graph = resolve_graph(registry, "a==2.0", cache=tmp_path / "c")
        assert graph.render(annotate=False) == "a==2.0\n"
        assert graph[PackageName.parse("a")].yanked == "broken"
        # An existing pin keeps a yanked version; a pin among other specifiers does not.
        pins = compile_pins(registry, "a", preferences=["a==2.0"], cache=tmp_path / "c")
        assert pins == ["a==2.0"]
        with pytest.raises(NoSolution, match="was yanked"):
            compile_pins(registry, "a==2.0,<3", cache=tmp_path / "c")
        with pytest.raises(NoSolution, match=r"a==2\.0 was yanked \(reason: broken\)"):
            compile_pins(registry, "a>=2.0", cache=tmp_path / "c")

    def test_requires_python_lower_bound_only(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0")
        registry.add("a", "2.0", file_requires_python=">=3.12")
        registry.add("b", "1.0")
        registry.add("b", "2.0", file_requires_python="<3.11")
        registry.add("c", "1.0")
        registry.add("c", "2.0", requires_python=">=3.12")
        pins = compile_pins(registry, ["a", "b", "c"], cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==2.0", "c==1.0"]

    def test_best_wheel_and_unfit_wheels(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0")
        registry.add("a", "2.0", tags=["cp312-cp312-manylinux_2_17_x86_64"])
        registry.add("b", "1.0", ["c"], tags=["cp312-cp312-win_amd64"], sdist=True)
        registry.add("c", "1.0")
        pins = compile_pins(registry, ["a", "b"], cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==1.0", "c==1.0"]

    def test_static_sdist_metadata(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ["b"], tags=[], sdist=True, metadata_version="2.2")
        registry.add("b", "1.0")
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0", "b==1.0"]

    def test_sdists_that_need_a_build_are_unavailable(
        self, registry: Registry, tmp_path: Path
    ) -> None:
        registry.add("a", "1.0", tags=[], sdist=True, metadata_version="2.2")
        registry.add("a", "2.0", tags=[], sdist=True, metadata_version="2.1")
        assert compile_pins(registry, "a", cache=tmp_path / "c") == ["a==1.0"]
        with pytest.raises(NoSolution) as caught:
            compile_pins(registry, "a==2.0", cache=tmp_path / "c")
        assert (
            "a==2.0 is unavailable (a-2.0.tar.gz must be built, and building is not available here"
            in str(caught.value)
        )

    def test_no_build_and_no_binary(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0")
        registry.add("a", "2.0", tags=[], sdist=True, metadata_version="2.2")
        build = BuildOptions(no_build=True)
        assert compile_pins(registry, "a", build=build, cache=tmp_path / "c") == ["a==1.0"]
        build = BuildOptions(no_binary=frozenset({":all:"}))
        assert compile_pins(registry, "a", build=build, cache=tmp_path / "c") == ["a==2.0"]

    def test_find_links_merge_with_the_index(self, registry: Registry, tmp_path: Path) -> None:
        local = Registry(tmp_path / "local")
        local.add("a", "3.0", ["b"])
        local.add("only-local", "1.0")
        links = local.write_files(tmp_path / "links")
        registry.add("a", "1.0")
        registry.add("b", "1.0")
        pins = compile_pins(registry, ["a", "only-local"], find_links=[links], cache=tmp_path / "c")
        assert pins == ["a==3.0", "b==1.0", "only-local==1.0"]

    def test_no_index_with_find_links(self, tmp_path: Path) -> None:
        local = Registry(tmp_path / "local")
        local.add("a", "1.0")
        links = local.write_files(tmp_path / "links")
        assert compile_pins(None, "a", find_links=[links], cache=tmp_path / "c") == ["a==1.0"]


class TestPrereleases:
    @pytest.fixture
    def mixed(self, registry: Registry) -> Registry:
        for version in ("1.0rc1", "1.0", "1.1", "1.2rc1"):
            registry.add("d", version)
        registry.add("e", "1.0", ["f>=2.0a1"])
        for version in ("1.0", "2.0a1", "2.0b1"):
            registry.add("f", version)
        return registry

    @pytest.mark.parametrize(
        ("mode", "expected"),
        [
            (PrereleaseMode.IF_NECESSARY_OR_EXPLICIT, "d==1.1"),
            (PrereleaseMode.IF_NECESSARY, "d==1.1"),
            (PrereleaseMode.EXPLICIT, "d==1.1"),
            (PrereleaseMode.DISALLOW, "d==1.1"),
            (PrereleaseMode.ALLOW, "d==1.2rc1"),
        ],
    )
    def test_stable_first(
        self, mixed: Registry, tmp_path: Path, mode: PrereleaseMode, expected: str
    ) -> None:
        options = ResolveOptions(prerelease=mode)
        pins = compile_pins(mixed, "d>=1.0rc1", options=options, cache=tmp_path / "c")
        assert pins == [expected]

    def test_if_necessary_takes_a_prerelease_when_no_stable_fits(
        self, mixed: Registry, tmp_path: Path
    ) -> None:
        assert compile_pins(mixed, "e", cache=tmp_path / "c") == ["e==1.0", "f==2.0b1"]
        assert compile_pins(mixed, "d>1.1", cache=tmp_path / "c") == ["d==1.2rc1"]

    def test_explicit_only_for_first_party_specifiers(
        self, mixed: Registry, tmp_path: Path
    ) -> None:
        options = ResolveOptions(prerelease=PrereleaseMode.EXPLICIT)
        with pytest.raises(NoSolution):
            compile_pins(mixed, "e", options=options, cache=tmp_path / "c")
        pins = compile_pins(mixed, ["e", "f>=2.0a1"], options=options, cache=tmp_path / "c")
        assert pins == ["e==1.0", "f==2.0b1"]


class TestStrategies:
    @pytest.fixture
    def chain(self, registry: Registry) -> Registry:
        for version in ("1.0", "2.0"):
            registry.add("a", version, ["b"])
            registry.add("b", version)
        return registry

    def test_lowest(self, chain: Registry, tmp_path: Path) -> None:
        options = ResolveOptions(resolution=ResolutionMode.LOWEST)
        pins = compile_pins(chain, "a", options=options, cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==1.0"]

    def test_lowest_direct(self, chain: Registry, tmp_path: Path) -> None:
        options = ResolveOptions(resolution=ResolutionMode.LOWEST_DIRECT)
        pins = compile_pins(chain, "a", options=options, cache=tmp_path / "c")
        assert pins == ["a==1.0", "b==2.0"]

    def test_preferences_and_upgrades(self, chain: Registry, tmp_path: Path) -> None:
        cache = tmp_path / "c"
        existing = ["a==1.0", "b==1.0"]
        pins = compile_pins(chain, "a", preferences=existing, cache=cache)
        assert pins == ["a==1.0", "b==1.0"]
        pins = compile_pins(chain, "a", preferences=existing, upgrade_packages=["b"], cache=cache)
        assert pins == ["a==1.0", "b==2.0"]
        pins = compile_pins(chain, "a", preferences=existing, upgrade=True, cache=cache)
        assert pins == ["a==2.0", "b==2.0"]
        pins = compile_pins(chain, "a>=2", preferences=existing, cache=cache)
        assert pins == ["a==2.0", "b==1.0"]


class TestUrls:
    def _wheel_url(self, registry: Registry, name: str, version: str) -> str:
        (file,) = registry.add(name, version)
        return f"{registry.url}/files/{file.filename}"

    def test_direct_wheel_url(self, registry: Registry, tmp_path: Path) -> None:
        url = self._wheel_url(registry, "u", "1.5")
        registry.add("a", "1.0", ["u>=1"])
        graph = resolve_graph(registry, ["a", f"u @ {url}"], cache=tmp_path / "c")
        assert graph.render(annotate=False).splitlines() == ["a==1.0", f"u @ {url}"]
        assert str(graph[PackageName.parse("u")].dist) == f"u @ {url}"

    def test_url_in_a_constraint(self, registry: Registry, tmp_path: Path) -> None:
        url = self._wheel_url(registry, "u", "1.5")
        registry.add("a", "1.0", ["u"])
        pins = compile_pins(registry, "a", constraints=[f"u @ {url}"], cache=tmp_path / "c")
        assert pins == ["a==1.0", f"u @ {url}"]

    def test_transitive_url_must_be_declared(self, registry: Registry, tmp_path: Path) -> None:
        url = self._wheel_url(registry, "u", "1.5")
        registry.add("a", "1.0", [f"u @ {url}"])
        with pytest.raises(UrlRequirementError) as caught:
            compile_pins(registry, "a", cache=tmp_path / "c")
        assert caught.value.parent == "a==1.0"
        assert str(caught.value).startswith("Package `u` was included as a URL dependency.")
        assert f"Consider adding `u @ {url}`" in str(caught.value)
        pins = compile_pins(registry, ["a", f"u @ {url}"], cache=tmp_path / "c")
        assert pins == ["a==1.0", f"u @ {url}"]

    def test_two_urls_for_one_package(self, registry: Registry, tmp_path: Path) -> None:
        url = self._wheel_url(registry, "u", "1.5")
        with pytest.raises(UrlRequirementError, match="conflicting URLs"):
            compile_pins(registry, [f"u @ {url}", f"u @ {url}.other"], cache=tmp_path / "c")

    def test_hashes_of_url_files(self, registry: Registry, tmp_path: Path) -> None:
        url = self._wheel_url(registry, "u", "1.5")
        (file,) = registry.projects["u"]
        graph = resolve_graph(registry, [f"u @ {url}"], cache=tmp_path / "c")
        assert graph.render(generate_hashes=True, annotate=False) == (
            f"u @ {url} \\\n    --hash=sha256:{file.sha256}\n"
        )

    def test_static_metadata_of_source_urls(self, registry: Registry, tmp_path: Path) -> None:
        (archive,) = registry.add("u", "2.0", ["b"], tags=[], sdist=True, metadata_version="2.2")
        registry.add("b", "1.0")
        url = f"{registry.url}/files/{archive.filename}"
        pins = compile_pins(registry, [f"u @ {url}"], cache=tmp_path / "c")
        assert pins == ["b==1.0", f"u @ {url}"]

    def test_git_urls_need_a_build_context(self, registry: Registry, tmp_path: Path) -> None:
        url = "git+https://example.com/u.git@v1"
        with pytest.raises(DistributionFailed, match="building is not available here"):
            compile_pins(registry, [f"u @ {url}"], cache=tmp_path / "c")


class TestFailures:
    def test_missing_project(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0")
        with pytest.raises(NoSolution) as caught:
            compile_pins(registry, ["a", "nope"], cache=tmp_path / "c")
        assert str(caught.value) == (
            "Because nope was not found in the package registry and you require nope,"
            " we can conclude that your requirements are unsatisfiable."
        )

    def test_a_project_is_named_in_reports(self, registry: Registry, tmp_path: Path) -> None:
        with pytest.raises(NoSolution) as caught:
            resolve_graph(registry, "nope", project="My_App", cache=tmp_path / "c")
        assert str(caught.value) == (
            "Because nope was not found in the package registry and my-app depends on nope,"
            " we can conclude that my-app's requirements are unsatisfiable."
        )

    def test_extras_in_reports(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ['c==1.0; extra == "x"'], extras=["x"])
        registry.add("b", "1.0", ["c==2.0"])
        registry.add("c", "1.0")
        registry.add("c", "2.0")
        with pytest.raises(NoSolution) as caught:
            compile_pins(registry, ["a[x]", "b"], cache=tmp_path / "c")
        report = str(caught.value)
        assert "a[x]" in report and "{" not in report
        assert report.endswith(
            "And because you require a[x] and b, we can conclude that your requirements are"
            " unsatisfiable."
        )

    def test_index_errors_name_the_package_and_url(self, tmp_path: Path) -> None:
        with Registry(tmp_path / "files") as gone:
            url = gone.index_url
        with pytest.raises(PackageFetchError) as caught:
            compile_pins(_Unreachable(url), "a", cache=tmp_path / "c")
        assert "cannot get the versions of a: could not fetch" in str(caught.value)
        assert url in str(caught.value)

    def test_sdist_archive_is_hostile(self, registry: Registry, tmp_path: Path) -> None:
        content = sdist_bytes(
            "a-1.0.tar.gz",
            {"../a-1.0/PKG-INFO": metadata_text("a", "1.0", metadata_version="2.2").encode()},
        )
        registry.add_file("a", RegistryFile("a-1.0.tar.gz", content))
        with pytest.raises(NoSolution, match=r"no a-1\.0/PKG-INFO"):
            compile_pins(registry, "a", cache=tmp_path / "c")


class _Unreachable(Registry):
    """A registry whose index URL answers nothing (its server is closed)."""

    def __init__(self, url: str) -> None:
        super().__init__(Path("."))
        self._url = url

    @property
    def index_url(self) -> str:
        return self._url


class TestWarnings:
    def test_files_without_upload_time(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "0.9", upload_time="2023-01-01T00:00:00Z")
        registry.add("a", "1.0", upload_time=None)
        warnings: list[str] = []

        class Reporter:
            def on_progress(self, name: str, version: str) -> None:
                pass

            def on_complete(self) -> None:
                pass

            def on_warning(self, message: str) -> None:
                warnings.append(message)

        options = ResolveOptions(exclude_newer=datetime(2024, 1, 1, tzinfo=UTC))
        graph = resolve_graph(
            registry, "a", options=options, reporter=Reporter(), cache=tmp_path / "c"
        )
        assert graph.render(annotate=False) == "a==0.9\n"
        assert warnings == [
            "`a-1.0-py3-none-any.whl` is missing an upload date, but user provided:"
            " 2024-01-01T00:00:00Z"
        ]

    def test_unbounded_direct_requirement_under_lowest(
        self, registry: Registry, tmp_path: Path
    ) -> None:
        registry.add("a", "1.0")
        registry.add("b", "1.0")
        warnings: list[str] = []

        class Reporter:
            def on_progress(self, name: str, version: str) -> None:
                pass

            def on_complete(self) -> None:
                pass

            def on_warning(self, message: str) -> None:
                warnings.append(message)

        options = ResolveOptions(resolution=ResolutionMode.LOWEST)
        resolve_graph(registry, ["a", "b>=1"], options=options, reporter=Reporter(), cache=tmp_path)
        assert warnings == [
            "The direct dependency `a` is unpinned. Consider setting a lower bound when using"
            " `--resolution lowest` or `--resolution lowest-direct` to avoid using outdated"
            " versions."
        ]

    def test_diagnostics(self, registry: Registry, tmp_path: Path) -> None:
        registry.add("a", "1.0", ['b; extra == "x"'], extras=["x"])
        registry.add("b", "1.0")
        registry.add("y", "1.0")
        registry.add("y", "2.0", yanked="broken on Tuesdays")
        registry.add("z", "1.0", yanked=True)
        graph = resolve_graph(registry, ["a[nope]", "y==2.0", "z==1.0"], cache=tmp_path / "c")
        assert graph.diagnostics == (
            '`y==2.0` is yanked (reason: "broken on Tuesdays")',
            "`z==1.0` is yanked",
            "The package `a==1.0` does not have an extra named `nope`",
        )
