"""The check-in workflow: which session, undo, the next morning alone, or a new check-in; its defaults,
checks, the stop it may call for, and a redirected plan's own identity on its first check-in.

Why here and not in the CLI: the choices are the product's (a skipped session means pain during 0, the
usual pain is asked once a week, a session far ahead is a typo until confirmed), and a test or another
front end must get the same answers. The CLI passes what it was given and a `Prompts` object that asks a
person for the rest (or None without a terminal); nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from kot import checkins, rules, stops
from kot.diary import CheckIn
from kot.errors import KotError, PlanRefused, UsageError
from kot.model import Item, Program
from kot.saved import read_program
from kot.store import PlanRecord, Store

ALL_DONE = "every session of this plan has a check-in"


class AllDone(KotError):
    """Every session of the plan has a check-in: no next session to do or record."""


class Prompts(Protocol):
    """What the workflow may ask a person; each returns the answer (None: skipped, where that is allowed)."""

    def confirm(self, question: str) -> bool: ...
    def status(self, week: int, day: int) -> str: ...
    def during(self) -> int: ...
    def next_morning(self) -> int | None: ...
    def hurt(self, items: Sequence[Item]) -> dict[str, int]: ...
    def red_flags(self) -> tuple[str, ...]: ...
    def usual(self) -> int | None: ...


@dataclass(frozen=True)
class Answers:
    """What the person gave on the command line; None (or empty) is "not said"."""

    week: int | None = None
    day: int | None = None
    status: str | None = None  # done, partial or skipped
    during: int | None = None
    next_morning: int | None = None
    exercises: tuple[str, ...] = ()  # ID=PAIN
    symptoms: tuple[str, ...] = ()
    usual: int | None = None
    date: str | None = None
    note: str | None = None
    undo: bool = False
    yes: bool = False


@dataclass(frozen=True)
class Done:
    """What a check-in command did, in plain sentences, and the stop it calls for (raise it: exit 3)."""

    lines: list[str] = field(default_factory=list)
    stop: PlanRefused | None = None


def next_session(program: Program, found: Sequence[CheckIn], since: int | None = None) -> tuple[int, int] | None:
    """The one place that says which session comes next: the first not checked in (from the week the plan
    resumed from, after a stop); None when every one is."""
    done = {(c.week, c.day) for c in found}
    return next((s for s in checkins.sessions_of(program) if s not in done and s[0] >= (since or 1)), None)


def session_to_do(program: Program, path: Path | str) -> tuple[int, int]:
    """The next session of a saved plan, or the one error that says there is none."""
    due = next_session(program, checkins.logged(program.plan_id or ""), stops.resumed_from(stops.stops_of(program)))
    if due is None:
        raise AllDone(
            f"{ALL_DONE}. Next: kot next {path} adapts the coming weeks, or name a session with --week and --day"
        )
    return due


def check_in_plan(program: Program, path: Path | str, week: int, day: int) -> None:
    """A session the plan has, or one clear message naming what it has (exit 1)."""
    weeks, days = len(program.weeks), program.inputs.days
    if not 1 <= week <= weeks or day not in {s.day for s in program.weeks[week - 1].sessions}:
        raise KotError(f"week {week} day {day} is outside {path}: it has weeks 1-{weeks}, days 1-{days} a week")


def checkin(
    path: Path,
    answers: Answers,
    prompts: Prompts | None,
    *,
    write: Callable[[Path, str], None],
    today: dt.date | None = None,
) -> Done:
    """Record a check-in (or undo one, or add a next morning) for a saved plan, asking `prompts` for what
    the answers lack. Refuses a stopped plan (exit 3) before anything else; writes nothing until every value
    is checked."""
    program = read_program(path)
    if answers.undo:
        return _undo(program, path)
    stops.refuse_if_stopped(program, path)
    said = answers.status or answers.during is not None or answers.exercises or answers.note
    said = said or answers.symptoms or answers.usual is not None or answers.date
    if answers.next_morning is not None and not said:
        return _morning(program, path, answers)
    if (answers.week is None) != (answers.day is None):
        raise UsageError("give both --week and --day, or neither for the next session", option="week")
    lines: list[str] = []
    found = checkins.logged(program.plan_id or "")
    if answers.week is None:
        week, day = session_to_do(program, path)
    else:
        week, day = answers.week, answers.day or 1
        check_in_plan(program, path, week, day)
        due = next_session(program, found, stops.resumed_from(stops.stops_of(program)))
        if due is not None and week > due[0] + 1 and not answers.yes:
            text = f"week {week} is far ahead of the next session not checked in (week {due[0]} day {due[1]})"
            if prompts is None:
                raise UsageError(f"{text}; pass --yes if you mean it", option="week")
            if not prompts.confirm(f"Record {text}?"):
                raise KotError("nothing was recorded")
    named = None if program.plan_id else _own_identity(program)
    entry = _entry(named or program, week, day, answers, prompts, found, today or dt.date.today())
    if named is not None:
        from kot import revisions

        write(path, revisions.plan_text(named, revisions.saved_format(path)))
        program = named
        lines.append(
            f"{path} had no plan id (it was printed to the terminal, not saved with -o), so it now has its own: "
            f"{program.plan_id}. Its check-ins are its own, apart from any other copy."
        )
    else:
        lines += _old_copy_note(path, program)
    recorded = _record(program, path, entry)
    lines += recorded.lines
    return Done(lines, recorded.stop)


def _undo(program: Program, path: Path) -> Done:
    """Take back the latest check-in. On a stopped plan only the check-in that stopped it (a mistyped pain,
    say): taking it back lifts that stop; any other stays until a clinician clears it."""
    stop = stops.active_stop(stops.stops_of(program))
    if stop is not None:
        latest = _latest(program)
        if latest is None or (latest.week, latest.day) != (stop.week, stop.day):
            raise stops.stopped_refusal(stop, path)
    removed, lifted = checkins.undo(program)
    lines = [f"Removed the check-in of week {removed.week} day {removed.day}."]
    if lifted:
        lines.append(f"The stop it called for is lifted. Next: kot today {path}")
    return Done(lines)


def _items(program: Program, week: int, day: int) -> list[Item]:
    """A session's exercises, found by its day (a hand-edited week may have lost a session before it)."""
    return next(s.items for s in program.weeks[week - 1].sessions if s.day == day)


