"""Adaptation to check-ins, relative to the person's usual pain (domain.md, second round): verdicts,
escalation and referral, re-banding both ways, flares, floors, missed weeks, and a past that never changes."""

from __future__ import annotations

import pytest
from checks import LIBRARY, symptom_modifying
from hypothesis import given, settings
from hypothesis import strategies as st

from kot import adapt, rules
from kot.diary import CheckIn
from kot.errors import PlanRefused
from kot.generator import PlanRequest, build_program
from kot.model import KNEE_CATEGORIES, Category, PainBand, StartLevel

# --- one session against the usual pain ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("during", "morning", "status", "usual", "action"),
    [
        # usual 0: the fixed 3/10 target applies
        (2, 0, "done", 0, "progress"),
        (3, 0, "done", 0, "progress"),
        (4, 0, "done", 0, "hold"),
        (2, 1, "done", 0, "hold"),
        (2, 2, "done", 0, "regress"),
        (6, 0, "done", 0, "regress"),
        (2, None, "done", 0, "hold"),  # next morning not known yet: pending, never counted as settled
        (2, 0, "partial", 0, "hold"),
        (0, None, "skipped", 0, "missed"),
        (7, 0, "done", 0, "stop"),
        # usual 3
        (3, 3, "done", 3, "progress"),
        (4, 3, "done", 3, "hold"),
        (3, 4, "done", 3, "hold"),
        (3, 5, "done", 3, "regress"),
        (6, 3, "done", 3, "regress"),
        # usual 4: someone whose everyday pain is 4 progresses at 4 during and 4 the next morning
        (4, 4, "done", 4, "progress"),
        (5, 4, "done", 4, "hold"),
        (4, 6, "done", 4, "regress"),
        (6, 4, "done", 4, "regress"),
        # usual 6: a session at 6 is not "above 5; regress" for someone whose everyday pain is 6
        (6, 6, "done", 6, "hold"),
        (5, 6, "done", 6, "progress"),
        (6, 8, "done", 6, "stop"),
        (2, 0, "done", 7, "stop"),
    ],
)
def test_session_verdicts_are_relative_to_usual_pain(during, morning, status, usual, action):
    assert rules.session_verdict(during, morning, status, usual, "w1 d1").action == action


def test_the_thresholds_are_named_constants_beside_the_bands():
    assert rules.PROGRESS_DURING == rules.TARGET_PAIN == 3 and rules.CEILING_PAIN == 5
    assert rules.ESCALATE_REGRESS_WEEKS == 2 and rules.STOP_REGRESS_WEEKS == 3 and rules.ESCALATE_MORNING == 5


# --- whole weeks through adapt ------------------------------------------------------------------------------


def plan(pain: int = 3, goal: str = "knee-pain", **kw):
    return build_program(PlanRequest(goal, pain=pain, **kw), LIBRARY)


def week_of(
    program,
    week: int,
    during: int,
    morning: int | None,
    status: str = "done",
    usual: int | None = None,
    sessions: int | None = None,
) -> list[CheckIn]:
    days = [s.day for s in program.weeks[week - 1].sessions][:sessions]
    return [CheckIn(program.plan_id, week, d, during, morning, status, usual=usual) for d in days]


def revise(program, checkins):
    return adapt.adapt_program(program, checkins, LIBRARY)


def test_two_regress_weeks_escalate_to_orange_with_a_referral():
    program = plan(pain=2)  # green, so one regress week (next morning 4 = usual + 2) does not escalate by mornings
    first = revise(program, week_of(program, 1, 2, 4))
    assert first.program.pain_band is PainBand.green and first.referral is None
    second = revise(first.program, week_of(program, 1, 2, 4) + week_of(program, 2, 2, 4))
    assert second.referral and second.referral.startswith("See a physiotherapist")
    assert second.program.pain_band is PainBand.orange
    assert second.program.clinician_advice == second.referral
    assert any("two weeks in a row" in n for n in second.notes)


