"""Hand-edited saved plans (issue 21): weeks and sessions removed, repeated or moved, numbers no plan holds,
links that are not web links, an emptied plan id, a JSON file of a million values, and comments that hide
terminal control. Each is shown, or refused naming the file, with exit 1 or 2: never a traceback, never a
half-written file.
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent


def clean(run, code: int) -> None:
    assert "Traceback" not in run.out + run.err
    assert run.code == code, run.err


@pytest.fixture
def plan(kot, tmp_path) -> Path:
    path = tmp_path / "plan.json"
    assert kot("plan", "--goal", "knee-pain", "--pain", "3", "-w", "6", "-o", str(path)).code == 0
    return path


def edit(plan: Path, change) -> Path:
    data = json.loads(plan.read_text(encoding="utf-8"))
    change(data)
    plan.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return plan


def first_item(data: dict) -> dict:
    return data["weeks"][0]["sessions"][0]["items"][0]


def diary_rows() -> int:
    db = Path(os.environ["KOT_HOME"]) / "kot.sqlite3"
    if not db.exists() or db.stat().st_size == 0:
        return 0
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        return conn.execute("SELECT count(*) FROM checkin").fetchone()[0] if "checkin" in tables else 0


# --- crashes that were ------------------------------------------------------------------------------------


def test_a_week_with_a_session_removed_is_shown_and_exported(kot, plan, tmp_path):
    edit(plan, lambda d: d["weeks"][1]["sessions"].pop(1))  # what `kot next --discard-edits` keeps, too
    for args in (["show", str(plan)], ["show", str(plan), "--full"], ["today", str(plan)]):
        clean(kot(*args), 0)
    for suffix in ("html", "md", "csv", "ics"):
        extra = ["--start", "2026-01-05"] if suffix == "ics" else []
        clean(kot("export", str(plan), "-o", str(tmp_path / f"x.{suffix}"), *extra), 0)
    text = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "Week 2" in text or "week 2" in text
    run = kot("checkin", str(plan), "--week", "2", "--day", "3", "--during", "2", "-x", "tibialis-raise=1", "--yes")
    clean(run, 0)  # day 3 of week 2 is its second session now: looked up by its day, never by its place
    assert "week 2 day 3" in run.out + run.err
    history = json.loads(kot("history", str(plan), "-f", "json").out)
    assert [(r["week"], r["day"], r["exercises"]) for r in history] == [(2, 3, {"tibialis-raise": 1})]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(weeks=[]), "weeks: a plan has at least one week"),
        (lambda d: d["weeks"].pop(1), "week 3.number: week 3 stands where week 2 should"),
        (lambda d: d["weeks"][2]["sessions"].clear(), "week 3.sessions: a week has at least one session"),
        (lambda d: d["weeks"][0]["sessions"][0]["items"].clear(), "items: a session has at least one exercise"),
        (
            lambda d: d["weeks"][0]["sessions"][0]["items"].append(copy.deepcopy(first_item(d))),
            "is in this session twice",
        ),
    ],
    ids=["no-weeks", "week-2-deleted", "empty-week", "empty-session", "exercise-twice"],
)
def test_a_plan_that_is_no_calendar_is_refused_naming_the_file(kot, plan, change, message):
    edit(plan, change)
    before = plan.read_bytes()
    for args in (
        ["show", str(plan)],
        ["today", str(plan)],
        ["checkin", str(plan), "--week", "2", "--day", "1", "--during", "1"],
        ["next", str(plan), "--discard-edits"],
        ["validate", str(plan)],
    ):
        run = kot(*args)
        clean(run, 1)
        assert f"{plan}:" in run.err and message in run.err, (args, run.err)
    assert plan.read_bytes() == before and diary_rows() == 0  # week 3 was never recorded as week 2


@pytest.mark.parametrize(
    ("field", "value", "args", "message"),
    [
        ("estimated_minutes", 10**15, ["export", "-o", "x.ics", "--start", "2026-01-05"], "must be <= 600"),
        ("revision", 2**31 + 1, ["export", "-o", "x.ics", "--start", "2026-01-05"], "must be <= 10000"),
        ("revision", 2**63 - 1, ["next", "--discard-edits"], "must be <= 10000"),
        ("checkins_applied", 2**63, ["next", "--discard-edits"], "must be <= 100000"),
        ("level_number", 10**9, ["show"], "must be <= 100"),
        ("sets", 2**40, ["export", "-o", "x.md"], "must be <= 10"),
        ("seconds", -5, ["show"], "must be >= 5"),
        ("retest_weeks", [10**15], ["export", "-o", "x.ics", "--start", "2026-01-05"], "must be <= 52"),
    ],
)
def test_numbers_no_plan_holds_are_refused_before_any_calendar_or_database(
    kot, plan, tmp_path, field, value, args, message
):
    def change(data):
        if field in ("revision", "checkins_applied", "retest_weeks"):
            data[field] = value
        elif field == "estimated_minutes":
            data["weeks"][0]["sessions"][0][field] = value
        else:
            item = first_item(data)
            if field == "seconds":
                item["reps"], item["seconds"] = None, value
            else:
                item[field] = value

    edit(plan, change)
    before = plan.read_bytes()
    command, *rest = args
    run = kot(command, str(plan), *[str(tmp_path / a) if a.startswith("x.") else a for a in rest])
    clean(run, 1)
    assert message in run.err and str(plan) in run.err
    assert plan.read_bytes() == before and not list(tmp_path.glob("x.*"))


# --- links -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(document.domain)", "must be a web link starting with https:// or http://"),
        ("data:text/html,<script>alert(1)</script>", "must be a web link"),
        ("https://youtu.be/" + "a" * 3000, "must be at most 500 characters (got 3017)"),
    ],
    ids=["javascript", "data", "too-long-for-a-qr-code"],
)
def test_saved_plan_media_pass_the_librarys_link_rules(kot, plan, tmp_path, url, message):
    edit(plan, lambda d: first_item(d).update(media=[url]))
    for suffix in ("html", "md"):
        run = kot("export", str(plan), "-o", str(tmp_path / f"x.{suffix}"))
        clean(run, 1)
        assert "week 1 day 1" in run.err and "media[0]" in run.err and message in run.err
    assert not list(tmp_path.glob("x.*"))


def test_a_link_no_qr_code_can_hold_gets_no_code_and_is_still_printed():
    from kot.render import html

    assert html._qr("https://youtu.be/" + "a" * 3000) == ""
    assert html._qr("https://youtu.be/abc").startswith("<svg")


def test_markdown_autolinks_are_written_as_the_link_itself(kot, plan, tmp_path):
    url = "https://youtu.be/ab_cd?t=1&x=*y*#t=1"
    edit(plan, lambda d: first_item(d).update(media=[url]))
    out = tmp_path / "x.md"
    clean(kot("export", str(plan), "-o", str(out)), 0)
    text = out.read_text(encoding="utf-8")
    assert f"<{url}>" in text and "\\_" not in text.split(url)[0][-5:]
    hrefs = [
        t.attrGet("href") for block in MarkdownIt().parse(text) for t in (block.children or []) if t.type == "link_open"
    ]
    assert url.replace("*", "%2A") in hrefs or url in hrefs


# --- ids, sizes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   "])
def test_an_emptied_plan_id_is_a_file_problem_not_a_usage_error(kot, plan, value):
    edit(plan, lambda d: d.update(plan_id=value))
    for args in (["checkin", str(plan), "--during", "2"], ["show", str(plan)]):
        run = kot(*args)
        clean(run, 1)
        assert f"{plan}: plan_id: must not be empty" in run.err
    assert diary_rows() == 0


@pytest.mark.parametrize("suffix", ["json", pytest.param("yaml", marks=pytest.mark.slow)])
def test_a_plan_of_a_million_values_is_refused_fast(kot, plan, tmp_path, suffix):
    data = json.loads(plan.read_text(encoding="utf-8"))
    data["weeks"] = [0] * 1_500_000
    path = tmp_path / f"zeros.{suffix}"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML too
    started = time.monotonic()
    run = kot("show", str(path))
    took = time.monotonic() - started
    clean(run, 1)
    assert "more than 500,000 values" in run.err
    assert took < (10 if suffix == "json" else 40), took  # 48 s and 2.9 GB before, for JSON


def test_a_plan_of_many_wrong_values_lists_a_few_not_all(kot, plan, tmp_path):
    edit(plan, lambda d: d.update(weeks=[0] * 10_000))
    run = kot("show", str(plan))
    clean(run, 1)
    assert "and 9,950 more problems like these" in run.err and len(run.err.splitlines()) < 60


# --- the property: any hand edit is shown or refused cleanly ----------------------------------------------

NUMBERS = [-1, 0, 1, 8, 53, 601, 2**31 + 1, 2**63 - 1, 2**63, 10**15]
ITEM_FIELDS = ["sets", "reps", "seconds", "rest_seconds", "level_number", "max_pain"]
SESSION_FIELDS = ["estimated_minutes", "day"]
TOP_FIELDS = ["revision", "checkins_applied", "current_pain", "format_version"]

where = st.integers(0, 1000)
edits = st.lists(
    st.one_of(
        st.tuples(
            st.sampled_from(["drop", "duplicate"]), st.sampled_from(["weeks", "sessions", "items"]), where, where
        ),
        st.tuples(st.just("reorder"), st.sampled_from(["weeks", "sessions", "items"]), where, where),
        st.tuples(st.just("number"), st.sampled_from(ITEM_FIELDS + SESSION_FIELDS + TOP_FIELDS), where, where),
        st.tuples(st.just("week-number"), st.sampled_from(NUMBERS), where, where),
    ),
    min_size=1,
    max_size=3,
)


def _lists(data: dict, level: str, at: int) -> list | None:
    """One of the plan's lists of weeks, of sessions (of one week) or of items (of one session)."""
    if level == "weeks":
        return data["weeks"]
    sessions = [w["sessions"] for w in data["weeks"]]
    if level == "sessions":
        return sessions[at % len(sessions)] if sessions else None
    items = [s["items"] for group in sessions for s in group]
    return items[at % len(items)] if items else None


