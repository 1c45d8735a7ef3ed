"""Adapting a plan to how the knee responded: the pain-monitoring model, relative to the person's usual
pain (domain.md, second round, "Adaptation to check-ins").

Pure: (plan, check-ins, library) -> the next revision and the changes it makes, as data. The weeks already
checked in never change; the coming weeks follow the verdicts (rules.session_verdict), escalate to the
orange band and a referral when the knee keeps getting worse, follow the usual pain into another band, and
stop the plan when it must.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kot import rules, wording
from kot.diary import CheckIn
from kot.errors import KotError, PlanRefused
from kot.gates import review_gates
from kot.generator import Continuation, PlanRequest, build_program
from kot.library import Library
from kot.model import KNEE_CATEGORIES, Category, Program
from kot.results import Change, Outcome, SimulatedWeek, WeekReview
from kot.rules import Action, Rule, Verdict
from kot.values import replace

REFERRAL = (
    "See a physiotherapist: your knee has been getting worse on this plan. Until then the plan keeps to "
    "gentle, pain-easing work."
)
FLOOR_REFERRAL = (
    "See a physiotherapist: even the smallest dose of {name} flares the knee, so kot cannot make it easier on its own."
)
STOP_ADVICE = "See a physiotherapist or doctor before loading the knee again. Stop this plan for now."


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


def review(
    program: Program, checkins: Sequence[CheckIn], given: Mapping[int, Action] | None = None
) -> list[WeekReview]:
    """Every week up to the last checked in: session verdicts against the usual pain, per family; a
    week with no check-ins at all counts as missed, a session without one never counts as progress.
    `given` sets a week's verdict outright (`kot simulate`: the verdict it was given, no invented pain)."""
    usual = usual_by_week(program, checkins)
    by_session = {(c.week, c.day): c for c in checkins}
    reviews: list[WeekReview] = []
    worst_morning: dict[int, int] = {}
    baseline = program.inputs.pain  # the usual pain as it stood at each session: a check-in's --usual counts
    for week in range(1, max(usual, default=0) + 1):
        families: dict[str, Verdict] = {}
        flagged: dict[str, Verdict] = {}
        verdict: Verdict | None = None
        high = 0
        for session in program.weeks[week - 1].sessions:
            where = f"week {week} day {session.day}"
            c = by_session.get((week, session.day))
            if c is not None and c.usual is not None:
                baseline = c.usual
            if c is None:
                found = Verdict(Action.missed, f"{where} not checked in", Rule.missed_weeks)
            else:
                found = rules.session_verdict(c.during, c.next_morning, c.status, baseline, where)
                if c.status != "skipped" and c.next_morning is not None:
                    worst_morning[week] = max(worst_morning.get(week, 0), c.next_morning)
                    high += c.next_morning >= rules.ESCALATE_MORNING
            verdict = rules.worse(verdict, found)
            for item in session.items:
                families[item.exercise] = rules.worse(families.get(item.exercise), found)
            for fid, pain in c.exercises.items() if c else ():
                named = rules.exercise_verdict(pain, baseline, f"{where} {fid}")
                flagged[fid] = rules.worse(flagged.get(fid), named)
                families[fid] = rules.worse(families.get(fid), named)
        before = worst_morning.get(week - 1)
        now = worst_morning.get(week)
        if before is not None and now is not None and now >= before + rules.WORSE_WEEK and now > usual[week]:
            worse = Verdict(
                Action.regress,
                f"week {week} next mornings up to {now}/10, worse than week {week - 1} ({before}/10)",
                Rule.worse_week,
            )
            verdict = rules.worse(verdict, worse)
            families = {fid: rules.worse(v, worse) for fid, v in families.items()}
        all_missed = verdict is not None and all(v.action is Action.missed for v in families.values())
        week_verdict = (
            verdict if verdict is not None else Verdict(Action.missed, f"week {week} not checked in", Rule.missed_weeks)
        )
        if not all_missed and week_verdict.action is Action.missed:
            week_verdict = Verdict(Action.hold, week_verdict.reason, Rule.missed_weeks)
        if given and week in given:
            week_verdict = Verdict(given[week], f"week {week}: {given[week].value} (as given)", Rule.pain_rules)
            families = {fid: week_verdict for fid in families}
            flagged, high = {}, 0
        reviews.append(WeekReview(week, week_verdict, families, usual[week], high, flagged))
    return reviews


