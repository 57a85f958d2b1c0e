"""SourceBuild against tiny backends written by fixtures, with a fake BuildContext."""

from __future__ import annotations

import functools
import json
import os
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import puffin_traits
from distribution_types import Resolution
from puffin_build import (
    BuildBackendError,
    EditableNotSupported,
    InvalidPyProject,
    NotAPythonProject,
    SourceBuild,
)
from puffin_cache import Cache
from puffin_interpreter import Interpreter, Virtualenv
from puffin_pep508 import Requirement
from puffin_traits import BuildKind, BuildOptions

if TYPE_CHECKING:
    from puffin_traits import BuildContext

# The backend the fixtures write: it logs each call (one JSON object a line) and
# writes real, minimal wheels. ``CONFIG`` is filled in per project.
BACKEND = """
import base64, hashlib, json, os, sys, warnings, zipfile

CONFIG = {config}
NAME, VERSION = "demo", "1.0"
DIST_INFO = NAME + "-" + VERSION + ".dist-info"


def _log(hook, **fields):
    entry = dict(
        hook=hook,
        executable=sys.executable,
        prefix=sys.prefix,
        cwd=os.getcwd(),
        env={{k: os.environ.get(k) for k in CONFIG["env_keys"]}},
        **fields,
    )
    with open(CONFIG["log"], "a") as log:
        log.write(json.dumps(entry) + "\\n")
    if CONFIG.get("warn") == hook:
        warnings.warn("this option is deprecated", DeprecationWarning)
        warnings.warn("setup.py develop is deprecated", UserWarning)
    if CONFIG.get("fail") == hook:
        for number in range(15):
            print("stdout line", number, flush=True)
        print("stderr: the compiler is missing", file=sys.stderr, flush=True)
        raise SystemExit(3)


def _metadata():
    return "Metadata-Version: 2.1\\nName: demo\\nVersion: 1.0\\n"


def _wheel(wheel_directory, editable):
    name = NAME + "-" + VERSION + "-py3-none-any.whl"
    files = {{
        DIST_INFO + "/METADATA": _metadata(),
        DIST_INFO + "/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\n"
        "Tag: py3-none-any\\n",
    }}
    if editable:
        files["demo.pth"] = os.getcwd() + "\\n"
    else:
        files["demo/__init__.py"] = "VALUE = 1\\n"
    record = []
    for path, text in files.items():
        digest = hashlib.sha256(text.encode()).digest()
        hashed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        record.append(path + ",sha256=" + hashed + "," + str(len(text.encode())))
    record.append(DIST_INFO + "/RECORD,,")
    files[DIST_INFO + "/RECORD"] = "\\n".join(record) + "\\n"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as zf:
        for path, text in files.items():
            zf.writestr(path, text)
    return name


def get_requires_for_build_wheel(config_settings=None):
    _log("get_requires_for_build_wheel", config_settings=config_settings)
    return list(CONFIG["extra"])


def get_requires_for_build_editable(config_settings=None):
    _log("get_requires_for_build_editable", config_settings=config_settings)
    return list(CONFIG["extra"])


def _prepare(metadata_directory):
    os.makedirs(os.path.join(metadata_directory, DIST_INFO))
    with open(os.path.join(metadata_directory, DIST_INFO, "METADATA"), "w") as f:
        f.write(_metadata())
    return DIST_INFO


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _log("prepare_metadata_for_build_wheel", config_settings=config_settings)
    return _prepare(metadata_directory)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    _log("prepare_metadata_for_build_editable", config_settings=config_settings)
    return _prepare(metadata_directory)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _log("build_wheel", config_settings=config_settings, metadata_directory=metadata_directory)
    return _wheel(wheel_directory, editable=False)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _log("build_editable", config_settings=config_settings, metadata_directory=metadata_directory)
    return _wheel(wheel_directory, editable=True)


for _name in CONFIG["omit"]:
    del globals()[_name]
"""

