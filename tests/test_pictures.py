"""Pictures drawn from the library's own data: poses, their geometry, the validator's checks, and where the
SVG figures appear (handout, markdown export, `kot exercises show -f svg`)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from kot.boundary import validate
from kot.kinematics import TOLERANCE, frames, is_kot, place, problems
from kot.pose import Contact, Pose
from kot.render.figure import to_svg

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def _levels(library):
    return [(family, level) for family in library.families.values() for level in family.levels]


def test_every_shipped_level_has_a_pose_with_no_problems(library):
    for family, level in _levels(library):
        assert level.pose is not None, f"{family.id}/{level.id} has no pose"
        assert problems(level.pose, level.knee_demand.value, list(level.cues)) == [], f"{family.id}/{level.id}"


def test_every_frame_rests_on_what_it_stands_on(library):
    """The first resting part sits on its surface; every other resting part touches within tolerance; no foot
    or knee is below what is under it."""
    for family, level in _levels(library):
        for frame in frames(level.pose):
            rest = frame.values["rest"]
            for part in rest:
                gap = frame.gap(part) - frame.values["lift"]  # a jump's flight is meant
                assert abs(gap) <= TOLERANCE, (family.id, level.id, frame.name, part)
            for key in ("heel", "toe", "other_heel", "other_toe"):
                x, y = frame.points[key]
                assert y >= frame.ground(x) - TOLERANCE, (family.id, level.id, frame.name, key)


def test_knees_over_toes_levels_end_with_the_knee_past_the_toes(library):
    checked = 0
    for family, level in _levels(library):
        if is_kot(level.pose, level.knee_demand.value):
            end = place(level.pose, "end")
            assert end.points["knee"][0] > end.points["toe"][0], (family.id, level.id)
            checked += 1
    assert checked >= 20  # the KOT families: squats, split squats, calf raises, step-ups, step-downs


def test_the_kot_calf_raise_rises_onto_the_toes_with_the_knee_forward(library):
    family = library.families["kot-calf-raise"]
    for level in family.levels[:3]:
        start, end = place(level.pose, "start"), place(level.pose, "end")
        assert abs(start.points["heel"][1]) < 1 and abs(start.points["toe"][1]) < 1  # flat on the floor
        assert end.points["heel"][1] > 5 and abs(end.points["toe"][1]) < 1  # heel up, toes down
        assert end.points["knee"][0] > end.points["toe"][0]  # the knee past the toes
        assert end.points["head"][1] > end.points["hip"][1] > end.points["knee"][1]  # upright, not upside down


def test_segments_follow_winters_proportions():
    pose = validate(Pose, {"start": {}, "end": {}})
    standing = place(pose, "start").points
    assert standing["knee"][1] == pytest.approx(0.285 * 175, abs=0.5)
    assert standing["hip"][1] == pytest.approx(0.530 * 175, abs=0.5)
    assert standing["shoulder"][1] == pytest.approx(0.818 * 175, abs=0.5)
    assert standing["toe"][0] - standing["heel"][0] == pytest.approx(0.152 * 175, abs=0.5)


def test_a_frame_lists_only_what_changes():
    pose = validate(Pose, {"start": {"knee": 30, "ankle": 20, "shoulder": 80}, "end": {"ankle": -10}})
    end = place(pose, "end").values
    assert (end["knee"], end["ankle"], end["shoulder"], end["other_knee"]) == (30, -10, 80, 30)
    assert end["rest"] == (Contact.feet,)


# --- the validator -------------------------------------------------------------------------------------------

LEVEL = """\
id: my-squat
name: My squat
category: knee-dominant
pattern: squat
goals: [knee-pain]
trains: [quadriceps]
levels:
  - id: my-squat-1
    name: My squat
    dosage: {sets: 2, reps: 10}
    max_pain: 2
    knee_demand: KNEE
    cues: [CUE]
    pose:
