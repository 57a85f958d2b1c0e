"""The command under failing servers, corrupt caches, hostile wheels, wrong hashes, bad input.

Every failure must end the command with exit code 1 and one ``error:`` line that names
what is at fault (the URL, the file and line, the wheel member, the digests), well
within the HTTP timeout, with no traceback; nothing may be written outside the
environment and the cache, and nothing broken may stay in the cache.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import stat
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent

import pytest

from puffin_cache import CachedRecord, read_record
from puffin_fault_index import Fault, FaultProxy
from puffin_index import PackageIndex, make_venv, python, site_packages, tree
from puffin_test_support import Context

TIMEOUT = "1"
"""``PUFFIN_HTTP_TIMEOUT`` for the failing-server tests (seconds)."""


@pytest.fixture
def index(package_index: PackageIndex) -> PackageIndex:
    """flask 1.0 (needs six) and six 1.16.0, built here."""
    package_index.add("flask", "1.0", requires=["six>=1"])
    package_index.add("six", "1.16.0")
    return package_index


@pytest.fixture
def proxy(index: PackageIndex) -> Iterator[FaultProxy]:
    with FaultProxy(index.url.rsplit("/", 1)[0]) as proxy:
        yield proxy


def _write(context: Context, name: str, text: str) -> Path:
    path = context.temp_dir / name
    path.write_text(dedent(text))
    return path


def _parts(transcript: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of a transcript."""
    head, _, rest = transcript.partition("\n----- stdout -----\n")
    stdout, _, stderr = rest.partition("----- stderr -----\n")
    return int(head.removeprefix("exit_code: ")), stdout, stderr


def _one_error_line(transcript: str) -> str:
    """The command failed with exit code 1 and one ``error:`` line (after any progress
    lines such as ``Resolved …``); that line."""
    code, _, stderr = _parts(transcript)
    assert code == 1, transcript
    assert "Traceback" not in transcript
    lines = stderr.splitlines()
    assert lines and lines[-1].startswith("error: "), transcript
    assert not any(line.startswith("error: ") for line in lines[:-1]), transcript
    assert not any(line.startswith(" ") for line in lines), transcript
    return lines[-1]


def _ok(transcript: str) -> str:
    code, stdout, _ = _parts(transcript)
    assert code == 0, transcript
    return stdout


# -- failing servers -------------------------------------------------------------------

PAGE = r"/simple/six/$"
WHEEL = r"/files/six-1\.16\.0-py3-none-any\.whl$"

PAGE_FAULTS = [
    pytest.param(Fault.STATUS, "HTTP 500", id="500"),
    pytest.param(Fault.RESET, "connection reset by peer (tried 3 times)", id="reset"),
    pytest.param(Fault.SLOW, f"timed out after {TIMEOUT} s", id="slow"),
    pytest.param(Fault.TRUNCATE, "peer closed connection", id="truncated"),
    pytest.param(Fault.LONG_LENGTH, f"timed out after {TIMEOUT} s", id="long-length"),
    pytest.param(Fault.SHORT_LENGTH, "invalid simple-index response", id="short-length"),
    pytest.param(Fault.GARBAGE, "invalid simple-index response", id="garbage"),
    pytest.param(Fault.REDIRECT_LOOP, "more than 10 redirects", id="redirect-loop"),
]


