"""PEP 691 JSON project pages, read and written through the package's one cattrs converter.

The converter lives in `pypi_types._converter`, imported on first use: a run that
reads only cached pages never needs cattrs, nor does one whose pages are all of the
regular kind (their files read as rows, the rest of the page by `_bare`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from puffin_normalize import InvalidName, PackageName
from pypi_types._hashes import Hashes
from pypi_types._simple import File, Meta, SimpleProject
from pypi_types._urls import Resolver
from pypi_types.errors import InvalidSimpleResponse

__all__ = ["dump_simple_json", "parse_simple_json", "parse_upload_time"]


def parse_upload_time(value: str) -> datetime:
    """Read a PEP 700 ``upload-time`` (ISO 8601, UTC); a time without zone is taken as UTC.

    >>> parse_upload_time("2024-02-03T04:05:06.789Z").isoformat()
    '2024-02-03T04:05:06.789000+00:00'
    """
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_simple_json(data: bytes | str, base_url: str) -> SimpleProject:
    """Read a PEP 691 project page fetched from *base_url*.

    File URLs come out absolute (resolved against *base_url*) and without
    fragment; a ``#sha256=…`` fragment adds to the file's hashes.

    >>> page = b'''{"meta": {"api-version": "1.1"}, "name": "Foo",
    ...   "files": [{"filename": "foo-1.0.tar.gz", "url": "../../files/foo-1.0.tar.gz",
    ...              "hashes": {"sha256": "ab"}, "yanked": "bad"}]}'''
    >>> project = parse_simple_json(page, "https://example.com/simple/foo/")
    >>> str(project.name), project.files[0].url, project.files[0].yanked
    ('foo', 'https://example.com/files/foo-1.0.tar.gz', Yanked(reason='bad'))
    """
    try:
        document = json.loads(data)
    except ValueError as exc:
        raise InvalidSimpleResponse(base_url, f"not a JSON document: {exc}") from exc
    except RecursionError:  # arrays or objects nested thousands deep
        raise InvalidSimpleResponse(base_url, "not a JSON document: nested too deeply") from None
    if not isinstance(document, dict):
        raise InvalidSimpleResponse(base_url, "expected a JSON object at the top level")
    # cattrs would read any iterable as a tuple, even the characters of a string.
    for key in ("files", "versions"):
        if document.get(key) is not None and not isinstance(document[key], list):
            raise InvalidSimpleResponse(base_url, f"expected `{key}` to be a list")
    files = document.get("files")
    if files:
        # The regular page (absolute URLs, well-formed entries) is read as rows, without
        # an object per file; anything else goes through the strict converter below.
        from pypi_types._json_rows import rows_from_json
        from pypi_types._rows import FileRows

        bare = _bare(document)
        if bare is not None and (rows := rows_from_json(files)) is not None:
            return SimpleProject(bare.name, FileRows(rows), bare.versions, bare.meta)
    from pypi_types._converter import STRUCTURE_ERRORS, converter, describe_errors

    try:
        project: SimpleProject = converter.structure(document, SimpleProject)
    except STRUCTURE_ERRORS as exc:
        raise InvalidSimpleResponse(base_url, describe_errors(exc)) from exc
    if any(_needs_fixing(file.url) for file in project.files):
        resolve = Resolver(base_url)
        try:
            files = tuple(_absolute(file, resolve) for file in project.files)
        except ValueError as exc:  # urljoin: a malformed host such as "//[::1/x"
            raise InvalidSimpleResponse(base_url, f"invalid file URL: {exc}") from None
        project = SimpleProject(project.name, files, project.versions, project.meta)
    return project


def _bare(document: dict[str, object]) -> SimpleProject | None:
    """The page without its files when its name, versions and meta are of the regular
    kind; None leaves it to the converter (which says what is wrong)."""
    name = document.get("name")
    versions = document.get("versions")
    meta = document.get("meta")
    if type(name) is not str:
        return None
    if versions is not None and not (
        type(versions) is list and all(type(version) is str for version in versions)
    ):
        return None
    if meta is None and "meta" not in document:
        found = Meta()
    elif type(meta) is dict and type(meta.get("api-version", "")) is str:
        found = Meta(meta["api-version"]) if "api-version" in meta else Meta()
    else:
        return None
    try:
        project = PackageName.parse(name)
    except InvalidName:
        return None
    return SimpleProject(project, (), None if versions is None else tuple(versions), found)


def dump_simple_json(project: SimpleProject) -> bytes:
    """Write *project* as a PEP 691 page that `parse_simple_json` reads back unchanged.

    >>> from puffin_normalize import PackageName
    >>> page = dump_simple_json(SimpleProject(PackageName.parse("foo")))
    >>> page
    b'{"name":"foo","files":[],"versions":null,"meta":{"api-version":"1.0"}}'
    >>> parse_simple_json(page, "https://example.com/simple/foo/").name
    <PackageName('foo')>
    """
    from pypi_types._converter import converter

    return json.dumps(converter.unstructure(project), separators=(",", ":")).encode()


def _needs_fixing(url: str) -> bool:
    return "#" in url or not url.startswith(("https://", "http://"))


def _absolute(file: File, resolve: Resolver) -> File:
    if not _needs_fixing(file.url):
        return file
    href, _, fragment = file.url.partition("#")
    url = resolve(href) if href else resolve.base
    hashes = file.hashes
    extra = Hashes.from_fragment(fragment)
    if not extra.is_empty:
        # The `hashes` dict is the authority; the fragment only fills gaps.
        hashes = Hashes(**{**dict(extra.items()), **dict(file.hashes.items())})
    return File(
        file.filename,
        url,
        hashes,
        file.requires_python,
        file.yanked,
        file.core_metadata,
        file.upload_time,
        file.size,
    )
