"""Commands for the library and a coach's own files: exercises, goals, validate, schema, init, new."""

from pathlib import Path
from typing import Annotated

import typer

from kot import output
from kot.cli import options as o
from kot.cli.conventions import App, hint, note
from kot.vocab import PAIN_MAX

app = App()
exercises_app = App(
    help="Browse the exercise library (kot exercises = kot exercises list).", invoke_without_command=True
)
goals_app = App(help="The goal templates (kot goals = kot goals list).", invoke_without_command=True)
new_app = App(
    help="Fork an exercise or a goal into your library, ready to edit.",
    no_args_is_help=True,
    examples=[
        "kot new exercise --from tibialis-raise --id my-raise -L mylib",
        "kot new goal --from knee-pain --id my-knee -L mylib",
    ],
)

FamilyId = Annotated[
    str, typer.Argument(metavar="ID", autocompletion=o.family_ids, help="Exercise family id, e.g. tibialis-raise.")
]
GoalId = Annotated[
    str, typer.Argument(metavar="ID", autocompletion=o.goal_ids, help="Goal template id, e.g. knee-pain.")
]


def _library(extra: list[Path] | None):  # -> Library, imported when a command runs
    from kot.library import load_library

    return load_library(list(extra or []))


@exercises_app.command(
    "list",
    examples=[
        "kot exercises list",
        "kot exercises list --category knee-dominant --pain 5",
        "kot exercises list -e none -f json",
        "kot exercises list -g my-knee -L mylib",
    ],
)
def exercises_list(
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            metavar="CATEGORY",
            autocompletion=o.category_ids,
            help="Only this category, e.g. knee-dominant.",
        ),
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            "--equipment",
            "-e",
            metavar="ID",
            autocompletion=o.equipment_ids,
            help="Only families with a level doable with the household items plus these.",
        ),
    ] = None,
    pain: Annotated[
        int | None,
        typer.Option(
            "--pain",
            "-p",
            metavar="PAIN",
            parser=o.whole(0, PAIN_MAX),
            help="Only families with a level allowed at this pain.",
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option("--goal", "-g", metavar="ID", autocompletion=o.goal_ids, help="Only families serving this goal."),
    ] = None,
    fmt: o.ListFormat = "table",
    library: o.Library = None,
) -> None:
    """List exercise families, with filters."""
    from kot.browse import filter_families

    families = filter_families(_library(library), category=category, equipment=equipment, pain=pain, goal=goal)
    output.emit(output.FAMILIES, families, fmt=fmt)


@exercises_app.command(
    "show",
    examples=[
        "kot exercises show tibialis-raise",
        "kot exercises show tibialis-raise -f yaml     # the file itself, comments and all",
        "kot exercises show my-raise -L mylib -f json",
        "kot exercises show kot-calf-raise --level 2 -f svg -o calf.svg   # the level's picture",
    ],
)
def exercises_show(
    family_id: FamilyId,
    fmt: o.FamilyFormat = None,
    library: o.Library = None,
    level: Annotated[
        int | None,
        typer.Option("--level", metavar="N", parser=o.whole(1, 99), help="SVG: draw only level N (from 1)."),
    ] = None,
    out: o.Output = None,
    force: o.Force = False,
) -> None:
    """Show one exercise family and its ladder (`--format yaml` prints its file, `svg` draws its levels)."""
    from kot.browse import find

    lib = _library(library)
    family = find(lib.families, family_id, "exercise family")
    output.emit(
        output.FAMILY,
        family,
        fmt=fmt,
        output=out,
        force=force,
        source=lib.sources.get(("exercises", family.id)),
        level=level,
    )


@exercises_app.callback(
    examples=[
        "kot exercises",
        "kot exercises list --category knee-dominant",
        "kot exercises show tibialis-raise -f yaml",
    ]
)
def exercises_default(ctx: typer.Context, fmt: o.ListFormat = "table", library: o.Library = None) -> None:
    """Browse the exercise library (kot exercises = kot exercises list)."""
    if ctx.invoked_subcommand is None:
        exercises_list(fmt=fmt, library=library)


@goals_app.callback(examples=["kot goals", "kot goals -f json", "kot goals show knee-pain -f yaml"])
def goals_default(ctx: typer.Context, fmt: o.ListFormat = "table", library: o.Library = None) -> None:
    """The goal templates (kot goals = kot goals list)."""
    if ctx.invoked_subcommand is None:
        goals_list(fmt=fmt, library=library)


@goals_app.command("list", examples=["kot goals list", "kot goals list -L mylib -f yaml"])
def goals_list(fmt: o.ListFormat = "table", library: o.Library = None) -> None:
    """List goal templates."""
    templates = sorted(_library(library).templates.values(), key=lambda t: t.id)
    output.emit(output.GOALS, templates, fmt=fmt)


@goals_app.command(
    "show",
    examples=["kot goals show knee-pain", "kot goals show knee-pain -f yaml     # the file itself, comments and all"],
)
def goals_show(goal_id: GoalId, fmt: o.ListFormat = "table", library: o.Library = None) -> None:
    """Show one goal template (`--format yaml` prints its file)."""
    from kot.browse import find

    lib = _library(library)
    template = find(lib.templates, goal_id, "goal")
    output.emit(output.GOAL, template, fmt=fmt, source=lib.sources.get(("programs", template.id)))


