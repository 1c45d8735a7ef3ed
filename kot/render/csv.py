"""CSV of a program: one row per item, for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import fields
from io import StringIO

from kot.checkins import Progress, WeekTrend
from kot.diary import CheckIn
from kot.model import Program

COLUMNS = [
    "week",
    "phase",
    "deload",
    "day",
    "block",
    "exercise",
    "level",
    "name",
    "sets",
    "reps",
    "seconds",
    "tempo",
    "rest_seconds",
    "per_side",
    "load",
    "cues",
    "move_up_when",
]


def to_csv(program: Program) -> str:
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                writer.writerow(
                    [
                        week.number,
                        week.phase,
                        str(week.deload).lower(),
                        session.day,
                        item.block.value,
                        item.exercise,
                        item.level,
                        item.name,
                        item.sets,
                        "" if item.reps is None else item.reps,
                        "" if item.seconds is None else item.seconds,
                        item.tempo or "",
                        item.rest_seconds,
                        str(item.per_side).lower(),
                        item.load.value,
                        " | ".join(item.cues),
                        item.move_up_when,
                    ]
                )
    return buffer.getvalue()


def history_csv(checkins: Sequence[CheckIn]) -> str:
    """Check-ins, one row each; exercise pains as id=pain pairs."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["plan_id", "week", "day", "status", "during", "next_morning", "exercises", "symptoms", "note", "recorded_at"]
    )
    for c in checkins:
        writer.writerow(
            [
                c.plan_id,
                c.week,
                c.day,
                c.status,
                c.during,
                "" if c.next_morning is None else c.next_morning,
                ";".join(f"{k}={v}" for k, v in c.exercises.items()),
                ";".join(c.symptoms),
                c.note or "",
                c.recorded_at,
            ]
        )
    return buffer.getvalue()


def progress_csv(progress: Progress) -> str:
    """The weekly trend, one row per week: worst pains, planned and done volume, sessions done and missed."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = [f.name for f in fields(WeekTrend)]
    writer.writerow(columns)
    for week in progress.weeks:
        writer.writerow(["" if (value := getattr(week, name)) is None else value for name in columns])
    return buffer.getvalue()