def test_a_third_regress_week_stops_the_plan_with_a_referral():
    program = plan(pain=2)
    checkins = [c for w in (1, 2, 3) for c in week_of(program, w, 2, 4)]
    with pytest.raises(PlanRefused) as refusal:
        revise(program, checkins)
    assert "worse-three-weeks" in refusal.value.reasons[0] and "physiotherapist" in refusal.value.advice


def test_two_mornings_of_five_in_a_week_escalate():
    program = plan(pain=3)
    checkins = week_of(program, 1, 3, 5, sessions=2)
    outcome = revise(program, checkins)
    assert outcome.referral and outcome.program.pain_band is PainBand.orange


def test_usual_pain_re_bands_down_after_two_weeks_and_up_at_once():
    program = plan(pain=3)
    one = revise(program, week_of(program, 1, 1, 1, usual=1))
    assert one.program.pain_band is PainBand.yellow, "one good week is not enough"
    two = revise(one.program, week_of(program, 1, 1, 1, usual=1) + week_of(program, 2, 1, 1, usual=1))
    assert two.program.pain_band is PainBand.green and any("two weeks" in n for n in two.notes)
    caps_lifted = {
        i.level_number
        for w in two.program.weeks[2:]
        for s in w.sessions
        for i in s.items
        if i.category is Category.knee_dominant
    }
    assert two.program.current_pain == 1 and caps_lifted
    up = revise(program, week_of(program, 1, 2, 5, usual=5))
    assert up.program.pain_band is PainBand.orange, "worse usual pain re-bands at once"


def test_a_flare_keeps_the_knee_hold_and_eases_deep_or_loaded_knee_work():
    program = plan(pain=1, level=StartLevel.intermediate, weeks=8, minutes=60, equipment=("dumbbell",))
    before = {i.exercise: i for s in program.weeks[2].sessions for i in s.items}
    checkins = week_of(program, 1, 2, 1) + week_of(program, 2, 2, 1) + week_of(program, 3, 6, 1)
    after = revise(program, checkins).program
    coming = {i.exercise: i for s in after.weeks[3].sessions for i in s.items}
    holds = [f for f, i in coming.items() if i.category is Category.knee_isometric]
    assert holds, "a flare adds the knee hold to every session when it was not there"
    cause = adapt.last_stepped_up(program, 3)
    assert cause is not None and LIBRARY.families[cause].category is not Category.knee_isometric
    for fid, item in coming.items():
        if item.category is Category.knee_isometric and fid in before:
            assert (item.sets, item.seconds) == (before[fid].sets, before[fid].seconds), "the hold keeps its dose"
        if fid == cause:
            assert item.rule == "checkin-regress", "the flare acts on the exercise that stepped up last"
            assert (item.level_number, item.sets) < (before[fid].level_number, before[fid].sets) or (
                item.level_number < before[fid].level_number
            )
        elif fid in before:
            assert item.rule != "checkin-regress", f"{fid} is not the flare's cause"
            assert item.level_number == before[fid].level_number, f"{fid} stepped during a flare"
            assert rules.work_units(item) <= rules.work_units(before[fid]), f"{fid} grew during a flare"
        else:
            assert item.category not in (Category.knee_dominant, Category.plyometric), f"{fid} started in a flare"
    for session in after.weeks[3].sessions:
        assert any(i.category is Category.knee_isometric for i in session.items)


def test_a_flare_never_goes_below_one_set_of_five_and_then_refers():
    family = LIBRARY.families["patrick-step"]
    dose = rules.Dose(1, 6, None, True, None, 45)
    index, smaller, how = rules.regress(family, 0, dose)
    assert (smaller.sets, smaller.reps) == (1, 5) and "as little" in how
    assert rules.at_floor(smaller)
    timed = rules.Dose(1, None, 25, False, None, 60)
    assert rules.regress(LIBRARY.families["wall-sit"], 0, timed)[1].seconds == 20


