"""Unit tests of the named rules, one at a time."""

from __future__ import annotations

import pytest

from kot import rules
from kot.errors import PlanRefused
from kot.model import Dosage, Equipment, ExerciseFamily, PainBand


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
    return ExerciseFamily.model_validate(
        {
            "id": "fam",
            "name": "Family",
            "category": category,
            "pattern": "p",
            "goals": ["knee-pain"],
            "trains": ["quads"],
            "levels": [{**base, **lv, "id": f"lv{i}"} for i, lv in enumerate(levels or [{}])],
        }
    )


def test_level_block_equipment_and_pain_ceiling():
    fam = _family(levels=[{"equipment": ["sled"], "max_pain": 6}, {"max_pain": 2}])
    kit = rules.available_equipment([])
    assert rules.level_block(fam, 0, 0, kit).startswith("equipment: needs sled")
    assert rules.level_block(fam, 1, 3, kit).startswith("pain-ceiling")
    assert rules.level_block(fam, 1, 2, kit) is None


def test_yellow_caps_knee_dominant_at_three_levels_and_no_load():
    fam = _family(levels=[{"max_pain": 4}] * 3 + [{"max_pain": 4}, {"max_pain": 4, "load": "external"}])
    kit = frozenset(Equipment)
    assert rules.level_block(fam, 2, 3, kit) is None
    assert rules.level_block(fam, 3, 3, kit).startswith("yellow-knee-cap")
    fam2 = _family(levels=[{"max_pain": 4, "load": "external"}])
    assert rules.level_block(fam2, 0, 4, kit).startswith("yellow-knee-cap")


def test_orange_allows_only_symptom_modifying_knee_work():
    kit = frozenset(Equipment)
    moving = _family(levels=[{"max_pain": 6, "knee_demand": "moderate"}])
    hold = _family(levels=[{"max_pain": 6, "knee_demand": "moderate", "dosage": {"sets": 2, "seconds": 30}}])
    assert rules.level_block(moving, 0, 5, kit).startswith("orange-symptom-modifying")
    assert rules.level_block(hold, 0, 5, kit) is None
    hip = _family(category="hip", levels=[{"max_pain": 6, "knee_demand": "moderate"}])
    assert rules.level_block(hip, 0, 6, kit) is None


def test_impact_only_in_green():
    fam = _family(category="plyometric", levels=[{"max_pain": 6, "impact": True}])
    kit = frozenset(Equipment)
    assert rules.level_block(fam, 0, 2, kit) is None
    assert rules.level_block(fam, 0, 3, kit).startswith("no-impact")


@pytest.mark.parametrize(("weeks", "deloads"), [(3, []), (4, [4]), (8, [4, 8]), (13, [4, 8, 12])])
def test_deload_every_fourth_week_not_in_short_programs(weeks, deloads):
    assert [w for w in range(1, weeks + 1) if rules.is_deload_week(w, weeks, 4)] == deloads


@pytest.mark.parametrize(
    ("reps", "grows"), [(1, False), (2, False), (3, False), (4, True), (8, True), (15, True), (25, True)]
)
def test_dose_growth_is_bounded(reps, grows):
    """A whole rep more is over 25% for 1-3 reps, so those never grow; larger doses grow, at most 25%."""
    dose = Dosage(sets=2, reps=reps)
    grown = rules.grow_dose(dose, dose, 0.1, 1.5)
    assert (grown is not None) == grows
    if grows:
        assert reps < grown.reps <= reps * 1.25


def test_dose_growth_stops_at_the_cap():
    base = Dosage(sets=2, reps=10)
    assert rules.grow_dose(Dosage(sets=2, reps=15), base, 0.1, 1.5) is None
    assert rules.grow_dose(Dosage(sets=2, seconds=30), Dosage(sets=2, seconds=30), 0.1, 1.5).seconds == 35


def test_deload_roughly_halves():
    assert rules.deload_dose(Dosage(sets=4, reps=10), 0.5).sets == 2
    assert rules.deload_dose(Dosage(sets=3, reps=10), 0.5).sets == 2
    assert rules.deload_dose(Dosage(sets=1, reps=10), 0.5).reps == 5


def test_level_step_never_raises_volume():
    previous = Dosage(sets=2, reps=17)
    new = rules.fit_volume(Dosage(sets=2, reps=20), previous)
    assert rules.work_units(new) <= rules.work_units(previous)
    assert new.sets == 2 and new.reps == 17


def test_level_step_refused_when_the_rung_is_too_big_a_jump():
    assert rules.fit_volume(Dosage(sets=1, seconds=600), Dosage(sets=1, seconds=150)) is None


def test_session_time_counts_sides_tempo_and_rest():
    one = rules.session_seconds([Dosage(sets=2, reps=10, tempo="2-1-2", rest_seconds=60)])
    assert one == 2 * 10 * 5 + 60 + rules.SETUP_SECONDS
    sided = rules.session_seconds([Dosage(sets=2, reps=10, tempo="2-1-2", rest_seconds=60, per_side=True)])
    assert sided == 2 * 2 * 50 + 60 + rules.SETUP_SECONDS + 2 * 5


def test_lint_flags_deep_knee_work_allowed_at_high_pain():
    fam = _family(levels=[{"max_pain": 6, "knee_demand": "end-range"}])
    messages = [m for _, m in rules.lint_family(fam)]
    assert any("too deep for an irritable knee" in m for m in messages)
