"""Scripts: ``#!python`` shebangs pointed at the target interpreter, entry point launchers."""

from __future__ import annotations

import os
import platform
import re
import shlex
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from install_wheel._wheel_info import EntryPoint

__all__ = ["launcher", "python_shebang", "rewrite_shebang"]

# Linux cuts a shebang line at 127 bytes (BINPRM_BUF_SIZE - 1).
_MAX_SHEBANG: Final = 127
_PYTHON_SHEBANG: Final = re.compile(rb"^#!pythonw?(?P<args>[ \t][^\r\n]*)?(?=\r?\n|$)")


def python_shebang(executable: str, args: str = "") -> bytes:
    """The first line(s) of a POSIX script run by *executable*, newline included.

    A path with a space or too long for the kernel gets a ``/bin/sh`` preamble that
    ``exec``-s the interpreter and that Python reads as a string literal.

    >>> python_shebang("/venv/bin/python")
    b'#!/venv/bin/python\\n'
    >>> print(python_shebang("/my venv/bin/python", " -u").decode(), end="")
    #!/bin/sh
    '''exec' '/my venv/bin/python' -u "$0" "$@"
    ' '''
    """
    line = f"#!{executable}{args}".encode()
    if " " not in executable and len(line) <= _MAX_SHEBANG:
        return line + b"\n"
    return (f"#!/bin/sh\n'''exec' {shlex.quote(executable)}{args} \"$0\" \"$@\"\n' '''\n").encode()


def rewrite_shebang(content: bytes, executable: str) -> bytes | None:
    """*content* with a ``#!python`` or ``#!pythonw`` first line made to run *executable*,
    or ``None`` when the script has another first line (it is installed unchanged).

    >>> rewrite_shebang(b"#!python -u\\nprint(1)\\n", "/venv/bin/python")
    b'#!/venv/bin/python -u\\nprint(1)\\n'
    >>> rewrite_shebang(b"#!/bin/sh\\necho\\n", "/venv/bin/python") is None
    True
    """
    match = _PYTHON_SHEBANG.match(content)
    if match is None:
        return None
    args = (match["args"] or b"").rstrip().decode("utf-8", "surrogateescape")
    rest = content[match.end() :]
    # python_shebang ends its line(s) with "\n"; the original line end goes.
    rest = rest[2:] if rest.startswith(b"\r\n") else rest[1:] if rest.startswith(b"\n") else rest
    return python_shebang(executable, args) + rest


def _launcher_kind() -> str:
    if os.name != "nt":
        return "posix"
    machine = platform.machine().lower()
    if machine in ("arm64", "aarch64"):
        return "win-arm64"
    return "win-amd64" if machine in ("amd64", "x86_64") else "win-ia32"


def launcher(entry: EntryPoint, executable: str) -> tuple[str, bytes]:
    r"""The file name and content of the launcher script for *entry*.

    On POSIX a small Python script: *executable*'s shebang, an import of the entry
    point, and ``sys.exit`` with what it returns (the form every installer writes).
    Windows needs `installer`'s ``.exe`` launchers.

    >>> from install_wheel._wheel_info import EntryPoint
    >>> name, data = launcher(EntryPoint("tool", "pkg.cli", "main", "console"), "/v/bin/python")
    >>> print(name); print(data.decode(), end="")
    tool
    #!/v/bin/python
    # -*- coding: utf-8 -*-
    import re
    import sys
    from pkg.cli import main
    if __name__ == "__main__":
        sys.argv[0] = re.sub(r"(-script\.pyw|\.exe)?$", "", sys.argv[0])
        sys.exit(main())
    """
    if os.name == "nt":
        # installer imports email and more (25 ms): only Windows installs pay for it.
        from installer.scripts import Script

        script = Script(entry.name, entry.module, entry.attr, entry.section)
        return script.generate(executable, _launcher_kind())  # type: ignore[arg-type]
    imported = entry.attr.split(".", 1)[0]  # "main" of "main", "cli" of "cli.run"
    body = (
        "# -*- coding: utf-8 -*-\n"
        "import re\n"
        "import sys\n"
        f"from {entry.module} import {imported}\n"
        'if __name__ == "__main__":\n'
        '    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])\n'
        f"    sys.exit({entry.attr}())\n"
    )
    return entry.name, python_shebang(executable) + body.encode()
