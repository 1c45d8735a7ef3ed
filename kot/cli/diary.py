"""Commands of the check-in loop: checkin, history, next, progress, simulate."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from kot import output
from kot.cli import conventions
from kot.cli import options as o
from kot.cli.conventions import App
from kot.diary import MAX_NOTE
from kot.errors import UsageError
from kot.plaintext import visible
from kot.vocab import StartLevel, Symptom

app = App()

Pain = o.whole(0, 10)


@app.command(
    examples=[
        "kot checkin client.yaml                      # the next session; in a terminal it asks the rest",
        "kot checkin client.yaml --during 2 --next-morning 3",
        "kot checkin client.yaml --during 5 -x patrick-step=5 --note 'stairs after'",
        "kot checkin client.yaml --next-morning 4     # adds the next morning to the latest check-in",
        "kot checkin client.yaml --skipped --usual 2",
        "kot checkin client.yaml --undo               # removes the latest check-in",
    ]
)
def checkin(
    plan_file: o.PlanFile,
    week: Annotated[
        int | None,
        typer.Option("--week", metavar="N", parser=o.whole(1, 52), help="Week of the session (default: the next one)."),
    ] = None,
    day: Annotated[
        int | None,
        typer.Option("--day", metavar="N", parser=o.whole(1, 7), help="Day (session number) in that week."),
    ] = None,
    during: Annotated[
        int | None,
        typer.Option("--during", metavar="N", parser=Pain, help="Worst knee pain during the session, 0-10."),
    ] = None,
    next_morning: Annotated[
        int | None,
        typer.Option(
            "--next-morning",
            metavar="N",
            parser=Pain,
            help="Knee pain the next morning, 0-10. Alone, it completes the latest check-in (or --week/--day's).",
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
            help="An exercise that hurt and how much, e.g. patrick-step=5; repeatable.",
        ),
    ] = None,
    usual: Annotated[
        int | None,
        typer.Option(
            "--usual",
            metavar="N",
            parser=Pain,
            help="Your everyday knee pain these days, 0-10 (asked once a week in a terminal).",
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", parser=o.date, help="The day of the session, YYYY-MM-DD (default: today)."
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEXT",
            parser=o.plain(MAX_NOTE, one_line=False),
            help="A free-text note (plain text, no control characters).",
        ),
    ] = None,
    symptom: Annotated[
        list[o.Symptom] | None,
        typer.Option(
            "--symptom",
            metavar="SYMPTOM",
            parser=o.choice(o.Symptom, "symptom"),
            help="A new red-flag symptom; stops the plan and says whom to see.",
        ),
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Remove the latest check-in of this plan.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Record a session far ahead without asking.")] = False,
) -> None:
    """Record how a session went: done or not, pain during, pain the next morning.

    Without --week and --day it records the next session not checked in yet, and says which.
    """
    from kot import checkins, workflow

    answers = workflow.Answers(
        week=week,
        day=day,
        status=checkins.status_of(done, partial, skipped) if done or partial or skipped else None,
        during=during,
        next_morning=next_morning,
        exercises=tuple(exercise or ()),
        symptoms=o.symptom_values(symptom),
        usual=usual,
        date=str(when) if when else None,
        note=note,
        undo=undo,
        yes=yes,
    )
    result = workflow.checkin(
        plan_file,
        answers,
        _Prompts() if _terminal() else None,
        write=lambda path, text: output.write_atomic(path, text, force=True),
    )
    tell(result.lines)
    if result.stop is not None:
        raise result.stop


def tell(lines: list[str]) -> None:
    """Status lines on stderr, each wrapped at spaces to the terminal's width (never inside a word); one line
    each when stderr is a file or a pipe, so that a log stays greppable."""
    import textwrap

    err = output.console(stderr=True)
    for text in lines:
        if err.is_terminal:
            text = textwrap.fill(text, err.width, break_long_words=False, break_on_hyphens=False)
        output.say(text)


class _Prompts:
    """The questions a person in a terminal answers for the check-in workflow (kot.workflow.Prompts)."""

    def confirm(self, question: str) -> bool:
        return _confirm(question)

    def status(self, week: int, day: int) -> str:
        return _pick(f"Week {week} day {day}: how did it go?", ["done", "partial", "skipped"], default="done")

    def during(self) -> int:
        return _number("Worst knee pain during the session (0-10)")  # type: ignore[return-value]

    def next_morning(self) -> int | None:
        return _number("Knee pain the next morning (0-10; Enter if not known yet)", optional=True)

    def hurt(self, items) -> dict[str, int]:  # noqa: ANN001 - a session's items
        return _hurt(items)

    def red_flags(self) -> tuple[str, ...]:
        return _red_flags()

    def usual(self) -> int | None:
        return _number("Your everyday knee pain these days (0-10; Enter to keep it as it was)", optional=True)


def _retest_referral(program) -> None:  # noqa: ANN001 - a Program
    """Decision 9: retests without change, or worse, put "see a physiotherapist" at the top."""
    from kot import assessments
    from kot.library import load_library

    _, referral = assessments.for_plan(program, load_library)
    if referral:
        from kot.render.assess import wrapped

        output.show(wrapped(referral, output.console().width) + "\n")


def _terminal() -> bool:
    return sys.stdin.isatty()


def _number(question: str, optional: bool = False) -> int | None:
    def read(answer: str) -> int:
        number = o.number_in(answer, 0, 10)
        if number is None:
            raise ValueError("Please enter a whole number from 0 to 10.")
        return number

    return conventions.ask(question, read, optional)


def _pick(question: str, words: list[str], default: str) -> str:
    def read(answer: str) -> str:
        if answer not in words:
            raise ValueError(f"Please answer {', '.join(words)}.")
        return answer

    return conventions.ask(f"{question} [{'/'.join(words)}] (Enter: {default})", read, optional=True) or default


def _confirm(question: str) -> bool:
    return _pick(question, ["yes", "no"], default="no") == "yes"


def _hurt(items) -> dict[str, int]:  # noqa: ANN001 - a session's items
    """Which exercise hurt, picked from the session's list, and how much; Enter: none."""
    listed = "\n".join(f"  {n}. {i.family_name}" for n, i in enumerate(items, start=1))
    output.say(f"Did one exercise hurt more than the rest?\n{listed}")

    def read(answer: str) -> int:
        number = o.number_in(answer, 1, len(items))
        if number is None:
            raise ValueError(f"Please enter a number from 1 to {len(items)}, or Enter for none.")
        return number

    picked = conventions.ask("Its number (Enter: none)", read, optional=True)
    if picked is None:
        return {}
    pain = _number(f"Pain during {items[picked - 1].family_name} (0-10)")
    return {items[picked - 1].exercise: pain}


