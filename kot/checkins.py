"""The check-in loop's library layer: record a session against its plan, and summarize the trend.

The CLI stays a thin shell: it asks or parses, calls these, and renders.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kot import adapt, rules
from kot.errors import PlanRefused, UsageError, did_you_mean
from kot.generator import PlanRequest
from kot.library import Library, load_library
from kot.model import Program
from kot.saved import read_program
from kot.store import CheckIn, Store, db_path


def logged(plan_id: str) -> list[CheckIn]:
    """A plan's check-ins for an export, without creating a database where there is none."""
    if not plan_id or not db_path().exists():
        return []
    with Store.open() as store:
        return store.checkins(plan_id)


def parse_exercise_pains(values: Sequence[str]) -> dict[str, int]:
    """`ID=N` pairs from `--exercise`, each pain 0-10."""
    out: dict[str, int] = {}
    for value in values:
        name, sep, number = value.partition("=")
        if not sep or not name.strip() or not re.fullmatch(r"\s*[0-9]{1,2}\s*", number) or not 0 <= int(number) <= 10:
            raise UsageError(f"'{value}': write ID=PAIN, e.g. step-down=4, pain 0-10", option="exercise")
        out[name.strip()] = int(number)
    return out


def check_session(program: Program, week: int, day: int, exercises: Sequence[str]) -> None:
    """The week and day exist in the plan, and named exercises are in that session (with a suggestion)."""
    if not 1 <= week <= len(program.weeks):
        raise UsageError(f"the plan has weeks 1-{len(program.weeks)} (got {week})", option="week")
    sessions = {s.day: s for s in program.weeks[week - 1].sessions}
    if day not in sessions:
        raise UsageError(f"the plan has days 1-{len(sessions)} a week (got {day})", option="day")
    planned = [i.exercise for i in sessions[day].items]
    for exercise in exercises:
        if exercise not in planned:
            raise UsageError(
                f"'{exercise}' is not in week {week} day {day}{did_you_mean(exercise, planned)} "
                f"(planned: {', '.join(planned)})",
                option="exercise",
            )


def record(store: Store, program: Program, checkin: CheckIn) -> tuple[bool, adapt.Verdict]:
    """Save a check-in for a plan; returns whether it replaced one, and the session's verdict."""
    check_session(program, checkin.week, checkin.day, list(checkin.exercises))
    replaced = store.add(checkin)
    return replaced, adapt.session_verdict(checkin, program.inputs.pain)


NEXT_STEP = {
    "progress": "progress as planned.",
    "hold": "hold: repeat this dose next time, no level step (`kot next` applies it).",
    "regress": "regress: one rung down or half the sets for the knee work (`kot next` applies it).",
}


@dataclass(frozen=True)
class WeekTrend:
    week: int
    worst_during: int | None
    worst_morning: int | None
    planned_units: float
    done_units: float
    sessions_done: int
    sessions_missed: int


DONE_SHARE = {"done": 1.0, "partial": 0.5, "skipped": 0.0}


def trend(program: Program, checkins: Sequence[CheckIn]) -> list[WeekTrend]:
    """Per week of the plan up to the last check-in: worst pains and planned vs done volume."""
    last = max((c.week for c in checkins), default=0)
    out = []
    for week in program.weeks[:last]:
        mine = [c for c in checkins if c.week == week.number]
        by_day = {c.day: c for c in mine}
        planned = sum(rules.work_units(i) for s in week.sessions for i in s.items)
        done = sum(
            rules.work_units(i) * DONE_SHARE[by_day[s.day].status]
            for s in week.sessions
            if s.day in by_day
            for i in s.items
        )
        taken = [c for c in mine if c.status != "skipped"]
        mornings = [c.next_morning for c in taken if c.next_morning is not None]
        out.append(
            WeekTrend(
                week.number,
                max((c.during for c in taken), default=None),
                max(mornings, default=None),
                planned,
                done,
                len(taken),
                sum(c.status == "skipped" for c in mine),
            )
        )
    return out


