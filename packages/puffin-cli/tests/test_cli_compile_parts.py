"""The parts of `puffin pip-compile` that need no index: header, dates, targets, inputs."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from puffin_cli._printer import Printer
from puffin_cli.commands._compile_inputs import read_inputs, read_preferences
from puffin_cli.commands._target import PLATFORM_NAMES, parse_python_version, resolve_target
from puffin_cli.commands.pip_compile import header, parse_exclude_newer
from puffin_cli.errors import UsageError
from puffin_interpreter import find_interpreter
from puffin_normalize import PackageName

if TYPE_CHECKING:
    from puffin_dispatch import BuildDispatch


def _printer() -> Printer:
    return Printer(stdout=io.StringIO(), stderr=io.StringIO(), color="never")


class TestHeader:
    def test_keeps_what_changes_the_result(self) -> None:
        argv = ["r.in", "-o", "out.txt", "--python-version", "3.11", "--generate-hashes"]
        assert header(argv, emit_index_url=False, emit_find_links=False) == (
            "puffin pip-compile r.in -o out.txt --python-version 3.11 --generate-hashes"
        )

    def test_leaves_out_verbosity_upgrades_and_indexes(self) -> None:
        argv = [
            *("-q", "r.in", "-vv", "--upgrade", "-P", "six", "--upgrade-package=idna"),
            *("-i", "http://127.0.0.1/simple", "--extra-index-url=http://x/simple"),
            *("--no-index", "-f", "wheels", "--refresh"),
        ]
        assert header(argv, emit_index_url=False, emit_find_links=False) == (
            "puffin pip-compile r.in --refresh"
        )

    def test_emitted_options_stay(self) -> None:
        argv = ["r.in", "-i", "http://127.0.0.1/simple", "-f", "wheels", "--emit-index-url"]
        assert header(argv, emit_index_url=True, emit_find_links=False) == (
            "puffin pip-compile r.in -i http://127.0.0.1/simple --emit-index-url"
        )
        assert header(argv, emit_index_url=False, emit_find_links=True) == (
            "puffin pip-compile r.in -f wheels --emit-index-url"
        )

    def test_quotes_what_a_shell_would_split(self) -> None:
        assert header(["my reqs.in"], emit_index_url=False, emit_find_links=False) == (
            "puffin pip-compile 'my reqs.in'"
        )


class TestExcludeNewer:
    def test_rfc3339(self) -> None:
        assert parse_exclude_newer("2026-11-01T00:00:00Z") == datetime(2026, 11, 1, tzinfo=UTC)
        assert parse_exclude_newer("2026-11-01T02:00:00+02:00") == datetime(2026, 11, 1, tzinfo=UTC)

    def test_date_is_local_midnight(self) -> None:
        expected = datetime(2026, 11, 1).astimezone(UTC)
        assert parse_exclude_newer("2026-11-01") == expected

    @pytest.mark.parametrize("text", ["yesterday", "2026-13-01", "2026-11-01T25:00:00Z", ""])
    def test_nonsense_is_a_usage_error(self, text: str) -> None:
        with pytest.raises(UsageError, match="invalid --exclude-newer"):
            parse_exclude_newer(text)


class TestTarget:
    @pytest.mark.parametrize(
        ("text", "expected"), [("3.11", (3, 11, None)), ("3.8.10", (3, 8, 10))]
    )
    def test_python_versions(self, text: str, expected: tuple[int, int, int | None]) -> None:
        assert parse_python_version(text) == expected

    @pytest.mark.parametrize("text", ["2.7", "3", "3.x", "311", "3.11.1.1"])
    def test_bad_python_versions(self, text: str) -> None:
        with pytest.raises(UsageError, match="invalid --python-version"):
            parse_python_version(text)

    def test_python_version_replaces_the_version_markers(self) -> None:
        interpreter = find_interpreter(None, cache=None, allow_system=True)
        target = resolve_target(interpreter, "3.8", None)
        assert target.markers.python_version == "3.8"
        assert target.markers.python_full_version == "3.8.0"
        assert str(target.target) == "3.8.0"
        assert next(iter(target.tags))[0] == "cp38"

    @pytest.mark.parametrize(
        ("platform", "sys_platform", "machine", "best"),
        [
            ("windows", "win32", "AMD64", "win_amd64"),
            ("aarch64-apple-darwin", "darwin", "arm64", "macosx_13_0_arm64"),
            ("x86_64-manylinux2014", "linux", "x86_64", "linux_x86_64"),
            ("aarch64-unknown-linux-musl", "linux", "aarch64", "linux_aarch64"),
        ],
    )
    def test_platforms(self, platform: str, sys_platform: str, machine: str, best: str) -> None:
        interpreter = find_interpreter(None, cache=None, allow_system=True)
        target = resolve_target(interpreter, "3.12", platform)
        assert (target.markers.sys_platform, target.markers.platform_machine) == (
            sys_platform,
            machine,
        )
        assert next(iter(target.tags)) == ("cp312", "cp312", best)

    def test_every_platform_name_gives_tags(self) -> None:
        interpreter = find_interpreter(None, cache=None, allow_system=True)
        for name in PLATFORM_NAMES:
            assert len(resolve_target(interpreter, "3.12", name).tags) > 0


class TestInputs:
    def test_requirements_constraints_overrides_with_origins(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        Path("r.in").write_text("a>=1\n-r more.in\n-c c.txt\n")
        Path("more.in").write_text("b\n")
        Path("c.txt").write_text("a<3\n")
        Path("o.txt").write_text("d==1\n")
        inputs = read_inputs(["r.in"], ["c.txt"], ["o.txt"], [], False, _printer())
        assert [(str(r.requirement), r.origin) for r in inputs.requirements] == [
            ("a>=1", "-r r.in"),
            ("b", "-r more.in"),
        ]
        assert [(str(r.requirement), r.origin) for r in inputs.constraints] == [
            ("a<3", "-c c.txt"),
            ("a<3", "-c c.txt"),
        ]
        assert [(str(r.requirement), r.origin) for r in inputs.overrides] == [
            ("d==1", "--override o.txt")
        ]

    def test_pyproject_with_extras(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        Path("pyproject.toml").write_text(
            '[project]\nname = "Demo_App"\nversion = "1"\ndependencies = ["a>1"]\n'
            '[project.optional-dependencies]\nfast = ["b"]\nslow = ["c"]\n'
        )
        inputs = read_inputs(["pyproject.toml"], [], [], ["FAST"], False, _printer())
        assert [(str(r.requirement), r.origin) for r in inputs.requirements] == [
            ("a>1", "demo-app (pyproject.toml)"),
            ("b", "demo-app (pyproject.toml)"),
        ]
        every = read_inputs(["pyproject.toml"], [], [], [], True, _printer())
        assert len(every.requirements) == 3

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ("[tool.x]\n", r"no \[project\] table"),
            ("[project\n", "invalid TOML"),
            ("[project]\nname='x'\ndependencies=['a>>1']\n", r"\[project\] dependencies"),
        ],
    )
    def test_pyproject_errors(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
    ) -> None:
        monkeypatch.chdir(tmp_path)
        Path("pyproject.toml").write_text(content)
        with pytest.raises(UsageError, match=message):
            read_inputs(["pyproject.toml"], [], [], [], False, _printer())

    def test_unknown_extra(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        Path("pyproject.toml").write_text("[project]\nname='x'\ndependencies=[]\n")
        with pytest.raises(UsageError, match="there is no extra 'gpu'"):
            read_inputs(["pyproject.toml"], [], [], ["gpu"], False, _printer())

    def test_a_wheel_url_names_itself(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        Path("r.in").write_text("http://127.0.0.1/files/tiny_pkg-1.0-py3-none-any.whl\n")
        inputs = read_inputs(["r.in"], [], [], [], False, _printer())
        inputs.name_sources(_no_builds)
        assert str(inputs.requirements[0].requirement.name) == "tiny-pkg"

    @pytest.mark.parametrize(
        ("line", "name"),
        [
            ("http://127.0.0.1/files/a_b-1.0.tar.gz", "a-b"),
            ("./project", "stated"),
            ("-e ./project", "stated"),
            ("http://127.0.0.1/files/thing.tar.gz#egg=Named", "named"),
        ],
    )
    def test_names_without_a_build(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, name: str
    ) -> None:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "project").mkdir()
        (tmp_path / "project" / "pyproject.toml").write_text("[project]\nname = 'Stated'\n")
        Path("r.in").write_text(line + "\n")
        inputs = read_inputs(["r.in"], [], [], [], False, _printer())
        inputs.name_sources(_no_builds)
        assert [str(r.requirement.name) for r in inputs.requirements] == [name]
        assert inputs.editables == ({PackageName.parse(name)} if line.startswith("-e") else set())

    def test_a_name_only_a_build_tells(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "project").mkdir()
        Path("r.in").write_text("-e ./project\nhttp://127.0.0.1/files/thing\n")
        inputs = read_inputs(["r.in"], [], [], [], False, _printer())
        with pytest.raises(AssertionError, match="no build"):
            inputs.name_sources(_no_builds)
        Path("r.in").write_text("http://127.0.0.1/files/thing\n")
        inputs = read_inputs(["r.in"], [], [], [], False, _printer())
        with pytest.raises(UsageError, match=r"r\.in:1: cannot tell the name"):
            inputs.name_sources(_no_builds)

    def test_dynamic_dependencies_wait_for_a_build(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        Path("pyproject.toml").write_text("[project]\nname='x'\ndynamic=['dependencies']\n")
        inputs = read_inputs(["pyproject.toml"], [], [], [], False, _printer())
        assert inputs.dynamic == [("pyproject.toml", [], False)]
        assert inputs.requirements == []

    def test_preferences_are_the_exact_pins(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        Path("out.txt").write_text("# header\na==1.0\n    # via -r r.in\nb>=2\nc===3\n")
        assert [str(pin) for pin in read_preferences("out.txt")] == ["a==1.0", "c===3"]
        assert read_preferences("missing.txt") == []
        assert read_preferences(None) == []


def _no_builds() -> BuildDispatch:
    raise AssertionError("no build in this test")
