"""Screening cautions (clinical.md, screening questions): known osteoporosis means no loaded spinal flexion and
no jumping beyond low two-leg pogo hops, in the first plan and in every revision."""

from __future__ import annotations

import json

import pytest
from checks import LIBRARY

from kot import rules
from kot.adapt import adapt_program
from kot.diary import CheckIn
from kot.errors import UsageError
from kot.generator import PlanRequest, build_program
from kot.model import StartLevel

OSTEOPOROSIS = ("osteoporosis",)
ALL_KIT = ("slant-board", "tib-bar", "dumbbell", "kettlebell", "barbell", "band", "bench", "box", "sled")
ALLOWED_JUMP = "double-leg-pogo-low"


def forbidden(program) -> list[tuple[int, str, str]]:  # noqa: ANN001
    """(week, family, level) of every item the osteoporosis caution keeps out."""
    return [
        (week.number, item.exercise, item.level)
        for week in program.weeks
        for session in week.sessions
        for item in session.items
        if item.exercise == "jefferson-curl" or (item.impact and item.level != ALLOWED_JUMP)
    ]


def test_ladders_stop_before_the_first_level_the_caution_forbids():
    families = LIBRARY.families
    assert rules.narrowed(families["jefferson-curl"], OSTEOPOROSIS) is None  # loaded spinal flexion
    pogo = rules.narrowed(families["pogo-hops"], OSTEOPOROSIS)
    assert pogo is not None and [level.id for level in pogo.levels] == [ALLOWED_JUMP]
    assert rules.narrowed(families["box-jump"], OSTEOPOROSIS) is None  # its first level is already a jump
    assert rules.narrowed(families["tibialis-raise"], ()) is families["tibialis-raise"]
    assert rules.narrowed(families["tibialis-raise"], OSTEOPOROSIS) == families["tibialis-raise"]


def test_the_caution_is_what_keeps_jumps_and_the_jefferson_curl_out():
    """Not vacuous: without the caution the same requests do prescribe what it keeps out."""
    requests = [
        PlanRequest(goal, pain=0, minutes=60, level=level, equipment=ALL_KIT, weeks=16)
        for goal in ("athletic", "mobility", "longevity", "patellar-tendinopathy")
        for level in StartLevel
    ]
    without = [found for r in requests for found in forbidden(build_program(r, LIBRARY))]
    assert without, "some plan without the caution jumps beyond low pogo hops"
    for request in requests:
        program = build_program(PlanRequest(**{**_fields(request), "cautions": OSTEOPOROSIS}), LIBRARY)
        assert forbidden(program) == [], request
        assert program.inputs.cautions == ["osteoporosis"]
        assert sum("Known osteoporosis" in line for line in program.assumptions) == 1


def _fields(request: PlanRequest) -> dict:
    from kot.values import names

    return {name: getattr(request, name) for name in names(PlanRequest)}


def _revised(request: PlanRequest, weeks: int):  # noqa: ANN202
    """The revision after `weeks` good weeks of check-ins."""
    program = build_program(request, LIBRARY)
    checkins = [
        CheckIn(program.plan_id, w, s.day, 0, 0, "done", usual=0)
        for w in range(1, weeks + 1)
        for s in program.weeks[w - 1].sessions
    ]
    return adapt_program(program, checkins, LIBRARY).program


def test_a_revision_keeps_the_caution():
    athletic = PlanRequest("athletic", pain=0, minutes=60, level=StartLevel.advanced, equipment=ALL_KIT, weeks=12)
    assert forbidden(_revised(athletic, 4)), "not vacuous: without the caution the revision jumps higher"
    revised = _revised(PlanRequest(**{**_fields(athletic), "cautions": OSTEOPOROSIS}), 4)
    assert revised.revision == 2 and revised.inputs.cautions == ["osteoporosis"]
    assert forbidden(revised) == []


def test_a_gate_that_opens_the_jumps_opens_only_low_pogo_hops_under_the_caution():
    revised = _revised(PlanRequest("patellar-tendinopathy", pain=0, minutes=45, cautions=OSTEOPOROSIS), 8)
    assert revised.stage_gates[0].opened_week == 9
    assert revised.inputs.cautions == ["osteoporosis"]
    assert {i.level for w in revised.weeks for s in w.sessions for i in s.items if i.impact} == {ALLOWED_JUMP}


