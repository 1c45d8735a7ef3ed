"""Saved programs and exports: show/export read back exactly what plan made; writes are safe."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from markdown_it import MarkdownIt

PLAN = ("plan", "--goal", "knee-pain", "--pain", "3", "--weeks", "6")


@pytest.fixture
def saved(kot, tmp_path):
    """A saved program, in YAML and in JSON."""
    for suffix in ("yaml", "json"):
        result = kot(*PLAN, "-o", str(tmp_path / f"plan.{suffix}"))
        assert result.code == 0, result.err
    return tmp_path


@pytest.mark.parametrize("suffix", ["yaml", "json"])
@pytest.mark.parametrize("fmt", ["table", "json", "yaml", "markdown", "csv"])
def test_show_renders_exactly_what_plan_printed(kot, saved, suffix, fmt):
    """Byte for byte, but for the saved plan's own identity: its id, date and fingerprint in JSON and YAML, the
    date it was made and the next step (which names the file) in the table."""
    shown = kot("show", str(saved / f"plan.{suffix}"), "--format", fmt)
    assert shown.code == 0, shown.err
    printed = kot(*PLAN, "--format", fmt).out
    if fmt in ("json", "yaml"):
        import yaml

        identity = ("plan_id", "created", "fingerprint")
        mine, theirs = yaml.safe_load(shown.out), yaml.safe_load(printed)
        assert {k: v for k, v in mine.items() if k not in identity} == {
            k: v for k, v in theirs.items() if k not in identity
        }
        assert mine["created"] and not theirs["created"]
    elif fmt == "table":
        made = json.loads(kot("show", str(saved / f"plan.{suffix}"), "-f", "json").out)["created"]
        from kot.render.view import made_on

        def core(text: str) -> str:
            return text.replace(made_on(made) + "\n", "").split("Next:")[0]

        assert core(shown.out) == core(printed) and f"kot today {saved / f'plan.{suffix}'}" in shown.out.replace(
            "\n", ""
        )
    elif fmt == "markdown":
        made = json.loads(kot("show", str(saved / f"plan.{suffix}"), "-f", "json").out)["created"]
        from kot.render.view import made_on

        assert shown.out.replace(made_on(made) + "\n\n", "", 1) == printed
    else:
        assert shown.out == printed


def test_show_needs_no_library(kot, saved, monkeypatch):
    """A coach may change the library after sending a plan; the saved plan must not change."""
    from kot import library

    def broken(*_args, **_kwargs):
        raise AssertionError("show must not load the library")

    monkeypatch.setattr(library, "load_library", broken)
    assert kot("show", str(saved / "plan.yaml")).code == 0


def test_export_markdown_equals_plan_markdown(kot, saved, tmp_path):
    direct = tmp_path / "direct.md"
    exported = tmp_path / "exported.md"
    assert kot(*PLAN, "-o", str(direct)).code == 0
    assert kot("export", str(saved / "plan.yaml"), "-o", str(exported)).code == 0
    assert exported.read_text() == direct.read_text().replace("direct-figures/", "exported-figures/")
    pictures = sorted(p.name for p in (tmp_path / "exported-figures").iterdir())
    assert pictures and pictures == sorted(p.name for p in (tmp_path / "direct-figures").iterdir())


def test_markdown_is_gfm_without_ansi(kot, saved, tmp_path):
    target = tmp_path / "client.md"
    assert kot("export", str(saved / "plan.json"), "-o", str(target)).code == 0
    text = target.read_text()
    assert "\x1b[" not in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert sum(t.type == "table_open" for t in tokens) == 1, "the grid; sessions are lists, to read on a phone"
    items = [t for t in tokens if t.type == "list_item_open" and t.markup == "."]
    assert len(items) == 6 * 6, "each week's (identical) sessions: one numbered item per exercise"
    assert "<br>" not in text
    assert text.startswith("# Knee pain: a 6-week knees-over-toes plan")
    for needle in (
        "## Pain rules",
        "Not medical advice",
        "## Why it is built this way",
        "## Week 4: the same as last",
        "## Stop and see a physiotherapist or doctor if",
        "## How it progresses",
    ):
        assert needle in text


def test_log_sheet_adds_blank_cells_per_set(kot, saved, tmp_path):
    target = tmp_path / "log.md"
    assert kot("export", str(saved / "plan.yaml"), "-o", str(target), "--log-sheet").code == 0
    text = target.read_text()
    assert "Done (tick a box per set): Backward walking ☐; Tibialis raise ☐☐;" in text
    assert "Patrick step ☐☐ ☐☐" in text, "a box per set, each side"
    line = "Date: ________ · Pain during: ____/10 · Next morning: ____/10 · Notes:"
    assert text.count(line) == 6 * 3, "one line per session, never one for three days"
    assert text.count("**Day 1 (Mon)**") == text.count("**Day 3 (Fri)**") == 6


def test_csv_has_one_row_per_item(kot, saved, tmp_path):
    target = tmp_path / "plan.csv"
    assert kot("export", str(saved / "plan.yaml"), "-o", str(target)).code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    program = json.loads((saved / "plan.json").read_text())
    assert len(rows) == sum(len(s["items"]) for w in program["weeks"] for s in w["sessions"])
    first = rows[0]
    assert first["week"] == "1" and first["day"] == "1" and first["exercise"] == "backward-walking"
    for column in ("block", "level", "sets", "reps", "seconds", "tempo", "rest_seconds", "per_side", "load"):
        assert column in first


def test_calendar_is_valid_icalendar(kot, saved, tmp_path):
    from icalendar import Calendar

    target = tmp_path / "plan.ics"
    result = kot("export", str(saved / "plan.yaml"), "-o", str(target), "--start", "2026-11-30", "--time", "18:30")
    assert result.code == 0, result.err
    calendar = Calendar.from_ical(target.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 6 * 3
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts[0].isoformat() == "2026-11-30T18:30:00"  # a Monday: day 1, as the handout's "Day 1 (Mon)"
    assert starts[1].isoformat() == "2026-12-02T18:30:00"
    assert "Backward walking" in str(events[0].get("description"))
    assert len({str(e.get("uid")) for e in events}) == len(events)


def test_calendar_on_named_weekdays(kot, saved, tmp_path):
    from icalendar import Calendar

    target = tmp_path / "plan.ics"
    result = kot(
        "export", str(saved / "plan.yaml"), "-o", str(target), "--start", "2026-12-02", "--weekdays", "mon,wed,fri"
    )
    assert result.code == 0, result.err
    days = sorted(e.decoded("dtstart") for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert [d.strftime("%a %d") for d in days[:4]] == ["Mon 07", "Wed 09", "Fri 11", "Mon 14"]


@pytest.mark.parametrize(
    ("start", "weekdays", "first"),
    [
        ("2026-12-01", None, "Mon 07"),  # a Tuesday: week 1 waits for Monday's session, day 1
        ("2026-12-01", "mon,wed,fri", "Mon 07"),
        ("2026-11-30", "mon,wed,fri", "Mon 30"),
        ("2026-12-01", "tue,thu,sat", "Tue 01"),
        ("2026-12-03", "fri,tue,thu", "Tue 08"),  # named in any order: day 1 is the first in the week
    ],
)
def test_week_one_day_one_is_day_ones_weekday_on_or_after_the_start(kot, saved, tmp_path, start, weekdays, first):
    """The calendar agrees with the handout: every session of a week keeps its day number's weekday."""
    from icalendar import Calendar

    target = tmp_path / "plan.ics"
    extra = ["--weekdays", weekdays] if weekdays else []
    result = kot("export", str(saved / "plan.yaml"), "-o", str(target), "--start", start, *extra)
    assert result.code == 0, result.err
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    by_session = {str(e.get("summary")).split(":")[0].split(", ", 1)[1]: e.decoded("dtstart") for e in events}
    assert by_session["week 1 day 1"].strftime("%a %d") == first
    days = sorted({d.strftime("%a") for name, d in by_session.items() if name.endswith("day 1")})
    assert days == [first[:3]], "day 1 falls on the same weekday every week"
    assert ("Week 1 day 1 is" in result.err) == (not first.endswith(start[-2:]))
    if weekdays is None:  # the plan's own days: what the handout prints
        handout = kot("export", str(saved / "plan.yaml"), "-f", "md").out
        assert "Day 1 (Mon)" in handout or "Days 1, 2, 3 (Mon, Wed, Fri)" in handout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ([], "Missing option '--start'"),
        (["--start", "tomorrow"], "not a date"),
        (["--start", "2026-12-01", "--time", "7pm"], "not a time"),
        (["--start", "2026-12-01", "--weekdays", "mon,wed"], "3 sessions a week"),
        (["--start", "2026-12-01", "--weekdays", "mon,wed,fry"], "--weekdays"),
    ],
)
def test_calendar_usage_errors(kot, saved, tmp_path, args, needle):
    target = tmp_path / "plan.ics"
    result = kot("export", str(saved / "plan.yaml"), "-o", str(target), *args)
    assert result.code == 2 and needle in result.err
    assert not target.exists()


