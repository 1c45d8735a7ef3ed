"""The conventions every kot command follows, in one place: `-h` for help, examples at the end of every
help page, arguments named in words (`PLAN`, `[PATH]...`, never `{PLAN}` or `<path>`), and a core usage
error reported against the flag the user actually typed.

Commands are declared on `App`, a typer.Typer whose commands and groups use the classes below.
"""

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

from kot.errors import UsageError

try:  # typer >= 0.29 coerces every value through a pydantic TypeAdapter built on first use
    from typer._coercion import RuntimeParam
except ImportError:  # older typer: click types, nothing to replace
    RuntimeParam = None

HELP_OPTIONS = ["--help", "-h"]
TYPED: list[str] = []  # the command line being run (kot.cli.main sets it), for hints that repeat it


def examples(lines: Sequence[str]) -> str:
    """A help epilog listing example command lines, kept as written (click does not rewrap a \\b block)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def _argument_name(param: Any) -> str:
    name = param.metavar or param.name.upper()
    if not param.required:
        name = f"[{name}]"
    return f"{name}..." if param.nargs == -1 else name


def _param_for(command: Any, option: str) -> Any:
    """The command's parameter the core means by `option` ("goal" is --goal), or None when the value came from
    elsewhere (a saved plan, say) and no flag is to blame."""
    for param in command.params:
        if param.name == option or f"--{option}" in getattr(param, "opts", ()):
            return param
    return None


def _as_usage_error(error: UsageError, ctx: Any, command: Any) -> Exception:
    param = _param_for(command, error.option) if error.option else None
    if param is None:
        return _plain_usage_error(str(error), ctx)
    return typer.BadParameter(str(error), ctx=ctx, param=param)


def _plain_usage_error(message: str, ctx: Any) -> Exception:
    try:
        ctx.fail(message)
    except typer.TyperException as raised:
        return raised
    raise AssertionError("ctx.fail returned")  # pragma: no cover - click always raises


def _reader(annotation: Any, parser: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """How to read one command-line word of this parameter without pydantic, where kot knows how."""
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    if parser is not None:
        return parser
    return {str: str, bool: _flag}.get(annotation)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise typer.BadParameter(f"'{value}' is not on or off")


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _Read(RuntimeParam):
        """Coercion by kot's own parser (options.py), which already says what is wrong in kot's words.

        Why: typer would build a pydantic TypeAdapter per option to call that same parser, about a third of
        the start-up of `kot plan`."""

        read: Callable[[Any], Any]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, (list, tuple)):
                return [self.read(item) for item in value]
            return self.read(value)


def _read_directly(command: Any, ctx: Any) -> None:
    """Give each parameter kot can read itself a `_Read` coercion, before typer builds its own."""
    if RuntimeParam is None:
        return
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None or descriptor.file_annotation:
            continue
        info = descriptor.parameter_info
        read = _reader(descriptor.annotation, info.parser)
        if read is not None:
            param._runtime_param = _Read(parameter_info=info, annotation=descriptor.annotation, read=read)


class _ReadsItsOptions:
    """Commands and groups install kot's readers for their options before typer parses them."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _read_directly(self, ctx)
        return super().parse_args(ctx, args)  # type: ignore[misc]


def _whole_words_in_help() -> None:
    """Help text wraps at spaces only: click's wrapper also breaks at hyphens, which cuts ids and words
    ("giving-" / "way") that a reader may copy. Done once, when help is first formatted."""
    import importlib

    package = typer.BadParameter.__module__.rpartition(".")[0]  # click, or the copy typer keeps of it
    wrapper = importlib.import_module(f"{package}._textwrap").TextWrapper
    if getattr(wrapper, "_kot_whole_words", False):
        return
    original = wrapper.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs["break_on_hyphens"] = False
        original(self, *args, **kwargs)

    wrapper.__init__ = init
    wrapper._kot_whole_words = True


class _WholeWordsInHelp:
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _whole_words_in_help()
        super().format_help(ctx, formatter)  # type: ignore[misc]


