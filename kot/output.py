"""Every way kot prints or writes: one registry of formats, and the one path to stdout or a file.

A command names the kind of thing it prints (a plan, a list, the diary) and hands over the subject; this
module picks the format (`--format`, else the `--output` suffix, else the command's default), finds the
renderer, and writes: to stdout when there is no `--output` or it is `-`, else to the file atomically
(temp file + rename, never replacing a file without `--force`), then says "Wrote FILE" on stderr.

To add a format, add one `Format` below naming the renderer of each kind it serves, and write that
renderer in kot/render/. Its `--format` choice, its suffix and its writing follow from the entry.

Why nothing heavy at import time: the CLI builds its `--format` choices from this registry at start-up.
"""

from __future__ import annotations

import importlib
import inspect
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kot.errors import KotError, UsageError

# The kinds of output. Commands that print the same kind offer the same formats.
PLAN = "plan"  # a program: kot plan, show, export
CALENDAR = "calendar"  # a program on dates: kot export -o plan.ics
FAMILIES = "families"  # kot exercises list
FAMILY = "family"  # kot exercises show
GOALS = "goals"  # kot goals list
GOAL = "goal"  # kot goals show
SIMULATION = "simulation"  # kot simulate
CHECKINS = "checkins"  # kot history
PROGRESS = "progress"  # kot progress

# How each kind becomes plain data for the data formats (JSON, YAML): "module:function".
DATA: Mapping[str, str] = {
    PLAN: "kot.output:program_data",
    FAMILIES: "kot.browse:families_data",
    FAMILY: "kot.browse:family_data",
    GOALS: "kot.browse:templates_data",
    GOAL: "kot.browse:template_data",
    SIMULATION: "kot.checkins:simulation_data",
    CHECKINS: "kot.checkins:history_data",
    PROGRESS: "kot.checkins:progress_data",
}


@dataclass(frozen=True)
class Format:
    """One output format: its name, the suffixes that select it, and its renderer for each kind it serves.

    A renderer is "module:function" taking the subject and returning text, bytes or a rich renderable; it
    is passed only the options it declares. A format with `dump` also serves every kind in DATA, by dumping
    that kind's plain data (a kind listed in `renders` uses its own renderer instead)."""

    name: str
    suffixes: tuple[str, ...]
    renders: Mapping[str, str] = field(default_factory=dict)
    dump: str | None = None
    aliases: tuple[str, ...] = ()
    elsewhere: str = ""  # where to get this format when a command does not offer it

    def serves(self, kind: str) -> bool:
        return kind in self.renders or (self.dump is not None and kind in DATA)


FORMATS: tuple[Format, ...] = (
    Format(
        "table",
        (".txt",),
        renders={
            PLAN: "kot.render.table:program_view",
            FAMILIES: "kot.render.library:families_table",
            FAMILY: "kot.render.library:family_view",
            GOALS: "kot.render.library:templates_table",
            GOAL: "kot.render.library:template_view",
            SIMULATION: "kot.render.progress:simulation_view",
            CHECKINS: "kot.render.progress:history_table",
            PROGRESS: "kot.render.progress:progress_view",
        },
    ),
    Format("markdown", (".md", ".markdown"), renders={PLAN: "kot.render.markdown:to_markdown"}, aliases=("md",)),
    Format("json", (".json",), dump="kot.jsonio:dump_json"),
    Format(
        "yaml",
        (".yaml", ".yml"),
        renders={FAMILY: "kot.browse:family_file", GOAL: "kot.browse:template_file"},
        dump="kot.yamlio:dump_yaml",
        aliases=("yml",),
    ),
    Format(
        "csv",
        (".csv",),
        renders={
            PLAN: "kot.render.csv:to_csv",
            CHECKINS: "kot.render.csv:history_csv",
            PROGRESS: "kot.render.csv:progress_csv",
        },
    ),
    Format(
        "ics",
        (".ics",),
        renders={CALENDAR: "kot.render.ics:to_ics"},
        elsewhere="calendar files come from `kot export PLAN -o plan.ics --start YYYY-MM-DD`",
    ),
    Format("html", (".html", ".htm"), renders={PLAN: "kot.render.html:to_html"}),
)

BY_NAME: Mapping[str, Format] = {f.name: f for f in FORMATS}