@app.command(
    examples=[
        "kot validate                      # this folder if it holds exercises/ or programs/, else the "
        "built-in library, KOT_LIBRARY and --library",
        "kot validate mylib                # a library folder, over the built-in one",
        "kot validate mylib/exercises/my-raise.yaml client.yaml",
    ]
)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            parser=o.path,
            help="Files or library folders to check: exercises, goals and saved plans. Default: the "
            "current folder when it holds exercises/ or programs/, else the built-in library, KOT_LIBRARY and "
            "--library.",
        ),
    ] = None,
    library: o.Library = None,
) -> None:
    """Check exercise, goal and saved-plan files: every schema problem and safety lint in one pass.

    Problems are listed as file:line:column: field: message, sorted by file and line (exit 1).
    """
    from kot.cli.conventions import library_here
    from kot.library import builtin_root
    from kot.library import validate as check

    if not paths and not library and library_here() and Path.cwd().resolve() != builtin_root().resolve():
        note(f"Checking this folder (.), which holds {' and '.join(library_here())}")
        paths = [Path(".")]
    checked = check(list(paths or []), list(library or []))
    for skipped in checked.skipped:
        output.say(skipped)
    output.show(checked.summary() + "\n")


@app.command(examples=["kot schema exercise > schemas/exercise.schema.json", "kot schema goal", "kot schema plan"])
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            parser=lambda v: _kind(v),
            autocompletion=lambda: ["exercise", "goal", "plan", "test", "assessment"],
            help="exercise, goal, plan, test or assessment (template and program are old names of goal and plan).",
        ),
    ],
) -> None:
    """Print the JSON Schema of a file kind, for editors and CI."""
    from kot.kinds import json_schema

    output.show(json_schema(kind))


def _kind(value: str) -> str:
    from kot.errors import UsageError
    from kot.kinds import canonical

    try:
        return canonical(value)
    except UsageError as error:
        raise typer.BadParameter(str(error)) from None


DEFAULT_LIBRARY = "mylib"


@app.command(examples=["kot init mylib", "kot init                # here if this folder is empty, else ./mylib"])
def init(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            parser=o.path,
            help=f"The folder to start a library in. Default: this folder if it is empty, else {DEFAULT_LIBRARY}.",
        ),
    ] = None,
) -> None:
    """Start a library folder: exercises/, programs/, schemas/ and an example of each file.

    The examples carry a `# yaml-language-server: $schema=` line, so an editor with the YAML language server
    completes and checks fields. Nothing is ever overwritten.
    """
    import shlex

    from kot.scaffold import init_files

    if folder is None:
        empty = not any(not entry.name.startswith(".") for entry in Path(".").iterdir())
        folder = Path(".") if empty else Path(DEFAULT_LIBRARY)
        where = "this folder, which is empty" if empty else f"{folder}/ (this folder is not empty)"
        note(f"Starting a library in {where}; kot init DIR names another folder")
    output.write_new(init_files(folder))
    hint(f"Next: {shlex.join(['kot', 'validate', str(folder)])}   # check it; then edit the examples")


def _source_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """`kot new exercise --from` completes exercise ids, `kot new goal --from` goal ids."""
    return (o.goal_ids if ctx.info_name == "goal" else o.family_ids)(ctx, incomplete)


NewFrom = Annotated[
    str,
    typer.Option(
        "--from", metavar="ID", autocompletion=_source_ids, help="The id to fork (built-in or in your library)."
    ),
]
NewId = Annotated[str, typer.Option("--id", metavar="NEW", help="The new id, kebab-case, e.g. my-raise.")]
Into = Annotated[
    Path | None,
    typer.Option(
        "--library",
        "-L",
        metavar="DIR",
        parser=o.path,
        help="Your library folder: the fork is written into it (and ids are also looked up there). "
        "Default: the current folder.",
    ),
]


@new_app.command(
    "exercise",
    examples=[
        "kot new exercise --from tibialis-raise --id my-raise -L mylib",
        "kot new exercise --from my-raise --id my-raise-2     # in the current folder",
    ],
)
def new_exercise(source: NewFrom, new_id: NewId, into: Into = None) -> None:
    """Fork an exercise family: DIR/exercises/NEW.yaml, the source file's own text with the new id."""
    from kot.scaffold import fork_files

    output.write_new(fork_files("exercise", source, new_id, into))
    _validate_hint(into)


@new_app.command("goal", examples=["kot new goal --from knee-pain --id my-knee -L mylib"])
def new_goal(source: NewFrom, new_id: NewId, into: Into = None) -> None:
    """Fork a goal template: DIR/programs/NEW.yaml, the source file's own text with the new id."""
    from kot.scaffold import fork_files

    output.write_new(fork_files("goal", source, new_id, into))
    _validate_hint(into)


def _validate_hint(folder: Path | None) -> None:
    import shlex

    hint(f"Next: {shlex.join(['kot', 'validate', str(folder or '.')])}   # check the fork as you edit it")


app.add_typer(exercises_app, name="exercises")
app.add_typer(goals_app, name="goals")
app.add_typer(new_app, name="new")
