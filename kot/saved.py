"""Read a saved program (.yaml or .json) back into the model, from the file alone.

Why from the file alone: a coach may edit the library after sending a plan; the client's plan must not
silently change, so `kot show` never rebuilds it.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from kot.errors import DataError, KotError, Problem
from kot.model import FORMAT_VERSION, Program


def read_program(path: Path) -> Program:
    """Parse and check a saved program; every failure is one clear KotError naming the file."""
    shown = str(path)
    if not path.is_file():
        raise KotError(f"{shown}: no such file" if not path.exists() else f"{shown}: not a file")
    suffix = path.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise KotError(f"{shown}: a saved program is a .yaml or .json file (made by `kot plan -o plan.yaml`)")
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KotError(f"{shown}: cannot read it as a text file ({exc})") from None
    return parse_program(text, shown, json_text=suffix == ".json")


def parse_program(text: str, shown: str, *, json_text: bool | None = None) -> Program:
    """A saved program from its text (JSON or YAML; JSON when it starts with a brace)."""
    if json_text is None:
        json_text = text.lstrip().startswith("{")
    if json_text:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError([Problem(shown, exc.lineno, exc.colno, message=f"invalid JSON: {exc.msg}")]) from None
    else:
        from kot.yamlio import load_plain

        data = load_plain(text, shown)
    if not isinstance(data, dict) or "weeks" not in data:
        if isinstance(data, dict) and data.get("status") == "refused":
            raise KotError(f"{shown}: this is a refused plan; it has no program to show")
        raise KotError(f"{shown}: not a kot program (made by `kot plan -o plan.yaml`)")
    version = data.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise KotError(
            f"{shown}: made by a newer kot (format {version}; this kot reads up to {FORMAT_VERSION}); upgrade kot"
        )
    try:
        return Program.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise KotError(f"{shown}: not a valid kot program: {where}: {first['msg']}{more}") from None


def read_json(path: Path, what: str) -> object:
    """A JSON file's data; a missing or unreadable file, or one that is not JSON, is one clear KotError."""
    if not path.is_file():
        raise KotError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, RecursionError, ValueError) as exc:
        raise KotError(f"{path}: not {what} ({exc})") from None
