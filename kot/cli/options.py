"""Options and arguments shared by several commands, as typer builds them from kot's one table of options
(kot.commandline), and the parsers that read their values, raising click's bad parameter.

The table holds each option's names, metavar, help, default and parser; this module only turns an entry into
a typer option (`annotated`), or a whole command of the table into a typer command (`command`). Every value
is parsed in kot's words ("'11' is not a whole number from 0 to 10"), never pydantic's or click's.
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from kot import commandline as table
from kot import output
from kot.commandline import WEEKDAYS, BadValue, number_in
from kot.vocab import Symptom

__all__ = ["WEEKDAYS", "Symptom", "number_in"]


# --- parsers: kot.commandline's, raising click's bad parameter ------------------------------------------


def typed(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A parser of kot.commandline whose complaint typer reports against the option (exit 2)."""

    def read(value: Any) -> Any:
        try:
            return parse(value)
        except BadValue as bad:
            raise typer.BadParameter(str(bad)) from None

    return read


def whole(low: int, high: int) -> Callable[[Any], int]:
    """A whole number from low to high, written in plain digits."""
    return typed(table.whole(low, high))


def choice(enum: Any, what: str) -> Callable[[Any], Any]:
    """One word of a closed vocabulary, with the nearest ones suggested."""
    return typed(table.choice(enum, what))


def format_of(*kinds: str) -> Callable[[Any], str]:
    """A format name or alias that these kinds of output offer (kot.output's registry)."""
    return typed(table.format_of(*kinds))


def plain(longest: int, *, one_line: bool = True) -> Callable[[Any], str]:
    """Free text of at most `longest` characters, never terminal control (kot.plaintext)."""
    return typed(table.plain(longest, one_line=one_line))


path = typed(table.path)
date = typed(table.date)
calendar_start = typed(table.calendar_start)
clock_time = typed(table.clock_time)
weekdays = typed(table.weekdays)


def goal_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of goal ids, from the library the command line names."""
    return [i for i in _ids(ctx, "templates") if i.startswith(incomplete)]


def family_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of exercise family ids."""
    return [i for i in _ids(ctx, "families") if i.startswith(incomplete)]


def equipment_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of equipment ids (and `none`), one comma-separated piece at a time: `sled,bo`
    completes to `sled,box`."""
    from kot.vocab import Equipment

    done, _, piece = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    taken = set(done.split(",")) if done else set()
    words = [e.value for e in Equipment] + ([] if done else ["none"])
    return [prefix + w for w in words if w.startswith(piece) and w not in taken]


def category_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of exercise categories."""
    from kot.vocab import Category

    return [c.value for c in Category if c.value.startswith(incomplete)]


def _ids(ctx: typer.Context, group: str) -> list[str]:
    from kot.errors import KotError
    from kot.library import load_library

    extra = ctx.params.get("library") or ctx.params.get("into") or []  # `kot new` names its folder `into`
    try:
        return sorted(getattr(load_library(extra if isinstance(extra, list) else [extra]), group))
    except KotError:  # a broken library completes nothing; `kot validate` says why
        return []


def _completer(opt: table.Opt) -> Any:
    if opt.formats:
        return lambda: output.choices(*opt.formats)
    return globals()[opt.complete] if opt.complete else None


def option(opt: table.Opt) -> Any:
    """The typer option (or argument) of an entry of the table."""
    if opt.is_argument:
        return typer.Argument(
            metavar=opt.metavar,
            parser=typed(opt.parse) if opt.parse is not None else None,
            autocompletion=_completer(opt),
            help=opt.help,
        )
    return typer.Option(
        *opt.flags,
        metavar=opt.metavar,
        parser=typed(opt.parse) if opt.parse is not None else None,
        autocompletion=_completer(opt),
        help=opt.help,
    )


def annotated(opt: table.Opt) -> Any:
    """The entry as a parameter's annotation, for a command declared as a function."""
    return Annotated[opt.type, option(opt)]


def command(app: Any, spec: table.Command, body: Callable[[dict[str, Any]], None]) -> None:
    """Declare a command of the table on a kot.cli App: its options, defaults and help all from the table;
    `body` is called with the values by option name."""
    params = [
        inspect.Parameter(
            opt.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if opt.default is table.REQUIRED else opt.default,
            annotation=annotated(opt),
        )
        for opt in spec.options
    ]

    def run(**values: Any) -> None:
        body(values)

    run.__name__ = run.__qualname__ = spec.name.replace("-", "_")
    run.__doc__ = spec.help
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {param.name: param.annotation for param in params}
    app.command(spec.name, examples=spec.examples)(run)


# --- the shared options ---------------------------------------------------------------------------------

Library = annotated(table.LIBRARY)
Force = annotated(table.FORCE)
Output = annotated(table.OUTPUT)
PlanFormat = annotated(table.PLAN_FORMAT)
ExportFormat = annotated(table.EXPORT_FORMAT)
# (their default, table, is shown by the help itself: "[default: table]")
ListFormat = annotated(table.LIST_FORMAT)
FamilyFormat = annotated(table.FAMILY_FORMAT)
DiaryFormat = annotated(table.DIARY_FORMAT)
ShowWeek = annotated(table.SHOW_WEEK)
Explain = annotated(table.EXPLAIN)
Full = annotated(table.FULL)
NoPager = annotated(table.NO_PAGER)
PlanFile = annotated(table.PLAN_FILE)

# The inputs of a plan: `kot plan` and `kot simulate` take the same ones, with the same short options.
Goal = annotated(table.GOAL)
Pain = annotated(table.PAIN)
Weeks = annotated(table.WEEKS)
Days = annotated(table.DAYS)
Minutes = annotated(table.MINUTES)
Equipment = annotated(table.EQUIPMENT)
Level = annotated(table.LEVEL)
Symptoms = annotated(table.SYMPTOMS)


def symptom_values(symptoms: list[Symptom] | None) -> tuple[str, ...]:
    return tuple(s.value for s in symptoms or ())
