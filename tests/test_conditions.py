"""The condition goals (issue 24): patellar tendinopathy, knee osteoarthritis and balance, their families,
the template fields that carry them (daily families, stage gates, retests, daily steps, daily practice),
and `kot next` crossing a stage gate only when the diary shows it met two weeks running."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from checks import LIBRARY, check_program
from hypothesis import given, settings
from hypothesis import strategies as st

from kot.adapt import adapt_program
from kot.diary import CheckIn
from kot.generator import PlanRequest, build_program
from kot.model import Block, Category, Equipment, Load, PainBand, StartLevel
from kot.render import csv as csv_render
from kot.render import view
from kot.render.html import to_html
from kot.render.markdown import to_markdown

ROOT = Path(__file__).resolve().parent.parent
NEW_GOALS = ["patellar-tendinopathy", "knee-oa", "balance"]
KIT = [e.value for e in Equipment] + ["none"]

condition_requests = st.builds(
    PlanRequest,
    goal=st.sampled_from(NEW_GOALS),
    pain=st.integers(0, 6),
    weeks=st.integers(4, 16),
    days=st.integers(2, 6),
    minutes=st.sampled_from([20, 30, 45, 60]),
    equipment=st.lists(st.sampled_from(KIT), max_size=4, unique=True).map(tuple),
    level=st.sampled_from(list(StartLevel)),
)


@settings(max_examples=30)
@given(condition_requests)
def test_condition_goals_build_safely_for_any_request(request: PlanRequest) -> None:
    program = build_program(request, LIBRARY)
    check_program(program, request)
    template = LIBRARY.templates[request.goal]
    for week in program.weeks:
        for session in week.sessions:
            blocks = [Block(i.block) for i in session.items]
            assert blocks == sorted(blocks, key=list(Block).index), "blocks out of order"
            for item in session.items:
                assert not item.impact or program.pain_band is PainBand.green
                if request.goal == "patellar-tendinopathy":
                    assert item.category is not Category.plyometric, "a static plan never crosses its gate"
                    if item.category is Category.knee_dominant and item.reps is not None:
                        assert item.tempo == "3-0-3", f"{item.level} at {item.tempo}: tendon work is slow"
                    if item.load is Load.external and item.category in (Category.knee_dominant,):
                        assert program.pain_band is PainBand.green, "heavy slow resistance is green only"
                if request.goal == "knee-oa":
                    assert not item.impact
    if request.goal == "balance":
        _balance_right_after_warm_up(program)
        _no_eyes_closed_before_thirty_seconds(program)
    if request.goal == "knee-oa":
        steps = [w.daily_steps for w in program.weeks]
        assert steps[0] == 4000 and all(s is not None and s <= 6000 for s in steps)
        assert all(b >= a and b <= a * 1.12 for a, b in zip(steps, steps[1:], strict=False))
    if template.retest_weeks:
        every = template.retest_weeks.every
        assert program.retest_weeks == list(range(every, request.weeks + 1, every))


def _balance_right_after_warm_up(program) -> None:  # noqa: ANN001
    for week in program.weeks:
        for session in week.sessions:
            blocks = [i.block for i in session.items]
            balance = [n for n, b in enumerate(blocks) if b is Block.balance]
            assert balance, f"week {week.number} day {session.day} has no balance work"
            assert all(b is Block.warm_up for b in blocks[: balance[0]])


def _no_eyes_closed_before_thirty_seconds(program) -> None:  # noqa: ANN001
    reached = False
    for week in program.weeks:
        items = [i for s in week.sessions for i in s.items if i.exercise == "balance-static"]
        for item in items:
            if item.level == "tandem-stance-eyes-closed":
                assert reached, f"eyes-closed work in week {week.number} before one-leg stance reached 30 s"
        reached = reached or any(i.level.startswith("one-leg") and i.seconds == 30 and i.sets == 3 for i in items)


def test_tendinopathy_isometric_every_session_any_days() -> None:
    for days in (2, 4, 6):
        program = build_program(PlanRequest("patellar-tendinopathy", pain=1, days=days, minutes=45), LIBRARY)
        for week in program.weeks:
            for session in week.sessions:
                assert "wall-sit" in [i.exercise for i in session.items], (days, week.number, session.day)
        wall = next(i for i in program.weeks[0].sessions[0].items if i.exercise == "wall-sit")
        assert any(w.startswith("daily-family:") for w in wall.why)
        assert any("allowed every day" in line for line in program.between_sessions)


def test_tendinopathy_prints_its_gate_and_heavy_work_needs_green() -> None:
    program = build_program(PlanRequest("patellar-tendinopathy"), LIBRARY)
    assert program.inputs.weeks == 12
    gate = program.stage_gates[0]
    assert gate.opened_week is None
    assert gate.condition.startswith("From week 9, when two weeks in a row")
    assert "Retest in weeks 4, 8 and 12" in view.retest_line(program)
    yellow = build_program(PlanRequest("patellar-tendinopathy", pain=3, equipment=("slant-board", "dumbbell")), LIBRARY)
    decline = [i for w in yellow.weeks for s in w.sessions for i in s.items if i.exercise == "decline-squat"]
    assert decline and all(i.load is not Load.external and i.tempo == "3-0-3" for i in decline)


def _checkins(program, weeks: range, during: int = 0, morning: int = 0) -> list[CheckIn]:  # noqa: ANN001
    return [
        CheckIn(program.plan_id, w, s.day, during, morning, "done", usual=0)
        for w in weeks
        for s in program.weeks[w - 1].sessions
    ]


def test_next_opens_the_gate_only_after_two_qualifying_weeks() -> None:
    program = build_program(PlanRequest("patellar-tendinopathy", pain=0, minutes=45), LIBRARY)
    good = _checkins(program, range(1, 9))
    outcome = adapt_program(program, good, LIBRARY)
    assert any("Gate met: weeks 7 and 8" in n for n in outcome.notes)
    after = outcome.program
    assert after.stage_gates[0].opened_week == 9
    jumps = [
        (w.number, i) for w in after.weeks for s in w.sessions for i in s.items if i.category is Category.plyometric
    ]
    assert jumps and min(n for n, _ in jumps) == 9
    assert all(any(w.startswith("stage-gate:") for w in i.why) for _, i in jumps)
    assert all(i.level.startswith("double-leg") for n, i in jumps if n <= 10), "two legs first"

    # One week of pain 3/10 during: the gate waits, and the note says which week and why.
    painful = [c if c.week != 8 else CheckIn(c.plan_id, 8, c.day, 3, 0, "done", usual=0) for c in good]
    held = adapt_program(program, painful, LIBRARY)
    assert held.program.stage_gates[0].opened_week is None
    assert not any(i.category is Category.plyometric for w in held.program.weeks for s in w.sessions for i in s.items)
    assert any(re.search(r"Gate not met yet: .*week 8 day 1 had pain 3/10", n) for n in held.notes)

    # Before week 9 the gate is not due, however good the weeks.
    early = adapt_program(program, _checkins(program, range(1, 5)), LIBRARY)
    assert early.program.stage_gates[0].opened_week is None
    assert not any("Gate" in n for n in early.notes)


def test_an_opened_gate_stays_open_in_later_revisions() -> None:
    program = build_program(PlanRequest("patellar-tendinopathy", pain=0, minutes=45), LIBRARY)
    first = adapt_program(program, _checkins(program, range(1, 9)), LIBRARY).program
    second = adapt_program(first, _checkins(first, range(1, 10)), LIBRARY).program
    assert second.stage_gates[0].opened_week == 9


def test_knee_oa_default_plan() -> None:
    program = build_program(PlanRequest("knee-oa"), LIBRARY)
    # +10% a working week; week 4 and 8 consolidate at pain 3, so they repeat the week before
    assert [w.daily_steps for w in program.weeks] == [4000, 4400, 4800, 4800, 5300, 5900, 6000, 6000]
    assert any("Pain may rise a little at first; regular exercise helps." in e for e in program.education)
    assert any(r.startswith("Aim for 3/10 or less") for r in program.pain_rules)
    for week in program.weeks:
        ids = {i.exercise for s in week.sessions for i in s.items}
        cats = {i.category for s in week.sessions for i in s.items}
        assert "sit-to-stand" in ids
        assert {Category.balance, Category.hip, Category.lower_leg, Category.locomotion} <= cats
    assert program.retest_tests == ["chair-stand", "single-leg-stance"]


def test_balance_minutes_are_stated_and_the_shortfall_said() -> None:
    program = build_program(PlanRequest("balance", days=3, minutes=20), LIBRARY)
    assert program.inputs.weeks == 12
    minutes = [a for a in program.assumptions if a.startswith("Balance work: about")]
    assert minutes and "in daily practice" in minutes[0]
    assert any("used about 180 minutes of balance work a week" in a for a in program.assumptions)
    assert any(b.startswith("On the 4 days without a session: 10-15 minutes") for b in program.between_sessions)
    every_day = build_program(PlanRequest("balance", days=7, minutes=20), LIBRARY)
    assert not every_day.between_sessions
    assert program.retest_weeks == [8]


def test_every_format_shows_what_lies_between_sessions() -> None:
    program = build_program(PlanRequest("knee-oa"), LIBRARY)
    steps = "Daily steps to aim for: week 1 4,000, week 2 4,400"
    assert steps in to_markdown(program)
    assert steps in to_html(program)
    assert "Retest in weeks 4 and 8: 30-second chair stand, single-leg stance." in to_markdown(program)
    rows = csv_render.to_csv(program).splitlines()
    assert rows[0].endswith(",daily_steps,retest_week")
    assert rows[1].endswith(",4000,false")
    week4 = program.weeks[3]
    assert "Retest this week: 30-second chair stand, single-leg stance." in view.week_extras(program, week4)
    assert "Daily steps this week: about 4,800 a day." in view.week_extras(program, week4)


def test_cli_plan_and_calendar(kot, tmp_path) -> None:
    run = kot("plan", "--goal", "patellar-tendinopathy")
    assert run.code == 0
    assert "Between sessions and milestones:" in run.out
    flat = " ".join(run.out.split())
    assert "From week 9, when two weeks in a row" in flat
    saved = tmp_path / "oa.yaml"
    assert kot("plan", "--goal", "knee-oa", "-o", str(saved)).code == 0
    ics = tmp_path / "oa.ics"
    assert kot("export", str(saved), "-o", str(ics), "--start", "2026-12-07").code == 0
    text = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "Daily steps this week: about 4\\,000 a day." in text
    explained = kot("plan", "--goal", "patellar-tendinopathy", "--explain")
    assert "daily-family:" in explained.out


@pytest.mark.parametrize("symptom", ["long-morning-stiffness", "rapid-worsening"])
def test_osteoarthritis_red_flags_refuse(kot, symptom) -> None:
    run = kot("plan", "--goal", "knee-oa", "--symptom", symptom)
    assert run.code == 3
    assert "See a doctor" in run.out + run.err


def test_ankle_weight_is_equipment(kot) -> None:
    run = kot("plan", "--goal", "knee-oa", "--pain", "0", "-e", "ankle-weight", "-f", "json", "-o", "-")
    assert run.code == 0
    plan = json.loads(run.out)
    assert "ankle-weight" in plan["inputs"]["equipment"]


GOAL = """\
id: my-gated
name: Gated
description: A goal with the new fields.
default_weeks: 8
assumed_pain: 1
phases: [{name: All, share: 1, focus: Everything}]
daily_families: [wall-sitt]
slots:
  - {block: strength, category: balance, prefer: [balance-static], core: true}
  - {block: strength, category: knee-dominant, prefer: [sit-to-stand], core: true}
