"""CSV for coaches and spreadsheets: one row per prescription, the diary, and the weekly trend.

Every text cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage
return) is written with a leading apostrophe, so it shows as the text it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import fields
from io import StringIO

from kot.checkins import Progress, WeekTrend
from kot.diary import CheckIn
from kot.model import Program
from kot.render import view

COLUMNS = [
    "week",
    "day",
    "order",
    "phase",
    "week_kind",
    "block",
    "exercise",
    "exercise_name",
    "level_number",
    "level",
    "level_name",
    "dose",
    "sets",
    "reps",
    "seconds",
    "per_side",
    "tempo",
    "rest_seconds",
    "load",
    "cues",
    "move_up_when",
    "daily_steps",
    "retest_week",
]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: object) -> object:
    """A text cell a spreadsheet would take for a formula, made plain text; numbers pass as they are."""
    if isinstance(cell, str) and cell.startswith(_FORMULA):
        return "'" + cell
    return cell


def _write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([defuse(cell) for cell in row])
    return buffer.getvalue()


def to_csv(program: Program) -> str:
    """One row per prescription: where it sits, what it is, the dose as text and as numbers, every cue and the
    criterion to move up."""
    rows = []
    for week in program.weeks:
        for session in week.sessions:
            for order, item in enumerate(session.items, start=1):
                shown = view.item_view(item)
                rows.append(
                    [
                        week.number,
                        session.day,
                        order,
                        view.line(week.phase),
                        view.week_kind(week) or "normal",
                        item.block.value,
                        item.exercise,
                        shown.name,
                        item.level_number,
                        item.level,
                        shown.level_name,
                        shown.dose,
                        item.sets,
                        "" if item.reps is None else item.reps,
                        "" if item.seconds is None else item.seconds,
                        str(item.per_side).lower(),
                        item.tempo or "",
                        item.rest_seconds,
                        item.load.value,
                        " | ".join(shown.cues),
                        shown.move_up,
                        week.daily_steps or "",
                        str(week.number in program.retest_weeks).lower(),
                    ]
                )
    return _write(COLUMNS, rows)


def history_csv(checkins: Sequence[CheckIn]) -> str:
    """Check-ins, one row each; exercise pains as id=pain pairs."""
    header = [
        "plan_id",
        "week",
        "day",
        "date",
        "status",
        "during",
        "next_morning",
        "usual",
        "exercises",
        "symptoms",
        "note",
        "recorded_at",
    ]
    rows = [
        [
            c.plan_id,
            c.week,
            c.day,
            c.date or "",
            c.status,
            c.during,
            "" if c.next_morning is None else c.next_morning,
            "" if c.usual is None else c.usual,
            ";".join(f"{k}={v}" for k, v in c.exercises.items()),
            ";".join(c.symptoms),
            view.line(c.note),
            c.recorded_at,
        ]
        for c in checkins
    ]
    return _write(header, rows)


def progress_csv(progress: Progress) -> str:
    """The weekly trend, one row per week: worst pains, planned and done volume, sessions done and missed."""
    columns = [f.name for f in fields(WeekTrend)]
    rows = [["" if (value := getattr(week, name)) is None else value for name in columns] for week in progress.weeks]
    return _write(columns, rows)
