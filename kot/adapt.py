"""Adapting a plan to how the knee responded: the pain-monitoring model, relative to the person's usual
pain (domain.md, second round, "Adaptation to check-ins").

Pure: (plan, check-ins, library) -> the next revision and the changes it makes, as data. The weeks already
checked in never change; the coming weeks follow the verdicts (rules.session_verdict), escalate to the
orange band and a referral when the knee keeps getting worse, follow the usual pain into another band, and
stop the plan when it must.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from kot import rules
from kot.diary import CheckIn
from kot.errors import KotError, PlanRefused
from kot.gates import review_gates
from kot.generator import Continuation, PlanRequest, build_program
from kot.library import Library
from kot.model import PainBand, Program
from kot.rules import Verdict

REFERRAL = (
    "See a physiotherapist: your knee has been getting worse on this plan. Until then the plan keeps to "
    "gentle, pain-easing work."
)
FLOOR_REFERRAL = (
    "See a physiotherapist: even the smallest dose of {name} flares the knee, so kot cannot make it easier on its own."
)
STOP_ADVICE = "See a physiotherapist or doctor before loading the knee again. Stop this plan for now."


@dataclass(frozen=True)
class WeekReview:
    """One checked-in week: its verdict, each family's verdict, and the usual pain at its end."""

    week: int
    verdict: Verdict
    families: dict[str, Verdict]
    usual: int
    high_mornings: int  # sessions with next-morning pain of 5 or more


@dataclass(frozen=True)
class Change:
    """One prescription the revision changed, and the rule that changed it."""

    week: int
    day: int
    exercise: str
    name: str
    before: str  # 'L2 2 x 15' or '' when the exercise is new
    after: str  # '' when the exercise is gone
    rule: str

    def __str__(self) -> str:
        what = f"{self.before or 'new'} -> {self.after or 'left out'}"
        return f"week {self.week} day {self.day} {self.name}: {what} ({self.rule})"


@dataclass(frozen=True)
class Outcome:
    """What `kot next` reports: the new revision, its changes, and why the band changed or escalated."""

    program: Program
    changes: list[Change]
    reviews: list[WeekReview]
    notes: list[str]
    referral: str | None


def check_plan_weeks(program: Program, checkins: Sequence[CheckIn]) -> None:
    """Check-ins must name a week and day of the plan (an older diary may hold others)."""
    days = program.inputs.days
    outside = sorted({(c.week, c.day) for c in checkins if c.week > len(program.weeks) or c.day > days})
    if outside:
        listed = ", ".join(f"week {w} day {d}" for w, d in outside)
        raise KotError(
            f"the diary holds check-ins outside this plan ({listed}); the plan has weeks "
            f"1-{len(program.weeks)} with {days} days each. Remove them with `kot checkin --undo` "
            "or export, edit and import the diary"
        )


def usual_by_week(program: Program, checkins: Sequence[CheckIn]) -> dict[int, int]:
    """The person's usual pain at the end of each checked-in week: the plan's pain, updated by each
    check-in's `usual`."""
    usual = program.inputs.pain
    out: dict[int, int] = {}
    last = max((c.week for c in checkins), default=0)
    ordered = sorted(checkins, key=lambda c: (c.week, c.day))
    for week in range(1, last + 1):
        for c in ordered:
            if c.week == week and c.usual is not None:
                usual = c.usual
        out[week] = usual
    return out