ENV_KEYS = ["VIRTUAL_ENV", "PATH", "PYTHONPATH", "PYTHONHOME", "PIP_INDEX_URL", "KEPT"]


@functools.cache
def _interpreter() -> Interpreter:
    """The interpreter running the tests, queried once."""
    return Interpreter.query(sys.executable, cache=None)


def backend_source(
    log: Path,
    *,
    extra: Iterable[str] = (),
    omit: Iterable[str] = (),
    fail: str | None = None,
    warn: str | None = None,
) -> str:
    """The text of a backend module that logs to *log*."""
    config = {
        "log": str(log),
        "extra": list(extra),
        "omit": list(omit),
        "fail": fail,
        "warn": warn,
        "env_keys": ENV_KEYS,
    }
    return BACKEND.format(config=repr(config))


class Project:
    """A project directory with the in-tree backend; its log of backend calls."""

    def __init__(self, root: Path, log: Path) -> None:
        self.root = root
        self.log = log

    def calls(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def hooks(self) -> list[str]:
        return [call["hook"] for call in self.calls()]


def write_project(
    root: Path,
    log: Path,
    *,
    requires: Sequence[str] = (),
    backend: str = "mybackend",
    backend_path: Sequence[str] | None = (".",),
    in_tree: bool = True,
    **options: Any,
) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    lines = ["[build-system]", f"requires = {json.dumps(list(requires))}"]
    lines.append(f'build-backend = "{backend}"')
    if backend_path is not None:
        lines.append(f"backend-path = {json.dumps(list(backend_path))}")
    (root / "pyproject.toml").write_text("\n".join(lines) + "\n")
    if in_tree:
        (root / f"{backend}.py").write_text(backend_source(log, **options))
    return Project(root, log)


class FakeContext:
    """A build context that records what it is asked and installs given modules."""

    def __init__(
        self,
        cache: Cache,
        *,
        modules: dict[str, str] | None = None,
        options: BuildOptions | None = None,
        resolve_error: Exception | None = None,
    ) -> None:
        self._cache = cache
        self._options = options if options is not None else BuildOptions()
        self.modules = modules or {}
        self.resolve_error = resolve_error
        self.resolved: list[list[str]] = []
        self.installed_into: list[Path] = []

    @property
    def cache(self) -> Cache:
        return self._cache

    @property
    def interpreter(self) -> Interpreter:
        return _interpreter()

    @property
    def build_options(self) -> BuildOptions:
        return self._options

    def resolve(self, requirements: Sequence[Requirement]) -> Resolution:
        self.resolved.append([str(requirement) for requirement in requirements])
        if self.resolve_error is not None:
            raise self.resolve_error
        return Resolution()

    def install(self, resolution: Resolution, venv: Virtualenv) -> None:
        # The environment must be empty, as the protocol promises.
        assert not any(venv.site_packages.iterdir())
        self.installed_into.append(venv.root)
        for name, text in self.modules.items():
            (venv.site_packages / f"{name}.py").write_text(text)

    def setup_build(
        self, source: Path, subdirectory: str | None, package_id: str, kind: BuildKind
    ) -> puffin_traits.SourceBuild:
        return SourceBuild.setup(self, source, subdirectory, package_id, kind)


def _conforms(context: FakeContext) -> BuildContext:  # checked by mypy
    return context


def _is_source_build(build: SourceBuild) -> puffin_traits.SourceBuild:  # checked by mypy
    return build


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where builds make their temporary directories (to see them removed)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def context(tmp_path: Path) -> FakeContext:
    return FakeContext(Cache.from_path(tmp_path / "cache"))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return write_project(tmp_path / "demo", tmp_path / "log.jsonl")


class TestWheel:
    def test_metadata_then_wheel(
        self, context: FakeContext, project: Project, tmp_path: Path, temp_root: Path
    ) -> None:
        build = SourceBuild.setup(context, project.root, None, "demo==1.0", BuildKind.WHEEL)
        with build:
            metadata = build.metadata()
            assert metadata is not None
            assert metadata.name == "demo-1.0.dist-info"
            assert (metadata / "METADATA").read_text().startswith("Metadata-Version: 2.1\n")
            assert build.metadata() == metadata
            name = build.wheel(tmp_path / "wheels")
            assert name == "demo-1.0-py3-none-any.whl"
            assert (tmp_path / "wheels" / name).is_file()
        assert project.hooks() == [
            "get_requires_for_build_wheel",
            "prepare_metadata_for_build_wheel",
            "build_wheel",
        ]
        calls = project.calls()
        assert calls[2]["metadata_directory"] == str(metadata)
        # Built in place, not in a copy.
        assert {call["cwd"] for call in calls} == {str(project.root)}
        assert list(temp_root.iterdir()) == []
        assert project.root.is_dir()
        # Nothing to resolve: the project requires nothing.
        assert context.resolved == []

    def test_wheel_without_metadata(
        self, context: FakeContext, project: Project, tmp_path: Path
    ) -> None:
        with SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL) as build:
            assert build.wheel(tmp_path / "wheels") == "demo-1.0-py3-none-any.whl"
        assert project.calls()[-1]["metadata_directory"] is None

    def test_no_prepare_metadata_hook(self, context: FakeContext, tmp_path: Path) -> None:
        project = write_project(
            tmp_path / "demo", tmp_path / "log", omit=["prepare_metadata_for_build_wheel"]
        )
        with SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL) as build:
            assert build.metadata() is None
            assert build.metadata() is None
            assert build.wheel(tmp_path / "wheels") == "demo-1.0-py3-none-any.whl"
        # No fallback to build_wheel behind metadata()'s back.
        assert project.hooks() == ["get_requires_for_build_wheel", "build_wheel"]

    def test_backend_warnings_are_kept_not_issued(
        self, context: FakeContext, tmp_path: Path
    ) -> None:
        # Warnings are errors in this test run: one re-issued here would fail the build.
        project = write_project(tmp_path / "demo", tmp_path / "log", warn="build_wheel")
        with SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL) as build:
            assert not build.warnings
            assert build.wheel(tmp_path / "wheels") == "demo-1.0-py3-none-any.whl"
            assert build.warnings == ("setup.py develop is deprecated",)

    def test_config_settings_reach_every_hook(self, tmp_path: Path, project: Project) -> None:
        options = BuildOptions(config_settings={"mode": "fast", "flag": ["a", "b"]})
        context = FakeContext(Cache.from_path(tmp_path / "cache"), options=options)
        with SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL) as build:
            build.metadata()
            build.wheel(tmp_path / "wheels")
        settings = [call["config_settings"] for call in project.calls()]
        assert settings == [{"flag": ["a", "b"], "mode": "fast"}] * 3

    def test_archive_source(self, context: FakeContext, tmp_path: Path, temp_root: Path) -> None:
        project = write_project(tmp_path / "src" / "demo-1.0", tmp_path / "log")
        archive = tmp_path / "demo-1.0.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(project.root, arcname="demo-1.0")
        with SourceBuild.setup(context, archive, None, "demo==1.0", BuildKind.WHEEL) as build:
            assert build.wheel(tmp_path / "wheels") == "demo-1.0-py3-none-any.whl"
            (cwd,) = {call["cwd"] for call in project.calls()}
            assert cwd.startswith(str(temp_root))
            assert cwd.endswith("/demo-1.0")
        assert list(temp_root.iterdir()) == []

    def test_subdirectory(self, context: FakeContext, tmp_path: Path) -> None:
        project = write_project(tmp_path / "repo" / "python" / "demo", tmp_path / "log")
        source = tmp_path / "repo"
        with SourceBuild.setup(context, source, "python/demo", "demo", BuildKind.WHEEL) as build:
            assert build.wheel(tmp_path / "wheels") == "demo-1.0-py3-none-any.whl"
        assert {call["cwd"] for call in project.calls()} == {str(project.root)}

    def test_builds_run_concurrently(self, context: FakeContext, tmp_path: Path) -> None:
        projects = [write_project(tmp_path / f"p{i}", tmp_path / f"log{i}") for i in range(3)]

        def build(project: Project) -> str:
            with SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL) as b:
                return b.wheel(project.root / "dist")

        with ThreadPoolExecutor(3) as pool:
            names = list(pool.map(build, projects))
        assert names == ["demo-1.0-py3-none-any.whl"] * 3
        for project in projects:
            assert project.hooks() == ["get_requires_for_build_wheel", "build_wheel"]


