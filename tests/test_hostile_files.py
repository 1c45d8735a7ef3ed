"""Hostile and odd files (issue 12): parser limits, saved plans re-checked against the safety rules, library
folders that hold surprises, writes that never replace what they should not, and the diary's odd states.

Each case is a clean error with the documented exit code: never exit 70, never a traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from kot import output, validation
from kot.errors import DataError, KotError
from kot.jsonio import load_json
from kot.store import Store, home_dir

ROOT = Path(__file__).resolve().parent.parent


def clean(run, code: int) -> None:
    assert "Traceback" not in run.out + run.err
    assert run.code == code, run.err


@pytest.fixture
def plan(kot, tmp_path):
    path = tmp_path / "plan.json"
    assert kot("plan", "--goal", "knee-pain", "--pain", "3", "-o", str(path)).code == 0
    return path


def edit(plan: Path, change) -> Path:
    data = json.loads(plan.read_text(encoding="utf-8"))
    change(data)
    plan.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return plan


def item(data: dict, week: int = 0, session: int = 0, index: int = 1) -> dict:
    return data["weeks"][week]["sessions"][session]["items"][index]


# --- JSON: one strict reader ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{"a": 1,\n "b": {"c": 2, "c": 3}}', (2, 7), "duplicate key 'c' (JSON would keep only the last)"),
        ("[" * 100_000, (1, 65), "nested more than 64 levels deep"),
        ('{"n": ' + "9" * 5000 + "}", (1, 7), "a number 5000 digits long"),
        ('{"s": "9999", "n": NaN}', (1, 20), "NaN is not a number JSON allows"),
        ('{"a": [1,\n 2', (2, 3), "invalid JSON"),
    ],
)
def test_json_is_read_strictly_with_a_position(text, where, message):
    with pytest.raises(DataError) as caught:
        load_json(text, "f.json")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == where and message in problem.message


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("[" * 100_000, "nested more than 64 levels deep"),
        ('[{"plan_id": "p", "week": ' + "1" * 5000 + "}]", "a number 5000 digits long"),
        ('[{"plan_id": "p", "plan_id": "q"}]', "duplicate key 'plan_id'"),
    ],
)
def test_imports_are_read_strictly(kot, tmp_path, payload, message):
    path = tmp_path / "rows.json"
    path.write_text(payload, encoding="utf-8")
    run = kot("history", "--import", str(path))
    clean(run, 1)
    assert message in run.err


# --- saved plans: the models and the safety rules on read ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"sets": 2,', '"sets": ' + "2" * 5000 + ",", "a number 5000 digits long"),
        ('"sets": 2,', '"sets": ' + "[" * 100_000, "nested more than 64 levels deep"),
        ('"name": "Wall tibialis raise, feet close"', '"name": "\\ud800"', "character 1 is a lone surrogate"),
        ('"status": "ok",', '"status": "ok", "status": "ok",', "duplicate key 'status'"),
    ],
    ids=["long-integer", "deep-nesting", "lone-surrogate", "duplicate-key"],
)
def test_a_saved_plan_that_json_cannot_hold_is_a_clean_error(kot, plan, old, new, message):
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = kot("show", str(plan))
    clean(run, 1)
    assert message in run.err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: item(d).update(max_pain=1), "week 1 day 1 tibialis-raise.max_pain: allowed up to pain 1/10, but"),
        (lambda d: item(d).update(sets=-3), "week 1 day 1 tibialis-raise.sets: must be >= 1 (got -3)"),
        (lambda d: item(d).update(sets="3"), "week 1 day 1 tibialis-raise.sets: must be a whole number (got '3')"),
        (lambda d: item(d).update(impact=1), "week 1 day 1 tibialis-raise.impact: must be true or false (got 1)"),
        (lambda d: item(d).update(impact=True), "week 1 day 1 tibialis-raise.impact: jumping and landing are for"),
        (lambda d: d["weeks"][3].update(number=99999), "week 99999.number: must be <= 52 (got 99999)"),
        (lambda d: d["weeks"][7].update(number=9), "week 9.number: week 9 is not a week of this plan (1-8"),
        (lambda d: d["weeks"][2].update(number=2), "week 2.number: week 2 is not a week of this plan"),
        (lambda d: d["weeks"][0]["sessions"][2].update(day=5), "week 1 day 5.day: day 5 is not a day of this plan"),
        (lambda d: d.update(pain_band="green"), "pain_band: 'green' does not match pain 3/10 (yellow)"),
        (
            lambda d: (d["inputs"].update(pain=8), d.update(pain_band="red")),
            "inputs.pain: pain 8/10 is 7 or more: kot never plans for it",
        ),
        (lambda d: d.update(current_pain=9), "current_pain: pain 9/10 is 7 or more"),
    ],
    ids=[
        "above-ceiling",
        "negative-sets",
        "text-sets",
        "number-flag",
        "impact-in-yellow",
        "week-99999",
        "week-past-inputs",
        "week-twice",
        "day-past-inputs",
        "band-mismatch",
        "red-pain",
        "red-current",
    ],
)
def test_a_hand_edited_plan_is_refused_naming_week_day_and_exercise(kot, plan, tmp_path, change, message):
    edit(plan, change)
    for command in (["show", str(plan)], ["export", str(plan), "-o", str(tmp_path / "x.md")], ["validate", str(plan)]):
        run = kot(*command)
        clean(run, 1)
        assert message in run.err, (command, run.err)
    assert not (tmp_path / "x.md").exists()


def test_an_item_above_its_ceiling_is_reported_once_with_how_often(kot, plan):
    edit(plan, lambda d: [i.update(max_pain=2) for w in d["weeks"] for s in w["sessions"] for i in s["items"]])
    run = kot("show", str(plan))
    clean(run, 1)
    assert "week 1 day 1 tibialis-raise.max_pain: allowed up to pain 2/10, but this week is for pain 3/10" in run.err
    assert "(and in 5 more sessions)" in run.err  # the same exercise and level in 6 sessions in all
    assert run.err.count("week 1 day 1 tibialis-raise.max_pain") == 1


def test_a_yaml_plan_problem_has_its_line_and_column(kot, tmp_path):
    path = tmp_path / "plan.yaml"
    assert kot("plan", "--goal", "knee-pain", "-o", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("max_pain: 6", "max_pain: 2", 1), encoding="utf-8")
    run = kot("show", str(path))
    clean(run, 1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "max_pain: 6" in row)
    assert f"{path}:{line}:" in run.err and "week 1 day 1 backward-walking.max_pain" in run.err


def test_a_calendar_of_a_plan_whose_weeks_exceed_its_inputs_is_refused(kot, plan, tmp_path):
    edit(plan, lambda d: d["weeks"][-1].update(number=12))
    run = kot("export", str(plan), "-o", str(tmp_path / "x.ics"), "--start", "2026-12-01")
    clean(run, 1)
    assert "week 12 is not a week of this plan" in run.err


@pytest.mark.parametrize("start", ["9999-12-01", "9999-01-01"])
def test_a_calendar_that_would_run_past_the_year_9999_is_a_usage_error(kot, plan, tmp_path, start):
    run = kot("export", str(plan), "-o", str(tmp_path / "x.ics"), "--start", start)
    clean(run, 2)
    assert "must end before the year 10000" in run.err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "not a regular file (a pipe or a device)"),
        (lambda p: p.mkdir(), "a folder, not a saved plan"),
        (lambda p: p.write_bytes(b"{" + b" " * 33_000_000 + b"}"), "larger than 32 MB"),
    ],
    ids=["fifo", "folder", "huge"],
)
def test_odd_plan_files_are_refused_before_reading(kot, tmp_path, make, message):
    path = tmp_path / "plan.json"
    make(path)
    started = time.monotonic()
    run = kot("show", str(path))
    clean(run, 1)
    assert message in run.err and time.monotonic() - started < 5


def test_plans_kot_builds_pass_its_own_read_checks(library):
    """No false alarms: the plans the generator makes, and revisions after check-ins that re-band the pain
    down and up again (weeks planned at several pains in one file), all pass plan_problems."""
    import random

    from kot import adapt
    from kot.errors import PlanRefused
    from kot.generator import PlanRequest, build_program

    for goal in sorted(library.templates):
        for pain in (0, 2, 3, 5, 6):
            program = build_program(PlanRequest(goal=goal, pain=pain, days=3), library)
            assert validation.plan_problems(program) == [], (goal, pain)
    chance = random.Random(12)  # fixed: the same walks every run
    rebanded = 0
    for _ in range(20):
        request = PlanRequest(goal=chance.choice(sorted(library.templates)), pain=chance.randint(0, 6), weeks=8)
        weeks = chance.randint(2, 7)
        responses = [chance.choice(["progress", "hold", "regress", "skip"]) for _ in range(weeks)]
        usual = [chance.randint(0, 6) for _ in range(weeks)]
        try:
            final, _ = adapt.simulate(request, library, responses, usual)
        except PlanRefused:
            continue
        rebanded += final.current_pain not in (None, request.pain)
        assert validation.plan_problems(final) == [], (request, responses, usual)
    assert rebanded >= 3


# --- library folders and kot validate -------------------------------------------------------------------


@pytest.fixture
def lib(kot, tmp_path):
    folder = tmp_path / "lib"
    assert kot("init", str(folder)).code == 0
    return folder


def test_validate_lists_what_it_skipped_and_fails_on_what_looks_like_a_lost_file(kot, lib):
    exercises = lib / "exercises"
    source = (exercises / "my-step-up.yaml").read_text(encoding="utf-8")
    (exercises / "UPPER.YAML").write_text(source, encoding="utf-8")
    (exercises / "folder.yaml").mkdir()
    (exercises / "dangling.yaml").symlink_to(lib / "nowhere.yaml")
    os.mkfifo(exercises / "pipe.yaml")
    (exercises / "archive").mkdir()
    (exercises / "archive" / "old.yaml").write_text(source, encoding="utf-8")
    (exercises / "README.md").write_text("notes", encoding="utf-8")
    run = kot("validate", str(lib))
    clean(run, 1)
    rel = f"{lib}/exercises"
    assert f"{rel}/UPPER.YAML: skipped: '.YAML' must be lowercase (.yaml or .yml) for kot to read it" in run.err
    assert f"{rel}/folder.yaml: skipped: a folder, not a file" in run.err
    assert f"{rel}/dangling.yaml: skipped: a broken link (to {lib}/nowhere.yaml, which does not exist)" in run.err
    assert f"{rel}/pipe.yaml: skipped: not a regular file (a pipe or a device)" in run.err
    assert run.err.endswith("4 problems in 4 files\n")
    for odd in ("UPPER.YAML", "folder.yaml", "dangling.yaml", "pipe.yaml"):
        (exercises / odd).rmdir() if (exercises / odd).is_dir() else (exercises / odd).unlink()
    run = kot("validate", str(lib))
    clean(run, 0)
    assert f"{rel}/archive/old.yaml: skipped: in a subfolder: kot reads only the files directly in exercises/\n" in (
        run.err
    )
    assert f"{rel}/README.md: skipped: not a .yaml or .yml file\n" in run.err
    assert run.out.rstrip().endswith("3 files skipped, listed above")


def test_validate_of_an_empty_folder_or_an_empty_name_is_not_ok(kot, tmp_path):
    empty = kot("validate", str(tmp_path))
    clean(empty, 1)
    assert "nothing to check" in empty.err
    clean(kot("validate", ""), 2)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "library folder not found"),
        (lambda p: os.mkfifo(p), "is not a library folder"),
        (lambda p: p.write_text("x"), "is not a library folder"),
    ],
    ids=["missing", "fifo", "file"],
)
def test_an_odd_library_path_is_a_clean_error(kot, tmp_path, make, message):
    path = tmp_path / "lib"
    make(path)
    for command in (["plan", "-g", "knee-pain", "-L", str(path)], ["exercises", "list", "-L", str(path)]):
        run = kot(*command)
        clean(run, 1)
        assert message in run.err
    clean(kot("plan", "-g", "knee-pain", "-L", "/dev/null"), 1)


def test_validate_refuses_a_device_or_a_pipe(kot, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    for path in ("/dev/null", str(tmp_path / "pipe")):
        run = kot("validate", path)
        clean(run, 1)
        assert "neither a file nor a folder" in run.err


def test_an_unreadable_folder_is_a_located_problem(kot, lib, monkeypatch):
    """As a user who may not list a folder (simulated: tests may run as root, who may list anything)."""
    real = os.scandir

    def scandir(path):
        if Path(path).name == "programs":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    run = kot("plan", "-g", "knee-pain", "-L", str(lib))
    clean(run, 1)
    assert "programs: cannot read the folder: Permission denied" in run.err


# --- safe writes ------------------------------------------------------------------------------------------

PLAN = ("plan", "--goal", "knee-pain", "-f", "json", "-o")


def state(folder: Path) -> dict[str, tuple[int, str | None]]:
    """Each entry's type and mode, and a regular file's text."""
    return {
        p.name: (p.lstat().st_mode, p.read_text() if p.is_file() and not p.is_symlink() else None)
        for p in sorted(folder.iterdir())
    }


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, t: p.symlink_to(t), "theirs.json); kot replaces only regular files: name the file itself"),
        (lambda p, t: os.mkfifo(p), "is a pipe (FIFO); kot writes only regular files"),
        (lambda p, t: (p.write_text("mine"), p.chmod(0o444)), "is read-only; make it writable first"),
        (lambda p, t: (p.write_text("mine"), os.link(p, p.with_name("second.json"))), "has 1 other name (hard links)"),
    ],
    ids=["symlink", "fifo", "read-only", "hard-link"],
)
def test_force_never_replaces_what_is_not_a_plain_writable_file(kot, tmp_path, make, message):
    target, other = tmp_path / "out.json", tmp_path / "theirs.json"
    other.write_text("theirs")
    make(target, other)
    before = state(tmp_path)
    run = kot(*PLAN, str(target), "--force")
    clean(run, 1)
    assert message in run.err
    assert state(tmp_path) == before


def test_force_onto_a_device_is_refused(kot):
    run = kot(*PLAN, "/dev/null", "-f", "json", "--force")
    clean(run, 1)
    assert "/dev/null is a device; kot writes only regular files; to print, use -o -" in run.err


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(kot, tmp_path):
    target = tmp_path / "plan.json"
    old = os.umask(0o027)
    try:
        assert kot(*PLAN, str(target)).code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        target.chmod(0o604)
        assert kot(*PLAN, str(target), "--force").code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o604
    finally:
        os.umask(old)


def test_a_long_file_name_that_the_system_takes_is_written(kot, tmp_path):
    target = tmp_path / ("p" * 250 + ".json")
    clean(kot(*PLAN, str(target)), 0)
    too_long = kot(*PLAN, str(tmp_path / ("p" * 300 + ".json")))
    clean(too_long, 1)
    assert "File name too long" in too_long.err


def test_a_temporary_file_left_by_a_killed_write_is_swept_by_the_next_one(kot, tmp_path):
    stale, fresh = tmp_path / ".kot-dead.tmp", tmp_path / ".kot-busy.tmp"
    stale.write_text("half")
    fresh.write_text("in progress")
    old = time.time() - output.STALE_SECONDS - 60
    os.utime(stale, (old, old))
    assert kot(*PLAN, str(tmp_path / "plan.json")).code == 0
    assert not stale.exists() and fresh.exists()


def test_any_failure_while_writing_removes_the_temporary_file(kot, tmp_path, monkeypatch):
    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    run = kot(*PLAN, str(tmp_path / "plan.json"))
    clean(run, 1)
    assert "cannot write" in run.err and "No space left on device" in run.err
    assert list(tmp_path.iterdir()) == []


# --- the diary's odd states --------------------------------------------------------------------------------


def test_a_relative_kot_home_is_made_absolute_once(kot, plan, monkeypatch, tmp_path):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("KOT_HOME", "data-" + tmp_path.name)  # a value no earlier test resolved
    clean(kot("checkin", str(plan), "--during", "2"), 0)
    assert (here / ("data-" + tmp_path.name) / "kot.sqlite3").is_file()
    monkeypatch.chdir(tmp_path)  # a later change of folder keeps the same diary
    assert home_dir() == here / ("data-" + tmp_path.name)
    assert home_dir({"KOT_HOME": "~/kot"}) == Path.home() / "kot"


def test_a_fifo_at_the_database_path_stops_checkin_at_once(kot, plan, tmp_path, monkeypatch):
    monkeypatch.setenv("KOT_HOME", str(tmp_path))
    os.mkfifo(tmp_path / "kot.sqlite3")
    started = time.monotonic()
    run = kot("checkin", str(plan), "--during", "2")
    clean(run, 1)
    assert "not a kot database (not a regular file: a pipe or a device)" in run.err
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("reader", [False, True])
def test_a_fifo_at_the_database_path_is_refused_without_hanging(tmp_path, reader):
    path = tmp_path / "kot.sqlite3"
    os.mkfifo(path)
    started = time.monotonic()
    with pytest.raises(KotError, match="not a regular file"):
        Store.reader(path) if reader else Store.open(path)
    assert time.monotonic() - started < 5


def test_a_damaged_database_is_refused_for_writes_and_left_as_it_was(kot, plan, monkeypatch, tmp_path):
    home = tmp_path / "home"
    monkeypatch.setenv("KOT_HOME", str(home))
    for day in (1, 2, 3):
        assert (
            kot("checkin", str(plan), "--during", "2", "--week", "1", "--day", str(day), "--note", "x" * 500).code == 0
        )
    db = home / "kot.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    for start in range(page, len(data), page):  # every page header but the first: the tables' pages
        data[start : start + 8] = b"\xff" * 8
    db.write_bytes(bytes(data))
    run = kot("checkin", str(plan), "--during", "2", "--week", "2", "--day", "1")
    clean(run, 1)
    assert "the check-in database is damaged" in run.err and "kot will not write to it" in run.err
    assert db.read_bytes() == bytes(data)