class TestFailingServer:
    """``puffin pip-compile`` of ``flask`` while the index fails on six's page or wheel."""

    @staticmethod
    def _compile(context: Context, proxy: FaultProxy) -> tuple[str, float]:
        _write(context, "requirements.in", "flask\n")
        context.env["PUFFIN_HTTP_TIMEOUT"] = TIMEOUT
        started = time.monotonic()
        transcript = context.run(
            "pip-compile", "requirements.in", "-o", "requirements.txt", "-i", proxy.index_url
        )
        return transcript, time.monotonic() - started

    @pytest.mark.parametrize(("fault", "reason"), PAGE_FAULTS)
    def test_page_fault_is_one_line_naming_the_url(
        self, context: Context, proxy: FaultProxy, fault: Fault, reason: str
    ) -> None:
        proxy.inject(PAGE, fault, delay=5.0)
        transcript, elapsed = self._compile(context, proxy)
        line = _one_error_line(transcript)
        assert f"{proxy.url}/simple/six/" in line and reason in line, line
        # Never a hang: one timeout (or three quick tries), plus start-up.
        assert elapsed < 2 * float(TIMEOUT) + 3
        assert not (context.temp_dir / "requirements.txt").exists()

    @pytest.mark.parametrize(
        ("fault", "reason"),
        [
            pytest.param(Fault.RESET, "connection reset by peer", id="reset"),
            pytest.param(Fault.NOT_FOUND, "HTTP 404", id="404"),
        ],
    )
    def test_wheel_fault_is_one_line_naming_the_url(
        self, context: Context, proxy: FaultProxy, fault: Fault, reason: str
    ) -> None:
        # The index has no PEP 658 files: six's metadata is read from its wheel.
        proxy.inject(WHEEL, fault, delay=5.0)
        transcript, elapsed = self._compile(context, proxy)
        line = _one_error_line(transcript)
        assert f"{proxy.url}/files/six-1.16.0-py3-none-any.whl" in line and reason in line
        assert elapsed < 2 * float(TIMEOUT) + 3

    @pytest.mark.parametrize("fault", [Fault.GARBAGE, Fault.SHORT_LENGTH])
    def test_garbage_instead_of_a_wheel_is_one_line(
        self, context: Context, proxy: FaultProxy, fault: Fault
    ) -> None:
        proxy.inject(WHEEL, fault)
        transcript, _ = self._compile(context, proxy)
        line = _one_error_line(transcript)
        assert f"{proxy.url}/files/six-1.16.0-py3-none-any.whl" in line

    def test_missing_pep658_file_falls_back_to_the_wheel(
        self, context: Context, index: PackageIndex
    ) -> None:
        with FaultProxy(index.url.rsplit("/", 1)[0], announce_metadata=True) as proxy:
            transcript, _ = self._compile(context, proxy)
            _ok(transcript)
            assert proxy.count(r"\.whl\.metadata$") == 2  # flask's and six's: both 404
            assert proxy.count(r"\.whl$") >= 2
        assert "six==1.16.0" in (context.temp_dir / "requirements.txt").read_text()

    def test_transient_failures_are_retried(self, context: Context, proxy: FaultProxy) -> None:
        proxy.inject(PAGE, Fault.STATUS, times=2)
        proxy.inject(WHEEL, Fault.RESET, times=1)
        transcript, _ = self._compile(context, proxy)
        _ok(transcript)
        assert "six==1.16.0" in (context.temp_dir / "requirements.txt").read_text()
        assert proxy.count(PAGE) == 3

    def test_a_download_cut_off_is_resumed(
        self, context: Context, proxy: FaultProxy, index: PackageIndex
    ) -> None:
        venv = make_venv(context)
        _write(context, "requirements.txt", "six==1.16.0\n")
        proxy.inject(WHEEL, Fault.TRUNCATE, times=1)
        context.env["PUFFIN_HTTP_TIMEOUT"] = TIMEOUT
        _ok(context.run("pip-sync", "requirements.txt", "-i", proxy.index_url))
        assert python(venv, "import six; print(six.VERSION)") == "1.16.0\n"

    def test_a_download_cut_off_every_time(self, context: Context, proxy: FaultProxy) -> None:
        venv = make_venv(context)
        before = tree(venv)
        _write(context, "requirements.txt", "six==1.16.0\n")
        proxy.inject(WHEEL, Fault.TRUNCATE)
        context.env["PUFFIN_HTTP_TIMEOUT"] = TIMEOUT
        line = _one_error_line(context.run("pip-sync", "requirements.txt", "-i", proxy.index_url))
        assert f"{proxy.url}/files/six-1.16.0-py3-none-any.whl" in line
        assert "peer closed connection" in line
        assert tree(venv) == before
        assert not [
            p for p in (context.cache_dir / "wheels-v0").rglob("six*") if p.suffix != ".lock"
        ]


