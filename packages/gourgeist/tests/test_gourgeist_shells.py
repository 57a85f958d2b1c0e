"""The activation scripts, sourced by real shells (each skipped when not installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gourgeist import CreatedVenv, InterpreterFacts, create_venv

# Quotes, a dollar sign, a space and a placeholder-like part: every script must keep them.
AWKWARD_NAME = "it's a $HOME {{VIRTUAL_ENV}}"
AWKWARD_PROMPT = "pr'o\"m$pt"


def _shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "_OLD_"))}
    env.pop("PYTHONHOME", None)
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(
        args, capture_output=True, text=True, timeout=60, env=env or _clean_env(), cwd=cwd
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def venv(tmp_path: Path) -> CreatedVenv:
    return create_venv(tmp_path / AWKWARD_NAME, InterpreterFacts.current(), prompt=AWKWARD_PROMPT)


class TestBash:
    def test_activate_and_deactivate(self, venv: CreatedVenv) -> None:
        script = """
            PS1='$ '
            old="$PATH"
            source "$1/bin/activate"
            printf '%s\\n' "$VIRTUAL_ENV" "$VIRTUAL_ENV_PROMPT" "$PS1" "$(command -v python)"
            [ -z "${PYTHONHOME+x}" ] && echo no-pythonhome
            deactivate
            [ "$PATH" = "$old" ] && echo path-restored
            printf '%s\\n' "$PS1" "$PYTHONHOME"
            declare -F deactivate >/dev/null || echo deactivate-gone
        """
        out = _run(["bash", "-c", script, "bash", str(venv.root)], _clean_env(PYTHONHOME="/x"))
        assert out.splitlines() == [
            str(venv.root),
            AWKWARD_PROMPT,
            f"({AWKWARD_PROMPT}) $ ",
            str(venv.executable),
            "no-pythonhome",
            "path-restored",
            "$ ",
            "/x",
            "deactivate-gone",
        ]

    def test_disable_prompt(self, venv: CreatedVenv) -> None:
        script = 'PS1="$ "; source "$1/bin/activate"; echo "$PS1"'
        env = _clean_env(VIRTUAL_ENV_DISABLE_PROMPT="1")
        assert _run(["bash", "-c", script, "bash", str(venv.root)], env) == "$ \n"

    def test_activating_another_environment_switches(self, tmp_path: Path) -> None:
        first = create_venv(tmp_path / "first", InterpreterFacts.current())
        second = create_venv(tmp_path / "second", InterpreterFacts.current())
        script = """
            old="$PATH"
            source "$1/bin/activate"
            source "$2/bin/activate"
            echo "$VIRTUAL_ENV"
            command -v python
            deactivate
            [ "$PATH" = "$old" ] && echo path-restored
        """
        out = _run(["bash", "-c", script, "bash", str(first.root), str(second.root)])
        assert out.splitlines() == [str(second.root), str(second.executable), "path-restored"]

    def test_running_instead_of_sourcing_fails(self, venv: CreatedVenv) -> None:
        result = subprocess.run(
            ["bash", str(venv.bin_dir / "activate")], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 33
        assert "only works when sourced" in result.stderr


class TestZsh:
    def test_activate_and_deactivate(self, venv: CreatedVenv) -> None:
        zsh = _shell("zsh")
        script = """
            PS1='%% '
            old="$PATH"
            source "$1/bin/activate"
            printf '%s\\n' "$VIRTUAL_ENV" "$PS1" "$(command -v python)"
            deactivate
            [ "$PATH" = "$old" ] && echo path-restored
            printf '%s\\n' "$PS1"
        """
        out = _run([zsh, "-f", "-c", script, "zsh", str(venv.root)])
        assert out.splitlines() == [
            str(venv.root),
            f"({AWKWARD_PROMPT}) %% ",
            str(venv.executable),
            "path-restored",
            "%% ",
        ]


class TestFish:
    def test_activate_and_deactivate(self, venv: CreatedVenv) -> None:
        fish = _shell("fish")
        script = """
            set old $PATH
            source $argv[1]/bin/activate.fish
            printf '%s\\n' $VIRTUAL_ENV $VIRTUAL_ENV_PROMPT (command -v python)
            fish_prompt | string match -q -- "($VIRTUAL_ENV_PROMPT) *"; and echo prompt-set
            deactivate
            test (string join : $PATH) = (string join : $old); and echo path-restored
            set -q VIRTUAL_ENV; or echo unset
            functions -q deactivate; or echo deactivate-gone
        """
        out = _run([fish, "--no-config", "-c", script, str(venv.root)])
        assert out.splitlines() == [
            str(venv.root),
            AWKWARD_PROMPT,
            str(venv.executable),
            "prompt-set",
            "path-restored",
            "unset",
            "deactivate-gone",
        ]


class TestCsh:
    def test_activate_and_deactivate(self, venv: CreatedVenv, tmp_path: Path) -> None:
        tcsh = _shell("tcsh")
        # One command line is parsed before it runs, so the alias needs a script of lines.
        script = tmp_path / "check.csh"
        script.write_text(
            'set prompt="> "\n'
            'set old="$PATH:q"\n'
            'source "$VENV/bin/activate.csh"\n'
            'echo "$VIRTUAL_ENV"\n'
            'echo "$prompt"\n'
            "which python\n"
            "deactivate\n"
            'if ("$PATH" == "$old") echo path-restored\n'
            "if (! $?VIRTUAL_ENV) echo unset\n"
            'echo "$prompt"\n'
        )
        out = _run([tcsh, "-f", str(script)], _clean_env(VENV=str(venv.root)))
        assert out.splitlines() == [
            str(venv.root),
            f"({AWKWARD_PROMPT}) > ",
            str(venv.executable),
            "path-restored",
            "unset",
            "> ",
        ]


class TestNushell:
    def test_overlay_and_deactivate(self, venv: CreatedVenv, tmp_path: Path) -> None:
        nu = _shell("nu")
        activate = str(venv.bin_dir / "activate.nu")
        quoted = '"' + activate.replace("\\", "\\\\").replace('"', '\\"') + '"'
        script = tmp_path / "check.nu"
        script.write_text(
            "let old = $env.PATH\n"
            f"overlay use {quoted}\n"
            "print $env.VIRTUAL_ENV\n"
            "print (which python | get path.0)\n"
            "let expected = (['(' $env.VIRTUAL_ENV_PROMPT ') '] | str join)\n"
            "print ((do $env.PROMPT_COMMAND) | str starts-with $expected)\n"
            "deactivate\n"
            "print ($env.PATH == $old)\n"
            "print ('VIRTUAL_ENV' in $env)\n"
        )
        out = _run([nu, "--no-config-file", str(script)])
        assert out.splitlines() == [
            str(venv.root),
            str(venv.executable),
            "true",
            "true",
            "false",
        ]


class TestActivateThis:
    def test_exec_in_a_running_interpreter(self, venv: CreatedVenv) -> None:
        (venv.site_packages / "marker_mod.py").write_text("VALUE = 42\n")
        script = (
            "import os, sys\n"
            "path = sys.argv[1]\n"
            "exec(open(path).read(), {'__file__': path})\n"
            "import marker_mod\n"
            "print(marker_mod.VALUE)\n"
            "print(sys.prefix)\n"
            "print(sys.path[0])\n"
            "print(os.environ['VIRTUAL_ENV'])\n"
            "print(os.environ['VIRTUAL_ENV_PROMPT'])\n"
            "print(os.environ['PATH'].split(os.pathsep)[0])\n"
        )
        out = _run([sys.executable, "-c", script, str(venv.bin_dir / "activate_this.py")])
        assert out.splitlines() == [
            "42",
            str(venv.root),
            str(venv.site_packages),
            str(venv.root),
            AWKWARD_PROMPT,
            str(venv.bin_dir),
        ]

    def test_needs_file(self, venv: CreatedVenv) -> None:
        code = (venv.bin_dir / "activate_this.py").read_text()
        with pytest.raises(AssertionError, match="needs __file__"):
            exec(code, {})
