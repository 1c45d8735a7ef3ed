"""Commands that make and render programs: plan, show, export."""

import shlex
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from kot import output
from kot.cli import options as o
from kot.cli.conventions import App, hint, note
from kot.vocab import StartLevel

app = App()


@app.command(
    examples=[
        "kot plan --goal knee-pain",
        "kot plan -g knee-pain -p 4 -d 3 -m 30 --week 1",
        "kot plan -g athletic -p 1 -e sled,box --level intermediate",
        "kot plan -g knee-pain -p 3 -o client.yaml --client 'Ann Lee' --coach 'Sam'   # save it",
        "kot plan -g knee-pain -f md -o -               # markdown on stdout",
    ]
)
def plan(
    goal: o.Goal,
    pain: o.Pain = None,
    weeks: o.Weeks = None,
    days: o.Days = 3,
    minutes: o.Minutes = 30,
    equipment: o.Equipment = None,
    level: o.Level = StartLevel.beginner,
    symptom: o.Symptoms = None,
    library: o.Library = None,
    fmt: o.PlanFormat = None,
    out: o.Output = None,
    force: o.Force = False,
    week: o.ShowWeek = None,
    explain: o.Explain = False,
    full: o.Full = False,
    no_pager: o.NoPager = False,
    client: Annotated[
        str | None,
        typer.Option("--client", metavar="NAME", parser=o.plain(80), help="Whom the plan is for (shown on it)."),
    ] = None,
    coach: Annotated[
        str | None,
        typer.Option("--coach", metavar="NAME", parser=o.plain(80), help="Who made the plan (shown on it)."),
    ] = None,
    assessment: Annotated[
        Path | None,
        typer.Option(
            "--assessment",
            metavar="FILE",
            parser=o.path,
            help="Start the exercises the placement tests cover where they placed them (from kot assess -o FILE).",
        ),
    ] = None,
) -> None:
    """Build a program and print it.

    --pain means your worst everyday knee pain over the last 7 days (0-10). Pain 7 or more, or any
    --symptom, refuses the plan (exit 3) and says whom to see instead.
    """
    from kot.errors import PlanRefused
    from kot.generator import PlanRequest, build_program
    from kot.library import load_library

    request = PlanRequest(
        goal=goal,
        pain=pain,
        weeks=weeks,
        days=days,
        minutes=minutes,
        equipment=tuple(equipment or ()),
        level=level,
        symptoms=o.symptom_values(symptom),
    )
    lib = load_library(library or [])
    assessed = None
    if assessment is not None:
        from kot import assessments

        request, assessed = assessments.plan_request(request, assessment, lib)
    try:
        if assessed is not None:
            from kot import assessments

            program = assessments.build(request, lib, assessed)
        else:
            program = build_program(request, lib)
    except PlanRefused as refusal:
        output.refusal(refusal, fmt=fmt, output=out)
        raise
    program = replace(program, client=client, coach=coach)
    if out is not None and not output.is_stdout(out):
        from kot.revisions import new_identity

        program = new_identity(program)  # a plan written to a file gets its own id: its own diary
    else:
        # Printed, it has no identity (stdout stays deterministic); its first check-in gives the file one.
        program = replace(program, plan_id=None)
    inputs = {"goal": goal, "pain": pain, "weeks": weeks, "days": days, "minutes": minutes, "level": level}
    output.emit(
        output.PLAN,
        program,
        fmt=fmt,
        output=out,
        force=force,
        week=week,
        explain=explain,
        full=full,
        pager=not no_pager,
        saved=_saved_name(out),
        save=_save_command(inputs, equipment, library, client, coach, assessment),
        pictures=_pictures(program, lib),
    )
    if assessed is not None and program.plan_id:
        from kot import assessments

        assessments.keep_baseline(program, assessed)  # the first point of `kot progress`
    saved = _saved_name(out)
    if saved is not None:
        from kot.render.view import as_argument

        hint(f"Next: {shlex.join(['kot', 'today', as_argument(saved)])}   # the session to do, with boxes to tick")


def _save_command(
    inputs: dict,
    equipment: list[str] | None,
    library: list[Path] | None,
    client: str | None,
    coach: str | None,
    assessment: Path | None = None,
) -> str:
    """The command that builds this same plan and saves it as plan.yaml: the options given, defaults left out."""
    words = ["kot", "plan", "--goal", inputs["goal"]]
    defaults = {"days": 3, "minutes": 30}
    for name in ("pain", "weeks", "days", "minutes"):
        value = inputs[name]
        if value is not None and value != defaults.get(name):
            words += [f"--{name}", str(value)]
    if equipment:
        words += ["--equipment", ",".join(equipment)]
    if inputs["level"] is not StartLevel.beginner:
        words += ["--level", inputs["level"].value]
    for folder in library or []:
        words += ["-L", str(folder)]
    for flag, value in (("--client", client), ("--coach", coach), ("--assessment", assessment)):
        if value:
            words += [flag, str(value)]
    return shlex.join([*words, "-o", "plan.yaml"])


def _pictures(program, library=None) -> output.Lazy:  # noqa: ANN001 - a Program and a Library
    """Each used level's picture, looked up only for the formats that draw them (HTML, markdown files)."""

    def find():  # noqa: ANN202
        from kot.pictures import for_program

        return for_program(program, library)

    return output.Lazy(find)


def _saved_name(out: Path | None) -> str | None:
    """The plan file the next steps point at, when the plan is being saved as one."""
    if out is None or output.is_stdout(out) or out.suffix.lower() not in (".yaml", ".yml", ".json"):
        return None
    return str(out)


