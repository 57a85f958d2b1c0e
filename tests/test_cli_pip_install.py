"""`puffin pip-install` against a loopback index: resolve, install, keep what is there."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from puffin_index import PackageIndex, make_venv, python, site_packages, tree
from puffin_test_support import Context


@pytest.fixture
def index(package_index: PackageIndex) -> PackageIndex:
    """foo 1.0 and 2.0 (2.0 needs bar), bar 1.0 and 1.5, baz 1.0."""
    package_index.add("foo", "1.0")
    package_index.add("foo", "2.0", requires=["bar>=1"])
    package_index.add("bar", "1.0")
    package_index.add("bar", "1.5")
    package_index.add("baz", "1.0")
    return package_index


def install(context: Context, index: PackageIndex, *args: str) -> str:
    context.add_filter(f"{index.url.rsplit('/', 1)[0]}", "[INDEX]")
    return context.run("pip-install", *args, "--index-url", index.url)


def test_installs_the_newest_with_dependencies(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    assert install(context, index, "foo") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 2 packages in [TIME]
        Downloaded 2 packages in [TIME]
        Installed 2 packages in [TIME]
         + bar==1.5
         + foo==2.0
        """)
    assert python(venv, "import foo, bar; print(foo.VERSION, bar.VERSION)") == "2.0 1.5\n"


def test_satisfied_requirements_ask_nothing(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    assert install(context, index, "foo").startswith("exit_code: 0\n")
    requests = index.count()
    assert install(context, index, "foo>=1", "bar") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Audited 2 packages in [TIME]
        """)
    assert index.count() == requests


def test_installed_versions_are_kept_and_nothing_is_removed(
    context: Context, index: PackageIndex
) -> None:
    venv = make_venv(context)
    assert install(context, index, "bar==1.0", "baz").startswith("exit_code: 0\n")
    # foo 2.0 needs bar>=1: the installed bar 1.0 does, so it stays; baz is not touched.
    assert install(context, index, "foo") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 2 packages in [TIME]
        Downloaded 1 package in [TIME]
        Installed 1 package in [TIME]
         + foo==2.0
        """)
    assert python(venv, "import bar, baz; print(bar.VERSION, baz.VERSION)") == "1.0 1.0\n"


def test_upgrade_and_downgrade(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    assert install(context, index, "bar==1.0").startswith("exit_code: 0\n")
    assert install(context, index, "-U", "bar") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Resolved 1 package in [TIME]
        Downloaded 1 package in [TIME]
        Uninstalled 1 package in [TIME]
        Installed 1 package in [TIME]
         - bar==1.0
         + bar==1.5
        """)
    assert install(context, index, "bar<1.5").splitlines()[-2:] == [" - bar==1.5", " + bar==1.0"]


def test_uninstall_then_install_restores_every_file(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    assert install(context, index, "bar==1.0").startswith("exit_code: 0\n")
    before = tree(site_packages(venv))
    assert context.run("pip-uninstall", "bar").startswith("exit_code: 0\n")
    assert not any(path.startswith("bar") for path in tree(site_packages(venv)))
    assert install(context, index, "bar==1.0").startswith("exit_code: 0\n")
    assert tree(site_packages(venv)) == before


def test_requirements_files_and_constraints(context: Context, index: PackageIndex) -> None:
    make_venv(context)
    (context.temp_dir / "r.txt").write_text("foo\n")
    (context.temp_dir / "c.txt").write_text("bar<1.5\n")
    assert install(context, index, "-r", "r.txt", "-c", "c.txt").splitlines()[-2:] == [
        " + bar==1.0",
        " + foo==2.0",
    ]


def test_dry_run_changes_nothing(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    before = tree(site_packages(venv))
    transcript = install(context, index, "foo", "--dry-run")
    assert "Would install 2 packages\n" in transcript
    assert tree(site_packages(venv)) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "error: pip-install needs a package or a requirements file (-r)\n"),
        (("foo>>1",), "error: <command line>:1:"),
        (("-r", "missing.txt"), "error: "),
    ],
)
def test_bad_input_is_one_line(
    context: Context, index: PackageIndex, args: tuple[str, ...], message: str
) -> None:
    make_venv(context)
    transcript = install(context, index, *args)
    assert transcript.startswith("exit_code: 1\n"), transcript
    stderr = transcript.split("----- stderr -----\n", 1)[1]
    assert stderr.startswith(message) and stderr.count("\n") == 1, stderr


def test_unsatisfiable_is_explained(context: Context, index: PackageIndex) -> None:
    venv = make_venv(context)
    before = tree(site_packages(venv))
    transcript = install(context, index, "foo==2.0", "bar<1")
    assert transcript.startswith("exit_code: 1\n")
    assert "no solution found when resolving dependencies" in transcript
    assert tree(site_packages(venv)) == before


def test_a_missing_package_is_named(context: Context, index: PackageIndex, tmp_path: Path) -> None:
    make_venv(context)
    transcript = install(context, index, "nonexistent")
    assert transcript.startswith("exit_code: 1\n")
    assert "nonexistent" in transcript.split("----- stderr -----\n", 1)[1]