def review(program: Program, checkins: Sequence[CheckIn]) -> list[WeekReview]:
    """Every week up to the last checked in: session verdicts against the usual pain, per family; a
    week with no check-ins at all counts as missed, a session without one never counts as progress."""
    usual = usual_by_week(program, checkins)
    by_session = {(c.week, c.day): c for c in checkins}
    reviews: list[WeekReview] = []
    worst_morning: dict[int, int] = {}
    baseline = program.inputs.pain  # the usual pain as it stood at each session: a check-in's --usual counts
    for week in range(1, max(usual, default=0) + 1):
        families: dict[str, Verdict] = {}
        verdict: Verdict | None = None
        high = 0
        for session in program.weeks[week - 1].sessions:
            where = f"week {week} day {session.day}"
            c = by_session.get((week, session.day))
            if c is not None and c.usual is not None:
                baseline = c.usual
            if c is None:
                found = Verdict("missed", f"{where} not checked in: not counted as progress")
            else:
                found = rules.session_verdict(c.during, c.next_morning, c.status, baseline, where)
                if c.status != "skipped" and c.next_morning is not None:
                    worst_morning[week] = max(worst_morning.get(week, 0), c.next_morning)
                    high += c.next_morning >= rules.ESCALATE_MORNING
            verdict = rules.worse(verdict, found)
            for item in session.items:
                families[item.exercise] = rules.worse(families.get(item.exercise), found)
            for fid, pain in c.exercises.items() if c else ():
                families[fid] = rules.worse(families.get(fid), rules.exercise_verdict(pain, baseline, f"{where} {fid}"))
        before = worst_morning.get(week - 1)
        now = worst_morning.get(week)
        if before is not None and now is not None and now >= before + rules.WORSE_WEEK and now > usual[week]:
            worse = Verdict(
                "regress", f"week {week} next mornings up to {now}/10, worse than week {week - 1} ({before}/10)"
            )
            verdict = rules.worse(verdict, worse)
            families = {fid: rules.worse(v, worse) for fid, v in families.items()}
        all_missed = verdict is not None and all(v.action == "missed" for v in families.values())
        week_verdict = verdict if verdict is not None else Verdict("missed", f"week {week} not checked in")
        if not all_missed and week_verdict.action == "missed":
            week_verdict = Verdict("hold", week_verdict.reason)
        reviews.append(WeekReview(week, week_verdict, families, usual[week], high))
    return reviews


def check_stop(program: Program, checkins: Sequence[CheckIn], reviews: Sequence[WeekReview]) -> None:
    """Raise PlanRefused (exit 3) for pain of 7 or more, usual pain of 7 or more, a red flag, or a third
    regress week in a row: no more plan, see someone."""
    reasons: list[str] = []
    symptoms: list[str] = []
    for c in checkins:
        worst = max(c.during, c.next_morning or 0, c.usual or 0, *c.exercises.values())
        if worst >= rules.RED_MIN_PAIN:
            reasons.append(f"pain-red-band: week {c.week} day {c.day} reported pain {worst}/10 (7 or more).")
        symptoms += list(c.symptoms)
    streak = regress_streak(reviews)
    if streak >= rules.STOP_REGRESS_WEEKS:
        reasons.append(f"worse-three-weeks: the knee got worse {streak} weeks in a row on this plan.")
    flags, advice = rules.red_flag_findings(symptoms)
    if reasons or flags:
        raise PlanRefused(
            [*reasons, *flags], " ".join(advice or [STOP_ADVICE.split(". ")[0] + "."]) + " Stop this plan for now."
        )


def regress_streak(reviews: Sequence[WeekReview]) -> int:
    streak = 0
    for r in reversed(reviews):
        if r.verdict.action != "regress":
            break
        streak += 1
    return streak


def continuation(program: Program, checkins: Sequence[CheckIn]) -> tuple[Continuation, list[WeekReview]]:
    """What the next revision keeps and changes, from the reviewed weeks."""
    reviews = review(program, checkins)
    check_stop(program, checkins, reviews)
    last = reviews[-1]
    done = tuple(program.weeks[: last.week])
    now = program.current_pain if program.current_pain is not None else program.inputs.pain
    notes: list[str] = []
    pain = _follow_usual(now, reviews, notes)
    escalated = regress_streak(reviews) >= rules.ESCALATE_REGRESS_WEEKS or last.high_mornings >= rules.ESCALATE_SESSIONS
    referral = None
    if escalated:
        referral = REFERRAL
        if pain < rules.ESCALATED_PAIN:
            pain = rules.ESCALATED_PAIN
        why = (
            "the knee got worse two weeks in a row"
            if regress_streak(reviews) >= rules.ESCALATE_REGRESS_WEEKS
            else f"next-morning pain was {rules.ESCALATE_MORNING}/10 or more after {last.high_mornings} sessions of "
            f"week {last.week}"
        )
        notes.append(
            f"From week {last.week + 1}: {why}, so the plan keeps to gentle, pain-easing work (the pain 5-6/10 "
            "rules) until a physiotherapist has seen the knee."
        )
    missed = [r for r in reviews[-rules.MISSED_WEEKS :] if r.verdict.action == "missed"]
    # One missed week holds (missing data never counts as progress); two in a row step back on return.
    verdicts = {fid: Verdict("hold", v.reason) if v.action == "missed" else v for fid, v in last.families.items()}
    carry_from = None
    if len(missed) == rules.MISSED_WEEKS:
        # Nothing was done in the missed weeks: carry on from the last week that was, one week's worth back.
        carry_from = next((r.week for r in reversed(reviews) if r.verdict.action != "missed"), 0) or None
        verdicts = {
            fid: Verdict(
                "missed", f"weeks {missed[0].week}-{missed[-1].week} missed: one week's progress back on return"
            )
            for fid in last.families
        }
    flare = any(v.action == "regress" for v in verdicts.values())
    gates, gate_notes = review_gates(program, checkins, [(r.week, r.verdict.action) for r in reviews], pain)
    notes += gate_notes
    return Continuation(done, pain, verdicts, flare, tuple(notes), referral, carry_from, gates), reviews


