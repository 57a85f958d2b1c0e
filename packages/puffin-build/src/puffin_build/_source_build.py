"""`SourceBuild`: a source tree in an isolated environment, ready for its PEP 517/660 hooks."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Self

from pyproject_hooks import BackendUnavailable, BuildBackendHookCaller, HookMissing

from puffin_build._archive import extract_archive
from puffin_build._pyproject import BuildSystem
from puffin_build._runner import HookFailed, HookRunner, hook_environment
from puffin_build.errors import (
    BuildBackendError,
    BuildEnvironmentError,
    EditableNotSupported,
    InvalidPyProject,
    NotAPythonProject,
)
from puffin_traits import BuildKind

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import TracebackType

    from puffin_interpreter import Virtualenv
    from puffin_pep508 import Requirement
    from puffin_traits import BuildContext

__all__ = ["SourceBuild"]

_TEMP_PREFIX: Final = "puffin-build-"


class SourceBuild:
    """A project made ready to build: unpacked, its build requirements installed into a
    private environment, its backend's hooks callable (`puffin_traits.SourceBuild`).

    Make one with `setup`; `close` it (or use it as a context manager) to remove its
    temporary directory. Several builds may run at once on different threads: a build
    keeps all of its state, and the hooks of one build run one at a time.
    """

    __slots__ = (
        "_caller",
        "_closed",
        "_kind",
        "_lock",
        "_metadata",
        "_metadata_asked",
        "_package_id",
        "_project",
        "_runner",
        "_settings",
        "_temp",
        "_venv",
        "build_system",
    )

    def __init__(
        self,
        *,
        package_id: str,
        kind: BuildKind,
        temp: Path,
        project: Path,
        build_system: BuildSystem,
        venv: Virtualenv,
        caller: BuildBackendHookCaller,
        runner: HookRunner,
        settings: dict[str, str | list[str]],
    ) -> None:
        """Use `setup`, which creates everything these arguments name."""
        self._package_id = package_id
        self._kind = kind
        self._temp = temp
        self._project = project
        self.build_system = build_system
        """The project's ``[build-system]`` (or the legacy setuptools defaults)."""
        self._venv = venv
        self._caller = caller
        self._runner = runner
        self._settings = settings
        self._lock = threading.Lock()
        self._metadata: Path | None = None
        self._metadata_asked = False
        self._closed = False

    @classmethod
    def setup(
        cls,
        context: BuildContext,
        source: Path,
        subdirectory: str | None,
        package_id: str,
        kind: BuildKind,
    ) -> SourceBuild:
        """Prepare the project at *source* to be built as *kind*.

        *source* is a source tree (built in place) or a source archive (unpacked into a
        temporary directory). The project is in *subdirectory* of it, if given. The
        backend's requirements (``[build-system] requires``, then those its
        ``get_requires_for_build_*`` hook adds) are resolved and installed through
        *context* into a new environment made from ``context.interpreter``.

        :param package_id: names the package in errors (``foo==1.0``, ``foo @ url``).
        :raises InvalidSourceArchive: the archive is refused.
        :raises NotAPythonProject: no project there, or *subdirectory* is not in the tree.
        :raises InvalidPyProject: ``pyproject.toml`` or a build requirement is invalid.
        :raises BuildEnvironmentError: the environment could not be created.
        :raises BuildBackendError: the ``get_requires_for_build_*`` hook failed.
        :raises Exception: what ``context.resolve`` and ``context.install`` raise.
        """
        temp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX))
        try:
            return cls._setup(context, temp, source, subdirectory, package_id, kind)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise

    @classmethod
    def _setup(
        cls,
        context: BuildContext,
        temp: Path,
        source: Path,
        subdirectory: str | None,
        package_id: str,
        kind: BuildKind,
    ) -> SourceBuild:
        if not source.exists():
            raise NotAPythonProject(source, "it does not exist")
        if source.is_dir():
            tree = Path(os.path.abspath(source))
        else:
            unpacked = temp / "source"
            unpacked.mkdir()
            tree = extract_archive(source, unpacked)
        project = _subdirectory(tree, subdirectory)
        build_system = BuildSystem.read(project)
        requires = _parse_requires(build_system.requires, project)

        venv = _create_venv(context, temp / "env", package_id, fresh=False)
        if requires:
            context.install(context.resolve(requires), venv)
        settings = context.build_options.settings()
        runner = HookRunner(hook_environment(venv.root, venv.python_executable.parent))
        caller = BuildBackendHookCaller(
            str(project),
            build_system.backend,
            backend_path=list(build_system.backend_path) or None,
            runner=runner,
            python_executable=str(venv.python_executable),
        )
        build = cls(
            package_id=package_id,
            kind=kind,
            temp=temp,
            project=project,
            build_system=build_system,
            venv=venv,
            caller=caller,
            runner=runner,
            settings=settings,
        )
        build._install_dynamic_requires(context, requires)
        return build

    def _install_dynamic_requires(self, context: BuildContext, static: list[Requirement]) -> None:
        """Install what ``get_requires_for_build_*`` asks for, beyond the static requires."""
        hook, get_requires = self._hook("get_requires_for_build")
        returned = self._call(hook, lambda: get_requires(self._settings))
        if not isinstance(returned, list) or not all(isinstance(r, str) for r in returned):
            raise BuildBackendError(
                self._package_id, hook, reason=f"returned {returned!r}, not a list of strings"
            )
        from puffin_pep508 import InvalidRequirement, Requirement

        dynamic: list[Requirement] = []
        for text in returned:
            try:
                dynamic.append(Requirement.parse(text, working_dir=self._project))
            except InvalidRequirement as exc:
                raise BuildBackendError(
                    self._package_id, hook, reason=f"returned an invalid requirement: {exc}"
                ) from exc
        extra = [requirement for requirement in dynamic if requirement not in static]
        if not extra:
            return
        # Resolved together with the static requires, so that both agree; installed into
        # a fresh environment, since `BuildContext.install` expects an empty one.
        venv = _create_venv(context, self._venv.root, self._package_id, fresh=True)
        context.install(context.resolve([*static, *extra]), venv)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings (``UserWarning`` and subclasses) the backend's hooks issued so far."""
        return tuple(self._runner.warnings)

    def metadata(self) -> Path | None:
        """The ``.dist-info`` directory the backend's ``prepare_metadata_for_build_*``
        hook writes (into this build's temporary directory), or None when the backend
        has no such hook. Asked once: later calls return the same answer.

        :raises BuildBackendError: the hook failed or returned something unusable.
        """
        with self._lock:
            if self._metadata_asked:
                return self._metadata
            hook, prepare = self._hook("prepare_metadata_for_build")
            directory = self._temp / "metadata"
            directory.mkdir(exist_ok=True)
            try:
                name = self._call(
                    hook,
                    lambda: prepare(str(directory), self._settings, _allow_fallback=False),
                )
            except HookMissing:
                name = None
            if name is not None:
                if not isinstance(name, str) or not name.endswith(".dist-info"):
                    raise BuildBackendError(
                        self._package_id, hook, reason=f"returned {name!r}, not a .dist-info name"
                    )
                if not (directory / name).is_dir():
                    raise BuildBackendError(
                        self._package_id, hook, reason=f"returned {name!r}, which it did not write"
                    )
                self._metadata = directory / name
            self._metadata_asked = True
            return self._metadata

    def wheel(self, wheel_dir: Path) -> str:
        """Build the wheel (``build_wheel``) or editable wheel (``build_editable``) into
        *wheel_dir*, which is created if needed; the wheel's file name.

        :raises EditableNotSupported: an editable build, and the backend has no
            ``build_editable`` hook.
        :raises BuildBackendError: the hook failed or did not write the wheel it named.
        """
        with self._lock:
            hook, build = self._hook("build")
            wheel_dir.mkdir(parents=True, exist_ok=True)
            metadata = str(self._metadata) if self._metadata is not None else None
            try:
                name = self._call(hook, lambda: build(str(wheel_dir), self._settings, metadata))
            except HookMissing as exc:
                if self._kind is BuildKind.EDITABLE:
                    raise EditableNotSupported(self._package_id) from exc
                raise BuildBackendError(
                    self._package_id, hook, reason="the backend has no build_wheel hook"
                ) from exc
            if not isinstance(name, str) or not name.endswith(".whl"):
                raise BuildBackendError(
                    self._package_id, hook, reason=f"returned {name!r}, not a wheel file name"
                )
            if os.sep in name or not (wheel_dir / name).is_file():
                raise BuildBackendError(
                    self._package_id, hook, reason=f"returned {name!r}, which it did not write"
                )
            return name

    def close(self) -> None:
        """Remove the build's temporary directory: the unpacked archive, the environment,
        the metadata. A source tree built in place is left as the backend left it.
        """
        with self._lock:
            if not self._closed:
                self._closed = True
                shutil.rmtree(self._temp, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SourceBuild({self._package_id!r}, {self._kind.value}, {str(self._project)!r})>"

    def _hook(self, stem: str) -> tuple[str, Callable[..., Any]]:
        """The name of this kind's hook *stem* (``build`` -> ``build_wheel`` or
        ``build_editable``) and the caller's method that runs it."""
        name = f"{stem}_{self._kind.hook_suffix}"
        method: Callable[..., Any] = getattr(self._caller, name)
        return name, method

    def _call(self, hook: str, call: Callable[[], Any]) -> Any:
        """Run one hook; its failures become `BuildBackendError` (`HookMissing` passes)."""
        if self._closed:
            raise BuildBackendError(self._package_id, hook, reason="the build was closed")
        try:
            return call()
        except HookFailed as exc:
            status = "no process" if exc.returncode < 0 else f"exit status {exc.returncode}"
            raise BuildBackendError(self._package_id, hook, exc.output, status) from None
        except BackendUnavailable as exc:
            # The message comes first in the exception's text, the traceback after it.
            message = str(exc).partition("\n\nTraceback:")[0]
            output = exc.traceback or self._runner.output
            raise BuildBackendError(
                self._package_id,
                hook,
                output,
                f"cannot load the build backend {self.build_system.backend!r}: {message}",
            ) from None


def _subdirectory(tree: Path, subdirectory: str | None) -> Path:
    """The project's directory: *subdirectory* of *tree*, which it must not leave."""
    if not subdirectory:
        return tree
    if os.path.isabs(subdirectory):
        raise NotAPythonProject(tree, f"the subdirectory {subdirectory!r} is an absolute path")
    root = os.path.realpath(tree)
    resolved = os.path.realpath(os.path.join(root, subdirectory))
    if os.path.commonpath([root, resolved]) != root:
        raise NotAPythonProject(tree, f"the subdirectory {subdirectory!r} is outside the tree")
    if not os.path.isdir(resolved):
        raise NotAPythonProject(tree, f"it has no subdirectory {subdirectory!r}")
    return tree / subdirectory


def _parse_requires(requires: Sequence[str], project: Path) -> list[Requirement]:
    from puffin_pep508 import InvalidRequirement, Requirement

    parsed = []
    for text in requires:
        try:
            parsed.append(Requirement.parse(text, working_dir=project))
        except InvalidRequirement as exc:
            raise InvalidPyProject(
                project / "pyproject.toml",
                f"build-system.requires has an invalid requirement {text!r}: {exc}",
            ) from exc
    return parsed


def _create_venv(context: BuildContext, root: Path, package_id: str, *, fresh: bool) -> Virtualenv:
    """Create (or, with *fresh*, empty and re-create) the build environment at *root*."""
    from gourgeist import GourgeistError, create_venv
    from puffin_interpreter import Virtualenv

    interpreter = context.interpreter
    try:
        create_venv(root, interpreter, clear=fresh)
    except GourgeistError as exc:
        raise BuildEnvironmentError(package_id, root, str(exc)) from exc
    return Virtualenv.from_interpreter(root, interpreter)
