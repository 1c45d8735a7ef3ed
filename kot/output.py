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

import codecs
import errno
import functools
import importlib
import io
import os
import stat
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kot.errors import KotError, UsageError
from kot.plaintext import visible
from kot.values import field, record, replace

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
CLIENTS = "clients"  # kot clients

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
    CLIENTS: "kot.roster:clients_data",
}


@record(frozen=True)
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
            CHECKINS: "kot.render.roster:history_table",
            PROGRESS: "kot.render.progress:progress_view",
            CLIENTS: "kot.render.roster:clients_table",
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
            CLIENTS: "kot.render.roster:clients_csv",
        },
    ),
    Format(
        "ics",
        (".ics",),
        renders={CALENDAR: "kot.render.ics:to_ics"},
        elsewhere="a calendar comes from a saved plan: save it with -o plan.yaml, then run "
        "kot export plan.yaml -o plan.ics --start 2026-12-07",
    ),
    Format("html", (".html", ".htm"), renders={PLAN: "kot.render.html:to_html"}),
    Format("svg", (".svg",), renders={FAMILY: "kot.render.figure:family_svg"}),
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


@record(frozen=True)
class Lazy:
    """An option worked out only if the chosen renderer takes it (the diary is read only for formats that
    show the check-in log, so a damaged or unreadable diary never stops a CSV export)."""

    get: Callable[[], Any]


def _parameters(function: Callable[..., Any]) -> tuple[str, ...]:
    """The names a function takes, read off its code: importing inspect cost a warm `kot plan` several ms."""
    code = getattr(function, "__code__", None)
    if code is None or hasattr(function, "__wrapped__"):
        import inspect

        return tuple(inspect.signature(function).parameters)
    return code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]


def _call(function: Callable[..., Any], subject: Any, options: Mapping[str, Any]) -> Any:
    """Call a renderer with the options it declares. Why: a renderer names only what it uses (markdown takes
    a log sheet, CSV takes nothing), and a command need not know which renderer its format picks."""
    accepted = _parameters(function)
    given = {k: v.get() if isinstance(v, Lazy) else v for k, v in options.items() if k in accepted}
    return function(subject, **given)


def render(kind: str, fmt: str, subject: Any, **options: Any) -> Any:
    """The subject in a format: text, bytes, or a rich renderable (a table for the terminal). A plan asked for
    one week goes whole to a renderer that shows that week in context (the overview), else cut to the week."""
    spec = BY_NAME[fmt]
    if kind == PLAN and options.get("week") is not None:
        one = only_week(subject, options["week"])  # checks the week exists
        takes_week = kind in spec.renders and "week" in _parameters(_load(spec.renders[kind]))
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
    Console(
        file=buffer, width=width, color_system=None, force_terminal=False, highlight=False, markup=False, emoji=False
    ).print(renderable, crop=False)
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))  # no padding at line ends


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
        text = to_text(kind, chosen.name, subject, figure_folder=f"{output.stem}-figures", **options)
        beside = getattr(text, "files", {})
        if beside:
            _check_beside(output, beside, force=force)
        write_file(output, str(text) if beside else text, force=force)
        if beside:
            _write_beside(output, beside, force=force)


def _check_beside(output: Path, files: Mapping[str, str], *, force: bool) -> None:
    """Files that go with a document (its pictures) follow the document's rules: nothing is written when the
    document or any of them exists and --force is not given."""
    if force:
        return
    taken = [str(p) for p in [output, *(output.parent / name for name in files)] if p.exists() or p.is_symlink()]
    if taken:
        shown = taken[0] if len(taken) == 1 else f"{taken[0]} and {len(taken) - 1} more"
        raise KotError(f"{shown} already exist{'s' if len(taken) == 1 else ''}; pass --force to replace")


def _write_beside(output: Path, files: Mapping[str, str], *, force: bool) -> None:
    """Write a document's pictures next to it (checked by `_check_beside` first)."""
    targets = {output.parent / name: text for name, text in files.items()}
    for path, text in targets.items():
        folder = path.parent
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise KotError(f"cannot write {path}: {folder} is not a folder")
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise KotError(f"cannot make the folder {folder}: {exc.strerror or exc}") from None
        write_atomic(path, text, force=force)
    where = output.parent / Path(next(iter(files))).parent
    say(f"Wrote {len(targets)} picture{'s' if len(targets) != 1 else ''} in {where}")