def test_plan_cannot_write_ics_directly(kot, tmp_path):
    result = kot(*PLAN, "-o", str(tmp_path / "plan.ics"))
    assert result.code == 2 and "kot export" in result.err


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("content", "name", "needle"),
    [
        (None, "missing.yaml", "no such file"),
        (b"\x00\x01junk\xff", "junk.yaml", "cannot read it as a text file"),
        (b"just: [a, list", "broken.yaml", "invalid YAML"),
        (b'{"status": "ok"}', "other.json", "not a kot program"),
        (b'{"status": "refused", "reasons": [], "advice": ""}', "refused.json", "refused plan"),
        (b"hello", "plan.txt", "a saved program is a .yaml or .json file"),
    ],
)
def test_bad_saved_files(kot, tmp_path, content, name, needle):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = snapshot(tmp_path)
    for command in (("show", str(path)), ("export", str(path), "-o", str(tmp_path / "out.md"))):
        result = kot(*command)
        assert result.code == 1, result
        assert needle in result.err and "Traceback" not in result.err
        assert snapshot(tmp_path) == before


def test_program_from_a_newer_kot_is_refused(kot, saved):
    path = saved / "plan.json"
    data = json.loads(path.read_text())
    data["format_version"] = 99
    path.write_text(json.dumps(data))
    result = kot("show", str(path))
    assert result.code == 1 and "newer kot" in result.err