def test_an_unknown_caution_is_refused_by_name():
    with pytest.raises(UsageError, match="unknown caution 'osteopenia'. Choices: osteoporosis"):
        build_program(PlanRequest("athletic", cautions=("osteopenia",)), LIBRARY)


def test_plans_without_cautions_keep_their_ids():
    """Diaries key on plan ids: a plan without a caution has the id it had before cautions existed."""
    program = build_program(PlanRequest("knee-pain"), LIBRARY)
    cautioned = build_program(PlanRequest("knee-pain", cautions=OSTEOPOROSIS), LIBRARY)
    assert program.plan_id == "knee-pain-" + program.plan_id.split("-")[-1]
    assert program.plan_id != cautioned.plan_id


def test_kot_assess_with_osteoporosis_gives_a_plan_that_keeps_the_caution(kot, tmp_path):
    assessment = tmp_path / "a.yaml"
    done = kot("assess", "-g", "athletic", "-p", "0", "--age", "60", "--osteoporosis", "--result", "tib-raise=30",
               "-o", str(assessment))  # fmt: skip
    assert done.code == 0, done.err
    plan = tmp_path / "plan.json"
    done = kot("plan", "-g", "athletic", "-p", "0", "--level", "advanced", "-e", ",".join(ALL_KIT), "--minutes",
               "60", "--assessment", str(assessment), "-o", str(plan))  # fmt: skip
    assert done.code == 0, done.err
    data = json.loads(plan.read_text(encoding="utf-8"))
    assert data["inputs"]["cautions"] == ["osteoporosis"]
    items = [i for w in data["weeks"] for s in w["sessions"] for i in s["items"]]
    assert all(i["level"] == ALLOWED_JUMP for i in items if i["impact"]) and items
    assert sum("osteoporosis" in line for line in data["assumptions"]) == 1


# --- falls risk -------------------------------------------------------------------------------------------

FALLS_RISK = ("falls-risk",)
UNSUPPORTED = {"one-leg-stance", "one-leg-stance-head-turns", "one-leg-stance-soft", "tandem-stance-eyes-closed"}
BRISK = {"walk-brisk", "backward-walk-brisk", "incline-backward-treadmill", "backward-deadmill"}
UNSUPPORTED_STEPS = {"lateral-step-down", "forward-step-down", "high-forward-step-down", "loaded-forward-step-down"}


def unsupported(program) -> list[tuple[int, str]]:  # noqa: ANN001
    """(week, level) of every hands-free balance level or brisk walk the falls-risk caution keeps out."""
    return [
        (week.number, item.level)
        for week in program.weeks
        for session in week.sessions
        for item in session.items
        if item.level in UNSUPPORTED or item.level in BRISK or item.level in UNSUPPORTED_STEPS
    ]


def test_a_falls_risk_keeps_standing_balance_supported_and_walking_below_brisk():
    families = LIBRARY.families
    static = rules.narrowed(families["balance-static"], FALLS_RISK)
    assert static is not None and static.levels[-1].id == "one-leg-stance-fingertips"
    walking = rules.narrowed(families["walking"], FALLS_RISK)
    assert walking is not None and [level.id for level in walking.levels][-1] == "walk-steady"
    backward = rules.narrowed(families["backward-walking"], FALLS_RISK)
    assert backward is not None and [level.id for level in backward.levels] == ["backward-walk-slow"]
    steps = rules.narrowed(families["step-down"], FALLS_RISK)
    assert steps is not None and [level.id for level in steps.levels] == ["assisted-lateral-step-down"]


@pytest.mark.parametrize("days", [3, 5])
def test_a_year_long_balance_plan_at_60_minutes_keeps_the_falls_risk_caution(days):
    """The review's case: 60-minute sessions stepped backward walking up to brisk in week 9, and 5 days a week
    reached step-downs without the wall."""
    request = PlanRequest("balance", pain=1, minutes=60, days=days, weeks=52)
    assert unsupported(build_program(request, LIBRARY)), "not vacuous: without the caution it gets there"
    assert unsupported(build_program(PlanRequest(**{**_fields(request), "cautions": FALLS_RISK}), LIBRARY)) == []