def _latest(program: Program) -> CheckIn | None:
    """The check-in an undo would take back (the store decides which is the latest)."""
    store = Store.reader()
    if store is None or not program.plan_id:
        return None
    try:
        return store.latest(program.plan_id)
    finally:
        store.close()


def _entry(
    program: Program,
    week: int,
    day: int,
    answers: Answers,
    prompts: Prompts | None,
    found: Sequence[CheckIn],
    today: dt.date,
) -> CheckIn:
    """The check-in from the answers, asking for what they lack; a skipped session means pain during 0."""
    status = answers.status or (prompts.status(week, day) if prompts else "done")
    during = answers.during
    if during is None:
        if status == "skipped":
            during = 0
        elif prompts is not None:
            during = prompts.during()
        else:
            raise UsageError("required when not run in a terminal (or pass --skipped)", option="during")
    morning = answers.next_morning
    if morning is None and status != "skipped" and prompts is not None:
        morning = prompts.next_morning()
    pains: Mapping[str, int] = checkins.parse_exercise_pains(answers.exercises)
    if prompts is not None and not answers.exercises and status != "skipped":
        pains = prompts.hurt(_items(program, week, day))
    symptoms = answers.symptoms
    if prompts is not None and not symptoms:
        symptoms = prompts.red_flags()
    usual = answers.usual
    if usual is None and prompts is not None and checkins.asks_usual(found, week):
        usual = prompts.usual()
    return checkins.new_checkin(
        program,
        week,
        day,
        during,
        morning,
        status,
        pains,
        symptoms,
        answers.note,
        usual=usual,
        date=answers.date or str(today),
    )


def _own_identity(program: Program) -> Program:
    """A plan that was printed, not saved, gets its own id on its first check-in (written into its file in
    place, atomically, once the check-in's values are checked): two redirected copies never share a diary."""
    from kot import revisions

    return revisions.new_identity(program)


def _old_copy_note(path: Path, program: Program) -> list[str]:
    from kot import revisions

    store = Store.reader()
    try:
        revisions.check_current(path, program, store)
    except KotError as stale:
        return [f"Note: {stale}"]
    finally:
        if store is not None:
            store.close()
    return []


@dataclass(frozen=True)
class _Recorded:
    lines: list[str]
    stop: PlanRefused | None


def verdict(program: Program, entry: CheckIn, earlier: Sequence[CheckIn]) -> rules.Verdict:
    """The rules' verdict on a session (the worst of the session and each exercise that hurt), judged
    against the person's usual pain."""
    usual = entry.usual if entry.usual is not None else checkins.usual_now(program, earlier, (entry.week, entry.day))
    found = rules.session_verdict(entry.during, entry.next_morning, entry.status, usual, "")
    for fid, pain in entry.exercises.items():
        found = rules.worse(found, rules.exercise_verdict(pain, usual, _name(program, entry, fid)))
    return found


