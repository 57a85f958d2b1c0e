"""The whole command over fake tools: tables, n/a rows, failures, pins that differ, JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from puffin_bench import InvalidOption, install_stamp, main, resolve_sets

# One script plays every tool, by the name it is called with. Pins it writes come from
# files next to it: `uv-pins` and `puffin-pins`; `puffin-mode` can be "no-compile" or "fail".
FAKE_TOOL = r"""
import os, shutil, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
tool, args = sys.argv[1], sys.argv[2:]


def flag(name):
    return args[args.index(name) + 1]


def make_venv(path):
    bin_dir = Path(path) / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "bin" / "python", bin_dir / "python")


def installed(python):
    return Path(python).parent.parent / "installed.txt"


mode = (HERE / "puffin-mode").read_text().strip() if (HERE / "puffin-mode").exists() else ""
if args == ["--version"]:
    print(f"{tool} 0.0.0")
elif tool == "puffin" and args[0] == "pip-compile" and mode == "no-compile":
    print("error: argument COMMAND: invalid choice: 'pip-compile'", file=sys.stderr)
    sys.exit(2)
elif "--help" in args:
    print("usage")
elif tool == "puffin" and args[0] == "pip-compile" and mode == "fail":
    print("resolving...\nerror: no version of sphinx matches\n", file=sys.stderr)
    sys.exit(1)
elif args[0] == "venv":
    make_venv(args[1])
elif args[:2] == ["pip", "compile"] or args[0] == "pip-compile" or tool == "pip-compile":
    if "--offline" in args and not (Path(flag("--cache-dir")) / "filled").exists():
        print("error: offline and nothing cached", file=sys.stderr)
        sys.exit(1)
    (Path(flag("--cache-dir")) / "filled").write_text("")
    source = "puffin-pins" if tool == "puffin" else "uv-pins"
    Path(flag("-o")).write_text((HERE / source).read_text())
elif args[:2] == ["pip", "sync"] or args[0] == "pip-sync" or tool == "pip-sync":
    pins = args[2] if args[0] == "pip" else (args[0] if tool == "pip-sync" else args[1])
    python = flag("--python-executable") if tool == "pip-sync" else flag("--python")
    shutil.copy(pins, installed(python))
elif args[:2] == ["pip", "freeze"]:
    print(installed(flag("--python")).read_text(), end="")
else:
    print(f"fake {tool}: unexpected {args}", file=sys.stderr)
    sys.exit(3)
