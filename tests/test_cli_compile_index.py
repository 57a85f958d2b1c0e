"""`puffin pip-compile`: which index it reads, offline from the cache, and failing indexes."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from textwrap import dedent

import pytest

from puffin_index import PackageIndex, build_wheel
from puffin_test_support import Context


@pytest.fixture
def index(package_index: PackageIndex) -> PackageIndex:
    """foo 1.0 (needs bar) and bar 1.0, 2.0."""
    package_index.add("foo", "1.0", requires=["bar"])
    package_index.add("bar", "1.0")
    package_index.add("bar", "2.0")
    return package_index


PINS = dedent("""\
    bar==2.0
        # via foo
    foo==1.0
        # via -r requirements.in
    """)


def _compile(context: Context, *args: str, env: dict[str, str] | None = None) -> str:
    (context.temp_dir / "requirements.in").write_text("foo\n")
    if env:
        context.env.update(env)
    return context.run("pip-compile", "requirements.in", "--no-header", *args)


def _ok(transcript: str) -> str:
    assert transcript.startswith("exit_code: 0\n"), transcript
    return transcript.split("----- stdout -----\n", 1)[1].split("----- stderr -----\n", 1)[0]


def test_index_url_flag(context: Context, index: PackageIndex) -> None:
    assert _ok(_compile(context, "--index-url", index.url)) == PINS


def test_pip_index_url_variable(context: Context, index: PackageIndex) -> None:
    assert _ok(_compile(context, env={"PIP_INDEX_URL": index.url})) == PINS


def test_puffin_index_url_variable_wins_over_pip(context: Context, index: PackageIndex) -> None:
    env = {"PUFFIN_INDEX_URL": index.url, "PIP_INDEX_URL": "http://127.0.0.1:9/simple"}
    assert _ok(_compile(context, env=env)) == PINS


def test_pip_config_file(context: Context, index: PackageIndex) -> None:
    config = context.temp_dir / "pip.conf"
    config.write_text(f"[global]\nindex-url = {index.url}\n")
    assert _ok(_compile(context, env={"PIP_CONFIG_FILE": str(config)})) == PINS


def test_no_index_with_find_links(context: Context, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    build_wheel(wheels, "foo", "1.0", requires=["bar"])
    build_wheel(wheels, "bar", "2.0")
    # The configured index is unreachable: --no-index must not ask it anything.
    env = {"PIP_INDEX_URL": "http://127.0.0.1:9/simple"}
    pins = _ok(_compile(context, "--no-index", "--find-links", str(wheels), env=env))
    assert pins == PINS


def test_warm_offline_compile_gives_the_same_pins(context: Context, index: PackageIndex) -> None:
    online = _ok(_compile(context, "--index-url", index.url))
    requests = index.count()
    offline = _ok(_compile(context, "--index-url", index.url, "--offline"))
    assert offline == online
    assert index.count() == requests


def test_offline_with_an_empty_cache_names_what_is_missing(
    context: Context, index: PackageIndex
) -> None:
    transcript = _compile(context, "--index-url", index.url, "--offline")
    assert transcript.startswith("exit_code: 1\n")
    stderr = transcript.split("----- stderr -----\n", 1)[1]
    assert stderr.startswith("error: ") and "foo" in stderr
    assert index.count() == 0


def _closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port: int = listener.getsockname()[1]
    return port


def test_unreachable_index_fails_fast_with_one_line(context: Context) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/simple"
    output = context.temp_dir / "requirements.txt"
    started = time.monotonic()
    transcript = _compile(context, "--index-url", url, "-o", str(output))
    assert time.monotonic() - started < 30
    assert transcript.startswith("exit_code: 1\n"), transcript
    stderr = transcript.split("----- stderr -----\n", 1)[1]
    assert stderr.startswith("error: ") and "127.0.0.1" in stderr, stderr
    assert "Traceback" not in stderr
    assert not output.exists()


def test_a_silent_index_times_out(context: Context) -> None:
    """A server that accepts connections and never answers: the timeout ends the wait."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/simple"
        context.env["PUFFIN_HTTP_TIMEOUT"] = "2"
        started = time.monotonic()
        transcript = _compile(context, "--index-url", url)
        assert time.monotonic() - started < 30
    assert transcript.startswith("exit_code: 1\n"), transcript
    assert "Traceback" not in transcript


def test_clean_empties_the_cache(context: Context, index: PackageIndex) -> None:
    _ok(_compile(context, "--index-url", index.url))
    assert any(context.cache_dir.iterdir())
    result = context.process("clean")
    assert result.returncode == 0, result.stderr
    assert not context.cache_dir.exists() or not any(
        path.is_file() and path.name != "CACHEDIR.TAG" for path in context.cache_dir.rglob("*")
    )
