"""What a person sees: the overview, `kot today`, every cue everywhere, no jargon, narrow terminals, the
printable handout (printed by a real browser), the calendar and the coach's CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from checks import LIBRARY

from kot.generator import PlanRequest, build_program
from kot.output import to_text
from kot.render import view
from kot.render.csv import defuse

RULE_IDS = re.compile(r"\b(level-step|dose-up|add-set|hold-time|checkin-\w+|one-knee-step|yellow-cadence|time-cut)\b")
CASES = [
    PlanRequest("knee-pain"),
    PlanRequest("athletic", pain=0, days=4, minutes=45, equipment=("nordic-anchor",)),
    PlanRequest("knee-pain", pain=5, weeks=4),
]


def cues_of(program):
    return {view.line(c) for w in program.weeks for s in w.sessions for i in s.items for c in i.cues}


# --- the overview -------------------------------------------------------------------------------------------


def test_the_default_overview_fits_about_120_lines_at_80_columns(kot, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = kot("plan", "--goal", "knee-pain").out
    lines = out.splitlines()
    assert 100 <= len(lines) <= 125, len(lines)
    assert max(len(line) for line in lines) <= 80
    text = " ".join(out.split())
    for needle in (
        "Knee pain · 8 weeks",
        "Stop and see a physiotherapist or doctor if",
        "Pain rules:",
        "How it progresses: Days 1, 2, 3 (Mon, Wed, Fri)",
        "W4=",
        "Week 1 in detail",
        "Move up when:",
        "Tempo 2-1-2 =",
        "Next: save the plan, then see the session to do: kot plan --goal knee-pain -o plan.yaml kot today plan.yaml",
    ):
        assert needle in text, needle
    assert out.index("Stop and see") < out.index("How it progresses") < out.index("Week 1 in detail")


def test_full_shows_every_week_and_week_n_shows_that_one(kot):
    full = kot("plan", "--goal", "knee-pain", "--full").out
    assert all(f"Week {n} in detail" in full for n in range(1, 9))
    third = kot("plan", "--goal", "knee-pain", "--week", "3").out
    assert "Week 3 in detail" in third and "Week 1 in detail" not in third and "How it progresses" in third


def test_level_steps_and_light_weeks_are_marked_without_colour(kot):
    out = kot("plan", "--goal", "knee-pain", "--pain", "1", "--weeks", "8").out
    assert "W4-" in out and "^L" in out and "\x1b[" not in out


def test_every_cue_appears_in_the_terminal_markdown_html_and_calendar(kot, tmp_path):
    for request in CASES:
        program = build_program(request, LIBRARY)
        cues = cues_of(program)
        table = " ".join(to_text("plan", "table", program, full=True, width=300).split())
        markdown = to_text("plan", "markdown", program).replace("\\", "")
        html = to_text("plan", "html", program)
        from html import unescape

        ics = to_text("calendar", "ics", program, start=__import__("datetime").date(2026, 12, 1)).decode()
        ics_text = ics.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
        for cue in cues:
            assert cue in table, cue
            assert cue in markdown, cue
            assert cue in unescape(html), cue
            assert cue in ics_text, cue


def test_no_jargon_outside_explain():
    for request in CASES:
        program = build_program(request, LIBRARY)
        for fmt in ("table", "markdown", "html"):
            text = to_text("plan", fmt, program, full=True)
            assert not RULE_IDS.search(text), (fmt, RULE_IDS.search(text))
            assert "--minutes" not in text and "yellow band" not in text
        explained = to_text("plan", "table", program, explain=True, full=True)
        assert RULE_IDS.search(explained)


@pytest.mark.parametrize("columns", ["40", "0", "abc"])
def test_narrow_and_odd_terminals_wrap_and_never_cut(kot, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    for args in (["plan", "-g", "knee-pain", "--full"], ["plan", "-g", "athletic", "-p", "0", "-d", "4"]):
        out = kot(*args).out
        assert out.strip() and "…" not in out
        width = 40 if columns == "40" else 80
        assert max(len(line) for line in out.splitlines()) <= width


# --- kot today -----------------------------------------------------------------------------------------------


def test_today_shows_the_next_session_with_boxes_and_the_checkin_line(kot, tmp_path):
    plan = tmp_path / "plan.yaml"
    assert kot("plan", "-g", "knee-pain", "-o", str(plan)).code == 0
    first = kot("today", str(plan))
    assert first.code == 0 and "Week 1, day 1 (Mon)" in first.out
    assert "[ ]  [ ]" in first.out and "left" in first.out and "Move up when" in first.out
    assert f"kot checkin {plan} --week 1 --day 1 --during N\n" in first.out, "one line to copy"
    assert f"kot checkin {plan} --next-morning N\n" in first.out, "the next morning, a later step"
    assert kot("checkin", str(plan), "--during", "2", "--next-morning", "2").code == 0
    second = kot("today", str(plan))
    assert "Week 1, day 2 (Wed)" in second.out
    named = kot("today", str(plan), "--week", "3", "--day", "3")
    assert "Week 3, day 3 (Fri)" in named.out
    assert kot("today", str(plan), "--week", "9", "--day", "1").code == 1


# --- the handout ------------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def handout(program, log_sheet=False) -> str:
    return to_text("plan", "html", program, log_sheet=log_sheet)


def test_the_handout_is_self_contained_and_escapes_what_it_inserts():
    program = build_program(PlanRequest("knee-pain"), LIBRARY)
    page = handout(replace(program, client="<script>alert(1)</script> Ann"), log_sheet=True)
    parser = _Tags()
    parser.feed(page)
    tags = {t for t, _ in parser.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not any("src" in attrs for _, attrs in parser.tags)
    assert "url(" not in page and "@import" not in page and "http" not in page.split("</style>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ann" in page
    assert page.count("Week ") and page.count('class="log page-break"') == len(program.weeks)


def test_media_links_become_links_and_qr_codes(tmp_path):
    from kot.library import load_library

    root = tmp_path / "lib" / "exercises"
    root.mkdir(parents=True)
    text = (Path(__file__).resolve().parent.parent / "exercises" / "tibialis-raise.yaml").read_text()
    text = text.replace(
        "  - id: wall-tibialis-raise\n", "  - id: wall-tibialis-raise\n    media: [https://example.com/tib]\n", 1
    )
    (root / "tibialis-raise.yaml").write_text(text)
    library = load_library([tmp_path / "lib"], use_env=False)
    page = handout(build_program(PlanRequest("knee-pain"), library))
    assert '<a href="https://example.com/tib">' in page and "<svg" in page


def _pdf_pages(html: str, tmp_path: Path, size: str) -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None or shutil.which("pdfinfo") is None:
        pytest.skip("no headless browser (Debian's chromium) or pdfinfo (poppler-utils) here: .ci/run installs them")
    tmp_path.mkdir(exist_ok=True)
    page = tmp_path / f"{size}.html"
    page.write_text(html.replace("<style>", f"<style>@page {{ size: {size}; }}", 1))
    pdf = tmp_path / f"{size}.pdf"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
    ]
    subprocess.run([browser, *flags, page.as_uri()], capture_output=True, timeout=120, check=False)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.mark.parametrize("size", ["A4", "letter"])
def test_the_default_handout_prints_on_four_pages_and_the_log_adds_one_a_week(tmp_path, size):
    program = build_program(PlanRequest("knee-pain", weeks=8, days=3), LIBRARY)
    program = replace(program, client="Ann Lee", coach="Sam", created="2026-11-26T10:00:00+00:00")
    plain = _pdf_pages(handout(program), tmp_path, size)
    assert plain <= 4
    logged = _pdf_pages(handout(program, log_sheet=True), tmp_path / "log", size)
    assert logged == plain + len(program.weeks)


# --- the calendar and the CSV -------------------------------------------------------------------------------


def test_the_calendar_reads_well_and_reminds(kot, tmp_path):
    from icalendar import Calendar

    plan = tmp_path / "plan.yaml"
    kot("plan", "-g", "knee-pain", "-o", str(plan), "--client", "Ann")
    ics = tmp_path / "plan.ics"
    assert kot("export", str(plan), "-o", str(ics), "--start", "2026-12-01", "--remind", "30").code == 0
    calendar = Calendar.from_ical(ics.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Knee pain plan for Ann"
    first = calendar.walk("VEVENT")[0]
    assert str(first["SUMMARY"]).startswith("Knee pain, week 1 day 1: Backward walking, Tibialis raise")
    assert "Move up when:" in str(first["DESCRIPTION"]) and "Stop and see" in str(first["DESCRIPTION"])
    [alarm] = first.walk("VALARM")
    assert alarm["TRIGGER"].dt.total_seconds() == -30 * 60


def test_the_coach_csv_has_names_levels_doses_cues_and_criteria(kot):
    out = kot("plan", "-g", "knee-pain", "-f", "csv").out
    rows = list(csv.DictReader(io.StringIO(out)))
    first = rows[0]
    assert (first["week"], first["day"], first["order"]) == ("1", "1", "1")
    assert first["exercise_name"] == "Backward walking" and first["level_number"] == "1"
    assert first["dose"] == "1 x 5 min" and first["move_up_when"].startswith("1 x 10 min")
    assert " | " in rows[1]["cues"]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_look_like_formulas_are_text(cell):
    assert defuse(cell) == "'" + cell
    assert defuse("Tibialis raise") == "Tibialis raise" and defuse(-2) == -2


def test_plan_json_is_unchanged_by_presentation(kot):
    data = json.loads(kot("plan", "-g", "knee-pain", "-f", "json").out)
    assert data["weeks"][0]["sessions"][0]["items"][0]["move_up_when"]
