"""Tests of the PEP 503 HTML reader and find-links pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar
from urllib.parse import urljoin

import pytest

from puffin_normalize import PackageName
from pypi_types import (
    File,
    Hashes,
    InvalidSimpleResponse,
    PypiTypesError,
    Yanked,
    parse_find_links_html,
    parse_simple_html,
)
from pypi_types._html import _unescape_attribute
from pypi_types._urls import Resolver

PAGE_URL = "https://example.com/simple/foo/"
SHA = "a" * 64


def only_file(html: str, url: str = PAGE_URL) -> File:
    (file,) = parse_simple_html(html, url).files
    return file


class TestSimpleHtml:
    def test_typical_page(self) -> None:
        html = f"""<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.1">
    <title>Links for foo</title>
  </head>
  <body>
    <h1>Links for foo</h1>
    <a href="../../files/foo-1.0.tar.gz#sha256={SHA}">foo-1.0.tar.gz</a><br/>
    <a href="../../files/foo-1.1-py3-none-any.whl#sha256={SHA}" data-requires-python="&gt;=3.8"
       data-dist-info-metadata="sha256={"b" * 64}" data-core-metadata="sha256={"b" * 64}"
       >foo-1.1-py3-none-any.whl</a><br/>
  </body>
</html>
<!--SERIAL 123-->
"""
        project = parse_simple_html(html, PAGE_URL)
        assert project.name is None
        assert project.meta.api_version == "1.1"
        assert project.versions is None
        sdist, wheel = project.files
        assert sdist == File(
            "foo-1.0.tar.gz", "https://example.com/files/foo-1.0.tar.gz", Hashes(sha256=SHA)
        )
        assert wheel.filename == "foo-1.1-py3-none-any.whl"
        assert wheel.requires_python == ">=3.8"
        assert wheel.core_metadata == Hashes(sha256="b" * 64)
        assert wheel.has_core_metadata
        assert wheel.metadata_url == "https://example.com/files/foo-1.1-py3-none-any.whl.metadata"
        assert not wheel.is_yanked
        assert wheel.size is None
        assert wheel.upload_time is None

    def test_name_is_passed_through(self) -> None:
        project = parse_simple_html("", PAGE_URL, name=PackageName.parse("Foo"))
        assert project.name == "foo"
        assert project.files == ()
        assert project.meta.api_version == "1.0"

    @pytest.mark.parametrize(
        ("attribute", "expected"),
        [
            ("", None),
            ("data-yanked", Yanked()),
            ('data-yanked=""', Yanked()),
            ('data-yanked="broken &amp; unsafe"', Yanked("broken & unsafe")),
            ("data-yanked='reason'", Yanked("reason")),
        ],
    )
    def test_yanked(self, attribute: str, expected: Yanked | None) -> None:
        file = only_file(f'<a href="foo-1.0.tar.gz" {attribute}>x</a>')
        assert file.yanked == expected
        assert file.is_yanked is (expected is not None)

    @pytest.mark.parametrize(
        ("attributes", "expected"),
        [
            ("", False),
            ('data-core-metadata="true"', True),
            ("data-core-metadata", True),
            ('data-core-metadata="sha256=AB"', Hashes(sha256="ab")),
            ('data-core-metadata="sha1=ab"', True),
            ('data-core-metadata="false"', False),
            ('data-dist-info-metadata="true"', True),
            ('data-dist-info-metadata="sha512=cd"', Hashes(sha512="cd")),
            (
                'data-core-metadata="sha256=ab" data-dist-info-metadata="sha256=cd"',
                Hashes(sha256="ab"),
            ),
            ('data-dist-info-metadata="sha256=cd" data-core-metadata="true"', True),
        ],
    )
    def test_core_metadata(self, attributes: str, expected: bool | Hashes) -> None:
        file = only_file(f'<a href="foo-1.0-py3-none-any.whl" {attributes}>x</a>')
        assert file.core_metadata == expected
        assert file.has_core_metadata is (expected is not False)

    def test_requires_python_entities(self) -> None:
        html = '<a href="f.whl" data-requires-python="&gt;=2.7, !=3.0.*, &lt;4&#44;!=3.1.*">f</a>'
        assert only_file(html).requires_python == ">=2.7, !=3.0.*, <4,!=3.1.*"

    def test_empty_requires_python_is_none(self) -> None:
        assert only_file('<a href="f.whl" data-requires-python="">f</a>').requires_python is None

    def test_upload_time(self) -> None:
        file = only_file('<a href="f.whl" data-upload-time="2024-05-06T07:08:09.123456Z">f</a>')
        assert file.upload_time == datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)

    def test_invalid_upload_time_is_ignored(self) -> None:
        assert only_file('<a href="f.whl" data-upload-time="yesterday">f</a>').upload_time is None

    @pytest.mark.parametrize(
        ("href", "url"),
        [
            ("foo-1.0.tar.gz", "https://example.com/simple/foo/foo-1.0.tar.gz"),
            ("../../files/foo-1.0.tar.gz", "https://example.com/files/foo-1.0.tar.gz"),
            ("/files/foo-1.0.tar.gz", "https://example.com/files/foo-1.0.tar.gz"),
            ("//cdn.example.com/foo-1.0.tar.gz", "https://cdn.example.com/foo-1.0.tar.gz"),
            (
                "http://other.example.com/x/foo-1.0.tar.gz",
                "http://other.example.com/x/foo-1.0.tar.gz",
            ),
            ("./sub/../foo-1.0.tar.gz", "https://example.com/simple/foo/foo-1.0.tar.gz"),
            (
                "dl/foo-1.0.tar.gz?token=1&amp;x=2",
                "https://example.com/simple/foo/dl/foo-1.0.tar.gz?token=1&x=2",
            ),
            ("  foo-1.0.tar.gz\n", "https://example.com/simple/foo/foo-1.0.tar.gz"),
        ],
    )
    def test_relative_links(self, href: str, url: str) -> None:
        file = only_file(f'<a href="{href}">foo-1.0.tar.gz</a>')
        assert file.url == url
        assert file.filename == "foo-1.0.tar.gz"

    def test_fragment_is_moved_to_hashes(self) -> None:
        file = only_file('<a href="foo-1.0.tar.gz#md5=00FF">foo</a>')
        assert file.url == "https://example.com/simple/foo/foo-1.0.tar.gz"
        assert file.hashes == Hashes(md5="00ff")

    def test_other_fragment_is_dropped(self) -> None:
        file = only_file('<a href="foo-1.0.tar.gz#egg=foo">foo</a>')
        assert file.url == "https://example.com/simple/foo/foo-1.0.tar.gz"
        assert file.hashes.is_empty

    def test_percent_encoded_filename(self) -> None:
        file = only_file('<a href="/files/foo%2Bbar-1.0%2Blocal.tar.gz">x</a>')
        assert file.filename == "foo+bar-1.0+local.tar.gz"
        assert file.url == "https://example.com/files/foo%2Bbar-1.0%2Blocal.tar.gz"

    def test_base_href(self) -> None:
        html = """<html><head><base href="https://mirror.example.org/pkgs/"></head>
            <a href="foo-1.0.tar.gz">x</a><a href="/root/foo-1.1.tar.gz">y</a></html>"""
        urls = [f.url for f in parse_simple_html(html, PAGE_URL).files]
        assert urls == [
            "https://mirror.example.org/pkgs/foo-1.0.tar.gz",
            "https://mirror.example.org/root/foo-1.1.tar.gz",
        ]

    def test_relative_base_href_resolves_against_page(self) -> None:
        html = '<base href="../../packages/"><a href="foo-1.0.tar.gz">x</a>'
        assert only_file(html).url == "https://example.com/packages/foo-1.0.tar.gz"

    def test_first_base_href_wins_even_after_links(self) -> None:
        html = """<a href="foo-1.0.tar.gz">x</a>
            <base target="_blank"><base href="https://one.example.com/">
            <base href="https://two.example.com/">"""
        assert only_file(html).url == "https://one.example.com/foo-1.0.tar.gz"

    def test_skips_links_without_a_file(self) -> None:
        html = """<a>no href</a><a href="">empty</a><a href="#top">anchor</a>
            <a href="sub/">folder</a><a href="..">parent</a><a name="x">named</a>
            <a href="foo-1.0.tar.gz">file</a>"""
        assert [f.filename for f in parse_simple_html(html, PAGE_URL).files] == ["foo-1.0.tar.gz"]

    def test_skips_links_with_a_malformed_host(self) -> None:
        # Found by the property tests: urljoin raised ValueError (Invalid IPv6 URL).
        html = '<a href="//[::1/x.whl">x</a><a href="http://[y/a.whl">a</a><a href="z.whl">z</a>'
        assert [f.filename for f in parse_simple_html(html, PAGE_URL).files] == ["z.whl"]

    def test_ignores_a_malformed_base_href(self) -> None:
        html = '<base href="http://[::1"><a href="x.whl">x</a>'
        assert only_file(html).url == urljoin(PAGE_URL, "x.whl")

    def test_tolerates_html_variants(self) -> None:
        html = """<HTML><BODY>
            <A HREF=foo-1.0.tar.gz DATA-YANKED>one</A>
            <a href = 'foo-1.1.tar.gz' data-requires-python = '>=3' />
            <a	href="foo-1.2.tar.gz"	href="ignored.tar.gz">three</a>
            <a = href="foo-1.3.tar.gz">four</a>
            <p class="a>b"><a/ href="foo-1.4.tar.gz">five</a>
            <br><img src=x.png alt=<a>
            </BODY></HTML>"""
        files = parse_simple_html(html, PAGE_URL).files
        assert [f.filename for f in files] == [
            "foo-1.0.tar.gz",
            "foo-1.1.tar.gz",
            "foo-1.2.tar.gz",
            "foo-1.3.tar.gz",
            "foo-1.4.tar.gz",
        ]
        assert files[0].is_yanked
        assert files[1].requires_python == ">=3"

    def test_ignores_comments_scripts_and_styles(self) -> None:
        html = """<!-- <a href="commented-1.0.tar.gz">x</a> -->
            <script>document.write('<a href="scripted-1.0.tar.gz">');</script>
            <STYLE>a::after { content: "<a href='styled-1.0.tar.gz'>"; }</style>
            <a href="real-1.0.tar.gz">real</a>"""
        assert [f.filename for f in parse_simple_html(html, PAGE_URL).files] == ["real-1.0.tar.gz"]

    def test_unterminated_comment_ends_the_page(self) -> None:
        html = '<a href="a-1.0.tar.gz">a</a><!-- <a href="b-1.0.tar.gz">'
        assert [f.filename for f in parse_simple_html(html, PAGE_URL).files] == ["a-1.0.tar.gz"]

    def test_unterminated_script_ends_the_page(self) -> None:
        assert parse_simple_html('<script><a href="x.tar.gz">', PAGE_URL).files == ()

    def test_meta_without_version_is_default(self) -> None:
        html = '<meta charset="utf-8"><meta name="pypi:repository-version">'
        assert parse_simple_html(html, PAGE_URL).meta.api_version == "1.0"

    @pytest.mark.parametrize(
        ("html", "reason"),
        [
            ('<a href="foo.tar.gz"', "unterminated tag"),
            ('<a href="foo.tar.gz>foo</a>', "unterminated attribute value of 'href'"),
            ("<a href='foo.tar.gz>", "unterminated attribute value of 'href'"),
        ],
    )
    def test_rejects_truncated_pages(self, html: str, reason: str) -> None:
        with pytest.raises(InvalidSimpleResponse) as info:
            parse_simple_html(html, PAGE_URL)
        assert isinstance(info.value, PypiTypesError)
        assert isinstance(info.value, ValueError)
        assert info.value.url == PAGE_URL
        assert reason in str(info.value)
        assert PAGE_URL in str(info.value)

    def test_stray_less_than_in_text(self) -> None:
        html = 'a < b and 1 <2 <a href="foo-1.0.tar.gz">x</a>'
        assert only_file(html).filename == "foo-1.0.tar.gz"


class TestFindLinks:
    def test_flat_directory_listing(self) -> None:
        html = """<html><body><h1>Directory listing for /wheels/</h1><ul>
            <li><a href="../">../</a></li>
            <li><a href="sub/">sub/</a></li>
            <li><a href="bar-2.0-py3-none-any.whl">bar-2.0-py3-none-any.whl</a></li>
            <li><a href="foo-1.0.tar.gz#sha256=abcd">foo-1.0.tar.gz</a></li>
            </ul></body></html>"""
        files = parse_find_links_html(html, "file:///srv/wheels/")
        assert [(f.filename, f.url) for f in files] == [
            ("bar-2.0-py3-none-any.whl", "file:///srv/wheels/bar-2.0-py3-none-any.whl"),
            ("foo-1.0.tar.gz", "file:///srv/wheels/foo-1.0.tar.gz"),
        ]
        assert files[1].hashes == Hashes(sha256="abcd")

    def test_page_url_without_trailing_slash(self) -> None:
        (file,) = parse_find_links_html(
            '<a href="x-1.0.tar.gz">x</a>', "http://127.0.0.1:8000/links"
        )
        assert file.url == "http://127.0.0.1:8000/x-1.0.tar.gz"


class TestUnescapeAttribute:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("plain", "plain"),
            ("&gt;=3.6", ">=3.6"),
            ("&GT;&Gt;", ">\u226b"),
            ("&#62;&#x3E;&#X3e;", ">>>"),
            ("&#62", ">"),
            ("a&amp;b", "a&b"),
            ("a&amp b", "a& b"),
            ("a&amp", "a&"),
            ("?x=1&copy=2", "?x=1&copy=2"),
            ("?x=1&ampx=2", "?x=1&ampx=2"),
            ("&unknown;", "&unknown;"),
            ("&notin;", "\u2209"),
            ("&noti", "&noti"),
            ("&not!", "\u00ac!"),
            ("a & b", "a & b"),
            ("trailing&", "trailing&"),
        ],
    )
    def test_cases(self, raw: str, expected: str) -> None:
        assert _unescape_attribute(raw) == expected


class TestResolver:
    BASES: ClassVar[list[str]] = [
        "https://example.com/simple/foo/",
        "https://example.com/simple/foo",
        "https://example.com",
        "https://example.com/a/b/c/index.html?page=2",
        "file:///srv/wheels/",
        "http://127.0.0.1:8000/",
    ]
    HREFS: ClassVar[list[str]] = [
        "foo.whl",
        "./foo.whl",
        "../foo.whl",
        "../../../../foo.whl",
        "sub/dir/foo.whl",
        "sub/../foo.whl",
        "/foo.whl",
        "/a/./b/../foo.whl",
        "//host.example.com/x/foo.whl",
        "https://other.example.com/y/foo.whl",
        "https://other.example.com/y/foo.whl#sha256=abc",
        "https://other.example.com/a/../b/./foo.whl",
        "https://other.example.com/y/foo.whl#",
        "https://other.example.com/y/foo.whl?",
        "https://other.example.com:8443/p;v=1/foo.whl#md5=1&x=2",
        "https://user:pw@Other.Example.com//y/foo%20bar.whl",
        "http://other.example.com/y/foo.whl#sha256=abc",
        "foo.whl?x=1",
        "sub/",
        ".",
        "..",
        "../..",
    ]

    @pytest.mark.parametrize("base", BASES)
    def test_agrees_with_urljoin(self, base: str) -> None:
        resolve = Resolver(base)
        for _ in range(2):  # the second round reads the folder cache
            for href in self.HREFS:
                assert resolve(href) == urljoin(base, href), href
