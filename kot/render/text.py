"""Plain-text pieces every renderer shares, so a dose reads the same in a table, markdown and CSV."""

from __future__ import annotations

from kot.model import Item, Program


def duration(seconds: int) -> str:
    """90 -> '90 s', 300 -> '5 min', 150 -> '2.5 min'."""
    if seconds >= 120 and seconds % 30 == 0:
        minutes = seconds / 60
        return f"{minutes:g} min"
    return f"{seconds} s"


def dose(item: Item) -> str:
    """'2 x 15', '3 x 30 s', '1 x 5 min', with '/side' where each side does the set."""
    amount = str(item.reps) if item.reps is not None else duration(item.seconds or 0)
    return f"{item.sets} x {amount}" + ("/side" if item.per_side else "")


def rest(item: Item) -> str:
    return duration(item.rest_seconds) if item.rest_seconds else "-"


def level_label(item: Item) -> str:
    return f"{item.level_number}: {item.name}"


def header_line(program: Program) -> str:
    i = program.inputs
    return (f"{program.goal_name} - {i.weeks} week{'s' if i.weeks != 1 else ''}, {i.days} day{'s' if i.days != 1 else ''}"
            f" a week, up to {i.minutes} min a session, starting {i.level.value}")


def pain_line(program: Program) -> str:
    i = program.inputs
    assumed = " (assumed)" if program.pain_assumed else ""
    return f"Pain {i.pain}/10{assumed}: {program.pain_band.value} band"


def week_heading(number: int, phase: str, deload: bool) -> str:
    return f"Week {number} - {phase}" + (" - DELOAD (lighter week)" if deload else "")
