"""Choose an output format, render a program to text, and write files atomically.

Why atomic: a coach's existing file is never half-overwritten; the text goes to a temp file in the same
folder and is renamed into place only when complete.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from io import StringIO
from pathlib import Path

from kot.errors import KotError, UsageError
from kot.model import Program

TEXT_FORMATS = ("table", "markdown", "json", "yaml", "csv")
SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".yaml": "yaml", ".yml": "yaml",
                  ".csv": "csv", ".txt": "table", ".ics": "ics"}


def choose_format(fmt: str | None, output: Path | None) -> str:
    """An explicit --format wins; else the output file's suffix; else a table."""
    if fmt:
        return fmt
    if output is None:
        return "table"
    found = SUFFIX_FORMATS.get(output.suffix.lower())
    if found is None:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise UsageError(f"Invalid value for '--output': cannot tell the format of '{output.name}' (use one of {known}, or pass --format)")
    return found


def only_week(program: Program, week: int | None) -> Program:
    """The program with just week N (rendering only; it was built whole)."""
    if week is None:
        return program
    if not 1 <= week <= len(program.weeks):
        raise UsageError(f"Invalid value for '--week': {week} is not between 1 and {len(program.weeks)}")
    return program.model_copy(update={"weeks": [program.weeks[week - 1]]})


def program_data(program: Program) -> dict:
    return program.model_dump(mode="json")


def render(program: Program, fmt: str, *, explain: bool = False, log_sheet: bool = False, width: int = 100,
           checkins: Sequence = ()) -> str:
    """The program as text in one of TEXT_FORMATS (markdown also carries the check-in log)."""
    if fmt == "json":
        return json.dumps(program_data(program), indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        from kot.yamlio import dump_yaml

        return dump_yaml(program_data(program))
    if fmt == "markdown":
        from kot.render.markdown import to_markdown

        return to_markdown(program, explain=explain, log_sheet=log_sheet, checkins=checkins)
    if fmt == "csv":
        from kot.render.csv import to_csv

        return to_csv(program)
    if fmt == "table":
        from rich.console import Console

        from kot.render.table import program_view

        buffer = StringIO()
        Console(file=buffer, width=width, color_system=None, force_terminal=False).print(program_view(program, explain=explain))
        return buffer.getvalue()
    raise UsageError(f"Invalid value for '--format': '{fmt}' (choices: {', '.join(TEXT_FORMATS)})")


def write_atomic(path: Path, content: str | bytes, *, force: bool = False) -> None:
    """Write a whole file or nothing; never replace an existing file without `force`."""
    if path.exists() and not force:
        raise KotError(f"{path} already exists; pass --force to replace it")
    if path.is_dir():
        raise KotError(f"{path} is a folder, not a file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise KotError(f"cannot write {path}: the folder {folder} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise KotError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists() and not force:
            raise KotError(f"{path} already exists; pass --force to replace it")
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise KotError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
