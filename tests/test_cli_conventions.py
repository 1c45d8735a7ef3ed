"""The conventions of a good CLI, through the real entry point: help, completion, metavars, short options,
stdout as `-o -`, format names, and error messages in kot's own words naming the flag actually typed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from kot import output

ROOT = Path(__file__).resolve().parent.parent


def walk() -> list[tuple[tuple[str, ...], object]]:
    from kot.cli import app

    found: list[tuple[tuple[str, ...], object]] = []

    def visit(command, prefix: tuple[str, ...]) -> None:
        found.append((prefix, command))
        for name, sub in (getattr(command, "commands", None) or {}).items():
            visit(sub, prefix + (name,))

    visit(typer.main.get_command(app), ())
    return found


COMMANDS = walk()
PATHS = [path for path, _ in COMMANDS]
LEAVES = [(path, command) for path, command in COMMANDS if not getattr(command, "commands", None)]


def test_the_contract_commands_exist():
    expected = {
        (),
        ("plan",),
        ("show",),
        ("export",),
        ("exercises",),
        ("exercises", "list"),
        ("exercises", "show"),
        ("goals",),
        ("goals", "list"),
        ("goals", "show"),
        ("validate",),
        ("schema",),
        ("init",),
        ("new",),
        ("new", "exercise"),
        ("new", "goal"),
        ("checkin",),
        ("history",),
        ("next",),
        ("progress",),
        ("simulate",),
    }
    assert expected <= set(PATHS)


# --- help -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "kot")
def test_every_command_has_real_help_and_examples(kot, path):
    command = dict(COMMANDS)[path]
    assert (command.help or "").strip(), "a docstring or help= is the first line of --help"
    for param in command.params:
        if param.name not in ("help", "install_completion", "show_completion"):
            assert (param.help or "").strip(), f"{param.name} has no help text"
    for flag in ("--help", "-h"):
        run = kot(*path, flag)
        assert run.code == 0, run.err
        assert run.out.startswith(f"Usage: kot{' ' if path else ''}{' '.join(path)}")
        assert " ".join(command.help.split("\n\n")[0].split()) in " ".join(run.out.split())
        last = run.out.strip().split("\n\n")
        assert last[-2].strip() == "Examples:", f"help of {path} does not end with examples"
        example_lines = last[-1].strip().splitlines()
        assert example_lines and all(line.strip().startswith("kot ") for line in example_lines)
    assert kot(*path, "-h").out == kot(*path, "--help").out


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "kot")
def test_metavars_read_as_words(kot, path):
    text = kot(*path, "--help").out
    usage_and_options = text.split("Examples:")[0]
    for leak in ("<", "list[", "[[", "{", "range"):
        assert leak not in usage_and_options, f"{leak!r} in the help of {path}"


def test_examples_run_as_written(kot, tmp_path, monkeypatch):
    """Every example that needs no file of its own runs cleanly (a sample of the cheap ones)."""
    monkeypatch.chdir(tmp_path)
    for line in (
        "kot plan --goal knee-pain",
        "kot exercises list -e none -f json",
        "kot goals -f json",
        "kot schema goal",
        "kot init mylib",
        "kot new exercise --from tibialis-raise --id my-raise -L mylib",
        "kot validate mylib",
    ):
        run = kot(*line.split()[1:])
        assert run.code == 0, (line, run.err)


# --- completion -----------------------------------------------------------------------------------------


# What only that shell's script holds.
SCRIPTS = {"bash": "COMPREPLY=", "zsh": "#compdef kot", "fish": "complete --command kot"}


@pytest.mark.parametrize("shell", sorted(SCRIPTS))
def test_show_completion_prints_the_named_shells_script(shell, tmp_path):
    """Whatever shell started kot (none, say, under CI; or another one), `--show-completion SHELL` prints
    SHELL's script: a clean environment, so the shell that started pytest plays no part."""
    other = next(s for s in SCRIPTS if s != shell)
    for launched_by, args in ((None, ["--show-completion", shell]), (other, [f"--show-completion={shell}"])):
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
        if launched_by:
            env["SHELL"] = f"/bin/{launched_by}"
        done = subprocess.run([sys.executable, "-m", "kot", *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "_KOT_COMPLETE" in done.stdout
        assert [s for s, mark in SCRIPTS.items() if mark in done.stdout] == [shell]


def test_show_completion_of_an_unknown_shell_says_which_are_known(kot):
    run = kot("--show-completion", "tcsh")
    assert run.code == 2
    assert "'tcsh' is not a shell kot completes for" in run.err and "bash, zsh, fish" in run.err


def complete(words: str, tmp_path: Path) -> list[str]:
    env = {
        **os.environ,
        "_KOT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "PYTHONPATH": str(ROOT),
        "KOT_HOME": str(tmp_path),
    }
    env.pop("KOT_LIBRARY", None)
    result = subprocess.run([sys.executable, "-m", "kot"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_completion_of_commands_choices_and_ids(tmp_path):
    assert complete("kot pl", tmp_path) == ["plan"]
    assert complete("kot plan --level ", tmp_path) == ["beginner", "intermediate", "advanced"]
    assert complete("kot plan -f ", tmp_path) == output.choices(output.PLAN)
    assert complete("kot schema ", tmp_path) == ["exercise", "goal", "plan", "test", "assessment"]
    assert complete("kot plan -g knee", tmp_path) == ["knee-oa", "knee-pain"]


def complete_here(kot, monkeypatch, words: str) -> list[str]:
    """As `complete`, in this process (fast: the subprocess above shows the real thing works)."""
    monkeypatch.setenv("_KOT_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    try:
        run = kot()
    finally:
        for name in ("_KOT_COMPLETE", "COMP_WORDS", "COMP_CWORD"):
            monkeypatch.delenv(name)
    assert run.code == 0, run.err
    return run.out.split()


def test_completion_of_equipment_goal_and_exercise_ids(kot, monkeypatch, tmp_path):
    def complete(words: str, _: Path) -> list[str]:
        return complete_here(kot, monkeypatch, words)

    assert complete("kot plan -e sl", tmp_path) == ["slant-board", "sled"]
    assert complete("kot plan -e sled,bo", tmp_path) == ["sled,box"]
    assert complete("kot plan --equipment no", tmp_path) == ["nordic-anchor", "none"]
    assert complete("kot exercises list -e tib", tmp_path) == ["tib-bar"]
    assert complete("kot exercises list --category knee-d", tmp_path) == ["knee-dominant"]
    assert complete("kot exercises list -g long", tmp_path) == ["longevity"]
    assert complete("kot exercises show tibialis", tmp_path) == ["tibialis-raise"]
    assert complete("kot goals show mob", tmp_path) == ["mobility"]
    assert complete("kot new exercise --from wall-", tmp_path) == ["wall-sit"]
    assert complete("kot new goal --from ath", tmp_path) == ["athletic"]
    assert complete("kot simulate -g knee-p", tmp_path) == ["knee-pain"]


def test_install_completion_is_offered(kot):
    run = kot("--help")
    assert "--install-completion" in run.out and "--show-completion" in run.out


# --- short options mean one thing -------------------------------------------------------------------------


def test_each_short_option_means_one_thing_everywhere():
    meanings: dict[str, set[str]] = {}
    for _, command in LEAVES:
        for param in command.params:
            longs = [o for o in getattr(param, "opts", []) if o.startswith("--")]
            for short in (o for o in getattr(param, "opts", []) if re.fullmatch(r"-[A-Za-z]", o)):
                meanings.setdefault(short, set()).update(longs)
    assert {s: m for s, m in meanings.items() if len(m) != 1} == {}
    assert meanings["-w"] == {"--weeks"} and meanings["-d"] == {"--days"}


def test_w_and_d_belong_to_the_plan_inputs_only():
    owners = {
        " ".join(path)
        for path, command in LEAVES
        for param in command.params
        if {"-w", "-d"} & set(getattr(param, "opts", []))
    }
    assert owners == {"plan", "simulate"}


# --- formats ----------------------------------------------------------------------------------------------

FORMAT_SETS = {
    "plan": ["table", "markdown", "json", "yaml", "csv", "html"],
    "list": ["table", "json", "yaml"],
    "diary": ["table", "json", "yaml", "csv"],
}
KINDS = {
    "plan": [output.PLAN],
    "list": [output.FAMILIES, output.FAMILY, output.GOALS, output.GOAL, output.SIMULATION],
    "diary": [output.CHECKINS, output.PROGRESS],
}


DRAWN = {output.FAMILY: ["svg"]}  # a family also draws its levels' pictures (kot exercises show -f svg)


@pytest.mark.parametrize("group", sorted(FORMAT_SETS))
def test_one_format_set_per_kind_of_output(group):
    for kind in KINDS[group]:
        assert output.choices(kind) == FORMAT_SETS[group] + DRAWN.get(kind, []), kind


@pytest.mark.parametrize(
    ("path", "group"),
    [
        (("plan",), "plan"),
        (("show",), "plan"),
        (("exercises", "list"), "list"),
        (("exercises", "show"), "list"),
        (("goals", "list"), "list"),
        (("goals", "show"), "list"),
        (("simulate",), "list"),
        (("history",), "diary"),
        (("progress",), "diary"),
    ],
)
def test_every_printing_command_offers_its_kinds_formats(kot, path, group):
    text = " ".join(kot(*path, "--help").out.split())
    for name in FORMAT_SETS[group]:
        assert name in text.split("Output format:")[1].split(".")[0], (path, name)


def test_md_means_markdown(kot):
    md = kot("plan", "-g", "knee-pain", "--format", "md")
    assert md.code == 0, md.err
    assert md.out == kot("plan", "-g", "knee-pain", "--format", "markdown").out
    assert md.out.startswith("# Knee pain")


@pytest.fixture
def saved(kot, tmp_path):
    path = tmp_path / "plan.yaml"
    assert kot("plan", "-g", "knee-pain", "-w", "4", "-o", str(path)).code == 0
    return path


def test_dash_output_is_stdout_for_plan_show_and_export(kot, saved, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    direct = kot("plan", "-g", "knee-pain", "-w", "4", "-f", "json")
    for args in (
        ("plan", "-g", "knee-pain", "-w", "4", "-f", "json", "-o", "-"),
        ("show", str(saved), "-f", "json", "-o", "-"),
        ("export", str(saved), "-f", "json", "-o", "-"),
    ):
        run = kot(*args)
        assert run.code == 0, run.err
        assert json.loads(run.out)["weeks"] == json.loads(direct.out)["weeks"]
        assert "Wrote" not in run.err
    assert not (tmp_path / "-").exists()
    assert kot("export", str(saved), "-o", "-").out.startswith("# Knee pain"), "export's own default is markdown"


def test_time_accepts_one_or_two_digit_hours(kot, saved, tmp_path):
    from icalendar import Calendar

    for value in ("7:00", "07:00"):
        target = tmp_path / f"plan-{value.replace(':', '')}.ics"
        run = kot("export", str(saved), "-o", str(target), "--start", "2026-11-30", "--time", value)
        assert run.code == 0, run.err
        starts = sorted(e.decoded("dtstart") for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
        assert starts[0].isoformat() == "2026-11-30T07:00:00"
    assert (tmp_path / "plan-700.ics").read_bytes() == (tmp_path / "plan-0700.ics").read_bytes()


@pytest.mark.parametrize(
    ("name", "kind"),
    [("exercise", "exercise"), ("goal", "goal"), ("plan", "plan"), ("template", "goal"), ("program", "plan")],
)
def test_file_kinds_have_one_name_and_keep_their_old_ones(kot, name, kind):
    from kot.kinds import json_schema

    run = kot("schema", name)
    assert run.code == 0, run.err
    assert run.out == json_schema(kind)


def test_progress_and_history_share_the_diary_formats(kot, saved):
    assert kot("checkin", str(saved), "--week", "1", "--day", "1", "--during", "2", "--next-morning", "2").code == 0
    for command in ("history", "progress"):
        for fmt in FORMAT_SETS["diary"]:
            run = kot(command, str(saved), "-f", fmt)
            assert run.code == 0, (command, fmt, run.err)
    assert json.loads(kot("progress", str(saved), "-f", "json").out)["weeks"][0]["worst_during"] == 2
    assert kot("progress", str(saved), "-f", "csv").out.startswith("week,worst_during,worst_morning")


# --- messages in kot's words, naming the flag typed ----------------------------------------------------------

FOREIGN = ("Input should", "Value error", "Invalid value for 'ID'", "list[", "<int", "is not a valid")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan", "-g", "knee-pain", "-p", "11"], "Invalid value for '-p': '11' is not a whole number from 0 to 10"),
        (
            ["plan", "-g", "knee-pain", "--pain", "x"],
            "Invalid value for '--pain': 'x' is not a whole number from 0 to 10",
        ),
        (
            ["plan", "-g", "knee-pain", "--pain=-1"],
            "Invalid value for '--pain': '-1' is not a whole number from 0 to 10",
        ),
        (["plan", "-g", "knee-pain", "-w", "0"], "Invalid value for '-w': '0' is not a whole number from 1 to 52"),
        (
            ["plan", "-g", "knee-pain", "--level", "expert"],
            "Invalid value for '--level': unknown level 'expert'; choose beginner, intermediate or advanced",
        ),
        (["plan", "-g", "knee-pain", "--symptom", "fever"], "Invalid value for '--symptom': unknown symptom 'fever'"),
        (
            ["plan", "-g", "knee-pian"],
            "Invalid value for '-g': unknown goal 'knee-pian' (did you mean 'knee-pain' or 'knee-oa'?)",
        ),
        (["plan", "--goal", "nope"], "Invalid value for '--goal': unknown goal 'nope'"),
        (["plan", "-g", "knee-pain", "-e", "slant-bord"], "Invalid value for '-e': unknown equipment 'slant-bord'"),
        (["plan", "-g", "knee-pain", "-f", "docx"], "Invalid value for '-f': 'docx' is not one of table, markdown"),
        (
            ["plan", "-g", "knee-pain", "-o", "plan.docx"],
            "Invalid value for '-o': cannot tell the format of 'plan.docx'",
        ),
        (["plan", "-g", "knee-pain", "--week", "9"], "Invalid value for '--week': 9 is not between 1 and 8"),
        (["exercises", "list", "--goal", "nope"], "Invalid value for '--goal': unknown goal 'nope'"),
        (["exercises", "list", "-g", "knee-pian"], "Invalid value for '-g': unknown goal 'knee-pian'"),
        (["exercises", "list", "--category", "knee-dominat"], "Invalid value for '--category': unknown category"),
        (
            ["exercises", "show", "tib-raise"],
            "Error: unknown exercise family 'tib-raise' (did you mean 'tibialis-raise'",
        ),
        (["schema", "templat"], "Invalid value for 'KIND': unknown file kind 'templat' (did you mean 'template'?)"),
        (["plan"], "Missing option '--goal'"),
    ],
)
def test_usage_errors_in_kots_words(kot, tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    run = kot(*args)
    assert run.code == 2, run
    assert expected in run.err
    assert not any(foreign in run.err for foreign in FOREIGN), run.err
    assert run.out == "" and list(tmp_path.iterdir()) == []


def test_a_value_from_a_file_blames_no_flag(kot, tmp_path):
    """`kot next` reads the goal from the saved plan: an unknown one is reported without a --goal it never had."""
    lib = tmp_path / "lib"
    assert kot("init", str(lib)).code == 0
    plan = tmp_path / "plan.yaml"
    assert kot("plan", "-g", "my-goal", "-L", str(lib), "-o", str(plan)).code == 0
    assert kot("checkin", str(plan), "--week", "1", "--day", "1", "--during", "2").code == 0
    run = kot("next", str(plan), "--now")
    assert run.code == 2
    assert "Error: unknown goal 'my-goal'" in run.err and "'--goal'" not in run.err and "'-g'" not in run.err
    assert kot("next", str(plan), "-L", str(lib)).code == 0


def test_checkin_lost_its_short_week_and_day(kot, saved):
    run = kot("checkin", str(saved), "-w", "1", "-d", "1", "--during", "2")
    assert run.code == 2 and "No such option: -w" in run.err
