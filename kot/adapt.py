"""Adapting a plan to how the knee responded, by the pain-monitoring model (domain.md 2.1).

Pure: (program, check-ins) -> verdicts -> generator adjustments. Each session's verdict:
- progress: pain during <= 3 and back to the usual level by the next morning;
- hold (repeat the dose, no level step): pain during 4-5, next morning above usual but settling (+1),
  a partly done or missed session (missed sessions never count as progress);
- regress (one rung down, or half the sets on the first rung) for the knee work, or for the exercise a
  check-in names, while the rest of the session holds: pain during above 5, next morning 2 or more above
  usual, or the week's worst next morning 2 or more above the week before's;
- stop: pain 7 or more, or a red-flag symptom: no more plan, see a clinician.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from kot import rules
from kot.diary import CheckIn
from kot.errors import PlanRefused
from kot.generator import Adjustment, PlanRequest, build_program
from kot.library import Library
from kot.model import KNEE_CATEGORIES, Program

Action = Literal["progress", "hold", "regress"]
SEVERITY = {"progress": 0, "hold": 1, "regress": 2}


class CheckInLike(Protocol):
    week: int
    day: int
    during: int
    next_morning: int | None
    status: str
    exercises: dict[str, int]
    symptoms: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    action: Action
    reason: str


def session_verdict(checkin: CheckInLike, usual: int) -> Verdict:
    """The pain-monitoring verdict for one session, against the person's usual (baseline) pain."""
    where = f"week {checkin.week} day {checkin.day}"
    if checkin.status == "skipped":
        return Verdict("hold", f"{where} missed, so not counted as progress")
    if checkin.during > 5:
        return Verdict("regress", f"{where} pain during {checkin.during}/10, above 5")
    morning = checkin.next_morning
    if morning is not None and morning >= usual + 2:
        return Verdict("regress", f"{where} next morning {morning}/10, worse than your usual {usual}/10")
    if checkin.during >= 4:
        return Verdict("hold", f"{where} pain during {checkin.during}/10 (4-5)")
    if morning is not None and morning > usual:
        return Verdict("hold", f"{where} next morning {morning}/10, above your usual {usual}/10 but settling")
    if checkin.status == "partial":
        return Verdict("hold", f"{where} only partly done")
    return Verdict("progress", f"{where} pain during {checkin.during}/10 and settled by the next morning")


def exercise_verdict(checkin: CheckInLike, exercise: str, pain: int) -> Verdict:
    where = f"week {checkin.week} day {checkin.day} {exercise}"
    if pain > 5:
        return Verdict("regress", f"{where} pain {pain}/10, above 5")
    if pain >= 4:
        return Verdict("hold", f"{where} pain {pain}/10 (4-5)")
    return Verdict("progress", f"{where} pain {pain}/10")


def check_stop(checkins: Iterable[CheckInLike]) -> None:
    """Raise PlanRefused when any check-in reports pain of 7 or more or a red-flag symptom."""
    reasons: list[str] = []
    symptoms: list[str] = []
    for c in checkins:
        worst = max(c.during, c.next_morning or 0, *c.exercises.values())
        if worst >= 7:
            reasons.append(f"pain-red-band: week {c.week} day {c.day} reported pain {worst}/10 (7 or more).")
        symptoms += list(c.symptoms)
    flags, advice = rules.red_flag_findings(symptoms)
    if reasons or flags:
        advice = advice or ["See a physiotherapist or doctor before loading the knee again."]
        raise PlanRefused([*reasons, *flags], " ".join(advice) + " Stop this plan for now.")


def _families_in(program: Program, week: int, day: int) -> tuple[list[str], list[str]]:
    """All families of a session, and its knee work (the default target of a regress)."""
    if not 1 <= week <= len(program.weeks):
        return [], []
    sessions = [s for s in program.weeks[week - 1].sessions if s.day == day]
    items = [i for s in sessions for i in s.items]
    return [i.exercise for i in items], [i.exercise for i in items if i.category in KNEE_CATEGORIES]


def verdicts(program: Program, checkins: Sequence[CheckInLike]) -> dict[int, dict[str, Verdict]]:
    """Per checked-in week, the worst verdict for each family of its sessions."""
    usual = program.inputs.pain
    by_week: dict[int, dict[str, Verdict]] = {}
    worst_morning: dict[int, int] = {}
    for c in sorted(checkins, key=lambda c: (c.week, c.day)):
        if c.next_morning is not None and c.status != "skipped":
            worst_morning[c.week] = max(worst_morning.get(c.week, 0), c.next_morning)
        everything, knee = _families_in(program, c.week, c.day)
        session = session_verdict(c, usual)
        targets = {fid: session for fid in everything}
        if session.action == "regress" and knee:  # the knee work steps back; the rest holds
            hold = Verdict("hold", session.reason)
            targets = {fid: session if fid in knee else hold for fid in everything}
        for fid, pain in c.exercises.items():
            targets[fid] = _worse(targets.get(fid), exercise_verdict(c, fid, pain))
        week = by_week.setdefault(c.week, {})
        for fid, verdict in targets.items():
            week[fid] = _worse(week.get(fid), verdict)
    for week, worst in worst_morning.items():
        before = worst_morning.get(week - 1)
        if before is not None and worst >= before + 2 and worst > usual:
            verdict = Verdict(
                "regress", f"week {week} next mornings {worst}/10, worse than week {week - 1} ({before}/10)"
            )
            knee = {f for s in program.weeks[week - 1].sessions for f in _families_in(program, week, s.day)[1]}
            for fid in sorted(knee):
                by_week[week][fid] = _worse(by_week[week].get(fid), verdict)
    return by_week