def test_two_missed_weeks_step_the_dose_back_a_week():
    program = plan(pain=2, weeks=8)
    checkins = (
        week_of(program, 1, 2, 2) + week_of(program, 2, 0, None, "skipped") + week_of(program, 3, 0, None, "skipped")
    )
    after = revise(program, checkins).program
    coming = [i for s in after.weeks[3].sessions for i in s.items]
    assert any(i.rule == "checkin-back" for i in coming)
    last_done = {i.exercise: i for s in program.weeks[0].sessions for i in s.items}
    for item in coming:
        if item.rule == "checkin-back" and item.exercise in last_done:
            assert rules.work_units(item) <= rules.work_units(last_done[item.exercise]) + 1e-9


def test_checkins_outside_the_plan_are_a_clear_error_not_a_crash():
    program = plan()
    with pytest.raises(Exception, match="outside this plan"):
        revise(program, [CheckIn(program.plan_id, 9, 1, 2, 2, "done")])


def test_verdicts_are_data_and_changes_name_their_rule():
    program = plan(pain=2)
    outcome = revise(program, week_of(program, 1, 5, 2))
    assert outcome.reviews[0].verdict.action == "hold"
    assert all(c.week >= 2 and c.rule for c in outcome.changes)


# --- the property: the past never changes, ceilings hold, missing data never progresses ----------------------

answers = st.lists(
    st.tuples(st.sampled_from(["progress", "hold", "regress", "skip", "pending"]), st.integers(0, 6)),
    min_size=1,
    max_size=6,
)


def session(program, week, day, answer, usual):
    word, _ = answer
    if word == "pending":
        return CheckIn(program.plan_id, week, day, min(usual, 3), None, "done", usual=usual)
    return adapt.simulated_checkin(program.plan_id, week, day, word if word != "skip" else "skip", usual)


@settings(max_examples=30, deadline=None)
@given(answers, st.integers(0, 5), st.sampled_from(sorted(LIBRARY.templates)))
def test_no_sequence_of_checkins_changes_the_past_breaks_a_ceiling_or_progresses_on_nothing(seq, pain, goal):
    current = plan(pain=pain, goal=goal, weeks=8)
    checkins: list[CheckIn] = []
    for week, answer in enumerate(seq, start=1):
        usual = answer[1]
        checkins += [session(current, week, s.day, answer, usual) for s in current.weeks[week - 1].sessions]
        try:
            outcome = revise(current, checkins)
        except PlanRefused:
            return
        new = outcome.program
        assert new.weeks[:week] == current.weeks[:week], "a week already checked in changed"
        band_pain = new.current_pain if new.current_pain is not None else new.inputs.pain
        for w in new.weeks[week:]:
            for s in w.sessions:
                for item in s.items:
                    assert item.max_pain >= band_pain, f"{item.level} above the ceiling at pain {band_pain}"
                    if new.pain_band is PainBand.orange and item.category in KNEE_CATEGORIES:
                        assert symptom_modifying(LIBRARY.families[item.exercise].levels[item.level_number - 1])
        if answer[0] in ("pending", "skip", "hold") and week < len(new.weeks):
            full = next(w for w in reversed(new.weeks[:week]) if not w.deload or w.number == 1)  # a deload is lighter
            done = {i.exercise: i for s in full.sessions for i in s.items}
            for s in new.weeks[week].sessions:
                for item in s.items:
                    was = done.get(item.exercise)
                    if was is not None and item.level_number == was.level_number:
                        assert rules.work_units(item) <= rules.work_units(was) + 1e-9, (
                            f"{item.exercise} progressed after a {answer[0]} week"
                        )
                    if was is not None:
                        assert item.level_number <= was.level_number, "a level step after missing or held data"
        current = new


