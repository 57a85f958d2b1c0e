"""`Installer` and `Uninstaller` against a scheme in tmp_path."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from distribution_filename import WheelFilename
from distribution_types import CachedDist, Dist
from install_wheel import LinkMode, Scheme, unpack_wheel
from puffin_installer import EagerInstall, Installer, InstallError, SitePackages, Uninstaller
from puffin_installer_support import build_wheel
from puffin_normalize import PackageName
from puffin_pep508 import VerbatimUrl


@pytest.fixture
def scheme(tmp_path: Path) -> Scheme:
    root = tmp_path / "env"
    (root / "pyvenv.cfg").parent.mkdir(parents=True)
    (root / "pyvenv.cfg").write_text("home = /usr/bin\n")
    site = root / "lib" / "python3.11" / "site-packages"
    return Scheme(site, site, root / "bin", root, root / "include" / "site" / "python3.11")


def _cached(tmp_path: Path, name: str, version: str = "1.0", **options: object) -> CachedDist:
    wheel = build_wheel(tmp_path / "dist", name, version, **options)  # type: ignore[arg-type]
    filename = WheelFilename.parse(wheel.name)
    return CachedDist(filename, unpack_wheel(wheel, tmp_path / "cache" / filename.stem))


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir()}


class TestInstaller:
    def test_installs_many_at_once(self, tmp_path: Path, scheme: Scheme) -> None:
        wheels = [_cached(tmp_path, f"pkg-{n}") for n in range(20)]
        installer = Installer(scheme, sys.executable, link_mode=LinkMode.COPY)
        installed = installer.install(wheels, requested={PackageName.parse("pkg-3")})
        assert len(installed) == 20
        site = SitePackages.from_paths([scheme.purelib])
        assert len(site) == 20
        for dist in site:
            assert dist.installer() == "puffin"
            assert (dist.path / "REQUESTED").exists() == (dist.name == "pkg-3")
            assert dist.direct_url is None

    def test_direct_url_and_entry_points(self, tmp_path: Path, scheme: Scheme) -> None:
        wheel = build_wheel(
            tmp_path / "dist", "tool", "1.0", entry_points="[console_scripts]\ntool = tool:main\n"
        )
        dist = Dist.from_url("tool", VerbatimUrl.from_path(wheel))
        filename = WheelFilename.parse(wheel.name)
        cached = CachedDist.from_dist(dist, filename, unpack_wheel(wheel, tmp_path / "c"))
        Installer(scheme, sys.executable).install([cached])
        (info,) = scheme.purelib.glob("tool-1.0.dist-info")
        assert json.loads((info / "direct_url.json").read_text())["url"] == wheel.as_uri()
        script = scheme.scripts / "tool"
        assert os.access(script, os.X_OK)
        assert script.read_text().startswith(f"#!{sys.executable}")

    def test_conflict_is_an_error_naming_the_wheel(self, tmp_path: Path, scheme: Scheme) -> None:
        files = {"shared/x.py": "one\n"}
        first = _cached(tmp_path / "a", "first", files=files)
        second = _cached(tmp_path / "b", "second", files={"shared/x.py": "two\n"})
        installer = Installer(scheme, sys.executable, workers=1)
        installer.install([first])
        with pytest.raises(InstallError, match=r"failed to install second==1\.0"):
            installer.install([second])
        installer.install([second], overwrite={PackageName.parse("second")})
        assert (scheme.purelib / "shared" / "x.py").read_text() == "two\n"

    def test_compile(self, tmp_path: Path, scheme: Scheme) -> None:
        installer = Installer(scheme, sys.executable)
        installed = installer.install([_cached(tmp_path, "foo")])
        compiled = installer.compile(installed)
        assert compiled.compiled == 1 and compiled.failed == ()
        assert list((scheme.purelib / "foo" / "__pycache__").glob("__init__.*.pyc"))


class TestUninstaller:
    def test_removes_every_file(self, tmp_path: Path, scheme: Scheme) -> None:
        root = scheme.data
        before = _files(root)
        wheels = [
            _cached(tmp_path, "foo", entry_points="[console_scripts]\nfoo = foo:main\n"),
            _cached(tmp_path, "bar"),
        ]
        Installer(scheme, sys.executable).install(wheels)
        site = SitePackages.from_paths([scheme.purelib])
        removed = Uninstaller(scheme).uninstall(list(site))
        assert [r.files > 0 for r in removed] == [True, True]
        assert _files(root) == before
        assert list(scheme.purelib.iterdir()) == []

    def test_incomplete_install_loses_its_dist_info(self, tmp_path: Path, scheme: Scheme) -> None:
        Installer(scheme, sys.executable).install([_cached(tmp_path, "foo")])
        (scheme.purelib / "foo-1.0.dist-info" / "RECORD").unlink()
        (dist,) = SitePackages.from_paths([scheme.purelib])
        Uninstaller(scheme).uninstall([dist])
        assert not (scheme.purelib / "foo-1.0.dist-info").exists()
        assert (scheme.purelib / "foo" / "__init__.py").exists()  # overwritten by a reinstall


class TestEagerInstall:
    def test_installs_as_wheels_come_and_undo_takes_them_out(
        self, tmp_path: Path, scheme: Scheme
    ) -> None:
        wheels = [_cached(tmp_path, f"pkg-{n}") for n in range(5)]
        made: list[Installer] = []

        def make() -> Installer:
            made.append(Installer(scheme, sys.executable))
            return made[-1]

        eager = EagerInstall(make)
        before = _files(scheme.data)

        async def come() -> None:
            for wheel in wheels:
                await eager(wheel)

        asyncio.run(come())
        assert len(made) == 1
        assert eager.started is not None
        assert [files.dist_info.name for files in eager.results()] == [
            f"pkg_{n}-1.0.dist-info" for n in range(5)
        ]
        assert len(SitePackages.from_paths([scheme.purelib])) == 5
        eager.undo()
        assert _files(scheme.data) == before
        assert len(SitePackages.from_paths([scheme.purelib])) == 0

    def test_a_failed_wheel_fails_its_call_and_undo_keeps_the_rest_out(
        self, tmp_path: Path, scheme: Scheme
    ) -> None:
        one = _cached(tmp_path / "a", "one", files={"shared/x.py": "one\n"})
        two = _cached(tmp_path / "b", "two", files={"shared/x.py": "two\n"})
        eager = EagerInstall(lambda: Installer(scheme, sys.executable, workers=1))

        async def come() -> None:
            await eager(one)
            await eager(two)

        with pytest.raises(InstallError, match=r"two==1\.0"):
            asyncio.run(come())
        with pytest.raises(InstallError):
            eager.results()
        eager.undo()
        assert len(SitePackages.from_paths([scheme.purelib])) == 0
        assert not (scheme.purelib / "shared" / "x.py").exists()

    def test_undo_before_anything_came_does_nothing(self) -> None:
        eager = EagerInstall(lambda: pytest.fail("no installer needed"))
        eager.undo()
        assert eager.results() == []
