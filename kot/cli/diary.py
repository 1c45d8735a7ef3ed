"""Commands of the check-in loop: checkin, history, next, progress, simulate."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from kot import output
from kot.cli import options as o
from kot.cli.conventions import App
from kot.errors import UsageError
from kot.vocab import StartLevel

app = App()

Pain = o.whole(0, 10)


@app.command(
    examples=[
        "kot checkin client.yaml --week 1 --day 1 --during 2 --next-morning 3",
        "kot checkin client.yaml --week 1 --day 2 --during 5 -x step-down=5 --note 'stairs after'",
        "kot checkin client.yaml --week 1 --day 3 --skipped",
        "kot checkin client.yaml --week 1 --day 1          # in a terminal it asks for the rest",
    ]
)
def checkin(
    plan_file: o.PlanFile,
    week: Annotated[int, typer.Option("--week", metavar="N", parser=o.whole(1, 52), help="Week of the session.")],
    day: Annotated[
        int, typer.Option("--day", metavar="N", parser=o.whole(1, 7), help="Day (session number) in that week.")
    ],
    during: Annotated[
        int | None,
        typer.Option(
            "--during",
            metavar="N",
            parser=Pain,
            help="Worst knee pain during the session, 0-10 (asked for in a terminal).",
        ),
    ] = None,
    next_morning: Annotated[
        int | None,
        typer.Option(
            "--next-morning",
            metavar="N",
            parser=Pain,
            help="Knee pain the next morning, 0-10 (record again to add it later).",
        ),
    ] = None,
    done: Annotated[bool, typer.Option("--done", help="The whole dose was done (the default).")] = False,
    partial: Annotated[bool, typer.Option("--partial", help="Only part of the dose was done.")] = False,
    skipped: Annotated[bool, typer.Option("--skipped", help="The session was missed.")] = False,
    exercise: Annotated[
        list[str] | None,
        typer.Option(
            "--exercise",
            "-x",
            metavar="ID=PAIN",
            help="An exercise that hurt and how much, e.g. step-down=5; repeatable.",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A free-text note.")] = None,
    symptom: Annotated[
        list[o.Symptom] | None,
        typer.Option(
            "--symptom",
            metavar="SYMPTOM",
            parser=o.choice(o.Symptom, "symptom"),
            help="A new red-flag symptom; stops the plan and says whom to see.",
        ),
    ] = None,
) -> None:
    """Record how a session went: pain during, pain next morning, done or not."""
    from kot import checkins
    from kot.saved import read_program

    status = checkins.status_of(done, partial, skipped)
    program = read_program(plan_file)
    checkins.check_session(program, week, day, list(checkins.parse_exercise_pains(exercise or [])))
    if during is None:
        during = 0 if status == "skipped" else _ask("Worst knee pain during the session (0-10)", "during")
    if next_morning is None and status != "skipped" and sys.stdin.isatty():
        next_morning = _ask("Knee pain the next morning (0-10, Enter if not known yet)", "next-morning", optional=True)
    entry = checkins.new_checkin(
        program, week, day, during, next_morning, status, exercise or [], o.symptom_values(symptom), note
    )
    recorded = checkins.record_checkin(program, entry)
    output.say(recorded.message())
    if recorded.stop is not None:
        raise recorded.stop


def _ask(question: str, option: str, optional: bool = False) -> int | None:
    """Ask for a pain number in a terminal; from a script, never wait: the option is required."""
    if not sys.stdin.isatty():
        raise UsageError("required when not run in a terminal", option=option)
    from rich.prompt import IntPrompt

    while True:
        answer = IntPrompt.ask(question, default=None if optional else ..., show_default=False)
        if answer is None and optional:
            return None
        if answer is not None and 0 <= answer <= 10:
            return answer
        output.say("Please enter a whole number from 0 to 10.")


@app.command(
    examples=[
        "kot history client.yaml",
        "kot history client.yaml -f csv > log.csv",
        "kot history -f json > diary.json",
        "kot history --import diary.json",
    ]
)
def history(
    plan_file: Annotated[
        Path | None,
        typer.Argument(metavar="PLAN", parser=o.path, help="A saved plan; without it, every plan's check-ins."),
    ] = None,
    fmt: o.DiaryFormat = "table",
    import_file: Annotated[
        Path | None,
        typer.Option("--import", metavar="FILE", parser=o.path, help="Restore check-ins from a JSON export."),
    ] = None,
) -> None:
    """Show or export the check-ins of a plan, or restore an export."""
    from kot import checkins

    if import_file is not None:
        count = checkins.import_file(import_file)
        output.say(f"Imported {count} check-in{'s' if count != 1 else ''} from {import_file}")
        return
    output.emit(output.CHECKINS, checkins.history(plan_file), fmt=fmt, show_plan=plan_file is None)


@app.command(
    "next",
    examples=["kot next client.yaml            # writes client.r2.yaml", "kot next client.r2.yaml -o client-may.yaml"],
)
def next_revision(
    plan_file: o.PlanFile,
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            parser=o.path,
            help="Where to write the new revision (default: PLAN.rN.yaml beside it).",
        ),
    ] = None,
    force: o.Force = False,
    library: o.Library = None,
) -> None:
    """Adapt a plan to its check-ins and write the next revision; print what changed and why."""
    from kot import checkins

    revision = checkins.next_revision(plan_file, library or [], out)
    if revision is None:
        output.say("No check-ins for this plan yet: record one with `kot checkin`. Nothing changed.")
        return
    output.emit(output.PLAN, revision.program, fmt=revision.format, output=revision.target, force=force)
    output.show("".join(f"{line}\n" for line in revision.report()))


@app.command(examples=["kot progress client.yaml", "kot progress client.yaml -f csv > weeks.csv"])
def progress(plan_file: o.PlanFile, fmt: o.DiaryFormat = "table") -> None:
    """Chart pain and weekly volume from the check-ins, with a short summary."""
    from kot import checkins

    output.emit(output.PROGRESS, checkins.progress(plan_file), fmt=fmt)


@app.command(
    examples=[
        "kot simulate --goal knee-pain --pain 3 --responses green,green,amber,red,green",
        "kot simulate -g athletic -p 1 -w 6 -r green,skip,green -f json",
    ]
)
def simulate(
    goal: o.Goal,
    responses: Annotated[
        str,
        typer.Option(
            "--responses",
            "-r",
            metavar="WORDS",
            help="Comma-separated weekly responses: green (pain 3 or less, settled), amber (4-5, or next "
            "morning +1), red (above 5, or next morning +2), skip.",
        ),
    ],
    pain: o.Pain = None,
    weeks: o.Weeks = None,
    days: o.Days = 3,
    minutes: o.Minutes = 30,
    equipment: o.Equipment = None,
    level: o.Level = StartLevel.beginner,
    fmt: o.ListFormat = "table",
    library: o.Library = None,
) -> None:
    """Walk hypothetical weekly responses through the adaptation rules (nothing is saved)."""
    from kot import checkins
    from kot.generator import PlanRequest
    from kot.library import load_library

    request = PlanRequest(
        goal=goal, pain=pain, weeks=weeks, days=days, minutes=minutes, equipment=tuple(equipment or ()), level=level
    )
    output.emit(output.SIMULATION, checkins.simulate(request, load_library(library or []), responses), fmt=fmt)
