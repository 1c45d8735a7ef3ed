"""The weekly check-in loop: record, adapt with reasons, history, progress and simulation."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kot import adapt
from kot.errors import PlanRefused
from kot.generator import PlanRequest, build_program
from kot.model import StartLevel


@pytest.fixture
def plan(kot, tmp_path):
    path = tmp_path / "plan.yaml"
    assert kot("plan", "--goal", "knee-pain", "--pain", "3", "-o", str(path)).code == 0
    return path


def checkin(kot, plan, week, day, *extra):
    return kot("checkin", str(plan), "--week", str(week), "--day", str(day), *extra)


# --- rules, one response pattern at a time -------------------------------------------------------------


@dataclass(frozen=True)
class C:
    week: int
    day: int
    during: int
    next_morning: int | None = None
    status: str = "done"
    exercises: dict = None
    symptoms: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "exercises", self.exercises or {})


@pytest.mark.parametrize(
    ("entry", "action"),
    [
        (C(1, 1, 2, 3), "progress"),
        (C(1, 1, 3, None), "progress"),
        (C(1, 1, 4, 3), "hold"),
        (C(1, 1, 5, 3), "hold"),
        (C(1, 1, 2, 4), "hold"),
        (C(1, 1, 2, 3, "partial"), "hold"),
        (C(1, 1, 0, None, "skipped"), "hold"),
        (C(1, 1, 6, 3), "regress"),
        (C(1, 1, 2, 5), "regress"),
    ],
)
def test_session_verdicts_follow_the_pain_monitoring_model(entry, action):
    assert adapt.session_verdict(entry, usual=3).action == action


def test_worse_than_last_week_regresses_the_knee_work(library):
    program = build_program(PlanRequest("knee-pain", pain=2), library)
    found = adapt.verdicts(program, [C(1, 1, 2, 1), C(2, 1, 2, 3)])
    knee = {i.exercise for s in program.weeks[1].sessions for i in s.items if i.category.value.startswith("knee")}
    assert {fid for fid, v in found[2].items() if v.action == "regress"} == knee


@pytest.mark.parametrize(
    "entry",
    [C(1, 1, 7, 3), C(1, 1, 2, 8), C(1, 1, 2, 2, symptoms=("locking",)), C(1, 1, 2, 2, exercises={"step-down": 7})],
)
def test_pain_of_seven_or_a_red_flag_stops(entry):
    with pytest.raises(PlanRefused):
        adapt.check_stop([entry])


def test_regress_goes_one_rung_down_with_the_reason(library):
    program = build_program(PlanRequest("knee-pain", pain=2, weeks=8, level=StartLevel.intermediate), library)
    week3 = program.weeks[2].sessions[0]
    knee = next(i for i in week3.items if i.category.value == "knee-dominant")
    assert knee.level_number >= 2
    adapted = adapt.adapt_program(program, [C(3, 1, 6, 2)], library)
    after = next(i for i in adapted.weeks[3].sessions[0].items if i.exercise == knee.exercise)
    before_next = next(i for i in program.weeks[3].sessions[0].items if i.exercise == knee.exercise)
    assert after.level_number == knee.level_number - 1 < before_next.level_number + 1
    assert any(w.startswith("checkin-regress: week 3 day 1 pain during 6/10") for w in after.why)
    assert adapted.revision == 2 and adapted.plan_id == program.plan_id
    assert adapted.weeks[:3] == program.weeks[:3], "weeks already done never change"


def test_named_exercise_is_the_one_regressed(library):
    program = build_program(PlanRequest("knee-pain", pain=2, weeks=6), library)
    items = program.weeks[1].sessions[0].items
    target = next(i for i in items if i.category.value == "knee-dominant")
    adapted = adapt.adapt_program(program, [C(2, 1, 3, 2, exercises={target.exercise: 6})], library)
    changed = {
        i.exercise for i in adapted.weeks[2].sessions[0].items if any(w.startswith("checkin-regress") for w in i.why)
    }
    assert changed == {target.exercise}


responses = st.lists(st.sampled_from(["green", "amber", "red", "skip"]), min_size=1, max_size=10)


def expected_verdict(response: str, usual: int) -> str:
    """The pain-monitoring model of domain.md 2.1, written out independently of kot.adapt: each response's
    pain during and next morning, and the verdict they call for."""
    during, above = {"green": (2, 0), "amber": (4, 1), "red": (6, 2), "skip": (0, 0)}[response]
    if response != "skip" and max(during, usual + above) >= 7:
        return "stop"
    return {"green": "progress", "amber": "hold", "red": "regress", "skip": "hold"}[response]


@settings(max_examples=25, deadline=None)
@given(responses, st.integers(0, 6), st.sampled_from(["knee-pain", "athletic", "longevity"]))
def test_no_response_sequence_breaks_the_ceilings_or_skips_a_hold(library, answers, pain, goal):
    request = PlanRequest(goal, pain=pain, weeks=10)
    final, walked = adapt.simulate(request, library, answers)
    expected = [expected_verdict(r, pain) for r in answers]
    stop = expected.index("stop") + 1 if "stop" in expected else len(expected)
    assert [w.verdict for w in walked] == expected[:stop]
    for week in final.weeks:
        for session in week.sessions:
            for item in session.items:
                assert item.max_pain >= pain
    for number, verdict in enumerate(expected[:stop], start=1):
        if verdict in ("hold", "regress") and number < len(final.weeks):
            nxt, prev = final.weeks[number], final.weeks[number - 1]
            prev_levels = {i.exercise: i.level_number for s in prev.sessions for i in s.items}
            for s in nxt.sessions:
                for i in s.items:
                    if i.exercise in prev_levels:
                        assert i.level_number <= prev_levels[i.exercise], f"level step after a {verdict} week"
    assert len(final.weeks) == 10


# --- the CLI --------------------------------------------------------------------------------------------


def test_checkin_records_and_reports_the_verdict(kot, plan):
    result = checkin(kot, plan, 1, 1, "--during", "2", "--next-morning", "3")
    assert result.code == 0, result.err
    assert "Recorded week 1 day 1" in result.err and "progress as planned" in result.err
    again = checkin(kot, plan, 1, 1, "--during", "4", "--next-morning", "3")
    assert "Replaced week 1 day 1" in again.err and "hold" in again.err
    rows = json.loads(kot("history", str(plan), "--format", "json").out)
    assert [(r["week"], r["day"], r["during"]) for r in rows] == [(1, 1, 4)]


def test_checkin_from_a_script_never_waits(kot, plan):
    result = checkin(kot, plan, 1, 1)
    assert result.code == 2 and "--during" in result.err and "required" in result.err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--week", "9", "--day", "1", "--during", "2"], "weeks 1-8"),
        (["--week", "1", "--day", "5", "--during", "2"], "days 1-3"),
        (["--week", "1", "--day", "1", "--during", "11"], "--during"),
        (["--week", "1", "--day", "1", "--during", "2", "--exercise", "step-dwn=3"], "not in week 1 day 1"),
        (["--week", "1", "--day", "1", "--during", "2", "--exercise", "patrick-step"], "ID=PAIN"),
        (["--week", "1", "--day", "1", "--during", "2", "--done", "--skipped"], "choose one"),
        (["--week", "1", "--day", "1", "--during", "2", "--symptom", "fever"], "--symptom"),
    ],
)
def test_checkin_bad_input(kot, plan, args, needle):
    result = kot("checkin", str(plan), *args)
    assert result.code == 2, result
    assert needle in result.err and "Traceback" not in result.err
    assert json.loads(kot("history", str(plan), "--format", "json").out) == []


def test_red_flag_checkin_is_kept_and_stops_the_plan(kot, plan):
    result = checkin(kot, plan, 1, 2, "--during", "3", "--symptom", "giving-way")
    assert result.code == 3 and "the knee gives way" in result.err and "physiotherapist" in result.err
    assert "Recorded week 1 day 2." in result.err and "progress as planned" not in result.err
    assert json.loads(kot("history", str(plan), "--format", "json").out)[0]["symptoms"] == ["giving-way"]
    nxt = kot("next", str(plan))
    assert nxt.code == 3 and "Plan refused" in nxt.err


def test_next_writes_a_new_revision_with_reasons(kot, plan):
    for day in (1, 2, 3):
        assert checkin(kot, plan, 1, day, "--during", "2", "--next-morning", "3").code == 0
    for day in (1, 2, 3):
        assert checkin(kot, plan, 2, day, "--during", "6", "--next-morning", "3").code == 0
    original = plan.read_text()
    result = kot("next", str(plan))
    assert result.code == 0, result.err
    revision = plan.with_name("plan.r2.yaml")
    assert revision.exists() and plan.read_text() == original
    assert "Revision 2 from 6 check-ins" in result.out
    assert "week 3 day 1" in result.out and "checkin-regress" in result.out
    shown = kot("show", str(revision), "--format", "json")
    data = json.loads(shown.out)
    assert data["revision"] == 2 and data["checkins_applied"] == 6
    assert kot("next", str(plan)).code == 1, "an existing revision is never replaced without --force"


def test_next_without_checkins_changes_nothing(kot, plan):
    result = kot("next", str(plan))
    assert result.code == 0 and "No check-ins" in result.err
    assert not plan.with_name("plan.r2.yaml").exists()


def test_history_export_and_import_round_trip(kot, plan, tmp_path, monkeypatch):
    checkin(kot, plan, 1, 1, "--during", "2", "--next-morning", "3", "--exercise", "patrick-step=2", "--note", "ok")
    checkin(kot, plan, 1, 2, "--skipped")
    exported = kot("history", str(plan), "--format", "json").out
    (tmp_path / "export.json").write_text(exported)
    csv_out = kot("history", str(plan), "--format", "csv").out
    assert csv_out.splitlines()[0].startswith("plan_id,week,day,status")
    assert "patrick-step=2" in csv_out
    monkeypatch.setenv("KOT_HOME", str(tmp_path / "new-home"))
    assert json.loads(kot("history", "--format", "json").out) == []
    restored = kot("history", "--import", str(tmp_path / "export.json"))
    assert restored.code == 0 and "Imported 2 check-ins" in restored.err
    assert kot("history", str(plan), "--format", "json").out == exported


def test_import_of_a_broken_export_changes_nothing(kot, plan, tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps([{"plan_id": "x", "week": 1, "day": 1, "during": 12}]))
    result = kot("history", "--import", str(tmp_path / "bad.json"))
    assert result.code == 1 and "row 1" in result.err
    assert json.loads(kot("history", "--format", "json").out) == []


def test_progress_charts_and_summarizes(kot, plan):
    for week in (1, 2, 3):
        for day in (1, 2, 3):
            checkin(kot, plan, week, day, "--during", "2", "--next-morning", "3")
    result = kot("progress", str(plan))
    assert result.code == 0, result.err
    assert "Pain per session" in result.out and "Weekly volume" in result.out
    assert "3 of 3 weeks in the green" in result.out
    assert "up 1 level" in result.out


def test_foreign_database_is_a_clear_error(kot, plan, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "kot.sqlite3").write_bytes(b"not a database at all" * 10)
    monkeypatch.setenv("KOT_HOME", str(home))
    result = checkin(kot, plan, 1, 1, "--during", "2")
    assert result.code == 1 and "not a kot database" in result.err
    assert (home / "kot.sqlite3").read_bytes() == b"not a database at all" * 10


def test_simulate_shows_how_the_plan_would_adapt(kot):
    result = kot("simulate", "--goal", "knee-pain", "--pain", "3", "--responses", "green,amber,red,green")
    assert result.code == 0, result.err
    assert "Simulated weeks" in result.out and "regress" in result.out and "hold" in result.out
    data = json.loads(
        kot("simulate", "--goal", "knee-pain", "--pain", "3", "--responses", "green,red", "--format", "json").out
    )
    assert [w["verdict"] for w in data] == ["progress", "regress"]
    assert any("checkin-regress" in c for c in data[1]["changes"])
    bad = kot("simulate", "--goal", "knee-pain", "--responses", "green,purple")
    assert bad.code == 2 and "purple" in bad.err


def test_simulate_never_touches_the_database(kot, tmp_path, monkeypatch):
    home = tmp_path / "untouched"
    monkeypatch.setenv("KOT_HOME", str(home))
    assert kot("simulate", "--goal", "knee-pain", "--responses", "green,green").code == 0
    assert not home.exists()


def test_markdown_export_carries_the_checkin_log(kot, plan, tmp_path):
    plain = tmp_path / "plain.md"
    assert kot("export", str(plan), "-o", str(plain)).code == 0
    assert "Check-in log" not in plain.read_text()
    checkin(kot, plan, 1, 1, "--during", "2", "--next-morning", "3", "--note", "easy")
    logged = tmp_path / "logged.md"
    assert kot("export", str(plan), "-o", str(logged)).code == 0
    text = logged.read_text()
    assert "## Check-in log" in text and "| 1 | 1 | done | 2/10 | 3/10 |  | easy |" in text.replace("| - |", "|  |")


def test_export_without_a_database_creates_none(kot, plan, tmp_path, monkeypatch):
    home = tmp_path / "no-home"
    monkeypatch.setenv("KOT_HOME", str(home))
    assert kot("export", str(plan), "-o", str(tmp_path / "x.md")).code == 0
    assert not home.exists()


class FakeTerminal:
    """Standard input that says it is a terminal; the answers come through `input()`."""

    def isatty(self):
        return True


def test_checkin_asks_in_a_terminal(kot, plan, monkeypatch):
    answers = iter(["eleven", "12", "4", ""])
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("builtins.input", lambda *_: next(answers))
    result = checkin(kot, plan, 1, 1)
    assert result.code == 0, result.err
    assert "0 to 10" in result.err
    rows = json.loads(kot("history", str(plan), "--format", "json").out)
    assert rows[0]["during"] == 4 and rows[0]["next_morning"] is None


def test_revisions_chain_by_name(kot, tmp_path):
    plan = tmp_path / "carlos.running.yaml"
    assert kot("plan", "--goal", "knee-pain", "-o", str(plan)).code == 0
    checkin(kot, plan, 1, 1, "--during", "4")
    assert kot("next", str(plan)).code == 0
    second = tmp_path / "carlos.running.r2.yaml"
    assert second.exists()
    checkin(kot, second, 1, 2, "--during", "2")
    assert kot("next", str(second)).code == 0
    assert (tmp_path / "carlos.running.r3.yaml").exists()


def test_two_checkin_processes_at_once_both_land(kot, plan, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "KOT_HOME": str(tmp_path / "shared-home"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kot",
                "checkin",
                str(plan),
                "--week",
                "1",
                "--day",
                str(day),
                "--during",
                "2",
                "--next-morning",
                "3",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for day in (1, 2)
    ]
    for run in runs:
        assert run.wait(timeout=60) == 0, run.stderr.read()
    listed = subprocess.run(
        [sys.executable, "-m", "kot", "history", str(plan), "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert sorted(r["day"] for r in json.loads(listed.stdout)) == [1, 2]
