"""Which indexes and find-links locations a run uses: flags, puffin's and pip's settings."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from puffin_client._pip_config import PipConfig, pip_default_index_url
from puffin_client.errors import IndexConfigError
from puffin_normalize import Frozen, set_field

if TYPE_CHECKING:
    from distribution_types import IndexLocations

__all__ = ["DEFAULT_SOURCE", "IndexSettings"]

DEFAULT_SOURCE: Final = "pip's default"
"""The source recorded for an index URL read from the installed pip's built-in default."""

_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"", "0", "false", "no", "off"})


def _puffin_bool(env: Mapping[str, str], name: str) -> bool | None:
    value = env.get(name)
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise IndexConfigError(name, f"expected 1/0, true/false, yes/no or on/off, not {value!r}")


class IndexSettings(Frozen):
    """The index URL, extra index URLs, find-links and ``--no-index`` of a run, each with
    the place it came from (``sources``: setting name -> flag, variable, or file).

    Each setting is taken from the first of these that sets it: the command-line flags;
    ``PUFFIN_INDEX_URL`` / ``PUFFIN_EXTRA_INDEX_URL`` / ``PUFFIN_FIND_LINKS`` /
    ``PUFFIN_NO_INDEX``; pip's configuration (``PIP_*`` variables, then pip's config
    files, see `PipConfig`); and for the index URL, pip's built-in default read from the
    installed pip. Lists are whitespace-separated in variables and files.

    >>> settings = IndexSettings.from_env(
    ...     env={"PUFFIN_EXTRA_INDEX_URL": "https://a.example/simple https://b.example/simple",
    ...          "PIP_INDEX_URL": "https://example.com/simple", "PIP_CONFIG_FILE": os.devnull})
    >>> settings.index_url, settings.extra_index_urls
    ('https://example.com/simple', ('https://a.example/simple', 'https://b.example/simple'))
    >>> settings.sources["index_url"], settings.sources["extra_index_urls"]
    ('PIP_INDEX_URL', 'PUFFIN_EXTRA_INDEX_URL')
    """

    __match_args__ = ("index_url", "extra_index_urls", "find_links", "no_index", "sources")
    __slots__ = __match_args__

    index_url: str | None
    extra_index_urls: tuple[str, ...]
    find_links: tuple[str, ...]
    no_index: bool
    sources: Mapping[str, str]

    def __init__(
        self,
        index_url: str | None,
        extra_index_urls: tuple[str, ...] = (),
        find_links: tuple[str, ...] = (),
        no_index: bool = False,
        sources: Mapping[str, str] | None = None,
    ) -> None:
        set_field(self, "index_url", index_url)
        set_field(self, "extra_index_urls", extra_index_urls)
        set_field(self, "find_links", find_links)
        set_field(self, "no_index", no_index)
        set_field(self, "sources", {} if sources is None else sources)

    @classmethod
    def from_env(
        cls,
        *,
        index_url: str | None = None,
        extra_index_urls: Sequence[str] = (),
        find_links: Sequence[str] = (),
        no_index: bool = False,
        env: Mapping[str, str] = os.environ,
        site: Path | None = None,
        default_index_url: Callable[[], str] | None = None,
    ) -> IndexSettings:
        """Settle every setting; flags given here win (empty ones count as not given).

        *site* is the target environment, whose ``pip.conf`` pip would read (default:
        ``$VIRTUAL_ENV``). *default_index_url* gives pip's default when nothing else
        sets an index (default: `pip_default_index_url`); it is not called with
        ``--no-index``.

        :raises IndexConfigError: a pip config file or a variable is unreadable, or no
            index is configured and no pip can be found to read the default from.
        """
        sources: dict[str, str] = {}
        if site is None and env.get("VIRTUAL_ENV"):
            site = Path(env["VIRTUAL_ENV"])
        pip = PipConfig.load(env, site=site)

        chosen_no_index: bool
        if no_index:
            chosen_no_index, sources["no_index"] = True, "--no-index"
        elif (puffin_no_index := _puffin_bool(env, "PUFFIN_NO_INDEX")) is not None:
            chosen_no_index, sources["no_index"] = puffin_no_index, "PUFFIN_NO_INDEX"
        elif (pip_no_index := pip.get_bool("no-index")) is not None:
            chosen_no_index, sources["no_index"] = pip_no_index
        else:
            chosen_no_index = False

        chosen_index: str | None
        if index_url:
            chosen_index, sources["index_url"] = index_url, "--index-url"
        elif env.get("PUFFIN_INDEX_URL", "").strip():
            chosen_index, sources["index_url"] = env["PUFFIN_INDEX_URL"].strip(), "PUFFIN_INDEX_URL"
        elif (pip_index := pip.get("index-url")) is not None and pip_index[0].strip():
            chosen_index, sources["index_url"] = pip_index[0].strip(), pip_index[1]
        elif chosen_no_index:
            chosen_index = None
        else:
            lookup = default_index_url if default_index_url is not None else pip_default_index_url
            chosen_index, sources["index_url"] = lookup(), DEFAULT_SOURCE

        extras = _list_setting(
            "extra_index_urls",
            extra_index_urls,
            "--extra-index-url",
            env,
            "PUFFIN_EXTRA_INDEX_URL",
            pip,
            "extra-index-url",
            sources,
        )
        links = _list_setting(
            "find_links",
            find_links,
            "--find-links",
            env,
            "PUFFIN_FIND_LINKS",
            pip,
            "find-links",
            sources,
        )
        return cls(chosen_index, extras, links, chosen_no_index, sources)

    @property
    def uses_default_index(self) -> bool:
        """Whether the index URL is pip's built-in default."""
        return self.sources.get("index_url") == DEFAULT_SOURCE

    def locations(self, *, working_dir: Path | None = None) -> IndexLocations:
        """These settings as the `distribution_types.IndexLocations` a client reads;
        relative paths resolve against *working_dir* (default: the current directory).

        :raises IndexConfigError: a URL or path is unusable (naming where it came from).
        """
        from distribution_types import (
            FlatIndexLocation,
            IndexLocations,
            IndexUrl,
            InvalidIndexUrl,
        )

        def index(text: str, key: str, *, is_default: bool = False) -> IndexUrl:
            try:
                return IndexUrl.parse(text, working_dir=working_dir, is_default=is_default)
            except InvalidIndexUrl as exc:
                raise IndexConfigError(self.sources.get(key, key), str(exc)) from exc

        def flat(text: str) -> FlatIndexLocation:
            try:
                return FlatIndexLocation.parse(text, working_dir=working_dir)
            except InvalidIndexUrl as exc:
                raise IndexConfigError(
                    self.sources.get("find_links", "find_links"), str(exc)
                ) from exc

        main = (
            None
            if self.index_url is None
            else index(self.index_url, "index_url", is_default=self.uses_default_index)
        )
        extras = [index(url, "extra_index_urls") for url in self.extra_index_urls]
        return IndexLocations(main, extras, [flat(text) for text in self.find_links], self.no_index)


def _list_setting(
    key: str,
    given: Sequence[str],
    flag: str,
    env: Mapping[str, str],
    variable: str,
    pip: PipConfig,
    pip_key: str,
    sources: dict[str, str],
) -> tuple[str, ...]:
    if given:
        sources[key] = flag
        return tuple(given)
    if env.get(variable, "").strip():
        sources[key] = variable
        return tuple(env[variable].split())
    found = pip.get_list(pip_key)
    if found is not None and found[0]:
        sources[key] = found[1]
        return found[0]
    return ()