stage_gates:
  - {id: later, name: later work, from_week: 5, unlocks: [trunk]}
daily_practice: {families: [balance-statik], minutes: [10, 15]}
retest_weeks: {every: 4, tests: [chair-stand, visa-pp]}
"""


def test_validate_points_at_each_new_field_with_did_you_mean(kot, tmp_path) -> None:
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "my-gated.yaml").write_text(GOAL, encoding="utf-8")
    run = kot("validate", str(tmp_path))
    assert run.code == 1
    out = run.out + run.err
    assert "my-gated.yaml:14:47: retest_weeks.tests[1]: unknown test 'visa-pp' (did you mean 'visa-p'?)" in out
    (tmp_path / "programs" / "my-gated.yaml").write_text(GOAL.replace("visa-pp", "visa-p"), encoding="utf-8")
    out = " ".join((lambda r: r.out + r.err)(kot("validate", str(tmp_path))).split())
    assert "my-gated.yaml:7:18: daily_families[0]: unknown exercise family 'wall-sitt' (did you mean 'wall-sit'" in out
    assert "daily_practice.families[0]: unknown exercise family 'balance-statik'" in out
    assert "stage_gates[id=later].unlocks[0]: no slot fills trunk" in out
    assert "balance work goes in the balance block" in out


def test_new_goal_forks_with_its_fields(kot, tmp_path) -> None:
    run = kot("new", "goal", "--from", "patellar-tendinopathy", "--id", "my-tendon", "-L", str(tmp_path))
    assert run.code == 0
    text = (tmp_path / "programs" / "my-tendon.yaml").read_text(encoding="utf-8")
    assert "stage_gates:" in text and "daily_families: [wall-sit]" in text
    assert kot("plan", "--goal", "my-tendon", "-L", str(tmp_path)).code == 0


def test_gates_hold_back_their_work_until_opened() -> None:
    from kot import conditions

    template = LIBRARY.templates["patellar-tendinopathy"]
    assert conditions.gated(template, {}) == {Category.plyometric: None}
    assert conditions.jumps_from(template, PainBand.green, 12, {}) is None
    assert conditions.jumps_from(template, PainBand.green, 12, {"springy-loading": 10}) == 10
    assert conditions.jumps_from(template, PainBand.yellow, 12, {"springy-loading": 10}) is None
    assert conditions.jumps_from(template, PainBand.green, 8, {"springy-loading": 9}) is None


def test_a_gate_holds_back_any_category_it_names(kot, tmp_path) -> None:
    """A static plan never crosses a gate: the gated knee curl is in no week, the rest of the goal is."""
    text = (ROOT / "programs" / "balance.yaml").read_text(encoding="utf-8").replace("id: balance", "id: my-gated")
    text += "stage_gates:\n  - {id: curls, name: knee curls, from_week: 3, unlocks: [posterior-chain]}\n"
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "my-gated.yaml").write_text(text, encoding="utf-8")
    gated = kot("plan", "-g", "my-gated", "-L", str(tmp_path), "--minutes", "60", "-f", "json", "-o", "-")
    plain = kot("plan", "-g", "balance", "--minutes", "60", "-f", "json", "-o", "-")
    assert gated.code == 0 and plain.code == 0

    def exercises(run) -> set[str]:  # noqa: ANN001
        plan = json.loads(run.out)
        return {i["exercise"] for w in plan["weeks"] for s in w["sessions"] for i in s["items"]}

    assert "knee-curl" in exercises(plain)
    assert "knee-curl" not in exercises(gated)
    assert exercises(gated) >= {"balance-static", "balance-dynamic", "sit-to-stand"}
    assert json.loads(gated.out)["stage_gates"][0]["condition"].startswith("From week 3, when two weeks in a row")


@pytest.mark.parametrize("goal", ["patellar-tendinopathy", "knee-oa", "balance"])
def test_a_goal_with_its_own_retest_weeks_says_one_retest_schedule(goal) -> None:
    """The review found 'Retest in weeks 4, 8 and 12' beside 'Retest and re-plan every 8 weeks (week 8)'."""
    program = build_program(PlanRequest(goal, weeks=24), LIBRARY)
    assert program.retest_weeks
    assert not [a for a in program.assumptions if a.startswith("Retest and re-plan every")]
    generic = build_program(PlanRequest("knee-pain", weeks=24), LIBRARY)
    assert [a for a in generic.assumptions if a.startswith("Retest and re-plan every 8 weeks")]


@pytest.mark.parametrize("pain", [5, 6])
def test_tendinopathy_at_pain_5_6_keeps_to_tendon_holds(pain) -> None:
    """clinical.md E: 'orange phase 1 only, 20-30 s two-leg holds'. The review found pain 5 planning seated knee
    extensions (moving) and one-leg split-squat holds; the goal's knee strength slots are for pain 0-4."""
    program = build_program(PlanRequest("patellar-tendinopathy", pain=pain), LIBRARY)
    knee = {(i.category, i.exercise) for w in program.weeks for s in w.sessions for i in s.items}
    assert {c for c, _ in knee} & {Category.knee_dominant} == set(), knee
    assert (Category.knee_isometric, "wall-sit") in knee
    assert "At pain 5-6 this goal leaves out knee dominant work" in " ".join(program.assumptions)
    assert not [a for a in program.assumptions if a.startswith("No knee dominant work")]
    yellow = build_program(PlanRequest("patellar-tendinopathy", pain=4), LIBRARY)
    assert any(i.category is Category.knee_dominant for w in yellow.weeks for s in w.sessions for i in s.items)