def test_damaged_program_names_the_field(kot, saved):
    path = saved / "plan.json"
    data = json.loads(path.read_text())
    data["weeks"][0]["sessions"][0]["items"][0]["sets"] = "many"
    path.write_text(json.dumps(data))
    result = kot("show", str(path))
    assert result.code == 1 and "week 1 day 1 backward-walking.sets: must be a whole number" in result.err


def test_existing_target_is_never_replaced_without_force(kot, saved):
    target = saved / "client.md"
    target.write_text("the coach's notes")
    result = kot("export", str(saved / "plan.yaml"), "-o", str(target))
    assert result.code == 1 and "--force" in result.err
    assert target.read_text() == "the coach's notes"
    assert kot("export", str(saved / "plan.yaml"), "-o", str(target), "--force").code == 0
    assert target.read_text().startswith("# Knee pain")


def test_unknown_suffix_is_a_usage_error(kot, saved):
    result = kot("export", str(saved / "plan.yaml"), "-o", str(saved / "plan.pdf"))
    assert result.code == 2 and "cannot tell the format" in result.err


def test_unwritable_target_is_a_clear_error(kot, saved):
    result = kot("export", str(saved / "plan.yaml"), "-o", "/proc/kot-plan.md")
    assert result.code == 1 and "cannot write /proc/kot-plan.md" in result.err


def test_interrupted_write_leaves_nothing_behind(kot, saved, monkeypatch):
    target = saved / "client.md"

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    before = snapshot(saved)
    result = kot("export", str(saved / "plan.yaml"), "-o", str(target))
    assert result.code == 130
    assert snapshot(saved) == before


def test_csv_keeps_a_tempo_as_text_for_spreadsheets(kot, saved, tmp_path):
    """A tempo of 2-1-2 (or a range, a time) would become a date in a spreadsheet: it is written as text."""
    from kot.render.csv import defuse

    target = tmp_path / "plan.csv"
    assert kot("export", str(saved / "plan.yaml"), "-o", str(target)).code == 0
    tempos = {row["tempo"] for row in csv.DictReader(io.StringIO(target.read_text()))} - {""}
    assert "'2-1-2" in tempos and all(t.startswith("'") for t in tempos), tempos
    for text in ("2-1-2", "3-4", "1/2", "7:00", "3 Mar", "Mar 3"):
        assert defuse(text, dates=True) == "'" + text
    for cell in ("2.5", "12", "Backward walking", 3, "X-1-2"):
        assert defuse(cell, dates=True) == cell
    assert defuse("2026-12-01") == "2026-12-01", "the diary's dates stay dates"
