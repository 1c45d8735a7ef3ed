"""Hostile text (issue 12): control characters are refused where text comes in, and whatever text is printed
reaches the terminal literally, never as rich markup, HTML or terminal control.

Every run here goes through the real entry point with NO_COLOR set, so any ESC or BEL in the output came
from the hostile text. Tests that fail only because of the renderers (kot/render/*, issue 11) are marked
xfail with reason "issue 11 renderers"; remove the marks when the renderers escape what they insert.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from kot import plaintext
from kot.errors import DataError
from kot.yamlio import parse_located

ROOT = Path(__file__).resolve().parent.parent
ESC, BEL = "\x1b", "\x07"


def clean(run, code: int | None = None) -> None:
    """No crash, no traceback, no terminal control anywhere in what was printed."""
    assert run.code != 70, run.err
    assert "Traceback" not in run.out + run.err
    assert ESC not in run.out + run.err and BEL not in run.out + run.err, (run.out + run.err)[:500]
    if code is not None:
        assert run.code == code, run.err


# --- the plain-text rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "one_line", "needle"),
    [
        ("clear \x1b[2J screen", False, "U+001B, ESC"),
        ("bell \x07", False, "U+0007, BEL"),
        ("over\rwrite", False, "U+000D, CR"),
        ("c1 \x9b control", False, "U+009B"),
        ("del \x7f", False, "U+007F, DEL"),
        ("tab\there", False, "a tab"),
        ("reversed \u202e txt", False, "bidirectional override"),
        ("lone \ud800", False, "lone surrogate"),
        ("caf\udce9", False, "a byte that is not UTF-8 (0xE9)"),  # argv bytes Python could not decode
        ("two\nlines", True, "must be one line"),
        ("two\u2028lines", True, "must be one line"),
    ],
)
def test_control_characters_and_line_breaks_are_named(text, one_line, needle):
    found = plaintext.problem(text, one_line=one_line)
    assert found is not None and needle in found


@pytest.mark.parametrize("text", ["Knee over toes, 3/10", "Zoë's [link] <b> =1+1 ✓ 😀", "[/]"])
def test_plain_text_passes(text):
    assert plaintext.problem(text) is None


def test_prose_may_hold_line_breaks_but_no_controls():
    assert plaintext.problem("one\ntwo", one_line=False) is None
    assert plaintext.problem("one\n\x1b", one_line=False) is not None


def test_visible_shows_controls_as_escapes_and_keeps_the_rest():
    assert plaintext.visible("a\x1b]0;x\x07b\nc é") == "a\\x1b]0;x\\x07b\nc é"


# --- library files: refused with a located problem -------------------------------------------------------

HOSTILE_FAMILY = """\
id: hostile-raise
name: "Raise \\e[2J"
category: lower-leg
pattern: ankle-dorsiflexion
goals: [knee-pain]
trains: [shins]
description: "fine\\nprose may hold a line break"
sources: ["a source \\a"]
levels:
  - id: wall-raise
    name: "Wall raise\\nsecond line"
    equipment: [wall]
    dosage: {sets: 2, reps: [15, 25], tempo: 2-1-2, rest_seconds: 45}
    max_pain: 6
    cues:
      - "Carriage\\rreturn"
      - "C1 \\x9b control"
      - "Bidi \\u202e override"
    progress_when: "next line \\N here"
    media: ["https://example.invalid/\\e"]
