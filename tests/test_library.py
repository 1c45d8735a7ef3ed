"""load_library: overlays, KOT_LIBRARY, schema errors, cross-file checks and safety lints, all located."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kot.errors import DataError, KotError, Problem
from kot.library import Library, load_library

LEVEL = "  - {{id: {id}, name: {name}, dosage: {{sets: 2, reps: 10}}, max_pain: {max_pain}, cues: [Go slow]}}\n"


def family_yaml(
    fid: str,
    name: str = "A family",
    category: str = "lower-leg",
    goals: str = "[knee-pain]",
    levels: str | None = None,
    extra: str = "",
) -> str:
    body = levels if levels is not None else LEVEL.format(id="first", name="First", max_pain=4)
    return (
        f"id: {fid}\n"
        f"name: {name}\n"
        f"category: {category}\n"
        "pattern: test-pattern\n"
        f"goals: {goals}\n"
        "trains: [shins]\n"
        f"{extra}"
        "levels:\n"
        f"{body}"
    )


def template_yaml(tid: str, name: str = "A goal", prefer: str = "[tibialis-raise]", category: str = "lower-leg") -> str:
    return (
        f"id: {tid}\n"
        f"name: {name}\n"
        "description: A test goal.\n"
        "default_weeks: 4\n"
        "assumed_pain: 2\n"
        "phases:\n"
        "  - {name: All, share: 1, focus: Everything}\n"
        "slots:\n"
        f"  - {{block: strength, category: {category}, prefer: {prefer}}}\n"
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """Work inside tmp_path so problems name short relative paths such as `lib/exercises/x.yaml`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KOT_LIBRARY", raising=False)
    return tmp_path


def problems(root: Path, files: dict[str, str]) -> list[Problem]:
    lib = write(root / "lib", files)
    with pytest.raises(DataError) as info:
        load_library([lib], use_env=False)
    return info.value.problems


def find(found: list[Problem], needle: str) -> Problem:
    matches = [p for p in found if needle in p.message]
    assert matches, f"no problem mentions {needle!r}: {[str(p) for p in found]}"
    return matches[0]


# --- the shipped library ----------------------------------------------------------------------------------


def test_shipped_library_has_no_problem():
    """The shipped files pass every check `kot validate` runs (schema, safety lints, cross-file references);
    on failure the problems are listed, where a fixture would only error in setup."""
    try:
        library = load_library(use_env=False)
    except DataError as exc:
        pytest.fail("the shipped library has problems:\n" + "\n".join(str(p) for p in exc.problems))
    assert len(library.families) >= 20
    assert {"knee-pain", "athletic", "mobility", "longevity"} <= set(library.templates)
    assert "tibialis-raise" in library.families


# --- overlays ---------------------------------------------------------------------------------------------


def test_extra_folder_adds_exercises_and_programs(here):
    lib = write(
        here / "lib",
        {
            "exercises/x.yaml": family_yaml("my-raise", name="My raise"),
            "programs/y.yaml": template_yaml("my-goal", name="My goal", prefer="[my-raise, tibialis-raise]"),
        },
    )
    library = load_library([lib], use_env=False)
    assert library.families["my-raise"].name == "My raise"
    assert library.templates["my-goal"].name == "My goal"
    assert "tibialis-raise" in library.families  # the built-in is still there
    assert "knee-pain" in library.templates
    assert library.files[("exercises", "my-raise")] == os.path.join("lib", "exercises", "x.yaml")


def test_extra_folder_overrides_a_builtin_by_id(here, library: Library):
    lib = write(here / "lib", {"exercises/tib.yaml": family_yaml("tibialis-raise", name="Coach's tib raise")})
    overlaid = load_library([lib], use_env=False)
    assert overlaid.families["tibialis-raise"].name == "Coach's tib raise"
    assert library.families["tibialis-raise"].name != "Coach's tib raise"
    assert len(overlaid.families) == len(library.families)


@pytest.mark.parametrize("order, winner", [(("a", "b"), "From B"), (("b", "a"), "From A")])
def test_later_folder_wins_by_id(here, order, winner):
    write(here / "a", {"exercises/x.yaml": family_yaml("my-raise", name="From A")})
    write(here / "b", {"exercises/other-name.yaml": family_yaml("my-raise", name="From B")})
    library = load_library([here / order[0], here / order[1]], use_env=False)
    assert library.families["my-raise"].name == winner


