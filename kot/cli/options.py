"""Options and arguments shared by several commands, declared once, and the parsers that read their values.

Every value is parsed here in kot's words ("'11' is not a whole number from 0 to 10"), never pydantic's or
click's, and every metavar is a word that says what it holds, with its unit (ID, FILE, DIR, PLAN, PAIN, WEEKS, DAYS,
MINUTES).
"""

import datetime as dt
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kot import output, plaintext
from kot.errors import UsageError, did_you_mean
from kot.vocab import PAIN_MAX, WEEKS_MAX, StartLevel, Symptom

E = TypeVar("E", bound=Enum)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# --- parsers: each turns one command-line string into a value, or says what is wrong --------------------


def number_in(text: str, low: int, high: int) -> int | None:
    """A whole number from low to high in plain ASCII digits, else None (never `²`, never 5,000 digits)."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 4 and low <= int(text) <= high:
        return int(text)
    return None


def whole(low: int, high: int) -> Callable[[Any], int]:
    """A whole number from low to high, written in plain digits."""

    def parse(value: Any) -> int:
        number = number_in(str(value), low, high)
        if number is None:
            raise typer.BadParameter(f"'{value}' is not a whole number from {low} to {high}")
        return number

    return parse


def choice(enum: type[E], what: str) -> Callable[[Any], E]:
    """One word of a closed vocabulary, with the nearest ones suggested."""

    def parse(value: Any) -> E:
        if isinstance(value, enum):
            return value
        words = [str(member.value) for member in enum]
        if value not in words:
            raise typer.BadParameter(f"unknown {what} '{value}'{did_you_mean(value, words)}; choose {_or(words)}")
        return enum(value)

    return parse


def format_of(*kinds: str) -> Callable[[Any], str]:
    """A format name or alias that these kinds of output offer (kot.output's registry)."""

    def parse(value: Any) -> str:
        try:
            return output.resolve(str(value), kinds).name
        except UsageError as error:
            raise typer.BadParameter(str(error)) from None

    return parse


def plain(longest: int, *, one_line: bool = True) -> Callable[[Any], str]:
    """Free text that kot keeps and prints back (a note, a name): plain text of at most `longest` characters,
    never terminal control (kot.plaintext)."""

    def parse(value: Any) -> str:
        text = str(value)
        found = plaintext.problem(text, one_line=one_line)
        if found is not None:
            raise typer.BadParameter(found)
        if len(text) > longest:
            raise typer.BadParameter(f"{len(text)} characters long; at most {longest}")
        return text

    return parse


def path(value: Any) -> Path:
    """A file or folder name; an empty one names nothing (it would silently mean the current folder)."""
    if not str(value):
        raise typer.BadParameter("an empty name names no file or folder")
    return Path(value)


def date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date like 2026-12-01") from None


def calendar_start(value: Any) -> dt.date:
    """A calendar's first day, leaving room for a whole plan (up to 53 weeks) before the calendar ends in 9999."""
    day = date(value)
    if (dt.date.max - day).days < 53 * 7:
        raise typer.BadParameter(f"'{value}' is too late: a plan of up to 52 weeks must end before the year 10000")
    return day


def clock_time(value: Any) -> dt.time:
    """A time of day, 7:00 or 07:00 (24-hour)."""
    hours, sep, minutes = str(value).partition(":")
    if sep and hours.isascii() and hours.isdigit() and len(hours) <= 2 and minutes.isascii() and minutes.isdigit():
        if len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60:
            return dt.time(int(hours), int(minutes))
    raise typer.BadParameter(f"'{value}' is not a time like 7:00 or 18:30")


def weekdays(value: Any) -> tuple[str, ...]:
    """Distinct weekday names, comma-separated: mon,wed,fri, or full names (monday); nothing in between.

    Why so strict: `monkey` is not Monday, and a calendar on the wrong days is worse than an error."""
    full = {
        "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
        "friday": "fri", "saturday": "sat", "sunday": "sun",
    }  # fmt: skip
    given = [day.strip().lower() for day in str(value).split(",") if day.strip()]
    for day in given:
        if day not in WEEKDAYS and day not in full:
            hint = did_you_mean(day, [*WEEKDAYS, *full]) or f"; use {','.join(WEEKDAYS)} or full names"
            raise typer.BadParameter(f"'{day}' is not a weekday{hint}")
    names = [full.get(day, day) for day in given]
    if not names or len(set(names)) != len(names):
        raise typer.BadParameter(f"'{value}': name distinct days from {','.join(WEEKDAYS)}, e.g. mon,wed,fri")
    return tuple(names)


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


def _or(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _formats_help(*kinds: str, default: str = "") -> str:
    names = [
        f"{f.name} ({', '.join(f.aliases)})" if f.aliases else f.name
        for f in output.FORMATS
        if f.name in output.choices(*kinds)
    ]
    return f"Output format: {_or(names)}." + (f" {default}" if default else "")


def _format_option(*kinds: str, default: str) -> Any:
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        parser=format_of(*kinds),
        autocompletion=lambda: output.choices(*kinds),
        help=_formats_help(*kinds, default=default),
    )


# --- the shared options ---------------------------------------------------------------------------------

Library = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        "-L",
        metavar="DIR",
        parser=path,
        help="Extra library folder holding exercises/ and/or programs/; repeatable, later wins by id. "
        "Also KOT_LIBRARY (path-separated).",
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        parser=path,
        help="Write to FILE (- for stdout); the format follows its suffix unless --format is given.",
    ),
]
PlanFormat = Annotated[str | None, _format_option(output.PLAN, default="Default: table, or from the --output suffix.")]
ExportFormat = Annotated[
    str | None,
    _format_option(output.PLAN, output.CALENDAR, default="Default: from the --output suffix, else markdown."),
]
# (their default, table, is shown by the help itself: "[default: table]")
ListFormat = Annotated[str, _format_option(output.FAMILIES, default="")]
FamilyFormat = Annotated[
    str | None, _format_option(output.FAMILY, default="Default: table, or from the --output suffix.")
]
DiaryFormat = Annotated[str, _format_option(output.CHECKINS, default="")]
ShowWeek = Annotated[
    int | None,
    typer.Option(
        "--week",
        metavar="WEEK",
        parser=whole(1, WEEKS_MAX),
        help="This week in detail (tables), or only this week (other formats); the plan is still built whole.",
    ),
]
Explain = Annotated[bool, typer.Option("--explain", help="Show, for every prescription, the rules that chose it.")]
Full = Annotated[bool, typer.Option("--full", help="Every week in detail, not only the first (or --week).")]
NoPager = Annotated[bool, typer.Option("--no-pager", help="Print straight out, even when longer than the screen.")]
PlanFile = Annotated[
    Path, typer.Argument(metavar="PLAN", parser=path, help="A saved plan (.yaml or .json, from `kot plan -o`).")
]