def _name(program: Program, entry: CheckIn, fid: str) -> str:
    items = _items(program, entry.week, entry.day)
    return next((i.family_name for i in items if i.exercise == fid), fid)


def _stop_of(program: Program, entry: CheckIn) -> PlanRefused | None:
    from kot import adapt

    try:
        adapt.check_stop(program, [entry], [])
    except PlanRefused as refusal:
        return refusal
    return None


def _record(program: Program, path: Path, entry: CheckIn, *, morning_only: bool = False) -> _Recorded:
    """Save a check-in, with the stop it calls for in the same transaction, and say what it means."""
    checkins.check_session(program, entry.week, entry.day, list(entry.exercises))
    stop = _stop_of(program, entry)
    with Store.open() as store:
        earlier = [c for c in store.checkins(entry.plan_id) if (c.week, c.day) != (entry.week, entry.day)]
        kept = stops.as_stop(program, stop, entry) if stop else None
        replaced = store.add(entry, stop=kept, plan=_record_of(program, path))
        found = store.checkins(entry.plan_id)
    lines = _said(program, path, entry, replaced, morning_only, earlier, found, stop)
    return _Recorded(lines, stops.stopped_refusal(kept, path) if kept else None)


def _record_of(program: Program, path: Path) -> PlanRecord:
    return PlanRecord(program.plan_id or "", str(path.absolute()), program.client, program.coach, program.inputs.goal)


NEXT_STEP = {
    "progress": "progress as planned.",
    "hold": "hold: repeat this dose next time, no level step.",
    "regress": "a flare: the next revision eases the knee work.",
    "stop": "stop.",
}


def _said(
    program: Program,
    path: Path,
    entry: CheckIn,
    replaced: bool,
    morning_only: bool,
    earlier: Sequence[CheckIn],
    found: Sequence[CheckIn],
    stop: PlanRefused | None,
) -> list[str]:
    """What a check-in means, said once: the session, its verdict, and the next step as a command that runs."""
    when = f" ({entry.date})" if entry.date else ""
    session = f"week {entry.week} day {entry.day}{when}"
    if morning_only:
        head = f"Added the next morning to {session}"
    else:
        head = f"{'Replaced' if replaced else 'Recorded'} {session}"
    if stop is not None:
        return [f"{head}."]
    if entry.status == "skipped":
        lines = [f"{head} as missed: it does not count as progress."]
    else:
        found_verdict = verdict(program, entry, earlier)
        lines = [f"{head}: {found_verdict.reason.strip()}; {NEXT_STEP[found_verdict.action]}"]
    return lines + next_hints(program, path, found, entry)


def next_hints(program: Program, path: Path | str, found: Sequence[CheckIn], entry: CheckIn) -> list[str]:
    """The next steps, each a command that runs as written: the next morning when it is missing, then the
    next session or, once the week is done, `kot next`."""
    hints = []
    if entry.status != "skipped" and entry.next_morning is None:
        hints.append(
            f"Tomorrow morning: kot checkin {path} --next-morning N (your knee pain then, 0-10; it counts as "
            "settled only once you have said)."
        )
    week_left = [d for w, d in checkins.sessions_of(program) if w == entry.week and (w, d) not in _sessions(found)]
    if week_left:
        hints.append(f"Next: kot today {path} (week {entry.week} day {week_left[0]}).")
    elif entry.week < len(program.weeks):
        hints.append(f"Week {entry.week} is done. Next: kot next {path} adapts the coming weeks to it.")
    else:
        hints.append(f"The last week is done. Next: kot progress {path} shows how it went.")
    return hints


def _sessions(found: Sequence[CheckIn]) -> set[tuple[int, int]]:
    return {(c.week, c.day) for c in found}


def _morning(program: Program, path: Path, answers: Answers) -> Done:
    """The next morning alone completes the latest check-in (or the named session's)."""
    if not program.plan_id:
        raise KotError(f"{path} has no check-in yet: record a session first (kot checkin {path})")
    week, day = answers.week, answers.day
    with Store.open() as store:
        found = store.checkins(program.plan_id)
        if week is not None or day is not None:
            target = next((c for c in found if (c.week, c.day) == (week, day)), None)
            if target is None:
                raise KotError(f"week {week} day {day} has no check-in yet: record the session first")
        else:
            target = store.latest(program.plan_id)
            if target is None:
                raise KotError(f"{path} has no check-in yet: record a session first (kot checkin {path})")
    if target.status == "skipped":
        raise KotError(f"week {target.week} day {target.day} was skipped: there is no next morning to add")
    updated = replace(target, next_morning=answers.next_morning, recorded_at=None)
    recorded = _record(program, path, updated, morning_only=target.next_morning is None)
    return Done(recorded.lines, recorded.stop)
