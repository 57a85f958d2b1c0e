"""ResolutionGraph.render: requirements.txt text exactly as uv 0.13 writes it."""

from __future__ import annotations

from textwrap import dedent

from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import VerbatimUrl
from puffin_resolver import AnnotationStyle, ResolutionGraph, ResolvedPackage
from puffin_resolver._graph import SourceKind


def _name(text: str) -> PackageName:
    return PackageName.parse(text)


def _graph() -> ResolutionGraph:
    packages = {
        _name("averyveryverylongpackagename"): ResolvedPackage(
            _name("averyveryverylongpackagename"), Version.parse("1.0"), hashes=("sha256:aa",)
        ),
        _name("b"): ResolvedPackage(
            _name("b"), Version.parse("1.0"), hashes=("sha256:ff", "sha256:11", "sha256:11")
        ),
        _name("d"): ResolvedPackage(_name("d"), Version.parse("1.0")),
        _name("u"): ResolvedPackage(
            _name("u"),
            Version.parse("2.0"),
            url=VerbatimUrl.parse_url("https://example.com/u-2.0-py3-none-any.whl"),
        ),
    }
    parents = {
        _name("b"): frozenset({_name("averyveryverylongpackagename")}),
        _name("d"): frozenset({_name("b"), _name("averyveryverylongpackagename")}),
    }
    sources = {
        _name("averyveryverylongpackagename"): frozenset(
            {(SourceKind.REQUIREMENT, "-r requirements.in")}
        ),
        _name("b"): frozenset(
            {
                (SourceKind.REQUIREMENT, "-r requirements.in"),
                (SourceKind.CONSTRAINT, "-c constraints.txt"),
                (SourceKind.OVERRIDE, "--override overrides.txt"),
            }
        ),
    }
    return ResolutionGraph(packages, parents, sources)


class TestRender:
    def test_split(self) -> None:
        assert _graph().render() == dedent("""\
            averyveryverylongpackagename==1.0
                # via -r requirements.in
            b==1.0
                # via
                #   -c constraints.txt
                #   --override overrides.txt
                #   -r requirements.in
                #   averyveryverylongpackagename
            d==1.0
                # via
                #   averyveryverylongpackagename
                #   b
            u @ https://example.com/u-2.0-py3-none-any.whl
            """)

    def test_line(self) -> None:
        assert _graph().render(annotation_style=AnnotationStyle.LINE) == dedent("""\
            averyveryverylongpackagename==1.0  # via -r requirements.in
            b==1.0                    # via averyveryverylongpackagename, -c constraints.txt, --override overrides.txt, -r requirements.in
            d==1.0                    # via averyveryverylongpackagename, b
            u @ https://example.com/u-2.0-py3-none-any.whl
            """)  # noqa: E501

    def test_hashes(self) -> None:
        text = _graph().render(generate_hashes=True, annotation_style=AnnotationStyle.LINE)
        assert text.startswith(
            dedent("""\
            averyveryverylongpackagename==1.0 \\
                --hash=sha256:aa
                # via -r requirements.in
            b==1.0 \\
                --hash=sha256:11 \\
                --hash=sha256:11 \\
                --hash=sha256:ff
                # via averyveryverylongpackagename, -c constraints.txt""")
        )

    def test_no_annotations(self) -> None:
        assert _graph().render(annotate=False).splitlines() == [
            "averyveryverylongpackagename==1.0",
            "b==1.0",
            "d==1.0",
            "u @ https://example.com/u-2.0-py3-none-any.whl",
        ]

    def test_mapping(self) -> None:
        graph = _graph()
        assert len(graph) == 4
        assert list(graph) == ["averyveryverylongpackagename", "b", "d", "u"]
        assert graph[_name("u")].pin() == "u @ https://example.com/u-2.0-py3-none-any.whl"
        assert repr(graph) == "<ResolutionGraph(4 packages)>"
