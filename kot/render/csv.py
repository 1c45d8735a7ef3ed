"""CSV of a program: one row per item, for spreadsheets."""

from __future__ import annotations

import csv
from io import StringIO

from kot.model import Program

COLUMNS = ["week", "phase", "deload", "day", "block", "exercise", "level", "name", "sets", "reps", "seconds", "tempo",
           "rest_seconds", "per_side", "load", "cues", "move_up_when"]


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
                                 item.tempo or "", item.rest_seconds, str(item.per_side).lower(), item.load.value,
                                 " | ".join(item.cues), item.move_up_when])
    return buffer.getvalue()


def history_csv(rows: list[dict]) -> str:
    """Exported check-ins, one row each; exercise pains as id=pain pairs."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["plan_id", "week", "day", "status", "during", "next_morning", "exercises", "symptoms", "note", "recorded_at"])
    for r in rows:
        writer.writerow([r["plan_id"], r["week"], r["day"], r["status"], r["during"],
                         "" if r["next_morning"] is None else r["next_morning"],
                         ";".join(f"{k}={v}" for k, v in r["exercises"].items()), ";".join(r["symptoms"]),
                         r["note"] or "", r["recorded_at"]])
    return buffer.getvalue()
