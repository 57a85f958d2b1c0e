"""`puffin venv`: environments for every CPython on the machine, and its errors."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from textwrap import dedent

import pytest

from puffin_test_support import Context, find_cpythons

CPYTHONS = find_cpythons()


def _check_venv(venv: Path, minor: int) -> None:
    code = (
        "import sys, site; "
        "print(sys.prefix != sys.base_prefix, '%d.%d' % sys.version_info[:2], "
        "site.getsitepackages()[0].startswith(sys.prefix))"
    )
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", f"3.{minor}", "True"]
    shell = f'. "{venv}/bin/activate" && echo "$VIRTUAL_ENV" && command -v python'
    lines = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert lines == [str(venv), str(venv / "bin" / "python")]


@pytest.mark.parametrize("minor", [8, 9, 10, 11, 12, 13])
def test_venv_for_each_cpython(context: Context, minor: int) -> None:
    if minor not in CPYTHONS:
        pytest.skip(f"no CPython 3.{minor} on this machine")
    python = CPYTHONS[minor]
    context.add_filter(r"3\.\d+\.\d+", "[VERSION]")
    context.add_filter(r" at: /\S+", " at: [PYTHON]")
    assert context.run("venv", "env", "--python", python) == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Using Python [VERSION] interpreter at: [PYTHON]
        Creating virtual environment at: env
        Activate with: source env/bin/activate
        """)
    _check_venv(context.temp_dir / "env", minor)
    config = (context.temp_dir / "env" / "pyvenv.cfg").read_text()
    assert "puffin = " in config


def _path_with(context: Context, directory: Path) -> None:
    context.env["PATH"] = f"{directory}{os.pathsep}/usr/bin{os.pathsep}/bin"


def test_venv_version_request(context: Context) -> None:
    if 12 not in CPYTHONS:
        pytest.skip("no CPython 3.12 on this machine")
    bin_dir = context.temp_dir.parent / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3.12").symlink_to(CPYTHONS[12])
    _path_with(context, bin_dir)
    transcript = context.run("venv", "--python", "3.12")
    assert transcript.startswith("exit_code: 0\n"), transcript
    _check_venv(context.temp_dir / ".venv", 12)


def test_venv_through_a_shim_script(context: Context) -> None:
    """A wrapper script (as pyenv installs) stands for the binary it runs."""
    if 13 not in CPYTHONS:
        pytest.skip("no CPython 3.13 on this machine")
    bin_dir = context.temp_dir.parent / "shims"
    bin_dir.mkdir()
    shim = bin_dir / "python3"
    shim.write_text(f'#!/bin/sh\nexec "{CPYTHONS[13]}" "$@"\n')
    shim.chmod(0o755)
    _path_with(context, bin_dir)
    transcript = context.run("venv", "shimmed", "--python", "python3")
    assert transcript.startswith("exit_code: 0\n"), transcript
    assert str(shim) not in os.readlink(context.temp_dir / "shimmed" / "bin" / "python")
    _check_venv(context.temp_dir / "shimmed", 13)


def test_missing_interpreter(context: Context) -> None:
    _path_with(context, context.temp_dir)
    transcript = context.run("venv", "--python", "3.99")
    assert transcript.startswith("exit_code: 1\n")
    assert "error: no interpreter found for `3.99`" in transcript
    assert transcript.count("\n") == 4


def test_missing_interpreter_path(context: Context) -> None:
    assert context.run("venv", "--python", "/nonexistent/python") == dedent("""\
        exit_code: 1
        ----- stdout -----
        ----- stderr -----
        error: no interpreter found for `/nonexistent/python`: /nonexistent/python does not exist
        """)


def test_existing_directory(context: Context) -> None:
    (context.temp_dir / ".venv").mkdir()
    (context.temp_dir / ".venv" / "keep.txt").write_text("mine")
    context.add_filter(r"Using Python .*\n", "")
    assert context.run("venv") == dedent("""\
        exit_code: 1
        ----- stdout -----
        ----- stderr -----
        Creating virtual environment at: .venv
        error: [TEMP_DIR]/.venv already exists and is not empty (use --clear or --allow-existing)
        """)
    assert (context.temp_dir / ".venv" / "keep.txt").read_text() == "mine"
    assert context.run("venv", "--clear").startswith("exit_code: 0\n")
    assert not (context.temp_dir / ".venv" / "keep.txt").exists()


def test_unwritable_path(context: Context) -> None:
    if os.geteuid() == 0:
        # root writes through permission bits; sysfs refuses even root.
        target = "/sys/fs/puffin-env"
    else:
        (context.temp_dir / "locked").mkdir(mode=0o500)
        target = str(context.temp_dir / "locked" / "env")
    context.add_filter(r"Using Python .*\n", "")
    transcript = context.run("venv", target)
    assert transcript.startswith("exit_code: 1\n"), transcript
    assert transcript.endswith(
        f"error: cannot create virtual environment at {target}: Operation not permitted\n"
        if os.geteuid() == 0
        else "denied\n"
    )
    assert transcript.count("\n") == 5


def test_path_is_a_file(context: Context) -> None:
    (context.temp_dir / "afile").write_text("")
    context.add_filter(r"Using Python .*\n", "")
    transcript = context.run("venv", "afile/env")
    assert transcript.startswith("exit_code: 1\n"), transcript
    assert transcript.count("error:") == 1
    assert "afile" in transcript
    assert "Traceback" not in transcript


def test_no_python_on_path(context: Context) -> None:
    empty = context.temp_dir.parent / "empty"
    empty.mkdir()
    context.env["PATH"] = str(empty)
    transcript = context.run("venv")
    assert transcript.startswith("exit_code: 1\n")
    assert "error: no interpreter found" in transcript


def test_shutil_which_is_not_needed() -> None:
    assert shutil.which("bash"), "the activation check needs bash"