def summary(program: Program, checkins: Sequence[CheckIn]) -> list[str]:
    """A few plain sentences: weeks in the green, level changes so far, missed sessions."""
    weeks = trend(program, checkins)
    if not weeks:
        return ["No check-ins yet: record one after a session with `kot checkin`."]
    usual = program.inputs.pain
    green = sum(
        1
        for w in weeks
        if w.worst_during is not None and w.worst_during <= 3 and (w.worst_morning is None or w.worst_morning <= usual)
    )
    lines = [
        f"{green} of {len(weeks)} week{'s' if len(weeks) != 1 else ''} in the green "
        f"(pain during 3/10 or less and settled by the next morning)."
    ]
    first = {i.exercise: i for s in program.weeks[0].sessions for i in s.items}
    now = {i.exercise: i for s in program.weeks[len(weeks) - 1].sessions for i in s.items}
    for fid, item in sorted(now.items()):
        if fid in first and item.level_number != first[fid].level_number:
            steps = item.level_number - first[fid].level_number
            word = "up" if steps > 0 else "down"
            lines.append(
                f"{item.family_name} {word} {abs(steps)} level{'s' if abs(steps) != 1 else ''} "
                f"(level {first[fid].level_number} -> {item.level_number})."
            )
    missed = sum(w.sessions_missed for w in weeks)
    if missed:
        lines.append(f"{missed} session{'s' if missed != 1 else ''} missed (not counted as progress).")
    return lines


# --- the steps of the diary commands ------------------------------------------------------------------


def status_of(done: bool, partial: bool, skipped: bool) -> str:
    """How a session went, from at most one of three flags; done when none is given."""
    if done + partial + skipped > 1:
        raise UsageError("choose one of done, partial or skipped", option="status")
    return "skipped" if skipped else "partial" if partial else "done"


def new_checkin(
    program: Program,
    week: int,
    day: int,
    during: int,
    next_morning: int | None,
    status: str,
    exercises: Sequence[str],
    symptoms: Sequence[str],
    note: str | None,
) -> CheckIn:
    """A check-in for a session of the plan, every value checked, before anything is written."""
    pains = parse_exercise_pains(exercises)
    check_session(program, week, day, list(pains))
    try:
        return CheckIn(program.plan_id, week, day, during, next_morning, status, pains, tuple(symptoms), note)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


@dataclass(frozen=True)
class Recorded:
    """A check-in as saved: whether it replaced one, its verdict, and the stop it calls for, if any."""

    checkin: CheckIn
    replaced: bool
    verdict: adapt.Verdict
    stop: PlanRefused | None

    def message(self) -> str:
        saved = f"{'Replaced' if self.replaced else 'Recorded'} week {self.checkin.week} day {self.checkin.day}"
        if self.stop is not None:
            return f"{saved}."
        return f"{saved}: {self.verdict.reason}; {NEXT_STEP[self.verdict.action]}"


def record_checkin(program: Program, checkin: CheckIn) -> Recorded:
    """Save a check-in, then judge it: a stop (pain 7+, a red flag) is kept in the diary and reported."""
    with Store.open() as store:
        replaced, verdict = record(store, program, checkin)
    try:
        adapt.check_stop([checkin])
    except PlanRefused as refusal:
        return Recorded(checkin, replaced, verdict, refusal)
    return Recorded(checkin, replaced, verdict, None)


def history(plan_file: Path | None) -> list[CheckIn]:
    """The check-ins of one saved plan, or of every plan."""
    plan_id = read_program(plan_file).plan_id if plan_file is not None else None
    if not db_path().exists():
        return []
    with Store.open() as store:
        plans = [plan_id] if plan_id is not None else store.plans()
        return [c for p in plans for c in store.checkins(p)]


def history_data(checkins: Sequence[CheckIn]) -> list[dict[str, Any]]:
    """Check-ins as exported rows: the form `kot history --import` reads back."""
    return [{**asdict(c), "symptoms": list(c.symptoms)} for c in checkins]


def import_file(path: Path) -> int:
    """Restore check-ins from a JSON export, all or nothing; the number imported."""
    from kot.saved import read_json

    with Store.open() as store:
        return store.import_rows(read_json(path, "a JSON export of check-ins"))