def test_a_flagged_exercise_is_eased_next_week_and_the_rest_holds():
    """Issue 19's repro: a flare with `-x patrick-step=6` eases the Patrick step, whatever stepped last."""
    program = plan(pain=3)
    checkins = week_of(program, 1, 2, 3) + [
        CheckIn(program.plan_id, 2, d, 3, 3, "done", exercises={"patrick-step": 6}) for d in (1, 2, 3)
    ]
    after = revise(program, checkins).program
    before = {i.exercise: i for s in program.weeks[1].sessions for i in s.items}
    coming = {i.exercise: i for s in after.weeks[2].sessions for i in s.items}
    assert coming["patrick-step"].rule == "checkin-regress"
    assert rules.work_units(coming["patrick-step"]) < rules.work_units(before["patrick-step"])
    for fid, item in coming.items():
        if fid != "patrick-step" and fid in before:
            assert item.level_number == before[fid].level_number and item.rule != "checkin-regress", fid


def test_simulate_reports_the_verdicts_it_was_given():
    _, walked = adapt.simulate(PlanRequest("knee-pain", pain=3), LIBRARY, ["progress", "hold", "hold", "regress"], [4])
    assert [w.verdict for w in walked] == ["progress", "hold", "hold", "regress"]


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.sampled_from(["progress", "hold", "regress", "skip"]), min_size=2, max_size=6),
    st.integers(0, 4),
    st.sampled_from(["knee-pain", "athletic"]),
)
def test_no_knee_step_and_no_new_knee_work_in_the_week_after_a_flare(responses, pain, goal):
    request = PlanRequest(goal, pain=pain, weeks=8, minutes=45)
    program, walked = adapt.simulate(request, LIBRARY, responses)
    for sim in walked:
        if sim.verdict != "regress" or sim.week >= len(program.weeks):
            continue
        flare, after = per_week(program, sim.week), per_week(program, sim.week + 1)
        for fid, item in after.items():
            if item.category not in (Category.knee_dominant, Category.plyometric):
                continue
            assert fid in flare, f"{fid} started in the week after a flare"
            assert item.level_number <= flare[fid].level_number, f"{fid} stepped up in the week after a flare"


def per_week(program, number):
    return {i.exercise: i for s in program.weeks[number - 1].sessions for i in s.items}


def test_a_week_two_mornings_worse_than_the_last_is_a_flare_at_the_exact_edge():
    """Mornings 2 then 4 with usual pain 3: no session alone is a flare (4 is usual + 1), the week is."""
    program = plan(pain=3)
    calm = adapt.review(program, week_of(program, 1, 2, 2) + week_of(program, 2, 2, 3))
    assert calm[-1].verdict.action is rules.Action.progress
    worse = adapt.review(program, week_of(program, 1, 2, 2) + week_of(program, 2, 2, 4))
    assert worse[-1].verdict.action is rules.Action.regress and worse[-1].verdict.rule is rules.Rule.worse_week
    edge = adapt.review(program, week_of(program, 1, 2, 3) + week_of(program, 2, 2, 4))
    assert edge[-1].verdict.action is rules.Action.hold, "one worse morning than the week before is a hold"


@pytest.mark.parametrize("field", ["during", "next_morning", "usual", "exercise"])
def test_pain_of_exactly_seven_anywhere_in_a_checkin_stops_the_plan(field):
    program = plan(pain=3)
    values = {"during": 2, "next_morning": 2, "usual": 3, "exercises": {}}
    if field == "exercise":
        values["exercises"] = {"patrick-step": 7}
    else:
        values[field] = 7
    checkin = CheckIn(
        program.plan_id,
        1,
        1,
        values["during"],
        values["next_morning"],
        "done",
        usual=values["usual"],
        exercises=values["exercises"],
    )
    with pytest.raises(PlanRefused):
        revise(program, [checkin])
    six = CheckIn(program.plan_id, 1, 1, 6, 3, "done", usual=3)
    assert revise(program, [six]).program.revision == 2
