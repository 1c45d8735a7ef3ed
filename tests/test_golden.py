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
    golden(f"{name}.md", versionless(to_text("plan", "markdown", build_program(CASES[name], FROZEN))))


def versionless(text: str) -> str:
    """The JSON with kot's version as a placeholder: a version bump changes no behaviour, so it must not
    invite a golden update (which would hide a real change in the same diff)."""
    import kot

    pinned = {f'"kot_version": "{kot.__version__}"': '"kot_version": "KOT_VERSION"'}
    pinned[f"Made by kot {kot.__version__} "] = "Made by kot KOT_VERSION "
    assert any(p in text for p in pinned)
    for version, placeholder in pinned.items():
        text = text.replace(version, placeholder)
    return text


@pytest.mark.parametrize("name", ["knee-pain-orange", "athletic-advanced"])
def test_json_golden(golden, name):
    golden(f"{name}.json", versionless(to_text("plan", "json", build_program(CASES[name], FROZEN))))


def test_table_golden(golden):
    program = only_week(build_program(CASES["knee-pain-default"], FROZEN), 1)
    golden("knee-pain-week1.txt", to_text("plan", "table", program, width=80))


@pytest.mark.parametrize("name", sorted(CASES))
def test_markdown_parses_as_gfm_tables(name):
    """One table per progression grid, one row per exercise; each distinct session of a week a numbered list
    with an item per exercise (a phone shows a list; a 7-column table of cues runs together)."""
    from kot.render import view

    program = build_program(CASES[name], FROZEN)
    text = to_text("plan", "markdown", program)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    grids = view.grids(program)
    sessions = [s for w in program.weeks for s in view.sessions(program, w)]
    assert sum(t.type == "table_open" for t in tokens) == len(grids)
    assert "\x1b[" not in text
    rows = sum(t.type == "tr_open" for t in tokens)
    assert rows == sum(len(g.rows) + 1 for g in grids)
    assert sum(t.type == "ordered_list_open" for t in tokens) == len(sessions)
    items = sum(t.type == "list_item_open" and t.markup == "." for t in tokens)
    assert items == sum(len(s.items) for s in sessions)
