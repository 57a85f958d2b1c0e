"""`puffin pip-uninstall`: packages go, leaving no file behind."""

from __future__ import annotations

from textwrap import dedent

from puffin_index import PackageIndex, make_venv, python, sync, tree
from puffin_test_support import Context


def test_uninstall_leaves_no_file_behind(context: Context, package_index: PackageIndex) -> None:
    package_index.add("foo", "1.0", entry_points={"foo": "foo:main"})
    package_index.add("bar", "1.0")
    venv = make_venv(context)
    before = tree(venv)
    assert sync(context, package_index, "-", stdin="foo==1.0\nbar==1.0\n").startswith(
        "exit_code: 0\n"
    )
    python(venv, "import foo, bar")  # leaves __pycache__ entries to remove too
    assert context.run("pip-uninstall", "foo", "BAR", "missing") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        warning: Skipping missing as it is not installed
        Uninstalled 2 packages in [TIME]
         - bar==1.0
         - foo==1.0
        """)
    assert tree(venv) == before


def test_uninstall_from_a_requirements_file(context: Context, package_index: PackageIndex) -> None:
    package_index.add("foo", "1.0")
    package_index.add("bar", "1.0")
    make_venv(context)
    assert sync(context, package_index, "-", stdin="foo==1.0\nbar==1.0\n").startswith(
        "exit_code: 0\n"
    )
    (context.temp_dir / "remove.txt").write_text("foo==1.0\n")
    transcript = context.run("pip-uninstall", "-r", "remove.txt")
    assert transcript.endswith("Uninstalled 1 package in [TIME]\n - foo==1.0\n"), transcript
    assert context.run("pip-freeze").splitlines()[2] == "bar==1.0"


def test_nothing_installed(context: Context) -> None:
    make_venv(context)
    assert context.run("pip-uninstall", "foo") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        warning: Skipping foo as it is not installed
        warning: No packages to uninstall
        """)


def test_needs_packages(context: Context) -> None:
    assert context.run("pip-uninstall") == dedent("""\
        exit_code: 1
        ----- stdout -----
        ----- stderr -----
        error: pip-uninstall needs package names or -r FILE
        """)
