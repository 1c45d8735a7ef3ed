"""Commands that make and render programs: plan, show, export."""

from pathlib import Path
from typing import Annotated

import typer

from kot import commandline, output, planning
from kot.cli import options as o
from kot.cli.conventions import App, note

app = App()


# `kot plan`: its options, help and examples are kot.commandline.PLAN, which its fast path reads too.
o.command(app, commandline.PLAN, planning.run)


def show(values: dict) -> None:
    """`kot show`: its options, help and examples are kot.commandline.SHOW."""
    from kot.revisions import revision_of
    from kot.saved import read_program
    from kot.stops import refuse_if_stopped

    plan_file, revision = values["plan_file"], values["revision"]
    refuse_if_stopped(read_program(plan_file), plan_file, strict=False)
    program = read_program(plan_file) if revision is None else revision_of(plan_file, revision)
    output.emit(
        output.PLAN,
        program,
        fmt=values["fmt"],
        output=values["out"],
        force=values["force"],
        week=values["week"],
        explain=values["explain"],
        full=values["full"],
        pager=not values["no_pager"],
        saved=str(plan_file),
        pictures=planning.pictures(program),
    )


o.command(app, commandline.SHOW, show)


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
        pictures=planning.pictures(program),
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