def choices(*kinds: str) -> list[str]:
    """The format names offered for these kinds of output, in registry order."""
    return [f.name for f in FORMATS if any(f.serves(kind) for kind in kinds)]


def resolve(name: str, kinds: tuple[str, ...]) -> Format:
    """A format by name or alias, checked against what these kinds offer."""
    found = next((f for f in FORMATS if name == f.name or name in f.aliases), None)
    offered = choices(*kinds)
    if found is None or found.name not in offered:
        hint = f"; {found.elsewhere}" if found is not None and found.elsewhere else ""
        raise UsageError(f"'{name}' is not one of {', '.join(offered)}{hint}", option="format")
    return found


def choose(kinds: tuple[str, ...], fmt: str | None, output: Path | None, default: str) -> tuple[Format, str]:
    """The format to use and the kind it renders: --format wins, then the --output suffix, then the default."""
    if fmt:
        chosen = resolve(fmt, kinds)
    elif output is None or is_stdout(output):
        chosen = BY_NAME[default]
    else:
        chosen = next((f for f in FORMATS if output.suffix.lower() in f.suffixes), None)
        offered = [f for f in FORMATS if f.name in choices(*kinds)]
        if chosen is None:
            known = ", ".join(s for f in offered for s in f.suffixes)
            raise UsageError(
                f"cannot tell the format of '{output.name}' (end it in {known}, or pass --format)", option="output"
            )
        if chosen not in offered:
            hint = chosen.elsewhere or f"this command writes {', '.join(f.name for f in offered)}"
            raise UsageError(f"cannot write '{output.name}' here: {hint}", option="output")
    return chosen, next(kind for kind in kinds if chosen.serves(kind))


def is_stdout(output: Path | None) -> bool:
    """`-o -` means standard output, as in most command-line tools."""
    return output is not None and str(output) == "-"


