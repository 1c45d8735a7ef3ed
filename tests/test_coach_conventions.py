"""A coach's conventions: help that says units once, schemas with hover help, `kot exercises` and `kot init`
without arguments, forks with their own names, a missed session shown as missed, Ctrl-C on its own line,
and `kot validate` in a library folder reporting every problem of every file in one pass."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from kot.kinds import KINDS, json_schema


@pytest.mark.parametrize("kind", KINDS)
def test_every_schema_field_has_a_description(kind):
    """An editor's hover help: every property of every model of the file kind says what it is."""
    schema = json.loads(json_schema(kind))
    missing = [
        f"{name}.{field}"
        for name, node in [(schema["title"], schema), *schema.get("$defs", {}).items()]
        for field, prop in node.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == []


def test_the_fields_a_coach_asked_about_are_described():
    exercise = json.loads(json_schema("exercise"))
    level = exercise["$defs"]["LadderLevel"]["properties"]
    for field in ("knee_demand", "cues", "id", "dosage"):
        assert len(level[field]["description"]) > 15, field
    assert "end-range" in level["knee_demand"]["description"]
    assert "kebab-case" in exercise["properties"]["id"]["description"]


@pytest.mark.parametrize("path", [("plan",), ("exercises", "list"), ("export",), ("show",), ("goals",)])
def test_help_says_units_and_each_default_once(kot, path):
    text = kot(*path, "-h").out
    assert not re.search(r"Default: (\w+)\.\s+\[default: \1\]", " ".join(text.split())), text
    assert not re.search(r"--\w[\w-]* N\b", text), "a metavar that says its unit, not N"


def test_plan_metavars_say_their_units(kot):
    text = kot("plan", "-h").out
    for option in ("--pain PAIN", "--weeks WEEKS", "--days DAYS", "--minutes MINUTES", "--week WEEK"):
        assert option in text


def test_exercises_alone_lists_like_goals(kot):
    run = kot("exercises")
    assert run.code == 0, run.err
    assert run.out == kot("exercises", "list").out
    assert "tibialis-raise" in run.out


def test_init_without_a_folder(kot, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    run = kot("init")
    assert run.code == 0, run.err
    assert (empty / "exercises").is_dir() and "this folder, which is empty" in run.err
    again = kot("init")  # no longer empty: a folder of its own, and it says where
    assert again.code == 0, again.err
    assert (empty / "mylib" / "exercises").is_dir() and "mylib/" in again.err


def test_a_fork_has_a_name_of_its_own(kot, tmp_path):
    lib = tmp_path / "lib"
    assert kot("new", "exercise", "--from", "tibialis-raise", "--id", "my-raise", "-L", str(lib)).code == 0
    families = json.loads(kot("exercises", "list", "-L", str(lib), "-f", "json").out)
    names = [f["name"] for f in families]
    assert len(names) == len(set(names))
    assert "Tibialis raise (my-raise)" in names


def test_a_missed_session_shows_as_missed_not_pain_0(kot, tmp_path):
    plan = tmp_path / "plan.yaml"
    assert kot("plan", "-g", "knee-pain", "-o", str(plan)).code == 0
    assert kot("checkin", str(plan), "--week", "1", "--day", "1", "--skipped").code == 0
    assert kot("checkin", str(plan), "--week", "1", "--day", "2", "--during", "2", "--next-morning", "2").code == 0
    out = kot("progress", str(plan)).out
    [missed] = [line for line in out.splitlines() if line.startswith("W1 D1")]
    assert "missed" in missed and "0" not in missed.replace("W1 D1", "")
    [done] = [line for line in out.splitlines() if line.startswith("W1 D2")]
    assert "2" in done.replace("W1 D2", "")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("stream", "shown"), [(_Terminal, "\nInterrupted.\n"), (io.StringIO, "Interrupted.\n")])
def test_ctrl_c_starts_a_fresh_line_in_a_terminal(monkeypatch, stream, shown):
    """A terminal echoes ^C: the message goes on the next line, never "^CInterrupted."."""
    import sys

    from kot import cli

    err = stream()
    monkeypatch.setattr(sys, "stderr", err)
    assert cli._interrupted() == 130
    assert err.getvalue() == shown


# --- validate in a library folder ------------------------------------------------------------------------


def broken_library(kot, root: Path) -> Path:
    """A coach's library with a typo in each kind of place: a schema value, an unknown field, a goal id, a
    prefer id, and a YAML indentation mistake in a second family."""
    assert kot("init", str(root)).code == 0
    assert kot("new", "exercise", "--from", "tibialis-raise", "--id", "my-raise", "-L", str(root)).code == 0
    assert kot("new", "goal", "--from", "knee-pain", "--id", "my-knee", "-L", str(root)).code == 0
    raise_file = root / "exercises" / "my-raise.yaml"
    text = raise_file.read_text()
    text = text.replace("goals: [knee-pain,", "goals: [knee-pian,", 1)
    text = text.replace("    knee_demand: none\n", "    knee_demand: nnone\n", 1)
    text = text.replace("rest_seconds: 45}", "rest_secs: 45}", 1)
    raise_file.write_text(text)
    goal_file = root / "programs" / "my-knee.yaml"
    goal_file.write_text(goal_file.read_text().replace("prefer: [tibialis-raise]", "prefer: [my-rase]", 1))
    (root / "exercises" / "bad.yaml").write_text("id: bad\nlevels:\n  - id: a\n   name: b\n")
    return root


def test_validate_in_a_library_folder_reports_every_problem_at_once(kot, tmp_path, monkeypatch):
    lib = broken_library(kot, tmp_path / "mylib")
    monkeypatch.chdir(lib)
    run = kot("validate")
    assert run.code == 1
    assert "Checking this folder (.)" in run.err
    lines = run.err.splitlines()
    expected = [
        "exercises/bad.yaml:4:4: invalid YAML: this line is indented differently from the list above it",
        "exercises/my-raise.yaml:6:9: goals[0]: unknown goal 'knee-pian' (did you mean 'knee-pain'",
        ".dosage.rest_secs: unknown field 'rest_secs' (did you mean 'rest_seconds'?)",
        ".knee_demand: unknown value 'nnone' (did you mean 'none'?)",
        "slots[1].prefer[0]: unknown exercise family 'my-rase' (did you mean 'my-raise'?)",
        "5 problems in 3 files",
    ]
    for needle in expected:
        assert any(needle in line for line in lines), (needle, lines)
    assert not any("while parsing" in line or "expected '-' indicator" in line for line in lines)
    assert kot("validate", ".").err.splitlines()[-5:] == lines[-5:], "the same as kot validate ."


def test_the_built_in_library_folder_is_not_taken_for_the_users(kot, monkeypatch):
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    run = kot("validate")
    assert run.code == 0, run.err
    assert "Checking this folder" not in run.err and run.out.startswith("ok: ")


def test_a_command_in_a_library_folder_it_was_not_given_says_so(kot, tmp_path, monkeypatch):
    lib = tmp_path / "mylib"
    assert kot("init", str(lib)).code == 0
    assert kot("new", "goal", "--from", "knee-pain", "--id", "my-knee", "-L", str(lib)).code == 0
    monkeypatch.chdir(lib)
    run = kot("plan", "-g", "my-knee")
    assert run.code == 2 and "unknown goal 'my-knee'" in run.err
    assert "this folder looks like a library" in run.err and "kot plan -g my-knee -L ." in run.err
    given = kot("plan", "-g", "my-knee", "-L", ".", "-f", "json")
    assert given.code == 0 and "looks like a library" not in given.err
    assert "looks like a library" not in kot("validate").err


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a:\n  - b\n   c: d\n", "indentation"),
        ("a: b: c\n", "a ':' where no key can start"),
        ('a: "unclosed\n', "never closed"),
        ("a: [1, 2\nb: 3\n", "not closed with ']'"),
        ("a:\n\t- b\n", "a tab: indent with spaces only"),
        ("a: @x\n", "cannot start with '@'"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("a:\n  b: 1\n c: 2\n", "indented differently from the keys above it"),
    ],
)
def test_yaml_syntax_errors_in_plain_words(text, words):
    from kot.errors import DataError
    from kot.yamlio import parse_located

    with pytest.raises(DataError) as raised:
        parse_located(text, "f.yaml")
    [problem] = raised.value.problems
    assert words in problem.message and problem.line >= 1 and problem.column >= 1
    assert "while parsing" not in problem.message and "while scanning" not in problem.message