def _red_flags() -> tuple[str, ...]:
    """One yes/no for the red flags, then which."""
    from kot import rules

    if not _confirm(
        "Any of these since the last session: swelling, locking, giving way, a hot or red knee, "
        "pain at night, calf swelling, numbness?"
    ):
        return ()
    words = [s.value for s in Symptom]
    for n, word in enumerate(words, start=1):
        output.say(f"  {n}. {rules.RED_FLAGS[word].label}")

    def read(answer: str) -> tuple[str, ...]:
        picks = [o.number_in(p, 1, len(words)) for p in answer.replace(",", " ").split()]
        if not picks or None in picks:
            raise ValueError(f"Please enter numbers from 1 to {len(words)}, e.g. 1 3.")
        return tuple(words[p - 1] for p in picks if p is not None)

    return conventions.ask("Which (numbers)", read) or ()


@app.command(
    examples=[
        "kot history client.yaml",
        "kot history client.yaml -f csv > log.csv",
        "kot history client.yaml --revisions",
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
    force: Annotated[
        bool, typer.Option("--force", help="With --import: replace check-ins that differ from the file's.")
    ] = False,
    revisions: Annotated[bool, typer.Option("--revisions", help="List the plan's revisions instead.")] = False,
) -> None:
    """Show or export the check-ins of a plan (or its revisions), or restore an export."""
    from kot import checkins

    if import_file is not None:
        from kot.saved import read_program

        plan = read_program(plan_file) if plan_file is not None else None
        done = checkins.import_file(import_file, force=force, plan=plan)
        output.say(
            f"Imported from {import_file}: {done.added} new, {done.replaced} replaced, "
            f"{done.unchanged} already in the diary."
        )
        return
    if revisions:
        from kot import revisions as plans

        if plan_file is None:
            raise UsageError("name the plan whose revisions to list", option="revisions")
        for r in plans.revisions(plan_file):
            mark = "  (current)" if r.current else ""
            where = f"  {r.path}" if r.path else ""
            line = f"revision {r.number}: {r.saved_at or '-'}, {r.checkins_applied} check-ins{mark}{where}"
            output.show(visible(line) + "\n")
        return
    output.emit(output.CHECKINS, checkins.history(plan_file), fmt=fmt, show_plan=plan_file is None)


@app.command(
    "next",
    examples=[
        "kot next client.yaml             # once the week's sessions are checked in: the next revision",
        "kot next client.yaml --now       # adapt now, with sessions of the week still to do",
    ],
)
def next_revision(
    plan_file: o.PlanFile,
    library: o.Library = None,
    discard_edits: Annotated[
        bool, typer.Option("--discard-edits", help="Rebuild even if the plan file was edited by hand.")
    ] = False,
    now: Annotated[bool, typer.Option("--now", help="Adapt now, although the week still has sessions to do.")] = False,
) -> None:
    """Adapt a plan to its check-ins and rewrite it in place as the next revision; say what changed and why.

    Run it at the end of a week, once its sessions are checked in (before that it says which are left and
    changes nothing, unless --now). Weeks already checked in never change. Earlier revisions stay in the
    diary (kot show PLAN --revision N).
    """
    from kot import revisions
    from kot.render.progress import next_report

    result = revisions.next_revision(
        plan_file,
        library or [],
        discard_edits=discard_edits,
        now=now,
        write=lambda path, text: output.write_file(path, text, force=True),
    )
    output.show(next_report(result))


@app.command(examples=['kot resume client.yaml --cleared "Dr Lee, physiotherapist: fine to go on gently"'])
def resume(
    plan_file: o.PlanFile,
    cleared: Annotated[
        str,
        typer.Option(
            "--cleared",
            metavar="TEXT",
            parser=o.plain(MAX_NOTE),
            help="Who cleared you to go on, and what they said (kept in the diary).",
        ),
    ],
    when: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", parser=o.date, help="The day you were cleared (default: today)."),
    ] = None,
    library: o.Library = None,
) -> None:
    """Go on with a stopped plan once a physiotherapist or doctor has cleared you: the diary keeps who and
    when, and the plan is rewritten with a settle week of gentle, pain-easing work."""
    import datetime as dt

    from kot import stops

    done = stops.resume(
        plan_file,
        cleared,
        str(when or dt.date.today()),
        library or [],
        write=lambda path, text: output.write_file(path, text, force=True),
    )
    lines = [f"Cleared on {done.on}: {cleared}"]
    if done.settle_week is None:
        lines.append(
            "The plan has no weeks left to go on with. Next: make a new plan with your clinician's advice "
            "(kot plan --goal GOAL --pain N -o plan.yaml)."
        )
    else:
        lines.append(
            f"Week {done.settle_week} is a settle week of gentle, pain-easing work (the pain 5-6 rules); the "
            f"plan builds again from there. Next: kot today {plan_file}"
        )
    tell(lines)