def _load(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Lazy:
    """An option worked out only if the chosen renderer takes it (the diary is read only for formats that
    show the check-in log, so a damaged or unreadable diary never stops a CSV export)."""

    get: Callable[[], Any]


def _call(function: Callable[..., Any], subject: Any, options: Mapping[str, Any]) -> Any:
    """Call a renderer with the options it declares. Why: a renderer names only what it uses (markdown takes
    a log sheet, CSV takes nothing), and a command need not know which renderer its format picks."""
    accepted = inspect.signature(function).parameters
    given = {k: v.get() if isinstance(v, Lazy) else v for k, v in options.items() if k in accepted}
    return function(subject, **given)


def render(kind: str, fmt: str, subject: Any, **options: Any) -> Any:
    """The subject in a format: text, bytes, or a rich renderable (a table for the terminal). A plan asked for
    one week goes whole to a renderer that shows that week in context (the overview), else cut to the week."""
    spec = BY_NAME[fmt]
    if kind == PLAN and options.get("week") is not None:
        one = only_week(subject, options["week"])  # checks the week exists
        takes_week = kind in spec.renders and "week" in inspect.signature(_load(spec.renders[kind])).parameters
        subject = subject if takes_week else one
    if kind in spec.renders:
        return _call(_load(spec.renders[kind]), subject, options)
    if spec.dump is None or kind not in DATA:
        raise UsageError(f"'{fmt}' is not one of {', '.join(choices(kind))}", option="format")
    return _load(spec.dump)(_call(_load(DATA[kind]), subject, options))


def to_text(kind: str, fmt: str, subject: Any, *, width: int = 100, **options: Any) -> str | bytes:
    """Like `render`, with a rich renderable laid out as plain text `width` columns wide (for files)."""
    rendered = render(kind, fmt, subject, **options)
    return rendered if isinstance(rendered, (str, bytes)) else _plain(rendered, width)


def _plain(renderable: Any, width: int) -> str:
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(renderable)
    return buffer.getvalue()


def emit(
    kinds: str | tuple[str, ...],
    subject: Any,
    *,
    fmt: str | None = None,
    output: Path | None = None,
    force: bool = False,
    default: str = "table",
    pager: bool = False,
    **options: Any,
) -> None:
    """Render the subject and print it (through a pager when asked and it is longer than the screen), or
    write it to `output` atomically and say so."""
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    chosen, kind = choose(kinds, fmt, output, default)
    if output is None or is_stdout(output):
        show(render(kind, chosen.name, subject, **options), pager=pager)
    else:
        write_file(output, to_text(kind, chosen.name, subject, **options), force=force)


def show(rendered: Any, *, pager: bool = False) -> None:
    """Print text, bytes or a rich renderable on stdout; a renderable longer than the terminal goes through
    a pager when `pager` is set and stdout is a terminal."""
    if isinstance(rendered, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered)
        sys.stdout.buffer.flush()
    elif isinstance(rendered, str):
        sys.stdout.write(rendered)
    else:
        out = console()
        if pager and out.is_terminal and len(out.render_lines(rendered, pad=False)) > out.height:
            less = os.environ.get("LESS")
            os.environ["LESS"] = "-FRX" if less is None else less if "R" in less else less + " -R"  # colours pass
            with out.pager(styles=True):
                out.print(rendered)
        else:
            out.print(rendered)


MIN_WIDTH = 40


def console(stderr: bool = False) -> Any:
    """A rich console that follows the terminal: no colour when not a TTY or when NO_COLOR is set; 80 columns
    when the width is unknown (COLUMNS=0 or not a number), and never narrower than 40."""
    from rich.console import Console

    width = None
    columns = os.environ.get("COLUMNS")
    if columns is not None:
        width = int(columns) if columns.isdigit() and int(columns) > 0 else 80
    out = Console(stderr=stderr, highlight=False, width=width)
    if out.width < MIN_WIDTH:
        out = Console(stderr=stderr, highlight=False, width=MIN_WIDTH)
    return out


def say(message: str) -> None:
    """One status line on stderr, printed literally (file names are never read as markup)."""
    console(stderr=True).print(message, markup=False, soft_wrap=True)


def refusal(refused: Any, *, fmt: str | None, output: Path | None) -> None:
    """A refused plan as the contract's JSON on stdout, when JSON on stdout was asked for. The reasons always
    go to stderr too, where the error boundary prints the refusal it re-raises."""
    chosen, _ = choose((PLAN,), fmt, output, "table")
    if chosen.name == "json" and (output is None or is_stdout(output)):
        from kot.jsonio import dump_json

        show(dump_json(refused.data()))


def program_data(program: Any) -> dict[str, Any]:
    """A program in the contract's JSON shape."""
    return program.model_dump(mode="json")


def only_week(program: Any, week: int | None) -> Any:
    """The program with just week N (rendering only; it was built whole)."""
    if week is None:
        return program
    if not 1 <= week <= len(program.weeks):
        raise UsageError(f"{week} is not between 1 and {len(program.weeks)}, the plan's weeks", option="week")
    return program.model_copy(update={"weeks": [program.weeks[week - 1]]})


def write_file(path: Path, content: str | bytes, *, force: bool = False) -> None:
    """Write a whole file or nothing, then say "Wrote PATH" on stderr."""
    write_atomic(path, content, force=force)
    say(f"Wrote {path}")


def write_new(files: Mapping[Path, str]) -> None:
    """Write several new files, refusing before writing any when one already exists."""
    taken = [str(path) for path in files if path.exists() or path.is_symlink()]
    if taken:
        raise KotError(f"{', '.join(taken)} already exist{'s' if len(taken) == 1 else ''}; kot never overwrites them")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, text)


def write_atomic(path: Path, content: str | bytes, *, force: bool = False) -> None:
    """Write a whole file or nothing; never replace an existing file without `force`, nor anything that is
    not a regular file. A replaced file keeps its mode; a new one follows the umask."""
    try:
        existing = path.lstat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise KotError(f"cannot write {path}: {exc.strerror or exc}") from None
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            raise KotError(f"{path} is a folder, not a file")
        if not force:
            raise KotError(f"{path} already exists; pass --force to replace it")
        if not stat.S_ISREG(existing.st_mode):
            raise KotError(f"{path} is not a regular file; kot replaces only regular files")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise KotError(f"cannot write {path}: the folder {folder} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise KotError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        if (path.exists() or path.is_symlink()) and not force:
            raise KotError(f"{path} already exists; pass --force to replace it")
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise KotError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    """The process umask (reading it means setting it; put it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
