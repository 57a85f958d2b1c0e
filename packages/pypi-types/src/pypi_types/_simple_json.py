"""PEP 691 JSON project pages, read and written through the package's one cattrs converter."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from puffin_normalize import PackageName
from pypi_types._hashes import Hashes
from pypi_types._simple import File, Meta, SimpleProject, Yanked
from pypi_types._urls import Resolver
from pypi_types.errors import InvalidSimpleResponse

__all__ = ["converter", "dump_simple_json", "parse_simple_json", "parse_upload_time"]

#: The converter every PyPI-shaped JSON document goes through: strict about
#: types (a number is never silently read as a string), lenient about keys it
#: does not know, so that newer index features do not break older clients.
converter = cattrs.Converter(detailed_validation=True)


def _expect(kind: type, name: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        # `type() is` rather than isinstance: JSON booleans must not pass as ints.
        if type(value) is not kind:
            raise ValueError(f"expected {name}, got {type(value).__name__} {value!r}")
        return value

    return structure


def _structure_name(value: Any, _: Any) -> PackageName:
    if type(value) is not str:
        raise ValueError(f"expected a project name, got {type(value).__name__} {value!r}")
    return PackageName.parse(value)


def _structure_size(value: Any, _: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise ValueError(f"expected a size in bytes, got {value!r}")
    return value


def _structure_requires_python(value: Any, _: Any) -> str | None:
    if value is None:
        return None
    if type(value) is not str:
        raise ValueError(f"expected a string, got {type(value).__name__} {value!r}")
    # Some indexes send "" for "no constraint".
    return value or None


def _structure_hashes(value: Any, _: Any) -> Hashes:
    if type(value) is dict:
        # Fast path: nearly every index sends exactly one sha256.
        if len(value) == 1:
            digest = value.get("sha256")
            if type(digest) is str:
                return Hashes(sha256=digest.lower())
        if all(type(k) is str and type(v) is str for k, v in value.items()):
            return Hashes.from_mapping(value)
    raise ValueError(f"expected a mapping of hash names to hex digests, got {value!r}")


def _structure_yanked(value: Any, _: Any) -> Yanked | None:
    if value is not None and type(value) is not bool and type(value) is not str:
        raise ValueError(f"expected a boolean or a reason, got {value!r}")
    return Yanked.from_json(value)


def _structure_core_metadata(value: Any, _: Any) -> bool | Hashes:
    if value is None or type(value) is bool:
        return bool(value)
    hashes = _structure_hashes(value, None)
    # An empty or unknown-algorithm dict still announces the file (PEP 658).
    return True if hashes.is_empty else hashes


def parse_upload_time(value: str) -> datetime:
    """Read a PEP 700 ``upload-time`` (ISO 8601, UTC); a time without zone is taken as UTC.

    >>> parse_upload_time("2024-02-03T04:05:06.789Z").isoformat()
    '2024-02-03T04:05:06.789000+00:00'
    """
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _structure_upload_time(value: Any, _: Any) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_upload_time(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected an ISO 8601 time, got {value!r}") from None


def _unstructure_upload_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.utcoffset() == UTC.utcoffset(None):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.isoformat()


def _unstructure_yanked(value: Yanked | None) -> bool | str:
    return False if value is None else value.to_json()


def _unstructure_core_metadata(value: bool | Hashes) -> bool | dict[str, str]:
    return value if isinstance(value, bool) else value.to_dict()


def _is(annotation: object) -> Callable[[Any], bool]:
    return lambda candidate: bool(candidate == annotation)


converter.register_structure_hook(str, _expect(str, "a string"))
converter.register_structure_hook(bool, _expect(bool, "a boolean"))
converter.register_structure_hook(PackageName, _structure_name)
converter.register_structure_hook(Hashes, _structure_hashes)
converter.register_structure_hook_func(_is(Yanked | None), _structure_yanked)
converter.register_structure_hook_func(_is(bool | Hashes), _structure_core_metadata)
converter.register_structure_hook_func(_is(datetime | None), _structure_upload_time)
converter.register_unstructure_hook(Hashes, Hashes.to_dict)
converter.register_unstructure_hook_func(_is(Yanked | None), _unstructure_yanked)
converter.register_unstructure_hook_func(_is(bool | Hashes), _unstructure_core_metadata)
converter.register_unstructure_hook_func(_is(datetime | None), _unstructure_upload_time)

_FILE_KEYS = {
    "requires_python": override(rename="requires-python"),
    "core_metadata": override(rename="core-metadata"),
    "upload_time": override(rename="upload-time"),
}
_structure_file_fields = make_dict_structure_fn(
    File,
    converter,
    size=override(struct_hook=_structure_size),
    requires_python=override(rename="requires-python", struct_hook=_structure_requires_python),
    core_metadata=_FILE_KEYS["core_metadata"],
    upload_time=_FILE_KEYS["upload_time"],
)


def _structure_file(value: Any, cls: type[File]) -> File:
    if not isinstance(value, dict):
        raise ValueError(f"expected a file object, got {type(value).__name__} {value!r}")
    # PEP 714 renamed `dist-info-metadata`; older indexes still send only that key.
    if "core-metadata" not in value and "dist-info-metadata" in value:
        value = {**value, "core-metadata": value["dist-info-metadata"]}
    return _structure_file_fields(value, cls)


converter.register_structure_hook(File, _structure_file)
converter.register_unstructure_hook(
    File,
    make_dict_unstructure_fn(
        File,
        converter,
        requires_python=_FILE_KEYS["requires_python"],
        core_metadata=_FILE_KEYS["core_metadata"],
        upload_time=_FILE_KEYS["upload_time"],
    ),
)
converter.register_structure_hook(
    Meta, make_dict_structure_fn(Meta, converter, api_version=override(rename="api-version"))
)
converter.register_unstructure_hook(
    Meta, make_dict_unstructure_fn(Meta, converter, api_version=override(rename="api-version"))
)


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
    try:
        project = converter.structure(document, SimpleProject)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        reasons = "; ".join(cattrs.transform_error(exc, format_exception=_describe))
        raise InvalidSimpleResponse(base_url, reasons) from exc
    if any(_needs_fixing(file.url) for file in project.files):
        resolve = Resolver(base_url)
        try:
            files = tuple(_absolute(file, resolve) for file in project.files)
        except ValueError as exc:  # urljoin: a malformed host such as "//[::1/x"
            raise InvalidSimpleResponse(base_url, f"invalid file URL: {exc}") from None
        project = attrs.evolve(project, files=files)
    return project


def dump_simple_json(project: SimpleProject) -> bytes:
    """Write *project* as a PEP 691 page that `parse_simple_json` reads back unchanged.

    >>> page = dump_simple_json(SimpleProject(PackageName.parse("foo")))
    >>> page
    b'{"name":"foo","files":[],"versions":null,"meta":{"api-version":"1.0"}}'
    >>> parse_simple_json(page, "https://example.com/simple/foo/").name
    <PackageName('foo')>
    """
    return json.dumps(converter.unstructure(project), separators=(",", ":")).encode()


def _describe(exc: BaseException, annotation: type | None) -> str:
    # The hooks above (and puffin's name parser) raise ValueErrors that already
    # say what was expected and what came instead.
    if isinstance(exc, ValueError):
        return str(exc)
    return cattrs.v.format_exception(exc, annotation)


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
    return attrs.evolve(file, url=url, hashes=hashes)
