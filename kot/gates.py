"""Stage gates read from the diary (clinical.md, decision 5): `kot next` opens a gate only when the
check-ins show it met for its number of consecutive weeks, and says which gate and why, met or not.

Pure: (plan, check-ins, the reviewed weeks) -> the gates open from the coming week, and the notes. Its own
module so the adaptation rules stay as they are: kot.adapt asks here once per revision.
"""

from __future__ import annotations

from collections.abc import Sequence

from kot import rules
from kot.conditions import BEFORE_FIRST
from kot.diary import CheckIn
from kot.model import GateState, PainBand, Program


def _week_problem(program: Program, week: int, checkins: Sequence[CheckIn], verdict: str, gate: GateState) -> str:
    """Why one week does not count toward a gate, or '' when it does."""
    found = {c.day: c for c in checkins if c.week == week}
    for session in program.weeks[week - 1].sessions:
        c = found.get(session.day)
        where = f"week {week} day {session.day}"
        if c is None:
            return f"{where} has no check-in"
        if c.status != "done":
            return f"{where} was {c.status}"
        worst = max([c.during, *c.exercises.values()])
        if worst > gate.max_pain:
            return f"{where} had pain {worst}/10 during, and the gate needs {gate.max_pain}/10 or less"
        if c.next_morning is None:
            return f"{where} has no next-morning pain yet"
    if verdict != "progress":
        return f"week {week} did not settle by the next mornings"
    return ""


def review_gates(
    program: Program, checkins: Sequence[CheckIn], verdicts: Sequence[tuple[int, str]], pain: int
) -> tuple[dict[str, int], list[str]]:
    """The gates open from the coming week (id -> the week their work starts), and a note for each gate due:
    opened now and why, or why it waits. `verdicts` are the reviewed weeks' (number, verdict) in order;
    `pain` is the pain the coming weeks are built for (jumps only at pain 0-2)."""
    opened = {g.id: g.opened_week for g in program.stage_gates if g.opened_week is not None}
    notes: list[str] = []
    if not verdicts:
        return opened, notes
    coming = verdicts[-1][0] + 1
    if coming > len(program.weeks):
        return opened, notes
    for gate in program.stage_gates:
        if gate.id in opened or coming < gate.from_week:
            continue
        last = list(verdicts[-gate.weeks :])
        problem = "" if len(last) == gate.weeks else f"only {len(last)} week checked in"
        for week, verdict in reversed(last):
            problem = problem or _week_problem(program, week, checkins, verdict, gate)
        if problem:
            notes.append(f"Gate not met yet: {gate.name} waits, because {problem}.")
        elif rules.pain_band(pain) is not PainBand.green:
            notes.append(f"Gate met, but your pain is {pain}/10: {gate.name} waits for pain 0-2.")
        else:
            weeks = " and ".join(str(w) for w, _ in last)
            opened[gate.id] = coming
            check = gate.condition.partition(BEFORE_FIRST)[2]  # the person's own check, which no check-in shows
            notes.append(
                f"Gate met: weeks {weeks} had every session done in full with pain {gate.max_pain}/10 or less, "
                f"settled by the next morning. From week {coming}: {gate.name}."
                + (f"{BEFORE_FIRST}{check}" if check else "")
            )
    return opened, notes
