"""`puffin pip-sync` against a loopback index: installs, no-ops, removals, hashes, errors."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
from pathlib import Path
from textwrap import dedent

import pytest

from puffin_index import PackageIndex, build_wheel, make_venv, python, site_packages, sync, tree
from puffin_test_support import Context


@pytest.fixture
def index(package_index: PackageIndex) -> PackageIndex:
    """foo 1.0 (needs bar, has a `foo` script) and 2.0, bar 1.0, baz 1.0."""
    package_index.add("foo", "1.0", requires=["bar>=1"], entry_points={"foo": "foo:main"})
    package_index.add("foo", "2.0")
    package_index.add("bar", "1.0")
    package_index.add("baz", "1.0")
    return package_index


def write(context: Context, name: str, text: str) -> Path:
    path = context.temp_dir / name
    path.write_text(dedent(text))
    return path


def test_sync_into_a_fresh_venv(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    write(context, "requirements.txt", "foo==1.0\nbar==1.0\n")
    assert sync(context, index, "requirements.txt") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 2 packages in [TIME]
        Downloaded 2 packages in [TIME]
        Installed 2 packages in [TIME]
         + bar==1.0
         + foo==1.0
        """)
    assert python(venv, "import foo, bar; print(foo.VERSION, bar.VERSION)") == "1.0 1.0\n"
    script = subprocess.run([str(venv / "bin" / "foo")], capture_output=True, text=True)
    assert script.stdout == "foo 1.0\n"
    info = site_packages(venv) / "foo-1.0.dist-info"
    assert (info / "INSTALLER").read_text() == "puffin\n"
    assert (info / "REQUESTED").exists() and not (info / "direct_url.json").exists()


def test_second_sync_does_nothing_and_asks_nothing(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    write(context, "requirements.txt", "foo==1.0\nbar==1.0\n")
    assert sync(context, index, "requirements.txt").startswith("exit_code: 0\n")
    requests = index.count()
    assert sync(context, index, "requirements.txt") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 2 packages in [TIME]
        Audited 2 packages in [TIME]
        """)
    assert index.count() == requests


def test_extraneous_packages_are_removed(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    write(context, "all.txt", "foo==1.0\nbar==1.0\n")
    write(context, "less.txt", "bar==1.0\n")
    assert sync(context, index, "all.txt").startswith("exit_code: 0\n")
    assert sync(context, index, "less.txt") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 1 package in [TIME]
        Uninstalled 1 package in [TIME]
         - foo==1.0
        """)
    assert not (venv / "bin" / "foo").exists()
    assert not list(site_packages(venv).glob("foo*"))


def test_version_change_then_reinstall(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    write(context, "one.txt", "foo==1.0\nbar==1.0\n")
    write(context, "two.txt", "foo==2.0\nbar==1.0\n")
    assert sync(context, index, "one.txt").startswith("exit_code: 0\n")
    assert sync(context, index, "two.txt") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 2 packages in [TIME]
        Downloaded 1 package in [TIME]
        Uninstalled 1 package in [TIME]
        Installed 1 package in [TIME]
         - foo==1.0
         + foo==2.0
        """)
    # From the cache: nothing is downloaded again.
    assert sync(context, index, "two.txt", "--reinstall-package", "foo") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 2 packages in [TIME]
        Uninstalled 1 package in [TIME]
        Installed 1 package in [TIME]
         - foo==2.0
         + foo==2.0
        """)
    transcript = sync(context, index, "two.txt", "--reinstall", "--link-mode", "copy")
    assert "Installed 2 packages" in transcript