def _worse(a: Verdict | None, b: Verdict) -> Verdict:
    return b if a is None or SEVERITY[b.action] > SEVERITY[a.action] else a


def adjustments(program: Program, checkins: Sequence[CheckInLike]) -> dict[int, dict[str, Adjustment]]:
    """Generator adjustments: a week's hold or regress applies from the following week."""
    out: dict[int, dict[str, Adjustment]] = {}
    for week, families in verdicts(program, checkins).items():
        for fid, verdict in families.items():
            if verdict.action != "progress":
                out.setdefault(week + 1, {})[fid] = Adjustment(verdict.action, verdict.reason)
    return out


def changes(before: Program, after: Program) -> list[str]:
    """What the adaptation changed, item by item, with the rule that changed it."""
    lines: list[str] = []
    for old_week, new_week in zip(before.weeks, after.weeks, strict=False):
        for old_session, new_session in zip(old_week.sessions, new_week.sessions, strict=False):
            old_items = {i.exercise: i for i in old_session.items}
            for item in new_session.items:
                old = old_items.get(item.exercise)
                if old is None or (old.level, old.sets, old.reps, old.seconds) == (
                    item.level,
                    item.sets,
                    item.reps,
                    item.seconds,
                ):
                    continue
                why = next((w for w in item.why if w.startswith("checkin-")), item.why[-1])
                lines.append(
                    f"week {new_week.number} day {new_session.day} {item.family_name}: "
                    f"L{old.level_number} {rules.dose_text(old.sets, old.reps, old.seconds, old.per_side)} -> "
                    f"L{item.level_number} {rules.dose_text(item.sets, item.reps, item.seconds, item.per_side)} ({why})"
                )
    return lines


def request_for(program: Program) -> PlanRequest:
    """The request that rebuilds a saved program: same inputs, the equipment exactly as resolved."""
    i = program.inputs
    return PlanRequest(
        goal=i.goal,
        pain=None if program.pain_assumed else i.pain,
        weeks=i.weeks,
        days=i.days,
        minutes=i.minutes,
        equipment=("none", *i.equipment),
        level=i.level,
        symptoms=tuple(i.symptoms),
    )


def adapt_program(program: Program, checkins: Sequence[CheckInLike], library: Library) -> Program:
    """The next revision: the plan rebuilt with every check-in's verdict applied from the week after it.
    Raises PlanRefused when a check-in reports pain of 7+ or a red flag."""
    check_stop(checkins)
    rebuilt = build_program(request_for(program), library, adjustments(program, checkins))
    return rebuilt.model_copy(
        update={"plan_id": program.plan_id, "revision": program.revision + 1, "checkins_applied": len(checkins)}
    )


RESPONSES = {
    # response: (pain during, next morning above usual): the pain-monitoring zones of domain.md 2.1
    "green": (2, 0),
    "amber": (4, 1),
    "red": (6, 2),
}


@dataclass(frozen=True)
class SimulatedWeek:
    week: int
    response: str
    verdict: str  # progress, hold, regress, or stop (pain 7+ or a red flag: no more plan)
    changes: list[str]


def simulate(request: PlanRequest, library: Library, responses: Sequence[str]) -> tuple[Program, list[SimulatedWeek]]:
    """Walk hypothetical weekly responses through the rules (no database): every session of week N gets
    response N; after each week the plan is adapted as `kot next` would. Returns the final plan and, per
    week, what changed for the weeks after it."""
    original = build_program(request, library)
    current = original
    checkins: list[CheckIn] = []
    weeks: list[SimulatedWeek] = []
    for number, response in enumerate(responses, start=1):
        if number > len(original.weeks):
            break
        during, above = RESPONSES[response] if response != "skip" else (0, 0)
        status = "skipped" if response == "skip" else "done"
        checkins += [
            CheckIn(original.plan_id, number, s.day, during, min(10, original.inputs.pain + above), status)
            for s in current.weeks[number - 1].sessions
        ]
        try:
            adapted = adapt_program(original, checkins, library)
        except PlanRefused as refusal:
            weeks.append(SimulatedWeek(number, response, "stop", [*refusal.reasons, refusal.advice]))
            break
        found = verdicts(original, checkins).get(number, {})
        worst = max(found.values(), key=lambda v: SEVERITY[v.action], default=Verdict("progress", ""))
        weeks.append(SimulatedWeek(number, response, worst.action, changes(current, adapted)))
        current = adapted
    return current, weeks