"""


def test_validate_refuses_every_control_character_with_its_line_and_field(kot, tmp_path):
    lib = tmp_path / "lib"
    (lib / "exercises").mkdir(parents=True)
    (lib / "exercises" / "hostile-raise.yaml").write_text(HOSTILE_FAMILY, encoding="utf-8")
    run = kot("validate", str(lib))
    clean(run, 1)
    found = [line.split(": ", 2)[:2] for line in run.err.splitlines()[:-1]]
    where = {field: place.rsplit(":", 2)[-2:] for place, field in found}
    assert where == {
        "name": ["2", "7"],
        "sources[0]": ["8", "11"],
        "levels[id=wall-raise].name": ["11", "11"],
        "levels[id=wall-raise].cues[0]": ["16", "9"],
        "levels[id=wall-raise].cues[1]": ["17", "9"],
        "levels[id=wall-raise].cues[2]": ["18", "9"],
        "levels[id=wall-raise].progress_when": ["19", "20"],  # \N is NEL, a C1 control
        "levels[id=wall-raise].media[0]": ["20", "13"],
    }, run.err
    assert "description" not in run.err  # prose may hold a line break
    assert "ESC, the start of a terminal escape" in run.err and "must be one line" in run.err


PLAIN_FAMILY = """\
id: plain-raise
name: Raise
category: lower-leg
pattern: ankle-dorsiflexion
goals: [knee-pain]
trains: [shins]
levels:
  - id: wall-raise
    name: Wall raise
    equipment: [wall]
    dosage: {sets: 2, reps: [15, 25], tempo: 2-1-2, rest_seconds: 45}
    max_pain: MAX_PAIN
    cues: [Heels down]
