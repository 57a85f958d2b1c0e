"""Create a virtual environment by writing its files directly."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from gourgeist._activation import SCRIPTS, render
from gourgeist._frozen import Frozen
from gourgeist._interpreter import InterpreterFacts
from gourgeist._layout import VenvLayout
from gourgeist.errors import VenvCreationError, VenvExists

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from gourgeist._protocol import BaseInterpreter

__all__ = ["CreatedVenv", "create_venv"]


class CreatedVenv(Frozen):
    """Where the parts of a freshly created environment are (immutable)."""

    __slots__ = ("bin_dir", "executable", "pyvenv_cfg", "root", "site_packages")
    _fields = ("root", "bin_dir", "executable", "site_packages", "pyvenv_cfg")

    root: Path
    """The environment's directory, absolute."""
    bin_dir: Path
    """Its ``bin`` (``Scripts``) directory, where scripts and activation files go."""
    executable: Path
    """Its ``python``: the link to run the environment's interpreter."""
    site_packages: Path
    """Its site-packages directory, where packages are installed."""
    pyvenv_cfg: Path
    """Its ``pyvenv.cfg``."""

    def __init__(
        self, root: Path, bin_dir: Path, executable: Path, site_packages: Path, pyvenv_cfg: Path
    ) -> None:
        self._fill(root, bin_dir, executable, site_packages, pyvenv_cfg)


def create_venv(
    location: str | os.PathLike[str],
    interpreter: BaseInterpreter,
    *,
    prompt: str | None = None,
    system_site_packages: bool = False,
    clear: bool = False,
    allow_existing: bool = False,
    puffin_version: str | None = None,
) -> CreatedVenv:
    """Create a virtual environment at ``location`` for ``interpreter``, without seed packages.

    Nothing is run: the files ``python -m venv --without-pip`` would make are written
    directly (PEP 405): ``pyvenv.cfg``, links to the base interpreter, an empty
    site-packages, activation scripts and a ``.gitignore`` that hides the environment from
    git.

    :param location: the environment's directory; made absolute, created with its parents.
    :param interpreter: the base interpreter, e.g. `InterpreterFacts.current()`.
    :param prompt: the name activation shows in the prompt, also written to pyvenv.cfg;
        ``"."`` means the current directory's name; by default the directory's name.
    :param system_site_packages: let the environment see the base interpreter's packages.
    :param clear: empty an existing, non-empty ``location`` first.
    :param allow_existing: write into an existing, non-empty ``location``, replacing the
        files an environment has.
    :param puffin_version: recorded as ``puffin = <version>`` in pyvenv.cfg, so that puffin
        knows it made the environment.
    :raises VenvExists: ``location`` has files and neither ``clear`` nor ``allow_existing``.
    :raises VenvCreationError: the file system refused (the cause is kept).
    """
    root = Path(os.path.abspath(location))
    if prompt is not None and not prompt.isprintable():
        # A line break would end the pyvenv.cfg entry and the shell assignments.
        raise VenvCreationError(root, ValueError(f"the prompt must be printable: {prompt!r}"))
    facts = InterpreterFacts.of(interpreter)
    layout = VenvLayout.for_interpreter(facts)
    if facts.is_windows:
        raise VenvCreationError(
            root, NotImplementedError("Windows virtual environments are not supported yet")
        )
    fresh = _prepare(root, layout, clear=clear, allow_existing=allow_existing)
    if prompt == ".":
        prompt = Path.cwd().name
    try:
        return _populate(
            root,
            facts,
            layout,
            fresh=fresh,
            prompt=prompt,
            system_site_packages=system_site_packages,
            puffin_version=puffin_version,
        )
    except OSError as exc:
        raise VenvCreationError(root, exc) from exc


def _prepare(root: Path, layout: VenvLayout, *, clear: bool, allow_existing: bool) -> bool:
    """Make ``root`` an empty directory, or accept it as it is; true when it is empty.

    Clearing keeps (empty) the directories ``layout`` creates anyway, so that the result
    is the same as a new environment's: removing a directory and making it again costs
    two system calls where none are needed, and on some file systems removing one is
    the slowest step of re-creating an environment.
    """
    try:
        os.mkdir(root)
        return True
    except FileExistsError:
        pass
    except FileNotFoundError:
        try:
            os.makedirs(root, exist_ok=True)
        except OSError as exc:
            raise VenvCreationError(root, exc) from exc
        return True
    except OSError as exc:
        raise VenvCreationError(root, exc) from exc

    try:
        with os.scandir(root) as scan:
            entries = list(scan)
    except OSError as exc:
        raise VenvCreationError(root, exc) from exc
    if not entries:
        return True
    if clear:
        if root == Path(root.anchor):
            raise VenvCreationError(
                root, OSError(errno.EPERM, "refusing to clear a file system root", str(root))
            )
        try:
            return _clear(root, entries, layout)
        except OSError as exc:
            raise VenvCreationError(root, exc) from exc
    if allow_existing:
        return False
    raise VenvExists(root)


# Whether directories can be emptied relative to open descriptors (as shutil.rmtree
# does where it can), so that a directory swapped for a link midway is not followed.
_FD_FUNCTIONS = (
    os.scandir in os.supports_fd and {os.open, os.unlink, os.rmdir} <= os.supports_dir_fd
)

# The directories to keep while clearing: name -> the directories to keep inside it.
_Keep = dict[str, "_Keep"]