def test_hash_mismatch_installs_nothing(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    bar = hashlib.sha256((index.directory / "bar-1.0-py3-none-any.whl").read_bytes()).hexdigest()
    foo = hashlib.sha256((index.directory / "foo-2.0-py3-none-any.whl").read_bytes()).hexdigest()
    wrong = "0" * 64
    write(
        context,
        "requirements.txt",
        f"bar==1.0 --hash=sha256:{bar}\nfoo==2.0 --hash=sha256:{wrong}\n",
    )
    context.add_filter(wrong, "[EXPECTED]")
    context.add_filter(foo, "[ACTUAL]")
    before = tree(venv)
    assert sync(context, index, "requirements.txt") == (
        "exit_code: 1\n"
        "----- stdout -----\n"
        "----- stderr -----\n"
        "Resolved 2 packages in [TIME]\n"
        "error: hash mismatch for foo-2.0-py3-none-any.whl (requirements.txt:2): "
        "expected sha256:[EXPECTED], got sha256:[ACTUAL]\n"
    )
    assert tree(venv) == before


def test_require_hashes_names_the_line_without_one(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    write(context, "requirements.txt", "bar==1.0\n")
    assert sync(context, index, "requirements.txt", "--require-hashes") == (
        "exit_code: 1\n"
        "----- stdout -----\n"
        "----- stderr -----\n"
        "error: bar==1.0 (requirements.txt:1): hashes are required (--require-hashes, or "
        "another requirement has --hash), but this requirement has none\n"
    )


def test_requirements_must_be_pinned(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    write(context, "requirements.txt", "bar>=1.0\n")
    transcript = sync(context, index, "requirements.txt")
    assert transcript.startswith("exit_code: 1\n")
    assert "error: bar>=1.0 (requirements.txt:1): it is not pinned" in transcript


def test_source_distribution_only(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    sdist = index.directory / "qux-1.0.tar.gz"
    sdist.write_bytes(b"not built here")
    index.add_file("qux", sdist)
    error = (
        "error: failed to build qux==1.0: cannot unpack qux-1.0.tar.gz: the archive is corrupt"
        " or truncated (file could not be opened successfully)\n"
    )
    assert (
        sync(context, index, "-", stdin="qux==1.0\n")
        == dedent("""\
        exit_code: 1
        ----- stdout -----
        ----- stderr -----
        Resolved 1 package in [TIME]
        """)
        + error
    )


def test_dry_run_changes_nothing(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    write(context, "one.txt", "foo==1.0\nbar==1.0\n")
    assert sync(context, index, "one.txt").startswith("exit_code: 0\n")
    before = tree(venv)
    assert sync(context, index, "-", "--dry-run", stdin="foo==2.0\nbaz==1.0\n") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 2 packages in [TIME]
        Would download 2 packages
        Would uninstall 2 packages
        Would install 2 packages
         - bar==1.0
         + baz==1.0
         - foo==1.0
         + foo==2.0
        """)
    assert tree(venv) == before


def test_strict_reports_missing_dependencies(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    transcript = sync(context, index, "-", "--strict", stdin="foo==1.0\n")
    assert transcript.startswith("exit_code: 0\n")
    assert "warning: foo==1.0 requires bar>=1, but bar is not installed" in transcript


def test_seed_packages_stay_in_a_venv_puffin_did_not_make(
    context: Context, index: PackageIndex
) -> None:
    venv = make_venv(context)
    config = venv / "pyvenv.cfg"
    config.write_text(
        "".join(line for line in config.read_text().splitlines(True) if "puffin" not in line)
    )
    for name in ("pip", "other"):
        info = site_packages(venv) / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Name: {name}\nVersion: 1.0\n\n")
        (info / "RECORD").write_text(f"{info.name}/METADATA,,\n{info.name}/RECORD,,\n")
    transcript = sync(context, index, "-", stdin="bar==1.0\n")
    assert transcript.endswith(" + bar==1.0\n - other==1.0\n"), transcript
    assert (site_packages(venv) / "pip-1.0.dist-info").is_dir()


def test_find_links_without_index(context: Context, tmp_path: Path) -> None:
    venv = make_venv(context)
    wheels = tmp_path / "wheels"
    build_wheel(wheels, "local", "3.0")
    transcript = context.run(
        "pip-sync", "-", "--no-index", "--find-links", wheels, stdin="local==3.0\n"
    )
    assert transcript.endswith("Installed 1 package in [TIME]\n + local==3.0\n"), transcript
    assert python(venv, "import local; print(local.VERSION)") == "3.0\n"


def test_path_wheel_is_recorded_with_its_url(context: Context, tmp_path: Path) -> None:
    venv = make_venv(context)
    wheel = build_wheel(tmp_path / "dist", "local", "3.0")
    context.add_filter(str(tmp_path / "dist"), "[DIST]")
    transcript = context.run("pip-sync", "-", "--no-index", stdin=f"local @ {wheel.as_uri()}\n")
    assert transcript.endswith(" + local @ file://[DIST]/local-3.0-py3-none-any.whl\n"), transcript
    info = site_packages(venv) / "local-3.0.dist-info"
    assert wheel.as_uri() in (info / "direct_url.json").read_text()


def test_no_virtual_environment(context: Context) -> None:
    write(context, "requirements.txt", "foo==1.0\n")
    assert context.run("pip-sync", "requirements.txt") == (
        "exit_code: 1\n"
        "----- stdout -----\n"
        "----- stderr -----\n"
        "error: no virtual environment found; run `puffin venv` first\n"
        "  Caused by: no interpreter found: VIRTUAL_ENV and CONDA_PREFIX are not set and "
        "there is no .venv in [TEMP_DIR] or a parent (system interpreters not allowed)\n"
    )


def test_unreachable_index_is_one_line(context: Context) -> None:
    make_venv(context)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context.add_filter(str(port), "[PORT]")
    context.env["PUFFIN_HTTP_TIMEOUT"] = "5"
    url = f"http://127.0.0.1:{port}/simple"
    assert context.run("pip-sync", "-", "-i", url, stdin="foo==1.0\n") == (
        "exit_code: 1\n"
        "----- stdout -----\n"
        "----- stderr -----\n"
        "Resolved 1 package in [TIME]\n"
        "error: could not fetch http://127.0.0.1:[PORT]/simple/foo/: connection refused "
        "(tried 3 times)\n"
    )


def test_needs_a_requirements_file(context: Context) -> None:
    assert context.run("pip-sync") == dedent("""\
        exit_code: 1
        ----- stdout -----
        ----- stderr -----
        error: pip-sync needs a requirements file (or - for standard input)
        """)


def test_installs_into_the_active_environment(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    elsewhere = context.temp_dir / "elsewhere"
    elsewhere.mkdir()
    context.env["VIRTUAL_ENV"] = str(venv)
    context.add_filter(f"{index.url.rsplit('/', 1)[0]}", "[INDEX]")
    result = subprocess.run(
        context.command("pip-sync", "-", "-i", index.url),
        cwd=elsewhere,
        env=context.env,
        input="bar==1.0\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert os.path.isdir(site_packages(venv) / "bar")


def test_json_index_and_a_yanked_pin(context: Context, tmp_path: Path) -> None:
    make_venv(context)
    with PackageIndex(tmp_path / "json-files", json=True) as index:
        index.add("old", "1.0", yanked="use 2.0")
        transcript = sync(context, index, "-", stdin="old==1.0\n")
        assert index.count("/simple/old/") == 1
    assert transcript == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 1 package in [TIME]
        warning: old==1.0 is yanked (reason: use 2.0): old-1.0-py3-none-any.whl is installed \
because it is pinned exactly
        Downloaded 1 package in [TIME]
        Installed 1 package in [TIME]
         + old==1.0
        """)


def test_offline_without_a_cache(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    transcript = sync(context, index, "-", "--offline", stdin="bar==1.0\n")
    assert transcript.startswith("exit_code: 1\n"), transcript
    assert "error: bar is not in the cache and the network is off (--offline)" in transcript
    assert index.count() == 0