# -- corrupt cache entries -------------------------------------------------------------


def _records(cache: Path, bucket: str) -> list[Path]:
    return sorted(path for path in (cache / bucket).rglob("*.pfcr"))


def _garble(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif how == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"not a record at all\n" * 10)


def _installed_files_complete(venv: Path) -> None:
    """Every file each installed RECORD lists exists with its recorded hash."""
    site = site_packages(venv)
    for record in site.glob("*.dist-info/RECORD"):
        for line in record.read_text().splitlines():
            path, digest, _ = line.rsplit(",", 2)
            target = site / path
            assert target.is_file(), f"{record.parent.name} lists {path}, which is missing"
            if digest:
                algorithm, _, expected = digest.partition("=")
                actual = hashlib.new(algorithm, target.read_bytes()).digest()
                encoded = base64.urlsafe_b64encode(actual).rstrip(b"=").decode()
                assert encoded == expected, f"{path} does not match RECORD"


class TestCorruptCache:
    """A warm cache damaged in place: each broken entry is a miss, fetched and rewritten."""

    @pytest.fixture
    def warm(self, context: Context, index: PackageIndex) -> Context:
        """A cache that holds flask's and six's pages, metadata, unpacked wheels and the
        interpreter's answer."""
        make_venv(context)
        _write(context, "requirements.in", "flask\n")
        _ok(
            context.run("pip-compile", "requirements.in", "-o", "requirements.txt", "-i", index.url)
        )
        _ok(context.run("pip-sync", "requirements.txt", "-i", index.url))
        shutil.rmtree(context.temp_dir / ".venv")
        return context

    def _again(self, context: Context, index: PackageIndex) -> None:
        venv = make_venv(context)
        _ok(
            context.run("pip-compile", "requirements.in", "-o", "requirements.txt", "-i", index.url)
        )
        assert "six==1.16.0" in (context.temp_dir / "requirements.txt").read_text()
        _ok(context.run("pip-sync", "requirements.txt", "-i", index.url))
        assert python(venv, "import flask, six; print(six.VERSION)") == "1.16.0\n"
        _installed_files_complete(venv)

    def test_broken_records_are_misses_and_rewritten(
        self, warm: Context, index: PackageIndex
    ) -> None:
        records = _records(warm.cache_dir, "simple-v0") + _records(
            warm.cache_dir, "wheel-metadata-v0"
        )
        assert len(records) == 4  # two pages, two wheels' metadata
        interpreters = list((warm.cache_dir / "interpreter-v0").glob("*.json"))
        assert interpreters
        damage = ["truncated", "flipped", "empty", "garbage"]
        for number, entry in enumerate(records + interpreters):
            _garble(entry, damage[number % len(damage)])
        requests = index.count()
        self._again(warm, index)
        assert index.count() > requests  # fetched again, not served broken
        for record in records:
            assert CachedRecord.read(record) is not None or read_record(record) is not None
        for entry in interpreters:
            assert entry.read_bytes().startswith(b"{")

    def test_stray_temporary_files_and_odd_answers(
        self, warm: Context, index: PackageIndex
    ) -> None:
        """Leftovers of killed writers (``.tmp-*`` files and half-built directories) in
        every bucket, and an interpreter answer of the wrong shape."""
        for bucket in ("simple-v0", "wheel-metadata-v0", "wheels-v0", "interpreter-v0"):
            for directory in [p for p in (warm.cache_dir / bucket).rglob("*") if p.is_dir()]:
                (directory / ".tmp-0123456789ab-six-1.16.0-py3-none-any.whl").write_bytes(b"PK")
                half = directory / ".tmp-ba9876543210-six-1.16.0-py3-none-any"
                half.mkdir(exist_ok=True)
                (half / "six").mkdir(exist_ok=True)
                (half / "six" / "__init__.py").write_text("raise ImportError('half')\n")
        for entry in (warm.cache_dir / "interpreter-v0").glob("*.json"):
            text = entry.read_text()
            odd = re.sub(r'"answer": \{.*\}$', '"answer": {"markers": 5}}', text)
            assert json.loads(odd)["answer"] == {"markers": 5}
            entry.write_text(odd)
        # A named pipe where a page's record was: read at once as a miss, never waited on.
        (page,) = (warm.cache_dir / "simple-v0").rglob("flask.pfcr")
        page.unlink()
        os.mkfifo(page)
        self._again(warm, index)
        assert page.is_file()

    def _unpacked_six(self, context: Context) -> Path:
        (found,) = (context.cache_dir / "wheels-v0").rglob("six-1.16.0-py3-none-any")
        assert found.is_dir()
        return found

    def test_half_unzipped_wheel_is_a_miss(self, warm: Context, index: PackageIndex) -> None:
        # What another tool leaves: a tree without the digest file puffin writes last.
        (unpacked,) = (warm.cache_dir / "wheels-v0").rglob("six-1.16.0-py3-none-any")
        (unpacked / "six" / "__init__.py").unlink()
        unpacked.with_name(unpacked.name + ".hashes").unlink()
        self._again(warm, index)