def _follow_usual(now: int, reviews: Sequence[WeekReview], notes: list[str]) -> int:
    """Re-band both ways from the usual pain of the last two weeks: up at once, down after two settled weeks
    (no flare, nothing missed), so an escalation to the gentle rules is not undone by one quiet week."""
    latest = reviews[-1].usual
    week = reviews[-1].week + 1
    if latest > now:
        if rules.pain_band(latest) is not rules.pain_band(now):
            notes.append(
                f"From week {week}: your usual pain is {latest}/10 now, so the plan follows the "
                f"{_band_words(latest)} rules."
            )
        return latest
    settled = all(r.verdict.action in ("progress", "hold") for r in reviews[-2:])
    if len(reviews) >= 2 and settled and max(r.usual for r in reviews[-2:]) < now:
        lower = max(r.usual for r in reviews[-2:])
        if rules.pain_band(lower) is not rules.pain_band(now):
            notes.append(
                f"From week {week}: your usual pain was {lower}/10 or less for two weeks, so the plan "
                f"follows the {_band_words(lower)} rules."
            )
        return lower
    return now


def _band_words(pain: int) -> str:
    band = rules.pain_band(pain)
    return {
        PainBand.green: "pain 0-2 (full ladders)",
        PainBand.yellow: "pain 3-4 (easier knee levels, no added weight)",
        PainBand.orange: "pain 5-6 (gentle, pain-easing work)",
    }.get(band, "pain 7-10")


def request_for(program: Program) -> PlanRequest:
    """The request that rebuilds a saved program: same inputs, the equipment exactly as resolved."""
    i = program.inputs
    return PlanRequest(
        goal=i.goal,
        pain=None if program.pain_assumed else i.pain,
        weeks=None if program.weeks_assumed else i.weeks,
        days=i.days,
        minutes=i.minutes,
        equipment=("none", *i.equipment),
        level=i.level,
        symptoms=tuple(i.symptoms),
    )


def adapt_program(program: Program, checkins: Sequence[CheckIn], library: Library) -> Outcome:
    """The next revision: done weeks kept, the coming weeks rebuilt from the check-ins. Raises PlanRefused
    (exit 3) when the plan must stop."""
    check_plan_weeks(program, checkins)
    if not checkins:
        return Outcome(program, [], [], [], None)
    cont, reviews = continuation(program, checkins)
    rebuilt = build_program(request_for(program), library, cont)
    referral = cont.referral
    first = len(cont.done) + 1
    for session in rebuilt.weeks[first - 1].sessions if first <= len(rebuilt.weeks) else ():
        for item in session.items:
            dose = rules.Dose(item.sets, item.reps, item.seconds, item.per_side, item.tempo, item.rest_seconds)
            if item.rule == rules.Rule.checkin_regress.value and rules.at_floor(dose):
                referral = FLOOR_REFERRAL.format(name=item.family_name)
    rebuilt = rebuilt.model_copy(
        update={
            "plan_id": program.plan_id,
            "revision": program.revision + 1,
            "checkins_applied": len(checkins),
            "clinician_advice": referral or rebuilt.clinician_advice,
        }
    )
    return Outcome(rebuilt, changes(program, rebuilt, first), reviews, list(cont.notes), referral)


