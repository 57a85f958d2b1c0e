"""The protocols: `BuildContext` (what a build needs from the rest) and `SourceBuild`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from distribution_types import Resolution
    from puffin_cache import Cache
    from puffin_interpreter import Interpreter, Virtualenv
    from puffin_pep508 import Requirement
    from puffin_traits._options import BuildKind, BuildOptions

__all__ = ["BuildContext", "SourceBuild"]


class SourceBuild(Protocol):
    """A source tree made ready to build: build requirements installed, hooks callable.

    Both methods block (they run the backend in a subprocess); call them from a
    worker thread when an event loop must go on.
    """

    def metadata(self) -> Path | None:
        """The ``.dist-info`` directory ``prepare_metadata_for_build_wheel`` (or
        ``_editable``) wrote, or None when the backend does not offer that hook.
        """
        ...

    def wheel(self, wheel_dir: Path) -> str:
        """Build the wheel (or editable wheel) into *wheel_dir*; its file name."""
        ...

    def close(self) -> None:
        """Remove what the build made on disk (the unpacked source, its environment)."""
        ...


class BuildContext(Protocol):
    """What building a source distribution needs from the resolver and installer.

    Implemented by `puffin_dispatch.BuildDispatch`; tests pass a small fake. Methods
    block, and may be called from several worker threads at once.
    """

    @property
    def cache(self) -> Cache:
        """The cache builds read from and write to."""
        ...

    @property
    def interpreter(self) -> Interpreter:
        """The interpreter that runs builds (the real one, whatever the target is)."""
        ...

    @property
    def build_options(self) -> BuildOptions:
        """What may not be built, and the backend's ``config_settings``."""
        ...

    def resolve(self, requirements: Sequence[Requirement]) -> Resolution:
        """Resolve build requirements for `interpreter` (registry wheels and sdists).

        :raises Exception: the context's own errors, when no resolution exists or a
            fetch fails; a builder lets them propagate.
        """
        ...

    def install(self, resolution: Resolution, venv: Virtualenv) -> None:
        """Install *resolution* into the (fresh, empty) build environment *venv*."""
        ...

    def setup_build(
        self, source: Path, subdirectory: str | None, package_id: str, kind: BuildKind
    ) -> SourceBuild:
        """Prepare the project at *source* (a source tree, or an archive to unpack),
        in *subdirectory* of it if given, to be built as *kind*.

        :param package_id: names the package in errors and reports (``foo==1.0``,
            ``foo @ git+https://...``).
        """
        ...