class TestEditable:
    def test_editable_hooks(self, context: FakeContext, project: Project, tmp_path: Path) -> None:
        with SourceBuild.setup(context, project.root, None, "demo", BuildKind.EDITABLE) as build:
            metadata = build.metadata()
            assert metadata is not None
            assert metadata.name == "demo-1.0.dist-info"
            name = build.wheel(tmp_path / "wheels")
        assert name == "demo-1.0-py3-none-any.whl"
        assert project.hooks() == [
            "get_requires_for_build_editable",
            "prepare_metadata_for_build_editable",
            "build_editable",
        ]
        import zipfile

        with zipfile.ZipFile(tmp_path / "wheels" / name) as zf:
            assert zf.read("demo.pth").decode() == f"{project.root}\n"

    def test_backend_without_build_editable(self, context: FakeContext, tmp_path: Path) -> None:
        project = write_project(
            tmp_path / "demo",
            tmp_path / "log",
            omit=["build_editable", "prepare_metadata_for_build_editable"],
        )
        package_id = "demo @ file:///x"
        with SourceBuild.setup(context, project.root, "", package_id, BuildKind.EDITABLE) as b:
            assert b.metadata() is None
            with pytest.raises(EditableNotSupported) as caught:
                b.wheel(tmp_path / "wheels")
        assert caught.value.package_id == "demo @ file:///x"