POSE"""


def _validate(kot, tmp_path, pose: str, knee: str = "low", cue: str = "Slow and steady"):
    folder = tmp_path / "lib" / "exercises"
    folder.mkdir(parents=True, exist_ok=True)
    text = LEVEL.replace("KNEE", knee).replace("CUE", cue).replace("POSE", pose)
    (folder / "my-squat.yaml").write_text(text)
    return kot("validate", str(tmp_path / "lib"))


def test_validate_accepts_a_good_pose(kot, tmp_path):
    pose = "      start: {hip: 10, knee: 10, ankle: 0}\n      end: {hip: 60, knee: 80, ankle: 20}\n"
    result = _validate(kot, tmp_path, pose)
    assert result.code == 0, result.err


def test_a_knee_bent_the_wrong_way_fails_at_its_line(kot, tmp_path):
    pose = "      start: {hip: 10, knee: 10, ankle: 0}\n      end: {knee: -30}\n"
    result = _validate(kot, tmp_path, pose)
    assert result.code == 1
    assert "my-squat.yaml:16:" in result.err and "pose.end.knee" in result.err and "bends backwards" in result.err


def test_a_joint_past_its_human_range_names_the_source(kot, tmp_path):
    result = _validate(kot, tmp_path, "      start: {hip: 10}\n      end: {ankle: 70}\n")
    assert result.code == 1 and "outside the human range" in result.err and "Norkin" in result.err


def test_a_kot_level_with_an_upright_shin_fails(kot, tmp_path):
    pose = "      start: {hip: 10, knee: 10, ankle: 0}\n      end: {hip: 70, knee: 70, ankle: 0}\n"
    result = _validate(kot, tmp_path, pose, knee="high")
    assert result.code == 1 and "knee must end ahead of the toes" in result.err and ":16:" in result.err


def test_a_foot_through_the_floor_fails(kot, tmp_path):
    # standing on a bent leg, the other leg straight: its foot goes into the floor
    pose = "      start: {}\n      end: {hip: 30, knee: 60, ankle: 30, rest: [foot], other: {hip: 0, knee: 0}}\n"
    result = _validate(kot, tmp_path, pose)
    assert result.code == 1 and "through the floor" in result.err


def test_heels_down_is_checked_and_the_cues_ask_for_it(kot, tmp_path):
    raised = "      heels: down\n      start: {}\n      end: {ankle: -30}\n"
    assert "the heel is" in _validate(kot, tmp_path, raised).err
    silent = "      start: {}\n      end: {knee: 20, ankle: 20}\n"
    result = _validate(kot, tmp_path, silent, cue="Heels stay down the whole time")
    assert result.code == 1 and "add heels: down" in result.err


def test_an_unknown_pose_key_gets_a_did_you_mean(kot, tmp_path):
    result = _validate(kot, tmp_path, "      start: {kne: 10}\n      end: {}\n")
    assert result.code == 1 and "unknown field 'kne'" in result.err and "'knee'" in result.err


def test_a_fork_carries_the_pose(kot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert kot("new", "exercise", "--from", "kot-calf-raise", "--id", "my-calf", "-L", "lib").code == 0
    text = (tmp_path / "lib" / "exercises" / "my-calf.yaml").read_text()
    assert text.count("    pose:") == 4
    assert kot("validate", "lib").code == 0
    shown = kot("exercises", "show", "my-calf", "-L", "lib", "-f", "svg", "--level", "2")
    assert shown.code == 0 and shown.out.startswith("<svg")


# --- the SVG -------------------------------------------------------------------------------------------------


def test_the_svg_escapes_its_text_and_refers_to_nothing_outside():
    pose = validate(Pose, {"start": {}, "end": {"knee": 40, "ankle": 30, "hip": 20}, "props": ["wall"]})
    text = to_svg(pose, title='<script>alert("x")</script> & "quoted"', knee_demand="high")
    root = ET.fromstring(text)  # well-formed
    assert root.tag == SVG + "svg"
    assert "<script" not in text and "&lt;script&gt;" in text
    assert "href" not in text and "url(" not in text and "@import" not in text
    assert text.count("http") == 1  # the xmlns only
    assert [e.text for e in root.iter(SVG + "text")] == ["Start", "End"]


def test_a_kot_picture_draws_the_toe_line_and_the_knee_path(library):
    level = library.families["kot-calf-raise"].levels[1]
    picture = ET.fromstring(to_svg(level.pose, knee_demand=level.knee_demand.value))
    dashed = [e for e in picture.iter() if e.get("stroke-dasharray")]
    assert len(dashed) >= 3  # a toe line in each panel, the knee's path in the end panel
    plain = validate(Pose, {"start": {}, "end": {"knee": 20, "hip": 20}})
    assert "stroke-dasharray" not in to_svg(plain, knee_demand="low")


# --- where pictures appear -----------------------------------------------------------------------------------


def test_exercises_show_draws_svg(kot, tmp_path):
    result = kot("exercises", "show", "kot-calf-raise", "-f", "svg")
    assert result.code == 0 and result.out.startswith("<svg") and result.out.count("<svg") == 5  # 4 levels
    target = tmp_path / "calf.svg"
    assert kot("exercises", "show", "kot-calf-raise", "--level", "2", "-o", str(target)).code == 0
    assert ET.parse(target).getroot().tag == SVG + "svg"
    again = kot("exercises", "show", "kot-calf-raise", "--level", "2", "-o", str(target))
    assert again.code == 1 and "already exists" in again.err
    assert kot("exercises", "show", "kot-calf-raise", "--level", "2", "-o", str(target), "--force").code == 0
    wrong = kot("exercises", "show", "kot-calf-raise", "--level", "9", "-f", "svg")
    assert wrong.code == 2 and "levels 1 to 4" in wrong.err


def test_the_handout_shows_a_figure_for_every_level_it_uses(kot, tmp_path):
    page = tmp_path / "h.html"
    assert kot("plan", "--goal", "knee-pain", "-o", str(page)).code == 0
    html = page.read_text()
    assert html.count('<div class="level">') == html.count('<div class="fig"><svg') > 5


def test_markdown_export_writes_figures_beside_it_and_never_overwrites(kot, tmp_path):
    plan = tmp_path / "plan.yaml"
    assert kot("plan", "-g", "knee-pain", "-o", str(plan)).code == 0
    md = tmp_path / "plan.md"
    assert kot("export", str(plan), "-o", str(md)).code == 0
    pictures = sorted((tmp_path / "plan-figures").glob("*.svg"))
    text = md.read_text()
    assert pictures and all(f"](plan-figures/{p.name})" in text for p in pictures)
    (tmp_path / "notes.md").write_text("mine")
    (md).unlink()
    refused = kot("export", str(plan), "-o", str(md))  # the pictures are still there: nothing is written
    assert refused.code == 1 and "pass --force" in refused.err and not md.exists()
    assert kot("export", str(plan), "-o", str(md), "--force").code == 0 and md.exists()
    stdout = kot("export", str(plan), "-o", "-")
    assert stdout.code == 0 and "plan-figures" not in stdout.out and "Exercise pictures" not in stdout.out


def test_plan_tables_never_import_the_drawing_code():
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.__stderr__.write(repr([m for m in ('kot.render.figure', 'kot.kinematics', "
        "'kot.pictures') if m in sys.modules])))\n"
        "sys.argv = ['kot', 'plan', '-g', 'knee-pain']\n"
        "from kot.__main__ import run\nrun()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stderr.strip().endswith("[]"), result.stderr[-300:]


# --- the log page ------------------------------------------------------------------------------------------------


def test_the_log_page_has_drawn_tick_boxes_the_name_and_no_commands(library):
    import re

    from kot.generator import PlanRequest, build_program
    from kot.render.html import CSS, to_html

    program = build_program(PlanRequest("knee-pain"), library)
    program = replace(program, client='Ann "A" </style> Lee')
    page = to_html(program, log_sheet=True)
    tick = re.search(r"\.tick \{([^}]*)\}", CSS).group(1)
    size = {k: float(v) for k, v in re.findall(r"(width|height): ([\d.]+)mm", tick)}
    assert size["width"] >= 6 and size["height"] >= 6 and "border:" in tick
    assert "&#9744;" not in page and "☐" not in page and page.count('<span class="tick">') > 20
    logs = page.split('class="log page-break"')[1:]
    assert len(logs) == len(program.weeks) and all("Ann &quot;A&quot; &lt;/style&gt; Lee" in log for log in logs)
    assert '@top-right { content: "Ann \\22 A\\22  \\3c \\2f style\\3e  Lee"' in page  # on every printed page
    assert page.count("</style>") == 1
    text = re.sub(r"<style>.*?</style>|<svg.*?</svg>|<[^>]+>", " ", page, flags=re.S)
    assert not re.search(r"\bkot (checkin|next|plan|show|export)\b|--\w", text)


def test_on_is_explained_not_just_unknown(kot, tmp_path):
    """`on:` would be the natural word, but YAML 1.1 reads it as yes/no; the message says what to write."""
    result = _validate(kot, tmp_path, "      on: step\n      start: {}\n      end: {}\n")
    assert result.code == 1 and "write support:" in result.err and "my-squat.yaml:" in result.err


def test_a_resting_part_off_its_surface_reads_well(kot, tmp_path):
    pose = "      start: {rest: [feet, hands]}\n      end: {}\n"  # hands hanging, said to rest on the floor
    result = _validate(kot, tmp_path, pose)
    assert result.code == 1 and "the hands float" in result.err and "cm above the floor" in result.err


def test_a_level_without_a_pose_says_so(kot, tmp_path):
    folder = tmp_path / "lib" / "exercises"
    folder.mkdir(parents=True)
    (folder / "my-squat.yaml").write_text(
        LEVEL.replace("KNEE", "low").replace("CUE", "Slow").replace("    pose:\nPOSE", "")
    )
    result = kot("exercises", "show", "my-squat", "-L", str(tmp_path / "lib"), "-f", "svg")
    assert result.code == 1 and "has no pose to draw" in result.err and "`" not in result.err
    assert kot("validate", str(tmp_path / "lib")).code == 0
