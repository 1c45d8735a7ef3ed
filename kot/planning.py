"""What `kot plan` does once its options are read, shared by the typer command (kot.cli.plans) and the fast
path (kot.fastpath), so the two build, render and print a plan through the very same calls.

`values` maps each option of `kot.commandline.PLAN` by name to its value, as the parsers read it.

Why not in kot.cli: importing any module of kot.cli imports typer, which the fast path never does.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kot import output
from kot.commandline import PLAN
from kot.values import record, replace
from kot.vocab import StartLevel

Values = Mapping[str, Any]


@record(frozen=True)
class Made:
    """A built plan, ready to print: the program, the library it came from, and the placement it started
    from (with --assessment)."""

    program: Any
    library: Any
    assessed: Any = None


def make(values: Values, *, announce_refusal: bool = True) -> Made:
    """Build the plan the options ask for. A refused plan raises PlanRefused, after printing the refusal as
    JSON when JSON on stdout was asked for (unless `announce_refusal` is off: nothing is printed then)."""
    from kot.errors import PlanRefused
    from kot.generator import PlanRequest, build_program
    from kot.library import load_library

    out = values["out"]
    request = PlanRequest(
        goal=values["goal"],
        pain=values["pain"],
        weeks=values["weeks"],
        days=values["days"],
        minutes=values["minutes"],
        equipment=tuple(values["equipment"] or ()),
        level=values["level"],
        symptoms=tuple(s.value for s in values["symptom"] or ()),
    )
    lib = load_library(values["library"] or [])
    assessed = None
    if values["assessment"] is not None:
        from kot import assessments

        request, assessed = assessments.plan_request(request, values["assessment"], lib)
    try:
        if assessed is not None:
            from kot import assessments

            program = assessments.build(request, lib, assessed)
        else:
            program = build_program(request, lib)
    except PlanRefused as refusal:
        if announce_refusal:
            output.refusal(refusal, fmt=values["fmt"], output=out)
        raise
    program = replace(program, client=values["client"], coach=values["coach"])
    if out is not None and not output.is_stdout(out):
        from kot.revisions import new_identity

        program = new_identity(program)  # a plan written to a file gets its own id: its own diary
    else:
        # Printed, it has no identity (stdout stays deterministic); its first check-in gives the file one.
        program = replace(program, plan_id=None)
    return Made(program, lib, assessed)


def emit_options(values: Values, made: Made) -> dict[str, Any]:
    """Everything `output.emit` is given besides the kind and the plan."""
    out = values["out"]
    return {
        "fmt": values["fmt"],
        "output": out,
        "force": values["force"],
        "week": values["week"],
        "explain": values["explain"],
        "full": values["full"],
        "pager": not values["no_pager"],
        "saved": saved_name(out),
        "save": save_command(values),
        "pictures": pictures(made.program, made.library),
    }


def finish(values: Values, made: Made) -> None:
    """After the plan is out: keep a placement's baseline, and say what to run next with a saved plan."""
    program = made.program
    if made.assessed is not None and program.plan_id:
        from kot import assessments

        assessments.keep_baseline(program, made.assessed)  # the first point of `kot progress`
    saved = saved_name(values["out"])
    if saved is not None:
        from kot.cli.conventions import hint
        from kot.render.view import as_argument

        hint(f"Next: {shlex.join(['kot', 'today', as_argument(saved)])}   # the session to do, with boxes to tick")


def run(values: Values) -> None:
    """The whole of `kot plan`: build the plan, print or write it, then the next step."""
    made = make(values)
    output.emit(output.PLAN, made.program, **emit_options(values, made))
    finish(values, made)


def save_command(values: Values) -> str:
    """The command that builds this same plan and saves it as plan.yaml: the options given, defaults left out."""
    words = ["kot", "plan", "--goal", values["goal"]]
    for name in ("pain", "weeks", "days", "minutes"):
        value = values[name]
        if value is not None and value != PLAN.option(name).default:
            words += [f"--{name}", str(value)]
    if values["equipment"]:
        words += ["--equipment", ",".join(values["equipment"])]
    if values["level"] is not StartLevel.beginner:
        words += ["--level", values["level"].value]
    for folder in values["library"] or []:
        words += ["-L", str(folder)]
    for name in ("client", "coach", "assessment"):
        value = values[name]
        if value:
            words += [f"--{name}", str(value)]
    return shlex.join([*words, "-o", "plan.yaml"])


def pictures(program: Any, library: Any = None) -> output.Lazy:
    """Each used level's picture, looked up only for the formats that draw them (HTML, markdown files)."""

    def find() -> Any:
        from kot.pictures import for_program

        return for_program(program, library)

    return output.Lazy(find)


def saved_name(out: Path | None) -> str | None:
    """The plan file the next steps point at, when the plan is being saved as one."""
    if out is None or output.is_stdout(out) or out.suffix.lower() not in (".yaml", ".yml", ".json"):
        return None
    return str(out)