class TestFailures:
    def test_failing_hook_keeps_output_tail(self, context: FakeContext, tmp_path: Path) -> None:
        project = write_project(tmp_path / "demo", tmp_path / "log", fail="build_wheel")
        build = SourceBuild.setup(context, project.root, None, "demo==1.0", BuildKind.WHEEL)
        with build, pytest.raises(BuildBackendError) as caught:
            build.wheel(tmp_path / "wheels")
        error = caught.value
        assert (error.package_id, error.hook, error.reason) == (
            "demo==1.0",
            "build_wheel",
            "exit status 3",
        )
        lines = str(error).splitlines()
        assert lines[0] == "failed to build demo==1.0: build_wheel failed (exit status 3)"
        # stdout and stderr, together and in order; the last ten lines only.
        assert lines[1:] == [f"    stdout line {n}" for n in range(6, 15)] + [
            "    stderr: the compiler is missing"
        ]

    def test_failing_get_requires(
        self, context: FakeContext, tmp_path: Path, temp_root: Path
    ) -> None:
        project = write_project(
            tmp_path / "demo", tmp_path / "log", fail="get_requires_for_build_wheel"
        )
        with pytest.raises(BuildBackendError) as caught:
            SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL)
        assert caught.value.hook == "get_requires_for_build_wheel"
        assert list(temp_root.iterdir()) == []

    @pytest.mark.parametrize("backend_path", [None, (".",)])
    def test_missing_backend(
        self, context: FakeContext, tmp_path: Path, backend_path: tuple[str] | None
    ) -> None:
        project = write_project(
            tmp_path / "demo",
            tmp_path / "log",
            backend="nosuchbackend",
            backend_path=backend_path,
            in_tree=False,
        )
        with pytest.raises(BuildBackendError) as caught:
            SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL)
        assert caught.value.reason is not None
        assert "cannot load the build backend 'nosuchbackend'" in caught.value.reason
        first = str(caught.value).splitlines()[0]
        assert first.startswith("failed to build demo: get_requires_for_build_wheel failed (")

    def test_failing_metadata_hook(self, context: FakeContext, tmp_path: Path) -> None:
        project = write_project(
            tmp_path / "demo", tmp_path / "log", fail="prepare_metadata_for_build_wheel"
        )
        build = SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL)
        with build, pytest.raises(BuildBackendError) as caught:
            build.metadata()
        assert caught.value.hook == "prepare_metadata_for_build_wheel"