class StdoutClosed(Exception):
    """The reader of stdout went away (`kot plan | head -1`): nothing more to print, and not a failure."""


class ClosedOutput(io.TextIOBase):
    """Stands in for a stdout the caller closed (`kot plan >&-`): printing to it is an error, as the output
    would be lost, while commands that only write files and talk on stderr still work."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def isatty(self) -> bool:
        return False


def show(rendered: Any, *, pager: bool = False) -> None:
    """Print text, bytes or a rich renderable on stdout, flushed, so a failure is known here: a reader that
    went away raises StdoutClosed, any other failure (a full disk, a closed stdout) a KotError. A renderable
    longer than the terminal goes through a pager when `pager` is set and stdout is a terminal."""
    try:
        if isinstance(rendered, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(rendered)
            sys.stdout.buffer.flush()
        elif isinstance(rendered, str):
            sys.stdout.write(rendered)
            sys.stdout.flush()
        else:
            out = console()
            if pager and out.is_terminal and len(out.render_lines(rendered, pad=False)) > out.height:
                less = os.environ.get("LESS")
                os.environ["LESS"] = "-FRX" if less is None else less if "R" in less else less + " -R"  # colours pass
                with out.pager(styles=True):
                    out.print(rendered, crop=False)
            elif out.is_terminal:
                out.print(rendered, crop=False)
            else:  # piped or redirected: no line ends in the spaces that pad a table to the width
                with out.capture() as captured:
                    out.print(rendered, crop=False)
                sys.stdout.write("\n".join(line.rstrip(" ") for line in captured.get().split("\n")))
                sys.stdout.flush()
    except BrokenPipeError:
        silence(sys.stdout)
        raise StdoutClosed from None
    except OSError as exc:
        silence(sys.stdout)
        raise KotError(f"cannot write to standard output: {exc.strerror or exc}") from None


def silence(stream: Any) -> None:
    """Point a standard stream that failed at /dev/null, so nothing (Python's own flush at exit included)
    tries it again and fails a second time."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture): nothing to redirect
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


_REPLACED = [0]


def _replace(error: UnicodeError) -> tuple[str, int]:
    if isinstance(error, UnicodeDecodeError):  # typed at a prompt: read as '?', which no answer accepts
        return "?", error.end
    if not isinstance(error, UnicodeEncodeError):
        raise error
    _REPLACED[0] += error.end - error.start
    return "?" * (error.end - error.start), error.end


codecs.register_error("kot.replace", _replace)


def replace_unencodable(stream: Any) -> None:
    """A stream whose encoding is not UTF-8 prints what it cannot encode as '?' (counted, so the CLI can say
    so once), instead of failing halfway through the output; read from, it reads such bytes as '?'."""
    try:
        utf8 = codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        utf8 = False
    if not utf8 and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="kot.replace")


def replaced() -> int:
    """How many characters were printed as '?' for want of an encoding."""
    return _REPLACED[0]


def standard_streams() -> None:
    """Make the standard streams safe to use, whatever the caller left them as.

    A closed descriptor 0, 1 or 2 is opened on /dev/null first, so no file kot opens can take its number (a
    database opened as descriptor 1 would receive the output). Closed stdin reads as empty; closed stdout
    refuses writes (the output would be lost, so printing it is an error); closed stderr discards. An output
    encoding that is not UTF-8 (PYTHONIOENCODING=ascii) prints what it cannot encode as '?', with a hint at
    the end, instead of failing halfway. A terminal size that is not a number is ignored."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        replace_unencodable(stream)
    for name in ("COLUMNS", "LINES"):  # rich reads them with int(): COLUMNS=² would be a crash
        value = os.environ.get(name)
        if value is not None and not (value.isascii() and value.isdigit() and len(value) <= 5):
            del os.environ[name]


def finish(code: int) -> int:
    """Flush stdout before Python does (its own failure would print a traceback and exit 120), say once if
    characters had to be replaced, and keep the exit code."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence(sys.stdout)
    except OSError as exc:
        silence(sys.stdout)
        to_stderr(f"Error: cannot write to standard output: {exc.strerror or exc}")
        code = code or 1
    if replaced():
        encoding = getattr(sys.stdout, "encoding", "") or "unknown"
        to_stderr(
            f"Note: some characters cannot be shown in this output's encoding ({encoding}) and were printed as "
            "'?'; set PYTHONIOENCODING=utf-8, or write a file with -o"
        )
    return code


