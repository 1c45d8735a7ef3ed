"""The kot command line: the app, its entry point `main`, and the one place errors become exit codes.

Commands live by group in plans.py, library.py and diary.py; shared options in options.py; the help and
error conventions in conventions.py. Each command parses, calls one core function and renders.

Start-up matters: the core, yaml, rich and pydantic models are imported inside the commands, and a run
builds only the group of commands it names (`kot plan` never builds the diary's). No `from __future__
import annotations` in this package: typer would evaluate every annotation again.
"""

import os
import sys
from importlib import import_module
from typing import Annotated, Any

import typer

from kot import __version__
from kot.cli.conventions import HELP_OPTIONS, App
from kot.errors import DataError, KotError, PlanRefused

# Each top-level command, and the module of kot.cli that defines it (a test keeps this in step).
GROUPS = ("plans", "library", "diary")
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
        typer.echo(f"kot {__version__}")
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
    """Run the CLI, mapping every error to one message and the contract's exit code."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # kot uses none; the lookup costs start-up
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        command = typer.main.get_command(build(groups_for(args)))
        code = command.main(args=args, prog_name="kot", standalone_mode=False)
        code = _interrupted() if code == 130 else code
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        code = 1
    except typer.TyperException as exc:  # click's usage errors, and kot's once tied to a command
        code = _usage(exc, args)
    except KeyboardInterrupt:
        code = _interrupted()
    except BrokenPipeError:
        code = _quiet_stdout()
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into exit codes
        code = _report(exc, debug="--debug" in args)
    sys.exit(code if isinstance(code, int) else 0)


def _interrupted() -> int:
    typer.echo("Interrupted.", err=True)
    return 130


def _quiet_stdout() -> int:
    """The reader of our output went away (`kot plan | head`): nothing more to say, and not a failure."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def _usage(exc: typer.TyperException, args: list[str]) -> int:
    """Show a usage error naming the flag as the user typed it (`-p`, not `'--pain' / '-p'`)."""
    param = getattr(exc, "param", None)
    if isinstance(exc, typer.BadParameter) and param is not None and param.param_type_name == "option":
        exc.param_hint = f"'{_typed(param, args)}'"
    show = getattr(exc, "show", None)
    show() if show else typer.echo(f"Error: {exc.format_message()}", err=True)
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
            typer.echo(str(problem), err=True)
        files = len({p.file for p in exc.problems})
        problems = len(exc.problems)
        typer.echo(
            f"{problems} problem{'s' if problems != 1 else ''} in {files} file{'s' if files != 1 else ''}", err=True
        )
        return exc.exit_code
    if isinstance(exc, KotError):
        typer.echo(f"Error: {exc}", err=True)
        return exc.exit_code
    if debug:
        import traceback

        traceback.print_exception(exc)
    typer.echo(
        f"kot: internal error (a bug): {type(exc).__name__}: {exc}. Run again with --debug for details.", err=True
    )
    return 70


def _print_refusal(refusal: PlanRefused) -> None:
    from kot.output import console

    err = console(stderr=True)
    err.print("Plan refused for safety.", style="bold red")
    for reason in refusal.reasons:
        err.print(f"- {reason}", markup=False, soft_wrap=True)
    err.print(refusal.advice, markup=False, soft_wrap=True)
