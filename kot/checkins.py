"""The check-in loop's library layer: record a session against its plan, and summarize the trend.

The CLI stays a thin shell: it asks or parses, calls these, and renders.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kot import adapt, rules
from kot.diary import CheckIn
from kot.errors import KotError, PlanRefused, UsageError, did_you_mean
from kot.generator import PlanRequest
from kot.library import Library
from kot.model import Program
from kot.results import Logged, Progress, Simulation, WeekTrend
from kot.saved import parse_program, read_program
from kot.store import Imported, Store


def logged(plan_id: str) -> list[CheckIn]:
    """A plan's check-ins, read without writing anything (a read-only data folder works, and a plan that has
    none creates no database)."""
    if not plan_id:
        return []
    store = Store.reader()
    if store is None:
        return []
    try:
        return store.checkins(plan_id)
    finally:
        store.close()


def parse_exercise_pains(values: Sequence[str]) -> dict[str, int]:
    """`ID=N` pairs from `--exercise`, each pain 0-10."""
    out: dict[str, int] = {}
    for value in values:
        name, sep, number = value.partition("=")
        if not sep or not name.strip() or not re.fullmatch(r"\s*[0-9]{1,2}\s*", number) or not 0 <= int(number) <= 10:
            raise UsageError(f"'{value}': write ID=PAIN, e.g. patrick-step=4, pain 0-10", option="exercise")
        out[name.strip()] = int(number)
    return out


def check_session(program: Program, week: int, day: int, exercises: Sequence[str]) -> None:
    """The week and day exist in the plan, and named exercises are in that session (with a suggestion)."""
    if not 1 <= week <= len(program.weeks):
        raise UsageError(f"the plan has weeks 1-{len(program.weeks)} (got {week})", option="week")
    sessions = {s.day: s for s in program.weeks[week - 1].sessions}
    if day not in sessions:
        raise UsageError(f"the plan has days 1-{len(sessions)} a week (got {day})", option="day")
    planned = [i.exercise for i in sessions[day].items]
    for exercise in exercises:
        if exercise not in planned:
            raise UsageError(
                f"'{exercise}' is not in week {week} day {day}{did_you_mean(exercise, planned)} "
                f"(planned: {', '.join(planned)})",
                option="exercise",
            )


def sessions_of(program: Program) -> list[tuple[int, int]]:
    """Every (week, day) of a plan, in order."""
    return [(w.number, s.day) for w in program.weeks for s in w.sessions]


def usual_now(program: Program, checkins: Sequence[CheckIn], before: tuple[int, int] | None = None) -> int:
    """The person's usual pain: the plan's pain, updated by the latest `--usual` (before a session, if named)."""
    usual = program.inputs.pain
    for c in sorted(checkins, key=lambda c: (c.week, c.day)):
        if before is not None and (c.week, c.day) >= before:
            break
        if c.usual is not None:
            usual = c.usual
    return usual


def asks_usual(checkins: Sequence[CheckIn], week: int) -> bool:
    """Usual pain is asked once a week: at the first check-in of a week that has none yet."""
    return not any(c.week == week and c.usual is not None for c in checkins)


def status_of(done: bool, partial: bool, skipped: bool) -> str:
    """How a session went, from at most one of three flags; done when none is given."""
    if done + partial + skipped > 1:
        raise UsageError("choose one of done, partial or skipped", option="status")
    return "skipped" if skipped else "partial" if partial else "done"


def new_checkin(
    program: Program,
    week: int,
    day: int,
    during: int,
    next_morning: int | None,
    status: str,
    exercises: Sequence[str] | Mapping[str, int],
    symptoms: Sequence[str],
    note: str | None,
    *,
    usual: int | None = None,
    date: str | None = None,
) -> CheckIn:
    """A check-in for a session of the plan, every value checked, before anything is written."""
    pains = dict(exercises) if isinstance(exercises, Mapping) else parse_exercise_pains(exercises)
    check_session(program, week, day, list(pains))
    try:
        return CheckIn(
            program.plan_id,
            week,
            day,
            during,
            next_morning,
            status,
            pains,
            tuple(symptoms),
            note,
            usual=usual,
            date=date,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def undo(program: Program) -> tuple[CheckIn, bool]:
    """Remove the check-in recorded last for a plan (and the stop it called for, if it is still in force);
    say which, and whether a stop was lifted."""
    if not program.plan_id:
        raise KotError("this plan has no check-in to undo")
    with Store.open() as store:
        latest = store.latest(program.plan_id)
        if latest is None:
            raise KotError("this plan has no check-in to undo")
        lifted = store.remove(latest)
    return latest, lifted


DONE_SHARE = {"done": 1.0, "partial": 0.5, "skipped": 0.0}


def trend(program: Program, checkins: Sequence[CheckIn]) -> list[WeekTrend]:
    """Per week of the plan up to the last check-in: worst pains and planned vs done volume."""
    last = max((c.week for c in checkins), default=0)
    out = []
    for week in program.weeks[:last]:
        mine = [c for c in checkins if c.week == week.number]
        by_day = {c.day: c for c in mine}
        planned = sum(rules.work_units(i) for s in week.sessions for i in s.items)
        done = sum(
            rules.work_units(i) * DONE_SHARE[by_day[s.day].status]
            for s in week.sessions
            if s.day in by_day
            for i in s.items
        )
        taken = [c for c in mine if c.status != "skipped"]
        mornings = [c.next_morning for c in taken if c.next_morning is not None]
        out.append(
            WeekTrend(
                week.number,
                max((c.during for c in taken), default=None),
                max(mornings, default=None),
                planned,
                done,
                len(taken),
                sum(c.status == "skipped" for c in mine),
            )
        )
    return out


def summary(program: Program, checkins: Sequence[CheckIn], path: Path | str = "PLAN") -> list[str]:
    """A few plain sentences: weeks within the pain rules, level changes so far, missed sessions."""
    weeks = trend(program, checkins)
    if not weeks:
        return [f"No check-ins yet: record one after a session with kot checkin {path}"]
    usual = adapt.usual_by_week(program, checkins)
    good = sum(
        1
        for w in weeks
        if w.worst_during is not None
        and w.worst_during <= max(rules.PROGRESS_DURING, usual[w.week])
        and w.worst_morning is not None
        and w.worst_morning <= usual[w.week]
    )
    lines = [
        f"{good} of {len(weeks)} week{'s' if len(weeks) != 1 else ''} within the pain rules "
        f"(pain during at most {rules.PROGRESS_DURING}/10 or your usual, back to usual by the next morning)."
    ]
    if usual[weeks[-1].week] != program.inputs.pain:
        lines.append(f"Usual pain now {usual[weeks[-1].week]}/10 (it was {program.inputs.pain}/10 at the start).")
    first = {i.exercise: i for s in program.weeks[0].sessions for i in s.items}
    now = {i.exercise: i for s in program.weeks[len(weeks) - 1].sessions for i in s.items}
    for fid, item in sorted(now.items()):
        if fid in first and item.level_number != first[fid].level_number:
            steps = item.level_number - first[fid].level_number
            word = "up" if steps > 0 else "down"
            lines.append(
                f"{item.family_name} {word} {abs(steps)} level{'s' if abs(steps) != 1 else ''} "
                f"(level {first[fid].level_number} -> {item.level_number})."
            )
    missed = sum(w.sessions_missed for w in weeks)
    if missed:
        lines.append(f"{missed} session{'s' if missed != 1 else ''} missed (not counted as progress).")
    return lines


# --- the diary commands ----------------------------------------------------------------------------


def history(plan_file: Path | None) -> list[Logged]:
    """The check-ins of one saved plan (none for a plan not saved with an id yet), or of every plan, each
    with its client; read without writing anything."""
    program = read_program(plan_file) if plan_file is not None else None
    if program is not None and not program.plan_id:
        return []
    store = Store.reader()
    if store is None:
        return []
    try:
        clients = {r.plan_id: r.client for r in store.plan_records()}
        plans = [program.plan_id] if program is not None else store.plans()
        if program is not None:
            clients[program.plan_id] = program.client
        return [Logged(c, clients.get(p)) for p in plans for c in store.checkins(p)]
    finally:
        store.close()


def history_data(checkins: Sequence[CheckIn | Logged]) -> list[dict[str, Any]]:
    """Check-ins as exported rows: the form `kot history --import` reads back."""
    plain = [c.checkin if isinstance(c, Logged) else c for c in checkins]
    return [{**asdict(c), "symptoms": list(c.symptoms)} for c in plain]


def import_file(path: Path, *, force: bool = False, plan: Program | None = None) -> Imported:
    """Restore check-ins from a JSON export, all or nothing: a row that differs from the diary is a
    conflict refused without `force`, and a session outside its plan (`plan`, or one the diary knows) is
    refused. An imported check-in that calls for a stop (pain 7 or more, a red flag) stops its plan, as it
    would have when recorded."""
    from kot import stops
    from kot.saved import read_json

    rows = read_json(path, "a JSON export of check-ins")
    with Store.open() as store:
        plans: dict[str, Program | None] = {plan.plan_id: plan} if plan is not None and plan.plan_id else {}
        files = {r.plan_id: r.path for r in store.plan_records()}

        def allowed(c: CheckIn) -> str | None:
            if c.plan_id not in plans:
                plans[c.plan_id] = _known_plan(store, c.plan_id, files.get(c.plan_id))
            known = plans[c.plan_id]
            if known is not None and (c.week, c.day) not in set(sessions_of(known)):
                return (
                    f"week {c.week} day {c.day} is outside plan {c.plan_id} (weeks 1-{len(known.weeks)}, "
                    f"days 1-{known.inputs.days})"
                )
            return None

        done = store.import_rows(rows, force=force, allowed=allowed)
        imported = {(row["plan_id"], row["week"], row["day"]) for row in rows}  # every row passed the checks
        for plan_id, known in plans.items():
            kept = {(s.week, s.day) for s in store.stops(plan_id)}
            for c in store.checkins(plan_id) if known is not None else ():
                if (plan_id, c.week, c.day) not in imported or (c.week, c.day) in kept:
                    continue
                try:
                    adapt.check_stop(known, [c], [])
                except PlanRefused as refusal:
                    store.save_stop(stops.as_stop(known, refusal, c))
    return done


def _known_plan(store: Store, plan_id: str, path: str | None) -> Program | None:
    """The latest plan the diary knows by an id: its newest kept revision, else its file where last seen."""
    kept = store.revisions(plan_id)
    if kept:
        return parse_program(kept[-1].body, "the diary")
    if path:
        try:
            return read_program(Path(path))
        except KotError:
            return None
    return None


def progress(plan_file: Path) -> Progress:
    program = read_program(plan_file)
    found = logged(program.plan_id or "")
    return Progress(program, found, trend(program, found), summary(program, found, plan_file))


def progress_data(progress: Progress) -> dict[str, Any]:
    return {
        "plan_id": progress.program.plan_id,
        "weeks": [asdict(w) for w in progress.weeks],
        "summary": progress.summary,
        "checkins": history_data(progress.checkins),
        **({"tests": [asdict(t) for t in progress.tests]} if progress.tests else {}),
        **({"referral": progress.referral} if progress.referral else {}),
    }


def parse_responses(text: str) -> list[str]:
    """Comma-separated weekly responses for a simulation, each one of the verdict words (or their colours)."""
    wanted = [r.strip() for r in text.split(",") if r.strip()]
    choices = list(adapt.RESPONSES)
    for response in wanted:
        if response not in choices:
            raise UsageError(
                f"'{response}' is not one of {', '.join(choices)}{did_you_mean(response, choices)}", option="responses"
            )
    if not wanted:
        raise UsageError(f"name at least one response: {', '.join(choices)}", option="responses")
    return wanted


def parse_usual(text: str | None) -> list[int]:
    """Comma-separated usual pain, one a week (the last repeats), each 0-10."""
    if not text:
        return []
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not all(v.isascii() and v.isdigit() and len(v) <= 2 and int(v) <= 10 for v in values):
        raise UsageError(f"'{text}': write usual pain per week, 0-10, comma-separated (e.g. 3,3,2,1)", option="usual")
    return [int(v) for v in values]


def simulate(request: PlanRequest, library: Library, responses: str, usual: str | None = None) -> Simulation:
    final, walked = adapt.simulate(request, library, parse_responses(responses), parse_usual(usual))
    return Simulation(final, walked)


def simulation_data(simulation: Simulation) -> list[dict[str, Any]]:
    return [
        {
            "week": w.week,
            "response": w.response,
            "usual": w.usual,
            "verdict": w.verdict,
            "band": w.band,
            "notes": w.notes,
            "changes": [asdict(c) for c in w.changes],
        }
        for w in simulation.weeks
    ]
