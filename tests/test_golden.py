"""Golden files of whole programs: a change of behaviour shows up as a reviewable diff.

Update with `python -m pytest tests/test_golden.py --update-golden`, then read the diff like code.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from kot.generator import PlanRequest, build_program
from kot.output import only_week, to_text

CASES = {
    "knee-pain-default": PlanRequest("knee-pain"),
    "knee-pain-orange": PlanRequest("knee-pain", pain=6, weeks=4),
    "athletic-green": PlanRequest("athletic", pain=0, weeks=6, days=4, minutes=45, equipment=("sled", "box")),
    "longevity-floor-only": PlanRequest("longevity", pain=2, weeks=5, days=2, equipment=("none",)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_markdown_golden(library, golden, name):
    golden(f"{name}.md", to_text("plan", "markdown", build_program(CASES[name], library)))


@pytest.mark.parametrize("name", ["knee-pain-orange"])
def test_json_golden(library, golden, name):
    golden(f"{name}.json", to_text("plan", "json", build_program(CASES[name], library)))


def test_table_golden(library, golden):
    program = only_week(build_program(CASES["knee-pain-default"], library), 1)
    golden("knee-pain-week1.txt", to_text("plan", "table", program, width=80))


@pytest.mark.parametrize("name", sorted(CASES))
def test_markdown_parses_as_gfm_tables(library, name):
    program = build_program(CASES[name], library)
    text = to_text("plan", "markdown", program)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables = sum(t.type == "table_open" for t in tokens)
    sessions = sum(len(w.sessions) for w in program.weeks)
    assert tables == sessions
    headings = [t for t in tokens if t.type == "heading_open" and t.tag == "h2"]
    assert len(headings) >= len(program.weeks) + 1
    assert "\x1b[" not in text
    rows = [t for t in tokens if t.type == "tr_open"]
    items = sum(len(s.items) for w in program.weeks for s in w.sessions)
    assert len(rows) == items + tables
