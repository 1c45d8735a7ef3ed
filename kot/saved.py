"""Read a saved program (.yaml or .json) back into the model, from the file alone, and check it again.

Why from the file alone: a coach may edit the library after sending a plan; the client's plan must not
silently change, so `kot show` never rebuilds it. Why check it again: the file may have been edited by hand,
so it passes the same model and the same safety rules as a plan kot builds, or is refused naming the week,
day and exercise.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from kot import validation
from kot.boundary import ValidationError, validate
from kot.boundary import errors as boundary_errors
from kot.errors import DataError, KotError, Problem
from kot.jsonio import PLAN_MAX_BYTES, PLAN_MAX_VALUES, load_json
from kot.locate import error_message, plan_label
from kot.model import FORMAT_VERSION, Program, plan_shape_problems


def regular_file(path: Path, what: str) -> None:
    """Refuse anything but a regular file of at most PLAN_MAX_BYTES, naming the file.

    Why look before reading: a FIFO would block the read forever, and a device or a huge file never ends."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KotError(f"{path}: no such file") from None
    except OSError as exc:
        raise KotError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise KotError(f"{path}: a folder, not {what}")
    if not stat.S_ISREG(info.st_mode):
        raise KotError(f"{path}: not a regular file (a pipe or a device), so not {what}")
    if info.st_size > PLAN_MAX_BYTES:
        raise KotError(f"{path}: larger than {PLAN_MAX_BYTES // 1_000_000} MB, so not {what}")


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of a regular file of at most PLAN_MAX_BYTES; anything else is one clear KotError."""
    regular_file(path, what)
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise KotError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise KotError(f"{path}: cannot read it as a text file (not UTF-8 at byte {exc.start})") from None


def read_program(path: Path) -> Program:
    """Parse and check a saved program; every failure is a KotError (or DataError) naming the file."""
    regular_file(path, "a saved plan")
    suffix = path.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise KotError(
            f"{path}: a saved program is a .yaml or .json file (made by kot plan --goal knee-pain -o plan.yaml)"
        )
    return parse_program(read_text(path, "a saved plan"), str(path), json_text=suffix == ".json")


def parse_program(text: str, shown: str, *, json_text: bool | None = None) -> Program:
    """A saved program from its text (JSON or YAML; JSON when it starts with a brace), checked against the
    model and the safety rules."""
    if json_text is None:
        json_text = text.lstrip().startswith("{")
    if json_text:
        data, located = load_json(text, shown, max_values=PLAN_MAX_VALUES), None
    else:
        from kot.yamlio import parse_located

        located = parse_located(text, shown, plan=True)
        data = located.data
    if not isinstance(data, dict) or "weeks" not in data:
        if isinstance(data, dict) and data.get("status") == "refused":
            raise KotError(f"{shown}: this is a refused plan; it has no program to show")
        raise KotError(f"{shown}: not a kot program (made by kot plan --goal knee-pain -o plan.yaml)")
    version = data.get("format_version")
    if type(version) is int and version > FORMAT_VERSION:
        raise KotError(
            f"{shown}: made by a newer kot (format {version}; this kot reads up to {FORMAT_VERSION}); upgrade kot"
        )
    try:
        program = validate(Program, data)
    except ValidationError as exc:
        raise DataError(validation_problems(exc, data, located, shown)) from None
    unsafe = validation.plan_problems(program) or plan_shape_problems(program, given_id="plan_id" in data)
    if unsafe:
        raise DataError([_problem(data, located, shown, path, message) for path, message in unsafe])
    return program


MAX_PROBLEMS = 50


def validation_problems(exc: ValidationError, data: Any, located: Any, shown: str) -> list[Problem]:
    """Every model error of a saved plan, named by week, day and exercise, located when the file is YAML."""
    found = []
    errors = boundary_errors(exc)
    for error in errors[:MAX_PROBLEMS]:
        loc = tuple(p for p in error["loc"] if isinstance(p, (str, int)))
        found.append(_problem(data, located, shown, loc, error_message(error, Program, loc)))
    if len(errors) > MAX_PROBLEMS:  # a file of a million wrong values is not a million lines of errors
        found.append(Problem(shown, message=f"and {len(errors) - MAX_PROBLEMS:,} more problems like these"))
    return found


def _problem(data: Any, located: Any, shown: str, path: tuple[str | int, ...], message: str) -> Problem:
    line, column = located.position(path) if located is not None else (0, 0)
    return Problem(shown, line, column, plan_label(data, path), message)


def read_json(path: Path, what: str) -> object:
    """A JSON file's data, read strictly (kot.jsonio); a missing, odd or invalid file is one clear error."""
    return load_json(read_text(path, what), str(path))