@app.command(
    examples=[
        "kot show client.yaml",
        "kot show client.yaml --week 2 --explain",
        "kot show client.json -f csv -o client.csv",
        "kot show client.yaml --revision 1",
    ]
)
def show(
    plan_file: o.PlanFile,
    fmt: o.PlanFormat = None,
    out: o.Output = None,
    force: o.Force = False,
    week: o.ShowWeek = None,
    explain: o.Explain = False,
    full: o.Full = False,
    no_pager: o.NoPager = False,
    revision: Annotated[
        int | None,
        typer.Option(
            "--revision", metavar="REVISION", parser=o.whole(1, 999), help="An earlier revision, from the diary."
        ),
    ] = None,
) -> None:
    """Render a saved plan again, exactly as `kot plan` printed it (or an earlier revision of it)."""
    from kot.revisions import revision_of
    from kot.saved import read_program
    from kot.stops import refuse_if_stopped

    refuse_if_stopped(read_program(plan_file), plan_file, strict=False)
    program = read_program(plan_file) if revision is None else revision_of(plan_file, revision)
    output.emit(
        output.PLAN,
        program,
        fmt=fmt,
        output=out,
        force=force,
        week=week,
        explain=explain,
        full=full,
        pager=not no_pager,
        saved=str(plan_file),
        pictures=_pictures(program),
    )


@app.command(
    examples=[
        "kot export client.yaml -o client.html --log-sheet   # the handout, with a log page per week",
        "kot export client.yaml -f html > client.html",
        "kot export client.yaml -o client.md --log-sheet",
        "kot export client.yaml -o client.ics --start 2026-12-07 --time 7:00 --weekdays mon,wed,fri --remind 30",
        "kot export client.yaml -o client.csv",
        "kot export client.yaml                         # markdown on stdout",
    ]
)
def export(
    ctx: typer.Context,
    plan_file: o.PlanFile,
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            parser=o.path,
            help="Target file: .html (the handout), .md, .csv, .json, .yaml or .ics; - or none for stdout.",
        ),
    ] = None,
    fmt: o.ExportFormat = None,
    force: o.Force = False,
    log_sheet: Annotated[
        bool,
        typer.Option(
            "--log-sheet",
            help="HTML and markdown: a log page per week, with a box per set and lines for the date, pain "
            "during and next morning of every session.",
        ),
    ] = False,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            parser=o.calendar_start,
            help="Calendar: the first day you can train, YYYY-MM-DD. Week 1 day 1 is the first day 1 weekday "
            "on or after it (day 1 is Monday's session with mon,wed,fri, as the handout says).",
        ),
    ] = None,
    time: Annotated[
        str,
        typer.Option(
            "--time", metavar="HH:MM", parser=o.clock_time, help="Calendar: session start time, 7:00 or 19:30."
        ),
    ] = "07:00",
    weekdays: Annotated[
        str | None,
        typer.Option(
            "--weekdays",
            metavar="WEEKDAYS",
            parser=o.weekdays,
            help="Calendar: training weekdays, e.g. mon,wed,fri; day 1 is the first of them in the week (Monday "
            "first). Default: the plan's own, as the handout labels them (Mon, Wed, Fri for 3 days).",
        ),
    ] = None,
    remind: Annotated[
        int | None,
        typer.Option(
            "--remind",
            metavar="MINUTES",
            parser=o.whole(0, 10080),
            help="Calendar: a reminder this many minutes before.",
        ),
    ] = None,
) -> None:
    """Write a saved plan as a printable HTML handout, markdown, CSV, a calendar (.ics), JSON or YAML.

    Without -o (or with -o -) it prints to stdout, markdown unless --format says otherwise.
    """
    from kot.checkins import logged
    from kot.saved import read_program
    from kot.stops import refuse_if_stopped

    calendar = fmt == "ics" or (fmt is None and out is not None and out.suffix.lower() == ".ics")
    if calendar and start is None:
        raise _missing(ctx, "start", "A calendar needs the first day you can train, e.g. --start 2026-12-07.")
    program = read_program(plan_file)
    refuse_if_stopped(program, plan_file, strict=False)
    output.emit(
        (output.PLAN, output.CALENDAR),
        program,
        fmt=fmt,
        output=out,
        force=force,
        default="markdown",
        log_sheet=log_sheet,
        checkins=output.Lazy(lambda: logged(program.plan_id or "")),
        pictures=_pictures(program),
        start=start,
        time=time,
        weekdays=weekdays,
        remind=remind,
    )
    if calendar and start is not None:
        _say_first_session(program.inputs.days, start, weekdays)


def _missing(ctx: typer.Context, name: str, why: str) -> Exception:
    """click's "Missing option '--NAME'." (exit 2), with why it is needed (click's own class, wherever this
    typer keeps click)."""
    import sys

    missing = sys.modules[typer.BadParameter.__module__].MissingParameter
    param = next(p for p in ctx.command.params if p.name == name)
    return missing(why, ctx=ctx, param=param)


def _say_first_session(days: int, start, weekdays) -> None:  # noqa: ANN001 - a date, weekday names
    from kot.render.ics import first_session

    first = first_session(start, days, weekdays)
    if first != start:
        note(
            f"Week 1 day 1 is {first:%a %-d %b %Y}, the first {first:%A} on or after {start:%a %-d %b}: "
            f"day 1 is {first:%A}'s session, as the handout says"
        )