# -- hostile wheels --------------------------------------------------------------------


def _hostile_wheel(directory: Path, name: str, members: dict[str, bytes | str]) -> Path:
    """A wheel of *name* 1.0 whose zip holds *members* besides a valid .dist-info (its
    RECORD lists every member). A ``str`` member is a symbolic link to that target."""
    dist_info = f"{name}-1.0.dist-info"
    files: list[tuple[zipfile.ZipInfo, bytes]] = []
    record = io.StringIO()
    for member, content in members.items():
        info = zipfile.ZipInfo(member, date_time=(2020, 2, 2, 0, 0, 0))
        if isinstance(content, str):
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            data = content.encode()
        else:
            info.external_attr = 0o644 << 16
            data = content
        digest = hashlib.sha256(data).digest()
        encoded = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        record.write(f"{member},sha256={encoded},{len(data)}\n")
        files.append((info, data))
    meta = {
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n\n",
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    for member, text in meta.items():
        info = zipfile.ZipInfo(member, date_time=(2020, 2, 2, 0, 0, 0))
        files.append((info, text.encode()))
        record.write(f"{member},,\n")
    record.write(f"{dist_info}/RECORD,,\n")
    files.append((zipfile.ZipInfo(f"{dist_info}/RECORD"), record.getvalue().encode()))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in files:
            archive.writestr(info, data)
    return path


def _outside(root: Path, name: str, *, besides: Path) -> list[Path]:
    """Files named *name* anywhere below *root*, except in the directory *besides*."""
    return [path for path in root.rglob(name) if path.parent != besides]


HOSTILE = [
    pytest.param(
        {"../../../../escaped.py": b"print('escaped')\n"},
        "../../../../escaped.py",
        "'..'",
        id="dot-dot",
    ),
    pytest.param(
        {"/tmp/puffin-escaped-absolute.py": b"x = 1\n"},
        "/tmp/puffin-escaped-absolute.py",
        "absolute path",
        id="absolute",
    ),
    pytest.param({"evil/link.py": "../../../../escaped.py"}, "evil/link.py", "link", id="symlink"),
    pytest.param(
        {"evil/__init__.py": b"a = 1\n", "evil/./__init__.py": b"b = 2\n"},
        "evil/./__init__.py",
        "same path",
        id="duplicate",
    ),
]


class TestHostileWheel:
    """A wheel offered through ``--find-links`` that tries to write outside its place."""

    @pytest.mark.parametrize(
        ("members", "member", "reason", "command"),
        [
            *[pytest.param(*case.values, "pip-sync", id=f"sync-{case.id}") for case in HOSTILE],
            pytest.param(*HOSTILE[0].values, "pip-install", id="install-dot-dot"),
        ],
    )
    def test_refused_with_one_line_and_nothing_written_outside(
        self,
        context: Context,
        tmp_path: Path,
        members: dict[str, bytes | str],
        member: str,
        reason: str,
        command: str,
    ) -> None:
        wheels = tmp_path / "wheels"
        _hostile_wheel(wheels, "evil", members)
        venv = make_venv(context)
        requirement = ["evil==1.0"]
        if command == "pip-sync":
            _write(context, "requirements.txt", "evil==1.0\n")
            requirement = ["requirements.txt"]
        before = tree(tmp_path)
        transcript = context.run(command, *requirement, "--no-index", "--find-links", wheels)
        line = _one_error_line(transcript)
        assert "evil-1.0-py3-none-any.whl" in line and repr(member) in line and reason in line
        # Nothing new anywhere but the cache's own bookkeeping: no escaped file, no package.
        created = {
            path
            for path in tree(tmp_path) - before
            if not path.startswith("cache/") and not path.startswith("cache")
        }
        assert created == set(), created
        assert not (Path("/tmp") / "puffin-escaped-absolute.py").exists()
        assert not _outside(tmp_path, "escaped.py", besides=wheels)
        assert not list(site_packages(venv).glob("evil*"))
        assert not [p for p in context.cache_dir.rglob("*") if "escaped" in p.name]

    def test_a_wheel_failing_late_leaves_the_environment_as_it_was(
        self, context: Context, tmp_path: Path
    ) -> None:
        # Linking starts once every archive is checked, while the others still unpack:
        # a wheel that fails while unpacking (here its last member's CRC, after
        # thousands of good ones) takes out again what the others had linked.
        wheels = tmp_path / "wheels"
        names = [f"good{n}" for n in range(8)]
        for name in names:
            _hostile_wheel(wheels, name, {f"{name}/__init__.py": b"x = 1\n"})
        members: dict[str, bytes | str] = {f"late/m{n}.py": b"x = 1\n" for n in range(3000)}
        members["late/zz.py"] = b"the last member\n"
        wheel = _hostile_wheel(wheels, "late", members)
        data = wheel.read_bytes()
        at = data.rindex(b"the last member")
        wheel.write_bytes(data[:at] + b"T" + data[at + 1 :])  # stored: its CRC fails
        venv = make_venv(context)
        pins = "".join(f"{name}==1.0\n" for name in [*names, "late"])
        _write(context, "requirements.txt", pins)
        before = set(os.listdir(site_packages(venv)))
        transcript = context.run(
            "pip-sync", "requirements.txt", "--no-index", "--find-links", wheels
        )
        line = _one_error_line(transcript)
        assert "late-1.0-py3-none-any.whl" in line and "late/zz.py" in line, line
        assert set(os.listdir(site_packages(venv))) == before

    def test_zip_bomb_is_refused(self, context: Context, tmp_path: Path) -> None:
        wheels = tmp_path / "wheels"
        wheel = _hostile_wheel(wheels, "bomb", {"bomb/__init__.py": b""})
        # Add a member that inflates 2 MiB of zeros from a few kB: over the ratio cap.
        with zipfile.ZipFile(wheel, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("bomb/zeros.bin", b"\0" * (4 << 20))
        make_venv(context)
        transcript = context.run("pip-install", "bomb==1.0", "--no-index", "--find-links", wheels)
        line = _one_error_line(transcript)
        assert "'bomb/zeros.bin'" in line and "zip bomb" in line
        assert not [p for p in context.cache_dir.rglob("zeros.bin")]

    def test_record_entries_outside_the_scheme_are_never_followed(
        self, context: Context, tmp_path: Path
    ) -> None:
        """A RECORD that lists files outside the environment: installing writes only the
        wheel's files, and uninstalling never touches what RECORD pointed at."""
        wheels = tmp_path / "wheels"
        wheel = _hostile_wheel(wheels, "liar", {"liar/__init__.py": b"x = 1\n"})
        victim = tmp_path / "victim.txt"
        victim.write_text("keep me\n")
        with zipfile.ZipFile(wheel) as archive:
            contents = {info: archive.read(info) for info in archive.infolist()}
        with zipfile.ZipFile(wheel, "w") as archive:
            for info, data in contents.items():
                if info.filename.endswith("/RECORD"):
                    data += f"../../../../../victim.txt,sha256=x,1\n{victim},,\n".encode()
                archive.writestr(info, data)
        venv = make_venv(context)
        _ok(context.run("pip-install", "liar==1.0", "--no-index", "--find-links", wheels))
        record = (site_packages(venv) / "liar-1.0.dist-info" / "RECORD").read_text()
        assert "victim" not in record
        _ok(context.run("pip-uninstall", "liar"))
        assert victim.read_text() == "keep me\n"


# -- hashes ----------------------------------------------------------------------------


class TestHashes:
    """``--hash`` checked on every path a wheel takes: index, URL, find-links, cache."""

    @staticmethod
    def _six(index: PackageIndex) -> tuple[Path, str]:
        wheel = index.directory / "six-1.16.0-py3-none-any.whl"
        return wheel, hashlib.sha256(wheel.read_bytes()).hexdigest()

    WRONG = "0" * 64

    def _refused(self, context: Context, venv: Path, transcript: str, actual: str) -> None:
        line = _one_error_line(transcript)
        assert "hash" in line and f"sha256:{self.WRONG}" in line and actual in line, line
        assert "six-1.16.0-py3-none-any.whl" in line
        assert not list(site_packages(venv).glob("six*"))

    def test_wrong_hash_from_the_index(self, context: Context, index: PackageIndex) -> None:
        venv = make_venv(context)
        _, actual = self._six(index)
        _write(context, "requirements.txt", f"six==1.16.0 --hash=sha256:{self.WRONG}\n")
        transcript = context.run("pip-sync", "requirements.txt", "-i", index.url)
        self._refused(context, venv, transcript, actual)
        assert "requirements.txt:1" in transcript

    def test_wrong_hash_for_a_url(self, context: Context, index: PackageIndex) -> None:
        venv = make_venv(context)
        wheel, actual = self._six(index)
        url = f"{index.url.rsplit('/', 1)[0]}/files/{wheel.name}"
        _write(context, "requirements.txt", f"six @ {url} --hash=sha256:{self.WRONG}\n")
        transcript = context.run("pip-sync", "requirements.txt", "-i", index.url)
        self._refused(context, venv, transcript, actual)

    def test_wrong_hash_for_a_find_links_file(self, context: Context, index: PackageIndex) -> None:
        venv = make_venv(context)
        _, actual = self._six(index)
        _write(context, "requirements.txt", f"six==1.16.0 --hash=sha256:{self.WRONG}\n")
        transcript = context.run(
            "pip-sync", "requirements.txt", "--no-index", "--find-links", index.directory
        )
        self._refused(context, venv, transcript, actual)

    def test_cached_wheel_under_another_hash_is_refused(
        self, context: Context, index: PackageIndex
    ) -> None:
        venv = make_venv(context)
        _, actual = self._six(index)
        _write(context, "good.txt", f"six==1.16.0 --hash=sha256:{actual}\n")
        _ok(context.run("pip-sync", "good.txt", "-i", index.url))
        assert list((context.cache_dir / "wheels-v0").rglob("six-1.16.0-py3-none-any"))
        shutil.rmtree(venv)
        venv = make_venv(context)
        _write(context, "requirements.txt", f"six==1.16.0 --hash=sha256:{self.WRONG}\n")
        transcript = context.run("pip-sync", "requirements.txt", "-i", index.url)
        self._refused(context, venv, transcript, actual)
        # Offline too: the unpacked copy in the cache is not taken for the wrong hash.
        transcript = context.run("pip-sync", "requirements.txt", "-i", index.url, "--offline")
        assert _parts(transcript)[0] == 1 and "Traceback" not in transcript
        assert not list(site_packages(venv).glob("six*"))

    def test_require_hashes_names_the_unhashed_line(
        self, context: Context, index: PackageIndex
    ) -> None:
        make_venv(context)
        _, actual = self._six(index)
        _write(
            context,
            "requirements.txt",
            f"six==1.16.0 --hash=sha256:{actual}\nflask==1.0\n",
        )
        line = _one_error_line(
            context.run("pip-sync", "requirements.txt", "-i", index.url, "--require-hashes")
        )
        assert "flask==1.0 (requirements.txt:2)" in line and "hash" in line

    def test_wrong_hash_with_pip_install(self, context: Context, index: PackageIndex) -> None:
        venv = make_venv(context)
        _, actual = self._six(index)
        _write(context, "requirements.txt", f"six==1.16.0 --hash=sha256:{self.WRONG}\n")
        transcript = context.run("pip-install", "-r", "requirements.txt", "-i", index.url)
        self._refused(context, venv, transcript, actual)


# -- bad input -------------------------------------------------------------------------


class TestBadInput:
    def test_bad_requirement_names_file_and_line(
        self, context: Context, index: PackageIndex
    ) -> None:
        _write(context, "requirements.in", "flask\nfoo==>1\n")
        line = _one_error_line(context.run("pip-compile", "requirements.in", "-i", index.url))
        assert line.startswith("error: requirements.in:2:"), line
        assert index.count() == 0

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            pytest.param(("missing.in",), "missing.in", id="missing-file"),
            pytest.param(("subdir",), "subdir", id="directory-as-file"),
            pytest.param(("requirements.in", "--frobnicate"), "--frobnicate", id="bad-flag"),
            pytest.param(("requirements.in", "--python-version", "3.x"), "3.x", id="bad-version"),
            pytest.param(
                ("requirements.in", "-i", "ftp://example.com/simple"),
                "ftp://example.com/simple",
                id="bad-index-scheme",
            ),
            pytest.param(
                ("requirements.in", "--find-links", "http://[::1"),
                "http://[::1",
                id="bad-find-links-url",
            ),
            pytest.param(
                ("requirements.in", "--exclude-newer", "yesterday"), "yesterday", id="bad-date"
            ),
        ],
    )
    def test_compile_bad_input_is_one_line(
        self, context: Context, args: tuple[str, ...], expected: str
    ) -> None:
        _write(context, "requirements.in", "flask\n")
        (context.temp_dir / "subdir").mkdir()
        line = _one_error_line(context.run("pip-compile", *args))
        assert expected in line, line

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            pytest.param("foo @ htp:/bad\n", "htp:/bad", id="url-scheme"),
            pytest.param("foo @ https://exa mple.com/x.whl\n", "requirements.in:1:", id="url"),
            pytest.param("foo==1.0.x\n", "requirements.in:1:", id="version"),
            pytest.param("foo ; python_version >>> '3'\n", "requirements.in:1:", id="marker"),
            pytest.param("-r missing.txt\n", "missing.txt", id="missing-include"),
        ],
    )
    def test_bad_requirement_lines(
        self, context: Context, index: PackageIndex, text: str, expected: str
    ) -> None:
        _write(context, "requirements.in", text)
        line = _one_error_line(context.run("pip-compile", "requirements.in", "-i", index.url))
        assert expected in line, line

    @pytest.mark.parametrize("editable", [False, True])
    def test_a_directory_that_is_not_a_project(
        self, context: Context, index: PackageIndex, editable: bool
    ) -> None:
        make_venv(context)
        (context.temp_dir / "notaproject").mkdir()
        (context.temp_dir / "notaproject" / "README").write_text("hello\n")
        args = ["-e", "./notaproject"] if editable else ["./notaproject"]
        line = _one_error_line(context.run("pip-install", *args, "-i", index.url))
        assert "notaproject is not a Python project" in line, line

    def test_sync_bad_link_mode(self, context: Context) -> None:
        _write(context, "requirements.txt", "six==1.16.0\n")
        line = _one_error_line(context.run("pip-sync", "requirements.txt", "--link-mode", "bogus"))
        assert "'bogus'" in line

    def test_missing_index_directory_is_named(self, context: Context) -> None:
        _write(context, "requirements.in", "flask\n")
        transcript = context.run("pip-compile", "requirements.in", "-i", "not-a-url")
        assert _parts(transcript)[0] == 1 and "Traceback" not in transcript
        assert "not-a-url" in _parts(transcript)[2]