def check_stop(program: Program, checkins: Sequence[CheckIn], reviews: Sequence[WeekReview]) -> None:
    """Raise PlanRefused (exit 3) for pain of 7 or more, usual pain of 7 or more, a red flag, or a third
    regress week in a row: no more plan, see someone."""
    reasons: list[str] = []
    symptoms: list[str] = []
    for c in checkins:
        worst = max(c.during, c.next_morning or 0, c.usual or 0, *c.exercises.values())
        if worst >= rules.RED_MIN_PAIN:
            reasons.append(
                f"{Rule.pain_red_band.value}: week {c.week} day {c.day} reported pain {worst}/10 (7 or more)."
            )
        symptoms += list(c.symptoms)
    streak = regress_streak(reviews)
    if streak >= rules.STOP_REGRESS_WEEKS:
        reasons.append(f"{Rule.worse_three_weeks.value}: the knee got worse {streak} weeks in a row on this plan.")
    flags, advice = rules.red_flag_findings(symptoms)
    if reasons or flags:
        raise PlanRefused(
            [*reasons, *flags], " ".join(advice or [STOP_ADVICE.split(". ")[0] + "."]) + " Stop this plan for now."
        )


def regress_streak(reviews: Sequence[WeekReview]) -> int:
    streak = 0
    for r in reversed(reviews):
        if r.verdict.action is not Action.regress:
            break
        streak += 1
    return streak


def continuation(
    program: Program, checkins: Sequence[CheckIn], given: Mapping[int, Action] | None = None
) -> tuple[Continuation, list[WeekReview]]:
    """What the next revision keeps and changes, from the reviewed weeks."""
    reviews = review(program, checkins, given)
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
    missed = [r for r in reviews[-rules.MISSED_WEEKS :] if r.verdict.action is Action.missed]
    # One missed week holds (missing data never counts as progress); two in a row step back on return.
    verdicts = {
        fid: Verdict(Action.hold, v.reason, Rule.missed_weeks) if v.action is Action.missed else v
        for fid, v in last.families.items()
    }
    verdicts = aim_flare(program, last, verdicts)
    carry_from = None
    if len(missed) == rules.MISSED_WEEKS:
        # Nothing was done in the missed weeks: carry on from the last week that was, one week's worth back.
        carry_from = next((r.week for r in reversed(reviews) if r.verdict.action is not Action.missed), 0) or None
        verdicts = {
            fid: Verdict(
                Action.missed,
                f"weeks {missed[0].week}-{missed[-1].week} missed: one week's progress back on return",
                Rule.missed_weeks,
            )
            for fid in last.families
        }
    flare = any(v.action is Action.regress for v in verdicts.values())
    gates, gate_notes = review_gates(program, checkins, [(r.week, r.verdict.action) for r in reviews], pain)
    notes += gate_notes
    return Continuation(done, pain, verdicts, flare, tuple(notes), referral, carry_from, gates), reviews


def aim_flare(program: Program, last: WeekReview, verdicts: dict[str, Verdict]) -> dict[str, Verdict]:
    """A flare acts on its cause (domain.md, third round): the exercise the person named as painful, else
    the one that stepped up most recently, is eased (rule checkin-regress); the pain-easing knee hold keeps
    its dose; everything else holds."""
    if not any(v.action is Action.regress for v in verdicts.values()):
        return verdicts
    flare = next(v for v in verdicts.values() if v.action is Action.regress)
    named = [fid for fid, v in last.flagged.items() if v.action is Action.regress and fid in verdicts]
    causes = named or [fid for fid in [last_stepped_up(program, last.week)] if fid in verdicts]
    out: dict[str, Verdict] = {}
    for fid, v in verdicts.items():
        if fid in causes:
            reason = last.flagged[fid].reason if fid in last.flagged else f"{flare.reason}; it moved up last"
            out[fid] = Verdict(Action.regress, reason, Rule.checkin_regress)
        elif v.action is Action.regress:
            out[fid] = Verdict(Action.regress, flare.reason, Rule.flare_keep)
        else:
            out[fid] = v
    return out


