"""Golden files of whole programs from a small frozen library (tests/data/frozen): a change of behaviour
shows up as a reviewable diff, and an edit to a cue in the shipped library does not rewrite them all.

Update with `python -m pytest tests/test_golden.py --update-golden`, then read the diff like code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from kot.generator import PlanRequest, build_program
from kot.library import load_library
from kot.model import StartLevel
from kot.output import only_week, to_text

FROZEN = load_library([Path(__file__).parent / "data" / "frozen"], use_env=False, builtin=False)
CASES = {
    "knee-pain-default": PlanRequest("knee-pain"),
    "knee-pain-orange": PlanRequest("knee-pain", pain=6, weeks=4),
    "knee-pain-green": PlanRequest("knee-pain", pain=1, weeks=6, days=2, minutes=45),
    "athletic-advanced": PlanRequest(
        "athletic", pain=0, weeks=6, days=4, minutes=45, equipment=("nordic-anchor",), level=StartLevel.advanced
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_markdown_golden(golden, name):
    golden(f"{name}.md", to_text("plan", "markdown", build_program(CASES[name], FROZEN)))


@pytest.mark.parametrize("name", ["knee-pain-orange", "athletic-advanced"])
def test_json_golden(golden, name):
    golden(f"{name}.json", to_text("plan", "json", build_program(CASES[name], FROZEN)))


def test_table_golden(golden):
    program = only_week(build_program(CASES["knee-pain-default"], FROZEN), 1)
    golden("knee-pain-week1.txt", to_text("plan", "table", program, width=80))


@pytest.mark.parametrize("name", sorted(CASES))
def test_markdown_parses_as_gfm_tables(name):
    program = build_program(CASES[name], FROZEN)
    text = to_text("plan", "markdown", program)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables = sum(t.type == "table_open" for t in tokens)
    sessions = sum(len(w.sessions) for w in program.weeks)
    assert tables == sessions
    assert "\x1b[" not in text
    rows = [t for t in tokens if t.type == "tr_open"]
    items = sum(len(s.items) for w in program.weeks for s in w.sessions)
    assert len(rows) == items + tables