class KotCommand(_WholeWordsInHelp, _ReadsItsOptions, TyperCommand):
    """A command with word metavars in its usage and help, and core usage errors tied to their option."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [_argument_name(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        arguments = [(_argument_name(p), p.help or "") for p in params if p.param_type_name == "argument"]
        options = [record for p in params if p.param_type_name == "option" and (record := p.get_help_record(ctx))]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        _library_hint(self, ctx)
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise _as_usage_error(error, ctx, self) from None


# Commands that read the current folder as a library on their own (validate) or write into it (new).
OWN_FOLDER = {"validate"}


def library_here() -> list[str]:
    """The library subfolders (exercises/, programs/) the current folder holds, if any."""
    from kot.commandline import library_here

    return library_here()


def _library_hint(command: Any, ctx: Any) -> None:
    """One line on stderr when the current folder looks like a library that a command reading the library
    was not given (so `kot plan -g my-knee` in a coach's folder says why the goal is unknown)."""
    param = next((p for p in command.params if p.name == "library" and getattr(p, "multiple", False)), None)
    if param is None or command.name in OWN_FOLDER:
        return
    from kot.commandline import unnamed_library

    found = unnamed_library(ctx.params.get("library") or [])
    if not found:
        return
    again = shlex.join(["kot", *TYPED, "-L", "."]) if TYPED else "add -L ."
    note(f"Note: this folder looks like a library ({' and '.join(found)}); to use it:", again)


def _width() -> int:
    import shutil

    return max(40, min(200, shutil.get_terminal_size((80, 24)).columns))


def note(message: str, command: str = "") -> None:
    """A message on stderr wrapped at spaces to the terminal's width, never inside a word; a command after
    it on a line of its own, whole (or broken between words with a backslash), so it runs as written."""
    from kot import output
    from kot.render.commands import fit_command, wrap_words

    width = _width()
    lines = wrap_words(message, width)
    if command:
        lines += fit_command(f"  {command}", width) if len(command) + 2 > width else [f"  {command}"]
    output.say("\n".join(lines))


def hint(line: str) -> None:
    """A "Next: kot ...   # comment" line on stderr, fitted to the terminal so the command runs as written."""
    from kot import output
    from kot.render.commands import fit_command

    output.say("\n".join(fit_command(line, _width())))


class KotGroup(_WholeWordsInHelp, _ReadsItsOptions, TyperGroup):
    """A command group whose own callback reports core usage errors as its commands do."""

    def invoke(self, ctx: Any) -> Any:
        if not (getattr(ctx, "_protected_args", None) or ctx.args):  # run as a command itself (kot goals)
            _library_hint(self, ctx)
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise _as_usage_error(error, ctx, self) from None


class App(typer.Typer):
    """typer.Typer for kot: every command and group uses kot's conventions, and `examples` become the epilog."""

    def __init__(self, *, examples: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(cls=KotGroup, rich_markup_mode=None, epilog=_epilog(examples), **kwargs)

    def command(  # type: ignore[override]
        self, name: str | None = None, *, examples: Sequence[str] = (), **kwargs: Any
    ) -> Callable[[Any], Any]:
        return super().command(name, cls=KotCommand, epilog=_epilog(examples), **kwargs)

    def callback(self, *, examples: Sequence[str] = (), **kwargs: Any) -> Callable[[Any], Any]:  # type: ignore[override]
        return super().callback(epilog=_epilog(examples), **kwargs)


def _epilog(lines: Sequence[str]) -> str | None:
    return examples(lines) if lines else None


def ask(question: str, read: Callable[[str], Any], optional: bool = False) -> Any:
    """Ask until the answer reads; Enter (or Ctrl-D) at an optional question skips it (None)."""
    from kot import output
    from kot.plaintext import visible

    while True:
        try:
            answer = input(f"{visible(question)}: ").strip()
        except EOFError:
            if optional:
                return None
            raise typer.Abort() from None
        if not answer and optional:
            return None
        try:
            return read(answer)
        except (ValueError, UsageError) as problem:
            output.say(str(problem))