"""


@dataclass
class FakeCheckout:
    """A checkout with dist/, ../shared/bench sets and a benchmark venv of fake tools."""

    root: Path
    venv: Path

    def set_mode(self, mode: str) -> None:
        (self.venv / "puffin-mode").write_text(mode)

    def set_pins(self, tool: str, text: str) -> None:
        (self.venv / f"{tool}-pins").write_text(text)


def _script(path: Path, body: str) -> None:
    path.write_text(body)
    path.chmod(0o755)


@pytest.fixture
def fake_checkout(tmp_path: Path) -> FakeCheckout:
    root = tmp_path / "work" / "main"
    dist = root / "dist"
    dist.mkdir(parents=True)
    (dist / "puffin_cli-0.1.0-py3-none-any.whl").write_bytes(b"not really a wheel")
    sets = tmp_path / "work" / "shared" / "bench"
    sets.mkdir(parents=True)
    (sets / "trio.in").write_text("a\nb\n")
    (sets / "jupyter.in").write_text("jupyter\n")
    venv = root / ".bench" / "venv"
    bin_dir = venv / "bin"
    bin_dir.mkdir(parents=True)
    (venv / "fake_tool.py").write_text(FAKE_TOOL)
    _script(bin_dir / "python", f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    for tool in ("puffin", "uv", "pip-compile", "pip-sync"):
        _script(
            bin_dir / tool,
            f'#!/bin/sh\nexec {sys.executable} {venv / "fake_tool.py"} {tool} "$@"\n',
        )
    # The stamp matches: prepare() installs nothing.
    (venv / ".puffin-bench-stamp").write_text(install_stamp(sorted(dist.glob("*.whl"))))
    checkout = FakeCheckout(root=root, venv=venv)
    checkout.set_pins("uv", "# by uv\na==1\n    # via x\nb==2\n")
    checkout.set_pins("puffin", "a==1\nB==2\n")
    return checkout


def _run(checkout: FakeCheckout, *args: str) -> int:
    return main(["--root", str(checkout.root), "--runs", "2", *args])


class TestMain:
    def test_compile_tables_when_the_tools_agree(
        self, fake_checkout: FakeCheckout, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert _run(fake_checkout, "--only", "compile", "--sets", "trio") == 0
        out = capsys.readouterr().out
        assert "### compile trio" in out
        assert "| benchmark | puffin | uv | pip-tools | puffin/uv | puffin mem | uv mem |" in out
        for label in ("compile, cold cache", "compile, warm cache", "--offline"):
            assert label in out
        assert "pins differ" not in out
        assert "failed" not in out

    def test_puffin_without_pip_compile_is_not_applicable(
        self, fake_checkout: FakeCheckout, capsys: pytest.CaptureFixture[str]
    ) -> None:
        fake_checkout.set_mode("no-compile")
        assert _run(fake_checkout, "--only", "compile", "--sets", "trio") == 0
        out = capsys.readouterr().out
        row = next(line for line in out.splitlines() if line.startswith("| compile, cold"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1] == "n/a (puffin has no pip-compile yet)"
        assert cells[2].endswith("ms")
        assert cells[4] == "—"

    def test_failed_puffin_run_shows_the_last_stderr_line(
        self, fake_checkout: FakeCheckout, capsys: pytest.CaptureFixture[str]
    ) -> None:
        fake_checkout.set_mode("fail")
        assert _run(fake_checkout, "--only", "compile", "--sets", "trio") == 0
        out = capsys.readouterr().out
        assert "- puffin failed (compile, cold cache): error: no version of sphinx matches" in out

    def test_pins_that_differ_are_listed_under_the_table(
        self, fake_checkout: FakeCheckout, capsys: pytest.CaptureFixture[str]
    ) -> None:
        fake_checkout.set_pins("puffin", "a==1\nb==3\nc==1\n")
        assert _run(fake_checkout, "--only", "compile", "--sets", "trio") == 0
        out = capsys.readouterr().out
        expected = (
            "- pins differ from uv's: only puffin: c==1; different: b (puffin 3, uv 2) "
            "(compile, cold cache; compile, warm cache; compile, warm cache, --offline)"
        )
        assert expected in out

    def test_pip_tools_column_and_note(
        self, fake_checkout: FakeCheckout, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert _run(fake_checkout, "--only", "compile", "--sets", "trio", "--pip-tools") == 0
        out = capsys.readouterr().out
        row = next(line for line in out.splitlines() if line.startswith("| compile, warm cache |"))
        assert row.split("|")[4].strip().endswith("ms")
        assert "n/a (no offline mode)" in out
        assert "pip-compile has no --exclude-newer" in out

    def test_version_venv_and_sync(
        self, fake_checkout: FakeCheckout, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        report = tmp_path / "figures.json"
        code = _run(
            fake_checkout,
            *("--only", "version", "--only", "venv", "--only", "sync", "--json", str(report)),
        )
        assert code == 0
        out = capsys.readouterr().out
        assert "### start-up" in out
        assert "puffin --version minus python -c pass" in out
        assert "### venv" in out
        assert "### sync jupyter" in out
        for label in ("sync, cold cache", "sync, warm cache", "sync, no-op"):
            assert label in out
        assert "environment differs" not in out
        data = json.loads(report.read_text())
        assert [table["title"] for table in data["tables"]] == ["start-up", "venv", "sync jupyter"]
        first = data["tables"][0]["rows"][0]
        assert first["uv"]["runs"] == 2
        assert len(first["uv"]["times"]) == 2

    def test_no_wheels_is_a_setup_error(
        self, fake_checkout: FakeCheckout, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for wheel in (fake_checkout.root / "dist").glob("*.whl"):
            wheel.unlink()
        assert _run(fake_checkout, "--only", "version") == 1
        assert "run `make wheels` first" in capsys.readouterr().err


class TestResolveSets:
    def test_names_in_order(self, tmp_path: Path) -> None:
        for name in ("trio", "jupyter"):
            (tmp_path / f"{name}.in").write_text("x\n")
        paths = resolve_sets(tmp_path, "trio, jupyter")
        assert [path.stem for path in paths] == ["trio", "jupyter"]

    def test_unknown_set(self, tmp_path: Path) -> None:
        (tmp_path / "trio.in").write_text("x\n")
        with pytest.raises(InvalidOption, match=r"invalid --sets value 'nope'.*sets there: trio"):
            resolve_sets(tmp_path, "nope")
