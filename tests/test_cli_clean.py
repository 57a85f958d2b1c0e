"""`puffin clean`: the whole cache, or one package's entries."""

from __future__ import annotations

from textwrap import dedent

from puffin_test_support import Context


def _fill(context: Context) -> None:
    simple = context.cache_dir / "simple-v0" / "pypi"
    simple.mkdir(parents=True)
    (simple / "foo.rkyv").write_bytes(b"x" * 100)
    (simple / "foo-bar.rkyv").write_bytes(b"y" * 10)
    wheels = context.cache_dir / "wheels-v0" / "pypi" / "foo-1.0-py3-none-any"
    wheels.mkdir(parents=True)
    (wheels / "foo.py").write_bytes(b"z" * 20)
    (context.cache_dir / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")


def test_clean_everything(context: Context) -> None:
    _fill(context)
    assert context.run("clean") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Clearing cache at: [CACHE_DIR]
        Removed 4 files (174B)
        """)
    assert not context.cache_dir.exists()


def test_clean_one_package(context: Context) -> None:
    _fill(context)
    assert context.run("clean", "Foo") == dedent("""\
        exit_code: 0
        ----- stdout -----
        ----- stderr -----
        Removed 2 files (120B) for foo
        """)
    assert (context.cache_dir / "simple-v0" / "pypi" / "foo-bar.rkyv").exists()


def test_clean_unknown_package(context: Context) -> None:
    _fill(context)
    assert context.run("clean", "nothere").endswith("No cache entries found for nothere\n")


def test_clean_invalid_name(context: Context) -> None:
    transcript = context.run("clean", "not a name")
    assert transcript.startswith("exit_code: 1\n")
    assert "error: invalid package name 'not a name'" in transcript


def test_clean_missing_cache(context: Context) -> None:
    assert context.run("clean").endswith("No cache found at: [CACHE_DIR]\n")
