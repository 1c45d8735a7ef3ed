"""The loop remembers (issue 19), through the real entry point: a stop stays until a clinician clears it,
`kot next` waits for the week, redirected plans get their own identity, the coach's roster and history."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest


@pytest.fixture
def plan(kot, tmp_path):
    path = tmp_path / "plan.json"
    made = kot("plan", "-g", "knee-pain", "-p", "3", "-o", str(path), "--client", "Ann Lee", "--coach", "Sam")
    assert made.code == 0, made.err
    return path


def history(kot, path):
    return json.loads(kot("history", str(path), "-f", "json").out)


def checkin(kot, path, *args):
    return kot("checkin", str(path), *args)


def week(kot, path, number, *args):
    for day in (1, 2, 3):
        result = checkin(kot, path, "--week", str(number), "--day", str(day), *args)
        assert result.code in (0, 3), result.err


# --- a stop stays stopped ---------------------------------------------------------------------------------


def test_a_stop_gives_no_session_and_writes_nothing_until_cleared(kot, plan, tmp_path):
    stopped = checkin(kot, plan, "--during", "7", "--next-morning", "3", "--usual", "3")
    assert stopped.code == 3 and "kot resume" in stopped.err
    before = plan.read_text()
    for args in (
        ["today", str(plan)],
        ["today", str(plan), "--week", "1", "--day", "2"],
        ["show", str(plan)],
        ["show", str(plan), "-f", "json"],
        ["export", str(plan), "-o", str(tmp_path / "out.md")],
        ["checkin", str(plan), "--during", "1", "--next-morning", "1"],
        ["checkin", str(plan), "--next-morning", "2"],
        ["next", str(plan)],
        ["next", str(plan), "--now"],
    ):
        result = kot(*args)
        assert result.code == 3, (args, result)
        assert result.err.startswith("This plan is stopped.") and "physiotherapist" in result.err, args
        assert result.out == "", args
    assert not (tmp_path / "out.md").exists()
    assert plan.read_text() == before
    assert [(r["week"], r["day"], r["during"], r["next_morning"]) for r in history(kot, plan)] == [(1, 1, 7, 3)]
    assert kot("history", str(plan)).code == 0, "the diary itself stays readable"


def test_resume_records_the_clearance_and_starts_an_orange_settle_week(kot, plan):
    week(kot, plan, 1, "--during", "2", "--next-morning", "3")
    assert checkin(kot, plan, "--during", "2", "--symptom", "giving-way").code == 3
    before = json.loads(kot("history", "-f", "json").out)
    plan_before = plan.read_text()
    done = kot("resume", str(plan), "--cleared", "Dr Lee, physiotherapist: go on gently", "--date", "2026-12-10")
    assert done.code == 0, done.err
    assert "Week 3 is a settle week" in done.err and f"kot today {plan}" in done.err
    assert json.loads(kot("history", "-f", "json").out) == before, "resuming changes no check-in"
    now = json.loads(kot("show", str(plan), "-f", "json").out)
    was = json.loads(kot("show", str(plan), "--revision", "1", "-f", "json").out)
    assert plan.read_text() != plan_before and now["revision"] == 2
    assert now["weeks"][:2] == was["weeks"][:2], "the weeks checked in never change"
    assert now["pain_band"] == "orange" and now["current_pain"] == 5
    assert "physiotherapist" in now["clinician_advice"]
    today = kot("today", str(plan))
    assert today.code == 0 and "Week 3, day 1" in today.out
    assert checkin(kot, plan, "--during", "2", "--next-morning", "3").code == 0
    assert history(kot, plan)[-1]["week"] == 3
    again = kot("resume", str(plan), "--cleared", "again")
    assert again.code == 1 and "not stopped" in again.err
    assert kot("resume", str(plan), "--cleared", " ").code == 2


def test_the_weeks_after_a_resume_answer_only_to_the_check_ins_since(kot, plan):
    assert checkin(kot, plan, "--during", "8", "--next-morning", "3").code == 3
    assert kot("resume", str(plan), "--cleared", "GP").code == 0
    week(kot, plan, 2, "--during", "2", "--next-morning", "3")
    result = kot("next", str(plan))
    assert result.code == 0, result.err
    assert json.loads(kot("show", str(plan), "-f", "json").out)["revision"] == 3


def test_undo_of_the_check_in_that_stopped_the_plan_lifts_that_stop_only(kot, plan):
    checkin(kot, plan, "--during", "2", "--next-morning", "3")
    assert checkin(kot, plan, "--during", "9", "--next-morning", "3").code == 3  # a typo for 2, say
    undone = checkin(kot, plan, "--undo")
    assert undone.code == 0 and "lifted" in undone.err
    assert kot("today", str(plan)).code == 0
    assert checkin(kot, plan, "--during", "7").code == 3
    assert checkin(kot, plan, "--during", "1", "--week", "1", "--day", "3").code == 3


def test_a_third_worse_week_from_next_is_kept_as_a_stop(kot, plan):
    for number in (1, 2, 3):
        week(kot, plan, number, "--during", "2", "--next-morning", "5", "--usual", "3")
        result = kot("next", str(plan))
        if result.code == 3:
            break
        assert result.code == 0, result.err
    assert result.code == 3 and "kot resume" in result.err
    assert kot("today", str(plan)).code == 3
    rows = json.loads(kot("clients", "-f", "json").out)
    assert [r["status"] for r in rows] == ["stopped"]


# --- kot next waits for the week -------------------------------------------------------------------------------


def test_next_mid_week_says_which_sessions_remain_and_changes_nothing(kot, plan):
    checkin(kot, plan, "--during", "2", "--next-morning", "3")
    before = plan.read_text()
    waiting = kot("next", str(plan))
    assert waiting.code == 0 and "Week 1 still has days 2, 3 to do" in waiting.out
    assert f"kot next {plan} --now" in " ".join(waiting.out.split()) and plan.read_text() == before
    assert kot("history", str(plan), "--revisions").out.count("revision") == 1
    now = kot("next", str(plan), "--now")
    assert now.code == 0 and "Revision 2" in now.out


def test_next_says_each_change_once_with_no_rule_ids(kot, plan):
    week(kot, plan, 1, "--during", "6", "--next-morning", "3")
    result = kot("next", str(plan))
    assert result.code == 0, result.err
    changes = [line for line in result.out.splitlines() if line.startswith("- ")]
    assert changes and len(changes) == len(set(changes)), "one line per exercise change, not one per day"
    assert not re.search(r"`|\(checkin-|progress-|hold-", result.out)


# --- identity for redirected plans ---------------------------------------------------------------------------


def test_two_redirected_copies_keep_two_diaries(kot, tmp_path):
    text = kot("plan", "-g", "knee-pain", "-p", "3", "-f", "yaml").out
    assert "plan_id: null" in text and text == kot("plan", "-g", "knee-pain", "-p", "3", "-f", "yaml").out
    c1, c2 = tmp_path / "c1.yaml", tmp_path / "c2.yaml"
    c1.write_text(text)
    c2.write_text(text)
    for command in (["today"], ["show"], ["history"], ["next"], ["progress"]):
        assert kot(*command, str(c2)).code == 0, command
    first = checkin(kot, c1, "--during", "2", "--next-morning", "3")
    assert first.code == 0, first.err
    own = json.loads(kot("show", str(c1), "-f", "json").out)["plan_id"]
    assert own and own in first.err and "its own" in first.err
    assert "Week 1, day 1" in kot("today", str(c2)).out
    assert history(kot, c2) == []
    assert checkin(kot, c2, "--during", "2").code == 0
    other = json.loads(kot("show", str(c2), "-f", "json").out)["plan_id"]
    assert other and other != own
    assert len(history(kot, c1)) == 1 and len(history(kot, c2)) == 1


def test_a_plan_on_stdout_through_o_dash_has_no_identity(kot, tmp_path):
    data = json.loads(kot("plan", "-g", "knee-pain", "-f", "json", "-o", "-").out)
    assert data["plan_id"] is None
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    assert checkin(kot, path, "--during", "1", "--next-morning", "1").code == 0
    assert json.loads(path.read_text())["plan_id"], "JSON stays JSON, with its own id"


# --- the roster and the history ------------------------------------------------------------------------------


def make(kot, tmp_path, name):
    path = tmp_path / f"{name.split()[0].lower()}.json"
    assert kot("plan", "-g", "knee-pain", "-p", "3", "-o", str(path), "--client", name, "--coach", "Sam").code == 0
    return path


def test_clients_attention_lists_exactly_the_stopped_escalated_and_flaring(kot, tmp_path):
    steady, flaring, stopped, escalated, pending = (
        make(kot, tmp_path, n) for n in ("Bea Steady", "Cai Flare", "Dee Stopped", "Eve Escalated", "Fay Pending")
    )
    week(kot, steady, 1, "--during", "2", "--next-morning", "3")
    week(kot, flaring, 1, "--during", "2", "--next-morning", "3")
    checkin(kot, flaring, "--week", "1", "--day", "3", "--during", "6", "--next-morning", "3")
    checkin(kot, stopped, "--during", "7")
    for number in (1, 2):
        week(kot, escalated, number, "--during", "2", "--next-morning", "5")
    checkin(kot, pending, "--during", "2")
    holding, missing = make(kot, tmp_path, "Gus Holding"), make(kot, tmp_path, "Hal Missing")
    week(kot, holding, 1, "--during", "4", "--next-morning", "3")
    checkin(kot, missing, "--during", "2", "--next-morning", "3")
    checkin(kot, missing, "--skipped")
    checkin(kot, missing, "--skipped")
    rows = {r["client"]: r for r in json.loads(kot("clients", "-f", "json").out)}
    assert {k: v["status"] for k, v in rows.items()} == {
        "Bea Steady": "on track",
        "Cai Flare": "flare",
        "Dee Stopped": "stopped",
        "Eve Escalated": "see a physiotherapist",
        "Fay Pending": "next morning pending",
        "Gus Holding": "holding",
        "Hal Missing": "2 sessions missed",
    }
    assert rows["Bea Steady"]["next_session"] == "week 2 day 1" and rows["Bea Steady"]["coach"] == "Sam"
    assert rows["Bea Steady"]["path"] == str(steady.absolute()) and rows["Bea Steady"]["last_checkin"]
    needing = json.loads(kot("clients", "--attention", "-f", "json").out)
    assert sorted(r["client"] for r in needing) == ["Cai Flare", "Dee Stopped", "Eve Escalated"]
    table = kot("clients", "--attention")
    assert "Dee Stopped" in table.out and "Bea Steady" not in table.out
    sheet = list(csv.DictReader(io.StringIO(kot("clients", "-f", "csv").out)))
    assert {r["client"] for r in sheet} == set(rows) and sheet[0]["status"]


def test_clients_follow_a_moved_plan_file(kot, tmp_path, plan):
    checkin(kot, plan, "--during", "2")
    moved = tmp_path / "moved.json"
    plan.rename(moved)
    checkin(kot, moved, "--next-morning", "3")
    [row] = json.loads(kot("clients", "-f", "json").out)
    assert row["path"] == str(moved.absolute()) and row["status"] == "on track"


def words(text):
    return set(re.findall(r"[A-Za-z0-9][A-Za-z0-9./_-]*", text))


@pytest.mark.parametrize("command", ["clients", "history"])
def test_roster_and_history_never_split_a_word_at_80_columns(kot, tmp_path, monkeypatch, command):
    for name in ("Ann Lee", "Bartholomew Longname-Smith"):
        path = make(kot, tmp_path, name)
        checkin(kot, path, "--during", "2", "--next-morning", "3", "-x", "patrick-step=2", "--note", "stairs ok")
    monkeypatch.setenv("COLUMNS", "80")
    narrow = kot(command).out
    data = json.loads(kot(command, "-f", "json").out)
    hidden = {"plan_id"} if command == "clients" else {"recorded_at"}
    # a path longer than a column of 80 cannot help breaking: only words that fit must stay whole
    shown = {
        w
        for row in data
        for k, v in row.items()
        if isinstance(v, str) and k not in hidden
        for w in words(v)
        if len(w) <= 40
    }
    assert shown and shown <= words(narrow), "a word broken at 80 columns reads as two words"
    assert all(len(line) <= 80 for line in narrow.splitlines() if " " in line.strip())


def test_history_shows_client_date_and_the_whole_plan_id(kot, plan):
    checkin(kot, plan, "--during", "2", "--date", "2026-12-01")
    plan_id = json.loads(kot("show", str(plan), "-f", "json").out)["plan_id"]
    shown = kot("history").out
    assert "Ann Lee" in shown and "2026-12-01" in shown and plan_id in shown
    rows = list(csv.DictReader(io.StringIO(kot("history", "-f", "csv").out)))
    assert rows[0]["client"] == "Ann Lee" and rows[0]["plan_id"] == plan_id


def test_an_import_outside_the_plan_is_refused(kot, plan, tmp_path):
    checkin(kot, plan, "--during", "2")
    [row] = history(kot, plan)
    export = tmp_path / "far.json"
    export.write_text(json.dumps([{**row, "week": 9, "day": 1}]))
    result = kot("history", "--import", str(export))
    assert result.code == 1 and "week 9 day 1 is outside" in result.err
    assert len(history(kot, plan)) == 1


def test_an_import_into_a_new_diary_is_checked_against_the_plan_named(kot, plan, tmp_path, monkeypatch):
    checkin(kot, plan, "--during", "2")
    [row] = history(kot, plan)
    export = tmp_path / "rows.json"
    export.write_text(json.dumps([{**row, "week": 9}, {**row, "day": 2, "during": 8}]))
    monkeypatch.setenv("KOT_HOME", str(tmp_path / "new-home"))
    refused = kot("history", str(plan), "--import", str(export))
    assert refused.code == 1 and "week 9 day 1 is outside" in refused.err
    export.write_text(json.dumps([row, {**row, "day": 2, "during": 8}]))
    assert kot("history", str(plan), "--import", str(export)).code == 0
    assert kot("today", str(plan)).code == 3, "an imported pain of 8 stops the plan as a check-in would"


# --- messages ------------------------------------------------------------------------------------------------


def test_checkin_messages_say_each_thing_once_and_name_the_plan(kot, plan):
    first = checkin(kot, plan, "--during", "2", "--date", "2026-12-01")
    said = " ".join(first.err.split())
    assert said.count("week 1 day 1") == 1 and "`" not in said
    assert f"kot checkin {plan} --next-morning N" in said and f"kot today {plan}" in said
    morning = checkin(kot, plan, "--next-morning", "3")
    assert "Added the next morning to week 1 day 1" in morning.err and "Replaced" not in morning.err
    missed = checkin(kot, plan, "--skipped")
    assert " ".join(missed.err.split()).count("progress") == 1
    checkin(kot, plan, "--during", "2", "--next-morning", "3")
    done = " ".join(checkin(kot, plan, "--week", "1", "--day", "3", "--during", "2").err.split())
    assert f"kot next {plan}" in done


def test_today_leaves_the_next_morning_to_a_later_step(kot, plan):
    shown = kot("today", str(plan)).out
    [line] = [x for x in shown.splitlines() if "--during N" in x]
    assert "--next-morning" not in line
    assert f"kot checkin {plan} --next-morning N" in shown


def test_messages_wrap_at_spaces_in_a_terminal(kot, plan, monkeypatch):
    from rich.console import Console

    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    monkeypatch.setenv("COLUMNS", "40")
    said = checkin(kot, plan, "--during", "2").err
    assert all(len(line) <= 40 for line in said.splitlines() if " " in line)
    assert "kot today" in said and "(week 1 day 2)" in " ".join(said.split())


# --- the workflow as a core function ---------------------------------------------------------------------------


class Scripted:
    """Prompts answered from a script, recording what was asked (kot.workflow.Prompts)."""

    def __init__(self, **answers):
        self.answers, self.asked = answers, []

    def _get(self, name, *args):
        self.asked.append(name)
        return self.answers[name]

    def confirm(self, question):
        return self._get("confirm")

    def status(self, week, day):
        return self._get("status")

    def during(self):
        return self._get("during")

    def next_morning(self):
        return self._get("next_morning")

    def hurt(self, items):
        return self._get("hurt")

    def red_flags(self):
        return self._get("red_flags")

    def usual(self):
        return self._get("usual")


def test_the_workflow_asks_only_for_what_the_answers_lack(kot, plan):
    from kot import workflow

    written = []
    skipped = Scripted(status="skipped", red_flags=(), usual=None)
    done = workflow.checkin(plan, workflow.Answers(), skipped, write=lambda p, t: written.append(p))
    assert skipped.asked == ["status", "red_flags", "usual"], "a skipped session asks no pain"
    assert "as missed" in done.lines[0] and done.stop is None and written == []
    assert history(kot, plan)[0]["during"] == 0
    far = Scripted(confirm=False)
    with pytest.raises(Exception, match="nothing was recorded"):
        workflow.checkin(plan, workflow.Answers(week=4, day=1, during=2), far, write=lambda p, t: None)
    assert far.asked == ["confirm"] and len(history(kot, plan)) == 1
    flagged = Scripted(status="done", next_morning=None, hurt={"patrick-step": 6}, red_flags=("swelling",))
    stop = workflow.checkin(plan, workflow.Answers(during=2, usual=3), flagged, write=lambda p, t: None)
    assert stop.stop is not None and stop.stop.exit_code == 3