@app.command(
    examples=[
        "kot clients",
        "kot clients --attention          # only stopped, escalated and flaring clients",
        "kot clients -f csv > clients.csv",
    ]
)
def clients(
    attention: Annotated[
        bool,
        typer.Option(
            "--attention", help="Only the plans that need a look: stopped, see a physiotherapist, or a flare."
        ),
    ] = False,
    fmt: o.DiaryFormat = "table",
) -> None:
    """Every plan in the diary: client, coach, goal, next session, last check-in, status and file."""
    from kot import roster

    output.emit(output.CLIENTS, roster.clients(attention), fmt=fmt)


@app.command(examples=["kot progress client.yaml", "kot progress client.yaml -f csv > weeks.csv"])
def progress(plan_file: o.PlanFile, fmt: o.DiaryFormat = "table") -> None:
    """Chart pain and weekly volume from the check-ins, with a short summary."""
    from dataclasses import replace

    from kot import assessments, checkins
    from kot.library import load_library

    found = checkins.progress(plan_file)
    tests, referral = assessments.for_plan(found.program, load_library)
    output.emit(output.PROGRESS, replace(found, tests=tests, referral=referral), fmt=fmt)


@app.command(
    examples=[
        "kot simulate --goal knee-pain --pain 3 --responses progress,progress,hold,regress,progress",
        "kot simulate -g knee-pain -p 3 -r progress,progress,progress --usual 3,2,1",
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
            help="Comma-separated weekly verdicts: progress, hold, regress, stop or skip (green, amber, red "
            "also work).",
        ),
    ],
    usual: Annotated[
        str | None,
        typer.Option("--usual", metavar="N,N,...", help="Usual pain each week, 0-10 (the last repeats)."),
    ] = None,
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
    output.emit(output.SIMULATION, checkins.simulate(request, load_library(library or []), responses, usual), fmt=fmt)


@app.command(
    examples=[
        "kot today client.yaml                        # the next session not checked in yet",
        "kot today client.yaml --week 2 --day 3",
    ]
)
def today(
    plan_file: o.PlanFile,
    week: Annotated[
        int | None, typer.Option("--week", metavar="N", parser=o.whole(1, 52), help="Week of the session.")
    ] = None,
    day: Annotated[
        int | None, typer.Option("--day", metavar="N", parser=o.whole(1, 7), help="Day in that week.")
    ] = None,
) -> None:
    """The session to do: every cue, when to move up, boxes to tick per set, and the check-in line for after."""
    from kot import stops, workflow
    from kot.render import view
    from kot.render.table import today_view
    from kot.saved import read_program

    program = read_program(plan_file)
    stops.refuse_if_stopped(program, plan_file)
    _retest_referral(program)
    if (week is None) != (day is None):
        raise UsageError("give both --week and --day, or neither for the next session", option="week")
    note = ""
    if week is None:
        try:
            week, day = workflow.session_to_do(program, plan_file)
        except workflow.AllDone as done:
            tell([str(done)[0].upper() + str(done)[1:]])
            return
        note = "The next session not checked in yet."
    else:
        workflow.check_in_plan(program, plan_file, week, day or 1)
    output.show(today_view(program, week, day, str(plan_file), note))
    output.show(f"  {visible(view.checkin_line(str(plan_file), week, day))}\n")  # never wrapped: it is copied
    output.show(
        f"\nThe next morning, add how the knee feels then (0-10):\n  {visible(view.morning_line(str(plan_file)))}\n"
    )
