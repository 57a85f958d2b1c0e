"""Property tests: what the writers produce, the readers read back unchanged."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from puffin_normalize import PackageName
from pypi_types import (
    File,
    Hashes,
    Meta,
    SimpleProject,
    Yanked,
    dump_simple_json,
    parse_simple_html,
    parse_simple_json,
)
from pypi_types._headers import split_headers

HEX = st.text(alphabet="0123456789abcdef", min_size=1, max_size=64)
HASHES = st.builds(
    Hashes,
    sha256=st.none() | HEX,
    sha384=st.none() | HEX,
    sha512=st.none() | HEX,
    md5=st.none() | HEX,
)
FILENAME = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,30}\.(whl|tar\.gz|zip)", fullmatch=True)
TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
MOMENT = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda moment: moment.replace(tzinfo=UTC)
)


@st.composite
def files(draw: st.DrawFn) -> File:
    filename = draw(FILENAME)
    return File(
        filename=filename,
        url=f"https://example.com/files/{filename}",
        hashes=draw(HASHES),
        requires_python=draw(st.none() | TEXT),
        yanked=draw(st.none() | st.builds(Yanked, st.none() | TEXT)),
        core_metadata=draw(st.booleans() | HASHES.filter(lambda h: not h.is_empty)),
        upload_time=draw(st.none() | MOMENT),
        size=draw(st.none() | st.integers(min_value=0, max_value=2**63)),
    )


@given(
    name=st.none() | st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True),
    project_files=st.lists(files(), max_size=5),
    versions=st.none() | st.lists(TEXT, max_size=3),
    api_version=st.sampled_from(["1.0", "1.1", "1.4"]),
)
def test_json_round_trip(
    name: str | None,
    project_files: list[File],
    versions: list[str] | None,
    api_version: str,
) -> None:
    if name is not None and "--" in name:
        name = name.replace("--", "-")
    project = SimpleProject(
        None if name is None else PackageName.parse(name),
        tuple(project_files),
        None if versions is None else tuple(versions),
        Meta(api_version),
    )
    assert parse_simple_json(dump_simple_json(project), "https://example.com/simple/x/") == project


@given(
    filename=FILENAME,
    requires_python=TEXT,
    reason=TEXT,
    sha256=HEX,
)
def test_html_attribute_round_trip(
    filename: str, requires_python: str, reason: str, sha256: str
) -> None:
    page = (
        f'<a href="/files/{html.escape(filename)}#sha256={sha256}"'
        f' data-requires-python="{html.escape(requires_python)}"'
        f" data-yanked='{html.escape(reason)}'>{html.escape(filename)}</a>"
    )
    (file,) = parse_simple_html(page, "https://example.com/simple/x/").files
    assert file.filename == filename
    assert file.hashes == Hashes(sha256=sha256)
    assert file.requires_python == requires_python
    assert file.yanked == Yanked(reason)


FIELD_NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,20}", fullmatch=True)
FIELD_VALUE = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\x85"),
    max_size=30,
).map(str.strip)


@given(st.lists(st.tuples(FIELD_NAME, FIELD_VALUE), max_size=10), st.none() | TEXT)
def test_headers_round_trip(fields: list[tuple[str, str]], body: str | None) -> None:
    text = "".join(f"{name}: {value}\n" for name, value in fields)
    if body is not None:
        text += f"\n{body}"
    parsed, parsed_body, problems = split_headers(text)
    assert parsed == [(name.lower(), value) for name, value in fields]
    assert problems == []
    if body is None:
        assert parsed_body is None
    else:
        assert parsed_body == body.replace("\r\n", "\n").replace("\r", "\n")