@functools.cache
def _console_class() -> type:
    from rich.console import Console

    class KotConsole(Console):
        """rich's console, but a reader that goes away ends the run through kot's boundary (rich would exit 1
        on its own), and a broken stderr only silences stderr."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            if self.stderr:
                silence(sys.stderr)
                return
            silence(sys.stdout)
            raise StdoutClosed

    return KotConsole


MIN_WIDTH = 40
MAX_WIDTH = 1000  # a COLUMNS of millions would make every padded line that long


def console(stderr: bool = False) -> Any:
    """A rich console that follows the terminal: no colour when not a TTY or when NO_COLOR is set; 80 columns
    when the width is unknown (COLUMNS=0 or not a number), and never narrower than 40."""
    width = None
    columns = os.environ.get("COLUMNS")
    if columns is not None:
        width = min(int(columns), MAX_WIDTH) if columns.isascii() and columns.isdigit() and int(columns) > 0 else 80
    plain = {"highlight": False, "markup": False, "emoji": False}  # text is printed as written, ":x:" too
    out = _console_class()(stderr=stderr, width=width, **plain)
    if out.width < MIN_WIDTH:
        out = _console_class()(stderr=stderr, width=MIN_WIDTH, **plain)
    return out


def to_stderr(text: str) -> None:
    """Lines on stderr, printed literally (control characters shown as escapes); a stderr that cannot be
    written to is silenced, never a reason to fail."""
    try:
        sys.stderr.write(visible(text) + "\n")
        sys.stderr.flush()
    except OSError:
        silence(sys.stderr)


def say(message: str) -> None:
    """One status line on stderr, printed literally (file names are never read as markup or control)."""
    to_stderr(message)


def refusal(refused: Any, *, fmt: str | None, output: Path | None) -> None:
    """A refused plan as the contract's JSON on stdout, when JSON on stdout was asked for. The reasons always
    go to stderr too, where the error boundary prints the refusal it re-raises; a refusal asked for in a file
    writes no file (a refused plan is not a plan to keep), and says so."""
    chosen, _ = choose((PLAN,), fmt, output, "table")
    if output is not None and not is_stdout(output):
        say(f"Nothing was written to {output}.")
    elif chosen.name == "json":
        from kot.jsonio import dump_json

        try:
            show(dump_json(refused.data()))
        except StdoutClosed:
            pass  # the refusal still ends the run with exit 3
        except KotError as failed:
            say(f"Error: {failed}")


def program_data(program: Any) -> dict[str, Any]:
    """A program in the contract's JSON shape."""
    from kot.values import plain

    return plain(program)


def only_week(program: Any, week: int | None) -> Any:
    """The program with just week N (rendering only; it was built whole)."""
    if week is None:
        return program
    if not 1 <= week <= len(program.weeks):
        raise UsageError(f"{week} is not between 1 and {len(program.weeks)}, the plan's weeks", option="week")
    return replace(program, weeks=[program.weeks[week - 1]])


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
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KotError(f"cannot make the folder {path.parent}: {exc.strerror or exc}") from None
        write_file(path, text)