def apply(data: dict, edit: tuple) -> None:
    kind, what, a, b = edit
    if kind in ("drop", "duplicate", "reorder"):
        found = _lists(data, what, a)
        if not found:
            return
        if kind == "drop":
            found.pop(b % len(found))
        elif kind == "duplicate":
            found.insert(b % (len(found) + 1), copy.deepcopy(found[b % len(found)]))
        else:
            i, j = a % len(found), b % len(found)
            found[i], found[j] = found[j], found[i]
    elif kind == "week-number":
        if data["weeks"]:
            data["weeks"][a % len(data["weeks"])]["number"] = what
    else:
        value = NUMBERS[b % len(NUMBERS)]
        if what in TOP_FIELDS:
            data[what] = value
            return
        sessions = [s for w in data["weeks"] for s in w["sessions"]]
        if not sessions:
            return
        session = sessions[a % len(sessions)]
        if what in SESSION_FIELDS:
            session[what] = value
        elif session["items"]:
            session["items"][a % len(session["items"])][what] = value


BASE: dict[str, str] = {}
# About 5 s in the default profile; HYPOTHESIS_PROFILE=explore tries many more.
EXAMPLES = 20 if os.environ.get("HYPOTHESIS_PROFILE", "kot") == "kot" else 400


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits)
def test_any_hand_edit_is_shown_or_refused_cleanly_and_never_half_written(kot, tmp_path, edits):
    if "plan" not in BASE:
        path = tmp_path / "base.json"
        assert kot("plan", "--goal", "knee-pain", "--pain", "3", "-w", "4", "-d", "3", "-o", str(path)).code == 0
        BASE["plan"] = path.read_text(encoding="utf-8")
    data = json.loads(BASE["plan"])
    for one in edits:
        apply(data, one)
    folder = tmp_path / f"example-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    os.environ["KOT_HOME"] = str(folder / "home")  # the kot fixture's monkeypatch puts it back
    plan = folder / "plan.json"
    plan.write_text(json.dumps(data, indent=1), encoding="utf-8")
    for args in (
        ["show", str(plan)],
        ["export", str(plan), "-o", str(folder / "out.html")],
        ["export", str(plan), "-o", str(folder / "out.ics"), "--start", "2026-01-05"],
        ["checkin", str(plan), "--during", "2", "--next-morning", "2"],
        ["next", str(plan), "--discard-edits"],
    ):
        before, rows = plan.read_bytes(), diary_rows()
        run = kot(*args)
        assert run.code in (0, 1, 2), (args, edits, run.err)
        assert "Traceback" not in run.out + run.err and "internal error" not in run.err, (args, edits, run.err)
        if run.code != 0:
            assert plan.read_bytes() == before and diary_rows() == rows, (args, edits)
            if args[0] == "export":
                assert not Path(args[3]).exists(), (args, edits)


def test_next_never_writes_a_revision_past_the_last_a_plan_may_have(kot, plan):
    edit(plan, lambda d: d.update(revision=10_000))
    days = len(json.loads(plan.read_text(encoding="utf-8"))["weeks"][0]["sessions"])
    for day in range(1, days + 1):  # a whole week: `kot next` has something to adapt
        run = kot("checkin", str(plan), "--week", "1", "--day", str(day), "--during", "2", "--next-morning", "2")
        assert run.code == 0, run.err
    before = plan.read_bytes()
    run = kot("next", str(plan), "--discard-edits")
    clean(run, 1)
    assert "revision 10000 is the last a plan may have" in run.err and plan.read_bytes() == before
    clean(kot("show", str(plan)), 0)
