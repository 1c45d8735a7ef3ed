"""The check-in loop's library layer: record a session against its plan, and summarize the trend.

The CLI stays a thin shell: it asks or parses, calls these, and renders.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kot import adapt, rules
from kot.errors import UsageError, did_you_mean
from kot.model import Program
from kot.store import CheckIn, Store, db_path


def logged(plan_id: str) -> list[CheckIn]:
    """A plan's check-ins for an export, without creating a database where there is none."""
    if not plan_id or not db_path().exists():
        return []
    with Store.open() as store:
        return store.checkins(plan_id)


def parse_exercise_pains(values: Sequence[str]) -> dict[str, int]:
    """`ID=N` pairs from `--exercise`, each pain 0-10."""
    out: dict[str, int] = {}
    for value in values:
        name, sep, number = value.partition("=")
        if not sep or not name.strip() or not re.fullmatch(r"\s*[0-9]{1,2}\s*", number) or not 0 <= int(number) <= 10:
            raise UsageError(f"'{value}': write ID=PAIN, e.g. step-down=4, pain 0-10", option="exercise")
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
            raise UsageError(f"'{exercise}' is not in week {week} day {day}{did_you_mean(exercise, planned)} "
                             f"(planned: {', '.join(planned)})", option="exercise")


def record(store: Store, program: Program, checkin: CheckIn) -> tuple[bool, adapt.Verdict]:
    """Save a check-in for a plan; returns whether it replaced one, and the session's verdict."""
    check_session(program, checkin.week, checkin.day, list(checkin.exercises))
    replaced = store.add(checkin)
    return replaced, adapt.session_verdict(checkin, program.inputs.pain)


NEXT_STEP = {
    "progress": "progress as planned.",
    "hold": "hold: repeat this dose next time, no level step (`kot next` applies it).",
    "regress": "regress: one rung down or half the sets for the knee work (`kot next` applies it).",
}


@dataclass(frozen=True)
class WeekTrend:
    week: int
    worst_during: int | None
    worst_morning: int | None
    planned_units: float
    done_units: float
    sessions_done: int
    sessions_missed: int


DONE_SHARE = {"done": 1.0, "partial": 0.5, "skipped": 0.0}


def trend(program: Program, checkins: Sequence[CheckIn]) -> list[WeekTrend]:
    """Per week of the plan up to the last check-in: worst pains and planned vs done volume."""
    last = max((c.week for c in checkins), default=0)
    out = []
    for week in program.weeks[:last]:
        mine = [c for c in checkins if c.week == week.number]
        by_day = {c.day: c for c in mine}
        planned = sum(rules.work_units(i) for s in week.sessions for i in s.items)
        done = sum(rules.work_units(i) * DONE_SHARE[by_day[s.day].status] for s in week.sessions if s.day in by_day
                   for i in s.items)
        taken = [c for c in mine if c.status != "skipped"]
        mornings = [c.next_morning for c in taken if c.next_morning is not None]
        out.append(WeekTrend(week.number, max((c.during for c in taken), default=None), max(mornings, default=None),
                             planned, done, len(taken), sum(c.status == "skipped" for c in mine)))
    return out


def summary(program: Program, checkins: Sequence[CheckIn]) -> list[str]:
    """A few plain sentences: weeks in the green, level changes so far, missed sessions."""
    weeks = trend(program, checkins)
    if not weeks:
        return ["No check-ins yet: record one after a session with `kot checkin`."]
    usual = program.inputs.pain
    green = sum(1 for w in weeks if w.worst_during is not None and w.worst_during <= 3
                and (w.worst_morning is None or w.worst_morning <= usual))
    lines = [f"{green} of {len(weeks)} week{'s' if len(weeks) != 1 else ''} in the green "
             f"(pain during 3/10 or less and settled by the next morning)."]
    first = {i.exercise: i for s in program.weeks[0].sessions for i in s.items}
    now = {i.exercise: i for s in program.weeks[len(weeks) - 1].sessions for i in s.items}
    for fid, item in sorted(now.items()):
        if fid in first and item.level_number != first[fid].level_number:
            steps = item.level_number - first[fid].level_number
            word = "up" if steps > 0 else "down"
            lines.append(f"{item.family_name} {word} {abs(steps)} level{'s' if abs(steps) != 1 else ''} "
                         f"(level {first[fid].level_number} -> {item.level_number}).")
    missed = sum(w.sessions_missed for w in weeks)
    if missed:
        lines.append(f"{missed} session{'s' if missed != 1 else ''} missed (not counted as progress).")
    return lines