_KINDS = {
    stat.S_IFIFO: "a pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def write_atomic(path: Path, content: str | bytes, *, force: bool = False) -> None:
    """Write a whole file or nothing; never replace an existing file without `force`, nor anything that is
    not a regular file, nor a read-only one. A replaced file keeps its mode (and, where kot may, its owner);
    a new one follows the umask.

    Why refuse links and special files: replacing a symbolic link would cut it (and `-o /dev/stdout` as root
    would replace the device); a file with several hard links would keep the old text under its other
    names. The temporary file is removed on any failure, Ctrl-C and `kill` included (the CLI turns SIGTERM and
    SIGHUP into an interrupt); one left by a write killed outright (SIGKILL, a power cut) is removed by the
    next write into the same folder."""
    shown = str(path)
    try:
        existing = path.lstat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise KotError(f"cannot write {shown}: {exc.strerror or exc}") from None
    if existing is not None:
        kind = stat.S_IFMT(existing.st_mode)
        if kind == stat.S_IFDIR:
            raise KotError(f"{shown} is a folder, not a file")
        if kind == stat.S_IFLNK:
            target = os.readlink(path)
            hint = "to print, use -o -" if target.startswith(("/dev/", "/proc/")) else "name the file itself"
            raise KotError(f"{shown} is a symbolic link (to {target}); kot replaces only regular files: {hint}")
        if kind != stat.S_IFREG:
            hint = "; to print, use -o -" if kind in (stat.S_IFCHR, stat.S_IFIFO) else ""
            raise KotError(f"{shown} is {_KINDS.get(kind, 'not a regular file')}; kot writes only regular files{hint}")
        if not force:
            raise KotError(f"{shown} already exists; pass --force to replace it")
        if not existing.st_mode & 0o222 or not os.access(path, os.W_OK):
            raise KotError(f"{shown} is read-only; make it writable first (chmod u+w) if kot may replace it")
        if existing.st_nlink > 1:
            raise KotError(
                f"{shown} has {existing.st_nlink - 1} other name{'s' if existing.st_nlink > 2 else ''} (hard links), "
                "which would keep the old text; write to a new file, or remove the other names first"
            )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise KotError(f"cannot write {shown}: the folder {folder} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        _write_named(path, folder, data, existing)
    except FileExistsError:
        raise KotError(f"{shown} already exists; pass --force to replace it") from None
    except OSError as exc:
        raise KotError(f"cannot write {shown}: {exc.strerror or exc}") from None
    _sync(folder)


def _fill(fd: int, data: bytes, existing: os.stat_result | None) -> None:
    """Write all the data, give the file the replaced one's mode and owner (or the umask's), and sync it."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    if existing is None:
        os.fchmod(fd, 0o666 & ~_umask())
    else:
        try:
            os.fchown(fd, existing.st_uid, existing.st_gid)
        except OSError:  # only root may give a file away: the replaced file's owner stays kot's user's
            pass
        os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    os.fsync(fd)


TEMP_PREFIX, TEMP_SUFFIX = ".kot-", ".tmp"
STALE_SECONDS = 600  # a write takes milliseconds: a temporary file this old belongs to a write that was killed


def _write_named(path: Path, folder: Path, data: bytes, existing: os.stat_result | None) -> None:
    """Write through a temporary file renamed into place, removed on any failure (Ctrl-C included).

    Why a short temporary name: the target's own name may be close to the 255-byte limit."""
    _sweep(folder)
    import tempfile  # only where a file is written: a plan printed to stdout never needs it

    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        try:
            _fill(fd, data, existing)
        finally:
            os.close(fd)
        if existing is None and (path.exists() or path.is_symlink()):
            raise FileExistsError(path)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _sweep(folder: Path) -> None:
    """Remove kot's temporary files that killed writes left in a folder (only old ones: a write in progress
    in another kot process is never touched)."""
    import time

    try:
        leftovers = [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX) and p.name.endswith(TEMP_SUFFIX)]
        for leftover in leftovers:
            info = leftover.lstat()
            if stat.S_ISREG(info.st_mode) and time.time() - info.st_mtime > STALE_SECONDS:
                leftover.unlink(missing_ok=True)
    except OSError:  # a folder kot may write to but not list, or a race with another sweep: nothing to clean
        pass


def _sync(folder: Path) -> None:
    """Make the new name itself durable (best effort: not every file system lets a folder be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    """The process umask (reading it means setting it; put it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