"""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0x2D", "'0x2D' is not a plain number"),
        ("4_5", "'4_5' is not a plain number"),
        ("+4", "'+4' is not a plain number"),
        ("0b11", "'0b11' is not a plain number"),
        ("true", "must be a whole number (got True)"),
        ("'4'", "must be a whole number (got '4')"),
        ("4.0", "must be a whole number (got 4.0)"),
        ("9" * 5000, "a number 5000 digits long"),
    ],
)
def test_numbers_in_library_files_are_plain_numbers(kot, tmp_path, value, message):
    bad = tmp_path / "exercises" / "plain-raise.yaml"
    bad.parent.mkdir()
    bad.write_text(PLAIN_FAMILY.replace("MAX_PAIN", value), encoding="utf-8")
    run = kot("validate", str(bad))
    clean(run, 1)
    assert re.search(rf":12:15: levels\[(id=wall-raise|0)\]\.max_pain: {re.escape(message)}", run.err), run.err
    good = PLAIN_FAMILY.replace("MAX_PAIN", "4")
    bad.write_text(good, encoding="utf-8")
    clean(kot("validate", str(bad)), 0)


def test_knee_days_must_be_in_order(kot, tmp_path):
    source = (ROOT / "programs" / "knee-pain.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "programs" / "knee-pain.yaml"
    bad.parent.mkdir()
    bad.write_text(source.replace("knee_days: {min: 2, max: 3}", "knee_days: {min: 7, max: 1}"), encoding="utf-8")
    run = kot("validate", str(bad))
    clean(run, 1)
    assert "knee_days: min (7) is more than max (1)" in run.err


def test_yaml_cannot_even_spell_a_lone_surrogate():
    with pytest.raises(DataError, match="invalid Unicode character escape"):
        parse_located('name: "\\ud800"\n', "f.yaml")


# --- free text on the command line and in imports -------------------------------------------------------


@pytest.fixture
def plan(kot, tmp_path):
    path = tmp_path / "plan.yaml"
    assert kot("plan", "--goal", "knee-pain", "--pain", "3", "-o", str(path)).code == 0
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--note", "sore \x1b]0;owned\x07"], "Invalid value for '--note': character 6 is a control character"),
        (["--note", "x" * 2001], "Invalid value for '--note': 2001 characters long; at most 2000"),
        (["-x", "tibialis-raise=²"], "write ID=PAIN"),
        (["-x", "tibialis-raise=" + "1" * 5000], "write ID=PAIN"),
    ],
)
def test_checkin_free_text_is_refused_naming_the_option(kot, plan, args, message):
    run = kot("checkin", str(plan), "--during", "2", *args)
    clean(run, 2)
    assert message in run.err
    assert json.loads(kot("history", str(plan), "-f", "json").out) == []


def test_a_note_may_hold_brackets_and_a_line_break(kot, plan):
    note = "[left knee] sore after stairs [/]\nbetter by lunch"
    assert kot("checkin", str(plan), "--during", "2", "--note", note).code == 0
    assert json.loads(kot("history", str(plan), "-f", "json").out)[0]["note"] == note


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--client", "Ann\nLee", "Invalid value for '--client': must be one line"),
        ("--coach", "Sam \x1b[31m", "Invalid value for '--coach': character 5 is a control character"),
        ("--client", "A" * 81, "Invalid value for '--client': 81 characters long; at most 80"),
    ],
)
def test_client_and_coach_are_one_line_of_plain_text(kot, tmp_path, flag, value, message):
    run = kot("plan", "-g", "knee-pain", flag, value, "-o", str(tmp_path / "p.yaml"))
    clean(run, 2)
    assert message in run.err and not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"note": "x\x1b[2J"}, "row 1: note: character 2 is a control character (U+001B"),
        ({"note": "lone \ud800"}, "row 1: note: character 6 is a lone surrogate"),
        ({"plan_id": "plan\nnext"}, "row 1: plan_id: must be one line"),
        ({"exercises": {"raise\x07": 3}}, "row 1: exercises: character 6 is a control character (U+0007"),
        ({"note": "n" * 2001}, "row 1: note: 2001 characters long; at most 2000"),
    ],
)
def test_imported_rows_are_plain_text(kot, tmp_path, change, message):
    row = {"plan_id": "p-1", "week": 1, "day": 1, "during": 2, "next_morning": None, "status": "done", **change}
    path = tmp_path / "rows.json"
    path.write_text(json.dumps([row]), encoding="utf-8")
    run = kot("history", "--import", str(path))
    clean(run, 1)
    assert message in run.err


# --- saved plans with hostile text ---------------------------------------------------------------------


def edited(plan: Path, tmp_path: Path, edit, suffix: str = "json") -> Path:
    """A copy of a saved plan, changed by hand."""
    import yaml

    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / f"edited.{suffix}"
    path.write_text(json.dumps(data) if suffix == "json" else yaml.safe_dump(data), encoding="utf-8")
    return path


def first_item(data: dict) -> dict:
    return data["weeks"][0]["sessions"][0]["items"][1]


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_a_saved_plan_with_control_characters_is_refused_by_every_command(kot, plan, tmp_path, suffix):
    hostile = edited(plan, tmp_path, lambda d: first_item(d)["cues"].__setitem__(0, "\x1b]0;owned\x07"), suffix)
    commands = [
        ["show", str(hostile)],
        ["show", str(hostile), "-f", "markdown"],
        ["export", str(hostile), "-o", str(tmp_path / "x.md")],
        ["export", str(hostile), "-o", str(tmp_path / "x.ics"), "--start", "2026-12-01"],
        ["export", str(hostile), "-o", str(tmp_path / "x.csv")],
        ["checkin", str(hostile), "--during", "2"],
        ["history", str(hostile)],
        ["progress", str(hostile)],
        ["next", str(hostile)],
        ["validate", str(hostile)],
    ]
    for command in commands if suffix == "json" else commands[:1] + commands[-1:]:  # YAML: the reader is shared
        run = kot(*command)
        clean(run, 1)
        assert "week 1 day 1 tibialis-raise.cues[0]: character 1 is a control character" in run.err, command
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plan.yaml", hostile.name])


def test_a_path_that_looks_like_markup_or_control_is_printed_literally(kot, tmp_path):
    folder = tmp_path / "a[" / "b] [link=x]"  # the path holds "[/", rich's closing tag
    folder.mkdir(parents=True)
    target = folder / "p\x1b]0;owned\x07.yaml"
    run = kot("plan", "-g", "knee-pain", "-o", str(target))
    clean(run, 0)
    wrote, hint, *_ = run.err.splitlines()
    assert wrote == f"Wrote {folder}/p\\x1b]0;owned\\x07.yaml" and hint.startswith("Next:")
    assert "\x1b" not in run.err and "\x07" not in run.err
    assert target.is_file()
    clean(kot("today", str(target)), 0)
    missing = kot("show", str(folder / "gone\x1b[2J.yaml"))
    clean(missing, 1)
    assert "gone\\x1b[2J.yaml: no such file" in missing.err


def test_a_refused_plan_asked_for_in_a_file_says_so_and_writes_nothing(kot, tmp_path):
    run = kot("plan", "-g", "knee-pain", "-p", "8", "-o", str(tmp_path / "plan.json"))
    clean(run, 3)
    assert "Plan refused for safety." in run.err and "pain 8/10" in run.err
    assert f"Nothing was written to {tmp_path / 'plan.json'}." in run.err
    assert list(tmp_path.iterdir()) == []


# --- what the renderers print: the hostile text, literally and safely -------------------------------------

NAME = "Raise [bold]loud[/bold] <script>alert(1)</script>"
LEVEL_NAME = "+cmd|' /C calc'!A0 <b>bold</b>"
CUES = [
    "=1+1",
    "[link=https://example.invalid/]click[/link]",
    "[/]",
    "@SUM(A1:A2)",
    "<img src=x onerror=alert(1)>",
    "-2 | pipe *stars* `tick`",
]


@pytest.fixture(scope="module")
def hostile_lib(tmp_path_factory) -> Path:
    """A valid library (plain text only) whose tibialis raise is named and cued with markup, HTML, table
    syntax and spreadsheet formulas: all of it is text a coach may write, and must come out as written."""
    import yaml

    lib = tmp_path_factory.mktemp("hostile-lib")
    family = yaml.safe_load((ROOT / "exercises" / "tibialis-raise.yaml").read_text(encoding="utf-8"))
    family["name"] = NAME
    family["levels"][0]["name"] = LEVEL_NAME
    family["levels"][0]["cues"] = CUES
    (lib / "exercises").mkdir()
    (lib / "exercises" / "tibialis-raise.yaml").write_text(yaml.safe_dump(family, sort_keys=False), encoding="utf-8")
    return lib


def hostile_plan(kot, lib: Path, *extra: str):
    return kot("plan", "-g", "knee-pain", "-p", "3", "-w", "2", "-L", str(lib), *extra)


def test_the_hostile_library_is_valid(kot, hostile_lib):
    clean(kot("validate", str(hostile_lib)), 0)


def test_data_formats_keep_the_hostile_text_exactly(kot, hostile_lib):
    import yaml

    for fmt, load in (("json", json.loads), ("yaml", yaml.safe_load)):
        run = hostile_plan(kot, hostile_lib, "-f", fmt)
        clean(run, 0)
        item = load(run.out)["weeks"][0]["sessions"][0]["items"][1]
        assert (item["family_name"], item["cues"]) == (NAME, CUES)


def test_table_prints_markup_literally(kot, hostile_lib):
    run = hostile_plan(kot, hostile_lib)
    clean(run, 0)
    for piece in ("[bold]loud[/bold]", "[link=", "[/link]", "[/]", "<script>"):
        assert piece in run.out, piece


def test_markdown_escapes_html_and_keeps_text(kot, hostile_lib):
    run = hostile_plan(kot, hostile_lib, "-f", "markdown")
    clean(run, 0)
    tokens = [
        t for block in MarkdownIt("commonmark").enable("table").parse(run.out) for t in [block, *(block.children or [])]
    ]
    html = [t.content for t in tokens if t.type in ("html_inline", "html_block")]
    assert set(html) <= {"<br>", "<sub>", "</sub>"}, html  # kot's own tags, nothing from the library
    shown = " ".join(t.content for t in tokens if t.type == "text")  # what a reader sees: the text, as written
    assert "<script>alert(1)</script>" in shown and "<img src=x onerror=alert(1)>" in shown


def test_csv_cells_never_start_a_formula(kot, hostile_lib):
    run = hostile_plan(kot, hostile_lib, "-f", "csv")
    clean(run, 0)
    cells = [cell for row in csv.reader(io.StringIO(run.out)) for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    assert any("1+1" in c for c in cells)


def test_calendar_keeps_the_text(kot, hostile_lib, tmp_path):
    from icalendar import Calendar

    saved = tmp_path / "plan.yaml"
    clean(hostile_plan(kot, hostile_lib, "-o", str(saved)), 0)
    ics = tmp_path / "plan.ics"
    clean(kot("export", str(saved), "-o", str(ics), "--start", "2026-12-01"), 0)
    raw = ics.read_bytes()
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", raw)
    events = Calendar.from_ical(raw).walk("VEVENT")
    assert any(NAME in str(e["DESCRIPTION"]) or NAME in str(e["SUMMARY"]) for e in events)


def test_html_handout_escapes_everything(kot, hostile_lib, tmp_path):
    page = tmp_path / "handout.html"
    run = hostile_plan(kot, hostile_lib, "-o", str(page))
    clean(run, 0)
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<img src=x" not in html and "&lt;script&gt;" in html


def test_library_views_print_markup_literally(kot, hostile_lib):
    for command in (["exercises", "show", "tibialis-raise"], ["exercises", "list"]):
        run = kot(*command, "-L", str(hostile_lib))
        clean(run, 0)
        assert "[bold]loud[/bold]" in run.out, command


def test_a_note_with_markup_prints_literally_in_the_diary_views(kot, plan):
    note = "[left knee] sore [/] [link=https://example.invalid/]x[/link]"
    assert kot("checkin", str(plan), "--during", "2", "--note", note).code == 0
    for command in (["history", str(plan)], ["history"]):
        run = kot(*command)
        clean(run, 0)
        assert "[left knee]" in run.out and "[/]" in run.out, command
    clean(kot("progress", str(plan)), 0)  # charts only: no note to show, and none breaks it


def test_control_characters_already_in_the_diary_are_never_printed(kot, plan, monkeypatch):
    """A diary written before these checks may hold anything; showing it must not drive the terminal."""
    assert kot("checkin", str(plan), "--during", "2", "--note", "placeholder").code == 0
    home = Path(__import__("os").environ["KOT_HOME"])
    conn = sqlite3.connect(home / "kot.sqlite3")
    conn.execute("UPDATE checkin SET note = ?", ("old \x1b]0;owned\x07 note \x1b[2J",))
    conn.commit()
    conn.close()
    for command in (["history", str(plan)], ["history", str(plan), "-f", "csv"], ["progress", str(plan)]):
        clean(kot(*command), 0)


def test_every_printing_command_survives_the_hostile_library(kot, hostile_lib, tmp_path):
    """Whatever the renderers do with it, nothing crashes and no command exits 70."""
    saved = tmp_path / "plan.yaml"
    assert hostile_plan(kot, hostile_lib, "-o", str(saved)).code == 0
    runs = [hostile_plan(kot, hostile_lib, "-f", fmt) for fmt in ("table", "markdown", "csv", "json", "yaml")] + [
        kot("show", str(saved), "--explain"),
        kot("today", str(saved)),
        kot("export", str(saved), "-o", "-"),
        kot("checkin", str(saved), "--during", "2", "--note", "[/] fine"),
        kot("history", str(saved)),
        kot("progress", str(saved)),
        kot("next", str(saved), "-L", str(hostile_lib)),
        kot("exercises", "show", "tibialis-raise", "-L", str(hostile_lib), "-f", "yaml"),
    ]
    for run in runs:
        assert run.code != 70 and "Traceback" not in run.err, run.err
