"""The kot command line: the app, its entry point `main`, and the one place errors become exit codes.

Commands live by group in plans.py, library.py and diary.py; shared options in options.py; the help and
error conventions in conventions.py. Each command parses, calls one core function and renders.

Start-up matters: the core, yaml, rich and pydantic models are imported inside the commands, and a run
builds only the group of commands it names (`kot plan` never builds the diary's). No `from __future__
import annotations` in this package: typer would evaluate every annotation again.
"""

import errno
import io
import os
import sys
from importlib import import_module
from typing import Annotated, Any

import typer

from kot import __version__, output
from kot.cli import conventions
from kot.cli.conventions import HELP_OPTIONS, App
from kot.errors import DataError, KotError, PlanRefused
from kot.plaintext import visible

# Each top-level command, and the module of kot.cli that defines it (a test keeps this in step).
GROUPS = ("plans", "library", "diary", "assess")
COMMANDS = {
    "plan": "plans",
    "show": "plans",
    "export": "plans",
    "exercises": "library",
    "goals": "library",
    "validate": "library",
    "schema": "library",
    "init": "library",
    "new": "library",
    "checkin": "diary",
    "history": "diary",
    "next": "diary",
    "progress": "diary",
    "simulate": "diary",
    "today": "diary",
    "resume": "diary",
    "clients": "diary",
    "assess": "assess",
}


EXAMPLES = [
    "kot plan --goal knee-pain",
    "kot plan -g knee-pain -p 3 -o client.yaml && kot export client.yaml -o client.md",
    "kot init mylib && kot new exercise --from tibialis-raise --id my-raise -L mylib",
    "kot validate mylib",
    "kot COMMAND -h                     # every command's options and examples",
]


def _version(value: bool) -> None:
    if value:
        output.show(f"kot {__version__}\n")
        raise typer.Exit()


def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    """Knees-over-toes training programs by goal and pain level."""


def build(groups: tuple[str, ...] = GROUPS) -> App:
    """The kot app with the commands of these groups (kot.cli modules), in the order help lists them."""
    built = App(
        name="kot",
        no_args_is_help=True,
        context_settings={"help_option_names": HELP_OPTIONS},
        help="Knees-over-toes training programs by goal and pain level.",
    )
    built.callback(examples=EXAMPLES)(root)
    for group in groups:
        built.add_typer(import_module(f"kot.cli.{group}").app)
    return built


def groups_for(args: list[str]) -> tuple[str, ...]:
    """The one group a command line needs, or all of them for help, completion and unknown commands.

    The root takes flags only (--version, --debug, -h), so its first other word is the command. Shell
    completion runs with no arguments, so it gets every command."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    return (COMMANDS[command],) if command in COMMANDS else GROUPS


def __getattr__(name: str) -> Any:
    """`kot.cli.app`: the whole app, for tests and tools that walk every command."""
    if name == "app":
        return build()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, mapping every error to one message and the contract's exit code.

    The one boundary: usage errors exit 2, what a user can fix (a bad file, a refused write, a full disk) 1,
    a safety refusal 3, Ctrl-C 130, a bug 70 (its traceback only with --debug). A reader that goes away
    (`kot plan | head -1`) ends the run quietly, keeping the exit code it would have had."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # kot uses none; the lookup costs start-up
    output.standard_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    conventions.TYPED[:] = args
    try:
        if _completion_flag(args):
            sys.exit(output.finish(_completion(args)))
        command = _completion_help(typer.main.get_command(build(groups_for(args))))
        code = command.main(args=args, prog_name="kot", standalone_mode=False)
        code = _interrupted() if code == 130 else code
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        _err("Aborted.")
        code = 1
    except typer.TyperException as exc:  # click's usage errors, and kot's once tied to a command
        code = _usage(exc, args)
    except KeyboardInterrupt:
        code = _interrupted()
    except output.StdoutClosed:
        code = 0
    except SystemExit as exc:  # click and rich end the run themselves when the reader of stdout goes away
        if not _broken_pipe(exc):
            raise
        output.silence(sys.stdout)
        code = 0
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into exit codes
        code = _report(exc, debug="--debug" in args)
    sys.exit(output.finish(code if isinstance(code, int) else 0))


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETION_FLAGS = ("--show-completion", "--install-completion")


def _completion_flag(args: list[str]) -> str | None:
    """`--show-completion` or `--install-completion` when it is the command line's first word."""
    first = args[0].partition("=")[0] if args else ""
    return first if first in COMPLETION_FLAGS else None


def _completion(args: list[str]) -> int:
    """`kot --show-completion [SHELL]` prints that shell's completion script, whichever shell runs kot;
    `--install-completion [SHELL]` installs it. Without a shell, the one running kot is asked for (then
    $SHELL); when neither tells, kot says how to name it."""
    from typer._completion_shared import get_completion_script, install

    flag, _, value = args[0].partition("=")
    shell = value or (args[1] if len(args) > 1 else "")
    if not shell:
        shell = _current_shell()
    if shell not in SHELLS:
        known = ", ".join(SHELLS[:-1])
        what = f"'{shell}' is not a shell kot completes for" if shell else "cannot tell which shell this is"
        _err(f"Error: {what}; name one: kot {flag} SHELL (SHELL: {known})")
        return 2
    if flag == "--show-completion":
        output.show(get_completion_script(prog_name="kot", complete_var="_KOT_COMPLETE", shell=shell) + "\n")
        return 0
    done, path = install(shell=shell, prog_name="kot", complete_var="_KOT_COMPLETE")
    output.say(f"{done} completion installed in {path}; it takes effect in a new terminal")
    return 0


