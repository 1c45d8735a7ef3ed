"""CSV of a program: one row per item, for spreadsheets."""

from __future__ import annotations

import csv
from io import StringIO

from kot.model import Program

COLUMNS = ["week", "phase", "deload", "day", "block", "exercise", "level", "name", "sets", "reps", "seconds", "tempo",
           "rest_seconds", "per_side", "load"]


def to_csv(program: Program) -> str:
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                writer.writerow([week.number, week.phase, str(week.deload).lower(), session.day, item.block,
                                 item.exercise, item.level, item.name, item.sets,
                                 "" if item.reps is None else item.reps, "" if item.seconds is None else item.seconds,
                                 item.tempo or "", item.rest_seconds, str(item.per_side).lower(), item.load.value])
    return buffer.getvalue()
