"""The file kinds a coach meets, one name each: `exercise` (a family in exercises/), `goal` (a goal template
in programs/), `plan` (a saved program), `test` (a placement test in placement-tests/) and `assessment` (what
`kot assess` writes). The older names stay accepted: `template` is a goal and
`program` is a plan.

Why here: `kot schema`, `kot new`, `kot init` and the shipped schemas/ folder all name the kinds, and one
table keeps them from drifting apart.
"""

from __future__ import annotations

from typing import Any

from kot.errors import UsageError, did_you_mean

KINDS = ("exercise", "goal", "plan", "test", "assessment")
ALIASES = {"template": "goal", "program": "plan", "check": "test"}
FOLDERS = {"exercise": "exercises", "goal": "programs"}  # where a library keeps each kind `kot new` forks


def canonical(name: str) -> str:
    """A kind's one name, from its name or an old alias."""
    kind = ALIASES.get(name, name)
    if kind not in KINDS:
        raise UsageError(
            f"unknown file kind '{name}'{did_you_mean(name, [*KINDS, *ALIASES])}; choose {', '.join(KINDS)}",
            option="kind",
        )
    return kind


def model(kind: str) -> Any:
    """The pydantic model of a file kind."""
    from kot.model import ExerciseFamily, GoalTemplate, Program
    from kot.testcards import Assessment, PlacementTest

    models = {
        "exercise": ExerciseFamily,
        "goal": GoalTemplate,
        "plan": Program,
        "test": PlacementTest,
        "assessment": Assessment,
    }
    return models[canonical(kind)]


def schema_name(kind: str) -> str:
    """The file name of a kind's JSON Schema in a library's schemas/ folder."""
    return f"{canonical(kind)}.schema.json"


def json_schema(kind: str) -> str:
    """The JSON Schema of a file kind, as shipped in schemas/ and printed by `kot schema`."""
    from kot.boundary import json_schema as schema_of
    from kot.fielddocs import describe
    from kot.jsonio import dump_json

    return dump_json(describe(schema_of(model(kind))))