def _completion_help(command: Any) -> Any:
    """typer's completion options, described as kot runs them (a shell may be named; see `_completion`)."""
    shells = "bash, zsh, fish or powershell"
    for param in command.params:
        if param.name == "install_completion":
            param.help = f"Install completion for your shell, or the one named after it ({shells})."
        elif param.name == "show_completion":
            param.help = f"Print the completion script of your shell, or of the one named after it ({shells})."
    return command


def _current_shell() -> str:
    try:
        import shellingham

        return shellingham.detect_shell()[0]
    except Exception:  # noqa: BLE001 - not installed, or no shell found: fall back to $SHELL
        return os.path.basename(os.environ.get("SHELL", ""))


def _broken_pipe(exc: BaseException) -> bool:
    """Whether an exit was caused by a write to a reader that went away."""
    seen = exc.__context__
    while seen is not None:
        if isinstance(seen, BrokenPipeError) or (isinstance(seen, OSError) and seen.errno == errno.EPIPE):
            return True
        seen = seen.__context__
    return False


def _err(text: str) -> None:
    """One message on stderr, printed literally: a file name or value quoted in it cannot drive the terminal."""
    output.to_stderr(text)


def _interrupted() -> int:
    """One line; in a terminal on a line of its own, after the ^C the terminal echoed."""
    try:
        fresh_line = "\n" if sys.stderr.isatty() else ""
    except (AttributeError, ValueError, OSError):
        fresh_line = ""
    _err(f"{fresh_line}Interrupted.")
    return 130


def _usage(exc: typer.TyperException, args: list[str]) -> int:
    """Show a usage error naming the flag as the user typed it (`-p`, not `'--pain' / '-p'`)."""
    param = getattr(exc, "param", None)
    if isinstance(exc, typer.BadParameter) and param is not None and param.param_type_name == "option":
        exc.param_hint = f"'{_typed(param, args)}'"
    text = io.StringIO()
    show = getattr(exc, "show", None)
    show(file=text) if show else text.write(f"Error: {exc.format_message()}")
    _err("\n".join(_problem_line(line) for line in text.getvalue().rstrip("\n").split("\n")))
    return getattr(exc, "exit_code", 2)


def _typed(param: typer.core.TyperOption, args: list[str]) -> str:
    """Which of an option's names appears on the command line, else its long name."""
    names = [*param.opts, *param.secondary_opts]
    for arg in args:
        for name in names:
            long_form = name.startswith("--") and arg.startswith(f"{name}=")
            short_form = len(name) == 2 and not arg.startswith("--") and arg.startswith(name)
            if arg == name or long_form or short_form:
                return name
    return max(names, key=len)


def _report(exc: Exception, debug: bool) -> int:
    if isinstance(exc, PlanRefused):
        _print_refusal(exc)
        return exc.exit_code
    if isinstance(exc, DataError):
        for problem in exc.problems:
            _err(_problem_line(str(problem)))
        files = len({p.file for p in exc.problems})
        problems = len(exc.problems)
        _err(f"{problems} problem{'s' if problems != 1 else ''} in {files} file{'s' if files != 1 else ''}")
        return exc.exit_code
    if isinstance(exc, KotError):
        _err(_problem_line(f"Error: {exc}"))
        return exc.exit_code
    if isinstance(exc, OSError):  # the system refused a read or write kot did not expect to fail: not a bug
        where = f"{exc.filename}: " if exc.filename else ""
        _err(f"Error: {where}{exc.strerror or exc}")
        return 1
    if debug:
        import traceback

        traceback.print_exception(exc)
    _err(f"kot: internal error (a bug): {type(exc).__name__}: {exc}. Run again with --debug for details.")
    return 70


def _problem_line(text: str, indent: str = "    ") -> str:
    """One problem: a whole line for tools and pipes (an editor reads file:line:col), and in a terminal
    wrapped at spaces, its continuation indented, so no word is cut at the edge of the screen."""
    try:
        terminal = sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        terminal = False
    if not terminal:
        return text
    from kot.render.commands import wrap_words

    return "\n".join(wrap_words(text, conventions._width(), indent=indent))


def _print_refusal(refusal: PlanRefused) -> None:
    err = output.console(stderr=True)
    try:
        err.print(refusal.heading, style="bold red")
        for reason in refusal.plain_reasons():
            err.print(_problem_line(f"- {visible(reason)}", indent="  "), markup=False, soft_wrap=True)
        err.print(_problem_line(visible(refusal.advice), indent=""), markup=False, soft_wrap=True)
    except OSError:
        output.silence(sys.stderr)