class TestBuildRequirements:
    def test_static_and_dynamic_requires_are_installed(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temp_root: Path
    ) -> None:
        # The backend lives only in what the context installs: the hooks can only find
        # it if they run in the environment the context installed into.
        log = tmp_path / "log"
        context = FakeContext(
            Cache.from_path(tmp_path / "cache"),
            modules={"installedbackend": backend_source(log, extra=["cython>=3", "setuptools"])},
        )
        project = write_project(
            tmp_path / "demo",
            log,
            requires=["setuptools>=61", "installedbackend-dist"],
            backend="installedbackend",
            backend_path=None,
            in_tree=False,
        )
        monkeypatch.setenv("PYTHONPATH", "/somewhere/else")
        monkeypatch.setenv("PYTHONHOME", "/nowhere")
        monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:1/simple")
        monkeypatch.setenv("KEPT", "yes")
        with SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL) as build:
            assert build.wheel(tmp_path / "wheels") == "demo-1.0-py3-none-any.whl"
            assert context.resolved == [
                ["setuptools>=61", "installedbackend-dist"],
                ["setuptools>=61", "installedbackend-dist", "cython>=3", "setuptools"],
            ]
            (env,) = set(context.installed_into)
            assert len(context.installed_into) == 2
            assert env.parent.parent == temp_root
        for call in project.calls():
            assert call["prefix"] == str(env)
            assert call["executable"] == str(env / "bin" / "python")
            assert call["env"]["VIRTUAL_ENV"] == str(env)
            assert call["env"]["PATH"].split(os.pathsep)[0] == str(env / "bin")
            assert call["env"]["PYTHONPATH"] is None
            assert call["env"]["PYTHONHOME"] is None
            assert call["env"]["PIP_INDEX_URL"] is None
            assert call["env"]["KEPT"] == "yes"

    def test_dynamic_requires_already_static_are_not_resolved_again(
        self, context: FakeContext, tmp_path: Path
    ) -> None:
        project = write_project(
            tmp_path / "demo", tmp_path / "log", requires=["dep-a>=1"], extra=["dep-a >= 1"]
        )
        with SourceBuild.setup(context, project.root, None, "demo", BuildKind.WHEEL):
            pass
        assert context.resolved == [["dep-a>=1"]]
        assert len(context.installed_into) == 1

    def test_legacy_setup_py(self, context: FakeContext, tmp_path: Path, temp_root: Path) -> None:
        (tmp_path / "legacy").mkdir()
        (tmp_path / "legacy" / "setup.py").write_text("from setuptools import setup\nsetup()\n")
        context.resolve_error = LookupError("no index in this test")
        with pytest.raises(LookupError):
            SourceBuild.setup(context, tmp_path / "legacy", None, "legacy", BuildKind.WHEEL)
        assert context.resolved == [["setuptools>=40.8.0", "wheel"]]
        assert list(temp_root.iterdir()) == []

    @pytest.mark.parametrize(
        ("pyproject", "asked"),
        [
            ("[tool.black]\nline-length = 80\n", ["setuptools>=40.8.0", "wheel"]),
            ("[build-system]\n", ["setuptools>=40.8.0", "wheel"]),
            ('[build-system]\nrequires = ["setuptools>=61"]\n', ["setuptools>=61"]),
        ],
    )
    def test_legacy_backend_from_pyproject(
        self, context: FakeContext, tmp_path: Path, pyproject: str, asked: list[str]
    ) -> None:
        (tmp_path / "legacy").mkdir()
        (tmp_path / "legacy" / "pyproject.toml").write_text(pyproject)
        context.resolve_error = LookupError("no index in this test")
        with pytest.raises(LookupError):
            SourceBuild.setup(context, tmp_path / "legacy", None, "legacy", BuildKind.WHEEL)
        assert context.resolved == [asked]


