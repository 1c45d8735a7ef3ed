"""Every threshold of domain.md's pain rules at its exact edge, one table per question (issue 17).

Each row is (input, expected); a rule that moves an edge by one fails here."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kot import rules, validation
from kot.model import PainBand
from kot.rules import Action, Dose, Rule


@pytest.mark.parametrize(
    ("pain", "usual", "within"),
    [
        (3, 0, True),
        (4, 0, False),  # 3/10 is the target for a usual pain of 3 or less
        (3, 3, True),
        (4, 3, False),
        (4, 4, True),  # the target follows a higher usual pain
        (5, 4, False),
        (5, 5, True),
        (6, 6, False),  # never above 5, whatever the usual pain
        (5, 6, True),
        (0, 0, True),
    ],
)
def test_within_the_pain_rules(pain, usual, within):
    assert rules.within_rules(pain, usual) is within


@pytest.mark.parametrize(
    ("during", "morning", "status", "usual", "action"),
    [
        (3, 3, "done", 3, Action.progress),
        (4, 3, "done", 3, Action.hold),  # above the target
        (5, 5, "done", 5, Action.progress),  # the target follows the usual pain up to 5
        (6, 6, "done", 6, Action.hold),  # above 5 but not above the usual: hold, not progress
        (6, 5, "done", 5, Action.regress),  # above 5 and above the usual: a flare
        (5, 4, "done", 4, Action.hold),
        (3, 4, "done", 3, Action.hold),  # next morning usual + 1
        (3, 5, "done", 3, Action.regress),  # next morning usual + 2
        (3, None, "done", 3, Action.hold),  # not known yet never counts as settled
        (3, 3, "partial", 3, Action.hold),
        (0, None, "skipped", 3, Action.missed),
        (7, None, "done", 3, Action.stop),
        (6, 6, "done", 3, Action.regress),
        (3, 7, "done", 3, Action.stop),
        (2, 2, "done", 7, Action.stop),  # usual 7 or more
        (2, 2, "done", 2, Action.progress),
    ],
)
def test_session_verdict_edges(during, morning, status, usual, action):
    assert rules.session_verdict(during, morning, status, usual, "w1d1").action is action


@pytest.mark.parametrize(
    ("pain", "usual", "action"),
    [
        (3, 3, Action.progress),
        (4, 3, Action.hold),
        (6, 6, Action.hold),  # the ceiling clause: 6/10 on one exercise is never progress
        (6, 3, Action.regress),
        (5, 5, Action.progress),
        (7, 3, Action.stop),
    ],
)
def test_exercise_verdict_edges_match_the_session_rules(pain, usual, action):
    assert rules.exercise_verdict(pain, usual, "x").action is action
    # one definition of "within the pain rules": a session with that pain during agrees
    assert rules.session_verdict(pain, usual, "done", usual, "x").action is action


@pytest.mark.parametrize(
    ("pain", "band"),
    [(0, PainBand.green), (2, PainBand.green), (3, PainBand.yellow), (4, PainBand.yellow)]
    + [(5, PainBand.orange), (6, PainBand.orange), (7, PainBand.red), (10, PainBand.red)],
)
def test_band_edges(pain, band):
    assert rules.pain_band(pain) is band


@pytest.mark.parametrize(
    ("dose", "floor"),
    [
        (Dose(1, 5, None, False, None, 60), True),
        (Dose(1, 6, None, False, None, 60), False),
        (Dose(2, 5, None, False, None, 60), False),
        (Dose(1, None, 20, False, None, 60), True),
        (Dose(1, None, 25, False, None, 60), False),
    ],
)
def test_flare_floor_edges(dose, floor):
    assert rules.at_floor(dose) is floor


def test_maintenance_and_volume_constants_are_the_decisions():
    assert rules.MAINTENANCE_AFTER_WEEKS == 2
    assert rules.FIRST_JUMP_SESSIONS == 2 and rules.FIRST_JUMP_CONTACTS == 40
    assert rules.MAX_WEEKLY_GROWTH == 0.25
    assert (rules.ESCALATE_REGRESS_WEEKS, rules.STOP_REGRESS_WEEKS, rules.ESCALATE_MORNING) == (2, 3, 5)


@pytest.mark.parametrize(
    ("dose", "most", "expected"),
    [
        (Dose(3, 10, None, False, None, 60), 40, (3, 10)),
        (Dose(3, 15, None, False, None, 60), 40, (2, 15)),
        (Dose(1, 50, None, False, None, 60), 40, (1, 40)),
        (Dose(2, 12, None, True, None, 60), 40, (1, 12)),
    ],
)
def test_first_jump_contacts_edges(dose, most, expected):
    capped = rules.cap_contacts(dose, most)
    assert (capped.sets, capped.reps) == expected and rules.contacts(capped) <= most


def test_every_rule_id_is_in_the_registry_and_every_action_is_ordered():
    assert set(rules.RULES) == set(Rule)
    assert [a.severity for a in Action] == sorted(a.severity for a in Action)
    assert Action.regress.severity > Action.hold.severity > Action.missed.severity > Action.progress.severity


def test_a_pasted_item_from_an_easier_week_is_caught_after_a_re_band():
    from kot.generator import PlanRequest, build_program
    from kot.library import load_library

    lib = load_library(use_env=False)
    program = build_program(PlanRequest("athletic", pain=2, weeks=6), lib)
    pogo = next(i for w in program.weeks for s in w.sessions for i in s.items if i.exercise == "pogo-hops")
    weeks = list(program.weeks[:4]) + [
        replace(w, sessions=[replace(s, items=[replace(i, planned_pain=5) for i in s.items]) for s in w.sessions])
        for w in program.weeks[4:]
    ]
    weeks[4].sessions[0].items.append(pogo)
    revised = replace(program, revision=2, current_pain=5, pain_band=PainBand.orange, weeks=weeks)
    messages = [m for _, m in validation.plan_problems(revised)]
    assert any("jumping and landing are for pain 0-2 only (this week is for pain 5/10)" in m for m in messages)
    assert any("planned for pain 2/10 in a week planned for pain 5/10" in m for m in messages)
