"""Property tests: every safety, dosing and programming decision holds over the whole input space.

Goals come from the shipped library, not a list written here, so a new goal file is tested too.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from checks import EQUIPMENT, GOALS, LIBRARY, amount, check_program, kind_expected, per_family, requests
from hypothesis import given, settings
from hypothesis import strategies as st

from kot import rules
from kot.errors import PlanRefused
from kot.generator import PlanRequest, build_program
from kot.model import KNEE_CATEGORIES, Equipment, PainBand, StartLevel
from kot.output import to_text
from kot.rules import Rule
from kot.values import plain

# --- properties -------------------------------------------------------------------------------------------


@settings(max_examples=40)
@given(requests)
def test_every_decision_holds_for_any_request(request: PlanRequest) -> None:
    every_decision_holds(request)


@pytest.mark.slow
@settings(max_examples=300)
@given(requests)
def test_every_decision_holds_for_many_requests(request: PlanRequest) -> None:
    """The same, over many more requests (python -m pytest -m slow)."""
    every_decision_holds(request)


def every_decision_holds(request: PlanRequest) -> None:
    try:
        program = build_program(request, LIBRARY)
    except PlanRefused:
        return
    check_program(program, request)


@settings(max_examples=20)
@given(requests)
def test_same_inputs_same_bytes(request: PlanRequest) -> None:
    try:
        first = build_program(request, LIBRARY)
    except PlanRefused:
        return
    assert to_text("plan", "json", first) == to_text("plan", "json", build_program(request, LIBRARY))


@given(requests, st.integers(7, 10))
def test_red_band_always_refused(request: PlanRequest, pain: int) -> None:
    with pytest.raises(PlanRefused) as refusal:
        build_program(PlanRequest(**{**request.__dict__, "pain": pain}), LIBRARY)
    assert "pain-red-band" in refusal.value.reasons[-1]


@given(requests, st.lists(st.sampled_from(sorted(rules.RED_FLAGS)), min_size=1, max_size=3))
def test_any_red_flag_refuses(request: PlanRequest, symptoms: list[str]) -> None:
    with pytest.raises(PlanRefused) as refusal:
        build_program(PlanRequest(**{**request.__dict__, "symptoms": tuple(symptoms)}), LIBRARY)
    assert all(any(s in r for r in refusal.value.reasons) for s in symptoms)


YEAR_PLANS = given(
    st.sampled_from(GOALS),
    st.integers(0, 6),
    st.integers(1, 7),
    st.sampled_from([20, 30, 45, 60]),
    st.lists(st.sampled_from(EQUIPMENT), max_size=4, unique=True).map(tuple),
    st.sampled_from(list(StartLevel)),
)


@settings(max_examples=6)
@YEAR_PLANS
def test_no_freeze_over_a_year(goal, pain, days, minutes, equipment, level) -> None:
    no_freeze_over_a_year(goal, pain, days, minutes, equipment, level)


@pytest.mark.slow
@settings(max_examples=60)
@YEAR_PLANS
def test_no_freeze_over_many_years(goal, pain, days, minutes, equipment, level) -> None:
    """The same, over many more year-long plans (python -m pytest -m slow)."""
    no_freeze_over_a_year(goal, pain, days, minutes, equipment, level)


def no_freeze_over_a_year(goal, pain, days, minutes, equipment, level) -> None:
    """Over 52 weeks a family's prescription never stands still for ten working weeks unless it is at the
    top of what the plan allows, or the plan says the session time holds it."""
    request = PlanRequest(goal, pain, 52, days, minutes, equipment, level)
    program = build_program(request, LIBRARY)
    check_program(program, request)
    kit = frozenset(Equipment(e) for e in program.inputs.equipment)
    working = [w for w in program.weeks if kind_expected(program, w.number) == "normal"]
    history: dict[str, list[tuple]] = defaultdict(list)
    for week in working:
        for fid, item in per_family(week).items():
            history[fid].append(
                (item.level_number, item.sets, amount(item), item.rule in (Rule.maintenance.value, Rule.give_way.value))
            )
    for fid, path in history.items():
        family = LIBRARY.families[fid]
        for start in range(len(path) - 10):
            window = path[start : start + 10]
            if len(set(window)) == 1:
                index = window[-1][0] - 1
                top = rules.next_rung(family, index, pain, kit) is None
                frozen = program.pain_band is PainBand.orange and family.category in KNEE_CATEGORIES
                said = any(family.name in a and "longer sessions let" in a for a in program.assumptions)
                maintained = window[-1][3]
                assert top or frozen or said or maintained, (
                    f"{fid} stands still at {window[-1]} from working week {start + 1} of {goal}"
                )
                break


@pytest.mark.parametrize("goal", GOALS)
def test_pain_three_never_gives_the_pain_zero_plan(goal) -> None:
    green = build_program(PlanRequest(goal, pain=0), LIBRARY)
    yellow = build_program(PlanRequest(goal, pain=3), LIBRARY)
    assert plain(green.weeks) != plain(yellow.weeks)
