"""kot's command-line options as one table of plain data, and the parsers that read their values.

Both command lines are built from this table: the typer CLI (kot.cli.options turns each `Opt` into a
typer option, and `kot plan` into a whole command) and the fast path of `kot plan` (kot.fastpath reads argv
by it). So a new or changed option (a name, a short flag, a metavar, its help, its default, its parser)
is made once, here, and the two cannot drift apart.

Every value is parsed in kot's words ("'11' is not a whole number from 0 to 10"), never pydantic's or
click's, and every metavar is a word that says what it holds, with its unit (ID, FILE, DIR, PLAN, PAIN,
WEEKS, DAYS, MINUTES). A parser raises `BadValue`; the typer side reports it as click's bad parameter.

Why no typer or click here: the fast path imports this module, and neither is on its way.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from kot import output, plaintext
from kot.errors import UsageError, did_you_mean
from kot.values import record, replace
from kot.vocab import PAIN_MAX, WEEKS_MAX, StartLevel, Symptom

E = TypeVar("E", bound=Enum)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class BadValue(ValueError):
    """A value given on the command line that its option cannot take; the message says why, in kot's words."""


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
            raise BadValue(f"'{value}' is not a whole number from {low} to {high}")
        return number

    return parse


def choice(enum: type[E], what: str) -> Callable[[Any], E]:
    """One word of a closed vocabulary, with the nearest ones suggested."""

    def parse(value: Any) -> E:
        if isinstance(value, enum):
            return value
        words = [str(member.value) for member in enum]
        if value not in words:
            raise BadValue(f"unknown {what} '{value}'{did_you_mean(value, words)}; choose {or_list(words)}")
        return enum(value)

    return parse


def format_of(*kinds: str) -> Callable[[Any], str]:
    """A format name or alias that these kinds of output offer (kot.output's registry)."""

    def parse(value: Any) -> str:
        try:
            return output.resolve(str(value), kinds).name
        except UsageError as error:
            raise BadValue(str(error)) from None

    return parse


def plain(longest: int, *, one_line: bool = True) -> Callable[[Any], str]:
    """Free text that kot keeps and prints back (a note, a name): plain text of at most `longest` characters,
    never terminal control (kot.plaintext)."""

    def parse(value: Any) -> str:
        text = str(value)
        found = plaintext.problem(text, one_line=one_line)
        if found is not None:
            raise BadValue(found)
        if len(text) > longest:
            raise BadValue(f"{len(text)} characters long; at most {longest}")
        return text

    return parse


def path(value: Any) -> Path:
    """A file or folder name; an empty one names nothing (it would silently mean the current folder)."""
    if not str(value):
        raise BadValue("an empty name names no file or folder")
    return Path(value)


def date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise BadValue(f"'{value}' is not a date like 2026-12-01") from None


def calendar_start(value: Any) -> dt.date:
    """A calendar's first day, leaving room for a whole plan (up to 53 weeks) before the calendar ends in 9999."""
    day = date(value)
    if (dt.date.max - day).days < 53 * 7:
        raise BadValue(f"'{value}' is too late: a plan of up to 52 weeks must end before the year 10000")
    return day


def clock_time(value: Any) -> dt.time:
    """A time of day, 7:00 or 07:00 (24-hour)."""
    hours, sep, minutes = str(value).partition(":")
    if sep and hours.isascii() and hours.isdigit() and len(hours) <= 2 and minutes.isascii() and minutes.isdigit():
        if len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60:
            return dt.time(int(hours), int(minutes))
    raise BadValue(f"'{value}' is not a time like 7:00 or 18:30")


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
            raise BadValue(f"'{day}' is not a weekday{hint}")
    names = [full.get(day, day) for day in given]
    if not names or len(set(names)) != len(names):
        raise BadValue(f"'{value}': name distinct days from {','.join(WEEKDAYS)}, e.g. mon,wed,fri")
    return tuple(names)


