"""The browsing and checking commands through the real entry point: validate, exercises, goals, schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kot import __version__
from kot.boundary import validate
from kot.library import Library
from kot.yamlio import parse_located

PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<field>\S+): (?P<message>.+)$")

BAD_FAMILY = """\
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
"""

GOOD_FAMILY = """\
id: coach-raise
name: Coach raise
category: lower-leg
pattern: ankle-dorsiflexion
goals: [knee-pain]
trains: [shin]
levels:
  - {id: easy, name: Easy, equipment: [wall], dosage: {sets: 2, reps: 10}, max_pain: 6, cues: [Go]}
"""


@pytest.fixture
def lib(tmp_path) -> Path:
    """An extra library folder with one valid family."""
    folder = tmp_path / "lib"
    (folder / "exercises").mkdir(parents=True)
    (folder / "exercises" / "coach-raise.yaml").write_text(GOOD_FAMILY, encoding="utf-8")
    return folder


def list_json(kot, *args: str) -> list[dict]:
    run = kot("exercises", "list", "--format", "json", *args)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert isinstance(data, list)
    return data


# --- validate -----------------------------------------------------------------------------------------------


def test_validate_shipped_library_exits_0(kot, library: Library):
    run = kot("validate")
    assert run.code == 0, run.err
    assert run.out.startswith("ok:")
    assert f"{len(library.families)} exercise families" in run.out
    assert f"{len(library.templates)} goal templates" in run.out
    assert run.err == ""


def test_validate_bad_file_prints_every_problem_located(kot, tmp_path):
    bad = tmp_path / "my-raise.yaml"
    bad.write_text(BAD_FAMILY, encoding="utf-8")
    run = kot("validate", str(bad))
    assert run.code == 1
    assert "Traceback" not in run.err and "Traceback" not in run.out
    lines = run.err.strip().splitlines()
    assert lines[-1] == "4 problems in 1 file"
    parsed = [PROBLEM_LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    assert {m["file"] for m in parsed} == {str(bad)}
    by_field = {m["field"]: m for m in parsed}
    assert set(by_field) == {
        "levels[id=easy].max_pain",
        "levels[id=easy].max_pian",
        "levels[id=easy].equipment[0]",
        "levels[id=easy].dosage.sets",
    }
    assert "did you mean 'max_pain'" in by_field["levels[id=easy].max_pian"]["message"]
    assert (by_field["levels[id=easy].max_pian"]["line"], by_field["levels[id=easy].max_pian"]["column"]) == ("12", "5")
    assert "did you mean 'slant-board'" in by_field["levels[id=easy].equipment[0]"]["message"]
    assert "sets must be between 1 and 10 (got 0)" in by_field["levels[id=easy].dosage.sets"]["message"]


def test_validate_two_bad_files_reports_both(kot, tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "a.yaml").write_text(BAD_FAMILY, encoding="utf-8")
    (tmp_path / "exercises" / "b.yaml").write_text(
        GOOD_FAMILY.replace("coach-raise", "other-raise").replace("lower-leg", "lower-legg"), encoding="utf-8"
    )
    run = kot("validate", str(tmp_path))
    assert run.code == 1
    assert "a.yaml:" in run.err and "b.yaml:3:11: category: unknown value 'lower-legg'" in run.err
    assert run.err.strip().splitlines()[-1] == "5 problems in 2 files"


def test_validate_invalid_yaml_exits_1_without_traceback(kot, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: x\nlevels: [1, 2\n", encoding="utf-8")
    run = kot("validate", str(bad))
    assert run.code == 1
    assert f"{bad}:3:1: invalid YAML" in run.err
    assert "Traceback" not in run.err


def test_validate_library_option(kot, lib):
    run = kot("validate", "--library", str(lib))
    assert run.code == 0, run.err
    assert run.out.startswith("ok:")


def test_validate_library_option_with_a_bad_file(kot, lib):
    (lib / "exercises" / "bad.yaml").write_text(BAD_FAMILY, encoding="utf-8")
    run = kot("validate", "--library", str(lib))
    assert run.code == 1
    assert "bad.yaml:12:5: levels[id=easy].max_pian: unknown field 'max_pian'" in run.err


def test_validate_missing_path_exits_1(kot, tmp_path):
    run = kot("validate", str(tmp_path / "nowhere"))
    assert run.code == 1
    assert "not found" in run.err
    assert "Traceback" not in run.err


def test_validate_recursive_alias_is_a_data_error(kot, tmp_path):
    bad = tmp_path / "loop.yaml"
    bad.write_text("id: x\nlevels: &a [*a]\n", encoding="utf-8")
    run = kot("validate", str(bad))
    assert run.code == 1
    assert f"{bad}:2:" in run.err


# --- exercises list -----------------------------------------------------------------------------------------


def test_exercises_list_table(kot, library: Library):
    run = kot("exercises", "list")
    assert run.code == 0, run.err
    assert "Exercise families" in run.out
    assert "tibialis-raise" in run.out
    assert "\x1b[" not in run.out  # NO_COLOR / not a TTY


def test_exercises_list_json(kot, library: Library):
    data = list_json(kot)
    assert sorted(f["id"] for f in data) == sorted(library.families)
    for item in data:
        assert {"id", "name", "category", "levels"} <= set(item)
        assert isinstance(item["levels"], list) and item["levels"]
        assert all({"id", "name", "dosage", "max_pain"} <= set(level) for level in item["levels"])


def test_exercises_list_yaml_is_a_list(kot, library: Library):
    run = kot("exercises", "list", "--format", "yaml")
    assert run.code == 0
    data = parse_located(run.out, "out.yaml").data
    assert isinstance(data, list) and len(data) == len(library.families)


def test_filter_by_category(kot, library: Library):
    data = list_json(kot, "--category", "knee-dominant")
    expected = {f.id for f in library.families.values() if f.category.value == "knee-dominant"}
    assert expected and {f["id"] for f in data} == expected


def test_filter_by_equipment_none(kot, library: Library):
    data = list_json(kot, "--equipment", "none")
    ids = {f["id"] for f in data}
    floor_or_wall = {"floor", "wall"}
    assert ids
    for item in data:
        assert any(set(level.get("equipment", [])) <= floor_or_wall for level in item["levels"]), item["id"]
    # it really filters: a family whose every level needs more kit is left out
    needs_kit = {
        f.id
        for f in library.families.values()
        if all(not {e.value for e in level.equipment} <= floor_or_wall for level in f.levels)
    }
    assert needs_kit and not (ids & needs_kit)


def test_filter_by_equipment_adds_to_household(kot):
    without = {f["id"] for f in list_json(kot, "--equipment", "none")}
    with_sled = {f["id"] for f in list_json(kot, "--equipment", "sled")}
    assert "backward-sled-drag" in with_sled and "backward-sled-drag" not in without


def test_filter_by_pain(kot, library: Library):
    data = list_json(kot, "--pain", "6")
    assert data
    for item in data:
        assert any(level["max_pain"] >= 6 for level in item["levels"]), item["id"]
    assert len(data) < len(library.families)


def test_filter_by_goal(kot, library: Library):
    data = list_json(kot, "--goal", "knee-pain")
    expected = {f.id for f in library.families.values() if "knee-pain" in f.goals}
    assert {f["id"] for f in data} == expected
    assert all("knee-pain" in f["goals"] for f in data)
    assert len(data) < len(library.families)


def test_filters_combine(kot):
    data = list_json(kot, "--category", "knee-dominant", "--pain", "5")
    assert all(f["category"] == "knee-dominant" for f in data)
    assert all(any(level["max_pain"] >= 5 for level in f["levels"]) for f in data)


def test_unknown_category_exits_2_with_a_suggestion(kot):
    run = kot("exercises", "list", "--category", "knee-dominat")
    assert run.code == 2
    assert "did you mean 'knee-dominant'" in run.err
    assert run.out == ""


def test_unknown_goal_filter_exits_2(kot):
    run = kot("exercises", "list", "--goal", "knee-pian")
    assert run.code == 2
    assert "did you mean 'knee-pain'" in run.err


def test_unknown_equipment_filter_exits_2(kot):
    run = kot("exercises", "list", "--equipment", "slant-bord")
    assert run.code == 2
    assert "slant-board" in run.err


def test_pain_out_of_range_exits_2(kot):
    assert kot("exercises", "list", "--pain", "11").code == 2


def test_exercises_list_with_extra_library(kot, lib):
    data = list_json(kot, "--library", str(lib))
    assert "coach-raise" in {f["id"] for f in data}
    assert "coach-raise" not in {f["id"] for f in list_json(kot)}


# --- exercises show ------------------------------------------------------------------------------------------


def test_exercises_show_table(kot, library: Library):
    run = kot("exercises", "show", "tibialis-raise")
    assert run.code == 0, run.err
    family = library.families["tibialis-raise"]
    assert family.name in run.out
    assert family.levels[0].id in run.out
    assert "Ladder" in run.out


def test_exercises_show_json_uses_file_field_names(kot, library: Library):
    run = kot("exercises", "show", "tibialis-raise", "--format", "json")
    assert run.code == 0
    data = json.loads(run.out)
    assert data["id"] == "tibialis-raise"
    assert data["category"] == "lower-leg"
    assert [level["id"] for level in data["levels"]] == [
        level.id for level in library.families["tibialis-raise"].levels
    ]
    first = data["levels"][0]
    assert {"id", "name", "equipment", "dosage", "max_pain", "cues"} <= set(first)
    assert {"sets", "reps"} <= set(first["dosage"])


def test_exercises_show_yaml_forks_into_a_valid_file(kot, tmp_path, library: Library):
    run = kot("exercises", "show", "tibialis-raise", "--format", "yaml")
    assert run.code == 0
    assert re.search(r"^id: tibialis-raise$", run.out, re.M)
    forked = re.sub(r"^id: tibialis-raise$", "id: my-raise", run.out, count=1, flags=re.M)
    target = tmp_path / "lib" / "exercises" / "my-raise.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(forked, encoding="utf-8")

    checked = kot("validate", "--library", str(tmp_path / "lib"))
    assert checked.code == 0, checked.err

    shown = kot("exercises", "show", "my-raise", "--library", str(tmp_path / "lib"), "--format", "json")
    assert shown.code == 0, shown.err
    data = json.loads(shown.out)
    original = json.loads(kot("exercises", "show", "tibialis-raise", "--format", "json").out)
    assert data == {**original, "id": "my-raise"}
    assert kot("exercises", "show", "my-raise", "--library", str(tmp_path / "lib")).code == 0


def test_every_family_and_template_round_trips_through_the_fork_yaml(library: Library):
    """What `show --format yaml` prints (browse.as_file) reads back to the same model, for every shipped file."""
    from kot import browse
    from kot.model import ExerciseFamily, GoalTemplate

    for fid, family in library.families.items():
        text = browse.as_file(browse.family_data(family), "exercise")
        assert validate(ExerciseFamily, parse_located(text, fid).data) == family, fid
    for tid, template in library.templates.items():
        text = browse.as_file(browse.template_data(template), "template")
        assert validate(GoalTemplate, parse_located(text, tid).data) == template, tid


def test_show_yaml_prints_the_file_itself(kot, library: Library):
    """A coach forking a family sees its comments and every field written out, not a re-dump without them."""
    for command, fid, sub in (("exercises", "tibialis-raise", "exercises"), ("goals", "knee-pain", "programs")):
        run = kot(command, "show", fid, "--format", "yaml")
        assert run.code == 0, run.err
        source = library.sources[(sub, fid)]
        assert run.out == source.read_text(encoding="utf-8")
        assert run.out.startswith("# yaml-language-server: $schema=../schemas/")
    assert "# Knee pain: calm an irritable knee" in kot("goals", "show", "knee-pain", "-f", "yml").out


def test_exercises_show_unknown_id_suggests(kot):
    run = kot("exercises", "show", "tib-raise")
    assert run.code == 2
    assert "did you mean 'tibialis-raise'" in run.err
    assert run.out == ""


# --- goals ---------------------------------------------------------------------------------------------------


def test_goals_lists_the_templates(kot):
    run = kot("goals")
    assert run.code == 0, run.err
    for goal in ("knee-pain", "athletic", "mobility", "longevity"):
        assert goal in run.out
    assert kot("goals", "list").out == run.out


def test_goals_list_json(kot):
    run = kot("goals", "list", "--format", "json")
    assert run.code == 0
    data = json.loads(run.out)
    assert isinstance(data, list)
    assert all({"id", "name"} <= set(item) for item in data)
    assert {"knee-pain", "athletic", "mobility", "longevity"} <= {item["id"] for item in data}


def test_goals_show_table(kot, library: Library):
    run = kot("goals", "show", "knee-pain")
    assert run.code == 0
    assert library.templates["knee-pain"].name in run.out


def test_goals_show_unknown_id_suggests(kot):
    run = kot("goals", "show", "knee-pian")
    assert run.code == 2
    assert "did you mean 'knee-pain'" in run.err


def test_goals_show_yaml_forks_into_a_valid_template(kot, tmp_path):
    run = kot("goals", "show", "knee-pain", "--format", "yaml")
    assert run.code == 0
    assert re.search(r"^id: knee-pain$", run.out, re.M)
    forked = re.sub(r"^id: knee-pain$", "id: my-goal", run.out, count=1, flags=re.M)
    target = tmp_path / "lib" / "programs" / "my-goal.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(forked, encoding="utf-8")

    checked = kot("validate", "--library", str(tmp_path / "lib"))
    assert checked.code == 0, checked.err

    shown = kot("goals", "show", "my-goal", "--library", str(tmp_path / "lib"), "--format", "json")
    assert shown.code == 0, shown.err
    original = json.loads(kot("goals", "show", "knee-pain", "--format", "json").out)
    assert json.loads(shown.out) == {**original, "id": "my-goal"}
    listed = json.loads(kot("goals", "list", "--format", "json", "--library", str(tmp_path / "lib")).out)
    assert "my-goal" in {g["id"] for g in listed}


# --- schema, version, help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, field", [("exercise", "levels"), ("plan", "weeks"), ("goal", "slots")])
def test_schema_prints_json_schema(kot, kind, field):
    run = kot("schema", kind)
    assert run.code == 0
    schema = json.loads(run.out)
    assert "properties" in schema
    assert field in schema["properties"]
    assert schema["type"] == "object"


def test_schema_unknown_kind_exits_2(kot):
    assert kot("schema", "exercises").code == 2


def test_version(kot):
    run = kot("--version")
    assert run.code == 0
    assert run.out.strip() == f"kot {__version__}"


def test_goals_show_says_which_pain_a_slot_is_kept_to(kot):
    """A coach sees that tendinopathy's knee strength slots are for pain 0-4 (at 5-6 the goal keeps to holds)."""
    run = kot("goals", "show", "patellar-tendinopathy")
    assert run.code == 0, run.err
    assert run.out.count("knee, pain 0-4") == 2
    from kot.model import Block, Category, PainBand, Slot
    from kot.render.library import _days

    apart = Slot(block=Block.strength, category=Category.hip, bands=[PainBand.orange, PainBand.green])
    assert _days(apart) == "all, pain 0-2, 5-6"