@pytest.mark.parametrize("level", list(StartLevel))
def test_a_balance_plan_and_its_revision_keep_the_falls_risk_caution(level):
    request = PlanRequest("balance", pain=1, minutes=45, level=level, cautions=FALLS_RISK)
    assert unsupported(build_program(request, LIBRARY)) == []
    revised = _revised(request, 6)
    assert revised.inputs.cautions == ["falls-risk"] and unsupported(revised) == []


def test_without_the_falls_risk_caution_the_same_plans_stand_hands_free():
    """Not vacuous: an intermediate's revision, and an advanced start, reach hands-free one-leg stance."""
    assert unsupported(_revised(PlanRequest("balance", pain=1, minutes=45, level=StartLevel.intermediate), 6))
    assert unsupported(build_program(PlanRequest("balance", pain=1, minutes=45, level=StartLevel.advanced), LIBRARY))


def test_a_falls_risk_flag_in_the_assessment_becomes_the_plans_caution(kot, tmp_path):
    assessment = tmp_path / "a.yaml"
    done = kot("assess", "-g", "balance", "-p", "1", "--age", "72", "--result", "timed-up-and-go=14",
               "--result", "single-leg-stance=20,20", "-o", str(assessment))  # fmt: skip
    assert done.code == 0, done.err
    plan = tmp_path / "plan.json"
    done = kot("plan", "-g", "balance", "--level", "advanced", "--assessment", str(assessment), "-o", str(plan))
    assert done.code == 0, done.err
    data = json.loads(plan.read_text(encoding="utf-8"))
    assert data["inputs"]["cautions"] == ["falls-risk"]
    levels = {i["level"] for w in data["weeks"] for s in w["sessions"] for i in s["items"]}
    assert levels & {"feet-together-stance", "semi-tandem-stance", "tandem-stance", "one-leg-stance-fingertips"}
    assert not levels & (UNSUPPORTED | {"walk-brisk"})
    fine = tmp_path / "b.yaml"
    done = kot("assess", "-g", "balance", "-p", "1", "--age", "50", "--result", "timed-up-and-go=8",
               "--result", "single-leg-stance=40,40", "-o", str(fine))  # fmt: skip
    assert done.code == 0, done.err
    done = kot("plan", "-g", "balance", "--assessment", str(fine), "-o", str(tmp_path / "fine.json"))
    assert done.code == 0 and json.loads((tmp_path / "fine.json").read_text())["inputs"]["cautions"] == []


def test_an_assessment_written_by_an_older_kot_does_not_print_the_osteoporosis_note_twice():
    from kot import placement
    from kot.testcards import Screening
    from kot.values import replace

    answers = placement.Answers("athletic", 0, Screening(osteoporosis=True), [], date="2026-12-03")
    made = placement.assess(LIBRARY, answers)
    older = replace(made, notes=["Known osteoporosis: no loaded spinal flexion, and no jumping beyond low pogo hops."])
    found = placement.for_plan(LIBRARY, older, None, 8)
    assert found.cautions == OSTEOPOROSIS
    assert not any(note.startswith("Known osteoporosis") for note in found.notes)  # the plan prints its own


def test_falls_risk_flags_from_several_tests_print_their_advice_once_in_the_plan():
    from kot import placement
    from kot.testcards import Result, Screening

    results = [
        Result(test="timed-up-and-go", value=14),
        Result(test="single-leg-stance", left=4, right=5),
        Result(test="chair-stand", value=7),
    ]
    made = placement.assess(LIBRARY, placement.Answers("balance", 1, Screening(age=74), results, date="2026-12-03"))
    assert len([f for f in made.flags if f.id == "falls-risk"]) == 3
    notes = placement.for_plan(LIBRARY, made, None, 12).notes
    advice = [n for n in notes if "supervised falls-prevention programme" in n]
    assert len(advice) == 1, notes
    assert advice[0].startswith("Falls risk: 12 seconds or more; ") and "under 10 seconds on one leg" in advice[0]