def or_list(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def formats_help(*kinds: str, default: str = "") -> str:
    names = [
        f"{f.name} ({', '.join(f.aliases)})" if f.aliases else f.name
        for f in output.FORMATS
        if f.name in output.choices(*kinds)
    ]
    return f"Output format: {or_list(names)}." + (f" {default}" if default else "")


def library_here() -> list[str]:
    """The library subfolders (exercises/, programs/) the current folder holds, if any."""
    return [f"{name}/" for name in ("exercises", "programs") if Path(name).is_dir()]


def unnamed_library(given: list[Path]) -> list[str]:
    """The library subfolders of the current folder when it is none of the libraries a command reads (those
    given with -L, KOT_LIBRARY's, the built-in one): a command reading the library then notes how to use it."""
    found = library_here()
    if not found:
        return []
    from kot.library import builtin_root, env_roots

    here = Path.cwd().resolve()
    return [] if any(_same(folder, here) for folder in [*given, *env_roots(), builtin_root()]) else found


def _same(folder: Path, here: Path) -> bool:
    try:
        return folder.resolve() == here
    except OSError:
        return False


# --- the table ------------------------------------------------------------------------------------------

REQUIRED = ...  # the default of an option that must be given


@record(frozen=True)
class Opt:
    """One option: its parameter name, its flags (long first), the Python type of its value (a list for a
    repeatable option, bool for a flag that takes no value), metavar, help, default and parser.

    An argument (a word in its place, not an option) has no flags. `complete` names a shell completer in
    kot.cli.options; `formats` are the output kinds a --format option offers (its completion)."""

    name: str
    flags: tuple[str, ...]
    type: Any
    help: str
    metavar: str | None = None
    parse: Callable[[Any], Any] | None = None
    default: Any = None
    complete: str | None = None
    formats: tuple[str, ...] = ()

    @property
    def is_argument(self) -> bool:
        return not self.flags

    @property
    def is_flag(self) -> bool:
        """A switch: present or not, no value."""
        return self.type is bool

    @property
    def repeatable(self) -> bool:
        """Given again, adds a value (rather than replacing the one before)."""
        kinds = get_args(self.type) if isinstance(self.type, types.UnionType) else (self.type,)
        return any(get_origin(kind) is list for kind in kinds)

    def read(self, text: str) -> Any:
        """One command-line value as this option's parser reads it (a string when it has none)."""
        return self.parse(text) if self.parse is not None else text

    def but(self, **changes: Any) -> Opt:
        """This option with some of its fields changed (a command's own default, say)."""
        return replace(self, **changes)


@record(frozen=True)
class Command:
    """One command: its name, its help (the first line short), its examples and its options in help order."""

    name: str
    help: str
    examples: tuple[str, ...]
    options: tuple[Opt, ...]

    def option(self, name: str) -> Opt:
        return next(opt for opt in self.options if opt.name == name)


def format_option(*kinds: str, default: str = "", value: Any = None) -> Opt:
    """The --format option of a command printing these kinds of output."""
    return Opt(
        "fmt",
        ("--format", "-f"),
        str | None,
        formats_help(*kinds, default=default),
        metavar="FORMAT",
        parse=format_of(*kinds),
        default=value,
        formats=kinds,
    )


# Options several commands share.
LIBRARY = Opt(
    "library",
    ("--library", "-L"),
    list[Path] | None,
    "Extra library folder holding exercises/ and/or programs/; repeatable, later wins by id. "
    "Also KOT_LIBRARY (path-separated).",
    metavar="DIR",
    parse=path,
)
FORCE = Opt("force", ("--force",), bool, "Replace an existing output file.", default=False)
OUTPUT = Opt(
    "out",
    ("--output", "-o"),
    Path | None,
    "Write to FILE (- for stdout); the format follows its suffix unless --format is given.",
    metavar="FILE",
    parse=path,
)
PLAN_FORMAT = format_option(output.PLAN, default="Default: table, or from the --output suffix.")
EXPORT_FORMAT = format_option(output.PLAN, output.CALENDAR, default="Default: from the --output suffix, else markdown.")
# (their default, table, is shown by the help itself: "[default: table]")
LIST_FORMAT = format_option(output.FAMILIES).but(type=str)
FAMILY_FORMAT = format_option(output.FAMILY, default="Default: table, or from the --output suffix.")
DIARY_FORMAT = format_option(output.CHECKINS).but(type=str)
SHOW_WEEK = Opt(
    "week",
    ("--week",),
    int | None,
    "This week in detail (tables), or only this week (other formats); the plan is still built whole.",
    metavar="WEEK",
    parse=whole(1, WEEKS_MAX),
)
EXPLAIN = Opt("explain", ("--explain",), bool, "Show, for every prescription, the rules that chose it.", default=False)
FULL = Opt("full", ("--full",), bool, "Every week in detail, not only the first (or --week).", default=False)
NO_PAGER = Opt(
    "no_pager", ("--no-pager",), bool, "Print straight out, even when longer than the screen.", default=False
)

PLAN_FILE = Opt(
    "plan_file",
    (),
    Path,
    "A saved plan (.yaml or .json, from `kot plan -o`).",
    metavar="PLAN",
    parse=path,
    default=REQUIRED,
)

# The inputs of a plan: `kot plan` and `kot simulate` take the same ones, with the same short options.
GOAL = Opt(
    "goal",
    ("--goal", "-g"),
    str,
    "Goal template id (see `kot goals`): knee-pain, athletic, mobility, longevity, or your own.",
    metavar="ID",
    default=REQUIRED,
    complete="goal_ids",
)
PAIN = Opt(
    "pain",
    ("--pain", "-p"),
    int | None,
    "Worst everyday knee pain over the last 7 days, 0-10. Default: the goal's stated assumption.",
    metavar="PAIN",
    parse=whole(0, PAIN_MAX),
)
WEEKS = Opt(
    "weeks",
    ("--weeks", "-w"),
    int | None,
    "Program length, 1-52 weeks. Default: the goal's (8 for knee-pain).",
    metavar="WEEKS",
    parse=whole(1, WEEKS_MAX),
)
DAYS = Opt("days", ("--days", "-d"), int, "Training days per week, 1-7.", metavar="DAYS", parse=whole(1, 7), default=3)
MINUTES = Opt(
    "minutes",
    ("--minutes", "-m"),
    int,
    "Time budget per session, 10-180 minutes.",
    metavar="MINUTES",
    parse=whole(10, 180),
    default=30,
)
EQUIPMENT = Opt(
    "equipment",
    ("--equipment", "-e"),
    list[str] | None,
    "Equipment ids, repeatable or comma-separated, added to the household items (floor, wall, "
    "step, chair); `none` keeps only floor and wall.",
    metavar="ID",
    complete="equipment_ids",
)
LEVEL = Opt(
    "level",
    ("--level",),
    StartLevel,
    "Where on each ladder to start: beginner, intermediate or advanced.",
    metavar="LEVEL",
    parse=choice(StartLevel, "level"),
    default=StartLevel.beginner,
)
SYMPTOMS = Opt(
    "symptom",
    ("--symptom",),
    list[Symptom] | None,
    "A red-flag symptom (repeatable); any one refuses the plan and says whom to see: "
    + ", ".join(s.value for s in Symptom)
    + ".",
    metavar="SYMPTOM",
    parse=choice(Symptom, "symptom"),
)

PLAN = Command(
    "plan",
    help="Build a program and print it.\n\n"
    "--pain means your worst everyday knee pain over the last 7 days (0-10). Pain 7 or more, or any\n"
    "--symptom, refuses the plan (exit 3) and says whom to see instead.",
    examples=(
        "kot plan --goal knee-pain",
        "kot plan -g knee-pain -p 4 -d 3 -m 30 --week 1",
        "kot plan -g athletic -p 1 -e sled,box --level intermediate",
        "kot plan -g knee-pain -p 3 -o client.yaml --client 'Ann Lee' --coach 'Sam'   # save it",
        "kot plan -g knee-pain -f md -o -               # markdown on stdout",
    ),
    options=(
        GOAL,
        PAIN,
        WEEKS,
        DAYS,
        MINUTES,
        EQUIPMENT,
        LEVEL,
        SYMPTOMS,
        LIBRARY,
        PLAN_FORMAT,
        OUTPUT,
        FORCE,
        SHOW_WEEK,
        EXPLAIN,
        FULL,
        NO_PAGER,
        Opt(
            "client", ("--client",), str | None, "Whom the plan is for (shown on it).", metavar="NAME", parse=plain(80)
        ),
        Opt("coach", ("--coach",), str | None, "Who made the plan (shown on it).", metavar="NAME", parse=plain(80)),
        Opt(
            "assessment",
            ("--assessment",),
            Path | None,
            "Start the exercises the placement tests cover where they placed them (from kot assess -o FILE).",
            metavar="FILE",
            parse=path,
        ),
    ),
)

SHOW = Command(
    "show",
    help="Render a saved plan again, exactly as `kot plan` printed it (or an earlier revision of it).",
    examples=(
        "kot show client.yaml",
        "kot show client.yaml --week 2 --explain",
        "kot show client.json -f csv -o client.csv",
        "kot show client.yaml --revision 1",
    ),
    options=(
        PLAN_FILE,
        PLAN_FORMAT,
        OUTPUT,
        FORCE,
        SHOW_WEEK,
        EXPLAIN,
        FULL,
        NO_PAGER,
        Opt(
            "revision",
            ("--revision",),
            int | None,
            "An earlier revision, from the diary.",
            metavar="REVISION",
            parse=whole(1, 999),
        ),
    ),
)

# The commands declared whole in this table (kot.cli declares each through kot.cli.options.command).
COMMANDS = (PLAN, SHOW)