def test_the_hop_check_no_check_in_shows_is_asked_for_before_the_first_hops() -> None:
    """The review: the plan printed the hop and squat check as part of what opens the gate, yet the diary
    cannot see it; it is now the person's check before the first session of springy work."""
    program = build_program(PlanRequest("patellar-tendinopathy", pain=0, minutes=45), LIBRARY)
    condition = program.stage_gates[0].condition
    assert condition.index("kot next adds it") < condition.index(
        "Before its first session, check that ten low two-leg hops and five slow single-leg squats each stay below"
    )
    outcome = adapt_program(program, _checkins(program, range(1, 9)), LIBRARY)
    met = next(n for n in outcome.notes if n.startswith("Gate met"))
    assert met.endswith("if not, leave it out and check in the pain.") and "ten low two-leg hops" in met


def test_knee_oa_gives_the_tibialis_raise_its_own_slot() -> None:
    """clinical.md C lists tibialis and calf raises for knee OA in every band; the one lower-leg slot always
    chose the calf raise, so no knee OA plan ever had a tibialis raise."""
    program = build_program(PlanRequest("knee-oa", pain=2), LIBRARY)
    lower = {i.exercise for w in program.weeks for s in w.sessions for i in s.items if i.category is Category.lower_leg}
    assert {"tibialis-raise", "single-leg-calf-raise"} <= lower


def test_balance_every_day_does_not_count_daily_practice_it_does_not_have() -> None:
    """With a session every day there are no other days to practise on (the review's '-d 7')."""
    program = build_program(PlanRequest("balance", days=7), LIBRARY)
    line = next(a for a in program.assumptions if a.startswith("The falls-prevention trials"))
    assert "daily practice" not in line and line.endswith("A weekly class such as Tai Chi gets closer.")
    three = build_program(PlanRequest("balance", days=3), LIBRARY)
    assert any("and the daily practice reach about" in a for a in three.assumptions)
