"""The README's examples run as written, in order, in an empty folder; the coach section end to end.

Each ```sh block after the set-up commands is run line by line through the real entry point. The coach
section's edit (a ```yaml block) is applied as the prose says, and its ```console transcript of
`kot validate` must match what kot prints, line for line.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(text)]


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def run_line(kot, line: str) -> None:
    """One README command line: `kot ARGS [> FILE]`, comments dropped; it must succeed."""
    words = shlex.split(line, comments=True)
    if not words:
        return
    assert words[0] == "kot", f"not a kot command: {line}"
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    result = kot(*words[1:])
    assert result.code == 0, f"{line}\n{result.err}"
    if target:
        Path(target).write_text(result.out, encoding="utf-8")


def run_block(kot, body: str) -> None:
    for line in body.splitlines():
        run_line(kot, line)


@pytest.fixture
def empty(tmp_path, monkeypatch):
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_the_transcript_is_what_kot_prints(kot, monkeypatch):
    """The README's "What you get" shows the real start of `kot plan --goal knee-pain` at 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    [shown] = [body for lang, body in blocks(section("What you get")) if lang == "text"]
    printed = [line.rstrip() for line in kot("plan", "--goal", "knee-pain").out.splitlines()]
    lines = shown.rstrip("\n").splitlines()
    assert lines[-1] == "..." and lines[:-1] == printed[: len(lines) - 1]


def test_the_set_up_commands_are_the_two_of_the_contract():
    first, second = [body.strip() for lang, body in blocks(README.read_text(encoding="utf-8"))[:2]]
    assert first == "python3 -m venv .venv && . .venv/bin/activate && pip install . && kot plan --goal knee-pain"
    assert second == 'python3 -m venv .venv && . .venv/bin/activate && pip install ".[test]" && python -m pytest'


def test_everyday_use_and_the_check_in_loop_run_in_order(kot, empty):
    for title in ("Everyday use", "The weekly check-in loop"):
        for lang, body in blocks(section(title)):
            if lang == "sh":
                run_block(kot, body)
    made = {p.name for p in empty.iterdir()}
    assert {"client.yaml", "client.html", "log.html", "client.md", "client.ics", "client.csv", "log.csv"} <= made
    assert json.loads(kot("show", "client.yaml", "-f", "json").out)["revision"] == 2


def test_the_coach_section_end_to_end(kot, empty):
    """init, new, an edit with a typo and a lint problem, one validate showing both, then a plan with the fork."""
    steps = blocks(section("For coaches: your own library"))
    kinds = [lang for lang, _ in steps]
    assert kinds[:5] == ["sh", "yaml", "console", "sh", "yaml"], kinds

    run_block(kot, steps[0][1])
    raise_file = empty / "mylib" / "exercises" / "my-raise.yaml"
    goal_file = empty / "mylib" / "programs" / "my-knee.yaml"
    assert raise_file.exists() and goal_file.exists()
    original = raise_file.read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=../schemas/exercise.schema.json" in original
    assert (empty / "mylib" / "schemas" / "exercise.schema.json").exists()

    edit = steps[1][1]
    assert "    knee_demand: nnone\n" in edit and "    impact: true\n" in edit
    far = "    name: Wall tibialis raise, feet farther from the wall\n"
    assert far in edit and far in original
    edited = original.replace("    knee_demand: none\n", "    knee_demand: nnone\n", 1).replace(
        far, far + "    impact: true\n", 1
    )
    raise_file.write_text(edited, encoding="utf-8")

    command, *expected = steps[2][1].strip().splitlines()
    assert command.startswith("$ kot ")
    result = kot(*shlex.split(command[2:])[1:])
    assert result.code == 1
    assert result.err.splitlines() == expected, "the README's validate transcript is out of date"

    raise_file.write_text(original, encoding="utf-8")
    prose = section("For coaches: your own library")
    assert "`prefer: [my-raise]`" in prose
    goal = goal_file.read_text(encoding="utf-8")
    assert "prefer: [tibialis-raise]" in goal
    goal_file.write_text(goal.replace("prefer: [tibialis-raise]", "prefer: [my-raise]", 1), encoding="utf-8")

    run_block(kot, steps[3][1])
    plan = kot("plan", "--goal", "my-knee", "-L", "mylib", "-f", "json")
    week1 = json.loads(plan.out)["weeks"][0]
    assert "my-raise" in {i["exercise"] for s in week1["sessions"] for i in s["items"]}
