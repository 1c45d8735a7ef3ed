"""Command lines in what kot prints, fitted to the width so that a copied command runs as written, and
messages wrapped at spaces (never inside a word, never at a hyphen).

Pure text, no rich: the CLI's own notes on stderr use it as the terminal views do.
"""

from __future__ import annotations

import shlex
import textwrap


def wrap_words(text: str, width: int, indent: str = "") -> list[str]:
    """A message as lines of at most `width` columns, broken at spaces only (a word longer than the width
    stays whole on its own line)."""
    return textwrap.wrap(
        text,
        width=max(20, width),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [""]


def fit_command(line: str, width: int) -> list[str]:
    """One hint line as lines of at most `width` columns where it can (see _Commands)."""
    if len(line) <= width:
        return [line]
    head, found, command = line.partition("kot ")
    if not found or head.strip() not in ("", "Next:"):
        return [line]
    command, _, comment = ("kot " + command).partition("   # ")
    out = [head.rstrip()] if head.strip() else []
    indent = " " * (len(head) - len(head.lstrip()) or 2)
    if comment:  # on lines of its own, each one a shell comment
        line_of = f"{indent}#"
        for word in comment.split():
            if len(line_of) > len(indent) + 1 and len(line_of) + 1 + len(word) > width:
                out.append(line_of)
                line_of = f"{indent}#"
            line_of += " " + word
        out.append(line_of)
    current = indent
    for word in shlex_words(command):
        if current.strip() and len(current) + len(word) + 3 > width:
            out.append(current + " \\")
            current = indent + "    "
        current += ("" if not current.strip() else " ") + word
    out.append(current)
    return out


def shlex_words(command: str) -> list[str]:
    """The words of a command line as written (quotes kept), split where the shell splits them."""
    return [shlex.quote(word) for word in shlex.split(command)]
