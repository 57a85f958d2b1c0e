"""The RFC 822-style header block of core metadata, read by a hand-written scanner.

`email.parser` reads the same block about ten times slower (see the package
README), and a resolver reads hundreds of these files per run.
"""

from __future__ import annotations

__all__ = ["Headers", "split_headers", "unfold", "unfold_text"]

#: ``(lowercased field name, value)`` in file order; a value that continued on
#: further lines holds them after ``\n``, exactly as written.
Headers = list[tuple[str, str]]


def split_headers(text: str) -> tuple[Headers, str | None, list[str]]:
    """Split metadata text into its header fields, its body, and problems met.

    Lines starting with a space or tab continue the previous field. The first
    empty line ends the headers; so does a line that is not ``Name: value``
    (as in `email.parser`), whose text then starts the body.

    >>> split_headers("Name: foo\\nSummary: a\\n  b\\n\\nBody")
    ([('name', 'foo'), ('summary', 'a\\n  b')], 'Body', [])
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    end = text.find("\n\n")
    if text.startswith("\n"):
        return [], text[1:], []
    if end < 0:
        head, body = text.removesuffix("\n"), None
    else:
        head, body = text[:end], text[end + 2 :]
    fields: Headers = []
    problems: list[str] = []
    if not head:
        return fields, body, problems
    lines = head.split("\n")
    # Continuation lines of field i, joined once at the end: appending to the
    # value string line by line is quadratic on 50 kB License fields.
    continued: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        # No line is empty: the header block ends at the first empty line.
        if line[0] in " \t":
            if fields:
                continued.setdefault(len(fields) - 1, []).append(line)
            else:
                problems.append(f"continuation line before any field: {line.strip()!r}")
            continue
        name, sep, value = line.partition(":")
        if not sep or " " in name or "\t" in name:
            name = name.rstrip()  # `Name : value` is sloppy but unambiguous
        if not sep or not name or " " in name or "\t" in name:
            problems.append(f"line {index + 1} is not a 'Name: value' field: {line!r}")
            rest = "\n".join(lines[index:])
            body = rest if body is None else f"{rest}\n\n{body}"
            break
        fields.append((name.lower(), value.strip()))
    for index, extra in continued.items():
        name, value = fields[index]
        fields[index] = (name, "\n".join([value, *extra]))
    return fields, body, problems


def unfold(value: str) -> str:
    """Join a continued structured field (a requirement, a version) into one line.

    >>> unfold("requests (>=2.0,\\n  <3)")
    'requests (>=2.0, <3)'
    """
    if "\n" not in value:
        return value
    return " ".join(part.strip() for part in value.split("\n") if part.strip())


def unfold_text(value: str) -> str:
    """Undo the indentation that writers put on continued free-text fields.

    Each continuation line loses its first eight spaces, or seven spaces and
    a ``|`` (the core metadata spec's form for ``Description``), or one tab;
    deeper indentation is kept.

    >>> unfold_text("MIT\\n        line two\\n       |\\n          indented")
    'MIT\\nline two\\n\\n  indented'
    """
    if "\n" not in value:
        return value
    first, *rest = value.split("\n")
    lines = [first]
    for line in rest:
        if line.startswith("       |"):
            line = line[8:]
        elif line.startswith("\t"):
            line = line[1:]
        else:
            stripped = line.lstrip(" ")
            line = line[min(8, len(line) - len(stripped)) :]
        lines.append(line.rstrip())
    return "\n".join(lines)