class TestInvalidProjects:
    @pytest.mark.parametrize(
        ("pyproject", "reason"),
        [
            ("[build-system\n", "not valid TOML"),
            ('[build-system]\nrequires = "setuptools"\n', "build-system.requires is not a list"),
            ("build-system = 1\n", "build-system is not a table"),
            ("[build-system]\nrequires = []\nbuild-backend = 3\n", "build-backend is not a string"),
            ('[build-system]\nrequires = []\nbuild-backend = "a b"\n', "is not module.path"),
            (
                '[build-system]\nrequires = ["foo >>> 1"]\nbuild-backend = "x"\n',
                "invalid requirement 'foo >>> 1'",
            ),
            (
                '[build-system]\nrequires = []\nbuild-backend = "x"\nbackend-path = [".."]\n',
                "entry '..' is outside the project",
            ),
            (
                '[build-system]\nrequires = []\nbuild-backend = "x"\nbackend-path = ["/tmp"]\n',
                "entry '/tmp' is absolute",
            ),
        ],
    )
    def test_invalid_pyproject(
        self, context: FakeContext, tmp_path: Path, temp_root: Path, pyproject: str, reason: str
    ) -> None:
        root = tmp_path / "bad"
        root.mkdir()
        (root / "pyproject.toml").write_text(pyproject)
        with pytest.raises(InvalidPyProject) as caught:
            SourceBuild.setup(context, root, None, "bad", BuildKind.WHEEL)
        assert caught.value.path == root / "pyproject.toml"
        assert reason in caught.value.reason
        assert context.resolved == []
        assert list(temp_root.iterdir()) == []

    def test_not_a_python_project(self, context: FakeContext, tmp_path: Path) -> None:
        (tmp_path / "empty").mkdir()
        with pytest.raises(NotAPythonProject) as caught:
            SourceBuild.setup(context, tmp_path / "empty", None, "x", BuildKind.WHEEL)
        assert str(caught.value) == (
            f"{tmp_path / 'empty'} is not a Python project: "
            "it has neither pyproject.toml nor setup.py"
        )

    @pytest.mark.parametrize(
        ("subdirectory", "reason"),
        [
            ("../elsewhere", "is outside the tree"),
            ("/etc", "is an absolute path"),
            ("missing", "it has no subdirectory 'missing'"),
        ],
    )
    def test_bad_subdirectory(
        self, context: FakeContext, project: Project, subdirectory: str, reason: str
    ) -> None:
        with pytest.raises(NotAPythonProject) as caught:
            SourceBuild.setup(context, project.root, subdirectory, "x", BuildKind.WHEEL)
        assert reason in caught.value.reason

    def test_subdirectory_through_a_link_out(
        self, context: FakeContext, project: Project, tmp_path: Path
    ) -> None:
        tree = tmp_path / "tree"
        tree.mkdir()
        (tree / "link").symlink_to(project.root)
        with pytest.raises(NotAPythonProject):
            SourceBuild.setup(context, tree, "link", "x", BuildKind.WHEEL)

    def test_missing_source(self, context: FakeContext, tmp_path: Path) -> None:
        with pytest.raises(NotAPythonProject, match="it does not exist"):
            SourceBuild.setup(context, tmp_path / "nope", None, "x", BuildKind.WHEEL)
