"""The check-in loop through the real entry point: one plan, one diary, one file followed for weeks."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest


@pytest.fixture
def plan(kot, tmp_path):
    path = tmp_path / "plan.yaml"
    assert kot("plan", "--goal", "knee-pain", "--pain", "3", "-o", str(path)).code == 0
    return path


def checkin(kot, plan, *extra):
    return kot("checkin", str(plan), *extra)


def history(kot, plan):
    return json.loads(kot("history", str(plan), "--format", "json").out)


def week(kot, plan, number, *extra, days=3):
    for day in range(1, days + 1):
        result = checkin(kot, plan, "--week", str(number), "--day", str(day), *extra)
        assert result.code in (0, 3), result.err


# --- identity -------------------------------------------------------------------------------------------------


def test_two_saves_of_the_same_inputs_never_share_a_diary(kot, tmp_path):
    alice, bob = tmp_path / "alice.yaml", tmp_path / "bob.yaml"
    for path, name in ((alice, "Alice"), (bob, "Bob")):
        assert kot("plan", "-g", "knee-pain", "-p", "3", "-o", str(path), "--client", name, "--coach", "Sam").code == 0
    a = json.loads(kot("show", str(alice), "-f", "json").out)
    b = json.loads(kot("show", str(bob), "-f", "json").out)
    assert a["plan_id"] != b["plan_id"] and a["created"] and (a["client"], b["client"]) == ("Alice", "Bob")
    same = {k: v for k, v in a.items() if k not in ("plan_id", "created", "client", "fingerprint")}
    assert same == {k: v for k, v in b.items() if k not in ("plan_id", "created", "client", "fingerprint")}
    assert checkin(kot, bob, "--during", "2", "--next-morning", "3").code == 0
    assert history(kot, alice) == [] and len(history(kot, bob)) == 1
    assert kot("plan", "-g", "knee-pain", "-f", "json").out == kot("plan", "-g", "knee-pain", "-f", "json").out


def test_calendar_ids_are_per_plan_and_sequence_follows_the_revision(kot, tmp_path):
    from icalendar import Calendar

    uids = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.json"
        kot("plan", "-g", "knee-pain", "-o", str(path))
        ics = tmp_path / f"{name}.ics"
        assert kot("export", str(path), "-o", str(ics), "--start", "2026-12-01").code == 0
        events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        uids.append({str(e["UID"]) for e in events})
        assert {int(e["SEQUENCE"]) for e in events} == {0}
    assert not uids[0] & uids[1], "two clients' calendars never replace each other's events"


# --- check-ins ------------------------------------------------------------------------------------------------


def test_checkin_defaults_to_the_next_session_and_says_which(kot, plan):
    first = checkin(kot, plan, "--during", "2", "--next-morning", "3", "--date", "2026-12-01")
    assert first.code == 0, first.err
    assert "Recorded week 1 day 1 (2026-12-01)" in first.err and "progress as planned" in first.err
    second = checkin(kot, plan, "--during", "2")
    assert "Recorded week 1 day 2" in second.err and "next morning not known yet" in second.err
    assert [(r["week"], r["day"]) for r in history(kot, plan)] == [(1, 1), (1, 2)]
    assert history(kot, plan)[1]["date"], "the date defaults to today"


def test_next_morning_alone_completes_the_latest_checkin(kot, plan):
    checkin(kot, plan, "--during", "2")
    done = checkin(kot, plan, "--next-morning", "4")
    assert done.code == 0, done.err
    assert (
        "Added the next morning to week 1 day 1" in done.err and "next morning 4/10, above your usual 3/10" in done.err
    )
    assert history(kot, plan)[0]["next_morning"] == 4 and history(kot, plan)[0]["during"] == 2
    named = checkin(kot, plan, "--next-morning", "3", "--week", "1", "--day", "1")
    assert named.code == 0 and history(kot, plan)[0]["next_morning"] == 3
    missing = checkin(kot, plan, "--next-morning", "3", "--week", "2", "--day", "1")
    assert missing.code == 1 and "no check-in yet" in missing.err


def test_undo_removes_the_latest_checkin(kot, plan):
    checkin(kot, plan, "--during", "2")
    checkin(kot, plan, "--during", "9", "--next-morning", "2")
    undone = checkin(kot, plan, "--undo")
    assert undone.code == 0 and "week 1 day 2" in undone.err
    assert [(r["week"], r["day"]) for r in history(kot, plan)] == [(1, 1)]


def test_a_checkin_far_ahead_is_refused_from_a_script_unless_meant(kot, plan):
    far = checkin(kot, plan, "--week", "5", "--day", "1", "--during", "2")
    assert far.code == 2 and "far ahead" in far.err and "--yes" in far.err
    assert checkin(kot, plan, "--week", "5", "--day", "1", "--during", "2", "--yes").code == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--week", "1", "--during", "2"], "both --week and --day"),
        (["--during", "11"], "--during"),
        (["--during", "2", "--exercise", "patrick-stp=3"], "not in week 1 day 1"),
        (["--during", "2", "--exercise", "patrick-step"], "ID=PAIN"),
        (["--during", "2", "--done", "--skipped"], "choose one"),
        (["--during", "2", "--symptom", "fever"], "--symptom"),
        (["--during", "2", "--usual", "12"], "--usual"),
        (["--during", "2", "--date", "2026-13-01"], "--date"),
        ([], "--during"),
    ],
)
def test_checkin_bad_input_names_the_option_and_records_nothing(kot, plan, args, needle):
    result = checkin(kot, plan, *args)
    assert result.code == 2, result
    assert needle in result.err and "Traceback" not in result.err
    assert history(kot, plan) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--week", "9", "--day", "1", "--during", "2", "--yes"],
        ["--week", "9", "--day", "1", "--during", "2"],
        ["--week", "1", "--day", "5", "--during", "2"],
    ],
)
def test_a_session_outside_the_plan_is_refused_with_one_message(kot, plan, args):
    result = checkin(kot, plan, *args)
    assert result.code == 1, result
    assert result.err.count("\n") == 1 and "outside" in result.err and "weeks 1-8, days 1-3" in result.err
    assert "far ahead" not in result.err
    assert history(kot, plan) == []


def test_a_red_flag_is_kept_and_stops_the_plan(kot, plan):
    result = checkin(kot, plan, "--during", "3", "--symptom", "giving-way")
    assert result.code == 3 and "the knee gives way" in result.err and "physiotherapist" in result.err
    assert "Recorded week 1 day 1" in result.err
    assert history(kot, plan)[0]["symptoms"] == ["giving-way"]
    assert kot("next", str(plan)).code == 3


class FakeTerminal:
    """Standard input that says it is a terminal; the answers come through `input()`."""

    def isatty(self):
        return True


def test_in_a_terminal_it_asks_for_everything_it_lacks_in_order(kot, plan, monkeypatch):
    asked = []
    answers = iter(["", "eleven", "4", "", "2", "5", "no", "2"])

    def answer(prompt=""):
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("builtins.input", answer)
    result = checkin(kot, plan)
    assert result.code == 0, result.err
    assert "0 to 10" in result.out + result.err
    kinds = ["how did it go", "during", "during", "next morning", "number", "Pain during", "Any of these", "everyday"]
    assert [k.lower() in p.lower() for k, p in zip(kinds, asked, strict=True)] == [True] * len(kinds), asked
    [row] = history(kot, plan)
    assert (row["status"], row["during"], row["next_morning"], row["usual"]) == ("done", 4, None, 2)
    assert list(row["exercises"].values()) == [5]


def test_ctrl_d_at_an_optional_question_skips_it(kot, plan, monkeypatch):
    answers = iter(["skipped"])

    def answer(prompt=""):
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("builtins.input", answer)
    result = checkin(kot, plan)
    assert result.code == 0, result.err
    assert history(kot, plan)[0]["status"] == "skipped"


# --- kot next: one file, revised in place -----------------------------------------------------------------------


def test_next_rewrites_the_plan_in_place_and_keeps_every_revision(kot, plan):
    week(kot, plan, 1, "--during", "2", "--next-morning", "3")
    week(kot, plan, 2, "--during", "6", "--next-morning", "3")
    original = plan.read_text()
    result = kot("next", str(plan))
    assert result.code == 0, result.err
    assert "Revision 2 of" in result.out and "Week 3" in result.out and "->" in result.out
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.yaml"], "no second file"
    now = json.loads(kot("show", str(plan), "-f", "json").out)
    assert now["revision"] == 2 and now["checkins_applied"] == 6
    assert kot("show", str(plan), "--revision", "1", "-f", "yaml").out == original
    week(kot, plan, 3, "--during", "4", "--next-morning", "3")
    assert kot("next", str(plan)).code == 0
    listed = kot("history", str(plan), "--revisions").out
    assert "revision 1" in listed and "revision 2" in listed and "revision 3" in listed and "(current)" in listed
    unchanged = plan.read_text()
    again = kot("next", str(plan))
    assert again.code == 0 and "No changes" in again.out and plan.read_text() == unchanged


def test_weeks_already_checked_in_never_change(kot, plan):
    before = json.loads(kot("show", str(plan), "-f", "json").out)["weeks"]
    week(kot, plan, 1, "--during", "6", "--next-morning", "6")
    assert kot("next", str(plan)).code == 0
    after = json.loads(kot("show", str(plan), "-f", "json").out)["weeks"]
    assert after[0] == before[0] and after[1:] != before[1:]


def test_json_plans_stay_json(kot, tmp_path):
    path = tmp_path / "P.JSON"
    assert kot("plan", "-g", "knee-pain", "-o", str(path), "-f", "json").code == 0
    week(kot, path, 1, "--during", "6", "--next-morning", "3")
    assert kot("next", str(path)).code == 0
    assert json.loads(path.read_text())["revision"] == 2
    assert kot("show", str(path)).code == 0


def test_an_old_copy_is_recognised_and_the_current_file_named(kot, plan, tmp_path):
    old = tmp_path / "old-copy.yaml"
    old.write_text(plan.read_text())
    week(kot, plan, 1, "--during", "6", "--next-morning", "3")
    assert kot("next", str(plan)).code == 0
    stale = kot("next", str(old))
    assert stale.code == 1 and "old copy" in stale.err and str(plan) in stale.err
    note = checkin(kot, old, "--week", "2", "--day", "1", "--during", "2")
    assert "old copy" in note.err


def test_hand_edits_in_coming_weeks_are_refused_with_the_file_untouched(kot, plan):
    text = plan.read_text()
    edited = text.replace("title: Knee strength, knee holds and hips", "title: My own title")
    assert edited.count("My own title") == 24
    plan.write_text(edited)
    week(kot, plan, 1, "--during", "2", "--next-morning", "3")
    refused = kot("next", str(plan))
    assert refused.code == 1 and "edited by hand" in refused.err and "weeks 2, 3" in refused.err
    assert "--discard-edits" in refused.err
    assert plan.read_text() == edited
    assert kot("next", str(plan), "--discard-edits").code == 0
    assert plan.read_text().count("My own title") == 3, "week 1 is done and kept as it is; the rest is rebuilt"


def test_hand_edits_in_done_weeks_and_names_are_carried(kot, plan):
    data = plan.read_text().replace("client: null", "client: Ann", 1)
    lines = data.splitlines()
    first_title = next(n for n, line in enumerate(lines) if "title:" in line)
    lines[first_title] = lines[first_title].split("title:")[0] + "title: Monday at the park"
    plan.write_text("\n".join(lines) + "\n")
    week(kot, plan, 1, "--during", "2", "--next-morning", "3")
    result = kot("next", str(plan))
    assert result.code == 0, result.err
    text = plan.read_text()
    assert "Monday at the park" in text and "client: Ann" in text


def test_checkins_beyond_the_plan_in_an_old_diary_are_named_not_a_crash(kot, plan):
    plan_id = json.loads(kot("show", str(plan), "-f", "json").out)["plan_id"]
    checkin(kot, plan, "--during", "2", "--next-morning", "3")
    conn = sqlite3.connect(os.path.join(os.environ["KOT_HOME"], "kot.sqlite3"))
    conn.execute(
        "INSERT INTO checkin (plan_id, week, day, pain_during, pain_next_morning, status, recorded_at)"
        " VALUES (?, 12, 1, 2, 2, 'done', '2026-01-01T00:00:00+00:00')",
        (plan_id,),
    )
    conn.commit()
    conn.close()
    result = kot("next", str(plan))
    assert result.code == 1 and "outside this plan" in result.err and "week 12 day 1" in result.err


# --- escalation through the CLI ---------------------------------------------------------------------------------


def test_a_knee_getting_worse_is_referred_within_two_weeks_and_stopped_at_three(kot, tmp_path):
    path = tmp_path / "green.yaml"
    assert kot("plan", "-g", "knee-pain", "-p", "2", "-o", str(path)).code == 0
    week(kot, path, 1, "--during", "2", "--next-morning", "4")
    assert "See a physiotherapist" not in kot("next", str(path)).out
    week(kot, path, 2, "--during", "2", "--next-morning", "4")
    second = kot("next", str(path))
    assert second.code == 0 and second.out.startswith("See a physiotherapist")
    shown = kot("show", str(path))
    assert "See a physiotherapist" in shown.out
    week(kot, path, 3, "--during", "2", "--next-morning", "4")
    third = kot("next", str(path))
    assert third.code == 3 and "physiotherapist" in third.err and "worse" in third.err


# --- history, import, progress, simulate ------------------------------------------------------------------------


def test_history_export_and_import_round_trip(kot, plan, tmp_path, monkeypatch):
    checkin(kot, plan, "--during", "2", "--next-morning", "3", "--exercise", "patrick-step=2", "--note", "ok")
    checkin(kot, plan, "--skipped")
    exported = kot("history", str(plan), "--format", "json").out
    (tmp_path / "export.json").write_text(exported)
    csv_out = kot("history", str(plan), "--format", "csv").out
    assert csv_out.splitlines()[0].startswith("client,plan_id,week,day,date,status")
    assert "patrick-step=2" in csv_out
    monkeypatch.setenv("KOT_HOME", str(tmp_path / "new-home"))
    assert json.loads(kot("history", "--format", "json").out) == []
    restored = kot("history", "--import", str(tmp_path / "export.json"))
    assert restored.code == 0 and "2 new" in restored.err
    assert kot("history", str(plan), "--format", "json").out == exported
    again = kot("history", "--import", str(tmp_path / "export.json"))
    assert again.code == 0 and "0 new, 0 replaced, 2 already in the diary" in again.err


def test_an_import_never_overwrites_a_newer_checkin_silently(kot, plan, tmp_path):
    checkin(kot, plan, "--during", "2", "--next-morning", "3")
    rows = history(kot, plan)
    rows[0]["during"] = 5
    (tmp_path / "old.json").write_text(json.dumps(rows))
    refused = kot("history", "--import", str(tmp_path / "old.json"))
    assert refused.code == 1 and "differs from the diary" in refused.err and "--force" in refused.err
    assert history(kot, plan)[0]["during"] == 2
    assert kot("history", "--import", str(tmp_path / "old.json"), "--force").code == 0
    assert history(kot, plan)[0]["during"] == 5


def test_an_import_outside_a_known_plan_is_refused(kot, plan, tmp_path):
    week(kot, plan, 1, "--during", "6", "--next-morning", "3")
    kot("next", str(plan))  # the diary now keeps the plan
    rows = history(kot, plan)
    rows.append({**rows[0], "week": 20})
    (tmp_path / "bad.json").write_text(json.dumps(rows))
    result = kot("history", "--import", str(tmp_path / "bad.json"))
    assert result.code == 1 and "outside plan" in result.err


def test_progress_charts_and_summarizes(kot, plan):
    for number in (1, 2, 3):
        week(kot, plan, number, "--during", "2", "--next-morning", "3")
    result = kot("progress", str(plan))
    assert result.code == 0, result.err
    assert "Pain per session" in result.out and "Weekly volume" in result.out
    assert "3 of 3 weeks within the pain rules" in result.out


def test_simulate_takes_verdict_words_and_usual_pain(kot):
    result = kot("simulate", "-g", "knee-pain", "-p", "3", "-r", "progress,progress,progress", "--usual", "3,1,1")
    assert result.code == 0, result.err
    data = json.loads(
        kot(
            "simulate",
            "-g",
            "knee-pain",
            "-p",
            "3",
            "-r",
            "progress,progress,progress",
            "--usual",
            "3,1,1",
            "-f",
            "json",
        ).out
    )
    assert [w["band"] for w in data] == ["yellow", "yellow", "green"]
    assert any("two weeks" in n for n in data[2]["notes"])
    old_words = json.loads(kot("simulate", "-g", "knee-pain", "-p", "2", "-r", "green,amber,red", "-f", "json").out)
    assert [w["verdict"] for w in old_words] == ["progress", "hold", "regress"]
    bad = kot("simulate", "-g", "knee-pain", "-r", "progress,purple")
    assert bad.code == 2 and "purple" in bad.err


def test_simulate_never_touches_the_database(kot, tmp_path, monkeypatch):
    home = tmp_path / "untouched"
    monkeypatch.setenv("KOT_HOME", str(home))
    assert kot("simulate", "--goal", "knee-pain", "--responses", "progress,hold").code == 0
    assert not home.exists()


# --- read-only use -----------------------------------------------------------------------------------------------


def test_markdown_export_carries_the_checkin_log(kot, plan, tmp_path):
    plain = tmp_path / "plain.md"
    assert kot("export", str(plan), "-o", str(plain)).code == 0
    assert "Check-in log" not in plain.read_text()
    checkin(kot, plan, "--during", "2", "--next-morning", "3", "--note", "easy")
    logged = tmp_path / "logged.md"
    assert kot("export", str(plan), "-o", str(logged)).code == 0
    assert "## Check-in log" in logged.read_text() and "easy" in logged.read_text()


def test_exports_need_no_database_and_a_damaged_one_only_matters_to_the_log(kot, plan, tmp_path, monkeypatch):
    home = tmp_path / "no-home"
    monkeypatch.setenv("KOT_HOME", str(home))
    assert kot("export", str(plan), "-o", str(tmp_path / "x.md")).code == 0
    assert not home.exists()
    home.mkdir()
    (home / "kot.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    for suffix in ("csv", "json", "yaml"):
        assert kot("export", str(plan), "-o", str(tmp_path / f"y.{suffix}")).code == 0, suffix
    assert kot("show", str(plan)).code == 0


def test_reading_commands_work_with_a_read_only_data_folder(kot, plan, tmp_path):
    checkin(kot, plan, "--during", "2", "--next-morning", "3")
    home = os.environ["KOT_HOME"]
    os.chmod(home, 0o500)
    try:
        assert kot("history", str(plan)).code == 0
        assert kot("progress", str(plan)).code == 0
        assert kot("show", str(plan)).code == 0
        assert kot("export", str(plan), "-o", str(tmp_path / "z.md")).code == 0
    finally:
        os.chmod(home, 0o700)