def test_kot_library_env_is_read(here, monkeypatch):
    write(here / "env1", {"exercises/x.yaml": family_yaml("env-one", name="Env one")})
    write(here / "env2", {"exercises/x.yaml": family_yaml("env-two", name="Env two")})
    monkeypatch.setenv("KOT_LIBRARY", os.pathsep.join([str(here / "env1"), str(here / "env2")]))
    library = load_library([], use_env=True)
    assert library.families["env-one"].name == "Env one"
    assert library.families["env-two"].name == "Env two"
    assert "env-one" not in load_library([], use_env=False).families


def test_extra_folders_win_over_kot_library(here, monkeypatch):
    write(here / "env", {"exercises/x.yaml": family_yaml("my-raise", name="From env")})
    extra = write(here / "extra", {"exercises/x.yaml": family_yaml("my-raise", name="From --library")})
    monkeypatch.setenv("KOT_LIBRARY", str(here / "env"))
    assert load_library([], use_env=True).families["my-raise"].name == "From env"
    assert load_library([extra], use_env=True).families["my-raise"].name == "From --library"


def test_missing_library_folder_is_a_kot_error(here):
    with pytest.raises(KotError, match="library folder not found") as info:
        load_library([here / "does-not-exist"], use_env=False)
    assert info.value.exit_code == 1


def test_missing_kot_library_folder_is_a_kot_error(here, monkeypatch):
    monkeypatch.setenv("KOT_LIBRARY", str(here / "gone"))
    with pytest.raises(KotError, match="gone"):
        load_library([], use_env=True)


def test_duplicate_ids_in_one_folder_name_both_files(here):
    found = problems(
        here,
        {
            "exercises/a.yaml": family_yaml("same-id"),
            "exercises/b.yaml": family_yaml("same-id"),
        },
    )
    problem = find(found, "duplicate id 'same-id'")
    assert os.path.join("lib", "exercises", "a.yaml") in str(problem)
    assert os.path.join("lib", "exercises", "b.yaml") in str(problem)
    assert (problem.line, problem.column, problem.field) == (1, 5, "id")


# --- schema problems, located ----------------------------------------------------------------------------

TYPO_FILE = """\
id: my-raise
name: My raise
category: lower-leg
pattern: ankle-dorsiflexion
goals: [knee-pain]
trains: [shin]
levels:
  - id: easy
    name: Easy
    equipment: [slant-bord]
    dosage: {sets: 0, reps: 10}
    max_pian: 3
    cues: [Go]
  - id: hard
    name: Hard
    equipment: wall
    dosage: {sets: 2, reps: ten}
    max_pain: 9
    impact: maybe
    cues: [Go]
  - id: listy
    name: Listy
    dosage: [sets, 2]
    max_pain: 2
    cues: [Go]
"""


@pytest.fixture
def typo_problems(here) -> list[Problem]:
    return problems(here, {"exercises/x.yaml": TYPO_FILE})


def test_unknown_key_suggests_the_field(typo_problems):
    problem = find(typo_problems, "unknown field 'max_pian'")
    assert "did you mean 'max_pain'" in problem.message
    assert (problem.line, problem.column) == (12, 5)  # the key itself
    assert problem.field == "levels[id=easy].max_pian"
    assert str(problem).startswith(os.path.join("lib", "exercises", "x.yaml") + ":12:5: levels[id=easy].max_pian: ")


def test_missing_required_field_is_reported(typo_problems):
    problem = find(typo_problems, "required field is missing")
    assert problem.field == "levels[id=easy].max_pain"
    assert problem.line == 8


def test_unknown_equipment_suggests_the_nearest(typo_problems):
    problem = find(typo_problems, "'slant-bord'")
    assert "did you mean 'slant-board'" in problem.message
    assert (problem.line, problem.column, problem.field) == (10, 17, "levels[id=easy].equipment[0]")


def test_out_of_range_numbers_are_reported(typo_problems):
    sets = find(typo_problems, "sets must be between 1 and 10 (got 0)")
    assert (sets.line, sets.column, sets.field) == (11, 20, "levels[id=easy].dosage.sets")
    assert "got 0" in sets.message
    pain = find(typo_problems, "must be <= 6")
    assert (pain.line, pain.column, pain.field) == (18, 15, "levels[id=hard].max_pain")
    assert "got 9" in pain.message


def test_wrong_types_are_reported(typo_problems):
    reps = find(typo_problems, "whole number")
    assert (reps.line, reps.field) == (17, "levels[id=hard].dosage.reps")
    impact = find(typo_problems, "true or false")
    assert (impact.line, impact.field) == (19, "levels[id=hard].impact")
    equipment = find(typo_problems, "must be a list")
    assert (equipment.line, equipment.field) == (16, "levels[id=hard].equipment")


def test_a_list_where_a_mapping_belongs(typo_problems):
    problem = find(typo_problems, "must be a mapping")
    assert (problem.line, problem.column, problem.field) == (23, 13, "levels[id=listy].dosage")