def last_stepped_up(program: Program, through: int) -> str | None:
    """The exercise whose level rose most recently in weeks 1 to `through`, else whose dose rose (knee work
    first in a week), else None. The knee hold is left out: it eases pain and keeps its dose in a flare."""
    level: dict[str, int] = {}
    units: dict[str, float] = {}
    stepped: tuple[int, int, str] | None = None
    grew: tuple[int, int, str] | None = None
    for week in program.weeks[:through]:
        for session in week.sessions:
            for item in session.items:
                fid = item.exercise
                if item.category is Category.knee_isometric:  # the pain-easing hold is never the suspect
                    continue
                knee = int(item.category in KNEE_CATEGORIES)
                if fid in level and item.level_number > level[fid]:
                    stepped = max(stepped or (0, 0, ""), (week.number, knee, fid))
                elif fid in units and rules.work_units(item) > units[fid]:
                    grew = max(grew or (0, 0, ""), (week.number, knee, fid))
                level[fid], units[fid] = item.level_number, rules.work_units(item)
    found = stepped or grew
    return found[2] if found else None


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
    settled = all(r.verdict.action in (Action.progress, Action.hold) for r in reviews[-2:])
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
    return f"{wording.BAND_RANGE[band]} ({wording.BAND_SHORT.get(band, 'no plan')})"


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
        assessed=program.placed_by,
        cautions=tuple(i.cautions),
    )


def adapt_program(
    program: Program, checkins: Sequence[CheckIn], library: Library, given: Mapping[int, Action] | None = None
) -> Outcome:
    """The next revision: done weeks kept, the coming weeks rebuilt from the check-ins. Raises PlanRefused
    (exit 3) when the plan must stop."""
    check_plan_weeks(program, checkins)
    if not checkins:
        return Outcome(program, [], [], [], None)
    cont, reviews = continuation(program, checkins, given)
    rebuilt = build_program(request_for(program), library, cont)
    referral = cont.referral
    first = len(cont.done) + 1
    for session in rebuilt.weeks[first - 1].sessions if first <= len(rebuilt.weeks) else ():
        for item in session.items:
            dose = rules.Dose(item.sets, item.reps, item.seconds, item.per_side, item.tempo, item.rest_seconds)
            if item.rule == rules.Rule.checkin_regress.value and rules.at_floor(dose):
                referral = FLOOR_REFERRAL.format(name=item.family_name)
    rebuilt = replace(
        rebuilt,
        plan_id=program.plan_id,
        revision=program.revision + 1,
        checkins_applied=len(checkins),
        clinician_advice=referral or rebuilt.clinician_advice,
    )
    return Outcome(rebuilt, changes(program, rebuilt, first), reviews, list(cont.notes), referral)


def _label(item) -> str:  # noqa: ANN001 - an Item
    return f"L{item.level_number} {wording.dose_text(item.sets, item.reps, item.seconds, item.per_side)}"


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


def simulate(
    request: PlanRequest, library: Library, responses: Sequence[str], usual: Sequence[int] = ()
) -> tuple[Program, list[SimulatedWeek]]:
    """Walk hypothetical weeks through the rules (no database): every session of week N gets response N,
    with usual pain usual[N] (the last one repeating; the plan's pain when none is given); after each week
    the plan is adapted as `kot next` would. Returns the final plan and what each week led to."""
    current = build_program(request, library)
    checkins: list[CheckIn] = []
    given: dict[int, Action] = {}
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
        if response != "skip":
            given[number] = Action(response)
        try:
            outcome = adapt_program(current, checkins, library, given)
        except PlanRefused as refusal:
            walked.append(SimulatedWeek(number, word, person, "stop", "red", [*refusal.reasons, refusal.advice], []))
            break
        found = outcome.reviews[-1].verdict.action.value
        notes = list(outcome.notes) + ([outcome.referral] if outcome.referral else [])
        walked.append(
            SimulatedWeek(number, word, person, found, outcome.program.pain_band.value, notes, outcome.changes)
        )
        current = replace(outcome, program=outcome.program).program
    return current, walked
