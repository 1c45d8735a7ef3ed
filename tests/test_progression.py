"""The progression's counters and precedence, one family at a time (issue 17: the mutants that survived).

Families here have fixed doses, so each one's criterion is met every week it is allowed to step, and the
exact week of every step is the rules' doing alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kot import rules
from kot.boundary import validate
from kot.library import load_library
from kot.model import Equipment, ExerciseFamily, PainBand
from kot.progression import Course, Track, progress
from kot.rules import Dose, Rule

LIBRARY = load_library(use_env=False)
KIT = frozenset(Equipment)


def family(fid: str, category: str = "knee-dominant", rungs: int = 5, ramp: list[int] | None = None) -> ExerciseFamily:
    data = {
        "id": fid,
        "name": fid.title(),
        "category": category,
        "pattern": "p",
        "goals": ["athletic"],
        "trains": ["quads"],
        "levels": [
            {"id": f"{fid}-{i}", "name": f"Level {i}", "dosage": {"sets": 2, "reps": 10}, "max_pain": 6, "cues": ["Go"]}
            for i in range(rungs)
        ],
    }
    if ramp:
        data["ramp"] = ramp
    return validate(ExerciseFamily, data)


def course(weeks: int, every: int = 2, deload_every: int = 4, pain: int = 0) -> Course:
    template = LIBRARY.templates["athletic"]
    progression = replace(template.progression, level_step_every_weeks=every, deload_every_weeks=deload_every)
    template = replace(template, progression=progression)
    return Course(template, rules.pain_band(pain), pain, KIT, weeks, 3600, None, lambda fid, week: 1)


def track(fam: ExerciseFamily, importance: int = 0, seeded: bool = True) -> Track:
    return Track(fam, (0, importance, 0), 1, 0, rules.start_dose(fam.levels[0].dosage), [], seeded=seeded)


def levels(t: Track) -> list[int]:
    return [p.index + 1 for _, p in sorted(t.by_week.items())]


def test_a_step_waits_the_level_step_weeks_counted_from_the_step_itself():
    t = track(family("squat"))
    progress({"squat": t}, [["squat"]], course(weeks=5, every=2))
    assert levels(t) == [1, 2, 2, 3, 3], "weeks on a level count from 1 in the week of the step"


def test_a_deload_week_does_not_count_toward_weeks_on_a_level():
    t = track(family("squat", rungs=9))
    progress({"squat": t}, [["squat"]], course(weeks=9, every=3, deload_every=4))
    # steps need 3 weeks on a level; week 4 and 8 are deloads and do not count
    assert levels(t) == [1, 1, 2, 2, 2, 2, 3, 3, 3]


def test_maintenance_starts_after_exactly_two_working_weeks_at_the_top():
    fam = family("squat", rungs=1)
    t = track(fam)
    t.dose = Dose(3, 10, None, False, None, 60)  # above the bottom of a two-set range
    fam = replace(fam, levels=[replace(fam.levels[0], dosage=rules_dosage(sets=[2, 3], reps=10))])
    t.family = fam
    progress({"squat": t}, [["squat"]], course(weeks=5, every=1, deload_every=8))
    shown = [p.rule for _, p in sorted(t.by_week.items())]
    assert shown[:2] == [Rule.top_of_ladder, Rule.top_of_ladder] and shown[2] is Rule.maintenance, shown
    assert t.by_week[3].dose.sets == 2 and t.by_week[2].dose.sets == 3


def rules_dosage(**kw):
    from kot.model import Dosage

    return validate(Dosage, kw)


def test_no_knee_step_in_the_week_that_answers_a_flare_and_steps_again_after():
    t = track(family("squat"))
    progress({"squat": t}, [["squat"]], course(weeks=3, every=1), calm=False)
    assert t.by_week[1].rule is Rule.flare_no_step and levels(t) == [1, 2, 3]
    hip = track(family("bridge", category="hip"))
    progress({"bridge": hip}, [["bridge"]], course(weeks=2, every=1), calm=False)
    assert levels(hip) == [2, 3], "a flare holds knee steps only"


def test_a_ramped_family_in_maintenance_is_done_once_a_week():
    fam = family("nordic", category="posterior-chain", rungs=1, ramp=[1, 2])
    t = track(fam)
    progress({"nordic": t}, [["nordic"]], course(weeks=4, every=1, deload_every=8))
    assert [p.sessions for _, p in sorted(t.by_week.items())] == [None, None, 1, 1]


def test_a_family_waiting_its_turn_steps_before_a_more_important_one():
    """Anti-starvation: with one knee step a week, the one that waited goes first next time."""
    first, second = track(family("first"), importance=0), track(family("second"), importance=1)
    progress({"first": first, "second": second}, [["first", "second"]], course(weeks=4, every=1, deload_every=8))
    assert levels(first) == [2, 2, 3, 3] and levels(second) == [1, 2, 2, 3]


@pytest.mark.parametrize(("index", "expected"), [(1, 0), (2, 1)])
def test_a_flare_above_the_first_rung_goes_down_one_rung(index, expected):
    fam = family("squat")
    new, dose, how = rules.regress(fam, index, Dose(2, 10, None, False, None, 60))
    assert new == expected and how == "one rung down"


def test_a_flare_on_the_first_rung_halves_the_sets():
    new, dose, how = rules.regress(family("squat"), 0, Dose(4, 10, None, False, None, 60))
    assert (new, dose.sets, how) == (0, 2, "half the work on the first rung")


@pytest.mark.parametrize(("seconds", "stage", "expected"), [(300, 1, 240), (480, 1, 240), (600, 1, 300), (180, 1, 180)])
def test_long_timed_work_is_halved_for_time_but_never_below_four_minutes(seconds, stage, expected):
    assert rules.time_cut(Dose(2, None, seconds, False, None, 0), stage).seconds == expected


def test_knee_work_never_steps_for_time_and_other_work_may():
    assert not rules.steps_for_time(family("squat"))
    assert not rules.steps_for_time(family("walk", category="locomotion"))
    assert rules.steps_for_time(family("raise", category="lower-leg"))


def test_the_yellow_band_caps_knee_steps_to_every_other_week():
    t = track(family("squat"))
    progress({"squat": t}, [["squat"]], course(weeks=5, every=1, pain=3))
    assert levels(t) == [2, 2, 3, 3, 3], "pain 3-4: steps in weeks 1 and 3, then the yellow cap of three rungs"
    assert PainBand.yellow is rules.pain_band(3)