def test_every_schema_problem_in_a_file_is_reported(typo_problems):
    assert len(typo_problems) == 9
    assert all(
        p.file == os.path.join("lib", "exercises", "x.yaml") and p.line > 0 and p.column > 0 for p in typo_problems
    )
    assert typo_problems == sorted(typo_problems)


def test_unknown_category_suggests_the_nearest(here):
    [problem] = problems(here, {"exercises/x.yaml": family_yaml("my-squat", category="knee-dominent")})
    assert (problem.line, problem.column, problem.field) == (3, 11, "category")
    assert "unknown value 'knee-dominent'" in problem.message
    assert "did you mean 'knee-dominant'" in problem.message


def test_unknown_top_level_key_is_located_at_the_key(here):
    [problem] = problems(here, {"exercises/x.yaml": family_yaml("my-raise", extra="levles: []\n")})
    assert (problem.line, problem.column, problem.field) == (7, 1, "levles")
    assert "did you mean 'levels'" in problem.message


def test_a_file_that_is_a_list_is_reported(here):
    [problem] = problems(here, {"exercises/x.yaml": "- id: x\n- id: y\n"})
    assert problem.line == 1
    assert "mapping" in problem.message


def test_a_file_of_no_known_kind_is_reported(here):
    lib = write(here / "loose", {"thing.yaml": "id: x\nname: X\n"})
    with pytest.raises(DataError) as info:
        load_library([lib], use_env=False)
    [problem] = info.value.problems
    assert "levels" in problem.message and "slots" in problem.message


# --- cross-file references --------------------------------------------------------------------------------


def test_unknown_goal_id_is_reported_with_a_suggestion(here):
    [problem] = problems(here, {"exercises/x.yaml": family_yaml("my-raise", goals="[knee-pain, knee-pian]")})
    assert (problem.line, problem.column, problem.field) == (5, 20, "goals[1]")
    assert "unknown goal 'knee-pian'" in problem.message
    assert "did you mean 'knee-pain'" in problem.message


def test_goal_from_an_extra_template_is_known(here):
    lib = write(
        here / "lib",
        {
            "exercises/x.yaml": family_yaml("my-raise", goals="[my-goal]"),
            "programs/y.yaml": template_yaml("my-goal"),
        },
    )
    assert load_library([lib], use_env=False).families["my-raise"].goals == ["my-goal"]


def test_unknown_substitute_is_reported_with_a_suggestion(here):
    [problem] = problems(here, {"exercises/x.yaml": family_yaml("my-raise", extra="substitutes: [tibialis-rais]\n")})
    assert (problem.line, problem.field) == (7, "substitutes[0]")
    assert "unknown exercise family 'tibialis-rais'" in problem.message
    assert "did you mean 'tibialis-raise'" in problem.message


def test_template_preferring_an_unknown_family_is_reported(here):
    found = problems(here, {"programs/y.yaml": template_yaml("my-goal", prefer="[tibialis-rase]")})
    problem = next(p for p in found if p.field == "slots[0].prefer[0]")
    assert problem.line == 9
    assert "unknown exercise family 'tibialis-rase'" in problem.message
    assert "did you mean 'tibialis-raise'" in problem.message


def test_template_preferring_a_family_of_another_category_is_reported(here):
    found = problems(here, {"programs/y.yaml": template_yaml("my-goal", prefer="[wall-sit]")})
    problem = next(p for p in found if p.field == "slots[0].prefer[0]")
    assert "'wall-sit' is knee-isometric, not lower-leg" in problem.message


def test_a_new_goal_whose_slots_nothing_can_fill_is_reported(here):
    """A goal file without prefer lists, whose id no family serves, would build empty sessions."""
    [problem] = problems(here, {"programs/y.yaml": template_yaml("my-goal", prefer="[]")})
    assert problem.field == "slots[0]"
    assert "no exercise family can fill this lower-leg slot" in problem.message
    assert "add 'my-goal' to the goals of a lower-leg family" in problem.message


def test_jumps_belong_in_the_power_block(here):
    text = template_yaml("athletic", prefer="[pogo-hops]", category="plyometric")
    [problem] = problems(here, {"programs/athletic.yaml": text})
    assert problem.field == "slots[0].block" and "power block" in problem.message


def test_family_without_household_level_or_substitute_is_reported(here):
    level = "  - {id: bar, name: Bar, equipment: [barbell], dosage: {sets: 2, reps: 5}, max_pain: 2, cues: [Go]}\n"
    [problem] = problems(here, {"exercises/x.yaml": family_yaml("bar-only", category="hip", levels=level)})
    assert problem.field == "levels"
    assert "household" in problem.message


