"""Unit tests of the named rules, one at a time."""

from __future__ import annotations

import pytest

from kot import rules, validation
from kot.boundary import dump, validate
from kot.errors import PlanRefused
from kot.model import Dosage, Equipment, ExerciseFamily, PainBand, StartLevel
from kot.rules import Rule


@pytest.mark.parametrize(
    ("pain", "band"),
    [(0, "green"), (2, "green"), (3, "yellow"), (4, "yellow"), (5, "orange"), (6, "orange"), (7, "red"), (10, "red")],
)
def test_pain_bands(pain, band):
    assert rules.pain_band(pain) is PainBand(band)


@pytest.mark.parametrize("pain", [7, 8, 9, 10])
def test_red_band_refuses_and_refers(pain):
    with pytest.raises(PlanRefused) as caught:
        rules.check_refusal(pain, [])
    assert caught.value.reasons[0].startswith("pain-red-band")
    assert "physiotherapist or doctor" in caught.value.advice


@pytest.mark.parametrize("symptom", sorted(rules.RED_FLAGS))
def test_each_red_flag_refuses_with_its_own_advice(symptom):
    with pytest.raises(PlanRefused) as caught:
        rules.check_refusal(0, [symptom])
    assert caught.value.reasons == [f"red-flag:{symptom}: you reported {rules.RED_FLAGS[symptom].label}."]
    assert caught.value.plain_reasons() == [f"you reported {rules.RED_FLAGS[symptom].label}."]
    assert rules.RED_FLAGS[symptom].advice in caught.value.advice


def test_urgent_flags_say_urgent():
    for symptom in ("hot-red-knee", "calf-swelling"):
        assert "urgent" in rules.RED_FLAGS[symptom].advice


def test_orange_band_is_not_refused():
    rules.check_refusal(6, [])


def test_symptom_ids_match_the_cli_choices():
    from kot.vocab import Symptom

    assert {s.value for s in Symptom} == set(rules.RED_FLAGS)


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ([], {"floor", "wall", "step", "chair"}),
        (["slant-board"], {"floor", "wall", "step", "chair", "slant-board"}),
        (["none"], {"floor", "wall"}),
        (["none", "dumbbell"], {"floor", "wall", "dumbbell"}),
    ],
)
def test_equipment_semantics(requested, expected):
    assert {e.value for e in rules.available_equipment(requested)} == expected


def _family(category="knee-dominant", levels=None) -> ExerciseFamily:
    base = {"id": "lv", "name": "Level", "dosage": {"sets": 2, "reps": 10}, "max_pain": 6, "cues": ["Go"]}
    return validate(
        ExerciseFamily,
        {
            "id": "fam",
            "name": "Family",
            "category": category,
            "pattern": "p",
            "goals": ["knee-pain"],
            "trains": ["quads"],
            "levels": [{**base, **lv, "id": f"lv{i}"} for i, lv in enumerate(levels or [{}])],
        },
    )


def test_level_block_equipment_and_pain_ceiling():
    fam = _family(levels=[{"equipment": ["sled"], "max_pain": 6}, {"max_pain": 2}])
    kit = rules.available_equipment([])
    blocked = rules.level_block(fam, 0, 0, kit)
    assert blocked.rule == "equipment" and blocked.equipment and str(blocked) == "needs sled"
    assert rules.level_block(fam, 1, 3, kit).rule == "pain-ceiling"
    assert rules.level_block(fam, 1, 2, kit) is None


def test_yellow_caps_knee_dominant_at_three_levels_and_no_load():
    fam = _family(levels=[{"max_pain": 4}] * 3 + [{"max_pain": 4}, {"max_pain": 4, "load": "external"}])
    kit = frozenset(Equipment)
    assert rules.level_block(fam, 2, 3, kit) is None
    assert rules.level_block(fam, 3, 3, kit).rule == "yellow-knee-cap"
    fam2 = _family(levels=[{"max_pain": 4, "load": "external"}])
    assert rules.level_block(fam2, 0, 4, kit).rule == "yellow-knee-cap"


def test_orange_allows_only_symptom_modifying_knee_work():
    kit = frozenset(Equipment)
    moving = _family(levels=[{"max_pain": 6, "knee_demand": "moderate"}])
    hold = _family(levels=[{"max_pain": 6, "knee_demand": "moderate", "dosage": {"sets": 2, "seconds": 30}}])
    assert rules.level_block(moving, 0, 5, kit).rule == "orange-symptom-modifying"
    assert rules.level_block(hold, 0, 5, kit) is None
    hip = _family(category="hip", levels=[{"max_pain": 6, "knee_demand": "moderate"}])
    assert rules.level_block(hip, 0, 6, kit) is None


