"""Assessment files and retests: read and check an assessment (file:line:col), its YAML text, retests kept
in the diary with a plan, and each test's change over time (`kot progress`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kot import placement
from kot.boundary import ValidationError, dump, validate
from kot.errors import DataError, KotError, Problem
from kot.library import Library
from kot.locate import field_label, problems_from
from kot.model import Program
from kot.saved import read_text, regular_file
from kot.store import Retest, Store
from kot.testcards import Assessment
from kot.yamlio import dump_yaml, parse_located


def to_yaml(assessment: Assessment) -> str:
    data = dump(assessment)
    data["results"] = [dump(r, exclude_defaults=True) for r in assessment.results]
    return "# A kot assessment: the screening, each test's result and the starting levels they give.\n" + dump_yaml(
        data
    )


def read(path: Path, library: Library, goal: str | None = None) -> Assessment:
    """An assessment file, checked against its model and the library; every problem located."""
    regular_file(path, "an assessment")
    shown = str(path)
    located = parse_located(read_text(path, "an assessment"), shown)
    if not isinstance(located.data, dict) or located.data.get("kind") != "assessment":
        raise DataError([Problem(shown, 1, 1, "kind", "not an assessment file (made by kot assess -o FILE)")])
    try:
        assessment = validate(Assessment, located.data)
    except ValidationError as exc:
        raise DataError(problems_from(exc, Assessment, located, shown)) from None
    found = placement.check_file(library, assessment, goal)
    if found:
        problems = []
        for where, message in found:
            line, column = located.position(where)
            problems.append(Problem(shown, line, column, field_label(located.data, where), message))
        raise DataError(problems)
    return assessment


# --- retests in the diary ---------------------------------------------------------------------------------


def rows_of(assessment: Assessment) -> list[Retest]:
    rows = [
        Retest(assessment.date, r.test, "test", r.value, r.left, r.right, r.stopped, r.pain)
        for r in assessment.results
        if not r.skipped
    ]
    rows += [Retest(assessment.date, o.id, "outcome", o.value) for o in assessment.outcomes]
    return rows


def record(program: Program, assessment: Assessment, *, force: bool = False) -> int:
    """Keep an assessment's results with a plan in the diary; how many were kept."""
    if not program.plan_id:
        raise KotError("this plan has no id yet (it was printed, not saved): save it with -o FILE first")
    if assessment.goal != program.inputs.goal:
        raise KotError(
            f"the plan is for the goal '{program.inputs.goal}', not '{assessment.goal}': assess with "
            f"-g {program.inputs.goal}"
        )
    rows = rows_of(assessment)
    if not rows:
        raise KotError("no results to record: give at least one --result or --outcome")
    store = Store.open()
    try:
        store.add_retests(program.plan_id, assessment.date, rows, force=force)
    finally:
        store.close()
    return len(rows)


def kept(plan_id: str) -> list[Retest]:
    store = Store.reader()
    if store is None or not plan_id:
        return []
    try:
        return store.retests(plan_id)
    finally:
        store.close()


@dataclass(frozen=True)
class Trend:
    """One test or outcome over time: (date, shown value, change word against the one before)."""

    id: str
    name: str
    unit: str
    counts_from: int
    points: list[tuple[str, str, str]]


REFERRAL = "See a physiotherapist: {why}. A physiotherapist can find out why and adjust the program."


def trends(library: Library, rows: Sequence[Retest]) -> list[Trend]:
    tests, outcomes = library.tests, placement.outcome_defs(library)
    by_id: dict[str, list[Retest]] = {}
    for r in rows:
        by_id.setdefault(r.test, []).append(r)
    out = []
    order = {tid: (t.order, tid) for tid, t in tests.items()}
    for tid, found in sorted(by_id.items(), key=lambda item: order.get(item[0], (100, item[0]))):
        if tid in tests:
            test = tests[tid]
            change, better, name, unit = test.change, test.record.better, test.name, test.record.unit
        elif tid in outcomes:
            o = outcomes[tid]
            change, better, name, unit = o.change, o.better, o.name, "points"
        else:
            continue
        points = []
        before = None
        for r in found:
            value = _number(r, tests.get(tid))
            shown = "stopped" if r.stopped else (f"{r.left},{r.right}" if r.left is not None else str(r.value))
            word = ""
            best = (test.record.range[1] if better == "higher" else test.record.range[0]) if tid in tests else None
            if value is not None and before is not None and value == before == best:
                word = placement.AT_TOP
            elif value is not None and before is not None and change is not None:
                word = placement.change_word(change, better, before, value)
            elif r.stopped and before is not None:
                word = placement.WORSE
            points.append((r.taken, shown, word))
            before = value if value is not None else before
        out.append(Trend(tid, name, unit, change.counts_from if change else 0, points))
    return out


def _number(r: Retest, test) -> int | None:  # noqa: ANN001
    if r.stopped:
        return None
    if r.value is not None:
        return r.value
    if r.left is None or r.right is None:
        return None
    return max(r.left, r.right) if test is not None and test.record.better == "lower" else min(r.left, r.right)


def referral(found: Sequence[Trend]) -> str | None:
    """Decision 9: any test worse, or one with no clear change in two retests in a row."""
    for trend in found:
        words = [w for _, _, w in trend.points if w]
        if placement.see_physio(words):
            why = "got worse" if placement.WORSE in words else "shows no clear change in two retests in a row"
            return REFERRAL.format(why=f"{trend.name} {why}")
    return None


def for_plan(program: Program, library: Callable[[], Library]) -> tuple[list[Trend], str | None]:
    """A plan's retests over time and the referral they call for; the library is loaded only if there are
    retests."""
    rows = kept(program.plan_id)
    if not rows:
        return [], None
    found = trends(library(), rows)
    return found, referral(found)


def plan_request(request, path: Path, library: Library):  # noqa: ANN001, ANN201 - a PlanRequest, twice
    """`kot plan --assessment FILE`: the request with the file's placements, pain and notes, and the file."""

    assessment = read(path, library, request.goal)
    weeks = request.weeks or library.templates[request.goal].default_weeks
    found = placement.for_plan(library, assessment, request.pain, weeks)
    return (
        replace(
            request,
            pain=found.pain,
            placed=found.placed,
            assessed=assessment.date,
            notes=found.notes,
            cautions=found.cautions,
        ),
        assessment,
    )


def build(request, library: Library, assessment: Assessment | None) -> Program:  # noqa: ANN001 - a PlanRequest
    """The plan; after a test that hurt above 5/10, week 1 is built at the orange band and the weeks after
    carry on from it at the person's usual pain (as a revision carries on from done weeks)."""

    from kot import rules
    from kot.generator import Continuation, build_program

    if assessment is None or request.pain is None or not placement.orange_first(assessment, request.pain):
        return build_program(request, library)
    first = build_program(replace(request, pain=rules.ORANGE_MIN_PAIN), library)
    rest = build_program(request, library, Continuation(done=(first.weeks[0],), pain=request.pain))
    return replace(rest, current_pain=None)


def keep_baseline(program: Program, assessment: Assessment) -> None:
    """A saved plan placed by an assessment keeps its results as the first point of `kot progress`."""
    rows = rows_of(assessment)
    if rows and program.plan_id:
        store = Store.open()
        try:
            store.add_retests(program.plan_id, assessment.date, rows, force=True)
        finally:
            store.close()