def test_export_help_names_html_and_prints_to_stdout_without_o(kot, tmp_path):
    text = " ".join(kot("export", "-h").out.split())
    assert "printable HTML handout" in text and ".html (the handout)" in text
    assert "--log-sheet HTML and markdown:" in text
    plan = tmp_path / "plan.yaml"
    assert kot("plan", "-g", "knee-pain", "-o", str(plan)).code == 0
    html = kot("export", str(plan), "-f", "html")
    assert html.code == 0, html.err
    assert html.out.lstrip().lower().startswith("<!doctype html>") and "Wrote" not in html.err
    assert kot("export", str(plan)).out.startswith("# Knee pain"), "markdown by default, as before"


def test_a_calendar_without_start_is_a_missing_option(kot, tmp_path):
    plan = tmp_path / "plan.yaml"
    assert kot("plan", "-g", "knee-pain", "-o", str(plan)).code == 0
    run = kot("export", str(plan), "-o", str(tmp_path / "plan.ics"))
    assert run.code == 2 and "Missing option '--start'" in run.err and "Invalid value" not in run.err
    assert not (tmp_path / "plan.ics").exists()


@pytest.mark.parametrize(("stream", "wrapped"), [(_Terminal, True), (io.StringIO, False)])
def test_problems_wrap_at_spaces_in_a_terminal_and_stay_whole_lines_for_tools(
    kot, tmp_path, monkeypatch, stream, wrapped
):
    import sys

    broken_library(kot, tmp_path / "mylib")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "60")
    err = stream()
    monkeypatch.setattr(sys, "stderr", err)
    from kot.cli import main

    with pytest.raises(SystemExit):
        main(["validate", "mylib"])
    lines = err.getvalue().splitlines()
    assert (max(len(line) for line in lines) <= 60) == wrapped
    if wrapped:  # every continuation is indented under its problem, no word cut
        assert all(line.startswith(("    ", "mylib/", "5 problems")) for line in lines), lines
        assert "'knee-pain'" in err.getvalue()