def _label(item) -> str:  # noqa: ANN001 - an Item
    return f"L{item.level_number} {rules.dose_text(item.sets, item.reps, item.seconds, item.per_side)}"


def changes(before: Program, after: Program, first: int) -> list[Change]:
    """What the revision changed from week `first` on, prescription by prescription, with its rule."""
    found: list[Change] = []
    for old_week, new_week in zip(before.weeks[first - 1 :], after.weeks[first - 1 :], strict=False):
        for old_session, new_session in zip(old_week.sessions, new_week.sessions, strict=False):
            old = {i.exercise: i for i in old_session.items}
            new = {i.exercise: i for i in new_session.items}
            for fid, item in new.items():
                was = old.get(fid)
                if was is None:
                    found.append(
                        Change(new_week.number, new_session.day, fid, item.family_name, "", _label(item), item.rule)
                    )
                elif _label(was) != _label(item):
                    found.append(
                        Change(
                            new_week.number,
                            new_session.day,
                            fid,
                            item.family_name,
                            _label(was),
                            _label(item),
                            item.rule,
                        )
                    )
            for fid, item in old.items():
                if fid not in new:
                    found.append(
                        Change(new_week.number, new_session.day, fid, item.family_name, _label(item), "", "left-out")
                    )
    return found


# --- simulation ----------------------------------------------------------------------------------------

RESPONSES = {
    "progress": "progress",
    "hold": "hold",
    "regress": "regress",
    "stop": "stop",
    "skip": "skip",
    "green": "progress",
    "amber": "hold",
    "red": "regress",
}


def simulated_checkin(plan_id: str, week: int, day: int, response: str, usual: int) -> CheckIn:
    """A check-in that gives the verdict a response word names, for a person whose usual pain is `usual`."""
    if response == "skip":
        return CheckIn(plan_id, week, day, 0, None, "skipped", usual=usual)
    during, morning = {
        "progress": (min(usual, rules.PROGRESS_DURING), usual),
        "hold": (min(usual, rules.PROGRESS_DURING), min(10, usual + rules.HOLD_MORNING_ABOVE_USUAL)),
        "regress": (min(usual, rules.PROGRESS_DURING), min(10, usual + rules.REGRESS_MORNING_ABOVE_USUAL)),
        "stop": (rules.RED_MIN_PAIN, rules.RED_MIN_PAIN),
    }[response]
    return CheckIn(plan_id, week, day, during, morning, "done", usual=usual)


@dataclass(frozen=True)
class SimulatedWeek:
    week: int
    response: str
    usual: int
    verdict: str  # progress, hold, regress, missed, or stop (no more plan)
    band: str
    notes: list[str]
    changes: list[Change]


def simulate(
    request: PlanRequest, library: Library, responses: Sequence[str], usual: Sequence[int] = ()
) -> tuple[Program, list[SimulatedWeek]]:
    """Walk hypothetical weeks through the rules (no database): every session of week N gets response N,
    with usual pain usual[N] (the last one repeating; the plan's pain when none is given); after each week
    the plan is adapted as `kot next` would. Returns the final plan and what each week led to."""
    current = build_program(request, library)
    checkins: list[CheckIn] = []
    walked: list[SimulatedWeek] = []
    for number, word in enumerate(responses, start=1):
        if number > len(current.weeks):
            break
        response = RESPONSES[word]
        person = usual[min(number, len(usual)) - 1] if usual else current.inputs.pain
        checkins += [
            simulated_checkin(current.plan_id, number, s.day, response, person)
            for s in current.weeks[number - 1].sessions
        ]
        try:
            outcome = adapt_program(current, checkins, library)
        except PlanRefused as refusal:
            walked.append(SimulatedWeek(number, word, person, "stop", "red", [*refusal.reasons, refusal.advice], []))
            break
        found = outcome.reviews[-1].verdict.action
        notes = list(outcome.notes) + ([outcome.referral] if outcome.referral else [])
        walked.append(
            SimulatedWeek(number, word, person, found, outcome.program.pain_band.value, notes, outcome.changes)
        )
        current = replace(outcome, program=outcome.program).program
    return current, walked
