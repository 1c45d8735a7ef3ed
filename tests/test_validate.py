"""kot validate in one pass: schema problems and safety lints together, advice that fits each field, and
saved plans checked against the plan model."""

from __future__ import annotations

import json
import re

import pytest

LEVEL_WITH_TYPO = """\
  - id: first
    name: First
    dosage: {sets: 2, reps: 10}
    max_pain: 4
    knee_demand: nnone
    cues: [Go]
"""
LEVEL_WITH_LINT = """\
  - id: second
    name: Second
    dosage: {sets: 2, reps: 10}
    max_pain: 4
    impact: true
    cues: [Go]
"""


def family(levels: str, category: str = "lower-leg") -> str:
    return (
        f"id: linty\nname: Linty\ncategory: {category}\npattern: p\ngoals: [knee-pain]\ntrains: [shins]\n"
        f"levels:\n{levels}"
    )


def test_schema_problems_and_lints_come_in_one_pass_sorted(kot, tmp_path):
    bad = tmp_path / "linty.yaml"
    bad.write_text(family(LEVEL_WITH_TYPO + LEVEL_WITH_LINT), encoding="utf-8")
    run = kot("validate", str(bad))
    assert run.code == 1
    assert run.err.splitlines() == [
        f"{bad}:12:18: levels[id=first].knee_demand: unknown value 'nnone' (did you mean 'none'?)",
        f"{bad}:17:15: levels[id=second].max_pain: jumping and landing are for pain 0-2 only: "
        "max_pain must be 2 or less (got 4)",
        "2 problems in 1 file",
    ]


def test_a_family_with_an_unknown_category_reports_its_schema_problems_only(kot, tmp_path):
    """The ladder lints depend on the category; without a valid one nothing is guessed."""
    bad = tmp_path / "linty.yaml"
    bad.write_text(family(LEVEL_WITH_LINT, category="lower-legg"), encoding="utf-8")
    run = kot("validate", str(bad))
    assert run.code == 1
    assert "unknown value 'lower-legg'" in run.err and "jumping and landing" not in run.err


@pytest.mark.parametrize(
    ("line", "advice", "not_advice"),
    [
        ("    impact: no\n", "write true or false", "quote"),
        ("    max_pain: off\n", "must be a number (got 'off')", "true or false"),
        ("    name: no\n", 'quote it ("no") to keep it as text', "true or false"),
        ("    dosage: {sets: 2, seconds: 1:30}\n", "write plain seconds, e.g. 90", "true or false"),
        ("    max_pain: 04\n", "reads as octal in YAML; write 4", "true or false"),
        ("    knee_demand: no\n", "unknown value 'no' (choices: none, low", "true or false"),
    ],
)
def test_yaml_trap_advice_fits_the_field(kot, tmp_path, line, advice, not_advice):
    level = "  - id: first\n    name: First\n    dosage: {sets: 2, reps: 10}\n    max_pain: 4\n    cues: [Go]\n"
    key = line.split(":")[0]
    lines = [row for row in level.splitlines(keepends=True) if row.split(":")[0] != key] + [line]
    bad = tmp_path / "trap.yaml"
    bad.write_text(family("".join(lines)), encoding="utf-8")
    run = kot("validate", str(bad))
    assert run.code == 1
    problems = [p for p in run.err.splitlines()[:-1]]
    assert len(problems) == 1, problems
    assert advice in problems[0] and not_advice not in problems[0]


def test_saved_plans_are_validated_against_the_plan_model(kot, tmp_path):
    good = tmp_path / "client.json"
    assert kot("plan", "-g", "knee-pain", "-w", "4", "-o", str(good)).code == 0
    assert kot("plan", "-g", "knee-pain", "-w", "4", "-o", str(tmp_path / "client.yaml")).code == 0
    ok = kot("validate", str(good), str(tmp_path / "client.yaml"))
    assert ok.code == 0 and ok.out.startswith("ok: 2 saved plans are valid"), ok
    data = json.loads(good.read_text(encoding="utf-8"))
    data["weeks"][0]["sessions"][0]["items"][0]["sets"] = "many"
    data["inputs"]["pain"] = 12
    bad = tmp_path / "damaged.json"
    bad.write_text(json.dumps(data, indent=2), encoding="utf-8")
    run = kot("validate", str(bad))
    assert run.code == 1
    lines = run.err.splitlines()
    assert re.fullmatch(rf"{re.escape(str(bad))}:\d+:\d+: inputs.pain: must be <= 10 \(got 12\)", lines[0])
    assert "week 1 day 1 backward-walking.sets: must be a whole number (got 'many')" in lines[1]
    assert lines[-1] == "2 problems in 1 file"


def test_a_plain_folder_of_saved_plans_validates(kot, tmp_path):
    assert kot("plan", "-g", "knee-pain", "-w", "2", "-o", str(tmp_path / "a.json")).code == 0
    run = kot("validate", str(tmp_path))
    assert run.code == 0 and "1 saved plan is valid" in run.out, run
