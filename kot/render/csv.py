"""CSV for coaches and spreadsheets: one row per prescription, the diary, and the weekly trend.

Every text cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage
return), or turn into a date or a time (a tempo of 2-1-2, a range of 3-4, 1/2, 7:00), is written with a
leading apostrophe, so it shows as the text it is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import fields
from io import StringIO

from kot.model import Program
from kot.render import view
from kot.results import Logged, Progress, WeekTrend

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


# digits joined by - / . or : (2-1-2, 3-4, 1/2, 7:00, 1.5.2026), or a day and a month name (3 Mar): what a
# spreadsheet reads as a date or a time
_DATE_LIKE = re.compile(
    r"\d+(?:[-/.:]\d+)+|\d{1,2}[- ]?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[- ]?\d{1,4}",
    re.IGNORECASE,
)


def defuse(cell: object, dates: bool = False) -> object:
    """A text cell a spreadsheet would take for a formula (or, with `dates`, for a date or a time), made
    plain text; numbers pass as they are (a decimal such as 2.5 is a number, not a date). The diary's own
    dates stay dates."""
    if isinstance(cell, str) and (cell.startswith(_FORMULA) or (dates and _looks_like_a_date(cell))):
        return "'" + cell
    return cell


def _looks_like_a_date(text: str) -> bool:
    if not _DATE_LIKE.fullmatch(text.strip()):
        return False
    try:
        float(text)
    except ValueError:
        return True
    return False


def _write(header: Sequence[str], rows: Iterable[Sequence[object]], dates: bool = False) -> str:
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([defuse(cell, dates) for cell in row])
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
    return _write(COLUMNS, rows, dates=True)


def history_csv(logged: Sequence[Logged]) -> str:
    """Check-ins, one row each, with the client; exercise pains as id=pain pairs."""
    header = [
        "client",
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
            client or "",
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
        for c, client in ((e.checkin, e.client) for e in logged)
    ]
    return _write(header, rows)


def progress_csv(progress: Progress) -> str:
    """The weekly trend, one row per week: worst pains, planned and done volume, sessions done and missed."""
    columns = [f.name for f in fields(WeekTrend)]
    rows = [["" if (value := getattr(week, name)) is None else value for name in columns] for week in progress.weeks]
    return _write(columns, rows)