def _clear(root: Path, entries: list[os.DirEntry[str]], layout: VenvLayout) -> bool:
    """Remove ``entries`` (the contents of ``root``) but the directories of ``layout``,
    which are emptied; true when ``root`` is left empty.

    Not shutil.rmtree: `puffin venv --clear` would spend more time importing shutil (and
    the compression modules it loads) than removing the old environment.
    """
    if not _FD_FUNCTIONS:
        import shutil

        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        return True
    site_packages: _Keep = {}
    for part in reversed(layout.site_packages):
        site_packages = {part: site_packages}
    keep = {layout.bin_name: {}, **site_packages}
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _empty(str(root), fd, keep)
    finally:
        os.close(fd)
    return not any(entry.name in keep for entry in entries)


def _empty(path: str, fd: int, keep: _Keep) -> None:
    """Empty the directory ``path`` (open as ``fd``) but for the sub-directories ``keep``
    names, which are emptied in turn; no symbolic link is followed. The first failure is
    raised, naming the full path of what could not be removed.
    """
    with os.scandir(fd) as scan:
        entries = list(scan)
    for entry in entries:
        child = os.path.join(path, entry.name)
        try:
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.name, dir_fd=fd)
                continue
            inner = keep.get(entry.name)
            sub = os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            try:
                _empty(child, sub, {} if inner is None else inner)
            finally:
                os.close(sub)
            if inner is None:
                os.rmdir(entry.name, dir_fd=fd)
        except OSError as exc:
            if not (isinstance(exc.filename, str) and os.path.isabs(exc.filename)):
                exc.filename = child
            raise


def _populate(
    root: Path,
    facts: InterpreterFacts,
    layout: VenvLayout,
    *,
    fresh: bool,
    prompt: str | None,
    system_site_packages: bool,
    puffin_version: str | None,
) -> CreatedVenv:
    # Plain os calls on str paths: a fresh environment is about twenty system calls.
    base = str(root)
    bin_dir = os.path.join(base, layout.bin_name)
    mkdir = os.mkdir if fresh else _mkdir_existing
    mkdir(bin_dir)
    lib_dir = os.path.join(base, layout.site_packages[0])
    site_packages = lib_dir
    mkdir(lib_dir)
    for part in layout.site_packages[1:]:
        site_packages = os.path.join(site_packages, part)
        mkdir(site_packages)
    lib64 = os.path.join(base, "lib64")
    # Like venv, keep whatever lib64 an existing environment has (a link, or a directory).
    if layout.lib64 and (fresh or not os.path.lexists(lib64)):
        os.symlink(layout.site_packages[0], lib64)

    target = str(facts.base_executable)
    for name in layout.executables:
        _symlink(target, os.path.join(bin_dir, name), fresh=fresh)

    shown_prompt = root.name if prompt is None else prompt
    for script in SCRIPTS:
        text = render(
            script,
            venv_dir=base,
            prompt=shown_prompt,
            bin_name=layout.bin_name,
            path_sep=layout.path_sep,
            site_packages=layout.site_packages,
        )
        _write(os.path.join(bin_dir, script), text)

    _write(os.path.join(base, ".gitignore"), "*\n")
    cfg = os.path.join(base, "pyvenv.cfg")
    # Written last: tools take a pyvenv.cfg to mean that the environment is complete.
    _write(
        cfg,
        _pyvenv_cfg_text(
            facts,
            layout,
            prompt=prompt,
            system_site_packages=system_site_packages,
            puffin_version=puffin_version,
        ),
    )
    return CreatedVenv(
        root=root,
        bin_dir=Path(bin_dir),
        executable=Path(bin_dir, layout.executables[0]),
        site_packages=Path(site_packages),
        pyvenv_cfg=Path(cfg),
    )


def _pyvenv_cfg_text(
    facts: InterpreterFacts,
    layout: VenvLayout,
    *,
    prompt: str | None,
    system_site_packages: bool,
    puffin_version: str | None,
) -> str:
    """The ``pyvenv.cfg`` of an environment, with the keys (and spelling) uv writes.

    >>> facts = InterpreterFacts(Path("/opt/py/bin/python3.12"), Path("/opt/py"), (3, 12, 1),
    ...                          "cpython")
    >>> print(_pyvenv_cfg_text(facts, VenvLayout.for_interpreter(facts), prompt="demo",
    ...                       system_site_packages=False, puffin_version="0.1.0"), end="")
    home = /opt/py/bin
    implementation = CPython
    version_info = 3.12.1
    include-system-site-packages = false
    prompt = demo
    puffin = 0.1.0
    """
    lines = [
        f"home = {facts.base_executable.parent}",
        f"implementation = {layout.implementation}",
        "version_info = {}.{}.{}".format(*facts.version_info),
        f"include-system-site-packages = {'true' if system_site_packages else 'false'}",
    ]
    if prompt is not None:
        lines.append(f"prompt = {prompt}")
    if puffin_version is not None:
        lines.append(f"puffin = {puffin_version}")
    return "\n".join(lines) + "\n"


def _mkdir_existing(path: str) -> None:
    try:
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):
            raise


def _symlink(target: str, link: str, *, fresh: bool) -> None:
    try:
        os.symlink(target, link)
    except FileExistsError:
        if fresh:
            raise
        # Replacing a link (or a copied python) left by an earlier environment.
        os.unlink(link)
        os.symlink(target, link)


def _write(path: str, text: str) -> None:
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