def test_impact_only_in_green():
    fam = _family(category="plyometric", levels=[{"max_pain": 6, "impact": True}])
    kit = frozenset(Equipment)
    assert rules.level_block(fam, 0, 2, kit) is None
    assert rules.level_block(fam, 0, 3, kit).rule == "no-impact"


@pytest.mark.parametrize(
    ("band", "weeks", "kinds"),
    [
        ("green", 4, "...."),
        ("green", 5, "....."),
        ("green", 6, "...D.."),
        ("green", 8, "...D...."),
        ("green", 12, "...D...D...."),
        ("yellow", 4, "...C"),
        ("yellow", 8, "...C...C"),
        ("yellow", 3, "..."),
        ("orange", 8, "SS.C...C"),
    ],
)
def test_week_kinds_by_band(band, weeks, kinds):
    """Green deloads every 4th week from 6 weeks on, never the last; yellow and orange consolidate instead;
    orange settles for two weeks first."""
    short = {"normal": ".", "deload": "D", "consolidate": "C", "settle": "S"}
    got = "".join(short[rules.week_kind(w, weeks, PainBand(band), 4).value] for w in range(1, weeks + 1))
    assert got == kinds


def _dosage(**kw) -> Dosage:
    return validate(Dosage, kw)


def test_double_progression_climbs_reps_then_a_set_then_meets_the_criterion():
    dosage = _dosage(sets=[2, 3], reps=[8, 12])
    dose = rules.start_dose(dosage)
    path = [(dose.sets, dose.reps)]
    while (grown := rules.grow(dose, dosage, 0.1)) is not None:
        dose, rule = grown
        path.append((dose.sets, dose.reps))
    assert path == [(2, 8), (2, 9), (2, 10), (2, 11), (2, 12), (3, 8), (3, 9), (3, 10), (3, 11), (3, 12)]
    assert rules.criterion_met(dose, rules.Dose(3, 12, None, False, None, 60))
    assert not rules.criterion_met(rules.Dose(3, 11, None, False, None, 60), rules.Dose(3, 12, None, False, None, 60))
    assert not rules.criterion_met(rules.Dose(2, 12, None, False, None, 60), rules.Dose(3, 12, None, False, None, 60))


@pytest.mark.parametrize("reps", [1, 2, 3, 4, 8, 15, 25, 40])
def test_rep_steps_are_whole_and_bounded(reps):
    dose = rules.start_dose(_dosage(sets=2, reps=[reps, 200]))
    grown, rule = rules.grow(dose, _dosage(sets=2, reps=[reps, 200]), 0.1)
    assert rule is Rule.dose_up and reps < grown.reps
    assert grown.reps <= max(reps + 1, reps * 1.25)


@pytest.mark.parametrize(("now", "then"), [(30, 35), (45, 50), (60, 65), (100, 110), (300, 360), (540, 600)])
def test_timed_steps_are_coach_friendly(now, then):
    dosage = _dosage(sets=1, seconds=[now, 600])
    assert rules.grow(rules.start_dose(dosage), dosage, 0.1)[0].seconds == then


def test_a_level_step_starts_at_the_bottom_with_no_more_sets():
    new = _dosage(sets=[3, 4], reps=[10, 15])
    assert rules.step_dose(new, rules.Dose(2, 12, None, False, None, 60)) == rules.Dose(2, 10, None, False, None, 60)


def test_deload_roughly_halves():
    dose = rules.start_dose(_dosage(sets=4, reps=10))
    assert rules.deload_dose(dose, 0.5).sets == 2
    assert rules.deload_dose(rules.start_dose(_dosage(sets=3, reps=10)), 0.5).sets == 2
    assert rules.deload_dose(rules.start_dose(_dosage(sets=1, reps=10)), 0.5).reps == 5
    assert rules.deload_dose(rules.start_dose(_dosage(sets=1, seconds=600)), 0.5).seconds == 300


@pytest.mark.parametrize(("seconds", "rounded"), [(3, 5), (33, 35), (118, 120), (150, 180), (149, 120), (555, 540)])
def test_round_seconds(seconds, rounded):
    assert rules.round_seconds(seconds) == rounded