@dataclass(frozen=True)
class Progress:
    """A plan's check-ins with their weekly trend and a few plain sentences."""

    program: Program
    checkins: list[CheckIn]
    weeks: list[WeekTrend]
    summary: list[str]


def progress(plan_file: Path) -> Progress:
    program = read_program(plan_file)
    found = logged(program.plan_id)
    return Progress(program, found, trend(program, found), summary(program, found))


def progress_data(progress: Progress) -> dict[str, Any]:
    return {
        "plan_id": progress.program.plan_id,
        "weeks": [asdict(w) for w in progress.weeks],
        "summary": progress.summary,
        "checkins": history_data(progress.checkins),
    }


@dataclass(frozen=True)
class Revision:
    """The next revision of a plan: the adapted program, where it goes, and what changed."""

    program: Program
    target: Path
    checkins: int
    changes: list[str]
    library_changed: bool

    @property
    def format(self) -> str:
        """A revision is saved as its plan was: JSON for .json, else YAML."""
        return "json" if self.target.suffix.lower() == ".json" else "yaml"

    def report(self) -> list[str]:
        """What to tell the person: the revision, the changes of the first week that changes, and a pointer."""
        lines = [
            f"Revision {self.program.revision} from {self.checkins} check-in{'s' if self.checkins != 1 else ''}: "
            f"{self.target}"
        ]
        if self.library_changed:
            lines.append(
                "Note: the exercise library changed since this plan was made; the new revision uses the current one."
            )
        first = self.changes[0].split()[1] if self.changes else ""
        upcoming = [line for line in self.changes if line.startswith(f"week {first} ")]
        lines += [f"- {line}" for line in upcoming or ["No changes: keep following the plan."]]
        if len(self.changes) > len(upcoming):
            lines.append(
                f"(+{len(self.changes) - len(upcoming)} later prescriptions follow from these; "
                f"`kot show {self.target}` shows them all)"
            )
        return lines


def revision_path(plan_file: Path, revision: int) -> Path:
    """plan.yaml -> plan.r2.yaml, and plan.r2.yaml -> plan.r3.yaml (not plan.r2.r3.yaml)."""
    base = re.sub(r"\.r\d+$", "", plan_file.stem)
    return plan_file.with_name(f"{base}.r{revision}{plan_file.suffix}")


def next_revision(plan_file: Path, extra: Sequence[Path], target: Path | None = None) -> Revision | None:
    """Adapt a saved plan to its check-ins; None when it has none yet. Raises PlanRefused on a stop."""
    program = read_program(plan_file)
    found = logged(program.plan_id)
    if not found:
        return None
    library = load_library(list(extra))
    adapted = adapt.adapt_program(program, found, library)
    return Revision(
        adapted,
        target or revision_path(plan_file, adapted.revision),
        len(found),
        adapt.changes(program, adapted),
        library.version != program.library_version,
    )


def parse_responses(text: str) -> list[str]:
    """Comma-separated weekly responses for a simulation, each one of the known words."""
    wanted = [r.strip() for r in text.split(",") if r.strip()]
    choices = [*adapt.RESPONSES, "skip"]
    for response in wanted:
        if response not in choices:
            raise UsageError(
                f"'{response}' is not one of {', '.join(choices)}{did_you_mean(response, choices)}", option="responses"
            )
    if not wanted:
        raise UsageError(f"name at least one response: {', '.join(choices)}", option="responses")
    return wanted


@dataclass(frozen=True)
class Simulation:
    """Where a plan ends up after hypothetical weekly responses, and what each week changed."""

    final: Program
    weeks: list[adapt.SimulatedWeek]


def simulate(request: PlanRequest, library: Library, responses: str) -> Simulation:
    final, walked = adapt.simulate(request, library, parse_responses(responses))
    return Simulation(final, walked)


def simulation_data(simulation: Simulation) -> list[dict[str, Any]]:
    return [
        {"week": w.week, "response": w.response, "verdict": w.verdict, "changes": w.changes} for w in simulation.weeks
    ]