def test_household_substitute_makes_a_gear_family_usable(here):
    level = "  - {id: bar, name: Bar, equipment: [barbell], dosage: {sets: 2, reps: 5}, max_pain: 2, cues: [Go]}\n"
    lib = write(
        here / "lib",
        {
            "exercises/x.yaml": family_yaml(
                "bar-only", category="hip", levels=level, extra="substitutes: [glute-bridge]\n"
            )
        },
    )
    assert "bar-only" in load_library([lib], use_env=False).families


# --- safety lints ------------------------------------------------------------------------------------------


def lvl(id_: str, max_pain: int, extra: str = "") -> str:
    dosage = "{sets: 2, reps: 10}"
    return f"  - {{id: {id_}, name: {id_.title()}, dosage: {dosage}, max_pain: {max_pain}, cues: [Go]{extra}}}\n"


@pytest.mark.parametrize(
    "category, levels, field, message",
    [
        (
            "hip",
            lvl("jump", 5, ", impact: true"),
            "levels[id=jump].max_pain",
            "jumping and landing are for pain 0-2 only: max_pain must be 2 or less (got 5)",
        ),
        (
            "knee-dominant",
            lvl("l1", 4, ", knee_demand: low")
            + lvl("l2", 4, ", knee_demand: low")
            + lvl("l3", 4, ", knee_demand: low")
            + lvl("l4", 4, ", knee_demand: low"),
            "levels[id=l4].max_pain",
            "only the first three knee strength levels may be used at pain 3 or more",
        ),
        ("hip", lvl("deep", 6, ", knee_demand: high"), "levels[id=deep].max_pain", "knee_demand high is too deep"),
        (
            "lower-leg",
            lvl("easy", 2) + lvl("harder", 4),
            "levels[id=harder].max_pain",
            "a harder level cannot allow more pain than the one before: max_pain must be 2 or less (got 4)",
        ),
        ("plyometric", lvl("hop", 2), "levels[id=hop].impact", "set impact: true"),
        (
            "knee-dominant",
            lvl("loaded-more", 4, ", load: external, knee_demand: low"),
            "levels[id=loaded-more].max_pain",
            "knee strength work with added weight is for pain 0-2 only",
        ),
        (
            "knee-isometric",
            lvl("deep-reps", 5, ", knee_demand: moderate"),
            "levels[id=deep-reps].max_pain",
            "only holds and low-bend knee work may be used at pain 5-6: max_pain must be 4 or less",
        ),
    ],
)
def test_safety_lints_are_located_errors(here, category, levels, field, message):
    found = problems(here, {"exercises/x.yaml": family_yaml("linty", category=category, levels=levels)})
    problem = find(found, message)
    assert problem.field == field
    assert problem.file == os.path.join("lib", "exercises", "x.yaml")
    assert problem.line > 7 and problem.column > 1


def test_a_safe_ladder_passes_the_lints(here):
    levels = (
        lvl("hold", 6, ", knee_demand: moderate, contraction: isometric, load: bodyweight")
        + lvl("reps", 4, ", knee_demand: moderate")
        + lvl("deep", 2, ", knee_demand: end-range")
    )
    lib = write(here / "lib", {"exercises/x.yaml": family_yaml("safe-ladder", category="knee-dominant", levels=levels)})
    assert "safe-ladder" in load_library([lib], use_env=False).families


# --- every problem at once ---------------------------------------------------------------------------------


def test_problems_in_several_files_are_all_reported(here):
    found = problems(
        here,
        {
            "exercises/a.yaml": family_yaml("first-bad", category="knee-dominent"),
            "exercises/b.yaml": family_yaml("second-bad", goals="[knee-pian]"),
            "exercises/c.yaml": "id: x\nid: y\n",
            "programs/d.yaml": template_yaml("bad-goal", prefer="[nope-nope]"),
        },
    )
    files = {p.file for p in found}
    assert files == {
        os.path.join("lib", kind, f)
        for kind, f in [
            ("exercises", "a.yaml"),
            ("exercises", "b.yaml"),
            ("exercises", "c.yaml"),
            ("programs", "d.yaml"),
        ]
    }
    for p in found:
        assert re.match(r"^lib[/\\](exercises|programs)[/\\][a-d]\.yaml:\d+:\d+: \S+: .+$", str(p)), str(p)


def test_duplicate_level_ids_name_the_level(here):
    levels = lvl("same", 2) + lvl("same", 2)
    [problem] = problems(here, {"exercises/x.yaml": family_yaml("dup-levels", levels=levels)})
    assert "appears twice" in problem.message
    assert problem.line == 9
    assert problem.field.startswith("levels")