def test_session_time_counts_sides_tempo_and_rest():
    one = rules.session_seconds([rules.start_dose(_dosage(sets=2, reps=10, tempo="2-1-2", rest_seconds=60))])
    assert one == 2 * 10 * 5 + 60 + rules.SETUP_SECONDS
    sided = rules.session_seconds(
        [rules.start_dose(_dosage(sets=2, reps=10, tempo="2-1-2", rest_seconds=60, per_side=True))]
    )
    assert sided == 2 * 2 * 50 + 60 + rules.SETUP_SECONDS + 2 * 5


def test_next_rung_is_one_rung_at_a_time_and_never_skips_for_kit():
    fam = _family(category="hip", levels=[{}, {"equipment": ["band"]}, {}, {"max_pain": 2}])
    kit = rules.available_equipment([])
    assert rules.next_rung(fam, 0, 3, kit) is None, "a rung that needs missing kit is never skipped"
    assert rules.next_rung_block(fam, 0, 3, kit).rule is Rule.equipment
    assert rules.next_rung(fam, 1, 3, kit) == 2
    assert rules.next_rung(fam, 2, 3, kit) is None
    assert rules.next_rung(fam, 2, 2, kit) == 3
    assert rules.next_rung(fam, 3, 0, kit) is None and rules.next_rung_block(fam, 3, 0, kit) is None


def test_a_beginner_starts_on_the_first_rung_or_not_at_all():
    fam = _family(category="knee-dominant", levels=[{"equipment": ["band"], "max_pain": 2}, {"max_pain": 2}])
    kit = rules.available_equipment([])
    assert rules.start_rung(fam, StartLevel.beginner, 0, kit)[0] is None
    assert rules.start_rung(fam, StartLevel.beginner, 0, rules.available_equipment(["band"]))[0] == 0


def test_step_limits():
    assert rules.steps_left(knee=True, steps=0, knee_steps=0)
    assert not rules.steps_left(knee=True, steps=1, knee_steps=1)
    assert rules.steps_left(knee=False, steps=1, knee_steps=1)
    assert not rules.steps_left(knee=False, steps=2, knee_steps=1)
    orange = rules.step_blocked(_family(), PainBand.orange, 5, None, 4, 2)
    assert orange[0] is Rule.orange_no_knee_steps
    assert rules.step_blocked(_family(category="hip"), PainBand.orange, 5, None, 4, 2) is None
    assert rules.step_blocked(_family(), PainBand.yellow, 5, 4, 4, 2)[0] is Rule.yellow_cadence
    assert rules.step_blocked(_family(category="hip"), PainBand.yellow, 5, 4, 4, 2) is None
    assert rules.step_blocked(_family(), PainBand.green, 5, 4, 4, 2) is None
    assert rules.step_blocked(_family(), PainBand.green, 5, None, 1, 2)[0] is Rule.min_weeks


def test_lint_flags_deep_knee_work_allowed_at_high_pain():
    fam = _family(levels=[{"max_pain": 6, "knee_demand": "end-range"}])
    messages = [m for _, m in validation.lint_family(fam)]
    assert any("too deep for pain 5-6: max_pain must be 4 or less" in m for m in messages)
    assert len(messages) == 1, "one message naming the strictest limit, not several that disagree"


def test_lint_flags_a_range_that_grows_too_fast():
    fam = _family(category="hip", levels=[{"dosage": {"sets": [1, 2], "reps": 12}}])
    assert any("adds 100% in one week" in m for _, m in validation.lint_family(fam))
    fam = _family(category="hip", levels=[{"dosage": {"sets": 1, "seconds": [120, 300]}}])
    assert any("start at 4" in m for _, m in validation.lint_family(fam))


def test_dose_ranges_are_checked_in_the_model():
    with pytest.raises(ValueError, match="more than"):
        _dosage(sets=[3, 2], reps=10)
    with pytest.raises(ValueError, match="steps of 5"):
        _dosage(sets=2, seconds=[30, 42])
    with pytest.raises(ValueError, match="whole number"):
        _dosage(sets=True, reps=10)
    assert dump(_dosage(sets=[2, 3], reps=[8, 12]))["sets"] == [2, 3]
    assert dump(_dosage(sets=2, reps=10))["sets"] == 2


def test_shipped_library_is_lint_clean(library):
    for family in library.families.values():
        assert validation.lint_family(family) == [], family.id