# The inputs of a plan: `kot plan` and `kot simulate` take the same ones, with the same short options.
Goal = Annotated[
    str,
    typer.Option(
        "--goal",
        "-g",
        metavar="ID",
        autocompletion=goal_ids,
        help="Goal template id (see `kot goals`): knee-pain, athletic, mobility, longevity, or your own.",
    ),
]
Pain = Annotated[
    int | None,
    typer.Option(
        "--pain",
        "-p",
        metavar="PAIN",
        parser=whole(0, PAIN_MAX),
        help="Worst everyday knee pain over the last 7 days, 0-10. Default: the goal's stated assumption.",
    ),
]
Weeks = Annotated[
    int | None,
    typer.Option(
        "--weeks",
        "-w",
        metavar="WEEKS",
        parser=whole(1, WEEKS_MAX),
        help="Program length, 1-52 weeks. Default: the goal's (8 for knee-pain).",
    ),
]
Days = Annotated[
    int, typer.Option("--days", "-d", metavar="DAYS", parser=whole(1, 7), help="Training days per week, 1-7.")
]
Minutes = Annotated[
    int,
    typer.Option(
        "--minutes", "-m", metavar="MINUTES", parser=whole(10, 180), help="Time budget per session, 10-180 minutes."
    ),
]
Equipment = Annotated[
    list[str] | None,
    typer.Option(
        "--equipment",
        "-e",
        metavar="ID",
        autocompletion=equipment_ids,
        help="Equipment ids, repeatable or comma-separated, added to the household items (floor, wall, "
        "step, chair); `none` keeps only floor and wall.",
    ),
]
Level = Annotated[
    StartLevel,
    typer.Option(
        "--level",
        metavar="LEVEL",
        parser=choice(StartLevel, "level"),
        help="Where on each ladder to start: beginner, intermediate or advanced.",
    ),
]
Symptoms = Annotated[
    list[Symptom] | None,
    typer.Option(
        "--symptom",
        metavar="SYMPTOM",
        parser=choice(Symptom, "symptom"),
        help="A red-flag symptom (repeatable); any one refuses the plan and says whom to see: "
        + ", ".join(s.value for s in Symptom)
        + ".",
    ),
]


def symptom_values(symptoms: list[Symptom] | None) -> tuple[str, ...]:
    return tuple(s.value for s in symptoms or ())
