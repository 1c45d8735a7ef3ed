"""`kot plan` through the real entry point: options, exit codes, formats, files."""

from __future__ import annotations

import json

import pytest

FIXED_ITEM_FIELDS = [
    "exercise",
    "level",
    "name",
    "category",
    "block",
    "sets",
    "reps",
    "seconds",
    "tempo",
    "rest_seconds",
    "per_side",
    "load",
    "equipment",
    "impact",
    "max_pain",
    "why",
]


def plan_json(kot, *args):
    result = kot("plan", "--goal", "knee-pain", "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_headline_command_prints_tables(kot):
    result = kot("plan", "--goal", "knee-pain")
    assert result.code == 0, result.err
    assert "pain 3/10 (assumed), pain 3-4: easier knee levels" in result.out.replace("\n", " ").replace("  ", " ")
    assert "Week 1 in detail" in result.out and "W8=" in result.out and "Week 2 in detail" not in result.out
    assert "Aim for 3/10 or less during exercise; never above 5/10." in result.out
    assert "Not medical advice" in result.out
    assert "\x1b[" not in result.out


def test_json_shape_follows_the_contract(kot):
    program = plan_json(kot)
    for key in [
        "kot_version",
        "status",
        "pain_band",
        "pain_rules",
        "education",
        "disclaimer",
        "inputs",
        "assumptions",
        "weeks",
    ]:
        assert key in program
    assert program["status"] == "ok" and program["pain_band"] == "yellow"
    assert program["inputs"] == {
        "goal": "knee-pain",
        "pain": 3,
        "weeks": 8,
        "days": 3,
        "minutes": 30,
        "equipment": ["chair", "floor", "step", "wall"],
        "level": "beginner",
        "symptoms": [],
        "cautions": [],  # beyond the contract: screening cautions from an assessment (osteoporosis)
    }
    week = program["weeks"][0]
    assert {"number", "phase", "deload", "sessions"} <= set(week)
    session = week["sessions"][0]
    assert {"day", "title", "estimated_minutes", "items"} <= set(session)
    for item in session["items"]:
        assert all(field in item for field in FIXED_ITEM_FIELDS)
        assert (item["reps"] is None) != (item["seconds"] is None)
    assert any("Pain assumed to be 3/10" in a for a in program["assumptions"])


def test_explicit_inputs_are_used(kot):
    program = plan_json(
        kot, "-p", "1", "-w", "5", "-d", "4", "-m", "45", "-e", "dumbbell", "-e", "band,sled", "--level", "intermediate"
    )
    assert program["inputs"]["pain"] == 1 and program["pain_band"] == "green"
    assert len(program["weeks"]) == 5 and all(len(w["sessions"]) == 4 for w in program["weeks"])
    assert program["inputs"]["equipment"] == ["band", "chair", "dumbbell", "floor", "sled", "step", "wall"]
    assert not any("Pain assumed" in a for a in program["assumptions"])


def test_equipment_none_keeps_floor_and_wall_only(kot):
    program = plan_json(kot, "-e", "none")
    assert program["inputs"]["equipment"] == ["floor", "wall"]
    used = {e for w in program["weeks"] for s in w["sessions"] for i in s["items"] for e in i["equipment"]}
    assert used <= {"floor", "wall"}


def test_no_sled_means_backward_walking(kot):
    program = plan_json(kot, "--goal", "athletic")
    exercises = {i["exercise"] for s in program["weeks"][0]["sessions"] for i in s["items"]}
    assert "backward-walking" in exercises and "backward-sled-drag" not in exercises
    with_sled = plan_json(kot, "--goal", "athletic", "-e", "sled")
    assert "backward-sled-drag" in {i["exercise"] for s in with_sled["weeks"][0]["sessions"] for i in s["items"]}


@pytest.mark.parametrize("pain", ["7", "8", "10"])
def test_red_band_is_refused_with_exit_3(kot, pain):
    result = kot("plan", "--goal", "knee-pain", "--pain", pain)
    assert result.code == 3
    assert "Plan refused for safety" in result.err and "physiotherapist or doctor" in result.err
    assert result.out == ""


def test_red_flag_refusal_as_json(kot):
    result = kot("plan", "--goal", "knee-pain", "--symptom", "calf-swelling", "--format", "json")
    assert result.code == 3
    refusal = json.loads(result.out)
    assert refusal["status"] == "refused"
    assert refusal["reasons"][0].startswith("red-flag:calf-swelling")
    assert "urgent" in refusal["advice"]


def test_orange_band_advises_a_clinician(kot):
    program = plan_json(kot, "--pain", "5")
    assert program["pain_band"] == "orange"
    assert program["clinician_advice"].startswith("See a physiotherapist")
    table = kot("plan", "--goal", "knee-pain", "--pain", "5")
    assert "See a physiotherapist" in table.out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--goal", "nope"], "unknown goal 'nope'"),
        (["--goal", "knee-pian"], "did you mean 'knee-pain'"),
        (["--goal", "knee-pain", "--pain", "11"], "--pain"),
        (["--goal", "knee-pain", "--weeks", "0"], "--weeks"),
        (["--goal", "knee-pain", "--days", "8"], "--days"),
        (["--goal", "knee-pain", "--minutes", "5"], "--minutes"),
        (["--goal", "knee-pain", "-e", "slant-bord"], "did you mean 'slant-board'"),
        (["--goal", "knee-pain", "--symptom", "fever"], "--symptom"),
        (["--goal", "knee-pain", "--level", "expert"], "--level"),
        (["--goal", "knee-pain", "--week", "9"], "not between 1 and 8"),
        (["--goal", "knee-pain", "-o", "plan.docx"], "cannot tell the format"),
        ([], "--goal"),
    ],
)
def test_bad_usage_exits_2_with_one_clear_message(kot, args, needle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kot("plan", *args)
    assert result.code == 2, (result.out, result.err)
    assert needle in result.err
    assert "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_week_option_shows_one_week(kot):
    program = plan_json(kot, "--week", "4")
    assert [w["number"] for w in program["weeks"]] == [4] and program["weeks"][0]["consolidate"]
    table = kot("plan", "--goal", "knee-pain", "--week", "2")
    assert "Week 2" in table.out and "Week 1 " not in table.out and "Week 3" not in table.out


def test_explain_shows_the_rules(kot):
    result = kot("plan", "--goal", "knee-pain", "--week", "7", "--explain", "--format", "markdown")
    assert "level-step: criterion reached last week (" in result.out and "dose-up:" in result.out
    week1 = kot("plan", "--goal", "knee-pain", "--week", "1", "--explain")
    assert "pain-ceiling: level allowed up to" in week1.out and "start: beginner" in week1.out
    plain = kot("plan", "--goal", "knee-pain", "--week", "1")
    assert "pain-ceiling" not in plain.out


def test_fits_an_80_column_terminal(kot, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = kot("plan", "--goal", "knee-pain", "--week", "1", "--explain")
    assert max(len(line) for line in result.out.splitlines()) <= 80


def test_output_is_deterministic_in_every_format(kot):
    for fmt in ("json", "yaml", "markdown", "csv", "table"):
        first = kot("plan", "--goal", "athletic", "--format", fmt, "-w", "6")
        assert first.code == 0
        assert kot("plan", "--goal", "athletic", "--format", fmt, "-w", "6").out == first.out


def test_output_file_is_written_once_and_never_replaced_without_force(kot, tmp_path):
    target = tmp_path / "plan.json"
    assert kot("plan", "--goal", "knee-pain", "-o", str(target)).code == 0
    saved = json.loads(target.read_text())
    assert saved["status"] == "ok"
    target.write_text("mine")
    refused = kot("plan", "--goal", "knee-pain", "-o", str(target))
    assert refused.code == 1 and "already exists" in refused.err and "--force" in refused.err
    assert target.read_text() == "mine"
    assert kot("plan", "--goal", "knee-pain", "-o", str(target), "--force").code == 0
    identity = ("plan_id", "created", "fingerprint")
    again = json.loads(target.read_text())
    assert {k: v for k, v in again.items() if k not in identity} == {
        k: v for k, v in saved.items() if k not in identity
    }
    assert again["plan_id"] != saved["plan_id"], "each save is a plan of its own"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_missing_output_folder_is_a_clear_error(kot, tmp_path):
    result = kot("plan", "--goal", "knee-pain", "-o", str(tmp_path / "nope" / "plan.md"))
    assert result.code == 1 and "does not exist" in result.err


def test_every_goal_builds(kot):
    for goal in ("knee-pain", "athletic", "mobility", "longevity"):
        assert kot("plan", "--goal", goal, "--format", "json").code == 0


def test_library_goal_from_an_overlay(kot, tmp_path):
    shown = kot("goals", "show", "knee-pain", "--format", "yaml")
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "my-knee.yaml").write_text(shown.out.replace("id: knee-pain", "id: my-knee"))
    result = kot("plan", "--goal", "my-knee", "--library", str(tmp_path), "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["inputs"]["goal"] == "my-knee"


def test_internal_errors_are_one_line_exit_70(kot, monkeypatch):
    from kot import generator

    def boom(*_args, **_kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(generator, "build_program", boom)
    result = kot("plan", "--goal", "knee-pain")
    assert result.code == 70
    assert "internal error" in result.err and "Traceback" not in result.err
    debug = kot("--debug", "plan", "--goal", "knee-pain")
    assert debug.code == 70 and "Traceback" in debug.err
