"""At 80 columns no table or view cuts a word or an id in the middle: every word printed at 80 (and 60)
columns is a word kot prints when nothing has to wrap. A cut word ("Backwar" + "d", "wall-tibialis-" +
"raise") would be a fragment the wide output never holds."""

from __future__ import annotations

import re

import pytest

from kot.library import Library

PUNCTUATION = ",;:()·"
BORDERS = re.compile(r"[│┃┆┊║─━┄┈═┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋┡┩╇╭╮╰╯]")
# what a stacked record says in words that the table says in its header
LABELS = {"id", "dose", "max", "pain", "equipment", "levels", "prefer", "days", "core", "priority", "weeks", "-"}
LABELS |= {"\\", "#"}  # a command broken over lines, and a comment moved to its own line


def words(text: str) -> set[str]:
    found = set()
    for token in BORDERS.sub(" ", text).split():
        token = token.strip(PUNCTUATION).rstrip(".")
        if token:
            found.add(token)
    return found


def printed(kot, monkeypatch, width: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    run = kot(*args)
    assert run.code == 0, run.err
    return run.out


def cut_words(kot, monkeypatch, *args: str, widths=(80, 60)) -> dict[int, set[str]]:
    wide = words(printed(kot, monkeypatch, 1000, *args)) | LABELS
    return {width: words(printed(kot, monkeypatch, width, *args)) - wide for width in widths}


COMMANDS = [
    ("exercises", "list"),
    ("exercises",),
    ("goals",),
    ("goals", "show", "knee-pain"),
    ("goals", "show", "athletic"),
    ("plan", "-g", "knee-pain"),
    ("plan", "-g", "athletic", "-p", "0", "-d", "4", "-m", "60", "-e", "sled,box,dumbbell"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_word_is_cut_at_80_columns(kot, monkeypatch, args):
    assert cut_words(kot, monkeypatch, *args) == {80: set(), 60: set()}


def test_no_level_id_is_cut_in_any_family(kot, monkeypatch, library: Library):
    for family in sorted(library.families):
        cut = cut_words(kot, monkeypatch, "exercises", "show", family, widths=(80,))
        assert cut == {80: set()}, family


def test_the_check_sees_a_cut_word():
    """Not vacuous: a word broken over two lines leaves fragments the wide output does not hold."""
    wide = words("Backward walking  wall-tibialis-raise") | LABELS
    narrow = words("Backwar\nd walking wall-tibialis-\nraise")
    assert narrow - wide == {"Backwar", "d", "wall-tibialis-", "raise"}


def test_the_plan_grid_starts_on_the_first_screen(kot, monkeypatch):
    out = printed(kot, monkeypatch, 80, "plan", "-g", "knee-pain").splitlines()
    grid = next(n for n, line in enumerate(out) if line.startswith("How it progresses"))
    assert grid + 3 < 24, out[:24]  # its title, the week heads and a first row on a 24-line screen
    assert "What this plan assumes" in out  # the assumptions are still there, after the grid


def test_names_do_not_wrap_in_the_grid_at_120_columns(kot, monkeypatch):
    out = printed(kot, monkeypatch, 120, "plan", "-g", "knee-pain")
    assert re.search(r"^Wall sit \(knee isometric\) +L1 4x30s", out, re.MULTILINE), out


def test_piped_lines_never_end_in_spaces(kot, monkeypatch):
    for args in COMMANDS[:4] + [("plan", "-g", "knee-pain")]:
        out = printed(kot, monkeypatch, 80, *args)
        assert [line for line in out.splitlines() if line.endswith(" ")] == [], args


def test_grid_minutes_are_min_never_m(kot, monkeypatch):
    out = printed(kot, monkeypatch, 80, "plan", "-g", "knee-pain")
    assert "L1 1x5min" in out
    assert not re.search(r"\dx\d+m\b", out)


@pytest.mark.parametrize("width", [60, 80])
def test_help_never_breaks_a_word_at_a_hyphen(kot, monkeypatch, width):
    from test_cli_conventions import PATHS

    for path in PATHS:
        out = printed(kot, monkeypatch, width, *path, "-h")
        broken = [line for line in out.splitlines() if re.search(r"[A-Za-z]-$", line)]
        assert broken == [], (path, broken)


def test_no_word_is_cut_in_any_goal_or_its_plan(kot, monkeypatch, library: Library):
    """Every goal of the library (a new one included), its page and its default plan, at 80 columns."""
    for goal in sorted(library.templates):
        for args in (("goals", "show", goal), ("plan", "-g", goal)):
            assert cut_words(kot, monkeypatch, *args, widths=(80,)) == {80: set()}, args
